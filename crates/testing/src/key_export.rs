//! The export of the personal-data key from the command line (`frontdesk --export-key FILE`,
//! `frontdesk-server --export-key FILE`): what the tests of both binaries check.

use std::path::Path;
use std::process::Output;

/// Runs `export` twice, writing to `to` for a hall whose key is in `key_file`: the first run
/// writes the key in the key file's format, owner-only, and says where the key is kept; the
/// second is refused (exit 1, the reason on stderr) and leaves the file as it was.
pub fn check_key_export(export: impl Fn() -> Output, to: &Path, key_file: &Path) {
    let out = export();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&key_file.display().to_string()) && stdout.contains("apart from"),
        "says where the key is kept: {stdout}"
    );
    let exported = std::fs::read_to_string(to).unwrap();
    assert_eq!(exported, std::fs::read_to_string(key_file).unwrap());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(to).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "owner only");
    }
    let again = export();
    assert_eq!(again.status.code(), Some(1), "{again:?}");
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.contains("exporting"), "the reason: {stderr}");
    assert_eq!(
        std::fs::read_to_string(to).unwrap(),
        exported,
        "left as it was"
    );
}
