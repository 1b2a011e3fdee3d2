//! What can go wrong with booking sessions, bookings and check-in. Each variant has a
//! stable `code` for the UI; parameters are dates, times, counts and ids, never a name,
//! an ID number, a mobile number or a confirmation code.
//!
//! Written once per variant, as [`crate::Error`]'s are: message, code (the variant's name in
//! snake_case unless renamed) and parameters (the fields).

use serde::Serialize;
use serde_json::Value;

/// A refused booking operation, carried by [`crate::Error::Booking`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "code", content = "params", rename_all = "snake_case")]
pub enum BookingError {
    #[error("unknown booking session {0}")]
    UnknownSession(#[serde(serialize_with = "super::id_param")] i64),
    #[error("unknown booking slot {0}")]
    UnknownSlot(#[serde(serialize_with = "super::id_param")] i64),
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
    NotAppointmentCounter {
        #[serde(rename = "counter")]
        number: i64,
    },
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
    #[serde(rename = "weekly_limit_reached")]
    WeeklyLimit { limit: i64 },
    #[error("this person already has {limit} bookings that month")]
    #[serde(rename = "monthly_limit_reached")]
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
    #[serde(rename = "booking_not_today")]
    NotToday { date: String },
    #[error("check-in opens at {from}")]
    CheckInTooEarly { from: String },
    #[error("check-in closed at {until}")]
    CheckInTooLate { until: String },
}

impl BookingError {
    /// The stable machine code.
    pub fn code(&self) -> String {
        super::code_of(self.tagged())
    }

    /// The parameters the UI fills into its sentence (an empty object when there are none).
    pub fn params(&self) -> Value {
        super::params_of(self.tagged())
    }

    fn tagged(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}
