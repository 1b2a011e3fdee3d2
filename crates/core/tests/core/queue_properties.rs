//! Queue invariants under random sequences of desk and counter operations, on a real SQLite
//! file with the settable clock. After every step the database is checked against itself
//! (numbers, held tickets, event histories, snapshot counts) and against a small in-test
//! model of the queue that decides independently which ticket `call_next` must return.

use crate::common::*;
use chrono::Duration;
use frontdesk_core::{Error, IssueRequest, Ticket, TicketStatus, TransferTarget};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use std::collections::BTreeMap;

/// Services of the default hall, by index.
const PREFIXES: [&str; 4] = ["A", "B", "C", "D"];
/// Services handled by windows 1–6 of the default hall (indexes into `PREFIXES`).
const WINDOWS: [&[usize]; 6] = [&[0, 3], &[0], &[0, 1], &[1], &[2], &[0, 1, 2, 3]];
/// The default `priority_run_limit`.
const PRIORITY_RUN_LIMIT: i64 = 2;
/// The default `requeue_places`.
const REQUEUE_PLACES: usize = 3;

/// One step of a random day in the hall. Windows are indexes 0..6 (window number - 1);
/// `usize` payloads pick from the model's lists, modulo their length.
#[derive(Debug, Clone)]
enum Op {
    Issue {
        service: usize,
        priority: bool,
    },
    CallNext(usize),
    Recall(Pick),
    NoShow(Pick),
    Finish(Pick),
    /// (which of the windows holding a ticket, to which service)
    TransferToService(usize, usize),
    /// (which of the windows holding a ticket, to which window)
    TransferToCounter(usize, usize),
    Requeue(usize),
    Void(usize),
    Advance(i64),
}

/// Where an operation on a held ticket acts: mostly at one of the windows holding a ticket;
/// when `stray`, at `window` on `ticket`, which is usually refused.
#[derive(Debug, Clone, Copy)]
struct Pick {
    window: usize,
    stray: bool,
    ticket: usize,
}

fn op() -> impl Strategy<Value = Op> {
    let window = 0..6usize;
    let pick = || {
        (0..6usize, prop::bool::weighted(0.2), any::<usize>()).prop_map(
            |(window, stray, ticket)| Pick {
                window,
                stray,
                ticket,
            },
        )
    };
    prop_oneof![
        6 => (0..3usize, prop::bool::weighted(0.4))
            .prop_map(|(service, priority)| Op::Issue { service, priority }),
        6 => window.clone().prop_map(Op::CallNext),
        1 => pick().prop_map(Op::Recall),
        2 => pick().prop_map(Op::NoShow),
        1 => pick().prop_map(Op::Finish),
        1 => (window.clone(), 0..4usize).prop_map(|(w, s)| Op::TransferToService(w, s)),
        1 => (window.clone(), window).prop_map(|(w, to)| Op::TransferToCounter(w, to)),
        2 => any::<usize>().prop_map(Op::Requeue),
        1 => any::<usize>().prop_map(Op::Void),
        // Mostly seconds (0 keeps several tickets on one instant); now and then a whole day.
        3 => prop_oneof![30 => 0..180i64, 1 => Just(24 * 3600)].prop_map(Op::Advance),
    ]
}

/// The model's view of a ticket; windows and services are indexes.
#[derive(Debug, Clone)]
struct MTicket {
    id: i64,
    day: String,
    prefix: &'static str,
    seq: i64,
    service: usize,
    priority: bool,
    status: TicketStatus,
    queue_at: i64,
    target: Option<usize>,
    counter: Option<usize>,
    call_count: i64,
}

impl MTicket {
    fn key(&self) -> (i64, i64) {
        (self.queue_at, self.id)
    }
}

#[derive(Debug, Default)]
struct Model {
    tickets: Vec<MTicket>,
    streak: [i64; 6],
    held: [Option<usize>; 6],
}

impl Model {
    /// Whether `day` is open on `today`: today, or an earlier day on which someone still
    /// waits or is being served (the core's `open_days` rule).
    fn is_open(&self, day: &str, today: &str) -> bool {
        day == today
            || (day < today
                && self.tickets.iter().any(|t| {
                    t.day == day && matches!(t.status, TicketStatus::Waiting | TicketStatus::Called)
                }))
    }

