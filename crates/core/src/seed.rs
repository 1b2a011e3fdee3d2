//! The default hall written on first start, so the app is useful at once: the services of
//! a traffic-police area and six windows. Everything here is editable in settings.

use crate::error::Result;
use crate::settings::HallSettings;
use sqlx::SqlitePool;

/// (prefix, name, English name, minutes per person)
const SERVICES: [(&str, &str, &str, i64); 4] = [
    ("A", "交通违法处理", "Traffic violations", 8),
    ("B", "驾驶证业务", "Driving licences", 15),
    ("C", "机动车业务", "Vehicle registration", 20),
    ("D", "综合咨询", "General enquiries", 5),
];

/// (window number, name, prefixes served, appointment window)
const COUNTERS: [(i64, &str, &str, bool); 6] = [
    (1, "1号窗口", "AD", false),
    (2, "2号窗口", "A", false),
    (3, "3号窗口", "AB", false),
    (4, "4号窗口", "B", false),
    (5, "5号窗口", "C", false),
    // 一窗通办: one window for every service, also the weekend appointment window.
    (6, "6号窗口", "ABCD", true),
];

/// Writes the default hall when the database has no service yet.
pub async fn seed_if_empty(pool: &SqlitePool) -> Result<()> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM services")
        .fetch_one(&mut *tx)
        .await?;
    if count > 0 {
        return Ok(());
    }
    HallSettings::default().store(&mut tx).await?;
    for (order, (prefix, name, name_en, minutes)) in SERVICES.iter().enumerate() {
        sqlx::query(
            "INSERT INTO services(name, name_en, prefix, sort_order, minutes_per_person, enabled)
             VALUES (?, ?, ?, ?, ?, 1)",
        )
        .bind(name)
        .bind(name_en)
        .bind(prefix)
        .bind(order as i64 + 1)
        .bind(minutes)
        .execute(&mut *tx)
        .await?;
    }
    for (number, name, prefixes, appointment) in COUNTERS {
        let id = sqlx::query("INSERT INTO counters(number, name, appointment) VALUES (?, ?, ?)")
            .bind(number)
            .bind(name)
            .bind(appointment)
            .execute(&mut *tx)
            .await?
            .last_insert_rowid();
        for p in prefixes.chars() {
            sqlx::query(
                "INSERT INTO counter_services(counter_id, service_id)
                 SELECT ?, id FROM services WHERE prefix = ?",
            )
            .bind(id)
            .bind(p.to_string())
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
