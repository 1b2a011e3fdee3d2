//! How the app was started: where the data lives, whether it runs in test mode, and
//! which clock the hall reads.

use chrono::{DateTime, Utc};
use frontdesk_core::{Clock, ShiftedClock, SystemClock};

/// The settable clock, when there is one.
pub type TestClockHandle = Option<Arc<ShiftedClock>>;
use std::path::PathBuf;
use std::sync::Arc;

/// Points the data folder elsewhere (tests, a second hall on one PC).
pub const DATA_DIR_ENV: &str = "FRONTDESK_DATA_DIR";
/// `1` switches test mode on: no dialog at a failed start and, in a test build
/// (`--features test-clock`) on a data folder of its own, a settable clock and the
/// `set_test_clock` command.
pub const TEST_MODE_ENV: &str = "FRONTDESK_TEST_MODE";
/// In test mode, the instant the clock starts at (RFC 3339, e.g. 2026-11-30T08:45:00+08:00).
pub const CLOCK_ENV: &str = "FRONTDESK_CLOCK";

/// The launch settings, read once at start.
pub struct Launch {
    /// `--data-dir DIR` beats the environment variable; `None` means the OS app-data folder.
    pub data_dir: Option<PathBuf>,
    pub test_mode: bool,
    pub clock: Arc<dyn Clock>,
    /// Present in test mode of a test build only: the same clock, settable.
    pub test_clock: TestClockHandle,
    /// `--kiosk`: this PC is a self-service terminal; only the kiosk window opens.
    pub kiosk: bool,
    /// `--reset-pin`: remove the administrator PIN of this data folder, then exit. Only on
    /// the machine itself (no screen can), for a hall that lost its PIN.
    pub reset_pin: bool,
    /// `--export-key FILE`: write this data folder's personal-data key to FILE (the key
    /// file's format, owner-only, never over a file), then exit: the copy a hall keeps with
    /// its backups when the key is in the OS key store. Only on the machine itself.
    pub export_key: Option<PathBuf>,
}

impl Launch {
    /// Reads the command line and the environment.
    pub fn from_env() -> Result<Launch, String> {
        let mut data_dir = std::env::var_os(DATA_DIR_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
        let mut kiosk = false;
        let mut reset_pin = false;
        let mut export_key = None;
        let mut args = std::env::args().skip(1);
        while let Some(a) = args.next() {
            if a == "--kiosk" {
                kiosk = true;
            } else if a == "--reset-pin" {
                reset_pin = true;
            } else if a == "--export-key" {
                export_key = Some(args.next().ok_or("--export-key needs a file")?.into());
            } else if let Some(v) = a.strip_prefix("--export-key=") {
                export_key = Some(v.into());
            } else if a == "--data-dir" {
                data_dir = Some(args.next().ok_or("--data-dir needs a folder")?.into());
            } else if let Some(v) = a.strip_prefix("--data-dir=") {
                data_dir = Some(v.into());
            }
        }
        let test_mode = std::env::var(TEST_MODE_ENV).is_ok_and(|v| v == "1");
        let (clock, test_clock) = clocks(test_mode, data_dir.is_some())?;
        Ok(Launch {
            data_dir,
            test_mode,
            clock,
            test_clock,
            kiosk,
            reset_pin,
            export_key,
        })
    }
}

/// The hall's clock: the system's, or in test mode of a test build (`--features test-clock`,
/// which the end-to-end tests' build sets) a settable one. The settable clock is refused on
/// the default data folder: a wrong date there would end or purge a real hall's days.
#[cfg(feature = "test-clock")]
fn clocks(test_mode: bool, own_folder: bool) -> Result<(Arc<dyn Clock>, TestClockHandle), String> {
    use frontdesk_core::ShiftedClock;
    if !test_mode {
        return Ok((Arc::new(SystemClock), None));
    }
    if !own_folder {
        return Err(format!(
            "{TEST_MODE_ENV}=1 needs its own data folder (--data-dir or {DATA_DIR_ENV}): \
             the test clock never runs on the hall's real data"
        ));
    }
    let start = match std::env::var(CLOCK_ENV) {
        Ok(v) if !v.is_empty() => parse_instant(&v)?,
        _ => Utc::now(),
    };
    let c = Arc::new(ShiftedClock::starting_at(start));
    Ok((c.clone(), Some(c)))
}

/// A release or ordinary build has no settable clock at all: test mode only skips dialogs.
#[cfg(not(feature = "test-clock"))]
fn clocks(
    _test_mode: bool,
    _own_folder: bool,
) -> Result<(Arc<dyn Clock>, TestClockHandle), String> {
    if std::env::var_os(CLOCK_ENV).is_some_and(|v| !v.is_empty()) {
        return Err(format!(
            "{CLOCK_ENV} needs a test build (cargo build -p frontdesk --features test-clock)"
        ));
    }
    Ok((Arc::new(SystemClock), None))
}

/// An RFC 3339 instant such as `2026-11-30T08:45:00+08:00`.
pub fn parse_instant(v: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(v.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("{CLOCK_ENV}: not an RFC 3339 time ({e})"))
}
