//! The `day_records` table: a business day ended by staff, with its closing time frozen
//! (a later plan edit leaves it alone).

use crate::error::Result;
use sqlx::SqliteConnection;

/// Records `day` as ended at `ended_at` with its closing time (replacing an earlier end).
pub(crate) async fn put(
    conn: &mut SqliteConnection,
    day: &str,
    closing_at: Option<i64>,
    ended_at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO day_records(business_day, closing_at, ended_at) VALUES (?, ?, ?)
         ON CONFLICT(business_day) DO UPDATE SET closing_at = excluded.closing_at,
            ended_at = excluded.ended_at",
    )
    .bind(day)
    .bind(closing_at)
    .bind(ended_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// (closing_at, ended_at) of `day`, if it was ended.
pub(crate) async fn get(
    conn: &mut SqliteConnection,
    day: &str,
) -> Result<Option<(Option<i64>, i64)>> {
    Ok(
        sqlx::query_as("SELECT closing_at, ended_at FROM day_records WHERE business_day = ?")
            .bind(day)
            .fetch_optional(conn)
            .await?,
    )
}

/// (day, closing_at, ended_at) of the days of `from..=to` that staff ended.
pub(crate) async fn between(
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
