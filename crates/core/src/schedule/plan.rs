//! The weekly plan and the schedule's settings: sessions per weekday, early open, the
//! reminder before a cutoff, per-service earlier cutoffs, issuing during the lunch break.

use crate::dates::{hhmm, hhmm_minutes, DAY_MINUTES};
use crate::error::{Error, Result};
use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Sessions a day may have.
const MAX_SESSIONS: usize = 6;

/// A session of the hall in local "HH:MM" times; `end` may be "24:00".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub start: String,
    pub end: String,
}

impl Session {
    /// A session from two "HH:MM" texts.
    pub fn new(start: &str, end: &str) -> Self {
        Self {
            start: start.into(),
            end: end.into(),
        }
    }
}

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

/// A day of the week; a make-up working day names the one whose plan it follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayOfWeek {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl DayOfWeek {
    /// Monday first.
    pub const ALL: [DayOfWeek; 7] = [
        DayOfWeek::Mon,
        DayOfWeek::Tue,
        DayOfWeek::Wed,
        DayOfWeek::Thu,
        DayOfWeek::Fri,
        DayOfWeek::Sat,
        DayOfWeek::Sun,
    ];

    /// 1 (Monday) to 7 (Sunday), as stored.
    pub fn number(self) -> i64 {
        self as i64 + 1
    }

    /// The day stored as `n` (1 = Monday).
    pub fn from_number(n: i64) -> Option<Self> {
        usize::try_from(n - 1)
            .ok()
            .and_then(|i| Self::ALL.get(i).copied())
    }

    /// "mon" … "sun", as serialised and named in errors.
    pub fn as_str(self) -> &'static str {
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][self as usize]
    }

    /// The weekday of a date.
    pub fn of(date: NaiveDate) -> Self {
        date.weekday().into()
    }
}

impl From<Weekday> for DayOfWeek {
    fn from(w: Weekday) -> Self {
        Self::ALL[w.num_days_from_monday() as usize]
    }
}

/// The sessions of each weekday.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekPlan {
    #[serde(default)]
    pub mon: Vec<Session>,
    #[serde(default)]
    pub tue: Vec<Session>,
    #[serde(default)]
    pub wed: Vec<Session>,
    #[serde(default)]
    pub thu: Vec<Session>,
    #[serde(default)]
    pub fri: Vec<Session>,
    #[serde(default)]
    pub sat: Vec<Session>,
    #[serde(default)]
    pub sun: Vec<Session>,
}

impl WeekPlan {
    /// The sessions of one weekday.
    pub fn day(&self, d: DayOfWeek) -> &Vec<Session> {
        match d {
            DayOfWeek::Mon => &self.mon,
            DayOfWeek::Tue => &self.tue,
            DayOfWeek::Wed => &self.wed,
            DayOfWeek::Thu => &self.thu,
            DayOfWeek::Fri => &self.fri,
            DayOfWeek::Sat => &self.sat,
            DayOfWeek::Sun => &self.sun,
        }
    }

    /// The sessions of one weekday, to edit.
    pub fn day_mut(&mut self, d: DayOfWeek) -> &mut Vec<Session> {
        match d {
            DayOfWeek::Mon => &mut self.mon,
            DayOfWeek::Tue => &mut self.tue,
            DayOfWeek::Wed => &mut self.wed,
            DayOfWeek::Thu => &mut self.thu,
            DayOfWeek::Fri => &mut self.fri,
            DayOfWeek::Sat => &mut self.sat,
            DayOfWeek::Sun => &mut self.sun,
        }
    }

    /// The same sessions on each of `days`, none on the others.
    pub fn uniform(days: &[DayOfWeek], sessions: &[Session]) -> Self {
        let mut plan = Self::default();
        for &d in days {
            *plan.day_mut(d) = sessions.to_vec();
        }
        plan
    }
}

/// A service whose issuing closes some minutes before each cutoff of the hall (for a
/// matter that takes long, so that people are not issued numbers that cannot be served).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceCutoff {
    pub service_id: i64,
    pub minutes_before: i64,
}

/// The schedule as the administrator edits it. The hall's time zone is the existing
/// `HallSettings::utc_offset_minutes` (Asia/Shanghai: +480).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleSettings {
    /// Sessions of each weekday.
    pub week: WeekPlan,
    /// Issuing and calling open this many minutes before each session (提前开放).
    pub early_open_minutes: i64,
    /// From this many minutes before a cutoff, the 12123 reminder shows.
    pub reminder_minutes: i64,
    /// Before the day's first opening, the status is "opening soon" for this long.
    pub opening_soon_minutes: i64,
    /// Numbers may be taken during the break between two sessions (then the end of the
    /// morning session is no cutoff).
    pub issue_during_lunch: bool,
    /// A make-up working day (调休) without a named weekday follows this one's plan.
    pub makeup_follows: DayOfWeek,
    /// The guidance shown instead of the issue buttons after the cutoff.
    pub guidance_text: String,
    /// The same guidance in English.
    pub guidance_text_en: String,
    /// Services whose issuing closes earlier than the hall's cutoff.
    #[serde(default)]
    pub service_cutoffs: Vec<ServiceCutoff>,
}

impl Default for ScheduleSettings {
    fn default() -> Self {
        let weekdays = [
            DayOfWeek::Mon,
            DayOfWeek::Tue,
            DayOfWeek::Wed,
            DayOfWeek::Thu,
            DayOfWeek::Fri,
        ];
        Self {
            week: WeekPlan::uniform(
                &weekdays,
                &[Session::new("09:00", "12:00"), Session::new("13:30", "17:30")],
            ),
            early_open_minutes: 10,
            reminder_minutes: 20,
            opening_soon_minutes: 60,
            issue_during_lunch: false,
            makeup_follows: DayOfWeek::Mon,
            guidance_text: "今日取号已截止。非现场交通违法（电子监控抓拍）可通过“交管12123”App在线处理，无需到厅排队。"
                .into(),
            guidance_text_en: "Numbers for today are closed. Traffic violations recorded by cameras can be handled online in the 12123 traffic app, without queuing here."
                .into(),
            service_cutoffs: Vec::new(),
        }
    }
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
