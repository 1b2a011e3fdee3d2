//! Statistics (统计) for the hall's managers, for a day or any range of business days:
//! computed from the ticket event log and the tickets on every request (see `figures` for
//! the definitions), with the ratings (好差评), the 12123 guidance and the bookings.
//!
//! A ticket counts on the business day it was issued, also when it is served after
//! midnight. An ended day's figures only change through a later change of one of its
//! tickets (e.g. a no-show voided the next morning): such changes are listed as
//! corrections with the figures, so a changed total is never silent.

mod export;
mod tables;

pub use export::{ExportFormat, ExportRequest};
pub use tables::{Cell, Table};

use crate::error::{Error, Result};
use crate::figures::{self, day, summary};
use crate::hall::Hall;
use crate::ratings::{self, PoorRating, POOR_AT_MOST};
use crate::schedule::DayKind;
use crate::table::{
    bookings, counters, day_records, day_summaries, guidance_log, services, settings,
    ticket_events, tickets,
};
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use day::DayPart;
use figures::Durations;
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use std::collections::{BTreeMap, HashMap};

/// The service level's target wait when none was saved (minutes).
pub const DEFAULT_TARGET_WAIT_MINUTES: i64 = 30;
/// The `settings` row of the saved target wait.
const TARGET_WAIT_KEY: &str = "stats.target_wait_minutes";
pub use crate::dates::MAX_RANGE_DAYS;

/// Which days to count.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StatsQuery {
    /// First business day, "YYYY-MM-DD".
    pub from: String,
    /// Last business day (inclusive).
    pub to: String,
    /// The service level's target wait; `None`: the saved one (default 30 minutes).
    #[serde(default)]
    pub target_wait_minutes: Option<i64>,
    /// "en" gives the services' English names in the tables; anything else Chinese.
    #[serde(default)]
    pub lang: String,
}

/// The figures of the whole range.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    /// Tickets issued (voided ones excluded, as on the desk).
    pub issued: i64,
    pub served: i64,
    pub no_show: i64,
    pub voided: i64,
    /// No-shows put back in the queue (each put-back counts).
    pub requeued: i64,
    pub waiting_now: i64,
    pub serving_now: i64,
    /// People called at least once (the service level's base).
    pub called: i64,
    pub called_within_target: i64,
    /// Percent, one decimal; `None` when nobody was called.
    pub service_level_pct: Option<f64>,
    /// Seconds.
    pub avg_wait_s: Option<i64>,
    pub p90_wait_s: Option<i64>,
    pub avg_service_s: Option<i64>,
    pub p90_service_s: Option<i64>,
    pub served_after_closing: i64,
    pub minutes_past_closing: i64,
    pub guided_to_12123: i64,
    pub guided_after_cutoff: i64,
    pub ratings: i64,
    pub poor_ratings: i64,
    /// Average level, two decimals (5 = 非常满意).
    pub rating_avg: Option<f64>,
}

/// One business day of the range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayRow {
    pub date: String,
    pub kind: DayKind,
    /// The holiday's name, if any.
    pub name: String,
    /// Local "HH:MM" of the closing (end of the last session); `None` on a closed day.
    pub closing: Option<String>,
    pub issued: i64,
    pub served: i64,
    pub no_show: i64,
    pub voided: i64,
    pub served_after_closing: i64,
    pub minutes_past_closing: i64,
    /// Local "HH:MM" of the last finish, "+1" appended when it fell after midnight.
    pub last_finished: Option<String>,
    pub guided_to_12123: i64,
    pub guided_after_cutoff: i64,
    /// The day was ended by staff; its closing is frozen.
    pub ended: bool,
}

/// One service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceRow {
    pub service_id: i64,
    pub prefix: String,
    pub name: String,
    pub name_en: String,
    pub issued: i64,
    pub served: i64,
    pub no_show: i64,
    pub avg_wait_s: Option<i64>,
    pub avg_service_s: Option<i64>,
    pub ratings: i64,
    pub poor_ratings: i64,
    pub rating_avg: Option<f64>,
}

/// One counter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CounterRow {
    pub counter_id: i64,
    pub number: i64,
    pub name: String,
    pub served: i64,
    /// Percent, one decimal.
    pub busy_pct: Option<f64>,
    pub avg_service_s: Option<i64>,
    pub ratings: i64,
    pub poor_ratings: i64,
    pub rating_avg: Option<f64>,
}

