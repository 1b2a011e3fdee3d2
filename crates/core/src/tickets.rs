//! Issuing numbers (取号) at the desk: issue, reprint, void, and the hall's snapshot.

use crate::error::{Error, Result};
use crate::events::TicketChange;
use crate::hall::Hall;
use crate::model::{HallSnapshot, IssueRequest, IssuedTicket, Service, Ticket, TicketStatus};
use crate::queries::{self, TICKET_SELECT};
use serde_json::json;
use sqlx::SqliteConnection;

/// The printed form of a number: three digits, four from 1000 on (A001 … A999, A1000).
pub fn format_number(prefix: &str, seq: i64) -> String {
    format!("{prefix}{seq:03}")
}

/// A ticket about to be written by [`insert_ticket`]: what the issuing rule decided.
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

/// The one insert of a ticket, for the desk and for appointment check-in alike: it takes
/// the day's next number of its prefix and starts waiting. Returns the new ticket's id.
pub(crate) async fn insert_ticket(conn: &mut SqliteConnection, t: NewTicket<'_>) -> Result<i64> {
    let seq = next_seq(&mut *conn, t.day, t.prefix).await?;
    Ok(sqlx::query(
        "INSERT INTO tickets(business_day, prefix, seq, number, service_id, priority, status,
                             issued_at, queue_at, issued_by, request_id, booking_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(t.day)
    .bind(t.prefix)
    .bind(seq)
    .bind(format_number(t.prefix, seq))
    .bind(t.service_id)
    .bind(t.priority)
    .bind(TicketStatus::Waiting)
    .bind(t.issued_at)
    .bind(t.queue_at)
    .bind(t.issued_by)
    .bind(t.request_id)
    .bind(t.booking_id)
    .execute(conn)
    .await?
    .last_insert_rowid())
}

impl Hall {
    /// Issues the next number of a service. The number is committed before it is returned,
    /// so nothing is shown or printed that a crash could lose.
    pub async fn issue_ticket(&self, req: IssueRequest) -> Result<IssuedTicket> {
        let station = crate::validate::text("station", &req.station, 40)?;
        let request_id = match req.request_id.as_deref() {
            Some(r) => Some(crate::validate::name("request_id", r, 64)?),
            None => None,
        };
        let settings = self.settings();
        let mut tx = self.begin_write().await?;
        // Read the time once the write turn is ours, so issue times follow the numbers
        // even when several desks press at once.
        let now = self.now_ms();
        let day = self.day_key();

        let service: Service = sqlx::query_as(
            "SELECT id, name, name_en, prefix, sort_order, minutes_per_person, enabled
             FROM services WHERE id = ?",
        )
        .bind(req.service_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(Error::UnknownService(req.service_id))?;
        if !service.enabled {
            return Err(Error::ServiceDisabled {
                prefix: service.prefix,
            });
        }

        if let Some(existing) = self
            .repeated_press(
                &mut tx,
                &req,
                &station,
                request_id.as_deref(),
                now,
                settings.double_click_ms,
            )
            .await?
        {
            let ticket = queries::ticket(&mut tx, existing).await?;
            let issued = self.describe(&mut tx, ticket, true).await?;
            tx.commit().await?;
            return Ok(issued);
        }

        // The schedule is read inside this transaction: a ticket is written only while
        // its service may issue (a repeated press above still returns its ticket).
        self.ensure_issuing_open(&mut tx, service.id, &service.prefix, now)
            .await?;
        let id = insert_ticket(
            &mut tx,
            NewTicket {
                day: &day,
                prefix: &service.prefix,
                service_id: service.id,
                priority: req.priority,
                issued_at: now,
                queue_at: now * 1000,
                issued_by: &station,
                request_id: request_id.as_deref(),
                booking_id: None,
            },
        )
        .await?;
        let event_id =
            queries::record_event(&mut tx, id, TicketChange::Issued, now, None, None).await?;
        let ticket = queries::ticket(&mut tx, id).await?;
        let issued = self.describe(&mut tx, ticket.clone(), false).await?;
        let state = queries::DayState::load(&mut tx, &day).await?;
        tx.commit_with(vec![state.event(event_id, TicketChange::Issued, ticket)])
            .await?;
        Ok(issued)
    }

    /// The ticket an identical earlier press already issued, if this press repeats it.
    async fn repeated_press(
        &self,
        conn: &mut SqliteConnection,
        req: &IssueRequest,
        station: &str,
        request_id: Option<&str>,
        now: i64,
        window_ms: i64,
    ) -> Result<Option<i64>> {
        if let Some(rid) = request_id {
            let found: Option<i64> =
                sqlx::query_scalar("SELECT id FROM tickets WHERE request_id = ?")
                    .bind(rid)
                    .fetch_optional(&mut *conn)
                    .await?;
            if found.is_some() {
                return Ok(found);
            }
        }
        if station.is_empty() || window_ms == 0 {
            return Ok(None);
        }
        Ok(sqlx::query_scalar(
            "SELECT id FROM tickets
             WHERE issued_by = ? AND service_id = ? AND priority = ? AND issued_at > ?
               AND status != 'voided'
             ORDER BY id DESC LIMIT 1",
        )
        .bind(station)
        .bind(req.service_id)
        .bind(req.priority)
        .bind(now - window_ms)
        .fetch_optional(conn)
        .await?)
    }

    async fn describe(
        &self,
        conn: &mut SqliteConnection,
        ticket: Ticket,
        repeated: bool,
    ) -> Result<IssuedTicket> {
        let ahead = queries::ahead_of(conn, &ticket).await?;
        Ok(IssuedTicket {
            estimated_wait_minutes: queries::wait_minutes(conn, ticket.service_id, ahead).await?,
            ahead,
            hall_name: self.settings().hall_name,
            repeated,
            ticket,
        })
    }

    /// The ticket again, with fresh figures, for a reprint (a failed print is never lost).
    pub async fn reprint_ticket(&self, ticket_id: i64) -> Result<IssuedTicket> {
        let mut conn = self.pool().acquire().await?;
        let ticket = queries::ticket(&mut conn, ticket_id).await?;
        if ticket.status == TicketStatus::Voided {
            return Err(Error::WrongTicketState {
                number: ticket.number,
                status: ticket.status.as_str().into(),
                expected: TicketStatus::Waiting.as_str().into(),
            });
        }
        self.describe(&mut conn, ticket, false).await
    }

    /// Voids a mistaken ticket that has not been called yet.
    pub async fn void_ticket(&self, ticket_id: i64) -> Result<Ticket> {
        let now = self.now_ms();
        let mut tx = self.begin_write().await?;
        let ticket = queries::ticket(&mut tx, ticket_id).await?;
        if !matches!(ticket.status, TicketStatus::Waiting | TicketStatus::NoShow) {
            return Err(Error::WrongTicketState {
                number: ticket.number,
                status: ticket.status.as_str().into(),
                expected: TicketStatus::Waiting.as_str().into(),
            });
        }
        sqlx::query("UPDATE tickets SET status = 'voided', finished_at = ? WHERE id = ?")
            .bind(now)
            .bind(ticket_id)
            .execute(&mut *tx)
            .await?;
        let event_id =
            queries::record_event(&mut tx, ticket_id, TicketChange::Voided, now, None, None)
                .await?;
        let ticket = queries::ticket(&mut tx, ticket_id).await?;
        let state = queries::DayState::load(&mut tx, &self.day_key()).await?;
        tx.commit_with(vec![state.event(
            event_id,
            TicketChange::Voided,
            ticket.clone(),
        )])
        .await?;
        Ok(ticket)
    }

    /// Today's ticket with this number (e.g. "A012"), in any state.
    pub async fn find_ticket(&self, number: &str) -> Result<Ticket> {
        let number = number.trim().to_ascii_uppercase();
        let mut conn = self.pool().acquire().await?;
        find_by_number(&mut conn, &self.day_key(), &number).await
    }

    /// The tickets of the open days (today, and an earlier day still being served) in a
    /// state: waiting ones in calling order (an earlier day first), others newest first.
    pub async fn tickets_today(&self, status: TicketStatus) -> Result<Vec<Ticket>> {
        let (on_day, order) = if status == TicketStatus::Waiting {
            (
                crate::open_days::holder_on_open_day("t", "?1"),
                "t.business_day, t.priority DESC, t.queue_at, t.id",
            )
        } else {
            (
                crate::open_days::on_open_day("t", "?1"),
                "COALESCE(t.called_at, t.issued_at) DESC",
            )
        };
        let mut conn = self.pool().acquire().await?;
        Ok(sqlx::query_as::<_, Ticket>(&format!(
            "{TICKET_SELECT} WHERE {on_day} AND t.status = ?2 ORDER BY {order} LIMIT 500"
        ))
        .bind(self.day_key())
        .bind(status)
        .fetch_all(&mut *conn)
        .await?)
    }

    /// What a screen loads when it opens.
    pub async fn snapshot(&self) -> Result<HallSnapshot> {
        let day = self.day_key();
        let settings = self.settings();
        let mut conn = self.pool().acquire().await?;
        let services = queries::queues(&mut conn, &day).await?;
        let counters = queries::counters(&mut conn).await?;
        let recent_calls = sqlx::query_as::<_, Ticket>(&format!(
            "{TICKET_SELECT} WHERE {} AND t.called_at IS NOT NULL
             ORDER BY t.called_at DESC, t.id DESC LIMIT 10",
            crate::open_days::on_open_day("t", "?1")
        ))
        .bind(&day)
        .fetch_all(&mut *conn)
        .await?;
        let totals = queries::day_totals(&mut conn, &day).await?;
        let last_event_id: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM ticket_events")
                .fetch_one(&mut *conn)
                .await?;
        Ok(HallSnapshot {
            hall_name: settings.hall_name,
            business_day: day,
            now: self.now_ms(),
            utc_offset_minutes: settings.utc_offset_minutes,
            services,
            counters,
            recent_calls,
            issued_today: totals.issued,
            served_today: totals.served,
            last_event_id,
        })
    }
}

/// The next number of `prefix` on `day`, inside the caller's write transaction: numbers
/// are contiguous per prefix and day (walk-in and appointment tickets alike), and the
/// unique index on (business_day, prefix, seq) refuses a duplicate.
pub(crate) async fn next_seq(conn: &mut SqliteConnection, day: &str, prefix: &str) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COALESCE(MAX(seq), 0) + 1 FROM tickets WHERE business_day = ? AND prefix = ?",
    )
    .bind(day)
    .bind(prefix)
    .fetch_one(conn)
    .await?)
}

