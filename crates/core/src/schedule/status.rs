//! The hall's status as a pure function of the timetable, the clock and the number of
//! people holding a number (waiting or being served today).
//!
//! For a day with sessions S1..Sn (local time), early open E, reminder R, opening-soon W:
//! - issuing windows: each session from `start - E` (never before the previous session's
//!   end nor before midnight) to its end, the cutoff; with `issue_during_lunch` one
//!   window from the first opening to the last end (the morning end is then no cutoff);
//! - in a window: `early_open` before the session starts, `lunch_break` in a break that
//!   issues, `open` in a session, `closing_soon` in a session from `cutoff - R` on;
//!   `reminder` (the 12123 banner) is true from `cutoff - R` to the cutoff;
//! - outside the windows: before the first opening `opening_soon` within W minutes of it,
//!   else `closed`; later, `extended_service` while anyone waits or is being served
//!   (calling never closes while anyone waits), else `lunch_break` between sessions and
//!   `closed_for_day` after the last one;
//! - a day without sessions (holiday, weekend) is `closed`, or `extended_service` while
//!   anyone still holds a number of that day;
//! - a day without sessions but with booking sessions (a weekend booking day, see
//!   [`AppointmentWindow`]) is open for booked people only: `appointments_only` from
//!   check-in opening before the first slot until the end of the last slot plus the grace
//!   time (walk-in issuing stays closed, calling is open); before it `opening_soon` within
//!   W minutes of it, else `closed`; after it `extended_service` while anyone holds a
//!   number, else `closed_for_day`. A day with sessions (a make-up working day) runs its
//!   sessions as usual: check-in does not depend on the status;
//! - people of an earlier business day still holding a number after midnight (see
//!   `crate::open_days`) keep the hall in `extended_service` wherever it would otherwise
//!   be closed (`closed`, `opening_soon`, `lunch_break`, `closed_for_day`): the status
//!   lists them in `carried_over`, and `waiting` and `serving` count them;
//! - `calling_open` is `issuing_open`, `appointments_only` or anyone holding a number;
//! - boundaries are half-open: at 17:30:00 the 09:00–17:30 session has ended.
//!
//! The next change is the first schedule boundary where the status differs, assuming the
//! people holding numbers now still do; extended service has no next change by the clock
//! (it ends when the queue empties), and the midnight roll-over from `closed_for_day` to
//! `closed` is not announced.

use super::calendar::Timetable;
use crate::model::schedule::{
    AppointmentDay, AppointmentWindow, CarriedDay, HallState, HallStatus, LocalInstant,
    ServiceIssuing, StatusChange,
};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Timelike, Utc};

/// Days searched ahead for the next opening (the Spring Festival closes for nine).
const LOOKAHEAD_DAYS: i64 = 60;
const DAY_SECONDS: u32 = 86_400;

/// One day's sessions and issuing windows in seconds after local midnight.
struct Shape {
    sessions: Vec<(u32, u32)>,
    /// Early open of each session.
    opens: Vec<u32>,
    windows: Vec<(u32, u32)>,
    /// A booking day without sessions: from check-in opening to the last slot's grace end.
    appointments: Option<(u32, u32)>,
}

struct Eval {
    state: HallState,
    issuing: bool,
    reminder: bool,
}

impl Timetable {
    fn shape(&self, date: NaiveDate) -> Shape {
        let spans = self.spans(date);
        let early = self.rules.early * 60;
        let sessions: Vec<(u32, u32)> = spans.iter().map(|s| (s.start * 60, s.end * 60)).collect();
        let mut opens = Vec::with_capacity(sessions.len());
        let mut prev_end = 0;
        for &(start, end) in &sessions {
            opens.push(start.saturating_sub(early).max(prev_end));
            prev_end = end;
        }
        let windows = match (sessions.last(), opens.first()) {
            (Some(&(_, last_end)), Some(&first_open)) if self.rules.lunch_issue => {
                vec![(first_open, last_end)]
            }
            _ => opens
                .iter()
                .zip(&sessions)
                .map(|(&o, &(_, e))| (o, e))
                .collect(),
        };
        // A day with sessions runs them; check-in works on its own on such a day.
        let appointments = if sessions.is_empty() {
            self.appointments.get(&date).copied()
        } else {
            None
        };
        Shape {
            sessions,
            opens,
            windows,
            appointments,
        }
    }

    /// Before the day's first opening at `first`: `opening_soon` within W minutes of it.
    fn before(&self, t: u32, first: u32) -> HallState {
        if t + self.rules.opening_soon * 60 >= first {
            HallState::OpeningSoon
        } else {
            HallState::Closed
        }
    }

