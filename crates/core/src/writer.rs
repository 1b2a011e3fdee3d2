//! The hall's one writer: every write of the hall goes through [`Writer::begin`], and
//! concurrent writes are committed together (group commit).
//!
//! Why here, in the shared write path, and not only for issuing and calling: with many
//! devices on the network every kind of write can arrive at once (a desk issuing while six
//! counters call and a kiosk checks someone in), and a durable commit costs one fsync of the
//! WAL whatever it holds. Paying it once per group instead of once per request is what lets
//! the hall acknowledge thousands of durable writes a second on a small PC; a single request
//! waits no longer than before (it commits as soon as nobody else is queued).
//!
//! How:
//! - The writer owns one connection. Writes of this process take turns on it in arrival
//!   order (a fair mutex, as before: SQLite's own busy handler would let one writer starve
//!   the others). The first write of a group opens `BEGIN IMMEDIATE`, which also makes
//!   writers in another process wait on the busy timeout instead of failing halfway.
//! - Each write runs inside its own `SAVEPOINT`. [`WriteTx::commit_with`] releases it (the
//!   write joins the open group, with the events it will publish); a write that fails or is
//!   dropped is rolled back to its savepoint, so it never takes the others down with it.
//! - A flusher task queues for the turn as soon as a write joins the group: the fair mutex
//!   puts it behind every write that was already waiting, so those join the same group. When
//!   its turn comes it commits once (WAL + `synchronous = FULL`: durable), publishes the
//!   group's events in commit order, then answers each write. A write is acknowledged only
//!   after that commit; if it fails, every write of the group gets the error.
//! - Whether writes reach the file ([`WriteHealth`]) is noted where they can fail: a write
//!   that cannot open the group (`BEGIN IMMEDIATE` past the busy timeout, a read-only file)
//!   and a group that cannot commit (a full disk, an I/O error).
//! - A write can run an operation inside itself ([`WriteTx::nest`]): `Hall::once` (a request
//!   with an idempotency key) stores the operation's answer beside its writes that way, so a
//!   retry finds either both or neither.
//! - The writer counts changes of the hall's slow data ([`WriteTx::epoch`]): everything but
//!   the tables a working day moves ([`MOVING_TABLES`]). A value derived from slow data (the
//!   schedule's timetable) can be kept between writes while the epoch stays the same, which
//!   spares the hot path (issuing) its reads: every statement is a round trip to sqlx's
//!   connection thread, and they, not the disk, bounded the issues a second.
//! - For the same reason a write can run its statements in its own thread on the writer's
//!   handle ([`WriteTx::sync`], see `raw`), and a write begun with [`Writer::begin_sync`]
//!   defers its `SAVEPOINT` (and every write its `RELEASE`) to ride along with the next
//!   statements the connection runs: an issue over the network (answer kept for retries,
//!   see `requests`) takes three round trips instead of thirteen. Deferred steps run before
//!   anything else on the connection, so the savepoints are exactly as if run at once.

use crate::error::{Error, Result};
use crate::events::HallEvent;
use crate::raw::Raw;
use crate::write_health::WriteHealth;
use sqlx::{Connection, SqliteConnection};
use std::cell::RefCell;
use std::future::Future;
use std::ops::{Deref, DerefMut};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Weak};
use tokio::sync::{broadcast, oneshot, Mutex, Notify, OwnedMutexGuard};

/// Tables a working day writes all the time (issuing, calling, the LAN's requests and
/// devices, the audit list, the statistics' summaries their triggers drop). A change to any
/// other table, a rollback, or a commit by another connection moves the epoch on. (SQLite
/// does not call the update hook for a bare `DELETE FROM t`, its truncate optimization: a
/// statement emptying a slow table says `WHERE true`; nor for a `WITHOUT ROWID` table, so a
/// slow table must be an ordinary one.)
const MOVING_TABLES: [&str; 9] = [
    "tickets",
    "ticket_events",
    "ticket_counts",
    "day_summaries",
    "counters",
    "request_results",
    "devices",
    "audit_log",
    "ratings",
];

