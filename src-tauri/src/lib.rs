//! The desktop shell: opens the hall, registers the commands, forwards the hall's events to
//! every window, and opens the windows. No rules live here.

mod booking;
mod commands;
pub mod error;
mod lan;
mod launch;
mod one_instance;
mod printing;
mod startup;
mod stats;
mod voice;
mod windows;

pub use windows::{Screen, WindowKind, SCREENS};

use frontdesk_core::{Hall, ShiftedClock};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tauri::{Emitter, Manager, Runtime};
use tokio::sync::broadcast::error::RecvError;

/// The settable clock in test mode (None otherwise).
pub struct TestClock(pub Option<Arc<ShiftedClock>>);

/// The capability of the end-to-end tests' switches (`set_test_clock`, `set_event_link`).
/// It is not in capabilities/, which every build grants: it is added at run time, only when
/// the settable clock exists (test mode of a test build).
const TEST_SWITCHES: &str = include_str!("../test-capabilities/test-switches.json");

/// Whether events reach the windows. Always up in production; test mode can cut it to
/// show that the display notices a lost source and catches up.
pub struct EventLink(Arc<AtomicBool>);

impl EventLink {
    fn new() -> Self {
        Self(Arc::new(AtomicBool::new(true)))
    }
    /// Cuts or restores the link.
    pub fn set(&self, up: bool) {
        self.0.store(up, Ordering::SeqCst);
    }
}

/// A sign of life every [`HEARTBEAT_EVERY`], so a display can tell a quiet hall from a lost one.
pub const HALL_HEARTBEAT: &str = "hall-heartbeat";
const HEARTBEAT_EVERY: Duration = Duration::from_secs(2);

/// The event every window listens to; its payload is a `HallEvent`.
pub const HALL_EVENT: &str = "hall-event";
/// Sent when a window may have missed events: reload the snapshot.
pub const HALL_RESYNC: &str = "hall-resync";

/// Every command, by its operation's name: the handler list that build.rs writes from
/// `frontdesk_core::ops::OPS` names each one as `command::<name>`.
mod command {
    pub use crate::booking::*;
    pub use crate::commands::*;
    pub use crate::lan::*;
    pub use crate::printing::*;
    pub use crate::stats::*;
}

/// Registers the commands; shared by the real app and shell tests.
pub fn builder<R: Runtime>(b: tauri::Builder<R>) -> tauri::Builder<R> {
    b.invoke_handler(include!(concat!(env!("OUT_DIR"), "/handlers.rs")))
}

/// Starts the app.
pub fn run() {
    let launch = match launch::Launch::from_env() {
        Ok(l) => l,
        Err(e) => {
            eprintln!("frontdesk: {e}");
            std::process::exit(2);
        }
    };
    let app = builder(tauri::Builder::default());
    let result = app
        .setup(move |app| {
            let data_dir = match launch.data_dir.clone() {
                Some(d) => d,
                None => app.path().app_data_dir()?,
            };
            let log_dir = startup::init_log(&data_dir);
            // A second start on a folder that a running app has open hands over to it and
            // exits here, before the folder's lock would refuse it. Not for `--reset-pin` or
            // `--export-key`, which must say that the app is still running rather than hand over.
            if !launch.reset_pin && launch.export_key.is_none() {
                if let Some(p) = one_instance::plugin(&data_dir, launch.data_dir.is_none()) {
                    app.handle().plugin(p)?;
                }
            }
            let opened =
                tauri::async_runtime::block_on(Hall::open(&data_dir, launch.clock.clone()));
            let hall = match opened {
                Ok(h) => h,
                Err(e) => startup::fail(app, &data_dir, &log_dir, &e, !launch.test_mode),
            };
            tracing::info!("hall opened in {}", data_dir.display());
            if launch.reset_pin {
                startup::reset_pin(&hall, &data_dir);
            }
            if let Some(to) = &launch.export_key {
                startup::export_key(&hall, to);
            }
            let link = EventLink::new();
            forward_events(app.handle().clone(), &hall, link.0.clone());
            booking::start_housekeeping(hall.clone());
            // Status transitions by the clock (08:50 early open, 17:30 cutoff…) reach every
            // window as `hall-event`s of type `status`, like any other change.
            tauri::async_runtime::spawn(hall.clone().watch_status());
            let display =
                tauri::async_runtime::block_on(hall.display_settings()).unwrap_or_default();
            app.manage(hall);
            app.manage(link);
            app.manage(commands::AppFacts {
                test_mode: launch.test_mode,
                data_dir: data_dir.clone(),
            });
            if launch.test_clock.is_some() {
                app.add_capability(TEST_SWITCHES)?;
            }
            app.manage(TestClock(launch.test_clock.clone()));
            // Host mode (设置 → 网络) serves the hall's LAN from here when it is on.
            lan::start(
                app.handle(),
                app.state::<Hall>().inner().clone(),
                &data_dir,
                launch.test_mode,
            );
            if launch.kiosk {
                // A self-service terminal: the kiosk alone, nothing else of the app.
                windows::open_kiosk(app.handle())?;
            } else {
                windows::open_desk(app.handle())?;
                if display.open_on_start {
                    windows::open_display(app.handle(), &display.monitor)?;
                }
            }
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = result {
        tracing::error!("the app stopped: {e}");
        eprintln!("frontdesk: the app stopped: {e}");
        std::process::exit(startup::EXIT_NO_DATA);
    }
}

/// Forwards every committed hall event to all windows, in order, and sends a heartbeat.
fn forward_events<R: Runtime>(app: tauri::AppHandle<R>, hall: &Hall, up: Arc<AtomicBool>) {
    let mut rx = hall.subscribe();
    let events_app = app.clone();
    let events_up = up.clone();
    tauri::async_runtime::spawn(async move {
        let mut missed = false;
        loop {
            let got = rx.recv().await;
            if !events_up.load(Ordering::SeqCst) {
                missed = true;
                continue;
            }
            if std::mem::take(&mut missed) {
                let _ = events_app.emit(HALL_RESYNC, ());
            }
            match got {
                Ok(ev) => {
                    let _ = events_app.emit(HALL_EVENT, &ev);
                }
                Err(RecvError::Lagged(_)) => {
                    let _ = events_app.emit(HALL_RESYNC, ());
                }
                Err(RecvError::Closed) => break,
            }
        }
    });
    tauri::async_runtime::spawn(async move {
        let mut was_up = true;
        loop {
            tokio::time::sleep(HEARTBEAT_EVERY).await;
            let is_up = up.load(Ordering::SeqCst);
            if is_up && !was_up {
                // Events were dropped while the link was down: windows reload.
                let _ = app.emit(HALL_RESYNC, ());
            }
            was_up = is_up;
            if is_up {
                let _ = app.emit(HALL_HEARTBEAT, ());
            }
        }
    });
}
