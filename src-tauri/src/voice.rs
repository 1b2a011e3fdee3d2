//! The hall's own voice recordings: their rules live in the core, shared with the LAN server.

pub use frontdesk_core::voice::{overrides, read};