    /// The waiting tickets of the open days window `w` may call, by (day, queue_at, id).
    fn candidates(&self, w: usize, today: &str) -> Vec<&MTicket> {
        let mut c: Vec<&MTicket> = self
            .tickets
            .iter()
            .filter(|t| t.status == TicketStatus::Waiting && t.day.as_str() <= today)
            .filter(|t| {
                t.target == Some(w) || (t.target.is_none() && WINDOWS[w].contains(&t.service))
            })
            .collect();
        c.sort_by_key(|t| (t.day.clone(), t.key()));
        c
    }

    /// Ids of the waiting tickets of `day`, by (queue_at, id).
    fn waiting_order(&self, day: &str) -> Vec<i64> {
        let mut w: Vec<&MTicket> = self
            .tickets
            .iter()
            .filter(|t| t.status == TicketStatus::Waiting && t.day == day)
            .collect();
        w.sort_by_key(|t| t.key());
        w.into_iter().map(|t| t.id).collect()
    }

    fn index_of(&self, id: i64) -> usize {
        self.tickets.iter().position(|t| t.id == id).unwrap()
    }
}

/// The hall under test with the ids of its services and windows.
struct World {
    h: TestHall,
    services: [i64; 4],
    counters: [i64; 6],
}

impl World {
    fn window_of(&self, counter_id: i64) -> usize {
        self.counters.iter().position(|&c| c == counter_id).unwrap()
    }
    fn service_of(&self, service_id: i64) -> usize {
        self.services.iter().position(|&s| s == service_id).unwrap()
    }
    fn day(&self) -> String {
        self.h.hall.business_day().format("%Y-%m-%d").to_string()
    }
}

fn fail(msg: String) -> TestCaseError {
    TestCaseError::fail(msg)
}

/// Runs the refused operation and checks it was refused with the expected kind of error.
fn refused<T: std::fmt::Debug>(
    what: &str,
    res: frontdesk_core::Result<T>,
    ok: impl Fn(&Error) -> bool,
) -> Result<(), TestCaseError> {
    match res {
        Err(e) if ok(&e) => Ok(()),
        other => Err(fail(format!("{what}: expected a refusal, got {other:?}"))),
    }
}

fn wrong_state(e: &Error) -> bool {
    matches!(e, Error::WrongTicketState { .. })
}

/// The window holding a ticket that `choice` picks, if any window holds one.
fn holder(m: &Model, choice: usize) -> Option<usize> {
    let holders: Vec<usize> = (0..6).filter(|&w| m.held[w].is_some()).collect();
    (!holders.is_empty()).then(|| holders[choice % holders.len()])
}

/// The window where an operation on a held ticket must succeed; `None` after checking that
/// the stray operation (a ticket the window does not hold) was refused; the model check after
/// the step proves that a refusal changed nothing.
async fn held_or_refused(
    w: &World,
    m: &Model,
    p: Pick,
    op: &str,
) -> Result<Option<usize>, TestCaseError> {
    if !p.stray {
        if let Some(win) = holder(m, p.window) {
            return Ok(Some(win));
        }
    }
    if m.tickets.is_empty() {
        return Ok(None);
    }
    let i = p.ticket % m.tickets.len();
    if m.held[p.window] == Some(i) {
        return Ok(Some(p.window));
    }
    let t = &m.tickets[i];
    let c = w.counters[p.window];
    let res = match op {
        "recall" => w.h.hall.recall(c, t.id).await,
        "no_show" => w.h.hall.no_show(c, t.id).await,
        "finish" => w.h.hall.finish(c, t.id).await,
        _ => unreachable!(),
    };
    let held_elsewhere = t.status == TicketStatus::Called;
    refused(op, res, |e| {
        if held_elsewhere {
            matches!(e, Error::NotYourTicket { .. })
        } else {
            wrong_state(e)
        }
    })?;
    Ok(None)
}

fn check_returned(t: &Ticket, m: &MTicket, what: &str) -> Result<(), TestCaseError> {
    prop_assert_eq!(t.id, m.id, "{}: id", what);
    prop_assert_eq!(t.status, m.status, "{}: status of {}", what, &t.number);
    prop_assert_eq!(
        t.call_count,
        m.call_count,
        "{}: call_count of {}",
        what,
        &t.number
    );
    Ok(())
}

