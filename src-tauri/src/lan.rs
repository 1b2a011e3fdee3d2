//! Host mode in the desktop app: the hall's LAN server (crates/server) runs inside the app
//! while 设置 → 网络 says so, and starts with the app when it was left on. Counter PCs, the
//! wall TV and other desks then open this PC's address in a browser and pair.

use crate::error::ShellError;
use frontdesk_core::devices::{Device, PairingCode};
use frontdesk_core::host_mode::HostSettings;
use frontdesk_core::ops::Role;
use frontdesk_core::{Error, Hall, StaffToken};
use frontdesk_server::{RunningServer, ServeOptions, Server};
use serde::Serialize;
use serde_json::Value;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Manager, Runtime, State};
use tokio::sync::Mutex;

/// The embedded server and why it is not running when it should be.
pub struct Lan {
    hall: Hall,
    /// The screens the browsers load: the app's own ui folder, written out on each start.
    ui_dir: PathBuf,
    /// The app's test mode, which the browsers' pages show as the app's windows do.
    test_mode: bool,
    state: Mutex<Serving>,
}

#[derive(Default)]
struct Serving {
    server: Option<RunningServer>,
    /// The refusal of the last start (`{code, params, message}`), shown in 设置 → 网络.
    failure: Option<Value>,
}

/// What 设置 → 网络 shows.
#[derive(Serialize)]
pub struct HostStatus {
    pub settings: HostSettings,
    pub running: bool,
    pub error: Option<Value>,
    /// `http://ADDRESS:PORT/` for each LAN address of this PC (private ones first).
    pub addresses: Vec<String>,
    /// Where a new device pairs, on the first address, and the same as a QR code (SVG).
    pub pairing_url: Option<String>,
    pub qr_svg: Option<String>,
}

impl Lan {
    pub fn new(hall: Hall, ui_dir: PathBuf, test_mode: bool) -> Self {
        Lan {
            hall,
            ui_dir,
            test_mode,
            state: Mutex::new(Serving::default()),
        }
    }

    /// Serves (or stops serving) as `s` says; a running server is stopped first, so a new
    /// port takes effect at once.
    pub async fn apply(&self, s: &HostSettings) {
        let mut state = self.state.lock().await;
        if let Some(running) = state.server.take() {
            running.stop().await;
        }
        state.failure = None;
        if !s.enabled {
            return;
        }
        let opts = ServeOptions {
            addr: SocketAddr::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), s.port),
            ui_dir: self.ui_dir.clone(),
            test_mode: self.test_mode,
            // The app's 设置 → 网络 makes pairing codes; no console needed.
            host_console: false,
        };
        match Server::start(self.hall.clone(), opts).await {
            Ok(running) => state.server = Some(running),
            Err(e) => {
                let err = ShellError::HostFailed {
                    port: s.port,
                    cause: e.to_string(),
                };
                tracing::error!("host mode: {err}");
                state.failure = serde_json::to_value(&err).ok();
            }
        }
    }

    /// The settings, whether the server runs, and where devices find it.
    pub async fn status(&self) -> Result<HostStatus, ShellError> {
        let settings = self.hall.host_settings().await?;
        let state = self.state.lock().await;
        let port = state.server.as_ref().map(|r| r.local_addr().port());
        let addresses: Vec<String> = port
            .map(|p| {
                lan_addresses()
                    .into_iter()
                    .map(|ip| format!("http://{ip}:{p}/"))
                    .collect()
            })
            .unwrap_or_default();
        let pairing_url = addresses.first().map(|a| format!("{a}pair.html"));
        let qr_svg = pairing_url.as_deref().and_then(qr_svg);
        Ok(HostStatus {
            settings,
            running: state.server.is_some(),
            error: state.failure.clone(),
            addresses,
            pairing_url,
            qr_svg,
        })
    }
}

/// Starts host mode with the app when it was left on. The app's screens are written out for
/// the browsers first (they are embedded in the app binary).
pub fn start<R: Runtime>(app: &AppHandle<R>, hall: Hall, data_dir: &Path, test_mode: bool) {
    let exported = data_dir.join("lan-ui");
    let ui_dir = match export_ui(app, &exported) {
        Ok(n) if n > 0 => exported,
        // A build that reads its screens from the source tree embeds none: serve that tree.
        Ok(_) => Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui"),
        Err(e) => {
            eprintln!("frontdesk: cannot write the screens for host mode: {e}");
            exported
        }
    };
    let lan = Lan::new(hall.clone(), ui_dir, test_mode);
    app.manage(lan);
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        match hall.host_settings().await {
            Ok(s) if s.enabled => app.state::<Lan>().apply(&s).await,
            Ok(_) => {}
            Err(e) => eprintln!("frontdesk: cannot read host mode: {e}"),
        }
    });
}

