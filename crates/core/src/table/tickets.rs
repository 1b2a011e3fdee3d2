//! The `tickets` table: its column list, its one insert, its status changes and every
//! read of it.
//!
//! Statuses are never typed by hand. A status written (`SET status = ?`) is bound as a
//! [`TicketStatus`] (its `sqlx::Type` stores the snake_case name). A status tested in a
//! condition is spelled into the SQL text by the enum ([`is`], [`status_in`]), because
//! SQLite uses a partial index (`tickets_waiting`, `tickets_holding`,
//! `tickets_one_per_counter`) only when the query's text states the index's condition: a
//! bound `status = ?` would read every past day's rows.

use crate::error::{Error, Result};
use crate::model::{Ticket, TicketStatus};
use crate::raw::{with_raw, Raw};
use rusqlite::OptionalExtension;
use sqlx::SqliteConnection;

use TicketStatus::{Called, Done, NoShow, Voided, Waiting};

/// The ticket columns every screen needs, with service and counter names joined in.
pub(crate) const SELECT: &str = "SELECT t.id, t.business_day, t.number, t.prefix, t.seq,
        t.service_id, s.name AS service_name, s.name_en AS service_name_en,
        t.priority, t.status, t.issued_at, t.queue_at, t.target_counter_id,
        t.counter_id, c.number AS counter_number, t.call_count, t.called_at, t.finished_at,
        t.booking_id
    FROM tickets t
    JOIN services s ON s.id = t.service_id
    LEFT JOIN counters c ON c.id = t.counter_id";

/// SQL condition `column = 'name'` of a ticket status (see [`super::is`]).
pub(crate) fn is(column: &str, status: TicketStatus) -> String {
    super::is(column, status)
}

/// SQL condition `column IN ('a', 'b')` of ticket statuses (see [`super::one_of`]).
pub(crate) fn status_in(column: &str, statuses: &[TicketStatus]) -> String {
    super::one_of(column, statuses)
}

/// SQL condition: the waiting or called ticket `t` is on an open day (`today` is the SQL
/// parameter holding today's key; see `open_days`). Such a ticket keeps its own day
/// open, so any day up to today will do; later days exist only when a test clock was
/// moved back.
pub(crate) fn holder_on_open_day(t: &str, today: &str) -> String {
    format!("{t}.business_day <= {today}")
}

/// SQL condition: ticket `t`, in any state, is on an open day (`today` as above). The
/// earlier open days come from the small `tickets_holding` index, so a hall with years of
/// past tickets reads only the open days' rows.
pub(crate) fn on_open_day(t: &str, today: &str) -> String {
    format!(
        "({t}.business_day = {today} OR {t}.business_day IN (
            SELECT od.business_day FROM tickets od
            WHERE {} AND od.business_day < {today}))",
        status_in("od.status", &[Waiting, Called])
    )
}

/// A ticket about to be written by [`insert`]: what the issuing rule decided.
pub(crate) struct NewTicket<'a> {
    pub day: &'a str,
    pub prefix: &'a str,
    pub service_id: i64,
    pub priority: bool,
    /// When it was issued (ms).
    pub issued_at: i64,
    /// Its place in the queue (µs): the issue time, or a booked slot's start.
    pub queue_at: i64,
    /// The desk's station, or `booking` for an appointment check-in.
    pub issued_by: &'a str,
    pub request_id: Option<&'a str>,
    pub booking_id: Option<i64>,
}

/// The printed form of a number: three digits, four from 1000 on (A001 … A999, A1000).
pub fn format_number(prefix: &str, seq: i64) -> String {
    format!("{prefix}{seq:03}")
}