/// One hour of the day (local), over every day of the range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HourRow {
    pub hour: u32,
    pub arrivals: i64,
    pub longest_queue: i64,
}

/// Bookings for the dates of the range.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appointments {
    /// Every booking made for these dates (whatever became of it).
    pub booked: i64,
    pub checked_in: i64,
    pub cancelled: i64,
    pub missed: i64,
    /// Still booked (a future slot, or not yet marked).
    pub open: i64,
}

/// A change to a ticket of an ended day, made after the day was ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    pub business_day: String,
    pub number: String,
    /// The event kind (e.g. "voided").
    pub kind: String,
    /// Milliseconds since the Unix epoch.
    pub at: i64,
}

/// Ratings per level, best first (5 非常满意 … 1 非常不满意).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelCount {
    pub level: i64,
    pub count: i64,
}

/// Everything the statistics screen shows for a range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statistics {
    pub from: String,
    pub to: String,
    pub target_wait_minutes: i64,
    /// When the figures were computed (ms since the Unix epoch).
    pub computed_at: i64,
    pub totals: Totals,
    pub days: Vec<DayRow>,
    pub services: Vec<ServiceRow>,
    pub counters: Vec<CounterRow>,
    pub hours: Vec<HourRow>,
    pub appointments: Appointments,
    pub rating_levels: Vec<LevelCount>,
    pub poor_ratings: Vec<PoorRating>,
    pub corrections: Vec<Correction>,
    /// The tables of the screen and of the export, built from the figures above.
    pub tables: Vec<Table>,
}

/// Ratings folded per key: (count, poor, sum of levels).
#[derive(Default, Clone, Copy)]
struct RatingSum(i64, i64, i64);

impl RatingSum {
    fn add(&mut self, level: i64) {
        self.0 += 1;
        self.1 += i64::from(level <= POOR_AT_MOST);
        self.2 += level;
    }
    fn avg(self) -> Option<f64> {
        (self.0 > 0).then(|| round_to(self.2 as f64 / self.0 as f64, 2))
    }
}

fn round_to(v: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (v * f).round() / f
}

fn pct(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| round_to(part as f64 * 100.0 / whole as f64, 1))
}

