//! The hall's chores on a timer, for whichever process hosts it (the desktop app or the
//! headless server): purge old bookings' personal data daily, make the daily backup, and
//! mark missed bookings as their grace time runs out, so open screens hear of it (events)
//! without anyone asking.

use crate::hall::Hall;
use std::time::Duration;

const PURGE_EVERY: Duration = Duration::from_secs(24 * 60 * 60);
const NO_SHOWS_EVERY: Duration = Duration::from_secs(60);
/// Hourly: the daily backup is made when the newest is a day old (also after a PC was off
/// over night), and old ones are removed.
const BACKUP_CHECK_EVERY: Duration = Duration::from_secs(60 * 60);

impl Hall {
    /// Runs the chores until the future is dropped. Errors are reported by code only:
    /// never a person's data in a log.
    pub async fn housekeeping(self) {
        let purge = async {
            let mut every = tokio::time::interval(PURGE_EVERY);
            loop {
                every.tick().await; // the first tick is immediate: once at start-up
                if let Err(e) = self.purge_booking_personal_data().await {
                    tracing::error!(code = %e.code(), "purging old bookings failed: {e}");
                }
            }
        };
        let backup = async {
            let mut every = tokio::time::interval(BACKUP_CHECK_EVERY);
            loop {
                every.tick().await;
                if let Err(e) = self.backup_if_due().await {
                    tracing::error!(code = %e.code(), "the daily backup failed: {e}");
                }
            }
        };
        let no_shows = async {
            let mut every = tokio::time::interval(NO_SHOWS_EVERY);
            loop {
                every.tick().await;
                if let Err(e) = self.mark_booking_no_shows().await {
                    tracing::error!(code = %e.code(), "marking missed bookings failed: {e}");
                }
            }
        };
        tokio::join!(purge, backup, no_shows);
    }
}
