//! The desktop shell: opens the hall, registers the commands, forwards the hall's events to
//! every window, and opens the windows. No rules live here.

mod booking;
mod commands;
pub mod error;
mod launch;
mod printing;
mod stats;
mod voice;
mod windows;

pub use windows::WindowKind;

use frontdesk_core::{Hall, ShiftedClock};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tauri::{Emitter, Manager, Runtime};
use tokio::sync::broadcast::error::RecvError;

/// The settable clock in test mode (None otherwise).
pub struct TestClock(pub Option<Arc<ShiftedClock>>);

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
        commands::monitors,
        commands::display_settings,
        commands::save_display_settings,
        commands::announcement,
        commands::voice_overrides,
        commands::voice_clip,
        commands::set_event_link,
        booking::booking_sessions,
        booking::booking_session,
        booking::create_booking_session,
        booking::create_booking_sessions_by_rule,
        booking::delete_booking_session,
        booking::book,
        booking::cancel_booking,
        booking::reschedule_booking,
        booking::booking_ban_status,
        booking::lift_booking_ban,
        booking::check_in,
        booking::check_booking_field,
        booking::booking_roster,
        booking::search_bookings,
        booking::booking_detail,
        booking::booking_counts,
        booking::booking_settings,
        booking::save_booking_settings,
        commands::hall_status,
        commands::schedule_settings,
        commands::save_schedule_settings,
        commands::exceptions,
        commands::save_exception,
        commands::remove_exception,
        commands::import_holidays,
        commands::holiday_coverage,
        commands::end_day,
        commands::guide_to_12123,
        commands::day_record,
        stats::statistics,
        stats::save_target_wait_minutes,
        stats::export_statistics,
        stats::rate_ticket,
        stats::rating_prompt,
        stats::poor_ratings,
        stats::follow_up_rating,
        stats::open_rating_window,
        printing::print_settings,
        printing::save_print_settings,
        printing::printer_status,
        printing::print_test_page,
        printing::print_ticket,
        printing::unprinted_tickets,
        printing::kiosk_settings,
        printing::save_kiosk_settings,
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
                .map_err(|e| {
                    format!("cannot open the hall's data in {}: {e}", data_dir.display())
                })?;
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
                data_dir,
            });
            app.manage(TestClock(launch.test_clock.clone()));
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
        .run(tauri::generate_context!())
        .expect("error while running FrontDesk");
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
