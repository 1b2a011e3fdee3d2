//! The tables of the statistics screen, built once from the figures: the screen draws
//! them and the export writes them, so a CSV or a workbook holds exactly the screen's
//! numbers. Column names and word cells are keys the UI translates (and the export gets
//! the translations from the UI), so the core stays free of display text.

use super::Statistics;
use crate::ratings::PoorRating;
use chrono::{Duration, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// One cell: a whole number, a decimal, a text shown as is, a key to translate, or empty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Cell {
    Int(i64),
    Num(f64),
    Text(String),
    /// Words the UI translates (`stats.key.<key>`), e.g. a day kind or a rating level;
    /// several keys are separated by spaces.
    Key {
        key: String,
    },
    Empty,
}

impl Cell {
    fn key(k: impl Into<String>) -> Cell {
        Cell::Key { key: k.into() }
    }
    fn opt_num(v: Option<f64>) -> Cell {
        v.map(Cell::Num).unwrap_or(Cell::Empty)
    }
    fn opt_text(v: Option<String>) -> Cell {
        v.map(Cell::Text).unwrap_or(Cell::Empty)
    }
    /// Seconds shown as minutes with one decimal.
    fn minutes(s: Option<i64>) -> Cell {
        Cell::opt_num(s.map(|s| (s as f64 / 6.0).round() / 10.0))
    }
}

/// A table: an id (its title's key), column keys and rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub id: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

fn table(id: &str, columns: &[&str], rows: Vec<Vec<Cell>>) -> Table {
    Table {
        id: id.into(),
        columns: columns.iter().map(|c| c.to_string()).collect(),
        rows,
    }
}

