//! Booking sessions (预约场次): created one by one or by a weekly rule, listed with free
//! places per slot, withdrawn when nobody holds a place.

use super::model::{BookingSession, RuleOutcome, SessionInput, SessionRule, SkippedDate};
use super::rows;
use crate::dates::{key, local_ms, parse_date, parse_hhmm};
use crate::error::BookingError;
use crate::error::{Error, Result};
use crate::events::{BookingChange, HallEvent};
use crate::hall::Hall;
use crate::model::schedule::AppointmentWindow;
use crate::model::StaffToken;
use crate::table::booking_sessions::{self, NewSession};
use crate::table::booking_slots::{self, NewSlot};
use crate::validate;
use chrono::{Datelike, Duration, NaiveDate};
use sqlx::SqliteConnection;

/// A session's times, size, counters and matters, checked.
struct Plan {
    start_min: i64,
    end_min: i64,
    slot_minutes: i64,
    capacity: i64,
    counter_ids: Vec<i64>,
    service_ids: Vec<i64>,
    note: String,
}

/// The furthest ahead a session may be opened.
const MAX_DAYS_AHEAD: i64 = 366;

fn plan(
    start: &str,
    end: &str,
    slot_minutes: i64,
    capacity: i64,
    counter_ids: &[i64],
    service_ids: &[i64],
    note: &str,
) -> Result<Plan> {
    let start_min = parse_hhmm("start", start)?;
    let end_min = parse_hhmm("end", end)?;
    if start_min >= 24 * 60 {
        return Err(Error::Invalid { field: "start" });
    }
    if end_min <= start_min {
        return Err(Error::Invalid { field: "end" });
    }
    validate::range("slot_minutes", slot_minutes, 5, 240)?;
    if (end_min - start_min) % slot_minutes != 0 {
        // A range that is not a whole number of slots would silently lose its tail.
        return Err(Error::Invalid {
            field: "slot_minutes",
        });
    }
    validate::range("capacity", capacity, 1, 200)?;
    let mut counter_ids = counter_ids.to_vec();
    counter_ids.sort_unstable();
    counter_ids.dedup();
    let mut service_ids = service_ids.to_vec();
    service_ids.sort_unstable();
    service_ids.dedup();
    if counter_ids.is_empty() {
        return Err(Error::Empty {
            field: "counter_ids",
        });
    }
    if service_ids.is_empty() {
        return Err(Error::Empty {
            field: "service_ids",
        });
    }
    let note = validate::text("note", note, 100)?;
    Ok(Plan {
        start_min,
        end_min,
        slot_minutes,
        capacity,
        counter_ids,
        service_ids,
        note,
    })
}

/// Counters must exist and be appointment counters; matters must exist.
async fn check_references(conn: &mut SqliteConnection, p: &Plan) -> Result<()> {
    for &id in &p.counter_ids {
        let row = crate::table::counters::number_and_appointment(&mut *conn, id).await?;
        match row {
            None => return Err(Error::UnknownCounter(id)),
            Some((number, false)) => {
                return Err(BookingError::NotAppointmentCounter { number }.into())
            }
            Some(_) => {}
        }
    }
    for &id in &p.service_ids {
        crate::table::services::ensure_exists(&mut *conn, id).await?;
    }
    Ok(())
}

/// Whether a live session on `date` overlaps the plan's time at one of its counters.
async fn overlaps(conn: &mut SqliteConnection, date: &str, p: &Plan) -> Result<bool> {
    booking_sessions::overlaps(conn, date, p.start_min, p.end_min, &p.counter_ids).await
}

impl Hall {
    fn check_session_date(&self, date: NaiveDate) -> Result<()> {
        let today = self.business_day();
        if date < today {
            return Err(BookingError::DateInPast { date: key(date) }.into());
        }
        if (date - today).num_days() > MAX_DAYS_AHEAD {
            return Err(Error::Invalid { field: "date" });
        }
        Ok(())
    }

