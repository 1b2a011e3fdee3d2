//! What one business day adds to the statistics of a range: its "part". Every figure of a
//! range is a sum, a maximum or a percentile of its days' parts, so a part is also what a
//! daily summary stores (see `summary`): the percentiles stay exact because a part keeps
//! every wait and service time of its day, not a rounded digest of them.

use super::{Mean, Replay};
use crate::events::TicketChange;
use crate::model::TicketStatus;
use crate::table::ticket_events::EventRow;
use crate::table::tickets::TicketRow;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// One service's figures on one day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ServicePart {
    /// Tickets issued and not voided.
    pub issued: i64,
    pub served: i64,
    pub no_show: i64,
    pub voided: i64,
    pub waiting: i64,
    pub serving: i64,
    /// Issue → first call of the tickets called at least once.
    pub waits: Mean,
    /// Call → finish of the holdings that ended in a finish.
    pub service: Mean,
}

impl ServicePart {
    /// Adds another day's (or service's) figures.
    pub fn add(&mut self, o: &ServicePart) {
        self.issued += o.issued;
        self.served += o.served;
        self.no_show += o.no_show;
        self.voided += o.voided;
        self.waiting += o.waiting;
        self.serving += o.serving;
        self.waits.add(o.waits);
        self.service.add(o.service);
    }
}

/// One counter's figures on one day (it held a ticket of that day at least once).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct CounterPart {
    /// Time spent holding a ticket, finished or not.
    pub busy_ms: i64,
    /// The holdings that ended in a finish: how many were served, and how long they took.
    pub service: Mean,
}

/// A change to a ticket of an ended day, made after the day was ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct CorrectionPart {
    /// The event's id: corrections of several days are listed in the order they happened.
    pub event_id: i64,
    pub number: String,
    pub kind: String,
    pub at: i64,
}

/// What one business day adds to the figures of a range.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct DayPart {
    pub services: BTreeMap<i64, ServicePart>,
    pub counters: BTreeMap<i64, CounterPart>,
    /// Every wait of the day (ms): percentiles and the service level of any target.
    pub waits_ms: Vec<i64>,
    /// Every service time of the day (ms).
    pub service_ms: Vec<i64>,
    /// When each served ticket was finished, ascending: extended service against the
    /// closing the day has when the figures are asked for.
    pub finished_at: Vec<i64>,
    /// Tickets issued per local hour of the day.
    pub arrivals: [i64; 24],
    /// Most of the day's people waiting at once, per local hour of the day. Only set in a
    /// summary: days computed together from their events share one replay (their queues
    /// may overlap, past midnight), whose longest queue is taken for all of them at once.
    pub longest_queue: [i64; 24],
    /// The stretches in which someone of the day waited (as `Replay::busy`); summaries only.
    pub busy: Vec<(i64, i64)>,
    /// No-shows put back in the queue.
    pub requeued: i64,
    pub corrections: Vec<CorrectionPart>,
}

/// The days' parts of these tickets, from them and the replay of their events (time
/// order). `ended_at`: when each ended day was ended, for its corrections.
pub(crate) fn parts(
    tickets: &[TicketRow],
    events: &[EventRow],
    replay: &Replay,
    ended_at: &HashMap<String, i64>,
    offset_ms: i64,
) -> BTreeMap<String, DayPart> {
    let mut out: BTreeMap<String, DayPart> = BTreeMap::new();
    // ticket id -> (its day, its service, its number)
    let mut of: HashMap<i64, (&str, i64, &str)> = HashMap::with_capacity(tickets.len());
    for t in tickets {
        of.insert(t.id, (&t.business_day, t.service_id, &t.number));
        let part = out.entry(t.business_day.clone()).or_default();
        let svc = part.services.entry(t.service_id).or_default();
        match t.status {
            TicketStatus::Voided => svc.voided += 1,
            s => {
                svc.issued += 1;
                match s {
                    TicketStatus::Done => svc.served += 1,
                    TicketStatus::NoShow => svc.no_show += 1,
                    TicketStatus::Waiting => svc.waiting += 1,
                    TicketStatus::Called => svc.serving += 1,
                    TicketStatus::Voided => {}
                }
            }
        }
        if let Some(first) = t.first_called_at {
            svc.waits.push(first - t.issued_at);
            part.waits_ms.push((first - t.issued_at).max(0));
        }
        if t.status == TicketStatus::Done {
            if let Some(f) = t.finished_at {
                part.finished_at.push(f);
            }
        }
        let hour = (t.issued_at + offset_ms)
            .div_euclid(3_600_000)
            .rem_euclid(24);
        part.arrivals[hour as usize] += 1;
    }
    for h in &replay.holdings {
        let Some(&(day, service_id, _)) = of.get(&h.ticket_id) else {
            continue;
        };
        let Some(part) = out.get_mut(day) else {
            continue;
        };
        let ctr = part.counters.entry(h.counter_id).or_default();
        ctr.busy_ms += h.to - h.from;
        if h.finished {
            ctr.service.push(h.to - h.from);
            part.services
                .entry(service_id)
                .or_default()
                .service
                .push(h.to - h.from);
            part.service_ms.push((h.to - h.from).max(0));
        }
    }
    for e in events {
        let Some(&(day, _, number)) = of.get(&e.ticket_id) else {
            continue;
        };
        let late = ended_at.get(day).is_some_and(|&ended| e.at > ended);
        let Some(part) = out.get_mut(day) else {
            continue;
        };
        if e.kind == TicketChange::Requeued {
            part.requeued += 1;
        }
        if late {
            part.corrections.push(CorrectionPart {
                event_id: e.id,
                number: number.to_string(),
                kind: e.kind.as_str().to_string(),
                at: e.at,
            });
        }
    }
    for part in out.values_mut() {
        part.finished_at.sort_unstable();
    }
    out
}
