//! The `ticket_events` table: every change of a ticket, the log statistics are read from.

use crate::error::Result;
use crate::events::TicketChange;
use crate::raw::Raw;
use sqlx::SqliteConnection;

/// Appends one row to the ticket's history and returns its id.
/// (On the hot path: runs in this thread, see `raw`.)
pub(crate) fn insert(
    c: &Raw,
    ticket_id: i64,
    change: TicketChange,
    at: i64,
    counter_id: Option<i64>,
    detail: Option<serde_json::Value>,
) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO ticket_events(ticket_id, kind, at, counter_id, detail) VALUES (?, ?, ?, ?, ?)",
    )?
    .execute((
        ticket_id,
        change.as_str(),
        at,
        counter_id,
        detail.map(|d| d.to_string()),
    ))?;
    Ok(c.last_insert_rowid())
}

/// The id of the newest row (0 when there is none).
pub(crate) async fn last_id(conn: &mut SqliteConnection) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM ticket_events")
            .fetch_one(conn)
            .await?,
    )
}

/// One row of a ticket's history, as the statistics read it.
#[derive(Debug, Clone)]
pub(crate) struct EventRow {
    pub id: i64,
    pub ticket_id: i64,
    pub kind: TicketChange,
    pub at: i64,
    pub counter_id: Option<i64>,
}

/// The events of the tickets issued on the business days `from..=to`, in the order they
/// happened. Recalls change no figure and are left out. The kind travels as its position
/// in [`TicketChange::ALL`] (a year is millions of rows); a kind this version does not
/// know is left out too.
pub(crate) async fn of_tickets_issued_between(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
) -> Result<Vec<EventRow>> {
    let rows: Vec<(i64, i64, i64, i64, Option<i64>)> = sqlx::query_as(&format!(
        "SELECT e.id, e.ticket_id, {}, e.at, e.counter_id
         FROM tickets t JOIN ticket_events e ON e.ticket_id = t.id
         WHERE t.business_day BETWEEN ? AND ? AND {}",
        super::position_of("e.kind", &TicketChange::ALL),
        super::is_not("e.kind", TicketChange::Recalled)
    ))
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await?;
    let mut rows: Vec<EventRow> = rows
        .into_iter()
        .filter_map(|(id, ticket_id, kind, at, counter_id)| {
            Some(EventRow {
                id,
                ticket_id,
                kind: *TicketChange::ALL.get(usize::try_from(kind).ok()?)?,
                at,
                counter_id,
            })
        })
        .collect();
    // Sorting here is cheaper than asking SQLite to sort a year of events on disk.
    rows.sort_unstable_by_key(|e| (e.at, e.id));
    Ok(rows)
}
