//! The `request_results` table: the first answer to each state-changing request a device
//! sent with an idempotency key, kept for its retries.

use crate::error::Result;
use crate::raw::Raw;
use rusqlite::OptionalExtension;
use sqlx::SqliteConnection;

/// The operation and answer (JSON text) stored for `key` from device `device_id`.
/// (On the hot path: runs in this thread, see `raw`.)
pub(crate) fn find(c: &Raw, device_id: i64, key: &str) -> Result<Option<(String, String)>> {
    Ok(
        c.prepare_cached("SELECT op, result FROM request_results WHERE device_id = ? AND key = ?")?
            .query_row((device_id, key), |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?,
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
/// (On the hot path: runs in this thread, see `raw`.)
pub(crate) fn insert(
    c: &Raw,
    device_id: i64,
    key: &str,
    op: &str,
    answer: &str,
    now: i64,
) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO request_results(device_id, key, op, result, created_at)
         VALUES (?, ?, ?, ?, ?)",
    )?
    .execute((device_id, key, op, answer, now))?;
    Ok(())
}
