//! Staff access: every guarded operation is refused without a live staff session and works
//! with one; a session lapses when idle; five wrong PINs lock it; the audit list records
//! who did what to which booking, and when; a reset on the machine removes the PIN.

use crate::booking_support::*;
use crate::common::*;
use chrono::Duration;
use frontdesk_core::booking::{SessionInput, SessionRule};
use frontdesk_core::schedule::{ExceptionInput, ExceptionKind};
use frontdesk_core::{
    CounterInput, Error, Hall, ScheduleSettings, ServiceInput, StaffToken, Station, StationPrint,
};

const HOLIDAYS: &str = include_str!("../fixtures/holidays-2026.json");

/// Rows of every table a guarded operation writes, and of the audit list.
async fn written(hall: &Hall) -> Vec<i64> {
    let mut counts = Vec::new();
    for table in [
        "settings",
        "services",
        "counters",
        "counter_services",
        "date_exceptions",
        "booking_sessions",
        "booking_slots",
        "booking_ban_lifts",
        "audit_log",
    ] {
        counts.push(
            sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(hall.pool())
                .await
                .unwrap(),
        );
    }
    counts.push(
        sqlx::query_scalar("SELECT COALESCE(SUM(length(value)), 0) FROM settings")
            .fetch_one(hall.pool())
            .await
            .unwrap(),
    );
    counts
}

/// Runs every guarded operation once with `staff`; each result is `Ok(())` or the error.
async fn every_guarded(
    h: &TestHall,
    staff: &StaffToken,
    booking: i64,
) -> Vec<(&'static str, Result<(), Error>)> {
    let hall = &h.hall;
    let a = h.service_id("A").await;
    let window6 = h.counter_id(6).await;
    let service = hall.services().await.unwrap()[0].clone();
    let counter = hall.counters().await.unwrap()[0].clone();
    let (_, _, id_number) = person(1);
    let mut out = Vec::new();
    macro_rules! run {
        ($name:expr, $e:expr) => {
            out.push(($name, $e.await.map(|_| ())));
        };
    }
    let mut settings = hall.settings();
    settings.hall_name = "株洲市民中心".into();
    run!("save_settings", hall.save_settings(staff, settings));
    run!(
        "save_service",
        hall.save_service(
            staff,
            ServiceInput {
                id: Some(service.id),
                name: service.name.clone(),
                name_en: service.name_en.clone(),
                prefix: service.prefix.clone(),
                sort_order: service.sort_order,
                minutes_per_person: service.minutes_per_person + 1,
                enabled: true,
            }
        )
    );
    run!(
        "save_counter",
        hall.save_counter(
            staff,
            CounterInput {
                id: Some(counter.id),
                number: counter.number,
                name: "一号窗口".into(),
                service_ids: vec![a],
                appointment: false,
            }
        )
    );
    run!(
        "save_schedule_settings",
        hall.save_schedule_settings(staff, ScheduleSettings::always_open())
    );
    run!(
        "save_exception",
        hall.save_exception(
            staff,
            ExceptionInput {
                date: "2026-12-24".into(),
                kind: ExceptionKind::Closed,
                sessions: Vec::new(),
                follows: None,
                name: String::new(),
                note: String::new(),
            }
        )
    );
    let exception = hall
        .exceptions(Some(2026))
        .await
        .unwrap()
        .first()
        .map(|e| e.id);
    run!(
        "remove_exception",
        hall.remove_exception(staff, exception.unwrap_or(1))
    );
    run!("import_holidays", hall.import_holidays(staff, HOLIDAYS));
    let mut rules = hall.booking_settings().await.unwrap();
    rules.max_days_ahead = 21;
    run!(
        "save_booking_settings",
        hall.save_booking_settings(staff, rules)
    );
    let session = hall
        .create_booking_session(
            staff,
            SessionInput {
                date: "2026-12-12".into(),
                start: "09:00".into(),
                end: "10:00".into(),
                slot_minutes: 30,
                capacity: 2,
                counter_ids: vec![window6],
                service_ids: vec![a],
                note: String::new(),
            },
        )
        .await;
    let created = session.as_ref().map(|s| s.id).ok();
    out.push(("create_booking_session", session.map(|_| ())));
    run!(
        "create_booking_sessions_by_rule",
        hall.create_booking_sessions_by_rule(
            staff,
            SessionRule {
                from: "2026-12-19".into(),
                weeks: 1,
                weekdays: vec![6],
                start: "09:00".into(),
                end: "10:00".into(),
                slot_minutes: 30,
                capacity: 2,
                counter_ids: vec![window6],
                service_ids: vec![a],
                note: String::new(),
            }
        )
    );
    run!(
        "delete_booking_session",
        hall.delete_booking_session(staff, created.unwrap_or(1))
    );
    let mut display = hall.display_settings().await.unwrap();
    display.voice_repeat = 1;
    run!(
        "save_display_settings",
        hall.save_display_settings(staff, display)
    );
    run!("lift_booking_ban", hall.lift_booking_ban(staff, &id_number));
    run!("booking_detail", hall.booking_detail(booking, Some(staff)));
    run!(
        "save_print_settings",
        hall.save_print_settings(staff, Station::Kiosk, StationPrint::default())
    );
    let kiosk = hall.kiosk_settings().await.unwrap();
    run!(
        "save_kiosk_settings",
        hall.save_kiosk_settings(staff, kiosk)
    );
    run!("leave_kiosk", hall.leave_kiosk(staff));
    run!("audit_log", hall.audit_log(staff));
    out
}

