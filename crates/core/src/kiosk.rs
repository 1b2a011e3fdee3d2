//! The self-service terminal's own settings (自助取号): how long a ticket stays on screen and
//! how soon an untouched screen goes back to the start. Its printer is 设置 → 打印's kiosk
//! station ([`crate::printing::Station::Kiosk`]).

use crate::error::Result;
use crate::hall::Hall;
use crate::validate;
use serde::{Deserialize, Serialize};

/// Kept as one JSON row; a field added later takes its default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct KioskSettings {
    /// Seconds without a touch before any screen goes back to the start (and a half-typed
    /// check-in code or ID number is wiped).
    pub idle_seconds: i64,
    /// Seconds the taken ticket stays on screen before the start comes back.
    pub ticket_seconds: i64,
    /// Offer the priority choice (优先: 老弱病残孕军) on the kiosk.
    pub offer_priority: bool,
}

impl Default for KioskSettings {
    fn default() -> Self {
        Self {
            idle_seconds: 45,
            ticket_seconds: 10,
            offer_priority: true,
        }
    }
}

const KEY: &str = "kiosk";

impl KioskSettings {
    /// Checks every field; nothing is written when one is wrong.
    pub fn validate(&self) -> Result<()> {
        validate::range("idle_seconds", self.idle_seconds, 2, 600)?;
        validate::range("ticket_seconds", self.ticket_seconds, 2, 120)?;
        Ok(())
    }
}

impl Hall {
    /// The kiosk's settings.
    pub async fn kiosk_settings(&self) -> Result<KioskSettings> {
        let mut conn = self.pool().acquire().await?;
        crate::table::settings::load_json(&mut conn, KEY).await
    }

    /// Saves the kiosk's settings.
    pub async fn save_kiosk_settings(&self, s: KioskSettings) -> Result<KioskSettings> {
        s.validate()?;
        self.store_json(KEY, &s).await?;
        Ok(s)
    }
}
