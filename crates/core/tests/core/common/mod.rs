//! Shared set-up for the core tests: a real SQLite file in a temp dir and a settable clock.
#![allow(dead_code)]

use chrono::{DateTime, Utc};
use frontdesk_core::{Hall, IssueRequest, IssuedTicket, ManualClock};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tempfile::TempDir;

pub struct TestHall {
    pub hall: Hall,
    pub clock: Arc<ManualClock>,
    pub dir: DataDir,
}

/// A data folder `data` inside a temp dir, so that the personal-data key folder beside it
/// (`data-key`) is removed with it.
pub struct DataDir {
    pub root: TempDir,
    path: PathBuf,
}

impl DataDir {
    /// The data folder.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The key folder beside it.
    pub fn key_dir(&self) -> PathBuf {
        frontdesk_core::personal_key::key_dir_for(&self.path)
    }
}

/// A new, empty data folder.
pub fn data_dir() -> DataDir {
    let root = tempfile::tempdir().unwrap();
    let path = root.path().join("data");
    std::fs::create_dir(&path).unwrap();
    DataDir { root, path }
}

pub use frontdesk_testing::beijing;

/// A fresh hall on a temp file, its clock at Monday 2026-11-30 09:05 Beijing time.
pub async fn hall() -> TestHall {
    hall_at(beijing(2026, 11, 30, 9, 5, 0)).await
}

pub async fn hall_at(at: DateTime<Utc>) -> TestHall {
    let dir = data_dir();
    let clock = Arc::new(ManualClock::new(at));
    let hall = frontdesk_testing::open_hall(dir.path(), clock.clone())
        .await
        .unwrap();
    TestHall { hall, clock, dir }
}

impl TestHall {
    pub async fn service_id(&self, prefix: &str) -> i64 {
        frontdesk_testing::service_id(&self.hall, prefix).await
    }

    pub async fn counter_id(&self, number: i64) -> i64 {
        frontdesk_testing::counter_id(&self.hall, number).await
    }

    /// Opens counter `number` and returns its id.
    pub async fn open(&self, number: i64) -> i64 {
        let id = self.counter_id(number).await;
        self.hall.open_counter(id).await.unwrap();
        id
    }

    /// Issues a ticket one second after the previous one (time moves, as in a hall).
    pub async fn issue(&self, prefix: &str, priority: bool) -> IssuedTicket {
        self.clock.advance(chrono::Duration::seconds(1));
        self.try_issue(prefix, priority).await.unwrap()
    }

    /// Tries to issue a ticket now (the clock does not move).
    pub async fn try_issue(
        &self,
        prefix: &str,
        priority: bool,
    ) -> Result<IssuedTicket, frontdesk_core::Error> {
        let service_id = self.service_id(prefix).await;
        self.hall
            .issue_ticket(IssueRequest {
                service_id,
                priority,
                station: String::new(),
                request_id: None,
            })
            .await
    }

    /// Calls next at a counter and returns the called number.
    pub async fn next(&self, counter: i64) -> Option<String> {
        self.clock.advance(chrono::Duration::seconds(1));
        self.hall
            .call_next(counter)
            .await
            .unwrap()
            .called
            .map(|t| t.number)
    }

    /// Opens the hall every day from 00:00 to 24:00, for tests that issue at any hour.
    pub async fn open_all_day(&self) {
        self.hall
            .save_schedule_settings(
                &crate::common::staff(&self.hall).await,
                frontdesk_core::ScheduleSettings::always_open(),
            )
            .await
            .unwrap();
    }

    /// Rows in the tickets and events tables: "nothing changed" is checked with this.
    pub async fn row_counts(&self) -> (i64, i64) {
        sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM tickets), (SELECT COUNT(*) FROM ticket_events)",
        )
        .fetch_one(self.hall.pool())
        .await
        .unwrap()
    }

    /// A digest of every ticket row, to prove a refused operation changed nothing.
    pub async fn ticket_digest(&self) -> Vec<(i64, String, String, Option<i64>, i64, i64)> {
        sqlx::query_as("SELECT id, number, status, counter_id, service_id, call_count FROM tickets ORDER BY id")
            .fetch_all(self.hall.pool())
            .await
            .unwrap()
    }
}

/// The administrator PIN of every test hall.
pub const PIN: &str = "246810";

/// A live staff session on `hall`: creates the PIN on first use, unlocks after that, and
/// reuses a session while it is live (Argon2 is slow on purpose; the tests call this often).
pub async fn staff(hall: &Hall) -> frontdesk_core::StaffToken {
    use std::collections::HashMap;
    use std::sync::Mutex;
    static LIVE: Mutex<Option<HashMap<std::path::PathBuf, frontdesk_core::StaffToken>>> =
        Mutex::new(None);
    let key = hall.db_path().to_path_buf();
    let cached = LIVE
        .lock()
        .unwrap()
        .get_or_insert_with(HashMap::new)
        .get(&key)
        .cloned();
    if let Some(t) = cached.filter(|t| hall.staff_session_live(t)) {
        return t;
    }
    let token = match hall.create_pin(PIN, "test").await {
        Ok(t) => t,
        Err(frontdesk_core::Error::PinAlreadySet) => hall.unlock(PIN, "test").await.unwrap(),
        Err(e) => panic!("cannot open a staff session: {e:?}"),
    };
    LIVE.lock()
        .unwrap()
        .get_or_insert_with(HashMap::new)
        .insert(key, token.clone());
    token
}
