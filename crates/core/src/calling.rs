//! Calling numbers (叫号) at a counter: call next, call a number, recall, no-show, put a
//! no-show back, finish and transfer. Every method runs in one IMMEDIATE transaction, so
//! two counters calling at the same instant never get the same ticket.

use crate::error::{Error, Result};
use crate::events::{HallEvent, TicketChange};
use crate::hall::Hall;
use crate::model::{
    CallOutcome, Counter, CounterState, CounterView, Ticket, TicketStatus, TransferTarget,
};
use crate::raw::with_raw;
use crate::table::{counters, services, ticket_events, tickets};
use crate::tickets::DayState;
use crate::writer::WriteTx;
use sqlx::SqliteConnection;

/// Events gathered inside a transaction and published after its commit.
struct Pending {
    events: Vec<(i64, TicketChange, i64)>,
}

impl Pending {
    fn new() -> Self {
        Self { events: Vec::new() }
    }

    async fn record(
        &mut self,
        conn: &mut SqliteConnection,
        ticket_id: i64,
        change: TicketChange,
        at: i64,
        counter_id: Option<i64>,
        detail: Option<serde_json::Value>,
    ) -> Result<()> {
        let id = with_raw(conn, |c| {
            ticket_events::insert(c, ticket_id, change, at, counter_id, detail)
        })
        .await?;
        self.events.push((id, change, ticket_id));
        Ok(())
    }

    /// Builds the events from the state inside the transaction, before it commits
    /// (`today`: today's key; the queues cover every open day).
    async fn build(self, tx: &mut WriteTx, today: &str) -> Result<Vec<HallEvent>> {
        tx.sync(|c| {
            let state = DayState::read(c, today)?;
            let mut out = Vec::with_capacity(self.events.len());
            for (event_id, change, ticket_id) in self.events {
                out.push(state.event(event_id, change, tickets::read(c, ticket_id)?));
            }
            Ok(out)
        })
        .await
    }
}

/// The counter, refusing unless it is open for calling.
async fn open_counter(conn: &mut SqliteConnection, counter_id: i64) -> Result<Counter> {
    let c = counters::counter(conn, counter_id).await?;
    match c.state {
        CounterState::Open => Ok(c),
        CounterState::Paused => Err(Error::CounterPaused { number: c.number }),
        CounterState::Closed => Err(Error::CounterClosed { number: c.number }),
    }
}

/// The ticket `ticket_id`, refusing unless this counter is serving it now.
async fn held_ticket(
    conn: &mut SqliteConnection,
    counter_id: i64,
    ticket_id: i64,
) -> Result<Ticket> {
    counters::counter(conn, counter_id).await?;
    let t = tickets::ticket(conn, ticket_id).await?;
    if t.status == TicketStatus::Called && t.counter_id == Some(counter_id) {
        Ok(t)
    } else if t.status == TicketStatus::Called {
        Err(Error::NotYourTicket { number: t.number })
    } else {
        Err(t.wrong_state(TicketStatus::Called))
    }
}

/// The next waiting walk-in ticket of one priority class for a counter, in queue order.
async fn first_waiting(
    conn: &mut SqliteConnection,
    counter_id: i64,
    day: &str,
    priority: bool,
) -> Result<Option<i64>> {
    tickets::first_waiting(
        conn,
        day,
        counter_id,
        Some(priority),
        counters::SERVES_WALK_IN,
    )
    .await
}

/// The ticket a counter calls next among the people of `day`, with the counter's priority
/// streak after calling it: checked-in appointments first at their dedicated counter (the
/// walk-ins' streak stays as it was), then priority, but after `limit` priority calls in a
/// row an ordinary ticket; within a class, by place in the queue.
async fn pick_on_day(
    conn: &mut SqliteConnection,
    counter_id: i64,
    day: &str,
    streak: i64,
    limit: i64,
) -> Result<Option<(i64, i64)>> {
    if let Some(a) = crate::booking::first_appointment(conn, counter_id, day).await? {
        return Ok(Some((a, streak)));
    }
    let prio = first_waiting(conn, counter_id, day, true).await?;
    let ordinary = first_waiting(conn, counter_id, day, false).await?;
    Ok(match (prio, ordinary) {
        (Some(_), Some(o)) if streak >= limit => Some((o, 0)),
        (Some(p), _) => Some((p, streak + 1)),
        (None, Some(o)) => Some((o, 0)),
        (None, None) => None,
    })
}

