//! The open business days: 延时服务 across midnight. Everyone who holds a number is
//! served, however late, so a business day does not end when its date does.
//!
//! The rule, in one place (every query that lists, counts or calls tickets uses it):
//!
//! - A ticket belongs to the business day it was issued on (the date in the hall's time
//!   zone) and keeps it for life. Numbers restart at 001 each day, so A001 of yesterday and
//!   A001 of today are two people.
//! - The *open days* are today and every earlier day that still has someone waiting or
//!   being served (a ticket `waiting` or `called`). An earlier day stays open after
//!   midnight until its queue is empty (or it is ended, which is refused while anyone of it
//!   holds a number, so an ended day never holds anyone).
//! - Set-aside tickets (过号, `no_show`) of an open day are listed, can be called by number
//!   and put back; they do not keep their day open by themselves. When the last waiting or
//!   called ticket of an earlier day is finished, that day closes and its set-aside tickets
//!   stay no-shows of that day (as at an evening's end of day).
//! - Order: an earlier day's people are called first, in their own order (checked-in
//!   appointments, priority, first come first served, all within that day), then today's;
//!   the people ahead of a new ticket include the earlier days' people of its service.
//! - "Call a number" looks at the callable tickets (waiting or set aside) of the open days
//!   with that number; when more than one day has one and no day was given, it refuses
//!   (`ambiguous_number`) and names the days. Recall, no-show, finish, transfer and put back
//!   act on a ticket id, never on a number.
//! - Screens mark a ticket whose day is before today's (昨日, or its date).
//! - Statistics count each ticket on the day it was issued, whenever it is served; the
//!   running "issued / served today" totals are today's tickets.
//! - Ending the day after midnight acts on the oldest open earlier day (refused, naming
//!   who still holds a number, until its queue is empty); with no open earlier day, before
//!   anyone took a number today, on yesterday if it has tickets and was not ended.

use crate::error::Result;
use crate::model::schedule::CarriedDay;
use crate::table::tickets;
use sqlx::SqliteConnection;

// The SQL conditions of this rule ("on an open day") are `tickets::on_open_day` and
// `tickets::holder_on_open_day`, with the table's other statements.

/// The earlier days still open on `today`, oldest first, with who holds a number.
pub(crate) async fn carried(conn: &mut SqliteConnection, today: &str) -> Result<Vec<CarriedDay>> {
    Ok(tickets::held_before(conn, today)
        .await?
        .into_iter()
        .map(|(business_day, waiting, serving)| CarriedDay {
            business_day,
            waiting,
            serving,
        })
        .collect())
}

/// Every open day on `today`, oldest first (today last).
pub(crate) async fn days(conn: &mut SqliteConnection, today: &str) -> Result<Vec<String>> {
    let mut out: Vec<String> = carried(conn, today)
        .await?
        .into_iter()
        .map(|d| d.business_day)
        .collect();
    out.push(today.to_string());
    Ok(out)
}

/// Whether `day` is open on `today`.
pub(crate) async fn is_open(conn: &mut SqliteConnection, day: &str, today: &str) -> Result<bool> {
    if day == today {
        return Ok(true);
    }
    if day > today {
        return Ok(false);
    }
    tickets::day_is_held(conn, day).await
}
