//! Tickets on paper: each station's printer (设置 → 打印), the print on issue, the 未打印 mark
//! and the reprint, the printer light and the test page.
//!
//! The bytes and the transports are `frontdesk-print`'s; this module decides what goes on the
//! paper (from the committed ticket and the station's settings), runs the blocking print off
//! the async runtime, and keeps the outcome per ticket (`ticket_prints`), published as a
//! [`HallEvent::Print`] so the desk marks a failed ticket 未打印 with the reason. A print
//! starts only after the ticket is committed and never holds the issue back: a failure leaves
//! the ticket issued.

mod paper;
mod settings;

pub use settings::StationPrint;

use crate::model::printing::{PrintState, PrinterStatus, Station, TicketPrintMark};
use crate::table::ticket_prints as store;

use crate::error::{Error, PrintFailure, Result};
use crate::events::HallEvent;
use crate::hall::Hall;
use crate::model::IssuedTicket;
use crate::ops::Role;
use frontdesk_print::{PrintError, PrinterConfig, PrinterState};

/// Runs a blocking printer call off the async runtime. A panic in it counts as a failure of
/// that printer, not of the hall.
async fn blocking<T: Send + 'static>(
    config: &PrinterConfig,
    f: impl FnOnce(PrinterConfig) -> std::result::Result<T, PrintError> + Send + 'static,
) -> std::result::Result<T, PrintError> {
    let target = settings::target_of(config);
    let config = config.clone();
    tokio::task::spawn_blocking(move || f(config))
        .await
        .unwrap_or_else(|_| {
            Err(PrintError::Io {
                target,
                reason: "internal".into(),
            })
        })
}

/// The station whose printer prints the numbers a paired device on the hall's network takes:
/// a kiosk's at the kiosk printer (set in 设置 → 打印 on the host), as the host's own kiosk
/// window does. Other devices print nothing on issue: a second desk's numbers would come out
/// of the host's desk printer, away from the person who took them.
pub fn station_of_device(role: Role) -> Option<Station> {
    match role {
        Role::Kiosk => Some(Station::Kiosk),
        Role::Desk | Role::Counter | Role::Display | Role::RatingPad => None,
    }
}

impl Hall {
    /// Whether `station` prints each number it issues: it has a printer and auto-print is on
    /// (the kiosk says 正在打印 or asks people to remember their number).
    pub async fn prints_on_issue(&self, station: Station) -> Result<bool> {
        let settings = self.print_settings(station).await?;
        Ok(settings.printer.is_some() && settings.auto_print)
    }

    /// Prints a ticket at `station` now, with fresh figures (people ahead, wait), and records
    /// the outcome. A failed print is an outcome (`Failed`), not an error: the ticket stays
    /// issued and the desk offers a reprint. Refused: no printer at the station, a voided
    /// ticket.
    pub async fn print_ticket(&self, ticket_id: i64, station: Station) -> Result<PrintState> {
        let settings = self.print_settings(station).await?;
        let Some(printer) = settings.printer.clone() else {
            return Err(Error::NoPrinter {
                station: station.as_str().into(),
            });
        };
        let issued = self.reprint_ticket(ticket_id).await?;
        self.print_issued(&issued, station, &settings, printer)
            .await
    }

    /// The print right after issuing (or checking in) at `station`, when that station prints
    /// on issue. `None` when it does not, or when the press repeated an earlier one (that
    /// ticket had its print already). Call it once the ticket is on screen: it blocks on
    /// the printer for up to its timeouts.
    pub async fn auto_print(
        &self,
        issued: &IssuedTicket,
        station: Station,
    ) -> Result<Option<PrintState>> {
        if issued.repeated {
            return Ok(None);
        }
        let settings = self.print_settings(station).await?;
        match settings.printer.clone() {
            Some(printer) if settings.auto_print => Ok(Some(
                self.print_issued(issued, station, &settings, printer)
                    .await?,
            )),
            _ => Ok(None),
        }
    }

    /// [`Hall::auto_print`] on a task of its own, for the caller that has a number to show
    /// first: the desk's or the kiosk's issue and an appointment's check-in (at the desk, on
    /// the kiosk, or from a paired device once the LAN server runs). The outcome reaches the
    /// screens as a print event; the handle is for tests and shutdowns that want to wait.
    /// Must be called within the tokio runtime.
    pub fn print_after_issue(
        &self,
        issued: &IssuedTicket,
        station: Station,
    ) -> tokio::task::JoinHandle<()> {
        let (hall, issued) = (self.clone(), issued.clone());
        tokio::spawn(async move {
            if let Err(e) = hall.auto_print(&issued, station).await {
                // Only the storage can fail here: a failed print is recorded as an outcome.
                tracing::error!(
                    "the print of ticket {} was not recorded: {e}",
                    issued.ticket.number
                );
            }
        })
    }

    async fn print_issued(
        &self,
        issued: &IssuedTicket,
        station: Station,
        settings: &StationPrint,
        printer: PrinterConfig,
    ) -> Result<PrintState> {
        let outcome = match paper::ticket(issued, settings, self.offset(), &self.day_key()) {
            Ok(ticket) => {
                blocking(&printer, move |p| {
                    frontdesk_print::print_ticket(&ticket, &p)
                })
                .await
            }
            Err(e) => Err(e),
        };
        let outcome = outcome
            .map(|printed| printed.state == PrinterState::PaperNearEnd)
            .map_err(|e| PrintFailure(e).info());
        let mut tx = self.begin_write().await?;
        let print =
            store::record(&mut tx, issued.ticket.id, station, self.now_ms(), outcome).await?;
        tx.commit_with(vec![HallEvent::Print {
            ticket_id: issued.ticket.id,
            number: issued.ticket.number.clone(),
            print: print.clone(),
        }])
        .await?;
        Ok(print)
    }

    /// The latest print of a ticket.
    pub async fn print_state(&self, ticket_id: i64) -> Result<PrintState> {
        let mut conn = self.pool().acquire().await?;
        store::state(&mut conn, ticket_id).await
    }

    /// The open days' tickets whose latest print failed (未打印), newest first.
    pub async fn unprinted_tickets(&self) -> Result<Vec<TicketPrintMark>> {
        let mut conn = self.pool().acquire().await?;
        store::failed_on_open_days(&mut conn, &self.day_key()).await
    }

    /// Asks the station's printer how it is, without printing (the desk's light).
    pub async fn printer_status(&self, station: Station) -> Result<PrinterStatus> {
        let Some(printer) = self.print_settings(station).await?.printer else {
            return Ok(PrinterStatus::NotConfigured);
        };
        Ok(
            match blocking(&printer, |p| frontdesk_print::probe(&p)).await {
                Ok(paper) => PrinterStatus::Ready { paper },
                Err(e) => PrinterStatus::Error {
                    error: PrintFailure(e).info(),
                },
            },
        )
    }

    /// Prints the test page on the station's printer; a failure is the error to show.
    pub async fn print_test_page(&self, station: Station) -> Result<PrinterStatus> {
        let settings = self.print_settings(station).await?;
        let Some(printer) = settings.printer else {
            return Err(Error::NoPrinter {
                station: station.as_str().into(),
            });
        };
        let lang = settings.lang;
        let printed = blocking(&printer, move |p| {
            let bytes = frontdesk_print::render_test_page(&p, lang)?;
            frontdesk_print::send(&p, &bytes)
        })
        .await?;
        Ok(PrinterStatus::Ready {
            paper: printed.state,
        })
    }
}
