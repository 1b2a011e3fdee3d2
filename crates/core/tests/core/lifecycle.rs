//! The life of a ticket, rule by rule, on a real SQLite file with a settable clock.

use crate::common::*;
use chrono::Duration;
use frontdesk_core::{Error, HallEvent, IssueRequest, TicketChange, TicketStatus, TransferTarget};

#[tokio::test]
async fn numbers_start_at_001_per_prefix_and_show_people_ahead() {
    let h = hall().await;
    let a1 = h.issue("A", false).await;
    let a2 = h.issue("A", false).await;
    let b1 = h.issue("B", false).await;
    assert_eq!(
        (
            a1.ticket.number.as_str(),
            a2.ticket.number.as_str(),
            b1.ticket.number.as_str()
        ),
        ("A001", "A002", "B001")
    );
    assert_eq!((a1.ahead, a2.ahead, b1.ahead), (0, 1, 0));
    // A: 8 minutes per person, three windows handle A (1, 2, 3, 6 → four): one ahead → 2 min.
    assert!(a2.estimated_wait_minutes > 0);
    assert_eq!(a1.ticket.status, TicketStatus::Waiting);
    assert_eq!(a1.hall_name, "市民中心公安专区");
}

#[tokio::test]
async fn number_after_999_is_four_digits() {
    assert_eq!(frontdesk_core::tickets::format_number("A", 7), "A007");
    assert_eq!(frontdesk_core::tickets::format_number("A", 999), "A999");
    assert_eq!(frontdesk_core::tickets::format_number("A", 1000), "A1000");
}

#[tokio::test]
async fn call_next_is_first_come_first_served_and_finishes_the_current_ticket() {
    let h = hall().await;
    let c2 = h.open(2).await; // window 2 handles A only
    h.issue("A", false).await;
    h.issue("B", false).await;
    h.issue("A", false).await;
    assert_eq!(h.next(c2).await.as_deref(), Some("A001"));
    let out = h.hall.call_next(c2).await.unwrap();
    assert_eq!(out.finished.unwrap().status, TicketStatus::Done);
    assert_eq!(out.called.unwrap().number, "A002");
    // Nobody else waits for window 2: the current one is finished, nothing called.
    let out = h.hall.call_next(c2).await.unwrap();
    assert_eq!(out.finished.unwrap().number, "A002");
    assert!(out.called.is_none());
}

#[tokio::test]
async fn priority_goes_first_but_ordinary_people_are_not_starved() {
    let h = hall().await;
    let c = h.open(2).await;
    h.issue("A", false).await; // A001 ordinary, earliest
    for _ in 0..4 {
        h.issue("A", true).await; // A002..A005 priority
    }
    h.issue("A", false).await; // A006
    let mut order = Vec::new();
    while let Some(n) = h.next(c).await {
        order.push(n);
    }
    // K = 2: two priority calls, then one ordinary, then priority again.
    assert_eq!(order, ["A002", "A003", "A001", "A004", "A005", "A006"]);
}

#[tokio::test]
async fn recall_counts_calls_and_no_show_can_be_put_back_three_places_from_the_front() {
    let h = hall().await;
    let c = h.open(2).await;
    for _ in 0..6 {
        h.issue("A", false).await;
    }
    let first = h.hall.call_next(c).await.unwrap().called.unwrap();
    let r1 = h.hall.recall(c, first.id).await.unwrap();
    let r2 = h.hall.recall(c, first.id).await.unwrap();
    assert_eq!((r1.call_count, r2.call_count), (2, 3));
    assert!(r2.call_count >= h.hall.settings().calls_before_no_show);
    let ns = h.hall.no_show(c, first.id).await.unwrap();
    assert_eq!(ns.status, TicketStatus::NoShow);
    assert!(h.hall.counter_view(c).await.unwrap().current.is_none());
    // Waiting now: A002..A006. Put A001 back: it lands after three people.
    let back = h.hall.requeue(first.id).await.unwrap();
    assert_eq!(back.status, TicketStatus::Waiting);
    let order: Vec<String> = h
        .hall
        .counter_view(c)
        .await
        .unwrap()
        .waiting
        .into_iter()
        .map(|t| t.number)
        .collect();
    assert_eq!(order, ["A002", "A003", "A004", "A001", "A005", "A006"]);
    let mut called = Vec::new();
    while let Some(n) = h.next(c).await {
        called.push(n);
    }
    assert_eq!(called, order);
}

#[tokio::test]
async fn requeue_into_a_short_queue_goes_to_the_end() {
    let h = hall().await;
    let c = h.open(2).await;
    h.issue("A", false).await;
    h.issue("A", false).await;
    let t = h.hall.call_next(c).await.unwrap().called.unwrap();
    h.hall.no_show(c, t.id).await.unwrap();
    h.hall.requeue(t.id).await.unwrap();
    assert_eq!(h.next(c).await.as_deref(), Some("A002"));
    assert_eq!(h.next(c).await.as_deref(), Some("A001"));
}

