//! 延时服务 past midnight: a business day that still has people waiting stays open after
//! its date ends, until its queue is empty or it is ended (see `open_days` in the core).
//! Monday 2026-11-30 runs the default plan (sessions until 17:30); Tuesday 1 December
//! opens again at 08:50.

use crate::common::*;
use chrono::Duration;
use frontdesk_core::booking::CheckInBy;
use frontdesk_core::{
    CarriedDay, Error, HallState, IssueRequest, Ticket, TicketStatus, TransferTarget,
};

const MONDAY: &str = "2026-11-30";
const TUESDAY: &str = "2026-12-01";

/// Issues `prefix` with the priority flag, one second after the previous ticket.
async fn issue(h: &TestHall, prefix: &str, priority: bool) -> Ticket {
    h.issue(prefix, priority).await.ticket
}

/// The numbers (with their day) a counter's screen lists as waiting, in order.
async fn counter_waiting(h: &TestHall, counter: i64) -> Vec<(String, String)> {
    h.hall
        .counter_view(counter)
        .await
        .unwrap()
        .waiting
        .into_iter()
        .map(|t| (t.business_day, t.number))
        .collect()
}

fn day_number(day: &str, number: &str) -> (String, String) {
    (day.to_string(), number.to_string())
}

/// Waiting count of service `prefix` in the snapshot every screen loads.
async fn snapshot_waiting(h: &TestHall, prefix: &str) -> i64 {
    h.hall
        .snapshot()
        .await
        .unwrap()
        .services
        .into_iter()
        .find(|s| s.prefix == prefix)
        .unwrap()
        .waiting
}

/// Calls next at `counter` and returns the called ticket.
async fn next(h: &TestHall, counter: i64) -> Option<Ticket> {
    h.clock.advance(Duration::seconds(30));
    h.hall.call_next(counter).await.unwrap().called
}

