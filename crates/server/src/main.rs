//! `frontdesk-server`: the hall's server without a window, for a hall that keeps its host on
//! a small Linux box. The same server the desktop app runs in host mode.
//!
//!     frontdesk-server --data-dir DIR [--port 8426] [--bind 0.0.0.0] [--ui DIR]
//!
//! `--ui` defaults to the `ui/` folder of the source tree it was built from; an installed copy
//! names its own.

use frontdesk_core::{Hall, SystemClock};
use frontdesk_server::{ServeOptions, Server, DEFAULT_PORT};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

const USAGE: &str =
    "usage: frontdesk-server --data-dir DIR [--port 8426] [--bind 0.0.0.0] [--ui DIR]";

struct Args {
    data_dir: PathBuf,
    addr: SocketAddr,
    ui_dir: PathBuf,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut data_dir = None;
    let mut port = DEFAULT_PORT;
    let mut bind = IpAddr::V4(Ipv4Addr::UNSPECIFIED);
    let mut ui_dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui"));
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--data-dir" => data_dir = Some(PathBuf::from(value()?)),
            "--port" => port = value()?.parse().map_err(|_| "--port: a number 1-65535")?,
            "--bind" => bind = value()?.parse().map_err(|_| "--bind: an IP address")?,
            "--ui" => ui_dir = PathBuf::from(value()?),
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let data_dir = data_dir.ok_or("--data-dir is required")?;
    if !ui_dir.join("index.html").is_file() {
        return Err(format!(
            "no ui folder at {} (use --ui DIR)",
            ui_dir.display()
        ));
    }
    Ok(Args {
        data_dir,
        addr: SocketAddr::new(bind, port),
        ui_dir,
    })
}

#[tokio::main]
async fn main() {
    let args = match parse(std::env::args().skip(1)) {
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
    tokio::spawn(hall.clone().housekeeping());
    tokio::spawn(hall.clone().watch_status());
    let opts = ServeOptions {
        addr: args.addr,
        ui_dir: args.ui_dir,
        test_mode: false,
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
