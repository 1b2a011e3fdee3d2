//! The open staff sessions, in memory only: a restart signs everyone out. The `Hall` holds
//! them, and the staff rules (`staff`) open, touch and close them. A session is a
//! random token handed to the screen that typed the PIN; it lapses after [`IDLE`] without use.

use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;
use std::sync::Mutex;

/// A session unused this long is over: the PC at the desk may have been left alone.
pub const IDLE: Duration = Duration::minutes(5);

/// The open sessions of one hall: token → (who opened it, when it was last used).
#[derive(Default)]
pub struct Sessions {
    open: Mutex<HashMap<String, (String, DateTime<Utc>)>>,
}

impl Sessions {
    /// Starts a session for `who` (a screen or device) at `now`.
    pub fn open(&self, token: String, who: String, now: DateTime<Utc>) {
        let mut open = self.lock();
        open.retain(|_, (_, last)| now - *last < IDLE);
        open.insert(token, (who, now));
    }

    /// Who holds `token`, if its session is still live at `now`; using it keeps it live.
    pub fn touch(&self, token: &str, now: DateTime<Utc>) -> Option<String> {
        let mut open = self.lock();
        let live = match open.get_mut(token) {
            Some((who, last)) if now - *last < IDLE => {
                *last = now;
                Some(who.clone())
            }
            _ => None,
        };
        if live.is_none() {
            open.remove(token);
        }
        live
    }

    /// Ends one session (signing out), or all of them (the PIN changed or was reset).
    pub fn close(&self, token: Option<&str>) {
        match token {
            Some(t) => {
                self.lock().remove(t);
            }
            None => self.lock().clear(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (String, DateTime<Utc>)>> {
        self.open.lock().unwrap_or_else(|e| e.into_inner())
    }
}
