//! frontdesk-core: every rule of the hall and its SQLite store. No Tauri, no HTTP: the
//! desktop shell and the future LAN server both call the methods of [`Hall`].

pub mod admin;
pub mod announce;
pub mod backup;
mod backup_files;
pub mod booking;
pub mod calling;
pub mod clock;
mod dates;
pub mod display;
pub mod error;
pub mod events;
pub mod folder_lock;
pub mod hall;
pub mod kiosk;
pub mod model;
pub mod open_days;
pub mod personal_key;
pub mod printing;
pub mod ratings;
pub mod schedule;
pub mod seed;
pub mod settings;
pub mod staff;
pub mod stats;
pub mod store;
mod table;
pub mod tickets;
pub mod validate;

pub use booking::{BookingError, BookingSettings, BookingStatus};
pub use clock::{Clock, ManualClock, ShiftedClock, SystemClock};
pub use error::{Error, Result};
pub use events::{BookingChange, HallEvent, RatingChange, TicketChange};
pub use hall::Hall;
pub use kiosk::KioskSettings;
pub use model::printing::{PrintState, PrinterStatus, Station, TicketPrintMark};
pub use model::schedule::{CarriedDay, HallState, HallStatus, ScheduleSettings};
pub use model::*;
pub use printing::StationPrint;
pub use ratings::RatingError;
pub use settings::HallSettings;
