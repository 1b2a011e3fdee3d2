//! The booking rules a hall can tune, kept as one JSON row ('booking') in the settings
//! table so they grow without a migration and without touching the hall's own settings.

use super::model::WindowState;
use crate::error::Result;
use crate::hall::Hall;
use crate::model::StaffToken;
use crate::validate::range;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

const KEY: &str = "booking";

/// Booking window, per-person limits, cancel deadline, check-in times, no-show policy
/// and how long personal data is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BookingSettings {
    /// The first bookable date is today plus this many days (1: from tomorrow, so
    /// booking for a date closes at the end of the day before).
    pub min_days_ahead: i64,
    /// The last bookable date is today plus this many days.
    pub max_days_ahead: i64,
    /// Active bookings per person in one calendar week (Monday to Sunday).
    pub week_limit: i64,
    /// Active bookings per person in one calendar month.
    pub month_limit: i64,
    /// Cancelling or rescheduling is allowed until this many minutes before the slot.
    pub cancel_minutes_before: i64,
    /// Check-in opens this many minutes before the slot starts.
    pub check_in_early_minutes: i64,
    /// Check-in stays open this many minutes after the slot ends; then: no-show.
    pub grace_minutes: i64,
    /// Whether repeated no-shows stop a person from booking.
    pub no_show_policy: bool,
    /// This many no-shows ...
    pub no_show_limit: i64,
    /// ... within this many days ...
    pub no_show_window_days: i64,
    /// ... stop a person from booking for this many days.
    pub ban_days: i64,
    /// Personal fields are purged this many days after the booking's date.
    pub purge_days: i64,
}

impl Default for BookingSettings {
    fn default() -> Self {
        Self {
            min_days_ahead: 1,
            max_days_ahead: 14,
            week_limit: 2,
            month_limit: 6,
            cancel_minutes_before: 120,
            check_in_early_minutes: 30,
            grace_minutes: 15,
            no_show_policy: true,
            no_show_limit: 2,
            no_show_window_days: 30,
            ban_days: 90,
            purge_days: 90,
        }
    }
}

impl BookingSettings {
    /// Checks every field; nothing is written when one is wrong.
    pub fn validate(&self) -> Result<()> {
        range("min_days_ahead", self.min_days_ahead, 0, 30)?;
        range(
            "max_days_ahead",
            self.max_days_ahead,
            self.min_days_ahead,
            90,
        )?;
        range("week_limit", self.week_limit, 1, 7)?;
        range("month_limit", self.month_limit, 1, 31)?;
        range(
            "cancel_minutes_before",
            self.cancel_minutes_before,
            0,
            7 * 24 * 60,
        )?;
        range(
            "check_in_early_minutes",
            self.check_in_early_minutes,
            0,
            240,
        )?;
        range("grace_minutes", self.grace_minutes, 0, 240)?;
        range("no_show_limit", self.no_show_limit, 1, 10)?;
        range("no_show_window_days", self.no_show_window_days, 1, 365)?;
        range("ban_days", self.ban_days, 1, 365)?;
        range("purge_days", self.purge_days, 1, 3650)?;
        Ok(())
    }
}

/// The stored booking settings (defaults for a missing row or field).
pub(crate) async fn load(conn: &mut SqliteConnection) -> Result<BookingSettings> {
    crate::table::settings::load_json(conn, KEY).await
}

impl Hall {
    /// The booking rules in force.
    pub async fn booking_settings(&self) -> Result<BookingSettings> {
        let mut conn = self.pool().acquire().await?;
        load(&mut conn).await
    }

    /// Saves the booking rules.
    pub async fn save_booking_settings(
        &self,
        staff: &StaffToken,
        s: BookingSettings,
    ) -> Result<BookingSettings> {
        let who = self.staff(staff)?;
        s.validate()?;
        self.store_json(KEY, &s, Some((&who, "booking"))).await?;
        Ok(s)
    }
}

/// Where `date` stands against the booking window seen from `today`.
pub(crate) fn window_state(
    date: chrono::NaiveDate,
    today: NaiveDate,
    s: &BookingSettings,
) -> WindowState {
    let days = (date - today).num_days();
    if days < s.min_days_ahead {
        WindowState::Closed
    } else if days > s.max_days_ahead {
        WindowState::NotOpenYet
    } else {
        WindowState::Open
    }
}
