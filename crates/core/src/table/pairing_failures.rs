//! The `pairing_failures` table: each wrong pairing code typed, with the address it came
//! from and when, for the rate limit (old rows are dropped as new tries come).

use crate::error::Result;
use sqlx::SqliteConnection;

/// Records a wrong code from `address` at `at`.
pub(crate) async fn insert(conn: &mut SqliteConnection, address: &str, at: i64) -> Result<()> {
    sqlx::query("INSERT INTO pairing_failures(address, at) VALUES (?, ?)")
        .bind(address)
        .bind(at)
        .execute(conn)
        .await?;
    Ok(())
}

/// Drops the failures at or before `at`.
pub(crate) async fn delete_until(conn: &mut SqliteConnection, at: i64) -> Result<()> {
    sqlx::query("DELETE FROM pairing_failures WHERE at <= ?")
        .bind(at)
        .execute(conn)
        .await?;
    Ok(())
}

/// The times of the latest `limit` failures from `address`, newest first.
pub(crate) async fn latest_from(
    conn: &mut SqliteConnection,
    address: &str,
    limit: i64,
) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT at FROM pairing_failures WHERE address = ? ORDER BY at DESC LIMIT ?",
    )
    .bind(address)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// The times of the hall's latest `limit` failures, newest first.
pub(crate) async fn latest(conn: &mut SqliteConnection, limit: i64) -> Result<Vec<i64>> {
    Ok(
        sqlx::query_scalar("SELECT at FROM pairing_failures ORDER BY at DESC LIMIT ?")
            .bind(limit)
            .fetch_all(conn)
            .await?,
    )
}