async fn apply(w: &World, m: &mut Model, op: &Op) -> Result<(), TestCaseError> {
    let hall = &w.h.hall;
    let day = w.day();
    match *op {
        Op::Issue { service, priority } => {
            let prefix = PREFIXES[service];
            let issued = hall
                .issue_ticket(IssueRequest {
                    service_id: w.services[service],
                    priority,
                    station: String::new(),
                    request_id: None,
                })
                .await
                .map_err(|e| fail(format!("issue: {e}")))?;
            let t = issued.ticket;
            let seq = 1 + m
                .tickets
                .iter()
                .filter(|x| x.day == day && x.prefix == prefix)
                .count() as i64;
            prop_assert!(!issued.repeated);
            prop_assert_eq!(&t.business_day, &day);
            prop_assert_eq!(t.seq, seq, "next number of {}", prefix);
            prop_assert_eq!(&t.number, &format!("{prefix}{seq:03}"));
            prop_assert_eq!(t.queue_at, hall.now().timestamp_millis() * 1000);
            prop_assert!(m.tickets.last().is_none_or(|l| l.id < t.id));
            // People ahead: same service, an earlier open day's, then today's called before it.
            let ahead = m
                .tickets
                .iter()
                .filter(|x| x.status == TicketStatus::Waiting && x.day <= day)
                .filter(|x| x.service == service)
                .filter(|x| {
                    x.day < day
                        || (x.priority && !priority)
                        || (x.priority == priority && x.key() < (t.queue_at, t.id))
                })
                .count() as i64;
            prop_assert_eq!(issued.ahead, ahead, "people ahead of {}", &t.number);
            m.tickets.push(MTicket {
                id: t.id,
                day,
                prefix,
                seq,
                service,
                priority,
                status: TicketStatus::Waiting,
                queue_at: t.queue_at,
                target: None,
                counter: None,
                call_count: 0,
            });
        }
        Op::CallNext(win) => {
            let mut cands = m.candidates(win, &day);
            let waiting = cands.len();
            // The oldest open day with someone for this window goes first, with its order.
            if let Some(first_day) = cands.first().map(|t| t.day.clone()) {
                cands.retain(|t| t.day == first_day);
            }
            let first_prio = cands.iter().find(|t| t.priority).map(|t| t.id);
            let first_ord = cands.iter().find(|t| !t.priority).map(|t| t.id);
            let streak = m.streak[win];
            let expected = match (first_prio, first_ord) {
                (Some(_), Some(o)) if streak >= PRIORITY_RUN_LIMIT => Some(o),
                (Some(p), _) => Some(p),
                (None, o) => o,
            };
            let out = hall
                .call_next(w.counters[win])
                .await
                .map_err(|e| fail(format!("call_next: {e}")))?;
            prop_assert_eq!(
                out.finished.as_ref().map(|t| t.id),
                m.held[win].map(|i| m.tickets[i].id),
                "call_next finishes the held ticket"
            );
            if let Some(i) = m.held[win].take() {
                m.tickets[i].status = TicketStatus::Done;
                check_returned(out.finished.as_ref().unwrap(), &m.tickets[i], "finished")?;
            }
            match &out.called {
                None => prop_assert!(
                    waiting == 0,
                    "window {} called nobody while {} wait",
                    win + 1,
                    waiting
                ),
                Some(t) => {
                    let i = m.index_of(t.id);
                    let mt = &m.tickets[i];
                    prop_assert!(
                        mt.target == Some(win)
                            || (mt.target.is_none() && WINDOWS[win].contains(&mt.service)),
                        "window {} called {} which it does not serve",
                        win + 1,
                        &t.number
                    );
                    prop_assert!(mt.status == TicketStatus::Waiting && mt.day <= day);
                    // First in its class by (queue_at, id)...
                    let first = if mt.priority { first_prio } else { first_ord };
                    prop_assert_eq!(Some(t.id), first, "not first of its class");
                    // ...and ordinary over priority only once the streak reached the limit.
                    if !mt.priority && first_prio.is_some() {
                        prop_assert!(
                            streak >= PRIORITY_RUN_LIMIT,
                            "ordinary before priority at streak {}",
                            streak
                        );
                    }
                    if mt.priority && first_ord.is_some() {
                        prop_assert!(streak < PRIORITY_RUN_LIMIT, "priority after a full streak");
                    }
                    prop_assert_eq!(Some(t.id), expected);
                    prop_assert_eq!(t.counter_id, Some(w.counters[win]));
                    let mt = &mut m.tickets[i];
                    m.streak[win] = if mt.priority { streak + 1 } else { 0 };
                    mt.status = TicketStatus::Called;
                    mt.counter = Some(win);
                    mt.target = None;
                    mt.call_count += 1;
                    m.held[win] = Some(i);
                    check_returned(t, &m.tickets[i], "called")?;
                }
            }
        }
        Op::Recall(pick) => {
            if let Some(win) = held_or_refused(w, m, pick, "recall").await? {
                let i = m.held[win].unwrap();
                let t = hall
                    .recall(w.counters[win], m.tickets[i].id)
                    .await
                    .map_err(|e| fail(format!("recall: {e}")))?;
                m.tickets[i].call_count += 1;
                check_returned(&t, &m.tickets[i], "recall")?;
            }
        }
        Op::NoShow(pick) => {
            if let Some(win) = held_or_refused(w, m, pick, "no_show").await? {
                let i = m.held[win].unwrap();
                let t = hall
                    .no_show(w.counters[win], m.tickets[i].id)
                    .await
                    .map_err(|e| fail(format!("no_show: {e}")))?;
                m.tickets[i].status = TicketStatus::NoShow;
                m.held[win] = None;
                check_returned(&t, &m.tickets[i], "no_show")?;
            }
        }
        Op::Finish(pick) => {
            if let Some(win) = held_or_refused(w, m, pick, "finish").await? {
                let i = m.held[win].unwrap();
                let t = hall
                    .finish(w.counters[win], m.tickets[i].id)
                    .await
                    .map_err(|e| fail(format!("finish: {e}")))?;
                m.tickets[i].status = TicketStatus::Done;
                m.held[win] = None;
                check_returned(&t, &m.tickets[i], "finish")?;
            }
        }
        Op::TransferToService(choice, service) => {
            if let Some(win) = holder(m, choice) {
                let i = m.held[win].unwrap();
                let t = hall
                    .transfer(
                        w.counters[win],
                        m.tickets[i].id,
                        TransferTarget::Service(w.services[service]),
                    )
                    .await
                    .map_err(|e| fail(format!("transfer: {e}")))?;
                let mt = &mut m.tickets[i];
                mt.status = TicketStatus::Waiting;
                mt.service = service;
                mt.counter = None;
                mt.target = None;
                mt.call_count = 0;
                m.held[win] = None;
                prop_assert_eq!(
                    t.queue_at,
                    m.tickets[i].queue_at,
                    "transfer keeps the place"
                );
                check_returned(&t, &m.tickets[i], "transfer")?;
            }
        }
        Op::TransferToCounter(choice, to) => {
            if let Some(win) = holder(m, choice) {
                let i = m.held[win].unwrap();
                let res = hall
                    .transfer(
                        w.counters[win],
                        m.tickets[i].id,
                        TransferTarget::Counter(w.counters[to]),
                    )
                    .await;
                if to == win {
                    refused("transfer to itself", res, |e| {
                        matches!(e, Error::Invalid { .. })
                    })?;
                } else {
                    let t = res.map_err(|e| fail(format!("transfer: {e}")))?;
                    let mt = &mut m.tickets[i];
                    mt.status = TicketStatus::Waiting;
                    mt.counter = None;
                    mt.target = Some(to);
                    mt.call_count = 0;
                    m.held[win] = None;
                    prop_assert_eq!(
                        t.queue_at,
                        m.tickets[i].queue_at,
                        "transfer keeps the place"
                    );
                    check_returned(&t, &m.tickets[i], "transfer")?;
                }
            }
        }
        Op::Requeue(pick) => {
            let no_shows: Vec<usize> = (0..m.tickets.len())
                .filter(|&i| m.tickets[i].status == TicketStatus::NoShow)
                .collect();
            if no_shows.is_empty() {
                if !m.tickets.is_empty() {
                    let t = &m.tickets[pick % m.tickets.len()];
                    refused("requeue", hall.requeue(t.id).await, wrong_state)?;
                }
                return Ok(());
            }
            let i = no_shows[pick % no_shows.len()];
            let id = m.tickets[i].id;
            let its_day = m.tickets[i].day.clone();
            if !m.is_open(&its_day, &day) {
                refused(
                    "requeue of a closed day",
                    hall.requeue(id).await,
                    wrong_state,
                )?;
                return Ok(());
            }
            let order_before = m.waiting_order(&its_day);
            let t = hall
                .requeue(id)
                .await
                .map_err(|e| fail(format!("requeue: {e}")))?;
            // Making room may move others' places; it must never change their order.
            let places: Vec<(i64, i64)> =
                sqlx::query_as("SELECT id, queue_at FROM tickets ORDER BY id")
                    .fetch_all(hall.pool())
                    .await
                    .map_err(|e| fail(format!("query: {e}")))?;
            for ((tid, q), mt) in places.into_iter().zip(m.tickets.iter_mut()) {
                prop_assert_eq!(tid, mt.id);
                if q != mt.queue_at && tid != id {
                    prop_assert!(
                        mt.status == TicketStatus::Waiting && q > mt.queue_at,
                        "requeue moved the place of a ticket in state {:?} from {} to {}",
                        mt.status,
                        mt.queue_at,
                        q
                    );
                    mt.queue_at = q;
                }
            }
            prop_assert_eq!(
                m.waiting_order(&its_day),
                order_before,
                "requeue reordered the others"
            );
            let (service, priority) = (m.tickets[i].service, m.tickets[i].priority);
            let same: Vec<(i64, i64)> = m
                .tickets
                .iter()
                .filter(|x| x.status == TicketStatus::Waiting && x.day == its_day)
                .filter(|x| x.service == service && x.priority == priority)
                .map(|x| x.key())
                .collect();
            let before = same.iter().filter(|&&k| k < (t.queue_at, t.id)).count();
            prop_assert_eq!(
                before,
                same.len().min(REQUEUE_PLACES),
                "requeued {} lands after {} of {} people (queue places {:?}, its own {})",
                &t.number,
                before,
                same.len(),
                &same,
                t.queue_at
            );
            let mt = &mut m.tickets[i];
            mt.status = TicketStatus::Waiting;
            mt.counter = None;
            mt.call_count = 0;
            mt.queue_at = t.queue_at;
            check_returned(&t, &m.tickets[i], "requeue")?;
        }
        Op::Void(pick) => {
            if m.tickets.is_empty() {
                return Ok(());
            }
            let i = pick % m.tickets.len();
            let res = hall.void_ticket(m.tickets[i].id, "desk").await;
            if matches!(
                m.tickets[i].status,
                TicketStatus::Waiting | TicketStatus::NoShow
            ) {
                let t = res.map_err(|e| fail(format!("void: {e}")))?;
                m.tickets[i].status = TicketStatus::Voided;
                check_returned(&t, &m.tickets[i], "void")?;
            } else {
                refused("void", res, wrong_state)?;
            }
        }
        Op::Advance(secs) => w.h.clock.advance(Duration::seconds(secs)),
    }
    Ok(())
}

