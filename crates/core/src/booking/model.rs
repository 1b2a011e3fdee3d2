//! The plain serde types of the booking API. Types that carry personal data in full
//! (`BookingInput`, `BookingDetail`, `CheckInBy`) print masked values in
//! their `Debug` form, so logging one never leaks a name, an ID or a phone number.

use super::identity::{mask_id, mask_name, mask_phone};
use super::BookingStatus;
use crate::model::IssuedTicket;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A booking session as the administrator enters it (one date).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInput {
    /// 'YYYY-MM-DD' in the hall's time zone.
    pub date: String,
    /// 'HH:MM'.
    pub start: String,
    /// 'HH:MM', after `start`; the range is a whole number of slots.
    pub end: String,
    pub slot_minutes: i64,
    /// Places per slot.
    pub capacity: i64,
    /// The dedicated counter(s); each must be an appointment counter.
    pub counter_ids: Vec<i64>,
    /// The matters (services) that may be booked.
    pub service_ids: Vec<i64>,
    #[serde(default)]
    pub note: String,
}

/// Sessions made by a rule: "every Saturday 09:00–12:00 for the next 8 weeks".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRule {
    /// The first date the rule may use ('YYYY-MM-DD').
    pub from: String,
    /// How many weeks from `from` (1–26).
    pub weeks: i64,
    /// ISO weekdays: 1 = Monday … 6 = Saturday, 7 = Sunday.
    pub weekdays: Vec<u8>,
    pub start: String,
    pub end: String,
    pub slot_minutes: i64,
    pub capacity: i64,
    pub counter_ids: Vec<i64>,
    pub service_ids: Vec<i64>,
    #[serde(default)]
    pub note: String,
}

/// What a rule made: the sessions created and the dates left out, with the error code why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleOutcome {
    pub created: Vec<BookingSession>,
    pub skipped: Vec<SkippedDate>,
}

/// A date a rule did not use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedDate {
    pub date: String,
    /// An error code, e.g. "session_overlap".
    pub reason: String,
}

/// A booking session with its slots and free places.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingSession {
    pub id: i64,
    pub date: String,
    /// ISO weekday, 1 = Monday … 7 = Sunday.
    pub weekday: u8,
    pub start: String,
    pub end: String,
    pub slot_minutes: i64,
    pub capacity: i64,
    pub counter_ids: Vec<i64>,
    pub service_ids: Vec<i64>,
    pub note: String,
    /// The date is a make-up working day (调休): the weekday plan runs that day; staff
    /// are warned before people are booked into this session.
    pub make_up_day: bool,
    /// Places taken (booked or checked in) over all slots.
    pub booked: i64,
    /// Places still free over all slots.
    pub free: i64,
    /// Whether the session's date is inside the booking window today.
    pub window: WindowState,
    pub slots: Vec<BookingSlot>,
}

/// Where a date stands against the booking window (tomorrow … 14 days ahead by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum WindowState {
    /// Too late: booking for this date has closed.
    Closed,
    #[default]
    Open,
    /// Too early: booking for this date opens later.
    NotOpenYet,
}

/// One slot of a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingSlot {
    pub id: i64,
    pub session_id: i64,
    pub date: String,
    pub start: String,
    pub end: String,
    /// Milliseconds since the Unix epoch.
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: i64,
    pub booked: i64,
    pub free: i64,
    /// A place can be booked now: free, not started, its date inside the booking window.
    pub bookable: bool,
}

/// A new booking as staff enter it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingInput {
    pub slot_id: i64,
    /// The matter (service) booked; the session must offer it.
    pub service_id: i64,
    pub name: String,
    /// Mainland mobile; "+86", spaces and dashes are accepted.
    pub mobile: String,
    /// 18-digit resident ID (or HK/Macao/Taiwan residence permit) number.
    pub id_number: String,
    #[serde(default)]
    pub note: String,
}

impl fmt::Debug for BookingInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BookingInput")
            .field("slot_id", &self.slot_id)
            .field("service_id", &self.service_id)
            .field("name", &mask_name(&self.name))
            .field("mobile", &mask_phone(&self.mobile))
            .field("id_number", &mask_id(&self.id_number))
            .field("note", &"<hidden>")
            .finish()
    }
}

