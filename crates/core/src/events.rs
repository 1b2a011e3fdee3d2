//! Events published after each committed change; screens apply them instead of polling.

use crate::model::{Counter, ServiceQueue, Ticket};
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
pub enum HallEvent {
    /// A ticket changed; `queues` are the waiting counts after the change.
    Ticket {
        event_id: i64,
        change: TicketChange,
        ticket: Ticket,
        queues: Vec<ServiceQueue>,
    },
    /// A counter opened, paused, resumed, closed or was edited.
    Counter { counter: Counter },
    /// Services, counters or settings were edited: reload the snapshot.
    Config,
}
