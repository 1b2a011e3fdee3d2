//! Statistics (统计) for the hall's managers, for a day or any range of business days:
//! computed from the ticket event log and the tickets on every request (see `figures` for
//! the definitions), with the ratings (好差评), the 12123 guidance and the bookings.
//!
//! A ticket counts on the business day it was issued, also when it is served after
//! midnight. An ended day's figures only change through a later change of one of its
//! tickets (e.g. a no-show voided the next morning): such changes are listed as
//! corrections with the figures, so a changed total is never silent.

mod export;
mod figures;
mod store;
mod tables;

pub use export::{ExportFormat, ExportRequest};
pub use tables::{Cell, Table};

use crate::error::{Error, Result};
use crate::hall::Hall;
use crate::ratings::{self, PoorRating, POOR_AT_MOST};
use crate::schedule::DayKind;
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use figures::{Durations, Holding};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The service level's target wait when none was saved (minutes).
pub const DEFAULT_TARGET_WAIT_MINUTES: i64 = 30;
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
        Ok(store::target_wait(&mut conn)
            .await?
            .unwrap_or(DEFAULT_TARGET_WAIT_MINUTES))
    }

    /// Saves the service level's target wait (1 to 240 minutes).
    pub async fn save_target_wait_minutes(&self, minutes: i64) -> Result<i64> {
        crate::validate::range("target_wait_minutes", minutes, 1, 240)?;
        let mut tx = self.begin_write().await?;
        store::save_target_wait(&mut tx, minutes).await?;
        tx.commit().await?;
        Ok(minutes)
    }

    /// The statistics of the business days `from..=to`.
    pub async fn statistics(&self, q: StatsQuery) -> Result<Statistics> {
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
        sqlx::query("BEGIN").execute(&mut *conn).await?;
        let read = async {
            let tickets = store::tickets(&mut conn, &from, &to).await?;
            let events = store::events(&mut conn, &from, &to).await?;
            let guidance = store::guidance(&mut conn, &from, &to).await?;
            let bookings = store::bookings(&mut conn, &from, &to).await?;
            let ended = store::ended_days(&mut conn, &from, &to).await?;
            let services = store::services(&mut conn).await?;
            let counters = store::counters(&mut conn).await?;
            let rated = ratings::in_range(&mut conn, &from, &to).await?;
            let poor = ratings::poor_in_range(&mut conn, &from, &to).await?;
            let tt = crate::schedule::timetable_between(&mut conn, offset_min, &from, &to).await?;
            Ok::<_, Error>((
                tickets, events, guidance, bookings, ended, services, counters, rated, poor, tt,
            ))
        }
        .await;
        let _ = sqlx::query("COMMIT").execute(&mut *conn).await;
        let (tickets, events, guidance, bookings, ended, services, counters, rated, poor, tt) =
            read?;

        let replay = figures::replay(&events, now, offset_ms);
        let target_ms = target * 60_000;

        // Tickets per day, and the totals.
        let mut by_day: BTreeMap<&str, Vec<&store::TicketRow>> = BTreeMap::new();
        let mut totals = Totals::default();
        let mut waits = Durations::default();
        let mut svc_waits: HashMap<i64, Durations> = HashMap::new();
        let mut svc_counts: HashMap<i64, (i64, i64, i64)> = HashMap::new();
        let mut arrivals = [0i64; 24];
        let ticket_service: HashMap<i64, i64> =
            tickets.iter().map(|t| (t.id, t.service_id)).collect();
        for t in &tickets {
            by_day.entry(t.business_day.as_str()).or_default().push(t);
            let c = svc_counts.entry(t.service_id).or_default();
            match t.status {
                "voided" => totals.voided += 1,
                s => {
                    totals.issued += 1;
                    c.0 += 1;
                    match s {
                        "done" => {
                            totals.served += 1;
                            c.1 += 1;
                        }
                        "no_show" => {
                            totals.no_show += 1;
                            c.2 += 1;
                        }
                        "waiting" => totals.waiting_now += 1,
                        "called" => totals.serving_now += 1,
                        _ => {}
                    }
                }
            }
            if let Some(first) = t.first_called_at {
                waits.push(first - t.issued_at);
                svc_waits
                    .entry(t.service_id)
                    .or_default()
                    .push(first - t.issued_at);
            }
            let hour = (t.issued_at + offset_ms)
                .div_euclid(3_600_000)
                .rem_euclid(24);
            arrivals[hour as usize] += 1;
        }
        totals.requeued = replay.requeued;
        totals.called = waits.len();
        totals.called_within_target = waits.within(target_ms);
        totals.service_level_pct = pct(totals.called_within_target, totals.called);
        totals.avg_wait_s = waits.avg_s();
        totals.p90_wait_s = waits.p90_s();

        // Service times from the holdings that ended in a finish.
        let mut service_times = Durations::default();
        let mut svc_service: HashMap<i64, Durations> = HashMap::new();
        let mut ctr_service: HashMap<i64, Durations> = HashMap::new();
        let mut ctr_busy: HashMap<i64, i64> = HashMap::new();
        let mut ctr_days: HashMap<i64, Vec<NaiveDate>> = HashMap::new();
        let day_of = |at: i64| {
            Utc.timestamp_millis_opt(at)
                .single()
                .map(|d| (d + Duration::milliseconds(offset_ms)).date_naive())
        };
        let ticket_day: HashMap<i64, &str> = tickets
            .iter()
            .map(|t| (t.id, t.business_day.as_str()))
            .collect();
        for Holding {
            counter_id,
            ticket_id,
            from: a,
            to: b,
            finished,
        } in &replay.holdings
        {
            *ctr_busy.entry(*counter_id).or_default() += b - a;
            if let Some(d) = ticket_day
                .get(ticket_id)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .or_else(|| day_of(*a))
            {
                let days = ctr_days.entry(*counter_id).or_default();
                if !days.contains(&d) {
                    days.push(d);
                }
            }
            if *finished {
                service_times.push(b - a);
                ctr_service.entry(*counter_id).or_default().push(b - a);
                if let Some(s) = ticket_service.get(ticket_id) {
                    svc_service.entry(*s).or_default().push(b - a);
                }
            }
        }
        totals.avg_service_s = service_times.avg_s();
        totals.p90_service_s = service_times.p90_s();

        // Days: the plan, the closing (frozen for ended days) and extended service.
        let ended: HashMap<String, (Option<i64>, i64)> =
            ended.into_iter().map(|(d, c, e)| (d, (c, e))).collect();
        let guidance: HashMap<String, (i64, i64)> =
            guidance.into_iter().map(|(d, g, a)| (d, (g, a))).collect();
        let first = NaiveDate::parse_from_str(&from, "%Y-%m-%d")
            .map_err(|_| Error::Invalid { field: "from" })?;
        let last = NaiveDate::parse_from_str(&to, "%Y-%m-%d")
            .map_err(|_| Error::Invalid { field: "to" })?;
        let mut days = Vec::new();
        let mut open_ms: HashMap<NaiveDate, i64> = HashMap::new();
        let mut date = first;
        while date <= last {
            let key = date.to_string();
            let info = tt.day(date);
            let frozen = ended.get(&key).copied();
            let closing = match frozen {
                Some((c, _)) => c,
                None => tt.closing(date).map(|c| c.at),
            };
            let list = by_day.get(key.as_str()).map(Vec::as_slice).unwrap_or(&[]);
            let (after, minutes, last_fin) = figures::extended(list, closing);
            let count = |s: &str| list.iter().filter(|t| t.status == s).count() as i64;
            let (guided, guided_after) = guidance.get(&key).copied().unwrap_or_default();
            let local = |ms: i64| {
                Utc.timestamp_millis_opt(ms)
                    .single()
                    .map(|d| d + Duration::milliseconds(offset_ms))
            };
            let sessions_ms: i64 = tt
                .spans(date)
                .iter()
                .map(|s| i64::from(s.end - s.start) * 60_000)
                .sum();
            open_ms.insert(date, sessions_ms + minutes * 60_000);
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
                issued: list.iter().filter(|t| t.status != "voided").count() as i64,
                served: count("done"),
                no_show: count("no_show"),
                voided: count("voided"),
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
            date += Duration::days(1);
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
            .map(|(id, prefix, name, name_en)| {
                let (issued, served, no_show) = svc_counts.get(&id).copied().unwrap_or_default();
                let r = svc_r.get(&id).copied().unwrap_or_default();
                ServiceRow {
                    service_id: id,
                    prefix,
                    name,
                    name_en,
                    issued,
                    served,
                    no_show,
                    avg_wait_s: svc_waits.get(&id).and_then(Durations::avg_s),
                    avg_service_s: svc_service.get(&id).and_then(Durations::avg_s),
                    ratings: r.0,
                    poor_ratings: r.1,
                    rating_avg: r.avg(),
                }
            })
            .collect();
        let counters: Vec<CounterRow> = counters
            .into_iter()
            .map(|(id, number, name)| {
                let st = ctr_service.get(&id);
                let open: i64 = ctr_days
                    .get(&id)
                    .map(|ds| ds.iter().filter_map(|d| open_ms.get(d)).sum())
                    .unwrap_or(0);
                let r = ctr_r.get(&id).copied().unwrap_or_default();
                CounterRow {
                    counter_id: id,
                    number,
                    name,
                    served: st.map(Durations::len).unwrap_or(0),
                    busy_pct: (open > 0).then(|| {
                        round_to(
                            ctr_busy.get(&id).copied().unwrap_or(0) as f64 * 100.0 / open as f64,
                            1,
                        )
                    }),
                    avg_service_s: st.and_then(Durations::avg_s),
                    ratings: r.0,
                    poor_ratings: r.1,
                    rating_avg: r.avg(),
                }
            })
            .collect();
        let mut longest = [0i64; 24];
        for (h, q) in &replay.longest_queue {
            let hour = (h + offset_ms).div_euclid(3_600_000).rem_euclid(24) as usize;
            longest[hour] = longest[hour].max(*q);
        }
        let hours = (0..24u32)
            .map(|h| HourRow {
                hour: h,
                arrivals: arrivals[h as usize],
                longest_queue: longest[h as usize],
            })
            .collect();

        let mut appointments = Appointments::default();
        for (status, n) in bookings {
            appointments.booked += n;
            match status.as_str() {
                "checked_in" => appointments.checked_in += n,
                "cancelled" => appointments.cancelled += n,
                "no_show" => appointments.missed += n,
                _ => appointments.open += n,
            }
        }

        // Changes to an ended day's tickets after it was ended: shown, never silent.
        let late: Vec<(&str, &store::EventRow)> = events
            .iter()
            .filter_map(|e| {
                let day = *ticket_day.get(&e.ticket_id)?;
                let (_, ended_at) = ended.get(day)?;
                (e.at > *ended_at).then_some((day, e))
            })
            .collect();
        let ids: Vec<i64> = late.iter().map(|(_, e)| e.ticket_id).collect();
        let number: HashMap<i64, String> = {
            let mut conn = self.pool().acquire().await?;
            store::numbers(&mut conn, &ids).await?.into_iter().collect()
        };
        let corrections = late
            .into_iter()
            .map(|(day, e)| Correction {
                business_day: day.to_string(),
                number: number.get(&e.ticket_id).cloned().unwrap_or_default(),
                kind: e.kind.to_string(),
                at: e.at,
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
