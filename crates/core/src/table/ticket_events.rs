//! The `ticket_events` table: every change of a ticket, the log statistics are read from.

use crate::error::Result;
use crate::events::TicketChange;
use sqlx::SqliteConnection;

/// Appends one row to the ticket's history and returns its id.
pub(crate) async fn insert(
    conn: &mut SqliteConnection,
    ticket_id: i64,
    change: TicketChange,
    at: i64,
    counter_id: Option<i64>,
    detail: Option<serde_json::Value>,
) -> Result<i64> {
    Ok(sqlx::query(
        "INSERT INTO ticket_events(ticket_id, kind, at, counter_id, detail) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(ticket_id)
    .bind(change.as_str())
    .bind(at)
    .bind(counter_id)
    .bind(detail.map(|d| d.to_string()))
    .execute(conn)
    .await?
    .last_insert_rowid())
}

/// The id of the newest row (0 when there is none).
pub(crate) async fn last_id(conn: &mut SqliteConnection) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM ticket_events")
            .fetch_one(conn)
            .await?,
    )
}
