//! Prints a test page, to check a hall's printer before it is set in 设置 → 打印.
//!
//! ```text
//! cargo run -p frontdesk-print --example print_test_page -- --tcp 192.168.1.50:9100
//! cargo run -p frontdesk-print --example print_test_page -- --device /dev/usb/lp0 --width 58
//! cargo run -p frontdesk-print --example print_test_page -- --queue Thermal --qr raster --encoding gbk
//! cargo run -p frontdesk-print --example print_test_page -- --probe --tcp 192.168.1.50:9100
//! cargo run -p frontdesk-print --example print_test_page -- --sample-ticket --tcp 192.168.1.50:9100
//! ```
//!
//! Options: `--width 58|80` (80), `--encoding gb18030|gbk|utf-8` (gb18030), `--qr native|raster`
//! (native), `--lang zh-CN|en` (zh-CN), `--probe` (only ask the printer's state),
//! `--sample-ticket` (a made-up ticket instead of the test page: to see the layout on the paper).
//! On failure it prints the error as `{code, params}` JSON and exits with 1.

use frontdesk_print::{
    probe, render_test_page, render_ticket, send, Lang, PrinterConfig, TicketMarks, TicketNumber,
    TicketPrint, Transport,
};
use std::process::ExitCode;

fn main() -> ExitCode {
    match run() {
        Ok(message) => {
            println!("{message}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<String, String> {
    let mut transport = None;
    let mut settings = serde_json::Map::new();
    let mut lang = Lang::ZhCn;
    let mut only_probe = false;
    let mut sample_ticket = false;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        if flag == "--probe" || flag == "--sample-ticket" {
            only_probe |= flag == "--probe";
            sample_ticket |= flag == "--sample-ticket";
            continue;
        }
        let value = args
            .next()
            .ok_or(format!("{flag} needs a value\n{USAGE}"))?;
        match flag.as_str() {
            "--tcp" => {
                let (host, port) = match value.rsplit_once(':') {
                    Some((h, p)) => (
                        h.to_owned(),
                        p.parse().map_err(|_| format!("bad port in {value}"))?,
                    ),
                    None => (value.clone(), 9100),
                };
                transport = Some(Transport::Tcp { host, port });
            }
            "--device" => transport = Some(Transport::Device { path: value.into() }),
            "--queue" => transport = Some(Transport::Queue { name: value }),
            "--width" | "--encoding" | "--qr" => {
                settings.insert(flag.trim_start_matches("--").into(), value.into());
            }
            "--lang" => lang = serde_json::from_value(value.into()).map_err(|e| e.to_string())?,
            _ => return Err(format!("unknown option {flag}\n{USAGE}")),
        }
    }
    let transport = transport.ok_or(USAGE)?;
    settings.insert(
        "transport".into(),
        serde_json::to_value(&transport).map_err(|e| e.to_string())?,
    );
    // The same JSON shape 设置 will store, so a typo here fails the way it would there.
    let config: PrinterConfig =
        serde_json::from_value(settings.into()).map_err(|e| format!("bad option: {e}"))?;
    let as_json = |e: frontdesk_print::PrintError| serde_json::to_string(&e).unwrap_or_default();
    if only_probe {
        let state = probe(&config).map_err(as_json)?;
        return Ok(format!("printer state: {state:?}"));
    }
    let page = if sample_ticket {
        render_ticket(&sample(lang), &config)
    } else {
        render_test_page(&config, lang)
    }
    .map_err(as_json)?;
    let printed = send(&config, &page).map_err(as_json)?;
    Ok(format!(
        "sent {} bytes, printer state: {:?}",
        printed.bytes, printed.state
    ))
}

/// A made-up ticket with every element: priority, a service name that wraps, footer, QR code.
fn sample(lang: Lang) -> TicketPrint {
    let zh = lang == Lang::ZhCn;
    TicketPrint {
        lang,
        hall_name: if zh {
            "市民中心公安专区"
        } else {
            "Citizen Center"
        }
        .into(),
        number: TicketNumber::try_from("A001").expect("a valid number"),
        service_name: if zh {
            "机动车登记业务（转移登记、变更登记）"
        } else {
            "Vehicle registration (transfer, change)"
        }
        .into(),
        people_ahead: 3,
        estimated_wait_minutes: 15,
        issued_at: chrono::Local::now().naive_local(),
        footer: if zh {
            "非现场交通违法可在交管12123 App办理，无需排队"
        } else {
            "Non-site traffic violations: use the 12123 app"
        }
        .into(),
        qr_text: "https://gab.122.gov.cn".into(),
        marks: TicketMarks {
            priority: true,
            ..TicketMarks::default()
        },
    }
}

const USAGE: &str = "usage: print_test_page (--tcp HOST[:PORT] | --device PATH | --queue NAME) \
[--width 58|80] [--encoding gb18030|gbk|utf-8] [--qr native|raster] [--lang zh-CN|en] [--probe] \
[--sample-ticket]";
