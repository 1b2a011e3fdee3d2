//! The `audit_log` table: who did which guarded action, when; never personal data.

use crate::error::Result;
use crate::model::{AuditAction, AuditEntry};
use sqlx::SqliteConnection;

/// Appends a row in the caller's transaction (the one of the action); `detail` must name
/// no person.
pub(crate) async fn insert(
    conn: &mut SqliteConnection,
    at_ms: i64,
    actor: &str,
    action: AuditAction,
    booking_id: Option<i64>,
    detail: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor, action, booking_id, detail) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(at_ms)
    .bind(actor)
    .bind(action.as_str())
    .bind(booking_id)
    .bind(detail)
    .execute(conn)
    .await?;
    Ok(())
}

/// The newest `limit` rows, newest first.
pub(crate) async fn newest(conn: &mut SqliteConnection, limit: i64) -> Result<Vec<AuditEntry>> {
    Ok(sqlx::query_as(
        "SELECT id, at, actor, action, booking_id, detail FROM audit_log
         ORDER BY id DESC LIMIT ?",
    )
    .bind(limit)
    .fetch_all(conn)
    .await?)
}