#[tokio::test]
async fn every_guarded_operation_is_refused_without_a_live_session_and_allowed_with_one() {
    let h = hall().await;
    let slot = h.slot_on("2026-12-05", 4).await;
    let booking = h.book_person(slot, 1).await.unwrap().id;
    let before = written(&h.hall).await;
    for staff in [
        StaffToken("not-a-session".into()),
        StaffToken(String::new()),
    ] {
        for (name, result) in every_guarded(&h, &staff, booking).await {
            assert!(
                matches!(result, Err(Error::StaffSessionRequired)),
                "{name} without a session: {result:?}"
            );
        }
        assert_eq!(written(&h.hall).await, before, "a refusal writes nothing");
    }
    let live = staff(&h.hall).await;
    for (name, result) in every_guarded(&h, &live, booking).await {
        assert!(result.is_ok(), "{name} with a session: {result:?}");
    }
    assert_eq!(h.hall.settings().hall_name, "株洲市民中心");
    // Signed out, the same token is refused again.
    h.hall.sign_out(&live);
    assert!(matches!(
        h.hall.audit_log(&live).await,
        Err(Error::StaffSessionRequired)
    ));
}

#[tokio::test]
async fn a_session_lapses_after_idle_minutes_but_not_while_used() {
    let h = hall().await;
    let token = h.hall.create_pin(PIN, "settings").await.unwrap();
    for _ in 0..4 {
        h.clock.advance(Duration::minutes(4));
        h.hall
            .audit_log(&token)
            .await
            .expect("used within the idle time");
    }
    h.clock.advance(Duration::minutes(5));
    assert!(matches!(
        h.hall.audit_log(&token).await,
        Err(Error::StaffSessionRequired)
    ));
    // A new PIN entry opens a new session.
    let again = h.hall.unlock(PIN, "settings").await.unwrap();
    assert_ne!(again, token);
    h.hall.audit_log(&again).await.unwrap();
}

#[tokio::test]
async fn five_wrong_pins_lock_it_for_a_while_even_for_the_right_one() {
    let h = hall().await;
    assert!(matches!(
        h.hall.unlock(PIN, "settings").await,
        Err(Error::PinNotSet)
    ));
    assert!(matches!(
        h.hall.create_pin("12a4", "settings").await,
        Err(Error::PinFormat { min: 4, max: 12 })
    ));
    let first = h.hall.create_pin(PIN, "settings").await.unwrap();
    assert!(matches!(
        h.hall.create_pin("1111", "settings").await,
        Err(Error::PinAlreadySet)
    ));
    for left in (1..=4).rev() {
        match h.hall.unlock("000000", "booking").await {
            Err(Error::WrongPin { tries_left }) => assert_eq!(tries_left, left),
            other => panic!("expected a wrong PIN, got {other:?}"),
        }
    }
    let locked = h.hall.unlock("000000", "booking").await.unwrap_err();
    let Error::PinLocked { until } = &locked else {
        panic!("expected the lock, got {locked:?}");
    };
    assert_eq!(until, "2026-11-30T09:15:00+08:00", "ten minutes from 09:05");
    // Locked: the right PIN is refused too, sessions opened before are over.
    assert!(matches!(
        h.hall.unlock(PIN, "settings").await,
        Err(Error::PinLocked { .. })
    ));
    assert!(matches!(
        h.hall.audit_log(&first).await,
        Err(Error::StaffSessionRequired)
    ));
    let status = h.hall.pin_status().await.unwrap();
    assert!(status.set && status.locked_until.is_some());
    h.clock.advance(Duration::minutes(10));
    let token = h.hall.unlock(PIN, "settings").await.unwrap();
    assert_eq!(h.hall.pin_status().await.unwrap().tries_left, 5);
    let actions: Vec<String> = h
        .hall
        .audit_log(&token)
        .await
        .unwrap()
        .into_iter()
        .map(|e| format!("{} {}", e.actor, e.action))
        .collect();
    assert_eq!(actions, ["booking pin_locked", "settings pin_created"]);
}

