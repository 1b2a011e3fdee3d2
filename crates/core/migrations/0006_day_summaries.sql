-- Daily summaries of the statistics (crates/core/src/stats/summary.rs): what one business
-- day adds to the figures of any range (counts per service and counter, every wait and
-- service time, per-hour arrivals and longest queue, finishes, corrections), stored once the
-- day is over and nobody of it waits or is being served, so a year's figures read ~365 rows
-- instead of ~1.2 million tickets and events.
--
-- A summary is a cache of the events, never a source: the triggers below delete a day's
-- summary in the same transaction as any change to one of its tickets, their events or its
-- day record, and the next request for statistics makes it again from the events. So a
-- summary can never disagree with the events (a core test recomputes them). Deleting rows
-- of this table is always safe.
CREATE TABLE day_summaries (
    business_day       TEXT PRIMARY KEY NOT NULL,
    -- The hall's offset from UTC the hours were counted in; a summary made under another
    -- offset is not used (and is made again).
    utc_offset_minutes INTEGER NOT NULL,
    made_at            INTEGER NOT NULL,
    -- The day's part as JSON (`DayPart` in stats/day.rs).
    figures            TEXT NOT NULL
);

CREATE TRIGGER day_summaries_event_insert AFTER INSERT ON ticket_events BEGIN
    DELETE FROM day_summaries
    WHERE business_day = (SELECT business_day FROM tickets WHERE id = NEW.ticket_id);
END;
CREATE TRIGGER day_summaries_event_update AFTER UPDATE ON ticket_events BEGIN
    DELETE FROM day_summaries
    WHERE business_day IN (SELECT business_day FROM tickets
                           WHERE id IN (OLD.ticket_id, NEW.ticket_id));
END;
CREATE TRIGGER day_summaries_event_delete AFTER DELETE ON ticket_events BEGIN
    DELETE FROM day_summaries
    WHERE business_day = (SELECT business_day FROM tickets WHERE id = OLD.ticket_id);
END;

CREATE TRIGGER day_summaries_ticket_insert AFTER INSERT ON tickets BEGIN
    DELETE FROM day_summaries WHERE business_day = NEW.business_day;
END;
CREATE TRIGGER day_summaries_ticket_update AFTER UPDATE ON tickets BEGIN
    DELETE FROM day_summaries WHERE business_day IN (OLD.business_day, NEW.business_day);
END;
CREATE TRIGGER day_summaries_ticket_delete AFTER DELETE ON tickets BEGIN
    DELETE FROM day_summaries WHERE business_day = OLD.business_day;
END;

-- Ending a day (again) freezes its closing and starts its corrections.
CREATE TRIGGER day_summaries_record_insert AFTER INSERT ON day_records BEGIN
    DELETE FROM day_summaries WHERE business_day = NEW.business_day;
END;
CREATE TRIGGER day_summaries_record_update AFTER UPDATE ON day_records BEGIN
    DELETE FROM day_summaries WHERE business_day IN (OLD.business_day, NEW.business_day);
END;
CREATE TRIGGER day_summaries_record_delete AFTER DELETE ON day_records BEGIN
    DELETE FROM day_summaries WHERE business_day = OLD.business_day;
END;
