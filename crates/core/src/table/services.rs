//! The `services` table: the matters people take numbers for, with their queues.

use crate::error::{Error, Result};
use crate::model::{CounterState, DayTotals, Service, ServiceInput, ServiceQueue, Ticket};
use crate::raw::Raw;
use sqlx::SqliteConnection;

const COLUMNS: &str = "id, name, name_en, prefix, sort_order, minutes_per_person, enabled";

/// Every service, in desk order.
pub(crate) async fn all(conn: &mut SqliteConnection) -> Result<Vec<Service>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM services ORDER BY sort_order, id"
    ))
    .fetch_all(conn)
    .await?)
}

/// Every service's id, in desk order.
pub(crate) async fn ids(conn: &mut SqliteConnection) -> Result<Vec<i64>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM services ORDER BY sort_order, id")
            .fetch_all(conn)
            .await?,
    )
}

/// One service, if it exists.
pub(crate) async fn find(conn: &mut SqliteConnection, id: i64) -> Result<Option<Service>> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM services WHERE id = ?"))
            .bind(id)
            .fetch_optional(conn)
            .await?,
    )
}

/// One service, or `UnknownService`.
pub(crate) async fn service(conn: &mut SqliteConnection, id: i64) -> Result<Service> {
    find(conn, id).await?.ok_or(Error::UnknownService(id))
}

/// Refuses unless service `id` exists.
pub(crate) async fn ensure_exists(conn: &mut SqliteConnection, id: i64) -> Result<()> {
    find(conn, id).await?.ok_or(Error::UnknownService(id))?;
    Ok(())
}

/// The service that uses `prefix`, if any.
pub(crate) async fn with_prefix(conn: &mut SqliteConnection, prefix: &str) -> Result<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM services WHERE prefix = ?")
            .bind(prefix)
            .fetch_optional(conn)
            .await?,
    )
}

/// Updates service `id`; `UnknownService` when there is none.
pub(crate) async fn update(conn: &mut SqliteConnection, id: i64, s: &ServiceInput) -> Result<()> {
    let n = sqlx::query(
        "UPDATE services SET name = ?, name_en = ?, prefix = ?, sort_order = ?,
            minutes_per_person = ?, enabled = ? WHERE id = ?",
    )
    .bind(&s.name)
    .bind(&s.name_en)
    .bind(&s.prefix)
    .bind(s.sort_order)
    .bind(s.minutes_per_person)
    .bind(s.enabled)
    .bind(id)
    .execute(conn)
    .await?
    .rows_affected();
    if n == 0 {
        return Err(Error::UnknownService(id));
    }
    Ok(())
}

/// Inserts a service; returns its id.
pub(crate) async fn insert(conn: &mut SqliteConnection, s: &ServiceInput) -> Result<i64> {
    Ok(sqlx::query(
        "INSERT INTO services(name, name_en, prefix, sort_order, minutes_per_person, enabled)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(&s.name)
    .bind(&s.name_en)
    .bind(&s.prefix)
    .bind(s.sort_order)
    .bind(s.minutes_per_person)
    .bind(s.enabled)
    .execute(conn)
    .await?
    .last_insert_rowid())
}

struct QueueRow {
    id: i64,
    name: String,
    name_en: String,
    prefix: String,
    enabled: bool,
    minutes_per_person: i64,
    waiting: i64,
    staffed: i64,
    configured: i64,
    issued: i64,
    served: i64,
}

/// The windows that serve service `s`: those staffed now and all configured for it, the
/// inputs of [`estimate`].
fn windows_of_service() -> String {
    format!(
        "(SELECT COUNT(*) FROM counter_services cs JOIN counters c ON c.id = cs.counter_id
          WHERE cs.service_id = s.id AND {}) AS staffed,
        (SELECT COUNT(*) FROM counter_services cs WHERE cs.service_id = s.id) AS configured",
        super::is_not("c.state", CounterState::Closed)
    )
}

/// Waiting counts and estimated waits of every service on the open days of `today`
/// (an earlier day's people still waiting after midnight are in the room too), and today's
/// totals: what every ticket event carries, in one statement.
/// (On the hot path: runs in this thread, see `raw`.)
pub(crate) fn queues_and_totals(c: &Raw, today: &str) -> Result<(Vec<ServiceQueue>, DayTotals)> {
    let rows = c
        .prepare_cached(&format!(
            "SELECT s.id, s.name, s.name_en, s.prefix, s.enabled, s.minutes_per_person,
                {} AS waiting,
                {},
                {}
             FROM services s ORDER BY s.sort_order, s.id",
            super::ticket_counts::waiting_of_service("s"),
            windows_of_service(),
            super::ticket_counts::day_totals_columns("?1")
        ))?
        .query_map([today], |r| {
            Ok(QueueRow {
                id: r.get("id")?,
                name: r.get("name")?,
                name_en: r.get("name_en")?,
                prefix: r.get("prefix")?,
                enabled: r.get("enabled")?,
                minutes_per_person: r.get("minutes_per_person")?,
                waiting: r.get("waiting")?,
                staffed: r.get("staffed")?,
                configured: r.get("configured")?,
                issued: r.get("issued")?,
                served: r.get("served")?,
            })
        })?
        .collect::<rusqlite::Result<Vec<QueueRow>>>()?;
    let totals = match rows.first() {
        Some(r) => DayTotals {
            issued: r.issued,
            served: r.served,
        },
        // No service, no row to carry them.
        None => super::ticket_counts::day_totals(c, today)?,
    };
    let queues = rows
        .into_iter()
        .map(|r| ServiceQueue {
            service_id: r.id,
            estimated_wait_minutes: estimate(
                r.waiting,
                r.minutes_per_person,
                r.staffed,
                r.configured,
            ),
            name: r.name,
            name_en: r.name_en,
            prefix: r.prefix,
            enabled: r.enabled,
            waiting: r.waiting,
        })
        .collect();
    Ok((queues, totals))
}

/// Minutes until `ahead` people are served: the windows that are staffed share the work;
/// before anyone has opened a window, the windows configured for the service are assumed.
pub fn estimate(ahead: i64, minutes_per_person: i64, staffed: i64, configured: i64) -> i64 {
    let windows = if staffed > 0 {
        staffed
    } else {
        configured.max(1)
    };
    (ahead * minutes_per_person + windows - 1) / windows
}

/// Where `ticket` stands in its service's queue: the waiting tickets that will be called
/// before it (those of earlier days, then by priority and place in the queue), and the
/// minutes until they are served. One statement, as it runs for every number issued: the
/// people ahead are everyone waiting up to its own day and priority (the kept counts) less
/// those of its day and priority that are not ahead of it.
/// (On the hot path: runs in this thread, see `raw`.)
pub(crate) fn place_in_queue(c: &Raw, ticket: &Ticket) -> Result<(i64, i64)> {
    let (ahead, minutes_per_person, staffed, configured): (i64, i64, i64, i64) = c
        .prepare_cached(&format!(
            "SELECT {} - {}, s.minutes_per_person, {} FROM services s WHERE s.id = ?1",
            super::ticket_counts::waiting_up_to_own_day(),
            super::tickets::not_ahead_in_own_day(),
            windows_of_service()
        ))?
        .query_row(
            (
                ticket.service_id,
                &ticket.business_day,
                ticket.id,
                ticket.priority,
                ticket.queue_at,
            ),
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
    Ok((
        ahead,
        estimate(ahead, minutes_per_person, staffed, configured),
    ))
}
