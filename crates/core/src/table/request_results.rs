//! The `request_results` table: the first answer to each state-changing request a device
//! sent with an idempotency key, kept for its retries.

use crate::error::Result;
use sqlx::SqliteConnection;

/// The operation and answer (JSON text) stored for `key` from device `device_id`.
pub(crate) async fn find(
    conn: &mut SqliteConnection,
    device_id: i64,
    key: &str,
) -> Result<Option<(String, String)>> {
    Ok(
        sqlx::query_as("SELECT op, result FROM request_results WHERE device_id = ? AND key = ?")
            .bind(device_id)
            .bind(key)
            .fetch_optional(conn)
            .await?,
    )
}

/// Drops the answers stored before `before`.
pub(crate) async fn delete_before(conn: &mut SqliteConnection, before: i64) -> Result<()> {
    sqlx::query("DELETE FROM request_results WHERE created_at < ?")
        .bind(before)
        .execute(conn)
        .await?;
    Ok(())
}

/// Keeps `answer` (JSON text) of operation `op` for `key` from device `device_id`.
pub(crate) async fn insert(
    conn: &mut SqliteConnection,
    device_id: i64,
    key: &str,
    op: &str,
    answer: &str,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO request_results(device_id, key, op, result, created_at)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(device_id)
    .bind(key)
    .bind(op)
    .bind(answer)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}