    fn eval(&self, sh: &Shape, t: u32, active: bool) -> Eval {
        let closed = |state| Eval {
            state,
            issuing: false,
            reminder: false,
        };
        if let Some((opens, closes)) = sh.appointments {
            return closed(if t < opens {
                self.before(t, opens)
            } else if t < closes {
                HallState::AppointmentsOnly
            } else if active {
                HallState::ExtendedService
            } else {
                HallState::ClosedForDay
            });
        }
        let (Some(&(first, _)), Some(&(_, last))) = (sh.windows.first(), sh.windows.last()) else {
            return closed(if active {
                HallState::ExtendedService
            } else {
                HallState::Closed
            });
        };
        if let Some(&(_, b)) = sh.windows.iter().find(|&&(a, b)| a <= t && t < b) {
            let reminder = self.rules.reminder > 0 && t + self.rules.reminder * 60 >= b;
            let in_session = sh.sessions.iter().any(|&(s, e)| s <= t && t < e);
            let early = sh
                .opens
                .iter()
                .zip(&sh.sessions)
                .any(|(&o, &(s, _))| o <= t && t < s);
            let state = if in_session {
                if reminder {
                    HallState::ClosingSoon
                } else {
                    HallState::Open
                }
            } else if early {
                HallState::EarlyOpen
            } else {
                HallState::LunchBreak
            };
            return Eval {
                state,
                issuing: true,
                reminder,
            };
        }
        closed(if t < first {
            self.before(t, first)
        } else if active {
            HallState::ExtendedService
        } else if t >= last {
            HallState::ClosedForDay
        } else {
            HallState::LunchBreak
        })
    }

    /// The local date and seconds after local midnight of an instant.
    fn local(&self, now: DateTime<Utc>) -> (NaiveDate, u32) {
        let l = now.with_timezone(&self.offset);
        (l.date_naive(), l.num_seconds_from_midnight())
    }

    fn instant(&self, date: NaiveDate, secs: u32) -> LocalInstant {
        let naive = date.and_time(chrono::NaiveTime::MIN) + Duration::seconds(secs.into());
        let dt = self
            .offset
            .from_local_datetime(&naive)
            .single()
            .expect("a fixed offset maps every local time once");
        LocalInstant {
            at: dt.timestamp_millis(),
            iso: dt.to_rfc3339(),
            date: dt.format("%Y-%m-%d").to_string(),
            time: dt.format("%H:%M").to_string(),
        }
    }

    /// Where the status may change on a day, in order.
    fn boundaries(&self, sh: &Shape) -> Vec<u32> {
        let mut c = Vec::new();
        if let Some(&(first, _)) = sh.windows.first() {
            c.push(first.saturating_sub(self.rules.opening_soon * 60));
        }
        for (&o, &(s, e)) in sh.opens.iter().zip(&sh.sessions) {
            c.extend([o, s, e]);
        }
        for &(_, b) in &sh.windows {
            c.extend([b.saturating_sub(self.rules.reminder * 60), b]);
        }
        if let Some((opens, closes)) = sh.appointments {
            c.extend([
                opens.saturating_sub(self.rules.opening_soon * 60),
                opens,
                closes,
            ]);
        }
        c.retain(|&x| x < DAY_SECONDS);
        c.sort_unstable();
        c.dedup();
        c
    }

    /// [`Self::eval`], with people of an earlier day still holding numbers (`carried`):
    /// they keep a hall that would be closed in extended service.
    fn eval_carrying(&self, sh: &Shape, t: u32, active: bool, carried: bool) -> Eval {
        let e = self.eval(sh, t, active);
        if carried && !e.issuing && e.state != HallState::AppointmentsOnly {
            return Eval {
                state: HallState::ExtendedService,
                ..e
            };
        }
        e
    }

    fn next_change(
        &self,
        date: NaiveDate,
        t: u32,
        sh: &Shape,
        (active, carried): (bool, bool),
        now: HallState,
    ) -> Option<StatusChange> {
        for c in self.boundaries(sh).into_iter().filter(|&c| c > t) {
            let e = self.eval_carrying(sh, c, active, carried);
            if e.state != now {
                return Some(StatusChange {
                    status: e.state,
                    at: self.instant(date, c),
                });
            }
        }
        if now == HallState::ExtendedService {
            return None;
        }
        for d in 1..=LOOKAHEAD_DAYS {
            let day = date + Duration::days(d);
            let sh = self.shape(day);
            for c in self.boundaries(&sh) {
                // Numbers belong to their business day: nobody holds one of a later day.
                let e = self.eval(&sh, c, false);
                if e.state != now {
                    return Some(StatusChange {
                        status: e.state,
                        at: self.instant(day, c),
                    });
                }
            }
        }
        None
    }

    /// The issuing window of a service that holds `t`: (opening, its cutoff).
    fn open_window(&self, sh: &Shape, t: u32, before: u32) -> Option<(u32, u32)> {
        sh.windows
            .iter()
            .map(|&(a, b)| (a, b.saturating_sub(before)))
            .find(|&(a, b)| a <= t && t < b)
    }

