//! `Hall`: the one entry point. It owns the pool, the clock and the event channel; every
//! operation is a method taking and returning plain serde types.

use crate::clock::Clock;
use crate::error::Result;
use crate::events::HallEvent;
use crate::settings::HallSettings;
use crate::store;
use crate::writer::{WriteTx, Writer};
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use sqlx::SqlitePool;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use tokio::sync::broadcast;

/// The hall: cheap to clone, shared by every window (and later by the LAN server).
#[derive(Clone)]
pub struct Hall {
    inner: Arc<Inner>,
}

struct Inner {
    pool: SqlitePool,
    clock: Arc<dyn Clock>,
    events: broadcast::Sender<HallEvent>,
    settings: RwLock<HallSettings>,
    db_path: PathBuf,
    writer: Writer,
}

impl Hall {
    /// Opens the hall whose data lives in `data_dir`, creating the folder, the database
    /// and the default hall on first start.
    pub async fn open(data_dir: &Path, clock: Arc<dyn Clock>) -> Result<Hall> {
        std::fs::create_dir_all(data_dir)?;
        Self::open_file(&data_dir.join(store::DB_FILE), clock).await
    }

    /// Opens the hall stored in the database file `path`.
    pub async fn open_file(path: &Path, clock: Arc<dyn Clock>) -> Result<Hall> {
        let pool = store::open_pool(path).await?;
        crate::seed::seed_if_empty(&pool).await?;
        let settings = {
            let mut conn = pool.acquire().await?;
            HallSettings::load(&mut conn).await?
        };
        // Slow screens must not hold the hall back: a lagging receiver loses old events
        // and reloads its snapshot instead.
        let (events, _) = broadcast::channel(1024);
        let writer = Writer::open(path, events.clone()).await?;
        Ok(Hall {
            inner: Arc::new(Inner {
                pool,
                clock,
                events,
                settings: RwLock::new(settings),
                db_path: path.to_path_buf(),
                writer,
            }),
        })
    }

    /// Receives every event published after this call.
    pub fn subscribe(&self) -> broadcast::Receiver<HallEvent> {
        self.inner.events.subscribe()
    }

    /// The connection pool (benchmarks and tests read the file directly).
    pub fn pool(&self) -> &SqlitePool {
        &self.inner.pool
    }

    /// The database file.
    pub fn db_path(&self) -> &Path {
        &self.inner.db_path
    }

    /// Starts a write, in turn with this process's other writers; its commit joins the
    /// open group (see [`crate::writer`]).
    pub(crate) async fn begin_write(&self) -> Result<WriteTx> {
        self.inner.writer.begin().await
    }

    /// How well writes are grouped: (commits, writes they held) since the hall opened.
    pub fn write_stats(&self) -> (u64, u64) {
        self.inner.writer.stats()
    }

    /// The current settings.
    pub fn settings(&self) -> HallSettings {
        self.inner
            .settings
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub(crate) fn replace_settings(&self, s: HallSettings) {
        *self
            .inner
            .settings
            .write()
            .unwrap_or_else(|e| e.into_inner()) = s;
    }

    /// The current instant from the injected clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.inner.clock.now()
    }

    pub(crate) fn now_ms(&self) -> i64 {
        self.now().timestamp_millis()
    }

    /// The hall's time zone as a fixed offset (China has no daylight saving).
    pub fn offset(&self) -> FixedOffset {
        let minutes = self.settings().utc_offset_minutes;
        FixedOffset::east_opt(minutes * 60)
            .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"))
    }

    /// Today's business day: the date in the hall's time zone, never the UTC date.
    pub fn business_day(&self) -> NaiveDate {
        self.now().with_timezone(&self.offset()).date_naive()
    }

    pub(crate) fn day_key(&self) -> String {
        self.business_day().format("%Y-%m-%d").to_string()
    }

    /// Publishes events that no write carries (a write hands its events to
    /// [`WriteTx::commit_with`], which publishes them in commit order).
    pub(crate) fn publish(&self, events: Vec<HallEvent>) {
        for e in events {
            // No receiver (no window open) is not an error.
            let _ = self.inner.events.send(e);
        }
    }
}
