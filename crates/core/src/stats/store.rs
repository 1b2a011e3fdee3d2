//! The statistics' SQL, in one place: the tickets of a range of business days, their
//! events, the daily summaries, the 12123 guidance, the bookings, the ended days and the
//! names of services and counters. Everything else in `stats` is plain computation over
//! these rows.

use crate::error::Result;
use sqlx::SqliteConnection;

/// A ticket of the range, as the figures need it.
#[derive(Debug, Clone)]
pub(crate) struct TicketRow {
    pub id: i64,
    pub business_day: String,
    pub number: String,
    pub service_id: i64,
    pub status: &'static str,
    pub issued_at: i64,
    pub first_called_at: Option<i64>,
    pub finished_at: Option<i64>,
}

/// One row of a ticket's history.
#[derive(Debug, Clone)]
pub(crate) struct EventRow {
    pub id: i64,
    pub ticket_id: i64,
    pub kind: &'static str,
    pub at: i64,
    pub counter_id: Option<i64>,
}

// A year is about a million rows: names travel as small numbers and become static texts
// here, so no row allocates a string it does not need.
const STATUSES: [&str; 5] = ["waiting", "called", "no_show", "done", "voided"];
const KINDS: [&str; 8] = [
    "issued",
    "called",
    "recalled",
    "no_show",
    "requeued",
    "finished",
    "transferred",
    "voided",
];

fn code_sql(column: &str, names: &[&str]) -> String {
    let arms: String = names
        .iter()
        .enumerate()
        .map(|(i, n)| format!(" WHEN '{n}' THEN {i}"))
        .collect();
    format!("CASE {column}{arms} ELSE -1 END")
}

fn name(names: &[&'static str], code: i64) -> &'static str {
    usize::try_from(code)
        .ok()
        .and_then(|i| names.get(i).copied())
        .unwrap_or("")
}

/// Tickets issued on the business days `from..=to` (the day a ticket was issued on, also
/// when it was served after midnight).
pub(crate) async fn tickets(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
) -> Result<Vec<TicketRow>> {
    let sql = format!(
        "SELECT id, business_day, number, service_id, {} AS status, issued_at, first_called_at, finished_at
         FROM tickets WHERE business_day BETWEEN ? AND ?",
        code_sql("status", &STATUSES)
    );
    let rows: Vec<RawTicket> = sqlx::query_as(&sql)
        .bind(from)
        .bind(to)
        .fetch_all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| TicketRow {
            id: r.id,
            business_day: r.business_day,
            number: r.number,
            service_id: r.service_id,
            status: name(&STATUSES, r.status),
            issued_at: r.issued_at,
            first_called_at: r.first_called_at,
            finished_at: r.finished_at,
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct RawTicket {
    id: i64,
    business_day: String,
    number: String,
    service_id: i64,
    status: i64,
    issued_at: i64,
    first_called_at: Option<i64>,
    finished_at: Option<i64>,
}

/// The events of the tickets issued on `from..=to`, in the order they happened. Recalls
/// change no figure and are left out.
pub(crate) async fn events(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
) -> Result<Vec<EventRow>> {
    let sql = format!(
        "SELECT e.id, e.ticket_id, {}, e.at, e.counter_id
         FROM tickets t JOIN ticket_events e ON e.ticket_id = t.id
         WHERE t.business_day BETWEEN ? AND ? AND e.kind != 'recalled'",
        code_sql("e.kind", &KINDS)
    );
    let rows: Vec<(i64, i64, i64, i64, Option<i64>)> = sqlx::query_as(&sql)
        .bind(from)
        .bind(to)
        .fetch_all(conn)
        .await?;
    let mut rows: Vec<EventRow> = rows
        .into_iter()
        .map(|(id, ticket_id, kind, at, counter_id)| EventRow {
            id,
            ticket_id,
            kind: name(&KINDS, kind),
            at,
            counter_id,
        })
        .collect();
    // Sorting here is cheaper than asking SQLite to sort a year of events on disk.
    rows.sort_unstable_by_key(|e| (e.at, e.id));
    Ok(rows)
}

/// The days of `from..=to` on which someone still waits or is being served (their figures
/// still move with the clock: no summary for them).
pub(crate) async fn days_holding(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(&format!(
        "SELECT DISTINCT business_day FROM tickets
         WHERE business_day BETWEEN ? AND ? AND {}",
        crate::table::tickets::status_in(
            "status",
            &[
                crate::model::TicketStatus::Waiting,
                crate::model::TicketStatus::Called
            ]
        )
    ))
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await?)
}

/// (day, part as JSON) of the daily summaries of `from..=to` made under this UTC offset.
pub(crate) async fn summaries(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
    offset_min: i32,
) -> Result<Vec<(String, String)>> {
    summary_rows(conn, "business_day, figures", from, to, offset_min).await
}

/// The days of `from..=to` that have a summary made under this UTC offset.
pub(crate) async fn summarized_days(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
    offset_min: i32,
) -> Result<Vec<String>> {
    let rows: Vec<(String, String)> =
        summary_rows(conn, "business_day, ''", from, to, offset_min).await?;
    Ok(rows.into_iter().map(|(d, _)| d).collect())
}

/// `columns` (two texts) of the summaries of `from..=to` made under this UTC offset.
async fn summary_rows(
    conn: &mut SqliteConnection,
    columns: &str,
    from: &str,
    to: &str,
    offset_min: i32,
) -> Result<Vec<(String, String)>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {columns} FROM day_summaries
         WHERE business_day BETWEEN ? AND ? AND utc_offset_minutes = ?"
    ))
    .bind(from)
    .bind(to)
    .bind(offset_min)
    .fetch_all(conn)
    .await?)
}