/// The one insert of a ticket, for the desk and for appointment check-in alike: it takes
/// the day's next number of its prefix and starts waiting. Returns the new ticket's id.
/// (On the hot path: runs in this thread, see `raw`.)
pub(crate) fn insert(c: &Raw, t: NewTicket<'_>) -> Result<i64> {
    let seq = next_seq(c, t.day, t.prefix)?;
    c.prepare_cached(
        "INSERT INTO tickets(business_day, prefix, seq, number, service_id, priority, status,
                             issued_at, queue_at, issued_by, request_id, booking_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )?
    .execute(rusqlite::params![
        t.day,
        t.prefix,
        seq,
        format_number(t.prefix, seq),
        t.service_id,
        t.priority,
        Waiting.as_str(),
        t.issued_at,
        t.queue_at,
        t.issued_by,
        t.request_id,
        t.booking_id,
    ])?;
    Ok(c.last_insert_rowid())
}

/// The next number of `prefix` on `day`, inside the caller's write transaction: numbers
/// are contiguous per prefix and day (walk-in and appointment tickets alike), and the
/// unique index on (business_day, prefix, seq) refuses a duplicate.
fn next_seq(c: &Raw, day: &str, prefix: &str) -> Result<i64> {
    Ok(c.prepare_cached(
        "SELECT COALESCE(MAX(seq), 0) + 1 FROM tickets WHERE business_day = ? AND prefix = ?",
    )?
    .query_row((day, prefix), |r| r.get(0))?)
}

/// One ticket by id.
pub(crate) async fn ticket(conn: &mut SqliteConnection, id: i64) -> Result<Ticket> {
    with_raw(conn, |c| read(c, id)).await
}

/// One ticket by id, in this thread (see `raw`).
pub(crate) fn read(c: &Raw, id: i64) -> Result<Ticket> {
    c.prepare_cached(&format!("{SELECT} WHERE t.id = ?"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or(Error::UnknownTicket)
}

/// A row of [`SELECT`] read in this thread (sqlx reads it through `Ticket`'s `FromRow`).
fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Ticket> {
    let status: String = r.get("status")?;
    let status = TicketStatus::ALL
        .into_iter()
        .find(|s| s.as_str() == status)
        .ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                0,
                rusqlite::types::Type::Text,
                format!("unknown ticket status {status:?}").into(),
            )
        })?;
    Ok(Ticket {
        id: r.get("id")?,
        business_day: r.get("business_day")?,
        number: r.get("number")?,
        prefix: r.get("prefix")?,
        seq: r.get("seq")?,
        service_id: r.get("service_id")?,
        service_name: r.get("service_name")?,
        service_name_en: r.get("service_name_en")?,
        priority: r.get("priority")?,
        status,
        issued_at: r.get("issued_at")?,
        queue_at: r.get("queue_at")?,
        target_counter_id: r.get("target_counter_id")?,
        counter_id: r.get("counter_id")?,
        counter_number: r.get("counter_number")?,
        call_count: r.get("call_count")?,
        called_at: r.get("called_at")?,
        finished_at: r.get("finished_at")?,
        booking_id: r.get("booking_id")?,
    })
}

/// The ticket a counter is serving now, if any.
pub(crate) async fn current(
    conn: &mut SqliteConnection,
    counter_id: i64,
) -> Result<Option<Ticket>> {
    Ok(sqlx::query_as::<_, Ticket>(&format!(
        "{SELECT} WHERE t.counter_id = ? AND {}",
        is("t.status", Called)
    ))
    .bind(counter_id)
    .fetch_optional(conn)
    .await?)
}

/// The ticket an idempotency key already issued.
pub(crate) fn by_request_id(c: &Raw, request_id: &str) -> Result<Option<i64>> {
    Ok(
        c.prepare_cached("SELECT id FROM tickets WHERE request_id = ?")?
            .query_row([request_id], |r| r.get(0))
            .optional()?,
    )
}

/// The newest live ticket `station` issued for this service and class after `since` (ms).
pub(crate) fn issued_since(
    c: &Raw,
    station: &str,
    service_id: i64,
    priority: bool,
    since: i64,
) -> Result<Option<i64>> {
    Ok(c.prepare_cached(&format!(
        "SELECT id FROM tickets
         WHERE issued_by = ? AND service_id = ? AND priority = ? AND issued_at > ?
           AND NOT {}
         ORDER BY id DESC LIMIT 1",
        is("status", Voided)
    ))?
    .query_row((station, service_id, priority, since), |r| r.get(0))
    .optional()?)
}

