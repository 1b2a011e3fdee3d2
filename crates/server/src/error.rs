//! A refusal as HTTP: the body is exactly what a Tauri command's error serialises to
//! (`{code, message, params}`), the status says what kind of refusal it is.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use frontdesk_core::{DeviceError, Error};

/// The core's error, answered over HTTP.
pub(crate) struct ApiError(pub Error);

impl<E: Into<Error>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

/// The status of a refusal: who is asking (401, 403, 429), what was asked (404), a failure
/// of the host (500), or the hall's rules saying no (422).
fn status(e: &Error) -> StatusCode {
    match e {
        Error::Device(DeviceError::Unpaired) => StatusCode::UNAUTHORIZED,
        Error::Device(
            DeviceError::Forbidden { .. }
            | DeviceError::OtherCounter { .. }
            | DeviceError::BadOrigin,
        ) => StatusCode::FORBIDDEN,
        Error::Device(DeviceError::TooManyAttempts { .. }) => StatusCode::TOO_MANY_REQUESTS,
        Error::Device(DeviceError::UnknownOperation { .. }) => StatusCode::NOT_FOUND,
        Error::Storage(_) | Error::Migration(_) | Error::Io(_) => StatusCode::INTERNAL_SERVER_ERROR,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if status(&self.0).is_server_error() {
            // The cause is for the host's log, by code; it names no person.
            eprintln!("frontdesk-server: {} ({})", self.0.code(), self.0);
        }
        (status(&self.0), Json(&self.0)).into_response()
    }
}
