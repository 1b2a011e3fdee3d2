//! The `devices` table: the paired devices, each with its role, its window (a counter or
//! rating pad) and the SHA-256 of its token; a revoked device keeps its row (the audit
//! names it) but is never found again.

use crate::error::{DeviceError, Result};
use crate::model::devices::{Device, Role};
use sqlx::SqliteConnection;

const SELECT: &str = "SELECT id, name, role, counter_id, paired_at, last_seen_at, last_address
                      FROM devices";

/// The device `id`, unless revoked (`UnknownDevice`).
pub(crate) async fn device(conn: &mut SqliteConnection, id: i64) -> Result<Device> {
    sqlx::query_as(&format!("{SELECT} WHERE id = ? AND revoked_at IS NULL"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or_else(|| DeviceError::UnknownDevice(id).into())
}

/// The device holding the token whose hash is `token_hash`, unless revoked.
pub(crate) async fn by_token(
    conn: &mut SqliteConnection,
    token_hash: &[u8],
) -> Result<Option<Device>> {
    Ok(sqlx::query_as(&format!(
        "{SELECT} WHERE token_hash = ? AND revoked_at IS NULL"
    ))
    .bind(token_hash)
    .fetch_optional(conn)
    .await?)
}

/// The devices not revoked, in pairing order.
pub(crate) async fn all(conn: &mut SqliteConnection) -> Result<Vec<Device>> {
    Ok(
        sqlx::query_as(&format!("{SELECT} WHERE revoked_at IS NULL ORDER BY id"))
            .fetch_all(conn)
            .await?,
    )
}

/// A device paired now.
pub(crate) struct NewDevice<'a> {
    pub name: &'a str,
    pub role: Role,
    pub counter_id: Option<i64>,
    pub token_hash: &'a [u8],
    pub address: &'a str,
    pub now: i64,
}

/// Adds a paired device, seen now; its id.
pub(crate) async fn insert(conn: &mut SqliteConnection, d: &NewDevice<'_>) -> Result<i64> {
    Ok(sqlx::query(
        "INSERT INTO devices(name, role, counter_id, token_hash, paired_at, last_seen_at,
                             last_address)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(d.name)
    .bind(d.role)
    .bind(d.counter_id)
    .bind(d.token_hash)
    .bind(d.now)
    .bind(d.now)
    .bind(d.address)
    .execute(conn)
    .await?
    .last_insert_rowid())
}

/// Records that the device was seen at `at` from `address` (a revoked one stays as it was).
pub(crate) async fn seen(
    conn: &mut SqliteConnection,
    id: i64,
    at: i64,
    address: &str,
) -> Result<()> {
    sqlx::query(
        "UPDATE devices SET last_seen_at = ?, last_address = ?
         WHERE id = ? AND revoked_at IS NULL",
    )
    .bind(at)
    .bind(address)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Gives the device another name.
pub(crate) async fn rename(conn: &mut SqliteConnection, id: i64, name: &str) -> Result<()> {
    sqlx::query("UPDATE devices SET name = ? WHERE id = ?")
        .bind(name)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Marks the device revoked at `at`.
pub(crate) async fn revoke(conn: &mut SqliteConnection, id: i64, at: i64) -> Result<()> {
    sqlx::query("UPDATE devices SET revoked_at = ? WHERE id = ?")
        .bind(at)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
