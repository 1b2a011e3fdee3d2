//! Events published after each committed change; screens apply them instead of polling.

use crate::model::schedule::HallStatus;
use crate::model::{Counter, DayTotals, ServiceQueue, Ticket};
use serde::{Deserialize, Serialize};

/// What happened to a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketChange {
    Issued,
    Called,
    Recalled,
    NoShow,
    Requeued,
    Finished,
    Transferred,
    Voided,
}

impl TicketChange {
    /// Every change.
    pub const ALL: [TicketChange; 8] = [
        TicketChange::Issued,
        TicketChange::Called,
        TicketChange::Recalled,
        TicketChange::NoShow,
        TicketChange::Requeued,
        TicketChange::Finished,
        TicketChange::Transferred,
        TicketChange::Voided,
    ];

    /// The name stored in the `ticket_events` table.
    pub fn as_str(self) -> &'static str {
        match self {
            TicketChange::Issued => "issued",
            TicketChange::Called => "called",
            TicketChange::Recalled => "recalled",
            TicketChange::NoShow => "no_show",
            TicketChange::Requeued => "requeued",
            TicketChange::Finished => "finished",
            TicketChange::Transferred => "transferred",
            TicketChange::Voided => "voided",
        }
    }
}

/// A committed change in the hall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
// Almost every event is a ticket event: boxing that variant would allocate for nearly all
// of them to save bytes on the rare others.
#[allow(clippy::large_enum_variant)]
pub enum HallEvent {
    /// A ticket changed; `queues` are the waiting counts after the change.
    Ticket {
        event_id: i64,
        change: TicketChange,
        ticket: Ticket,
        queues: Vec<ServiceQueue>,
        totals: DayTotals,
    },
    /// A counter opened, paused, resumed, closed or was edited.
    Counter { counter: Counter },
    /// Services, counters or settings were edited: reload the snapshot.
    Config,
    /// The hall's status changed (schedule edited, day ended, or a transition seen by
    /// `Hall::watch_status`).
    Status { status: Box<HallStatus> },
    /// A ticket was printed, or its print failed (未打印, with the printer's reason).
    Print {
        ticket_id: i64,
        number: String,
        print: crate::model::printing::PrintState,
    },
    /// Writes stopped reaching the file (`writable: false`: nothing is saved; every screen
    /// says so) or work again. Sent when it changes, not for each failure.
    Storage { writable: bool },
    /// Booking sessions or bookings changed on these dates: reload them. No personal data.
    Booking {
        change: BookingChange,
        booking_id: Option<i64>,
        dates: Vec<String>,
    },
    /// A person rated a service (好差评), or staff followed up a poor rating: statistics
    /// that count `business_day` reload. No personal data, not even the ticket's number.
    Rating {
        change: RatingChange,
        rating_id: i64,
        business_day: String,
        level: i64,
    },
    /// A device on the hall's network paired, was renamed or was revoked (the host's list
    /// reloads; the server closes a revoked device's event streams).
    Devices {
        change: DeviceChange,
        device_id: i64,
    },
}

/// What happened to a rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RatingChange {
    Rated,
    FollowedUp,
}

/// What happened to a device on the hall's network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceChange {
    Paired,
    Renamed,
    Revoked,
}

/// What happened to a booking or a booking session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingChange {
    SessionsChanged,
    Booked,
    Cancelled,
    Rescheduled,
    CheckedIn,
    NoShow,
    Purged,
}

impl BookingChange {
    /// The name stored in the `booking_events` table.
    pub fn as_str(self) -> &'static str {
        match self {
            BookingChange::SessionsChanged => "sessions_changed",
            BookingChange::Booked => "booked",
            BookingChange::Cancelled => "cancelled",
            BookingChange::Rescheduled => "rescheduled",
            BookingChange::CheckedIn => "checked_in",
            BookingChange::NoShow => "no_show",
            BookingChange::Purged => "purged",
        }
    }
}
