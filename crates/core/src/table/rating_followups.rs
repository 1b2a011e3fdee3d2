//! The `rating_followups` table: what staff did about a poor rating, who and when.

use crate::error::Result;
use crate::model::ratings::FollowUp;
use sqlx::SqliteConnection;

/// Writes one follow-up of rating `rating_id` in the caller's transaction.
pub(crate) async fn insert(
    conn: &mut SqliteConnection,
    rating_id: i64,
    f: &FollowUp,
) -> Result<()> {
    sqlx::query("INSERT INTO rating_followups(rating_id, staff, action, at) VALUES (?, ?, ?, ?)")
        .bind(rating_id)
        .bind(&f.staff)
        .bind(&f.action)
        .bind(f.at)
        .execute(conn)
        .await?;
    Ok(())
}

/// Follow-ups of the ratings of the business days `from..=to`, oldest first, as
/// (rating id, follow-up).
pub(crate) async fn of_ratings_between(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
) -> Result<Vec<(i64, FollowUp)>> {
    let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT f.rating_id, f.staff, f.action, f.at FROM rating_followups f
         JOIN ratings r ON r.id = f.rating_id
         WHERE r.business_day BETWEEN ? AND ? ORDER BY f.at, f.id",
    )
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, staff, action, at)| (id, FollowUp { staff, action, at }))
        .collect())
}
