//! The `date_exceptions` table and its child `exception_sessions` (the sessions of special
//! hours): holidays, special hours and make-up working days, manual or imported.

use crate::dates::hhmm;
use crate::error::{Error, Result};
use crate::model::schedule::{DateException, DayOfWeek, ExceptionKind, ExceptionSource, Session};
use sqlx::SqliteConnection;
use std::collections::BTreeMap;

use super::is;
use ExceptionSource::{Imported, Manual};

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
pub(crate) async fn between(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
) -> Result<Vec<DateException>> {
    let rows: Vec<ExceptionRow> = sqlx::query_as(&format!(
        "SELECT e.id, e.date, e.kind, e.follows, e.source, e.import_year, e.name, e.note,
            ({} OR NOT EXISTS (SELECT 1 FROM date_exceptions m
                WHERE m.date = e.date AND {})) AS effective
         FROM date_exceptions e WHERE e.date BETWEEN ? AND ?
         ORDER BY e.date, {}, e.id",
        is("e.source", Manual),
        is("m.source", Manual),
        is("e.source", Imported)
    ))
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
        by_id.entry(id).or_default().push(Session {
            start: hhmm(start),
            end: hhmm(end),
        });
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
pub(crate) async fn get(conn: &mut SqliteConnection, id: i64) -> Result<DateException> {
    let date: String = sqlx::query_scalar("SELECT date FROM date_exceptions WHERE id = ?")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(Error::UnknownException(id))?;
    between(conn, &date, &date)
        .await?
        .into_iter()
        .find(|e| e.id == id)
        .ok_or(Error::UnknownException(id))
}

/// An exception about to be written by [`put`]; `sessions` in minutes after midnight.
pub(crate) struct NewException<'a> {
    pub date: &'a str,
    pub kind: ExceptionKind,
    pub follows: Option<DayOfWeek>,
    pub source: ExceptionSource,
    pub import_year: Option<i32>,
    pub name: &'a str,
    pub note: &'a str,
    pub sessions: Vec<(u32, u32)>,
}

/// Writes an exception (replacing the one of the same date and source); returns its id.
pub(crate) async fn put(conn: &mut SqliteConnection, e: NewException<'_>) -> Result<i64> {
    sqlx::query("DELETE FROM date_exceptions WHERE date = ? AND source = ?")
        .bind(e.date)
        .bind(e.source)
        .execute(&mut *conn)
        .await?;
    let id = sqlx::query(
        "INSERT INTO date_exceptions(date, kind, follows, source, import_year, name, note)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(e.date)
    .bind(e.kind)
    .bind(e.follows.map(DayOfWeek::number))
    .bind(e.source)
    .bind(e.import_year)
    .bind(e.name)
    .bind(e.note)
    .execute(&mut *conn)
    .await?
    .last_insert_rowid();
    for (start, end) in e.sessions {
        sqlx::query(
            "INSERT INTO exception_sessions(exception_id, start_min, end_min) VALUES (?, ?, ?)",
        )
        .bind(id)
        .bind(start)
        .bind(end)
        .execute(&mut *conn)
        .await?;
    }
    Ok(id)
}

/// Deletes exception `id`; `UnknownException` when there is none.
pub(crate) async fn delete(conn: &mut SqliteConnection, id: i64) -> Result<()> {
    let n = sqlx::query("DELETE FROM date_exceptions WHERE id = ?")
        .bind(id)
        .execute(conn)
        .await?
        .rows_affected();
    if n == 0 {
        return Err(Error::UnknownException(id));
    }
    Ok(())
}

/// Deletes the imported exceptions of holiday file `year`; returns how many.
pub(crate) async fn delete_imported(conn: &mut SqliteConnection, year: i32) -> Result<i64> {
    Ok(sqlx::query(&format!(
        "DELETE FROM date_exceptions WHERE {} AND import_year = ?",
        is("source", Imported)
    ))
    .bind(year)
    .execute(conn)
    .await?
    .rows_affected() as i64)
}

/// Whether `date` has a manual exception.
pub(crate) async fn has_manual(conn: &mut SqliteConnection, date: &str) -> Result<bool> {
    let manual: Option<i64> = sqlx::query_scalar(&format!(
        "SELECT id FROM date_exceptions WHERE date = ? AND {}",
        is("source", Manual)
    ))
    .bind(date)
    .fetch_optional(conn)
    .await?;
    Ok(manual.is_some())
}

/// Years with imported holiday data.
pub(crate) async fn holiday_years(conn: &mut SqliteConnection) -> Result<Vec<i32>> {
    Ok(sqlx::query_scalar(&format!(
        "SELECT DISTINCT import_year FROM date_exceptions
         WHERE {} AND import_year IS NOT NULL ORDER BY import_year",
        is("source", Imported)
    ))
    .fetch_all(conn)
    .await?)
}

/// Whether `date` is a make-up working day (调休) in the date exceptions, by the
/// schedule's rule: a manual exception beats an imported one for the same date.
pub(crate) async fn make_up_day(conn: &mut SqliteConnection, date: &str) -> Result<bool> {
    let kind: Option<ExceptionKind> = sqlx::query_scalar(&format!(
        "SELECT kind FROM date_exceptions WHERE date = ?
         ORDER BY {} DESC LIMIT 1",
        is("source", Manual)
    ))
    .bind(date)
    .fetch_optional(conn)
    .await?;
    Ok(kind == Some(ExceptionKind::Workday))
}
