//! The key that keeps a booking's personal fields (name, mobile, ID number, note) unreadable
//! in the data folder: a copy of the folder alone (a stolen disk, a backup on a USB stick)
//! reveals none of them.
//!
//! The key is 32 random bytes, kept outside the data folder: in the OS key store where one
//! answers (`key_store`), else in a file of its own in a folder *beside* the data folder,
//! never inside it: `<data folder>-key/personal-data.key` (for `…/frontdesk` that is
//! `…/frontdesk-key/personal-data.key`). On Unix the folder is `0700` and the file `0600`
//! (owner only); on Windows both inherit the user profile's owner-only rights. The same file
//! format is what `frontdesk --export-key` writes for a hall's backups. Two keys are
//! derived from it: one seals each value with AES-256-GCM (authenticated, a fresh random
//! nonce per value, so equal values give unequal bytes), the other makes the lookup hashes
//! (HMAC-SHA256), with which the per-person rules and searches find a person's bookings
//! without reading any value.
//!
//! The database keeps only a check value of the key (an HMAC of a fixed text), so that a hall
//! opened with a missing or a different key is refused loudly instead of writing rows no one
//! can read again. Nothing here puts a value or the key into an error or the log.

use crate::error::{Error, Result};
use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The key file's name inside the key folder.
pub const KEY_FILE: &str = "personal-data.key";
/// What the key folder's name adds to the data folder's.
pub const KEY_DIR_SUFFIX: &str = "-key";
/// The first line of the key file: what it is, for whoever finds it in a backup.
const HEADER: &str =
    "FrontDesk personal-data key v1 (keep with the data folder's backups; never share)";
/// The first byte of a sealed value: the format, so a later one can be told apart.
const SEALED_V1: u8 = 1;
const NONCE_LEN: usize = 12;

type HmacSha256 = Hmac<Sha256>;

/// What a lookup hash is of: the same text hashed as an ID number and as a mobile differs.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Lookup {
    IdNumber,
    Mobile,
}

/// The hall's personal-data key (sealing and lookups). Deliberately without `Debug`.
#[derive(Clone)]
pub struct PersonalKey {
    /// The 32 bytes themselves: written to the store, or exported for backups.
    master: [u8; 32],
    cipher: Aes256Gcm,
    lookup: [u8; 32],
    check: String,
}

/// The key folder of a data folder: beside it, named after it.
pub fn key_dir_for(data_dir: &Path) -> PathBuf {
    let name = data_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "frontdesk".into());
    let parent = data_dir.parent().unwrap_or(data_dir);
    parent.join(format!("{name}{KEY_DIR_SUFFIX}"))
}