type Row = (
    i64,
    String,
    String,
    i64,
    String,
    i64,
    bool,
    String,
    i64,
    Option<i64>,
    Option<i64>,
    i64,
);

async fn check(w: &World, m: &Model) -> Result<(), TestCaseError> {
    let hall = &w.h.hall;
    let pool = hall.pool();
    let day = w.day();
    let q = |e: sqlx::Error| fail(format!("query: {e}"));

    // The database holds exactly the model's tickets, field by field.
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, business_day, prefix, seq, number, service_id, priority, status, queue_at,
                target_counter_id, counter_id, call_count FROM tickets ORDER BY id",
    )
    .fetch_all(pool)
    .await
    .map_err(q)?;
    prop_assert_eq!(rows.len(), m.tickets.len(), "ticket rows");
    for (r, t) in rows.iter().zip(&m.tickets) {
        let (
            id,
            bday,
            prefix,
            seq,
            number,
            service,
            prio,
            status,
            queue_at,
            target,
            counter,
            calls,
        ) = r;
        prop_assert_eq!(*id, t.id);
        prop_assert_eq!(bday, &t.day);
        prop_assert_eq!(prefix.as_str(), t.prefix);
        prop_assert_eq!(*seq, t.seq);
        prop_assert_eq!(number, &format!("{}{:03}", t.prefix, t.seq));
        prop_assert_eq!(w.service_of(*service), t.service, "service of {}", number);
        prop_assert_eq!(*prio, t.priority);
        prop_assert_eq!(status.as_str(), t.status.as_str(), "status of {}", number);
        prop_assert_eq!(*queue_at, t.queue_at, "queue place of {}", number);
        prop_assert_eq!(
            target.map(|c| w.window_of(c)),
            t.target,
            "target of {}",
            number
        );
        prop_assert_eq!(
            counter.map(|c| w.window_of(c)),
            t.counter,
            "counter of {}",
            number
        );
        prop_assert_eq!(*calls, t.call_count, "call_count of {}", number);
    }

    // Numbers per (business day, prefix) are exactly 1..n: no gap, no duplicate.
    let mut seqs: BTreeMap<(String, String), Vec<i64>> = BTreeMap::new();
    for r in &rows {
        seqs.entry((r.1.clone(), r.2.clone()))
            .or_default()
            .push(r.3);
    }
    for ((bday, prefix), mut s) in seqs {
        s.sort_unstable();
        let n = s.len() as i64;
        prop_assert_eq!(
            s,
            (1..=n).collect::<Vec<_>>(),
            "numbers of {} on {}",
            prefix,
            bday
        );
    }

    // No counter holds two tickets; every called ticket has a counter.
    let (double, orphan): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM (SELECT counter_id FROM tickets WHERE status = 'called'
                  GROUP BY counter_id HAVING COUNT(*) > 1)),
                (SELECT COUNT(*) FROM tickets WHERE status = 'called' AND counter_id IS NULL)",
    )
    .fetch_one(pool)
    .await
    .map_err(q)?;
    prop_assert_eq!((double, orphan), (0, 0), "held tickets");

    // The counter screens: current ticket and the waiting list in call-list order.
    for win in 0..6 {
        let v = hall
            .counter_view(w.counters[win])
            .await
            .map_err(|e| fail(format!("counter_view: {e}")))?;
        prop_assert_eq!(
            v.current.map(|t| t.id),
            m.held[win].map(|i| m.tickets[i].id),
            "current ticket of window {}",
            win + 1
        );
        let mut expected = m.candidates(win, &day);
        expected.sort_by_key(|t| (t.day.clone(), !t.priority, t.queue_at, t.id));
        prop_assert_eq!(
            v.waiting.iter().map(|t| t.id).collect::<Vec<_>>(),
            expected.iter().map(|t| t.id).collect::<Vec<_>>(),
            "waiting list of window {}",
            win + 1
        );
    }
    let streaks: Vec<i64> =
        sqlx::query_scalar("SELECT priority_streak FROM counters ORDER BY number")
            .fetch_all(pool)
            .await
            .map_err(q)?;
    prop_assert_eq!(&streaks[..], &m.streak[..], "priority streaks");

    // Each ticket's history replays to its stored state.
    let events: Vec<(i64, i64, String, i64, Option<i64>)> =
        sqlx::query_as("SELECT id, ticket_id, kind, at, counter_id FROM ticket_events ORDER BY id")
            .fetch_all(pool)
            .await
            .map_err(q)?;
    #[derive(Default, Clone)]
    struct Replay {
        status: Option<TicketStatus>,
        holder: Option<i64>,
        calls: i64,
        last: String,
    }
    let mut replay: BTreeMap<i64, Replay> = BTreeMap::new();
    let mut last_at = i64::MIN;
    for (eid, tid, kind, at, counter) in &events {
        prop_assert!(*at >= last_at, "event {} goes back in time", eid);
        last_at = *at;
        let r = replay.entry(*tid).or_default();
        use TicketStatus::*;
        let from = r.status;
        let held_here = from == Some(Called) && counter.is_some() && *counter == r.holder;
        let next = match kind.as_str() {
            "issued" if from.is_none() => Waiting,
            "called" if matches!(from, Some(Waiting | NoShow)) && counter.is_some() => {
                r.holder = *counter;
                r.calls += 1;
                Called
            }
            "recalled" if held_here => {
                r.calls += 1;
                Called
            }
            "no_show" if held_here => NoShow,
            "finished" if held_here => Done,
            "transferred" if held_here => {
                r.calls = 0;
                Waiting
            }
            "requeued" if from == Some(NoShow) => {
                r.calls = 0;
                Waiting
            }
            "voided" if matches!(from, Some(Waiting | NoShow)) => Voided,
            _ => {
                return Err(fail(format!(
                    "event {eid}: '{kind}' at counter {counter:?} is impossible for ticket {tid} in state {from:?}"
                )))
            }
        };
        if next != Called {
            r.holder = None;
        }
        r.status = Some(next);
        r.last = kind.clone();
    }
    prop_assert_eq!(replay.len(), rows.len(), "tickets with a history");
    for row in &rows {
        let (id, number, status, counter, calls) = (row.0, &row.4, &row.7, row.10, row.11);
        let r = replay.get(&id).cloned().unwrap_or_default();
        let replayed = r.status.map(|s| s.as_str()).unwrap_or("none");
        prop_assert_eq!(
            replayed,
            status.as_str(),
            "history of {} replays to its status",
            number
        );
        let last_matches = matches!(
            (r.last.as_str(), status.as_str()),
            ("issued" | "requeued" | "transferred", "waiting")
                | ("called" | "recalled", "called")
                | ("no_show", "no_show")
                | ("finished", "done")
                | ("voided", "voided")
        );
        prop_assert!(
            last_matches,
            "{}: last event '{}' but status '{}'",
            number,
            &r.last,
            status
        );
        prop_assert_eq!(
            r.calls,
            calls,
            "call_count of {} vs its calls since it last queued",
            number
        );
        if status == "called" {
            prop_assert_eq!(
                r.holder,
                counter,
                "{} held by the counter that called it",
                number
            );
        }
    }

    // The counts the triggers keep (migration 0015) equal a count of the tickets.
    let count_rows = "SELECT status, service_id, business_day, priority, n FROM ticket_counts
                      ORDER BY 1, 2, 3, 4";
    let counted = "SELECT status, service_id, business_day, priority, COUNT(*) FROM tickets
                   GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4";
    let mut both = Vec::new();
    for sql in [count_rows, counted] {
        let rows: Vec<(String, i64, String, i64, i64)> =
            sqlx::query_as(sql).fetch_all(pool).await.map_err(q)?;
        both.push(rows);
    }
    prop_assert_eq!(&both[0], &both[1], "ticket_counts vs the tickets");

    // The snapshot's waiting counts equal SQL and the model.
    let snap = hall
        .snapshot()
        .await
        .map_err(|e| fail(format!("snapshot: {e}")))?;
    prop_assert_eq!(&snap.business_day, &day);
    let sql_waiting: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT s.id, (SELECT COUNT(*) FROM tickets t WHERE t.service_id = s.id
                         AND t.status = 'waiting' AND t.business_day <= ?)
         FROM services s ORDER BY s.id",
    )
    .bind(&day)
    .fetch_all(pool)
    .await
    .map_err(q)?;
    for (sid, count) in sql_waiting {
        let sq = snap.services.iter().find(|s| s.service_id == sid).unwrap();
        let model = m
            .tickets
            .iter()
            .filter(|t| t.status == TicketStatus::Waiting && t.day <= day)
            .filter(|t| w.services[t.service] == sid)
            .count() as i64;
        prop_assert_eq!(
            sq.waiting,
            count,
            "snapshot waiting of {} vs SQL",
            &sq.prefix
        );
        prop_assert_eq!(
            sq.waiting,
            model,
            "snapshot waiting of {} vs model",
            &sq.prefix
        );
    }
    let today = m.tickets.iter().filter(|t| t.day == day);
    let issued = today
        .clone()
        .filter(|t| t.status != TicketStatus::Voided)
        .count() as i64;
    let served = today.filter(|t| t.status == TicketStatus::Done).count() as i64;
    prop_assert_eq!((snap.issued_today, snap.served_today), (issued, served));
    prop_assert_eq!(snap.last_event_id, events.last().map_or(0, |e| e.0));
    Ok(())
}

