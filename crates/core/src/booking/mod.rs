//! Weekend appointments (预约办): booking sessions and their slots, bookings with their
//! per-person rules, check-in at the desk (an appointment ticket for the dedicated
//! counter), no-shows, the day roster and the purge of personal data.
//!
//! The database holds the hard rules: a partial unique index on (slot, seat) with the seat
//! within the slot's capacity (triggers) means no writer can overbook a slot, and a partial
//! unique index on (person, date) allows one active booking per person per day. Every
//! write runs in one `BEGIN IMMEDIATE` transaction.

mod bookings;
mod checkin;
pub mod identity;
mod model;
mod noshow;
mod purge;
mod roster;
mod rows;
mod sessions;
mod settings;

pub use crate::error::BookingError;
pub use crate::model::BookingStatus;
pub use model::*;
pub use settings::BookingSettings;

pub(crate) use checkin::first_appointment;
pub(crate) use sessions::appointment_windows;

use crate::error::Result;
use crate::events::BookingChange;
use sqlx::SqliteConnection;

/// Appends one row to a booking's history (never personal data in `detail`).
pub(crate) async fn record_event(
    conn: &mut SqliteConnection,
    booking_id: i64,
    change: BookingChange,
    at: i64,
    detail: Option<serde_json::Value>,
) -> Result<()> {
    crate::table::booking_events::insert(conn, booking_id, change, at, detail.as_ref()).await
}
