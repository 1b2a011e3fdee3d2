//! A day in the hall with the schedule: issuing opens ten minutes early, closes at the
//! cutoff (in the same transaction that would write the ticket), everyone holding a
//! number is served however late, and the day can only be ended when the queue is empty.

use crate::common::*;
use chrono::{DateTime, Duration, Utc};
use frontdesk_core::schedule::{ExceptionInput, ExceptionKind, ServiceCutoff};
use frontdesk_core::{Error, HallEvent, HallState, IssueRequest, IssuedTicket, ScheduleSettings};

async fn try_issue(h: &TestHall, prefix: &str) -> Result<IssuedTicket, Error> {
    let service_id = h.service_id(prefix).await;
    h.hall
        .issue_ticket(IssueRequest {
            service_id,
            priority: false,
            station: String::new(),
            request_id: None,
        })
        .await
}

async fn status(h: &TestHall) -> frontdesk_core::HallStatus {
    h.hall.hall_status().await.unwrap()
}

fn refused_closed(res: Result<IssuedTicket, Error>) -> (String, Option<String>) {
    match res {
        Err(Error::IssuingClosed { status, opens_at }) => (status, opens_at),
        other => panic!("expected issuing_closed, got {other:?}"),
    }
}

#[tokio::test]
async fn issuing_opens_ten_minutes_early_and_nothing_is_written_before() {
    let h = hall_at(beijing(2026, 11, 30, 8, 49, 59)).await;
    let before = h.row_counts().await;
    let err = try_issue(&h, "A").await.unwrap_err();
    assert_eq!(err.code(), "issuing_closed");
    let json = serde_json::to_value(&err).unwrap();
    assert_eq!(json["params"]["status"], "opening_soon");
    assert_eq!(json["params"]["opens_at"], "2026-11-30T08:50:00+08:00");
    assert_eq!(json["params"]["opens_time"], "08:50");
    assert_eq!(json["params"]["opens_date"], "2026-11-30");
    assert_eq!(
        h.row_counts().await,
        before,
        "a refused issue writes nothing"
    );

    h.clock.set(beijing(2026, 11, 30, 8, 50, 0));
    let t = try_issue(&h, "A").await.unwrap();
    assert_eq!(t.ticket.number, "A001");
    assert_eq!(status(&h).await.status, HallState::EarlyOpen);
}

#[tokio::test]
async fn issuing_closes_at_the_cutoff_instant_and_the_last_ticket_is_served_however_late() {
    let h = hall_at(beijing(2026, 11, 30, 17, 29, 59)).await;
    let c = h.open(2).await;
    let last = try_issue(&h, "A").await.unwrap();
    assert_eq!(last.ticket.number, "A001");

    h.clock.set(beijing(2026, 11, 30, 17, 30, 0));
    let before = h.row_counts().await;
    let (st, opens) = refused_closed(try_issue(&h, "A").await);
    assert_eq!(st, "extended_service");
    assert_eq!(opens.as_deref(), Some("2026-12-01T08:50:00+08:00"));
    assert_eq!(h.row_counts().await, before);

    let s = status(&h).await;
    assert_eq!(
        (
            s.status,
            s.issuing_open,
            s.calling_open,
            s.waiting,
            s.serving
        ),
        (HallState::ExtendedService, false, true, 1, 0)
    );

    // Half past seven in the evening: the clerk is still there and calls A001.
    h.clock.set(beijing(2026, 11, 30, 19, 0, 0));
    let called = h.hall.call_next(c).await.unwrap().called.unwrap();
    assert_eq!(called.number, "A001");
    let s = status(&h).await;
    assert_eq!(
        (s.status, s.waiting, s.serving),
        (HallState::ExtendedService, 0, 1)
    );

    // Ending the day is refused while A001 is being served, and says who.
    let err = h.hall.end_day("desk").await.unwrap_err();
    match &err {
        Error::QueueNotEmpty { count, numbers, .. } => {
            assert_eq!((*count, numbers.as_slice()), (1, &["A001".to_string()][..]))
        }
        other => panic!("expected queue_not_empty, got {other:?}"),
    }
    assert_eq!(err.code(), "queue_not_empty");

    h.clock.set(beijing(2026, 11, 30, 19, 20, 30));
    h.hall.finish(c, called.id).await.unwrap();
    assert_eq!(status(&h).await.status, HallState::ClosedForDay);

    let mut events = h.hall.subscribe();
    let record = h.hall.end_day("desk").await.unwrap();
    assert_eq!(record.business_day, "2026-11-30");
    assert_eq!(record.closing.unwrap().time, "17:30");
    assert_eq!((record.issued, record.served), (1, 1));
    assert_eq!(record.served_after_closing, 1);
    assert_eq!(
        record.minutes_past_closing, 111,
        "19:20:30 is 110.5 minutes past 17:30"
    );
    assert_eq!(record.last_finished.unwrap().time, "19:20");
    assert!(record.ended_at.is_some());
    // Every counter is closed, and screens hear the status.
    let counters = h.hall.counters().await.unwrap();
    assert!(counters
        .iter()
        .all(|c| c.state == frontdesk_core::CounterState::Closed));
    let mut saw_status = false;
    while let Ok(e) = events.try_recv() {
        if let HallEvent::Status { status } = e {
            assert_eq!(status.status, HallState::ClosedForDay);
            saw_status = true;
        }
    }
    assert!(saw_status);
}

