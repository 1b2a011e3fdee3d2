//! Events over SSE: a stream starts with a resync, carries numbered events after the commit,
//! and a browser that reconnects with `Last-Event-ID` gets what it missed; nothing is lost.

use crate::common::*;
use axum::body::Bytes;
use frontdesk_core::ops::Role;
use futures_util::{Stream, StreamExt};
use serde_json::Value;
use std::time::Duration;

/// One server-sent event: (event, id, data).
type Sse = (String, Option<u64>, String);

/// Reads events from an open stream.
struct Reader {
    body: std::pin::Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>,
    buf: String,
}

impl Reader {
    async fn open(d: &Device, last_id: Option<u64>) -> Reader {
        let mut r = d.get("/api/events");
        if let Some(id) = last_id {
            r = r.header("last-event-id", id.to_string());
        }
        let res = r.send().await.unwrap();
        assert_eq!(res.status(), 200);
        assert!(res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream"));
        Reader {
            body: Box::pin(res.bytes_stream()),
            buf: String::new(),
        }
    }

    /// The next event (heartbeats included); None when the stream has ended. Fails after
    /// 10 s without any (a heartbeat comes every 2 s).
    async fn next(&mut self) -> Option<Sse> {
        loop {
            if let Some(end) = self.buf.find("\n\n") {
                let block: String = self.buf.drain(..end + 2).collect();
                let (mut event, mut id, mut data) = (String::from("message"), None, String::new());
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        event = v.trim().to_string();
                    } else if let Some(v) = line.strip_prefix("id:") {
                        id = v.trim().parse().ok();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push_str(v.strip_prefix(' ').unwrap_or(v));
                    }
                }
                return Some((event, id, data));
            }
            let chunk = tokio::time::timeout(Duration::from_secs(10), self.body.next())
                .await
                .expect("no event for 10 s")?
                .ok()?;
            self.buf.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    /// The next event that is not a heartbeat.
    async fn next_event(&mut self) -> Option<Sse> {
        loop {
            let e = self.next().await?;
            if e.0 != "heartbeat" {
                return Some(e);
            }
        }
    }
}

fn number_of(data: &str) -> String {
    let v: Value = serde_json::from_str(data).unwrap();
    v["ticket"]["number"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_starts_with_a_resync_and_a_reconnect_loses_nothing() {
    let s = start().await;
    let display = s.device(Role::Display, None).await;
    let desk = s.device(Role::Desk, None).await;
    let a = s.service_id("A").await;

    let mut stream = Reader::open(&display, None).await;
    let (event, resync_id, _) = stream.next_event().await.unwrap();
    assert_eq!(event, "resync");
    desk.issue(a).await;
    desk.issue(a).await;
    let (event, first, data) = stream.next_event().await.unwrap();
    assert_eq!(event, "hall");
    assert_eq!(number_of(&data), "A001");
    let first = first.unwrap();
    assert!(first > resync_id.unwrap());
    let (_, second, data) = stream.next_event().await.unwrap();
    assert_eq!(second, Some(first + 1));
    assert_eq!(number_of(&data), "A002");
    // A heartbeat comes within a few seconds when nothing happens.
    let (event, _, _) = stream.next().await.unwrap();
    assert_eq!(event, "heartbeat");
    drop(stream);

    // Gone for a while: three tickets are issued meanwhile.
    for _ in 0..3 {
        desk.issue(a).await;
    }
    let mut back = Reader::open(&display, Some(first + 1)).await;
    let mut numbers = Vec::new();
    let mut last = first + 1;
    for _ in 0..3 {
        let (event, id, data) = back.next_event().await.unwrap();
        assert_eq!(event, "hall", "replayed, no resync needed");
        assert_eq!(id, Some(last + 1));
        last += 1;
        numbers.push(number_of(&data));
    }
    assert_eq!(numbers, ["A003", "A004", "A005"]);
    // Live events follow without a gap.
    desk.issue(a).await;
    let (_, id, data) = back.next_event().await.unwrap();
    assert_eq!((id, number_of(&data)), (Some(last + 1), "A006".to_string()));

    // An id the server cannot vouch for (e.g. from before a restart): a resync.
    let mut unknown = Reader::open(&display, Some(1_000_000)).await;
    assert_eq!(unknown.next_event().await.unwrap().0, "resync");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_device_s_stream_closes() {
    let s = start().await;
    let display = s.device(Role::Display, None).await;
    let mut stream = Reader::open(&display, None).await;
    assert_eq!(stream.next_event().await.unwrap().0, "resync");
    s.hall
        .revoke_device(&s.staff().await, display.id)
        .await
        .unwrap();
    // The stream ends at once: no further event, not even a heartbeat.
    let ended = tokio::time::timeout(Duration::from_secs(5), stream.next()).await;
    assert_eq!(ended.expect("the stream stays open"), None);
}
