//! Booking a place, cancelling it and moving it (reschedule), with the booking window,
//! the per-person limits and the no-show policy. Every write is one IMMEDIATE
//! transaction; the unique indexes on (slot, seat) and (person, date) are the last word.

use super::identity::{self, CODE_ALPHABET};
use super::model::{BanStatus, BookingInput, BookingSummary, WindowState};
use super::rows;
use super::settings::{self, window_state, BookingSettings};
use super::{noshow, record_event, BookingStatus};
use crate::dates::{key, local_label};
use crate::error::BookingError;
use crate::error::{Error, Result};
use crate::events::{BookingChange, HallEvent};
use crate::hall::Hall;
use crate::model::StaffToken;
use crate::personal_key::Lookup;
use crate::staff::audit::AuditAction;
use crate::table::booking_sessions;
use crate::table::booking_slots::{self, SlotRow};
use crate::table::bookings::{self, NewBooking};
use chrono::{Datelike, Duration, NaiveDate};
use serde_json::json;
use sqlx::SqliteConnection;

/// A fresh, unused confirmation code, from the operating system's random generator.
async fn new_code(conn: &mut SqliteConnection) -> Result<String> {
    for _ in 0..64 {
        // 256 is a multiple of 32: every symbol is equally likely.
        let code: String = crate::random::bytes::<6>()?
            .iter()
            .map(|b| CODE_ALPHABET[usize::from(b % 32)] as char)
            .collect();
        if !bookings::code_taken(conn, &code).await? {
            return Ok(code);
        }
    }
    Err(Error::Invalid { field: "code" })
}

fn date_of(slot: &SlotRow) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(&slot.date, "%Y-%m-%d").map_err(|_| Error::Invalid { field: "date" })
}

/// The slot must not have started and its date must be in the booking window.
fn check_window(slot: &SlotRow, now: i64, today: NaiveDate, s: &BookingSettings) -> Result<()> {
    let date = date_of(slot)?;
    if date < today || slot.starts_at <= now {
        return Err(BookingError::DateInPast {
            date: slot.date.clone(),
        }
        .into());
    }
    if window_state(date, today, s) != WindowState::Open {
        return Err(BookingError::OutsideBookingWindow {
            first: key(today + Duration::days(s.min_days_ahead)),
            last: key(today + Duration::days(s.max_days_ahead)),
        }
        .into());
    }
    Ok(())
}

/// The matter must be offered by the session and switched on.
async fn check_matter(conn: &mut SqliteConnection, session_id: i64, service_id: i64) -> Result<()> {
    let service = crate::table::services::find(&mut *conn, service_id)
        .await?
        .ok_or(Error::UnknownService(service_id))?;
    if !booking_sessions::offers(conn, session_id, service_id).await? {
        return Err(BookingError::MatterNotBookable { service_id }.into());
    }
    if !service.enabled {
        return Err(Error::ServiceDisabled {
            prefix: service.prefix,
        });
    }
    Ok(())
}

/// One active booking a day; `week_limit` a calendar week and `month_limit` a calendar
/// month, counting every booking not cancelled (a missed one was a place taken), but not
/// `except`, the booking being moved.
async fn check_person_limits(
    conn: &mut SqliteConnection,
    id_hash: &str,
    date: NaiveDate,
    except: Option<i64>,
    s: &BookingSettings,
) -> Result<()> {
    let except = except.unwrap_or(0);
    const ACTIVE: &[BookingStatus] = &bookings::ACTIVE;
    const TAKEN: &[BookingStatus] = &[
        BookingStatus::Booked,
        BookingStatus::CheckedIn,
        BookingStatus::NoShow,
    ];
    let day = key(date);
    if bookings::count_of_person(conn, id_hash, except, ACTIVE, &day, &day).await? > 0 {
        return Err(BookingError::AlreadyBookedThatDay { date: key(date) }.into());
    }
    let monday = date - Duration::days(date.weekday().num_days_from_monday().into());
    let (monday, sunday) = (key(monday), key(monday + Duration::days(6)));
    let week = bookings::count_of_person(conn, id_hash, except, TAKEN, &monday, &sunday);
    if week.await? >= s.week_limit {
        return Err(BookingError::WeeklyLimit {
            limit: s.week_limit,
        }
        .into());
    }
    let first = date.with_day(1).unwrap_or(date);
    let last = (first + Duration::days(31)).with_day(1).unwrap_or(date) - Duration::days(1);
    let (first, last) = (key(first), key(last));
    let month = bookings::count_of_person(conn, id_hash, except, TAKEN, &first, &last);
    if month.await? >= s.month_limit {
        return Err(BookingError::MonthlyLimit {
            limit: s.month_limit,
        }
        .into());
    }
    Ok(())
}

