//! The `settings` table: key/value rows. The hall's own settings are one row per key
//! (`HallSettings`); a group of rules of one area is one JSON row under the area's key
//! (`booking`, `display`, `schedule`).

use crate::error::Result;
use sqlx::SqliteConnection;

/// Every row, as (key, value).
pub(crate) async fn all(conn: &mut SqliteConnection) -> Result<Vec<(String, String)>> {
    Ok(sqlx::query_as("SELECT key, value FROM settings")
        .fetch_all(conn)
        .await?)
}

/// The value of one row, if it exists.
pub(crate) async fn get(conn: &mut SqliteConnection, key: &str) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT value FROM settings WHERE key = ?")
            .bind(key)
            .fetch_optional(conn)
            .await?,
    )
}

/// Writes one row (inserted or replaced) in the caller's transaction.
pub(crate) async fn put(conn: &mut SqliteConnection, key: &str, value: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO settings(key, value) VALUES (?, ?)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(conn)
    .await?;
    Ok(())
}

/// Removes one row, if it exists.
pub(crate) async fn delete(conn: &mut SqliteConnection, key: &str) -> Result<()> {
    sqlx::query("DELETE FROM settings WHERE key = ?")
        .bind(key)
        .execute(conn)
        .await?;
    Ok(())
}

/// Reads a group of settings kept as one JSON row (`booking`, `display`, `print.desk`, …): a
/// missing row gives the defaults, and so does a field added after the row was written.
pub(crate) async fn load_json<T: serde::de::DeserializeOwned + Default>(
    conn: &mut SqliteConnection,
    key: &str,
) -> Result<T> {
    match get(conn, key).await? {
        None => Ok(T::default()),
        Some(v) => {
            serde_json::from_str(&v).map_err(|_| crate::error::Error::Invalid { field: "settings" })
        }
    }
}
