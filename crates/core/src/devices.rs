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
pub use crate::model::devices::{Device, Paired, PairingCode};
use crate::model::StaffToken;
use crate::ops::Role;
use crate::table::devices::NewDevice;
use crate::table::{devices, pairing_codes, pairing_failures};
use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;

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

/// SHA-256 of a secret (a code or a token).
fn hash(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

/// Six uniformly random digits (rejection sampling: no digit is likelier than another).
fn random_code() -> Result<String> {
    const LIMIT: u32 = u32::MAX - u32::MAX % 1_000_000;
    loop {
        let n = u32::from_le_bytes(crate::random::bytes::<4>()?);
        if n < LIMIT {
            return Ok(format!("{:06}", n % 1_000_000));
        }
    }
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
            crate::table::counters::number_and_appointment(&mut tx, id)
                .await?
                .ok_or(Error::UnknownCounter(id))?;
        }
        // Codes nobody used are of no further use a day later.
        pairing_codes::delete_unused_expired(&mut tx, now - 86_400_000).await?;
        let code = loop {
            let code = random_code()?;
            if pairing_codes::unused(&mut tx, &hash(&code))
                .await?
                .is_none()
            {
                break code;
            }
        };
        let expires_at = now + CODE_VALID_MS;
        pairing_codes::insert(&mut tx, &hash(&code), role, counter_id, now, expires_at).await?;
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
        let Some(found) = pairing_codes::unused(&mut tx, &hash(&code)).await? else {
            // Wrong, malformed or already used: the try counts, and is kept.
            pairing_failures::insert(&mut tx, address, now).await?;
            tx.commit().await?;
            return Err(DeviceError::CodeWrong.into());
        };
        if found.expires_at <= now {
            return Err(DeviceError::CodeExpired.into());
        }
        // 256 random bits.
        let token = crate::random::hex::<32>()?;
        let new = NewDevice {
            name: &name,
            role: found.role,
            counter_id: found.counter_id,
            token_hash: &hash(&token),
            address,
            now,
        };
        let id = devices::insert(&mut tx, &new).await?;
        pairing_codes::mark_used(&mut tx, found.id, now, id).await?;
        let device = devices::device(&mut tx, id).await?;
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
            devices::by_token(&mut conn, &hash(token))
                .await?
                .ok_or_else(unpaired)?
        };
        let now = self.now_ms();
        if now - device.last_seen_at < SEEN_EVERY_MS && device.last_address == address {
            return Ok(device);
        }
        let mut tx = self.begin_write().await?;
        devices::seen(&mut tx, device.id, now, address).await?;
        // Revoked meanwhile: refused like any revoked token.
        let device = devices::device(&mut tx, device.id)
            .await
            .map_err(|_| unpaired())?;
        tx.commit().await?;
        Ok(device)
    }

    /// The paired devices (revoked ones are gone), in pairing order.
    pub async fn devices(&self) -> Result<Vec<Device>> {
        let mut conn = self.pool().acquire().await?;
        devices::all(&mut conn).await
    }

    /// Gives a device another name (staff only, audited).
    pub async fn rename_device(&self, staff: &StaffToken, id: i64, name: &str) -> Result<Device> {
        let who = self.staff(staff)?;
        let name = crate::validate::name("device_name", name, 40)?;
        let mut tx = self.begin_write().await?;
        self.settings_changed(&mut tx, &who, &format!("device #{id} renamed"))
            .await?;
        devices::device(&mut tx, id).await?;
        devices::rename(&mut tx, id, &name).await?;
        let device = devices::device(&mut tx, id).await?;
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
        let device = devices::device(&mut tx, id).await?;
        devices::revoke(&mut tx, id, now).await?;
        tx.commit_with(vec![changed(DeviceChange::Revoked, id)])
            .await?;
        Ok(device)
    }
}

/// Refuses a try from `address` while it (or the hall) has used up its wrong tries.
async fn refuse_if_locked_out(conn: &mut SqliteConnection, address: &str, now: i64) -> Result<()> {
    let since = now - TRIES_WINDOW_MS;
    pairing_failures::delete_until(&mut *conn, since).await?;
    // The try that unlocks: the oldest of the last WRONG_TRIES leaves the window.
    let here = pairing_failures::latest_from(&mut *conn, address, WRONG_TRIES).await?;
    let hall = pairing_failures::latest(&mut *conn, WRONG_TRIES_HALL).await?;
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
