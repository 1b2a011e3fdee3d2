//! The `pairing_codes` table: the one-time codes staff create at the host, each for one
//! role, stored as the SHA-256 of the six digits; a code is used once.

use crate::error::Result;
use crate::model::devices::Role;
use sqlx::SqliteConnection;

/// An unused code, found by its hash.
#[derive(sqlx::FromRow)]
pub(crate) struct UnusedCode {
    pub id: i64,
    pub role: Role,
    pub counter_id: Option<i64>,
    pub expires_at: i64,
}

/// The unused code whose hash is `code_hash`.
pub(crate) async fn unused(
    conn: &mut SqliteConnection,
    code_hash: &[u8],
) -> Result<Option<UnusedCode>> {
    Ok(sqlx::query_as(
        "SELECT id, role, counter_id, expires_at FROM pairing_codes
         WHERE code_hash = ? AND used_at IS NULL",
    )
    .bind(code_hash)
    .fetch_optional(conn)
    .await?)
}

/// Drops the codes nobody used that expired before `before`.
pub(crate) async fn delete_unused_expired(conn: &mut SqliteConnection, before: i64) -> Result<()> {
    sqlx::query("DELETE FROM pairing_codes WHERE used_at IS NULL AND expires_at < ?")
        .bind(before)
        .execute(conn)
        .await?;
    Ok(())
}

/// Adds a code for `role` (and its window), valid until `expires_at`.
pub(crate) async fn insert(
    conn: &mut SqliteConnection,
    code_hash: &[u8],
    role: Role,
    counter_id: Option<i64>,
    now: i64,
    expires_at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO pairing_codes(code_hash, role, counter_id, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(code_hash)
    .bind(role)
    .bind(counter_id)
    .bind(now)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Marks code `id` used at `at` by device `device_id`.
pub(crate) async fn mark_used(
    conn: &mut SqliteConnection,
    id: i64,
    at: i64,
    device_id: i64,
) -> Result<()> {
    sqlx::query("UPDATE pairing_codes SET used_at = ?, device_id = ? WHERE id = ?")
        .bind(at)
        .bind(device_id)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
