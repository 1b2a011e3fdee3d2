//! Reading bookings, slots and sessions out of the database into the API's types, on the
//! caller's connection or transaction.

use super::identity::{mask_id, mask_name, mask_phone};
use super::model::{BookingDetail, BookingSession, BookingSlot, BookingSummary};
use super::BookingStatus;
use crate::dates::hhmm;
use crate::error::BookingError;
use crate::error::Result;
use crate::model::TicketStatus;
use crate::table::bookings;
use chrono::{Datelike, NaiveDate};
use sqlx::SqliteConnection;

/// The columns of a booking with its slot, service and live ticket.
pub(crate) fn booking_select() -> String {
    let live = format!(
        "t.booking_id = b.id AND NOT {}",
        crate::table::tickets::is("t.status", TicketStatus::Voided)
    );
    format!(
        "SELECT b.id, b.code, b.status, b.date, b.slot_id,
        b.session_id, b.service_id, s.name AS service_name, s.name_en AS service_name_en,
        sl.start_min, sl.end_min, sl.starts_at, sl.ends_at,
        b.name, b.mobile, b.id_number, b.note, b.id_hash,
        b.created_at, b.checked_in_at, b.purged_at,
        (SELECT t.id FROM tickets t WHERE {live}) AS ticket_id,
        (SELECT t.number FROM tickets t WHERE {live}) AS ticket_number
    FROM bookings b
    JOIN booking_slots sl ON sl.id = b.slot_id
    JOIN services s ON s.id = b.service_id"
    )
}

/// A booking row. Deliberately without `Debug`: it holds personal fields in full.
#[derive(sqlx::FromRow)]
pub(crate) struct BookingRow {
    pub id: i64,
    pub code: String,
    pub status: BookingStatus,
    pub date: String,
    pub slot_id: i64,
    pub session_id: i64,
    pub service_id: i64,
    pub service_name: String,
    pub service_name_en: String,
    pub start_min: i64,
    pub end_min: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub name: Option<String>,
    pub mobile: Option<String>,
    pub id_number: Option<String>,
    pub note: Option<String>,
    pub id_hash: Option<String>,
    pub created_at: i64,
    pub checked_in_at: Option<i64>,
    pub purged_at: Option<i64>,
    pub ticket_id: Option<i64>,
    pub ticket_number: Option<String>,
}

impl BookingRow {
    /// The masked form for lists.
    pub fn summary(&self) -> BookingSummary {
        let masked =
            |v: &Option<String>, f: fn(&str) -> String| v.as_deref().map(f).unwrap_or_default();
        BookingSummary {
            id: self.id,
            code: self.code.clone(),
            status: self.status,
            date: self.date.clone(),
            start: hhmm(self.start_min),
            end: hhmm(self.end_min),
            slot_id: self.slot_id,
            session_id: self.session_id,
            service_id: self.service_id,
            service_name: self.service_name.clone(),
            service_name_en: self.service_name_en.clone(),
            masked_name: masked(&self.name, mask_name),
            masked_mobile: masked(&self.mobile, mask_phone),
            masked_id_number: masked(&self.id_number, mask_id),
            ticket_id: self.ticket_id,
            ticket_number: self.ticket_number.clone(),
            created_at: self.created_at,
            checked_in_at: self.checked_in_at,
            purged: self.purged_at.is_some(),
        }
    }

    /// The full form for the booking's own page.
    pub fn detail(self) -> BookingDetail {
        BookingDetail {
            summary: self.summary(),
            name: self.name,
            mobile: self.mobile,
            id_number: self.id_number,
            note: self.note,
        }
    }
}

/// One booking by id.
pub(crate) async fn booking(conn: &mut SqliteConnection, id: i64) -> Result<BookingRow> {
    sqlx::query_as::<_, BookingRow>(&format!("{} WHERE b.id = ?", booking_select()))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or_else(|| BookingError::UnknownBooking.into())
}

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

#[derive(sqlx::FromRow)]
struct SessionRow {
    id: i64,
    date: String,
    start_min: i64,
    end_min: i64,
    slot_minutes: i64,
    capacity: i64,
    note: String,
}

/// The sessions (not withdrawn) dated `from..=to`, by date and start, with their slots.
pub(crate) async fn sessions(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
) -> Result<Vec<BookingSession>> {
    let rows: Vec<SessionRow> = sqlx::query_as(
        "SELECT id, date, start_min, end_min, slot_minutes, capacity, note FROM booking_sessions
         WHERE date BETWEEN ? AND ? AND withdrawn_at IS NULL ORDER BY date, start_min, id",
    )
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(complete(conn, r).await?);
    }
    Ok(out)
}

