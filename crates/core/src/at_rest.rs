//! Personal data at rest: which key opens this hall's bookings, and the sealing of the rows
//! an older version wrote in plain text (the Rust half of migration 0012, which SQL cannot do
//! without the key). See `personal_key` for the key itself and where it is kept.

use crate::error::{Error, Result};
use crate::key_store::{self, KeyHome, KeyPlace};
use crate::personal_key::{Lookup, PersonalKey};
use crate::store;
use crate::table::bookings::{self, Sealed};
use crate::table::{ban_lifts, settings};
use sqlx::SqlitePool;
use std::path::Path;

/// The settings row holding the key's check value (never the key).
pub(crate) const KEY_CHECK: &str = "personal_key_check";
/// The salt of the unkeyed ID hashes before 0012; removed once every row is sealed.
const OLD_SALT: &str = "booking_id_salt";

/// The key of the database in `pool`, kept where `place` says for the data folder `data_dir`
/// (`key_store`): the one whose check value the database keeps. A database without one (new,
/// or written before 0012) takes the key found there, or a new one. A database that has one
/// refuses a missing or another key: bookings sealed with a lost key cannot be read, and must
/// not be mixed with new ones. Returns the key, where it is kept, and whether the database
/// had no check value yet (an upgrade or a new file).
pub(crate) async fn unlock(
    pool: &SqlitePool,
    data_dir: &Path,
    place: &KeyPlace,
) -> Result<(PersonalKey, KeyHome, bool)> {
    let mut conn = pool.acquire().await?;
    let check = settings::get(&mut conn, KEY_CHECK).await?;
    // Files and the key store's D-Bus calls block: off the async threads.
    let (place, dir, known) = (place.clone(), data_dir.to_path_buf(), check.clone());
    let (key, home) =
        tokio::task::spawn_blocking(move || key_store::find_key(&place, &dir, known.as_deref()))
            .await
            .map_err(|e| Error::Io(std::io::Error::other(e.to_string())))??;
    if check.is_some() {
        return Ok((key, home, false));
    }
    settings::put(&mut conn, KEY_CHECK, key.check_value()).await?;
    Ok((key, home, true))
}

/// Whether the database in `pool` was sealed with another key than `key` (a backup of
/// another hall): such a file must not replace this hall's.
pub(crate) async fn sealed_with_other_key(pool: &SqlitePool, key: &PersonalKey) -> Result<bool> {
    let mut conn = pool.acquire().await?;
    let check = settings::get(&mut conn, KEY_CHECK).await.unwrap_or(None);
    Ok(check.is_some_and(|c| c != key.check_value()))
}

/// Seals every booking still in plain text, remakes its ID hash with the key (and the ban
/// lifts that pointed at the old hash), in one transaction; then, if anything was sealed,
/// erases the plain text from the file's free pages and its WAL. Returns how many rows.
pub(crate) async fn seal_plain_rows(pool: &SqlitePool, key: &PersonalKey) -> Result<usize> {
    // At open, before the hall's writer exists: a plain transaction on the pool.
    let mut tx = pool.begin().await?;
    let rows = bookings::plain_rows(&mut tx).await?;
    for r in &rows {
        let (name, mobile, id_number) = (
            key.seal(&r.name)?,
            key.seal(&r.mobile)?,
            key.seal(&r.id_number)?,
        );
        let note = r.note.as_deref().map(|n| key.seal(n)).transpose()?;
        let id_hash = key.lookup(Lookup::IdNumber, &r.id_number);
        let sealed = Sealed {
            name: &name,
            mobile: &mobile,
            id_number: &id_number,
            note: note.as_deref(),
            id_hash: &id_hash,
            mobile_hash: &key.lookup(Lookup::Mobile, &r.mobile),
        };
        bookings::seal(&mut tx, r.id, sealed).await?;
        ban_lifts::rehash(&mut tx, &r.id_hash, &id_hash).await?;
    }
    if settings::get(&mut tx, OLD_SALT).await?.is_some() {
        // A lift under an old hash that no booking carries can no longer be remade.
        ban_lifts::delete_unmatched(&mut tx).await?;
        settings::delete(&mut tx, OLD_SALT).await?;
    }
    tx.commit().await?;
    if !rows.is_empty() {
        store::erase_free_space(&mut *pool.acquire().await?).await?;
        tracing::warn!("sealed the personal data of {} bookings", rows.len());
    }
    Ok(rows.len())
}

/// Seals the backups in `dir` written before their bookings were sealed (the first start
/// after the upgrade): each is migrated, sealed with `key` and rewritten without free pages.
/// A backup that cannot be opened is left as it is and logged.
pub(crate) async fn seal_backups(dir: &Path, key: &PersonalKey) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "sqlite3") {
            continue;
        }
        let sealed = async {
            let pool = store::open_pool(&path).await?;
            let mut conn = pool.acquire().await?;
            if settings::get(&mut conn, KEY_CHECK).await?.is_none() {
                settings::put(&mut conn, KEY_CHECK, key.check_value()).await?;
            }
            drop(conn);
            let n = seal_plain_rows(&pool, key).await;
            pool.close().await;
            n
        }
        .await;
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        match sealed {
            Ok(n) if n > 0 => tracing::warn!("sealed {n} bookings in backup {name}"),
            Ok(_) => {}
            Err(e) => tracing::error!("backup {name} could not be sealed: {e}"),
        }
    }
    Ok(())
}