    async fn insert_session(
        &self,
        conn: &mut SqliteConnection,
        date: NaiveDate,
        p: &Plan,
        now: i64,
    ) -> Result<i64> {
        let day = key(date);
        let session = NewSession {
            date: &day,
            start_min: p.start_min,
            end_min: p.end_min,
            slot_minutes: p.slot_minutes,
            capacity: p.capacity,
            counter_ids: &p.counter_ids,
            service_ids: &p.service_ids,
            note: &p.note,
            now,
        };
        let id = booking_sessions::insert(conn, &session).await?;
        let offset = self.offset();
        let mut start = p.start_min;
        while start < p.end_min {
            let end = start + p.slot_minutes;
            let slot = NewSlot {
                session_id: id,
                date: &day,
                start_min: start,
                end_min: end,
                starts_at: local_ms(date, start, offset),
                ends_at: local_ms(date, end, offset),
                capacity: p.capacity,
            };
            booking_slots::insert(conn, &slot).await?;
            start = end;
        }
        Ok(id)
    }

    /// Opens one booking session; its slots follow from the range and the slot length.
    pub async fn create_booking_session(
        &self,
        staff: &StaffToken,
        input: SessionInput,
    ) -> Result<BookingSession> {
        let who = self.staff(staff)?;
        let date = parse_date("date", &input.date)?;
        self.check_session_date(date)?;
        let p = plan(
            &input.start,
            &input.end,
            input.slot_minutes,
            input.capacity,
            &input.counter_ids,
            &input.service_ids,
            &input.note,
        )?;
        let now = self.now_ms();
        let mut tx = self.begin_write().await?;
        check_references(&mut tx, &p).await?;
        if overlaps(&mut tx, &key(date), &p).await? {
            return Err(BookingError::SessionOverlap { date: key(date) }.into());
        }
        let id = self.insert_session(&mut tx, date, &p, now).await?;
        let session = rows::session(&mut tx, id).await?;
        self.settings_changed(&mut tx, &who, "booking_session")
            .await?;
        tx.commit_with(vec![sessions_changed(vec![session.date.clone()])])
            .await?;
        Ok(session)
    }

    /// Opens sessions by a weekly rule ("every Saturday 09:00–12:00 for the next 8
    /// weeks"), all in one transaction; a date already taken by an overlapping session is
    /// skipped and reported, not an error.
    pub async fn create_booking_sessions_by_rule(
        &self,
        staff: &StaffToken,
        rule: SessionRule,
    ) -> Result<RuleOutcome> {
        let who = self.staff(staff)?;
        let from = parse_date("from", &rule.from)?;
        self.check_session_date(from)?;
        validate::range("weeks", rule.weeks, 1, 26)?;
        if rule.weekdays.is_empty() {
            return Err(Error::Empty { field: "weekdays" });
        }
        if rule.weekdays.iter().any(|d| !(1..=7).contains(d)) {
            return Err(Error::OutOfRange {
                field: "weekdays",
                min: 1,
                max: 7,
            });
        }
        let p = plan(
            &rule.start,
            &rule.end,
            rule.slot_minutes,
            rule.capacity,
            &rule.counter_ids,
            &rule.service_ids,
            &rule.note,
        )?;
        let dates: Vec<NaiveDate> = (0..rule.weeks * 7)
            .map(|i| from + Duration::days(i))
            .filter(|d| {
                rule.weekdays
                    .contains(&(d.weekday().number_from_monday() as u8))
            })
            .collect();
        if let Some(last) = dates.last() {
            self.check_session_date(*last)?;
        }
        let now = self.now_ms();
        let mut tx = self.begin_write().await?;
        check_references(&mut tx, &p).await?;
        let mut created = Vec::new();
        let mut skipped = Vec::new();
        for date in dates {
            if overlaps(&mut tx, &key(date), &p).await? {
                skipped.push(SkippedDate {
                    date: key(date),
                    reason: "session_overlap".into(),
                });
                continue;
            }
            let id = self.insert_session(&mut tx, date, &p, now).await?;
            created.push(rows::session(&mut tx, id).await?);
        }
        self.settings_changed(&mut tx, &who, "booking_session")
            .await?;
        let events = if created.is_empty() {
            Vec::new()
        } else {
            vec![sessions_changed(
                created.iter().map(|s| s.date.clone()).collect(),
            )]
        };
        tx.commit_with(events).await?;
        Ok(RuleOutcome { created, skipped })
    }