/// The savepoint of one write; writes take turns, so one name suffices (a nested write
/// uses the second).
const SAVEPOINTS: [&str; 2] = ["fd_write", "fd_nested"];

/// Statements a write runs in this thread, deferred ([`WriteTx::defer`]).
type Work = Box<dyn FnOnce(&Raw) -> Result<()> + Send>;

/// A step deferred until the connection next runs something ([`State::defer`]).
enum Step {
    Savepoint(usize),
    Release(usize),
    /// Work of the write numbered so ([`State::owner`]).
    Work(u64, Work),
}

impl Step {
    fn is_savepoint(&self, depth: usize) -> bool {
        matches!(self, Step::Savepoint(d) if *d == depth)
    }

    /// The statement of a savepoint step.
    fn sql(&self) -> Option<String> {
        match self {
            Step::Savepoint(d) => Some(format!("SAVEPOINT {}", SAVEPOINTS[*d])),
            Step::Release(d) => Some(format!("RELEASE {}", SAVEPOINTS[*d])),
            Step::Work(..) => None,
        }
    }

    /// Runs the step in this thread.
    fn run(self, raw: &Raw) -> Result<()> {
        match (self.sql(), self) {
            (Some(sql), _) => Ok(raw.execute_batch(&sql)?),
            (None, Step::Work(_, work)) => work(raw),
            (None, _) => unreachable!("only work has no statement"),
        }
    }
}

/// Runs `pending` in order in this thread for the write numbered `caller`; if one fails,
/// those not run yet go back to the list (a write abandoned after that still finds its
/// `SAVEPOINT` not made). A failed step that is not the caller's own work may belong to a
/// write already waiting for the commit: the group is `poisoned`, and none of it is kept.
fn run_steps(
    raw: &Raw,
    pending: &mut Vec<Step>,
    caller: u64,
    poisoned: &mut Option<String>,
) -> Result<()> {
    let mut steps = std::mem::take(pending).into_iter();
    while let Some(step) = steps.next() {
        let own = matches!(step, Step::Work(owner, _) if owner == caller);
        if let Err(e) = step.run(raw) {
            pending.extend(steps);
            if !own {
                *poisoned = Some(e.to_string());
            }
            return Err(e);
        }
    }
    Ok(())
}

/// What the writer holds between writes.
struct State {
    /// The connection's handle seen from this side (see `raw`), with its prepared
    /// statements. Declared before `conn`, so it is dropped first.
    raw: Raw,
    conn: SqliteConnection,
    /// Savepoint steps not run yet, in order: they run first, with whatever the connection
    /// runs next.
    pending: Vec<Step>,
    /// Whether the last thing done on the connection was taking its handle
    /// (see `raw::settle`): the next `lock_handle` must wait for sqlx's thread first.
    unsettled: bool,
    /// The number of the write holding the turn (a nested write shares its enclosing
    /// write's), and the last number given; 0 while the flusher holds it.
    owner: u64,
    numbered: u64,
    /// Why the open group cannot commit: a deferred step of a write already waiting failed.
    poisoned: Option<String>,
    /// Whether a group's `BEGIN IMMEDIATE` is open.
    open: bool,
    /// Savepoints (by depth) a dropped write left to roll back before anything else runs.
    dirty: Vec<usize>,
    /// The writes of the open group waiting for its commit, in order.
    waiting: Vec<oneshot::Sender<std::result::Result<(), String>>>,
    /// Their events, in order, published after the commit.
    events: Vec<HallEvent>,
    /// Events of nested writes ([`WriteTx::nest`]), kept until the enclosing write commits
    /// (or dropped with it).
    nested_events: Vec<HallEvent>,
    stats: Arc<Stats>,
    health: Arc<WriteHealth>,
    /// The slow data's epoch (see [`WriteTx::epoch`]); the update hook moves it too.
    epoch: Arc<AtomicU64>,
    /// `PRAGMA data_version` when the last group opened: it changes when another connection
    /// (a tool, a second hall on the file in tests) has committed since.
    data_version: Option<i64>,
}

/// Groups committed and the writes they held, since the hall opened (benchmarks print them).
#[derive(Default)]
struct Stats {
    groups: AtomicU64,
    writes: AtomicU64,
}

