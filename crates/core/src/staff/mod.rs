//! Staff access. An administrator PIN, stored only as an Argon2 hash, guards 设置 (every
//! settings save), a booking's unmasked details, lifting a booking ban and the holiday
//! import. The core checks it, not only the screen: each guarded `Hall` method takes a
//! [`StaffToken`] from [`Hall::unlock`], live while used within `staff_sessions::IDLE`.
//!
//! Five wrong tries in a row lock the PIN for [`LOCKOUT`], whoever tries. A forgotten PIN
//! is reset only on the machine itself (`frontdesk --reset-pin`, which calls
//! [`Hall::reset_pin`]; no screen can), after which the next opening of 设置 creates a new
//! one. Every guarded action, and voids and ends of day, leave an audit row (`audit`).

pub mod audit;

use crate::error::{Error, Result};
use crate::hall::Hall;
use crate::model::{AuditAction, AuditEntry, PinStatus, StaffToken};
use crate::table::{audit_log, staff_pin};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::Duration;

/// Wrong tries in a row before the PIN locks.
pub const MAX_TRIES: i64 = 5;
/// How long the PIN stays locked after [`MAX_TRIES`] wrong tries.
pub const LOCKOUT: Duration = Duration::minutes(10);
/// A PIN is 4 to 12 digits: typed on a desk keyboard or a touch screen's number pad.
pub const PIN_DIGITS: (usize, usize) = (4, 12);
/// Rows the audit list shows.
pub const AUDIT_ROWS: i64 = 500;

impl Hall {
    /// Whether a PIN exists and whether it is locked now.
    pub async fn pin_status(&self) -> Result<PinStatus> {
        let mut conn = self.pool().acquire().await?;
        let row = staff_pin::get(&mut conn).await?;
        Ok(match row {
            None => PinStatus {
                set: false,
                locked_until: None,
                tries_left: MAX_TRIES,
            },
            Some(r) => PinStatus {
                set: true,
                locked_until: (r.locked_until > self.now_ms())
                    .then(|| self.rfc3339(r.locked_until)),
                tries_left: MAX_TRIES - r.failed,
            },
        })
    }

    /// Creates the PIN when there is none yet (the first opening of 设置) and opens a session
    /// for `who`; refused once a PIN exists (changing it needs a session).
    pub async fn create_pin(&self, pin: &str, who: &str) -> Result<StaffToken> {
        let hash = hash_pin(pin)?;
        let who = actor(who)?;
        let mut tx = self.begin_write().await?;
        if staff_pin::get(&mut tx).await?.is_some() {
            return Err(Error::PinAlreadySet);
        }
        staff_pin::insert(&mut tx, &hash, self.now_ms()).await?;
        audit_log::insert(
            &mut tx,
            self.now_ms(),
            &who,
            AuditAction::PinCreated,
            None,
            "",
        )
        .await?;
        tx.commit().await?;
        self.open_session(who)
    }

    /// Replaces the PIN; every other session ends.
    pub async fn change_pin(&self, staff: &StaffToken, pin: &str) -> Result<()> {
        let who = self.staff(staff)?;
        let hash = hash_pin(pin)?;
        let mut tx = self.begin_write().await?;
        staff_pin::set_hash(&mut tx, &hash, self.now_ms()).await?;
        audit_log::insert(
            &mut tx,
            self.now_ms(),
            &who,
            AuditAction::PinChanged,
            None,
            "",
        )
        .await?;
        tx.commit().await?;
        self.sessions().close(None);
        self.sessions().open(staff.0.clone(), who, self.now());
        Ok(())
    }

