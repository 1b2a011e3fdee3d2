//! Many writers at once: numbers stay distinct and contiguous; no ticket is called twice.

use crate::common::*;
use frontdesk_core::IssueRequest;
use std::collections::HashSet;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn eight_tasks_issuing_250_each_give_2000_distinct_contiguous_numbers() {
    let h = hall().await;
    // A running clock (Monday 09:05 onwards), so issue times can be compared with numbers.
    let dir = crate::common::data_dir();
    let clock = std::sync::Arc::new(frontdesk_core::ShiftedClock::starting_at(beijing(
        2026, 11, 30, 9, 5, 0,
    )));
    let h = TestHall {
        hall: frontdesk_testing::open_hall(dir.path(), clock)
            .await
            .unwrap(),
        ..h
    };
    let service_id = h.service_id("A").await;
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let hall = h.hall.clone();
        tasks.push(tokio::spawn(async move {
            let mut seqs = Vec::with_capacity(250);
            for _ in 0..250 {
                let t = hall
                    .issue_ticket(IssueRequest {
                        service_id,
                        priority: false,
                        station: String::new(),
                        request_id: None,
                    })
                    .await
                    .unwrap();
                seqs.push(t.ticket.seq);
            }
            seqs
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let distinct: HashSet<i64> = all.iter().copied().collect();
    assert_eq!(distinct.len(), 2000, "a number was issued twice");
    assert_eq!(
        distinct,
        (1..=2000).collect::<HashSet<i64>>(),
        "a number was skipped"
    );
    let (rows, _) = h.row_counts().await;
    assert_eq!(rows, 2000);
    // Issue times follow the numbers: nobody with a higher number was issued earlier.
    let out_of_order: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT issued_at, LAG(issued_at) OVER (ORDER BY seq) AS prev FROM tickets)
         WHERE prev > issued_at",
    )
    .fetch_one(h.hall.pool())
    .await
    .unwrap();
    assert_eq!(out_of_order, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn four_counters_calling_at_once_never_share_a_ticket() {
    let h = hall().await;
    // Windows 1, 2, 3 and 6 all handle service A.
    let counters = [
        h.open(1).await,
        h.open(2).await,
        h.open(3).await,
        h.open(6).await,
    ];
    for i in 0..200 {
        h.issue("A", i % 7 == 0).await;
    }
    let mut tasks = Vec::new();
    for c in counters {
        let hall = h.hall.clone();
        tasks.push(tokio::spawn(async move {
            let mut got = Vec::new();
            loop {
                let out = hall.call_next(c).await.unwrap();
                match out.called {
                    Some(t) => {
                        assert_eq!(t.counter_id, Some(c));
                        got.push(t.id);
                    }
                    None => break,
                }
            }
            got
        }));
    }
    let mut all = Vec::new();
    let mut per_counter = Vec::new();
    for t in tasks {
        let got = t.await.unwrap();
        per_counter.push(got.len());
        all.extend(got);
    }
    let distinct: HashSet<i64> = all.iter().copied().collect();
    assert_eq!(all.len(), 200);
    assert_eq!(distinct.len(), 200, "a ticket was called by two counters");
    assert!(
        per_counter.iter().all(|&n| n > 0),
        "every counter got work: {per_counter:?}"
    );
    let called_twice: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT ticket_id FROM ticket_events WHERE kind = 'called' GROUP BY ticket_id HAVING COUNT(*) > 1)",
    )
    .fetch_one(h.hall.pool())
    .await
    .unwrap();
    assert_eq!(called_twice, 0);
}

#[tokio::test]
async fn the_database_refuses_a_second_held_ticket_or_a_duplicate_number() {
    let h = hall().await;
    let c = h.open(2).await;
    h.issue("A", false).await;
    h.issue("A", false).await;
    h.hall.call_next(c).await.unwrap();
    // Even a buggy writer cannot give one counter two current tickets...
    let err =
        sqlx::query("UPDATE tickets SET status = 'called', counter_id = ? WHERE number = 'A002'")
            .bind(c)
            .execute(h.hall.pool())
            .await;
    assert!(err.is_err());
    // ...nor write a number twice in one business day.
    let err = sqlx::query("UPDATE tickets SET seq = 1 WHERE number = 'A002'")
        .execute(h.hall.pool())
        .await;
    assert!(err.is_err());
}
