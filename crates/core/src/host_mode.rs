//! Host mode (设置 → 网络): whether this installation serves the hall's LAN, so counter PCs,
//! the wall TV and other desks join it from a browser, and on which TCP port. Off on a fresh
//! install: a PC opens a port on the network only when staff switch it on. Kept as one JSON
//! row of the `settings` table, like the display's settings.

use crate::error::{Error, Result};
use crate::hall::Hall;
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
        crate::settings::get_json(&mut conn, KEY).await
    }

    /// Saves host mode and its port. No hall event: the screens show nothing of it; the
    /// shell that asked starts or stops its server.
    pub async fn save_host_settings(&self, s: HostSettings) -> Result<HostSettings> {
        s.validate()?;
        let json = serde_json::to_string(&s).map_err(|_| Error::Invalid { field: "settings" })?;
        let mut tx = self.begin_write().await?;
        crate::settings::put(&mut tx, KEY, &json).await?;
        tx.commit().await?;
        Ok(s)
    }
}
