//! The `booking_ban_lifts` table: staff lifted a person's no-show ban (the person named only
//! by the keyed ID-number hash, as in `bookings.id_hash`).

use crate::error::Result;
use sqlx::SqliteConnection;

/// Records a lift of the ban of the person with ID hash `id_hash` at `now`.
pub(crate) async fn insert(conn: &mut SqliteConnection, id_hash: &str, now: i64) -> Result<()> {
    sqlx::query("INSERT INTO booking_ban_lifts(id_hash, lifted_at) VALUES (?, ?)")
        .bind(id_hash)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

/// Removes the lifts made before `before` (ms): past the purge, they name a person too.
pub(crate) async fn delete_before(conn: &mut SqliteConnection, before: i64) -> Result<()> {
    sqlx::query("DELETE FROM booking_ban_lifts WHERE lifted_at < ?")
        .bind(before)
        .execute(conn)
        .await?;
    Ok(())
}

/// Gives the lifts recorded under hash `old` the hash `new` (the hash's key changed).
pub(crate) async fn rehash(conn: &mut SqliteConnection, old: &str, new: &str) -> Result<()> {
    sqlx::query("UPDATE booking_ban_lifts SET id_hash = ? WHERE id_hash = ?")
        .bind(new)
        .bind(old)
        .execute(conn)
        .await?;
    Ok(())
}

/// Removes the lifts whose hash no booking carries (after a rehash: persons whose bookings
/// were all purged, for whom a lift no longer changes anything).
pub(crate) async fn delete_unmatched(conn: &mut SqliteConnection) -> Result<()> {
    sqlx::query(
        "DELETE FROM booking_ban_lifts
         WHERE id_hash NOT IN (SELECT id_hash FROM bookings WHERE id_hash IS NOT NULL)",
    )
    .execute(conn)
    .await?;
    Ok(())
}
