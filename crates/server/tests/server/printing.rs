//! A kiosk on the hall's network prints at the host's kiosk printer, like the host's own
//! kiosk window: each number it takes and each appointment it checks in, once, after the
//! commit. A retried request (the same idempotency key) does not print again; a second desk
//! prints nothing on the host's printers. The printer here is a port nobody listens on, so
//! every print fails fast and is recorded, with its attempt count, as 未打印.

use crate::common::*;
use frontdesk_core::booking::{BookingInput, SessionInput};
use frontdesk_core::ops::Role;
use frontdesk_core::{Hall, HallEvent, PrintState, Station, StationPrint};
use reqwest::StatusCode;
use serde_json::json;
use std::time::Duration;
use tokio::sync::broadcast::Receiver;

/// A printer on a port nobody listens on (bound, then released): refused at once.
fn printer_that_is_off() -> StationPrint {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    serde_json::from_value(json!({
        "printer": {
            "transport": { "kind": "tcp", "host": "127.0.0.1", "port": port },
            "connect_timeout_ms": 1000,
        },
        "auto_print": true,
    }))
    .unwrap()
}

/// Waits for the print outcome of `number`.
async fn printed(events: &mut Receiver<HallEvent>, number: &str) -> PrintState {
    tokio::time::timeout(Duration::from_secs(20), async {
        loop {
            match events.recv().await {
                Ok(HallEvent::Print {
                    number: n, print, ..
                }) if n == number => return print,
                Ok(_) => {}
                Err(e) => panic!("the event channel: {e}"),
            }
        }
    })
    .await
    .unwrap_or_else(|_| panic!("no print of {number}"))
}

fn attempts(p: &PrintState) -> i64 {
    match p {
        PrintState::Failed {
            station: Station::Kiosk,
            attempts,
            ..
        } => *attempts,
        other => panic!("a failed print at the kiosk, got {other:?}"),
    }
}

/// A Saturday session at window 6 with one booking; its code.
async fn booking(hall: &Hall, staff: &frontdesk_core::StaffToken, s: &TestServer) -> String {
    let session = hall
        .create_booking_session(
            staff,
            SessionInput {
                date: "2026-12-05".into(),
                start: "09:00".into(),
                end: "10:00".into(),
                slot_minutes: 30,
                capacity: 2,
                counter_ids: vec![s.counter_id(6).await],
                service_ids: vec![s.service_id("A").await],
                note: String::new(),
            },
        )
        .await
        .unwrap();
    hall.book(BookingInput {
        slot_id: session.slots[0].id,
        service_id: s.service_id("A").await,
        name: "张三".into(),
        mobile: "13800138000".into(),
        id_number: "11010519491231002X".into(),
        note: String::new(),
    })
    .await
    .unwrap()
    .code
}

#[tokio::test]
async fn a_paired_kiosk_prints_at_the_kiosk_printer_once_per_number() {
    let s = start().await;
    let staff = s.staff().await;
    for station in [Station::Kiosk, Station::Desk] {
        s.hall
            .save_print_settings(&staff, station, printer_that_is_off())
            .await
            .unwrap();
    }
    let code = booking(&s.hall, &staff, &s).await;
    let kiosk = s.device(Role::Kiosk, None).await;
    let desk = s.device(Role::Desk, None).await;
    let a = s.service_id("A").await;
    let mut events = s.hall.subscribe();

    // The kiosk learns that it prints, not how.
    let (status, prints) = kiosk.op("kiosk_prints", json!({})).await;
    assert_eq!((status, prints), (StatusCode::OK, json!(true)));
    let (status, _) = kiosk
        .op("print_settings", json!({ "station": "kiosk" }))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // A number taken at the kiosk goes to the kiosk printer; the retry of the same press
    // gets the same number and does not print it again.
    let press = json!({ "request": { "service_id": a, "station": "kiosk-1" } });
    let (status, first) = kiosk
        .op_keyed("issue_ticket", press.clone(), Some("press-1"))
        .await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(first["ticket"]["number"], "A001");
    let (_, again) = kiosk.op_keyed("issue_ticket", press, Some("press-1")).await;
    assert_eq!(first, again);
    assert_eq!(attempts(&printed(&mut events, "A001").await), 1);

    // A second desk's number is not printed on the host's printers.
    let b = s.service_id("B").await;
    let (status, from_desk) = desk
        .op(
            "issue_ticket",
            json!({ "request": { "service_id": b, "station": "desk-2" } }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(from_desk["ticket"]["number"], "B001");

    // That Saturday the booking checks in at the kiosk: its Y ticket prints there too.
    s.clock.set(beijing(2026, 12, 5, 8, 45));
    let (status, out) = kiosk
        .op(
            "check_in",
            json!({ "by": { "by": "entry", "value": code } }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{out}");
    assert_eq!(out["ticket"]["ticket"]["number"], "Y001");
    assert_eq!(attempts(&printed(&mut events, "Y001").await), 1);

    // Every print came through the events above: A001 once, Y001 once, B001 never.
    let marks = s.hall.unprinted_tickets().await.unwrap();
    let mut seen: Vec<_> = marks
        .iter()
        .map(|m| (m.number.as_str(), attempts(&m.print)))
        .collect();
    seen.sort();
    assert_eq!(seen, [("A001", 1), ("Y001", 1)]);
    assert_eq!(
        s.hall
            .print_state(from_desk["ticket"]["id"].as_i64().unwrap())
            .await
            .unwrap(),
        PrintState::NotPrinted
    );
}
