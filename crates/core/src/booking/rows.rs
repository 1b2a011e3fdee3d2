//! Reading bookings, slots and sessions out of the database into the API's types, on the
//! caller's connection or transaction; a booking's personal fields are opened here with the
//! hall's key (`personal_key`), and masked for every view but the unmasked one.

use super::identity::{mask_id, mask_name, mask_phone};
use super::model::{BookingDetail, BookingSession, BookingSlot, BookingSummary};
use crate::dates::hhmm;
use crate::error::BookingError;
use crate::error::Result;
use crate::personal_key::PersonalKey;
use crate::table::bookings;
pub(crate) use crate::table::bookings::BookingRow;
use chrono::{Datelike, NaiveDate};
use sqlx::SqliteConnection;

/// A booking's personal fields, opened with the hall's key (`None` once purged).
/// Deliberately without `Debug`.
pub(crate) struct Personal {
    pub name: Option<String>,
    pub mobile: Option<String>,
    pub id_number: Option<String>,
    pub note: Option<String>,
}

impl BookingRow {
    /// Opens the sealed personal fields.
    pub fn personal(&self, key: &PersonalKey) -> Result<Personal> {
        let open = |v: &Option<Vec<u8>>| v.as_deref().map(|b| key.open(b)).transpose();
        Ok(Personal {
            name: open(&self.name)?,
            mobile: open(&self.mobile)?,
            id_number: open(&self.id_number)?,
            note: open(&self.note)?,
        })
    }

    /// The masked form for lists.
    pub fn summary(&self, key: &PersonalKey) -> Result<BookingSummary> {
        Ok(self.summary_of(&self.personal(key)?))
    }

    fn summary_of(&self, p: &Personal) -> BookingSummary {
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
            masked_name: masked(&p.name, mask_name),
            masked_mobile: masked(&p.mobile, mask_phone),
            masked_id_number: masked(&p.id_number, mask_id),
            ticket_id: self.ticket_id,
            ticket_number: self.ticket_number.clone(),
            created_at: self.created_at,
            checked_in_at: self.checked_in_at,
            purged: self.purged_at.is_some(),
        }
    }

    /// The full form for the booking's own page.
    pub fn detail(&self, key: &PersonalKey) -> Result<BookingDetail> {
        let p = self.personal(key)?;
        Ok(BookingDetail {
            summary: self.summary_of(&p),
            name: p.name,
            mobile: p.mobile,
            id_number: p.id_number,
            note: p.note,
            unmasked: true,
        })
    }

    /// The booking's page without a staff session: the masked forms, and no note (staff
    /// write what they like there).
    pub fn masked_detail(&self, key: &PersonalKey) -> Result<BookingDetail> {
        let p = self.personal(key)?;
        let summary = self.summary_of(&p);
        Ok(BookingDetail {
            name: p.name.is_some().then(|| summary.masked_name.clone()),
            mobile: p.mobile.is_some().then(|| summary.masked_mobile.clone()),
            id_number: p
                .id_number
                .is_some()
                .then(|| summary.masked_id_number.clone()),
            note: None,
            unmasked: false,
            summary,
        })
    }
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
