//! The purge really erases: after it, the purged names, mobiles, ID numbers and notes are
//! in no byte of the database file or its WAL, not merely NULL in a column.

use crate::booking_support::*;
use crate::common::*;
use std::path::Path;

/// Every file of the data folder, with its bytes.
fn folder_bytes(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            out.push((
                path.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&path).unwrap(),
            ));
        }
    }
    out
}

/// The files of `dir` that hold `needle`.
fn holding(dir: &Path, needle: &str) -> Vec<String> {
    let needle = needle.as_bytes();
    folder_bytes(dir)
        .into_iter()
        .filter(|(_, bytes)| bytes.windows(needle.len()).any(|w| w == needle))
        .map(|(name, _)| name)
        .collect()
}

#[tokio::test]
async fn purged_values_are_gone_from_the_database_and_wal_files() {
    let h = hall().await;
    let slot = h.slot_on("2026-12-05", 20).await;
    let a = h.service_id("A").await;
    let mut people = Vec::new();
    for i in 0..12u32 {
        let mut input = input(slot, a, 100 + i);
        input.name = format!(
            "欧阳{}",
            ["明", "华", "丽", "强", "军", "芳", "伟", "静", "磊", "敏", "洋", "艳"][i as usize]
        );
        input.note = format!("需要轮椅{i:02}号");
        let b = h.hall.book(input.clone()).await.unwrap();
        if i % 3 == 0 {
            h.hall.cancel_booking(b.id).await.unwrap();
        }
        people.push(input);
    }
    // Before the purge the values are on disk (so this test can fail).
    let dir = h.dir.path();
    for p in &people {
        assert!(!holding(dir, &p.mobile).is_empty(), "{} before", p.mobile);
    }
    h.clock.set(beijing(2027, 3, 5, 10, 0, 0));
    let out = h.hall.purge_booking_personal_data().await.unwrap();
    assert_eq!(out.purged, 12);
    for p in &people {
        for value in [&p.name, &p.mobile, &p.id_number, &p.note] {
            let found = holding(dir, value);
            assert!(found.is_empty(), "{value:?} is still in {found:?}");
        }
        // Nor the last four digits as the lists showed them.
        let tail = &p.id_number[14..];
        assert!(holding(dir, &format!("********{tail}")).is_empty());
    }
    let wal = dir.join(format!("{}-wal", frontdesk_core::store::DB_FILE));
    assert_eq!(
        std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0),
        0,
        "the WAL is emptied"
    );
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(h.hall.pool())
        .await
        .unwrap();
    assert_eq!(integrity, "ok");
    let free: i64 = sqlx::query_scalar("PRAGMA freelist_count")
        .fetch_one(h.hall.pool())
        .await
        .unwrap();
    assert_eq!(free, 0, "no free pages left to read");
    // The hall works on after the purge.
    h.issue("A", false).await;
}
