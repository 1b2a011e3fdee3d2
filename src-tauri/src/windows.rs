//! The app's windows: the desk (main), counters, settings, booking.

use frontdesk_core::Hall;
use serde::{Deserialize, Serialize};
use std::sync::{Arc, Mutex};
use tauri::{
    AppHandle, Manager, Runtime, WebviewUrl, WebviewWindow, WebviewWindowBuilder, WindowEvent,
};

/// A window a screen can ask to open.
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WindowKind {
    Counter,
    Settings,
    Display,
    Booking,
    Statistics,
}

/// A window of the app: its label and the page it loads. The label is what the window's
/// capability file names (src-tauri/capabilities/*.json, `windows`), so each screen gets
/// the commands its file allows and no others; a `*` stands for a number (`counter-3`).
/// src-tauri/tests/command_surface.rs reads [`SCREENS`] to hold every capability file to
/// the calls of the page its windows load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screen {
    pub label: &'static str,
    pub page: &'static str,
}

impl Screen {
    /// The label of the window numbered `n` (`counter-*` → `counter-3`).
    fn numbered(&self, n: impl std::fmt::Display) -> String {
        self.label.replace('*', &n.to_string())
    }

    fn url(&self) -> WebviewUrl {
        WebviewUrl::App(self.page.into())
    }
}

/// The desk: the main window.
pub const DESK: Screen = Screen {
    label: "main",
    page: "index.html",
};
/// The self-service terminal (`--kiosk`).
pub const KIOSK: Screen = Screen {
    label: "kiosk",
    page: "kiosk.html",
};
/// A counter's window, one per clerk.
pub const COUNTER: Screen = Screen {
    label: "counter-*",
    page: "counter.html",
};
/// A counter's rating window (好差评), numbered by the counter's id.
pub const RATING: Screen = Screen {
    label: "rating-*",
    page: "rating.html",
};
pub const SETTINGS: Screen = Screen {
    label: "settings",
    page: "settings.html",
};
/// The wall display.
pub const DISPLAY: Screen = Screen {
    label: "display",
    page: "display.html",
};
pub const BOOKING: Screen = Screen {
    label: "booking",
    page: "booking.html",
};
pub const STATISTICS: Screen = Screen {
    label: "statistics",
    page: "statistics.html",
};

/// Every window the app opens.
pub const SCREENS: [Screen; 8] = [
    DESK, KIOSK, COUNTER, RATING, SETTINGS, DISPLAY, BOOKING, STATISTICS,
];

/// Opens the desk, the main window.
pub fn open_desk<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    WebviewWindowBuilder::new(app, DESK.label, DESK.url())
        .title("FrontDesk 取号台")
        .inner_size(1366.0, 768.0)
        .min_inner_size(1024.0, 640.0)
        .build()?;
    Ok(())
}

/// The app's own window: the desk, or on a self-service terminal the kiosk.
pub fn main_window<R: Runtime>(app: &AppHandle<R>) -> Option<WebviewWindow<R>> {
    [DESK, KIOSK]
        .iter()
        .find_map(|s| app.get_webview_window(s.label))
}

/// Opens the self-service terminal (`--kiosk`): full screen without frame or title bar, so
/// nothing but the kiosk is on screen. Leaving it is the OS's close (Alt+F4 with a
/// keyboard, or ending the process), which the kiosk never offers on screen.
pub fn open_kiosk<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    WebviewWindowBuilder::new(app, KIOSK.label, KIOSK.url())
        .title("FrontDesk 自助取号")
        .inner_size(1080.0, 1920.0)
        .fullscreen(true)
        .decorations(false)
        .build()?;
    Ok(())
}

/// Opens the rating window of counter `counter_id` (one per counter; a second call focuses
/// it) and returns its label.
pub fn open_rating<R: Runtime>(app: &AppHandle<R>, counter_id: i64) -> tauri::Result<String> {
    let label = RATING.numbered(counter_id);
    if let Some(w) = app.get_webview_window(&label) {
        w.set_focus()?;
    } else {
        let url = format!("{}?counter={counter_id}", RATING.page);
        WebviewWindowBuilder::new(app, &label, WebviewUrl::App(url.into()))
            .title("FrontDesk 评价")
            .inner_size(800.0, 600.0)
            .min_inner_size(480.0, 400.0)
            .build()?;
    }
    Ok(label)
}

