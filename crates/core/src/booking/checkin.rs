//! Check-in at the desk (by confirmation code, mobile or ID number): today's booking gets
//! an appointment ticket (Y001…) numbered like every other ticket, which only the
//! session's dedicated appointment counters call, before their walk-ins.
//!
//! Check-in does not go through `issue_ticket`: the hall may be "closed" by the weekday
//! plan (a weekend booking session), and a booked person is served anyway.

use super::identity;
use super::model::{CheckInBy, CheckInOutcome};
use super::rows::BookingRow;
use super::{noshow, record_event, settings, BookingStatus};
use crate::dates::{key, local_hhmm};
use crate::error::BookingError;
use crate::error::{Error, Result};
use crate::events::{BookingChange, HallEvent, TicketChange};
use crate::hall::Hall;
use crate::model::{IssuedTicket, Ticket};
use crate::personal_key::{Lookup, PersonalKey};
use crate::table::bookings::{self, ByHash};
use crate::table::tickets::{self, NewTicket};
use crate::table::{booking_sessions, services, ticket_events};
use crate::tickets::DayState;
use chrono::FixedOffset;
use serde_json::json;
use sqlx::SqliteConnection;

/// The next checked-in appointment ticket counter `counter_id` may call on `day`, in
/// queue order (a slot's start, or the check-in time if later).
pub(crate) async fn first_appointment(
    conn: &mut SqliteConnection,
    counter_id: i64,
    day: &str,
) -> Result<Option<i64>> {
    tickets::first_waiting(
        conn,
        day,
        counter_id,
        None,
        bookings::APPOINTMENT_AT_COUNTER,
    )
    .await
}

/// What the desk typed, normalised, before anything is read.
enum Query {
    Code(String),
    Mobile(String),
    IdNumber(String),
}

fn normalise(by: &CheckInBy, today: chrono::NaiveDate) -> Result<Query> {
    Ok(match by {
        CheckInBy::Code(c) => {
            let c: String = c
                .chars()
                .filter(|c| !(c.is_whitespace() || *c == '-'))
                .collect::<String>()
                .to_ascii_uppercase();
            if c.is_empty() {
                return Err(Error::Empty { field: "code" });
            }
            if !identity::looks_like_code(&c) {
                return Err(Error::Invalid { field: "code" });
            }
            Query::Code(c)
        }
        CheckInBy::Mobile(m) => Query::Mobile(identity::normalize_mobile(m)?),
        CheckInBy::IdNumber(i) => Query::IdNumber(identity::normalize_id_number(i, today)?),
        CheckInBy::Entry(raw) => return normalise(&identity::classify_entry(raw), today),
    })
}

/// Today's booking the query points at.
async fn find(
    conn: &mut SqliteConnection,
    q: &Query,
    today: &str,
    pkey: &PersonalKey,
) -> Result<BookingRow> {
    let (by, hash) = match q {
        Query::Code(c) => {
            let b = bookings::by_code(&mut *conn, c)
                .await?
                .ok_or(BookingError::NoBookingFound)?;
            if b.date != today {
                return Err(BookingError::NotToday { date: b.date }.into());
            }
            return Ok(b);
        }
        Query::Mobile(m) => (ByHash::Mobile, pkey.lookup(Lookup::Mobile, m)),
        Query::IdNumber(i) => (ByHash::IdNumber, pkey.lookup(Lookup::IdNumber, i)),
    };
    // Cancelled bookings are read too: when nothing else is left today, the refusal says
    // "cancelled", not "not found".
    let mut found = bookings::of_person(&mut *conn, by, &hash, Some(today), -1).await?;
    let live = found
        .iter()
        .filter(|b| matches!(b.status, BookingStatus::Booked | BookingStatus::CheckedIn))
        .count();
    if live > 1 {
        return Err(BookingError::SeveralBookingsFound { count: live as i64 }.into());
    }
    if live == 1 {
        found.retain(|b| matches!(b.status, BookingStatus::Booked | BookingStatus::CheckedIn));
    }
    // A no-show today says more than a cancelled booking: it is the one returned (last).
    found.sort_by_key(|b| b.status != BookingStatus::Cancelled);
    if let Some(b) = found.pop() {
        return Ok(b);
    }
    // Nothing today: say when the person's next booking is, if there is one.
    let next = bookings::next_active_date(&mut *conn, by, &hash, today).await?;
    match next {
        Some(date) => Err(BookingError::NotToday { date }.into()),
        None => Err(BookingError::NoBookingFound.into()),
    }
}

/// What check-in does with today's booking.
enum Admission {
    /// Checked in before and its ticket is still there: that ticket again.
    Again(i64),
    /// A new appointment ticket.
    Issue,
}

/// Whether the booking may check in now: from `check_in_early_minutes` before its slot
/// until the slot's end plus `grace_minutes`. A rule only; nothing is written.
fn admit(
    b: &BookingRow,
    s: &settings::BookingSettings,
    now: i64,
    offset: FixedOffset,
) -> Result<Admission> {
    let closes = b.ends_at + s.grace_minutes * 60_000;
    match b.status {
        BookingStatus::Cancelled => Err(BookingError::WrongBookingState {
            status: b.status.as_str(),
            expected: BookingStatus::Booked.as_str(),
        }
        .into()),
        BookingStatus::NoShow => Err(BookingError::CheckInTooLate {
            until: local_hhmm(closes, offset),
        }
        .into()),
        // Checked in, but without a ticket (voided by mistake): issue a new one.
        BookingStatus::CheckedIn => Ok(b.ticket_id.map_or(Admission::Issue, Admission::Again)),
        BookingStatus::Booked => {
            let opens = b.starts_at - s.check_in_early_minutes * 60_000;
            if now < opens {
                return Err(BookingError::CheckInTooEarly {
                    from: local_hhmm(opens, offset),
                }
                .into());
            }
            if now > closes {
                return Err(BookingError::CheckInTooLate {
                    until: local_hhmm(closes, offset),
                }
                .into());
            }
            Ok(Admission::Issue)
        }
    }
}