impl State {
    /// Moves the epoch on: values derived from the slow data may no longer hold.
    fn moved(&self) {
        self.epoch.fetch_add(1, Ordering::Relaxed);
    }

    /// Runs `sql` through sqlx, after the deferred steps.
    async fn run(&mut self, sql: &str) -> Result<()> {
        match self.savepoint_steps() {
            // SQLite runs every statement of a text in one go: one round trip.
            Some(steps) => sqlx::query(&format!("{steps}; {sql}"))
                .execute(&mut self.conn)
                .await
                .map(drop)?,
            None => {
                self.run_pending().await?;
                sqlx::query(sql).execute(&mut self.conn).await.map(drop)?
            }
        }
        // Answered by sqlx's thread: it holds its connection again.
        self.unsettled = false;
        Ok(())
    }

    /// Runs `f` on the handle in this thread (see `raw`), after the deferred steps: one
    /// round trip to sqlx's thread for all of them.
    async fn sync<T>(&mut self, f: impl FnOnce(&Raw) -> Result<T>) -> Result<T> {
        if self.unsettled {
            crate::raw::settle(&mut self.conn).await?;
        }
        let handle = self.conn.lock_handle().await?;
        let out = run_steps(&self.raw, &mut self.pending, self.owner, &mut self.poisoned)
            .and_then(|()| f(&self.raw));
        drop(handle);
        // Settled by the next statement through sqlx, or before the next handle.
        self.unsettled = true;
        out
    }

    /// Defers `step` to the connection's next statements. A savepoint released before
    /// anything ran in it need not exist at all.
    fn defer(&mut self, step: Step) {
        if let Step::Release(d) = step {
            if self.pending.last().is_some_and(|s| s.is_savepoint(d)) {
                self.pending.pop();
                return;
            }
        }
        self.pending.push(step);
    }

    /// The deferred steps as one SQL text, taken out of the list, when they are all
    /// savepoint steps (none to run in this thread).
    fn savepoint_steps(&mut self) -> Option<String> {
        if self.pending.is_empty() || self.pending.iter().any(|s| matches!(s, Step::Work(..))) {
            return None;
        }
        let steps: Vec<String> = self.pending.drain(..).filter_map(|s| s.sql()).collect();
        Some(steps.join("; "))
    }

    /// Runs the deferred steps now, if any.
    async fn run_pending(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        self.sync(|_| Ok(())).await
    }

    /// A write at `depth` ends without committing: its savepoint is rolled back before
    /// anything else runs, or, if its `SAVEPOINT` is still deferred (nothing ran in it),
    /// never made, and what it deferred after it is dropped with it.
    fn abandon(&mut self, depth: usize) {
        match self.pending.iter().rposition(|s| s.is_savepoint(depth)) {
            Some(at) => self.pending.truncate(at),
            None => self.dirty.push(depth),
        }
    }

    /// Rolls back what dropped writes left behind at `from` or deeper: the outermost one
    /// takes everything inside it along.
    async fn clean(&mut self, from: usize) -> Result<()> {
        let Some(depth) = self.dirty.iter().copied().filter(|d| *d >= from).min() else {
            return Ok(());
        };
        self.dirty.retain(|d| *d < from);
        let sp = SAVEPOINTS[depth];
        self.moved();
        self.run(&format!("ROLLBACK TO {sp}")).await?;
        self.run(&format!("RELEASE {sp}")).await?;
        if depth == 0 {
            self.nested_events.clear();
        }
        Ok(())
    }

    /// Opens the savepoint of a write at `depth` (the group first, if none is open); a
    /// `lazy` one is deferred to the write's first statements.
    async fn savepoint(&mut self, depth: usize, lazy: bool) -> Result<()> {
        self.clean(depth).await?;
        if !self.open {
            self.run("BEGIN IMMEDIATE").await?;
            self.open = true;
            // Read under the write lock: nobody else can commit until this group has.
            let version: i64 = sqlx::query_scalar("PRAGMA data_version")
                .fetch_one(&mut self.conn)
                .await?;
            if self.data_version.replace(version) != Some(version) {
                self.moved();
            }
        }
        if lazy {
            self.pending.push(Step::Savepoint(depth));
            return Ok(());
        }
        self.run(&Step::Savepoint(depth).sql().expect("a statement"))
            .await
    }