impl Hall {
    /// Finishes the counter's current ticket (if any) and calls the next one: priority
    /// first, but after `priority_run_limit` priority calls in a row an ordinary ticket
    /// goes first; within a class, first come first served by place in the queue.
    pub async fn call_next(&self, counter_id: i64) -> Result<CallOutcome> {
        let now = self.now_ms();
        let day = self.day_key();
        let limit = self.settings().priority_run_limit;
        let mut tx = self.begin_write().await?;
        open_counter(&mut tx, counter_id).await?;
        let mut pending = Pending::new();
        let finished = self
            .finish_current(&mut tx, &mut pending, counter_id, now)
            .await?;

        let streak = counters::priority_streak(&mut tx, counter_id).await?;
        // An earlier day still open after midnight goes first, with its own order; the
        // next day's people come after it (see `open_days`).
        let mut pick = None;
        for open_day in crate::open_days::days(&mut tx, &day).await? {
            pick = pick_on_day(&mut tx, counter_id, &open_day, streak, limit).await?;
            if pick.is_some() {
                break;
            }
        }
        let called = match pick {
            Some((id, new_streak)) => {
                counters::set_priority_streak(&mut tx, counter_id, new_streak).await?;
                Some(
                    self.mark_called(&mut tx, &mut pending, counter_id, id, now)
                        .await?,
                )
            }
            None => None,
        };
        let events = pending.build(&mut tx, &day).await?;
        tx.commit_with(events).await?;
        Ok(CallOutcome { finished, called })
    }

    /// Calls a given number (a person who was missed, or one the clerk chooses) of an open
    /// day; the current ticket, if any, is finished first. Refused when the number can be
    /// called on more than one open day: see [`Hall::call_number_on`].
    pub async fn call_number(&self, counter_id: i64, number: &str) -> Result<CallOutcome> {
        self.call_number_on(counter_id, number, None).await
    }

    /// Calls a given number of `business_day` ("YYYY-MM-DD", an open day), or, without a
    /// day, of the one open day on which that number can be called.
    pub async fn call_number_on(
        &self,
        counter_id: i64,
        number: &str,
        business_day: Option<&str>,
    ) -> Result<CallOutcome> {
        let number = number.trim().to_ascii_uppercase();
        if number.is_empty() {
            return Err(Error::Empty { field: "number" });
        }
        let now = self.now_ms();
        let day = self.day_key();
        let mut tx = self.begin_write().await?;
        let counter = open_counter(&mut tx, counter_id).await?;
        let t = crate::tickets::find_callable(&mut tx, &day, &number, business_day).await?;
        let serves =
            match crate::table::bookings::may_call_appointment(&mut tx, t.id, counter_id).await? {
                // An appointment ticket: only its dedicated appointment counter(s).
                Some(ok) => ok,
                None => {
                    counter.service_ids.contains(&t.service_id)
                        || t.target_counter_id == Some(counter_id)
                }
            };
        if !serves {
            return Err(Error::CounterDoesNotServe {
                number: counter.number,
                prefix: t.prefix,
            });
        }
        let mut pending = Pending::new();
        let finished = self
            .finish_current(&mut tx, &mut pending, counter_id, now)
            .await?;
        let called = self
            .mark_called(&mut tx, &mut pending, counter_id, t.id, now)
            .await?;
        let events = pending.build(&mut tx, &day).await?;
        tx.commit_with(events).await?;
        Ok(CallOutcome {
            finished,
            called: Some(called),
        })
    }

    async fn finish_current(
        &self,
        conn: &mut SqliteConnection,
        pending: &mut Pending,
        counter_id: i64,
        now: i64,
    ) -> Result<Option<Ticket>> {
        let Some(cur) = tickets::current(conn, counter_id).await? else {
            return Ok(None);
        };
        tickets::mark_ended(conn, cur.id, TicketStatus::Done, now).await?;
        pending
            .record(
                conn,
                cur.id,
                TicketChange::Finished,
                now,
                Some(counter_id),
                None,
            )
            .await?;
        Ok(Some(tickets::ticket(conn, cur.id).await?))
    }

