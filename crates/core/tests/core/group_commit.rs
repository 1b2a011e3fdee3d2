//! Group commit: writes that arrive together are committed together, yet each stands alone:
//! a refused write among them changes nothing and fails nobody else, and the events of a
//! group are published in the order of its writes.

use crate::common::*;
use frontdesk_core::{HallEvent, IssueRequest};
use std::collections::HashSet;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_refused_write_among_concurrent_ones_fails_alone_and_events_keep_their_order() {
    let h = hall().await;
    let a = h.service_id("A").await;
    let mut events = h.hall.subscribe();
    let mut tasks = Vec::new();
    for i in 0..64 {
        let hall = h.hall.clone();
        // Every fourth asks for a service that does not exist: refused inside its write.
        let service_id = if i % 4 == 3 { 999 } else { a };
        tasks.push(tokio::spawn(async move {
            hall.issue_ticket(IssueRequest {
                service_id,
                priority: false,
                station: String::new(),
                request_id: None,
            })
            .await
        }));
    }
    let mut seqs = HashSet::new();
    let mut refused = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(t) => assert!(seqs.insert(t.ticket.seq)),
            Err(e) => {
                assert_eq!(e.code(), "unknown_service");
                refused += 1;
            }
        }
    }
    assert_eq!(refused, 16);
    assert_eq!(seqs, (1..=48).collect::<HashSet<i64>>());
    assert_eq!(h.row_counts().await, (48, 48));
    // Published after the commit, in commit order: numbers and event ids only go up.
    let mut last = (0, 0);
    for _ in 0..48 {
        match events.recv().await.unwrap() {
            HallEvent::Ticket {
                event_id, ticket, ..
            } => {
                assert!(ticket.seq > last.0 && event_id > last.1, "out of order");
                last = (ticket.seq, event_id);
            }
            other => panic!("unexpected event {other:?}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_answer_means_the_write_is_in_the_file() {
    let h = hall().await;
    let a = h.service_id("A").await;
    let mut tasks = Vec::new();
    for _ in 0..16 {
        let hall = h.hall.clone();
        tasks.push(tokio::spawn(async move {
            let t = hall
                .issue_ticket(IssueRequest {
                    service_id: a,
                    priority: false,
                    station: String::new(),
                    request_id: None,
                })
                .await
                .unwrap();
            // Another connection (another reader, as a screen is) sees it at once.
            let seen: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tickets WHERE id = ?")
                .bind(t.ticket.id)
                .fetch_one(hall.pool())
                .await
                .unwrap();
            seen
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), 1);
    }
}
