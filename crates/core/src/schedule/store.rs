//! Reading and writing the schedule, on the caller's connection or transaction (so the
//! issue check reads the plan inside the transaction that writes the ticket).

use super::calendar::{CheckedException, Timetable};
use super::holidays::Holiday;
use super::plan::Span;
use crate::error::{Error, Result};
use crate::model::schedule::{
    DateException, DayOfWeek, ExceptionKind, ExceptionSource, ScheduleSettings, ServiceCutoff,
    Session, WeekPlan,
};
use chrono::{Duration, NaiveDate};
use sqlx::SqliteConnection;
use std::collections::BTreeMap;

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
    s.service_cutoffs = sqlx::query_as::<_, (i64, i64)>(
        "SELECT c.service_id, c.minutes_before FROM service_cutoffs c
         JOIN services s ON s.id = c.service_id ORDER BY s.sort_order, s.id",
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|(service_id, minutes_before)| ServiceCutoff {
        service_id,
        minutes_before,
    })
    .collect();
    Ok(s)
}

/// Writes checked settings inside the caller's transaction.
pub(crate) async fn store_settings(
    conn: &mut SqliteConnection,
    s: &ScheduleSettings,
) -> Result<()> {
    let rules = s.rules()?;
    for &service_id in rules.cutoffs.keys() {
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM services WHERE id = ?")
            .bind(service_id)
            .fetch_optional(&mut *conn)
            .await?;
        found.ok_or(Error::UnknownService(service_id))?;
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
        crate::settings::put(&mut *conn, k, &v).await?;
    }
    sqlx::query("DELETE FROM service_cutoffs")
        .execute(&mut *conn)
        .await?;
    for (service_id, minutes) in &rules.cutoffs {
        if *minutes > 0 {
            sqlx::query("INSERT INTO service_cutoffs(service_id, minutes_before) VALUES (?, ?)")
                .bind(service_id)
                .bind(minutes)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct ExceptionRow {
    id: i64,
    date: String,
    kind: ExceptionKind,
    follows: Option<i64>,
    source: ExceptionSource,
    import_year: Option<i32>,
    name: String,
    note: String,
    effective: bool,
}

/// Exceptions with dates in `from..=to` (text dates compare in date order), by date,
/// the manual one first.
pub(crate) async fn exceptions_between(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
) -> Result<Vec<DateException>> {
    let rows: Vec<ExceptionRow> = sqlx::query_as(
        "SELECT e.id, e.date, e.kind, e.follows, e.source, e.import_year, e.name, e.note,
            (e.source = 'manual' OR NOT EXISTS (SELECT 1 FROM date_exceptions m
                WHERE m.date = e.date AND m.source = 'manual')) AS effective
         FROM date_exceptions e WHERE e.date BETWEEN ? AND ?
         ORDER BY e.date, e.source = 'imported', e.id",
    )
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await?;
    let sessions: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT s.exception_id, s.start_min, s.end_min FROM exception_sessions s
         JOIN date_exceptions e ON e.id = s.exception_id
         WHERE e.date BETWEEN ? AND ? ORDER BY s.exception_id, s.start_min",
    )
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await?;
    let mut by_id: BTreeMap<i64, Vec<Session>> = BTreeMap::new();
    for (id, start, end) in sessions {
        by_id.entry(id).or_default().push(span_session(start, end));
    }
    Ok(rows
        .into_iter()
        .map(|r| DateException {
            sessions: by_id.remove(&r.id).unwrap_or_default(),
            id: r.id,
            date: r.date,
            kind: r.kind,
            follows: r.follows.and_then(DayOfWeek::from_number),
            source: r.source,
            import_year: r.import_year,
            name: r.name,
            note: r.note,
            effective: r.effective,
        })
        .collect())
}

/// One exception by id.
pub(crate) async fn exception(conn: &mut SqliteConnection, id: i64) -> Result<DateException> {
    let date: String = sqlx::query_scalar("SELECT date FROM date_exceptions WHERE id = ?")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(Error::UnknownException(id))?;
    exceptions_between(conn, &date, &date)
        .await?
        .into_iter()
        .find(|e| e.id == id)
        .ok_or(Error::UnknownException(id))
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
    let exceptions = exceptions_between(conn, &from.to_string(), &to.to_string()).await?;
    Timetable::new(&settings, &exceptions, utc_offset_minutes)
}

/// Writes an exception (replacing the one of the same date and source); returns its id.
pub(crate) async fn put_exception(
    conn: &mut SqliteConnection,
    e: &CheckedException,
    source: ExceptionSource,
    import_year: Option<i32>,
) -> Result<i64> {
    let date = e.date.to_string();
    sqlx::query("DELETE FROM date_exceptions WHERE date = ? AND source = ?")
        .bind(&date)
        .bind(source)
        .execute(&mut *conn)
        .await?;
    let id = sqlx::query(
        "INSERT INTO date_exceptions(date, kind, follows, source, import_year, name, note)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&date)
    .bind(e.kind)
    .bind(e.follows.map(DayOfWeek::number))
    .bind(source)
    .bind(import_year)
    .bind(&e.name)
    .bind(&e.note)
    .execute(&mut *conn)
    .await?
    .last_insert_rowid();
    for s in &e.spans {
        sqlx::query(
            "INSERT INTO exception_sessions(exception_id, start_min, end_min) VALUES (?, ?, ?)",
        )
        .bind(id)
        .bind(s.start)
        .bind(s.end)
        .execute(&mut *conn)
        .await?;
    }
    Ok(id)
}

/// Replaces the imported exceptions of `year` with `days`; manual ones are untouched.
/// Returns (replaced, overridden by manual).
pub(crate) async fn replace_imported(
    conn: &mut SqliteConnection,
    year: i32,
    days: &[Holiday],
) -> Result<(i64, i64)> {
    let replaced =
        sqlx::query("DELETE FROM date_exceptions WHERE source = 'imported' AND import_year = ?")
            .bind(year)
            .execute(&mut *conn)
            .await?
            .rows_affected() as i64;
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
        let manual: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM date_exceptions WHERE date = ? AND source = 'manual'",
        )
        .bind(h.date.to_string())
        .fetch_optional(&mut *conn)
        .await?;
        overridden += i64::from(manual.is_some());
    }
    Ok((replaced, overridden))
}

/// Years with imported holiday data.
pub(crate) async fn holiday_years(conn: &mut SqliteConnection) -> Result<Vec<i32>> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT import_year FROM date_exceptions
         WHERE source = 'imported' AND import_year IS NOT NULL ORDER BY import_year",
    )
    .fetch_all(conn)
    .await?)
}

/// Whether `date` is a make-up working day (调休) in the schedule's date exceptions, by
/// the schedule's own rule: a manual exception beats an imported one for the same date.
pub(crate) async fn make_up_day(conn: &mut SqliteConnection, date: &str) -> Result<bool> {
    let kind: Option<String> = sqlx::query_scalar(
        "SELECT kind FROM date_exceptions WHERE date = ?
         ORDER BY source = 'manual' DESC LIMIT 1",
    )
    .bind(date)
    .fetch_optional(conn)
    .await?;
    Ok(kind.as_deref() == Some("workday"))
}
