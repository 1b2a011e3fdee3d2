//! Reads shared by the operations, run on the caller's connection or transaction so a
//! write and the figures it reports come from the same state.

use crate::error::{Error, Result};
use crate::events::HallEvent;
use crate::events::TicketChange;
use crate::model::{Counter, CounterState, DayTotals, ServiceQueue, Ticket};
use sqlx::SqliteConnection;

/// The ticket columns every screen needs, with service and counter names joined in.
pub const TICKET_SELECT: &str = "SELECT t.id, t.business_day, t.number, t.prefix, t.seq,
        t.service_id, s.name AS service_name, s.name_en AS service_name_en,
        t.priority, t.status, t.issued_at, t.queue_at, t.target_counter_id,
        t.counter_id, c.number AS counter_number, t.call_count, t.called_at, t.finished_at,
        t.booking_id
    FROM tickets t
    JOIN services s ON s.id = t.service_id
    LEFT JOIN counters c ON c.id = t.counter_id";

/// One ticket by id.
pub async fn ticket(conn: &mut SqliteConnection, id: i64) -> Result<Ticket> {
    sqlx::query_as::<_, Ticket>(&format!("{TICKET_SELECT} WHERE t.id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(Error::UnknownTicket)
}

/// The ticket a counter is serving now, if any.
pub async fn current_ticket(
    conn: &mut SqliteConnection,
    counter_id: i64,
) -> Result<Option<Ticket>> {
    Ok(sqlx::query_as::<_, Ticket>(&format!(
        "{TICKET_SELECT} WHERE t.counter_id = ? AND t.status = 'called'"
    ))
    .bind(counter_id)
    .fetch_optional(conn)
    .await?)
}

#[derive(sqlx::FromRow)]
struct CounterRow {
    id: i64,
    number: i64,
    name: String,
    state: CounterState,
    pause_reason: Option<String>,
    appointment: bool,
}

/// One counter with its services.
pub async fn counter(conn: &mut SqliteConnection, id: i64) -> Result<Counter> {
    let row: CounterRow = sqlx::query_as(
        "SELECT id, number, name, state, pause_reason, appointment FROM counters WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(Error::UnknownCounter(id))?;
    with_services(conn, row).await
}

/// Every counter, by window number.
pub async fn counters(conn: &mut SqliteConnection) -> Result<Vec<Counter>> {
    let rows: Vec<CounterRow> = sqlx::query_as(
        "SELECT id, number, name, state, pause_reason, appointment FROM counters ORDER BY number",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(with_services(conn, r).await?);
    }
    Ok(out)
}

async fn with_services(conn: &mut SqliteConnection, r: CounterRow) -> Result<Counter> {
    let service_ids: Vec<i64> = sqlx::query_scalar(
        "SELECT cs.service_id FROM counter_services cs JOIN services s ON s.id = cs.service_id
         WHERE cs.counter_id = ? ORDER BY s.sort_order, s.id",
    )
    .bind(r.id)
    .fetch_all(conn)
    .await?;
    Ok(Counter {
        id: r.id,
        number: r.number,
        name: r.name,
        state: r.state,
        pause_reason: r.pause_reason,
        appointment: r.appointment,
        service_ids,
    })
}

#[derive(sqlx::FromRow)]
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
}

/// The windows that serve service `s`: those staffed now and all configured for it, the
/// inputs of [`estimate`].
const WINDOWS_OF_SERVICE: &str = "
    (SELECT COUNT(*) FROM counter_services cs JOIN counters c ON c.id = cs.counter_id
      WHERE cs.service_id = s.id AND c.state != 'closed') AS staffed,
    (SELECT COUNT(*) FROM counter_services cs WHERE cs.service_id = s.id) AS configured";

/// Waiting counts and estimated waits of every service on the open days of `today`
/// (an earlier day's people still waiting after midnight are in the room too).
pub async fn queues(conn: &mut SqliteConnection, today: &str) -> Result<Vec<ServiceQueue>> {
    let rows: Vec<QueueRow> = sqlx::query_as(&format!(
        "SELECT s.id, s.name, s.name_en, s.prefix, s.enabled, s.minutes_per_person,
            (SELECT COUNT(*) FROM tickets t
              WHERE t.service_id = s.id AND t.status = 'waiting' AND {}) AS waiting,
            {WINDOWS_OF_SERVICE}
         FROM services s ORDER BY s.sort_order, s.id",
        crate::open_days::holder_on_open_day("t", "?1")
    ))
    .bind(today)
    .fetch_all(conn)
    .await?;
    Ok(rows
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
        .collect())
}

/// Minutes until `ahead` people of `service_id` are served.
pub async fn wait_minutes(conn: &mut SqliteConnection, service_id: i64, ahead: i64) -> Result<i64> {
    let (mpp, staffed, configured): (i64, i64, i64) = sqlx::query_as(&format!(
        "SELECT s.minutes_per_person, {WINDOWS_OF_SERVICE} FROM services s WHERE s.id = ?"
    ))
    .bind(service_id)
    .fetch_one(conn)
    .await?;
    Ok(estimate(ahead, mpp, staffed, configured))
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

/// People who will be called before `ticket` in its service's queue: an earlier open
/// day's people, then those of its own day ahead of it.
pub async fn ahead_of(conn: &mut SqliteConnection, ticket: &Ticket) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM tickets
         WHERE service_id = ?1 AND status = 'waiting' AND id != ?3
           AND (business_day < ?2 OR (business_day = ?2
             AND (priority > ?4 OR (priority = ?4 AND (queue_at < ?5 OR (queue_at = ?5 AND id < ?3))))))",
    )
    .bind(ticket.service_id)
    .bind(&ticket.business_day)
    .bind(ticket.id)
    .bind(ticket.priority)
    .bind(ticket.queue_at)
    .fetch_one(conn)
    .await?)
}