#[tokio::test]
async fn call_a_given_number_including_a_no_show() {
    let h = hall().await;
    let c = h.open(3).await;
    h.issue("A", false).await;
    h.issue("B", false).await;
    let out = h.hall.call_number(c, "b001").await.unwrap();
    assert_eq!(out.called.unwrap().number, "B001");
    let t = h.hall.counter_view(c).await.unwrap().current.unwrap();
    h.hall.no_show(c, t.id).await.unwrap();
    let again = h.hall.call_number(c, "B001").await.unwrap().called.unwrap();
    assert_eq!((again.status, again.call_count), (TicketStatus::Called, 2));
}

#[tokio::test]
async fn transfer_to_a_service_keeps_number_and_place_by_issue_time() {
    let h = hall().await;
    let c2 = h.open(2).await; // A only
    let c4 = h.open(4).await; // B only
    let a1 = h.issue("A", false).await.ticket;
    h.issue("B", false).await; // B001 issued after A001
    h.issue("B", false).await;
    let t = h.hall.call_next(c2).await.unwrap().called.unwrap();
    assert_eq!(t.id, a1.id);
    let moved = h
        .hall
        .transfer(c2, t.id, TransferTarget::Service(h.service_id("B").await))
        .await
        .unwrap();
    assert_eq!(
        (
            moved.number.as_str(),
            moved.status,
            moved.service_name.as_str()
        ),
        ("A001", TicketStatus::Waiting, "驾驶证业务")
    );
    // A001 was issued before B001, so it is first at the B window.
    assert_eq!(h.next(c4).await.as_deref(), Some("A001"));
    assert_eq!(h.next(c4).await.as_deref(), Some("B001"));
}

#[tokio::test]
async fn transfer_to_a_counter_only_that_counter_calls_it() {
    let h = hall().await;
    let c1 = h.open(1).await; // A, D
    let c2 = h.open(2).await; // A
    let c5 = h.open(5).await; // C
    h.issue("A", false).await;
    let t = h.hall.call_next(c2).await.unwrap().called.unwrap();
    h.hall
        .transfer(c2, t.id, TransferTarget::Counter(c5))
        .await
        .unwrap();
    assert_eq!(
        h.next(c1).await,
        None,
        "window 1 must not take a ticket sent to window 5"
    );
    assert_eq!(h.next(c5).await.as_deref(), Some("A001"));
}

#[tokio::test]
async fn void_removes_a_waiting_ticket_from_the_queue() {
    let h = hall().await;
    let c = h.open(2).await;
    let t = h.issue("A", false).await.ticket;
    h.issue("A", false).await;
    let v = h.hall.void_ticket(t.id, "desk").await.unwrap();
    assert_eq!(v.status, TicketStatus::Voided);
    assert_eq!(h.next(c).await.as_deref(), Some("A002"));
    // The voided number is not reused.
    assert_eq!(h.issue("A", false).await.ticket.number, "A003");
    // A reprint of a voided ticket is refused.
    assert!(matches!(
        h.hall.reprint_ticket(t.id).await,
        Err(Error::WrongTicketState { .. })
    ));
}

#[tokio::test]
async fn reprint_gives_the_same_number_with_fresh_figures() {
    let h = hall().await;
    let c = h.open(2).await;
    h.issue("A", false).await;
    let t = h.issue("A", false).await;
    assert_eq!(t.ahead, 1);
    h.next(c).await;
    let again = h.hall.reprint_ticket(t.ticket.id).await.unwrap();
    assert_eq!((again.ticket.number.as_str(), again.ahead), ("A002", 0));
    assert_eq!(h.row_counts().await.0, 2);
}

#[tokio::test]
async fn a_double_click_issues_one_ticket() {
    let h = hall().await;
    let service_id = h.service_id("A").await;
    let req = IssueRequest {
        service_id,
        priority: false,
        station: "desk-1".into(),
        request_id: None,
    };
    let first = h.hall.issue_ticket(req.clone()).await.unwrap();
    h.clock.advance(Duration::milliseconds(300));
    let second = h.hall.issue_ticket(req.clone()).await.unwrap();
    assert_eq!(first.ticket.id, second.ticket.id);
    assert!(second.repeated && !first.repeated);
    // A deliberate second press after the window is a new person.
    h.clock.advance(Duration::seconds(2));
    let third = h.hall.issue_ticket(req).await.unwrap();
    assert_eq!(third.ticket.number, "A002");
    // A retried request with the same id returns the first ticket, whatever the delay.
    let rid = IssueRequest {
        service_id,
        priority: false,
        station: String::new(),
        request_id: Some("r-1".into()),
    };
    let x = h.hall.issue_ticket(rid.clone()).await.unwrap();
    h.clock.advance(Duration::minutes(5));
    let y = h.hall.issue_ticket(rid).await.unwrap();
    assert_eq!(x.ticket.id, y.ticket.id);
    assert_eq!(h.row_counts().await.0, 3);
}