/// The no-shows that count against a person and, if they add up, the first date the
/// person may book again.
async fn ban(
    conn: &mut SqliteConnection,
    id_hash: &str,
    today: NaiveDate,
    s: &BookingSettings,
) -> Result<(i64, Option<NaiveDate>)> {
    let reach = today - Duration::days(s.no_show_window_days + s.ban_days);
    let dates = bookings::no_show_dates(conn, id_hash, &key(reach)).await?;
    let dates: Vec<NaiveDate> = dates
        .iter()
        .filter_map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .collect();
    let k = s.no_show_limit.max(1) as usize;
    let mut until: Option<NaiveDate> = None;
    for i in k - 1..dates.len() {
        // `k` no-shows within the window: banned from the last of them for `ban_days`.
        if (dates[i] - dates[i + 1 - k]).num_days() < s.no_show_window_days {
            let end = dates[i] + Duration::days(s.ban_days);
            until = until.max(Some(end));
        }
    }
    Ok((dates.len() as i64, until.filter(|u| *u > today)))
}

/// The lowest free seat of a slot, or `SlotFull`.
async fn free_seat(conn: &mut SqliteConnection, slot: &SlotRow) -> Result<i64> {
    let taken = bookings::taken_seats(conn, slot.id).await?;
    let mut seat = 1;
    for t in taken {
        if t == seat {
            seat += 1;
        } else if t > seat {
            break;
        }
    }
    if seat > slot.capacity {
        return Err(full(slot));
    }
    Ok(seat)
}

fn full(slot: &SlotRow) -> Error {
    BookingError::SlotFull {
        date: slot.date.clone(),
        start: crate::dates::hhmm(slot.start_min),
    }
    .into()
}

/// Turns a refusal by the database's own rules into the error the UI understands.
fn constraint(e: sqlx::Error, slot: &SlotRow) -> Error {
    if let sqlx::Error::Database(db) = &e {
        let msg = db.message();
        if msg.contains("bookings.slot_id, bookings.seat") || msg.contains("seat outside") {
            return full(slot);
        }
        if msg.contains("bookings.id_hash, bookings.date") {
            return BookingError::AlreadyBookedThatDay {
                date: slot.date.clone(),
            }
            .into();
        }
    }
    e.into()
}

/// The `booked` booking `id`, refused if it is in any other state or past the deadline.
async fn movable(
    conn: &mut SqliteConnection,
    id: i64,
    now: i64,
    s: &BookingSettings,
    hall: &Hall,
) -> Result<rows::BookingRow> {
    let b = bookings::booking(conn, id).await?;
    if b.status != BookingStatus::Booked {
        return Err(BookingError::WrongBookingState {
            status: b.status.as_str(),
            expected: BookingStatus::Booked.as_str(),
        }
        .into());
    }
    let deadline = b.starts_at - s.cancel_minutes_before * 60_000;
    if now > deadline {
        return Err(BookingError::CancelTooLate {
            deadline: local_label(deadline, hall.offset()),
        }
        .into());
    }
    Ok(b)
}

fn changed(change: BookingChange, id: i64, dates: Vec<String>) -> HallEvent {
    HallEvent::Booking {
        change,
        booking_id: Some(id),
        dates,
    }
}

impl Hall {
    /// Checks one personal field of the booking form as staff type (today's date for the
    /// birth-date rule comes from the hall's clock); nothing is read or written.
    pub fn check_booking_field(
        &self,
        field: identity::PersonalField,
        value: &str,
    ) -> identity::FieldCheck {
        identity::check_field(field, value, self.business_day())
    }

    /// Books a place: the person's fields are checked first, then, in one IMMEDIATE
    /// transaction, the window, the matter, the no-show policy, the per-person limits and
    /// a free seat. The booking (with its confirmation code) is committed before it is
    /// returned.
    pub async fn book(&self, input: BookingInput) -> Result<BookingSummary> {
        let today = self.business_day();
        let name = identity::normalize_name(&input.name)?;
        let mobile = identity::normalize_mobile(&input.mobile)?;
        let id_number = identity::normalize_id_number(&input.id_number, today)?;
        let note = identity::normalize_note(&input.note)?;
        let now = self.now_ms();
        let mut tx = self.begin_write().await?;
        let s = settings::load(&mut tx).await?;
        let mut events = noshow::mark_due(&mut tx, now, s.grace_minutes).await?;
        let slot = booking_slots::live_slot(&mut tx, input.slot_id).await?;
        check_window(&slot, now, today, &s)?;
        check_matter(&mut tx, slot.session_id, input.service_id).await?;
        let pkey = self.personal_key();
        let hash = pkey.lookup(Lookup::IdNumber, &id_number);
        if s.no_show_policy {
            if let (_, Some(until)) = ban(&mut tx, &hash, today, &s).await? {
                return Err(BookingError::BookingBanned { until: key(until) }.into());
            }
        }
        check_person_limits(&mut tx, &hash, date_of(&slot)?, None, &s).await?;
        let seat = free_seat(&mut tx, &slot).await?;
        let code = new_code(&mut tx).await?;
        let (sealed_name, sealed_mobile, sealed_id, sealed_note) = (
            pkey.seal(&name)?,
            pkey.seal(&mobile)?,
            pkey.seal(&id_number)?,
            pkey.seal(&note)?,
        );
        let id = bookings::insert(
            &mut tx,
            NewBooking {
                code: &code,
                slot_id: slot.id,
                session_id: slot.session_id,
                date: &slot.date,
                seat,
                service_id: input.service_id,
                name: &sealed_name,
                mobile: &sealed_mobile,
                id_number: &sealed_id,
                note: &sealed_note,
                id_hash: &hash,
                mobile_hash: &pkey.lookup(Lookup::Mobile, &mobile),
                now,
            },
        )
        .await
        .map_err(|e| constraint(e, &slot))?;
        record_event(
            &mut tx,
            id,
            BookingChange::Booked,
            now,
            Some(json!({ "slot_id": slot.id })),
        )
        .await?;
        let summary = bookings::booking(&mut tx, id).await?.summary(pkey)?;
        events.push(changed(BookingChange::Booked, id, vec![slot.date]));
        tx.commit_with(events).await?;
        Ok(summary)
    }

