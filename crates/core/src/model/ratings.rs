//! The plain types of 好差评 that cross the `Hall` API: a rating, its follow-ups, and what
//! the rating window and the follow-up form send.

use serde::{Deserialize, Serialize};

/// A rating as the rating window sends it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RatingInput {
    /// The counter whose rating window this is.
    pub counter_id: i64,
    pub ticket_id: i64,
    /// 1 (非常不满意) to 5 (非常满意).
    pub level: i64,
    #[serde(default)]
    pub reasons: Vec<String>,
    #[serde(default)]
    pub comment: String,
}

/// A stored rating.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rating {
    pub id: i64,
    pub ticket_id: i64,
    pub number: String,
    pub business_day: String,
    pub service_id: i64,
    pub counter_id: Option<i64>,
    pub level: i64,
    pub reasons: Vec<String>,
    pub comment: String,
    /// Milliseconds since the Unix epoch.
    pub at: i64,
}

/// What a member of staff did about a poor rating.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub staff: String,
    pub action: String,
    pub at: i64,
}

/// A follow-up as staff enter it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FollowUpInput {
    pub rating_id: i64,
    pub staff: String,
    pub action: String,
}

/// A poor rating with its follow-ups, for the follow-up list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PoorRating {
    pub rating: Rating,
    pub follow_ups: Vec<FollowUp>,
}
