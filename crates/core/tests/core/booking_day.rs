//! A weekend booking day through the hall: the status comes from the booking tables
//! (check-in opens 30 minutes before the first slot, closes 15 minutes after the last), walk-in
//! numbers stay closed with the status named, counters call, and the day cannot be ended
//! while booked people may still check in.

use crate::common::*;
use frontdesk_core::booking::CheckInBy;
use frontdesk_core::{Error, HallState};

/// Saturday 2026-12-05, slots 09:00–11:00 (30 minutes, 2 places) at window 6.
const SATURDAY: &str = "2026-12-05";

fn sat(h: u32, m: u32, s: u32) -> chrono::DateTime<chrono::Utc> {
    beijing(2026, 12, 5, h, m, s)
}

/// Tries a walk-in number for service A: the error's (code, status, opens_at).
async fn walk_in(h: &TestHall) -> (String, String, Option<String>) {
    match h.try_issue("A", false).await.unwrap_err() {
        Error::IssuingClosed { status, opens_at } => ("issuing_closed".into(), status, opens_at),
        other => (other.code(), String::new(), None),
    }
}

async fn state(h: &TestHall) -> (HallState, bool, bool) {
    let s = h.hall.hall_status().await.unwrap();
    (s.status, s.issuing_open, s.calling_open)
}

#[tokio::test]
async fn a_booking_saturday_from_check_in_opening_to_its_end() {
    let h = hall().await;
    let s = h.session(SATURDAY, "09:00", "11:00", 30, 2).await;
    let p1 = h.book_person(s.slots[0].id, 1).await.unwrap();

    // Before check-in opens: an ordinary closed morning, then "opening soon".
    h.clock.set(sat(7, 29, 59));
    assert_eq!(state(&h).await, (HallState::Closed, false, false));
    h.clock.set(sat(8, 29, 59));
    let st = h.hall.hall_status().await.unwrap();
    assert_eq!(st.status, HallState::OpeningSoon);
    let day = st.appointment_day.unwrap();
    assert_eq!(
        (day.check_in_opens.time.as_str(), day.closes.time.as_str()),
        ("08:30", "11:15")
    );
    assert_eq!(
        st.next_change.map(|c| (c.status, c.at.time)),
        Some((HallState::AppointmentsOnly, "08:30".into()))
    );
    assert_eq!(walk_in(&h).await.1, "opening_soon");

    // At check-in opening: booked people only. Walk-in numbers are refused with the status
    // named and Monday's opening; nothing is written.
    h.clock.set(sat(8, 30, 0));
    assert_eq!(state(&h).await, (HallState::AppointmentsOnly, false, true));
    let rows = h.row_counts().await;
    assert_eq!(
        walk_in(&h).await,
        (
            "issuing_closed".into(),
            "appointments_only".into(),
            Some("2026-12-07T08:50:00+08:00".into())
        )
    );
    assert_eq!(h.row_counts().await, rows);

    // During: check-in, window 6 calls and finishes; the status stays.
    h.clock.set(sat(9, 5, 0));
    let y = h.hall.check_in(CheckInBy::Code(p1.code)).await.unwrap();
    assert_eq!(y.ticket.ticket.number, "Y001");
    let st = h.hall.hall_status().await.unwrap();
    assert_eq!((st.status, st.waiting), (HallState::AppointmentsOnly, 1));
    let w6 = h.open(6).await;
    assert_eq!(h.next(w6).await.as_deref(), Some("Y001"));
    h.hall.finish(w6, y.ticket.ticket.id).await.unwrap();
    assert_eq!(state(&h).await, (HallState::AppointmentsOnly, false, true));
    // Nobody holds a number, but booked people may still come: the day cannot be ended.
    let e = h.hall.end_day("desk").await.unwrap_err();
    assert_eq!(e.code(), "booking_day_not_over");
    assert_eq!(e.params()["closing"], "11:15");

    // The last slot ends at 11:00; check-in stays open for the grace time.
    h.clock.set(sat(11, 14, 59));
    assert_eq!(state(&h).await, (HallState::AppointmentsOnly, false, true));
    h.clock.set(sat(11, 15, 0));
    assert_eq!(state(&h).await, (HallState::ClosedForDay, false, false));
    assert_eq!(walk_in(&h).await.1, "closed_for_day");
    h.hall.end_day("desk").await.unwrap();
}

#[tokio::test]
async fn someone_still_waiting_after_the_booking_day_keeps_calling_open() {
    let h = hall().await;
    let s = h.session(SATURDAY, "09:00", "11:00", 30, 2).await;
    let late = h.book_person(s.slots[3].id, 2).await.unwrap(); // 10:30–11:00
    h.clock.set(sat(11, 14, 0));
    h.hall.check_in(CheckInBy::Code(late.code)).await.unwrap();
    h.clock.set(sat(11, 15, 0));
    let st = h.hall.hall_status().await.unwrap();
    assert_eq!(
        (st.status, st.calling_open, st.waiting),
        (HallState::ExtendedService, true, 1)
    );
    assert_eq!(st.next_change, None, "it ends when the queue is empty");
    assert_eq!(
        h.hall.end_day("desk").await.unwrap_err().code(),
        "queue_not_empty"
    );
    let w6 = h.open(6).await;
    h.next(w6).await.unwrap();
    let current = h.hall.counter_view(w6).await.unwrap().current.unwrap();
    h.hall.finish(w6, current.id).await.unwrap();
    assert_eq!(state(&h).await, (HallState::ClosedForDay, false, false));
}

#[tokio::test]
async fn the_booking_rules_and_the_sessions_decide_the_booking_day() {
    let h = hall().await;
    let s = h.session(SATURDAY, "09:00", "11:00", 30, 2).await;
    // Check-in from an hour before, no grace: the day runs 08:00–11:00.
    h.booking_rules(|r| {
        r.check_in_early_minutes = 60;
        r.grace_minutes = 0;
    })
    .await;
    h.clock.set(sat(7, 59, 59));
    assert_eq!(state(&h).await.0, HallState::OpeningSoon);
    h.clock.set(sat(8, 0, 0));
    assert_eq!(state(&h).await.0, HallState::AppointmentsOnly);
    h.clock.set(sat(11, 0, 0));
    assert_eq!(state(&h).await.0, HallState::ClosedForDay);

    // A withdrawn session: an ordinary weekend.
    h.hall
        .delete_booking_session(&crate::common::staff(&h.hall).await, s.id)
        .await
        .unwrap();
    h.clock.set(sat(9, 0, 0));
    let st = h.hall.hall_status().await.unwrap();
    assert_eq!((st.status, st.appointment_day), (HallState::Closed, None));
    h.hall.end_day("desk").await.unwrap();
}

#[tokio::test]
async fn a_make_up_saturday_with_a_booking_session_runs_its_weekday_plan() {
    let h = hall().await;
    h.session(SATURDAY, "09:00", "11:00", 30, 2).await;
    h.make_up_day(SATURDAY).await;
    h.clock.set(sat(9, 5, 0));
    let st = h.hall.hall_status().await.unwrap();
    assert_eq!(
        (st.status, st.issuing_open, st.appointment_day),
        (HallState::Open, true, None)
    );
    assert_eq!(h.issue("A", false).await.ticket.number, "A001");
}
