//! The statistics' SQL, in one place: the tickets of a range of business days, their
//! events, the 12123 guidance, the bookings, the ended days and the names of services and
//! counters. Everything else in `stats` is plain computation over these rows.

use crate::error::Result;
use sqlx::SqliteConnection;

/// A ticket of the range, as the figures need it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct TicketRow {
    pub id: i64,
    pub business_day: String,
    pub number: String,
    pub service_id: i64,
    pub status: String,
    pub issued_at: i64,
    pub first_called_at: Option<i64>,
    pub finished_at: Option<i64>,
}

/// One row of a ticket's history.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct EventRow {
    pub ticket_id: i64,
    pub kind: String,
    pub at: i64,
    pub counter_id: Option<i64>,
}

/// Tickets issued on the business days `from..=to` (the day a ticket was issued on, also
/// when it was served after midnight).
pub(crate) async fn tickets(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
) -> Result<Vec<TicketRow>> {
    Ok(sqlx::query_as(
        "SELECT id, business_day, number, service_id, status, issued_at, first_called_at,
                finished_at
         FROM tickets WHERE business_day BETWEEN ? AND ? ORDER BY id",
    )
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await?)
}

/// The events of the tickets issued on `from..=to`, in the order they happened.
pub(crate) async fn events(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
) -> Result<Vec<EventRow>> {
    let mut rows: Vec<(i64, EventRow)> = sqlx::query_as::<_, (i64, i64, String, i64, Option<i64>)>(
        "SELECT e.id, e.ticket_id, e.kind, e.at, e.counter_id
         FROM tickets t JOIN ticket_events e ON e.ticket_id = t.id
         WHERE t.business_day BETWEEN ? AND ?",
    )
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|(id, ticket_id, kind, at, counter_id)| {
        (
            id,
            EventRow {
                ticket_id,
                kind,
                at,
                counter_id,
            },
        )
    })
    .collect();
    // Sorting here is cheaper than asking SQLite to sort a year of events on disk.
    rows.sort_unstable_by_key(|(id, e)| (e.at, *id));
    Ok(rows.into_iter().map(|(_, e)| e).collect())
}

/// (day, guided, guided after a cutoff) per day of the range.
pub(crate) async fn guidance(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
) -> Result<Vec<(String, i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT business_day, COUNT(*), COALESCE(SUM(after_cutoff), 0) FROM guidance_log
         WHERE business_day BETWEEN ? AND ? GROUP BY business_day",
    )
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await?)
}

/// (status, count) of the bookings for dates in the range.
pub(crate) async fn bookings(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
) -> Result<Vec<(String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT status, COUNT(*) FROM bookings WHERE date BETWEEN ? AND ? GROUP BY status",
    )
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await?)
}

/// (day, frozen closing, ended at) of the days of the range that staff ended.
pub(crate) async fn ended_days(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
) -> Result<Vec<(String, Option<i64>, i64)>> {
    Ok(sqlx::query_as(
        "SELECT business_day, closing_at, ended_at FROM day_records
         WHERE business_day BETWEEN ? AND ?",
    )
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await?)
}

/// (id, prefix, name, name_en) of every service, in desk order.
pub(crate) async fn services(
    conn: &mut SqliteConnection,
) -> Result<Vec<(i64, String, String, String)>> {
    Ok(
        sqlx::query_as("SELECT id, prefix, name, name_en FROM services ORDER BY sort_order, id")
            .fetch_all(conn)
            .await?,
    )
}

/// (id, number, name) of every counter, by number.
pub(crate) async fn counters(conn: &mut SqliteConnection) -> Result<Vec<(i64, i64, String)>> {
    Ok(
        sqlx::query_as("SELECT id, number, name FROM counters ORDER BY number")
            .fetch_all(conn)
            .await?,
    )
}

const TARGET_KEY: &str = "stats.target_wait_minutes";

/// The stored target wait of the service level, if one was saved.
pub(crate) async fn target_wait(conn: &mut SqliteConnection) -> Result<Option<i64>> {
    let v: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = ?")
        .bind(TARGET_KEY)
        .fetch_optional(conn)
        .await?;
    Ok(v.and_then(|v| v.parse().ok()))
}

/// Saves the target wait of the service level.
pub(crate) async fn save_target_wait(conn: &mut SqliteConnection, minutes: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO settings(key, value) VALUES (?, ?)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )
    .bind(TARGET_KEY)
    .bind(minutes.to_string())
    .execute(conn)
    .await?;
    Ok(())
}
