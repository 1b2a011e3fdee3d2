//! The core's tests, one binary with a module per area (linking one binary instead of one per
//! file keeps `cargo test` quick). Each runs the real core on a real SQLite file in a temp dir,
//! with the settable clock from `common`; `booking_support` adds made-up people and sessions.

mod booking_support;
mod common;

mod backups;
mod bad_input;
mod booking_bad_input;
mod booking_checkin;
mod booking_concurrency;
mod booking_day;
mod booking_identity;
mod booking_rules;
mod business_day;
mod concurrency;
mod crash;
mod devices;
mod erasure;
mod group_commit;
mod host_mode;
mod key_store;
mod lifecycle;
mod one_instance;
mod past_midnight;
mod printing;
mod queue_properties;
mod schedule_day;
mod schedule_settings;
mod schedule_status;
mod screens_rules;
mod sql_homes;
mod staff_access;
mod stats;
mod stats_summaries;
mod write_failures;
