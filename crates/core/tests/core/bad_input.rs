//! Every kind of bad input is refused with a typed error, and nothing is written.

use crate::common::*;
use frontdesk_core::{CounterInput, Error, IssueRequest, ServiceInput, TransferTarget};

fn svc(name: &str, prefix: &str) -> ServiceInput {
    ServiceInput {
        id: None,
        name: name.into(),
        name_en: String::new(),
        prefix: prefix.into(),
        sort_order: 9,
        minutes_per_person: 10,
        enabled: true,
    }
}

#[tokio::test]
async fn refused_operations_change_nothing() {
    let h = hall().await;
    let c2 = h.open(2).await;
    let c4 = h.open(4).await;
    let a1 = h.issue("A", false).await.ticket;
    let b1 = h.issue("B", false).await.ticket;
    h.issue("C", false).await;
    let held = h.hall.call_next(c2).await.unwrap().called.unwrap();
    assert_eq!(held.id, a1.id);
    let before = (
        h.ticket_digest().await,
        h.row_counts().await,
        h.hall.services().await.unwrap(),
        h.hall.counters().await.unwrap(),
    );

    let issue = |service_id| IssueRequest {
        service_id,
        priority: false,
        station: String::new(),
        request_id: None,
    };
    let staff = crate::common::staff(&h.hall).await;
    let refused_service =
        async |input: ServiceInput| h.hall.save_service(&staff, input).await.unwrap_err();
    let refused_counter = async |number: i64, name: &str, service_ids: Vec<i64>| {
        let input = CounterInput {
            id: None,
            number,
            name: name.into(),
            service_ids,
            appointment: false,
        };
        h.hall.save_counter(&staff, input).await.unwrap_err()
    };
    let cases: Vec<(&str, Error)> = vec![
        (
            "unknown service",
            h.hall.issue_ticket(issue(9999)).await.unwrap_err(),
        ),
        (
            "over-long station",
            h.hall
                .issue_ticket(IssueRequest {
                    station: "x".repeat(41),
                    ..issue(1)
                })
                .await
                .unwrap_err(),
        ),
        ("empty service name", refused_service(svc("  ", "E")).await),
        (
            "over-long service name",
            refused_service(svc(&"办".repeat(21), "E")).await,
        ),
        (
            "10 000 characters",
            refused_service(svc(&"x".repeat(10_000), "E")).await,
        ),
        (
            "two-letter prefix",
            refused_service(svc("新业务", "EE")).await,
        ),
        ("digit prefix", refused_service(svc("新业务", "1")).await),
        ("emoji prefix", refused_service(svc("新业务", "😀")).await),
        (
            "duplicate prefix",
            refused_service(svc("新业务", "a")).await,
        ),
        (
            "appointment prefix",
            refused_service(svc("新业务", "Y")).await,
        ),
        (
            "minutes out of range",
            refused_service(ServiceInput {
                minutes_per_person: 0,
                ..svc("新业务", "E")
            })
            .await,
        ),
        (
            "unknown service id on update",
            refused_service(ServiceInput {
                id: Some(777),
                ..svc("新业务", "E")
            })
            .await,
        ),
        ("empty counter name", refused_counter(7, "", vec![1]).await),
        ("counter number 0", refused_counter(0, "0号", vec![1]).await),
        (
            "counter number 100",
            refused_counter(100, "100号", vec![1]).await,
        ),
        (
            "duplicate counter number",
            refused_counter(3, "新3号", vec![1]).await,
        ),
        (
            "counter without services",
            refused_counter(7, "7号", vec![]).await,
        ),
        (
            "counter with unknown service",
            refused_counter(7, "7号", vec![424242]).await,
        ),
        (
            "unknown counter",
            h.hall.call_next(31337).await.unwrap_err(),
        ),
        (
            "closed counter",
            h.hall.call_next(h.counter_id(5).await).await.unwrap_err(),
        ),
        (
            "finish a ticket that is not yours",
            h.hall.finish(c4, held.id).await.unwrap_err(),
        ),
        (
            "recall a ticket that is not yours",
            h.hall.recall(c4, held.id).await.unwrap_err(),
        ),
        (
            "finish a waiting ticket",
            h.hall.finish(c4, b1.id).await.unwrap_err(),
        ),
        (
            "no-show an unknown ticket",
            h.hall.no_show(c2, 123456).await.unwrap_err(),
        ),
        (
            "call an unknown number",
            h.hall.call_number(c4, "B999").await.unwrap_err(),
        ),
        (
            "call an empty number",
            h.hall.call_number(c4, "   ").await.unwrap_err(),
        ),
        (
            "call SQL text",
            h.hall
                .call_number(c4, "'; DROP TABLE tickets; --")
                .await
                .unwrap_err(),
        ),
        (
            "call a number of another service",
            h.hall.call_number(c4, "C001").await.unwrap_err(),
        ),
        (
            "call a number another counter holds",
            h.hall.call_number(c4, "A001").await.unwrap_err(),
        ),
        (
            "transfer to itself",
            h.hall
                .transfer(c2, held.id, TransferTarget::Counter(c2))
                .await
                .unwrap_err(),
        ),
        (
            "transfer to an unknown service",
            h.hall
                .transfer(c2, held.id, TransferTarget::Service(999))
                .await
                .unwrap_err(),
        ),
        (
            "void a called ticket",
            h.hall.void_ticket(held.id, "desk").await.unwrap_err(),
        ),
        (
            "put back a ticket that is not a no-show",
            h.hall.requeue(b1.id).await.unwrap_err(),
        ),
        (
            "over-long pause reason",
            h.hall
                .pause_counter(c4, &"因".repeat(51))
                .await
                .unwrap_err(),
        ),
        (
            "close a counter that serves someone",
            h.hall.close_counter(c2).await.unwrap_err(),
        ),
    ];
    let expected_codes = [
        "unknown_service",
        "too_long",
        "empty",
        "too_long",
        "too_long",
        "bad_prefix",
        "bad_prefix",
        "bad_prefix",
        "duplicate_prefix",
        "reserved_prefix",
        "out_of_range",
        "unknown_service",
        "empty",
        "out_of_range",
        "out_of_range",
        "duplicate_counter_number",
        "no_services",
        "unknown_service",
        "unknown_counter",
        "counter_closed",
        "not_your_ticket",
        "not_your_ticket",
        "wrong_ticket_state",
        "unknown_ticket",
        "no_such_number",
        "empty",
        "no_such_number",
        "counter_does_not_serve",
        "wrong_ticket_state",
        "invalid",
        "unknown_service",
        "wrong_ticket_state",
        "wrong_ticket_state",
        "too_long",
        "wrong_ticket_state",
    ];
    assert_eq!(cases.len(), expected_codes.len());
    for ((what, err), code) in cases.iter().zip(expected_codes) {
        assert_eq!(err.code(), code, "{what}: {err}");
        // Errors serialize as {code, message, params} for the UI.
        let json = serde_json::to_value(err).unwrap();
        assert_eq!(json["code"], code);
        assert!(json["message"].is_string());
    }
    let after = (
        h.ticket_digest().await,
        h.row_counts().await,
        h.hall.services().await.unwrap(),
        h.hall.counters().await.unwrap(),
    );
    assert_eq!(before, after, "a refused operation changed something");

    // Calling on a paused counter is refused too, and changes nothing.
    h.hall.pause_counter(c4, "").await.unwrap();
    let before = h.ticket_digest().await;
    assert!(matches!(
        h.hall.call_next(c4).await,
        Err(Error::CounterPaused { number: 4 })
    ));
    assert_eq!(before, h.ticket_digest().await);
}

