//! The purge of personal data: `purge_days` after a booking's date its name, mobile, ID
//! number, note and lookup hashes are removed (sealed values and all); the row stays, so the anonymous counts (made,
//! kept, cancelled, missed per date, slot and matter) do not change. The values are then
//! erased from the disk too: the connection zeroes deleted content (`secure_delete`), and a
//! purge that removed anything rewrites the file without free pages and empties the WAL.

use super::model::PurgeOutcome;
use super::{noshow, record_event, settings};
use crate::dates::key;
use crate::error::Result;
use crate::events::{BookingChange, HallEvent};
use crate::hall::Hall;
use crate::staff::audit::AuditAction;
use crate::table::bookings;
use chrono::Duration;

/// The purge runs by itself (at start and daily): the audit list names it so.
pub const PURGE_ACTOR: &str = "housekeeping";

impl Hall {
    /// Removes the personal fields of bookings dated `purge_days` or more before today
    /// (by the injected clock). Safe to call at every start and once a day.
    pub async fn purge_booking_personal_data(&self) -> Result<PurgeOutcome> {
        let now = self.now_ms();
        let mut tx = self.begin_write().await?;
        let s = settings::load(&mut tx).await?;
        let mut events = noshow::mark_due(&mut tx, now, s.grace_minutes).await?;
        let through = key(self.business_day() - Duration::days(s.purge_days));
        let ids = bookings::purgeable(&mut tx, &through).await?;
        for &id in &ids {
            bookings::purge(&mut tx, id, now).await?;
            record_event(&mut tx, id, BookingChange::Purged, now, None).await?;
        }
        // A lifted ban names a person too.
        crate::table::ban_lifts::delete_before(&mut tx, now - s.purge_days * 86_400_000).await?;
        if !ids.is_empty() {
            let detail = format!("{} bookings through {through}", ids.len());
            self.audit(&mut tx, PURGE_ACTOR, AuditAction::Purge, None, &detail)
                .await?;
            events.push(HallEvent::Booking {
                change: BookingChange::Purged,
                booking_id: None,
                dates: Vec::new(),
            });
        }
        tx.commit_with(events).await?;
        if !ids.is_empty() {
            // NULL in a column is not gone from the disk: zeroed free space (secure_delete),
            // no free pages, an emptied WAL. After the commit: it needs the writer's turn
            // with no group open.
            self.erase_free_space().await?;
            tracing::info!("purged the personal data of {} bookings", ids.len());
        }
        Ok(PurgeOutcome {
            purged: ids.len() as i64,
            through,
        })
    }
}
