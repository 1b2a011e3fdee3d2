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

/// Opens the desk, the main window.
pub fn open_desk<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
        .title("FrontDesk 取号台")
        .inner_size(1366.0, 768.0)
        .min_inner_size(1024.0, 640.0)
        .build()?;
    Ok(())
}

/// The kiosk window's label.
pub const KIOSK: &str = "kiosk";

/// Opens the self-service terminal (`--kiosk`): full screen without frame or title bar, so
/// nothing but the kiosk is on screen. Leaving it is the OS's close (Alt+F4 with a
/// keyboard, or ending the process), which the kiosk never offers on screen.
pub fn open_kiosk<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    WebviewWindowBuilder::new(app, KIOSK, WebviewUrl::App("kiosk.html".into()))
        .title("FrontDesk 自助取号")
        .inner_size(1080.0, 1920.0)
        .fullscreen(true)
        .decorations(false)
        .build()?;
    Ok(())
}

/// Opens a window of `kind` and returns its label. Each counter window is its own clerk's
/// screen, so every call opens a new one; settings is focused if already open.
pub fn open<R: Runtime>(app: &AppHandle<R>, kind: WindowKind) -> tauri::Result<String> {
    match kind {
        WindowKind::Counter => {
            let label = (1..)
                .map(|i| format!("counter-{i}"))
                .find(|l| app.get_webview_window(l).is_none())
                .expect("a free label");
            WebviewWindowBuilder::new(app, &label, WebviewUrl::App("counter.html".into()))
                .title("FrontDesk 窗口")
                .inner_size(1100.0, 720.0)
                .min_inner_size(800.0, 560.0)
                .build()?;
            Ok(label)
        }
        WindowKind::Display => {
            open_display(app, "")?;
            Ok(DISPLAY.into())
        }
        WindowKind::Settings => {
            if let Some(w) = app.get_webview_window("settings") {
                w.set_focus()?;
            } else {
                WebviewWindowBuilder::new(app, "settings", WebviewUrl::App("settings.html".into()))
                    .title("FrontDesk 设置")
                    .inner_size(1200.0, 760.0)
                    .build()?;
            }
            Ok("settings".into())
        }
        WindowKind::Statistics => {
            // One statistics screen: a second click brings it to the front.
            if let Some(w) = app.get_webview_window(STATISTICS) {
                w.set_focus()?;
            } else {
                WebviewWindowBuilder::new(
                    app,
                    STATISTICS,
                    WebviewUrl::App("statistics.html".into()),
                )
                .title("FrontDesk 统计")
                .inner_size(1366.0, 768.0)
                .min_inner_size(1024.0, 640.0)
                .build()?;
            }
            Ok(STATISTICS.into())
        }
        WindowKind::Booking => {
            // One booking screen: a second click brings it to the front.
            if let Some(w) = app.get_webview_window(BOOKING) {
                w.set_focus()?;
            } else {
                WebviewWindowBuilder::new(app, BOOKING, WebviewUrl::App("booking.html".into()))
                    .title("FrontDesk 预约")
                    .inner_size(1280.0, 760.0)
                    .min_inner_size(1024.0, 640.0)
                    .build()?;
            }
            Ok(BOOKING.into())
        }
    }
}

/// The display window's label.
pub const DISPLAY: &str = "display";

/// The statistics window's label.
pub const STATISTICS: &str = "statistics";

/// The booking window's label.
pub const BOOKING: &str = "booking";

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
    if let Some(w) = app.get_webview_window(DISPLAY) {
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
    let mut b = WebviewWindowBuilder::new(app, DISPLAY, WebviewUrl::App("display.html".into()))
        .title("FrontDesk 大屏");
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
            if let Ok(mut s) = hall.display_settings().await {
                if s.monitor != name {
                    s.monitor = name;
                    // A failed save only means the next start picks the monitor again.
                    let _ = hall.save_display_settings(s).await;
                }
            }
        });
    });
}
