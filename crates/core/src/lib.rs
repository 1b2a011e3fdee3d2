//! frontdesk-core: every rule of the hall and its SQLite store. No Tauri, no HTTP: the
//! desktop shell and the future LAN server both call the methods of [`Hall`].

pub mod admin;
pub mod announce;
pub mod booking;
pub mod calling;
pub mod clock;
mod dates;
pub mod devices;
pub mod display;
pub mod error;
pub mod events;
pub mod hall;
pub mod host_mode;
mod housekeeping;
pub mod model;
pub mod open_days;
pub mod ops;
mod queries;
pub mod ratings;
pub mod requests;
pub mod schedule;
pub mod seed;
pub mod settings;
pub mod stats;
pub mod store;
pub mod tickets;
pub mod validate;
pub mod voice;
pub mod writer;

pub use booking::{BookingError, BookingSettings, BookingStatus};
pub use calling::CallOutcome;
pub use clock::{Clock, ManualClock, ShiftedClock, SystemClock};
pub use error::{DeviceError, Error, Result};
pub use events::{BookingChange, DeviceChange, HallEvent, TicketChange};
pub use hall::Hall;
pub use model::*;
pub use open_days::CarriedDay;
pub use ratings::RatingError;
pub use schedule::{HallState, HallStatus, ScheduleSettings};
pub use settings::HallSettings;
