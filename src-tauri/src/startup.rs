//! The log file, and a start-up that cannot open its data.
//!
//! The log lives in `logs/` inside the data folder, one file a day, the last
//! [`KEEP_LOG_FILES`] kept. It records start-ups, errors and the background jobs, never
//! personal data: the core's errors name no person, and only FrontDesk's own modules write
//! at info level (sqlx at warn, which names statements, never their values). When the data
//! folder cannot take the log (read-only, full), it goes to the temporary folder instead, and
//! the start-up failure says where.
//!
//! A start-up that cannot open the hall (folder read-only or full, held by another FrontDesk,
//! a corrupt file, a migration this version does not know) writes the reason to the log and
//! to stderr, shows it in a native dialog (not in test mode, where nobody would close it),
//! and exits with [`EXIT_NO_DATA`] instead of panicking.

use frontdesk_core::Error;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tauri::Runtime;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::Layer;

/// The log folder's name inside the data folder.
pub const LOG_DIR: &str = "logs";
/// Daily files kept: two weeks of history for the administrator, bounded on disk.
pub const KEEP_LOG_FILES: usize = 14;
/// The exit code of a start-up that could not open its data.
pub const EXIT_NO_DATA: i32 = 1;

/// Starts the log in `data_dir/logs` (or the temporary folder when that cannot be written)
/// and returns the folder it writes to.
pub fn init_log(data_dir: &Path) -> PathBuf {
    let preferred = data_dir.join(LOG_DIR);
    let fallback = std::env::temp_dir().join("frontdesk-logs");
    let (appender, dir) = match appender(&preferred) {
        Ok(a) => (a, preferred),
        Err(first) => match appender(&fallback) {
            Ok(a) => {
                eprintln!(
                    "frontdesk: cannot write the log in {} ({first}); logging to {}",
                    preferred.display(),
                    fallback.display()
                );
                (a, fallback)
            }
            Err(e) => {
                eprintln!("frontdesk: no log file ({e}); errors go to stderr only");
                return PathBuf::new();
            }
        },
    };
    let only_ours = Targets::new()
        .with_target("frontdesk_core", tracing::Level::INFO)
        .with_target("frontdesk_lib", tracing::Level::INFO)
        .with_default(tracing::Level::WARN);
    let layer = tracing_subscriber::fmt::layer()
        .with_ansi(false)
        .with_writer(appender);
    // A second start-up in one process (shell tests) keeps the first subscriber.
    let _ = tracing_subscriber::registry()
        .with(layer.with_filter(only_ours))
        .try_init();
    dir
}

fn appender(dir: &Path) -> Result<RollingFileAppender, String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix("frontdesk")
        .filename_suffix("log")
        .max_log_files(KEEP_LOG_FILES)
        .build(dir)
        .map_err(|e| e.to_string())
}

/// Says why the hall's data could not be opened, everywhere a person may look, and exits.
pub fn fail<R: Runtime>(
    app: &tauri::App<R>,
    data_dir: &Path,
    log_dir: &Path,
    err: &Error,
    dialog: bool,
) -> ! {
    let reason = format!(
        "cannot open the hall's data in {}: {err}",
        data_dir.display()
    );
    tracing::error!(code = %err.code(), "{reason}");
    eprintln!("frontdesk: {reason}");
    eprintln!("frontdesk: log: {}", log_dir.display());
    if dialog {
        let mut text = String::new();
        for (lang, title, log) in [
            ("zh-CN", "无法打开大厅数据", "日志"),
            ("en", "The hall's data cannot be opened", "Log"),
        ] {
            let sentence = sentence(app, lang, err).unwrap_or_default();
            text.push_str(&format!("{title}: {}\n{sentence}\n\n", data_dir.display()));
            if lang == "en" {
                text.push_str(&format!("({err})\n{log}: {}", log_dir.display()));
            }
        }
        rfd::MessageDialog::new()
            .set_level(rfd::MessageLevel::Error)
            .set_title("FrontDesk")
            .set_description(text)
            .set_buttons(rfd::MessageButtons::Ok)
            .show();
    }
    std::process::exit(EXIT_NO_DATA)
}

/// The screens' sentence for `err` in `lang`, from the app's own i18n files.
fn sentence<R: Runtime>(app: &tauri::App<R>, lang: &str, err: &Error) -> Option<String> {
    let asset = app.asset_resolver().get(format!("i18n/{lang}.json"))?;
    let dict: Value = serde_json::from_slice(&asset.bytes).ok()?;
    let mut text = dict
        .get(format!("error.{}", err.code()))?
        .as_str()?
        .to_string();
    if let Value::Object(params) = err.params() {
        for (k, v) in params {
            let v = v
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| v.to_string());
            text = text.replace(&format!("{{{k}}}"), &v);
        }
    }
    Some(text)
}

/// `frontdesk --export-key FILE`: writes the personal-data key to FILE (owner-only, never over
/// a file that exists), says where the key is kept and exits.
pub fn export_key(hall: &frontdesk_core::Hall, to: &Path) -> ! {
    match hall.export_personal_key(to) {
        Ok(()) => {
            println!(
                "frontdesk: the personal-data key (kept in {}) was written to {}; keep it apart \
                 from the backups",
                hall.key_home(),
                to.display()
            );
            std::process::exit(0)
        }
        Err(e) => {
            tracing::error!("exporting the personal-data key failed: {e}");
            eprintln!(
                "frontdesk: exporting the personal-data key to {} failed: {e}",
                to.display()
            );
            std::process::exit(EXIT_NO_DATA)
        }
    }
}

/// `frontdesk --reset-pin`: removes the administrator PIN (recorded in the audit list), says
/// so and exits; the next opening of 设置 creates a new one.
pub fn reset_pin(hall: &frontdesk_core::Hall, data_dir: &Path) -> ! {
    match tauri::async_runtime::block_on(hall.reset_pin("machine")) {
        Ok(()) => {
            println!(
                "frontdesk: the administrator PIN of {} was removed; open 设置 to create a new one",
                data_dir.display()
            );
            std::process::exit(0)
        }
        Err(e) => {
            tracing::error!("resetting the PIN failed: {e}");
            eprintln!("frontdesk: resetting the PIN failed: {e}");
            std::process::exit(EXIT_NO_DATA)
        }
    }
}