#[tokio::test]
async fn tickets_issued_at_17_29_are_served_after_midnight_and_the_day_then_ends() {
    let h = hall_at(beijing(2026, 11, 30, 17, 29, 0)).await;
    let w2 = h.open(2).await; // A
    let w3 = h.open(3).await; // A, B
    let a1 = issue(&h, "A", false).await;
    let a2 = issue(&h, "A", false).await;
    let a3 = issue(&h, "A", false).await;
    let a4 = issue(&h, "A", false).await;
    let a5 = issue(&h, "A", false).await;
    let b1 = issue(&h, "B", false).await;
    assert_eq!(
        [&a1, &a2, &a3, &a4, &a5, &b1].map(|t| t.number.as_str()),
        ["A001", "A002", "A003", "A004", "A005", "B001"]
    );
    assert!(a1.issued_at < beijing(2026, 11, 30, 17, 30, 0).timestamp_millis());

    // 23:59, 00:00:00 and 00:05: still waiting, still in the hall.
    for at in [
        beijing(2026, 11, 30, 23, 59, 0),
        beijing(2026, 12, 1, 0, 0, 0),
        beijing(2026, 12, 1, 0, 5, 0),
    ] {
        h.clock.set(at);
        let st = h.hall.hall_status().await.unwrap();
        assert_eq!(st.status, HallState::ExtendedService, "at {at}");
        assert!(st.calling_open);
        assert_eq!((st.waiting, st.serving), (6, 0), "at {at}");
        assert_eq!(snapshot_waiting(&h, "A").await, 5, "at {at}");
        assert_eq!(snapshot_waiting(&h, "B").await, 1, "at {at}");
        let listed: Vec<String> = counter_waiting(&h, w3)
            .await
            .into_iter()
            .map(|(_, n)| n)
            .collect();
        assert_eq!(
            listed,
            ["A001", "A002", "A003", "A004", "A005", "B001"],
            "at {at}"
        );
        let desk: Vec<String> = h
            .hall
            .tickets_today(TicketStatus::Waiting)
            .await
            .unwrap()
            .into_iter()
            .map(|t| t.number)
            .collect();
        assert_eq!(desk.len(), 6, "the desk lists them at {at}");
    }
    // After midnight the status names the day still being served.
    let st = h.hall.hall_status().await.unwrap();
    assert_eq!(st.business_day, TUESDAY);
    assert_eq!(
        st.carried_over,
        vec![CarriedDay {
            business_day: MONDAY.into(),
            waiting: 6,
            serving: 0
        }]
    );
    assert!(st
        .next_change
        .is_some_and(|c| c.status == HallState::EarlyOpen));

    // 00:05: call next, recall, set aside.
    let called = next(&h, w2).await.unwrap();
    assert_eq!((called.id, called.business_day.as_str()), (a1.id, MONDAY));
    let recalled = h.hall.recall(w2, a1.id).await.unwrap();
    assert_eq!(recalled.call_count, 2);
    let aside = h.hall.no_show(w2, a1.id).await.unwrap();
    assert_eq!(aside.status, TicketStatus::NoShow);
    let view = h.hall.counter_view(w2).await.unwrap();
    assert_eq!(
        view.no_shows.iter().map(|t| t.id).collect::<Vec<_>>(),
        vec![a1.id],
        "the counter lists the set-aside ticket of the old day"
    );
    assert_eq!(
        h.hall
            .tickets_today(TicketStatus::NoShow)
            .await
            .unwrap()
            .len(),
        1
    );

    // Transfer A002 to service B: it keeps its place by issue time, before B001.
    let called = next(&h, w2).await.unwrap();
    assert_eq!(called.id, a2.id);
    let moved = h
        .hall
        .transfer(w2, a2.id, TransferTarget::Service(h.service_id("B").await))
        .await
        .unwrap();
    assert_eq!(moved.status, TicketStatus::Waiting);
    assert_eq!(snapshot_waiting(&h, "B").await, 2);

    // Call the set-aside A001 by number, then finish it.
    h.clock.advance(Duration::minutes(1));
    let out = h.hall.call_number(w2, "a001").await.unwrap();
    assert_eq!(out.called.as_ref().map(|t| t.id), Some(a1.id));
    let done = h.hall.finish(w2, a1.id).await.unwrap();
    assert_eq!(done.status, TicketStatus::Done);

    // Set A003 aside and put it back: it waits again, behind the people of its day.
    let called = next(&h, w2).await.unwrap();
    assert_eq!(called.id, a3.id);
    h.hall.no_show(w2, a3.id).await.unwrap();
    let back = h.hall.requeue(a3.id).await.unwrap();
    assert_eq!(back.status, TicketStatus::Waiting);
    assert_eq!(back.business_day, MONDAY);

    // Window 3 (A and B) takes A002 first: its place is older than A004's and B001's.
    let called = next(&h, w3).await.unwrap();
    assert_eq!(called.id, a2.id);

    // 00:10: ending the day is refused, naming who still holds a number of Monday.
    h.clock.set(beijing(2026, 12, 1, 0, 10, 0));
    match h.hall.end_day("desk").await.unwrap_err() {
        Error::QueueNotEmpty {
            business_day,
            count,
            numbers,
        } => {
            assert_eq!(business_day, MONDAY);
            assert_eq!(count, 5);
            // Being served first, then waiting in queue order (A003 was put back last).
            assert_eq!(numbers, ["A002", "A004", "A005", "A003", "B001"]);
        }
        other => panic!("expected queue_not_empty, got {other:?}"),
    }

    // Serve everyone; the old day's people come in their order.
    h.clock.set(beijing(2026, 12, 1, 0, 20, 0));
    let mut order = Vec::new();
    while let Some(t) = next(&h, w3).await {
        assert_eq!(t.business_day, MONDAY);
        order.push(t.number);
    }
    assert_eq!(order, ["A004", "A005", "A003", "B001"]);
    // The last `call next` finished B001: nobody of Monday is left.
    let st = h.hall.hall_status().await.unwrap();
    assert_eq!(st.carried_over, vec![]);
    assert_eq!(st.status, HallState::Closed, "Tuesday has not opened yet");
    assert!(counter_waiting(&h, w2).await.is_empty());

    // Ending the day now ends Monday, the evening's day, although the date is Tuesday.
    let rec = h.hall.end_day("desk").await.unwrap();
    assert_eq!(rec.business_day, MONDAY);
    assert_eq!((rec.issued, rec.served), (6, 6));
    assert_eq!(rec.served_after_closing, 6);
    assert_eq!(rec.closing.as_ref().unwrap().time, "17:30");
    assert_eq!(rec.last_finished.as_ref().unwrap().date, TUESDAY);
    assert!(rec.minutes_past_closing > 6 * 60 + 50);
    assert!(rec.ended_at.is_some());
    // Tuesday's record has nothing of Monday's.
    let tue = h.hall.day_record(TUESDAY).await.unwrap();
    assert_eq!((tue.issued, tue.served), (0, 0));
    // Ending again refers to Tuesday, which has not even started.
    assert_eq!(
        h.hall.end_day("desk").await.unwrap_err().code(),
        "day_not_over"
    );
}

