//! Booking sessions and bookings, rule by rule and at each boundary, on a real SQLite
//! file with the settable clock (Monday 2026-11-30 09:05 Beijing time).

use crate::booking_support::*;
use crate::common::*;
use frontdesk_core::booking::{BookingStatus, SessionInput, SessionRule};
use frontdesk_core::{BookingChange, BookingError, Error, HallEvent};
use serde_json::json;

fn booking_err(e: Error) -> BookingError {
    match e {
        Error::Booking(b) => b,
        other => panic!("expected a booking error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_session_is_cut_into_slots_with_free_places() {
    let h = hall().await;
    let s = h.session("2026-12-05", "09:00", "12:00", 30, 3).await;
    assert_eq!(s.weekday, 6);
    assert_eq!((s.start.as_str(), s.end.as_str()), ("09:00", "12:00"));
    assert_eq!(s.slots.len(), 6);
    assert_eq!(
        s.slots.iter().map(|x| x.start.as_str()).collect::<Vec<_>>(),
        ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]
    );
    assert_eq!(s.slots[5].end, "12:00");
    assert_eq!((s.booked, s.free), (0, 18));
    assert_eq!(s.counter_ids, vec![h.counter_id(6).await]);
    assert!(!s.make_up_day);
    // 09:00 Beijing is 01:00 UTC.
    assert_eq!(
        s.slots[0].starts_at,
        beijing(2026, 12, 5, 9, 0, 0).timestamp_millis()
    );

    h.book_person(s.slots[0].id, 1).await.unwrap();
    h.book_person(s.slots[0].id, 2).await.unwrap();
    let listed = h
        .hall
        .booking_sessions("2026-12-01", "2026-12-31")
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!((listed[0].booked, listed[0].free), (2, 16));
    assert_eq!((listed[0].slots[0].booked, listed[0].slots[0].free), (2, 1));
}

#[tokio::test]
async fn a_rule_makes_every_saturday_for_eight_weeks_and_skips_a_taken_date() {
    let h = hall().await;
    h.session("2026-12-12", "10:00", "11:00", 30, 2).await;
    let rule = SessionRule {
        from: "2026-11-30".into(),
        weeks: 8,
        weekdays: vec![6],
        start: "09:00".into(),
        end: "12:00".into(),
        slot_minutes: 30,
        capacity: 4,
        counter_ids: vec![h.counter_id(6).await],
        service_ids: vec![h.service_id("B").await, h.service_id("C").await],
        note: "周末预约".into(),
    };
    let out = h
        .hall
        .create_booking_sessions_by_rule(&crate::common::staff(&h.hall).await, rule.clone())
        .await
        .unwrap();
    let dates: Vec<&str> = out.created.iter().map(|s| s.date.as_str()).collect();
    assert_eq!(
        dates,
        [
            "2026-12-05",
            "2026-12-19",
            "2026-12-26",
            "2027-01-02",
            "2027-01-09",
            "2027-01-16",
            "2027-01-23"
        ]
    );
    assert_eq!(out.skipped.len(), 1);
    assert_eq!(out.skipped[0].date, "2026-12-12");
    assert_eq!(out.skipped[0].reason, "session_overlap");
    assert!(out
        .created
        .iter()
        .all(|s| s.slots.len() == 6 && s.free == 24));

    // Saturday and Sunday for two weeks, from a date that leaves the first Saturday out.
    let out = h
        .hall
        .create_booking_sessions_by_rule(
            &crate::common::staff(&h.hall).await,
            SessionRule {
                from: "2026-12-06".into(),
                weeks: 2,
                weekdays: vec![6, 7],
                start: "14:00".into(),
                end: "16:00".into(),
                ..rule
            },
        )
        .await
        .unwrap();
    let dates: Vec<&str> = out.created.iter().map(|s| s.date.as_str()).collect();
    assert_eq!(
        dates,
        ["2026-12-06", "2026-12-12", "2026-12-13", "2026-12-19"]
    );
}

#[tokio::test]
async fn sessions_need_an_appointment_counter_whole_slots_and_no_overlap() {
    let h = hall().await;
    let base = SessionInput {
        date: "2026-12-05".into(),
        start: "09:00".into(),
        end: "12:00".into(),
        slot_minutes: 30,
        capacity: 2,
        counter_ids: vec![h.counter_id(6).await],
        service_ids: vec![h.service_id("A").await],
        note: String::new(),
    };
    let err = h
        .hall
        .create_booking_session(
            &crate::common::staff(&h.hall).await,
            SessionInput {
                counter_ids: vec![h.counter_id(1).await],
                ..base.clone()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(
        booking_err(err),
        BookingError::NotAppointmentCounter { number: 1 }
    );
    let err = h
        .hall
        .create_booking_session(
            &crate::common::staff(&h.hall).await,
            SessionInput {
                end: "11:45".into(),
                ..base.clone()
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        Error::Invalid {
            field: "slot_minutes"
        }
    ));
    h.hall
        .create_booking_session(&crate::common::staff(&h.hall).await, base.clone())
        .await
        .unwrap();
    let err = h
        .hall
        .create_booking_session(
            &crate::common::staff(&h.hall).await,
            SessionInput {
                start: "11:30".into(),
                end: "13:00".into(),
                ..base.clone()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(
        booking_err(err),
        BookingError::SessionOverlap {
            date: "2026-12-05".into()
        }
    );
    // Back to back is fine.
    h.hall
        .create_booking_session(
            &crate::common::staff(&h.hall).await,
            SessionInput {
                start: "12:00".into(),
                end: "13:00".into(),
                ..base
            },
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn a_session_with_bookings_cannot_be_withdrawn_until_they_are_cancelled() {
    let h = hall().await;
    let s = h.session("2026-12-05", "09:00", "10:00", 30, 2).await;
    let b = h.book_person(s.slots[0].id, 1).await.unwrap();
    let err = h
        .hall
        .delete_booking_session(&crate::common::staff(&h.hall).await, s.id)
        .await
        .unwrap_err();
    assert_eq!(
        booking_err(err),
        BookingError::SessionHasBookings { count: 1 }
    );
    h.hall.cancel_booking(b.id).await.unwrap();
    h.hall
        .delete_booking_session(&crate::common::staff(&h.hall).await, s.id)
        .await
        .unwrap();
    assert!(h
        .hall
        .booking_sessions("2026-12-05", "2026-12-05")
        .await
        .unwrap()
        .is_empty());
    // The cancelled booking stays as history.
    let d = h
        .hall
        .booking_detail(b.id, Some(&crate::common::staff(&h.hall).await))
        .await
        .unwrap();
    assert_eq!(d.summary.status, BookingStatus::Cancelled);
    // An empty session is removed outright.
    let s2 = h.session("2026-12-06", "09:00", "10:00", 30, 2).await;
    h.hall
        .delete_booking_session(&crate::common::staff(&h.hall).await, s2.id)
        .await
        .unwrap();
    let (_, _, sessions, _) = h.booking_rows().await;
    assert_eq!(sessions, 1);
}

#[tokio::test]
async fn the_window_is_tomorrow_to_fourteen_days_ahead() {
    let h = hall().await;
    let today = h.session("2026-11-30", "10:00", "10:30", 30, 5).await.slots[0].id;
    let tomorrow = h.slot_on("2026-12-01", 5).await;
    let day14 = h.slot_on("2026-12-14", 5).await;
    let day15 = h.slot_on("2026-12-15", 5).await;
    let window = BookingError::OutsideBookingWindow {
        first: "2026-12-01".into(),
        last: "2026-12-14".into(),
    };
    assert_eq!(
        booking_err(h.book_person(today, 1).await.unwrap_err()),
        window
    );
    h.book_person(tomorrow, 1).await.unwrap();
    h.book_person(day14, 2).await.unwrap();
    assert_eq!(
        booking_err(h.book_person(day15, 3).await.unwrap_err()),
        window
    );
    // Configurable: same-day booking and 30 days ahead.
    h.booking_rules(|s| {
        s.min_days_ahead = 0;
        s.max_days_ahead = 30;
    })
    .await;
    h.book_person(today, 4).await.unwrap();
    h.book_person(day15, 5).await.unwrap();
}

#[tokio::test]
async fn booking_for_a_date_closes_at_the_end_of_the_day_before() {
    let h = hall().await;
    let slot = h.slot_on("2026-12-05", 5).await;
    h.clock.set(beijing(2026, 12, 4, 23, 59, 59));
    h.book_person(slot, 1).await.unwrap();
    h.clock.set(beijing(2026, 12, 5, 0, 0, 0));
    let err = booking_err(h.book_person(slot, 2).await.unwrap_err());
    assert_eq!(err.code(), "outside_booking_window");
    // Once the slot has begun it is in the past, whatever the window says.
    h.booking_rules(|s| s.min_days_ahead = 0).await;
    h.book_person(slot, 2).await.unwrap();
    h.clock.set(beijing(2026, 12, 5, 9, 0, 0));
    assert_eq!(
        booking_err(h.book_person(slot, 3).await.unwrap_err()),
        BookingError::DateInPast {
            date: "2026-12-05".into()
        }
    );
}

#[tokio::test]
async fn listed_slots_say_what_book_would_accept() {
    let h = hall().await;
    let slot = h.slot_on("2026-12-05", 5).await;
    let listed = |h: &TestHall| {
        let hall = h.hall.clone();
        async move {
            let s = hall
                .booking_sessions("2026-11-30", "2026-12-31")
                .await
                .unwrap();
            let s = s.into_iter().find(|s| s.date == "2026-12-05").unwrap();
            (
                s.window,
                s.slots.iter().find(|x| x.id == slot).unwrap().bookable,
            )
        }
    };
    use frontdesk_core::booking::WindowState;
    assert_eq!(listed(&h).await, (WindowState::Open, true));
    h.clock.set(beijing(2026, 11, 20, 9, 0, 0)); // 15 days before
    assert_eq!(listed(&h).await, (WindowState::NotOpenYet, false));
    assert!(h.book_person(slot, 1).await.is_err());
    h.clock.set(beijing(2026, 12, 5, 0, 0, 0)); // the day itself
    assert_eq!(listed(&h).await, (WindowState::Closed, false));
    assert!(h.book_person(slot, 1).await.is_err());
}

#[tokio::test]
async fn one_booking_a_day_two_a_week() {
    let h = hall().await;
    let sat = h.session("2026-12-05", "09:00", "11:00", 30, 5).await;
    let sun = h.slot_on("2026-12-06", 5).await;
    let tue = h.slot_on("2026-12-01", 5).await;
    let next_mon = h.slot_on("2026-12-07", 5).await;
    h.book_person(sat.slots[0].id, 1).await.unwrap();
    assert_eq!(
        booking_err(h.book_person(sat.slots[2].id, 1).await.unwrap_err()),
        BookingError::AlreadyBookedThatDay {
            date: "2026-12-05".into()
        }
    );
    let sunday = h.book_person(sun, 1).await.unwrap();
    // Week Monday 30 Nov to Sunday 6 Dec: a third is refused.
    assert_eq!(
        booking_err(h.book_person(tue, 1).await.unwrap_err()),
        BookingError::WeeklyLimit { limit: 2 }
    );
    // The next week is a new week.
    h.book_person(next_mon, 1).await.unwrap();
    // A cancelled booking no longer counts.
    h.hall.cancel_booking(sunday.id).await.unwrap();
    h.book_person(tue, 1).await.unwrap();
    // Other people are not affected.
    h.book_person(sat.slots[2].id, 2).await.unwrap();
}

#[tokio::test]
async fn six_a_month() {
    let h = hall().await;
    h.booking_rules(|s| {
        s.week_limit = 7;
        s.no_show_policy = false;
    })
    .await;
    let mut slots = Vec::new();
    for d in 1..=7 {
        slots.push(h.slot_on(&format!("2026-12-{d:02}"), 5).await);
    }
    let january = h.slot_on("2027-01-02", 5).await;
    let december_late = h.slot_on("2026-12-26", 5).await;
    for &slot in &slots[..6] {
        h.book_person(slot, 1).await.unwrap();
    }
    assert_eq!(
        booking_err(h.book_person(slots[6], 1).await.unwrap_err()),
        BookingError::MonthlyLimit { limit: 6 }
    );
    // Missed bookings still count for the month.
    h.clock.set(beijing(2026, 12, 25, 10, 0, 0));
    assert_eq!(
        booking_err(h.book_person(december_late, 1).await.unwrap_err()).code(),
        "monthly_limit_reached"
    );
    h.book_person(january, 1).await.unwrap();
}

#[tokio::test]
async fn cancel_until_two_hours_before_the_slot() {
    let h = hall().await;
    let slot = h.slot_on("2026-12-05", 3).await;
    let a = h.book_person(slot, 1).await.unwrap();
    let b = h.book_person(slot, 2).await.unwrap();
    h.clock.set(beijing(2026, 12, 5, 7, 0, 0));
    let cancelled = h.hall.cancel_booking(a.id).await.unwrap();
    assert_eq!(cancelled.status, BookingStatus::Cancelled);
    assert_eq!(cancelled.code, a.code);
    h.clock.set(beijing(2026, 12, 5, 7, 0, 1));
    assert_eq!(
        booking_err(h.hall.cancel_booking(b.id).await.unwrap_err()),
        BookingError::CancelTooLate {
            deadline: "2026-12-05 07:00".into()
        }
    );
    assert_eq!(
        booking_err(h.hall.cancel_booking(a.id).await.unwrap_err()),
        BookingError::WrongBookingState {
            status: "cancelled",
            expected: "booked"
        }
    );
    // The place is free again and the cancelled booking stays on the roster.
    let roster = h.hall.booking_roster("2026-12-05").await.unwrap();
    assert_eq!(roster.slots[0].slot.free, 2);
    assert_eq!(roster.slots[0].bookings.len(), 2);
    assert_eq!(roster.counts.cancelled, 1);
    // Configurable: until the slot starts.
    h.booking_rules(|s| s.cancel_minutes_before = 0).await;
    h.clock.set(beijing(2026, 12, 5, 9, 0, 0));
    h.hall.cancel_booking(b.id).await.unwrap();
}

#[tokio::test]
async fn reschedule_moves_the_place_in_one_step() {
    let h = hall().await;
    let sat = h.session("2026-12-05", "09:00", "10:00", 30, 1).await;
    let (nine, half_past) = (sat.slots[0].id, sat.slots[1].id);
    let sun = h.slot_on("2026-12-06", 1).await;
    let mine = h.book_person(nine, 1).await.unwrap();
    h.book_person(half_past, 2).await.unwrap();

    // To a full slot: refused, and the booking is exactly as it was.
    assert_eq!(
        booking_err(
            h.hall
                .reschedule_booking(mine.id, half_past)
                .await
                .unwrap_err()
        ),
        BookingError::SlotFull {
            date: "2026-12-05".into(),
            start: "09:30".into()
        }
    );
    let same = h
        .hall
        .booking_detail(mine.id, Some(&crate::common::staff(&h.hall).await))
        .await
        .unwrap();
    assert_eq!(same.summary, mine);
    assert_eq!(
        h.hall.booking_session(sat.id).await.unwrap().slots[0].booked,
        1
    );
    assert!(matches!(
        h.hall.reschedule_booking(mine.id, nine).await.unwrap_err(),
        Error::Invalid { field: "slot_id" }
    ));

    // To a free slot: same code, new slot, the old place free.
    let moved = h.hall.reschedule_booking(mine.id, sun).await.unwrap();
    assert_eq!(moved.code, mine.code);
    assert_eq!((moved.date.as_str(), moved.slot_id), ("2026-12-06", sun));
    assert_eq!(
        h.hall.booking_session(sat.id).await.unwrap().slots[0].free,
        1
    );
    // Someone else can take the old place now.
    h.book_person(nine, 3).await.unwrap();
    // Sunday's only place is taken now: person 2 cannot move there.
    let err = h
        .hall
        .reschedule_booking(mine.id + 1, sun)
        .await
        .unwrap_err();
    assert_eq!(booking_err(err).code(), "slot_full");
    // Within two hours of the slot, no more moves.
    h.clock.set(beijing(2026, 12, 6, 7, 30, 0));
    assert_eq!(
        booking_err(h.hall.reschedule_booking(mine.id, nine).await.unwrap_err()).code(),
        "cancel_too_late"
    );
}

#[tokio::test]
async fn reschedule_keeps_one_booking_a_day() {
    let h = hall().await;
    let sat = h.session("2026-12-05", "09:00", "10:00", 30, 3).await;
    let sun = h.session("2026-12-06", "09:00", "10:00", 30, 3).await;
    let a = h.book_person(sat.slots[0].id, 1).await.unwrap();
    h.book_person(sun.slots[0].id, 1).await.unwrap();
    // Within its own day, a booking may move.
    h.hall
        .reschedule_booking(a.id, sat.slots[1].id)
        .await
        .unwrap();
    // Onto a day the person already has: refused.
    assert_eq!(
        booking_err(
            h.hall
                .reschedule_booking(a.id, sun.slots[1].id)
                .await
                .unwrap_err()
        ),
        BookingError::AlreadyBookedThatDay {
            date: "2026-12-06".into()
        }
    );
}

#[tokio::test]
async fn not_checked_in_by_the_end_of_the_slot_plus_grace_is_a_no_show() {
    let h = hall().await;
    let slot = h.slot_on("2026-12-05", 3).await;
    let b = h.book_person(slot, 1).await.unwrap();
    let mut rx = h.hall.subscribe();
    h.clock.set(beijing(2026, 12, 5, 9, 45, 0));
    let roster = h.hall.booking_roster("2026-12-05").await.unwrap();
    assert_eq!(roster.slots[0].bookings[0].status, BookingStatus::Booked);
    h.clock.set(beijing(2026, 12, 5, 9, 45, 1));
    let roster = h.hall.booking_roster("2026-12-05").await.unwrap();
    assert_eq!(roster.slots[0].bookings[0].status, BookingStatus::NoShow);
    assert_eq!(roster.counts.no_show, 1);
    match rx.recv().await.unwrap() {
        HallEvent::Booking {
            change,
            booking_id,
            dates,
        } => {
            assert_eq!(change, BookingChange::NoShow);
            assert_eq!(booking_id, Some(b.id));
            assert_eq!(dates, ["2026-12-05"]);
        }
        other => panic!("{other:?}"),
    }
    // Grace is configurable; a no-show stays one.
    h.booking_rules(|s| s.grace_minutes = 60).await;
    assert_eq!(h.hall.mark_booking_no_shows().await.unwrap(), 0);
    let d = h
        .hall
        .booking_detail(b.id, Some(&crate::common::staff(&h.hall).await))
        .await
        .unwrap();
    assert_eq!(d.summary.status, BookingStatus::NoShow);
}

#[tokio::test]
async fn two_no_shows_in_thirty_days_stop_booking_for_ninety_days_unless_lifted() {
    let h = hall().await;
    let sat = h.slot_on("2026-12-05", 3).await;
    let sun = h.slot_on("2026-12-06", 3).await;
    let later = h.slot_on("2026-12-12", 3).await;
    let (_, _, id) = person(1);
    h.book_person(sat, 1).await.unwrap();
    h.book_person(sun, 1).await.unwrap();
    // One no-show is not enough.
    h.clock.set(beijing(2026, 12, 5, 12, 0, 0));
    let status = h.hall.booking_ban_status(&id).await.unwrap();
    assert_eq!((status.banned, status.no_shows), (false, 1));
    h.clock.set(beijing(2026, 12, 6, 12, 0, 0));
    let status = h.hall.booking_ban_status(&id).await.unwrap();
    assert!(status.banned);
    assert_eq!(status.until.as_deref(), Some("2027-03-06"));
    assert_eq!(
        booking_err(h.book_person(later, 1).await.unwrap_err()),
        BookingError::BookingBanned {
            until: "2027-03-06".into()
        }
    );
    // The policy can be switched off...
    h.booking_rules(|s| s.no_show_policy = false).await;
    assert!(!h.hall.booking_ban_status(&id).await.unwrap().banned);
    h.booking_rules(|s| s.no_show_policy = true).await;
    // ...or staff lift it for this person.
    let lifted = h
        .hall
        .lift_booking_ban(&crate::common::staff(&h.hall).await, &id)
        .await
        .unwrap();
    assert_eq!((lifted.banned, lifted.no_shows), (false, 0));
    h.book_person(later, 1).await.unwrap();
}

#[tokio::test]
async fn a_ban_ends_after_ninety_days() {
    let h = hall().await;
    let sat = h.slot_on("2026-12-05", 3).await;
    let sun = h.slot_on("2026-12-06", 3).await;
    let (_, _, id) = person(1);
    h.book_person(sat, 1).await.unwrap();
    h.book_person(sun, 1).await.unwrap();
    h.clock.set(beijing(2027, 3, 5, 23, 0, 0));
    assert!(h.hall.booking_ban_status(&id).await.unwrap().banned);
    h.clock.set(beijing(2027, 3, 6, 0, 0, 0));
    assert!(!h.hall.booking_ban_status(&id).await.unwrap().banned);
}

#[tokio::test]
async fn personal_fields_are_purged_after_ninety_days_and_the_counts_stay() {
    let h = hall().await;
    let slot = h.slot_on("2026-12-05", 3).await;
    let kept = h.book_person(slot, 1).await.unwrap();
    let missed = h.book_person(slot, 2).await.unwrap();
    let cancelled = h.book_person(slot, 3).await.unwrap();
    h.hall.cancel_booking(cancelled.id).await.unwrap();
    h.clock.set(beijing(2026, 12, 5, 8, 45, 0));
    h.hall
        .check_in(frontdesk_core::booking::CheckInBy::Code(kept.code.clone()))
        .await
        .unwrap();
    let before = h
        .hall
        .booking_counts("2026-12-01", "2026-12-31")
        .await
        .unwrap();
    assert_eq!(
        (
            before.made,
            before.checked_in,
            before.no_show,
            before.cancelled
        ),
        (3, 1, 0, 1)
    );

    // 89 days after: nothing yet.
    h.clock.set(beijing(2027, 3, 4, 10, 0, 0));
    let out = h.hall.purge_booking_personal_data().await.unwrap();
    assert_eq!((out.purged, out.through.as_str()), (0, "2026-12-04"));
    assert_eq!(
        h.hall
            .booking_detail(missed.id, Some(&crate::common::staff(&h.hall).await))
            .await
            .unwrap()
            .summary
            .status,
        BookingStatus::NoShow
    );
    // 90 days after: gone.
    h.clock.set(beijing(2027, 3, 5, 10, 0, 0));
    assert_eq!(
        h.hall.purge_booking_personal_data().await.unwrap().purged,
        3
    );
    let d = h
        .hall
        .booking_detail(kept.id, Some(&crate::common::staff(&h.hall).await))
        .await
        .unwrap();
    assert!(d.summary.purged);
    assert_eq!(
        (d.name, d.mobile, d.id_number, d.note),
        (None, None, None, None)
    );
    assert_eq!(d.summary.masked_name, "");
    assert_eq!(d.summary.status, BookingStatus::CheckedIn);
    let (name, mobile, id) = person(1);
    for q in [name.as_str(), mobile.as_str(), id.as_str()] {
        assert!(h.hall.search_bookings(q).await.unwrap().is_empty());
    }
    let personal: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM bookings WHERE name IS NOT NULL OR mobile IS NOT NULL
            OR id_number IS NOT NULL OR note IS NOT NULL OR id_hash IS NOT NULL",
    )
    .fetch_one(h.hall.pool())
    .await
    .unwrap();
    assert_eq!(personal, 0);
    let after = h
        .hall
        .booking_counts("2026-12-01", "2026-12-31")
        .await
        .unwrap();
    assert_eq!(
        (after.made, after.checked_in, after.no_show, after.cancelled),
        (3, 1, 1, 1)
    );
    // Running it again changes nothing.
    assert_eq!(
        h.hall.purge_booking_personal_data().await.unwrap().purged,
        0
    );
    // Configurable.
    h.booking_rules(|s| s.purge_days = 30).await;
    assert_eq!(h.hall.booking_settings().await.unwrap().purge_days, 30);
}

#[tokio::test]
async fn lists_are_masked_and_only_the_detail_shows_full_values() {
    let h = hall().await;
    let slot = h.slot_on("2026-12-05", 3).await;
    let a = h.service_id("A").await;
    let mut inp = input(slot, a, 1);
    inp.mobile = "+86 139-1000-0001".into();
    inp.note = "带行驶证".into();
    let b = h.hall.book(inp).await.unwrap();
    let (name, mobile, id) = person(1);
    assert_eq!(mobile, "13910000001");
    assert_eq!(b.masked_mobile, "139****0001");
    assert_eq!(
        b.masked_id_number,
        format!("{}********{}", &id[..6], &id[14..])
    );
    assert_eq!(b.masked_name, format!("{}**", name.chars().next().unwrap()));
    assert_eq!(b.code.len(), 6);
    assert!(!b.code.contains(['0', 'O', '1', 'I']));

    let roster = h.hall.booking_roster("2026-12-05").await.unwrap();
    let searches = [
        h.hall
            .search_bookings(&b.code.to_lowercase())
            .await
            .unwrap(),
        h.hall.search_bookings("139 1000 0001").await.unwrap(),
        h.hall.search_bookings(&id.to_lowercase()).await.unwrap(),
        h.hall.search_bookings(&name[..3]).await.unwrap(),
    ];
    for found in &searches {
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id, b.id);
    }
    let listed = serde_json::to_string(&(&roster, &searches, &b)).unwrap();
    for secret in [name.as_str(), mobile.as_str(), id.as_str(), "带行驶证"] {
        assert!(!listed.contains(secret), "a list shows {secret}");
    }
    assert!(h.hall.search_bookings("nobody").await.unwrap().is_empty());
    assert!(h.hall.search_bookings("%").await.unwrap().is_empty());

    let d = h
        .hall
        .booking_detail(b.id, Some(&crate::common::staff(&h.hall).await))
        .await
        .unwrap();
    assert_eq!(d.name.as_deref(), Some(name.as_str()));
    assert_eq!(d.mobile.as_deref(), Some(mobile.as_str()));
    assert_eq!(d.id_number.as_deref(), Some(id.as_str()));
    assert_eq!(d.note.as_deref(), Some("带行驶证"));
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(json["id_number"], json!(id));
    assert_eq!(json["code"], json!(b.code));
    // Debug (what a log would print) is masked.
    let debug = format!("{d:?}");
    for secret in [name.as_str(), mobile.as_str(), id.as_str(), "带行驶证"] {
        assert!(!debug.contains(secret));
    }
}

#[tokio::test]
async fn events_say_what_changed_on_which_date_without_personal_data() {
    let h = hall().await;
    let mut rx = h.hall.subscribe();
    let slot = h.slot_on("2026-12-05", 3).await;
    let b = h.book_person(slot, 1).await.unwrap();
    let sessions = rx.recv().await.unwrap();
    assert!(matches!(
        sessions,
        HallEvent::Booking {
            change: BookingChange::SessionsChanged,
            ..
        }
    ));
    let booked = rx.recv().await.unwrap();
    assert_eq!(
        booked,
        HallEvent::Booking {
            change: BookingChange::Booked,
            booking_id: Some(b.id),
            dates: vec!["2026-12-05".into()]
        }
    );
    let json = serde_json::to_value(&booked).unwrap();
    assert_eq!(
        json,
        json!({"type": "booking", "change": "booked", "booking_id": b.id, "dates": ["2026-12-05"]})
    );
}

#[tokio::test]
async fn the_database_itself_refuses_an_extra_seat_or_a_second_booking_that_day() {
    let h = hall().await;
    let slot = h.slot_on("2026-12-05", 2).await;
    let b = h.book_person(slot, 1).await.unwrap();
    h.book_person(slot, 2).await.unwrap();
    let raw = |seat: i64, hash: &str| {
        sqlx::query(
            "INSERT INTO bookings(code, slot_id, session_id, date, seat, service_id, status, name,
                                  mobile, id_number, id_hash, created_at, changed_at)
             SELECT 'QQQQQQ', id, session_id, date, ?, 1, 'booked', 'x', 'x', 'x', ?, 0, 0
             FROM booking_slots WHERE id = ?",
        )
        .bind(seat)
        .bind(hash.to_string())
        .bind(slot)
    };
    // Seat 3 of a two-place slot, or a taken seat: refused by the database.
    assert!(raw(3, "h-new").execute(h.hall.pool()).await.is_err());
    assert!(raw(2, "h-new").execute(h.hall.pool()).await.is_err());
    // The same person twice on one day: refused, even on a free seat.
    sqlx::query("UPDATE booking_slots SET capacity = 3 WHERE id = ?")
        .bind(slot)
        .execute(h.hall.pool())
        .await
        .unwrap();
    let hash: String = sqlx::query_scalar("SELECT id_hash FROM bookings WHERE id = ?")
        .bind(b.id)
        .fetch_one(h.hall.pool())
        .await
        .unwrap();
    assert!(raw(3, &hash).execute(h.hall.pool()).await.is_err());
    assert!(raw(3, "h-new").execute(h.hall.pool()).await.is_ok());
    // Nor can a slot shrink below a taken seat.
    assert!(
        sqlx::query("UPDATE booking_slots SET capacity = 2 WHERE id = ?")
            .bind(slot)
            .execute(h.hall.pool())
            .await
            .is_err()
    );
}

#[tokio::test]
async fn booking_settings_are_validated_and_kept() {
    let h = hall().await;
    let mut s = h.hall.booking_settings().await.unwrap();
    assert_eq!(
        (
            s.min_days_ahead,
            s.max_days_ahead,
            s.week_limit,
            s.month_limit
        ),
        (1, 14, 2, 6)
    );
    assert_eq!(
        (s.cancel_minutes_before, s.grace_minutes, s.purge_days),
        (120, 15, 90)
    );
    s.max_days_ahead = 0;
    assert!(matches!(
        h.hall
            .save_booking_settings(&crate::common::staff(&h.hall).await, s.clone())
            .await
            .unwrap_err(),
        Error::OutOfRange {
            field: "max_days_ahead",
            ..
        }
    ));
    s.max_days_ahead = 21;
    h.hall
        .save_booking_settings(&crate::common::staff(&h.hall).await, s)
        .await
        .unwrap();
    // A fresh open of the same folder reads them back.
    drop(h.hall);
    let again = frontdesk_testing::open_hall(h.dir.path(), h.clock.clone())
        .await
        .unwrap();
    assert_eq!(again.booking_settings().await.unwrap().max_days_ahead, 21);
}

#[tokio::test]
async fn a_session_on_a_make_up_working_day_is_flagged() {
    let h = hall().await;
    let sat = h.session("2026-12-05", "09:00", "10:00", 30, 2).await;
    let sun = h.session("2026-12-06", "09:00", "10:00", 30, 2).await;
    assert!(!sat.make_up_day);
    h.make_up_day("2026-12-05").await;
    let listed = h
        .hall
        .booking_sessions("2026-12-05", "2026-12-06")
        .await
        .unwrap();
    assert_eq!(
        listed
            .iter()
            .map(|s| (s.id, s.make_up_day))
            .collect::<Vec<_>>(),
        [(sat.id, true), (sun.id, false)]
    );
    assert!(
        h.hall
            .booking_roster("2026-12-05")
            .await
            .unwrap()
            .make_up_day
    );
    // Flagged, not refused: staff decide.
    h.book_person(sat.slots[0].id, 1).await.unwrap();
}