    async fn mark_called(
        &self,
        conn: &mut SqliteConnection,
        pending: &mut Pending,
        counter_id: i64,
        ticket_id: i64,
        now: i64,
    ) -> Result<Ticket> {
        tickets::mark_called(conn, ticket_id, counter_id, now).await?;
        pending
            .record(
                conn,
                ticket_id,
                TicketChange::Called,
                now,
                Some(counter_id),
                None,
            )
            .await?;
        tickets::ticket(conn, ticket_id).await
    }

    /// Announces the current ticket again; the returned `call_count` tells the counter
    /// when to offer "no-show".
    pub async fn recall(&self, counter_id: i64, ticket_id: i64) -> Result<Ticket> {
        self.update_held(counter_id, ticket_id, TicketChange::Recalled, None)
            .await
    }

    /// Sets the current ticket aside as a no-show (过号).
    pub async fn no_show(&self, counter_id: i64, ticket_id: i64) -> Result<Ticket> {
        let ended = Some(TicketStatus::NoShow);
        self.update_held(counter_id, ticket_id, TicketChange::NoShow, ended)
            .await
    }

    /// Finishes (办结) the current ticket.
    pub async fn finish(&self, counter_id: i64, ticket_id: i64) -> Result<Ticket> {
        let ended = Some(TicketStatus::Done);
        self.update_held(counter_id, ticket_id, TicketChange::Finished, ended)
            .await
    }

    /// On the ticket the counter holds: ends its turn in status `ended`, or, without one,
    /// calls it once more.
    async fn update_held(
        &self,
        counter_id: i64,
        ticket_id: i64,
        change: TicketChange,
        ended: Option<TicketStatus>,
    ) -> Result<Ticket> {
        self.change_held(counter_id, ticket_id, change, move |tx, now| {
            Box::pin(async move {
                match ended {
                    Some(status) => tickets::mark_ended(tx, ticket_id, status, now).await?,
                    None => tickets::mark_recalled(tx, ticket_id, now).await?,
                }
                Ok(None)
            })
        })
        .await
    }

    /// Sends the current ticket to another service or counter (转办); it keeps its number
    /// and its place by original issue time.
    pub async fn transfer(
        &self,
        counter_id: i64,
        ticket_id: i64,
        target: TransferTarget,
    ) -> Result<Ticket> {
        let mut conn = self.pool().acquire().await?;
        // Validate the target before opening the write transaction.
        match target {
            TransferTarget::Service(sid) => {
                let service = services::service(&mut conn, sid).await?;
                if !service.enabled {
                    return Err(Error::ServiceDisabled {
                        prefix: service.prefix,
                    });
                }
            }
            TransferTarget::Counter(cid) => {
                counters::counter(&mut conn, cid).await?;
                if cid == counter_id {
                    return Err(Error::Invalid { field: "target" });
                }
            }
        }
        drop(conn);
        self.change_held(
            counter_id,
            ticket_id,
            TicketChange::Transferred,
            move |tx, _now| {
                Box::pin(async move {
                    let t = tickets::ticket(tx, ticket_id).await?;
                    let (service, to_counter) = match target {
                        TransferTarget::Service(sid) => (sid, None),
                        TransferTarget::Counter(cid) => (t.service_id, Some(cid)),
                    };
                    tickets::mark_transferred(tx, ticket_id, service, to_counter).await?;
                    Ok(Some(crate::tickets::transfer_detail(
                        t.service_id,
                        service,
                        to_counter,
                    )))
                })
            },
        )
        .await
    }