#[tokio::test]
async fn the_next_mornings_numbers_start_at_001_and_are_called_after_the_old_day() {
    let h = hall_at(beijing(2026, 11, 30, 17, 29, 0)).await;
    let w2 = h.open(2).await; // A
    let old: Vec<Ticket> = [
        issue(&h, "A", false).await,
        issue(&h, "A", false).await,
        issue(&h, "A", false).await,
    ]
    .into();

    // 08:50 Tuesday: issuing opens; the first number of the day is A001 again, and it is
    // a priority ticket: the old day's ordinary people still go first.
    h.clock.set(beijing(2026, 12, 1, 8, 50, 0));
    let service_id = h.service_id("A").await;
    let new = h
        .hall
        .issue_ticket(IssueRequest {
            service_id,
            priority: true,
            station: String::new(),
            request_id: None,
        })
        .await
        .unwrap();
    assert_eq!(
        (new.ticket.number.as_str(), new.ticket.business_day.as_str()),
        ("A001", TUESDAY)
    );
    assert_eq!(new.ahead, 3, "Monday's three people are ahead");
    let a2 = issue(&h, "A", false).await;
    let a3 = issue(&h, "A", false).await;
    assert_eq!((a2.number.as_str(), a3.number.as_str()), ("A002", "A003"));

    let st = h.hall.hall_status().await.unwrap();
    assert_eq!(st.status, HallState::EarlyOpen);
    assert_eq!(st.waiting, 6);
    assert_eq!(st.carried_over.len(), 1);
    assert_eq!(
        counter_waiting(&h, w2).await,
        vec![
            day_number(MONDAY, "A001"),
            day_number(MONDAY, "A002"),
            day_number(MONDAY, "A003"),
            day_number(TUESDAY, "A001"),
            day_number(TUESDAY, "A002"),
            day_number(TUESDAY, "A003"),
        ]
    );

    // A003 can be called on both days: the number alone is refused, naming both days.
    let before = h.ticket_digest().await;
    match h.hall.call_number(w2, "A003").await.unwrap_err() {
        Error::AmbiguousNumber { number, days } => {
            assert_eq!(number, "A003");
            assert_eq!(days, [MONDAY, TUESDAY]);
        }
        other => panic!("expected ambiguous_number, got {other:?}"),
    }
    assert_eq!(h.ticket_digest().await, before, "a refusal changes nothing");
    // With the day it is clear.
    let out = h
        .hall
        .call_number_on(w2, "A003", Some(MONDAY))
        .await
        .unwrap();
    let called = out.called.unwrap();
    assert_eq!(
        (called.id, called.business_day.as_str()),
        (old[2].id, MONDAY)
    );
    // Monday's A003 is now being served, so "A003" alone means Tuesday's.
    h.clock.advance(Duration::seconds(20));
    let out = h.hall.call_number(w2, "A003").await.unwrap();
    assert_eq!(out.finished.map(|t| t.id), Some(old[2].id));
    assert_eq!(out.called.map(|t| t.id), Some(a3.id));

    // Call next: Monday's A001 and A002, then Tuesday's priority A001, then A002.
    let mut order = Vec::new();
    while let Some(t) = next(&h, w2).await {
        order.push((t.business_day, t.number));
    }
    assert_eq!(
        order,
        vec![
            day_number(MONDAY, "A001"),
            day_number(MONDAY, "A002"),
            day_number(TUESDAY, "A001"),
            day_number(TUESDAY, "A002"),
        ]
    );
    assert!(h.hall.hall_status().await.unwrap().carried_over.is_empty());

    // Each ticket counts on the day it was issued.
    let mon = h.hall.day_record(MONDAY).await.unwrap();
    let tue = h.hall.day_record(TUESDAY).await.unwrap();
    assert_eq!((mon.issued, mon.served), (3, 3));
    assert_eq!((tue.issued, tue.served), (3, 3));
    assert_eq!(mon.served_after_closing, 3);
    let snap = h.hall.snapshot().await.unwrap();
    assert_eq!((snap.issued_today, snap.served_today), (3, 3));
}

