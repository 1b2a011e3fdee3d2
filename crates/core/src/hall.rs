//! `Hall`: the one entry point. It owns the pool, the clock and the event channel; every
//! operation is a method taking and returning plain serde types.

use crate::clock::Clock;
use crate::error::Result;
use crate::events::HallEvent;
use crate::folder_lock::FolderLock;
use crate::key_store::{KeyHome, KeyPlace};
use crate::personal_key::PersonalKey;
use crate::settings::HallSettings;
use crate::staff_sessions::Sessions;
use crate::store;
use crate::write_health::WriteHealth;
use crate::writer::{WriteTx, Writer};
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use sqlx::SqlitePool;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use tokio::sync::broadcast;

/// How long `open` waits for a folder another process holds: a restart (after a restore)
/// starts the new process just before the old one has exited.
const FOLDER_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

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
    /// Open staff sessions (administrator PIN), in memory only.
    staff: Sessions,
    /// Seals and opens the bookings' personal fields, makes their lookup hashes.
    key: PersonalKey,
    /// Where the key is kept (the OS key store, or the key file).
    key_home: KeyHome,
    /// Held while the hall is open (see `folder_lock`); None for `open_file`.
    _folder: Option<FolderLock>,
    /// The timetable and services the last write read, kept while the slow data's epoch
    /// holds.
    timetable: std::sync::Mutex<Option<KeptTimetable>>,
}

/// A timetable and the services read inside a write, with what they were read for.
#[derive(Clone)]
pub(crate) struct KeptTimetable {
    pub epoch: u64,
    pub date: NaiveDate,
    pub utc_offset_minutes: i32,
    pub timetable: Arc<crate::schedule::Timetable>,
    pub services: Arc<Vec<crate::model::Service>>,
}

impl Hall {
    /// Opens the hall whose data lives in `data_dir`, creating the folder, the database
    /// and the default hall on first start. The folder is this process's until the last
    /// clone of the hall is dropped: a second open is refused with `DataFolderInUse`.
    /// The personal-data key is kept in the OS key store when it answers, else in the folder
    /// beside the data folder (`key_store`, [`KeyPlace::system`]).
    pub async fn open(data_dir: &Path, clock: Arc<dyn Clock>) -> Result<Hall> {
        Self::open_with(data_dir, clock, KeyPlace::system()).await
    }

    /// [`Hall::open`], with the key kept where `keys` says (the tests keep it in the file, or
    /// in a store of their own).
    pub async fn open_with(data_dir: &Path, clock: Arc<dyn Clock>, keys: KeyPlace) -> Result<Hall> {
        std::fs::create_dir_all(data_dir)?;
        let lock = FolderLock::acquire_within(data_dir, FOLDER_WAIT).await?;
        // A backup chosen for restore replaces the file before anything opens it.
        crate::backup_files::apply_pending_restore(data_dir, clock.now()).await?;
        Self::open_locked(&data_dir.join(store::DB_FILE), clock, Some(lock), &keys).await
    }

    /// Opens the hall stored in the database file `path`, without the folder's lock: for
    /// tests that put two halls on one file (two PCs on a shared folder) and tools. The key
    /// is the one of the file's folder, kept where `keys` says, as for [`Hall::open_with`].
    pub async fn open_file(path: &Path, clock: Arc<dyn Clock>, keys: KeyPlace) -> Result<Hall> {
        Self::open_locked(path, clock, None, &keys).await
    }

