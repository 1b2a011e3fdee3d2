//! The storage layer: one module per table, holding every SQL statement of that table
//! (its column list, its inserts, its updates, its reads), on the caller's connection or
//! transaction. The rules call these functions and never write SQL of these tables
//! themselves. A query that joins several tables lives with the table whose rows it
//! returns. Below the rules, above `model` and `error`: a table module imports no rule.
//!
//! A word stored in a TEXT column (a status, a source, an event kind, a counter's state)
//! is never typed into SQL by hand: written, it is bound as its enum; tested, it is spelled
//! into the SQL text by the enum ([`is`], [`is_not`], [`one_of`]), because SQLite uses a
//! partial index (`tickets_waiting`, `date_exceptions_year`, `bookings_due` …) only when the
//! query's text states the index's condition.

pub(crate) mod audit_log;
pub(crate) mod ban_lifts;
pub(crate) mod booking_events;
pub(crate) mod booking_sessions;
pub(crate) mod booking_slots;
pub(crate) mod bookings;
pub(crate) mod counters;
pub(crate) mod date_exceptions;
pub(crate) mod day_records;
pub(crate) mod day_summaries;
pub(crate) mod devices;
pub(crate) mod guidance_log;
pub(crate) mod pairing_codes;
pub(crate) mod pairing_failures;
pub(crate) mod rating_followups;
pub(crate) mod ratings;
pub(crate) mod request_results;
pub(crate) mod service_cutoffs;
pub(crate) mod services;
pub(crate) mod settings;
pub(crate) mod staff_pin;
pub(crate) mod ticket_counts;
pub(crate) mod ticket_events;
pub(crate) mod ticket_prints;
pub(crate) mod tickets;

use crate::events::TicketChange;
use crate::model::devices::Role;
use crate::model::schedule::ExceptionSource;
use crate::model::{BookingStatus, CounterState, TicketStatus};

/// An enum stored in a TEXT column under the name its `as_str` gives (the same name its
/// `sqlx::Type` binds: `model`'s tests hold the two together).
pub(crate) trait Stored: Copy {
    fn stored(self) -> &'static str;
}

macro_rules! stored_by_as_str {
    ($($t:ty),*) => {
        $(impl Stored for $t {
            fn stored(self) -> &'static str {
                self.as_str()
            }
        })*
    };
}
stored_by_as_str!(
    TicketStatus,
    BookingStatus,
    CounterState,
    ExceptionSource,
    TicketChange,
    Role
);

/// SQL condition `column = 'name'`, the name written by the enum.
pub(crate) fn is<T: Stored>(column: &str, value: T) -> String {
    format!("{column} = '{}'", value.stored())
}

/// SQL condition `column != 'name'`, the name written by the enum.
pub(crate) fn is_not<T: Stored>(column: &str, value: T) -> String {
    format!("{column} != '{}'", value.stored())
}

/// SQL condition `column IN ('a', 'b')`, the names written by the enum.
pub(crate) fn one_of<T: Stored>(column: &str, values: &[T]) -> String {
    let names: Vec<String> = values.iter().map(|v| format!("'{}'", v.stored())).collect();
    format!("{column} IN ({})", names.join(", "))
}

/// SQL expression giving the position in `values` of `column`'s name (-1 for any other):
/// a year of rows then travels as small numbers, and [`Stored`] values are read back
/// without allocating a string per row.
pub(crate) fn position_of<T: Stored>(column: &str, values: &[T]) -> String {
    let arms: String = values
        .iter()
        .enumerate()
        .map(|(i, v)| format!(" WHEN '{}' THEN {i}", v.stored()))
        .collect();
    format!("CASE {column}{arms} ELSE -1 END")
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlx::Connection;

    /// The name `as_str` spells into SQL text is the name `sqlx::Type` binds, for every
    /// value: a condition written by [`is`] finds the rows a bound value wrote.
    async fn spelled_as_bound<T>(conn: &mut sqlx::SqliteConnection, all: &[T])
    where
        T: Stored
            + std::fmt::Debug
            + for<'q> sqlx::Encode<'q, sqlx::Sqlite>
            + sqlx::Type<sqlx::Sqlite>,
    {
        for v in all {
            let bound: String = sqlx::query_scalar("SELECT ?")
                .bind(*v)
                .fetch_one(&mut *conn)
                .await
                .unwrap();
            assert_eq!(bound, v.stored(), "{v:?}");
        }
    }

    #[tokio::test]
    async fn every_stored_name_is_the_bound_name() {
        let mut conn = sqlx::SqliteConnection::connect("sqlite::memory:")
            .await
            .unwrap();
        spelled_as_bound(&mut conn, &TicketStatus::ALL).await;
        spelled_as_bound(&mut conn, &BookingStatus::ALL).await;
        spelled_as_bound(&mut conn, &CounterState::ALL).await;
        spelled_as_bound(&mut conn, &ExceptionSource::ALL).await;
        spelled_as_bound(&mut conn, &Role::ALL).await;
        // Ticket changes are bound through their name (`ticket_events::insert`).
        for c in TicketChange::ALL {
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.stored()), "{c:?}");
        }
        assert_eq!(
            one_of("s", &[TicketStatus::Waiting, TicketStatus::NoShow]),
            "s IN ('waiting', 'no_show')"
        );
    }
}