/// Stores a day's summary (replacing an older one).
pub(crate) async fn save_summary(
    conn: &mut SqliteConnection,
    day: &str,
    offset_min: i32,
    now: i64,
    figures: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT OR REPLACE INTO day_summaries(business_day, utc_offset_minutes, made_at, figures)
         VALUES (?, ?, ?, ?)",
    )
    .bind(day)
    .bind(offset_min)
    .bind(now)
    .bind(figures)
    .execute(conn)
    .await?;
    Ok(())
}

/// (day, guided, guided after a cutoff) per day of the range.
pub(crate) async fn guidance(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
) -> Result<Vec<(String, i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT business_day, COUNT(*), COALESCE(SUM(after_cutoff), 0) FROM guidance_log
         WHERE business_day BETWEEN ? AND ? GROUP BY business_day",
    )
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await?)
}

/// (status, count) of the bookings for dates in the range.
pub(crate) async fn bookings(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
) -> Result<Vec<(String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT status, COUNT(*) FROM bookings WHERE date BETWEEN ? AND ? GROUP BY status",
    )
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await?)
}

/// (day, frozen closing, ended at) of the days of the range that staff ended.
pub(crate) async fn ended_days(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
) -> Result<Vec<(String, Option<i64>, i64)>> {
    Ok(sqlx::query_as(
        "SELECT business_day, closing_at, ended_at FROM day_records
         WHERE business_day BETWEEN ? AND ?",
    )
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await?)
}

/// (id, prefix, name, name_en) of every service, in desk order.
pub(crate) async fn services(
    conn: &mut SqliteConnection,
) -> Result<Vec<(i64, String, String, String)>> {
    Ok(
        sqlx::query_as("SELECT id, prefix, name, name_en FROM services ORDER BY sort_order, id")
            .fetch_all(conn)
            .await?,
    )
}

/// (id, number, name) of every counter, by number.
pub(crate) async fn counters(conn: &mut SqliteConnection) -> Result<Vec<(i64, i64, String)>> {
    Ok(
        sqlx::query_as("SELECT id, number, name FROM counters ORDER BY number")
            .fetch_all(conn)
            .await?,
    )
}

const TARGET_KEY: &str = "stats.target_wait_minutes";

/// The stored target wait of the service level, if one was saved.
pub(crate) async fn target_wait(conn: &mut SqliteConnection) -> Result<Option<i64>> {
    let v: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = ?")
        .bind(TARGET_KEY)
        .fetch_optional(conn)
        .await?;
    Ok(v.and_then(|v| v.parse().ok()))
}

/// Saves the target wait of the service level.
pub(crate) async fn save_target_wait(conn: &mut SqliteConnection, minutes: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO settings(key, value) VALUES (?, ?)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )
    .bind(TARGET_KEY)
    .bind(minutes.to_string())
    .execute(conn)
    .await?;
    Ok(())
}
