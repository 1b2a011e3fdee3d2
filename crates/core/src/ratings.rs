//! 好差评: the person just served rates the service on the five levels government halls
//! use; a poor rating (不满意, 非常不满意) needs a reason from the short list or a comment.
//! One rating per finished ticket (a unique index), given at the counter that finished it.
//! Poor ratings form a follow-up list: who followed up, when, what was done.
//! The types are in `model::ratings`, the SQL in `table::ratings` and
//! `table::rating_followups`.

pub use crate::error::RatingError;
use crate::error::{Error, Result};
use crate::events::{HallEvent, RatingChange};
use crate::hall::Hall;
pub use crate::model::ratings::{FollowUp, FollowUpInput, PoorRating, Rating, RatingInput};
use crate::model::TicketStatus;
use crate::table::ratings::NewRating;
use crate::table::{counters, rating_followups, ratings, tickets};
use sqlx::SqliteConnection;

/// The levels, best first: 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意.
pub const LEVELS: [i64; 5] = [5, 4, 3, 2, 1];
/// Levels at or below this are poor and need a reason.
pub const POOR_AT_MOST: i64 = 2;
/// The short list of reasons for a poor rating (the UI translates each code).
pub const REASONS: [&str; 6] = [
    "wait_too_long",
    "attitude",
    "not_solved",
    "unclear_guidance",
    "too_many_documents",
    "other",
];
const COMMENT_MAX: usize = 200;

/// Poor ratings of the range with their follow-ups, oldest first.
pub(crate) async fn poor_in_range(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
) -> Result<Vec<PoorRating>> {
    let mut ups = rating_followups::of_ratings_between(conn, from, to).await?;
    Ok(ratings::between(conn, from, to)
        .await?
        .into_iter()
        .filter(|r| r.level <= POOR_AT_MOST)
        .map(|rating| {
            let follow_ups = ups
                .iter_mut()
                .filter(|(id, _)| *id == rating.id)
                .map(|(_, f)| f.clone())
                .collect();
            PoorRating { rating, follow_ups }
        })
        .collect())
}

fn check(input: &RatingInput) -> Result<(Vec<String>, String)> {
    crate::validate::range("level", input.level, 1, 5)?;
    let comment = crate::validate::text("comment", &input.comment, COMMENT_MAX)?;
    let mut reasons: Vec<String> = Vec::new();
    for r in &input.reasons {
        if !REASONS.contains(&r.as_str()) {
            return Err(RatingError::UnknownReason { reason: r.clone() }.into());
        }
        if !reasons.contains(r) {
            reasons.push(r.clone());
        }
    }
    if input.level <= POOR_AT_MOST && reasons.is_empty() && comment.is_empty() {
        return Err(RatingError::ReasonRequired.into());
    }
    Ok((reasons, comment))
}

impl Hall {
    /// Records the person's rating of a finished ticket, given on the rating window of
    /// the counter that finished it; refused for a second rating of the same ticket.
    pub async fn rate_ticket(&self, input: RatingInput) -> Result<Rating> {
        let (reasons, comment) = check(&input)?;
        let now = self.now_ms();
        let mut tx = self.begin_write().await?;
        let ticket = tickets::ticket(&mut tx, input.ticket_id).await?;
        if ticket.status != TicketStatus::Done {
            return Err(Error::WrongTicketState {
                number: ticket.number,
                status: ticket.status.as_str().into(),
                expected: TicketStatus::Done.as_str().into(),
            });
        }
        if ticket.counter_id != Some(input.counter_id) {
            return Err(RatingError::NotThisCounter {
                number: ticket.number,
            }
            .into());
        }
        let new = NewRating {
            ticket_id: ticket.id,
            business_day: &ticket.business_day,
            service_id: ticket.service_id,
            counter_id: ticket.counter_id,
            level: input.level,
            reasons: &reasons,
            comment: &comment,
            at: now,
        };
        let Some(id) = ratings::insert(&mut tx, new).await? else {
            return Err(RatingError::AlreadyRated {
                number: ticket.number,
            }
            .into());
        };
        let rating = rating_in(&mut tx, id).await?;
        tx.commit_with(vec![rating_event(RatingChange::Rated, &rating)])
            .await?;
        Ok(rating)
    }

    /// One rating.
    pub async fn rating(&self, id: i64) -> Result<Rating> {
        let mut conn = self.pool().acquire().await?;
        rating_in(&mut conn, id).await
    }

    /// The poor ratings of tickets issued on `from..=to` with their follow-ups.
    pub async fn poor_ratings(&self, from: &str, to: &str) -> Result<Vec<PoorRating>> {
        let (from, to) = crate::dates::check_day_range(from, to)?;
        let mut conn = self.pool().acquire().await?;
        poor_in_range(&mut conn, &from, &to).await
    }

    /// Records what a member of staff did about a poor rating (who, what; when is now).
    pub async fn follow_up_rating(&self, input: FollowUpInput) -> Result<PoorRating> {
        let staff = crate::validate::name("staff", &input.staff, 40)?;
        let action = crate::validate::name("action", &input.action, 500)?;
        let rating = self.rating(input.rating_id).await?;
        if rating.level > POOR_AT_MOST {
            return Err(Error::Invalid { field: "rating_id" });
        }
        let now = self.now_ms();
        let mut tx = self.begin_write().await?;
        let follow_up = FollowUp {
            staff,
            action,
            at: now,
        };
        rating_followups::insert(&mut tx, rating.id, &follow_up).await?;
        tx.commit_with(vec![rating_event(RatingChange::FollowedUp, &rating)])
            .await?;
        let day = rating.business_day.clone();
        let mut list = self.poor_ratings(&day, &day).await?;
        list.retain(|p| p.rating.id == input.rating_id);
        list.pop()
            .ok_or_else(|| RatingError::UnknownRating(input.rating_id).into())
    }
}

/// The event of a rating given or followed up.
fn rating_event(change: RatingChange, r: &Rating) -> HallEvent {
    HallEvent::Rating {
        change,
        rating_id: r.id,
        business_day: r.business_day.clone(),
        level: r.level,
    }
}

/// One rating, read on `conn` (inside a write, it sees that write).
async fn rating_in(conn: &mut SqliteConnection, id: i64) -> Result<Rating> {
    ratings::get(conn, id)
        .await?
        .ok_or_else(|| RatingError::UnknownRating(id).into())
}

/// How long after a finish the rating window still offers the ticket for rating.
pub const RATING_WINDOW_MINUTES: i64 = 10;

impl Hall {
    /// The ticket the rating window of a counter offers: the last one finished there in
    /// the last few minutes, if nobody rated it yet.
    pub async fn rating_prompt(&self, counter_id: i64) -> Result<Option<crate::model::Ticket>> {
        let since = self.now_ms() - RATING_WINDOW_MINUTES * 60_000;
        let mut conn = self.pool().acquire().await?;
        counters::counter(&mut conn, counter_id).await?;
        let id = tickets::last_unrated_finish(&mut conn, counter_id, since).await?;
        match id {
            Some(id) => Ok(Some(tickets::ticket(&mut conn, id).await?)),
            None => Ok(None),
        }
    }
}
