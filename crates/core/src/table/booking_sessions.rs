//! The `booking_sessions` table (预约场次) with its two lists, `booking_session_counters`
//! (the dedicated windows) and `booking_session_services` (the matters offered), which
//! exist only with their session (`ON DELETE CASCADE`). A withdrawn session (`withdrawn_at`)
//! stays for the history of its bookings and is never listed.

use crate::error::Result;
use crate::model::CounterState;
use sqlx::SqliteConnection;

/// A session as stored (its lists and slots are read apart).
#[derive(sqlx::FromRow)]
pub(crate) struct SessionRow {
    pub id: i64,
    pub date: String,
    pub start_min: i64,
    pub end_min: i64,
    pub slot_minutes: i64,
    pub capacity: i64,
    pub note: String,
}

const SELECT: &str =
    "SELECT id, date, start_min, end_min, slot_minutes, capacity, note FROM booking_sessions";

/// The live sessions dated `from..=to`, by date and start.
pub(crate) async fn live(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
) -> Result<Vec<SessionRow>> {
    Ok(sqlx::query_as(&format!(
        "{SELECT} WHERE date BETWEEN ? AND ? AND withdrawn_at IS NULL ORDER BY date, start_min, id"
    ))
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await?)
}

/// The session `id`, unless withdrawn.
pub(crate) async fn live_one(conn: &mut SqliteConnection, id: i64) -> Result<Option<SessionRow>> {
    Ok(
        sqlx::query_as(&format!("{SELECT} WHERE id = ? AND withdrawn_at IS NULL"))
            .bind(id)
            .fetch_optional(conn)
            .await?,
    )
}

/// Per date of `from..=to` with a live session: the first start and the last end (minutes
/// of the day).
pub(crate) async fn day_spans(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
) -> Result<Vec<(String, i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT date, MIN(start_min), MAX(end_min) FROM booking_sessions
         WHERE date BETWEEN ? AND ? AND withdrawn_at IS NULL GROUP BY date",
    )
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await?)
}

/// Whether a live session on `date` overlaps `start_min..end_min` at one of `counter_ids`.
pub(crate) async fn overlaps(
    conn: &mut SqliteConnection,
    date: &str,
    start_min: i64,
    end_min: i64,
    counter_ids: &[i64],
) -> Result<bool> {
    let ids = counter_ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    // The ids are integers formatted here, not user text.
    let n: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM booking_sessions se
         WHERE se.date = ? AND se.withdrawn_at IS NULL AND se.start_min < ? AND ? < se.end_min
           AND EXISTS (SELECT 1 FROM booking_session_counters bsc
                       WHERE bsc.session_id = se.id AND bsc.counter_id IN ({ids}))"
    ))
    .bind(date)
    .bind(end_min)
    .bind(start_min)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// A session to open.
pub(crate) struct NewSession<'a> {
    pub date: &'a str,
    pub start_min: i64,
    pub end_min: i64,
    pub slot_minutes: i64,
    pub capacity: i64,
    pub counter_ids: &'a [i64],
    pub service_ids: &'a [i64],
    pub note: &'a str,
    pub now: i64,
}

/// Adds a session with its counters and matters (its slots: `booking_slots::insert`); its id.
pub(crate) async fn insert(conn: &mut SqliteConnection, s: &NewSession<'_>) -> Result<i64> {
    let id = sqlx::query(
        "INSERT INTO booking_sessions(date, start_min, end_min, slot_minutes, capacity, note,
                                      created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(s.date)
    .bind(s.start_min)
    .bind(s.end_min)
    .bind(s.slot_minutes)
    .bind(s.capacity)
    .bind(s.note)
    .bind(s.now)
    .execute(&mut *conn)
    .await?
    .last_insert_rowid();
    let lists = [
        (
            "INSERT INTO booking_session_counters(session_id, counter_id) VALUES (?, ?)",
            s.counter_ids,
        ),
        (
            "INSERT INTO booking_session_services(session_id, service_id) VALUES (?, ?)",
            s.service_ids,
        ),
    ];
    for (insert, ids) in lists {
        for &other in ids {
            sqlx::query(insert)
                .bind(id)
                .bind(other)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(id)
}

/// Hides a session that had bookings, keeping it for their history.
pub(crate) async fn withdraw(conn: &mut SqliteConnection, id: i64, at: i64) -> Result<()> {
    sqlx::query("UPDATE booking_sessions SET withdrawn_at = ? WHERE id = ?")
        .bind(at)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Deletes a session nobody ever booked (its lists and slots go with it).
pub(crate) async fn delete(conn: &mut SqliteConnection, id: i64) -> Result<()> {
    sqlx::query("DELETE FROM booking_sessions WHERE id = ?")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The session's dedicated counters, by window number.
pub(crate) async fn counter_ids(conn: &mut SqliteConnection, id: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT bsc.counter_id FROM booking_session_counters bsc
         JOIN counters c ON c.id = bsc.counter_id WHERE bsc.session_id = ? ORDER BY c.number",
    )
    .bind(id)
    .fetch_all(conn)
    .await?)
}

/// The session's matters, in the services' order.
pub(crate) async fn service_ids(conn: &mut SqliteConnection, id: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT bss.service_id FROM booking_session_services bss
         JOIN services s ON s.id = bss.service_id WHERE bss.session_id = ?
         ORDER BY s.sort_order, s.id",
    )
    .bind(id)
    .fetch_all(conn)
    .await?)
}

/// Whether the session offers matter `service_id`.
pub(crate) async fn offers(conn: &mut SqliteConnection, id: i64, service_id: i64) -> Result<bool> {
    let offered: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM booking_session_services WHERE session_id = ? AND service_id = ?",
    )
    .bind(id)
    .bind(service_id)
    .fetch_optional(conn)
    .await?;
    Ok(offered.is_some())
}

/// Of the session's dedicated counters: how many are open or paused (not closed), and how
/// many there are.
pub(crate) async fn counters_staffed(conn: &mut SqliteConnection, id: i64) -> Result<(i64, i64)> {
    Ok(sqlx::query_as(&format!(
        "SELECT (SELECT COUNT(*) FROM booking_session_counters bsc
                   JOIN counters c ON c.id = bsc.counter_id
                  WHERE bsc.session_id = ?1 AND {}),
                (SELECT COUNT(*) FROM booking_session_counters WHERE session_id = ?1)",
        super::is_not("c.state", CounterState::Closed)
    ))
    .bind(id)
    .fetch_one(conn)
    .await?)
}