    /// Ends the open group: commits it (or rolls back one that holds no write), then
    /// publishes its events and answers its writes.
    async fn flush(&mut self, events: &broadcast::Sender<HallEvent>) {
        // Whatever runs now runs for the group, not for a write of it.
        self.owner = 0;
        let cleaned = self.clean(0).await;
        if !self.open {
            return;
        }
        self.open = false;
        if self.waiting.is_empty() {
            // Only failed writes: give the file's write lock back.
            self.moved();
            self.pending.clear();
            self.poisoned = None;
            let _ = self.run("ROLLBACK").await;
            self.events.clear();
            return;
        }
        let done = match cleaned {
            Ok(()) => match self.run_pending().await {
                Ok(()) => match self.poisoned.take() {
                    Some(why) => Err(Error::Storage(sqlx::Error::Protocol(why))),
                    None => self.run("COMMIT").await,
                },
                Err(e) => Err(e),
            },
            Err(e) => Err(e),
        };
        self.health.note(done.is_ok());
        let answer = match done {
            Ok(()) => {
                self.stats.groups.fetch_add(1, Ordering::Relaxed);
                self.stats
                    .writes
                    .fetch_add(self.waiting.len() as u64, Ordering::Relaxed);
                for e in self.events.drain(..) {
                    // No receiver (no screen open) is not an error.
                    let _ = events.send(e);
                }
                Ok(())
            }
            Err(e) => {
                // A failed COMMIT may leave the transaction open: end it, nothing was kept.
                self.moved();
                self.pending.clear();
                self.poisoned = None;
                let _ = self.run("ROLLBACK").await;
                self.events.clear();
                Err(e.to_string())
            }
        };
        for w in self.waiting.drain(..) {
            let _ = w.send(answer.clone());
        }
    }
}

/// The hall's writer: a connection, its turn, and the flusher that commits groups.
pub(crate) struct Writer {
    state: Arc<Mutex<State>>,
    flush: Arc<Notify>,
    stats: Arc<Stats>,
    health: Arc<WriteHealth>,
    events: broadcast::Sender<HallEvent>,
}

impl Drop for Writer {
    fn drop(&mut self) {
        // The flusher holds only a weak reference: wake it so it sees the hall is gone.
        self.flush.notify_one();
    }
}

tokio::task_local! {
    /// The turn held by a write while an operation runs inside it ([`WriteTx::nest`]): the
    /// operation's own write takes it from here instead of queueing behind itself.
    static HELD: Held;
}

/// The slot of [`HELD`]. If `nest` is abandoned while the turn sits here (its caller went
/// away), the enclosing write is rolled back and the turn passes on.
struct Held {
    turn: RefCell<Option<OwnedMutexGuard<State>>>,
    flush: Arc<Notify>,
}

impl Drop for Held {
    fn drop(&mut self) {
        if let Some(mut guard) = self.turn.get_mut().take() {
            guard.abandon(0);
            drop(guard);
            self.flush.notify_one();
        }
    }
}