/// The appointment ticket of booking `b`, for the shared ticket insert.
fn appointment<'a>(b: &BookingRow, day: &'a str, prefix: &'a str, now: i64) -> NewTicket<'a> {
    NewTicket {
        day,
        prefix,
        service_id: b.service_id,
        priority: false,
        issued_at: now,
        // Appointments are served in slot order: checking in early for 10:00 does not pass
        // someone booked for 09:30; arriving late (within the grace time) queues from now.
        queue_at: now.max(b.starts_at) * 1000,
        issued_by: "booking",
        request_id: None,
        booking_id: Some(b.id),
    }
}

/// Marks the booking checked in (keeping the first check-in time) and records it.
async fn mark_checked_in(
    conn: &mut SqliteConnection,
    booking_id: i64,
    ticket_id: i64,
    now: i64,
) -> Result<()> {
    bookings::mark_checked_in(&mut *conn, booking_id, now).await?;
    record_event(
        conn,
        booking_id,
        BookingChange::CheckedIn,
        now,
        Some(json!({ "ticket_id": ticket_id })),
    )
    .await
}

/// What the booking screens hear of a check-in.
fn checked_in_event(booking_id: i64, day: String) -> HallEvent {
    HallEvent::Booking {
        change: BookingChange::CheckedIn,
        booking_id: Some(booking_id),
        dates: vec![day],
    }
}

impl Hall {
    /// Checks in today's booking and gives its appointment ticket (committed before it
    /// is returned). Allowed from `check_in_early_minutes` before the slot until its end
    /// plus `grace_minutes`; a second check-in returns the same ticket (`repeated`).
    pub async fn check_in(&self, by: CheckInBy) -> Result<CheckInOutcome> {
        let today = self.business_day();
        let day = key(today);
        let q = normalise(&by, today)?;
        let now = self.now_ms();
        let offset = self.offset();
        let mut tx = self.begin_write().await?;
        let s = settings::load(&mut tx).await?;
        let mut events = noshow::mark_due(&mut tx, now, s.grace_minutes).await?;
        let b = find(&mut tx, &q, &day, self.personal_key()).await?;
        let admission = match admit(&b, &s, now, offset) {
            // The no-shows just marked (this booking's included) are committed, then refused.
            Err(e) if b.status == BookingStatus::NoShow => {
                tx.commit_with(events).await?;
                return Err(e);
            }
            other => other?,
        };
        if let Admission::Again(ticket_id) = admission {
            let ticket = tickets::ticket(&mut tx, ticket_id).await?;
            let issued = self
                .appointment_ticket(&mut tx, ticket, &b, now, true)
                .await?;
            let booking = b.summary(self.personal_key())?;
            tx.commit_with(events).await?;
            return Ok(CheckInOutcome {
                booking,
                ticket: issued,
            });
        }

        let prefix = self.settings().appointment_prefix;
        let (ticket_id, event_id) = tx
            .sync(|c| {
                let ticket_id = tickets::insert(c, appointment(&b, &day, &prefix, now))?;
                let event_id = ticket_events::insert(
                    c,
                    ticket_id,
                    TicketChange::Issued,
                    now,
                    None,
                    Some(json!({ "booking_id": b.id })),
                )?;
                Ok((ticket_id, event_id))
            })
            .await?;
        mark_checked_in(&mut tx, b.id, ticket_id, now).await?;
        let ticket = tickets::ticket(&mut tx, ticket_id).await?;
        let issued = self
            .appointment_ticket(&mut tx, ticket.clone(), &b, now, false)
            .await?;
        let booking = bookings::booking(&mut tx, b.id)
            .await?
            .summary(self.personal_key())?;
        let state = tx.sync(|c| DayState::read(c, &day)).await?;
        events.push(state.event(event_id, TicketChange::Issued, ticket));
        events.push(checked_in_event(b.id, day));
        tx.commit_with(events).await?;
        Ok(CheckInOutcome {
            booking,
            ticket: issued,
        })
    }

    /// The appointment ticket as printed: people ahead are the appointments called
    /// before it; the wait is at least the time until the slot starts.
    async fn appointment_ticket(
        &self,
        conn: &mut SqliteConnection,
        ticket: Ticket,
        b: &BookingRow,
        now: i64,
        repeated: bool,
    ) -> Result<IssuedTicket> {
        let waiting = ticket.status == crate::model::TicketStatus::Waiting;
        let ahead = tickets::appointments_ahead_of(&mut *conn, &ticket).await?;
        let mpp = services::service(&mut *conn, ticket.service_id)
            .await?
            .minutes_per_person;
        let (staffed, configured) =
            booking_sessions::counters_staffed(&mut *conn, b.session_id).await?;
        let until_start = (b.starts_at - now).max(0) / 60_000;
        let (ahead, estimate) = if waiting {
            let e = services::estimate(ahead, mpp, staffed, configured).max(until_start);
            (ahead, e)
        } else {
            (0, 0)
        };
        Ok(IssuedTicket {
            ticket,
            ahead,
            estimated_wait_minutes: estimate,
            hall_name: self.settings().hall_name,
            repeated,
        })
    }
}
