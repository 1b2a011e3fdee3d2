//! A running server over a fresh hall, and paired devices that talk to it over HTTP.
#![allow(dead_code)]

use chrono::{DateTime, Utc};
use frontdesk_core::ops::Role;
use frontdesk_core::{Hall, ManualClock};
use frontdesk_server::{RunningServer, ServeOptions, Server};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tempfile::TempDir;

/// Beijing time (UTC+8) as a UTC instant, on the minute.
pub fn beijing(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    frontdesk_testing::beijing(y, m, d, h, min, 0)
}

pub struct TestServer {
    pub hall: Hall,
    pub clock: Arc<ManualClock>,
    pub addr: SocketAddr,
    pub server: Option<RunningServer>,
    pub dir: TempDir,
}

/// The repository's ui/ folder.
pub fn ui_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui"))
}

/// A server on 127.0.0.1 (any free port) over a fresh hall on Monday 2026-11-30 09:05.
pub async fn start() -> TestServer {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(beijing(2026, 11, 30, 9, 5)));
    let hall = frontdesk_testing::open_hall(dir.path(), clock.clone())
        .await
        .unwrap();
    let server = Server::start(
        hall.clone(),
        ServeOptions {
            addr: "127.0.0.1:0".parse().unwrap(),
            ui_dir: ui_dir(),
            test_mode: true,
            host_console: true,
        },
    )
    .await
    .unwrap();
    TestServer {
        hall,
        clock,
        addr: server.local_addr(),
        server: Some(server),
        dir,
    }
}

static KEYS: AtomicU64 = AtomicU64::new(1);

/// A fresh idempotency key.
pub fn key() -> String {
    format!("key-{}", KEYS.fetch_add(1, Ordering::Relaxed))
}

/// An HTTP client that does not follow redirects (the tests look at them).
pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

impl TestServer {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// A browser that has not paired.
    pub fn stranger(&self) -> Device {
        Device {
            http: http(),
            base: self.url(""),
            cookie: None,
            id: 0,
        }
    }

    /// Pairs a device of `role` over HTTP (the code made at the host, typed in the browser).
    /// A live staff session (the administrator PIN, created on first use).
    pub async fn staff(&self) -> frontdesk_core::StaffToken {
        match self.hall.create_pin("246810", "test").await {
            Ok(t) => t,
            Err(frontdesk_core::Error::PinAlreadySet) => {
                self.hall.unlock("246810", "test").await.unwrap()
            }
            Err(e) => panic!("cannot open a staff session: {e:?}"),
        }
    }

    pub async fn device(&self, role: Role, counter: Option<i64>) -> Device {
        let code = self
            .hall
            .create_pairing_code_at_console(role, counter)
            .await
            .unwrap();
        let mut d = self.stranger();
        let (status, body, cookie) = d.pair(&code.code, &format!("{role:?}")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        d.cookie = cookie;
        d.id = body["device"]["id"].as_i64().unwrap();
        d
    }

    /// The id of counter `number`.
    pub async fn counter_id(&self, number: i64) -> i64 {
        frontdesk_testing::counter_id(&self.hall, number).await
    }

    pub async fn service_id(&self, prefix: &str) -> i64 {
        frontdesk_testing::service_id(&self.hall, prefix).await
    }

    pub async fn ticket_count(&self) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM tickets")
            .fetch_one(self.hall.pool())
            .await
            .unwrap()
    }
}

/// A browser on the hall's network, paired or not.
#[derive(Clone)]
pub struct Device {
    pub http: reqwest::Client,
    pub base: String,
    /// `fd_device=<token>`, as the browser sends it back.
    pub cookie: Option<String>,
    pub id: i64,
}

impl Device {
    fn post(&self, path: &str) -> reqwest::RequestBuilder {
        let mut r = self.http.post(format!("{}{path}", self.base));
        if let Some(c) = &self.cookie {
            r = r.header("cookie", c);
        }
        r
    }

    pub fn get(&self, path: &str) -> reqwest::RequestBuilder {
        let mut r = self.http.get(format!("{}{path}", self.base));
        if let Some(c) = &self.cookie {
            r = r.header("cookie", c);
        }
        r
    }

    /// POST /api/pair; returns the status, the body and the cookie it set.
    pub async fn pair(&mut self, code: &str, name: &str) -> (StatusCode, Value, Option<String>) {
        let res = self
            .post("/api/pair")
            .json(&json!({ "code": code, "name": name }))
            .send()
            .await
            .unwrap();
        let cookie = res
            .headers()
            .get("set-cookie")
            .map(|v| v.to_str().unwrap().to_string());
        let status = res.status();
        let body = res.json().await.unwrap_or(Value::Null);
        (
            status,
            body,
            cookie.map(|c| c.split(';').next().unwrap().to_string()),
        )
    }

    /// Calls an operation with a fresh idempotency key.
    pub async fn op(&self, name: &str, args: Value) -> (StatusCode, Value) {
        self.op_keyed(name, args, Some(&key())).await
    }

    /// Calls an operation with the given key (or none).
    pub async fn op_keyed(
        &self,
        name: &str,
        args: Value,
        key: Option<&str>,
    ) -> (StatusCode, Value) {
        let mut r = self.post(&format!("/api/op/{name}")).json(&args);
        if let Some(k) = key {
            r = r.header("idempotency-key", k);
        }
        let res = r.send().await.unwrap();
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// Issues a ticket of `service_id`; its number.
    pub async fn issue(&self, service_id: i64) -> Value {
        let (s, body) = self
            .op(
                "issue_ticket",
                json!({ "request": { "service_id": service_id } }),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{body}");
        body
    }
}
