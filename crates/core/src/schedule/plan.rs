//! The weekly plan and the schedule's settings: sessions per weekday, early open, the
//! reminder before a cutoff, per-service earlier cutoffs, issuing during the lunch break.

use crate::dates::{hhmm, hhmm_minutes, DAY_MINUTES};
use crate::error::{Error, Result};
use crate::model::schedule::{DayOfWeek, ScheduleSettings, Session, WeekPlan};
use std::collections::BTreeMap;

/// Sessions a day may have.
const MAX_SESSIONS: usize = 6;

/// A checked session in minutes after local midnight (`start < end <= 1440`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn session(self) -> Session {
        Session {
            start: hhmm(self.start.into()),
            end: hhmm(self.end.into()),
        }
    }

    fn label(self) -> String {
        format!("{}-{}", hhmm(self.start.into()), hhmm(self.end.into()))
    }
}

fn bad_time(day: &str, value: &str) -> Error {
    Error::BadTime {
        day: day.into(),
        // The parameter echoes what was typed, shortened: it is a time, never personal data.
        value: value.chars().take(8).collect(),
    }
}

/// Checks one day's sessions and returns them in order; `day` names the day in errors
/// ("mon" … "sun", or a date for special hours). Sessions may not overlap nor touch.
pub(crate) fn check_sessions(day: &str, sessions: &[Session]) -> Result<Vec<Span>> {
    if sessions.len() > MAX_SESSIONS {
        return Err(Error::OutOfRange {
            field: "sessions",
            min: 0,
            max: MAX_SESSIONS as i64,
        });
    }
    let mut spans = Vec::with_capacity(sessions.len());
    for s in sessions {
        let start = hhmm_minutes(&s.start)
            .filter(|&m| m < DAY_MINUTES)
            .ok_or_else(|| bad_time(day, &s.start))?;
        let end = hhmm_minutes(&s.end).ok_or_else(|| bad_time(day, &s.end))?;
        if start >= end {
            return Err(Error::SessionEndsBeforeStart {
                day: day.into(),
                start: hhmm(start.into()),
                end: hhmm(end.into()),
            });
        }
        spans.push(Span { start, end });
    }
    spans.sort();
    for w in spans.windows(2) {
        if w[1].start <= w[0].end {
            return Err(Error::SessionsOverlap {
                day: day.into(),
                first: w[0].label(),
                second: w[1].label(),
            });
        }
    }
    Ok(spans)
}

impl ScheduleSettings {
    /// Open every day from 00:00 to 24:00: for tests and demos that issue at any hour.
    pub fn always_open() -> Self {
        Self {
            week: WeekPlan::uniform(&DayOfWeek::ALL, &[Session::new("00:00", "24:00")]),
            ..Self::default()
        }
    }

    /// Checks every field (nothing is written when one is wrong) and returns the rules
    /// in the form the status is computed from.
    pub(crate) fn rules(&self) -> Result<Rules> {
        let mut week: [Vec<Span>; 7] = Default::default();
        for d in DayOfWeek::ALL {
            week[d as usize] = check_sessions(d.as_str(), self.week.day(d))?;
        }
        let minutes = |field, v, max| crate::validate::range(field, v, 0, max).map(|v| v as u32);
        let mut cutoffs = BTreeMap::new();
        for c in &self.service_cutoffs {
            let m = minutes("minutes_before", c.minutes_before, 240)?;
            if cutoffs.insert(c.service_id, m).is_some() {
                return Err(Error::Invalid {
                    field: "service_cutoffs",
                });
            }
        }
        crate::validate::text("guidance_text", &self.guidance_text, 200)?;
        crate::validate::text("guidance_text_en", &self.guidance_text_en, 400)?;
        Ok(Rules {
            week,
            early: minutes("early_open_minutes", self.early_open_minutes, 120)?,
            reminder: minutes("reminder_minutes", self.reminder_minutes, 240)?,
            opening_soon: minutes("opening_soon_minutes", self.opening_soon_minutes, 720)?,
            lunch_issue: self.issue_during_lunch,
            makeup_follows: self.makeup_follows,
            cutoffs,
        })
    }
}

/// The checked schedule, in minutes.
#[derive(Debug, Clone)]
pub(crate) struct Rules {
    pub week: [Vec<Span>; 7],
    pub early: u32,
    pub reminder: u32,
    pub opening_soon: u32,
    pub lunch_issue: bool,
    pub makeup_follows: DayOfWeek,
    pub cutoffs: BTreeMap<i64, u32>,
}