    /// Checks the PIN typed at `who` (a screen or device) and opens a session. A wrong PIN
    /// counts towards the lock; a locked PIN is refused without being checked.
    pub async fn unlock(&self, pin: &str, who: &str) -> Result<StaffToken> {
        let who = actor(who)?;
        let now = self.now_ms();
        let row = {
            let mut conn = self.pool().acquire().await?;
            staff_pin::get(&mut conn).await?.ok_or(Error::PinNotSet)?
        };
        if row.locked_until > now {
            return Err(Error::PinLocked {
                until: self.rfc3339(row.locked_until),
            });
        }
        // Argon2 takes a while on purpose: check outside the write turn.
        if verify_pin(pin, &row.hash) {
            let mut tx = self.begin_write().await?;
            staff_pin::clear_failures(&mut tx).await?;
            tx.commit().await?;
            return self.open_session(who);
        }
        let mut tx = self.begin_write().await?;
        // Read again in the turn: tries from two screens at once both count.
        let failed = staff_pin::count_failure(&mut tx).await?;
        let refusal = if failed >= MAX_TRIES {
            let until = now + LOCKOUT.num_milliseconds();
            staff_pin::lock_until(&mut tx, until).await?;
            audit_log::insert(&mut tx, now, &who, AuditAction::PinLocked, None, "").await?;
            self.sessions().close(None);
            Error::PinLocked {
                until: self.rfc3339(until),
            }
        } else {
            Error::WrongPin {
                tries_left: MAX_TRIES - failed,
            }
        };
        tx.commit().await?;
        Err(refusal)
    }

    /// Ends a session (the screen was closed or signed out).
    pub fn sign_out(&self, staff: &StaffToken) {
        self.sessions().close(Some(&staff.0));
    }

    /// Whether `staff` is a live session; using it keeps it live for another `IDLE`.
    pub fn staff_session_live(&self, staff: &StaffToken) -> bool {
        self.staff(staff).is_ok()
    }

    /// Removes the PIN, ends every session and records it: for `frontdesk --reset-pin`, run on
    /// the machine itself. No command of any screen calls it.
    pub async fn reset_pin(&self, who: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        staff_pin::delete(&mut tx).await?;
        audit_log::insert(&mut tx, self.now_ms(), who, AuditAction::PinReset, None, "").await?;
        tx.commit().await?;
        self.sessions().close(None);
        tracing::warn!("the administrator PIN was reset on this machine");
        Ok(())
    }

    /// The newest audit rows, newest first (设置 shows them).
    pub async fn audit_log(&self, staff: &StaffToken) -> Result<Vec<AuditEntry>> {
        self.staff(staff)?;
        let mut conn = self.pool().acquire().await?;
        audit_log::newest(&mut conn, AUDIT_ROWS).await
    }

    /// Who holds `staff`, or the refusal a guarded operation gives without a live session.
    pub(crate) fn staff(&self, staff: &StaffToken) -> Result<String> {
        self.sessions()
            .touch(&staff.0, self.now())
            .ok_or(Error::StaffSessionRequired)
    }

    /// Records an audited action of `who` in the transaction that does it.
    pub(crate) async fn audit(
        &self,
        conn: &mut sqlx::SqliteConnection,
        who: &str,
        action: AuditAction,
        booking_id: Option<i64>,
        detail: &str,
    ) -> Result<()> {
        audit_log::insert(conn, self.now_ms(), who, action, booking_id, detail).await
    }

    /// Records a settings change of `who` (`what`: the settings row or list it changed).
    pub(crate) async fn settings_changed(
        &self,
        conn: &mut sqlx::SqliteConnection,
        who: &str,
        what: &str,
    ) -> Result<()> {
        self.audit(conn, who, AuditAction::SettingsChanged, None, what)
            .await
    }

    fn open_session(&self, who: String) -> Result<StaffToken> {
        // 128 random bits: a session token nobody can guess.
        let token = crate::random::hex::<16>()?;
        self.sessions().open(token.clone(), who, self.now());
        Ok(StaffToken(token))
    }

    fn rfc3339(&self, ms: i64) -> String {
        chrono::DateTime::from_timestamp_millis(ms)
            .unwrap_or_default()
            .with_timezone(&self.offset())
            .to_rfc3339()
    }
}

/// A screen or device name as the audit list shows it.
fn actor(who: &str) -> Result<String> {
    crate::validate::name("who", who, 40)
}

/// The Argon2id hash (PHC string, with its own random salt) of a well-formed PIN.
fn hash_pin(pin: &str) -> Result<String> {
    let (min, max) = PIN_DIGITS;
    if !(min..=max).contains(&pin.len()) || !pin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::PinFormat { min, max });
    }
    let salt = crate::random::bytes::<16>()?;
    let salt = SaltString::encode_b64(&salt).map_err(|_| Error::Invalid { field: "pin" })?;
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| Error::Invalid { field: "pin" })
}

fn verify_pin(pin: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(pin.as_bytes(), &h)
            .is_ok()
    })
}