/// `day`'s ticket with a given number.
pub(crate) async fn by_number(
    conn: &mut SqliteConnection,
    day: &str,
    number: &str,
) -> Result<Ticket> {
    sqlx::query_as::<_, Ticket>(&format!(
        "{SELECT} WHERE t.business_day = ? AND t.number = ?"
    ))
    .bind(day)
    .bind(number)
    .fetch_optional(conn)
    .await?
    .ok_or_else(|| Error::NoSuchNumber {
        number: number.to_string(),
    })
}

/// The open days' tickets with `number` (of `business_day` only, when given), the
/// latest day first.
pub(crate) async fn with_number_on_open_days(
    conn: &mut SqliteConnection,
    today: &str,
    number: &str,
    business_day: Option<&str>,
) -> Result<Vec<Ticket>> {
    Ok(sqlx::query_as::<_, Ticket>(&format!(
        "{SELECT} WHERE t.number = ?2 AND (?3 IS NULL OR t.business_day = ?3) AND {}
         ORDER BY t.business_day DESC",
        on_open_day("t", "?1")
    ))
    .bind(today)
    .bind(number)
    .bind(business_day)
    .fetch_all(conn)
    .await?)
}

/// The open days' tickets in `status`: waiting ones in calling order (an earlier day
/// first), others newest first; at most 500.
pub(crate) async fn on_open_days_in(
    conn: &mut SqliteConnection,
    today: &str,
    status: TicketStatus,
) -> Result<Vec<Ticket>> {
    let (on_day, order) = if status == Waiting {
        (
            holder_on_open_day("t", "?1"),
            "t.business_day, t.priority DESC, t.queue_at, t.id",
        )
    } else {
        (
            on_open_day("t", "?1"),
            "COALESCE(t.called_at, t.issued_at) DESC",
        )
    };
    Ok(sqlx::query_as::<_, Ticket>(&format!(
        "{SELECT} WHERE {on_day} AND {} ORDER BY {order} LIMIT 500",
        is("t.status", status)
    ))
    .bind(today)
    .fetch_all(conn)
    .await?)
}

/// The ten latest calls of the open days.
pub(crate) async fn recent_calls(conn: &mut SqliteConnection, today: &str) -> Result<Vec<Ticket>> {
    Ok(sqlx::query_as::<_, Ticket>(&format!(
        "{SELECT} WHERE {} AND t.called_at IS NOT NULL
         ORDER BY t.called_at DESC, t.id DESC LIMIT 10",
        on_open_day("t", "?1")
    ))
    .bind(today)
    .fetch_all(conn)
    .await?)
}

/// SQL count of the waiting tickets of `ticket`'s own day and priority in its service that
/// are not ahead of it: itself, and anyone queued behind it (for a new number, usually only
/// booked check-ins whose slot starts later). Parameters: `?1` service, `?2` its business
/// day, `?3` its id, `?4` its priority, `?5` its `queue_at`.
pub(crate) fn not_ahead_in_own_day() -> String {
    format!(
        "(SELECT COUNT(*) FROM tickets
           WHERE service_id = ?1 AND {} AND business_day = ?2 AND priority = ?4
             AND (queue_at > ?5 OR (queue_at = ?5 AND id >= ?3)))",
        is("status", Waiting)
    )
}

/// Checked-in appointment tickets of `ticket`'s day waiting before it.
pub(crate) async fn appointments_ahead_of(
    conn: &mut SqliteConnection,
    ticket: &Ticket,
) -> Result<i64> {
    Ok(sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM tickets
         WHERE business_day = ?1 AND {} AND booking_id IS NOT NULL
           AND id != ?2 AND (queue_at < ?3 OR (queue_at = ?3 AND id < ?2))",
        is("status", Waiting)
    ))
    .bind(&ticket.business_day)
    .bind(ticket.id)
    .bind(ticket.queue_at)
    .fetch_one(conn)
    .await?)
}

