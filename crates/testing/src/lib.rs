//! What the tests of `frontdesk-core`, `frontdesk-server` and the end-to-end harness share:
//! the hall's clock in Beijing time, the ids of the seeded counters and services by what
//! people call them (window 3, matter "A"; feature `hall`), and a fake network printer
//! ([`printer`]). A dev-dependency only: the app never links it.

pub mod printer;

#[cfg(feature = "hall")]
mod hall;
#[cfg(feature = "hall")]
pub use hall::{beijing, counter_id, open_hall, service_id};
