//! A crash mid-burst loses no issued number: a child process issues tickets as fast as it
//! can and reports each one only after `issue_ticket` returned (after the commit); the test
//! kills it with SIGKILL at an arbitrary point, then checks the file is sound, holds every
//! reported number, has no gap, and that issuing continues at the next number.

use frontdesk_core::{IssueRequest, ScheduleSettings, SystemClock};
use sqlx::{Connection, SqliteConnection};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

/// Tells the child where the hall lives; without it `crash_child` does nothing.
const DIR_VAR: &str = "FRONTDESK_CRASH_DIR";

/// The child: issues tickets in a tight loop until it is killed, printing
/// `ISSUED <number> <business day>` after each committed ticket.
#[test]
#[ignore = "the child process of a_kill_mid_burst_loses_no_issued_number"]
fn crash_child() {
    let Some(dir) = std::env::var_os(DIR_VAR) else {
        return;
    };
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let hall = frontdesk_testing::open_hall(Path::new(&dir), Arc::new(SystemClock))
            .await
            .unwrap();
        // The system clock may stand at any hour: keep issuing open round the clock.
        hall.save_schedule_settings(
            &crate::common::staff(&hall).await,
            frontdesk_core::ScheduleSettings::always_open(),
        )
        .await
        .unwrap();
        let services: Vec<i64> = hall
            .services()
            .await
            .unwrap()
            .iter()
            .map(|s| s.id)
            .collect();
        let mut out = std::io::stdout().lock();
        for i in 0usize.. {
            let t = hall
                .issue_ticket(IssueRequest {
                    service_id: services[i % services.len()],
                    priority: i % 5 == 0,
                    station: String::new(),
                    request_id: None,
                })
                .await
                .unwrap()
                .ticket;
            // Only now, with the ticket committed, may it be shown to anyone.
            writeln!(out, "ISSUED {} {}", t.number, t.business_day).unwrap();
            out.flush().unwrap();
        }
    });
}

/// `crash_child`'s name as the test harness knows it: its module path without the crate.
fn child_test_name() -> &'static str {
    let path = concat!(module_path!(), "::crash_child");
    path.split_once("::").map_or(path, |(_crate, rest)| rest)
}

/// Kills the child if the test fails half-way, so no writer outlives it.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs the child until it has reported `kill_after` tickets, kills it, and returns every
/// (business day, number) it reported, including lines already in the pipe.
fn burst_then_kill(dir: &Path, kill_after: usize, delay: Duration) -> Vec<(String, String)> {
    let child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            child_test_name(),
            "--nocapture",
            "--ignored",
            "--test-threads=1",
        ])
        .env(DIR_VAR, dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut child = Killed(child);
    let stdout = child.0.stdout.take().unwrap();
    let mut reported = Vec::new();
    let mut killed = false;
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap();
        // The harness's "test crash_child ... " has no newline: the first report follows it.
        let Some((_, rest)) = line.split_once("ISSUED ") else {
            continue;
        };
        let (number, day) = rest.split_once(' ').unwrap();
        reported.push((day.to_string(), number.to_string()));
        if !killed && reported.len() == kill_after {
            // Vary where in the next issue the kill lands.
            std::thread::sleep(delay);
            child.0.kill().unwrap(); // SIGKILL: no destructor, no rollback, no flush
            killed = true;
        }
    }
    let status = child.0.wait().unwrap();
    assert!(
        killed,
        "the child stopped after {} tickets: {status}",
        reported.len()
    );
    assert_eq!(status.signal(), Some(9), "the child died of SIGKILL");
    reported
}

