//! The default hall written on first start, so the app is useful at once: the services of
//! a traffic-police area and six windows. Everything here is editable in settings.

use crate::error::Result;
use crate::model::ServiceInput;
use crate::settings::HallSettings;
use crate::table::{counters, services};
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
    if !services::ids(&mut tx).await?.is_empty() {
        return Ok(());
    }
    HallSettings::default().store(&mut tx).await?;
    for (order, (prefix, name, name_en, minutes)) in SERVICES.iter().enumerate() {
        let service = ServiceInput {
            id: None,
            name: name.to_string(),
            name_en: name_en.to_string(),
            prefix: prefix.to_string(),
            sort_order: order as i64 + 1,
            minutes_per_person: *minutes,
            enabled: true,
        };
        services::insert(&mut tx, &service).await?;
    }
    for (number, name, prefixes, appointment) in COUNTERS {
        let id = counters::insert(&mut tx, number, name, appointment).await?;
        let mut service_ids = Vec::new();
        for p in prefixes.chars() {
            if let Some(sid) = services::with_prefix(&mut tx, &p.to_string()).await? {
                service_ids.push(sid);
            }
        }
        counters::set_services(&mut tx, id, &service_ids).await?;
    }
    tx.commit().await?;
    Ok(())
}