#[tokio::test]
async fn a_repeated_press_across_the_cutoff_returns_the_ticket_already_issued() {
    let h = hall_at(beijing(2026, 11, 30, 17, 29, 59)).await;
    let service_id = h.service_id("A").await;
    let press = || IssueRequest {
        service_id,
        priority: false,
        station: "desk-1".into(),
        request_id: None,
    };
    let first = h.hall.issue_ticket(press()).await.unwrap();
    h.clock.advance(Duration::milliseconds(1200)); // 17:30:00.2, within the double click
    let again = h.hall.issue_ticket(press()).await.unwrap();
    assert!(again.repeated);
    assert_eq!(again.ticket.id, first.ticket.id);
}

#[tokio::test]
async fn the_lunch_break_refuses_numbers_unless_it_issues() {
    let h = hall_at(beijing(2026, 11, 30, 11, 59, 59)).await;
    try_issue(&h, "B").await.unwrap();
    h.clock.set(beijing(2026, 11, 30, 12, 0, 0));
    let (st, opens) = refused_closed(try_issue(&h, "B").await);
    assert_eq!(st, "extended_service", "B001 still waits");
    assert_eq!(opens.as_deref(), Some("2026-11-30T13:20:00+08:00"));
    h.clock.set(beijing(2026, 11, 30, 13, 20, 0));
    assert_eq!(try_issue(&h, "B").await.unwrap().ticket.number, "B002");

    let settings = ScheduleSettings {
        issue_during_lunch: true,
        ..h.hall.schedule_settings().await.unwrap()
    };
    h.hall
        .save_schedule_settings(&crate::common::staff(&h.hall).await, settings)
        .await
        .unwrap();
    h.clock.set(beijing(2026, 11, 30, 12, 30, 0));
    assert_eq!(try_issue(&h, "B").await.unwrap().ticket.number, "B003");
    assert_eq!(status(&h).await.status, HallState::LunchBreak);
}

#[tokio::test]
async fn a_service_with_an_earlier_cutoff_refuses_while_others_still_issue() {
    let h = hall_at(beijing(2026, 11, 30, 16, 59, 59)).await;
    let c_id = h.service_id("C").await;
    let mut settings = h.hall.schedule_settings().await.unwrap();
    settings.service_cutoffs = vec![ServiceCutoff {
        service_id: c_id,
        minutes_before: 30,
    }];
    h.hall
        .save_schedule_settings(&crate::common::staff(&h.hall).await, settings)
        .await
        .unwrap();
    try_issue(&h, "C").await.unwrap();
    h.clock.set(beijing(2026, 11, 30, 17, 0, 0));
    let before = h.row_counts().await;
    let err = try_issue(&h, "C").await.unwrap_err();
    match &err {
        Error::ServiceCutoff {
            prefix,
            cutoff,
            opens_at,
        } => {
            assert_eq!((prefix.as_str(), cutoff.as_str()), ("C", "17:00"));
            assert_eq!(opens_at.as_deref(), Some("2026-12-01T08:50:00+08:00"));
        }
        other => panic!("expected service_cutoff, got {other:?}"),
    }
    assert_eq!(err.code(), "service_cutoff");
    assert_eq!(h.row_counts().await, before);
    try_issue(&h, "A").await.unwrap();
    let s = status(&h).await;
    let c = s.services.iter().find(|x| x.service_id == c_id).unwrap();
    assert!(s.issuing_open && !c.issuing_open);
}

