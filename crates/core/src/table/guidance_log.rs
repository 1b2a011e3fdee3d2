//! The `guidance_log` table: one row per person the desk guided to the 12123 app.

use crate::error::Result;
use sqlx::SqliteConnection;

/// Logs one person guided on `day` at `at` (ms).
pub(crate) async fn insert(
    conn: &mut SqliteConnection,
    day: &str,
    at: i64,
    after_cutoff: bool,
    station: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO guidance_log(business_day, at, after_cutoff, station) VALUES (?, ?, ?, ?)",
    )
    .bind(day)
    .bind(at)
    .bind(after_cutoff)
    .bind(station)
    .execute(conn)
    .await?;
    Ok(())
}

/// (everyone guided, of them after a cutoff) on `day`.
pub(crate) async fn counts(conn: &mut SqliteConnection, day: &str) -> Result<(i64, i64)> {
    Ok(sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(after_cutoff), 0) FROM guidance_log WHERE business_day = ?",
    )
    .bind(day)
    .fetch_one(conn)
    .await?)
}

/// (day, everyone guided, of them after a cutoff) per day of `from..=to` that has any.
pub(crate) async fn counts_between(
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
