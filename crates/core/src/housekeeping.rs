//! The hall's chores on a timer, for whichever process hosts it (the desktop app or the
//! headless server): purge old bookings' personal data daily, make the daily backup, and
//! mark missed bookings as their grace time runs out, so open screens hear of it (events)
//! without anyone asking.

use crate::error::Result;
use crate::hall::Hall;
use std::future::Future;
use std::time::Duration;

const PURGE_EVERY: Duration = Duration::from_secs(24 * 60 * 60);
const NO_SHOWS_EVERY: Duration = Duration::from_secs(60);
/// Devices' answers kept for retries are forgotten after a day (`requests`), checked hourly.
const ANSWERS_EVERY: Duration = Duration::from_secs(60 * 60);
/// Hourly: the daily backup is made when the newest is a day old (also after a PC was off
/// over night), and old ones are removed.
const BACKUP_CHECK_EVERY: Duration = Duration::from_secs(60 * 60);

/// Runs `chore` at once and then every `period`, for ever. A failure is logged by its code
/// only (never a person's data) and the chore runs again at its next turn.
async fn every<F, Fut, T>(period: Duration, what: &str, chore: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let mut tick = tokio::time::interval(period);
    loop {
        tick.tick().await; // the first tick is immediate: once at start-up
        if let Err(e) = chore().await {
            tracing::error!(code = %e.code(), "{what} failed: {e}");
        }
    }
}

impl Hall {
    /// Runs the chores until the future is dropped.
    pub async fn housekeeping(self) {
        tokio::join!(
            every(PURGE_EVERY, "purging old bookings", || self
                .purge_booking_personal_data()),
            every(BACKUP_CHECK_EVERY, "the daily backup", || self
                .backup_if_due()),
            every(NO_SHOWS_EVERY, "marking missed bookings", || self
                .mark_booking_no_shows()),
            every(ANSWERS_EVERY, "forgetting old request answers", || self
                .forget_old_answers()),
        );
    }
}
