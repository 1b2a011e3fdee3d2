//! Opening a test's hall, the hall's clock in Beijing time and the seeded counters' and
//! services' ids.

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use frontdesk_core::key_store::KeyPlace;
use frontdesk_core::{Clock, Hall, Result};
use std::path::Path;
use std::sync::Arc;

/// Opens the hall in `dir` as `Hall::open` does, with its personal-data key in the key file:
/// a test never depends on an OS key store, nor leaves entries in a developer's keyring.
pub async fn open_hall(dir: &Path, clock: Arc<dyn Clock>) -> Result<Hall> {
    Hall::open_with(dir, clock, KeyPlace::FileOnly).await
}

/// Beijing time (UTC+8) as a UTC instant.
pub fn beijing(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> DateTime<Utc> {
    FixedOffset::east_opt(8 * 3600)
        .unwrap()
        .with_ymd_and_hms(y, m, d, h, min, s)
        .unwrap()
        .with_timezone(&Utc)
}

/// The id of counter (window) `number`; panics when there is none.
pub async fn counter_id(hall: &Hall, number: i64) -> i64 {
    let counters = hall.counters().await.unwrap();
    counters
        .into_iter()
        .find(|c| c.number == number)
        .unwrap_or_else(|| panic!("no counter {number}"))
        .id
}

/// The id of the service whose numbers start with `prefix`; panics when there is none.
pub async fn service_id(hall: &Hall, prefix: &str) -> i64 {
    let services = hall.services().await.unwrap();
    services
        .into_iter()
        .find(|s| s.prefix == prefix)
        .unwrap_or_else(|| panic!("no service {prefix}"))
        .id
}