/// Today's ticket with a given number.
pub(crate) async fn find_by_number(
    conn: &mut SqliteConnection,
    day: &str,
    number: &str,
) -> Result<Ticket> {
    sqlx::query_as::<_, Ticket>(&format!(
        "{TICKET_SELECT} WHERE t.business_day = ? AND t.number = ?"
    ))
    .bind(day)
    .bind(number)
    .fetch_optional(conn)
    .await?
    .ok_or_else(|| Error::NoSuchNumber {
        number: number.to_string(),
    })
}

/// The ticket "call a number" means: among the open days' tickets with `number` (of
/// `business_day` only, when given), the one that can be called (waiting or set aside).
/// Refused when several open days have one and no day was given; a number that exists
/// only in another state is refused with that state.
pub(crate) async fn find_callable(
    conn: &mut SqliteConnection,
    today: &str,
    number: &str,
    business_day: Option<&str>,
) -> Result<Ticket> {
    let found = sqlx::query_as::<_, Ticket>(&format!(
        "{TICKET_SELECT} WHERE t.number = ?2 AND (?3 IS NULL OR t.business_day = ?3) AND {}
         ORDER BY t.business_day DESC",
        crate::open_days::on_open_day("t", "?1")
    ))
    .bind(today)
    .bind(number)
    .bind(business_day)
    .fetch_all(&mut *conn)
    .await?;
    let (mut callable, other): (Vec<Ticket>, Vec<Ticket>) = found
        .into_iter()
        .partition(|t| matches!(t.status, TicketStatus::Waiting | TicketStatus::NoShow));
    match (callable.len(), other.first()) {
        (1, _) => Ok(callable.remove(0)),
        (0, Some(t)) => Err(t.wrong_state(TicketStatus::Waiting)),
        (0, None) => Err(Error::NoSuchNumber {
            number: number.to_string(),
        }),
        _ => Err(Error::AmbiguousNumber {
            number: number.to_string(),
            days: callable.into_iter().rev().map(|t| t.business_day).collect(),
        }),
    }
}

/// Detail stored with a transfer event.
pub(crate) fn transfer_detail(
    from_service: i64,
    to_service: i64,
    to_counter: Option<i64>,
) -> serde_json::Value {
    json!({ "from_service": from_service, "to_service": to_service, "to_counter": to_counter })
}
