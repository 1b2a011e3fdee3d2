//! The `bookings` table's statements that test or write a booking's status, and the
//! status conditions other booking queries embed. Statuses are never typed by hand: a
//! status written is bound as a [`BookingStatus`]; a status tested is spelled into the
//! SQL text by the enum ([`is`], [`status_in`]), because SQLite uses the partial indexes
//! `bookings_seat`, `bookings_person_day` and `bookings_due` only when the query's text
//! states their condition.

use crate::error::Result;
use crate::model::BookingStatus;
use sqlx::SqliteConnection;

use BookingStatus::{Booked, Cancelled, CheckedIn, NoShow};

/// The statuses of a booking that holds its place (a seat, the person's day).
pub(crate) const ACTIVE: [BookingStatus; 2] = [Booked, CheckedIn];

/// SQL condition `column = 'name'` of a booking status (see [`super::is`]).
pub(crate) fn is(column: &str, status: BookingStatus) -> String {
    super::is(column, status)
}

/// SQL condition `column IN ('a', 'b')` of booking statuses (see [`super::one_of`]).
pub(crate) fn status_in(column: &str, statuses: &[BookingStatus]) -> String {
    super::one_of(column, statuses)
}

/// Bookings dated `from..=to`: (made, booked, checked in, cancelled, no-show).
pub(crate) async fn counts(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
) -> Result<(i64, i64, i64, i64, i64)> {
    Ok(sqlx::query_as(&format!(
        "SELECT COUNT(*), COALESCE(SUM({}), 0), COALESCE(SUM({}), 0), COALESCE(SUM({}), 0),
                COALESCE(SUM({}), 0)
         FROM bookings WHERE date BETWEEN ? AND ?",
        is("status", Booked),
        is("status", CheckedIn),
        is("status", Cancelled),
        is("status", NoShow)
    ))
    .bind(from)
    .bind(to)
    .fetch_one(conn)
    .await?)
}

/// (active bookings, all bookings) of a booking session.
pub(crate) async fn of_session(conn: &mut SqliteConnection, session_id: i64) -> Result<(i64, i64)> {
    Ok(sqlx::query_as(&format!(
        "SELECT COALESCE(SUM({}), 0), COUNT(*) FROM bookings WHERE session_id = ?",
        status_in("status", &ACTIVE)
    ))
    .bind(session_id)
    .fetch_one(conn)
    .await?)
}

/// The first date after `today` of an active booking whose `column` (`b.mobile` or
/// `b.id_hash`, never user text) is `value`.
pub(crate) async fn next_active_date(
    conn: &mut SqliteConnection,
    column: &str,
    value: &str,
    today: &str,
) -> Result<Option<String>> {
    Ok(sqlx::query_scalar(&format!(
        "SELECT b.date FROM bookings b WHERE {column} = ? AND {}
           AND b.date > ? ORDER BY b.date LIMIT 1",
        status_in("b.status", &ACTIVE)
    ))
    .bind(value)
    .bind(today)
    .fetch_optional(conn)
    .await?)
}

/// A person's bookings in `statuses` dated `from..=to`, not counting booking `except`.
pub(crate) async fn count_of_person(
    conn: &mut SqliteConnection,
    id_hash: &str,
    except: i64,
    statuses: &[BookingStatus],
    from: &str,
    to: &str,
) -> Result<i64> {
    Ok(sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM bookings WHERE id_hash = ? AND id != ?
            AND {} AND date BETWEEN ? AND ?",
        status_in("status", statuses)
    ))
    .bind(id_hash)
    .bind(except)
    .bind(from)
    .bind(to)
    .fetch_one(conn)
    .await?)
}

/// The dates of a person's no-shows from `since` on that count (after the last lift of a
/// ban), oldest first.
pub(crate) async fn no_show_dates(
    conn: &mut SqliteConnection,
    id_hash: &str,
    since: &str,
) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(&format!(
        "SELECT date FROM bookings
         WHERE id_hash = ?1 AND {} AND date >= ?2
           AND no_show_at > COALESCE((SELECT MAX(lifted_at) FROM booking_ban_lifts
                                      WHERE id_hash = ?1), 0)
         ORDER BY date",
        is("status", NoShow)
    ))
    .bind(id_hash)
    .bind(since)
    .fetch_all(conn)
    .await?)
}

/// The seats of a slot held by active bookings, in order.
pub(crate) async fn taken_seats(conn: &mut SqliteConnection, slot_id: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(&format!(
        "SELECT seat FROM bookings WHERE slot_id = ? AND {} ORDER BY seat",
        status_in("status", &ACTIVE)
    ))
    .bind(slot_id)
    .fetch_all(conn)
    .await?)
}

