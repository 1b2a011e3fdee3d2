//! Who is asking: the device cookie, and whether a state change comes from the hall's own
//! page (its Origin).

use crate::error::ApiError;
use crate::AppState;
use axum::http::{header, HeaderMap, HeaderValue};
use frontdesk_core::devices::Device;
use frontdesk_core::DeviceError;
use std::net::SocketAddr;

/// The cookie holding a device's token.
pub(crate) const COOKIE: &str = "fd_device";
/// The cookie lives ~10 years: a paired device stays paired until the host revokes it.
const COOKIE_MAX_AGE_S: u64 = 10 * 365 * 24 * 60 * 60;

/// The token in the request's `fd_device` cookie, if any.
pub(crate) fn token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_string())
}

/// The `Set-Cookie` value that gives a device its token: not readable by scripts, never sent
/// by another site's page.
pub(crate) fn set_cookie(token: &str) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={COOKIE_MAX_AGE_S}"
    ))
    .expect("a hex token is a valid header value")
}

/// The paired device making this request; `unpaired` (401) otherwise.
pub(crate) async fn device(
    state: &AppState,
    headers: &HeaderMap,
    peer: SocketAddr,
) -> Result<Device, ApiError> {
    let token = token(headers).unwrap_or_default();
    Ok(state
        .hall
        .device_for_token(&token, &peer.ip().to_string())
        .await?)
}

/// Refuses a state change sent by a page of another origin. A browser sends `Origin` with
/// every POST; it must name the host the request came to. (A request without one is not
/// from a browser page, and SameSite=Strict keeps the cookie from other sites anyway.)
pub(crate) fn same_origin(headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return Ok(());
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin = origin.to_str().ok();
    match (origin, host) {
        (Some(o), Some(h)) if o.strip_prefix("http://") == Some(h) => Ok(()),
        _ => Err(DeviceError::BadOrigin.into()),
    }
}
