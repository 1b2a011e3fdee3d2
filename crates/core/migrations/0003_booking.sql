-- Weekend appointments (预约办): booking sessions, their slots, the bookings in them, and
-- the link from an appointment ticket to its booking.
-- Dates are TEXT 'YYYY-MM-DD' in the hall's time zone; minutes are minutes after local
-- midnight; instants are INTEGER milliseconds since the Unix epoch (UTC).

CREATE TABLE booking_sessions (
    id            INTEGER PRIMARY KEY,
    date          TEXT NOT NULL,
    start_min     INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1439),
    end_min       INTEGER NOT NULL CHECK (end_min BETWEEN 1 AND 1440 AND end_min > start_min),
    slot_minutes  INTEGER NOT NULL CHECK (slot_minutes > 0),
    capacity      INTEGER NOT NULL CHECK (capacity > 0),
    note          TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    -- A session withdrawn after people had booked (and cancelled) stays for the history.
    withdrawn_at  INTEGER
);
CREATE INDEX booking_sessions_date ON booking_sessions(date);

-- The dedicated counter(s) of a session (专窗).
CREATE TABLE booking_session_counters (
    session_id INTEGER NOT NULL REFERENCES booking_sessions(id) ON DELETE CASCADE,
    counter_id INTEGER NOT NULL REFERENCES counters(id),
    PRIMARY KEY (session_id, counter_id)
);

-- The matters (services) that may be booked in a session (专项).
CREATE TABLE booking_session_services (
    session_id INTEGER NOT NULL REFERENCES booking_sessions(id) ON DELETE CASCADE,
    service_id INTEGER NOT NULL REFERENCES services(id),
    PRIMARY KEY (session_id, service_id)
);

CREATE TABLE booking_slots (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES booking_sessions(id) ON DELETE CASCADE,
    date        TEXT NOT NULL,
    start_min   INTEGER NOT NULL,
    end_min     INTEGER NOT NULL CHECK (end_min > start_min),
    starts_at   INTEGER NOT NULL,
    ends_at     INTEGER NOT NULL CHECK (ends_at > starts_at),
    capacity    INTEGER NOT NULL CHECK (capacity > 0),
    UNIQUE (session_id, start_min)
);
CREATE INDEX booking_slots_date ON booking_slots(date);

CREATE TABLE bookings (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL CHECK (length(code) = 6),
    slot_id       INTEGER NOT NULL REFERENCES booking_slots(id),
    session_id    INTEGER NOT NULL REFERENCES booking_sessions(id),
    date          TEXT NOT NULL,
    -- The place taken in the slot: 1..=capacity, unique among active bookings.
    seat          INTEGER NOT NULL CHECK (seat >= 1),
    service_id    INTEGER NOT NULL REFERENCES services(id),
    status        TEXT NOT NULL CHECK (status IN ('booked', 'checked_in', 'cancelled', 'no_show')),
    -- Personal fields: NULL once purged.
    name          TEXT,
    mobile        TEXT,
    id_number     TEXT,
    note          TEXT,
    -- Salted SHA-256 of the ID number: the per-person rules and lookups use it.
    id_hash       TEXT,
    created_at    INTEGER NOT NULL,
    changed_at    INTEGER NOT NULL,
    checked_in_at INTEGER,
    cancelled_at  INTEGER,
    no_show_at    INTEGER,
    purged_at     INTEGER,
    CHECK (purged_at IS NOT NULL
           OR (name IS NOT NULL AND mobile IS NOT NULL AND id_number IS NOT NULL AND id_hash IS NOT NULL))
);
CREATE UNIQUE INDEX bookings_code ON bookings(code);
-- Capacity is the database's job: one active booking per seat, and the seat within the
-- slot's capacity (triggers below), so a full slot cannot be overbooked by any writer.
CREATE UNIQUE INDEX bookings_seat ON bookings(slot_id, seat) WHERE status IN ('booked', 'checked_in');
-- One active booking per person per day.
CREATE UNIQUE INDEX bookings_person_day ON bookings(id_hash, date) WHERE status IN ('booked', 'checked_in');
CREATE INDEX bookings_person ON bookings(id_hash) WHERE id_hash IS NOT NULL;
CREATE INDEX bookings_mobile ON bookings(mobile) WHERE mobile IS NOT NULL;
CREATE INDEX bookings_date ON bookings(date, status);
CREATE INDEX bookings_due ON bookings(status, slot_id) WHERE status = 'booked';

CREATE TRIGGER bookings_seat_insert BEFORE INSERT ON bookings
WHEN NEW.seat > (SELECT capacity FROM booking_slots WHERE id = NEW.slot_id)
  OR NEW.session_id IS NOT (SELECT session_id FROM booking_slots WHERE id = NEW.slot_id)
  OR NEW.date IS NOT (SELECT date FROM booking_slots WHERE id = NEW.slot_id)
BEGIN
    SELECT RAISE(ABORT, 'booking seat outside its slot');
END;

CREATE TRIGGER bookings_seat_update BEFORE UPDATE OF slot_id, seat, session_id, date ON bookings
WHEN NEW.seat > (SELECT capacity FROM booking_slots WHERE id = NEW.slot_id)
  OR NEW.session_id IS NOT (SELECT session_id FROM booking_slots WHERE id = NEW.slot_id)
  OR NEW.date IS NOT (SELECT date FROM booking_slots WHERE id = NEW.slot_id)
BEGIN
    SELECT RAISE(ABORT, 'booking seat outside its slot');
END;

-- A slot's capacity never drops below a seat that is taken.
CREATE TRIGGER booking_slots_capacity BEFORE UPDATE OF capacity ON booking_slots
WHEN NEW.capacity < (SELECT COALESCE(MAX(seat), 0) FROM bookings
                     WHERE slot_id = NEW.id AND status IN ('booked', 'checked_in'))
BEGIN
    SELECT RAISE(ABORT, 'slot capacity below a taken seat');
END;

-- The history of each booking (booked, rescheduled, cancelled, checked_in, no_show,
-- purged); `detail` never holds personal data.
CREATE TABLE booking_events (
    id         INTEGER PRIMARY KEY,
    booking_id INTEGER NOT NULL REFERENCES bookings(id),
    kind       TEXT NOT NULL,
    at         INTEGER NOT NULL,
    detail     TEXT
);
CREATE INDEX booking_events_booking ON booking_events(booking_id);

-- Staff lifted a person's no-show ban: no-shows before `lifted_at` no longer count.
CREATE TABLE booking_ban_lifts (
    id        INTEGER PRIMARY KEY,
    id_hash   TEXT NOT NULL,
    lifted_at INTEGER NOT NULL
);
CREATE INDEX booking_ban_lifts_person ON booking_ban_lifts(id_hash);

-- An appointment ticket (Y001…) points at its booking; a booking has at most one live ticket.
ALTER TABLE tickets ADD COLUMN booking_id INTEGER REFERENCES bookings(id);
CREATE UNIQUE INDEX tickets_booking ON tickets(booking_id)
    WHERE booking_id IS NOT NULL AND status != 'voided';

-- The per-hall salt of the ID-number hash, drawn from SQLite's random source.
INSERT INTO settings(key, value) VALUES ('booking_id_salt', lower(hex(randomblob(16))))
    ON CONFLICT(key) DO NOTHING;