/// Appends one row to the ticket's history and returns its id.
pub async fn record_event(
    conn: &mut SqliteConnection,
    ticket_id: i64,
    change: TicketChange,
    at: i64,
    counter_id: Option<i64>,
    detail: Option<serde_json::Value>,
) -> Result<i64> {
    Ok(sqlx::query(
        "INSERT INTO ticket_events(ticket_id, kind, at, counter_id, detail) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(ticket_id)
    .bind(change.as_str())
    .bind(at)
    .bind(counter_id)
    .bind(detail.map(|d| d.to_string()))
    .execute(conn)
    .await?
    .last_insert_rowid())
}

/// Today's totals, as the snapshot and every ticket event report them: tickets issued
/// today (an earlier day's tickets count on their own day).
pub async fn day_totals(conn: &mut SqliteConnection, day: &str) -> Result<DayTotals> {
    let (issued, served): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(status = 'done'), 0) FROM tickets
         WHERE business_day = ? AND status != 'voided'",
    )
    .bind(day)
    .fetch_one(conn)
    .await?;
    Ok(DayTotals { issued, served })
}

/// The figures a ticket event carries (waiting per service, today's totals), read inside
/// the writing transaction so they match the change.
pub struct DayState {
    queues: Vec<ServiceQueue>,
    totals: DayTotals,
}

impl DayState {
    /// Reads the state on `today`: the open days' queues, today's totals.
    pub async fn load(conn: &mut SqliteConnection, today: &str) -> Result<Self> {
        Ok(Self {
            queues: queues(conn, today).await?,
            totals: day_totals(conn, today).await?,
        })
    }

    /// The event for one change of `ticket`.
    pub fn event(&self, event_id: i64, change: TicketChange, ticket: Ticket) -> HallEvent {
        HallEvent::Ticket {
            event_id,
            change,
            ticket,
            queues: self.queues.clone(),
            totals: self.totals,
        }
    }
}
