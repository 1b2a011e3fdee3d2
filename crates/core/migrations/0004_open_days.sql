-- The open business days (see crates/core/src/open_days.rs): the hall's status asks every
-- second which earlier days still have someone waiting or being served. This index holds
-- only those few tickets, so the answer stays instant with a million past tickets.
CREATE INDEX tickets_holding ON tickets(business_day, status) WHERE status IN ('waiting', 'called');