    /// The sessions dated `from..=to` ('YYYY-MM-DD'), with free places per slot.
    pub async fn booking_sessions(&self, from: &str, to: &str) -> Result<Vec<BookingSession>> {
        let f = parse_date("from", from)?;
        let t = parse_date("to", to)?;
        if t < f || (t - f).num_days() > MAX_DAYS_AHEAD {
            return Err(Error::Invalid { field: "to" });
        }
        let mut conn = self.pool().acquire().await?;
        let mut sessions = rows::sessions(&mut conn, &key(f), &key(t)).await?;
        let rules = super::settings::load(&mut conn).await?;
        for session in &mut sessions {
            self.mark_bookable(session, &rules);
        }
        Ok(sessions)
    }

    /// One session with free places per slot.
    pub async fn booking_session(&self, session_id: i64) -> Result<BookingSession> {
        let mut conn = self.pool().acquire().await?;
        let mut session = rows::session(&mut conn, session_id).await?;
        let rules = super::settings::load(&mut conn).await?;
        self.mark_bookable(&mut session, &rules);
        Ok(session)
    }

    /// Fills in what the clock and the rules say of a listed session: whether its date is in
    /// the booking window, and which slots can be booked now (the same rule `book` applies).
    fn mark_bookable(
        &self,
        session: &mut BookingSession,
        rules: &super::settings::BookingSettings,
    ) {
        let today = self.business_day();
        let now = self.now_ms();
        session.window = NaiveDate::parse_from_str(&session.date, "%Y-%m-%d")
            .map(|d| super::settings::window_state(d, today, rules))
            .unwrap_or(super::WindowState::Closed);
        for slot in &mut session.slots {
            slot.bookable =
                slot.free > 0 && slot.starts_at > now && session.window == super::WindowState::Open;
        }
    }

    /// Withdraws a session; refused while anyone holds a place in it. A session that had
    /// bookings (since cancelled) is kept, hidden, for the history; one that never had
    /// any is deleted.
    pub async fn delete_booking_session(&self, staff: &StaffToken, session_id: i64) -> Result<()> {
        let who = self.staff(staff)?;
        let now = self.now_ms();
        let mut tx = self.begin_write().await?;
        let session = rows::session(&mut tx, session_id).await?;
        let (active, all) = crate::table::bookings::of_session(&mut tx, session_id).await?;
        if active > 0 {
            return Err(BookingError::SessionHasBookings { count: active }.into());
        }
        if all > 0 {
            booking_sessions::withdraw(&mut tx, session_id, now).await?;
        } else {
            booking_sessions::delete(&mut tx, session_id).await?;
        }
        self.settings_changed(&mut tx, &who, "booking_session")
            .await?;
        tx.commit_with(vec![sessions_changed(vec![session.date])])
            .await?;
        Ok(())
    }
}

fn sessions_changed(dates: Vec<String>) -> HallEvent {
    HallEvent::Booking {
        change: BookingChange::SessionsChanged,
        booking_id: None,
        dates,
    }
}

/// The booking days dated `from..=to`, for the hall's status: per date, check-in opens
/// `check_in_early_minutes` before its first slot and closes `grace_minutes` after its last.
pub(crate) async fn appointment_windows(
    conn: &mut SqliteConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<AppointmentWindow>> {
    let rules = super::settings::load(conn).await?;
    let days = booking_sessions::day_spans(conn, &key(from), &key(to)).await?;
    Ok(days
        .into_iter()
        .filter_map(|(date, start, end)| {
            Some(AppointmentWindow {
                date: parse_date("date", &date).ok()?,
                opens_min: start - rules.check_in_early_minutes,
                closes_min: end + rules.grace_minutes,
            })
        })
        .collect())
}