impl Writer {
    /// Opens the writer's connection to `path` and starts its flusher, which publishes on
    /// `events`; `health` hears whether writes reach the file.
    pub(crate) async fn open(
        path: &Path,
        events: broadcast::Sender<HallEvent>,
        health: WriteHealth,
    ) -> Result<Self> {
        // Serialized: SQLite's own mutex guards the handle, which this side (`raw`) also
        // uses (only while it holds the handle's lock, but its drop is not).
        let options = crate::store::connect_options(path).serialized(true);
        let mut conn = SqliteConnection::connect_with(&options).await?;
        let epoch = Arc::new(AtomicU64::new(0));
        let hook_epoch = epoch.clone();
        let mut handle = conn.lock_handle().await?;
        handle.set_update_hook(move |change| {
            if !MOVING_TABLES.contains(&change.table) {
                hook_epoch.fetch_add(1, Ordering::Relaxed);
            }
        });
        // Used only in `WriteTx::sync`, under the handle's lock; dropped before `conn`
        // (the field order of `State`).
        let raw = crate::raw::view(&mut handle)?;
        // Every statement of the hot path stays prepared.
        raw.set_prepared_statement_cache_capacity(64);
        drop(handle);
        let stats = Arc::new(Stats::default());
        let health = Arc::new(health);
        let state = Arc::new(Mutex::new(State {
            raw,
            conn,
            pending: Vec::new(),
            unsettled: false,
            owner: 0,
            numbered: 0,
            poisoned: None,
            open: false,
            dirty: Vec::new(),
            waiting: Vec::new(),
            events: Vec::new(),
            nested_events: Vec::new(),
            stats: stats.clone(),
            health: health.clone(),
            epoch,
            data_version: None,
        }));
        let flush = Arc::new(Notify::new());
        tokio::spawn(flusher(
            Arc::downgrade(&state),
            flush.clone(),
            events.clone(),
        ));
        Ok(Writer {
            state,
            flush,
            stats,
            health,
            events,
        })
    }

    /// True while the last write could not start or commit.
    pub(crate) fn failing(&self) -> bool {
        self.health.failing()
    }

    /// Runs `store::erase_free_space` on the writer's connection, holding the turn after
    /// committing any open group (`VACUUM` cannot run inside a transaction).
    pub(crate) async fn erase_free_space(&self) -> Result<()> {
        let mut s = self.state.lock().await;
        s.flush(&self.events).await;
        crate::store::erase_free_space(&mut s.conn).await
    }

    /// (groups committed, writes they held) since the hall opened.
    pub(crate) fn stats(&self) -> (u64, u64) {
        (
            self.stats.groups.load(Ordering::Relaxed),
            self.stats.writes.load(Ordering::Relaxed),
        )
    }

    /// Starts a write: waits for this process's turn, then opens the write's savepoint.
    pub(crate) async fn begin(&self) -> Result<WriteTx> {
        self.start(false).await
    }

    /// Starts a write whose statements run through [`WriteTx::sync`]: its `SAVEPOINT` rides
    /// along with the first of them. Before using it as an sqlx connection, call
    /// [`WriteTx::ready`].
    pub(crate) async fn begin_sync(&self) -> Result<WriteTx> {
        self.start(true).await
    }

    async fn start(&self, lazy: bool) -> Result<WriteTx> {
        let held = HELD.try_with(|h| h.turn.borrow_mut().take()).ok().flatten();
        let (guard, depth) = match held {
            Some(g) => (g, 1),
            None => {
                let mut g = self.state.clone().lock_owned().await;
                g.numbered += 1;
                g.owner = g.numbered;
                (g, 0)
            }
        };
        // From here the write owns the turn: dropping it (on error too) hands it back.
        let mut tx = WriteTx {
            guard: Some(guard),
            depth,
            flush: self.flush.clone(),
        };
        if let Err(e) = tx.state().savepoint(depth, lazy).await {
            // Only the file failing is news for the screens: deferred work that refuses (a
            // request answered before, see `requests`) is not.
            if matches!(e, Error::Storage(_)) {
                self.health.note(false);
            }
            // No savepoint was made (e.g. `BEGIN IMMEDIATE` timed out on another process's
            // lock): there is nothing to roll back, so the turn passes on without marking
            // one (a `ROLLBACK TO` a savepoint that does not exist would fail the next write).
            if let Some(guard) = tx.guard.take() {
                hand_back(guard, depth, &self.flush);
            }
            return Err(e);
        }
        Ok(tx)
    }
}

/// Commits each group as its turn comes; ends when the hall is dropped.
async fn flusher(
    state: Weak<Mutex<State>>,
    flush: Arc<Notify>,
    events: broadcast::Sender<HallEvent>,
) {
    loop {
        flush.notified().await;
        let Some(state) = state.upgrade() else {
            return;
        };
        let mut s = state.lock().await;
        s.flush(&events).await;
    }
}

/// One write: its own savepoint inside the open group, holding the writer's turn.
pub struct WriteTx {
    guard: Option<OwnedMutexGuard<State>>,
    /// 0 for a write of its own, 1 for a write nested in another ([`WriteTx::nest`]).
    depth: usize,
    flush: Arc<Notify>,
}

