//! The figures of the hall's days, computed from the rows `table` reads: no SQL here (but
//! for `summary`'s reads and writes), so every rule of the statistics is plain code over the
//! ticket log. `stats` adds a range of days up for the managers' screen; ending a day
//! (`schedule`) stores the day's part as its summary. Below both.
//!
//! Definitions (also shown on the screen's help line):
//! - wait: issue → first call; service time: a call → the finish at the same counter
//!   (a transfer ends one holding and the next counter's call starts another);
//! - P90: nearest rank (the smallest value that at least 90 % of the values do not exceed);
//! - service level: of the people called, the share whose wait was within the target;
//! - busy share of a counter: time holding a ticket / the hall's open time on the days the
//!   counter served (the day's sessions, extended to its last finish when that is later);
//! - longest queue of an hour: the most people waiting at any instant of that hour
//!   (over every day of the range); arrivals: tickets issued in that hour;
//! - extended service (延时服务) of a day: people finished after its closing (the end of
//!   the last session, frozen when the day was ended) and minutes from closing to the last
//!   finish, rounded up; people served after midnight count on the day they were issued.

pub(crate) mod day;
pub(crate) mod summary;

use crate::events::TicketChange;
use crate::table::ticket_events::EventRow;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// A list of durations in milliseconds (each already at least 0, as a day's part keeps
/// them): P90 and the count within a limit.
#[derive(Debug, Default, Clone)]
pub(crate) struct Durations(Vec<i64>);

impl Durations {
    pub fn extend(&mut self, ms: &[i64]) {
        self.0.extend_from_slice(ms);
    }
    pub fn len(&self) -> i64 {
        self.0.len() as i64
    }
    /// The 90th percentile (nearest rank) in whole seconds, rounded half up.
    pub fn p90_s(&mut self) -> Option<i64> {
        if self.0.is_empty() {
            return None;
        }
        self.0.sort_unstable();
        let rank = (self.0.len() * 9).div_ceil(10);
        Some((self.0[rank - 1] + 500) / 1000)
    }
    pub fn within(&self, limit_ms: i64) -> i64 {
        self.0.iter().filter(|&&d| d <= limit_ms).count() as i64
    }
}

/// A count and a sum of durations (ms, negative ones as 0): a mean that adds up over days.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Mean {
    pub n: i64,
    pub ms: i64,
}

impl Mean {
    pub fn push(&mut self, ms: i64) {
        self.n += 1;
        self.ms += ms.max(0);
    }
    pub fn add(&mut self, other: Mean) {
        self.n += other.n;
        self.ms += other.ms;
    }
    /// The mean in whole seconds, rounded half up.
    pub fn avg_s(self) -> Option<i64> {
        (self.n > 0).then(|| (self.ms + self.n * 500) / (self.n * 1000))
    }
}

/// A counter's holding of a ticket: from its call to the event that ended it.
#[derive(Debug, Clone)]
pub(crate) struct Holding {
    pub counter_id: i64,
    pub ticket_id: i64,
    pub from: i64,
    pub to: i64,
    pub finished: bool,
}

/// What replaying the events gives.
#[derive(Debug, Default)]
pub(crate) struct Replay {
    pub holdings: Vec<Holding>,
    /// Most people waiting at once, per absolute local hour (ms of the hour's start).
    pub longest_queue: BTreeMap<i64, i64>,
    /// The stretches of time in which someone waited, from the event that made the queue
    /// non-empty to the one that emptied it (`i64::MAX` when people still wait): two sets of
    /// tickets whose stretches never meet have a queue that is the one or the other's, so
    /// their longest queues combine by taking the larger (see `summary`).
    pub busy: Vec<(i64, i64)>,
}

/// Is a ticket waiting after an event of this kind? `None`: the event leaves it as it was.
fn waiting_after(kind: TicketChange) -> Option<bool> {
    use TicketChange::*;
    match kind {
        Issued | Requeued | Transferred => Some(true),
        Called | NoShow | Finished | Voided => Some(false),
        Recalled => None,
    }
}

