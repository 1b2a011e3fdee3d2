//! Tickets on thermal paper: ESC/POS bytes for 58 and 80 mm printers, and the three ways of
//! getting them there (raw TCP 9100, a device file, an OS queue), with failures as data.
//!
//! No Tauri, no database, no async runtime: plain values in, bytes or a [`PrintError`] out.
//!
//! # How the desk and the kiosk use it
//!
//! The station's [`PrinterConfig`] is stored as JSON (serde) under 设置 → 打印, one per station
//! (desk, kiosk): paper width, encoding, QR mode, transport, timeouts. When a ticket has been
//! committed and is on screen, the caller builds a [`TicketPrint`] from the core's
//! `IssuedTicket` plus the hall's settings, and prints it off the async runtime:
//!
//! ```no_run
//! use frontdesk_print::{print_ticket, PrinterConfig, TicketMarks, TicketPrint, Transport};
//!
//! let config = PrinterConfig::new(Transport::Tcp { host: "192.0.2.10".into(), port: 9100 });
//! let ticket = TicketPrint {
//!     lang: Default::default(),
//!     hall_name: "市民中心公安专区".into(),
//!     number: "A001".try_into()?,
//!     service_name: "驾驶证业务".into(),
//!     people_ahead: 3,
//!     estimated_wait_minutes: 15,
//!     // The issue time in the hall's time zone (ticket.issued_at + utc_offset_minutes).
//!     issued_at: chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap().and_hms_opt(8, 30, 5).unwrap(),
//!     footer: "非现场交通违法可在交管12123 App办理".into(),
//!     qr_text: String::new(),
//!     marks: TicketMarks { priority: false, appointment: false, business_day: None },
//! };
//! // In the shell: tokio::task::spawn_blocking(move || print_ticket(&ticket, &config)).
//! match print_ticket(&ticket, &config) {
//!     Ok(printed) => { /* printed.state: ready / paper_near_end / unreported */ }
//!     Err(e) => { /* keep the ticket, mark it 未打印 with e.code() and e.params() */ }
//! }
//! # Ok::<(), frontdesk_print::PrintError>(())
//! ```
//!
//! - **Failures**: a [`PrintError`] serialises as `{code, params}` (`printer_unreachable`,
//!   `timeout`, `paper_out`, `io`, `queue_rejected`, `unsupported`, `invalid`,
//!   `personal_data_suspected`); the ticket stays issued, the desk shows 未打印 with the reason
//!   and offers reprint, which calls [`print_ticket`] again with fresh figures.
//! - **Printer light**: [`probe`] returns the printer's state (ready, paper near end, or no
//!   status reported) or the error, without printing. Run it when 设置 is saved and on a timer
//!   the caller chooses, also in `spawn_blocking`.
//! - **测试页**: [`render_test_page`] + [`send`].
//! - **设置 → 打印**: [`PrinterConfig::check`] refuses a transport or timeout that cannot work,
//!   and [`check_free_text`] a footer or QR text holding an 11+ digit run, before they are saved;
//!   every job passes the same checks again.
//! - **Blocking**: each call blocks for at most about connect + status + write timeout (a few
//!   seconds with the defaults), plus the time of any job ahead of it for the same printer: jobs
//!   for one printer from this process (desk and kiosk windows of one PC) take turns, since many
//!   network printers take one connection at a time. Different printers print in parallel.
//!
//! # Transports and what they report
//!
//! | transport | how | paper out detected |
//! |---|---|---|
//! | `tcp` | raw port 9100, connect and write timeouts | yes, `DLE EOT 4` before the ticket (short wait, then print anyway) |
//! | `device` | write to `/dev/usb/lp0`, `/dev/ttyUSB0`, `COM3`…, in a thread with a timeout | no |
//! | `queue` | CUPS `lp -d NAME -o raw` (Linux, macOS); on Windows the printer shared as NAME, the job written to `\\localhost\NAME` with `std::fs` (the spooler takes it RAW) | no (the spooler keeps the job) |

#![deny(missing_docs)]

mod commands;
mod config;
mod error;
mod layout;
mod qr;
mod text;
mod ticket;
mod transport;

pub use commands::PAPER_STATUS_QUERY;
pub use config::{PaperWidth, PrinterConfig, QrMode, TextEncoding, Transport};
pub use error::{PrintError, Stage};
pub use layout::{render_test_page, render_ticket};
pub use text::{encode, width, wrap};
pub use ticket::{
    check_free_text, Lang, TicketMarks, TicketNumber, TicketPrint, SUSPICIOUS_DIGIT_RUN,
};
pub use transport::{probe, send, Printed, PrinterState};

/// Renders one ticket and sends it to the station's printer.
pub fn print_ticket(ticket: &TicketPrint, config: &PrinterConfig) -> Result<Printed, PrintError> {
    let bytes = render_ticket(ticket, config)?;
    send(config, &bytes)
}