/// A booking as lists, the roster and printouts show it: name, mobile and ID masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingSummary {
    pub id: i64,
    /// The confirmation code (6 characters, no 0/O/1/I).
    pub code: String,
    pub status: BookingStatus,
    pub date: String,
    pub start: String,
    pub end: String,
    pub slot_id: i64,
    pub session_id: i64,
    pub service_id: i64,
    pub service_name: String,
    pub service_name_en: String,
    /// 张*
    pub masked_name: String,
    /// 138****8000
    pub masked_mobile: String,
    /// 110105********0123
    pub masked_id_number: String,
    /// The appointment ticket once checked in (Y001…).
    pub ticket_id: Option<i64>,
    pub ticket_number: Option<String>,
    pub created_at: i64,
    pub checked_in_at: Option<i64>,
    /// Personal fields were purged; the masked fields are empty.
    pub purged: bool,
}

/// One booking with its personal fields in full: only for the booking's own page.
/// `None` once purged.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingDetail {
    #[serde(flatten)]
    pub summary: BookingSummary,
    pub name: Option<String>,
    pub mobile: Option<String>,
    pub id_number: Option<String>,
    pub note: Option<String>,
    /// True when the fields above are in full (a staff session asked); false: masked.
    pub unmasked: bool,
}

impl fmt::Debug for BookingDetail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BookingDetail")
            .field("summary", &self.summary)
            .field("name", &"<hidden>")
            .field("mobile", &"<hidden>")
            .field("id_number", &"<hidden>")
            .field("note", &"<hidden>")
            .finish()
    }
}

/// How the desk finds today's booking at check-in.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", content = "value", rename_all = "snake_case")]
pub enum CheckInBy {
    Code(String),
    Mobile(String),
    IdNumber(String),
    /// Whatever was typed into the desk's one check-in box: a code, a mobile or an ID
    /// number, told apart by [`super::identity::classify_entry`].
    Entry(String),
}

impl fmt::Debug for CheckInBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CheckInBy::Code(_) => f.write_str("CheckInBy::Code(<hidden>)"),
            CheckInBy::Mobile(_) => f.write_str("CheckInBy::Mobile(<hidden>)"),
            CheckInBy::IdNumber(_) => f.write_str("CheckInBy::IdNumber(<hidden>)"),
            CheckInBy::Entry(_) => f.write_str("CheckInBy::Entry(<hidden>)"),
        }
    }
}

/// What check-in gave: the booking (now checked in) and its appointment ticket, to print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInOutcome {
    pub booking: BookingSummary,
    /// `ticket.repeated` is true when the booking was already checked in: nothing new was
    /// issued and this is the ticket it got then (a reprint).
    pub ticket: IssuedTicket,
}

/// One slot of the day roster with its bookings (every status), masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterSlot {
    pub slot: BookingSlot,
    /// The dedicated counters' window numbers.
    pub counter_numbers: Vec<i64>,
    pub bookings: Vec<BookingSummary>,
}

/// The bookings of one date, by slot (printable): never an unmasked name, ID or phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingRoster {
    pub date: String,
    pub make_up_day: bool,
    pub slots: Vec<RosterSlot>,
    pub counts: BookingCounts,
}

/// Anonymous counts of bookings (they survive the purge).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingCounts {
    /// Every booking made, whatever became of it.
    pub made: i64,
    /// Still holding a place.
    pub booked: i64,
    /// Kept: checked in.
    pub checked_in: i64,
    pub cancelled: i64,
    /// Missed.
    pub no_show: i64,
}

/// Whether the no-show policy stops a person from booking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BanStatus {
    pub banned: bool,
    /// The first date the person may book again.
    pub until: Option<String>,
    /// No-shows that count (since the last lift, within the policy's reach).
    pub no_shows: i64,
}

/// What the purge did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurgeOutcome {
    /// Bookings whose personal fields were removed now.
    pub purged: i64,
    /// Bookings dated on or before this date are purged.
    pub through: String,
}
