//! The backups' files, below `Hall` (which puts a pending restore in place when it opens):
//! their folder, their names, and the restore's last step. The rules are in `backup`.

use crate::error::Result;
use crate::store;
use chrono::{DateTime, Utc};
use std::path::Path;

/// The backups' folder inside the data folder.
pub const BACKUP_DIR: &str = "backups";
/// A backup chosen for restore, waiting beside the database for the next start.
pub const PENDING_RESTORE: &str = "frontdesk.sqlite3.restore";

pub(crate) const PREFIX: &str = "frontdesk-";
pub(crate) const SUFFIX: &str = ".sqlite3";
pub(crate) const STAMP: &str = "%Y%m%d-%H%M%S";

/// Puts a pending restore in place before the database is opened: the current file moves
/// into the backups folder as a backup of its own (its WAL checkpointed into it first, so it
/// is whole), and the chosen backup takes its name. Returns whether a restore was done.
pub async fn apply_pending_restore(data_dir: &Path, now: DateTime<Utc>) -> Result<bool> {
    let pending = data_dir.join(PENDING_RESTORE);
    if !pending.is_file() {
        return Ok(false);
    }
    let db = data_dir.join(store::DB_FILE);
    let dir = data_dir.join(BACKUP_DIR);
    std::fs::create_dir_all(&dir)?;
    if db.is_file() {
        store::checkpoint_file(&db).await?;
        let kept = dir.join(format!("{PREFIX}{}{SUFFIX}", now.format(STAMP)));
        std::fs::rename(&db, kept)?;
    }
    for side in ["-wal", "-shm"] {
        let f = data_dir.join(format!("{}{side}", store::DB_FILE));
        if f.exists() {
            std::fs::remove_file(f)?;
        }
    }
    std::fs::rename(&pending, &db)?;
    tracing::warn!("the database was replaced by the chosen backup");
    Ok(true)
}