/// Opens a window of `kind` and returns its label. Each counter window is its own clerk's
/// screen, so every call opens a new one; settings is focused if already open.
pub fn open<R: Runtime>(app: &AppHandle<R>, kind: WindowKind) -> tauri::Result<String> {
    match kind {
        WindowKind::Counter => {
            let label = (1..)
                .map(|i| COUNTER.numbered(i))
                .find(|l| app.get_webview_window(l).is_none())
                .expect("a free label");
            WebviewWindowBuilder::new(app, &label, COUNTER.url())
                .title("FrontDesk 窗口")
                .inner_size(1100.0, 720.0)
                .min_inner_size(800.0, 560.0)
                .build()?;
            Ok(label)
        }
        WindowKind::Display => {
            open_display(app, "")?;
            Ok(DISPLAY.label.into())
        }
        WindowKind::Settings => {
            if let Some(w) = app.get_webview_window(SETTINGS.label) {
                w.set_focus()?;
            } else {
                WebviewWindowBuilder::new(app, SETTINGS.label, SETTINGS.url())
                    .title("FrontDesk 设置")
                    .inner_size(1200.0, 760.0)
                    .build()?;
            }
            Ok(SETTINGS.label.into())
        }
        WindowKind::Statistics => {
            // One statistics screen: a second click brings it to the front.
            if let Some(w) = app.get_webview_window(STATISTICS.label) {
                w.set_focus()?;
            } else {
                WebviewWindowBuilder::new(app, STATISTICS.label, STATISTICS.url())
                    .title("FrontDesk 统计")
                    .inner_size(1366.0, 768.0)
                    .min_inner_size(1024.0, 640.0)
                    .build()?;
            }
            Ok(STATISTICS.label.into())
        }
        WindowKind::Booking => {
            // One booking screen: a second click brings it to the front.
            if let Some(w) = app.get_webview_window(BOOKING.label) {
                w.set_focus()?;
            } else {
                WebviewWindowBuilder::new(app, BOOKING.label, BOOKING.url())
                    .title("FrontDesk 预约")
                    .inner_size(1280.0, 760.0)
                    .min_inner_size(1024.0, 640.0)
                    .build()?;
            }
            Ok(BOOKING.label.into())
        }
    }
}

/// The names of the connected monitors, the primary first.
pub fn monitor_names<R: Runtime>(app: &AppHandle<R>) -> Vec<String> {
    let primary = app
        .primary_monitor()
        .ok()
        .flatten()
        .and_then(|m| m.name().cloned());
    let mut names: Vec<String> = app
        .available_monitors()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|m| m.name().cloned())
        .collect();
    names.sort_by_key(|n| Some(n) != primary.as_ref());
    names
}

/// Opens the wall display full screen on `monitor` (by name), or on the second monitor when
/// none is named; with a single monitor it opens as a normal window so the desk stays usable.
pub fn open_display<R: Runtime>(app: &AppHandle<R>, monitor: &str) -> tauri::Result<()> {
    if let Some(w) = app.get_webview_window(DISPLAY.label) {
        return w.set_focus();
    }
    let monitors = app.available_monitors().unwrap_or_default();
    let primary = app.primary_monitor().ok().flatten();
    let chosen = monitors
        .iter()
        .find(|m| !monitor.is_empty() && m.name().map(String::as_str) == Some(monitor))
        .or_else(|| {
            monitors
                .iter()
                .find(|m| primary.as_ref().is_none_or(|p| p.name() != m.name()))
        })
        .filter(|_| monitors.len() > 1);
    let mut b =
        WebviewWindowBuilder::new(app, DISPLAY.label, DISPLAY.url()).title("FrontDesk 大屏");
    match chosen {
        Some(m) => {
            let pos = m.position().to_logical::<f64>(m.scale_factor());
            let size = m.size().to_logical::<f64>(m.scale_factor());
            b = b
                .position(pos.x, pos.y)
                .inner_size(size.width, size.height)
                .fullscreen(true)
                .decorations(false);
        }
        None => b = b.inner_size(1280.0, 720.0),
    }
    let window = b.build()?;
    remember_monitor(&window);
    Ok(())
}

/// Remembers the monitor the display ends up on (dragged there by staff, or chosen by the
/// OS), so the next start opens it there again. Only a change of monitor is saved.
fn remember_monitor<R: Runtime>(window: &WebviewWindow<R>) {
    let w = window.clone();
    // Where it opened counts as known: only a move to another monitor is saved.
    let opened_on = window
        .current_monitor()
        .ok()
        .flatten()
        .and_then(|m| m.name().cloned());
    let last = Arc::new(Mutex::new(opened_on));
    window.on_window_event(move |event| {
        if !matches!(
            event,
            WindowEvent::Moved(_) | WindowEvent::CloseRequested { .. }
        ) {
            return;
        }
        let Some(name) = w
            .current_monitor()
            .ok()
            .flatten()
            .and_then(|m| m.name().cloned())
        else {
            return;
        };
        let mut seen = last.lock().unwrap_or_else(|e| e.into_inner());
        if seen.as_deref() == Some(name.as_str()) {
            return;
        }
        *seen = Some(name.clone());
        let hall = w.state::<Hall>().inner().clone();
        tauri::async_runtime::spawn(async move {
            // A failed save only means the next start picks the monitor again.
            let _ = hall.remember_display_monitor(&name).await;
        });
    });
}