async fn run(ops: Vec<Op>) -> Result<(), TestCaseError> {
    let h = hall().await;
    // Random steps move the clock by hours and days: keep issuing open whatever the time.
    h.open_all_day().await;
    let mut services = [0; 4];
    for (i, p) in PREFIXES.iter().enumerate() {
        services[i] = h.service_id(p).await;
    }
    let mut counters = [0; 6];
    for (i, c) in counters.iter_mut().enumerate() {
        *c = h.open(i as i64 + 1).await;
    }
    let w = World {
        h,
        services,
        counters,
    };
    for (i, c) in counters.iter().enumerate() {
        let served: Vec<usize> =
            w.h.hall
                .counter_view(*c)
                .await
                .unwrap()
                .counter
                .service_ids
                .iter()
                .map(|&s| w.service_of(s))
                .collect();
        prop_assert_eq!(&served[..], WINDOWS[i], "services of window {}", i + 1);
    }
    let mut m = Model::default();
    for (step, op) in ops.iter().enumerate() {
        let tag = |e: TestCaseError| fail(format!("step {step} {op:?}: {e}"));
        apply(&w, &mut m, op).await.map_err(tag)?;
        check(&w, &m).await.map_err(tag)?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 32,
        // A failing case is printed, shrunk; no regression file is written into the tree.
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn queue_invariants_hold_after_every_step(ops in prop::collection::vec(op(), 10..=60)) {
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(run(ops))?;
    }
}

/// The numbers on a window's call list, in order.
async fn call_list(h: &TestHall, counter: i64) -> Vec<String> {
    h.hall
        .counter_view(counter)
        .await
        .unwrap()
        .waiting
        .into_iter()
        .map(|t| t.number)
        .collect()
}

async fn issue_now(h: &TestHall, prefix: &str) -> Ticket {
    let service_id = h.service_id(prefix).await;
    h.hall
        .issue_ticket(IssueRequest {
            service_id,
            priority: false,
            station: String::new(),
            request_id: None,
        })
        .await
        .unwrap()
        .ticket
}

// Found by the property test: people issued in the same millisecond share a queue place, and
// the put-back landed on that place and jumped ahead of them on the tie-break by id.
#[tokio::test]
async fn a_no_show_put_back_behind_people_issued_in_the_same_millisecond_lands_three_back() {
    let h = hall().await;
    let c = h.open(2).await;
    issue_now(&h, "A").await;
    issue_now(&h, "A").await;
    let first = h.hall.call_next(c).await.unwrap().called.unwrap();
    h.hall.no_show(c, first.id).await.unwrap();
    for _ in 0..3 {
        issue_now(&h, "A").await; // the same instant as A001 and A002
    }
    h.hall.requeue(first.id).await.unwrap();
    assert_eq!(
        call_list(&h, c).await,
        ["A002", "A003", "A004", "A001", "A005"]
    );
}

// Each put-back into the same gap halves it; once no microsecond is left between two places
// the later people are moved on, in order, to make room.
#[tokio::test]
async fn many_put_backs_into_one_gap_each_land_three_back() {
    let h = hall().await;
    let c = h.open(2).await;
    let mut numbers = Vec::new();
    for _ in 0..17 {
        h.clock.advance(Duration::milliseconds(1));
        numbers.push(issue_now(&h, "A").await.number);
    }
    let (front, rest) = numbers.split_at(3);
    let mut put_back: Vec<String> = Vec::new();
    for (k, n) in rest.iter().enumerate() {
        h.clock.advance(Duration::seconds(1));
        let t = h.hall.call_number(c, n).await.unwrap().called.unwrap();
        h.hall.no_show(c, t.id).await.unwrap();
        h.hall.requeue(t.id).await.unwrap();
        put_back.insert(0, n.clone());
        let mut expected: Vec<String> = front.to_vec();
        expected.extend(put_back.iter().cloned());
        expected.extend(rest[k + 1..].iter().cloned());
        assert_eq!(call_list(&h, c).await, expected, "after putting back {n}");
    }
}