    async fn open_locked(
        path: &Path,
        clock: Arc<dyn Clock>,
        folder: Option<FolderLock>,
        keys: &KeyPlace,
    ) -> Result<Hall> {
        let data_dir = path.parent().unwrap_or(Path::new("."));
        let pool = store::open_pool(path).await?;
        crate::seed::seed_if_empty(&pool).await?;
        let (key, key_home, first_sealing) = crate::at_rest::unlock(&pool, data_dir, keys).await?;
        crate::at_rest::seal_plain_rows(&pool, &key).await?;
        if first_sealing {
            // Backups made before the upgrade hold the plain text too.
            let backups = data_dir.join(crate::backup_files::BACKUP_DIR);
            crate::at_rest::seal_backups(&backups, &key).await?;
        }
        let settings = {
            let mut conn = pool.acquire().await?;
            HallSettings::load(&mut conn).await?
        };
        // Slow screens must not hold the hall back: a lagging receiver loses old events
        // and reloads its snapshot instead.
        let (events, _) = broadcast::channel(1024);
        let to_screens = events.clone();
        let health = WriteHealth::new(move |writable| {
            if writable {
                tracing::warn!("writes work again");
            } else {
                tracing::error!("writes are failing: nothing is saved until they work again");
            }
            let _ = to_screens.send(HallEvent::Storage { writable });
        });
        let writer = Writer::open(path, events.clone(), health).await?;
        Ok(Hall {
            inner: Arc::new(Inner {
                pool,
                clock,
                events,
                settings: RwLock::new(settings),
                db_path: path.to_path_buf(),
                writer,
                staff: Sessions::default(),
                key,
                key_home,
                _folder: folder,
                timetable: std::sync::Mutex::new(None),
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

    /// Starts a write whose statements run in this thread (`WriteTx::sync`): the hot path.
    pub(crate) async fn begin_sync_write(&self) -> Result<WriteTx> {
        self.inner.writer.begin_sync().await
    }

    /// The slot of the timetable kept between writes (`schedule::api`).
    pub(crate) fn kept_timetable(&self) -> &std::sync::Mutex<Option<KeptTimetable>> {
        &self.inner.timetable
    }

    /// How well writes are grouped: (commits, writes they held) since the hall opened.
    pub fn write_stats(&self) -> (u64, u64) {
        self.inner.writer.stats()
    }

    /// Erases what deleted rows left in the file and its WAL (`store::erase_free_space`),
    /// holding the writer's turn with no group open.
    pub(crate) async fn erase_free_space(&self) -> Result<()> {
        self.inner.writer.erase_free_space().await
    }

    /// True while writes fail (the last write could not start or commit): every screen
    /// says so until a write works again (`HallEvent::Storage`).
    pub fn writes_failing(&self) -> bool {
        self.inner.writer.failing()
    }

    /// The personal-data key.
    pub(crate) fn personal_key(&self) -> &PersonalKey {
        &self.inner.key
    }

    /// Where the personal-data key is kept: 设置 shows it, a hall backs it up from there.
    pub fn key_home(&self) -> &KeyHome {
        &self.inner.key_home
    }

    /// Writes the personal-data key to `path` in the key file's format (owner-only, never over
    /// a file that exists): `frontdesk --export-key FILE`, for the hall's backups when the key
    /// is in the OS key store. Put back as `<data folder>-key/personal-data.key` on a new PC,
    /// the next start moves it into that PC's store.
    pub fn export_personal_key(&self, path: &Path) -> Result<()> {
        self.inner.key.write_to(path)?;
        tracing::warn!("the personal-data key was exported to {}", path.display());
        Ok(())
    }

    /// The open staff sessions.
    pub(crate) fn sessions(&self) -> &Sessions {
        &self.inner.staff
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

    /// Writes a checked group of settings as one JSON row (see `settings::load_json`), then
    /// tells every screen.
    /// `audited`: (who, which settings) for the audit list, written in the same transaction.
    pub(crate) async fn store_json<T: serde::Serialize>(
        &self,
        key: &str,
        value: &T,
        audited: Option<(&str, &str)>,
    ) -> Result<()> {
        let json = serde_json::to_string(value)
            .map_err(|_| crate::error::Error::Invalid { field: "settings" })?;
        let mut tx = self.begin_write().await?;
        crate::table::settings::put(&mut tx, key, &json).await?;
        if let Some((who, area)) = audited {
            self.settings_changed(&mut tx, who, area).await?;
        }
        tx.commit_with(vec![HallEvent::Config]).await?;
        Ok(())
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
