//! Devices on the hall's network, as the API carries them: a device's role, a paired device,
//! a pairing code (rules: `crate::devices`; who may call what: `crate::ops`).

use serde::{Deserialize, Serialize};

/// What a paired device is in the hall.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "TEXT", rename_all = "snake_case")]
pub enum Role {
    /// A second guide desk: issues, checks in, reprints, voids.
    Desk,
    /// The PC at one window (its counter id is part of the device).
    Counter,
    /// The wall TV: reads and speaks, never writes.
    Display,
    /// A self-service terminal: issues and checks in, nothing else.
    Kiosk,
    /// The 好差评 pad facing the person at one window (its counter id is part of the device).
    RatingPad,
}

impl Role {
    /// Every role, in the order the host's settings list them.
    pub const ALL: [Role; 5] = [
        Role::Desk,
        Role::Counter,
        Role::Display,
        Role::Kiosk,
        Role::RatingPad,
    ];

    /// The name stored in the `devices` table and used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Desk => "desk",
            Role::Counter => "counter",
            Role::Display => "display",
            Role::Kiosk => "kiosk",
            Role::RatingPad => "rating_pad",
        }
    }

    /// The role stored under `name`.
    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == name)
    }

    /// Whether a device of this role belongs to one counter (and needs its id).
    pub fn bound_to_counter(self) -> bool {
        matches!(self, Role::Counter | Role::RatingPad)
    }
}

/// A device's role with the counter it belongs to (for a counter or a rating pad).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceRole {
    pub role: Role,
    pub counter_id: Option<i64>,
}

/// A paired device, as the host lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Device {
    pub id: i64,
    pub name: String,
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
