-- Tickets on paper. The outcome of the latest print of each ticket: printed, or failed with
-- the printer's reason ({code, params} as JSON, naming the printer, never a person). No row:
-- the ticket was never sent to a printer (no printer at that station, or auto-print off).
-- A reprint replaces the row and counts the attempt.
CREATE TABLE ticket_prints (
    ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id),
    state     TEXT NOT NULL CHECK (state IN ('printed', 'failed')),
    error     TEXT CHECK ((state = 'failed') = (error IS NOT NULL)),
    -- The station whose printer was used: 'desk' or 'kiosk'.
    station   TEXT NOT NULL CHECK (station IN ('desk', 'kiosk')),
    at        INTEGER NOT NULL,
    attempts  INTEGER NOT NULL DEFAULT 1 CHECK (attempts > 0),
    -- The printer said its roll is nearly empty (network printers that answer DLE EOT 4).
    paper_low INTEGER NOT NULL DEFAULT 0
);
-- The desk lists the open days' 未打印 tickets: only failures are indexed.
CREATE INDEX ticket_prints_failed ON ticket_prints(ticket_id) WHERE state = 'failed';
