//! Time is injected: the system clock in production, a settable one in tests and in the
//! app's test mode, so a whole business day can be driven without waiting for it.

use chrono::{DateTime, Duration, Utc};
use std::sync::Mutex;
use std::time::Instant;

/// Where the hall reads the current time from.
pub trait Clock: Send + Sync + 'static {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;
}

/// The operating system's clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until it is set or advanced (core tests).
#[derive(Debug)]
pub struct ManualClock(Mutex<DateTime<Utc>>);

impl ManualClock {
    /// A clock standing at `at`.
    pub fn new(at: DateTime<Utc>) -> Self {
        Self(Mutex::new(at))
    }
    /// Moves the clock to `at`.
    pub fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = at;
    }
    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: Duration) {
        let mut t = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *t += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A clock that starts at a chosen instant and then runs at real speed; it can be moved.
/// The app's test mode uses it so end-to-end tests can place the hall at 08:45 on a Monday.
#[derive(Debug)]
pub struct ShiftedClock(Mutex<(DateTime<Utc>, Instant)>);

impl ShiftedClock {
    /// A running clock that reads `start` now.
    pub fn starting_at(start: DateTime<Utc>) -> Self {
        Self(Mutex::new((start, Instant::now())))
    }
    /// Makes the clock read `at` now, and run on from there.
    pub fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = (at, Instant::now());
    }
}

impl Clock for ShiftedClock {
    fn now(&self) -> DateTime<Utc> {
        let (start, since) = *self.0.lock().unwrap_or_else(|e| e.into_inner());
        start + Duration::from_std(since.elapsed()).unwrap_or_default()
    }
}
