//! Statements run in this thread on a connection's own SQLite handle.
//!
//! Why: sqlx runs each statement on its connection's thread, so every statement is a round
//! trip between threads (a futex wake each way). On the hot path that, not SQLite or the
//! disk, bounded the issues a second: a profile of the load benchmark showed two thirds of
//! the time in the kernel's scheduler and 3% in SQLite itself. [`with_raw`] takes the handle
//! from sqlx's thread once (`lock_handle`), runs all of a step's statements here through
//! rusqlite's prepared statements, and gives the handle back.
//!
//! The statements themselves live in `table/`, like every other; a table function that runs
//! on the hot path takes a [`Raw`] connection, and callers holding an sqlx connection reach
//! it through [`with_raw`] (the writer's writes through `WriteTx::sync`).

use crate::error::Result;
use sqlx::SqliteConnection;

/// A connection in this thread on a handle sqlx owns (see [`with_raw`]).
pub(crate) type Raw = rusqlite::Connection;

/// A view in this thread of the handle of a connection sqlx owns, taken from `locked`.
/// Dropping it finalizes the statements it prepared and never closes the handle.
///
/// The caller keeps two promises the types cannot: it uses the view only while the handle
/// is locked away from sqlx's thread (as `locked` is now), and drops it before the
/// connection closes. [`with_raw`] keeps them by scope; the writer keeps its view beside its
/// connection, uses it only in `WriteTx::sync` under the lock, and drops it first. (rusqlite
/// is built without its `hooks` feature: with it, dropping a view would also remove sqlx's
/// update hook, on which the writer's epoch rests.)
#[allow(unsafe_code)]
pub(crate) fn view(locked: &mut sqlx::sqlite::LockedSqliteHandle<'_>) -> Result<Raw> {
    // SAFETY: a live handle (the connection is open while `locked` exists), used under the
    // promises above; `from_handle` does not take ownership of it.
    Ok(unsafe { Raw::from_handle(locked.as_raw_handle().as_ptr()) }?)
}

/// Runs `f` on `conn`'s SQLite handle in this thread: one round trip to sqlx's thread for
/// all of `f`'s statements.
pub(crate) async fn with_raw<T>(
    conn: &mut SqliteConnection,
    f: impl FnOnce(&Raw) -> Result<T>,
) -> Result<T> {
    // Settled before and after: the connection may be the writer's, whose last step may
    // have been a handle of its own (`WriteTx::sync` settles lazily), and the next may be one.
    settle(conn).await?;
    let mut handle = conn.lock_handle().await?;
    // Locked until `handle` drops, after `raw`.
    let raw = view(&mut handle)?;
    let out = f(&raw);
    drop(raw);
    drop(handle);
    settle(conn).await?;
    out
}

/// Waits until sqlx's thread has taken its connection back after a `lock_handle`.
///
/// Why: in sqlx 0.8.6 two `lock_handle`s on one connection with nothing in between can
/// deadlock (the connection's thread waits for its lock while the second caller waits for
/// it): the load benchmark hung in 3 runs of 8, and a 40-line program (64 tasks taking
/// turns on one connection, each taking its handle once) hung in every run. With a ping
/// after each handle it never did (9 runs of 9). A ping is a command the thread answers
/// only once it holds the connection again, so the next `lock_handle` starts from there.
pub(crate) async fn settle(conn: &mut SqliteConnection) -> Result<()> {
    use sqlx::Connection;
    Ok(conn.ping().await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlx::Connection;
    use std::sync::Arc;

    /// Many tasks taking turns on one connection, each taking its handle, some also running
    /// a statement through sqlx: without [`settle`] this stops for good within seconds
    /// (sqlx 0.8.6); with it every turn completes. The bound turns a deadlock into a failure.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn handles_taken_back_to_back_never_deadlock() {
        let conn = SqliteConnection::connect("sqlite::memory:").await.unwrap();
        let conn = Arc::new(tokio::sync::Mutex::new(conn));
        sqlx::query("CREATE TABLE t (x INTEGER)")
            .execute(&mut *conn.lock().await)
            .await
            .unwrap();
        let tasks: Vec<_> = (0..64)
            .map(|_| {
                let conn = conn.clone();
                tokio::spawn(async move {
                    for i in 0..300 {
                        let mut c = conn.lock().await;
                        if i % 3 == 0 {
                            sqlx::query("INSERT INTO t VALUES (1)")
                                .execute(&mut *c)
                                .await
                                .unwrap();
                        }
                        let n: i64 = with_raw(&mut c, |r| {
                            Ok(r.query_row("SELECT COUNT(*) FROM t", [], |row| row.get(0))?)
                        })
                        .await
                        .unwrap();
                        assert!(n > 0);
                    }
                })
            })
            .collect();
        tokio::time::timeout(std::time::Duration::from_secs(120), async {
            for t in tasks {
                t.await.unwrap();
            }
        })
        .await
        .expect("a handle was never given back (deadlock)");
    }
}
