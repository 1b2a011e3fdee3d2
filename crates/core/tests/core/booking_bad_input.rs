//! Bad booking input is refused with its own error code and nothing is written; no error
//! ever carries a name, an ID number or a phone number.

use crate::booking_support::*;
use crate::common::*;
use frontdesk_core::booking::{BookingInput, CheckInBy, SessionInput};
use frontdesk_core::Error;
use serde_json::{json, Value};

/// An error as the UI receives it: its code and parameters.
fn shape(e: &Error) -> (String, Value) {
    let v = serde_json::to_value(e).unwrap();
    (v["code"].as_str().unwrap().to_string(), v["params"].clone())
}

#[tokio::test]
async fn bad_bookings_are_refused_each_with_its_own_error_and_nothing_written() {
    let h = hall().await;
    let sat = h.session("2026-12-05", "09:00", "10:00", 30, 2).await;
    let slot = sat.slots[0].id;
    // Today 09:00 has begun (the clock says 09:05); 10:00 today is outside the window.
    let today = h.session("2026-11-30", "09:00", "10:30", 30, 2).await;
    let far = h.slot_on("2026-12-15", 2).await;
    let a = h.service_id("A").await;
    let c = h.service_id("C").await;
    let ok = input(slot, a, 1);
    let before = (h.booking_rows().await, h.row_counts().await);

    let long = "张".repeat(10_000);
    let sql = "'); DELETE FROM bookings;--";
    let cases: Vec<(&str, BookingInput, (&str, Value))> = vec![
        (
            "empty name",
            BookingInput {
                name: "   ".into(),
                ..ok.clone()
            },
            ("empty", json!({"field": "name"})),
        ),
        (
            "10 000-character name",
            BookingInput {
                name: long.clone(),
                ..ok.clone()
            },
            ("too_long", json!({"field": "name", "max": 20})),
        ),
        (
            "emoji name",
            BookingInput {
                name: "😀😀".into(),
                ..ok.clone()
            },
            ("invalid", json!({"field": "name"})),
        ),
        (
            "SQL text as name",
            BookingInput {
                name: "x'; DROP TABLE t;--".into(),
                ..ok.clone()
            },
            ("invalid", json!({"field": "name"})),
        ),
        (
            "empty mobile",
            BookingInput {
                mobile: String::new(),
                ..ok.clone()
            },
            ("empty", json!({"field": "mobile"})),
        ),
        (
            "SQL text as mobile",
            BookingInput {
                mobile: sql.into(),
                ..ok.clone()
            },
            ("invalid_mobile", json!({"problem": "characters"})),
        ),
        (
            "short mobile",
            BookingInput {
                mobile: "1381234800".into(),
                ..ok.clone()
            },
            ("invalid_mobile", json!({"problem": "length"})),
        ),
        (
            "empty ID number",
            BookingInput {
                id_number: String::new(),
                ..ok.clone()
            },
            ("empty", json!({"field": "id_number"})),
        ),
        (
            "10 000-digit ID number",
            BookingInput {
                id_number: "1".repeat(10_000),
                ..ok.clone()
            },
            ("invalid_id_number", json!({"problem": "length"})),
        ),
        (
            "emoji ID number",
            BookingInput {
                id_number: "😀".into(),
                ..ok.clone()
            },
            ("invalid_id_number", json!({"problem": "characters"})),
        ),
        (
            "wrong check digit",
            BookingInput {
                id_number: "110105194912310021".into(),
                ..ok.clone()
            },
            ("invalid_id_number", json!({"problem": "check_digit"})),
        ),
        (
            "10 000-character note",
            BookingInput {
                note: long.clone(),
                ..ok.clone()
            },
            ("too_long", json!({"field": "note", "max": 200})),
        ),
        (
            "slot that does not exist",
            BookingInput {
                slot_id: 9999,
                ..ok.clone()
            },
            ("unknown_slot", json!({"id": 9999})),
        ),
        (
            "slot in the past",
            BookingInput {
                slot_id: today.slots[0].id,
                ..ok.clone()
            },
            ("date_in_past", json!({"date": "2026-11-30"})),
        ),
        (
            "today",
            BookingInput {
                slot_id: today.slots[2].id,
                ..ok.clone()
            },
            (
                "outside_booking_window",
                json!({"first": "2026-12-01", "last": "2026-12-14"}),
            ),
        ),
        (
            "15 days ahead",
            BookingInput {
                slot_id: far,
                ..ok.clone()
            },
            (
                "outside_booking_window",
                json!({"first": "2026-12-01", "last": "2026-12-14"}),
            ),
        ),
        (
            "matter not offered",
            BookingInput {
                service_id: c,
                ..ok.clone()
            },
            ("matter_not_bookable", json!({"service_id": c})),
        ),
        (
            "service that does not exist",
            BookingInput {
                service_id: 9999,
                ..ok.clone()
            },
            ("unknown_service", json!({"id": 9999})),
        ),
    ];
    for (what, bad, (code, params)) in cases {
        let err = h.hall.book(bad).await.unwrap_err();
        assert_eq!(shape(&err), (code.to_string(), params), "{what}");
        assert_eq!(
            (h.booking_rows().await, h.row_counts().await),
            before,
            "{what} wrote something"
        );
    }
    // The same input, fixed, goes through.
    h.hall.book(ok).await.unwrap();
}

