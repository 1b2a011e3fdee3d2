//! The `bookings` table's statements: its reads (a booking with its slot, service and live
//! ticket), its writes, the status conditions other booking queries embed, and which counter
//! may call a booking's ticket ([`APPOINTMENT_AT_COUNTER`]).
//!
//! The personal columns (`name`, `mobile`, `id_number`, `note`) hold sealed BLOBs (see
//! `personal_key`), never text; `id_hash` and `mobile_hash` are the keyed lookup hashes the
//! per-person rules and the searches compare. Statuses are never typed by hand: a
//! status written is bound as a [`BookingStatus`]; a status tested is spelled into the
//! SQL text by the enum ([`is`], [`status_in`]), because SQLite uses the partial indexes
//! `bookings_seat`, `bookings_person_day` and `bookings_due` only when the query's text
//! states their condition.

use crate::error::{BookingError, Result};
use crate::model::{BookingStatus, TicketStatus};
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

/// The columns of a booking with its slot, service and live ticket.
pub(crate) fn booking_select() -> String {
    let live = format!(
        "t.booking_id = b.id AND NOT {}",
        crate::table::tickets::is("t.status", TicketStatus::Voided)
    );
    format!(
        "SELECT b.id, b.code, b.status, b.date, b.slot_id,
        b.session_id, b.service_id, s.name AS service_name, s.name_en AS service_name_en,
        sl.start_min, sl.end_min, sl.starts_at, sl.ends_at,
        b.name, b.mobile, b.id_number, b.note, b.id_hash,
        b.created_at, b.checked_in_at, b.purged_at,
        (SELECT t.id FROM tickets t WHERE {live}) AS ticket_id,
        (SELECT t.number FROM tickets t WHERE {live}) AS ticket_number
    FROM bookings b
    JOIN booking_slots sl ON sl.id = b.slot_id
    JOIN services s ON s.id = b.service_id"
    )
}

/// A booking row, its personal fields sealed (opened by `booking::rows`).
#[derive(sqlx::FromRow)]
pub(crate) struct BookingRow {
    pub id: i64,
    pub code: String,
    pub status: BookingStatus,
    pub date: String,
    pub slot_id: i64,
    pub session_id: i64,
    pub service_id: i64,
    pub service_name: String,
    pub service_name_en: String,
    pub start_min: i64,
    pub end_min: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub name: Option<Vec<u8>>,
    pub mobile: Option<Vec<u8>>,
    pub id_number: Option<Vec<u8>>,
    pub note: Option<Vec<u8>>,
    pub id_hash: Option<String>,
    pub created_at: i64,
    pub checked_in_at: Option<i64>,
    pub purged_at: Option<i64>,
    pub ticket_id: Option<i64>,
    pub ticket_number: Option<String>,
}

/// One booking by id.
pub(crate) async fn booking(conn: &mut SqliteConnection, id: i64) -> Result<BookingRow> {
    sqlx::query_as::<_, BookingRow>(&format!("{} WHERE b.id = ?", booking_select()))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or_else(|| BookingError::UnknownBooking.into())
}

/// Whether a booking (of any status) has confirmation code `code`.
pub(crate) async fn code_taken(conn: &mut SqliteConnection, code: &str) -> Result<bool> {
    let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM bookings WHERE code = ?")
        .bind(code)
        .fetch_optional(conn)
        .await?;
    Ok(taken.is_some())
}

/// The bookings of `date`, by slot start, active ones first, then by seat.
pub(crate) async fn of_date(conn: &mut SqliteConnection, date: &str) -> Result<Vec<BookingRow>> {
    Ok(sqlx::query_as(&format!(
        "{} WHERE b.date = ?
         ORDER BY sl.starts_at, {} DESC, b.seat, b.id",
        booking_select(),
        status_in("b.status", &ACTIVE)
    ))
    .bind(date)
    .fetch_all(conn)
    .await?)
}

