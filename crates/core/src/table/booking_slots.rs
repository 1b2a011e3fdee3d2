//! The `booking_slots` table: the slots a session is cut into, each with its own start,
//! end and number of places; a slot's taken places are its active bookings.

use super::bookings;
use crate::error::{BookingError, Result};
use sqlx::SqliteConnection;

/// A slot with its session's state, for booking into it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct SlotRow {
    pub id: i64,
    pub session_id: i64,
    pub date: String,
    pub start_min: i64,
    pub starts_at: i64,
    pub capacity: i64,
    pub withdrawn: bool,
}

/// One slot by id (`UnknownSlot` when missing or its session was withdrawn).
pub(crate) async fn live_slot(conn: &mut SqliteConnection, id: i64) -> Result<SlotRow> {
    let slot: Option<SlotRow> = sqlx::query_as(
        "SELECT sl.id, sl.session_id, sl.date, sl.start_min, sl.starts_at, sl.capacity,
                se.withdrawn_at IS NOT NULL AS withdrawn
         FROM booking_slots sl JOIN booking_sessions se ON se.id = sl.session_id
         WHERE sl.id = ?",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    match slot {
        Some(s) if !s.withdrawn => Ok(s),
        _ => Err(BookingError::UnknownSlot(id).into()),
    }
}

/// A slot with the number of places taken.
#[derive(sqlx::FromRow)]
pub(crate) struct SlotCountRow {
    pub id: i64,
    pub session_id: i64,
    pub date: String,
    pub start_min: i64,
    pub end_min: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: i64,
    pub booked: i64,
}

fn count_select() -> String {
    format!(
        "SELECT sl.id, sl.session_id, sl.date, sl.start_min, sl.end_min,
        sl.starts_at, sl.ends_at, sl.capacity,
        (SELECT COUNT(*) FROM bookings b
          WHERE b.slot_id = sl.id AND {}) AS booked
    FROM booking_slots sl",
        bookings::status_in("b.status", &bookings::ACTIVE)
    )
}

/// The slots of a session, by start, with their taken places.
pub(crate) async fn of_session(
    conn: &mut SqliteConnection,
    session_id: i64,
) -> Result<Vec<SlotCountRow>> {
    Ok(sqlx::query_as(&format!(
        "{} WHERE sl.session_id = ? ORDER BY sl.start_min",
        count_select()
    ))
    .bind(session_id)
    .fetch_all(conn)
    .await?)
}

/// One slot with its taken places (`UnknownSlot` when missing).
pub(crate) async fn counted(conn: &mut SqliteConnection, slot_id: i64) -> Result<SlotCountRow> {
    Ok(
        sqlx::query_as(&format!("{} WHERE sl.id = ?", count_select()))
            .bind(slot_id)
            .fetch_optional(conn)
            .await?
            .ok_or(BookingError::UnknownSlot(slot_id))?,
    )
}

/// A slot of a new session.
pub(crate) struct NewSlot<'a> {
    pub session_id: i64,
    pub date: &'a str,
    pub start_min: i64,
    pub end_min: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: i64,
}

/// Adds a slot.
pub(crate) async fn insert(conn: &mut SqliteConnection, s: &NewSlot<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO booking_slots(session_id, date, start_min, end_min, starts_at, ends_at,
                                   capacity)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(s.session_id)
    .bind(s.date)
    .bind(s.start_min)
    .bind(s.end_min)
    .bind(s.starts_at)
    .bind(s.ends_at)
    .bind(s.capacity)
    .execute(conn)
    .await?;
    Ok(())
}
