//! The `ui/` folder, served to browsers: the same pages and scripts the app shows. Pages
//! (`.html`) are for paired devices only; an unpaired browser is sent to `/pair.html`, and
//! `/` sends a paired one to the page of its role. Scripts, styles, texts and the shipped
//! voice clips are no secret and load for the pairing page too.

use crate::auth;
use crate::AppState;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use frontdesk_core::devices::Device;
use frontdesk_core::ops::Role;
use std::net::SocketAddr;
use std::path::PathBuf;

/// The page a device lands on.
pub(crate) const PAIR_PAGE: &str = "/pair.html";

/// The page of a device's role.
fn landing(d: &Device) -> String {
    let counter = d.counter_id.unwrap_or_default();
    match d.role {
        Role::Desk => "/index.html".into(),
        Role::Kiosk => "/kiosk.html".into(),
        Role::Counter => format!("/counter.html?counter={counter}"),
        Role::Display => "/display.html".into(),
        Role::RatingPad => format!("/rating.html?counter={counter}"),
    }
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "wav" => "audio/wav",
        "mp3" => "audio/mpeg",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// The file under `ui_dir` that `path` names; None for anything that could leave the folder
/// (`..`, hidden files, backslashes).
fn file_of(ui_dir: &std::path::Path, path: &str) -> Option<PathBuf> {
    let mut file = ui_dir.to_path_buf();
    for part in path.trim_start_matches('/').split('/') {
        if part.is_empty() || part.starts_with('.') || part.contains('\\') || part.contains(':') {
            return None;
        }
        file.push(part);
    }
    Some(file)
}

pub(crate) async fn serve(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let path = uri.path();
    let page = path == "/" || path.ends_with(".html");
    if page && path != PAIR_PAGE {
        match auth::device(&state, &headers, peer).await {
            Ok(d) if path == "/" => return Redirect::to(&landing(&d)).into_response(),
            Ok(_) => {}
            Err(_) => return Redirect::to(PAIR_PAGE).into_response(),
        }
    }
    let Some(file) = file_of(&state.opts.ui_dir, path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match tokio::fs::read(&file).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, content_type(path)),
                // The host may be updated: pages check for a newer copy each time.
                (header::CACHE_CONTROL, "no-cache"),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}