fn derive(master: &[u8; 32], label: &str) -> [u8; 32] {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(master).expect("HMAC takes any key length");
    mac.update(b"frontdesk-key:");
    mac.update(label.as_bytes());
    mac.finalize().into_bytes().into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<[u8; 32]> {
    let text = text.trim();
    if text.len() != 64 || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

impl PersonalKey {
    /// The key of these 32 bytes.
    pub fn from_bytes(master: &[u8; 32]) -> PersonalKey {
        let cipher = Aes256Gcm::new(&derive(master, "seal").into());
        let lookup = derive(master, "lookup");
        let check = hex(&derive(master, "check"));
        PersonalKey {
            master: *master,
            cipher,
            lookup,
            check,
        }
    }

    /// The key written as `hex` (the key file's second line, or a store's entry).
    pub(crate) fn from_hex(hex: &str) -> Option<PersonalKey> {
        unhex(hex).map(|m| PersonalKey::from_bytes(&m))
    }

    /// A new key from the operating system's random generator.
    pub(crate) fn generate() -> Result<PersonalKey> {
        Ok(PersonalKey::from_bytes(&crate::random::bytes()?))
    }

    /// The key as hex, as a store keeps it.
    pub(crate) fn master_hex(&self) -> String {
        hex(&self.master)
    }

    /// Reads the key file in `key_dir`. `Ok(None)` when there is none.
    pub fn read(key_dir: &Path) -> Result<Option<PersonalKey>> {
        let path = key_dir.join(KEY_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let key = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with("FrontDesk"))
            .and_then(PersonalKey::from_hex)
            .ok_or_else(|| Error::PersonalKeyInvalid {
                path: path.display().to_string(),
            })?;
        Ok(Some(key))
    }

    /// Draws a new key and writes it to `key_dir` (created owner-only), refusing to replace
    /// a key file that exists.
    pub fn create(key_dir: &Path) -> Result<PersonalKey> {
        let key = PersonalKey::generate()?;
        key.write_file(key_dir)?;
        Ok(key)
    }

    /// Writes this key as the key file of `key_dir` (created owner-only), never over one.
    pub(crate) fn write_file(&self, key_dir: &Path) -> Result<()> {
        create_private_dir(key_dir)?;
        let path = key_dir.join(KEY_FILE);
        self.write_to(&path)?;
        tracing::warn!("a new personal-data key was written to {}", path.display());
        Ok(())
    }

    /// Writes this key to `path` in the key file's format, owner-only, refusing to replace a
    /// file that exists (the key folder's file, or an export for the hall's backups).
    pub(crate) fn write_to(&self, path: &Path) -> Result<()> {
        let mut file = private_file(path)?;
        writeln!(file, "{HEADER}\n{}", hex(&self.master))?;
        file.sync_all()?;
        Ok(())
    }

    /// The check value the database keeps of this key (it reveals nothing of the key).
    pub fn check_value(&self) -> &str {
        &self.check
    }

    /// Seals `plain`: format byte, random nonce, then the AES-256-GCM ciphertext and tag.
    pub(crate) fn seal(&self, plain: &str) -> Result<Vec<u8>> {
        let nonce: [u8; NONCE_LEN] = crate::random::bytes()?;
        let sealed = self
            .cipher
            .encrypt(Nonce::from_slice(&nonce), plain.as_bytes())
            .map_err(|_| Error::PersonalDataUnreadable)?;
        let mut out = Vec::with_capacity(1 + NONCE_LEN + sealed.len());
        out.push(SEALED_V1);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Opens a value [`seal`](Self::seal) made; a value sealed with another key, or changed
    /// on disk, is refused (the tag does not match).
    pub(crate) fn open(&self, sealed: &[u8]) -> Result<String> {
        let bad = || Error::PersonalDataUnreadable;
        let (&format, rest) = sealed.split_first().ok_or_else(bad)?;
        if format != SEALED_V1 || rest.len() < NONCE_LEN {
            return Err(bad());
        }
        let (nonce, body) = rest.split_at(NONCE_LEN);
        let plain = self
            .cipher
            .decrypt(Nonce::from_slice(nonce), body)
            .map_err(|_| bad())?;
        String::from_utf8(plain).map_err(|_| bad())
    }

    /// The keyed lookup hash of `value` (hex): equal values give equal hashes, and without
    /// the key no one can test a guessed ID number or mobile against it.
    pub(crate) fn lookup(&self, kind: Lookup, value: &str) -> String {
        let mut mac =
            <HmacSha256 as Mac>::new_from_slice(&self.lookup).expect("HMAC takes any key length");
        mac.update(match kind {
            Lookup::IdNumber => b"id-number:",
            Lookup::Mobile => b"mobile:",
        });
        mac.update(value.as_bytes());
        hex(&mac.finalize().into_bytes())
    }
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    Ok(())
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> Result<()> {
    // Under the user's profile the folder inherits owner-only rights.
    std::fs::create_dir_all(dir)?;
    Ok(())
}

#[cfg(unix)]
fn private_file(path: &Path) -> Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    Ok(std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?)
}

#[cfg(not(unix))]
fn private_file(path: &Path) -> Result<std::fs::File> {
    Ok(std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealing_round_trips_and_refuses_another_key() {
        let a = PersonalKey::from_bytes(&[7; 32]);
        let b = PersonalKey::from_bytes(&[8; 32]);
        let sealed = a.seal("欧阳娜娜").unwrap();
        assert_eq!(a.open(&sealed).unwrap(), "欧阳娜娜");
        assert!(b.open(&sealed).is_err());
        assert_ne!(
            a.seal("欧阳娜娜").unwrap(),
            sealed,
            "a fresh nonce each time"
        );
        let mut changed = sealed.clone();
        *changed.last_mut().unwrap() ^= 1;
        assert!(a.open(&changed).is_err(), "a changed byte is refused");
    }

    #[test]
    fn lookups_are_keyed_and_kinded() {
        let a = PersonalKey::from_bytes(&[7; 32]);
        let b = PersonalKey::from_bytes(&[8; 32]);
        let v = "13812348000";
        assert_eq!(a.lookup(Lookup::Mobile, v), a.lookup(Lookup::Mobile, v));
        assert_ne!(a.lookup(Lookup::Mobile, v), b.lookup(Lookup::Mobile, v));
        assert_ne!(a.lookup(Lookup::Mobile, v), a.lookup(Lookup::IdNumber, v));
    }

    #[test]
    fn the_key_folder_is_beside_the_data_folder() {
        assert_eq!(
            key_dir_for(Path::new("/var/lib/frontdesk")),
            Path::new("/var/lib/frontdesk-key")
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_key_file_is_owner_only_and_read_back() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("data-key");
        let made = PersonalKey::create(&dir).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&dir.join(KEY_FILE)), 0o600);
        let read = PersonalKey::read(&dir).unwrap().unwrap();
        assert_eq!(read.check_value(), made.check_value());
        assert!(PersonalKey::create(&dir).is_err(), "never replaced");
        assert!(PersonalKey::read(&root.path().join("none"))
            .unwrap()
            .is_none());
    }
}