#[tokio::test]
async fn a_public_holiday_refuses_numbers_until_the_hall_reopens() {
    let h = hall_at(beijing(2026, 10, 1, 9, 30, 0)).await;
    let json = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/holidays-2026.json"
    ))
    .unwrap();
    h.hall
        .import_holidays(&crate::common::staff(&h.hall).await, &json)
        .await
        .unwrap();
    let (st, opens) = refused_closed(try_issue(&h, "A").await);
    assert_eq!(st, "closed");
    assert_eq!(opens.as_deref(), Some("2026-10-08T08:50:00+08:00"));
    let s = status(&h).await;
    assert_eq!(
        (s.day.name.as_str(), s.status),
        ("国庆节", HallState::Closed)
    );
    // The make-up Saturday two days later issues as on a Monday.
    h.clock.set(beijing(2026, 10, 10, 8, 50, 0));
    assert_eq!(
        try_issue(&h, "A").await.unwrap().ticket.business_day,
        "2026-10-10"
    );
}

#[tokio::test]
async fn business_day_and_status_use_local_time_not_utc() {
    // 08:55 in Beijing is 00:55 UTC on the same date.
    let t: DateTime<Utc> = "2026-11-30T00:55:00Z".parse().unwrap();
    let h = hall_at(t).await;
    let s = status(&h).await;
    assert_eq!(
        (s.status, s.business_day.as_str()),
        (HallState::EarlyOpen, "2026-11-30")
    );
    let issued = try_issue(&h, "A").await.unwrap();
    assert_eq!(issued.ticket.business_day, "2026-11-30");
    // 07:59 Beijing on Tuesday is 23:59 UTC on Monday: Tuesday's business day. Monday's
    // A001 still waits (nobody is lost at midnight), so the hall is in extended service
    // for Monday rather than opening soon.
    h.clock.set("2026-11-30T23:59:00Z".parse().unwrap());
    let s = status(&h).await;
    assert_eq!(
        (s.status, s.business_day.as_str()),
        (HallState::ExtendedService, "2026-12-01")
    );
    assert_eq!(s.waiting, 1);
    assert_eq!(s.carried_over[0].business_day, "2026-11-30");
}

#[tokio::test]
async fn midnight_starts_a_new_business_day_for_the_status() {
    let h = hall_at(beijing(2026, 11, 30, 17, 0, 0)).await;
    let c = h.open(2).await;
    try_issue(&h, "A").await.unwrap();
    h.clock.set(beijing(2026, 11, 30, 23, 59, 59));
    assert_eq!(status(&h).await.status, HallState::ExtendedService);
    // A new business day, but Monday's A001 still waits: extended service goes on.
    h.clock.set(beijing(2026, 12, 1, 0, 0, 0));
    let s = status(&h).await;
    assert_eq!(
        (s.status, s.business_day.as_str(), s.carried_over.len()),
        (HallState::ExtendedService, "2026-12-01", 1)
    );
    // Once A001 is served, Tuesday is closed until it opens.
    let a1 = h.hall.call_next(c).await.unwrap().called.unwrap();
    h.hall.finish(c, a1.id).await.unwrap();
    let s = status(&h).await;
    assert_eq!(
        (s.status, s.business_day.as_str(), s.carried_over.len()),
        (HallState::Closed, "2026-12-01", 0)
    );
}

#[tokio::test]
async fn ending_the_day_lists_every_number_still_held_and_changes_nothing() {
    let h = hall_at(beijing(2026, 11, 30, 17, 0, 0)).await;
    let c = h.open(2).await;
    for _ in 0..3 {
        h.issue("A", false).await;
    }
    h.next(c).await; // A001 being served
    h.clock.set(beijing(2026, 11, 30, 17, 45, 0));
    let digest = h.ticket_digest().await;
    let err = h.hall.end_day("desk").await.unwrap_err();
    let json = serde_json::to_value(&err).unwrap();
    assert_eq!(json["code"], "queue_not_empty");
    assert_eq!(json["params"]["count"], 3);
    assert_eq!(
        json["params"]["numbers"],
        serde_json::json!(["A001", "A002", "A003"])
    );
    assert_eq!(json["params"]["list"], "A001、A002、A003");
    assert_eq!(h.ticket_digest().await, digest);
    let counters = h.hall.counters().await.unwrap();
    assert!(counters
        .iter()
        .any(|x| x.id == c && x.state == frontdesk_core::CounterState::Open));
}