impl Hall {
    /// The service level's target wait (minutes), saved or the default 30.
    pub async fn target_wait_minutes(&self) -> Result<i64> {
        let mut conn = self.pool().acquire().await?;
        Ok(settings::get(&mut conn, TARGET_WAIT_KEY)
            .await?
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_TARGET_WAIT_MINUTES))
    }

    /// Saves the service level's target wait (1 to 240 minutes).
    pub async fn save_target_wait_minutes(&self, minutes: i64) -> Result<i64> {
        crate::validate::range("target_wait_minutes", minutes, 1, 240)?;
        let mut tx = self.begin_write().await?;
        settings::put(&mut tx, TARGET_WAIT_KEY, &minutes.to_string()).await?;
        tx.commit().await?;
        Ok(minutes)
    }

    /// The statistics of the business days `from..=to`: the settled days from their daily
    /// summaries (made first where missing), the others from their events.
    pub async fn statistics(&self, q: StatsQuery) -> Result<Statistics> {
        let (from, to) = crate::dates::check_day_range(&q.from, &q.to)?;
        self.summarize_days(&from, &to).await?;
        self.compute_statistics(q, true).await
    }

    /// The same figures computed from the events alone, every daily summary left aside:
    /// what the summaries must always equal (the core tests compare the two).
    pub async fn statistics_from_events(&self, q: StatsQuery) -> Result<Statistics> {
        self.compute_statistics(q, false).await
    }

    /// Makes the missing daily summaries of `from..=to` (see `figures::summary`), one short
    /// write transaction per day so desks and counters keep their turn; `statistics` does
    /// this itself. Returns how many were made.
    pub async fn summarize_days(&self, from: &str, to: &str) -> Result<usize> {
        let (from, to) = crate::dates::check_day_range(from, to)?;
        let today = self.day_key();
        let offset_min = self.settings().utc_offset_minutes;
        let (done, holding, ended) = {
            let mut conn = self.pool().acquire().await?;
            (
                day_summaries::days_between(&mut conn, &from, &to, offset_min).await?,
                tickets::days_holding(&mut conn, &from, &to).await?,
                day_records::between(&mut conn, &from, &to).await?,
            )
        };
        let mut made = 0;
        for day in days_between(&from, &to)? {
            let settled = day < today || ended.iter().any(|(d, _, _)| *d == day);
            if !settled || done.contains(&day) || holding.contains(&day) {
                continue;
            }
            let mut tx = self.begin_write().await?;
            if summary::summarize_day(&mut tx, &day, &today, offset_min, self.now_ms()).await? {
                made += 1;
            }
            tx.commit().await?;
        }
        Ok(made)
    }

    async fn compute_statistics(&self, q: StatsQuery, use_summaries: bool) -> Result<Statistics> {
        let (from, to) = crate::dates::check_day_range(&q.from, &q.to)?;
        let target = match q.target_wait_minutes {
            Some(m) => crate::validate::range("target_wait_minutes", m, 1, 240)?,
            None => self.target_wait_minutes().await?,
        };
        let now = self.now_ms();
        let offset_min = self.settings().utc_offset_minutes;
        let offset_ms = i64::from(offset_min) * 60_000;
        let mut conn = self.pool().acquire().await?;
        // One read transaction: every table of the answer sees the same moment.
        crate::store::begin_read(&mut conn).await?;
        let read = async {
            let summaries = if use_summaries {
                summary::read(&mut conn, &from, &to, offset_min).await?
            } else {
                BTreeMap::new()
            };
            let ended = day_records::between(&mut conn, &from, &to).await?;
            let ended_at: HashMap<String, i64> =
                ended.iter().map(|(d, _, e)| (d.clone(), *e)).collect();
            let parts =
                day_parts(&mut conn, &from, &to, summaries, &ended_at, now, offset_ms).await?;
            let guidance = guidance_log::counts_between(&mut conn, &from, &to).await?;
            let bookings = bookings::counts(&mut conn, &from, &to).await?;
            let services = services::all(&mut conn).await?;
            let counters = counters::all(&mut conn).await?;
            let rated = crate::table::ratings::between(&mut conn, &from, &to).await?;
            let poor = ratings::poor_in_range(&mut conn, &from, &to).await?;
            let tt = crate::schedule::timetable_between(&mut conn, offset_min, &from, &to).await?;
            Ok::<_, Error>((
                parts, guidance, bookings, ended, services, counters, rated, poor, tt,
            ))
        }
        .await;
        crate::store::end_read(&mut conn).await;
        let ((parts, longest), guidance, bookings, ended, services, counters, rated, poor, tt) =
            read?;
        let target_ms = target * 60_000;

        // The totals, per service and per counter: sums of the days' parts.
        let mut totals = Totals::default();
        let mut waits = Durations::default();
        let mut service_times = Durations::default();
        // Every service of every day, added up.
        let mut every = day::ServicePart::default();
        let mut svc: HashMap<i64, day::ServicePart> = HashMap::new();
        let mut ctr: HashMap<i64, day::CounterPart> = HashMap::new();
        let mut ctr_days: HashMap<i64, Vec<&str>> = HashMap::new();
        let mut arrivals = [0i64; 24];
        let mut corrections: Vec<(&str, &day::CorrectionPart)> = Vec::new();
        for (d, part) in &parts {
            for (id, p) in &part.services {
                svc.entry(*id).or_default().add(p);
                every.add(p);
            }
            for (id, p) in &part.counters {
                let c = ctr.entry(*id).or_default();
                c.busy_ms += p.busy_ms;
                c.service.add(p.service);
                ctr_days.entry(*id).or_default().push(d);
            }
            waits.extend(&part.waits_ms);
            service_times.extend(&part.service_ms);
            for (a, n) in arrivals.iter_mut().zip(part.arrivals) {
                *a += n;
            }
            totals.requeued += part.requeued;
            corrections.extend(part.corrections.iter().map(|c| (d.as_str(), c)));
        }
        totals.issued = every.issued;
        totals.served = every.served;
        totals.no_show = every.no_show;
        totals.voided = every.voided;
        totals.waiting_now = every.waiting;
        totals.serving_now = every.serving;
        totals.called = waits.len();
        totals.called_within_target = waits.within(target_ms);
        totals.service_level_pct = pct(totals.called_within_target, totals.called);
        totals.avg_wait_s = every.waits.avg_s();
        totals.p90_wait_s = waits.p90_s();
        totals.avg_service_s = every.service.avg_s();
        totals.p90_service_s = service_times.p90_s();

        // Days: the plan, the closing (frozen for ended days) and extended service.
        let ended: HashMap<String, (Option<i64>, i64)> =
            ended.into_iter().map(|(d, c, e)| (d, (c, e))).collect();
        let guidance: HashMap<String, (i64, i64)> =
            guidance.into_iter().map(|(d, g, a)| (d, (g, a))).collect();
        let local = |ms: i64| {
            Utc.timestamp_millis_opt(ms)
                .single()
                .map(|d| d + Duration::milliseconds(offset_ms))
        };
        let empty = DayPart::default();
        let mut days = Vec::new();
        let mut open_ms: HashMap<String, i64> = HashMap::new();
        for key in days_between(&from, &to)? {
            let date = NaiveDate::parse_from_str(&key, "%Y-%m-%d")
                .map_err(|_| Error::Invalid { field: "from" })?;
            let info = tt.day(date);
            let frozen = ended.get(&key).copied();
            let closing = match frozen {
                Some((c, _)) => c,
                None => tt.closing(date).map(|c| c.at),
            };
            let part = parts.get(&key).unwrap_or(&empty);
            let (after, minutes, last_fin) = figures::extended(&part.finished_at, closing);
            let sum = |f: fn(&day::ServicePart) -> i64| part.services.values().map(f).sum::<i64>();
            let (guided, guided_after) = guidance.get(&key).copied().unwrap_or_default();
            let sessions_ms: i64 = tt
                .spans(date)
                .iter()
                .map(|s| i64::from(s.end - s.start) * 60_000)
                .sum();
            open_ms.insert(key.clone(), sessions_ms + minutes * 60_000);
            totals.served_after_closing += after;
            totals.minutes_past_closing += minutes;
            totals.guided_to_12123 += guided;
            totals.guided_after_cutoff += guided_after;
            days.push(DayRow {
                date: key.clone(),
                kind: info.kind,
                name: info.name,
                closing: closing
                    .and_then(local)
                    .map(|d| d.format("%H:%M").to_string()),
                issued: sum(|s| s.issued),
                served: sum(|s| s.served),
                no_show: sum(|s| s.no_show),
                voided: sum(|s| s.voided),
                served_after_closing: after,
                minutes_past_closing: minutes,
                last_finished: last_fin.and_then(local).map(|d| {
                    let next = if d.date_naive() > date { "+1" } else { "" };
                    format!("{}{next}", d.format("%H:%M"))
                }),
                guided_to_12123: guided,
                guided_after_cutoff: guided_after,
                ended: frozen.is_some(),
            });
        }

        // Ratings per service and counter.
        let mut level_counts: BTreeMap<i64, i64> = BTreeMap::new();
        let mut all = RatingSum::default();
        let mut svc_r: HashMap<i64, RatingSum> = HashMap::new();
        let mut ctr_r: HashMap<i64, RatingSum> = HashMap::new();
        for r in &rated {
            *level_counts.entry(r.level).or_default() += 1;
            all.add(r.level);
            svc_r.entry(r.service_id).or_default().add(r.level);
            if let Some(c) = r.counter_id {
                ctr_r.entry(c).or_default().add(r.level);
            }
        }
        totals.ratings = all.0;
        totals.poor_ratings = all.1;
        totals.rating_avg = all.avg();

        let services: Vec<ServiceRow> = services
            .into_iter()
            .map(|s| {
                let (id, prefix, name, name_en) = (s.id, s.prefix, s.name, s.name_en);
                let s = svc.get(&id).copied().unwrap_or_default();
                let r = svc_r.get(&id).copied().unwrap_or_default();
                ServiceRow {
                    service_id: id,
                    prefix,
                    name,
                    name_en,
                    issued: s.issued,
                    served: s.served,
                    no_show: s.no_show,
                    avg_wait_s: s.waits.avg_s(),
                    avg_service_s: s.service.avg_s(),
                    ratings: r.0,
                    poor_ratings: r.1,
                    rating_avg: r.avg(),
                }
            })
            .collect();
        let counters: Vec<CounterRow> = counters
            .into_iter()
            .map(|c| {
                let (id, number, name) = (c.id, c.number, c.name);
                let c = ctr.get(&id).copied().unwrap_or_default();
                let open: i64 = ctr_days
                    .get(&id)
                    .map(|ds| ds.iter().filter_map(|d| open_ms.get(*d)).sum())
                    .unwrap_or(0);
                let r = ctr_r.get(&id).copied().unwrap_or_default();
                CounterRow {
                    counter_id: id,
                    number,
                    name,
                    served: c.service.n,
                    busy_pct: (open > 0)
                        .then(|| round_to(c.busy_ms as f64 * 100.0 / open as f64, 1)),
                    avg_service_s: c.service.avg_s(),
                    ratings: r.0,
                    poor_ratings: r.1,
                    rating_avg: r.avg(),
                }
            })
            .collect();
        let hours = (0..24u32)
            .map(|h| HourRow {
                hour: h,
                arrivals: arrivals[h as usize],
                longest_queue: longest[h as usize],
            })
            .collect();

        let (made, open, checked_in, cancelled, missed) = bookings;
        let appointments = Appointments {
            booked: made,
            checked_in,
            cancelled,
            missed,
            open,
        };

        // Changes to an ended day's tickets after it was ended: shown, never silent.
        corrections.sort_by_key(|(_, c)| (c.at, c.event_id));
        let corrections = corrections
            .into_iter()
            .map(|(d, c)| Correction {
                business_day: d.to_string(),
                number: c.number.clone(),
                kind: c.kind.clone(),
                at: c.at,
            })
            .collect();

        let mut stats = Statistics {
            from,
            to,
            target_wait_minutes: target,
            computed_at: now,
            totals,
            days,
            services,
            counters,
            hours,
            appointments,
            rating_levels: ratings::LEVELS
                .iter()
                .map(|&level| LevelCount {
                    level,
                    count: level_counts.get(&level).copied().unwrap_or(0),
                })
                .collect(),
            poor_ratings: poor,
            corrections,
            tables: Vec::new(),
        };
        stats.tables = tables::build(&stats, q.lang == "en", offset_ms);
        Ok(stats)
    }
}