#[test]
fn a_kill_mid_burst_loses_no_issued_number() {
    let dir = crate::common::data_dir();
    let db = dir.path().join(frontdesk_core::store::DB_FILE);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mut reported: Vec<(String, String)> = Vec::new();
    let mut announced_by_parent = 0usize;
    let mut unreported_before = 0usize;
    rt.block_on(async {
        // The real clock: issuing must be open whatever the hour this test runs at.
        let hall = frontdesk_testing::open_hall(dir.path(), Arc::new(SystemClock))
            .await
            .unwrap();
        hall.save_schedule_settings(
            &crate::common::staff(&hall).await,
            ScheduleSettings::always_open(),
        )
        .await
        .unwrap();
        hall.pool().close().await;
    });
    for (round, (kill_after, delay_us)) in
        [(300, 0), (350, 400), (420, 1700)].into_iter().enumerate()
    {
        let burst = burst_then_kill(dir.path(), kill_after, Duration::from_micros(delay_us));
        assert!(burst.len() >= kill_after);
        reported.extend(burst);

        rt.block_on(async {
            // The file after the crash, as the next start will find it.
            let mut conn =
                SqliteConnection::connect_with(&frontdesk_core::store::connect_options(&db))
                    .await
                    .unwrap();
            let check: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
                .fetch_all(&mut conn)
                .await
                .unwrap();
            assert_eq!(check, ["ok"]);
            let rows: Vec<(String, String, i64, String)> =
                sqlx::query_as("SELECT business_day, prefix, seq, number FROM tickets")
                    .fetch_all(&mut conn)
                    .await
                    .unwrap();
            let present: BTreeSet<(String, String)> =
                rows.iter().map(|r| (r.0.clone(), r.3.clone())).collect();
            for (day, number) in &reported {
                assert!(
                    present.contains(&(day.clone(), number.clone())),
                    "{number} of {day} was reported issued but is gone"
                );
            }
            // At most the one ticket committed in the instant before the kill was never
            // reported; nothing else exists that nobody was told about.
            let unreported = rows.len() - reported.len() - announced_by_parent;
            let this_kill = unreported - unreported_before;
            assert!(this_kill <= 1, "{this_kill} tickets were never reported");
            unreported_before = unreported;
            eprintln!(
                "kill {}: {} tickets reported so far, all present; {} rows; {} committed just \
                 before the kill and not reported",
                round + 1,
                reported.len(),
                rows.len(),
                this_kill
            );
            let mut seqs: BTreeMap<(String, String), Vec<i64>> = BTreeMap::new();
            for (day, prefix, seq, number) in &rows {
                assert_eq!(number, &format!("{prefix}{seq:03}"));
                seqs.entry((day.clone(), prefix.clone()))
                    .or_default()
                    .push(*seq);
            }
            for ((day, prefix), mut s) in seqs {
                s.sort_unstable();
                let n = s.len() as i64;
                assert_eq!(
                    s,
                    (1..=n).collect::<Vec<_>>(),
                    "numbers of {prefix} on {day}"
                );
            }
            // Each ticket and its history were committed together.
            let orphans: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM tickets t WHERE (SELECT COUNT(*) FROM ticket_events e
                   WHERE e.ticket_id = t.id AND e.kind = 'issued') != 1",
            )
            .fetch_one(&mut conn)
            .await
            .unwrap();
            assert_eq!(orphans, 0, "tickets without exactly one 'issued' event");
            conn.close().await.unwrap();

            // The hall opens on the same file and goes on at the next number of each prefix.
            let hall = frontdesk_testing::open_hall(dir.path(), Arc::new(SystemClock))
                .await
                .unwrap();
            for s in hall.services().await.unwrap() {
                let t = hall
                    .issue_ticket(IssueRequest {
                        service_id: s.id,
                        priority: false,
                        station: String::new(),
                        request_id: None,
                    })
                    .await
                    .unwrap()
                    .ticket;
                let before: i64 = sqlx::query_scalar(
                    "SELECT COALESCE(MAX(seq), 0) FROM tickets
                     WHERE business_day = ? AND prefix = ? AND id != ?",
                )
                .bind(&t.business_day)
                .bind(&t.prefix)
                .bind(t.id)
                .fetch_one(hall.pool())
                .await
                .unwrap();
                assert_eq!(t.seq, before + 1, "{} continues the numbers", t.number);
                announced_by_parent += 1;
            }
            hall.pool().close().await;
        });
    }
}