#[tokio::test]
async fn the_day_cannot_be_ended_while_issuing_is_open_or_opens_again_today() {
    let h = hall().await; // 09:05
    let err = h.hall.end_day("desk").await.unwrap_err();
    assert!(
        matches!(&err, Error::DayNotOver { closing } if closing == "17:30"),
        "{err:?}"
    );
    h.clock.set(beijing(2026, 11, 30, 12, 30, 0));
    assert_eq!(
        h.hall.end_day("desk").await.unwrap_err().code(),
        "day_not_over"
    );
    h.clock.set(beijing(2026, 11, 30, 17, 30, 0));
    let record = h.hall.end_day("desk").await.unwrap();
    assert_eq!(
        (record.served_after_closing, record.minutes_past_closing),
        (0, 0)
    );
    // A closed day (weekend) can be ended too.
    h.clock.set(beijing(2026, 12, 5, 10, 0, 0));
    assert_eq!(h.hall.end_day("desk").await.unwrap().closing, None);
}

#[tokio::test]
async fn people_guided_to_12123_are_counted_for_the_day_record() {
    let h = hall_at(beijing(2026, 11, 30, 17, 15, 0)).await;
    // During the reminder: counted, but not after the cutoff.
    let g = h.hall.guide_to_12123("desk-1").await.unwrap();
    assert_eq!((g.today, g.after_cutoff), (1, 0));
    h.clock.set(beijing(2026, 11, 30, 17, 40, 0));
    h.hall.guide_to_12123("desk-1").await.unwrap();
    let g = h.hall.guide_to_12123("desk-2").await.unwrap();
    assert_eq!(
        (g.business_day.as_str(), g.today, g.after_cutoff),
        ("2026-11-30", 3, 2)
    );
    // The next day counts from zero.
    h.clock.set(beijing(2026, 12, 1, 17, 40, 0));
    assert_eq!(h.hall.guide_to_12123("").await.unwrap().today, 1);
    let record = h.hall.day_record("2026-11-30").await.unwrap();
    assert_eq!((record.guided_to_12123, record.guided_after_cutoff), (3, 2));
    assert_eq!(record.ended_at, None);
    assert_eq!(
        h.hall
            .guide_to_12123(&"x".repeat(41))
            .await
            .unwrap_err()
            .code(),
        "too_long"
    );
    assert_eq!(
        h.hall.day_record("30.11.2026").await.unwrap_err().code(),
        "invalid"
    );
}

#[tokio::test]
async fn the_day_record_counts_people_served_after_closing() {
    let h = hall_at(beijing(2026, 11, 30, 17, 20, 0)).await;
    let c = h.open(2).await;
    for _ in 0..3 {
        h.issue("A", false).await;
    }
    h.clock.set(beijing(2026, 11, 30, 17, 25, 0));
    h.hall.call_next(c).await.unwrap(); // A001
    h.clock.set(beijing(2026, 11, 30, 17, 29, 0));
    h.hall.call_next(c).await.unwrap(); // A001 done before closing, A002 called
    h.clock.set(beijing(2026, 11, 30, 17, 41, 0));
    h.hall.call_next(c).await.unwrap(); // A002 done after closing, A003 called
    h.clock.set(beijing(2026, 11, 30, 17, 52, 0));
    h.hall.call_next(c).await.unwrap(); // A003 done
    let r = h.hall.day_record("2026-11-30").await.unwrap();
    assert_eq!((r.issued, r.served, r.served_after_closing), (3, 3, 2));
    assert_eq!(r.minutes_past_closing, 22);
    // A plan edited later does not rewrite an ended day.
    h.hall.end_day("desk").await.unwrap();
    let mut s = h.hall.schedule_settings().await.unwrap();
    s.week.mon = vec![frontdesk_core::schedule::Session::new("09:00", "18:00")];
    h.hall
        .save_schedule_settings(&crate::common::staff(&h.hall).await, s)
        .await
        .unwrap();
    let r = h.hall.day_record("2026-11-30").await.unwrap();
    assert_eq!(
        (r.closing.unwrap().time.as_str(), r.served_after_closing),
        ("17:30", 2)
    );
}

