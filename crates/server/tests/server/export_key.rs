//! `frontdesk-server --data-dir DIR --export-key FILE`: the headless server writes the hall's
//! personal-data key for its backups as the desktop app does (`frontdesk --export-key`), in the
//! key file's format, and never over a file that exists. The key stays in the key file here
//! (`FRONTDESK_KEY_STORE=file`): the test must not depend on, nor write to, an OS key store.

use std::path::Path;
use std::process::{Command, Output};

fn export(data: &Path, to: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_frontdesk-server"))
        .arg("--data-dir")
        .arg(data)
        .arg("--export-key")
        .arg(to)
        .env("FRONTDESK_KEY_STORE", "file")
        .output()
        .expect("run frontdesk-server")
}

#[test]
fn the_server_exports_the_key_once_and_never_over_a_file() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("hall");
    let to = root.path().join("hall.key");
    let key_file = root.path().join("hall-key").join("personal-data.key");
    frontdesk_testing::key_export::check_key_export(|| export(&data, &to), &to, &key_file);
}
