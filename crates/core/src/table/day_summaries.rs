//! The `day_summaries` table: one row of figures per settled business day and UTC offset
//! (see `figures::summary`). Triggers on the tickets, their events and `day_records` delete a
//! day's row in the same transaction as any change to that day, so a row is never stale.

use crate::error::Result;
use sqlx::SqliteConnection;

/// (day, figures as JSON) of the summaries of `from..=to` made under this UTC offset.
pub(crate) async fn between(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
    offset_min: i32,
) -> Result<Vec<(String, String)>> {
    rows(conn, "business_day, figures", from, to, offset_min).await
}

/// The days of `from..=to` that have a summary made under this UTC offset.
pub(crate) async fn days_between(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
    offset_min: i32,
) -> Result<Vec<String>> {
    let rows = rows(conn, "business_day, ''", from, to, offset_min).await?;
    Ok(rows.into_iter().map(|(d, _)| d).collect())
}

/// `columns` (two texts) of the summaries of `from..=to` made under this UTC offset.
async fn rows(
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
pub(crate) async fn put(
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
