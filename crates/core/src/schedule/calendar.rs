//! Date exceptions (closed, special hours, make-up working day) and the timetable that
//! resolves each date to its sessions: a manual exception beats an imported one, an
//! exception beats the weekly plan.

use super::plan::{check_sessions, Rules, Span};
use crate::dates::parse_calendar_date;
use crate::error::{Error, Result};
use crate::model::schedule::{
    DateException, DayInfo, DayKind, DayOfWeek, ExceptionInput, ExceptionKind, ExceptionSource,
    ScheduleSettings,
};
use chrono::{FixedOffset, NaiveDate};
use std::collections::BTreeMap;

/// A checked exception, ready to store.
pub(crate) struct CheckedException {
    pub date: NaiveDate,
    pub kind: ExceptionKind,
    pub spans: Vec<Span>,
    pub follows: Option<DayOfWeek>,
    pub name: String,
    pub note: String,
}

impl ExceptionInput {
    /// Checks the input; nothing is written when it is wrong.
    pub(crate) fn check(&self) -> Result<CheckedException> {
        let date = parse_calendar_date("date", &self.date)?;
        let spans = match self.kind {
            ExceptionKind::SpecialHours => {
                if self.sessions.is_empty() {
                    return Err(Error::Empty { field: "sessions" });
                }
                check_sessions(&date.to_string(), &self.sessions)?
            }
            _ => Vec::new(),
        };
        Ok(CheckedException {
            date,
            kind: self.kind,
            spans,
            follows: match self.kind {
                ExceptionKind::Workday => self.follows,
                _ => None,
            },
            name: crate::validate::text("name", &self.name, 20)?,
            note: crate::validate::text("note", &self.note, 100)?,
        })
    }
}

#[derive(Debug, Clone)]
pub(crate) struct DayRule {
    pub kind: ExceptionKind,
    pub spans: Vec<Span>,
    pub follows: Option<DayOfWeek>,
    pub name: String,
    pub source: ExceptionSource,
}

/// The plan, the exceptions, the booking days and the hall's time zone: everything the
/// status is a pure function of (with the clock and the number of people holding a number).
#[derive(Debug, Clone)]
pub struct Timetable {
    pub(crate) rules: Rules,
    pub(crate) offset: FixedOffset,
    pub(crate) exceptions: BTreeMap<NaiveDate, DayRule>,
    /// Booking days: (check-in opens, the last slot's check-in closes) in seconds after
    /// local midnight (see `with_appointments`).
    pub(crate) appointments: BTreeMap<NaiveDate, (u32, u32)>,
}

impl Timetable {
    /// Builds a timetable; `exceptions` may hold a manual and an imported exception for
    /// one date: the manual one wins. `utc_offset_minutes` is the hall's time zone.
    pub fn new(
        settings: &ScheduleSettings,
        exceptions: &[DateException],
        utc_offset_minutes: i32,
    ) -> Result<Self> {
        let rules = settings.rules()?;
        let offset = FixedOffset::east_opt(utc_offset_minutes * 60).ok_or(Error::OutOfRange {
            field: "utc_offset_minutes",
            min: -720,
            max: 840,
        })?;
        let mut map: BTreeMap<NaiveDate, DayRule> = BTreeMap::new();
        for e in exceptions {
            let date = parse_calendar_date("date", &e.date)?;
            let spans = match e.kind {
                ExceptionKind::SpecialHours => check_sessions(&e.date, &e.sessions)?,
                _ => Vec::new(),
            };
            let rule = DayRule {
                kind: e.kind,
                spans,
                follows: e.follows,
                name: e.name.clone(),
                source: e.source,
            };
            match map.get(&date) {
                Some(old)
                    if old.source == ExceptionSource::Manual
                        && e.source == ExceptionSource::Imported => {}
                _ => {
                    map.insert(date, rule);
                }
            }
        }
        Ok(Self {
            rules,
            offset,
            exceptions: map,
            appointments: BTreeMap::new(),
        })
    }

    /// The hall's time zone.
    pub fn offset(&self) -> FixedOffset {
        self.offset
    }

    /// The sessions that run on `date`.
    pub(crate) fn spans(&self, date: NaiveDate) -> &[Span] {
        match self.exceptions.get(&date) {
            None => &self.rules.week[DayOfWeek::of(date) as usize],
            Some(r) => match r.kind {
                ExceptionKind::Closed => &[],
                ExceptionKind::SpecialHours => &r.spans,
                ExceptionKind::Workday => {
                    &self.rules.week[r.follows.unwrap_or(self.rules.makeup_follows) as usize]
                }
            },
        }
    }

    /// How `date` runs and why.
    pub fn day(&self, date: NaiveDate) -> DayInfo {
        let sessions = self.spans(date).iter().map(|s| s.session()).collect();
        let weekday = DayOfWeek::of(date);
        let date_s = date.to_string();
        match self.exceptions.get(&date) {
            None => DayInfo {
                date: date_s,
                weekday,
                kind: DayKind::Weekly,
                name: String::new(),
                follows: None,
                source: None,
                sessions,
            },
            Some(r) => DayInfo {
                date: date_s,
                weekday,
                kind: match r.kind {
                    ExceptionKind::Closed => DayKind::Closed,
                    ExceptionKind::SpecialHours => DayKind::SpecialHours,
                    ExceptionKind::Workday => DayKind::Workday,
                },
                name: r.name.clone(),
                follows: (r.kind == ExceptionKind::Workday)
                    .then(|| r.follows.unwrap_or(self.rules.makeup_follows)),
                source: Some(r.source),
                sessions,
            },
        }
    }
}
