//! What can go wrong with booking sessions, bookings and check-in. Each variant has a
//! stable `code` for the UI; parameters are dates, times, counts and ids, never a name,
//! an ID number, a mobile number or a confirmation code.

use serde_json::{json, Value};

/// A refused booking operation, carried by [`crate::Error::Booking`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BookingError {
    #[error("unknown booking session {0}")]
    UnknownSession(i64),
    #[error("unknown booking slot {0}")]
    UnknownSlot(i64),
    #[error("unknown booking")]
    UnknownBooking,
    #[error("no booking found")]
    NoBookingFound,
    #[error("{count} bookings match: ask for the confirmation code")]
    SeveralBookingsFound { count: i64 },
    #[error("the ID number is not valid ({problem})")]
    InvalidIdNumber { problem: &'static str },
    #[error("the mobile number is not valid ({problem})")]
    InvalidMobile { problem: &'static str },
    #[error("counter {number} is not an appointment counter")]
    NotAppointmentCounter { number: i64 },
    #[error("another booking session on {date} overlaps this one at the same counter")]
    SessionOverlap { date: String },
    #[error("the session still has {count} active bookings")]
    SessionHasBookings { count: i64 },
    #[error("{date} is in the past")]
    DateInPast { date: String },
    #[error("bookings are open for {first} to {last}")]
    OutsideBookingWindow { first: String, last: String },
    #[error("service {service_id} cannot be booked in this session")]
    MatterNotBookable { service_id: i64 },
    #[error("the slot {date} {start} is full")]
    SlotFull { date: String, start: String },
    #[error("this person already has a booking on {date}")]
    AlreadyBookedThatDay { date: String },
    #[error("this person already has {limit} bookings that week")]
    WeeklyLimit { limit: i64 },
    #[error("this person already has {limit} bookings that month")]
    MonthlyLimit { limit: i64 },
    #[error("this person cannot book until {until} after missed bookings")]
    BookingBanned { until: String },
    #[error("cancelling or rescheduling closed at {deadline}")]
    CancelTooLate { deadline: String },
    #[error("the booking is {status}, not {expected}")]
    WrongBookingState {
        status: &'static str,
        expected: &'static str,
    },
    #[error("the booking is for {date}, not today")]
    NotToday { date: String },
    #[error("check-in opens at {from}")]
    CheckInTooEarly { from: String },
    #[error("check-in closed at {until}")]
    CheckInTooLate { until: String },
}

impl BookingError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            BookingError::UnknownSession(_) => "unknown_session",
            BookingError::UnknownSlot(_) => "unknown_slot",
            BookingError::UnknownBooking => "unknown_booking",
            BookingError::NoBookingFound => "no_booking_found",
            BookingError::SeveralBookingsFound { .. } => "several_bookings_found",
            BookingError::InvalidIdNumber { .. } => "invalid_id_number",
            BookingError::InvalidMobile { .. } => "invalid_mobile",
            BookingError::NotAppointmentCounter { .. } => "not_appointment_counter",
            BookingError::SessionOverlap { .. } => "session_overlap",
            BookingError::SessionHasBookings { .. } => "session_has_bookings",
            BookingError::DateInPast { .. } => "date_in_past",
            BookingError::OutsideBookingWindow { .. } => "outside_booking_window",
            BookingError::MatterNotBookable { .. } => "matter_not_bookable",
            BookingError::SlotFull { .. } => "slot_full",
            BookingError::AlreadyBookedThatDay { .. } => "already_booked_that_day",
            BookingError::WeeklyLimit { .. } => "weekly_limit_reached",
            BookingError::MonthlyLimit { .. } => "monthly_limit_reached",
            BookingError::BookingBanned { .. } => "booking_banned",
            BookingError::CancelTooLate { .. } => "cancel_too_late",
            BookingError::WrongBookingState { .. } => "wrong_booking_state",
            BookingError::NotToday { .. } => "booking_not_today",
            BookingError::CheckInTooEarly { .. } => "check_in_too_early",
            BookingError::CheckInTooLate { .. } => "check_in_too_late",
        }
    }

    /// The parameters the UI fills into its sentence.
    pub fn params(&self) -> Value {
        match self {
            BookingError::UnknownSession(id) | BookingError::UnknownSlot(id) => json!({ "id": id }),
            BookingError::SeveralBookingsFound { count }
            | BookingError::SessionHasBookings { count } => json!({ "count": count }),
            BookingError::InvalidIdNumber { problem } | BookingError::InvalidMobile { problem } => {
                json!({ "problem": problem })
            }
            BookingError::NotAppointmentCounter { number } => json!({ "counter": number }),
            BookingError::SessionOverlap { date }
            | BookingError::DateInPast { date }
            | BookingError::AlreadyBookedThatDay { date }
            | BookingError::NotToday { date } => json!({ "date": date }),
            BookingError::OutsideBookingWindow { first, last } => {
                json!({ "first": first, "last": last })
            }
            BookingError::MatterNotBookable { service_id } => json!({ "service_id": service_id }),
            BookingError::SlotFull { date, start } => json!({ "date": date, "start": start }),
            BookingError::WeeklyLimit { limit } | BookingError::MonthlyLimit { limit } => {
                json!({ "limit": limit })
            }
            BookingError::BookingBanned { until } => json!({ "until": until }),
            BookingError::CancelTooLate { deadline } => json!({ "deadline": deadline }),
            BookingError::WrongBookingState { status, expected } => {
                json!({ "status": status, "expected": expected })
            }
            BookingError::CheckInTooEarly { from } => json!({ "from": from }),
            BookingError::CheckInTooLate { until } => json!({ "until": until }),
            BookingError::UnknownBooking | BookingError::NoBookingFound => json!({}),
        }
    }
}
