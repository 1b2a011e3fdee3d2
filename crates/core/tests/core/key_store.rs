//! Where the personal-data key is kept (`key_store`): in a key store when it answers, else in
//! the key file beside the data folder. An in-memory store, shared across the "restarts" of a
//! test, stands in for the OS one: the move of a key file into the store at each crash point,
//! a store that is unreachable or does not keep what it is given, a database whose key is
//! nowhere, the export for backups and the restore onto a new PC. The last test uses the real
//! Secret Service with the hall's default choice (scripts/test.sh starts one).

use crate::booking_support::*;
use crate::common::*;
use crate::erasure::{assert_no_plain_text, book_twelve};
use frontdesk_core::key_store::{account_for, KeyHome, KeyPlace, OsKeyStore, SecretStore};
use frontdesk_core::{Error, Hall, ManualClock};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// A key store in memory. `reachable` and `keeps` can be switched off between opens: an
/// unreachable store answers nothing, one that does not keep replaces what it is given by
/// another key (a store that reads back something else than was written).
struct MemoryStore {
    entries: Mutex<HashMap<String, Vec<u8>>>,
    reachable: AtomicBool,
    keeps: AtomicBool,
}

const STORE: &str = "test store";
/// A key no hall here has.
const OTHER_KEY: &str = "abababababababababababababababababababababababababababababababab";

impl MemoryStore {
    fn new() -> Arc<MemoryStore> {
        Arc::new(MemoryStore {
            entries: Mutex::default(),
            reachable: AtomicBool::new(true),
            keeps: AtomicBool::new(true),
        })
    }

    fn entry(&self, dir: &DataDir) -> Option<String> {
        let entries = self.entries.lock().unwrap();
        let v = entries.get(&account_for(dir.path()))?;
        Some(String::from_utf8(v.clone()).unwrap())
    }

    fn put(&self, dir: &DataDir, hex: &str) {
        let mut entries = self.entries.lock().unwrap();
        entries.insert(account_for(dir.path()), hex.as_bytes().to_vec());
    }

    fn len(&self) -> usize {
        self.entries.lock().unwrap().len()
    }
}

impl SecretStore for MemoryStore {
    fn name(&self) -> &str {
        STORE
    }
    fn reachable(&self) -> bool {
        self.reachable.load(Ordering::SeqCst)
    }
    fn get(&self, account: &str) -> Result<Option<Vec<u8>>, String> {
        assert!(self.reachable(), "an unreachable store is never asked");
        Ok(self.entries.lock().unwrap().get(account).cloned())
    }
    fn set(&self, account: &str, secret: &[u8]) -> Result<(), String> {
        assert!(self.reachable(), "an unreachable store is never asked");
        let kept = if self.keeps.load(Ordering::SeqCst) {
            secret.to_vec()
        } else {
            OTHER_KEY.as_bytes().to_vec()
        };
        self.entries.lock().unwrap().insert(account.into(), kept);
        Ok(())
    }
    fn delete(&self, account: &str) -> Result<(), String> {
        self.entries.lock().unwrap().remove(account);
        Ok(())
    }
}

fn clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(beijing(2026, 11, 30, 9, 5, 0)))
}

async fn open_in(dir: &DataDir, store: &Arc<MemoryStore>) -> Result<Hall, Error> {
    Hall::open_with(dir.path(), clock(), KeyPlace::Store(store.clone())).await
}

fn key_file(dir: &DataDir) -> PathBuf {
    dir.key_dir().join("personal-data.key")
}

/// The key (hex) in a key file.
fn hex_in(file: &Path) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    text.lines().nth(1).unwrap().trim().to_string()
}

fn in_store() -> KeyHome {
    KeyHome::Store { name: STORE.into() }
}

/// A hall in `dir` with its key in the file only, one booking made; returns the key's hex.
async fn hall_with_key_file(dir: &DataDir) -> String {
    let h = TestHall {
        hall: frontdesk_testing::open_hall(dir.path(), clock())
            .await
            .unwrap(),
        clock: clock(),
        dir: data_dir(),
    };
    let slot = h.slot_on("2026-12-05", 20).await;
    let a = h.service_id("A").await;
    h.hall.book(input(slot, a, 7)).await.unwrap();
    hex_in(&key_file(dir))
}

/// The one booking of `hall_with_key_file` reads back (its mobile finds it).
async fn still_readable(hall: &Hall) {
    let mobile = input(0, 0, 7).mobile;
    assert_eq!(hall.search_bookings(&mobile).await.unwrap().len(), 1);
}

/// Opens the hall in `dir` and checks that its key, `hex`, is now in `store` and nowhere else.
async fn opens_from_store(dir: &DataDir, store: &Arc<MemoryStore>, hex: &str) -> Hall {
    let hall = open_in(dir, store).await.unwrap();
    assert_eq!(hall.key_home(), &in_store());
    assert_eq!(
        store.entry(dir).as_deref(),
        Some(hex),
        "the store holds the key"
    );
    assert!(
        !key_file(dir).exists(),
        "the file goes once the store holds the key"
    );
    hall
}

