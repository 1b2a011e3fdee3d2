//! The `ticket_counts` table: how many tickets each day holds per service, priority and
//! state. Triggers on `tickets` keep it (migration 0015); the code only reads it, for the
//! figures every ticket event carries, so they cost a few rows however long the queue is.

use super::tickets::{holder_on_open_day, is};
use crate::error::Result;
use crate::model::{
    DayTotals,
    TicketStatus::{Done, Voided, Waiting},
};
use crate::raw::Raw;

/// SQL count of the waiting tickets of service `s` on the open days (`?1`: today).
pub(crate) fn waiting_of_service(s: &str) -> String {
    format!(
        "(SELECT COALESCE(SUM(c.n), 0) FROM ticket_counts c
          WHERE {} AND c.service_id = {s}.id AND {})",
        is("c.status", Waiting),
        holder_on_open_day("c", "?1")
    )
}

/// SQL count of the tickets waiting in service `?1` up to day `?2` and, on that day, with
/// priority `?4` or higher: those called before a ticket of that day and priority, itself
/// and those queued behind it included (see `tickets::not_ahead_in_own_day`).
pub(crate) fn waiting_up_to_own_day() -> String {
    format!(
        "(SELECT COALESCE(SUM(c.n), 0) FROM ticket_counts c
           WHERE {} AND c.service_id = ?1
             AND (c.business_day < ?2 OR (c.business_day = ?2 AND c.priority >= ?4)))",
        is("c.status", Waiting)
    )
}

/// Today's totals, as the snapshot and every ticket event report them: tickets issued
/// on `day` (voided ones not counted) and those finished.
pub(crate) fn day_totals(c: &Raw, day: &str) -> Result<DayTotals> {
    Ok(
        c.prepare_cached(&format!("SELECT {}", day_totals_columns("?1")))?
            .query_row([day], |r| {
                Ok(DayTotals {
                    issued: r.get(0)?,
                    served: r.get(1)?,
                })
            })?,
    )
}

/// SQL columns `issued, served` of [`day_totals`] for the day `day` (a parameter), from the
/// counts the triggers keep (migration 0015), not a count over the day. Uncorrelated, so a
/// query listing them beside other rows computes them once.
pub(crate) fn day_totals_columns(day: &str) -> String {
    format!(
        "(SELECT COALESCE(SUM(n), 0) FROM ticket_counts
           WHERE business_day = {day} AND NOT {voided}) AS issued,
         (SELECT COALESCE(SUM(n), 0) FROM ticket_counts
           WHERE business_day = {day} AND {done}) AS served",
        voided = is("status", Voided),
        done = is("status", Done)
    )
}
