//! The routes: every operation of `OPS` behind one checked door, pairing, who-am-I, the
//! event stream, and the `ui/` folder.
//!
//! Every `/api/op/{name}` request passes, in this order: the operation exists (404); a POST
//! comes from the hall's own page (Origin, 403); the device is paired and not revoked (401);
//! the operation is not the host's only and the device's role may call it, on its own counter
//! (403); a state change carries an `Idempotency-Key` and runs once per key (see
//! `Hall::once`). Only then is the core called.

use crate::auth;
use crate::dispatch;
use crate::error::ApiError;
use crate::events;
use crate::printing;
use crate::static_files;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use frontdesk_core::ops::{self, Access};
use frontdesk_core::{DeviceError, Error};
use serde::Deserialize;
use serde_json::{json, Value};
use std::net::SocketAddr;

/// The header carrying a state change's idempotency key.
pub(crate) const IDEMPOTENCY_KEY: &str = "idempotency-key";

pub(crate) fn router(state: AppState) -> Router {
    Router::new()
        .route("/api/op/{name}", post(op))
        .route("/api/pair", post(pair))
        .route("/api/me", get(me))
        .route("/api/events", get(event_stream))
        .route("/api/host/pairing-code", post(host_pairing_code))
        .fallback(static_files::serve)
        .with_state(state)
}

async fn op(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let op = ops::find(&name).ok_or(DeviceError::UnknownOperation { op: name })?;
    auth::same_origin(&headers)?;
    let device = auth::device(&state, &headers, peer).await?;
    if op.access == Access::Host {
        return Err(DeviceError::Forbidden {
            op: op.name.into(),
            role: device.role.as_str().into(),
        }
        .into());
    }
    let args: Value = if body.iter().all(u8::is_ascii_whitespace) {
        json!({})
    } else {
        serde_json::from_slice(&body).map_err(|_| Error::Invalid { field: "arguments" })?
    };
    ops::allows(op, &device.role(), &args)?;
    if op.name == "voice_clip" {
        let bytes = dispatch::voice_clip(&state.hall, &args).await?;
        return Ok(([(header::CONTENT_TYPE, "audio/wav")], bytes).into_response());
    }
    let test_mode = state.opts.test_mode;
    let by = device.audit_name();
    let answer = if op.writes {
        let key = headers
            .get(IDEMPOTENCY_KEY)
            .and_then(|k| k.to_str().ok())
            .ok_or(Error::Empty {
                field: "idempotency_key",
            })?;
        // `once` runs the operation only for a key it has not seen; a retry gets the first
        // answer back, and its number must not print twice.
        let run = dispatch::run(&state.hall, test_mode, &by, op.name, &args);
        let answer = state.hall.once(device.id, key, op.name, run).await?;
        if answer.fresh {
            printing::after_issue(&state.hall, &device, op.name, &answer.value);
        }
        answer.value
    } else {
        dispatch::run(&state.hall, test_mode, &by, op.name, &args).await?
    };
    Ok(Json(answer).into_response())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CodeRequest {
    role: frontdesk_core::ops::Role,
    counter_id: Option<i64>,
}

/// A pairing code for the headless server's console: only from the box itself (127.0.0.1 or
/// ::1), only when the console is on, never with a browser's Origin.
async fn host_pairing_code(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let forbidden = || DeviceError::Forbidden {
        op: "create_pairing_code".into(),
        role: "network".into(),
    };
    if !state.opts.host_console || !peer.ip().is_loopback() || headers.contains_key(header::ORIGIN)
    {
        return Err(forbidden().into());
    }
    let req: CodeRequest =
        serde_json::from_slice(&body).map_err(|_| Error::Invalid { field: "arguments" })?;
    let code = state
        .hall
        .create_pairing_code_at_console(req.role, req.counter_id)
        .await?;
    Ok(Json(serde_json::to_value(code).map_err(|e| {
        Error::Storage(sqlx::Error::Decode(Box::new(e)))
    })?))
}

#[derive(Deserialize)]
struct PairRequest {
    code: String,
    name: String,
}

/// A device types the code shown at the host and a name: it is paired, and gets its token.
async fn pair(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    auth::same_origin(&headers)?;
    let req: PairRequest =
        serde_json::from_slice(&body).map_err(|_| Error::Invalid { field: "arguments" })?;
    let paired = state
        .hall
        .pair(&req.code, &req.name, &peer.ip().to_string())
        .await?;
    Ok((
        StatusCode::OK,
        [(header::SET_COOKIE, auth::set_cookie(&paired.token))],
        Json(json!({ "device": me_of(&paired.device) })),
    )
        .into_response())
}

fn me_of(d: &frontdesk_core::devices::Device) -> Value {
    json!({ "id": d.id, "name": d.name, "role": d.role, "counter_id": d.counter_id })
}

/// Who this device is: `{id, name, role, counter_id}`.
async fn me(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let device = auth::device(&state, &headers, peer).await?;
    Ok(Json(me_of(&device)))
}

async fn event_stream(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let device = auth::device(&state, &headers, peer).await?;
    let last_seen = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let token = auth::token(&headers).unwrap_or_default();
    Ok(events::stream(state, device.id, token, peer.ip().to_string(), last_seen).into_response())
}
