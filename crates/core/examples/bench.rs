//! What a durable ticket costs on this machine, with the hall's own connection settings
//! (`frontdesk_core::store::connect_options`: WAL, synchronous=FULL).
//!
//! ```text
//! cargo run --release -p frontdesk-core --example bench            # full run (~20 s)
//! cargo run --release -p frontdesk-core --example bench -- --quick # smaller counts
//! cargo run --release -p frontdesk-core --example bench -- --dir /path/on/the/disk/to/test
//! cargo run --release -p frontdesk-core --example bench -- --stats # only the history and (e)
//! cargo run --release -p frontdesk-core --example bench -- --book  # only (f)
//! ```
//!
//! Figures: (a) `issue_ticket` latency and throughput, one task and eight concurrent tasks;
//! (b) the raw limit: a one-row INSERT + COMMIT loop on the same settings (and, for
//! comparison only, with synchronous=NORMAL and a bare 4 KiB write + fdatasync); (c) the
//! ratio of (a) to (b); (d) `call_next` latency with a million past tickets in the file;
//! (e) the statistics of the last month and the last year of that history, with the daily
//! summaries and from the events alone, beside SQLite's raw scan of the rows each needs;
//! (f) `book` latency (each booking's name, mobile, ID number and note sealed with AES-256-GCM,
//! two keyed lookup hashes, the per-person rules), beside (b).