/// (waiting, being served) of `day`.
pub(crate) async fn holding(conn: &mut SqliteConnection, day: &str) -> Result<(i64, i64)> {
    Ok(sqlx::query_as(&format!(
        "SELECT COALESCE(SUM({}), 0), COALESCE(SUM({}), 0)
         FROM tickets WHERE business_day = ? AND {}",
        is("status", Waiting),
        is("status", Called),
        status_in("status", &[Waiting, Called])
    ))
    .bind(day)
    .fetch_one(conn)
    .await?)
}

/// The numbers of `day` still held (being served first, then waiting in queue order), at
/// most `limit`.
pub(crate) async fn held_numbers(
    conn: &mut SqliteConnection,
    day: &str,
    limit: i64,
) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(&format!(
        "SELECT number FROM tickets WHERE business_day = ? AND {}
         ORDER BY {}, queue_at, id LIMIT ?",
        status_in("status", &[Waiting, Called]),
        is("status", Waiting)
    ))
    .bind(day)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// The earlier days before `today` whose people still hold a number:
/// (day, waiting, being served), oldest first.
pub(crate) async fn held_before(
    conn: &mut SqliteConnection,
    today: &str,
) -> Result<Vec<(String, i64, i64)>> {
    Ok(sqlx::query_as(&format!(
        "SELECT business_day, COALESCE(SUM({}), 0), COALESCE(SUM({}), 0)
         FROM tickets WHERE {} AND business_day < ?
         GROUP BY business_day ORDER BY business_day",
        is("status", Waiting),
        is("status", Called),
        status_in("status", &[Waiting, Called])
    ))
    .bind(today)
    .fetch_all(conn)
    .await?)
}

/// Whether anyone of `day` still holds a number.
pub(crate) async fn day_is_held(conn: &mut SqliteConnection, day: &str) -> Result<bool> {
    Ok(sqlx::query_scalar(&format!(
        "SELECT EXISTS (SELECT 1 FROM tickets WHERE business_day = ? AND {})",
        status_in("status", &[Waiting, Called])
    ))
    .bind(day)
    .fetch_one(conn)
    .await?)
}

/// Whether `day` has any ticket.
pub(crate) async fn day_has_tickets(conn: &mut SqliteConnection, day: &str) -> Result<bool> {
    Ok(
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM tickets WHERE business_day = ?)")
            .bind(day)
            .fetch_one(conn)
            .await?,
    )
}

/// A day's figures for its record: (issued, served, served after `closing_at`, the last
/// finish).
pub(crate) async fn day_figures(
    conn: &mut SqliteConnection,
    day: &str,
    closing_at: Option<i64>,
) -> Result<(i64, i64, i64, Option<i64>)> {
    let done = is("status", Done);
    Ok(sqlx::query_as(&format!(
        "SELECT COUNT(*) FILTER (WHERE NOT {}),
                COUNT(*) FILTER (WHERE {done}),
                COUNT(*) FILTER (WHERE {done} AND finished_at > ?2),
                MAX(finished_at) FILTER (WHERE {done})
         FROM tickets WHERE business_day = ?1",
        is("status", Voided)
    ))
    .bind(day)
    .bind(closing_at)
    .fetch_one(conn)
    .await?)
}

/// Tickets `counter_id` finished on `day`.
pub(crate) async fn served_at_counter(
    conn: &mut SqliteConnection,
    day: &str,
    counter_id: i64,
) -> Result<i64> {
    Ok(sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM tickets WHERE business_day = ? AND counter_id = ? AND {}",
        is("status", Done)
    ))
    .bind(day)
    .bind(counter_id)
    .fetch_one(conn)
    .await?)
}

