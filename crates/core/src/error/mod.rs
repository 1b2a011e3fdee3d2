//! One error type for the whole core. Each variant has a stable machine `code` that the
//! UI turns into a sentence in the user's language; parameters never hold personal data.
//!
//! A variant is written once: its message (`#[error]`), its code (the variant's name in
//! snake_case, or `#[serde(rename)]`) and its parameters (its fields, by name) all come from
//! the declaration, through serde's adjacent tagging: `{"code": …, "params": {…}}`. A new error
//! needs a text under `error.<code>` in both `ui/i18n` files (a test in `src-tauri` checks).

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::Value;

mod booking;
mod device;
mod print;
mod rating;

pub use booking::BookingError;
pub use device::DeviceError;
pub use print::{PrintErrorInfo, PrintFailure};
pub use rating::RatingError;

/// Everything that can go wrong in the hall, as data.
#[derive(Debug, thiserror::Error, Serialize)]
#[serde(
    remote = "Self",
    tag = "code",
    content = "params",
    rename_all = "snake_case"
)]
pub enum Error {
    #[error("unknown service {0}")]
    UnknownService(#[serde(serialize_with = "id_param")] i64),
    #[error("unknown counter {0}")]
    UnknownCounter(#[serde(serialize_with = "id_param")] i64),
    #[error("unknown ticket")]
    UnknownTicket,
    #[error("no ticket {number} today")]
    NoSuchNumber { number: String },
    /// The number exists on more than one open business day (e.g. A001 of yesterday, still
    /// waiting after midnight, and A001 of today): the day must be given.
    #[error("{number} exists on several open days ({days:?})")]
    AmbiguousNumber {
        number: String,
        #[serde(flatten, serialize_with = "days_and_list")]
        days: Vec<String>,
    },
    #[error("service {prefix} is switched off")]
    ServiceDisabled { prefix: String },
    #[error("counter {number} is paused")]
    CounterPaused {
        #[serde(rename = "counter")]
        number: i64,
    },
    #[error("counter {number} is closed")]
    CounterClosed {
        #[serde(rename = "counter")]
        number: i64,
    },
    #[error("counter {number} does not handle service {prefix}")]
    CounterDoesNotServe {
        #[serde(rename = "counter")]
        number: i64,
        prefix: String,
    },
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
    DuplicateCounterNumber {
        #[serde(rename = "counter")]
        number: i64,
    },
    #[error("a counter needs at least one service")]
    NoServices,
    #[error("{field} has an invalid value")]
    Invalid { field: &'static str },
    #[error("issuing is closed ({status})")]
    IssuingClosed {
        status: String,
        /// When issuing opens next: RFC 3339 in the hall's time zone.
        #[serde(flatten, serialize_with = "opening")]
        opens_at: Option<String>,
    },
    #[error("issuing of service {prefix} closed at {cutoff}")]
    ServiceCutoff {
        prefix: String,
        cutoff: String,
        #[serde(flatten, serialize_with = "opening")]
        opens_at: Option<String>,
    },
    #[error("{count} people of {business_day} still hold a number")]
    QueueNotEmpty {
        business_day: String,
        count: i64,
        #[serde(flatten, serialize_with = "numbers_and_list")]
        numbers: Vec<String>,
    },
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
    UnknownException(#[serde(serialize_with = "id_param")] i64),
    /// The database refused or failed; the details go to the message, never to the screen.
    #[error("storage error: {0}")]
    Storage(
        #[from]
        #[serde(serialize_with = "no_params")]
        sqlx::Error,
    ),
    #[error("migration error: {0}")]
    #[serde(rename = "storage")]
    Migration(
        #[from]
        #[serde(serialize_with = "no_params")]
        sqlx::migrate::MigrateError,
    ),
    /// A file or folder of the hall could not be read or written (e.g. the data folder).
    #[error("file error: {0}")]
    Io(
        #[from]
        #[serde(serialize_with = "no_params")]
        std::io::Error,
    ),
    /// Another process (a second FrontDesk, or the LAN server) holds the data folder.
    #[error("the data folder {folder} is in use by another FrontDesk (process {pid})")]
    DataFolderInUse { folder: String, pid: u32 },
    /// The database's bookings are sealed with a key whose file is not there (a data folder
    /// copied or restored without its key folder): nothing is opened, nothing is written.
    #[error("the personal-data key {path} is missing")]
    PersonalKeyMissing { path: String },
    /// The OS key store answers, but neither it nor the key file holds the key the
    /// database's bookings are sealed with: nothing is opened, nothing is written.
    #[error("the personal-data key is neither in {store} nor in {path}")]
    PersonalKeyNotFound { store: String, path: String },
    /// The key file is not there and the OS key store, which may hold the key, cannot be
    /// reached (not running, or locked): nothing is opened, nothing is written.
    #[error("the personal-data key is not in {path}, and {store} cannot be reached")]
    PersonalKeyStoreUnreachable { store: String, path: String },
    /// The key in `place` (the key file, or the OS key store's name) is not the key this
    /// database was sealed with.
    #[error("the personal-data key in {place} does not belong to this data folder")]
    PersonalKeyWrong { place: String },
    /// The key file cannot be read as a key.
    #[error("the personal-data key {path} is damaged")]
    PersonalKeyInvalid { path: String },
    /// A sealed personal field does not open with the hall's key (changed on disk).
    #[error("a booking's personal data cannot be read")]
    PersonalDataUnreadable,
    /// A guarded operation (设置, unmasked booking details, lifting a ban, the holiday
    /// import) without a live staff session: the screen asks for the PIN.
    #[error("the administrator PIN is required")]
    StaffSessionRequired,
    #[error("wrong PIN ({tries_left} tries left)")]
    WrongPin { tries_left: i64 },
    /// Too many wrong tries: no PIN is checked until `until` (RFC 3339).
    #[error("the PIN is locked until {until}")]
    PinLocked { until: String },
    #[error("no administrator PIN has been created yet")]
    PinNotSet,
    #[error("the administrator PIN already exists")]
    PinAlreadySet,
    #[error("a PIN is {min} to {max} digits")]
    PinFormat { min: usize, max: usize },
    /// Not one of the hall's backups, or not a sound database: nothing was restored.
    #[error("{name} is not a usable backup")]
    BadBackup { name: String },
    /// The statistics export could not be written (the reason names no person).
    #[error("export failed: {reason}")]
    ExportFailed { reason: String },
    /// This station has no ticket printer set up in 设置 → 打印.
    #[error("no printer is set up for the {station}")]
    NoPrinter { station: String },
    /// Booking sessions, bookings and check-in: their own codes, see [`BookingError`].
    #[error(transparent)]
    #[serde(untagged)]
    Booking(#[from] BookingError),
    /// 好差评 ratings and their follow-ups: their own codes, see [`RatingError`].
    #[error(transparent)]
    #[serde(untagged)]
    Rating(#[from] RatingError),
    /// Devices on the hall's network: pairing, roles, repeated requests, see [`DeviceError`].
    #[error(transparent)]
    #[serde(untagged)]
    Device(#[from] DeviceError),
    /// A printer setting that cannot work, or a print (test page) that failed: the print
    /// crate's codes under `print_`, see [`PrintFailure`].
    #[error(transparent)]
    #[serde(untagged)]
    Print(#[from] PrintFailure),
}

impl From<rusqlite::Error> for Error {
    /// The statements run in this thread (`raw`) fail as storage errors, as sqlx's do: the
    /// message goes to the log, never to a screen. SQLite's messages hold no bound values.
    fn from(e: rusqlite::Error) -> Self {
        Error::Storage(sqlx::Error::Protocol(format!("sqlite: {e}")))
    }
}

impl From<frontdesk_print::PrintError> for Error {
    fn from(e: frontdesk_print::PrintError) -> Self {
        Error::Print(PrintFailure(e))
    }
}

/// The core's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A stable, machine-readable code: the UI's key for the translated sentence.
    pub fn code(&self) -> String {
        code_of(self.tagged())
    }

    /// The parameters the UI fills into its sentence (an empty object when there are none).
    pub fn params(&self) -> Value {
        params_of(self.tagged())
    }

    /// `{code, params}` as the declaration above writes them.
    fn tagged(&self) -> Value {
        Error::serialize(self, serde_json::value::Serializer).unwrap_or(Value::Null)
    }
}

/// The `code` of an adjacently tagged error value.
pub fn code_of(tagged: Value) -> String {
    match tagged {
        Value::Object(mut m) => match m.remove("code") {
            Some(Value::String(code)) => code,
            _ => String::new(),
        },
        _ => String::new(),
    }
}

/// The `params` of an adjacently tagged error value; a variant without fields has none.
pub fn params_of(tagged: Value) -> Value {
    match tagged {
        Value::Object(mut m) => m
            .remove("params")
            .unwrap_or_else(|| Value::Object(Default::default())),
        _ => Value::Object(Default::default()),
    }
}

impl Serialize for Error {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_for_ui(self.tagged(), &self.to_string(), s)
    }
}

/// Writes an error as a command returns it: `{code, message, params}`, from its adjacently
/// tagged form (`{code, params}`) and its message. `params` is always an object, so the UI
/// never has to ask whether there are any. The shell's own errors are written the same way.
pub fn serialize_for_ui<S: Serializer>(
    tagged: Value,
    message: &str,
    s: S,
) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(Some(3))?;
    m.serialize_entry("code", &code_of(tagged.clone()))?;
    m.serialize_entry("message", message)?;
    m.serialize_entry("params", &params_of(tagged))?;
    m.end()
}

/// An id as the parameter `id`.
fn id_param<S: Serializer>(id: &i64, s: S) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(Some(1))?;
    m.serialize_entry("id", id)?;
    m.end()
}

/// No parameters: the cause is in the message (and the log), not on the screen.
fn no_params<T, S: Serializer>(_: &T, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_map(Some(0))?.end()
}

/// When issuing opens next, whole (`opens_at`) and in the parts a sentence uses.
fn opening<S: Serializer>(opens_at: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(Some(3))?;
    m.serialize_entry("opens_at", opens_at)?;
    m.serialize_entry("opens_date", &opens_at.as_ref().map(|o| o.get(..10)))?;
    m.serialize_entry("opens_time", &opens_at.as_ref().map(|o| o.get(11..16)))?;
    m.end()
}

/// The numbers still held, as a list and as one line of text.
fn numbers_and_list<S: Serializer>(numbers: &[String], s: S) -> Result<S::Ok, S::Error> {
    items_and_list("numbers", numbers, s)
}

/// The open days a number exists on, as a list and as one line of text.
fn days_and_list<S: Serializer>(days: &[String], s: S) -> Result<S::Ok, S::Error> {
    items_and_list("days", days, s)
}

/// `items` under `key`, and joined into one line of text under `list`.
fn items_and_list<S: Serializer>(key: &str, items: &[String], s: S) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(Some(2))?;
    m.serialize_entry(key, items)?;
    m.serialize_entry("list", &items.join("、"))?;
    m.end()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn wire(e: Error) -> Value {
        serde_json::to_value(e).unwrap()
    }

    #[test]
    fn the_wire_form_is_code_message_params() {
        assert_eq!(
            wire(Error::UnknownService(7)),
            json!({ "code": "unknown_service", "message": "unknown service 7",
                    "params": { "id": 7 } })
        );
        assert_eq!(
            wire(Error::CounterPaused { number: 3 })["params"],
            json!({ "counter": 3 })
        );
        assert_eq!(wire(Error::QueueEmpty)["params"], json!({}));
        let storage = wire(Error::Storage(sqlx::Error::RowNotFound));
        assert_eq!(storage["code"], "storage");
        assert_eq!(storage["params"], json!({}));
        let migration = Error::Migration(sqlx::migrate::MigrateError::VersionMissing(1));
        assert_eq!(migration.code(), "storage");
        assert_eq!(Error::Io(std::io::Error::other("disk")).code(), "io");
    }

    #[test]
    fn derived_parameters_are_written_beside_their_field() {
        let closed = wire(Error::IssuingClosed {
            status: "before_open".into(),
            opens_at: Some("2026-11-30T08:50:00+08:00".into()),
        });
        assert_eq!(
            closed["params"],
            json!({ "status": "before_open", "opens_at": "2026-11-30T08:50:00+08:00",
                    "opens_date": "2026-11-30", "opens_time": "08:50" })
        );
        let held = wire(Error::QueueNotEmpty {
            business_day: "2026-11-30".into(),
            count: 2,
            numbers: vec!["A001".into(), "B002".into()],
        });
        assert_eq!(
            held["params"],
            json!({ "business_day": "2026-11-30", "count": 2, "numbers": ["A001", "B002"],
                    "list": "A001、B002" })
        );
        let ambiguous = wire(Error::AmbiguousNumber {
            number: "A001".into(),
            days: vec!["2026-11-29".into(), "2026-11-30".into()],
        });
        assert_eq!(
            ambiguous["params"],
            json!({ "number": "A001", "days": ["2026-11-29", "2026-11-30"],
                    "list": "2026-11-29、2026-11-30" })
        );
    }

    #[test]
    fn booking_errors_keep_their_own_codes() {
        let e = Error::Booking(BookingError::WeeklyLimit { limit: 2 });
        assert_eq!(
            wire(e),
            json!({ "code": "weekly_limit_reached",
                    "message": "this person already has 2 bookings that week",
                    "params": { "limit": 2 } })
        );
        assert_eq!(
            BookingError::NotAppointmentCounter { number: 6 }.params(),
            json!({ "counter": 6 })
        );
        assert_eq!(BookingError::UnknownBooking.params(), json!({}));
    }
}
