-- Staff access: the administrator PIN (only its Argon2 hash) and the audit list.

-- One row at most: the hall's administrator PIN. `failed` counts wrong tries since the last
-- right one; after five, `locked_until` (ms since the epoch) refuses every try until then.
CREATE TABLE staff_pin (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    hash         TEXT NOT NULL,
    failed       INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER NOT NULL DEFAULT 0,
    changed_at   INTEGER NOT NULL
);

-- Who did what, when, to which booking: every unmasked view of a booking, ban lift, purge,
-- settings change, void and end of day. `actor` is the screen or device (never a person's
-- data); `detail` names what changed (a settings area, a ticket number, a day), never an ID
-- number, mobile or name.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    booking_id INTEGER,
    detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log(at);
