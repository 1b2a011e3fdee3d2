//! What can go wrong for a device on the hall's network: pairing, its token, what its role
//! allows, a repeated request. Written once per variant, as [`crate::Error`]'s are: message,
//! code (the variant's name in snake_case unless renamed) and parameters (the fields).
//! Parameters never hold a token, a code or an address.

use serde::Serialize;

/// A refused device request, carried by [`crate::Error::Device`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "code", content = "params", rename_all = "snake_case")]
pub enum DeviceError {
    /// No token, an unknown one, or a revoked one: the device must pair (again).
    #[error("this device is not paired with the hall")]
    Unpaired,
    /// The device's role may not call this operation, or it exists only in the host's app.
    #[error("a {role} may not call {op}")]
    Forbidden { op: String, role: String },
    /// A counter (or its rating pad) asked to act on another counter's window.
    #[error("this device belongs to counter {counter}, not counter {requested}")]
    #[serde(rename = "other_counter")]
    OtherCounter { counter: i64, requested: i64 },
    /// A state change whose Origin is not the host it was sent to (another site's page).
    #[error("request from another origin refused")]
    BadOrigin,
    /// The pairing code is wrong or was already used.
    #[error("wrong pairing code")]
    #[serde(rename = "pairing_code_wrong")]
    CodeWrong,
    /// The pairing code was right but its 5 minutes are over.
    #[error("the pairing code has expired")]
    #[serde(rename = "pairing_code_expired")]
    CodeExpired,
    /// Too many wrong codes from this address: wait before trying again.
    #[error("too many wrong codes; try again in {seconds} s")]
    TooManyAttempts { seconds: i64 },
    #[error("unknown device {0}")]
    UnknownDevice(#[serde(serialize_with = "super::id_param")] i64),
    /// No operation of that name exists.
    #[error("unknown operation {op}")]
    UnknownOperation { op: String },
    /// A retry reused an idempotency key for a different request.
    #[error("this request key was already used for {op}")]
    #[serde(rename = "idempotency_key_reused")]
    KeyReused { op: String },
    /// The request's key was answered before: `Hall::once` stops the operation with this
    /// before it changes anything, and answers with the stored answer instead. Never shown.
    #[error("this request was answered before")]
    #[serde(rename = "request_answered")]
    Answered,
}
