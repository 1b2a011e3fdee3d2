//! The hall's status as a pure function of the plan, the exceptions and the clock: one
//! second before and at every change, on a normal weekday, a public holiday, a make-up
//! Saturday, special hours, a lunch break with and without issuing, and a weekend booking
//! day (booked people only).

use crate::common::beijing;
use chrono::{DateTime, NaiveDate, Utc};
use frontdesk_core::schedule::{
    AppointmentWindow, DateException, DayKind, DayOfWeek, ExceptionKind, ExceptionSource,
    HallState, HallStatus, ScheduleSettings, Session, Timetable,
};
use HallState::*;

fn timetable(settings: ScheduleSettings, exceptions: &[DateException]) -> Timetable {
    Timetable::new(&settings, exceptions, 480).unwrap()
}

fn exception(date: &str, kind: ExceptionKind, source: ExceptionSource) -> DateException {
    DateException {
        id: 0,
        date: date.into(),
        kind,
        sessions: Vec::new(),
        follows: None,
        source,
        name: String::new(),
        note: String::new(),
        import_year: None,
        effective: true,
    }
}

/// (local time, status, issuing, calling, reminder)
type Row = (&'static str, HallState, bool, bool, bool);

fn at_time(date: (i32, u32, u32), hms: &str) -> DateTime<Utc> {
    let p: Vec<u32> = hms.split(':').map(|x| x.parse().unwrap()).collect();
    beijing(date.0, date.1, date.2, p[0], p[1], p[2])
}

/// Checks every row on `date` with `waiting` people waiting.
fn walk(tt: &Timetable, date: (i32, u32, u32), waiting: i64, rows: &[Row]) {
    for &(hms, state, issuing, calling, reminder) in rows {
        let s = tt.status(at_time(date, hms), waiting, 0, &[]);
        assert_eq!(
            (s.status, s.issuing_open, s.calling_open, s.reminder),
            (state, issuing, calling, reminder),
            "{date:?} {hms} with {waiting} waiting"
        );
    }
}

const MONDAY: (i32, u32, u32) = (2026, 11, 30);

#[test]
fn a_normal_weekday_nobody_waiting() {
    let tt = timetable(ScheduleSettings::default(), &[]);
    walk(
        &tt,
        MONDAY,
        0,
        &[
            ("00:00:00", Closed, false, false, false),
            ("07:49:59", Closed, false, false, false),
            ("07:50:00", OpeningSoon, false, false, false),
            ("08:49:59", OpeningSoon, false, false, false),
            ("08:50:00", EarlyOpen, true, true, false),
            ("08:59:59", EarlyOpen, true, true, false),
            ("09:00:00", Open, true, true, false),
            ("11:39:59", Open, true, true, false),
            ("11:40:00", ClosingSoon, true, true, true),
            ("11:59:59", ClosingSoon, true, true, true),
            ("12:00:00", LunchBreak, false, false, false),
            ("13:19:59", LunchBreak, false, false, false),
            ("13:20:00", EarlyOpen, true, true, false),
            ("13:29:59", EarlyOpen, true, true, false),
            ("13:30:00", Open, true, true, false),
            ("17:09:59", Open, true, true, false),
            ("17:10:00", ClosingSoon, true, true, true),
            ("17:29:59", ClosingSoon, true, true, true),
            ("17:30:00", ClosedForDay, false, false, false),
            ("23:59:59", ClosedForDay, false, false, false),
        ],
    );
    // Midnight: the next business day, closed until it opens.
    let s = tt.status(beijing(2026, 12, 1, 0, 0, 0), 0, 0, &[]);
    assert_eq!((s.status, s.business_day.as_str()), (Closed, "2026-12-01"));
}

#[test]
fn people_holding_numbers_keep_the_hall_in_extended_service() {
    let tt = timetable(ScheduleSettings::default(), &[]);
    walk(
        &tt,
        MONDAY,
        3,
        &[
            ("11:59:59", ClosingSoon, true, true, true),
            ("12:00:00", ExtendedService, false, true, false),
            ("13:19:59", ExtendedService, false, true, false),
            ("13:20:00", EarlyOpen, true, true, false),
            ("17:29:59", ClosingSoon, true, true, true),
            ("17:30:00", ExtendedService, false, true, false),
            ("23:59:59", ExtendedService, false, true, false),
        ],
    );
    // Being served counts as much as waiting.
    let s = tt.status(beijing(2026, 11, 30, 19, 0, 0), 0, 1, &[]);
    assert_eq!((s.status, s.calling_open), (ExtendedService, true));
    // Extended service ends when the queue is empty, not by the clock.
    assert_eq!(s.next_change, None);
}

#[test]
fn next_change_opening_and_cutoff_are_reported_in_local_time() {
    let tt = timetable(ScheduleSettings::default(), &[]);
    let s = tt.status(beijing(2026, 11, 30, 8, 49, 59), 0, 0, &[]);
    let next = s.next_change.unwrap();
    assert_eq!((next.status, next.at.time.as_str()), (EarlyOpen, "08:50"));
    assert_eq!(next.at.iso, "2026-11-30T08:50:00+08:00");
    assert_eq!(
        next.at.at,
        beijing(2026, 11, 30, 8, 50, 0).timestamp_millis()
    );
    assert_eq!(s.opens_at.unwrap().time, "08:50");
    assert_eq!(s.cutoff.as_ref().unwrap().time, "12:00");
    assert_eq!(s.closing.as_ref().unwrap().time, "17:30");

    let s = tt.status(beijing(2026, 11, 30, 11, 40, 0), 0, 0, &[]);
    let next = s.next_change.unwrap();
    assert_eq!((next.status, next.at.time.as_str()), (LunchBreak, "12:00"));
    assert_eq!(s.cutoff.unwrap().time, "12:00");
    assert_eq!(s.opens_at, None, "issuing is open");

    let s = tt.status(beijing(2026, 11, 30, 11, 40, 0), 2, 0, &[]);
    assert_eq!(s.next_change.unwrap().status, ExtendedService);

    let s = tt.status(beijing(2026, 11, 30, 12, 0, 0), 0, 0, &[]);
    assert_eq!(s.opens_at.as_ref().unwrap().time, "13:20");
    assert_eq!(s.cutoff.unwrap().time, "17:30", "the next window's cutoff");
    assert_eq!(s.next_change.unwrap().status, EarlyOpen);

    // After closing, the next change is tomorrow's "opening soon".
    let s = tt.status(beijing(2026, 11, 30, 17, 30, 0), 0, 0, &[]);
    let next = s.next_change.unwrap();
    assert_eq!(
        (next.status, next.at.date.as_str(), next.at.time.as_str()),
        (OpeningSoon, "2026-12-01", "07:50")
    );
    assert_eq!(s.opens_at.unwrap().iso, "2026-12-01T08:50:00+08:00");
    assert_eq!(s.cutoff, None);

    // Friday evening: the weekend is skipped.
    let s = tt.status(beijing(2026, 12, 4, 18, 0, 0), 0, 0, &[]);
    assert_eq!(s.opens_at.unwrap().date, "2026-12-07");
    assert_eq!(s.next_change.unwrap().at.date, "2026-12-07");
}

#[test]
fn the_weekend_is_closed_and_says_when_it_opens() {
    let tt = timetable(ScheduleSettings::default(), &[]);
    for hms in ["00:00:00", "08:50:00", "09:00:00", "12:00:00", "17:30:00"] {
        let s = tt.status(at_time((2026, 12, 5), hms), 0, 0, &[]);
        assert_eq!(
            (s.status, s.issuing_open),
            (Closed, false),
            "Saturday {hms}"
        );
        assert_eq!(
            s.opens_at.as_ref().unwrap().iso,
            "2026-12-07T08:50:00+08:00"
        );
        assert_eq!(s.day.kind, DayKind::Weekly);
        assert!(s.day.sessions.is_empty());
    }
}

#[test]
fn a_public_holiday_is_closed_all_day() {
    let holidays: Vec<DateException> = (1..=7)
        .map(|d| {
            let mut e = exception(
                &format!("2026-10-{d:02}"),
                ExceptionKind::Closed,
                ExceptionSource::Imported,
            );
            e.name = "国庆节".into();
            e
        })
        .collect();
    let tt = timetable(ScheduleSettings::default(), &holidays);
    let thursday = (2026, 10, 1);
    walk(
        &tt,
        thursday,
        0,
        &[
            ("00:00:00", Closed, false, false, false),
            ("08:49:59", Closed, false, false, false),
            ("08:50:00", Closed, false, false, false),
            ("09:00:00", Closed, false, false, false),
            ("11:40:00", Closed, false, false, false),
            ("12:00:00", Closed, false, false, false),
            ("13:20:00", Closed, false, false, false),
            ("17:10:00", Closed, false, false, false),
            ("17:30:00", Closed, false, false, false),
            ("23:59:59", Closed, false, false, false),
        ],
    );
    let s = tt.status(beijing(2026, 10, 1, 9, 0, 0), 0, 0, &[]);
    assert_eq!(
        (s.day.kind, s.day.name.as_str()),
        (DayKind::Closed, "国庆节")
    );
    // Open again on Thursday 8 October.
    assert_eq!(s.opens_at.unwrap().iso, "2026-10-08T08:50:00+08:00");
    let next = s.next_change.unwrap();
    assert_eq!(
        (next.status, next.at.date.as_str()),
        (OpeningSoon, "2026-10-08")
    );
    assert_eq!(s.closing, None);
    // Someone still holding a number of that day is served.
    let s = tt.status(beijing(2026, 10, 1, 9, 0, 0), 1, 0, &[]);
    assert_eq!((s.status, s.calling_open), (ExtendedService, true));
}

#[test]
fn a_make_up_saturday_runs_a_weekday_plan() {
    let mut e = exception(
        "2026-10-10",
        ExceptionKind::Workday,
        ExceptionSource::Imported,
    );
    e.name = "国庆节".into();
    let tt = timetable(ScheduleSettings::default(), &[e]);
    let saturday = (2026, 10, 10);
    walk(
        &tt,
        saturday,
        0,
        &[
            ("07:49:59", Closed, false, false, false),
            ("07:50:00", OpeningSoon, false, false, false),
            ("08:49:59", OpeningSoon, false, false, false),
            ("08:50:00", EarlyOpen, true, true, false),
            ("09:00:00", Open, true, true, false),
            ("11:39:59", Open, true, true, false),
            ("11:40:00", ClosingSoon, true, true, true),
            ("11:59:59", ClosingSoon, true, true, true),
            ("12:00:00", LunchBreak, false, false, false),
            ("13:19:59", LunchBreak, false, false, false),
            ("13:20:00", EarlyOpen, true, true, false),
            ("17:09:59", Open, true, true, false),
            ("17:10:00", ClosingSoon, true, true, true),
            ("17:29:59", ClosingSoon, true, true, true),
            ("17:30:00", ClosedForDay, false, false, false),
        ],
    );
    let s = tt.status(beijing(2026, 10, 10, 9, 0, 0), 0, 0, &[]);
    assert_eq!(
        (s.day.kind, s.day.follows, s.day.weekday),
        (DayKind::Workday, Some(DayOfWeek::Mon), DayOfWeek::Sat)
    );
    // The following Sunday is an ordinary weekend day again.
    let s = tt.status(beijing(2026, 10, 11, 9, 0, 0), 0, 0, &[]);
    assert_eq!(s.status, Closed);
}

#[test]
fn a_make_up_day_follows_the_named_weekday() {
    let mut settings = ScheduleSettings::default();
    settings.week.fri = vec![Session::new("09:00", "12:00")];
    let mut e = exception(
        "2026-10-10",
        ExceptionKind::Workday,
        ExceptionSource::Manual,
    );
    e.follows = Some(DayOfWeek::Fri);
    let tt = timetable(settings.clone(), &[e]);
    let s = tt.status(beijing(2026, 10, 10, 12, 0, 0), 0, 0, &[]);
    assert_eq!(s.status, ClosedForDay, "Friday's plan ends at noon");
    // Without a named weekday, the schedule's default is used.
    settings.makeup_follows = DayOfWeek::Fri;
    let e = exception(
        "2026-10-10",
        ExceptionKind::Workday,
        ExceptionSource::Imported,
    );
    let tt = timetable(settings, &[e]);
    assert_eq!(
        tt.status(beijing(2026, 10, 10, 12, 0, 0), 0, 0, &[]).status,
        ClosedForDay
    );
}

#[test]
fn special_hours_replace_the_plan_for_one_day() {
    let mut e = exception(
        "2026-12-31",
        ExceptionKind::SpecialHours,
        ExceptionSource::Manual,
    );
    e.sessions = vec![Session::new("09:00", "15:00")];
    let tt = timetable(ScheduleSettings::default(), &[e]);
    walk(
        &tt,
        (2026, 12, 31),
        0,
        &[
            ("08:49:59", OpeningSoon, false, false, false),
            ("08:50:00", EarlyOpen, true, true, false),
            ("09:00:00", Open, true, true, false),
            ("12:00:00", Open, true, true, false),
            ("13:20:00", Open, true, true, false),
            ("14:39:59", Open, true, true, false),
            ("14:40:00", ClosingSoon, true, true, true),
            ("14:59:59", ClosingSoon, true, true, true),
            ("15:00:00", ClosedForDay, false, false, false),
            ("17:30:00", ClosedForDay, false, false, false),
        ],
    );
    let s = tt.status(beijing(2026, 12, 31, 10, 0, 0), 0, 0, &[]);
    assert_eq!(s.day.kind, DayKind::SpecialHours);
    assert_eq!(s.closing.unwrap().time, "15:00");
}

#[test]
fn a_lunch_break_that_issues_numbers() {
    let settings = ScheduleSettings {
        issue_during_lunch: true,
        ..ScheduleSettings::default()
    };
    let tt = timetable(settings, &[]);
    let rows: [Row; 10] = [
        ("08:49:59", OpeningSoon, false, false, false),
        ("08:50:00", EarlyOpen, true, true, false),
        // The morning's end is no cutoff: no reminder before it.
        ("11:40:00", Open, true, true, false),
        ("12:00:00", LunchBreak, true, true, false),
        ("13:19:59", LunchBreak, true, true, false),
        ("13:20:00", EarlyOpen, true, true, false),
        ("13:30:00", Open, true, true, false),
        ("17:10:00", ClosingSoon, true, true, true),
        ("17:29:59", ClosingSoon, true, true, true),
        ("17:30:00", ClosedForDay, false, false, false),
    ];
    walk(&tt, MONDAY, 0, &rows);
    // People who took a number at lunch wait for the afternoon: that is no extended service.
    let s = tt.status(beijing(2026, 11, 30, 12, 30, 0), 4, 0, &[]);
    assert_eq!((s.status, s.issuing_open), (LunchBreak, true));
    assert_eq!(s.cutoff.unwrap().time, "17:30");
}

#[test]
fn a_manual_exception_beats_an_imported_one() {
    let imported = exception(
        "2026-10-02",
        ExceptionKind::Closed,
        ExceptionSource::Imported,
    );
    let manual = exception(
        "2026-10-02",
        ExceptionKind::Workday,
        ExceptionSource::Manual,
    );
    for list in [
        vec![imported.clone(), manual.clone()],
        vec![manual.clone(), imported.clone()],
    ] {
        let tt = timetable(ScheduleSettings::default(), &list);
        let s = tt.status(beijing(2026, 10, 2, 9, 0, 0), 0, 0, &[]);
        assert_eq!((s.status, s.day.kind), (Open, DayKind::Workday));
    }
}

#[test]
fn a_service_with_an_earlier_cutoff_closes_first() {
    let settings = ScheduleSettings {
        service_cutoffs: vec![frontdesk_core::schedule::ServiceCutoff {
            service_id: 3,
            minutes_before: 30,
        }],
        ..ScheduleSettings::default()
    };
    let tt = timetable(settings, &[]);
    let services = |hms| -> HallStatus { tt.status(at_time(MONDAY, hms), 0, 0, &[1, 3]) };
    let s = services("16:59:59");
    assert!(s.services.iter().all(|x| x.issuing_open));
    assert_eq!(s.services[1].cutoff.as_ref().unwrap().time, "17:00");
    assert_eq!(s.services[0].cutoff.as_ref().unwrap().time, "17:30");
    let s = services("17:00:00");
    assert!(s.issuing_open && s.services[0].issuing_open);
    assert!(!s.services[1].issuing_open);
    assert_eq!(
        s.services[1].opens_at.as_ref().unwrap().iso,
        "2026-12-01T08:50:00+08:00"
    );
    // In the morning the service closes at 11:30 and opens again with the afternoon.
    let s = services("11:30:00");
    assert!(!s.services[1].issuing_open);
    assert_eq!(s.services[1].opens_at.as_ref().unwrap().time, "13:20");
    assert!(
        tt.service_issuing(3, at_time(MONDAY, "11:29:59"))
            .issuing_open
    );
}

#[test]
fn local_time_not_utc_decides() {
    let tt = timetable(ScheduleSettings::default(), &[]);
    // 08:55 in Beijing is 00:55 UTC: early open on Monday 30 November, not the small hours.
    let t = DateTime::parse_from_rfc3339("2026-11-30T00:55:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let s = tt.status(t, 0, 0, &[]);
    assert_eq!(
        (s.status, s.business_day.as_str()),
        (EarlyOpen, "2026-11-30")
    );
    // 07:59 Beijing on Tuesday is still Monday in UTC: Tuesday's business day, closed.
    let t = DateTime::parse_from_rfc3339("2026-11-30T23:59:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let s = tt.status(t, 0, 0, &[]);
    assert_eq!(
        (s.status, s.business_day.as_str()),
        (OpeningSoon, "2026-12-01")
    );
}

#[test]
fn a_session_may_run_to_midnight() {
    let tt = timetable(ScheduleSettings::always_open(), &[]);
    let s = tt.status(beijing(2026, 11, 30, 23, 59, 59), 0, 0, &[]);
    assert_eq!((s.status, s.issuing_open), (ClosingSoon, true));
    assert_eq!(s.cutoff.as_ref().unwrap().iso, "2026-12-01T00:00:00+08:00");
    let next = s.next_change.unwrap();
    assert_eq!(
        (next.status, next.at.iso.as_str()),
        (Open, "2026-12-01T00:00:00+08:00")
    );
    let s = tt.status(beijing(2026, 12, 1, 0, 0, 0), 0, 0, &[]);
    assert_eq!((s.status, s.issuing_open), (Open, true));
}

#[test]
fn status_serialises_in_snake_case() {
    let tt = timetable(ScheduleSettings::default(), &[]);
    let s = tt.status(beijing(2026, 11, 30, 17, 30, 0), 2, 1, &[1]);
    let v = serde_json::to_value(&s).unwrap();
    assert_eq!(v["status"], "extended_service");
    assert_eq!(v["issuing_open"], false);
    assert_eq!(v["calling_open"], true);
    assert_eq!(v["waiting"], 2);
    assert_eq!(v["serving"], 1);
    assert_eq!(v["day"]["kind"], "weekly");
    assert_eq!(v["day"]["weekday"], "mon");
    assert_eq!(v["closing"]["time"], "17:30");
    assert_eq!(v["opens_at"]["date"], "2026-12-01");
    assert_eq!(v["services"][0]["issuing_open"], false);
    let plan = serde_json::to_value(ScheduleSettings::default()).unwrap();
    assert_eq!(plan["week"]["mon"][1]["start"], "13:30");
    assert_eq!(plan["makeup_follows"], "mon");
}

const SATURDAY: (i32, u32, u32) = (2026, 12, 5);

/// Check-in from `opens` to `closes` (minutes after midnight) on `date`.
fn booking_day(date: (i32, u32, u32), opens_min: i64, closes_min: i64) -> AppointmentWindow {
    AppointmentWindow {
        date: NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap(),
        opens_min,
        closes_min,
    }
}

/// Saturday 2026-12-05: slots 09:00–11:00, check-in from 08:30 to 11:15 (11:00 + grace).
fn booking_saturday(exceptions: &[DateException]) -> Timetable {
    timetable(ScheduleSettings::default(), exceptions).with_appointments(&[booking_day(
        SATURDAY,
        8 * 60 + 30,
        11 * 60 + 15,
    )])
}

#[test]
fn a_booking_saturday_is_open_for_booked_people_only() {
    let tt = booking_saturday(&[]);
    walk(
        &tt,
        SATURDAY,
        0,
        &[
            ("00:00:00", Closed, false, false, false),
            ("07:29:59", Closed, false, false, false),
            ("07:30:00", OpeningSoon, false, false, false),
            ("08:29:59", OpeningSoon, false, false, false),
            // Check-in opens: booked people only; no walk-in numbers, counters call.
            ("08:30:00", AppointmentsOnly, false, true, false),
            ("09:00:00", AppointmentsOnly, false, true, false),
            ("11:14:59", AppointmentsOnly, false, true, false),
            // The last slot plus its grace time is over.
            ("11:15:00", ClosedForDay, false, false, false),
            ("23:59:59", ClosedForDay, false, false, false),
        ],
    );
    // Someone still holds a number after the booking day: extended service, as usual.
    walk(
        &tt,
        SATURDAY,
        2,
        &[
            ("08:30:00", AppointmentsOnly, false, true, false),
            ("11:14:59", AppointmentsOnly, false, true, false),
            ("11:15:00", ExtendedService, false, true, false),
            ("20:00:00", ExtendedService, false, true, false),
        ],
    );
    let s = tt.status(beijing(2026, 12, 5, 9, 5, 0), 1, 0, &[1]);
    let day = s.appointment_day.clone().unwrap();
    assert_eq!(
        (day.check_in_opens.time.as_str(), day.closes.time.as_str()),
        ("08:30", "11:15")
    );
    // Walk-in issuing opens again on Monday, for the hall and for each service.
    assert_eq!(s.opens_at.unwrap().iso, "2026-12-07T08:50:00+08:00");
    assert!(!s.services[0].issuing_open);
    assert_eq!(s.cutoff, None);
    assert_eq!(s.closing, None, "no walk-in session today");
    let next = s.next_change.unwrap();
    assert_eq!(
        (next.status, next.at.time.as_str()),
        (ExtendedService, "11:15")
    );
    let s = tt.status(beijing(2026, 12, 5, 9, 5, 0), 0, 0, &[]);
    assert_eq!(s.next_change.unwrap().status, ClosedForDay);
    let next = tt
        .status(beijing(2026, 12, 5, 8, 0, 0), 0, 0, &[])
        .next_change
        .unwrap();
    assert_eq!(
        (next.status, next.at.time.as_str()),
        (AppointmentsOnly, "08:30")
    );
    // From Friday evening the next change is the booking day, not Monday.
    let next = tt
        .status(beijing(2026, 12, 4, 18, 0, 0), 0, 0, &[])
        .next_change
        .unwrap();
    assert_eq!(
        (next.status, next.at.iso.as_str()),
        (OpeningSoon, "2026-12-05T07:30:00+08:00")
    );
    // Sunday is an ordinary weekend day.
    let s = tt.status(beijing(2026, 12, 6, 9, 0, 0), 0, 0, &[]);
    assert_eq!((s.status, s.appointment_day), (Closed, None));
    let v = serde_json::to_value(tt.status(beijing(2026, 12, 5, 9, 0, 0), 0, 0, &[])).unwrap();
    assert_eq!(v["status"], "appointments_only");
    assert_eq!(v["appointment_day"]["closes"]["time"], "11:15");
}

#[test]
fn a_booking_session_on_a_day_with_sessions_leaves_the_plan_alone() {
    // A make-up working Saturday: the weekday plan runs; check-in works on its own.
    let e = exception(
        "2026-12-05",
        ExceptionKind::Workday,
        ExceptionSource::Manual,
    );
    let tt = booking_saturday(&[e]);
    walk(
        &tt,
        SATURDAY,
        0,
        &[
            ("08:30:00", OpeningSoon, false, false, false),
            ("08:50:00", EarlyOpen, true, true, false),
            ("09:00:00", Open, true, true, false),
            ("12:00:00", LunchBreak, false, false, false),
        ],
    );
    let s = tt.status(beijing(2026, 12, 5, 9, 0, 0), 0, 0, &[]);
    assert_eq!(s.appointment_day, None);
    // A weekday with a booking session (opened by mistake) keeps its plan as well.
    let tt = timetable(ScheduleSettings::default(), &[]).with_appointments(&[booking_day(
        MONDAY,
        14 * 60,
        16 * 60,
    )]);
    walk(
        &tt,
        MONDAY,
        0,
        &[
            ("14:00:00", Open, true, true, false),
            ("17:30:00", ClosedForDay, false, false, false),
        ],
    );
}

#[test]
fn booking_windows_merge_and_stay_within_the_day() {
    // Two sessions make one day; a window before midnight or past 24:00 is clamped.
    let tt = timetable(ScheduleSettings::default(), &[]).with_appointments(&[
        booking_day(SATURDAY, 14 * 60, 16 * 60),
        booking_day(SATURDAY, -30, 10 * 60),
        booking_day((2026, 12, 6), 23 * 60, 24 * 60 + 15),
        booking_day((2026, 12, 12), 600, 600),
    ]);
    walk(
        &tt,
        SATURDAY,
        0,
        &[
            ("00:00:00", AppointmentsOnly, false, true, false),
            // Between the two sessions the booking day goes on.
            ("12:00:00", AppointmentsOnly, false, true, false),
            ("15:59:59", AppointmentsOnly, false, true, false),
            ("16:00:00", ClosedForDay, false, false, false),
        ],
    );
    walk(
        &tt,
        (2026, 12, 6),
        0,
        &[
            ("21:59:59", Closed, false, false, false),
            ("22:00:00", OpeningSoon, false, false, false),
            ("23:00:00", AppointmentsOnly, false, true, false),
            ("23:59:59", AppointmentsOnly, false, true, false),
        ],
    );
    let s = tt.status(beijing(2026, 12, 6, 23, 0, 0), 0, 0, &[]);
    assert_eq!(
        s.appointment_day.unwrap().closes.iso,
        "2026-12-07T00:00:00+08:00"
    );
    // An empty window is no booking day.
    let s = tt.status(beijing(2026, 12, 12, 10, 0, 0), 0, 0, &[]);
    assert_eq!((s.status, s.appointment_day), (Closed, None));
}
