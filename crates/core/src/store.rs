//! The SQLite file: how it is opened and made durable. The hall's writes go through
//! [`crate::writer`], which serialises them and commits them in groups.

use crate::error::Result;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::SqliteConnection;
use std::path::Path;
use std::time::Duration;

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
/// either file: the purge's last step. Run it on the writer's connection holding its turn
/// (`Writer::erase_free_space`): `VACUUM` takes the file's write lock for as long as it runs.
pub async fn erase_free_space(conn: &mut SqliteConnection) -> Result<()> {
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
        // A local file does not drop connections; the default ping before each use is one
        // more round trip to the connection's thread on every read (every LAN request's
        // device check among them).
        .test_before_acquire(false)
        .connect_with(connect_options(path))
        .await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}
