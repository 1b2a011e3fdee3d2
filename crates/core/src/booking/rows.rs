//! Bookings, slots and sessions as read by `table::{bookings, booking_slots,
//! booking_sessions}`, made into the API's types; a booking's personal fields are opened here with the
//! hall's key (`personal_key`), and masked for every view but the unmasked one.

use super::identity::{mask_id, mask_name, mask_phone};
use super::model::{BookingDetail, BookingSession, BookingSlot, BookingSummary};
use crate::dates::hhmm;
use crate::error::BookingError;
use crate::error::Result;
use crate::personal_key::PersonalKey;
use crate::table::booking_sessions::{self, SessionRow};
use crate::table::booking_slots::{self, SlotCountRow};
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

/// The sessions (not withdrawn) dated `from..=to`, by date and start, with their slots.
pub(crate) async fn sessions(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
) -> Result<Vec<BookingSession>> {
    let rows = booking_sessions::live(conn, from, to).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(complete(conn, r).await?);
    }
    Ok(out)
}

/// One session by id (`UnknownSession` when missing or withdrawn).
pub(crate) async fn session(conn: &mut SqliteConnection, id: i64) -> Result<BookingSession> {
    let row = booking_sessions::live_one(conn, id)
        .await?
        .ok_or(BookingError::UnknownSession(id))?;
    complete(conn, row).await
}

async fn complete(conn: &mut SqliteConnection, r: SessionRow) -> Result<BookingSession> {
    let counter_ids = booking_sessions::counter_ids(conn, r.id).await?;
    let service_ids = booking_sessions::service_ids(conn, r.id).await?;
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

/// The slots of a session with their taken and free places.
pub(crate) async fn slots_of(
    conn: &mut SqliteConnection,
    session_id: i64,
) -> Result<Vec<BookingSlot>> {
    let rows = booking_slots::of_session(conn, session_id).await?;
    Ok(rows.into_iter().map(BookingSlot::from).collect())
}

/// One slot with its taken and free places.
pub(crate) async fn slot_view(conn: &mut SqliteConnection, slot_id: i64) -> Result<BookingSlot> {
    Ok(booking_slots::counted(conn, slot_id).await?.into())
}
