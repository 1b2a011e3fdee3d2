//! Daily summaries: a day's part (see `day`) stored once the day's figures can only change
//! through a recorded change of one of its tickets — the day is over (before today, or
//! ended) and nobody of it waits or is being served, so nothing of it moves with the clock.
//! The triggers of migration 0006 delete a summary with any later change to the day's
//! tickets, events or day record, and the next request makes it again: a summary is never
//! stale, and the figures of a range computed with summaries equal the figures computed
//! from the events alone (a core test compares them for every figure).
//!
//! One figure needs care: the longest queue of an hour counts everyone waiting at once,
//! whatever their day (an evening's people still waiting after midnight, a no-show put back
//! the next morning). A summary keeps its day's own longest queues and the stretches in
//! which its people waited; it stands for its day only when those stretches meet no other
//! day's of the range (`clashing`), and the days that meet are computed from their events
//! together.

use super::day::{self, DayPart};
use crate::error::Result;
use crate::table::{day_records, day_summaries, ticket_events, tickets};
use sqlx::SqliteConnection;
use std::collections::{BTreeMap, HashMap};

/// Makes (or makes again) the summary of `day` when its figures are settled: it is before
/// `today` or was ended, and nobody of it waits or is being served. Runs in the caller's
/// write transaction, so no change can come between reading the events and storing the
/// summary. Returns whether one was stored.
pub(crate) async fn summarize_day(
    conn: &mut SqliteConnection,
    day: &str,
    today: &str,
    offset_min: i32,
    now: i64,
) -> Result<bool> {
    if !tickets::days_holding(conn, day, day).await?.is_empty() {
        return Ok(false);
    }
    let ended_at: HashMap<String, i64> = day_records::between(conn, day, day)
        .await?
        .into_iter()
        .map(|(d, _, ended)| (d, ended))
        .collect();
    if day >= today && ended_at.is_empty() {
        return Ok(false);
    }
    let offset_ms = i64::from(offset_min) * 60_000;
    let tickets = tickets::issued_between(conn, day, day).await?;
    let events = ticket_events::of_tickets_issued_between(conn, day, day).await?;
    let replay = super::replay(&events, now, offset_ms);
    let mut part = day::parts(&tickets, &events, &replay, &ended_at, offset_ms)
        .remove(day)
        .unwrap_or_default();
    part.longest_queue = super::longest_per_hour(&replay, offset_ms);
    part.busy = replay.busy;
    let Ok(json) = serde_json::to_string(&part) else {
        return Ok(false);
    };
    day_summaries::put(conn, day, offset_min, now, &json).await?;
    Ok(true)
}

/// The usable summaries of `from..=to` (made under this offset), by day. One that cannot
/// be read (written by another version) is left out: its day is computed from the events.
pub(crate) async fn read(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
    offset_min: i32,
) -> Result<BTreeMap<String, DayPart>> {
    Ok(day_summaries::between(conn, from, to, offset_min)
        .await?
        .into_iter()
        .filter_map(|(d, json)| Some((d, serde_json::from_str(&json).ok()?)))
        .collect())
}

/// The summarized days whose waiting stretches meet another summarized day's or one of
/// `busy` (the stretches of the days computed from events): those days must be computed
/// from their events with the others, so that the longest queue counts everyone waiting at
/// once. Stretches are closed intervals (touching counts as meeting), swept in time order
/// as groups of stretches that meet one another; a group of more than one day gives up
/// its summaries (a few days too many at worst, never one too few).
pub(crate) fn clashing(summaries: &BTreeMap<String, DayPart>, busy: &[(i64, i64)]) -> Vec<String> {
    // (start, end, the summarized day or None for the days computed from events)
    let mut spans: Vec<(i64, i64, Option<&String>)> = summaries
        .iter()
        .flat_map(|(d, p)| p.busy.iter().map(move |&(a, b)| (a, b, Some(d))))
        .chain(busy.iter().map(|&(a, b)| (a, b, None)))
        .collect();
    spans.sort_unstable();
    let mut out: Vec<String> = Vec::new();
    let mut group: Vec<Option<&String>> = Vec::new();
    let mut end = i64::MIN;
    for (a, b, owner) in spans {
        if !group.is_empty() && a > end {
            give_up(&mut group, &mut out);
        }
        end = if group.is_empty() { b } else { end.max(b) };
        group.push(owner);
    }
    give_up(&mut group, &mut out);
    out
}

/// Ends a group of stretches that meet: if they are of more than one day, their
/// summarized days go to `out`.
fn give_up(group: &mut Vec<Option<&String>>, out: &mut Vec<String>) {
    if group.iter().any(|o| *o != group[0]) {
        for d in group.iter().flatten() {
            if !out.contains(d) {
                out.push((*d).clone());
            }
        }
    }
    group.clear();
}