#[tokio::test]
async fn a_new_hall_keeps_its_key_in_the_store_and_writes_no_file() {
    let store = MemoryStore::new();
    let dir = data_dir();
    let hall = open_in(&dir, &store).await.unwrap();
    assert_eq!(hall.key_home(), &in_store());
    assert!(
        !key_file(&dir).exists(),
        "no key file beside the data folder"
    );
    assert_eq!(store.len(), 1);
    drop(hall);
    // A second hall on the same PC has an entry of its own.
    let other = data_dir();
    let second = open_in(&other, &store).await.unwrap();
    assert_eq!(store.len(), 2);
    assert_ne!(store.entry(&dir), store.entry(&other));
    drop(second);
    // Reopened, the hall finds its key in the store again.
    let again = open_in(&dir, &store).await.unwrap();
    assert_eq!(again.key_home(), &in_store());
}

#[tokio::test]
async fn a_key_file_is_moved_into_the_store_and_then_removed() {
    let store = MemoryStore::new();
    let dir = data_dir();
    let hex = hall_with_key_file(&dir).await;
    let hall = opens_from_store(&dir, &store, &hex).await;
    still_readable(&hall).await;
    drop(hall);
    still_readable(&open_in(&dir, &store).await.unwrap()).await;
}

/// A hall whose key is in its file while the store already holds `before(key)`: the next open
/// ends with the right key in the store only, and the booking reads.
async fn ends_in_store_from(before: impl Fn(&str) -> String) {
    let store = MemoryStore::new();
    let dir = data_dir();
    let hex = hall_with_key_file(&dir).await;
    store.put(&dir, &before(&hex));
    still_readable(&opens_from_store(&dir, &store, &hex).await).await;
}

#[tokio::test]
async fn a_move_that_stopped_after_writing_the_store_is_finished() {
    // The crash: the store holds the key, the file is still there.
    ends_in_store_from(str::to_string).await;
}

#[tokio::test]
async fn a_wrong_key_in_the_store_is_replaced_by_the_right_file() {
    ends_in_store_from(|_| OTHER_KEY.to_string()).await;
    // Something that is not a key at all is replaced the same way.
    ends_in_store_from(|_| "not a key".to_string()).await;
}

#[tokio::test]
async fn a_key_file_of_another_hall_beside_a_stored_key_is_left_alone() {
    let store = MemoryStore::new();
    let dir = data_dir();
    let hex = hall_with_key_file(&dir).await;
    drop(open_in(&dir, &store).await.unwrap());
    let file = key_file(&dir);
    let foreign = format!("FrontDesk personal-data key v1\n{OTHER_KEY}\n");
    std::fs::write(&file, &foreign).unwrap();
    let hall = open_in(&dir, &store).await.unwrap();
    assert_eq!(hall.key_home(), &in_store());
    assert_eq!(store.entry(&dir).as_deref(), Some(hex.as_str()));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        foreign,
        "not ours to delete"
    );
    still_readable(&hall).await;
}

#[tokio::test]
async fn a_key_file_put_beside_a_new_database_replaces_a_stale_store_entry() {
    let store = MemoryStore::new();
    let dir = data_dir();
    store.put(&dir, OTHER_KEY);
    std::fs::create_dir_all(dir.key_dir()).unwrap();
    let hex = "cd".repeat(32);
    std::fs::write(
        key_file(&dir),
        format!("FrontDesk personal-data key v1\n{hex}\n"),
    )
    .unwrap();
    opens_from_store(&dir, &store, &hex).await;
}

#[tokio::test]
async fn a_store_that_does_not_keep_the_key_leaves_the_file_in_place() {
    let store = MemoryStore::new();
    store.keeps.store(false, Ordering::SeqCst);
    let dir = data_dir();
    let hex = hall_with_key_file(&dir).await;
    let hall = open_in(&dir, &store).await.unwrap();
    let file = key_file(&dir);
    assert_eq!(
        hall.key_home(),
        &KeyHome::File {
            path: file.display().to_string()
        }
    );
    assert_eq!(hex_in(&file), hex, "the only right copy is kept");
    still_readable(&hall).await;
    drop(hall);
    // Once the store keeps what it is given, the next start moves the key.
    store.keeps.store(true, Ordering::SeqCst);
    let hall = opens_from_store(&dir, &store, &hex).await;
    still_readable(&hall).await;
}

#[tokio::test]
async fn an_unreachable_store_means_the_key_file() {
    let store = MemoryStore::new();
    store.reachable.store(false, Ordering::SeqCst);
    let dir = data_dir();
    let hall = open_in(&dir, &store).await.unwrap();
    let file = key_file(&dir);
    assert!(matches!(hall.key_home(), KeyHome::File { .. }));
    assert!(file.is_file());
    let hex = hex_in(&file);
    assert_eq!(store.len(), 0);
    drop(hall);
    // When the store answers again, the key moves into it.
    store.reachable.store(true, Ordering::SeqCst);
    opens_from_store(&dir, &store, &hex).await;
}

