//! The audit list's rows: written in the transaction of the action they record, so an
//! action and its row are committed together or not at all.

use crate::error::Result;
use crate::model::AuditEntry;
use sqlx::SqliteConnection;

/// What an audit row records (see `AuditEntry::action`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    UnmaskedView,
    BanLifted,
    Purge,
    SettingsChanged,
    TicketVoided,
    DayEnded,
    PinCreated,
    PinChanged,
    PinReset,
    PinLocked,
    BackupRestored,
    KioskLeft,
}

impl AuditAction {
    /// The name stored in `audit_log.action`.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::UnmaskedView => "unmasked_view",
            AuditAction::BanLifted => "ban_lifted",
            AuditAction::Purge => "purge",
            AuditAction::SettingsChanged => "settings_changed",
            AuditAction::TicketVoided => "ticket_voided",
            AuditAction::DayEnded => "day_ended",
            AuditAction::PinCreated => "pin_created",
            AuditAction::PinChanged => "pin_changed",
            AuditAction::PinReset => "pin_reset",
            AuditAction::PinLocked => "pin_locked",
            AuditAction::BackupRestored => "backup_restored",
            AuditAction::KioskLeft => "kiosk_left",
        }
    }
}

/// Appends a row; `detail` must name no person.
pub async fn record(
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
pub async fn newest(conn: &mut SqliteConnection, limit: i64) -> Result<Vec<AuditEntry>> {
    Ok(sqlx::query_as(
        "SELECT id, at, actor, action, booking_id, detail FROM audit_log
         ORDER BY id DESC LIMIT ?",
    )
    .bind(limit)
    .fetch_all(conn)
    .await?)
}