    /// When a service (cutoff `before` seconds early) opens next after `t` on `date`.
    fn next_open(&self, date: NaiveDate, t: u32, before: u32) -> Option<LocalInstant> {
        let usable = |&&(a, b): &&(u32, u32)| b.saturating_sub(before) > a;
        let sh = self.shape(date);
        if let Some(&(a, _)) = sh.windows.iter().filter(usable).find(|&&(a, _)| a > t) {
            return Some(self.instant(date, a));
        }
        (1..=LOOKAHEAD_DAYS).find_map(|d| {
            let day = date + Duration::days(d);
            let sh = self.shape(day);
            let a = sh.windows.iter().find(usable)?.0;
            Some(self.instant(day, a))
        })
    }

    fn service_at(&self, date: NaiveDate, t: u32, sh: &Shape, service_id: i64) -> ServiceIssuing {
        let before = self.rules.cutoffs.get(&service_id).copied().unwrap_or(0) * 60;
        match self.open_window(sh, t, before) {
            Some((_, cut)) => ServiceIssuing {
                service_id,
                issuing_open: true,
                cutoff: Some(self.instant(date, cut)),
                opens_at: None,
            },
            None => ServiceIssuing {
                service_id,
                issuing_open: false,
                cutoff: None,
                opens_at: self.next_open(date, t, before),
            },
        }
    }

    /// Whether a service may issue at `now` (its own earlier cutoff included).
    pub fn service_issuing(&self, service_id: i64, now: DateTime<Utc>) -> ServiceIssuing {
        let (date, t) = self.local(now);
        self.service_at(date, t, &self.shape(date), service_id)
    }

    /// The hall's status at `now` with `waiting` people waiting and `serving` being
    /// served today; `service_ids` lists the services to report on, in desk order.
    pub fn status(
        &self,
        now: DateTime<Utc>,
        waiting: i64,
        serving: i64,
        service_ids: &[i64],
    ) -> HallStatus {
        self.status_carrying(now, (waiting, serving), Vec::new(), service_ids)
    }

    /// [`Self::status`] with today's `(waiting, serving)` and the earlier days still being
    /// served (`carried`).
    pub fn status_carrying(
        &self,
        now: DateTime<Utc>,
        (today_waiting, today_serving): (i64, i64),
        carried: Vec<CarriedDay>,
        service_ids: &[i64],
    ) -> HallStatus {
        let (date, t) = self.local(now);
        let sh = self.shape(date);
        let waiting = today_waiting + carried.iter().map(|d| d.waiting).sum::<i64>();
        let serving = today_serving + carried.iter().map(|d| d.serving).sum::<i64>();
        let active = waiting + serving > 0;
        let is_carrying = !carried.is_empty();
        let e = self.eval_carrying(&sh, t, active, is_carrying);
        let cutoff = sh
            .windows
            .iter()
            .find(|&&(_, b)| t < b)
            .map(|&(_, b)| self.instant(date, b));
        HallStatus {
            status: e.state,
            business_day: date.to_string(),
            day: self.day(date),
            issuing_open: e.issuing,
            calling_open: e.issuing || active || e.state == HallState::AppointmentsOnly,
            reminder: e.reminder,
            waiting,
            serving,
            carried_over: carried,
            cutoff,
            closing: sh.sessions.last().map(|&(_, end)| self.instant(date, end)),
            opens_at: if e.issuing {
                None
            } else {
                self.next_open(date, t, 0)
            },
            next_change: self.next_change(date, t, &sh, (active, is_carrying), e.state),
            services: service_ids
                .iter()
                .map(|&id| self.service_at(date, t, &sh, id))
                .collect(),
            appointment_day: sh.appointments.map(|(opens, closes)| AppointmentDay {
                check_in_opens: self.instant(date, opens),
                closes: self.instant(date, closes),
            }),
        }
    }

    /// Adds the booking days (from the booking tables) to the timetable: a date without
    /// sessions that has one is open for booked people only. Several windows of one date
    /// make one day, from the earliest opening to the latest closing.
    pub fn with_appointments(mut self, windows: &[AppointmentWindow]) -> Self {
        let secs = |min: i64| (min.clamp(0, i64::from(DAY_SECONDS / 60)) * 60) as u32;
        for w in windows {
            let (opens, closes) = (secs(w.opens_min), secs(w.closes_min));
            if opens >= closes {
                continue;
            }
            self.appointments
                .entry(w.date)
                .and_modify(|(a, b)| {
                    *a = (*a).min(opens);
                    *b = (*b).max(closes);
                })
                .or_insert((opens, closes));
        }
        self
    }

    /// The end of the last session on `date`, if it has any.
    pub fn closing(&self, date: NaiveDate) -> Option<LocalInstant> {
        self.spans(date)
            .last()
            .map(|s| self.instant(date, s.end * 60))
    }
}
