//! The plain serde types of the hall's day (the schedule, its status, the day's record):
//! what screens read and edit. They sit below the rules so that the schedule, the
//! booking rules and the events can all use them without importing each other.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// A session of the hall in local "HH:MM" times; `end` may be "24:00".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub start: String,
    pub end: String,
}

impl Session {
    /// A session from two "HH:MM" texts.
    pub fn new(start: &str, end: &str) -> Self {
        Self {
            start: start.into(),
            end: end.into(),
        }
    }
}

/// A day of the week; a make-up working day names the one whose plan it follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayOfWeek {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl DayOfWeek {
    /// Monday first.
    pub const ALL: [DayOfWeek; 7] = [
        DayOfWeek::Mon,
        DayOfWeek::Tue,
        DayOfWeek::Wed,
        DayOfWeek::Thu,
        DayOfWeek::Fri,
        DayOfWeek::Sat,
        DayOfWeek::Sun,
    ];

    /// 1 (Monday) to 7 (Sunday), as stored.
    pub fn number(self) -> i64 {
        self as i64 + 1
    }

    /// The day stored as `n` (1 = Monday).
    pub fn from_number(n: i64) -> Option<Self> {
        usize::try_from(n - 1)
            .ok()
            .and_then(|i| Self::ALL.get(i).copied())
    }

    /// "mon" … "sun", as serialised and named in errors.
    pub fn as_str(self) -> &'static str {
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][self as usize]
    }

    /// The weekday of a date.
    pub fn of(date: NaiveDate) -> Self {
        date.weekday().into()
    }
}

impl From<Weekday> for DayOfWeek {
    fn from(w: Weekday) -> Self {
        Self::ALL[w.num_days_from_monday() as usize]
    }
}

/// The sessions of each weekday.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekPlan {
    #[serde(default)]
    pub mon: Vec<Session>,
    #[serde(default)]
    pub tue: Vec<Session>,
    #[serde(default)]
    pub wed: Vec<Session>,
    #[serde(default)]
    pub thu: Vec<Session>,
    #[serde(default)]
    pub fri: Vec<Session>,
    #[serde(default)]
    pub sat: Vec<Session>,
    #[serde(default)]
    pub sun: Vec<Session>,
}

impl WeekPlan {
    /// The sessions of one weekday.
    pub fn day(&self, d: DayOfWeek) -> &Vec<Session> {
        match d {
            DayOfWeek::Mon => &self.mon,
            DayOfWeek::Tue => &self.tue,
            DayOfWeek::Wed => &self.wed,
            DayOfWeek::Thu => &self.thu,
            DayOfWeek::Fri => &self.fri,
            DayOfWeek::Sat => &self.sat,
            DayOfWeek::Sun => &self.sun,
        }
    }

    /// The sessions of one weekday, to edit.
    pub fn day_mut(&mut self, d: DayOfWeek) -> &mut Vec<Session> {
        match d {
            DayOfWeek::Mon => &mut self.mon,
            DayOfWeek::Tue => &mut self.tue,
            DayOfWeek::Wed => &mut self.wed,
            DayOfWeek::Thu => &mut self.thu,
            DayOfWeek::Fri => &mut self.fri,
            DayOfWeek::Sat => &mut self.sat,
            DayOfWeek::Sun => &mut self.sun,
        }
    }

    /// The same sessions on each of `days`, none on the others.
    pub fn uniform(days: &[DayOfWeek], sessions: &[Session]) -> Self {
        let mut plan = Self::default();
        for &d in days {
            *plan.day_mut(d) = sessions.to_vec();
        }
        plan
    }
}

/// A service whose issuing closes some minutes before each cutoff of the hall (for a
/// matter that takes long, so that people are not issued numbers that cannot be served).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceCutoff {
    pub service_id: i64,
    pub minutes_before: i64,
}

/// The schedule as the administrator edits it. The hall's time zone is the existing
/// `HallSettings::utc_offset_minutes` (Asia/Shanghai: +480).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleSettings {
    /// Sessions of each weekday.
    pub week: WeekPlan,
    /// Issuing and calling open this many minutes before each session (提前开放).
    pub early_open_minutes: i64,
    /// From this many minutes before a cutoff, the 12123 reminder shows.
    pub reminder_minutes: i64,
    /// Before the day's first opening, the status is "opening soon" for this long.
    pub opening_soon_minutes: i64,
    /// Numbers may be taken during the break between two sessions (then the end of the
    /// morning session is no cutoff).
    pub issue_during_lunch: bool,
    /// A make-up working day (调休) without a named weekday follows this one's plan.
    pub makeup_follows: DayOfWeek,
    /// The guidance shown instead of the issue buttons after the cutoff.
    pub guidance_text: String,
    /// The same guidance in English.
    pub guidance_text_en: String,
    /// Services whose issuing closes earlier than the hall's cutoff.
    #[serde(default)]
    pub service_cutoffs: Vec<ServiceCutoff>,
}

