//! Devices on the hall's network: pairing with a one-time code, the long-lived token a device
//! then holds, its role, and the host's list of devices (rename, revoke).
//!
//! The rules:
//! - Staff at the host create a code for one role (a counter or rating pad names its window).
//!   It is six digits, valid [`CODE_VALID_MS`], used once; only its SHA-256 is stored.
//! - A device types the code and a name. From one address at most [`WRONG_TRIES`] wrong codes
//!   count within [`TRIES_WINDOW_MS`]; after that every try from there is refused for the
//!   rest of the window, right code or not, and the hall as a whole accepts at most
//!   [`WRONG_TRIES_HALL`] wrong codes per window (six digits do not survive a patient guesser
//!   otherwise).
//! - A paired device gets a 256-bit random token from the operating system's generator; only
//!   its SHA-256 is stored, so the file does not let anyone act as the device. It never
//!   expires by itself; revoking it takes effect on the device's next request.
//! - Codes, tokens and addresses never appear in errors or events.

use crate::error::{DeviceError, Error, Result};
use crate::events::{DeviceChange, HallEvent};
use crate::hall::Hall;
use crate::model::StaffToken;
use crate::ops::{DeviceRole, Role};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::{FromRow, SqliteConnection};

/// How long a pairing code is valid.
pub const CODE_VALID_MS: i64 = 5 * 60_000;
/// Wrong codes one address may type within [`TRIES_WINDOW_MS`].
pub const WRONG_TRIES: i64 = 5;
/// Wrong codes the whole hall accepts within [`TRIES_WINDOW_MS`].
pub const WRONG_TRIES_HALL: i64 = 30;
/// The window of the rate limit.
pub const TRIES_WINDOW_MS: i64 = 60_000;
/// A device's last-seen time is written at most this often (a request is not a write).
const SEEN_EVERY_MS: i64 = 60_000;

/// A paired device, as the host lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromRow)]
pub struct Device {
    pub id: i64,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    /// The window of a counter or rating pad.
    pub counter_id: Option<i64>,
    /// When it paired (ms).
    pub paired_at: i64,
    /// When it was last seen (ms; updated at most once a minute).
    pub last_seen_at: i64,
    /// The network address it was last seen from.
    pub last_address: String,
}

impl Device {
    /// How the audit list names this device ("counter #4 3号窗口"): staff see which
    /// device acted, by its role, id and the name the host gave it.
    pub fn audit_name(&self) -> String {
        format!("{} #{} {}", self.role.as_str(), self.id, self.name)
    }

    /// Its role with its window.
    pub fn role(&self) -> DeviceRole {
        DeviceRole {
            role: self.role,
            counter_id: self.counter_id,
        }
    }
}

impl TryFrom<String> for Role {
    type Error = String;
    fn try_from(s: String) -> std::result::Result<Self, String> {
        Role::parse(&s).ok_or(s)
    }
}

/// A fresh pairing code, shown once at the host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairingCode {
    /// Six digits.
    pub code: String,
    pub role: Role,
    pub counter_id: Option<i64>,
    /// When it stops working (ms).
    pub expires_at: i64,
}

/// A device that has just paired: its entry and the token it keeps (in a cookie). The token
/// exists only here; the hall keeps its hash.
#[derive(Debug, Clone)]
pub struct Paired {
    pub device: Device,
    pub token: String,
}

const DEVICE_SELECT: &str = "SELECT id, name, role, counter_id, paired_at, last_seen_at,
                                    last_address FROM devices";

/// SHA-256 of a secret (a code or a token).
fn hash(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

/// `n` bytes from the operating system's random generator.
fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).map_err(|e| Error::Io(std::io::Error::other(e.to_string())))?;
    Ok(b)
}

/// Six uniformly random digits (rejection sampling: no digit is likelier than another).
fn random_code() -> Result<String> {
    const LIMIT: u32 = u32::MAX - u32::MAX % 1_000_000;
    loop {
        let n = u32::from_le_bytes(random_bytes::<4>()?);
        if n < LIMIT {
            return Ok(format!("{:06}", n % 1_000_000));
        }
    }
}

