//! Loud failures during the day: when writes stop reaching the file, the hall says so once
//! (`HallEvent::Storage { writable: false }`, `Hall::writes_failing`), and says so again when
//! a write works.

use crate::common::*;
use frontdesk_core::{Error, HallEvent};
use sqlx::{Connection, SqliteConnection};
use std::time::Duration;

/// The next `storage` event, skipping the others.
async fn next_storage(rx: &mut tokio::sync::broadcast::Receiver<HallEvent>) -> bool {
    tokio::time::timeout(Duration::from_secs(60), async {
        loop {
            if let HallEvent::Storage { writable } = rx.recv().await.unwrap() {
                return writable;
            }
        }
    })
    .await
    .expect("a storage event")
}

#[tokio::test]
async fn a_file_locked_past_the_busy_timeout_is_reported_until_a_write_works() {
    let h = hall().await;
    h.issue("A", false).await;
    assert!(!h.hall.writes_failing());
    let mut rx = h.hall.subscribe();
    // Another program holds the file's write lock (a backup tool, a stray sqlite3 shell).
    let mut other = SqliteConnection::connect(&format!("sqlite://{}", h.hall.db_path().display()))
        .await
        .unwrap();
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut other)
        .await
        .unwrap();
    let refused = h.try_issue("A", false).await.unwrap_err();
    assert!(matches!(refused, Error::Storage(_)), "{refused:?}");
    assert!(!next_storage(&mut rx).await, "writes are failing");
    assert!(h.hall.writes_failing());
    // Reads still work, so the screens stay up and can show it.
    assert_eq!(h.row_counts().await.0, 1);
    sqlx::query("ROLLBACK").execute(&mut other).await.unwrap();
    h.issue("A", false).await;
    assert!(next_storage(&mut rx).await, "writes work again");
    assert!(!h.hall.writes_failing());
    // Ordinary refusals (bad input, rules) are not storage failures.
    let bad = h.hall.void_ticket(999_999, "desk").await.unwrap_err();
    assert!(!matches!(bad, Error::Storage(_)));
    assert!(!h.hall.writes_failing());
}
