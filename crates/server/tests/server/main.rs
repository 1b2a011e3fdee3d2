//! The hall's server over a real listener on 127.0.0.1 and a real SQLite file in a temp dir,
//! with the settable clock: one binary, a module per area.

mod common;

mod concurrency;
mod events;
mod export_key;
mod idempotency;
mod pairing;
mod printing;
mod roles;