#[tokio::test]
async fn sealed_data_whose_key_is_nowhere_is_refused_and_nothing_is_made() {
    let store = MemoryStore::new();
    let dir = data_dir();
    let h = TestHall {
        hall: open_in(&dir, &store).await.unwrap(),
        clock: clock(),
        dir: data_dir(),
    };
    let slot = h.slot_on("2026-12-05", 20).await;
    let a = h.service_id("A").await;
    h.hall.book(input(slot, a, 7)).await.unwrap();
    // The export for the hall's backups: the key file's format, owner-only, never over a file.
    let exported = dir.root.path().join("exported.key");
    h.hall.export_personal_key(&exported).unwrap();
    let hex = store.entry(&dir).unwrap();
    assert_eq!(hex_in(&exported), hex);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&exported).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    assert!(h.hall.export_personal_key(&exported).is_err());
    assert_eq!(hex_in(&exported), hex, "an existing file is never replaced");
    drop(h);

    let file = key_file(&dir);
    let path = file.display().to_string();
    // The store lost the key (a new PC): refused, saying where it looked.
    store.entries.lock().unwrap().clear();
    match open_in(&dir, &store).await {
        Err(Error::PersonalKeyNotFound { store: s, path: p }) => {
            assert_eq!((s.as_str(), p.as_str()), (STORE, path.as_str()))
        }
        Err(e) => panic!("wrong error {e:?}"),
        Ok(_) => panic!("opened without its key"),
    }
    assert!(!file.exists(), "no key was made for sealed data");
    assert_eq!(store.len(), 0);
    // A store holding another key: refused, naming the store.
    store.put(&dir, OTHER_KEY);
    match open_in(&dir, &store).await {
        Err(Error::PersonalKeyWrong { place }) => assert_eq!(place, STORE),
        other => panic!("not refused as wrong: {:?}", other.err()),
    }
    assert_eq!(
        store.entry(&dir).as_deref(),
        Some(OTHER_KEY),
        "left as it was"
    );
    store.entries.lock().unwrap().clear();
    // The store cannot be reached and there is no file: refused, naming both.
    store.reachable.store(false, Ordering::SeqCst);
    match open_in(&dir, &store).await {
        Err(Error::PersonalKeyStoreUnreachable { store: s, path: p }) => {
            assert_eq!((s.as_str(), p.as_str()), (STORE, path.as_str()))
        }
        other => panic!("not refused as unreachable: {:?}", other.err()),
    }
    assert!(!file.exists());
    // Restoring onto the new PC: the exported file put back as the key file. The next start
    // moves it into the store.
    store.reachable.store(true, Ordering::SeqCst);
    std::fs::create_dir_all(dir.key_dir()).unwrap();
    std::fs::copy(&exported, &file).unwrap();
    let hall = opens_from_store(&dir, &store, &hex).await;
    still_readable(&hall).await;
}

/// Removes the real store's entry of a test's data folder, pass or fail.
struct ForgetEntry(String);

impl Drop for ForgetEntry {
    fn drop(&mut self) {
        let _ = OsKeyStore.delete(&self.0);
    }
}

/// The hall's default choice on a Linux box with a Secret Service (scripts/test.sh starts
/// gnome-keyring on a D-Bus session of its own and sets FRONTDESK_EXPECT_SECRET_SERVICE=1, so
/// that a missing service fails this test instead of skipping it).
#[tokio::test]
async fn the_default_keeps_the_key_in_the_secret_service() {
    let expected = std::env::var("FRONTDESK_EXPECT_SECRET_SERVICE").is_ok_and(|v| v == "1");
    if !OsKeyStore.reachable() {
        assert!(
            !expected,
            "FRONTDESK_EXPECT_SECRET_SERVICE=1, but no unlocked Secret Service answers on the \
             session bus (DBUS_SESSION_BUS_ADDRESS={:?})",
            std::env::var("DBUS_SESSION_BUS_ADDRESS").ok()
        );
        eprintln!("skipped: no unlocked Secret Service on the session bus");
        return;
    }
    let dir = data_dir();
    let _forget = ForgetEntry(account_for(dir.path()));
    let h = TestHall {
        hall: Hall::open(dir.path(), clock()).await.unwrap(),
        clock: clock(),
        dir: data_dir(),
    };
    let name = OsKeyStore.name().to_string();
    assert_eq!(h.hall.key_home(), &KeyHome::Store { name });
    assert!(!key_file(&dir).exists(), "no key file");
    assert!(OsKeyStore.get(&account_for(dir.path())).unwrap().is_some());
    let people = book_twelve(&h).await;
    assert_no_plain_text(dir.path(), &people, "with the key in the Secret Service");
    drop(h);
    let again = Hall::open(dir.path(), clock()).await.unwrap();
    let found = again.search_bookings(&people[1].mobile).await.unwrap();
    assert_eq!(found.len(), 1);
    assert!(!key_file(&dir).exists());
}
