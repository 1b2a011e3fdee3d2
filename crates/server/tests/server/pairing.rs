//! Pairing over HTTP: the code the host shows pairs one browser, once, within five minutes;
//! wrong codes lock the address out; the cookie is out of reach of scripts and other sites.

use crate::common::*;
use chrono::Duration;
use frontdesk_core::devices::{CODE_VALID_MS, WRONG_TRIES};
use frontdesk_core::ops::Role;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_code_pairs_a_browser_with_its_role_and_a_safe_cookie() {
    let s = start().await;
    let c5 = s.counter_id(5).await;
    let code = s
        .hall
        .create_pairing_code_at_console(Role::Counter, Some(c5))
        .await
        .unwrap();
    let mut browser = s.stranger();
    let res = browser
        .http
        .post(s.url("/api/pair"))
        .json(&json!({ "code": code.code, "name": "5号窗口电脑" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    for attr in [
        "fd_device=",
        "HttpOnly",
        "SameSite=Strict",
        "Path=/",
        "Max-Age=",
    ] {
        assert!(cookie.contains(attr), "{cookie} lacks {attr}");
    }
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["device"]["role"], "counter");
    assert_eq!(body["device"]["counter_id"], c5);
    browser.cookie = Some(cookie.split(';').next().unwrap().to_string());
    let me: serde_json::Value = browser
        .get("/api/me")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        me,
        json!({ "id": body["device"]["id"], "name": "5号窗口电脑", "role": "counter", "counter_id": c5 })
    );
    // The host lists it, with the address it came from.
    let listed = s.hall.devices().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].last_address, "127.0.0.1");
}

#[tokio::test]
async fn a_code_expires_and_is_used_once() {
    let s = start().await;
    let late = s
        .hall
        .create_pairing_code_at_console(Role::Display, None)
        .await
        .unwrap();
    let twice = s
        .hall
        .create_pairing_code_at_console(Role::Display, None)
        .await
        .unwrap();
    let mut a = s.stranger();
    let (status, _, cookie) = a.pair(&twice.code, "大屏").await;
    assert_eq!(status, StatusCode::OK);
    assert!(cookie.is_some());
    let mut b = s.stranger();
    let (status, body, cookie) = b.pair(&twice.code, "另一台").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["code"], "pairing_code_wrong");
    assert!(cookie.is_none());
    s.clock.advance(Duration::milliseconds(CODE_VALID_MS));
    let (status, body, _) = b.pair(&late.code, "另一台").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["code"], "pairing_code_expired");
    assert_eq!(s.hall.devices().await.unwrap().len(), 1);
}

#[tokio::test]
async fn wrong_codes_lock_the_address_out() {
    let s = start().await;
    let code = s
        .hall
        .create_pairing_code_at_console(Role::Desk, None)
        .await
        .unwrap();
    let wrong = if code.code == "000000" {
        "000001"
    } else {
        "000000"
    };
    let mut b = s.stranger();
    for _ in 0..WRONG_TRIES {
        let (status, body, _) = b.pair(wrong, "x").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["code"], "pairing_code_wrong");
    }
    let (status, body, cookie) = b.pair(&code.code, "二号台").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["code"], "too_many_attempts");
    assert_eq!(body["params"]["seconds"], 60);
    assert!(cookie.is_none());
    s.clock.advance(Duration::seconds(60));
    let (status, _, _) = b.pair(&code.code, "二号台").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn the_headless_console_makes_codes_from_the_box_itself_only() {
    let s = start().await;
    let http = http();
    let ask = |origin: Option<&str>| {
        let mut r = http
            .post(s.url("/api/host/pairing-code"))
            .json(&json!({ "role": "display" }));
        if let Some(o) = origin {
            r = r.header("origin", o);
        }
        r.send()
    };
    let res = ask(None).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let code: serde_json::Value = res.json().await.unwrap();
    let mut tv = s.stranger();
    let (status, body, _) = tv.pair(code["code"].as_str().unwrap(), "大屏").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["device"]["role"], "display");
    // A page (any page, even the hall's own) cannot ask for one.
    let res = ask(Some(&s.url(""))).await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}