/// The last ticket `counter_id` finished since `since` (ms) that nobody rated yet.
pub(crate) async fn last_unrated_finish(
    conn: &mut SqliteConnection,
    counter_id: i64,
    since: i64,
) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(&format!(
        "SELECT t.id FROM tickets t
         WHERE t.counter_id = ? AND {} AND t.finished_at >= ?
           AND NOT EXISTS (SELECT 1 FROM ratings r WHERE r.ticket_id = t.id)
         ORDER BY t.finished_at DESC, t.id DESC LIMIT 1",
        is("t.status", Done)
    ))
    .bind(counter_id)
    .bind(since)
    .fetch_optional(conn)
    .await?)
}

/// The first waiting ticket of `day` matching `serves` (a condition on `t` that may use
/// `?2`, bound to `counter_id`), of one priority class when `priority` is given, in
/// queue order.
pub(crate) async fn first_waiting(
    conn: &mut SqliteConnection,
    day: &str,
    counter_id: i64,
    priority: Option<bool>,
    serves: &str,
) -> Result<Option<i64>> {
    let class = match priority {
        Some(true) => "AND t.priority = 1",
        Some(false) => "AND t.priority = 0",
        None => "",
    };
    Ok(sqlx::query_scalar(&format!(
        "SELECT t.id FROM tickets t
         WHERE {} AND t.business_day = ?1 {class} AND {serves}
         ORDER BY t.queue_at, t.id LIMIT 1",
        is("t.status", Waiting)
    ))
    .bind(day)
    .bind(counter_id)
    .fetch_optional(conn)
    .await?)
}

/// The open days' tickets a counter's screen lists, matching `serves` (a condition on
/// `t` that may use `?2`, bound to `counter_id`): those waiting, in calling order (an
/// earlier open day's people first; see `open_days`), and those set aside, newest first.
pub(crate) async fn counter_lists(
    conn: &mut SqliteConnection,
    today: &str,
    counter_id: i64,
    serves: &str,
) -> Result<(Vec<Ticket>, Vec<Ticket>)> {
    let waiting = sqlx::query_as::<_, Ticket>(&format!(
        "{SELECT} WHERE {} AND {} AND {serves}
         ORDER BY t.business_day, t.booking_id IS NOT NULL DESC, t.priority DESC, t.queue_at,
            t.id LIMIT 200",
        is("t.status", Waiting),
        holder_on_open_day("t", "?1")
    ))
    .bind(today)
    .bind(counter_id)
    .fetch_all(&mut *conn)
    .await?;
    let no_shows = sqlx::query_as::<_, Ticket>(&format!(
        "{SELECT} WHERE {} AND {} AND {serves}
         ORDER BY t.finished_at DESC LIMIT 50",
        is("t.status", NoShow),
        on_open_day("t", "?1")
    ))
    .bind(today)
    .bind(counter_id)
    .fetch_all(conn)
    .await?;
    Ok((waiting, no_shows))
}