/// One session by id (`UnknownSession` when missing or withdrawn).
pub(crate) async fn session(conn: &mut SqliteConnection, id: i64) -> Result<BookingSession> {
    let row: SessionRow = sqlx::query_as(
        "SELECT id, date, start_min, end_min, slot_minutes, capacity, note FROM booking_sessions
         WHERE id = ? AND withdrawn_at IS NULL",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(BookingError::UnknownSession(id))?;
    complete(conn, row).await
}

async fn complete(conn: &mut SqliteConnection, r: SessionRow) -> Result<BookingSession> {
    let counter_ids: Vec<i64> = sqlx::query_scalar(
        "SELECT bsc.counter_id FROM booking_session_counters bsc
         JOIN counters c ON c.id = bsc.counter_id WHERE bsc.session_id = ? ORDER BY c.number",
    )
    .bind(r.id)
    .fetch_all(&mut *conn)
    .await?;
    let service_ids: Vec<i64> = sqlx::query_scalar(
        "SELECT bss.service_id FROM booking_session_services bss
         JOIN services s ON s.id = bss.service_id WHERE bss.session_id = ?
         ORDER BY s.sort_order, s.id",
    )
    .bind(r.id)
    .fetch_all(&mut *conn)
    .await?;
    let slots = slots_of(conn, r.id).await?;
    let weekday = NaiveDate::parse_from_str(&r.date, "%Y-%m-%d")
        .map(|d| d.weekday().number_from_monday() as u8)
        .unwrap_or(0);
    let make_up_day = crate::table::date_exceptions::make_up_day(conn, &r.date).await?;
    Ok(BookingSession {
        id: r.id,
        weekday,
        start: hhmm(r.start_min),
        end: hhmm(r.end_min),
        slot_minutes: r.slot_minutes,
        capacity: r.capacity,
        counter_ids,
        service_ids,
        note: r.note,
        make_up_day,
        booked: slots.iter().map(|s| s.booked).sum(),
        free: slots.iter().map(|s| s.free).sum(),
        // Set by the listing, which knows the clock and the rules.
        window: super::WindowState::Open,
        slots,
        date: r.date,
    })
}

#[derive(sqlx::FromRow)]
struct SlotCountRow {
    id: i64,
    session_id: i64,
    date: String,
    start_min: i64,
    end_min: i64,
    starts_at: i64,
    ends_at: i64,
    capacity: i64,
    booked: i64,
}

impl From<SlotCountRow> for BookingSlot {
    fn from(r: SlotCountRow) -> Self {
        BookingSlot {
            id: r.id,
            session_id: r.session_id,
            date: r.date,
            start: hhmm(r.start_min),
            end: hhmm(r.end_min),
            starts_at: r.starts_at,
            ends_at: r.ends_at,
            capacity: r.capacity,
            booked: r.booked,
            free: (r.capacity - r.booked).max(0),
            // Set by the listing, which knows the clock and the rules.
            bookable: false,
        }
    }
}

fn slot_select() -> String {
    format!(
        "SELECT sl.id, sl.session_id, sl.date, sl.start_min, sl.end_min,
        sl.starts_at, sl.ends_at, sl.capacity,
        (SELECT COUNT(*) FROM bookings b
          WHERE b.slot_id = sl.id AND {}) AS booked
    FROM booking_slots sl",
        bookings::status_in("b.status", &bookings::ACTIVE)
    )
}

/// The slots of a session with their taken and free places.
pub(crate) async fn slots_of(
    conn: &mut SqliteConnection,
    session_id: i64,
) -> Result<Vec<BookingSlot>> {
    let rows: Vec<SlotCountRow> = sqlx::query_as(&format!(
        "{} WHERE sl.session_id = ? ORDER BY sl.start_min",
        slot_select()
    ))
    .bind(session_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(BookingSlot::from).collect())
}

/// One slot with its taken and free places.
pub(crate) async fn slot_view(conn: &mut SqliteConnection, slot_id: i64) -> Result<BookingSlot> {
    let row: SlotCountRow = sqlx::query_as(&format!("{} WHERE sl.id = ?", slot_select()))
        .bind(slot_id)
        .fetch_optional(conn)
        .await?
        .ok_or(BookingError::UnknownSlot(slot_id))?;
    Ok(row.into())
}