impl WriteTx {
    fn state(&mut self) -> &mut State {
        self.guard.as_mut().expect("a write holds its turn")
    }

    /// Runs `op` inside this write: the writes `op` makes nest in this one (they take the
    /// turn this write holds instead of queueing behind it) and commit with it, or are rolled
    /// back with it. (`Hall::once` stores an operation's answer beside its writes this way.)
    pub(crate) async fn nest<T, F: Future<Output = Result<T>>>(&mut self, op: F) -> Result<T> {
        let held = Held {
            turn: RefCell::new(self.guard.take()),
            flush: self.flush.clone(),
        };
        let (result, turn) = HELD
            .scope(held, async {
                let r = op.await;
                (r, HELD.with(|h| h.turn.borrow_mut().take()))
            })
            .await;
        // The operation's writes give the turn back to the slot, committed or not.
        self.guard = Some(turn.expect("the operation gives the turn back"));
        let value = result?;
        self.state().clean(1).await?;
        Ok(value)
    }

    /// The epoch of the slow data (every table but [`MOVING_TABLES`]) as this write sees it:
    /// while two writes see the same epoch, nothing but moving tables changed between them,
    /// in this write or anywhere else (a change, a rollback, another connection's commit
    /// each move it on). Read it inside the write, after its own changes.
    pub(crate) fn epoch(&self) -> u64 {
        self.guard
            .as_ref()
            .expect("a write holds its turn")
            .epoch
            .load(Ordering::Relaxed)
    }

    /// Runs `f` on the writer's handle in this thread (see `raw`), after the deferred
    /// steps: one round trip to sqlx's thread for all of `f`'s statements.
    pub(crate) async fn sync<T>(&mut self, f: impl FnOnce(&Raw) -> Result<T>) -> Result<T> {
        self.state().sync(f).await
    }

    /// Defers `work` to the connection's next use (this write's next statements, a later
    /// write's first, or the group's commit), in this thread and in order. It belongs to
    /// this write: rolled back or dropped with it. A failure fails whatever runs it.
    pub(crate) fn defer(&mut self, work: impl FnOnce(&Raw) -> Result<()> + Send + 'static) {
        let s = self.state();
        s.defer(Step::Work(s.owner, Box::new(work)));
    }

    /// Runs the deferred savepoint steps, so that the write can be used as an sqlx
    /// connection (a write begun with [`Writer::begin_sync`] that takes a slow path).
    pub(crate) async fn ready(&mut self) -> Result<()> {
        self.state().run_pending().await
    }

    /// Commits a write that publishes nothing.
    pub async fn commit(self) -> Result<()> {
        self.commit_with(Vec::new()).await
    }

    /// Commits this write durably, then publishes `events` (in commit order with the other
    /// writes of its group). Returns once the commit is on disk.
    pub async fn commit_with(mut self, events: Vec<HallEvent>) -> Result<()> {
        let depth = self.depth;
        let s = self.state();
        s.clean(depth + 1).await?;
        s.defer(Step::Release(depth));
        if depth == 1 {
            // Nested: the enclosing write commits them (with what it adds).
            s.nested_events.extend(events);
            let guard = self.guard.take().expect("a write holds its turn");
            hand_back(guard, depth, &self.flush);
            return Ok(());
        }
        let nested = std::mem::take(&mut s.nested_events);
        s.events.extend(nested);
        s.events.extend(events);
        let (tx, rx) = oneshot::channel();
        s.waiting.push(tx);
        // The turn passes on; the flusher queues behind the writes already waiting.
        self.guard = None;
        self.flush.notify_one();
        match rx.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(msg)) => Err(Error::Storage(sqlx::Error::Protocol(msg))),
            Err(_) => Err(Error::Storage(sqlx::Error::WorkerCrashed)),
        }
    }
}