fn local(ms: i64, offset_ms: i64) -> String {
    Utc.timestamp_millis_opt(ms)
        .single()
        .map(|d| {
            (d + Duration::milliseconds(offset_ms))
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

fn figure(key: &str, value: Cell) -> Vec<Cell> {
    vec![Cell::key(key), value]
}

/// Builds the tables; `english` picks the services' English names where they have one.
pub(crate) fn build(s: &Statistics, english: bool, offset_ms: i64) -> Vec<Table> {
    let t = &s.totals;
    let summary = table(
        "summary",
        &["figure", "value"],
        vec![
            figure("issued", Cell::Int(t.issued)),
            figure("served", Cell::Int(t.served)),
            figure("no_show", Cell::Int(t.no_show)),
            figure("voided", Cell::Int(t.voided)),
            figure("requeued", Cell::Int(t.requeued)),
            figure("waiting_now", Cell::Int(t.waiting_now)),
            figure("serving_now", Cell::Int(t.serving_now)),
            figure("avg_wait_min", Cell::minutes(t.avg_wait_s)),
            figure("p90_wait_min", Cell::minutes(t.p90_wait_s)),
            figure("avg_service_min", Cell::minutes(t.avg_service_s)),
            figure("p90_service_min", Cell::minutes(t.p90_service_s)),
            figure("target_wait_min", Cell::Int(s.target_wait_minutes)),
            figure("service_level_pct", Cell::opt_num(t.service_level_pct)),
            figure("served_after_closing", Cell::Int(t.served_after_closing)),
            figure("minutes_past_closing", Cell::Int(t.minutes_past_closing)),
            figure("guided_to_12123", Cell::Int(t.guided_to_12123)),
            figure("guided_after_cutoff", Cell::Int(t.guided_after_cutoff)),
            figure("ratings", Cell::Int(t.ratings)),
            figure("poor_ratings", Cell::Int(t.poor_ratings)),
            figure("rating_avg", Cell::opt_num(t.rating_avg)),
        ],
    );
    let days = table(
        "days",
        &[
            "date",
            "day_kind",
            "closing",
            "issued",
            "served",
            "no_show",
            "voided",
            "served_after_closing",
            "minutes_past_closing",
            "last_finished",
            "guided_to_12123",
            "guided_after_cutoff",
            "ended",
        ],
        s.days
            .iter()
            .map(|d| {
                let kind = serde_json::to_value(d.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                vec![
                    Cell::Text(d.date.clone()),
                    if d.name.is_empty() {
                        Cell::key(format!("day_{kind}"))
                    } else {
                        Cell::Text(d.name.clone())
                    },
                    Cell::opt_text(d.closing.clone()),
                    Cell::Int(d.issued),
                    Cell::Int(d.served),
                    Cell::Int(d.no_show),
                    Cell::Int(d.voided),
                    Cell::Int(d.served_after_closing),
                    Cell::Int(d.minutes_past_closing),
                    Cell::opt_text(d.last_finished.clone()),
                    Cell::Int(d.guided_to_12123),
                    Cell::Int(d.guided_after_cutoff),
                    Cell::key(if d.ended { "yes" } else { "no" }),
                ]
            })
            .collect(),
    );
    let services = table(
        "services",
        &[
            "prefix",
            "service",
            "issued",
            "served",
            "no_show",
            "avg_wait_min",
            "avg_service_min",
            "ratings",
            "poor_ratings",
            "rating_avg",
        ],
        s.services
            .iter()
            .map(|r| {
                let name = if english && !r.name_en.is_empty() {
                    &r.name_en
                } else {
                    &r.name
                };
                vec![
                    Cell::Text(r.prefix.clone()),
                    Cell::Text(name.clone()),
                    Cell::Int(r.issued),
                    Cell::Int(r.served),
                    Cell::Int(r.no_show),
                    Cell::minutes(r.avg_wait_s),
                    Cell::minutes(r.avg_service_s),
                    Cell::Int(r.ratings),
                    Cell::Int(r.poor_ratings),
                    Cell::opt_num(r.rating_avg),
                ]
            })
            .collect(),
    );
    let counters = table(
        "counters",
        &[
            "counter",
            "served",
            "busy_pct",
            "avg_service_min",
            "ratings",
            "poor_ratings",
            "rating_avg",
        ],
        s.counters
            .iter()
            .map(|r| {
                vec![
                    Cell::Int(r.number),
                    Cell::Int(r.served),
                    Cell::opt_num(r.busy_pct),
                    Cell::minutes(r.avg_service_s),
                    Cell::Int(r.ratings),
                    Cell::Int(r.poor_ratings),
                    Cell::opt_num(r.rating_avg),
                ]
            })
            .collect(),
    );
    let hours = table(
        "hours",
        &["hour", "arrivals", "longest_queue"],
        s.hours
            .iter()
            .map(|h| {
                vec![
                    Cell::Text(format!("{:02}:00", h.hour)),
                    Cell::Int(h.arrivals),
                    Cell::Int(h.longest_queue),
                ]
            })
            .collect(),
    );
    let a = &s.appointments;
    let appointments = table(
        "appointments",
        &["figure", "value"],
        vec![
            figure("booked", Cell::Int(a.booked)),
            figure("checked_in", Cell::Int(a.checked_in)),
            figure("cancelled", Cell::Int(a.cancelled)),
            figure("missed", Cell::Int(a.missed)),
            figure("still_booked", Cell::Int(a.open)),
        ],
    );
    let ratings = table(
        "ratings",
        &["level", "count"],
        s.rating_levels
            .iter()
            .map(|l| vec![Cell::key(format!("level_{}", l.level)), Cell::Int(l.count)])
            .collect(),
    );
    let counter_number = |id: Option<i64>| {
        id.and_then(|id| s.counters.iter().find(|c| c.counter_id == id))
            .map(|c| Cell::Int(c.number))
            .unwrap_or(Cell::Empty)
    };
    let prefix_of = |id: i64| {
        s.services
            .iter()
            .find(|r| r.service_id == id)
            .map(|r| Cell::Text(r.prefix.clone()))
            .unwrap_or(Cell::Empty)
    };
    let poor = table(
        "poor_ratings",
        &[
            "rated_at",
            "number",
            "prefix",
            "counter",
            "level",
            "reasons",
            "comment",
            "followed_up_by",
            "followed_up_at",
            "action",
        ],
        s.poor_ratings
            .iter()
            .map(|PoorRating { rating, follow_ups }| {
                let last = follow_ups.last();
                vec![
                    Cell::Text(local(rating.at, offset_ms)),
                    Cell::Text(rating.number.clone()),
                    prefix_of(rating.service_id),
                    counter_number(rating.counter_id),
                    Cell::key(format!("level_{}", rating.level)),
                    if rating.reasons.is_empty() {
                        Cell::Empty
                    } else {
                        // Several keys in one cell, separated by spaces: each is translated.
                        Cell::key(
                            rating
                                .reasons
                                .iter()
                                .map(|r| format!("reason_{r}"))
                                .collect::<Vec<_>>()
                                .join(" "),
                        )
                    },
                    Cell::Text(rating.comment.clone()),
                    Cell::opt_text(last.map(|f| f.staff.clone())),
                    Cell::opt_text(last.map(|f| local(f.at, offset_ms))),
                    Cell::opt_text(last.map(|f| f.action.clone())),
                ]
            })
            .collect(),
    );
    let corrections = table(
        "corrections",
        &["date", "number", "change", "changed_at"],
        s.corrections
            .iter()
            .map(|c| {
                vec![
                    Cell::Text(c.business_day.clone()),
                    Cell::Text(c.number.clone()),
                    Cell::key(format!("change_{}", c.kind)),
                    Cell::Text(local(c.at, offset_ms)),
                ]
            })
            .collect(),
    );
    vec![
        summary,
        days,
        services,
        counters,
        hours,
        appointments,
        ratings,
        poor,
        corrections,
    ]
}