#[tokio::test]
async fn bad_sessions_check_ins_and_queries_are_refused_and_change_nothing() {
    let h = hall().await;
    let slot = h.slot_on("2026-12-05", 2).await;
    let b = h.book_person(slot, 1).await.unwrap();
    let w6 = h.counter_id(6).await;
    let w1 = h.counter_id(1).await;
    let a = h.service_id("A").await;
    let session = |f: &dyn Fn(&mut SessionInput)| {
        let mut s = SessionInput {
            date: "2026-12-06".into(),
            start: "09:00".into(),
            end: "12:00".into(),
            slot_minutes: 30,
            capacity: 2,
            counter_ids: vec![w6],
            service_ids: vec![a],
            note: String::new(),
        };
        f(&mut s);
        s
    };
    let before = (h.booking_rows().await, h.row_counts().await);
    let mut errors: Vec<(&str, Error, (&str, Value))> = Vec::new();
    let session_cases: Vec<(&str, SessionInput, (&str, Value))> = vec![
        (
            "empty date",
            session(&|s| s.date.clear()),
            ("empty", json!({"field": "date"})),
        ),
        (
            "no such date",
            session(&|s| s.date = "2026-02-30".into()),
            ("invalid", json!({"field": "date"})),
        ),
        (
            "SQL text as date",
            session(&|s| s.date = "2026-12-06'; --".into()),
            ("invalid", json!({"field": "date"})),
        ),
        (
            "date in the past",
            session(&|s| s.date = "2026-11-29".into()),
            ("date_in_past", json!({"date": "2026-11-29"})),
        ),
        (
            "bad start",
            session(&|s| s.start = "25:00".into()),
            ("invalid", json!({"field": "start"})),
        ),
        (
            "end before start",
            session(&|s| s.end = "08:00".into()),
            ("invalid", json!({"field": "end"})),
        ),
        (
            "zero slot length",
            session(&|s| s.slot_minutes = 0),
            (
                "out_of_range",
                json!({"field": "slot_minutes", "min": 5, "max": 240}),
            ),
        ),
        (
            "10 000 places",
            session(&|s| s.capacity = 10_000),
            (
                "out_of_range",
                json!({"field": "capacity", "min": 1, "max": 200}),
            ),
        ),
        (
            "no counter",
            session(&|s| s.counter_ids.clear()),
            ("empty", json!({"field": "counter_ids"})),
        ),
        (
            "no matter",
            session(&|s| s.service_ids.clear()),
            ("empty", json!({"field": "service_ids"})),
        ),
        (
            "counter that does not exist",
            session(&|s| s.counter_ids = vec![9999]),
            ("unknown_counter", json!({"id": 9999})),
        ),
        (
            "walk-in counter",
            session(&|s| s.counter_ids = vec![w1]),
            ("not_appointment_counter", json!({"counter": 1})),
        ),
        (
            "service that does not exist",
            session(&|s| s.service_ids = vec![9999]),
            ("unknown_service", json!({"id": 9999})),
        ),
        (
            "10 000-character note",
            session(&|s| s.note = "x".repeat(10_000)),
            ("too_long", json!({"field": "note", "max": 100})),
        ),
    ];
    for (what, input, expected) in session_cases {
        let e = h
            .hall
            .create_booking_session(&crate::common::staff(&h.hall).await, input)
            .await
            .unwrap_err();
        errors.push((what, e, expected));
    }
    let check_ins: Vec<(&str, CheckInBy, (&str, Value))> = vec![
        (
            "empty code",
            CheckInBy::Code(" ".into()),
            ("empty", json!({"field": "code"})),
        ),
        (
            "code with 0/O/1/I",
            CheckInBy::Code("O0I1AB".into()),
            ("invalid", json!({"field": "code"})),
        ),
        (
            "SQL text as code",
            CheckInBy::Code("' OR 1=1 --".into()),
            ("invalid", json!({"field": "code"})),
        ),
        (
            "bad mobile",
            CheckInBy::Mobile("12345".into()),
            ("invalid_mobile", json!({"problem": "length"})),
        ),
        (
            "bad ID number",
            CheckInBy::IdNumber("11010519491231002".into()),
            ("invalid_id_number", json!({"problem": "length"})),
        ),
        (
            "a booking for another day",
            CheckInBy::Code(b.code.clone()),
            ("booking_not_today", json!({"date": "2026-12-05"})),
        ),
    ];
    for (what, by, expected) in check_ins {
        let e = h.hall.check_in(by).await.unwrap_err();
        errors.push((what, e, expected));
    }
    errors.push((
        "empty search",
        h.hall.search_bookings("").await.unwrap_err(),
        ("empty", json!({"field": "query"})),
    ));
    errors.push((
        "10 000-character search",
        h.hall
            .search_bookings(&"x".repeat(10_000))
            .await
            .unwrap_err(),
        ("too_long", json!({"field": "query", "max": 40})),
    ));
    errors.push((
        "roster of no date",
        h.hall.booking_roster("yesterday").await.unwrap_err(),
        ("invalid", json!({"field": "date"})),
    ));
    errors.push((
        "cancel of no booking",
        h.hall.cancel_booking(9999).await.unwrap_err(),
        ("unknown_booking", json!({})),
    ));
    errors.push((
        "reschedule to no slot",
        h.hall.reschedule_booking(b.id, 9999).await.unwrap_err(),
        ("unknown_slot", json!({"id": 9999})),
    ));
    errors.push((
        "no such session",
        h.hall
            .delete_booking_session(&crate::common::staff(&h.hall).await, 9999)
            .await
            .unwrap_err(),
        ("unknown_session", json!({"id": 9999})),
    ));
    for (what, e, (code, params)) in &errors {
        assert_eq!(shape(e), (code.to_string(), params.clone()), "{what}");
    }
    assert_eq!(
        (h.booking_rows().await, h.row_counts().await),
        before,
        "a refused call wrote something"
    );
}

