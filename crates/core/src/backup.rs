//! Backups that restore. A backup is a whole, consistent copy of the database made by
//! SQLite itself (`VACUUM INTO`: it includes what is still in the WAL, which a plain file
//! copy would miss) into `backups/` in the data folder: one a day by itself, and one on
//! demand from 设置. A backup holds the bookings' personal data, so none is kept longer than
//! [`KEEP_DAYS`] nor longer than the booking purge allows (`purge_days`): an old backup
//! must not bring purged people back.
//!
//! A restore cannot replace the file under the open pool. [`Hall::restore_backup`] checks
//! the backup, copies it beside the database as [`PENDING_RESTORE`], and the shell restarts;
//! the next [`Hall::open`] puts it in place (keeping the replaced file as a backup of its
//! own) before opening the pool.

use crate::error::{Error, Result};
use crate::hall::Hall;
use crate::model::AuditAction;
use crate::model::{BackupInfo, StaffToken};
use crate::store;
use crate::table::audit_log;
use chrono::{Duration, NaiveDateTime, Utc};
use sqlx::{Connection, SqliteConnection};
use std::path::{Path, PathBuf};

pub use crate::backup_files::{BACKUP_DIR, PENDING_RESTORE};
use crate::backup_files::{PREFIX, STAMP, SUFFIX};

/// Days a backup is kept at most (fewer when the purge of personal data is sooner).
pub const KEEP_DAYS: i64 = 7;
/// The automatic backup is made when the newest one is older than this.
pub const EVERY: Duration = Duration::hours(24);

impl Hall {
    /// Makes a backup now (设置's button); guarded like every settings action.
    pub async fn backup_now(&self, staff: &StaffToken) -> Result<BackupInfo> {
        self.staff(staff)?;
        self.make_backup().await
    }

    /// Makes the daily backup when the newest is older than [`EVERY`], and removes backups
    /// past their keeping time; returns the new backup, if one was made. Runs by itself.
    pub async fn backup_if_due(&self) -> Result<Option<BackupInfo>> {
        let newest = self.list_backups()?.into_iter().map(|b| b.at).max();
        let due = newest.is_none_or(|at| self.now_ms() - at >= EVERY.num_milliseconds());
        let made = if due {
            Some(self.make_backup().await?)
        } else {
            None
        };
        self.prune_backups().await?;
        Ok(made)
    }

    /// The backups, newest first.
    pub async fn backups(&self, staff: &StaffToken) -> Result<Vec<BackupInfo>> {
        self.staff(staff)?;
        self.list_backups()
    }

    /// Checks the backup `name` and sets it to replace the database at the next start; the
    /// caller then restarts the app. Guarded: the PIN confirms it.
    pub async fn restore_backup(&self, staff: &StaffToken, name: &str) -> Result<()> {
        self.staff(staff)?;
        let from = self.backup_path(name)?;
        // A backup that is not a sound FrontDesk database is refused before anything moves.
        let pool = store::open_read_only(&from).await?;
        let foreign = crate::at_rest::sealed_with_other_key(&pool, self.personal_key()).await?;
        pool.close().await;
        // A backup of another hall (sealed with another key) would leave its bookings unreadable.
        if !store::is_sound(&from).await? || foreign {
            return Err(Error::BadBackup {
                name: name.to_string(),
            });
        }
        let pending = self.data_dir().join(PENDING_RESTORE);
        let partial = pending.with_extension("part");
        std::fs::copy(&from, &partial)?;
        // The restored file carries its own audit row: the one in today's file is replaced.
        let who = self.staff(staff)?;
        let mut conn = SqliteConnection::connect_with(&store::connect_options(&partial)).await?;
        audit_log::insert(
            &mut conn,
            self.now_ms(),
            &who,
            AuditAction::BackupRestored,
            None,
            name,
        )
        .await?;
        store::checkpoint(&mut conn).await?;
        conn.close().await?;
        std::fs::File::open(&partial)?.sync_all()?;
        std::fs::rename(&partial, &pending)?;
        tracing::warn!("backup {name} will replace the database at the next start");
        Ok(())
    }

    fn data_dir(&self) -> PathBuf {
        self.db_path()
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    fn backup_dir(&self) -> PathBuf {
        self.data_dir().join(BACKUP_DIR)
    }

    /// The path of backup `name`, refusing anything that is not one of ours (no `..`).
    fn backup_path(&self, name: &str) -> Result<PathBuf> {
        if stamp_of(name).is_none() {
            return Err(Error::BadBackup {
                name: name.to_string(),
            });
        }
        let path = self.backup_dir().join(name);
        if !path.is_file() {
            return Err(Error::BadBackup {
                name: name.to_string(),
            });
        }
        Ok(path)
    }

    async fn make_backup(&self) -> Result<BackupInfo> {
        let dir = self.backup_dir();
        std::fs::create_dir_all(&dir)?;
        let local = self.now().with_timezone(&self.offset());
        let name = format!("{PREFIX}{}{SUFFIX}", local.format(STAMP));
        let path = dir.join(&name);
        if path.exists() {
            std::fs::remove_file(&path)?; // a second backup within the same second
        }
        let partial = dir.join(format!("{name}.part"));
        let _ = std::fs::remove_file(&partial);
        store::copy_into(self.pool(), &partial).await?;
        std::fs::rename(&partial, &path)?;
        tracing::info!("backup {name} made");
        self.list_backups()?
            .into_iter()
            .find(|b| b.name == name)
            .ok_or(Error::BadBackup { name })
    }

    /// Removes backups older than the keeping time (in the hall's clock).
    async fn prune_backups(&self) -> Result<()> {
        let purge_days = self.booking_settings().await?.purge_days;
        let keep = Duration::days(KEEP_DAYS.min(purge_days));
        let now = self.now_ms();
        for b in self.list_backups()? {
            if now - b.at > keep.num_milliseconds() {
                std::fs::remove_file(self.backup_dir().join(&b.name))?;
                tracing::info!("backup {} removed after its keeping time", b.name);
            }
        }
        Ok(())
    }

    fn list_backups(&self) -> Result<Vec<BackupInfo>> {
        let dir = self.backup_dir();
        let mut out = Vec::new();
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
            Err(e) => return Err(e.into()),
        };
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(local) = stamp_of(&name) else {
                continue;
            };
            let offset = self.offset();
            let Some(at) = local.and_local_timezone(offset).single() else {
                continue;
            };
            out.push(BackupInfo {
                at: at.with_timezone(&Utc).timestamp_millis(),
                size: entry.metadata()?.len(),
                name,
            });
        }
        out.sort_by_key(|b| std::cmp::Reverse(b.at));
        Ok(out)
    }
}

/// The local time in a backup's name, if it is one of ours.
fn stamp_of(name: &str) -> Option<NaiveDateTime> {
    let stamp = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    NaiveDateTime::parse_from_str(stamp, STAMP).ok()
}
