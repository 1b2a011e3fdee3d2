//! The hall's own settings, kept as key/value rows so new ones need no migration.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

/// Settings every rule reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HallSettings {
    /// Shown on tickets and screens.
    pub hall_name: String,
    /// The hall's offset from UTC: the business day is the date there (China: +480).
    pub utc_offset_minutes: i32,
    /// After this many priority calls in a row at a counter, an ordinary ticket goes first.
    pub priority_run_limit: i64,
    /// A second press from the same station within this many milliseconds repeats the first.
    pub double_click_ms: i64,
    /// Where a no-show put back in the queue lands: after this many people.
    pub requeue_places: i64,
    /// After this many calls a counter is offered "no-show".
    pub calls_before_no_show: i64,
    /// The prefix of appointment tickets; services may not use it.
    pub appointment_prefix: String,
}

impl Default for HallSettings {
    fn default() -> Self {
        Self {
            hall_name: "市民中心公安专区".into(),
            utc_offset_minutes: 480,
            priority_run_limit: 2,
            double_click_ms: 1500,
            requeue_places: 3,
            calls_before_no_show: 3,
            appointment_prefix: "Y".into(),
        }
    }
}

const KEYS: [&str; 7] = [
    "hall_name",
    "utc_offset_minutes",
    "priority_run_limit",
    "double_click_ms",
    "requeue_places",
    "calls_before_no_show",
    "appointment_prefix",
];

impl HallSettings {
    /// Checks every field; nothing is written when one is wrong.
    pub fn validate(&self) -> Result<()> {
        crate::validate::name("hall_name", &self.hall_name, 40)?;
        crate::validate::range(
            "utc_offset_minutes",
            self.utc_offset_minutes.into(),
            -720,
            840,
        )?;
        crate::validate::range("priority_run_limit", self.priority_run_limit, 1, 20)?;
        crate::validate::range("double_click_ms", self.double_click_ms, 0, 10_000)?;
        crate::validate::range("requeue_places", self.requeue_places, 0, 50)?;
        crate::validate::range("calls_before_no_show", self.calls_before_no_show, 1, 10)?;
        crate::validate::prefix(&self.appointment_prefix)?;
        Ok(())
    }

    fn to_pairs(&self) -> [(&'static str, String); 7] {
        [
            (KEYS[0], self.hall_name.clone()),
            (KEYS[1], self.utc_offset_minutes.to_string()),
            (KEYS[2], self.priority_run_limit.to_string()),
            (KEYS[3], self.double_click_ms.to_string()),
            (KEYS[4], self.requeue_places.to_string()),
            (KEYS[5], self.calls_before_no_show.to_string()),
            (KEYS[6], self.appointment_prefix.clone()),
        ]
    }

    /// Reads the settings; a missing row keeps its default.
    pub(crate) async fn load(conn: &mut SqliteConnection) -> Result<Self> {
        let rows: Vec<(String, String)> = sqlx::query_as("SELECT key, value FROM settings")
            .fetch_all(conn)
            .await?;
        let mut s = Self::default();
        for (k, v) in rows {
            let bad = || Error::Invalid { field: "settings" };
            match k.as_str() {
                "hall_name" => s.hall_name = v,
                "utc_offset_minutes" => s.utc_offset_minutes = v.parse().map_err(|_| bad())?,
                "priority_run_limit" => s.priority_run_limit = v.parse().map_err(|_| bad())?,
                "double_click_ms" => s.double_click_ms = v.parse().map_err(|_| bad())?,
                "requeue_places" => s.requeue_places = v.parse().map_err(|_| bad())?,
                "calls_before_no_show" => s.calls_before_no_show = v.parse().map_err(|_| bad())?,
                "appointment_prefix" => s.appointment_prefix = v,
                _ => {}
            }
        }
        Ok(s)
    }

    /// Writes every setting inside the caller's transaction.
    pub(crate) async fn store(&self, conn: &mut SqliteConnection) -> Result<()> {
        for (k, v) in self.to_pairs() {
            put(conn, k, &v).await?;
        }
        Ok(())
    }
}

/// Writes one settings row (inserted or replaced) in the caller's transaction.
pub(crate) async fn put(conn: &mut SqliteConnection, key: &str, value: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO settings(key, value) VALUES (?, ?)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(conn)
    .await?;
    Ok(())
}

/// Reads a group of settings kept as one JSON row; a missing or unreadable row (a document
/// from an older version that no longer parses) gives the defaults.
pub(crate) async fn get_json<T: serde::de::DeserializeOwned + Default>(
    conn: &mut SqliteConnection,
    key: &str,
) -> Result<T> {
    let raw: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = ?")
        .bind(key)
        .fetch_optional(conn)
        .await?;
    Ok(raw
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default())
}