#[tokio::test]
async fn every_change_is_an_event_row_and_is_published_after_commit() {
    let h = hall().await;
    let mut rx = h.hall.subscribe();
    let c = h.open(2).await;
    let t = h.issue("A", false).await.ticket;
    h.hall.call_next(c).await.unwrap();
    h.hall.recall(c, t.id).await.unwrap();
    h.hall.finish(c, t.id).await.unwrap();
    let kinds: Vec<String> =
        sqlx::query_scalar("SELECT kind FROM ticket_events WHERE ticket_id = ? ORDER BY id")
            .bind(t.id)
            .fetch_all(h.hall.pool())
            .await
            .unwrap();
    assert_eq!(kinds, ["issued", "called", "recalled", "finished"]);
    let mut changes = Vec::new();
    while let Ok(ev) = rx.try_recv() {
        if let HallEvent::Ticket {
            change,
            ticket,
            queues,
            event_id,
            ..
        } = ev
        {
            // The event reflects committed state: the row is readable by another connection.
            let kind: String = sqlx::query_scalar("SELECT kind FROM ticket_events WHERE id = ?")
                .bind(event_id)
                .fetch_one(h.hall.pool())
                .await
                .unwrap();
            assert_eq!(kind, change.as_str());
            assert_eq!(ticket.id, t.id);
            assert!(!queues.is_empty());
            changes.push(change);
        }
    }
    assert_eq!(
        changes,
        [
            TicketChange::Issued,
            TicketChange::Called,
            TicketChange::Recalled,
            TicketChange::Finished
        ]
    );
}

#[tokio::test]
async fn counter_view_lists_waiting_no_shows_and_served_count() {
    let h = hall().await;
    let c = h.open(2).await;
    for _ in 0..3 {
        h.issue("A", false).await;
    }
    h.issue("C", false).await; // not for window 2
    let t = h.hall.call_next(c).await.unwrap().called.unwrap();
    h.hall.no_show(c, t.id).await.unwrap();
    h.next(c).await;
    h.next(c).await; // finishes A002, calls A003
    let v = h.hall.counter_view(c).await.unwrap();
    assert_eq!(v.current.unwrap().number, "A003");
    assert!(v.waiting.is_empty());
    assert_eq!(
        v.no_shows
            .iter()
            .map(|t| t.number.as_str())
            .collect::<Vec<_>>(),
        ["A001"]
    );
    assert_eq!(v.served_today, 1);
    let snap = h.hall.snapshot().await.unwrap();
    assert_eq!(snap.issued_today, 4);
    assert_eq!(snap.recent_calls[0].number, "A003");
    assert_eq!(
        snap.services
            .iter()
            .find(|s| s.prefix == "C")
            .unwrap()
            .waiting,
        1
    );
}

#[tokio::test]
async fn pause_and_resume() {
    let h = hall().await;
    let c = h.open(2).await;
    h.issue("A", false).await;
    let p = h.hall.pause_counter(c, "午休").await.unwrap();
    assert_eq!(p.pause_reason.as_deref(), Some("午休"));
    assert!(matches!(
        h.hall.call_next(c).await,
        Err(Error::CounterPaused { number: 2 })
    ));
    h.hall.resume_counter(c).await.unwrap();
    assert_eq!(h.next(c).await.as_deref(), Some("A001"));
    // Closing is refused while the counter serves someone.
    assert!(h.hall.close_counter(c).await.is_err());
}

#[tokio::test]
async fn settings_and_default_hall_survive_a_reopen() {
    let h = hall().await;
    let services = h.hall.services().await.unwrap();
    assert!(services
        .iter()
        .any(|s| s.prefix == "A" && s.name == "交通违法处理"));
    assert!(services
        .iter()
        .any(|s| s.prefix == "B" && s.name == "驾驶证业务"));
    assert!(services
        .iter()
        .any(|s| s.prefix == "C" && s.name == "机动车业务"));
    assert_eq!(h.hall.counters().await.unwrap().len(), 6);
    let mut s = h.hall.settings();
    s.hall_name = "株洲市民中心".into();
    h.hall
        .save_settings(&crate::common::staff(&h.hall).await, s)
        .await
        .unwrap();
    h.issue("A", false).await;
    let path = h.hall.db_path().to_path_buf();
    drop(h.hall);
    let reopened = frontdesk_core::Hall::open_file(
        &path,
        h.clock.clone(),
        frontdesk_core::key_store::KeyPlace::FileOnly,
    )
    .await
    .unwrap();
    assert_eq!(reopened.settings().hall_name, "株洲市民中心");
    assert_eq!(
        reopened.counters().await.unwrap().len(),
        6,
        "seeding runs once"
    );
    let svc = reopened.services().await.unwrap()[0].id;
    let t = reopened
        .issue_ticket(IssueRequest {
            service_id: svc,
            priority: false,
            station: String::new(),
            request_id: None,
        })
        .await
        .unwrap();
    assert_eq!(t.ticket.number, "A002");
}
