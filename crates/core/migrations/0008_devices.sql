-- Devices on the hall's network (issue 10): the PCs at the windows, the wall TV, a second
-- desk, kiosks and rating pads that join the host from a browser.
--
-- A device pairs once with a one-time code and then holds a long-lived random token (a
-- cookie). Neither the code nor the token is stored: only their SHA-256, so a copy of this
-- file does not let anyone act as a device.

CREATE TABLE devices (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL
                 CHECK (role IN ('desk', 'counter', 'display', 'kiosk', 'rating_pad')),
    -- The window a counter or rating pad belongs to; none for the other roles.
    counter_id   INTEGER REFERENCES counters(id),
    token_hash   BLOB NOT NULL,
    paired_at    INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    -- The network address it was last seen from (an address in the hall's LAN).
    last_address TEXT NOT NULL,
    revoked_at   INTEGER,
    CHECK ((role IN ('counter', 'rating_pad')) = (counter_id IS NOT NULL))
);
CREATE UNIQUE INDEX devices_token ON devices(token_hash);

-- One-time codes staff create at the host, each for one role: valid for a few minutes,
-- used once. `code_hash` is the SHA-256 of the six digits.
CREATE TABLE pairing_codes (
    id         INTEGER PRIMARY KEY,
    code_hash  BLOB NOT NULL,
    role       TEXT NOT NULL
               CHECK (role IN ('desk', 'counter', 'display', 'kiosk', 'rating_pad')),
    counter_id INTEGER REFERENCES counters(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER,
    device_id  INTEGER REFERENCES devices(id)
);
-- At most one unused code with the same digits exists at a time (creation retries), so a
-- typed code names one role.
CREATE UNIQUE INDEX pairing_codes_unused ON pairing_codes(code_hash) WHERE used_at IS NULL;

-- Wrong codes typed, per address, for the rate limit; old rows are dropped as new ones come.
CREATE TABLE pairing_failures (
    id      INTEGER PRIMARY KEY,
    address TEXT NOT NULL,
    at      INTEGER NOT NULL
);
CREATE INDEX pairing_failures_address ON pairing_failures(address, at);
CREATE INDEX pairing_failures_at ON pairing_failures(at);

-- The first result of each state-changing request a device sent with an idempotency key:
-- a retry with the same key gets this result back and changes nothing. Kept for a day.
CREATE TABLE request_results (
    device_id  INTEGER NOT NULL REFERENCES devices(id),
    key        TEXT NOT NULL,
    op         TEXT NOT NULL,
    result     TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (device_id, key)
) WITHOUT ROWID;
CREATE INDEX request_results_at ON request_results(created_at);
