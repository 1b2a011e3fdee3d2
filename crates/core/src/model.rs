//! The plain serde types that cross the `Hall` API (to Tauri commands today, HTTP later).

pub mod devices;
pub mod printing;
pub mod ratings;
pub mod schedule;

use crate::announce::Lang;
use serde::{Deserialize, Serialize};

/// A service (业务) people take numbers for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Service {
    pub id: i64,
    pub name: String,
    pub name_en: String,
    pub prefix: String,
    pub sort_order: i64,
    pub minutes_per_person: i64,
    pub enabled: bool,
}

/// A service as edited in settings; `id: None` creates one.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ServiceInput {
    pub id: Option<i64>,
    pub name: String,
    #[serde(default)]
    pub name_en: String,
    pub prefix: String,
    pub sort_order: i64,
    pub minutes_per_person: i64,
    pub enabled: bool,
}

/// Whether a counter is staffed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "TEXT", rename_all = "snake_case")]
pub enum CounterState {
    Open,
    Paused,
    Closed,
}

impl CounterState {
    /// Every state.
    pub const ALL: [CounterState; 3] = [
        CounterState::Open,
        CounterState::Paused,
        CounterState::Closed,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            CounterState::Open => "open",
            CounterState::Paused => "paused",
            CounterState::Closed => "closed",
        }
    }
}

/// A window (窗口) where a clerk calls numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counter {
    pub id: i64,
    pub number: i64,
    pub name: String,
    pub state: CounterState,
    pub pause_reason: Option<String>,
    pub appointment: bool,
    pub service_ids: Vec<i64>,
}

/// A counter as edited in settings; `id: None` creates one.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CounterInput {
    pub id: Option<i64>,
    pub number: i64,
    pub name: String,
    pub service_ids: Vec<i64>,
    #[serde(default)]
    pub appointment: bool,
}

/// Where a ticket is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "TEXT", rename_all = "snake_case")]
pub enum TicketStatus {
    Waiting,
    Called,
    NoShow,
    Done,
    Voided,
}

impl TicketStatus {
    /// Every status, in the order of a ticket's life.
    pub const ALL: [TicketStatus; 5] = [
        TicketStatus::Waiting,
        TicketStatus::Called,
        TicketStatus::NoShow,
        TicketStatus::Done,
        TicketStatus::Voided,
    ];

    /// The stored name, also used in error parameters.
    pub fn as_str(self) -> &'static str {
        match self {
            TicketStatus::Waiting => "waiting",
            TicketStatus::Called => "called",
            TicketStatus::NoShow => "no_show",
            TicketStatus::Done => "done",
            TicketStatus::Voided => "voided",
        }
    }
}

/// Where a booking is in its life. Cancelled and missed bookings stay as history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "TEXT", rename_all = "snake_case")]
pub enum BookingStatus {
    /// Holds a place.
    Booked,
    /// Came, checked in at the desk and got an appointment ticket.
    CheckedIn,
    Cancelled,
    /// Not checked in by the end of the slot plus the grace time.
    NoShow,
}

impl BookingStatus {
    /// Every status.
    pub const ALL: [BookingStatus; 4] = [
        BookingStatus::Booked,
        BookingStatus::CheckedIn,
        BookingStatus::Cancelled,
        BookingStatus::NoShow,
    ];

    /// The stored name, also used in error parameters.
    pub fn as_str(self) -> &'static str {
        match self {
            BookingStatus::Booked => "booked",
            BookingStatus::CheckedIn => "checked_in",
            BookingStatus::Cancelled => "cancelled",
            BookingStatus::NoShow => "no_show",
        }
    }
}

/// A ticket as every screen sees it. No personal data lives on a ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Ticket {
    pub id: i64,
    pub business_day: String,
    pub number: String,
    pub prefix: String,
    pub seq: i64,
    pub service_id: i64,
    pub service_name: String,
    pub service_name_en: String,
    pub priority: bool,
    pub status: TicketStatus,
    /// Milliseconds since the Unix epoch.
    pub issued_at: i64,
    /// Place in the queue: issue time in microseconds, moved only when a no-show is put
    /// back (microseconds leave room to land between two people).
    pub queue_at: i64,
    pub target_counter_id: Option<i64>,
    pub counter_id: Option<i64>,
    pub counter_number: Option<i64>,
    pub call_count: i64,
    pub called_at: Option<i64>,
    pub finished_at: Option<i64>,
    /// Set on an appointment ticket (Y001…): the booking it was checked in from.
    #[serde(default)]
    pub booking_id: Option<i64>,
}

impl Ticket {
    /// The refusal of an operation on this ticket in its present state.
    pub(crate) fn wrong_state(&self, expected: TicketStatus) -> crate::error::Error {
        crate::error::Error::WrongTicketState {
            number: self.number.clone(),
            status: self.status.as_str().into(),
            expected: expected.as_str().into(),
        }
    }
}

/// What the desk asks for when it issues a number.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IssueRequest {
    pub service_id: i64,
    #[serde(default)]
    pub priority: bool,
    /// Which desk PC or window issued it: a repeated press from the same station within
    /// the double-click window returns the ticket already issued.
    #[serde(default)]
    pub station: String,
    /// An optional idempotency key: a retried request returns the first ticket.
    #[serde(default)]
    pub request_id: Option<String>,
}

/// A ticket as printed: the number with people ahead and an estimated wait.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedTicket {
    pub ticket: Ticket,
    pub ahead: i64,
    pub estimated_wait_minutes: i64,
    pub hall_name: String,
    /// True when this press repeated an earlier one and no new ticket was written.
    pub repeated: bool,
}

