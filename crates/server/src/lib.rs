//! frontdesk-server: the hall on its network. Counters, the wall TV, a second desk and kiosks
//! join the host from a browser; every operation a screen calls is one HTTP route over the
//! same [`Hall`] as the desktop app, with the same `{code, params}` errors.
//!
//! - `POST /api/op/{name}`: the operations of [`frontdesk_core::ops::OPS`] (see `routes.rs`);
//! - `POST /api/pair`, `GET /api/me`: pairing with a one-time code, and who this device is;
//! - `GET /api/events`: committed hall events as server-sent events (see `events.rs`);
//! - everything else: the `ui/` folder, pages only for paired devices (`static_files.rs`).
//!
//! The desktop app starts it in host mode ([`Server::start`]); `frontdesk-server --data-dir
//! DIR` runs it without a window. No rules live here: the core decides, this crate checks who
//! is asking and carries the answer.

mod auth;
mod dispatch;
mod error;
mod events;
mod printing;
mod routes;
mod static_files;

use axum::Router;
use frontdesk_core::{Error, Hall};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use events::HEARTBEAT_EVERY;

/// The port a fresh install serves on (one definition: the host's settings default).
pub use frontdesk_core::host_mode::DEFAULT_PORT;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Where it listens (port 0: any free port, see [`RunningServer::local_addr`]).
    pub addr: SocketAddr,
    /// The `ui/` folder served to browsers.
    pub ui_dir: PathBuf,
    /// The app's test mode (answered by `app_info`, as the app does).
    pub test_mode: bool,
    /// Whether the host's console (`POST /api/host/pairing-code` from 127.0.0.1 only) is on:
    /// the headless server has no window to show pairing codes in, so a command on the same
    /// box asks for them. The desktop app leaves it off (its settings page makes codes).
    pub host_console: bool,
}

/// What every request handler shares.
#[derive(Clone)]
pub(crate) struct AppState {
    pub hall: Hall,
    pub hub: Arc<events::EventHub>,
    pub opts: Arc<ServeOptions>,
    /// Turns true when the server stops: open event streams end.
    pub stopping: watch::Receiver<bool>,
}

/// The hall's server.
pub struct Server;

impl Server {
    /// Starts serving `hall` on `opts.addr`; returns once it listens.
    pub async fn start(hall: Hall, opts: ServeOptions) -> Result<RunningServer, Error> {
        let listener = tokio::net::TcpListener::bind(opts.addr).await?;
        let local = listener.local_addr()?;
        let (stop_tx, stopping) = watch::channel(false);
        let hub = events::EventHub::start(&hall, stopping.clone());
        let state = AppState {
            hall,
            hub,
            opts: Arc::new(opts),
            stopping: stopping.clone(),
        };
        let app: Router = routes::router(state);
        let until = stopping;
        let task = tokio::spawn(async move {
            let served = axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .with_graceful_shutdown(events::stopped(until))
            .await;
            if let Err(e) = served {
                eprintln!("frontdesk-server: {e}");
            }
        });
        Ok(RunningServer {
            addr: local,
            stop: stop_tx,
            task,
        })
    }
}

/// A server that is listening.
pub struct RunningServer {
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl RunningServer {
    /// The address it listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting, ends the open event streams, waits for requests in flight.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}
