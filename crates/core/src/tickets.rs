//! Issuing numbers (取号) at the desk: issue, reprint, void, and the hall's snapshot.

use crate::error::{Error, Result};
use crate::events::{HallEvent, TicketChange};
use crate::hall::Hall;
use crate::model::{
    DayTotals, HallSnapshot, IssueRequest, IssuedTicket, ServiceQueue, Ticket, TicketStatus,
};
use crate::raw::{with_raw, Raw};
use crate::staff::audit::AuditAction;
use crate::table::tickets::{self, NewTicket};
use crate::table::{counters, services, ticket_events};
use serde_json::json;
use sqlx::SqliteConnection;

pub use crate::table::tickets::format_number;

impl Hall {
    /// Issues the next number of a service. The number is committed before it is returned,
    /// so nothing is shown or printed that a crash could lose.
    ///
    /// The hot path of a busy hall: the service and the schedule come from the slow data
    /// kept between writes, and every statement runs in one round trip (see `raw`).
    pub async fn issue_ticket(&self, req: IssueRequest) -> Result<IssuedTicket> {
        let station = crate::validate::text("station", &req.station, 40)?;
        let request_id = match req.request_id.as_deref() {
            Some(r) => Some(crate::validate::name("request_id", r, 64)?),
            None => None,
        };
        let settings = self.settings();
        let mut tx = self.begin_sync_write().await?;
        // Read the time once the write turn is ours, so issue times follow the numbers
        // even when several desks press at once.
        let now = self.now_ms();
        let day = self.day_key();
        // The schedule is read inside this transaction: a ticket is written only while
        // its service may issue (a repeated press below still returns its ticket).
        let (service, open) = self.issuing(&mut tx, req.service_id, now).await?;
        if !service.enabled {
            return Err(Error::ServiceDisabled {
                prefix: service.prefix,
            });
        }
        let press = Press {
            req: &req,
            station: &station,
            request_id: request_id.as_deref(),
            now,
            window_ms: settings.double_click_ms,
        };
        let hall_name = settings.hall_name;
        let (issued, event) = tx
            .sync(|c| {
                if let Some(existing) = press.repeated(c)? {
                    let ticket = tickets::read(c, existing)?;
                    return Ok((describe(c, ticket, true, hall_name)?, None));
                }
                open?;
                let id = tickets::insert(
                    c,
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
                )?;
                let event_id = ticket_events::insert(c, id, TicketChange::Issued, now, None, None)?;
                let ticket = tickets::read(c, id)?;
                let issued = describe(c, ticket.clone(), false, hall_name)?;
                let state = DayState::read(c, &day)?;
                Ok((
                    issued,
                    Some(state.event(event_id, TicketChange::Issued, ticket)),
                ))
            })
            .await?;
        tx.commit_with(event.into_iter().collect()).await?;
        Ok(issued)
    }

    /// The ticket again, with fresh figures, for a reprint (a failed print is never lost).
    pub async fn reprint_ticket(&self, ticket_id: i64) -> Result<IssuedTicket> {
        let hall_name = self.settings().hall_name;
        let mut conn = self.pool().acquire().await?;
        with_raw(&mut conn, |c| {
            let ticket = tickets::read(c, ticket_id)?;
            if ticket.status == TicketStatus::Voided {
                return Err(Error::WrongTicketState {
                    number: ticket.number,
                    status: ticket.status.as_str().into(),
                    expected: TicketStatus::Waiting.as_str().into(),
                });
            }
            describe(c, ticket, false, hall_name)
        })
        .await
    }

    /// Voids a mistaken ticket that has not been called yet; the audit list records it with
    /// `by` (the screen or device).
    pub async fn void_ticket(&self, ticket_id: i64, by: &str) -> Result<Ticket> {
        let now = self.now_ms();
        let mut tx = self.begin_write().await?;
        let ticket = tickets::ticket(&mut tx, ticket_id).await?;
        if !matches!(ticket.status, TicketStatus::Waiting | TicketStatus::NoShow) {
            return Err(Error::WrongTicketState {
                number: ticket.number,
                status: ticket.status.as_str().into(),
                expected: TicketStatus::Waiting.as_str().into(),
            });
        }
        tickets::mark_ended(&mut tx, ticket_id, TicketStatus::Voided, now).await?;
        let day = self.day_key();
        let (event_id, ticket, state) = tx
            .sync(|c| {
                let event_id =
                    ticket_events::insert(c, ticket_id, TicketChange::Voided, now, None, None)?;
                Ok((
                    event_id,
                    tickets::read(c, ticket_id)?,
                    DayState::read(c, &day)?,
                ))
            })
            .await?;
        self.audit(&mut tx, by, AuditAction::TicketVoided, None, &ticket.number)
            .await?;
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
        tickets::by_number(&mut conn, &self.day_key(), &number).await
    }

    /// The tickets of the open days (today, and an earlier day still being served) in a
    /// state: waiting ones in calling order (an earlier day first), others newest first.
    pub async fn tickets_today(&self, status: TicketStatus) -> Result<Vec<Ticket>> {
        let mut conn = self.pool().acquire().await?;
        tickets::on_open_days_in(&mut conn, &self.day_key(), status).await
    }

    /// What a screen loads when it opens.
    pub async fn snapshot(&self) -> Result<HallSnapshot> {
        let day = self.day_key();
        let settings = self.settings();
        let mut conn = self.pool().acquire().await?;
        let (services, totals) =
            with_raw(&mut conn, |c| services::queues_and_totals(c, &day)).await?;
        let counters = counters::all(&mut conn).await?;
        let recent_calls = tickets::recent_calls(&mut conn, &day).await?;
        let last_event_id = ticket_events::last_id(&mut conn).await?;
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

/// A press of an issue button, to tell a repeated one (the same request id, or a double
/// click within the window) from a new one.
struct Press<'a> {
    req: &'a IssueRequest,
    station: &'a str,
    request_id: Option<&'a str>,
    now: i64,
    window_ms: i64,
}

impl Press<'_> {
    /// The ticket an identical earlier press already issued, if this press repeats it.
    fn repeated(&self, c: &Raw) -> Result<Option<i64>> {
        if let Some(rid) = self.request_id {
            let found = tickets::by_request_id(c, rid)?;
            if found.is_some() {
                return Ok(found);
            }
        }
        if self.station.is_empty() || self.window_ms == 0 {
            return Ok(None);
        }
        tickets::issued_since(
            c,
            self.station,
            self.req.service_id,
            self.req.priority,
            self.now - self.window_ms,
        )
    }
}

/// `ticket` as printed: with the people ahead of it and the wait.
fn describe(c: &Raw, ticket: Ticket, repeated: bool, hall_name: String) -> Result<IssuedTicket> {
    let (ahead, estimated_wait_minutes) = services::place_in_queue(c, &ticket)?;
    Ok(IssuedTicket {
        estimated_wait_minutes,
        ahead,
        hall_name,
        repeated,
        ticket,
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
    let found = tickets::with_number_on_open_days(conn, today, number, business_day).await?;
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

/// The figures a ticket event carries (waiting per service, today's totals), read inside
/// the writing transaction so they match the change.
pub(crate) struct DayState {
    queues: Vec<ServiceQueue>,
    totals: DayTotals,
}

impl DayState {
    /// Reads the state on `today`: the open days' queues, today's totals.
    pub fn read(c: &Raw, today: &str) -> Result<Self> {
        let (queues, totals) = services::queues_and_totals(c, today)?;
        Ok(Self { queues, totals })
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
