//! The desktop shell: opens the hall, registers the commands, forwards the hall's events to
//! every window, and opens the windows. No rules live here.

mod commands;
mod launch;
mod windows;

use frontdesk_core::{Hall, ShiftedClock};
use std::sync::Arc;
use tauri::{Emitter, Manager, Runtime};
use tokio::sync::broadcast::error::RecvError;

/// The settable clock in test mode (None otherwise).
pub struct TestClock(pub Option<Arc<ShiftedClock>>);

/// The event every window listens to; its payload is a `HallEvent`.
pub const HALL_EVENT: &str = "hall-event";
/// Sent when a window may have missed events: reload the snapshot.
pub const HALL_RESYNC: &str = "hall-resync";

/// Registers the commands; shared by the real app and shell tests.
pub fn builder<R: Runtime>(b: tauri::Builder<R>) -> tauri::Builder<R> {
    b.invoke_handler(tauri::generate_handler![
        commands::app_info,
        commands::snapshot,
        commands::services,
        commands::counters,
        commands::issue_ticket,
        commands::reprint_ticket,
        commands::void_ticket,
        commands::requeue,
        commands::tickets_today,
        commands::counter_view,
        commands::open_counter,
        commands::pause_counter,
        commands::resume_counter,
        commands::close_counter,
        commands::call_next,
        commands::call_number,
        commands::recall,
        commands::no_show,
        commands::finish,
        commands::transfer,
        commands::save_service,
        commands::save_counter,
        commands::hall_settings,
        commands::save_settings,
        commands::open_window,
        commands::set_test_clock,
    ])
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
    builder(tauri::Builder::default())
        .setup(move |app| {
            let data_dir = match launch.data_dir.clone() {
                Some(d) => d,
                None => app.path().app_data_dir()?,
            };
            let hall = tauri::async_runtime::block_on(Hall::open(&data_dir, launch.clock.clone()))
                .map_err(|e| format!("cannot open the hall's data in {}: {e}", data_dir.display()))?;
            forward_events(app.handle().clone(), &hall);
            app.manage(hall);
            app.manage(commands::AppFacts { test_mode: launch.test_mode, data_dir });
            app.manage(TestClock(launch.test_clock.clone()));
            windows::open_desk(app.handle())?;
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("error while running FrontDesk");
}

/// Forwards every committed hall event to all windows, in order.
fn forward_events<R: Runtime>(app: tauri::AppHandle<R>, hall: &Hall) {
    let mut rx = hall.subscribe();
    tauri::async_runtime::spawn(async move {
        loop {
            match rx.recv().await {
                Ok(ev) => {
                    let _ = app.emit(HALL_EVENT, &ev);
                }
                Err(RecvError::Lagged(_)) => {
                    let _ = app.emit(HALL_RESYNC, ());
                }
                Err(RecvError::Closed) => break,
            }
        }
    });
}
