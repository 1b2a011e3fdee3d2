//! Where the personal-data key (`personal_key`) is kept: in the OS key store where the
//! platform has one that answers (Windows Credential Manager, the macOS Keychain, the Secret
//! Service of a Linux desktop), else in the key file beside the data folder
//! (`<data folder>-key/personal-data.key`, owner-only).
//!
//! The place is decided at each open. A store that cannot be reached (no session D-Bus, no
//! Secret Service, a locked keyring) is never asked to prompt: the key file is used instead,
//! and a database that already has a check value but whose key is in neither place is refused
//! (nothing new is drawn for sealed data). A key file found while the store answers is moved
//! into it, crash-safely: the key is written to the store and read back, and only when what
//! comes back matches the database's check value is the file removed. Whatever the crash
//! point, the next open finds the right key and finishes the move; the only copy of the right
//! key is never deleted.

use crate::error::{Error, Result};
use crate::personal_key::{key_dir_for, PersonalKey, KEY_FILE};
use serde::Serialize;
use std::path::Path;
use std::sync::Arc;

/// The entries' service name in the OS key store; the account is the data folder's path.
pub const SERVICE: &str = "FrontDesk personal-data key";
/// `file` keeps the key in the key file even where an OS key store answers (the tests, the
/// end-to-end runs; a hall that wants the file). Anything else, or unset: the OS store.
pub const KEY_STORE_ENV: &str = "FRONTDESK_KEY_STORE";

/// What a key store says when it fails: a sentence for the log, never the key.
pub type StoreResult<T> = std::result::Result<T, String>;

/// A store of secrets by account name: the OS key store, or a test's in-memory one.
pub trait SecretStore: Send + Sync {
    /// Its name for people (设置, error messages), e.g. "Secret Service".
    fn name(&self) -> &str;
    /// Whether it answers now and can be used without asking anyone (no unlock prompt).
    fn reachable(&self) -> bool;
    /// The secret of `account`; `Ok(None)` when there is none.
    fn get(&self, account: &str) -> StoreResult<Option<Vec<u8>>>;
    /// Writes (or replaces) the secret of `account`.
    fn set(&self, account: &str, secret: &[u8]) -> StoreResult<()>;
    /// Removes the secret of `account` (nothing when there is none).
    fn delete(&self, account: &str) -> StoreResult<()>;
}

/// Where a hall may keep its key.
#[derive(Clone)]
pub enum KeyPlace {
    /// The key file only: the store is never asked.
    FileOnly,
    /// This store when it answers, else the key file.
    Store(Arc<dyn SecretStore>),
}

impl KeyPlace {
    /// The choice of a hall's app and server: the OS key store when it answers, else the key
    /// file; the key file only with `FRONTDESK_KEY_STORE=file`.
    pub fn system() -> KeyPlace {
        match std::env::var(KEY_STORE_ENV) {
            Ok(v) if v.trim() == "file" => KeyPlace::FileOnly,
            _ => KeyPlace::Store(Arc::new(OsKeyStore)),
        }
    }
}

/// Where this hall's key is now: 设置 shows it, `--export-key` reads it from there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum KeyHome {
    /// In the OS key store named so, under the data folder's path.
    Store { name: String },
    /// In this key file.
    File { path: String },
}

/// The store's name, or the key file's path (for the command line and the log).
impl std::fmt::Display for KeyHome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeyHome::Store { name } => f.write_str(name),
            KeyHome::File { path } => f.write_str(path),
        }
    }
}

/// The account of a data folder's key in a store: its full path, so that two halls on one PC
/// have two entries.
pub fn account_for(data_dir: &Path) -> String {
    std::fs::canonicalize(data_dir)
        .unwrap_or_else(|_| data_dir.to_path_buf())
        .display()
        .to_string()
}