/// Queue places (and ids) of the first `limit` people waiting on `day` in one service
/// and class, in call order.
pub(crate) async fn queue_places(
    conn: &mut SqliteConnection,
    day: &str,
    service_id: i64,
    priority: bool,
    limit: i64,
) -> Result<Vec<(i64, i64)>> {
    Ok(sqlx::query_as(&format!(
        "SELECT queue_at, id FROM tickets WHERE {} AND business_day = ?
           AND service_id = ? AND priority = ? ORDER BY queue_at, id LIMIT ?",
        is("status", Waiting)
    ))
    .bind(day)
    .bind(service_id)
    .bind(priority)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// Moves everyone waiting on `day` after the person at (`queue_at`, `id`) on by two
/// microseconds, in the same order, to make room for one.
pub(crate) async fn make_room_after(
    conn: &mut SqliteConnection,
    day: &str,
    queue_at: i64,
    id: i64,
) -> Result<()> {
    sqlx::query(&format!(
        "UPDATE tickets SET queue_at = queue_at + 2 WHERE {}
           AND business_day = ?1 AND (queue_at > ?2 OR (queue_at = ?2 AND id > ?3))",
        is("status", Waiting)
    ))
    .bind(day)
    .bind(queue_at)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Calls a waiting or set-aside ticket to `counter_id`. The partial unique index on
/// (counter_id) of called tickets makes a second held ticket impossible even if the
/// rules were wrong.
pub(crate) async fn mark_called(
    conn: &mut SqliteConnection,
    id: i64,
    counter_id: i64,
    now: i64,
) -> Result<()> {
    sqlx::query(&format!(
        "UPDATE tickets SET status = ?1, counter_id = ?2, target_counter_id = NULL,
            call_count = call_count + 1, called_at = ?3, first_called_at = COALESCE(first_called_at, ?3)
         WHERE id = ?4 AND {}",
        status_in("status", &[Waiting, NoShow])
    ))
    .bind(Called)
    .bind(counter_id)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Announces a called ticket once more.
pub(crate) async fn mark_recalled(conn: &mut SqliteConnection, id: i64, now: i64) -> Result<()> {
    sqlx::query("UPDATE tickets SET call_count = call_count + 1, called_at = ? WHERE id = ?")
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends a ticket's turn in `status` (done, set aside as a no-show, or voided) at `now`.
pub(crate) async fn mark_ended(
    conn: &mut SqliteConnection,
    id: i64,
    status: TicketStatus,
    now: i64,
) -> Result<()> {
    sqlx::query("UPDATE tickets SET status = ?, finished_at = ? WHERE id = ?")
        .bind(status)
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Sends a ticket back to waiting, for `service_id` and, when given, one counter.
pub(crate) async fn mark_transferred(
    conn: &mut SqliteConnection,
    id: i64,
    service_id: i64,
    to_counter: Option<i64>,
) -> Result<()> {
    sqlx::query(
        "UPDATE tickets SET status = ?, counter_id = NULL, call_count = 0,
            service_id = ?, target_counter_id = ? WHERE id = ?",
    )
    .bind(Waiting)
    .bind(service_id)
    .bind(to_counter)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Puts a set-aside ticket back to waiting at queue place `queue_at`.
pub(crate) async fn mark_requeued(
    conn: &mut SqliteConnection,
    id: i64,
    queue_at: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE tickets SET status = ?, counter_id = NULL, call_count = 0,
            finished_at = NULL, queue_at = ? WHERE id = ?",
    )
    .bind(Waiting)
    .bind(queue_at)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// A ticket of a range of days, as the statistics read it.
#[derive(Debug, Clone)]
pub(crate) struct TicketRow {
    pub id: i64,
    pub business_day: String,
    pub number: String,
    pub service_id: i64,
    pub status: TicketStatus,
    pub issued_at: i64,
    pub first_called_at: Option<i64>,
    pub finished_at: Option<i64>,
}

/// Tickets issued on the business days `from..=to` (the day a ticket was issued on, also
/// when it was served after midnight). A year is about a million rows: the status travels
/// as its position in [`TicketStatus::ALL`], so no row allocates a string for it.
pub(crate) async fn issued_between(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
) -> Result<Vec<TicketRow>> {
    type Raw = (i64, String, String, i64, i64, i64, Option<i64>, Option<i64>);
    let rows: Vec<Raw> = sqlx::query_as(&format!(
        "SELECT id, business_day, number, service_id, {}, issued_at, first_called_at,
                finished_at
         FROM tickets WHERE business_day BETWEEN ? AND ?",
        super::position_of("status", &TicketStatus::ALL)
    ))
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(
            |(id, business_day, number, service_id, status, issued_at, first, fin)| {
                // The table's CHECK admits no other status.
                let status = *TicketStatus::ALL.get(usize::try_from(status).ok()?)?;
                Some(TicketRow {
                    id,
                    business_day,
                    number,
                    service_id,
                    status,
                    issued_at,
                    first_called_at: first,
                    finished_at: fin,
                })
            },
        )
        .collect())
}

/// The days of `from..=to` on which someone still waits or is being served (their figures
/// still move with the clock).
pub(crate) async fn days_holding(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(&format!(
        "SELECT DISTINCT business_day FROM tickets
         WHERE business_day BETWEEN ? AND ? AND {}",
        status_in("status", &[Waiting, Called])
    ))
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await?)
}
