//! The SQLite file: how it is opened and made durable. The hall's writes go through
//! [`crate::writer`], which serialises them and commits them in groups.

use crate::error::Result;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
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
