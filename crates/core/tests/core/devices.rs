//! Devices on the hall's network: pairing codes expire, are used once and lock an address
//! out after repeated wrong tries; tokens are stored only as hashes and stop working the
//! moment the device is revoked; a request with an idempotency key runs once.

use crate::common::*;
use chrono::Duration;
use frontdesk_core::devices::PairingCode;
use frontdesk_core::devices::{CODE_VALID_MS, TRIES_WINDOW_MS, WRONG_TRIES, WRONG_TRIES_HALL};
use frontdesk_core::ops::Role;
use frontdesk_core::{DeviceChange, HallEvent, IssueRequest};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// A pairing code made by staff at the host (设置 → 网络).
async fn pairing_code(h: &TestHall, role: Role, counter: Option<i64>) -> PairingCode {
    h.hall
        .create_pairing_code(&staff(&h.hall).await, role, counter)
        .await
        .unwrap()
}

const HERE: &str = "192.168.1.23";

fn code_of(e: frontdesk_core::Error) -> String {
    e.code()
}

/// A code that is not `right` (the first of 000000, 000001 that differs).
fn wrong(right: &str) -> &'static str {
    if right == "000000" {
        "000001"
    } else {
        "000000"
    }
}

#[tokio::test]
async fn a_code_pairs_one_device_with_its_role_and_the_file_keeps_only_hashes() {
    let h = hall().await;
    let counter = h.counter_id(3).await;
    let code = pairing_code(&h, Role::Counter, Some(counter)).await;
    assert_eq!(code.code.len(), 6);
    assert!(code.code.chars().all(|c| c.is_ascii_digit()));
    assert_eq!(
        code.expires_at,
        h.hall.now().timestamp_millis() + CODE_VALID_MS
    );
    let mut events = h.hall.subscribe();
    let paired = h
        .hall
        .pair(&code.code, " 3号窗口电脑 ", HERE)
        .await
        .unwrap();
    assert_eq!(paired.device.name, "3号窗口电脑");
    assert_eq!(paired.device.role, Role::Counter);
    assert_eq!(paired.device.counter_id, Some(counter));
    assert_eq!(paired.device.last_address, HERE);
    // 256 bits, hex.
    assert_eq!(paired.token.len(), 64);
    assert!(matches!(
        events.recv().await.unwrap(),
        HallEvent::Devices { change: DeviceChange::Paired, device_id } if device_id == paired.device.id
    ));
    let found = h.hall.device_for_token(&paired.token, HERE).await.unwrap();
    assert_eq!(found, paired.device);
    assert_eq!(h.hall.devices().await.unwrap(), vec![paired.device.clone()]);

    // Neither the token nor the code is in the file: only their SHA-256.
    let (token_hash,): (Vec<u8>,) = sqlx::query_as("SELECT token_hash FROM devices")
        .fetch_one(h.hall.pool())
        .await
        .unwrap();
    assert_eq!(token_hash, Sha256::digest(paired.token.as_bytes()).to_vec());
    let bytes = std::fs::read(h.hall.db_path()).unwrap();
    let wal = std::fs::read(h.hall.db_path().with_extension("sqlite3-wal")).unwrap_or_default();
    for file in [&bytes, &wal] {
        assert!(
            !contains(file, paired.token.as_bytes()),
            "the token is stored"
        );
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test]
async fn a_code_expires_after_five_minutes() {
    let h = hall().await;
    let first = pairing_code(&h, Role::Display, None).await;
    let second = pairing_code(&h, Role::Desk, None).await;
    h.clock
        .advance(Duration::milliseconds(CODE_VALID_MS - 1000));
    // Still valid a second before the end.
    let d = h.hall.pair(&first.code, "大屏", HERE).await.unwrap();
    assert_eq!(d.device.role, Role::Display);
    h.clock.advance(Duration::seconds(1));
    let e = h.hall.pair(&second.code, "二号台", HERE).await.unwrap_err();
    assert_eq!(code_of(e), "pairing_code_expired");
    assert_eq!(h.hall.devices().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_code_is_used_once() {
    let h = hall().await;
    let code = pairing_code(&h, Role::Kiosk, None).await;
    h.hall.pair(&code.code, "自助机", HERE).await.unwrap();
    let again = h
        .hall
        .pair(&code.code, "另一台", "192.168.1.24")
        .await
        .unwrap_err();
    assert_eq!(code_of(again), "pairing_code_wrong");
    assert_eq!(h.hall.devices().await.unwrap().len(), 1);
}

#[tokio::test]
async fn repeated_wrong_codes_lock_the_address_out_for_a_minute() {
    let h = hall().await;
    let code = pairing_code(&h, Role::Desk, None).await;
    for _ in 0..WRONG_TRIES {
        let e = h.hall.pair(wrong(&code.code), "x", HERE).await.unwrap_err();
        assert_eq!(code_of(e), "pairing_code_wrong");
        h.clock.advance(Duration::seconds(1));
    }
    // Now even the right code is refused from there, with how long to wait.
    let locked = h.hall.pair(&code.code, "二号台", HERE).await.unwrap_err();
    assert_eq!(locked.code(), "too_many_attempts");
    let seconds = locked.params()["seconds"].as_i64().unwrap();
    assert_eq!(seconds, TRIES_WINDOW_MS / 1000 - WRONG_TRIES);
    // Another address is not locked out; a malformed code counts as wrong there.
    let e = h.hall.pair("12ab", "y", "192.168.1.99").await.unwrap_err();
    assert_eq!(code_of(e), "pairing_code_wrong");
    // When the oldest wrong try leaves the window, one more try is allowed.
    h.clock.advance(Duration::seconds(seconds));
    let d = h.hall.pair(&code.code, "二号台", HERE).await.unwrap();
    assert_eq!(d.device.role, Role::Desk);
}

#[tokio::test]
async fn the_hall_as_a_whole_accepts_a_bounded_number_of_wrong_codes() {
    let h = hall().await;
    let code = pairing_code(&h, Role::Desk, None).await;
    for i in 0..WRONG_TRIES_HALL {
        let addr = format!("10.0.0.{i}");
        let e = h
            .hall
            .pair(wrong(&code.code), "x", &addr)
            .await
            .unwrap_err();
        assert_eq!(code_of(e), "pairing_code_wrong");
    }
    let e = h.hall.pair(&code.code, "x", "10.0.1.1").await.unwrap_err();
    assert_eq!(code_of(e), "too_many_attempts");
    h.clock.advance(Duration::milliseconds(TRIES_WINDOW_MS));
    h.hall.pair(&code.code, "二号台", "10.0.1.1").await.unwrap();
}

#[tokio::test]
async fn revoking_a_device_stops_its_token_at_once() {
    let h = hall().await;
    let code = pairing_code(&h, Role::Display, None).await;
    let d = h.hall.pair(&code.code, "大屏", HERE).await.unwrap();
    h.hall.device_for_token(&d.token, HERE).await.unwrap();
    let revoked = h
        .hall
        .revoke_device(&staff(&h.hall).await, d.device.id)
        .await
        .unwrap();
    assert_eq!(revoked.id, d.device.id);
    let e = h.hall.device_for_token(&d.token, HERE).await.unwrap_err();
    assert_eq!(code_of(e), "unpaired");
    assert!(h.hall.devices().await.unwrap().is_empty());
    // Gone for the list's operations too.
    let e = h
        .hall
        .rename_device(&staff(&h.hall).await, d.device.id, "x")
        .await
        .unwrap_err();
    assert_eq!(code_of(e), "unknown_device");
    // Unknown and empty tokens are refused the same way.
    for t in ["", "00", &"f".repeat(64)] {
        assert_eq!(
            code_of(h.hall.device_for_token(t, HERE).await.unwrap_err()),
            "unpaired"
        );
    }
}

#[tokio::test]
async fn rename_last_seen_and_bad_input() {
    let h = hall().await;
    let code = pairing_code(&h, Role::Kiosk, None).await;
    let d = h.hall.pair(&code.code, "自助机", HERE).await.unwrap();
    let renamed = h
        .hall
        .rename_device(&staff(&h.hall).await, d.device.id, "东门自助机")
        .await
        .unwrap();
    assert_eq!(renamed.name, "东门自助机");
    assert_eq!(
        code_of(
            h.hall
                .rename_device(&staff(&h.hall).await, d.device.id, "  ")
                .await
                .unwrap_err()
        ),
        "empty"
    );
    // Seen again a minute later from another address: both are kept.
    h.clock.advance(Duration::seconds(61));
    let seen = h
        .hall
        .device_for_token(&d.token, "192.168.1.50")
        .await
        .unwrap();
    assert_eq!(seen.last_address, "192.168.1.50");
    assert_eq!(seen.last_seen_at, h.hall.now().timestamp_millis());
    // A counter's code needs a known counter; other roles take none.
    let e = h
        .hall
        .create_pairing_code(&staff(&h.hall).await, Role::Counter, None)
        .await
        .unwrap_err();
    assert_eq!(code_of(e), "empty");
    let e = h
        .hall
        .create_pairing_code(&staff(&h.hall).await, Role::RatingPad, Some(999))
        .await
        .unwrap_err();
    assert_eq!(code_of(e), "unknown_counter");
    let desk = pairing_code(&h, Role::Desk, Some(1)).await;
    assert_eq!(desk.counter_id, None);
    // A name is required when pairing, and a refused name leaves the code usable.
    let e = h.hall.pair(&desk.code, "", HERE).await.unwrap_err();
    assert_eq!(code_of(e), "empty");
    h.hall.pair(&desk.code, "二号台", HERE).await.unwrap();
}

async fn issue(h: &TestHall, service_id: i64) -> frontdesk_core::Result<Value> {
    let t = h
        .hall
        .issue_ticket(IssueRequest {
            service_id,
            priority: false,
            station: String::new(),
            request_id: None,
        })
        .await?;
    Ok(json!(t))
}

/// A paired desk's id.
async fn desk(h: &TestHall, name: &str) -> i64 {
    let code = pairing_code(h, Role::Desk, None).await;
    h.hall.pair(&code.code, name, HERE).await.unwrap().device.id
}

#[tokio::test]
async fn a_retried_request_returns_the_first_answer_and_changes_nothing() {
    let h = hall().await;
    let a = h.service_id("A").await;
    let (d7, d8) = (desk(&h, "一号台").await, desk(&h, "二号台").await);
    let first = h
        .hall
        .once(d7, "k-1", "issue_ticket", issue(&h, a))
        .await
        .unwrap();
    h.clock.advance(Duration::seconds(5));
    let again = h
        .hall
        .once(d7, "k-1", "issue_ticket", issue(&h, a))
        .await
        .unwrap();
    assert!(
        first.fresh && !again.fresh,
        "the retry is answered, not run"
    );
    let (first, again) = (first.value, again.value);
    assert_eq!(first, again);
    assert_eq!(h.row_counts().await.0, 1);
    // The same key from another device, or another key, is another request.
    let other = h
        .hall
        .once(d8, "k-1", "issue_ticket", issue(&h, a))
        .await
        .unwrap()
        .value;
    assert_eq!(other["ticket"]["number"], "A002");
    // A key reused for another operation is refused.
    let e = h
        .hall
        .once(d7, "k-1", "void_ticket", async { Ok(json!(null)) })
        .await
        .unwrap_err();
    assert_eq!(e.code(), "idempotency_key_reused");
    assert_eq!(h.row_counts().await.0, 2);

    // Housekeeping forgets answers older than a day, and only those.
    let kept = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM request_results")
            .fetch_one(h.hall.pool())
            .await
            .unwrap()
    };
    h.clock.advance(Duration::hours(23));
    h.hall.forget_old_answers().await.unwrap();
    assert_eq!(kept().await, 2);
    h.clock.advance(Duration::hours(2));
    h.hall.forget_old_answers().await.unwrap();
    assert_eq!(kept().await, 0);
}

#[tokio::test]
async fn a_refused_request_keeps_no_answer_and_its_writes_are_undone() {
    let h = hall().await;
    let a = h.service_id("A").await;
    let d7 = desk(&h, "一号台").await;
    // The operation writes a ticket, then fails: nothing of it is kept.
    let failing = async {
        issue(&h, a).await?;
        Err::<Value, _>(frontdesk_core::Error::QueueEmpty)
    };
    let e = h
        .hall
        .once(d7, "k-2", "issue_ticket", failing)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "queue_empty");
    assert_eq!(h.row_counts().await, (0, 0));
    // A retry runs again.
    let t = h
        .hall
        .once(d7, "k-2", "issue_ticket", issue(&h, a))
        .await
        .unwrap()
        .value;
    assert_eq!(t["ticket"]["number"], "A001");
    assert_eq!(h.row_counts().await.0, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_request_twice_at_once_runs_once() {
    let h = hall().await;
    let a = h.service_id("A").await;
    let d7 = desk(&h, "一号台").await;
    let (x, y) = tokio::join!(
        h.hall.once(d7, "k-3", "issue_ticket", issue(&h, a)),
        h.hall.once(d7, "k-3", "issue_ticket", issue(&h, a)),
    );
    let (x, y) = (x.unwrap(), y.unwrap());
    assert_eq!(x.value, y.value);
    assert!(x.fresh != y.fresh, "one ran, the other was answered");
    assert_eq!(h.row_counts().await.0, 1);
}

/// Sixty-four devices issuing at once, each request answered once (the network's path, in
/// one round trip per write): every number distinct and contiguous. The bound turns a
/// writer that stops answering into a failure instead of a run that never ends.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_devices_issuing_at_once_are_all_answered() {
    let h = hall().await;
    let a = h.service_id("A").await;
    let d7 = desk(&h, "一号台").await;
    let mut tasks = Vec::new();
    for w in 0..64 {
        let hall = h.hall.clone();
        tasks.push(tokio::spawn(async move {
            let mut seqs = Vec::new();
            for i in 0..40 {
                let issuing = hall.issue_ticket(IssueRequest {
                    service_id: a,
                    priority: false,
                    station: String::new(),
                    request_id: None,
                });
                let op = async { Ok(json!(issuing.await?)) };
                let answer = hall
                    .once(d7, &format!("w{w}-{i}"), "issue_ticket", op)
                    .await
                    .unwrap();
                seqs.push(answer.value["ticket"]["seq"].as_i64().unwrap());
            }
            seqs
        }));
    }
    let all = tokio::time::timeout(std::time::Duration::from_secs(120), async {
        let mut all = Vec::new();
        for t in tasks {
            all.extend(t.await.unwrap());
        }
        all
    })
    .await
    .expect("the writer stopped answering (a deadlock)");
    let distinct: std::collections::HashSet<i64> = all.iter().copied().collect();
    assert_eq!(distinct, (1..=64 * 40).collect());
    assert_eq!(h.row_counts().await.0, 64 * 40);
}