impl Default for ScheduleSettings {
    fn default() -> Self {
        let weekdays = [
            DayOfWeek::Mon,
            DayOfWeek::Tue,
            DayOfWeek::Wed,
            DayOfWeek::Thu,
            DayOfWeek::Fri,
        ];
        Self {
            week: WeekPlan::uniform(
                &weekdays,
                &[Session::new("09:00", "12:00"), Session::new("13:30", "17:30")],
            ),
            early_open_minutes: 10,
            reminder_minutes: 20,
            opening_soon_minutes: 60,
            issue_during_lunch: false,
            makeup_follows: DayOfWeek::Mon,
            guidance_text: "今日取号已截止。非现场交通违法（电子监控抓拍）可通过“交管12123”App在线处理，无需到厅排队。"
                .into(),
            guidance_text_en: "Numbers for today are closed. Traffic violations recorded by cameras can be handled online in the 12123 traffic app, without queuing here."
                .into(),
            service_cutoffs: Vec::new(),
        }
    }
}

/// What an exception does to its date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "TEXT", rename_all = "snake_case")]
pub enum ExceptionKind {
    /// Closed all day (a public holiday).
    Closed,
    /// Open with its own sessions.
    SpecialHours,
    /// A make-up working day (调休): the plan of a named weekday runs.
    Workday,
}

/// Who made an exception: the administrator, or a holiday file import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "TEXT", rename_all = "snake_case")]
pub enum ExceptionSource {
    Manual,
    Imported,
}

impl ExceptionSource {
    /// Both sources.
    pub const ALL: [ExceptionSource; 2] = [ExceptionSource::Manual, ExceptionSource::Imported];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            ExceptionSource::Manual => "manual",
            ExceptionSource::Imported => "imported",
        }
    }
}

/// An exception as stored and listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateException {
    pub id: i64,
    /// The local date, "YYYY-MM-DD".
    pub date: String,
    pub kind: ExceptionKind,
    /// The sessions of special hours (empty for the other kinds).
    pub sessions: Vec<Session>,
    /// The weekday a make-up day follows; `None`: the schedule's `makeup_follows`.
    pub follows: Option<DayOfWeek>,
    pub source: ExceptionSource,
    /// The holiday's name (元旦, 春节 …), may be empty.
    pub name: String,
    pub note: String,
    /// The holiday file's year, for imported exceptions.
    pub import_year: Option<i32>,
    /// False for an imported exception hidden by a manual one on the same date.
    pub effective: bool,
}

/// A manual exception as entered in settings; it replaces the manual one of its date.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExceptionInput {
    pub date: String,
    pub kind: ExceptionKind,
    #[serde(default)]
    pub sessions: Vec<Session>,
    #[serde(default)]
    pub follows: Option<DayOfWeek>,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub note: String,
}

/// How a date's plan was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// The weekly plan of its weekday.
    Weekly,
    /// Closed by an exception (a public holiday).
    Closed,
    /// Special hours.
    SpecialHours,
    /// A make-up working day.
    Workday,
}

/// One date's plan, for screens and for the booking module (a make-up working day on a
/// weekend is flagged to staff before anyone is booked into it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayInfo {
    pub date: String,
    pub weekday: DayOfWeek,
    pub kind: DayKind,
    /// The exception's name (e.g. 国庆节), empty for the weekly plan.
    pub name: String,
    /// For a make-up day: the weekday whose plan runs.
    pub follows: Option<DayOfWeek>,
    pub source: Option<ExceptionSource>,
    pub sessions: Vec<Session>,
}

/// The hall's status, shown on every screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HallState {
    Closed,
    OpeningSoon,
    EarlyOpen,
    Open,
    ClosingSoon,
    LunchBreak,
    ExtendedService,
    ClosedForDay,
    /// A booking day: open for booked people only (check-in at the desk), no walk-ins.
    AppointmentsOnly,
}

impl HallState {
    /// The serialised name, also used in error parameters.
    pub fn as_str(self) -> &'static str {
        match self {
            HallState::Closed => "closed",
            HallState::OpeningSoon => "opening_soon",
            HallState::EarlyOpen => "early_open",
            HallState::Open => "open",
            HallState::ClosingSoon => "closing_soon",
            HallState::LunchBreak => "lunch_break",
            HallState::ExtendedService => "extended_service",
            HallState::ClosedForDay => "closed_for_day",
            HallState::AppointmentsOnly => "appointments_only",
        }
    }
}

