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
    let out = export(&data, &to);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    let key_file = root.path().join("hall-key").join("personal-data.key");
    assert!(stdout.contains(&key_file.display().to_string()), "{stdout}");
    let exported = std::fs::read_to_string(&to).unwrap();
    assert_eq!(exported, std::fs::read_to_string(&key_file).unwrap());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&to).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "owner only");
    }
    let again = export(&data, &to);
    assert_eq!(again.status.code(), Some(1), "{again:?}");
    assert!(String::from_utf8_lossy(&again.stderr).contains("exporting the key"));
    assert_eq!(
        std::fs::read_to_string(&to).unwrap(),
        exported,
        "left as it was"
    );
}