#[tokio::test]
async fn the_audit_list_says_who_did_what_to_which_booking_and_when() {
    let h = hall().await;
    let slot = h.slot_on("2026-12-05", 4).await;
    let booking = h.book_person(slot, 2).await.unwrap().id;
    // Without a session the booking's page is masked and leaves no row.
    let masked = h.hall.booking_detail(booking, None).await.unwrap();
    let (name, mobile, id_number) = person(2);
    assert!(!masked.unmasked);
    assert_eq!(masked.mobile.as_deref(), Some("139****0002"));
    assert_ne!(masked.name.as_deref(), Some(name.as_str()));
    assert_ne!(masked.id_number.as_deref(), Some(id_number.as_str()));
    assert_eq!(masked.note, None);
    let token = h.hall.unlock(PIN, "booking").await.unwrap();
    h.clock.advance(Duration::seconds(30));
    let full = h.hall.booking_detail(booking, Some(&token)).await.unwrap();
    assert!(full.unmasked);
    assert_eq!(full.mobile.as_deref(), Some(mobile.as_str()));
    h.hall.lift_booking_ban(&token, &id_number).await.unwrap();
    let mut s = h.hall.settings();
    s.requeue_places = 4;
    h.hall.save_settings(&token, s).await.unwrap();
    let t = h.issue("A", false).await;
    h.hall.void_ticket(t.ticket.id, "main").await.unwrap();
    let log = h.hall.audit_log(&token).await.unwrap();
    let rows: Vec<(String, String, Option<i64>, String)> = log
        .iter()
        .map(|e| {
            (
                e.actor.clone(),
                e.action.clone(),
                e.booking_id,
                e.detail.clone(),
            )
        })
        .collect();
    assert_eq!(
        rows[..4],
        [
            ("main".into(), "ticket_voided".into(), None, "A001".into()),
            (
                "booking".into(),
                "settings_changed".into(),
                None,
                "hall".into()
            ),
            ("booking".into(), "ban_lifted".into(), None, String::new()),
            (
                "booking".into(),
                "unmasked_view".into(),
                Some(booking),
                String::new()
            ),
        ]
    );
    let viewed = log.iter().find(|e| e.action == "unmasked_view").unwrap();
    assert_eq!(
        viewed.at,
        beijing(2026, 11, 30, 9, 5, 30).timestamp_millis()
    );
    // Nothing personal in any row.
    for e in &log {
        for v in [&name, &mobile, &id_number] {
            assert!(!e.detail.contains(v.as_str()) && !e.actor.contains(v.as_str()));
        }
    }
}

#[tokio::test]
async fn ending_the_day_is_audited() {
    let h = hall_at(beijing(2026, 11, 30, 18, 0, 0)).await;
    h.hall.end_day("main").await.unwrap();
    let token = staff(&h.hall).await;
    let log = h.hall.audit_log(&token).await.unwrap();
    assert!(log
        .iter()
        .any(|e| e.action == "day_ended" && e.actor == "main" && e.detail == "2026-11-30"));
}

#[tokio::test]
async fn a_reset_on_the_machine_removes_the_pin_and_every_session() {
    let h = hall().await;
    let token = staff(&h.hall).await;
    h.hall.reset_pin("machine").await.unwrap();
    assert!(!h.hall.pin_status().await.unwrap().set);
    assert!(matches!(
        h.hall.audit_log(&token).await,
        Err(Error::StaffSessionRequired)
    ));
    let fresh = h.hall.create_pin("1357", "settings").await.unwrap();
    let log = h.hall.audit_log(&fresh).await.unwrap();
    assert_eq!(log[0].action, "pin_created");
    assert_eq!(
        (log[1].actor.as_str(), log[1].action.as_str()),
        ("machine", "pin_reset")
    );
}
