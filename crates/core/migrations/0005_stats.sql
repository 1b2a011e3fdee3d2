-- Statistics and 好差评. The figures themselves are computed from `tickets` and
-- `ticket_events`; this migration adds the ratings, their follow-ups, and the index that
-- lets a range of business days read its events without scanning the whole log.

-- One rating per finished ticket (the unique index is the rule, not a check in code).
-- level: 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意. `reasons` is a JSON array of
-- reason codes from the short list; a poor rating (level <= 2) must have a reason or a
-- comment. No personal data: the ticket number is all that links it to a person.
CREATE TABLE ratings (
    id           INTEGER PRIMARY KEY,
    ticket_id    INTEGER NOT NULL REFERENCES tickets(id),
    business_day TEXT NOT NULL,
    service_id   INTEGER NOT NULL REFERENCES services(id),
    counter_id   INTEGER REFERENCES counters(id),
    level        INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    reasons      TEXT NOT NULL DEFAULT '[]',
    comment      TEXT NOT NULL DEFAULT '',
    at           INTEGER NOT NULL,
    CHECK (level >= 3 OR reasons != '[]' OR comment != '')
);
CREATE UNIQUE INDEX ratings_ticket ON ratings(ticket_id);
CREATE INDEX ratings_day ON ratings(business_day);

-- What staff did about a poor rating: who, when, what.
CREATE TABLE rating_followups (
    id        INTEGER PRIMARY KEY,
    rating_id INTEGER NOT NULL REFERENCES ratings(id),
    staff     TEXT NOT NULL,
    action    TEXT NOT NULL,
    at        INTEGER NOT NULL
);
CREATE INDEX rating_followups_rating ON rating_followups(rating_id);

-- A range of days reads its tickets by day and their events by ticket: a covering index
-- keeps that read on the index alone (the statistics of a year touch ~1M events).
CREATE INDEX ticket_events_stats ON ticket_events(ticket_id, at, kind, counter_id);
CREATE INDEX tickets_stats ON tickets(business_day, id, number, service_id, status, issued_at,
    first_called_at, finished_at);
