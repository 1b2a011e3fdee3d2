//! Every route checks who is asking: an unpaired browser gets 401 and nothing else, a display
//! only reads, a counter acts on its own window only, a kiosk only issues and checks in, the
//! host's own operations are refused to every device, a revoked device is refused at once,
//! and a state change from another site's page is refused.

use crate::common::*;
use frontdesk_core::ops::{Access, Role, OPS};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// Arguments that name `counter` wherever an operation takes a counter.
fn args_for(counter: i64) -> Value {
    json!({
        "counterId": counter,
        "ticketId": 999_999,
        "input": { "counter_id": counter, "ticket_id": 999_999, "level": 5 },
    })
}

/// A refusal of who is asking (not of what was asked).
fn refused(status: StatusCode, body: &Value) -> bool {
    status == StatusCode::UNAUTHORIZED
        || status == StatusCode::FORBIDDEN
        || status == StatusCode::NOT_FOUND
        || body["code"] == "forbidden"
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_checks_the_role_of_every_device() {
    let s = start().await;
    let c3 = s.counter_id(3).await;
    let c4 = s.counter_id(4).await;
    let devices = [
        (Role::Desk, None),
        (Role::Counter, Some(c3)),
        (Role::Display, None),
        (Role::Kiosk, None),
        (Role::RatingPad, Some(c3)),
    ];
    for (role, counter) in devices {
        let d = s.device(role, counter).await;
        for op in OPS {
            let (status, body) = d.op(op.name, args_for(c3)).await;
            let allowed = match op.access {
                Access::Host => false,
                Access::Roles(roles) => roles.contains(&role),
            };
            assert_eq!(
                !refused(status, &body),
                allowed,
                "{role:?} calling {}: {status} {body}",
                op.name
            );
            if !allowed {
                assert_eq!(status, StatusCode::FORBIDDEN, "{role:?} {}", op.name);
                assert_eq!(body["code"], "forbidden", "{role:?} {}", op.name);
                assert!(body["message"].is_string() && body["params"].is_object());
            }
            // A device bound to counter 3 never acts on counter 4.
            if allowed && op.counter_arg.is_some() && role.bound_to_counter() {
                let (status, body) = d.op(op.name, args_for(c4)).await;
                assert_eq!(status, StatusCode::FORBIDDEN, "{}: {body}", op.name);
                assert_eq!(body["code"], "other_counter");
                assert_eq!(body["params"], json!({ "counter": c3, "requested": c4 }));
            }
        }
    }
}

#[tokio::test]
async fn an_unpaired_browser_gets_401_and_the_pairing_page() {
    let s = start().await;
    let stranger = s.stranger();
    for op in OPS {
        let (status, body) = stranger.op(op.name, json!({})).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{}", op.name);
        assert_eq!(body["code"], "unpaired");
    }
    // A made-up token is no better than none.
    let mut forged = s.stranger();
    forged.cookie = Some(format!("fd_device={}", "ab".repeat(32)));
    assert_eq!(
        forged.op("snapshot", json!({})).await.0,
        StatusCode::UNAUTHORIZED
    );
    for path in ["/api/me", "/api/events"] {
        let res = stranger.get(path).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{path}");
    }
    // Pages send an unpaired browser to the pairing page; scripts and texts still load.
    for page in ["/", "/index.html", "/counter.html", "/display.html"] {
        let res = stranger.get(page).send().await.unwrap();
        assert!(res.status().is_redirection(), "{page}");
        assert_eq!(res.headers()["location"], "/pair.html");
    }
    let js = stranger.get("/js/api.js").send().await.unwrap();
    assert_eq!(js.status(), StatusCode::OK);
    assert!(js.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    // Nothing outside the ui folder.
    let res = stranger.get("/../Cargo.toml").send().await.unwrap();
    assert_ne!(res.status(), StatusCode::OK);
    let res = stranger
        .get("/js/%2e%2e/%2e%2e/Cargo.toml")
        .send()
        .await
        .unwrap();
    assert_ne!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_display_reads_and_cannot_change_anything() {
    let s = start().await;
    let display = s.device(Role::Display, None).await;
    let c3 = s.counter_id(3).await;
    let (status, snapshot) = display.op("snapshot", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert!(snapshot["services"].is_array());
    let a = s.service_id("A").await;
    for (op, args) in [
        ("issue_ticket", json!({ "request": { "service_id": a } })),
        ("call_next", json!({ "counterId": c3 })),
        ("void_ticket", json!({ "ticketId": 1 })),
        ("open_counter", json!({ "counterId": c3 })),
    ] {
        let (status, body) = display.op(op, args).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{op}");
        assert_eq!(body["code"], "forbidden");
    }
    assert_eq!(s.ticket_count().await, 0);
    // Its landing page is the display.
    let res = display.get("/").send().await.unwrap();
    assert_eq!(res.headers()["location"], "/display.html");
}

#[tokio::test]
async fn a_counter_acts_on_its_own_window_only() {
    let s = start().await;
    let (c3, c4) = (s.counter_id(3).await, s.counter_id(4).await);
    let desk = s.device(Role::Desk, None).await;
    desk.issue(s.service_id("B").await).await;
    let counter3 = s.device(Role::Counter, Some(c3)).await;
    let (status, _) = counter3
        .op("open_counter", json!({ "counterId": c3 }))
        .await;
    assert_eq!(status, StatusCode::OK);
    s.hall.open_counter(c4).await.unwrap();
    let (status, body) = counter3.op("call_next", json!({ "counterId": c4 })).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["code"], "other_counter");
    // Nothing was called at counter 4.
    assert!(s.hall.counter_view(c4).await.unwrap().current.is_none());
    let (status, body) = counter3.op("call_next", json!({ "counterId": c3 })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["called"]["number"], "B001");
    let res = counter3.get("/").send().await.unwrap();
    assert_eq!(
        res.headers()["location"],
        format!("/counter.html?counter={c3}")
    );
}

#[tokio::test]
async fn a_kiosk_issues_but_cannot_void() {
    let s = start().await;
    let kiosk = s.device(Role::Kiosk, None).await;
    let t = kiosk.issue(s.service_id("A").await).await;
    let id = t["ticket"]["id"].as_i64().unwrap();
    let (status, body) = kiosk.op("void_ticket", json!({ "ticketId": id })).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["code"], "forbidden");
    let (status, body) = kiosk.op("reprint_ticket", json!({ "ticketId": id })).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(
        s.hall
            .tickets_today(frontdesk_core::TicketStatus::Waiting)
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn a_revoked_device_is_refused_at_once() {
    let s = start().await;
    let desk = s.device(Role::Desk, None).await;
    assert_eq!(desk.op("snapshot", json!({})).await.0, StatusCode::OK);
    s.hall
        .revoke_device(&s.staff().await, desk.id)
        .await
        .unwrap();
    let (status, body) = desk.op("snapshot", json!({})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "unpaired");
    let a = s.service_id("A").await;
    let (status, _) = desk
        .op("issue_ticket", json!({ "request": { "service_id": a } }))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(s.ticket_count().await, 0);
    let res = desk.get("/index.html").send().await.unwrap();
    assert_eq!(res.headers()["location"], "/pair.html");
}

#[tokio::test]
async fn a_state_change_from_another_origin_is_refused() {
    let s = start().await;
    let desk = s.device(Role::Desk, None).await;
    let a = s.service_id("A").await;
    let send = |origin: String| {
        let desk = desk.clone();
        async move {
            let res = desk
                .http
                .post(format!("{}/api/op/issue_ticket", desk.base))
                .header("cookie", desk.cookie.clone().unwrap())
                .header("origin", origin)
                .header("idempotency-key", key())
                .json(&json!({ "request": { "service_id": a } }))
                .send()
                .await
                .unwrap();
            let status = res.status();
            (status, res.json::<Value>().await.unwrap())
        }
    };
    let (status, body) = send("http://evil.example".into()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["code"], "bad_origin");
    assert_eq!(s.ticket_count().await, 0);
    let (status, _) = send(s.url("")).await;
    assert_eq!(status, StatusCode::OK);
    // Unknown operations are 404.
    let (status, body) = desk.op("format_disk", json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["code"], "unknown_operation");
}
