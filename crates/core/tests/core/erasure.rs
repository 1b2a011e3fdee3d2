//! Personal data at rest and its erasure. A copy of the data folder alone (the database, its
//! WAL and shared-memory files, the backups) holds no name, mobile, ID number or note of any
//! booking, only sealed values, whose key is in the folder beside it; after the purge not
//! even the sealed values are in the database or its WAL. A folder written before the values
//! were sealed is sealed at its first start, its backups too, and works on.

use crate::booking_support::*;
use crate::common::*;
use frontdesk_core::booking::{BookingInput, CheckInBy};
use frontdesk_core::{Error, Hall};
use std::path::{Path, PathBuf};

/// Every file under `dir` (backups included), with its bytes.
fn folder_bytes(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(folder_bytes(&path));
        } else if path.is_file() {
            let bytes = std::fs::read(&path).unwrap();
            out.push((path, bytes));
        }
    }
    out
}

/// The files under `dir` that hold `needle`.
fn holding(dir: &Path, needle: &[u8]) -> Vec<PathBuf> {
    folder_bytes(dir)
        .into_iter()
        .filter(|(_, bytes)| bytes.windows(needle.len()).any(|w| w == needle))
        .map(|(name, _)| name)
        .collect()
}

/// Asserts that no file under `dir` holds any personal value of `people`, as UTF-8 text.
pub(crate) fn assert_no_plain_text(dir: &Path, people: &[BookingInput], when: &str) {
    for p in people {
        for value in [&p.name, &p.mobile, &p.id_number, &p.note] {
            let found = holding(dir, value.as_bytes());
            assert!(found.is_empty(), "{when}: {value:?} is in {found:?}");
        }
        // Nor the masked forms the lists show.
        let tail = &p.id_number[14..];
        assert!(holding(dir, format!("********{tail}").as_bytes()).is_empty());
    }
}

/// Twelve people with distinct Chinese names and notes, booked on 2026-12-05 (a third of
/// them cancelled).
pub(crate) async fn book_twelve(h: &TestHall) -> Vec<BookingInput> {
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
    people
}

/// A booking's four sealed personal columns.
type SealedRow = (Vec<u8>, Vec<u8>, Vec<u8>, Vec<u8>);

/// The sealed values of every booking, as stored.
async fn sealed_values(hall: &Hall) -> Vec<Vec<u8>> {
    let rows: Vec<SealedRow> = sqlx::query_as(
        "SELECT name, mobile, id_number, note FROM bookings WHERE purged_at IS NULL",
    )
    .fetch_all(hall.pool())
    .await
    .unwrap();
    rows.into_iter()
        .flat_map(|(a, b, c, d)| [a, b, c, d])
        .collect()
}