/// The key of the data folder `data_dir` whose database keeps the check value `check` (None:
/// a new database, or one written before keys), and where it is now. Blocking (files, D-Bus).
pub(crate) fn find_key(
    place: &KeyPlace,
    data_dir: &Path,
    check: Option<&str>,
) -> Result<(PersonalKey, KeyHome)> {
    let key_dir = key_dir_for(data_dir);
    let in_file = PersonalKey::read(&key_dir)?;
    let store = match place {
        KeyPlace::FileOnly => None,
        KeyPlace::Store(store) => Some(store.as_ref()),
    };
    let account = account_for(data_dir);
    // The store's key, when it answers.
    let answered = store.and_then(|s| {
        if !s.reachable() {
            tracing::warn!("{} cannot be reached: the key file is used", s.name());
            return None;
        }
        match read_store(s, &account) {
            Ok(key) => Some((s, key)),
            Err(e) => {
                tracing::warn!("{} did not answer ({e}): the key file is used", s.name());
                None
            }
        }
    });
    let Some((store, in_store)) = answered else {
        return file_only(store, &key_dir, in_file, check);
    };
    let fits = |k: &PersonalKey| check.is_none_or(|c| c == k.check_value());
    let home = KeyHome::Store {
        name: store.name().to_string(),
    };
    let file_path = key_dir.join(KEY_FILE);
    match (in_store, in_file) {
        // A key file beside a new database is the one a person put there: it wins.
        (stored, Some(file)) if check.is_none() => {
            if stored.is_some_and(|s| s.check_value() != file.check_value()) {
                tracing::warn!(
                    "{} held another key for this data folder; the key file replaces it",
                    store.name()
                );
            }
            Ok(move_into_store(store, &account, file, &key_dir))
        }
        (Some(stored), file) if fits(&stored) => {
            match file {
                // A move that crashed before the file was removed: finish it.
                Some(f) if f.check_value() == stored.check_value() => {
                    match remove_key_file(&key_dir) {
                        Ok(()) => tracing::warn!(
                            "the personal-data key is in {}; its file was removed",
                            store.name()
                        ),
                        // Two right copies: harmless, the next start tries again.
                        Err(e) => tracing::warn!("the key file stays ({e})"),
                    }
                }
                Some(_) => tracing::warn!(
                    "{} does not belong to this data folder and is left as it is",
                    file_path.display()
                ),
                None => {}
            }
            Ok((stored, home))
        }
        (_, Some(file)) if fits(&file) => Ok(move_into_store(store, &account, file, &key_dir)),
        (None, None) if check.is_none() => {
            let key = PersonalKey::generate()?;
            let kept = store
                .set(&account, key.master_hex().as_bytes())
                .and_then(|()| read_store(store, &account));
            match kept {
                Ok(Some(back)) if back.check_value() == key.check_value() => {
                    tracing::warn!("a new personal-data key was written to {}", store.name());
                    Ok((key, home))
                }
                other => {
                    let why = other
                        .err()
                        .unwrap_or_else(|| "it reads back another key".into());
                    tracing::warn!(
                        "{} refused the new key ({why}): it goes to the key file",
                        store.name()
                    );
                    key.write_file(&key_dir)?;
                    Ok((key, file_home(&key_dir)))
                }
            }
        }
        (None, None) => Err(Error::PersonalKeyNotFound {
            store: store.name().to_string(),
            path: file_path.display().to_string(),
        }),
        (stored, _) => Err(Error::PersonalKeyWrong {
            place: match stored {
                Some(_) => store.name().to_string(),
                None => file_path.display().to_string(),
            },
        }),
    }
}

/// The key file alone decides: `store` (if any) was not reached.
fn file_only(
    store: Option<&dyn SecretStore>,
    key_dir: &Path,
    in_file: Option<PersonalKey>,
    check: Option<&str>,
) -> Result<(PersonalKey, KeyHome)> {
    let path = key_dir.join(KEY_FILE).display().to_string();
    match (check, in_file) {
        (Some(c), Some(key)) if c == key.check_value() => Ok((key, file_home(key_dir))),
        (Some(_), Some(_)) => Err(Error::PersonalKeyWrong { place: path }),
        (Some(_), None) => Err(match store {
            Some(s) => Error::PersonalKeyStoreUnreachable {
                store: s.name().to_string(),
                path,
            },
            None => Error::PersonalKeyMissing { path },
        }),
        (None, Some(key)) => Ok((key, file_home(key_dir))),
        (None, None) => {
            let key = PersonalKey::generate()?;
            key.write_file(key_dir)?;
            Ok((key, file_home(key_dir)))
        }
    }
}

fn file_home(key_dir: &Path) -> KeyHome {
    KeyHome::File {
        path: key_dir.join(KEY_FILE).display().to_string(),
    }
}

