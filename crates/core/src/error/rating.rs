//! What can go wrong with a 好差评 rating or its follow-up. Written once per variant, as
//! [`crate::Error`]'s are: message, code (the variant's name in snake_case unless renamed)
//! and parameters (the fields). Parameters are ticket numbers and ids only.

use serde::Serialize;

/// A refused rating operation, carried by [`crate::Error::Rating`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "code", content = "params", rename_all = "snake_case")]
pub enum RatingError {
    #[error("ticket {number} was already rated")]
    AlreadyRated { number: String },
    #[error("a poor rating needs a reason")]
    #[serde(rename = "rating_reason_required")]
    ReasonRequired,
    #[error("unknown reason {reason}")]
    #[serde(rename = "unknown_rating_reason")]
    UnknownReason { reason: String },
    #[error("unknown rating {0}")]
    UnknownRating(#[serde(serialize_with = "super::id_param")] i64),
    #[error("ticket {number} was finished at another counter")]
    #[serde(rename = "rating_not_this_counter")]
    NotThisCounter { number: String },
}
