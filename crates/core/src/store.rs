//! The SQLite file: how it is opened and how writes are made durable and serialised.

use crate::error::Result;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Sqlite, SqliteConnection, Transaction};
use std::ops::{Deref, DerefMut};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, OwnedMutexGuard};

/// The database file's name inside the data folder.
pub const DB_FILE: &str = "frontdesk.sqlite3";

/// Connection settings shared by the hall and the benchmark (so the benchmark measures
/// the same durability the hall runs with).
pub fn connect_options(path: &Path) -> SqliteConnectOptions {
    SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        // WAL lets the display and the counters read while the desk writes.
        .journal_mode(SqliteJournalMode::Wal)
        // FULL: a ticket the desk has shown survives a power cut.
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        // Several PCs and windows write: wait for the lock instead of failing.
        .busy_timeout(Duration::from_secs(15))
}

/// Opens (creating if needed) the database at `path` and applies the migrations.
pub async fn open_pool(path: &Path) -> Result<SqlitePool> {
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(connect_options(path))
        .await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}

/// A write transaction that holds this process's turn to write.
pub struct WriteTx {
    tx: Transaction<'static, Sqlite>,
    _turn: Option<OwnedMutexGuard<()>>,
}

impl WriteTx {
    /// Commits; the turn passes to the next writer.
    pub async fn commit(self) -> Result<()> {
        self.tx.commit().await?;
        Ok(())
    }
}

impl Deref for WriteTx {
    type Target = SqliteConnection;
    fn deref(&self) -> &SqliteConnection {
        &self.tx
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        &mut self.tx
    }
}

/// Starts a write transaction. Writers of this process take turns in arrival order (a
/// fair tokio mutex), because SQLite's busy handler sleeps and retries, which lets one
/// busy writer starve the others; `BEGIN IMMEDIATE` then takes the file's write lock at
/// once, so writers in other processes queue on the busy timeout instead of failing
/// halfway with SQLITE_BUSY.
pub async fn begin_write(pool: &SqlitePool, turn: Option<&Arc<Mutex<()>>>) -> Result<WriteTx> {
    let turn = match turn {
        Some(m) => Some(m.clone().lock_owned().await),
        None => None,
    };
    Ok(WriteTx {
        tx: pool.begin_with("BEGIN IMMEDIATE").await?,
        _turn: turn,
    })
}