/// A new device token: 256 random bits, hex.
fn random_token() -> Result<String> {
    Ok(random_bytes::<32>()?
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

async fn device_in(conn: &mut SqliteConnection, id: i64) -> Result<Device> {
    sqlx::query_as(&format!(
        "{DEVICE_SELECT} WHERE id = ? AND revoked_at IS NULL"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?
    .ok_or_else(|| DeviceError::UnknownDevice(id).into())
}

fn changed(change: DeviceChange, device_id: i64) -> HallEvent {
    HallEvent::Devices { change, device_id }
}

impl Hall {
    /// Creates a one-time code that pairs a device as `role` (a counter or rating pad names
    /// its window, the other roles none): staff at the host only (设置 → 网络), audited.
    pub async fn create_pairing_code(
        &self,
        staff: &StaffToken,
        role: Role,
        counter_id: Option<i64>,
    ) -> Result<PairingCode> {
        let who = self.staff(staff)?;
        self.pairing_code_by(&who, role, counter_id).await
    }

    /// [`Hall::create_pairing_code`] for the headless server's console
    /// (`frontdesk-server pairing-code`), which answers only on 127.0.0.1: whoever can run
    /// a command on the host machine is trusted there, as with `--reset-pin`.
    pub async fn create_pairing_code_at_console(
        &self,
        role: Role,
        counter_id: Option<i64>,
    ) -> Result<PairingCode> {
        self.pairing_code_by("console", role, counter_id).await
    }

    async fn pairing_code_by(
        &self,
        who: &str,
        role: Role,
        counter_id: Option<i64>,
    ) -> Result<PairingCode> {
        let counter_id = if role.bound_to_counter() {
            Some(counter_id.ok_or(Error::Empty {
                field: "counter_id",
            })?)
        } else {
            None
        };
        let now = self.now_ms();
        let mut tx = self.begin_write().await?;
        if let Some(id) = counter_id {
            let known: Option<i64> = sqlx::query_scalar("SELECT id FROM counters WHERE id = ?")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
            known.ok_or(Error::UnknownCounter(id))?;
        }
        // Codes nobody used are of no further use a day later.
        sqlx::query("DELETE FROM pairing_codes WHERE used_at IS NULL AND expires_at < ?")
            .bind(now - 86_400_000)
            .execute(&mut *tx)
            .await?;
        let code = loop {
            let code = random_code()?;
            let taken: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM pairing_codes WHERE code_hash = ? AND used_at IS NULL",
            )
            .bind(hash(&code))
            .fetch_optional(&mut *tx)
            .await?;
            if taken.is_none() {
                break code;
            }
        };
        let expires_at = now + CODE_VALID_MS;
        sqlx::query(
            "INSERT INTO pairing_codes(code_hash, role, counter_id, created_at, expires_at)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(hash(&code))
        .bind(role.as_str())
        .bind(counter_id)
        .bind(now)
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
        let what = format!("pairing code for a {}", role.as_str());
        self.settings_changed(&mut tx, who, &what).await?;
        tx.commit().await?;
        Ok(PairingCode {
            code,
            role,
            counter_id,
            expires_at,
        })
    }

    /// Pairs the device at `address` that typed `code` and chose `name`: a new device with
    /// the code's role and a fresh token. A wrong code is counted against `address`.
    pub async fn pair(&self, code: &str, name: &str, address: &str) -> Result<Paired> {
        let name = crate::validate::name("device_name", name, 40)?;
        let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        let now = self.now_ms();
        let mut tx = self.begin_write().await?;
        refuse_if_locked_out(&mut tx, address, now).await?;
        let found: Option<(i64, String, Option<i64>, i64)> = sqlx::query_as(
            "SELECT id, role, counter_id, expires_at FROM pairing_codes
             WHERE code_hash = ? AND used_at IS NULL",
        )
        .bind(hash(&code))
        .fetch_optional(&mut *tx)
        .await?;
        let Some((code_id, role, counter_id, expires_at)) = found else {
            // Wrong, malformed or already used: the try counts, and is kept.
            sqlx::query("INSERT INTO pairing_failures(address, at) VALUES (?, ?)")
                .bind(address)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            return Err(DeviceError::CodeWrong.into());
        };
        if expires_at <= now {
            return Err(DeviceError::CodeExpired.into());
        }
        let role = Role::parse(&role).ok_or(Error::Invalid { field: "role" })?;
        let token = random_token()?;
        let id = sqlx::query(
            "INSERT INTO devices(name, role, counter_id, token_hash, paired_at, last_seen_at,
                                 last_address)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&name)
        .bind(role.as_str())
        .bind(counter_id)
        .bind(hash(&token))
        .bind(now)
        .bind(now)
        .bind(address)
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
        sqlx::query("UPDATE pairing_codes SET used_at = ?, device_id = ? WHERE id = ?")
            .bind(now)
            .bind(id)
            .bind(code_id)
            .execute(&mut *tx)
            .await?;
        let device = device_in(&mut tx, id).await?;
        tx.commit_with(vec![changed(DeviceChange::Paired, id)])
            .await?;
        Ok(Paired { device, token })
    }

    /// The device holding `token`, seen now from `address`; `unpaired` for a missing,
    /// unknown or revoked token.
    pub async fn device_for_token(&self, token: &str, address: &str) -> Result<Device> {
        let unpaired = || Error::from(DeviceError::Unpaired);
        if token.is_empty() {
            return Err(unpaired());
        }
        let device: Device = {
            let mut conn = self.pool().acquire().await?;
            sqlx::query_as(&format!(
                "{DEVICE_SELECT} WHERE token_hash = ? AND revoked_at IS NULL"
            ))
            .bind(hash(token))
            .fetch_optional(&mut *conn)
            .await?
            .ok_or_else(unpaired)?
        };
        let now = self.now_ms();
        if now - device.last_seen_at < SEEN_EVERY_MS && device.last_address == address {
            return Ok(device);
        }
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "UPDATE devices SET last_seen_at = ?, last_address = ?
             WHERE id = ? AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(address)
        .bind(device.id)
        .execute(&mut *tx)
        .await?;
        // Revoked meanwhile: refused like any revoked token.
        let device = device_in(&mut tx, device.id)
            .await
            .map_err(|_| unpaired())?;
        tx.commit().await?;
        Ok(device)
    }

    /// The paired devices (revoked ones are gone), in pairing order.
    pub async fn devices(&self) -> Result<Vec<Device>> {
        let mut conn = self.pool().acquire().await?;
        Ok(sqlx::query_as(&format!(
            "{DEVICE_SELECT} WHERE revoked_at IS NULL ORDER BY id"
        ))
        .fetch_all(&mut *conn)
        .await?)
    }

    /// Gives a device another name (staff only, audited).
    pub async fn rename_device(&self, staff: &StaffToken, id: i64, name: &str) -> Result<Device> {
        let who = self.staff(staff)?;
        let name = crate::validate::name("device_name", name, 40)?;
        let mut tx = self.begin_write().await?;
        self.settings_changed(&mut tx, &who, &format!("device #{id} renamed"))
            .await?;
        device_in(&mut tx, id).await?;
        sqlx::query("UPDATE devices SET name = ? WHERE id = ?")
            .bind(&name)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let device = device_in(&mut tx, id).await?;
        tx.commit_with(vec![changed(DeviceChange::Renamed, id)])
            .await?;
        Ok(device)
    }

    /// Revokes a device: its token stops working with its next request, and its open
    /// event streams close (the server listens for the event). Staff only, audited.
    pub async fn revoke_device(&self, staff: &StaffToken, id: i64) -> Result<Device> {
        let who = self.staff(staff)?;
        let now = self.now_ms();
        let mut tx = self.begin_write().await?;
        self.settings_changed(&mut tx, &who, &format!("device #{id} revoked"))
            .await?;
        let device = device_in(&mut tx, id).await?;
        sqlx::query("UPDATE devices SET revoked_at = ? WHERE id = ?")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit_with(vec![changed(DeviceChange::Revoked, id)])
            .await?;
        Ok(device)
    }
}

/// Refuses a try from `address` while it (or the hall) has used up its wrong tries.
async fn refuse_if_locked_out(conn: &mut SqliteConnection, address: &str, now: i64) -> Result<()> {
    let since = now - TRIES_WINDOW_MS;
    sqlx::query("DELETE FROM pairing_failures WHERE at <= ?")
        .bind(since)
        .execute(&mut *conn)
        .await?;
    // The try that unlocks: the oldest of the last WRONG_TRIES leaves the window.
    let here: Vec<i64> = sqlx::query_scalar(
        "SELECT at FROM pairing_failures WHERE address = ? ORDER BY at DESC LIMIT ?",
    )
    .bind(address)
    .bind(WRONG_TRIES)
    .fetch_all(&mut *conn)
    .await?;
    let hall: Vec<i64> =
        sqlx::query_scalar("SELECT at FROM pairing_failures ORDER BY at DESC LIMIT ?")
            .bind(WRONG_TRIES_HALL)
            .fetch_all(&mut *conn)
            .await?;
    let until = [(here, WRONG_TRIES), (hall, WRONG_TRIES_HALL)]
        .into_iter()
        .filter(|(tries, limit)| tries.len() as i64 >= *limit)
        .filter_map(|(tries, _)| tries.last().map(|oldest| oldest + TRIES_WINDOW_MS))
        .max();
    match until {
        Some(until) => Err(DeviceError::TooManyAttempts {
            seconds: ((until - now) + 999) / 1000,
        }
        .into()),
        None => Ok(()),
    }
}