/// The key `store` holds for `account`. A value that is not a key counts as none (and is
/// replaced when a key is written there).
fn read_store(store: &dyn SecretStore, account: &str) -> StoreResult<Option<PersonalKey>> {
    let Some(bytes) = store.get(account)? else {
        return Ok(None);
    };
    let key = PersonalKey::from_hex(&String::from_utf8_lossy(&bytes));
    if key.is_none() {
        tracing::warn!("{} holds something that is not a key", store.name());
    }
    Ok(key)
}

/// Moves the key `file` (the right one) into `store`: write, read back, and only when the
/// store gives back the same key remove the file. Any failure keeps the file, which stays the
/// key's home until a later start manages the move.
fn move_into_store(
    store: &dyn SecretStore,
    account: &str,
    file: PersonalKey,
    key_dir: &Path,
) -> (PersonalKey, KeyHome) {
    let kept = store
        .set(account, file.master_hex().as_bytes())
        .and_then(|()| read_store(store, account));
    let why = match kept {
        Ok(Some(back)) if back.check_value() == file.check_value() => {
            match remove_key_file(key_dir) {
                Ok(()) => {
                    tracing::warn!("the personal-data key was moved into {}", store.name());
                    let home = KeyHome::Store {
                        name: store.name().to_string(),
                    };
                    return (file, home);
                }
                Err(e) => e.to_string(),
            }
        }
        Ok(_) => "it reads back another key".to_string(),
        Err(e) => e,
    };
    tracing::warn!(
        "the personal-data key stays in its file: {} did not take it ({why})",
        store.name()
    );
    (file, file_home(key_dir))
}

/// Removes the key file and makes the removal durable (the folder is synced).
fn remove_key_file(key_dir: &Path) -> Result<()> {
    std::fs::remove_file(key_dir.join(KEY_FILE))?;
    sync_dir(key_dir);
    Ok(())
}

#[cfg(unix)]
fn sync_dir(dir: &Path) {
    if let Err(e) = std::fs::File::open(dir).and_then(|d| d.sync_all()) {
        tracing::warn!("could not sync {}: {e}", dir.display());
    }
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) {
    // Windows has no handle on a folder to flush; NTFS journals the removal.
}

/// The operating system's key store, through the `keyring` crate.
pub struct OsKeyStore;

impl OsKeyStore {
    fn entry(account: &str) -> StoreResult<keyring::Entry> {
        keyring::Entry::new(SERVICE, account).map_err(|e| e.to_string())
    }
}

impl SecretStore for OsKeyStore {
    fn name(&self) -> &str {
        if cfg!(target_os = "windows") {
            "Windows Credential Manager"
        } else if cfg!(target_os = "macos") {
            "macOS Keychain"
        } else {
            "Secret Service"
        }
    }

    fn reachable(&self) -> bool {
        os_store_answers()
    }

    fn get(&self, account: &str) -> StoreResult<Option<Vec<u8>>> {
        match Self::entry(account)?.get_secret() {
            Ok(secret) => Ok(Some(secret)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    }

    fn set(&self, account: &str, secret: &[u8]) -> StoreResult<()> {
        Self::entry(account)?
            .set_secret(secret)
            .map_err(|e| e.to_string())
    }

    fn delete(&self, account: &str) -> StoreResult<()> {
        match Self::entry(account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(e.to_string()),
        }
    }
}

/// Whether the Secret Service answers on the session bus with its default collection
/// unlocked. Asked directly, with a short timeout, because the `keyring` crate would ask a
/// locked keyring to prompt for its password and wait for an answer that never comes on a
/// machine without a desktop.
#[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
fn os_store_answers() -> bool {
    use dbus::blocking::stdintf::org_freedesktop_dbus::Properties;
    let Ok(bus) = dbus::blocking::Connection::new_session() else {
        return false;
    };
    let default = bus.with_proxy(
        "org.freedesktop.secrets",
        "/org/freedesktop/secrets/aliases/default",
        std::time::Duration::from_secs(5),
    );
    let locked: std::result::Result<bool, _> =
        default.get("org.freedesktop.Secret.Collection", "Locked");
    matches!(locked, Ok(false))
}

/// Credential Manager and the Keychain are there for every logged-in user.
#[cfg(not(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd")))]
fn os_store_answers() -> bool {
    true
}
