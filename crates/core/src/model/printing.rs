//! Tickets on paper, as the API carries them: the stations that print, a ticket's print
//! state, a printer's state (rules: `crate::printing`).

use crate::error::PrintErrorInfo;
use frontdesk_print::PrinterState;
use serde::{Deserialize, Serialize};

/// Where a ticket is printed: each has its own printer and texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "TEXT", rename_all = "snake_case")]
pub enum Station {
    /// The front desk (取号台).
    Desk,
    /// The self-service terminal (自助取号).
    Kiosk,
}

impl Station {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Station::Desk => "desk",
            Station::Kiosk => "kiosk",
        }
    }

    pub(crate) fn key(self) -> &'static str {
        match self {
            Station::Desk => "print.desk",
            Station::Kiosk => "print.kiosk",
        }
    }
}

/// What became of a ticket's latest print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum PrintState {
    /// Never sent to a printer (no printer at that station, or auto-print off).
    NotPrinted,
    /// The printer (or spooler) took it.
    Printed {
        station: Station,
        /// When (ms).
        at: i64,
        /// Prints of this ticket so far, reprints included.
        attempts: i64,
        /// The printer said its roll is nearly empty.
        paper_low: bool,
    },
    /// It did not come out: 未打印, with the printer's reason.
    Failed {
        station: Station,
        at: i64,
        attempts: i64,
        error: PrintErrorInfo,
    },
}

/// A ticket's print state, as the desk lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketPrintMark {
    pub ticket_id: i64,
    pub number: String,
    pub print: PrintState,
}

/// The printer light of a station.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum PrinterStatus {
    /// No printer set up for this station.
    NotConfigured,
    /// It answered: `paper` says what it reported (ready, paper low, or nothing: a device or
    /// queue reports no status).
    Ready { paper: PrinterState },
    /// It cannot print now.
    Error { error: PrintErrorInfo },
}
