//! The storage layer: one module per table, holding every SQL statement of that table
//! (its column list, its inserts, its updates, its reads), on the caller's connection or
//! transaction. The rules call these functions and never write SQL of these tables
//! themselves. A query that joins several tables lives with the table whose rows it
//! returns. Below the rules, above `model` and `error`: a table module imports no rule.

pub(crate) mod ban_lifts;
pub(crate) mod bookings;
pub(crate) mod counters;
pub(crate) mod date_exceptions;
pub(crate) mod day_records;
pub(crate) mod guidance_log;
pub(crate) mod service_cutoffs;
pub(crate) mod services;
pub(crate) mod settings;
pub(crate) mod ticket_events;
pub(crate) mod ticket_prints;
pub(crate) mod tickets;
