//! The SQLite file: how it is opened and how writes are made durable and serialised.

use crate::error::Result;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Sqlite, SqliteConnection, Transaction};
use std::ops::{Deref, DerefMut};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
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
        // Deleted and overwritten content (a purged name, mobile, ID number) is zeroed in
        // the file, not left readable in free space.
        .pragma("secure_delete", "ON")
}

/// A read-only pool on a database file that is not the hall's (a backup being checked).
pub async fn open_read_only(path: &Path) -> Result<SqlitePool> {
    Ok(SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(SqliteConnectOptions::new().filename(path).read_only(true))
        .await?)
}

/// Copies a closed database's WAL into the file and empties it, so the file alone is whole.
pub async fn checkpoint_file(path: &Path) -> Result<()> {
    use sqlx::Connection;
    let mut conn = SqliteConnection::connect_with(&connect_options(path)).await?;
    checkpoint(&mut conn).await?;
    conn.close().await?;
    Ok(())
}

/// Copies the WAL into the file of `conn` and empties it.
pub async fn checkpoint(conn: &mut SqliteConnection) -> Result<()> {
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether the file at `path` is a sound FrontDesk database: SQLite's integrity check
/// passes and it holds the migrations' record. Opened read-only, so it is not changed.
pub async fn is_sound(path: &Path) -> Result<bool> {
    let pool = open_read_only(path).await?;
    let ok: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&pool)
        .await?;
    let migrated: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations")
        .fetch_one(&pool)
        .await
        .unwrap_or(0);
    pool.close().await;
    Ok(ok == "ok" && migrated > 0)
}

/// Writes a whole, consistent copy of the database to `path` (`VACUUM INTO`: what is still
/// in the WAL included, which a plain file copy would miss).
pub async fn copy_into(pool: &SqlitePool, path: &Path) -> Result<()> {
    sqlx::query("VACUUM INTO ?")
        .bind(path.to_string_lossy().into_owned())
        .execute(pool)
        .await?;
    Ok(())
}

/// Starts a read transaction on `conn`: every read until [`end_read`] sees the same moment.
pub async fn begin_read(conn: &mut SqliteConnection) -> Result<()> {
    sqlx::query("BEGIN").execute(conn).await?;
    Ok(())
}

/// Ends the read transaction of [`begin_read`] (it changed nothing: its end cannot fail
/// in a way a reader must hear of).
pub async fn end_read(conn: &mut SqliteConnection) {
    let _ = sqlx::query("COMMIT").execute(conn).await;
}

/// Rewrites the file without its free pages (`VACUUM`), then copies the WAL into it and
/// empties the WAL (`wal_checkpoint(TRUNCATE)`), so that nothing deleted before survives in
/// either file: the purge's last step. Call it holding the write turn: `VACUUM` takes the
/// file's write lock for as long as it runs.
pub async fn erase_free_space(pool: &SqlitePool) -> Result<()> {
    let mut conn = pool.acquire().await?;
    sqlx::query("VACUUM").execute(&mut *conn).await?;
    let (busy, _, _): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
        .fetch_one(&mut *conn)
        .await?;
    if busy != 0 {
        // A reader held an old snapshot: the WAL is emptied at the next checkpoint.
        tracing::warn!("the WAL could not be emptied after the purge (a reader was busy)");
    }
    Ok(())
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

/// Whether writes reach the file. A write that cannot start (the file locked by another
/// process past the busy timeout, a read-only folder) or cannot commit (a full disk, an I/O
/// error: WAL appends and the fsync happen at commit) turns it to failing; the next write
/// that commits turns it back. `on_change` hears each turn, so every screen can say that
/// nothing is being saved until it is again.
pub struct WriteHealth {
    failing: AtomicBool,
    on_change: Box<dyn Fn(bool) + Send + Sync>,
}

impl WriteHealth {
    /// `on_change(writable)` runs when writes start failing or work again.
    pub fn new(on_change: impl Fn(bool) + Send + Sync + 'static) -> Self {
        Self {
            failing: AtomicBool::new(false),
            on_change: Box::new(on_change),
        }
    }

    /// True while the last write failed.
    pub fn failing(&self) -> bool {
        self.failing.load(Ordering::SeqCst)
    }

    fn note(&self, ok: bool) {
        if self.failing.swap(!ok, Ordering::SeqCst) != ok {
            return;
        }
        (self.on_change)(ok);
    }
}

/// A write transaction that holds this process's turn to write.
pub struct WriteTx {
    tx: Transaction<'static, Sqlite>,
    _turn: Option<OwnedMutexGuard<()>>,
    health: Option<Arc<WriteHealth>>,
}

impl WriteTx {
    /// Commits; the turn passes to the next writer.
    pub async fn commit(self) -> Result<()> {
        let done = self.tx.commit().await;
        if let Some(h) = &self.health {
            h.note(done.is_ok());
        }
        done?;
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
    begin_watched(pool, turn, None).await
}

/// [`begin_write`], telling `health` whether the write could start and later commit.
pub async fn begin_watched(
    pool: &SqlitePool,
    turn: Option<&Arc<Mutex<()>>>,
    health: Option<&Arc<WriteHealth>>,
) -> Result<WriteTx> {
    let turn = match turn {
        Some(m) => Some(m.clone().lock_owned().await),
        None => None,
    };
    let tx = pool.begin_with("BEGIN IMMEDIATE").await;
    if let (Err(_), Some(h)) = (&tx, health) {
        h.note(false);
    }
    Ok(WriteTx {
        tx: tx?,
        _turn: turn,
        health: health.cloned(),
    })
}
