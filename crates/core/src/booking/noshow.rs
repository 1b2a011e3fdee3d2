//! No-shows: a booking not checked in by the end of its slot plus the grace time becomes
//! a no-show. Applied lazily, by the injected clock, whenever bookings are read or
//! written, so no timer has to run.

use super::record_event;
use super::settings;
use crate::error::Result;
use crate::events::{BookingChange, HallEvent};
use crate::hall::Hall;
use crate::table::bookings;
use sqlx::SqliteConnection;

/// Marks every booking that is due as a no-show, inside the caller's write transaction,
/// and returns the events to publish after its commit.
pub(crate) async fn mark_due(
    conn: &mut SqliteConnection,
    now: i64,
    grace_minutes: i64,
) -> Result<Vec<HallEvent>> {
    let due = bookings::due(&mut *conn, grace_minutes, now).await?;
    let mut events = Vec::with_capacity(due.len());
    for (id, date) in due {
        bookings::mark_no_show(&mut *conn, id, now).await?;
        record_event(conn, id, BookingChange::NoShow, now, None).await?;
        events.push(HallEvent::Booking {
            change: BookingChange::NoShow,
            booking_id: Some(id),
            dates: vec![date],
        });
    }
    Ok(events)
}

impl Hall {
    /// Turns bookings not checked in by the end of their slot plus the grace time into
    /// no-shows; returns how many. Reads of bookings call it, so it need not be scheduled.
    pub async fn mark_booking_no_shows(&self) -> Result<u64> {
        let now = self.now_ms();
        let grace = {
            let mut conn = self.pool().acquire().await?;
            let grace = settings::load(&mut conn).await?.grace_minutes;
            // Most reads find nothing due: no write transaction for them.
            let due = bookings::count_due(&mut conn, grace, now).await?;
            if due == 0 {
                return Ok(0);
            }
            grace
        };
        let mut tx = self.begin_write().await?;
        let events = mark_due(&mut tx, now, grace).await?;
        let n = events.len() as u64;
        tx.commit_with(events).await?;
        Ok(n)
    }
}