    /// The shared frame of the operations on the ticket a counter holds.
    async fn change_held<F>(
        &self,
        counter_id: i64,
        ticket_id: i64,
        change: TicketChange,
        apply: F,
    ) -> Result<Ticket>
    where
        F: for<'c> FnOnce(
            &'c mut SqliteConnection,
            i64,
        ) -> std::pin::Pin<
            Box<dyn std::future::Future<Output = Result<Option<serde_json::Value>>> + Send + 'c>,
        >,
    {
        let now = self.now_ms();
        let mut tx = self.begin_write().await?;
        let t = held_ticket(&mut tx, counter_id, ticket_id).await?;
        let detail = apply(&mut tx, now).await?;
        let mut pending = Pending::new();
        pending
            .record(&mut tx, ticket_id, change, now, Some(counter_id), detail)
            .await?;
        let events = pending.build(&mut tx, &self.day_key()).await?;
        let ticket = match events.last() {
            Some(HallEvent::Ticket { ticket, .. }) => ticket.clone(),
            _ => t,
        };
        tx.commit_with(events).await?;
        Ok(ticket)
    }

    /// Puts a no-show back in the queue (default: after three people of its service).
    pub async fn requeue(&self, ticket_id: i64) -> Result<Ticket> {
        let now = self.now_ms();
        let places = self.settings().requeue_places;
        let mut tx = self.begin_write().await?;
        let today = self.day_key();
        let t = tickets::ticket(&mut tx, ticket_id).await?;
        // A set-aside ticket of a day that has closed stays a no-show of that day.
        if t.status != TicketStatus::NoShow
            || !crate::open_days::is_open(&mut tx, &t.business_day, &today).await?
        {
            return Err(t.wrong_state(TicketStatus::NoShow));
        }
        // Queue places of the people of the same class and service, in call order.
        let ahead = tickets::queue_places(
            &mut tx,
            &t.business_day,
            t.service_id,
            t.priority,
            places + 1,
        )
        .await?;
        let at: Vec<i64> = ahead.iter().map(|&(q, _)| q).collect();
        let mut queue_at = requeue_position(&at, places as usize, now * 1000);
        // People issued in the same millisecond share a queue place, and put-backs into one
        // gap halve it: with no whole place left between the person to follow and the next,
        // the tie-break by id could put the ticket ahead of them. Then everyone waiting after
        // that person moves on by two microseconds, in the same order, to make room.
        let follow = (places as usize).checked_sub(1).and_then(|i| ahead.get(i));
        if let (Some(&(a, a_id)), Some(&(b, _))) = (follow, ahead.get(places as usize)) {
            if b - a < 2 {
                tickets::make_room_after(&mut tx, &t.business_day, a, a_id).await?;
                queue_at = a + 1;
            }
        }
        tickets::mark_requeued(&mut tx, ticket_id, queue_at).await?;
        let mut pending = Pending::new();
        pending
            .record(&mut tx, ticket_id, TicketChange::Requeued, now, None, None)
            .await?;
        let events = pending.build(&mut tx, &today).await?;
        tx.commit_with(events).await?;
        tickets::ticket(&mut *self.pool().acquire().await?, ticket_id).await
    }

    /// Everything a counter screen shows.
    pub async fn counter_view(&self, counter_id: i64) -> Result<CounterView> {
        let day = self.day_key();
        let mut conn = self.pool().acquire().await?;
        let counter = counters::counter(&mut conn, counter_id).await?;
        let current = tickets::current(&mut conn, counter_id).await?;
        let serves = format!(
            "({} OR {})",
            counters::SERVES_WALK_IN,
            crate::table::bookings::APPOINTMENT_AT_COUNTER
        );
        let (waiting, no_shows) =
            tickets::counter_lists(&mut conn, &day, counter_id, &serves).await?;
        let served_today = tickets::served_at_counter(&mut conn, &day, counter_id).await?;
        Ok(CounterView {
            counter,
            current,
            waiting,
            no_shows,
            served_today,
        })
    }
}

/// The queue place for a no-show put back after `places` people: between the places of
/// the `places`-th and the next person (`ahead` holds up to `places + 1` queue places in
/// order); at the end when fewer wait.
pub fn requeue_position(ahead: &[i64], places: usize, now: i64) -> i64 {
    if places == 0 {
        return ahead.first().map_or(now, |first| first - 1);
    }
    match (ahead.get(places - 1), ahead.get(places)) {
        (Some(&a), Some(&b)) => a + (b - a) / 2,
        _ => ahead.last().map_or(now, |&last| last + 1),
    }
}
