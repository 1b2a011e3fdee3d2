-- The hall's day: the weekly plan, date exceptions, per-service cutoffs, people guided to
-- the 12123 app, and the record of each ended day. Times of day are minutes after local
-- midnight (a session may end at 1440 = 24:00); dates are local 'YYYY-MM-DD'. The scalar
-- schedule settings are rows of `settings` with keys 'schedule.*'.

CREATE TABLE plan_sessions (
    weekday   INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7), -- 1 = Monday
    start_min INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1439),
    end_min   INTEGER NOT NULL CHECK (end_min BETWEEN 1 AND 1440),
    CHECK (start_min < end_min),
    PRIMARY KEY (weekday, start_min)
);
-- Monday to Friday 09:00-12:00 and 13:30-17:30; no sessions at the weekend.
INSERT INTO plan_sessions(weekday, start_min, end_min) VALUES
    (1, 540, 720), (1, 810, 1050),
    (2, 540, 720), (2, 810, 1050),
    (3, 540, 720), (3, 810, 1050),
    (4, 540, 720), (4, 810, 1050),
    (5, 540, 720), (5, 810, 1050);

CREATE TABLE date_exceptions (
    id          INTEGER PRIMARY KEY,
    date        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('closed', 'special_hours', 'workday')),
    -- The weekday a make-up day follows; NULL: the schedule's default.
    follows     INTEGER CHECK (follows BETWEEN 1 AND 7),
    source      TEXT NOT NULL CHECK (source IN ('manual', 'imported')),
    -- The holiday file's year (its days may lie in the adjacent years).
    import_year INTEGER,
    name        TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT ''
);
-- At most one manual and one imported exception per date; the manual one wins.
CREATE UNIQUE INDEX date_exceptions_date ON date_exceptions(date, source);
CREATE INDEX date_exceptions_year ON date_exceptions(import_year) WHERE source = 'imported';

CREATE TABLE exception_sessions (
    exception_id INTEGER NOT NULL REFERENCES date_exceptions(id) ON DELETE CASCADE,
    start_min    INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1439),
    end_min      INTEGER NOT NULL CHECK (end_min BETWEEN 1 AND 1440),
    CHECK (start_min < end_min),
    PRIMARY KEY (exception_id, start_min)
);

CREATE TABLE service_cutoffs (
    service_id     INTEGER PRIMARY KEY REFERENCES services(id) ON DELETE CASCADE,
    minutes_before INTEGER NOT NULL CHECK (minutes_before BETWEEN 0 AND 240)
);

-- One row per person the desk guided to the 12123 app.
CREATE TABLE guidance_log (
    id           INTEGER PRIMARY KEY,
    business_day TEXT NOT NULL,
    at           INTEGER NOT NULL,
    after_cutoff INTEGER NOT NULL,
    station      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX guidance_log_day ON guidance_log(business_day);

-- A day ended by staff, with its closing time frozen (a later plan edit leaves it alone).
CREATE TABLE day_records (
    business_day TEXT PRIMARY KEY NOT NULL,
    closing_at   INTEGER,
    ended_at     INTEGER NOT NULL
);