/// Replays the events (in time order) of the range's tickets. `now` closes the holdings
/// still open; `offset_ms` is the hall's offset from UTC.
pub(crate) fn replay(events: &[EventRow], now: i64, offset_ms: i64) -> Replay {
    let hour = |at: i64| (at + offset_ms).div_euclid(3_600_000) * 3_600_000 - offset_ms;
    let mut out = Replay::default();
    let mut waiting: HashMap<i64, bool> = HashMap::new();
    let mut held: HashMap<i64, (i64, i64)> = HashMap::new(); // ticket -> (counter, since)
    let mut queue: i64 = 0;
    let mut busy_since: Option<i64> = None;
    let mut last_hour: Option<i64> = None;
    for e in events {
        let h = hour(e.at);
        // The queue as it stood carries into every hour up to this event's.
        if let Some(mut lh) = last_hour {
            while lh < h {
                lh += 3_600_000;
                let m = out.longest_queue.entry(lh).or_insert(0);
                *m = (*m).max(queue);
            }
        }
        last_hour = Some(h);
        if let Some(w) = waiting_after(e.kind) {
            let was = waiting.insert(e.ticket_id, w).unwrap_or(false);
            queue += i64::from(w) - i64::from(was);
        }
        match (queue > 0, busy_since) {
            (true, None) => busy_since = Some(e.at),
            (false, Some(since)) => {
                out.busy.push((since, e.at));
                busy_since = None;
            }
            _ => {}
        }
        let m = out.longest_queue.entry(h).or_insert(0);
        *m = (*m).max(queue);
        if e.kind == TicketChange::Called {
            if let Some(c) = e.counter_id {
                held.insert(e.ticket_id, (c, e.at));
            }
        }
        if matches!(
            e.kind,
            TicketChange::Finished
                | TicketChange::NoShow
                | TicketChange::Transferred
                | TicketChange::Voided
        ) {
            if let Some((counter_id, from)) = held.remove(&e.ticket_id) {
                out.holdings.push(Holding {
                    counter_id,
                    ticket_id: e.ticket_id,
                    from,
                    to: e.at,
                    finished: e.kind == TicketChange::Finished,
                });
            }
        }
    }
    if let Some(since) = busy_since {
        out.busy.push((since, i64::MAX));
    }
    // People still waiting keep the queue up to now (a day left open: at most a day on).
    if let Some(mut lh) = last_hour.filter(|_| queue > 0) {
        let until = hour(now).min(lh + 24 * 3_600_000);
        while lh < until {
            lh += 3_600_000;
            let m = out.longest_queue.entry(lh).or_insert(0);
            *m = (*m).max(queue);
        }
    }
    for (ticket_id, (counter_id, from)) in held {
        out.holdings.push(Holding {
            counter_id,
            ticket_id,
            from,
            to: now.max(from),
            finished: false,
        });
    }
    out
}

/// The longest queue per local hour of the day (0–23), over every day replayed.
pub(crate) fn longest_per_hour(replay: &Replay, offset_ms: i64) -> [i64; 24] {
    let mut longest = [0i64; 24];
    for (h, q) in &replay.longest_queue {
        let hour = (h + offset_ms).div_euclid(3_600_000).rem_euclid(24) as usize;
        longest[hour] = longest[hour].max(*q);
    }
    longest
}

/// A day's extended service from the finish times of its served people (ascending):
/// (finished after closing, minutes past closing, last finish).
pub(crate) fn extended(finished: &[i64], closing: Option<i64>) -> (i64, i64, Option<i64>) {
    let last = finished.last().copied();
    let Some(c) = closing else {
        return (0, 0, last);
    };
    let after = (finished.len() - finished.partition_point(|&f| f <= c)) as i64;
    let minutes = match last {
        Some(l) if l > c => (l - c + 59_999) / 60_000,
        _ => 0,
    };
    (after, minutes, last)
}
