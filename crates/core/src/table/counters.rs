//! The `counters` table and `counter_services` (which services a counter handles).

use crate::error::{Error, Result};
use crate::model::{Counter, CounterState};
use sqlx::SqliteConnection;

#[derive(sqlx::FromRow)]
struct CounterRow {
    id: i64,
    number: i64,
    name: String,
    state: CounterState,
    pause_reason: Option<String>,
    appointment: bool,
}

const SELECT: &str = "SELECT id, number, name, state, pause_reason, appointment FROM counters";

/// "Counter `?2` serves walk-in ticket `t`": the ticket was sent to that counter, or it is
/// of a service the counter handles and was sent to no counter in particular. The one
/// spelling of the rule, for calling the next person and for the counter's waiting list.
pub(crate) const SERVES_WALK_IN: &str = "(t.booking_id IS NULL
     AND (t.target_counter_id = ?2
          OR (t.target_counter_id IS NULL AND t.service_id IN
              (SELECT service_id FROM counter_services WHERE counter_id = ?2))))";

/// One counter with its services.
pub(crate) async fn counter(conn: &mut SqliteConnection, id: i64) -> Result<Counter> {
    let row: CounterRow = sqlx::query_as(&format!("{SELECT} WHERE id = ?"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(Error::UnknownCounter(id))?;
    with_services(conn, row).await
}

/// Every counter, by window number.
pub(crate) async fn all(conn: &mut SqliteConnection) -> Result<Vec<Counter>> {
    let rows: Vec<CounterRow> = sqlx::query_as(&format!("{SELECT} ORDER BY number"))
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

/// (window number, marked for appointments) of counter `id`, if it exists.
pub(crate) async fn number_and_appointment(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<(i64, bool)>> {
    Ok(
        sqlx::query_as("SELECT number, appointment FROM counters WHERE id = ?")
            .bind(id)
            .fetch_optional(conn)
            .await?,
    )
}

/// The counter with window number `number`, if any.
pub(crate) async fn with_number(conn: &mut SqliteConnection, number: i64) -> Result<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM counters WHERE number = ?")
            .bind(number)
            .fetch_optional(conn)
            .await?,
    )
}

/// Updates counter `id`'s number, name and appointment mark; `UnknownCounter` when there
/// is none.
pub(crate) async fn update(
    conn: &mut SqliteConnection,
    id: i64,
    number: i64,
    name: &str,
    appointment: bool,
) -> Result<()> {
    let n = sqlx::query("UPDATE counters SET number = ?, name = ?, appointment = ? WHERE id = ?")
        .bind(number)
        .bind(name)
        .bind(appointment)
        .bind(id)
        .execute(conn)
        .await?
        .rows_affected();
    if n == 0 {
        return Err(Error::UnknownCounter(id));
    }
    Ok(())
}

/// Inserts a counter; returns its id.
pub(crate) async fn insert(
    conn: &mut SqliteConnection,
    number: i64,
    name: &str,
    appointment: bool,
) -> Result<i64> {
    Ok(
        sqlx::query("INSERT INTO counters(number, name, appointment) VALUES (?, ?, ?)")
            .bind(number)
            .bind(name)
            .bind(appointment)
            .execute(conn)
            .await?
            .last_insert_rowid(),
    )
}

/// Sets the services counter `id` handles.
pub(crate) async fn set_services(
    conn: &mut SqliteConnection,
    id: i64,
    service_ids: &[i64],
) -> Result<()> {
    sqlx::query("DELETE FROM counter_services WHERE counter_id = ?")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for sid in service_ids {
        sqlx::query("INSERT OR IGNORE INTO counter_services(counter_id, service_id) VALUES (?, ?)")
            .bind(id)
            .bind(sid)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Sets a counter's state and pause reason; closing also ends its priority streak.
pub(crate) async fn set_state(
    conn: &mut SqliteConnection,
    id: i64,
    state: CounterState,
    reason: Option<String>,
) -> Result<()> {
    sqlx::query(
        "UPDATE counters SET state = ?1, pause_reason = ?2,
            priority_streak = CASE WHEN ?1 = ?3 THEN 0 ELSE priority_streak END
         WHERE id = ?4",
    )
    .bind(state)
    .bind(reason)
    .bind(CounterState::Closed)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Closes every counter still open or paused; returns their ids.
pub(crate) async fn close_all(conn: &mut SqliteConnection) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "UPDATE counters SET state = ?1, pause_reason = NULL, priority_streak = 0
         WHERE state != ?1 RETURNING id",
    )
    .bind(CounterState::Closed)
    .fetch_all(conn)
    .await?)
}

/// Priority calls in a row at counter `id`.
pub(crate) async fn priority_streak(conn: &mut SqliteConnection, id: i64) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT priority_streak FROM counters WHERE id = ?")
            .bind(id)
            .fetch_one(conn)
            .await?,
    )
}

/// Records priority calls in a row at counter `id`.
pub(crate) async fn set_priority_streak(
    conn: &mut SqliteConnection,
    id: i64,
    streak: i64,
) -> Result<()> {
    sqlx::query("UPDATE counters SET priority_streak = ? WHERE id = ?")
        .bind(streak)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
