//! One error type for the whole core. Each variant has a stable machine `code` that the
//! UI turns into a sentence in the user's language; parameters never hold personal data.

use serde::ser::SerializeStruct;
use serde::Serialize;
use serde_json::{json, Value};

/// Everything that can go wrong in the hall, as data.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("unknown service {0}")]
    UnknownService(i64),
    #[error("unknown counter {0}")]
    UnknownCounter(i64),
    #[error("unknown ticket")]
    UnknownTicket,
    #[error("no ticket {number} today")]
    NoSuchNumber { number: String },
    #[error("service {prefix} is switched off")]
    ServiceDisabled { prefix: String },
    #[error("counter {number} is paused")]
    CounterPaused { number: i64 },
    #[error("counter {number} is closed")]
    CounterClosed { number: i64 },
    #[error("counter {number} does not handle service {prefix}")]
    CounterDoesNotServe { number: i64, prefix: String },
    #[error("nobody is waiting for this counter")]
    QueueEmpty,
    #[error("this counter has no current ticket")]
    NoCurrentTicket,
    #[error("ticket {number} is not this counter's")]
    NotYourTicket { number: String },
    #[error("ticket {number} is {status}, not {expected}")]
    WrongTicketState {
        number: String,
        status: String,
        expected: String,
    },
    #[error("{field} must not be empty")]
    Empty { field: &'static str },
    #[error("{field} is longer than {max} characters")]
    TooLong { field: &'static str, max: usize },
    #[error("{field} is out of range {min}..={max}")]
    OutOfRange {
        field: &'static str,
        min: i64,
        max: i64,
    },
    #[error("a prefix is one letter A-Z")]
    BadPrefix,
    #[error("prefix {prefix} is reserved for appointments")]
    ReservedPrefix { prefix: String },
    #[error("prefix {prefix} is already used")]
    DuplicatePrefix { prefix: String },
    #[error("counter number {number} is already used")]
    DuplicateCounterNumber { number: i64 },
    #[error("a counter needs at least one service")]
    NoServices,
    #[error("{field} has an invalid value")]
    Invalid { field: &'static str },
    #[error("issuing is closed ({status})")]
    IssuingClosed {
        status: String,
        /// When issuing opens next: RFC 3339 in the hall's time zone.
        opens_at: Option<String>,
    },
    #[error("issuing of service {prefix} closed at {cutoff}")]
    ServiceCutoff {
        prefix: String,
        cutoff: String,
        opens_at: Option<String>,
    },
    #[error("{count} people still hold a number")]
    QueueNotEmpty { count: i64, numbers: Vec<String> },
    #[error("the day is not over: issuing runs until {closing}")]
    DayNotOver { closing: String },
    #[error("the booking day is not over: check-in runs until {closing}")]
    BookingDayNotOver { closing: String },
    #[error("{day}: {value} is not a time between 00:00 and 24:00")]
    BadTime { day: String, value: String },
    #[error("{day}: session {start}-{end} ends before it starts")]
    SessionEndsBeforeStart {
        day: String,
        start: String,
        end: String,
    },
    #[error("{day}: sessions {first} and {second} overlap or touch")]
    SessionsOverlap {
        day: String,
        first: String,
        second: String,
    },
    #[error("holiday file refused ({reason}: {detail})")]
    BadHolidayFile {
        reason: &'static str,
        detail: String,
    },
    #[error("unknown exception {0}")]
    UnknownException(i64),
    #[error("storage error: {0}")]
    Storage(#[from] sqlx::Error),
    #[error("migration error: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// Booking sessions, bookings and check-in (its own codes, see `BookingError::code`).
    #[error(transparent)]
    Booking(#[from] crate::booking::BookingError),
    /// 好差评 ratings and their follow-ups (its own codes, see `RatingError::code`).
    #[error(transparent)]
    Rating(#[from] crate::ratings::RatingError),
    #[error("export failed: {reason}")]
    Export { reason: String },
}

/// The core's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A stable, machine-readable code: the UI's key for the translated sentence.
    pub fn code(&self) -> &'static str {
        match self {
            Error::UnknownService(_) => "unknown_service",
            Error::UnknownCounter(_) => "unknown_counter",
            Error::UnknownTicket => "unknown_ticket",
            Error::NoSuchNumber { .. } => "no_such_number",
            Error::ServiceDisabled { .. } => "service_disabled",
            Error::CounterPaused { .. } => "counter_paused",
            Error::CounterClosed { .. } => "counter_closed",
            Error::CounterDoesNotServe { .. } => "counter_does_not_serve",
            Error::QueueEmpty => "queue_empty",
            Error::NoCurrentTicket => "no_current_ticket",
            Error::NotYourTicket { .. } => "not_your_ticket",
            Error::WrongTicketState { .. } => "wrong_ticket_state",
            Error::Empty { .. } => "empty",
            Error::TooLong { .. } => "too_long",
            Error::OutOfRange { .. } => "out_of_range",
            Error::BadPrefix => "bad_prefix",
            Error::ReservedPrefix { .. } => "reserved_prefix",
            Error::DuplicatePrefix { .. } => "duplicate_prefix",
            Error::DuplicateCounterNumber { .. } => "duplicate_counter_number",
            Error::NoServices => "no_services",
            Error::Invalid { .. } => "invalid",
            Error::IssuingClosed { .. } => "issuing_closed",
            Error::ServiceCutoff { .. } => "service_cutoff",
            Error::QueueNotEmpty { .. } => "queue_not_empty",
            Error::DayNotOver { .. } => "day_not_over",
            Error::BookingDayNotOver { .. } => "booking_day_not_over",
            Error::BadTime { .. } => "bad_time",
            Error::SessionEndsBeforeStart { .. } => "session_ends_before_start",
            Error::SessionsOverlap { .. } => "sessions_overlap",
            Error::BadHolidayFile { .. } => "bad_holiday_file",
            Error::UnknownException(_) => "unknown_exception",
            Error::Storage(_) => "storage",
            Error::Migration(_) => "storage",
            Error::Booking(e) => e.code(),
            Error::Rating(e) => e.code(),
            Error::Export { .. } => "export_failed",
        }
    }

    /// The parameters the UI fills into its sentence.
    pub fn params(&self) -> Value {
        match self {
            Error::UnknownService(id) | Error::UnknownCounter(id) => json!({ "id": id }),
            Error::NoSuchNumber { number } | Error::NotYourTicket { number } => {
                json!({ "number": number })
            }
            Error::ServiceDisabled { prefix }
            | Error::ReservedPrefix { prefix }
            | Error::DuplicatePrefix { prefix } => json!({ "prefix": prefix }),
            Error::CounterPaused { number }
            | Error::CounterClosed { number }
            | Error::DuplicateCounterNumber { number } => json!({ "counter": number }),
            Error::CounterDoesNotServe { number, prefix } => {
                json!({ "counter": number, "prefix": prefix })
            }
            Error::WrongTicketState {
                number,
                status,
                expected,
            } => {
                json!({ "number": number, "status": status, "expected": expected })
            }
            Error::Empty { field } | Error::Invalid { field } => json!({ "field": field }),
            Error::TooLong { field, max } => json!({ "field": field, "max": max }),
            Error::OutOfRange { field, min, max } => {
                json!({ "field": field, "min": min, "max": max })
            }
            Error::Booking(e) => e.params(),
            Error::Rating(e) => e.params(),
            Error::Export { reason } => json!({ "reason": reason }),
            Error::IssuingClosed { status, opens_at } => {
                json!({ "status": status, "opens_at": opens_at,
                        "opens_date": opens_at.as_ref().map(|o| o.get(..10)),
                        "opens_time": opens_at.as_ref().map(|o| o.get(11..16)) })
            }
            Error::ServiceCutoff {
                prefix,
                cutoff,
                opens_at,
            } => {
                json!({ "prefix": prefix, "cutoff": cutoff, "opens_at": opens_at,
                        "opens_date": opens_at.as_ref().map(|o| o.get(..10)),
                        "opens_time": opens_at.as_ref().map(|o| o.get(11..16)) })
            }
            Error::QueueNotEmpty { count, numbers } => {
                json!({ "count": count, "numbers": numbers, "list": numbers.join("、") })
            }
            Error::DayNotOver { closing } | Error::BookingDayNotOver { closing } => {
                json!({ "closing": closing })
            }
            Error::BadTime { day, value } => json!({ "day": day, "value": value }),
            Error::SessionEndsBeforeStart { day, start, end } => {
                json!({ "day": day, "start": start, "end": end })
            }
            Error::SessionsOverlap { day, first, second } => {
                json!({ "day": day, "first": first, "second": second })
            }
            Error::BadHolidayFile { reason, detail } => {
                json!({ "reason": reason, "detail": detail })
            }
            Error::UnknownException(id) => json!({ "id": id }),
            _ => json!({}),
        }
    }
}

impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Error", 3)?;
        st.serialize_field("code", self.code())?;
        st.serialize_field("message", &self.to_string())?;
        st.serialize_field("params", &self.params())?;
        st.end()
    }
}