use frontdesk_core::key_store::KeyPlace;
use frontdesk_core::store::connect_options;
use frontdesk_core::{Hall, IssueRequest, ScheduleSettings, SystemClock};
use sqlx::sqlite::{SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// How many of each thing to do.
struct Sizes {
    issues: usize,
    tasks: usize,
    raw: usize,
    history: i64,
    per_day: i64,
    today: usize,
    calls: usize,
    bookings: usize,
}

const FULL: Sizes = Sizes {
    issues: 2000,
    tasks: 8,
    raw: 2000,
    history: 1_000_000,
    per_day: 800,
    today: 400,
    calls: 300,
    bookings: 1000,
};

const QUICK: Sizes = Sizes {
    issues: 300,
    tasks: 8,
    raw: 300,
    history: 100_000,
    per_day: 800,
    today: 150,
    calls: 100,
    bookings: 200,
};

/// Latencies of one measured loop and the wall time it took.
struct Run {
    lat: Vec<Duration>,
    wall: Duration,
}

impl Run {
    fn pct(&self, p: f64) -> Duration {
        let mut v = self.lat.clone();
        v.sort_unstable();
        let i = ((v.len() as f64 * p).ceil() as usize).clamp(1, v.len()) - 1;
        v[i]
    }
    fn rate(&self) -> f64 {
        self.lat.len() as f64 / self.wall.as_secs_f64()
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn row(label: &str, r: &Run) {
    println!(
        "{label:<46} {:>7} {:>10} {:>10} {:>10} {:>9.0}/s",
        r.lat.len(),
        ms(r.pct(0.50)),
        ms(r.pct(0.99)),
        ms(*r.lat.iter().max().unwrap()),
        r.rate()
    );
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// The mount holding `dir`: (filesystem type, device, mount point), from /proc/mounts.
fn filesystem(dir: &Path) -> (String, String, String) {
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let mut best: Option<(usize, (String, String, String))> = None;
    for line in read("/proc/mounts").lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.len() < 3 {
            continue;
        }
        let mount = f[1].replace("\\040", " ");
        if dir.starts_with(&mount) && best.as_ref().is_none_or(|(len, _)| mount.len() >= *len) {
            best = Some((mount.len(), (f[2].into(), f[0].into(), mount)));
        }
    }
    best.map(|b| b.1)
        .unwrap_or_else(|| ("?".into(), "?".into(), "?".into()))
}

fn machine(dir: &Path) {
    let cpu = read("/proc/cpuinfo")
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_else(|| "?".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem_gib = read("/proc/meminfo")
        .lines()
        .find(|l| l.starts_with("MemTotal:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(0.0, |kib| kib / 1024.0 / 1024.0);
    let (fs, dev, mount) = filesystem(dir);
    println!(
        "date      {}",
        chrono::Local::now().format("%Y-%m-%d %H:%M %:z")
    );
    println!("cpu       {cpu}, {cores} cores (nproc), {mem_gib:.1} GiB RAM");
    println!(
        "kernel    Linux {}",
        read("/proc/sys/kernel/osrelease").trim()
    );
    println!(
        "temp dir  {} on {fs} ({dev} mounted at {mount})",
        dir.display()
    );
    println!(
        "load      {} (other work on the machine skews the figures)",
        load()
    );
}

/// The 1, 5 and 15 minute load averages.
fn load() -> String {
    read("/proc/loadavg")
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

fn issue_req(service_id: i64, priority: bool) -> IssueRequest {
    IssueRequest {
        service_id,
        priority,
        station: String::new(),
        request_id: None,
    }
}

async fn open_hall(dir: &Path) -> Res<(Hall, Vec<i64>)> {
    // A throwaway hall: its key stays in a file beside it, never in the user's key store.
    let hall = Hall::open_with(dir, Arc::new(SystemClock), KeyPlace::FileOnly).await?;
    // The benchmark runs at any hour: keep issuing open all day, every day (a fresh folder:
    // the benchmark creates the administrator PIN to change the schedule).
    let staff = hall.create_pin("246810", "bench").await?;
    hall.save_schedule_settings(&staff, ScheduleSettings::always_open())
        .await?;
    let services = hall.services().await?.iter().map(|s| s.id).collect();
    Ok((hall, services))
}

/// (f) `n` bookings one after another, each by another person, on a fresh file: sessions
/// of 20 half-hour slots of 200 places from the day after tomorrow on.
async fn book_sequential(dir: &Path, n: usize) -> Res<Run> {
    use frontdesk_core::booking::identity::id_check_char;
    use frontdesk_core::booking::{BookingInput, SessionInput};
    let (hall, services) = open_hall(dir).await?;
    let staff = hall.unlock("246810", "bench").await?;
    let counter = hall
        .counters()
        .await?
        .into_iter()
        .find(|c| c.appointment)
        .ok_or("no appointment counter")?
        .id;
    let mut slots = Vec::new();
    let per_session = 20 * 200;
    for d in 0..(n + 20).div_ceil(per_session) {
        let date = hall.business_day() + chrono::Duration::days(2 + d as i64);
        let session = hall
            .create_booking_session(
                &staff,
                SessionInput {
                    date: date.format("%Y-%m-%d").to_string(),
                    start: "08:00".into(),
                    end: "18:00".into(),
                    slot_minutes: 30,
                    capacity: 200,
                    counter_ids: vec![counter],
                    service_ids: vec![services[0]],
                    note: String::new(),
                },
            )
            .await?;
        slots.extend(session.slots.iter().map(|s| s.id));
    }
    let person = |i: usize| {
        let first17 = format!("110105{}{:03}", 19_500_101 + (i / 1000) * 10_000, i % 1000);
        BookingInput {
            slot_id: slots[i % slots.len()],
            service_id: services[0],
            name: "欧阳娜娜".into(),
            mobile: format!("139{:08}", i),
            id_number: format!("{first17}{}", id_check_char(&first17).unwrap_or('0')),
            note: "需要轮椅".into(),
        }
    };
    for i in 0..20 {
        hall.book(person(n + i)).await?; // warm-up
    }
    let mut lat = Vec::with_capacity(n);
    let start = Instant::now();
    for i in 0..n {
        let input = person(i);
        let t = Instant::now();
        hall.book(input).await?;
        lat.push(t.elapsed());
    }
    let wall = start.elapsed();
    hall.pool().close().await;
    Ok(Run { lat, wall })
}

/// (a) `n` issues one after another on a fresh file.
async fn issue_sequential(dir: &Path, n: usize) -> Res<Run> {
    let (hall, services) = open_hall(dir).await?;
    for i in 0..20 {
        hall.issue_ticket(issue_req(services[i % 4], false)).await?; // warm-up
    }
    let mut lat = Vec::with_capacity(n);
    let start = Instant::now();
    for i in 0..n {
        let t = Instant::now();
        hall.issue_ticket(issue_req(services[i % 4], i % 7 == 0))
            .await?;
        lat.push(t.elapsed());
    }
    let wall = start.elapsed();
    hall.pool().close().await;
    Ok(Run { lat, wall })
}

/// (a) `n` issues by `tasks` concurrent tasks on a fresh file (as several desks at once).
async fn issue_concurrent(dir: &Path, n: usize, tasks: usize) -> Res<Run> {
    let (hall, services) = open_hall(dir).await?;
    for i in 0..20 {
        hall.issue_ticket(issue_req(services[i % 4], false)).await?;
    }
    let start = Instant::now();
    let mut handles = Vec::new();
    for k in 0..tasks {
        let hall = hall.clone();
        let services = services.clone();
        let mine = n / tasks + usize::from(k < n % tasks);
        handles.push(tokio::spawn(async move {
            let mut lat = Vec::with_capacity(mine);
            for i in 0..mine {
                let t = Instant::now();
                hall.issue_ticket(issue_req(services[(i + k) % 4], false))
                    .await
                    .expect("issue");
                lat.push(t.elapsed());
            }
            lat
        }));
    }
    let mut lat = Vec::with_capacity(n);
    for h in handles {
        lat.extend(h.await?);
    }
    let wall = start.elapsed();
    hall.pool().close().await;
    Ok(Run { lat, wall })
}

/// (b) One-row INSERT + COMMIT in `BEGIN IMMEDIATE` transactions on a fresh file.
async fn raw_commits(path: &Path, n: usize, sync: SqliteSynchronous) -> Res<Run> {
    let pool: SqlitePool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(connect_options(path).synchronous(sync))
        .await?;
    sqlx::query("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL, s TEXT NOT NULL)")
        .execute(&pool)
        .await?;
    let mut lat = Vec::with_capacity(n);
    let start = Instant::now();
    for i in 0..n {
        let t = Instant::now();
        let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
        sqlx::query("INSERT INTO t(v, s) VALUES (?, ?)")
            .bind(i as i64)
            .bind("A001")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        lat.push(t.elapsed());
    }
    let wall = start.elapsed();
    pool.close().await;
    Ok(Run { lat, wall })
}

/// (b) The device itself: overwrite a 4 KiB block of a preallocated file, then fdatasync.
fn raw_fdatasync(path: &Path, n: usize) -> Res<Run> {
    let f = std::fs::OpenOptions::new()
        .create(true)
        .truncate(true)
        .read(true)
        .write(true)
        .open(path)?;
    f.set_len(4 << 20)?;
    f.sync_all()?;
    let block = [7u8; 4096];
    let mut lat = Vec::with_capacity(n);
    let start = Instant::now();
    for i in 0..n {
        let t = Instant::now();
        f.write_all_at(&block, (i as u64 % 1024) * 4096)?;
        f.sync_data()?;
        lat.push(t.elapsed());
    }
    Ok(Run {
        lat,
        wall: start.elapsed(),
    })
}

/// (d) Writes `count` finished tickets of past business days (and their issued, called and
/// finished events) with plain SQL in one transaction.
async fn load_history(hall: &Hall, count: i64, per_day: i64) -> Res<()> {
    let days = (count + per_day - 1) / per_day;
    let first = hall.business_day() - chrono::Duration::days(days + 1);
    let first_ms = first
        .and_hms_opt(9, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp_millis()
        - i64::from(hall.settings().utc_offset_minutes) * 60_000;
    let mut tx = hall.pool().begin_with("BEGIN IMMEDIATE").await?;
    // Per day and prefix A-D: numbers 1..per_day/4, one every 30 s from 09:00, 10% priority.
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?1),
         x AS (SELECT i, i / ?2 AS d, i % ?2 AS k FROM n),
         y AS (SELECT i, d, substr('ABCD', k % 4 + 1, 1) AS p, k / 4 + 1 AS seq,
                      ?4 + d * 86400000 + (k / 4) * 30000 AS t FROM x),
         svc AS (SELECT s.prefix, s.id,
                      (SELECT MIN(counter_id) FROM counter_services WHERE service_id = s.id) AS c
               FROM services s)
         INSERT INTO tickets(business_day, prefix, seq, number, service_id, priority, status,
                             issued_at, queue_at, counter_id, call_count, first_called_at,
                             called_at, finished_at, issued_by)
         SELECT date(?3, '+' || d || ' days'), p, seq, p || printf('%03d', seq), s.id,
                i % 10 = 0, 'done', t, t * 1000, s.c, 1, t + 600000, t + 600000, t + 1200000, ''
         FROM y JOIN svc s ON s.prefix = y.p",
    )
    .bind(count)
    .bind(per_day)
    .bind(first.format("%Y-%m-%d").to_string())
    .bind(first_ms)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO ticket_events(ticket_id, kind, at, counter_id)
         SELECT t.id, k.kind,
                CASE k.n WHEN 0 THEN t.issued_at WHEN 1 THEN t.called_at ELSE t.finished_at END,
                CASE k.n WHEN 0 THEN NULL ELSE t.counter_id END
         FROM tickets t CROSS JOIN (SELECT 0 AS n, 'issued' AS kind
                                    UNION ALL SELECT 1, 'called'
                                    UNION ALL SELECT 2, 'finished') k",
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    // As the hall's file would be after a while in use: the log folded into the database.
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(hall.pool())
        .await?;
    Ok(())
}

/// (d) Opens the six windows, issues `today` tickets, then times `calls` call-nexts round
/// the windows; returns (issue run, call run).
async fn calling_day(hall: &Hall, today: usize, calls: usize) -> Res<(Run, Run)> {
    let services: Vec<i64> = hall.services().await?.iter().map(|s| s.id).collect();
    let counters: Vec<i64> = hall.counters().await?.iter().map(|c| c.id).collect();
    for &c in &counters {
        hall.open_counter(c).await?;
    }
    // Mostly A (traffic violations), some priority, as in a real morning.
    let mix = [0, 0, 0, 1, 1, 2, 2, 3];
    let mut lat = Vec::with_capacity(today);
    let start = Instant::now();
    for i in 0..today {
        let t = Instant::now();
        hall.issue_ticket(issue_req(services[mix[i % mix.len()]], i % 6 == 0))
            .await?;
        lat.push(t.elapsed());
    }
    let issued = Run {
        lat,
        wall: start.elapsed(),
    };
    let mut lat = Vec::with_capacity(calls);
    let start = Instant::now();
    for i in 0..calls {
        let t = Instant::now();
        hall.call_next(counters[i % counters.len()]).await?;
        lat.push(t.elapsed());
    }
    let called = Run {
        lat,
        wall: start.elapsed(),
    };
    Ok((issued, called))
}

/// The statistics query of the last `days` days before today.
fn last_days(hall: &Hall, days: i64) -> frontdesk_core::stats::StatsQuery {
    let today = hall.business_day();
    frontdesk_core::stats::StatsQuery {
        from: (today - chrono::Duration::days(days)).to_string(),
        to: (today - chrono::Duration::days(1)).to_string(),
        target_wait_minutes: None,
        lang: String::new(),
    }
}

/// Times `runs` calls of `f`; returns the run and the tickets counted by the last call.
async fn time_stats<F, Fut>(runs: usize, mut f: F) -> Res<(Run, i64)>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = frontdesk_core::Result<frontdesk_core::stats::Statistics>>,
{
    let mut lat = Vec::new();
    let mut tickets = 0;
    let start = Instant::now();
    for _ in 0..runs {
        let t = Instant::now();
        let s = f().await?;
        lat.push(t.elapsed());
        tickets = s.totals.issued + s.totals.voided;
    }
    Ok((
        Run {
            lat,
            wall: start.elapsed(),
        },
        tickets,
    ))
}

/// Times SQLite alone scanning the rows a way of computing the figures needs: `sql` (bound
/// to the range of `q`) counts and sums them inside SQLite, so nothing is shipped to Rust.
/// The floor under that way; returns the run and the rows counted.
async fn raw_scan(
    hall: &Hall,
    q: &frontdesk_core::stats::StatsQuery,
    sql: &str,
) -> Res<(Run, i64)> {
    let mut lat = Vec::new();
    let mut rows = 0;
    let start = Instant::now();
    for _ in 0..3 {
        let t = Instant::now();
        let (n, _): (i64, Option<i64>) = sqlx::query_as(sql)
            .bind(&q.from)
            .bind(&q.to)
            .fetch_one(hall.pool())
            .await?;
        lat.push(t.elapsed());
        rows = n;
    }
    Ok((
        Run {
            lat,
            wall: start.elapsed(),
        },
        rows,
    ))
}

/// (e) The statistics of the last month and the last year of the history: the daily
/// summaries made once (as the statistics do for days that have none), then the figures
/// with them and, for comparison, from the events alone; beside each, SQLite's raw scan
/// of the rows that way needs.
async fn stats_ranges(hall: &Hall) -> Res<()> {
    let year = last_days(hall, 365);
    let t = Instant::now();
    let made = hall.summarize_days(&year.from, &year.to).await?;
    println!(
        "{:<46} {:>7} made in {:.1} s ({:.1} ms a day)",
        "(e) daily summaries of a year",
        made,
        t.elapsed().as_secs_f64(),
        t.elapsed().as_secs_f64() * 1000.0 / made.max(1) as f64
    );
    for (label, days) in [("a month", 30), ("a year", 365)] {
        let q = last_days(hall, days);
        let (run, tickets) = time_stats(5, || hall.statistics(q.clone())).await?;
        row(
            &format!("(e) statistics of {label} ({tickets} tickets)"),
            &run,
        );
        let (raw, rows) = raw_scan(
            hall,
            &q,
            "SELECT COUNT(*), SUM(length(figures)) FROM day_summaries
             WHERE business_day BETWEEN ? AND ?",
        )
        .await?;
        row(
            &format!("    raw SQLite scan of its {rows} summaries"),
            &raw,
        );
        let runs = if days > 31 { 1 } else { 3 };
        let (run, _) = time_stats(runs, || hall.statistics_from_events(q.clone())).await?;
        row("    same from the events alone", &run);
        let (raw, rows) = raw_scan(
            hall,
            &q,
            "SELECT COUNT(*), SUM(e.at - t.issued_at) FROM tickets t
             JOIN ticket_events e ON e.ticket_id = t.id
             WHERE t.business_day BETWEEN ? AND ?",
        )
        .await?;
        row(&format!("    raw SQLite scan of its {rows} events"), &raw);
    }
    Ok(())
}

async fn bench(base: &Path, sz: &Sizes, only_stats: bool, only_book: bool) -> Res<()> {
    let tmp = tempfile::Builder::new()
        .prefix("frontdesk-bench-")
        .tempdir_in(base)?;
    let dir = tmp.path();
    machine(dir);
    let version: String = {
        let pool = SqlitePool::connect_with(connect_options(&dir.join("v.sqlite3"))).await?;
        let v = sqlx::query_scalar("SELECT sqlite_version()")
            .fetch_one(&pool)
            .await?;
        pool.close().await;
        v
    };
    println!(
        "sqlite    {version}; hall settings: journal_mode=WAL, synchronous=FULL, BEGIN IMMEDIATE"
    );
    println!();
    println!(
        "{:<46} {:>7} {:>10} {:>10} {:>10} {:>11}",
        "figure", "n", "p50", "p99", "max", "rate"
    );
    println!("{}", "-".repeat(99));

    if only_stats {
        let (hall, _) = open_hall(&dir.join("e")).await?;
        let t = Instant::now();
        load_history(&hall, sz.history, sz.per_day).await?;
        println!(
            "    history: {} tickets loaded in {:.1} s",
            sz.history,
            t.elapsed().as_secs_f64()
        );
        stats_ranges(&hall).await?;
        hall.pool().close().await;
        println!("load at the end: {}", load());
        return Ok(());
    }
    if only_book {
        let raw = raw_commits(&dir.join("raw.sqlite3"), sz.raw, SqliteSynchronous::Full).await?;
        row("(b) raw INSERT+COMMIT, synchronous=FULL", &raw);
        row(
            "(f) book, 1 task (sealed personal data)",
            &book_sequential(&dir.join("f"), sz.bookings).await?,
        );
        println!("load at the end: {}", load());
        return Ok(());
    }
    let seq = issue_sequential(&dir.join("a1"), sz.issues).await?;
    row("(a) issue_ticket, 1 task", &seq);
    let conc = issue_concurrent(&dir.join("a8"), sz.issues, sz.tasks).await?;
    row(
        &format!("(a) issue_ticket, {} concurrent tasks", sz.tasks),
        &conc,
    );
    let raw = raw_commits(&dir.join("raw.sqlite3"), sz.raw, SqliteSynchronous::Full).await?;
    row("(b) raw INSERT+COMMIT, synchronous=FULL", &raw);
    let normal = raw_commits(
        &dir.join("normal.sqlite3"),
        sz.raw,
        SqliteSynchronous::Normal,
    )
    .await?;
    row("    same, synchronous=NORMAL (comparison only)", &normal);
    let sync = raw_fdatasync(&dir.join("fsync.bin"), sz.raw)?;
    row("    4 KiB pwrite + fdatasync (the device)", &sync);
    println!(
        "{:<46} throughput {:.2}, p50 latency {:.2}",
        "(c) issue_ticket / raw commit",
        seq.rate() / raw.rate(),
        seq.pct(0.5).as_secs_f64() / raw.pct(0.5).as_secs_f64()
    );
    row(
        "(f) book, 1 task (sealed personal data)",
        &book_sequential(&dir.join("f"), sz.bookings).await?,
    );

    let (hall, _) = open_hall(&dir.join("d0")).await?;
    let (_, calls0) = calling_day(&hall, sz.today, sz.calls).await?;
    hall.pool().close().await;
    row("(d) call_next, no past tickets", &calls0);

    let (hall, _) = open_hall(&dir.join("d1")).await?;
    let t = Instant::now();
    load_history(&hall, sz.history, sz.per_day).await?;
    let loaded = t.elapsed();
    let (issued, calls) = calling_day(&hall, sz.today, sz.calls).await?;
    let (tickets, events): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM tickets), (SELECT COUNT(*) FROM ticket_events)",
    )
    .fetch_one(hall.pool())
    .await?;
    hall.pool().close().await;
    let size = std::fs::metadata(dir.join("d1").join(frontdesk_core::store::DB_FILE))?.len();
    row(
        &format!("(d) call_next, {} past tickets", sz.history),
        &calls,
    );
    row(
        &format!("    issue_ticket, {} past tickets", sz.history),
        &issued,
    );
    println!(
        "    history: {tickets} tickets, {events} events, {:.0} MB file, loaded in {:.1} s",
        size as f64 / 1e6,
        loaded.as_secs_f64()
    );
    let (hall, _) = open_hall(&dir.join("d1")).await?;
    stats_ranges(&hall).await?;
    hall.pool().close().await;
    println!("load at the end: {}", load());
    Ok(())
}

fn main() -> Res<()> {
    let mut quick = false;
    let mut only_stats = false;
    let mut only_book = false;
    let mut base: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--quick" => quick = true,
            "--stats" => only_stats = true,
            "--book" => only_book = true,
            "--dir" => base = Some(args.next().ok_or("--dir needs a path")?.into()),
            // `cargo bench`-style flags are ignored.
            "--bench" => {}
            "-h" | "--help" => {
                println!("usage: bench [--quick] [--stats] [--book] [--dir PATH]");
                return Ok(());
            }
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let base = base.unwrap_or_else(std::env::temp_dir);
    let sizes = if quick { &QUICK } else { &FULL };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(bench(&base, sizes, only_stats, only_book))
}