#[tokio::test]
async fn a_set_aside_ticket_of_a_day_that_closed_stays_a_no_show_of_that_day() {
    let h = hall_at(beijing(2026, 11, 30, 17, 29, 0)).await;
    let w2 = h.open(2).await;
    let a1 = issue(&h, "A", false).await;
    h.clock.set(beijing(2026, 12, 1, 0, 5, 0));
    next(&h, w2).await.unwrap();
    h.hall.no_show(w2, a1.id).await.unwrap();
    // Nobody of Monday waits or is being served: Monday is closed.
    let st = h.hall.hall_status().await.unwrap();
    assert_eq!((st.status, st.carried_over.len()), (HallState::Closed, 0));
    assert_eq!(
        h.hall.requeue(a1.id).await.unwrap_err().code(),
        "wrong_ticket_state"
    );
    assert_eq!(
        h.hall.call_number(w2, "A001").await.unwrap_err().code(),
        "no_such_number"
    );
    assert!(h.hall.counter_view(w2).await.unwrap().no_shows.is_empty());
}

#[tokio::test]
async fn booked_people_still_waiting_after_a_late_weekend_session_are_served_after_midnight() {
    let h = hall().await;
    let s = h.session("2026-12-05", "22:30", "23:30", 30, 2).await;
    let people = [
        h.book_person(s.slots[0].id, 1).await.unwrap(), // 22:30
        h.book_person(s.slots[1].id, 2).await.unwrap(), // 23:00
        h.book_person(s.slots[1].id, 3).await.unwrap(), // 23:00
    ];
    let w6 = h.open(6).await;
    let w1 = h.open(1).await;

    // Saturday night: three booked people check in; window 6 serves the first.
    h.clock.set(beijing(2026, 12, 5, 22, 31, 0));
    let mut ys = Vec::new();
    for p in &people {
        h.clock.advance(Duration::minutes(1));
        let out = h
            .hall
            .check_in(CheckInBy::Code(p.code.clone()))
            .await
            .unwrap();
        ys.push(out.ticket.ticket.number);
    }
    assert_eq!(ys, ["Y001", "Y002", "Y003"]);
    h.clock.set(beijing(2026, 12, 5, 22, 40, 0));
    let first = next(&h, w6).await.unwrap();
    assert_eq!(first.number, "Y001");

    // 00:05 Sunday: the status stays in extended service; window 6 calls the rest in
    // slot order, window 1 never gets them.
    h.clock.set(beijing(2026, 12, 6, 0, 5, 0));
    let st = h.hall.hall_status().await.unwrap();
    assert_eq!(st.status, HallState::ExtendedService);
    assert_eq!(
        st.carried_over,
        vec![CarriedDay {
            business_day: "2026-12-05".into(),
            waiting: 2,
            serving: 1
        }]
    );
    assert_eq!(next(&h, w1).await, None);
    let mut order = Vec::new();
    while let Some(t) = next(&h, w6).await {
        assert_eq!(t.business_day, "2026-12-05");
        order.push(t.number);
    }
    assert_eq!(order, ["Y002", "Y003"]);
    let rec = h.hall.end_day("desk").await.unwrap();
    assert_eq!(rec.business_day, "2026-12-05");
    assert_eq!((rec.issued, rec.served), (3, 3));
}
