//! `frontdesk-server`: the hall's server without a window, for a hall that keeps its host on
//! a small Linux box. The same server the desktop app runs in host mode.
//!
//!     frontdesk-server --data-dir DIR [--port 8426] [--bind 0.0.0.0] [--ui DIR]
//!     frontdesk-server pairing-code ROLE [COUNTER_ID] [--port 8426]
//!     frontdesk-server --data-dir DIR --export-key FILE
//!
//! The second form asks the server running on this box for a one-time pairing code (the box
//! has no window to show one in); ROLE is desk, counter, display, kiosk or rating_pad, and a
//! counter or rating pad names its counter's id. The third writes the hall's personal-data key
//! to FILE (owner-only, never over a file) for the hall's backups, with the server stopped, as
//! `frontdesk --export-key` does.
//!
//! `--ui` defaults to the `ui/` folder of the source tree it was built from; an installed copy
//! names its own.

use frontdesk_core::{Hall, SystemClock};
use frontdesk_server::{ServeOptions, Server, DEFAULT_PORT};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

const USAGE: &str =
    "usage: frontdesk-server --data-dir DIR [--port 8426] [--bind 0.0.0.0] [--ui DIR]
       frontdesk-server pairing-code ROLE [COUNTER_ID] [--port 8426]
       frontdesk-server --data-dir DIR --export-key FILE";

struct Args {
    data_dir: PathBuf,
    addr: SocketAddr,
    ui_dir: PathBuf,
    export_key: Option<PathBuf>,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut data_dir = None;
    let mut port = DEFAULT_PORT;
    let mut bind = IpAddr::V4(Ipv4Addr::UNSPECIFIED);
    let mut ui_dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui"));
    let mut export_key = None;
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--data-dir" => data_dir = Some(PathBuf::from(value()?)),
            "--port" => port = value()?.parse().map_err(|_| "--port: a number 1-65535")?,
            "--bind" => bind = value()?.parse().map_err(|_| "--bind: an IP address")?,
            "--ui" => ui_dir = PathBuf::from(value()?),
            "--export-key" => export_key = Some(PathBuf::from(value()?)),
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let data_dir = data_dir.ok_or("--data-dir is required")?;
    if export_key.is_none() && !ui_dir.join("index.html").is_file() {
        return Err(format!(
            "no ui folder at {} (use --ui DIR)",
            ui_dir.display()
        ));
    }
    Ok(Args {
        data_dir,
        addr: SocketAddr::new(bind, port),
        ui_dir,
        export_key,
    })
}

/// Asks the server on this box (127.0.0.1) for a pairing code and prints it.
async fn pairing_code(mut args: impl Iterator<Item = String>) -> Result<String, String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut role = None;
    let mut counter: Option<i64> = None;
    let mut port = DEFAULT_PORT;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--port" => {
                port = args
                    .next()
                    .and_then(|p| p.parse().ok())
                    .ok_or("--port: a number 1-65535")?
            }
            _ if role.is_none() => role = Some(a),
            _ => counter = Some(a.parse().map_err(|_| format!("{a}: a counter id"))?),
        }
    }
    let role = role.ok_or("which role?")?;
    let body = serde_json::json!({ "role": role, "counterId": counter }).to_string();
    let mut conn = tokio::net::TcpStream::connect((Ipv4Addr::LOCALHOST, port))
        .await
        .map_err(|e| format!("no server on 127.0.0.1:{port} ({e})"))?;
    let request = format!(
        "POST /api/host/pairing-code HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    conn.write_all(request.as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    let mut answer = Vec::new();
    conn.read_to_end(&mut answer)
        .await
        .map_err(|e| e.to_string())?;
    let answer = String::from_utf8_lossy(&answer);
    let json = answer.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    let v: serde_json::Value = serde_json::from_str(json).map_err(|_| answer.to_string())?;
    match v["code"].as_str() {
        Some(code) if v["expires_at"].is_i64() => Ok(format!(
            "pairing code {code} for {role} (valid 5 minutes, once): type it at http://<this box>:{port}/"
        )),
        _ => Err(format!("refused: {}", v["message"].as_str().unwrap_or(json))),
    }
}

#[tokio::main]
async fn main() {
    let mut argv = std::env::args().skip(1).peekable();
    if argv.peek().map(String::as_str) == Some("pairing-code") {
        argv.next();
        match pairing_code(argv).await {
            Ok(line) => println!("{line}"),
            Err(e) => {
                eprintln!("frontdesk-server: {e}");
                std::process::exit(1);
            }
        }
        return;
    }
    let args = match parse(argv) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("frontdesk-server: {e}\n{USAGE}");
            std::process::exit(2);
        }
    };
    let hall = match Hall::open(&args.data_dir, Arc::new(SystemClock)).await {
        Ok(h) => h,
        Err(e) => {
            eprintln!(
                "frontdesk-server: cannot open the hall's data in {}: {e}",
                args.data_dir.display()
            );
            std::process::exit(1);
        }
    };
    if let Some(to) = &args.export_key {
        match hall.export_personal_key(to) {
            Ok(()) => println!(
                "frontdesk-server: the personal-data key (kept in {}) was written to {}; keep it \
                 apart from the backups",
                hall.key_home(),
                to.display()
            ),
            Err(e) => {
                eprintln!(
                    "frontdesk-server: exporting the key to {} failed: {e}",
                    to.display()
                );
                std::process::exit(1);
            }
        }
        return;
    }
    tokio::spawn(hall.clone().housekeeping());
    tokio::spawn(hall.clone().watch_status());
    let opts = ServeOptions {
        addr: args.addr,
        ui_dir: args.ui_dir,
        test_mode: false,
        host_console: true,
    };
    let server = match Server::start(hall, opts).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("frontdesk-server: cannot listen on {}: {e}", args.addr);
            std::process::exit(1);
        }
    };
    println!(
        "frontdesk-server: the hall is at http://{}/",
        server.local_addr()
    );
    let _ = tokio::signal::ctrl_c().await;
    server.stop().await;
}
