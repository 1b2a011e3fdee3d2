-- How many tickets each day holds per service, priority and state, kept by triggers, so the
-- figures every ticket event carries (people waiting per service, today's issued and served)
-- are read from a few rows instead of counted over the queue: issuing reads them for every
-- number, and a count over thousands of waiting tickets made each number slower than the last.
-- Rows whose count falls to zero are removed, so the waiting rows are the open queue's days.
CREATE TABLE ticket_counts (
    status       TEXT NOT NULL,
    service_id   INTEGER NOT NULL,
    business_day TEXT NOT NULL,
    priority     INTEGER NOT NULL,
    n            INTEGER NOT NULL CHECK (n > 0),
    PRIMARY KEY (status, service_id, business_day, priority)
) WITHOUT ROWID;
CREATE INDEX ticket_counts_day ON ticket_counts(business_day);

INSERT INTO ticket_counts(status, service_id, business_day, priority, n)
    SELECT status, service_id, business_day, priority, COUNT(*) FROM tickets
    GROUP BY status, service_id, business_day, priority;

CREATE TRIGGER ticket_counts_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO ticket_counts(status, service_id, business_day, priority, n)
        VALUES (NEW.status, NEW.service_id, NEW.business_day, NEW.priority, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER ticket_counts_update AFTER UPDATE OF status, service_id, business_day, priority
ON tickets
WHEN OLD.status IS NOT NEW.status OR OLD.service_id IS NOT NEW.service_id
  OR OLD.business_day IS NOT NEW.business_day OR OLD.priority IS NOT NEW.priority
BEGIN
    DELETE FROM ticket_counts
        WHERE status = OLD.status AND service_id = OLD.service_id
          AND business_day = OLD.business_day AND priority = OLD.priority AND n = 1;
    UPDATE ticket_counts SET n = n - 1
        WHERE status = OLD.status AND service_id = OLD.service_id
          AND business_day = OLD.business_day AND priority = OLD.priority;
    INSERT INTO ticket_counts(status, service_id, business_day, priority, n)
        VALUES (NEW.status, NEW.service_id, NEW.business_day, NEW.priority, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER ticket_counts_delete AFTER DELETE ON tickets BEGIN
    DELETE FROM ticket_counts
        WHERE status = OLD.status AND service_id = OLD.service_id
          AND business_day = OLD.business_day AND priority = OLD.priority AND n = 1;
    UPDATE ticket_counts SET n = n - 1
        WHERE status = OLD.status AND service_id = OLD.service_id
          AND business_day = OLD.business_day AND priority = OLD.priority;
END;

-- The people ahead of a ticket are counted in the waiting index alone: it now holds the
-- business day, so neither that count nor the calling order reads the tickets themselves.
DROP INDEX tickets_waiting;
CREATE INDEX tickets_waiting ON tickets(service_id, business_day, priority, queue_at)
    WHERE status = 'waiting';