#[tokio::test]
async fn special_hours_for_today_take_effect_at_once() {
    let h = hall_at(beijing(2026, 11, 30, 15, 0, 0)).await;
    let mut events = h.hall.subscribe();
    h.hall
        .save_exception(
            &crate::common::staff(&h.hall).await,
            ExceptionInput {
                date: "2026-11-30".into(),
                kind: ExceptionKind::SpecialHours,
                sessions: vec![frontdesk_core::schedule::Session::new("09:00", "15:00")],
                follows: None,
                name: String::new(),
                note: "停电检修".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(refused_closed(try_issue(&h, "A").await).0, "closed_for_day");
    let got: Vec<HallEvent> = std::iter::from_fn(|| events.try_recv().ok()).collect();
    assert!(got.iter().any(|e| matches!(e, HallEvent::Config)));
    assert!(got.iter().any(
        |e| matches!(e, HallEvent::Status { status } if status.status == HallState::ClosedForDay)
    ));
}

#[tokio::test]
async fn the_status_event_is_published_on_a_transition_only() {
    let h = hall_at(beijing(2026, 11, 30, 8, 49, 59)).await;
    let mut events = h.hall.subscribe();
    let mut last = None;
    assert!(h.hall.publish_status_if_changed(&mut last).await.unwrap());
    assert!(!h.hall.publish_status_if_changed(&mut last).await.unwrap());
    h.clock.set(beijing(2026, 11, 30, 8, 50, 0));
    assert!(h.hall.publish_status_if_changed(&mut last).await.unwrap());
    let states: Vec<HallState> = std::iter::from_fn(|| events.try_recv().ok())
        .filter_map(|e| match e {
            HallEvent::Status { status } => Some(status.status),
            _ => None,
        })
        .collect();
    assert_eq!(states, [HallState::OpeningSoon, HallState::EarlyOpen]);
}

fn closed_all_day(date: &str) -> ExceptionInput {
    ExceptionInput {
        date: date.into(),
        kind: ExceptionKind::Closed,
        sessions: Vec::new(),
        follows: None,
        name: String::new(),
        note: String::new(),
    }
}

/// Issuing keeps the timetable between numbers (it reads the schedule for each one): every
/// change of the schedule must reach the next number at once, whichever way it is made —
/// an exception, its removal, the settings emptying the service cutoffs, or a second hall on
/// the same file (a tool, two PCs in the tests) that this hall's writer never saw.
#[tokio::test]
async fn every_schedule_change_reaches_the_next_number_at_once() {
    let h = hall_at(beijing(2026, 11, 30, 16, 45, 0)).await;
    let staff = crate::common::staff(&h.hall).await;
    try_issue(&h, "A").await.unwrap();

    let closed = h
        .hall
        .save_exception(&staff, closed_all_day("2026-11-30"))
        .await
        .unwrap();
    refused_closed(try_issue(&h, "A").await);
    h.hall.remove_exception(&staff, closed.id).await.unwrap();
    try_issue(&h, "A").await.unwrap();

    // A cutoff an hour early (16:30) has passed at 16:45; removing every cutoff empties the table.
    let a_id = h.service_id("A").await;
    let mut settings = h.hall.schedule_settings().await.unwrap();
    settings.service_cutoffs = vec![ServiceCutoff {
        service_id: a_id,
        minutes_before: 60,
    }];
    h.hall
        .save_schedule_settings(&staff, settings.clone())
        .await
        .unwrap();
    let err = try_issue(&h, "A").await.unwrap_err();
    assert_eq!(err.code(), "service_cutoff");
    settings.service_cutoffs = Vec::new();
    h.hall
        .save_schedule_settings(&staff, settings)
        .await
        .unwrap();
    try_issue(&h, "A").await.unwrap();

    // The services are kept with the timetable: disabling A refuses its next number at once,
    // and enabling it again issues again.
    let a = h
        .hall
        .services()
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.id == a_id)
        .unwrap();
    let input = |enabled| frontdesk_core::ServiceInput {
        id: Some(a.id),
        name: a.name.clone(),
        name_en: a.name_en.clone(),
        prefix: a.prefix.clone(),
        sort_order: a.sort_order,
        minutes_per_person: a.minutes_per_person,
        enabled,
    };
    h.hall.save_service(&staff, input(false)).await.unwrap();
    let err = try_issue(&h, "A").await.unwrap_err();
    assert_eq!(err.code(), "service_disabled");
    h.hall.save_service(&staff, input(true)).await.unwrap();
    try_issue(&h, "A").await.unwrap();

    // Another hall on the same file closes the day: this hall's next number is refused.
    let other = frontdesk_core::Hall::open_file(
        &h.dir.path().join(frontdesk_core::store::DB_FILE),
        h.clock.clone(),
        frontdesk_core::key_store::KeyPlace::FileOnly,
    )
    .await
    .unwrap();
    let other_staff = crate::common::staff(&other).await;
    other
        .save_exception(&other_staff, closed_all_day("2026-11-30"))
        .await
        .unwrap();
    refused_closed(try_issue(&h, "A").await);
}
