//! Reading and writing the schedule, on the caller's connection or transaction (so the
//! issue check reads the plan inside the transaction that writes the ticket).

use super::calendar::{CheckedException, Timetable};
use super::holidays::Holiday;
use crate::error::{Error, Result};
use crate::model::schedule::{
    DayOfWeek, ExceptionKind, ExceptionSource, ScheduleSettings, WeekPlan,
};
use crate::table::date_exceptions::{self, NewException};
use crate::table::service_cutoffs;
use chrono::{Duration, NaiveDate};
use sqlx::SqliteConnection;

/// The settings row holding the schedule's settings as one JSON document.
const KEY: &str = "schedule";

/// The schedule's settings: the JSON row 'schedule', where a field missing (added after
/// the row was written) keeps its default, with the per-service cutoffs from their table.
pub(crate) async fn load_settings(conn: &mut SqliteConnection) -> Result<ScheduleSettings> {
    let bad = || Error::Invalid { field: "schedule" };
    let mut s = match crate::table::settings::get(conn, KEY).await? {
        None => ScheduleSettings::default(),
        Some(json) => {
            let mut merged =
                serde_json::to_value(ScheduleSettings::default()).map_err(|_| bad())?;
            let stored: serde_json::Value = serde_json::from_str(&json).map_err(|_| bad())?;
            match (merged.as_object_mut(), stored) {
                (Some(fields), serde_json::Value::Object(stored)) => fields.extend(stored),
                _ => return Err(bad()),
            }
            serde_json::from_value(merged).map_err(|_| bad())?
        }
    };
    s.service_cutoffs = service_cutoffs::all(conn).await?;
    Ok(s)
}

/// Writes checked settings inside the caller's transaction: the sessions in order and in
/// "HH:MM", the guidance trimmed.
pub(crate) async fn store_settings(
    conn: &mut SqliteConnection,
    s: &ScheduleSettings,
) -> Result<()> {
    let rules = s.rules()?;
    for &service_id in rules.cutoffs.keys() {
        crate::table::services::ensure_exists(&mut *conn, service_id).await?;
    }
    let mut week = WeekPlan::default();
    for d in DayOfWeek::ALL {
        *week.day_mut(d) = rules.week[d as usize]
            .iter()
            .map(|sp| sp.session())
            .collect();
    }
    let stored = ScheduleSettings {
        week,
        guidance_text: s.guidance_text.trim().to_string(),
        guidance_text_en: s.guidance_text_en.trim().to_string(),
        // Kept in `service_cutoffs`, one row per service (gone with its service).
        service_cutoffs: Vec::new(),
        ..s.clone()
    };
    let json = serde_json::to_string(&stored).map_err(|_| Error::Invalid { field: "schedule" })?;
    crate::table::settings::put(&mut *conn, KEY, &json).await?;
    // Collected first: an iterator with a closure held across the awaits makes this future
    // not `Send` for every lifetime, which a Tauri command needs.
    let cutoffs: Vec<(i64, u32)> = rules.cutoffs.iter().map(|(&id, &m)| (id, m)).collect();
    service_cutoffs::replace(conn, cutoffs).await
}

/// The dates a timetable for `date` knows: the day before, and the look-ahead for the
/// next opening.
pub(crate) fn timetable_range(date: NaiveDate) -> (NaiveDate, NaiveDate) {
    (date - Duration::days(1), date + Duration::days(62))
}

/// The timetable around `date`: the plan and the exceptions from the day before to the
/// look-ahead of the status (enough for the status, its next change and next opening).
pub(crate) async fn timetable(
    conn: &mut SqliteConnection,
    utc_offset_minutes: i32,
    date: NaiveDate,
) -> Result<Timetable> {
    let settings = load_settings(conn).await?;
    let (from, to) = timetable_range(date);
    let exceptions = date_exceptions::between(conn, &from.to_string(), &to.to_string()).await?;
    Timetable::new(&settings, &exceptions, utc_offset_minutes)
}

/// Writes a checked exception (replacing the one of the same date and source); returns
/// its id.
pub(crate) async fn put_exception(
    conn: &mut SqliteConnection,
    e: &CheckedException,
    source: ExceptionSource,
    import_year: Option<i32>,
) -> Result<i64> {
    date_exceptions::put(
        conn,
        NewException {
            date: &e.date.to_string(),
            kind: e.kind,
            follows: e.follows,
            source,
            import_year,
            name: &e.name,
            note: &e.note,
            sessions: e.spans.iter().map(|s| (s.start, s.end)).collect(),
        },
    )
    .await
}

/// Replaces the imported exceptions of `year` with `days`; manual ones are untouched.
/// Returns (replaced, overridden by manual).
pub(crate) async fn replace_imported(
    conn: &mut SqliteConnection,
    year: i32,
    days: &[Holiday],
) -> Result<(i64, i64)> {
    let replaced = date_exceptions::delete_imported(conn, year).await?;
    let mut overridden = 0;
    for h in days {
        let e = CheckedException {
            date: h.date,
            kind: if h.off {
                ExceptionKind::Closed
            } else {
                ExceptionKind::Workday
            },
            spans: Vec::new(),
            follows: None,
            name: h.name.clone(),
            note: String::new(),
        };
        put_exception(conn, &e, ExceptionSource::Imported, Some(year)).await?;
        overridden += i64::from(date_exceptions::has_manual(conn, &h.date.to_string()).await?);
    }
    Ok((replaced, overridden))
}