/// The queue of one service, for the desk's buttons and the display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceQueue {
    pub service_id: i64,
    pub name: String,
    pub name_en: String,
    pub prefix: String,
    pub enabled: bool,
    pub waiting: i64,
    pub estimated_wait_minutes: i64,
}

/// Today's totals: tickets issued (voided ones not counted) and people served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayTotals {
    pub issued: i64,
    pub served: i64,
}

/// Where a transfer sends a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "id")]
pub enum TransferTarget {
    Service(i64),
    Counter(i64),
}

/// Everything a counter screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounterView {
    pub counter: Counter,
    pub current: Option<Ticket>,
    pub waiting: Vec<Ticket>,
    pub no_shows: Vec<Ticket>,
    pub served_today: i64,
}

/// What a screen loads when it opens; afterwards it applies events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HallSnapshot {
    pub hall_name: String,
    pub business_day: String,
    pub now: i64,
    pub utc_offset_minutes: i32,
    pub services: Vec<ServiceQueue>,
    pub counters: Vec<Counter>,
    pub recent_calls: Vec<Ticket>,
    pub issued_today: i64,
    pub served_today: i64,
    /// The id of the newest event row, so a screen can tell whether it missed any.
    pub last_event_id: i64,
}

/// What "call next" did: the ticket it finished on the way, and the ticket it called
/// (`None` when nobody is waiting for this counter).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallOutcome {
    pub finished: Option<Ticket>,
    pub called: Option<Ticket>,
}

/// Settings of the wall display and its voice. Stored as one JSON document; a field added
/// later takes its default when read from an older document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DisplaySettings {
    /// The scrolling notice at the bottom of the display.
    pub notice: String,
    /// Rows of recent calls (6–10).
    pub recent_rows: i64,
    /// Seconds the current call flashes.
    pub flash_seconds: i64,
    /// Seconds without any word from the hall before the display says it is offline.
    pub offline_after_seconds: i64,
    pub voice_enabled: bool,
    /// 0–100.
    pub voice_volume: i64,
    /// How many times the phrase is said (1–3).
    pub voice_repeat: i64,
    /// Languages spoken, in order (Chinese, optionally followed by English).
    pub voice_langs: Vec<Lang>,
    /// A folder with the hall's own recordings (`zh-CN/<clip>.wav`, `en/<clip>.wav`);
    /// any clip missing there falls back to the shipped one. Empty: shipped clips only.
    pub voice_folder: String,
    /// Open the display window when the app starts.
    pub open_on_start: bool,
    /// The monitor the display goes full screen on (its name); empty: the second monitor
    /// when there is one, else windowed on the first.
    pub monitor: String,
}

impl Default for DisplaySettings {
    fn default() -> Self {
        Self {
            notice: "请留意叫号，过号请到取号台重新排队。非现场交通违法可通过“交管12123”App办理。"
                .into(),
            recent_rows: 8,
            flash_seconds: 6,
            offline_after_seconds: 6,
            voice_enabled: true,
            voice_volume: 90,
            voice_repeat: 2,
            voice_langs: vec![Lang::Zh],
            voice_folder: String::new(),
            open_on_start: false,
            monitor: String::new(),
        }
    }
}

/// A staff session: the token a screen got for the administrator PIN, sent back with each
/// guarded operation. It lapses after a few idle minutes (`staff_sessions::IDLE`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StaffToken(pub String);

/// Whether the administrator PIN exists, and whether wrong tries have locked it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinStatus {
    /// False until the PIN is created (the first opening of 设置).
    pub set: bool,
    /// While locked after too many wrong tries: until when (RFC 3339, the hall's time zone).
    pub locked_until: Option<String>,
    /// Wrong tries left before the lock.
    pub tries_left: i64,
}

/// One row of the audit list: who (screen or device), what, which booking, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct AuditEntry {
    pub id: i64,
    /// Milliseconds since the epoch.
    pub at: i64,
    pub actor: String,
    /// An [`AuditAction`]'s stored name (`unmasked_view`, `ban_lifted` …).
    pub action: String,
    pub booking_id: Option<i64>,
    /// What changed (a settings area, a ticket number, a day, a count); never personal data.
    pub detail: String,
}

/// What an audit row records (see `AuditEntry::action`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    UnmaskedView,
    BanLifted,
    Purge,
    SettingsChanged,
    TicketVoided,
    DayEnded,
    PinCreated,
    PinChanged,
    PinReset,
    PinLocked,
    BackupRestored,
    KioskLeft,
}

impl AuditAction {
    /// The name stored in `audit_log.action`.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::UnmaskedView => "unmasked_view",
            AuditAction::BanLifted => "ban_lifted",
            AuditAction::Purge => "purge",
            AuditAction::SettingsChanged => "settings_changed",
            AuditAction::TicketVoided => "ticket_voided",
            AuditAction::DayEnded => "day_ended",
            AuditAction::PinCreated => "pin_created",
            AuditAction::PinChanged => "pin_changed",
            AuditAction::PinReset => "pin_reset",
            AuditAction::PinLocked => "pin_locked",
            AuditAction::BackupRestored => "backup_restored",
            AuditAction::KioskLeft => "kiosk_left",
        }
    }
}

/// One backup in the data folder's `backups/`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupInfo {
    /// The file's name, e.g. `frontdesk-20261130-235900.sqlite3`.
    pub name: String,
    /// When it was made (ms since the epoch).
    pub at: i64,
    /// Its size in bytes.
    pub size: u64,
}
