//! The hall's chores on a timer, for whichever process hosts it (the desktop app or the
//! headless server): purge old bookings' personal data daily, and mark missed bookings as
//! their grace time runs out, so open screens hear of it (events) without anyone asking.

use crate::hall::Hall;
use std::time::Duration;

const PURGE_EVERY: Duration = Duration::from_secs(24 * 60 * 60);
const NO_SHOWS_EVERY: Duration = Duration::from_secs(60);

impl Hall {
    /// Runs the chores until the future is dropped. Errors are reported by code only:
    /// never a person's data in a log.
    pub async fn housekeeping(self) {
        let purge = async {
            let mut every = tokio::time::interval(PURGE_EVERY);
            loop {
                every.tick().await; // the first tick is immediate: once at start-up
                if let Err(e) = self.purge_booking_personal_data().await {
                    eprintln!("frontdesk: purging old bookings failed ({})", e.code());
                }
            }
        };
        let no_shows = async {
            let mut every = tokio::time::interval(NO_SHOWS_EVERY);
            loop {
                every.tick().await;
                if let Err(e) = self.mark_booking_no_shows().await {
                    eprintln!("frontdesk: marking missed bookings failed ({})", e.code());
                }
            }
        };
        tokio::join!(purge, no_shows);
    }
}
