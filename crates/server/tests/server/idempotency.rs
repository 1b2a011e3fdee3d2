//! A state change carries an idempotency key: a retry after a timeout returns the first
//! answer and changes nothing.

use crate::common::*;
use frontdesk_core::ops::Role;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_retry_returns_the_first_answer_and_changes_nothing() {
    let s = start().await;
    let desk = s.device(Role::Desk, None).await;
    let a = s.service_id("A").await;
    let args = json!({ "request": { "service_id": a } });
    let (status, first) = desk
        .op_keyed("issue_ticket", args.clone(), Some("press-1"))
        .await;
    assert_eq!(status, StatusCode::OK);
    s.clock.advance(chrono::Duration::seconds(3));
    let (status, again) = desk
        .op_keyed("issue_ticket", args.clone(), Some("press-1"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first, again);
    assert_eq!(s.ticket_count().await, 1);

    // Calling: a retried call_next does not call a second person.
    desk.issue(a).await;
    let c2 = s.counter_id(2).await;
    let counter = s.device(Role::Counter, Some(c2)).await;
    counter.op("open_counter", json!({ "counterId": c2 })).await;
    let call = json!({ "counterId": c2 });
    let (_, first) = counter
        .op_keyed("call_next", call.clone(), Some("call-1"))
        .await;
    let (_, again) = counter
        .op_keyed("call_next", call.clone(), Some("call-1"))
        .await;
    assert_eq!(first, again);
    assert_eq!(first["called"]["number"], "A001");
    let waiting = s
        .hall
        .tickets_today(frontdesk_core::TicketStatus::Waiting)
        .await
        .unwrap();
    assert_eq!(waiting.len(), 1, "the retry called A002");

    // A state change without a key is refused before anything runs.
    let (status, body) = desk.op_keyed("issue_ticket", args, None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["code"], "empty");
    assert_eq!(body["params"]["field"], "idempotency_key");
    assert_eq!(s.ticket_count().await, 2);
    // Reads need none.
    assert_eq!(
        desk.op_keyed("snapshot", json!({}), None).await.0,
        StatusCode::OK
    );
}