/// Returns the turn: a nested write's to the write that lent it, a write of its own to
/// the next writer (waking the flusher, which ends a group that holds no write).
fn hand_back(guard: OwnedMutexGuard<State>, depth: usize, flush: &Notify) {
    let mut guard = Some(guard);
    if depth == 1 {
        let _ = HELD.try_with(|h| *h.turn.borrow_mut() = guard.take());
    }
    if let Some(mut g) = guard {
        if depth == 1 {
            // The enclosing write is gone: it is abandoned too.
            g.abandon(0);
        }
        drop(g);
        flush.notify_one();
    }
}

impl Drop for WriteTx {
    fn drop(&mut self) {
        if let Some(mut guard) = self.guard.take() {
            // Not committed (an error, or the caller went away): its savepoint is rolled
            // back by whoever takes the turn next, before anything else runs.
            guard.abandon(self.depth);
            hand_back(guard, self.depth, &self.flush);
        }
    }
}

/// A statement run through sqlx while savepoint steps are deferred would run outside its
/// write's savepoint: a bug in the caller, stopped here rather than left to lose a write.
fn undeferred(s: &State) -> &SqliteConnection {
    assert!(
        s.pending.is_empty(),
        "a write begun with begin_sync must call ready() before using sqlx"
    );
    &s.conn
}

impl Deref for WriteTx {
    type Target = SqliteConnection;
    fn deref(&self) -> &SqliteConnection {
        undeferred(self.guard.as_ref().expect("a write holds its turn"))
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        let s = self.state();
        undeferred(s);
        &mut s.conn
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn writer(dir: &Path) -> Writer {
        let (events, _) = broadcast::channel(16);
        let w = Writer::open(&dir.join("w.sqlite3"), events, WriteHealth::new(|_| {}))
            .await
            .unwrap();
        let mut tx = w.begin().await.unwrap();
        tx.sync(|c| Ok(c.execute_batch("CREATE TABLE t (x INTEGER NOT NULL)")?))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        w
    }

    fn fails() -> impl FnOnce(&Raw) -> Result<()> + Send + 'static {
        |c| Ok(c.execute_batch("INSERT INTO t VALUES (NULL)")?)
    }

    #[test]
    fn a_failed_step_of_another_write_poisons_the_group_and_the_callers_own_does_not() {
        let raw = Raw::open_in_memory().unwrap();
        raw.execute_batch("CREATE TABLE t (x INTEGER NOT NULL)")
            .unwrap();
        for (owner, caller, poisons) in [(1, 2, true), (2, 2, false)] {
            let mut pending = vec![Step::Work(owner, Box::new(fails())), Step::Savepoint(0)];
            let mut poisoned = None;
            assert!(run_steps(&raw, &mut pending, caller, &mut poisoned).is_err());
            assert_eq!(poisoned.is_some(), poisons);
            assert!(pending[0].is_savepoint(0), "what did not run goes back");
        }
    }

    #[tokio::test]
    async fn deferred_work_commits_with_its_write_or_fails_it() {
        let dir = tempfile::tempdir().unwrap();
        let w = writer(dir.path()).await;
        let count = |w: &Writer| {
            let state = w.state.clone();
            async move {
                let mut s = state.lock().await;
                s.sync(|c| Ok(c.query_row("SELECT COUNT(*) FROM t", [], |r| r.get::<_, i64>(0))?))
                    .await
                    .unwrap()
            }
        };
        let mut ok = w.begin_sync().await.unwrap();
        ok.defer(|c| Ok(c.execute_batch("INSERT INTO t VALUES (1)")?));
        ok.commit().await.unwrap();
        assert_eq!(count(&w).await, 1);
        // Its work failing at the group's commit fails the write: nothing of it is kept,
        // and the writer goes on.
        let mut bad = w.begin_sync().await.unwrap();
        bad.sync(|c| Ok(c.execute_batch("INSERT INTO t VALUES (2)")?))
            .await
            .unwrap();
        bad.defer(fails());
        assert!(bad.commit().await.is_err());
        assert_eq!(count(&w).await, 1);
        let mut again = w.begin_sync().await.unwrap();
        again
            .sync(|c| Ok(c.execute_batch("INSERT INTO t VALUES (3)")?))
            .await
            .unwrap();
        again.commit().await.unwrap();
        assert_eq!(count(&w).await, 2);
    }
}