/// Every day of `from..=to` ("YYYY-MM-DD", already checked), in order.
fn days_between(from: &str, to: &str) -> Result<Vec<String>> {
    let parse = |s: &str, field| {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| Error::Invalid { field })
    };
    let (mut d, last) = (parse(from, "from")?, parse(to, "to")?);
    let mut out = Vec::new();
    while d <= last {
        out.push(d.to_string());
        d += Duration::days(1);
    }
    Ok(out)
}

/// The parts of the days of `from..=to` and the longest queue per hour of the day: the
/// summaries that can stand for their days, the other days from their events (read in
/// runs of consecutive days, replayed together).
async fn day_parts(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
    mut summaries: BTreeMap<String, DayPart>,
    ended_at: &HashMap<String, i64>,
    now: i64,
    offset_ms: i64,
) -> Result<(BTreeMap<String, DayPart>, [i64; 24])> {
    let mut tickets = Vec::new();
    let mut events = Vec::new();
    let mut missing: Vec<String> = days_between(from, to)?
        .into_iter()
        .filter(|d| !summaries.contains_key(d))
        .collect();
    let replay = loop {
        for (a, b) in runs(&missing) {
            tickets.extend(tickets::issued_between(conn, a, b).await?);
            events.extend(ticket_events::of_tickets_issued_between(conn, a, b).await?);
        }
        events.sort_unstable_by_key(|e: &ticket_events::EventRow| (e.at, e.id));
        let replay = figures::replay(&events, now, offset_ms);
        missing = summary::clashing(&summaries, &replay.busy);
        if missing.is_empty() {
            break replay;
        }
        for d in &missing {
            summaries.remove(d);
        }
        missing.sort();
    };
    let mut longest = figures::longest_per_hour(&replay, offset_ms);
    let mut parts = day::parts(&tickets, &events, &replay, ended_at, offset_ms);
    for (d, part) in summaries {
        for (h, q) in longest.iter_mut().zip(part.longest_queue) {
            *h = (*h).max(q);
        }
        parts.insert(d, part);
    }
    Ok((parts, longest))
}

/// Consecutive days of a sorted list, as (first, last) runs.
fn runs(days: &[String]) -> Vec<(&str, &str)> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    for d in days {
        let next_of_last = out.last().and_then(|(_, b)| {
            NaiveDate::parse_from_str(b, "%Y-%m-%d")
                .ok()
                .and_then(|b| b.succ_opt())
                .map(|n| n.to_string())
        });
        match out.last_mut() {
            Some((_, b)) if next_of_last.as_deref() == Some(d.as_str()) => *b = d,
            _ => out.push((d, d)),
        }
    }
    out
}