/// The booking with confirmation code `code`.
pub(crate) async fn by_code(conn: &mut SqliteConnection, code: &str) -> Result<Option<BookingRow>> {
    Ok(
        sqlx::query_as(&format!("{} WHERE b.code = ?", booking_select()))
            .bind(code)
            .fetch_optional(conn)
            .await?,
    )
}

/// A keyed lookup column: which of a person's values a hash was made of.
#[derive(Debug, Clone, Copy)]
pub(crate) enum ByHash {
    IdNumber,
    Mobile,
}

impl ByHash {
    fn column(self) -> &'static str {
        match self {
            ByHash::IdNumber => "b.id_hash",
            ByHash::Mobile => "b.mobile_hash",
        }
    }
}

/// The order of search results: newest date first, then by slot start.
const NEWEST_FIRST: &str = "ORDER BY b.date DESC, sl.starts_at, b.id";

/// The bookings whose lookup hash `by` is `hash` (dated `on` only, if given), newest first,
/// at most `limit` (-1: all).
pub(crate) async fn of_person(
    conn: &mut SqliteConnection,
    by: ByHash,
    hash: &str,
    on: Option<&str>,
    limit: i64,
) -> Result<Vec<BookingRow>> {
    Ok(sqlx::query_as(&format!(
        "{} WHERE {} = ?1 AND (?2 IS NULL OR b.date = ?2) {NEWEST_FIRST} LIMIT ?3",
        booking_select(),
        by.column()
    ))
    .bind(hash)
    .bind(on)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// Every booking that still holds personal fields, and the one with confirmation code
/// `code` (if any), newest first: what a search by a name or a number's last digits
/// opens and filters (the sealed values cannot be compared in SQL). Bounded by the purge.
pub(crate) async fn searchable(conn: &mut SqliteConnection, code: &str) -> Result<Vec<BookingRow>> {
    Ok(sqlx::query_as(&format!(
        "{} WHERE b.purged_at IS NULL OR b.code = ? {NEWEST_FIRST}",
        booking_select()
    ))
    .bind(code)
    .fetch_all(conn)
    .await?)
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

/// The first date after `today` of an active booking whose lookup hash `by` is `hash`.
pub(crate) async fn next_active_date(
    conn: &mut SqliteConnection,
    by: ByHash,
    value: &str,
    today: &str,
) -> Result<Option<String>> {
    Ok(sqlx::query_scalar(&format!(
        "SELECT b.date FROM bookings b WHERE {} = ? AND {}
           AND b.date > ? ORDER BY b.date LIMIT 1",
        by.column(),
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
    /// The personal fields, sealed.
    pub name: &'a [u8],
    pub mobile: &'a [u8],
    pub id_number: &'a [u8],
    pub note: &'a [u8],
    pub id_hash: &'a str,
    pub mobile_hash: &'a str,
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
                              name, mobile, id_number, note, id_hash, mobile_hash,
                              created_at, changed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
    .bind(b.mobile_hash)
    .bind(b.now)
    .bind(b.now)
    .execute(conn)
    .await?
    .last_insert_rowid())
}

/// Sets booking `id`'s status to `to` at `now` (`?2`), with `stamp` setting the time
/// column of that status, and only while its status is `only_from` if given.
async fn set_status(
    conn: &mut SqliteConnection,
    id: i64,
    to: BookingStatus,
    stamp: &str,
    only_from: Option<BookingStatus>,
    now: i64,
) -> Result<()> {
    let only = only_from
        .map(|from| format!(" AND {}", is("status", from)))
        .unwrap_or_default();
    sqlx::query(&format!(
        "UPDATE bookings SET status = ?1, {stamp}, changed_at = ?2 WHERE id = ?3{only}"
    ))
    .bind(to)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Cancels booking `id` at `now`.
pub(crate) async fn mark_cancelled(conn: &mut SqliteConnection, id: i64, now: i64) -> Result<()> {
    set_status(conn, id, Cancelled, "cancelled_at = ?2", None, now).await
}

/// Marks booking `id` checked in at `now`, keeping the first check-in time.
pub(crate) async fn mark_checked_in(conn: &mut SqliteConnection, id: i64, now: i64) -> Result<()> {
    let stamp = "checked_in_at = COALESCE(checked_in_at, ?2)";
    set_status(conn, id, CheckedIn, stamp, None, now).await
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
            id_hash = NULL, mobile_hash = NULL, purged_at = ? WHERE id = ?",
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
    set_status(conn, id, NoShow, "no_show_at = ?2", Some(Booked), now).await
}

/// A booking whose personal fields are still plain text (written before they were sealed):
/// what the upgrade seals. Deliberately without `Debug`.
#[derive(sqlx::FromRow)]
pub(crate) struct PlainRow {
    pub id: i64,
    pub name: String,
    pub mobile: String,
    pub id_number: String,
    pub note: Option<String>,
    pub id_hash: String,
}

/// The bookings whose personal fields are plain text.
pub(crate) async fn plain_rows(conn: &mut SqliteConnection) -> Result<Vec<PlainRow>> {
    Ok(sqlx::query_as(
        "SELECT id, name, mobile, id_number, note, id_hash FROM bookings
         WHERE purged_at IS NULL AND typeof(id_number) = 'text'",
    )
    .fetch_all(conn)
    .await?)
}

/// Booking `id`'s personal fields, sealed, with their keyed lookup hashes.
pub(crate) struct Sealed<'a> {
    pub name: &'a [u8],
    pub mobile: &'a [u8],
    pub id_number: &'a [u8],
    pub note: Option<&'a [u8]>,
    pub id_hash: &'a str,
    pub mobile_hash: &'a str,
}

/// Replaces booking `id`'s plain personal fields and hashes by sealed ones.
pub(crate) async fn seal(conn: &mut SqliteConnection, id: i64, s: Sealed<'_>) -> Result<()> {
    sqlx::query(
        "UPDATE bookings SET name = ?, mobile = ?, id_number = ?, note = ?, id_hash = ?,
            mobile_hash = ? WHERE id = ?",
    )
    .bind(s.name)
    .bind(s.mobile)
    .bind(s.id_number)
    .bind(s.note)
    .bind(s.id_hash)
    .bind(s.mobile_hash)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

// A booking's ticket is called at its session's counters: the condition goes from the ticket
// to its booking, so it is kept with the bookings; `table::tickets` takes it as the condition
// of its queue reads.

/// SQL condition on a ticket `t` (with `?2` bound to a counter id): `t` is an appointment
/// ticket that counter may call — a counter marked for appointments that is one of the
/// booking session's dedicated counters, or the counter it was transferred to.
pub(crate) const APPOINTMENT_AT_COUNTER: &str = "(t.booking_id IS NOT NULL AND (
        t.target_counter_id = ?2
        OR (t.target_counter_id IS NULL AND EXISTS (
            SELECT 1 FROM bookings ab
            JOIN booking_session_counters bsc ON bsc.session_id = ab.session_id
            JOIN counters ac ON ac.id = bsc.counter_id
            WHERE ab.id = t.booking_id AND ac.id = ?2 AND ac.appointment = 1))))";

/// `None` for a walk-in ticket; for an appointment ticket, whether `counter_id` may call it.
pub(crate) async fn may_call_appointment(
    conn: &mut SqliteConnection,
    ticket_id: i64,
    counter_id: i64,
) -> Result<Option<bool>> {
    let row: Option<(bool, bool)> = sqlx::query_as(&format!(
        "SELECT t.booking_id IS NOT NULL, {APPOINTMENT_AT_COUNTER} FROM tickets t WHERE t.id = ?1"
    ))
    .bind(ticket_id)
    .bind(counter_id)
    .fetch_optional(conn)
    .await?;
    Ok(match row {
        Some((true, ok)) => Some(ok),
        _ => None,
    })
}
