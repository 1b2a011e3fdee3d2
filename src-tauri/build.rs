//! Declares the app's commands so each window's capability file can allow only the ones
//! that window needs (capabilities/*.json).

const COMMANDS: &[&str] = &[
    "app_info",
    "snapshot",
    "services",
    "counters",
    "issue_ticket",
    "reprint_ticket",
    "void_ticket",
    "requeue",
    "tickets_today",
    "counter_view",
    "open_counter",
    "pause_counter",
    "resume_counter",
    "close_counter",
    "call_next",
    "call_number",
    "recall",
    "no_show",
    "finish",
    "transfer",
    "save_service",
    "save_counter",
    "hall_settings",
    "save_settings",
    "open_window",
    "set_test_clock",
    "monitors",
    "display_settings",
    "save_display_settings",
    "announcement",
    "voice_overrides",
    "voice_clip",
    "set_event_link",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build script failed");
}
