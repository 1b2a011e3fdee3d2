//! The `ratings` table: one rating per finished ticket (a unique index), with the ticket's
//! number joined in for every read.

use crate::error::Result;
use crate::model::ratings::Rating;
use sqlx::SqliteConnection;

#[derive(sqlx::FromRow)]
struct RatingRow {
    id: i64,
    ticket_id: i64,
    number: String,
    business_day: String,
    service_id: i64,
    counter_id: Option<i64>,
    level: i64,
    reasons: String,
    comment: String,
    at: i64,
}

impl From<RatingRow> for Rating {
    fn from(r: RatingRow) -> Self {
        Rating {
            id: r.id,
            ticket_id: r.ticket_id,
            number: r.number,
            business_day: r.business_day,
            service_id: r.service_id,
            counter_id: r.counter_id,
            level: r.level,
            reasons: serde_json::from_str(&r.reasons).unwrap_or_default(),
            comment: r.comment,
            at: r.at,
        }
    }
}

const SELECT: &str = "SELECT r.id, r.ticket_id, t.number, r.business_day, r.service_id,
    r.counter_id, r.level, r.reasons, r.comment, r.at
    FROM ratings r JOIN tickets t ON t.id = r.ticket_id";

/// A rating about to be written: what the rating rule checked and decided.
pub(crate) struct NewRating<'a> {
    pub ticket_id: i64,
    pub business_day: &'a str,
    pub service_id: i64,
    pub counter_id: Option<i64>,
    pub level: i64,
    pub reasons: &'a [String],
    pub comment: &'a str,
    pub at: i64,
}

/// Writes a rating in the caller's transaction; returns its id, or `None` when the ticket
/// was rated already.
pub(crate) async fn insert(conn: &mut SqliteConnection, r: NewRating<'_>) -> Result<Option<i64>> {
    let inserted = sqlx::query(
        "INSERT INTO ratings(ticket_id, business_day, service_id, counter_id, level, reasons,
                             comment, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(ticket_id) DO NOTHING",
    )
    .bind(r.ticket_id)
    .bind(r.business_day)
    .bind(r.service_id)
    .bind(r.counter_id)
    .bind(r.level)
    .bind(serde_json::to_string(r.reasons).unwrap_or_else(|_| "[]".into()))
    .bind(r.comment)
    .bind(r.at)
    .execute(conn)
    .await?;
    Ok((inserted.rows_affected() > 0).then(|| inserted.last_insert_rowid()))
}

/// One rating, if it exists.
pub(crate) async fn get(conn: &mut SqliteConnection, id: i64) -> Result<Option<Rating>> {
    let row: Option<RatingRow> = sqlx::query_as(&format!("{SELECT} WHERE r.id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(Rating::from))
}

/// Ratings of tickets issued on the business days `from..=to`, oldest first.
pub(crate) async fn between(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
) -> Result<Vec<Rating>> {
    let rows: Vec<RatingRow> = sqlx::query_as(&format!(
        "{SELECT} WHERE r.business_day BETWEEN ? AND ? ORDER BY r.at, r.id"
    ))
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(Rating::from).collect())
}
