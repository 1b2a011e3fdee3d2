//! Reading and writing the schedule, on the caller's connection or transaction (so the
//! issue check reads the plan inside the transaction that writes the ticket).

use super::calendar::{CheckedException, Timetable};
use super::holidays::Holiday;
use super::plan::Span;
use crate::error::{Error, Result};
use crate::model::schedule::{
    DayOfWeek, ExceptionKind, ExceptionSource, ScheduleSettings, Session, WeekPlan,
};
use crate::table::date_exceptions::{self, NewException};
use crate::table::service_cutoffs;
use chrono::{Duration, NaiveDate};
use sqlx::SqliteConnection;

const EARLY: &str = "schedule.early_open_minutes";
const REMINDER: &str = "schedule.reminder_minutes";
const OPENING_SOON: &str = "schedule.opening_soon_minutes";
const LUNCH: &str = "schedule.issue_during_lunch";
const MAKEUP: &str = "schedule.makeup_follows";
const GUIDANCE: &str = "schedule.guidance_text";
const GUIDANCE_EN: &str = "schedule.guidance_text_en";

fn span_session(start: i64, end: i64) -> Session {
    Span {
        start: start as u32,
        end: end as u32,
    }
    .session()
}

/// The schedule's settings; missing rows keep their defaults.
pub(crate) async fn load_settings(conn: &mut SqliteConnection) -> Result<ScheduleSettings> {
    let mut s = ScheduleSettings {
        week: WeekPlan::default(),
        ..ScheduleSettings::default()
    };
    let rows: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT weekday, start_min, end_min FROM plan_sessions ORDER BY weekday, start_min",
    )
    .fetch_all(&mut *conn)
    .await?;
    for (wd, start, end) in rows {
        let day = DayOfWeek::from_number(wd).ok_or(Error::Invalid { field: "schedule" })?;
        s.week.day_mut(day).push(span_session(start, end));
    }
    let kv: Vec<(String, String)> =
        sqlx::query_as("SELECT key, value FROM settings WHERE key LIKE 'schedule.%'")
            .fetch_all(&mut *conn)
            .await?;
    let bad = || Error::Invalid { field: "schedule" };
    for (k, v) in kv {
        match k.as_str() {
            EARLY => s.early_open_minutes = v.parse().map_err(|_| bad())?,
            REMINDER => s.reminder_minutes = v.parse().map_err(|_| bad())?,
            OPENING_SOON => s.opening_soon_minutes = v.parse().map_err(|_| bad())?,
            LUNCH => s.issue_during_lunch = v == "1",
            MAKEUP => {
                s.makeup_follows = v
                    .parse()
                    .ok()
                    .and_then(DayOfWeek::from_number)
                    .ok_or_else(bad)?
            }
            GUIDANCE => s.guidance_text = v,
            GUIDANCE_EN => s.guidance_text_en = v,
            _ => {}
        }
    }
    s.service_cutoffs = service_cutoffs::all(conn).await?;
    Ok(s)
}

/// Writes checked settings inside the caller's transaction.
pub(crate) async fn store_settings(
    conn: &mut SqliteConnection,
    s: &ScheduleSettings,
) -> Result<()> {
    let rules = s.rules()?;
    for &service_id in rules.cutoffs.keys() {
        crate::table::services::ensure_exists(&mut *conn, service_id).await?;
    }
    sqlx::query("DELETE FROM plan_sessions")
        .execute(&mut *conn)
        .await?;
    for d in DayOfWeek::ALL {
        for span in &rules.week[d as usize] {
            sqlx::query("INSERT INTO plan_sessions(weekday, start_min, end_min) VALUES (?, ?, ?)")
                .bind(d.number())
                .bind(span.start)
                .bind(span.end)
                .execute(&mut *conn)
                .await?;
        }
    }
    let pairs = [
        (EARLY, s.early_open_minutes.to_string()),
        (REMINDER, s.reminder_minutes.to_string()),
        (OPENING_SOON, s.opening_soon_minutes.to_string()),
        (LUNCH, u8::from(s.issue_during_lunch).to_string()),
        (MAKEUP, s.makeup_follows.number().to_string()),
        (GUIDANCE, s.guidance_text.trim().to_string()),
        (GUIDANCE_EN, s.guidance_text_en.trim().to_string()),
    ];
    for (k, v) in pairs {
        crate::table::settings::put(&mut *conn, k, &v).await?;
    }
    service_cutoffs::replace(conn, rules.cutoffs.iter().map(|(&id, &m)| (id, m))).await?;
    Ok(())
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
