//! The app's windows: the desk (main), counters, settings.

use serde::Deserialize;
use tauri::{AppHandle, Manager, Runtime, WebviewUrl, WebviewWindowBuilder};

/// A window a screen can ask to open.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WindowKind {
    Counter,
    Settings,
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
    }
}
