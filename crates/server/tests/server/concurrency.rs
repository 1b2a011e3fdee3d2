//! Many devices at once over HTTP: numbers stay distinct and contiguous, and two counters
//! never get the same ticket.

use crate::common::*;
use frontdesk_core::ops::Role;
use reqwest::StatusCode;
use serde_json::json;
use std::collections::HashSet;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixteen_clients_issuing_at_once_get_distinct_contiguous_numbers() {
    let s = start().await;
    let a = s.service_id("A").await;
    let mut clients = Vec::new();
    for i in 0..16 {
        let role = if i % 2 == 0 { Role::Desk } else { Role::Kiosk };
        clients.push(s.device(role, None).await);
    }
    let mut tasks = Vec::new();
    for c in clients {
        tasks.push(tokio::spawn(async move {
            let mut seqs = Vec::new();
            for _ in 0..25 {
                seqs.push(c.issue(a).await["ticket"]["seq"].as_i64().unwrap());
            }
            seqs
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let distinct: HashSet<i64> = all.iter().copied().collect();
    assert_eq!(distinct.len(), 400, "a number was issued twice");
    assert_eq!(distinct, (1..=400).collect(), "a number was skipped");
    assert_eq!(s.ticket_count().await, 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn six_counters_calling_at_once_never_share_a_ticket() {
    let s = start().await;
    let desk = s.device(Role::Desk, None).await;
    // A is served at windows 1, 2, 3 and 6; B at 3, 4 and 6; C at 5 and 6.
    let mut issued = 0;
    for prefix in ["A", "B", "C"] {
        let id = s.service_id(prefix).await;
        for _ in 0..40 {
            desk.issue(id).await;
            issued += 1;
        }
    }
    let mut tasks = Vec::new();
    for number in 1..=6 {
        let id = s.counter_id(number).await;
        let counter = s.device(Role::Counter, Some(id)).await;
        let (status, _) = counter.op("open_counter", json!({ "counterId": id })).await;
        assert_eq!(status, StatusCode::OK);
        tasks.push(tokio::spawn(async move {
            let mut called = Vec::new();
            loop {
                let (status, body) = counter.op("call_next", json!({ "counterId": id })).await;
                assert_eq!(status, StatusCode::OK, "{body}");
                match body["called"]["id"].as_i64() {
                    Some(t) => called.push(t),
                    None => return called,
                }
            }
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let distinct: HashSet<i64> = all.iter().copied().collect();
    assert_eq!(
        distinct.len(),
        all.len(),
        "a ticket was called at two counters"
    );
    assert_eq!(all.len(), issued, "a ticket was never called");
}
