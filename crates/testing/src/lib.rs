//! What the tests of `frontdesk-core`, `frontdesk-server` and the end-to-end harness share:
//! the hall's clock in Beijing time, the ids of the seeded counters and services by what
//! people call them (window 3, matter "A"; feature `hall`), a fake network printer
//! ([`printer`]), and the checks of the key export both binaries offer ([`key_export`]). A
//! dev-dependency only: the app never links it.

pub mod key_export;
pub mod printer;

#[cfg(feature = "hall")]
mod hall;
#[cfg(feature = "hall")]
pub use hall::{beijing, counter_id, open_hall, service_id};