/// A booking about to be written by [`insert`].
pub(crate) struct NewBooking<'a> {
    pub code: &'a str,
    pub slot_id: i64,
    pub session_id: i64,
    pub date: &'a str,
    pub seat: i64,
    pub service_id: i64,
    pub name: &'a str,
    pub mobile: &'a str,
    pub id_number: &'a str,
    pub note: &'a str,
    pub id_hash: &'a str,
    pub now: i64,
}

/// The one insert of a booking: it holds its seat. Returns the new booking's id, or the
/// database's refusal (a unique index: seat taken, or the person's day) for the caller
/// to name.
pub(crate) async fn insert(
    conn: &mut SqliteConnection,
    b: NewBooking<'_>,
) -> std::result::Result<i64, sqlx::Error> {
    Ok(sqlx::query(
        "INSERT INTO bookings(code, slot_id, session_id, date, seat, service_id, status,
                              name, mobile, id_number, note, id_hash, created_at, changed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(b.code)
    .bind(b.slot_id)
    .bind(b.session_id)
    .bind(b.date)
    .bind(b.seat)
    .bind(b.service_id)
    .bind(Booked)
    .bind(b.name)
    .bind(b.mobile)
    .bind(b.id_number)
    .bind(b.note)
    .bind(b.id_hash)
    .bind(b.now)
    .bind(b.now)
    .execute(conn)
    .await?
    .last_insert_rowid())
}

/// Cancels booking `id` at `now`.
pub(crate) async fn mark_cancelled(conn: &mut SqliteConnection, id: i64, now: i64) -> Result<()> {
    sqlx::query(
        "UPDATE bookings SET status = ?, cancelled_at = ?, changed_at = ?
         WHERE id = ?",
    )
    .bind(Cancelled)
    .bind(now)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Moves booked booking `id` to another slot and seat, or returns the database's refusal.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn move_to_slot(
    conn: &mut SqliteConnection,
    id: i64,
    slot_id: i64,
    session_id: i64,
    date: &str,
    seat: i64,
    now: i64,
) -> std::result::Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "UPDATE bookings SET slot_id = ?, session_id = ?, date = ?, seat = ?, changed_at = ?
         WHERE id = ? AND {}",
        is("status", Booked)
    ))
    .bind(slot_id)
    .bind(session_id)
    .bind(date)
    .bind(seat)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// The bookings dated up to `through` whose personal fields may go: not purged yet and
/// no longer holding a place to come to.
pub(crate) async fn purgeable(conn: &mut SqliteConnection, through: &str) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(&format!(
        "SELECT id FROM bookings WHERE purged_at IS NULL AND date <= ?
           AND NOT {}",
        is("status", Booked)
    ))
    .bind(through)
    .fetch_all(conn)
    .await?)
}

/// Clears booking `id`'s personal fields at `now`.
pub(crate) async fn purge(conn: &mut SqliteConnection, id: i64, now: i64) -> Result<()> {
    sqlx::query(
        "UPDATE bookings SET name = NULL, mobile = NULL, id_number = NULL, note = NULL,
            id_hash = NULL, purged_at = ? WHERE id = ?",
    )
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// The booked bookings whose slot ended more than `grace_minutes` before `now`: (id, date).
pub(crate) async fn due(
    conn: &mut SqliteConnection,
    grace_minutes: i64,
    now: i64,
) -> Result<Vec<(i64, String)>> {
    Ok(
        sqlx::query_as(&format!("SELECT b.id, b.date {}", due_from()))
            .bind(grace_minutes)
            .bind(now)
            .fetch_all(conn)
            .await?,
    )
}

/// How many bookings [`due`] would return.
pub(crate) async fn count_due(
    conn: &mut SqliteConnection,
    grace_minutes: i64,
    now: i64,
) -> Result<i64> {
    Ok(
        sqlx::query_scalar(&format!("SELECT COUNT(*) {}", due_from()))
            .bind(grace_minutes)
            .bind(now)
            .fetch_one(conn)
            .await?,
    )
}

fn due_from() -> String {
    format!(
        "FROM bookings b JOIN booking_slots sl ON sl.id = b.slot_id
         WHERE {} AND sl.ends_at + ?1 * 60000 < ?2",
        is("b.status", Booked)
    )
}

/// Marks booked booking `id` a no-show at `now`.
pub(crate) async fn mark_no_show(conn: &mut SqliteConnection, id: i64, now: i64) -> Result<()> {
    sqlx::query(&format!(
        "UPDATE bookings SET status = ?, no_show_at = ?, changed_at = ?
         WHERE id = ? AND {}",
        is("status", Booked)
    ))
    .bind(NoShow)
    .bind(now)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}
