//! The hall under load: how many durable `issue_ticket`s a second the host acknowledges, over
//! HTTP with 1, 8 and 64 concurrent connections (paired desks on 127.0.0.1), the same through
//! the in-process `Hall`, and beside them the raw limit of the disk: durable SQLite commits a
//! second with the hall's own connection settings (WAL, synchronous=FULL), one row each.
//!
//! ```text
//! cargo run --release -p frontdesk-server --example load                # full run
//! cargo run --release -p frontdesk-server --example load -- --quick     # smaller counts
//! cargo run --release -p frontdesk-server --example load -- --dir /path/on/the/disk
//! ```
//!
//! Every run is bounded in requests and in time, talks to 127.0.0.1 only, and checks that the
//! numbers issued are distinct and contiguous (nothing lost, nothing twice). The load
//! generator runs in the same process as the server, so both share the machine's cores.

use frontdesk_core::key_store::KeyPlace;
use frontdesk_core::ops::Role;
use frontdesk_core::{Hall, IssueRequest, ScheduleSettings, SystemClock};
use frontdesk_server::{ServeOptions, Server};
use serde_json::{json, Value};
use sqlx::{Connection, SqliteConnection};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

type Res<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// Requests per measured run and the time a run may take at most.
struct Bounds {
    requests: usize,
    max_time: Duration,
    raw_commits: usize,
}

const FULL: Bounds = Bounds {
    requests: 6000,
    max_time: Duration::from_secs(20),
    raw_commits: 3000,
};

const QUICK: Bounds = Bounds {
    requests: 1200,
    max_time: Duration::from_secs(6),
    raw_commits: 600,
};

const CONCURRENCY: [usize; 3] = [1, 8, 64];

/// The latencies of one run, its wall time, and the numbers it issued.
struct Measured {
    latencies: Vec<Duration>,
    wall: Duration,
    seqs: Vec<i64>,
}

impl Measured {
    fn percentile(&self, p: f64) -> Duration {
        let mut sorted = self.latencies.clone();
        sorted.sort_unstable();
        let rank = ((sorted.len() as f64) * p).ceil() as usize;
        sorted[rank.clamp(1, sorted.len()) - 1]
    }

    /// Whether the numbers are 1..=n, each once.
    fn all_distinct_and_contiguous(&self) -> bool {
        let set: HashSet<i64> = self.seqs.iter().copied().collect();
        set.len() == self.seqs.len() && set == (1..=self.seqs.len() as i64).collect()
    }