/// Writes the screens embedded in the app into `dir` (replacing what an older version left);
/// answers how many files.
fn export_ui<R: Runtime>(app: &AppHandle<R>, dir: &Path) -> std::io::Result<usize> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    let resolver = app.asset_resolver();
    let names: Vec<String> = resolver.iter().map(|(name, _)| name.to_string()).collect();
    let mut written = 0;
    for name in names {
        let rel = name.trim_start_matches('/');
        // Only plain relative paths: an asset name never climbs out of the folder.
        if rel.is_empty() || rel.split('/').any(|p| p == ".." || p.is_empty()) {
            continue;
        }
        let Some(asset) = resolver.get(name.clone()) else {
            continue;
        };
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, asset.bytes())?;
        written += 1;
    }
    Ok(written)
}

/// This PC's IPv4 addresses a device on the LAN can reach: not loopback, not link-local;
/// private ranges (192.168.x, 10.x, 172.16–31.x) first.
fn lan_addresses() -> Vec<Ipv4Addr> {
    let mut ips: Vec<Ipv4Addr> = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|i| match i.ip() {
            IpAddr::V4(ip) if !ip.is_loopback() && !ip.is_link_local() => Some(ip),
            _ => None,
        })
        .collect();
    ips.sort_by_key(|ip| (!ip.is_private(), *ip));
    ips.dedup();
    ips
}

/// The QR code of `url` as an SVG document.
fn qr_svg(url: &str) -> Option<String> {
    let code = qrcode::QrCode::new(url.as_bytes()).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build(),
    )
}

/// 设置 → 网络: host mode, its port, the addresses and the pairing QR code.
#[tauri::command]
pub async fn host_status(lan: State<'_, Lan>) -> Result<HostStatus, ShellError> {
    lan.status().await
}

/// Saves host mode and its port, then starts, restarts or stops the server to match.
#[tauri::command]
pub async fn save_host_settings(
    hall: State<'_, Hall>,
    lan: State<'_, Lan>,
    staff: StaffToken,
    settings: HostSettings,
) -> Result<HostStatus, ShellError> {
    let saved = hall.save_host_settings(&staff, settings).await?;
    lan.apply(&saved).await;
    lan.status().await
}

/// A one-time code that pairs a device as `role` (a counter or rating pad at `counter_id`).
#[tauri::command]
pub async fn create_pairing_code(
    hall: State<'_, Hall>,
    staff: StaffToken,
    role: Role,
    counter_id: Option<i64>,
) -> Result<PairingCode, Error> {
    hall.create_pairing_code(&staff, role, counter_id).await
}

/// The paired devices: role, window, address and last visit.
#[tauri::command]
pub async fn devices(hall: State<'_, Hall>) -> Result<Vec<Device>, Error> {
    hall.devices().await
}

#[tauri::command]
pub async fn rename_device(
    hall: State<'_, Hall>,
    staff: StaffToken,
    id: i64,
    name: String,
) -> Result<Device, Error> {
    hall.rename_device(&staff, id, &name).await
}

/// Cuts a device off at once: its next request is refused, its event stream closes.
#[tauri::command]
pub async fn revoke_device(
    hall: State<'_, Hall>,
    staff: StaffToken,
    id: i64,
) -> Result<Device, Error> {
    hall.revoke_device(&staff, id).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pairing_qr_code_is_an_svg_of_the_url() {
        let svg = qr_svg("http://192.168.1.20:8426/pair.html").unwrap();
        assert!(svg.contains("<svg"), "{}", &svg[..80.min(svg.len())]);
        assert!(svg.contains("<path") || svg.contains("<rect"));
    }

    #[test]
    fn addresses_are_reachable_from_the_lan() {
        for ip in lan_addresses() {
            assert!(!ip.is_loopback() && !ip.is_link_local(), "{ip}");
        }
    }
}
