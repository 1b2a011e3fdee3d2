//! Host mode (设置 → 网络): whether this installation serves the hall's LAN, so counter PCs,
//! the wall TV and other desks join it from a browser, and on which TCP port. Off on a fresh
//! install: a PC opens a port on the network only when staff switch it on. Kept as one JSON
//! row of the `settings` table, like the display's settings.

use crate::error::Result;
use crate::hall::Hall;
use crate::model::StaffToken;
use crate::validate;
use serde::{Deserialize, Serialize};

/// The port a fresh install offers (unassigned by IANA, easy to say on the phone).
pub const DEFAULT_PORT: u16 = 8426;

/// Whether the host serves the LAN, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HostSettings {
    /// Serve the hall's devices (the shell starts and stops the server when this changes).
    pub enabled: bool,
    /// The TCP port, on every network interface of the PC.
    pub port: u16,
}

impl Default for HostSettings {
    fn default() -> Self {
        Self {
            enabled: false,
            port: DEFAULT_PORT,
        }
    }
}

const KEY: &str = "host";

impl HostSettings {
    /// Checks every field; nothing is written when one is wrong. Ports below 1024 need
    /// administrator rights on Linux and macOS, so they are refused rather than failing later.
    pub fn validate(&self) -> Result<()> {
        validate::range("port", i64::from(self.port), 1024, 65535)?;
        Ok(())
    }
}

impl Hall {
    /// Host mode and its port.
    pub async fn host_settings(&self) -> Result<HostSettings> {
        let mut conn = self.pool().acquire().await?;
        crate::table::settings::load_json(&mut conn, KEY).await
    }

    /// Saves host mode and its port (a settings change: staff only, audited). The shell that
    /// asked starts or stops its server.
    pub async fn save_host_settings(
        &self,
        staff: &StaffToken,
        s: HostSettings,
    ) -> Result<HostSettings> {
        let who = self.staff(staff)?;
        s.validate()?;
        self.store_json(KEY, &s, Some((&who, "network"))).await?;
        Ok(s)
    }
}