/// An instant, with its local date and time in the hall's time zone.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LocalInstant {
    /// Milliseconds since the Unix epoch.
    pub at: i64,
    /// RFC 3339 with the hall's offset, e.g. "2026-12-01T08:50:00+08:00".
    pub iso: String,
    /// Local date "YYYY-MM-DD".
    pub date: String,
    /// Local time "HH:MM".
    pub time: String,
}

/// The next change of the status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub status: HallState,
    pub at: LocalInstant,
}

/// A date's booking day as the booking rules make it: check-in opens
/// `check_in_early_minutes` before the first slot and closes `grace_minutes` after the last
/// one. Times are minutes after local midnight; the hall's status clamps them to the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentWindow {
    pub date: NaiveDate,
    /// When check-in opens (may be before midnight: then the day starts at 00:00).
    pub opens_min: i64,
    /// When the last slot's check-in closes (may pass 24:00: then the day ends at 24:00).
    pub closes_min: i64,
}

/// Today's booking day, on a date without walk-in sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentDay {
    /// Check-in opens before the first slot: `appointments_only` from here.
    pub check_in_opens: LocalInstant,
    /// The end of the last slot plus the grace time: the booking day is over.
    pub closes: LocalInstant,
}

/// Whether one service may issue now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceIssuing {
    pub service_id: i64,
    pub issuing_open: bool,
    /// While open: when this service's issuing closes.
    pub cutoff: Option<LocalInstant>,
    /// While closed: when it opens next.
    pub opens_at: Option<LocalInstant>,
}

/// Everything a screen needs to show the hall's status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HallStatus {
    pub status: HallState,
    pub business_day: String,
    /// Today's plan and why (weekly plan, holiday, special hours, make-up day).
    pub day: DayInfo,
    /// Numbers may be taken (services may close earlier: see `services`).
    pub issuing_open: bool,
    /// Counters call: while issuing is open and while anyone holds a number.
    pub calling_open: bool,
    /// The 12123 reminder banner shows (from `reminder_minutes` before a cutoff).
    pub reminder: bool,
    /// People waiting: today's and those of an earlier day still being served.
    pub waiting: i64,
    /// People being served (called) now.
    pub serving: i64,
    /// Earlier business days still being served after their date ended (延时服务 past
    /// midnight), oldest first; their people are counted in `waiting` and `serving`.
    #[serde(default)]
    pub carried_over: Vec<CarriedDay>,
    /// The cutoff of the issuing window open now, or else of the next one today.
    pub cutoff: Option<LocalInstant>,
    /// Today's closing: the end of the last session.
    pub closing: Option<LocalInstant>,
    /// While issuing is closed: when it opens next.
    pub opens_at: Option<LocalInstant>,
    pub next_change: Option<StatusChange>,
    /// Per service, in desk order.
    pub services: Vec<ServiceIssuing>,
    /// Today is a booking day (booked people only): its hours, all day long.
    pub appointment_day: Option<AppointmentDay>,
}

/// An earlier business day still being served after its date ended.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, sqlx::FromRow)]
pub struct CarriedDay {
    /// "YYYY-MM-DD".
    pub business_day: String,
    pub waiting: i64,
    pub serving: i64,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub year: i32,
    /// Days imported as closed.
    pub closed: i64,
    /// Days imported as make-up working days.
    pub workdays: i64,
    /// Imported days on which a manual exception stays in force.
    pub overridden_by_manual: i64,
    /// Exceptions of an earlier import of this year that were replaced.
    pub replaced: i64,
}

/// Which years have holiday data, for the "next year has no data yet" warning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayCoverage {
    /// Years with imported holiday data.
    pub years: Vec<i32>,
    pub current_year: i32,
    pub current_year_has_data: bool,
    pub next_year: i32,
    pub next_year_has_data: bool,
}

/// The desk's count of people guided to the 12123 app today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuidanceCount {
    pub business_day: String,
    /// Everyone guided today.
    pub today: i64,
    /// Of them, guided after a cutoff (issuing closed for the day or for the break).
    pub after_cutoff: i64,
}

/// A business day's record for statistics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayRecord {
    pub business_day: String,
    /// The end of the day's last session (frozen when the day was ended).
    pub closing: Option<LocalInstant>,
    /// Tickets issued (voided ones excluded).
    pub issued: i64,
    /// Tickets finished (办结).
    pub served: i64,
    /// People whose service finished after closing (延时服务).
    pub served_after_closing: i64,
    /// Minutes from closing to the last finish, rounded up; 0 when nobody was served late.
    pub minutes_past_closing: i64,
    pub last_finished: Option<LocalInstant>,
    /// People the desk guided to the 12123 app.
    pub guided_to_12123: i64,
    /// Of them, guided after a cutoff.
    pub guided_after_cutoff: i64,
    /// When staff ended the day (milliseconds since the Unix epoch).
    pub ended_at: Option<i64>,
}
