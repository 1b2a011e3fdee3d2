-- The hall core: services, counters and the tickets they serve.
-- Times are INTEGER milliseconds since the Unix epoch (UTC); the business day is the
-- date in the hall's time zone, computed by the core, stored as TEXT 'YYYY-MM-DD'.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

CREATE TABLE services (
    id                 INTEGER PRIMARY KEY,
    name               TEXT NOT NULL,
    name_en            TEXT NOT NULL DEFAULT '',
    prefix             TEXT NOT NULL,
    sort_order         INTEGER NOT NULL DEFAULT 0,
    minutes_per_person INTEGER NOT NULL DEFAULT 10,
    enabled            INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX services_prefix ON services(prefix);

CREATE TABLE counters (
    id               INTEGER PRIMARY KEY,
    number           INTEGER NOT NULL,
    name             TEXT NOT NULL,
    state            TEXT NOT NULL DEFAULT 'closed' CHECK (state IN ('open', 'paused', 'closed')),
    pause_reason     TEXT,
    appointment      INTEGER NOT NULL DEFAULT 0,
    -- Priority calls in a row at this counter, for the anti-starvation rule.
    priority_streak  INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX counters_number ON counters(number);

CREATE TABLE counter_services (
    counter_id INTEGER NOT NULL REFERENCES counters(id) ON DELETE CASCADE,
    service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
    PRIMARY KEY (counter_id, service_id)
);

CREATE TABLE tickets (
    id             INTEGER PRIMARY KEY,
    business_day   TEXT NOT NULL,
    prefix         TEXT NOT NULL,
    seq            INTEGER NOT NULL CHECK (seq > 0),
    number         TEXT NOT NULL,
    service_id     INTEGER NOT NULL REFERENCES services(id),
    priority       INTEGER NOT NULL DEFAULT 0,
    status         TEXT NOT NULL CHECK (status IN ('waiting', 'called', 'no_show', 'done', 'voided')),
    issued_at      INTEGER NOT NULL,
    -- Place in the queue: the original issue time, moved only when a no-show is put back.
    queue_at       INTEGER NOT NULL,
    -- A transfer to a given counter: only that counter may call the ticket.
    target_counter_id INTEGER REFERENCES counters(id),
    counter_id     INTEGER REFERENCES counters(id),
    call_count     INTEGER NOT NULL DEFAULT 0,
    first_called_at INTEGER,
    called_at      INTEGER,
    finished_at    INTEGER,
    issued_by      TEXT NOT NULL DEFAULT '',
    request_id     TEXT
);
-- A number is never issued twice in one business day.
CREATE UNIQUE INDEX tickets_number ON tickets(business_day, prefix, seq);
-- A counter holds at most one ticket at a time; a ticket has one counter column, so it
-- can never be held by two.
CREATE UNIQUE INDEX tickets_one_per_counter ON tickets(counter_id) WHERE status = 'called';
-- A retried request (same id) never issues a second ticket.
CREATE UNIQUE INDEX tickets_request ON tickets(request_id) WHERE request_id IS NOT NULL;
-- The live queue is small even when history is large: index only waiting tickets.
CREATE INDEX tickets_waiting ON tickets(service_id, priority, queue_at) WHERE status = 'waiting';
CREATE INDEX tickets_day ON tickets(business_day, status);

CREATE TABLE ticket_events (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id),
    kind       TEXT NOT NULL,
    at         INTEGER NOT NULL,
    counter_id INTEGER REFERENCES counters(id),
    detail     TEXT
);
CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id);
CREATE INDEX ticket_events_at ON ticket_events(at);