    /// Cancels a booking until `cancel_minutes_before` the slot; the place is free again
    /// and the booking stays as history.
    pub async fn cancel_booking(&self, booking_id: i64) -> Result<BookingSummary> {
        let now = self.now_ms();
        let mut tx = self.begin_write().await?;
        let s = settings::load(&mut tx).await?;
        let b = movable(&mut tx, booking_id, now, &s, self).await?;
        bookings::mark_cancelled(&mut tx, booking_id, now).await?;
        record_event(&mut tx, booking_id, BookingChange::Cancelled, now, None).await?;
        let summary = bookings::booking(&mut tx, booking_id)
            .await?
            .summary(self.personal_key())?;
        tx.commit_with(vec![changed(
            BookingChange::Cancelled,
            booking_id,
            vec![b.date],
        )])
        .await?;
        Ok(summary)
    }

    /// Moves a booking to another slot in one step: the old place is given up only if
    /// the new one is taken (one transaction, one row updated), so a full slot leaves the
    /// booking as it was. The code, the matter and the person stay.
    pub async fn reschedule_booking(
        &self,
        booking_id: i64,
        slot_id: i64,
    ) -> Result<BookingSummary> {
        let today = self.business_day();
        let now = self.now_ms();
        let mut tx = self.begin_write().await?;
        let s = settings::load(&mut tx).await?;
        let b = movable(&mut tx, booking_id, now, &s, self).await?;
        if b.slot_id == slot_id {
            return Err(Error::Invalid { field: "slot_id" });
        }
        let slot = booking_slots::live_slot(&mut tx, slot_id).await?;
        check_window(&slot, now, today, &s)?;
        check_matter(&mut tx, slot.session_id, b.service_id).await?;
        let hash = b.id_hash.clone().ok_or(BookingError::UnknownBooking)?;
        check_person_limits(&mut tx, &hash, date_of(&slot)?, Some(booking_id), &s).await?;
        let seat = free_seat(&mut tx, &slot).await?;
        bookings::move_to_slot(
            &mut tx,
            booking_id,
            slot.id,
            slot.session_id,
            &slot.date,
            seat,
            now,
        )
        .await
        .map_err(|e| constraint(e, &slot))?;
        record_event(
            &mut tx,
            booking_id,
            BookingChange::Rescheduled,
            now,
            Some(json!({ "from_slot": b.slot_id, "to_slot": slot.id })),
        )
        .await?;
        let summary = bookings::booking(&mut tx, booking_id)
            .await?
            .summary(self.personal_key())?;
        let mut dates = vec![b.date.clone()];
        if slot.date != b.date {
            dates.push(slot.date);
        }
        tx.commit_with(vec![changed(BookingChange::Rescheduled, booking_id, dates)])
            .await?;
        Ok(summary)
    }

    /// Whether the no-show policy stops the person with this ID number from booking.
    pub async fn booking_ban_status(&self, id_number: &str) -> Result<BanStatus> {
        let today = self.business_day();
        let id_number = identity::normalize_id_number(id_number, today)?;
        self.mark_booking_no_shows().await?;
        let mut conn = self.pool().acquire().await?;
        let s = settings::load(&mut conn).await?;
        let hash = self.personal_key().lookup(Lookup::IdNumber, &id_number);
        let (no_shows, until) = ban(&mut conn, &hash, today, &s).await?;
        let until = until.filter(|_| s.no_show_policy);
        Ok(BanStatus {
            banned: until.is_some(),
            until: until.map(key),
            no_shows,
        })
    }

    /// Staff lift a person's no-show ban: the no-shows so far no longer count.
    pub async fn lift_booking_ban(&self, staff: &StaffToken, id_number: &str) -> Result<BanStatus> {
        let who = self.staff(staff)?;
        let id_number = identity::normalize_id_number(id_number, self.business_day())?;
        // Missed bookings not marked yet must count as before the lift.
        self.mark_booking_no_shows().await?;
        let now = self.now_ms();
        let mut tx = self.begin_write().await?;
        let hash = self.personal_key().lookup(Lookup::IdNumber, &id_number);
        crate::table::ban_lifts::insert(&mut tx, &hash, now).await?;
        self.audit(&mut tx, &who, AuditAction::BanLifted, None, "")
            .await?;
        tx.commit().await?;
        self.booking_ban_status(&id_number).await
    }
}
