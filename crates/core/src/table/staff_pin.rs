//! The `staff_pin` table: its one row (id 1) holds the administrator PIN's Argon2 hash and
//! the count of wrong tries in a row.

use crate::error::Result;
use sqlx::SqliteConnection;

/// The stored PIN row.
#[derive(sqlx::FromRow)]
pub(crate) struct PinRow {
    pub hash: String,
    pub failed: i64,
    pub locked_until: i64,
}

/// The PIN row, if a PIN was created.
pub(crate) async fn get(conn: &mut SqliteConnection) -> Result<Option<PinRow>> {
    Ok(
        sqlx::query_as("SELECT hash, failed, locked_until FROM staff_pin WHERE id = 1")
            .fetch_optional(conn)
            .await?,
    )
}

/// Creates the row with its first hash.
pub(crate) async fn insert(conn: &mut SqliteConnection, hash: &str, now: i64) -> Result<()> {
    sqlx::query("INSERT INTO staff_pin (id, hash, changed_at) VALUES (1, ?, ?)")
        .bind(hash)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

/// Replaces the hash; the tries and the lock start afresh.
pub(crate) async fn set_hash(conn: &mut SqliteConnection, hash: &str, now: i64) -> Result<()> {
    sqlx::query(
        "UPDATE staff_pin SET hash = ?, failed = 0, locked_until = 0, changed_at = ?
         WHERE id = 1",
    )
    .bind(hash)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Forgets the wrong tries (a right PIN was typed).
pub(crate) async fn clear_failures(conn: &mut SqliteConnection) -> Result<()> {
    sqlx::query("UPDATE staff_pin SET failed = 0 WHERE id = 1")
        .execute(conn)
        .await?;
    Ok(())
}

/// Counts one more wrong try; returns the wrong tries in a row now.
pub(crate) async fn count_failure(conn: &mut SqliteConnection) -> Result<i64> {
    Ok(
        sqlx::query_scalar(
            "UPDATE staff_pin SET failed = failed + 1 WHERE id = 1 RETURNING failed",
        )
        .fetch_one(conn)
        .await?,
    )
}

/// Locks the PIN until `until` (ms); the tries start afresh after it.
pub(crate) async fn lock_until(conn: &mut SqliteConnection, until: i64) -> Result<()> {
    sqlx::query("UPDATE staff_pin SET failed = 0, locked_until = ? WHERE id = 1")
        .bind(until)
        .execute(conn)
        .await?;
    Ok(())
}

/// Removes the PIN (`frontdesk --reset-pin`).
pub(crate) async fn delete(conn: &mut SqliteConnection) -> Result<()> {
    sqlx::query("DELETE FROM staff_pin").execute(conn).await?;
    Ok(())
}