#[tokio::test]
async fn the_data_folder_holds_no_personal_value_and_the_purge_erases_even_the_sealed_ones() {
    let h = hall().await;
    let people = book_twelve(&h).await;
    let staff = staff(&h.hall).await;
    h.hall.backup_now(&staff).await.unwrap();
    let dir = h.dir.path();
    assert!(dir.join("backups").read_dir().unwrap().next().is_some());
    // The key is beside the data folder, not in it; the folder holds sealed values only.
    assert!(h.dir.key_dir().join("personal-data.key").is_file());
    assert!(!h.dir.key_dir().starts_with(dir));
    assert_no_plain_text(dir, &people, "after booking");
    let sealed = sealed_values(&h.hall).await;
    assert_eq!(sealed.len(), 48);
    // The sealed values are in the files (so the check after the purge can fail).
    assert!(sealed.iter().all(|v| !holding(dir, v).is_empty()));

    // Everything still reads: lookups by mobile, ID number, last digits and name, the
    // masked lists, the unmasked view, the ban check.
    let p = &people[1];
    for q in [
        p.mobile.clone(),
        p.id_number.clone(),
        p.mobile[7..].to_string(),
        "阳华".to_string(),
    ] {
        let found = h.hall.search_bookings(&q).await.unwrap();
        assert_eq!(found.len(), 1, "search {q}");
        assert_eq!(found[0].masked_name, "欧**");
    }
    let id = h.hall.search_bookings(&p.mobile).await.unwrap()[0].id;
    let detail = h.hall.booking_detail(id, Some(&staff)).await.unwrap();
    assert_eq!(detail.name.as_deref(), Some(p.name.as_str()));
    assert_eq!(detail.id_number.as_deref(), Some(p.id_number.as_str()));
    assert_eq!(detail.note.as_deref(), Some(p.note.as_str()));
    let masked = h.hall.booking_detail(id, None).await.unwrap();
    assert_eq!(
        masked.mobile.as_deref(),
        Some(&*format!("{}****{}", &p.mobile[..3], &p.mobile[7..]))
    );
    assert!(
        !h.hall
            .booking_ban_status(&p.id_number)
            .await
            .unwrap()
            .banned
    );

    h.clock.set(beijing(2027, 3, 5, 10, 0, 0));
    let out = h.hall.purge_booking_personal_data().await.unwrap();
    assert_eq!(out.purged, 12);
    let db_files =
        |name: &str| name.starts_with(frontdesk_core::store::DB_FILE) && !name.contains("restore");
    for v in &sealed {
        let found: Vec<PathBuf> = holding(dir, v)
            .into_iter()
            .filter(|f| {
                db_files(&f.file_name().unwrap().to_string_lossy()) && f.parent() == Some(dir)
            })
            .collect();
        assert!(found.is_empty(), "a sealed value is still in {found:?}");
    }
    assert_no_plain_text(dir, &people, "after the purge");
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

#[tokio::test]
async fn a_folder_without_its_key_or_with_another_is_refused() {
    let h = hall().await;
    book_twelve(&h).await;
    let TestHall { hall, clock, dir } = h;
    drop(hall);
    let key = dir.key_dir().join("personal-data.key");
    let moved = dir.root.path().join("kept.key");
    std::fs::rename(&key, &moved).unwrap();
    match frontdesk_testing::open_hall(dir.path(), clock.clone()).await {
        Err(Error::PersonalKeyMissing { path }) => assert_eq!(path, key.display().to_string()),
        Err(e) => panic!("wrong error {e:?}"),
        Ok(_) => panic!("opened without its key"),
    }
    assert!(!key.exists(), "no new key was made for sealed data");
    std::fs::write(&key, format!("{}\n", "ab".repeat(32))).unwrap();
    assert!(matches!(
        frontdesk_testing::open_hall(dir.path(), clock.clone()).await,
        Err(Error::PersonalKeyWrong { .. })
    ));
    std::fs::rename(&moved, &key).unwrap();
    let hall = frontdesk_testing::open_hall(dir.path(), clock)
        .await
        .unwrap();
    assert_eq!(hall.search_bookings("阳明").await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_folder_written_in_plain_text_is_sealed_at_its_first_start() {
    let h = hall().await;
    let people = book_twelve(&h).await;
    let staff = staff(&h.hall).await;
    let before: Vec<(i64, String, Option<i64>)> =
        sqlx::query_as("SELECT id, code, checked_in_at FROM bookings ORDER BY id")
            .fetch_all(h.hall.pool())
            .await
            .unwrap();
    // Turn the folder back into one of a version before 0012: plain values, an unkeyed ID
    // hash (any text shared by a person's bookings will do), a ban lift under that hash,
    // no mobile hash column, no key; and a backup of it.
    let mut tx = h.hall.pool().begin().await.unwrap();
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM bookings ORDER BY id")
        .fetch_all(&mut *tx)
        .await
        .unwrap();
    for (id, p) in ids.iter().zip(&people) {
        sqlx::query(
            "UPDATE bookings SET name = ?, mobile = ?, id_number = ?, note = ?,
                id_hash = 'old:' || ? WHERE id = ?",
        )
        .bind(&p.name)
        .bind(&p.mobile)
        .bind(&p.id_number)
        .bind(&p.note)
        .bind(&p.id_number)
        .bind(id)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    for sql in [
        "INSERT INTO booking_ban_lifts(id_hash, lifted_at) VALUES ('old:' || (SELECT id_number FROM bookings ORDER BY id LIMIT 1 OFFSET 2), 1)",
        "INSERT INTO booking_ban_lifts(id_hash, lifted_at) VALUES ('old:gone', 1)",
        "DROP INDEX bookings_mobile_hash",
        "ALTER TABLE bookings DROP COLUMN mobile_hash",
        "CREATE INDEX bookings_mobile ON bookings(mobile) WHERE mobile IS NOT NULL",
        "DELETE FROM _sqlx_migrations WHERE version = 12",
        "DELETE FROM settings WHERE key = 'personal_key_check'",
        "INSERT INTO settings(key, value) VALUES ('booking_id_salt', 'cafe')",
    ] {
        sqlx::query(sql).execute(&mut *tx).await.unwrap();
    }
    tx.commit().await.unwrap();
    let old_backup = h.hall.backup_now(&staff).await.unwrap();
    let TestHall { hall, clock, dir } = h;
    drop(hall);
    std::fs::remove_dir_all(dir.key_dir()).unwrap();
    // Before the upgrade the values are on disk (so this test can fail).
    assert!(!holding(dir.path(), people[0].mobile.as_bytes()).is_empty());

    let hall = frontdesk_testing::open_hall(dir.path(), clock.clone())
        .await
        .unwrap();
    assert!(dir.key_dir().join("personal-data.key").is_file());
    assert_no_plain_text(dir.path(), &people, "after the upgrade");
    assert!(holding(dir.path(), b"old:").is_empty());
    let after: Vec<(i64, String, Option<i64>)> =
        sqlx::query_as("SELECT id, code, checked_in_at FROM bookings ORDER BY id")
            .fetch_all(hall.pool())
            .await
            .unwrap();
    assert_eq!(after, before);
    // The lift follows its person to the keyed hash; the one nobody carries is gone.
    let lifts: Vec<String> = sqlx::query_scalar("SELECT id_hash FROM booking_ban_lifts")
        .fetch_all(hall.pool())
        .await
        .unwrap();
    let third: String =
        sqlx::query_scalar("SELECT id_hash FROM bookings ORDER BY id LIMIT 1 OFFSET 2")
            .fetch_one(hall.pool())
            .await
            .unwrap();
    assert_eq!(lifts, vec![third]);
    // Lookups, the unmasked view and check-in work on the sealed rows.
    let p = &people[4];
    let found = hall.search_bookings(&p.id_number).await.unwrap();
    assert_eq!(found.len(), 1);
    let staff = crate::common::staff(&hall).await;
    let detail = hall
        .booking_detail(found[0].id, Some(&staff))
        .await
        .unwrap();
    assert_eq!(detail.mobile.as_deref(), Some(p.mobile.as_str()));
    clock.set(beijing(2026, 12, 5, 9, 10, 0));
    let out = hall.check_in(CheckInBy::Mobile(p.mobile.clone())).await;
    assert!(out.is_ok(), "check-in by mobile: {:?}", out.err());
    // The old backup was sealed too, and restores (the clock moved: a new staff session).
    let staff = crate::common::staff(&hall).await;
    let restored = hall.backups(&staff).await.unwrap();
    assert!(restored.iter().any(|b| b.name == old_backup.name));
    hall.restore_backup(&staff, &old_backup.name).await.unwrap();
    drop(hall);
    let hall = frontdesk_testing::open_hall(dir.path(), clock)
        .await
        .unwrap();
    assert_eq!(hall.search_bookings(&p.mobile).await.unwrap().len(), 1);
    assert_no_plain_text(dir.path(), &people, "after the restore");
}