#[tokio::test]
async fn no_error_carries_personal_data() {
    let h = hall().await;
    let sat = h.slot_on("2026-12-05", 1).await;
    let sun = h.slot_on("2026-12-06", 1).await;
    let tue = h.slot_on("2026-12-01", 1).await;
    let later = h.slot_on("2026-12-12", 1).await;
    let (name, mobile, id) = person(1);
    let a = h.service_id("A").await;
    let mut errors: Vec<Error> = Vec::new();
    let b = h.book_person(sat, 1).await.unwrap();
    h.book_person(sun, 1).await.unwrap();
    // Every refusal a real person can meet, with their real data in the request.
    errors.push(h.book_person(sat, 1).await.unwrap_err()); // same day
    errors.push(h.book_person(tue, 1).await.unwrap_err()); // week limit
    errors.push(h.book_person(sat, 2).await.unwrap_err()); // full
    let mut bad = input(tue, a, 1);
    // One digit changed: the check digit no longer matches.
    let changed = if &bad.id_number[16..17] == "1" {
        "2"
    } else {
        "1"
    };
    bad.id_number.replace_range(16..17, changed);
    errors.push(h.hall.book(bad).await.unwrap_err());
    let mut bad = input(tue, a, 1);
    bad.mobile = format!("{mobile}9");
    errors.push(h.hall.book(bad).await.unwrap_err());
    let mut bad = input(tue, a, 1);
    bad.name = format!("{name}😀");
    errors.push(h.hall.book(bad).await.unwrap_err());
    errors.push(
        h.hall
            .check_in(CheckInBy::IdNumber(id.clone()))
            .await
            .unwrap_err(),
    );
    errors.push(
        h.hall
            .check_in(CheckInBy::Mobile(mobile.clone()))
            .await
            .unwrap_err(),
    );
    errors.push(
        h.hall
            .check_in(CheckInBy::Code(b.code.clone()))
            .await
            .unwrap_err(),
    );
    errors.push(
        h.hall
            .search_bookings(&format!("{id}{id}{id}"))
            .await
            .unwrap_err(),
    );
    h.clock.set(beijing(2026, 12, 5, 8, 0, 0));
    errors.push(h.hall.cancel_booking(b.id).await.unwrap_err());
    errors.push(
        h.hall
            .check_in(CheckInBy::Code(b.code.clone()))
            .await
            .unwrap_err(),
    );
    h.clock.set(beijing(2026, 12, 6, 12, 0, 0));
    errors.push(h.book_person(later, 1).await.unwrap_err()); // banned (2 no-shows)

    let codes: Vec<String> = errors.iter().map(Error::code).collect();
    assert_eq!(
        codes,
        [
            "already_booked_that_day",
            "weekly_limit_reached",
            "slot_full",
            "invalid_id_number",
            "invalid_mobile",
            "invalid",
            "booking_not_today",
            "booking_not_today",
            "booking_not_today",
            "too_long",
            "cancel_too_late",
            "check_in_too_early",
            "booking_banned",
        ]
    );
    let secrets = [
        name.as_str(),
        &name[..3],
        mobile.as_str(),
        &mobile[3..7],
        id.as_str(),
        &id[6..14],
        &id[..6],
        b.code.as_str(),
    ];
    for e in &errors {
        let shown = format!("{e} {} {e:?}", serde_json::to_string(e).unwrap());
        for s in secrets {
            assert!(
                !shown.contains(s),
                "{} shows personal data: {shown}",
                e.code()
            );
        }
    }
    // Debug of the inputs that carry personal data is masked too.
    let debug = format!(
        "{:?} {:?} {:?}",
        input(sat, a, 1),
        CheckInBy::IdNumber(id.clone()),
        CheckInBy::Mobile(mobile.clone())
    );
    for s in [name.as_str(), mobile.as_str(), id.as_str()] {
        assert!(!debug.contains(s), "{debug}");
    }
}