    fn print(&self, label: &str) {
        let per_s = self.latencies.len() as f64 / self.wall.as_secs_f64();
        println!(
            "{label:<34} {:>6} {:>9.0}/s {:>8.2} ms {:>8.2} ms   {}",
            self.latencies.len(),
            per_s,
            self.percentile(0.50).as_secs_f64() * 1e3,
            self.percentile(0.99).as_secs_f64() * 1e3,
            if self.all_distinct_and_contiguous() {
                "all distinct, contiguous"
            } else {
                "NUMBERS LOST OR REPEATED"
            }
        );
    }
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// A fresh hall in `dir`, issuing at any hour (the schedule check still runs).
async fn fresh_hall(dir: &Path) -> Res<(Hall, i64)> {
    std::fs::create_dir_all(dir)?;
    // A throwaway hall: its key stays in a file beside it, never in the user's key store.
    let hall = Hall::open_with(dir, Arc::new(SystemClock), KeyPlace::FileOnly).await?;
    // A fresh folder: the benchmark creates the administrator PIN to change the schedule.
    let staff = hall.create_pin("246810", "load").await?;
    hall.save_schedule_settings(&staff, ScheduleSettings::always_open())
        .await?;
    let service = hall.services().await?[0].id;
    Ok((hall, service))
}

fn request(service_id: i64) -> IssueRequest {
    IssueRequest {
        service_id,
        priority: false,
        station: String::new(),
        request_id: None,
    }
}

/// Runs `conns` workers at once and gathers what they measured.
async fn run_workers<F, Fut>(conns: usize, work: F) -> Res<Measured>
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = Res<(Vec<Duration>, Vec<i64>)>> + Send + 'static,
{
    let start = Instant::now();
    let tasks: Vec<_> = (0..conns).map(|w| tokio::spawn(work(w))).collect();
    let mut m = Measured {
        latencies: Vec::new(),
        wall: Duration::ZERO,
        seqs: Vec::new(),
    };
    for t in tasks {
        let (lat, seqs) = t.await??;
        m.latencies.extend(lat);
        m.seqs.extend(seqs);
    }
    m.wall = start.elapsed();
    Ok(m)
}

/// Issues over HTTP with `conns` connections, each a paired desk keeping its connection.
async fn over_http(dir: &Path, conns: usize, b: &Bounds) -> Res<(Measured, (u64, u64))> {
    let (hall, service) = fresh_hall(dir).await?;
    let server = Server::start(
        hall.clone(),
        ServeOptions {
            addr: "127.0.0.1:0".parse()?,
            ui_dir: PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui")),
            test_mode: false,
            host_console: false,
        },
    )
    .await?;
    let base = format!("http://{}", server.local_addr());
    let mut cookies = Vec::new();
    for i in 0..conns {
        let code = hall
            .create_pairing_code_at_console(Role::Desk, None)
            .await?;
        let paired = hall
            .pair(&code.code, &format!("desk {i}"), "127.0.0.1")
            .await?;
        cookies.push(format!("fd_device={}", paired.token));
    }
    let per_worker = b.requests / conns;
    let deadline = Instant::now() + b.max_time;
    let before = hall.write_stats();
    let m = run_workers(conns, |w| {
        let base = base.clone();
        let cookie = cookies[w].clone();
        async move {
            // One client per worker, one kept-alive connection each.
            let client = reqwest::Client::builder()
                .pool_max_idle_per_host(1)
                .build()?;
            let body = json!({ "request": { "service_id": service } }).to_string();
            let mut lat = Vec::with_capacity(per_worker);
            let mut seqs = Vec::with_capacity(per_worker);
            for i in 0..per_worker {
                if Instant::now() > deadline {
                    break;
                }
                let t = Instant::now();
                let res = client
                    .post(format!("{base}/api/op/issue_ticket"))
                    .header("cookie", &cookie)
                    .header("idempotency-key", format!("w{w}-{i}"))
                    .header("content-type", "application/json")
                    .body(body.clone())
                    .send()
                    .await?;
                let answer: Value = res.json().await?;
                lat.push(t.elapsed());
                let seq = answer["ticket"]["seq"]
                    .as_i64()
                    .ok_or_else(|| format!("refused: {answer}"))?;
                seqs.push(seq);
            }
            Ok((lat, seqs))
        }
    })
    .await?;
    let after = hall.write_stats();
    server.stop().await;
    Ok((m, (after.0 - before.0, after.1 - before.1)))
}

/// The same issues through the in-process `Hall`, `tasks` at once.
async fn in_process(dir: &Path, tasks: usize, b: &Bounds) -> Res<Measured> {
    let (hall, service) = fresh_hall(dir).await?;
    let per_worker = b.requests / tasks;
    let deadline = Instant::now() + b.max_time;
    run_workers(tasks, |_| {
        let hall = hall.clone();
        async move {
            let mut lat = Vec::with_capacity(per_worker);
            let mut seqs = Vec::with_capacity(per_worker);
            for _ in 0..per_worker {
                if Instant::now() > deadline {
                    break;
                }
                let t = Instant::now();
                let issued = hall.issue_ticket(request(service)).await?;
                lat.push(t.elapsed());
                seqs.push(issued.ticket.seq);
            }
            Ok((lat, seqs))
        }
    })
    .await
}

/// The disk's limit: one-row durable commits a second on one connection with the hall's
/// settings (each commit waits for its fsync, as an ungrouped write does).
async fn raw_commits(dir: &Path, b: &Bounds) -> Res<(usize, Duration)> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join("raw.sqlite3");
    let mut conn =
        SqliteConnection::connect_with(&frontdesk_core::store::connect_options(&path)).await?;
    sqlx::query("CREATE TABLE t (id INTEGER PRIMARY KEY, at INTEGER NOT NULL)")
        .execute(&mut conn)
        .await?;
    let start = Instant::now();
    let mut n = 0;
    while n < b.raw_commits && start.elapsed() < b.max_time {
        sqlx::query("BEGIN IMMEDIATE").execute(&mut conn).await?;
        sqlx::query("INSERT INTO t(at) VALUES (?)")
            .bind(n as i64)
            .execute(&mut conn)
            .await?;
        sqlx::query("COMMIT").execute(&mut conn).await?;
        n += 1;
    }
    Ok((n, start.elapsed()))
}

#[tokio::main]
async fn main() -> Res<()> {
    let mut args = std::env::args().skip(1);
    let mut bounds = &FULL;
    let mut base: Option<PathBuf> = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--quick" => bounds = &QUICK,
            "--dir" => base = args.next().map(PathBuf::from),
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let temp = match &base {
        Some(b) => tempfile::tempdir_in(b)?,
        None => tempfile::tempdir()?,
    };
    let dir = temp.path();
    println!("frontdesk load benchmark: durable issue_ticket (WAL, synchronous=FULL)");
    println!("files     {}", dir.display());
    println!(
        "cores     {}",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!("loadavg   {} (at start)", loadavg());
    println!(
        "bounds    {} requests or {} s per run, whichever comes first",
        bounds.requests,
        bounds.max_time.as_secs()
    );
    println!();
    println!(
        "{:<34} {:>6} {:>11} {:>11} {:>11}",
        "run", "issues", "throughput", "p50", "p99"
    );
    let mut groups = Vec::new();
    for (i, conns) in CONCURRENCY.into_iter().enumerate() {
        let (m, (commits, writes)) =
            over_http(&dir.join(format!("http{i}")), conns, bounds).await?;
        m.print(&format!("HTTP, {conns} connection(s)"));
        groups.push((conns, commits, writes));
    }
    for (i, tasks) in CONCURRENCY.into_iter().enumerate() {
        let m = in_process(&dir.join(format!("hall{i}")), tasks, bounds).await?;
        m.print(&format!("in-process Hall, {tasks} task(s)"));
    }
    let (n, wall) = raw_commits(&dir.join("raw"), bounds).await?;
    println!(
        "{:<34} {:>6} {:>9.0}/s {:>8.2} ms (mean)",
        "raw SQLite, 1 row per commit",
        n,
        n as f64 / wall.as_secs_f64(),
        wall.as_secs_f64() * 1e3 / n as f64
    );
    println!();
    for (conns, commits, writes) in groups {
        if commits > 0 {
            println!(
                "group commit over HTTP, {conns:>2} connection(s): {writes} writes in {commits} commits ({:.1} per commit)",
                writes as f64 / commits as f64
            );
        }
    }
    println!("loadavg   {} (at end)", loadavg());
    Ok(())
}