#[tokio::test]
async fn a_disabled_service_issues_nothing() {
    let h = hall().await;
    let mut s = h
        .hall
        .services()
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.prefix == "D")
        .unwrap();
    s.enabled = false;
    h.hall
        .save_service(
            &crate::common::staff(&h.hall).await,
            ServiceInput {
                id: Some(s.id),
                name: s.name,
                name_en: s.name_en,
                prefix: s.prefix,
                sort_order: s.sort_order,
                minutes_per_person: s.minutes_per_person,
                enabled: false,
            },
        )
        .await
        .unwrap();
    let err = h
        .hall
        .issue_ticket(IssueRequest {
            service_id: s.id,
            priority: false,
            station: String::new(),
            request_id: None,
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), "service_disabled");
    assert_eq!(h.row_counts().await, (0, 0));
}

#[tokio::test]
async fn invisible_format_characters_are_refused_in_names_notices_and_notes() {
    let h = hall().await;
    let staff = staff(&h.hall).await;
    let before = h.hall.services().await.unwrap();
    // A bidi override would make the wall show "业务" backwards; zero-width characters make
    // two names that look alike differ; a BOM or a soft hyphen hides in pasted text.
    for bad in [
        "交通\u{202E}违法",
        "交通\u{2066}违法\u{2069}",
        "交通\u{200B}违法",
        "交通\u{200D}违法",
        "\u{FEFF}交通违法",
        "交通\u{AD}违法",
        "交通\u{2060}违法",
        "交通\u{E0041}违法",
    ] {
        let e = h
            .hall
            .save_service(&staff, svc(bad, "E"))
            .await
            .unwrap_err();
        assert!(
            matches!(e, Error::Invalid { field: "name" }),
            "{bad:?}: {e:?}"
        );
        let mut display = h.hall.display_settings().await.unwrap();
        display.notice = format!("请注意{bad}");
        let e = h
            .hall
            .save_display_settings(&staff, display)
            .await
            .unwrap_err();
        assert!(matches!(e, Error::Invalid { .. }), "notice {bad:?}: {e:?}");
        let e = frontdesk_core::booking::identity::normalize_note(bad).unwrap_err();
        assert!(
            matches!(e, Error::Invalid { field: "note" }),
            "note {bad:?}"
        );
    }
    assert_eq!(h.hall.services().await.unwrap(), before, "nothing written");
    // Ordinary text with spaces, punctuation, line breaks in notes still passes.
    h.hall
        .save_service(&staff, svc("综合咨询 · 二", "E"))
        .await
        .unwrap();
    frontdesk_core::booking::identity::normalize_note("第一行\n第二行，带标点。").unwrap();
}
