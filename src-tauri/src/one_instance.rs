//! One app per data folder, the friendly half: a second start of the app on a folder that a
//! running app has open hands over to that app, which brings its window to the front, and
//! exits 0 before it opens anything (tauri-plugin-single-instance). The data folder's
//! exclusive lock (`frontdesk_core::folder_lock`) stays the rule wherever the handover cannot
//! happen: on Linux without a D-Bus session bus (the plugin then starts normally, and the lock
//! refuses the second start with its message), or for any other process on the folder.
//!
//! On Linux the plugin's D-Bus name is made from the data folder, so two halls on one PC
//! (`--data-dir`) run side by side. On Windows and macOS the plugin knows only the app's
//! identifier, one name per PC, so it is used there for the default data folder only.

use crate::windows;
use sha2::{Digest, Sha256};
use std::path::Path;
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Runtime};

/// The plugin for a start on `data_dir` (`default_folder`: the OS app-data folder, not one
/// given with `--data-dir`), or `None` where it would tie different folders together.
pub fn plugin<R: Runtime>(data_dir: &Path, default_folder: bool) -> Option<TauriPlugin<R>> {
    let builder = tauri_plugin_single_instance::Builder::new().callback(|app, _args, _cwd| {
        tracing::info!("a second start on this data folder handed over to this app");
        bring_to_front(app);
    });
    if cfg!(target_os = "linux") {
        Some(builder.dbus_id(bus_id(data_dir)).build())
    } else {
        default_folder.then(|| builder.build())
    }
}

/// The D-Bus name of the app on `data_dir` (the plugin appends `.SingleInstance`): the
/// folder's canonical path hashed, since a path holds characters a bus name may not.
fn bus_id(data_dir: &Path) -> String {
    let path = std::fs::canonicalize(data_dir)
        .or_else(|_| std::path::absolute(data_dir))
        .unwrap_or_else(|_| data_dir.to_path_buf());
    let digest = Sha256::digest(path.as_os_str().as_encoded_bytes());
    let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
    format!("cn.frontdesk.hall.folder_{hex}")
}

/// Shows the running app's own window (the desk, or the kiosk) on top of the others.
fn bring_to_front<R: Runtime>(app: &AppHandle<R>) {
    let Some(window) = windows::main_window(app) else {
        return;
    };
    // Each step is only a wish to the window manager: a refusal leaves the window as it was.
    let _ = window.unminimize();
    let _ = window.show();
    let _ = window.set_focus();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_folder_has_its_own_valid_bus_name() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let name = bus_id(a.path());
        assert_eq!(name, bus_id(a.path()), "the same folder, the same name");
        assert_ne!(name, bus_id(b.path()), "another folder, another name");
        // A well-known bus name: dot-separated elements of [A-Za-z0-9_-], none starting with a
        // digit, at most 255 bytes (the plugin adds ".SingleInstance").
        let full = format!("{name}.SingleInstance");
        assert!(full.len() <= 255);
        for element in full.split('.') {
            assert!(!element.is_empty() && !element.starts_with(|c: char| c.is_ascii_digit()));
            assert!(element
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'));
        }
    }
}
