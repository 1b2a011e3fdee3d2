//! Backups that restore: backup → change → restore gives back exactly the backed-up state;
//! the daily backup is made once a day and kept no longer than allowed; a bad choice is
//! refused with nothing changed.

use crate::common::*;
use chrono::Duration;
use frontdesk_core::{Error, Hall, StaffToken};

/// Every row of every table but the audit list, as text: "the state" of the hall.
async fn state(hall: &Hall) -> Vec<String> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
           AND name != 'audit_log' ORDER BY name",
    )
    .fetch_all(hall.pool())
    .await
    .unwrap();
    let mut out = Vec::new();
    for t in tables {
        let cols: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT 'quote(\"' || name || '\")' FROM pragma_table_info('{t}')"
        ))
        .fetch_all(hall.pool())
        .await
        .unwrap();
        let rows: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT {} FROM \"{t}\" ORDER BY 1",
            cols.join(" || ',' || ")
        ))
        .fetch_all(hall.pool())
        .await
        .unwrap();
        out.extend(rows.into_iter().map(|r| format!("{t}: {r}")));
    }
    out
}

#[tokio::test]
async fn backup_change_restore_gives_back_exactly_the_backed_up_state() {
    let h = hall().await;
    let token: StaffToken = staff(&h.hall).await;
    let slot = h.slot_on("2026-12-05", 4).await;
    let kept = h.book_person(slot, 1).await.unwrap();
    h.issue("A", false).await;
    h.issue("B", true).await;
    let backup = h.hall.backup_now(&token).await.unwrap();
    assert_eq!(backup.name, "frontdesk-20261130-090502.sqlite3");
    let saved = state(&h.hall).await;
    let saved_name = h.hall.settings().hall_name;

    // The day goes on: more numbers, a cancelled booking, a new hall name.
    h.issue("A", false).await;
    h.hall.cancel_booking(kept.id).await.unwrap();
    let mut s = h.hall.settings();
    s.hall_name = "改过的名称".into();
    h.hall.save_settings(&token, s).await.unwrap();
    assert_ne!(state(&h.hall).await, saved);

    h.hall.restore_backup(&token, &backup.name).await.unwrap();
    // Nothing changes until the app restarts on it.
    assert_eq!(h.hall.settings().hall_name, "改过的名称");
    let dir = h.dir;
    drop(h.hall);
    let again = frontdesk_testing::open_hall(dir.path(), h.clock.clone())
        .await
        .unwrap();
    assert_eq!(state(&again).await, saved, "exactly the backed-up state");
    assert_eq!(again.settings().hall_name, saved_name);
    let token = again.unlock(PIN, "settings").await.unwrap();
    let log = again.audit_log(&token).await.unwrap();
    assert_eq!(
        (log[0].action.as_str(), log[0].detail.as_str()),
        ("backup_restored", backup.name.as_str())
    );
    // The replaced file is kept as a backup of its own, and can be restored in turn.
    let list = again.backups(&token).await.unwrap();
    assert_eq!(list.len(), 2, "{list:?}");
    assert_eq!(
        sqlx::query_scalar::<_, String>("PRAGMA integrity_check")
            .fetch_one(again.pool())
            .await
            .unwrap(),
        "ok"
    );
}

#[tokio::test]
async fn a_bad_backup_is_refused_and_nothing_moves() {
    let h = hall().await;
    let token = staff(&h.hall).await;
    for name in [
        "../frontdesk.sqlite3",
        "frontdesk-20261130-000000.sqlite3",
        "x",
    ] {
        assert!(
            matches!(
                h.hall.restore_backup(&token, name).await,
                Err(Error::BadBackup { .. })
            ),
            "{name}"
        );
    }
    let dir = h.dir.path().join("backups");
    std::fs::create_dir_all(&dir).unwrap();
    let fake = "frontdesk-20261129-120000.sqlite3";
    std::fs::write(dir.join(fake), b"not a database at all").unwrap();
    assert!(h.hall.restore_backup(&token, fake).await.is_err());
    assert!(!h
        .dir
        .path()
        .join(frontdesk_core::backup::PENDING_RESTORE)
        .exists());
    // Without a session, nothing at all.
    let none = StaffToken("x".into());
    assert!(matches!(
        h.hall.backup_now(&none).await,
        Err(Error::StaffSessionRequired)
    ));
    assert!(matches!(
        h.hall.restore_backup(&none, fake).await,
        Err(Error::StaffSessionRequired)
    ));
}

#[tokio::test]
async fn the_daily_backup_is_made_once_a_day_and_kept_no_longer_than_allowed() {
    let h = hall().await;
    let first = h
        .hall
        .backup_if_due()
        .await
        .unwrap()
        .expect("the first one");
    assert!(
        h.hall.backup_if_due().await.unwrap().is_none(),
        "not twice a day"
    );
    h.clock.advance(Duration::hours(23));
    assert!(h.hall.backup_if_due().await.unwrap().is_none());
    h.clock.advance(Duration::hours(1));
    assert!(h.hall.backup_if_due().await.unwrap().is_some());
    for _ in 0..7 {
        h.clock.advance(Duration::days(1));
        h.hall.backup_if_due().await.unwrap();
    }
    let names: Vec<String> = h
        .hall
        .backups(&staff(&h.hall).await)
        .await
        .unwrap()
        .into_iter()
        .map(|b| b.name)
        .collect();
    assert!(!names.contains(&first.name), "older than 7 days: removed");
    assert_eq!(names.len(), 8, "{names:?}");
    // The purge of personal data is sooner: backups follow it.
    h.booking_rules(|s| s.purge_days = 2).await;
    h.clock.advance(Duration::days(1));
    h.hall.backup_if_due().await.unwrap();
    let left = h.hall.backups(&staff(&h.hall).await).await.unwrap();
    assert_eq!(left.len(), 3, "{left:?}");
}
