//! The hall's day (早开 · 午休 · 截止 · 延时): the weekly plan, date exceptions and the
//! holiday import, the hall's status as a pure function of them and the clock, the issue
//! check, ending the day, the 12123 guidance count and the day's record.
//!
//! Times of day are local to the hall (`HallSettings::utc_offset_minutes`), in whole
//! minutes; a session may end at 24:00. How the status is decided: see [`status`].

mod api;
mod calendar;
mod holidays;
mod plan;
pub mod status;
mod store;

pub use calendar::Timetable;
// The schedule's API types live in `model::schedule` (below the rules, so that events and
// the booking rules use them without importing the schedule); named here too, where
// callers of the schedule look for them.
pub use crate::model::schedule::{
    AppointmentDay, AppointmentWindow, DateException, DayInfo, DayKind, DayOfWeek, DayRecord,
    ExceptionInput, ExceptionKind, ExceptionSource, GuidanceCount, HallState, HallStatus,
    HolidayCoverage, ImportSummary, LocalInstant, ScheduleSettings, ServiceCutoff, ServiceIssuing,
    Session, StatusChange, WeekPlan,
};

/// The timetable of the dates `from..=to` ("YYYY-MM-DD"), for the statistics of a range of
/// past days: today's weekly plan with the exceptions of those dates.
pub(crate) async fn timetable_between(
    conn: &mut sqlx::SqliteConnection,
    utc_offset_minutes: i32,
    from: &str,
    to: &str,
) -> crate::error::Result<Timetable> {
    let settings = store::load_settings(conn).await?;
    let exceptions = crate::table::date_exceptions::between(conn, from, to).await?;
    Timetable::new(&settings, &exceptions, utc_offset_minutes)
}
