//! The `booking_events` table: each booking's history (booked, moved, cancelled, checked in
//! …), never personal data in `detail`.

use crate::error::Result;
use crate::events::BookingChange;
use sqlx::SqliteConnection;

/// Appends one row to booking `booking_id`'s history.
pub(crate) async fn insert(
    conn: &mut SqliteConnection,
    booking_id: i64,
    change: BookingChange,
    at: i64,
    detail: Option<&serde_json::Value>,
) -> Result<()> {
    sqlx::query("INSERT INTO booking_events(booking_id, kind, at, detail) VALUES (?, ?, ?, ?)")
        .bind(booking_id)
        .bind(change.as_str())
        .bind(at)
        .bind(detail.map(|d| d.to_string()))
        .execute(conn)
        .await?;
    Ok(())
}
