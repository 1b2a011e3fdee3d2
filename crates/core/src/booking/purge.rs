//! The purge of personal data: `purge_days` after a booking's date its name, mobile, ID
//! number, note and ID hash are removed; the row stays, so the anonymous counts (made,
//! kept, cancelled, missed per date, slot and matter) do not change.

use super::model::PurgeOutcome;
use super::{noshow, record_event, settings};
use crate::dates::key;
use crate::error::Result;
use crate::events::{BookingChange, HallEvent};
use crate::hall::Hall;
use chrono::Duration;

impl Hall {
    /// Removes the personal fields of bookings dated `purge_days` or more before today
    /// (by the injected clock). Safe to call at every start and once a day.
    pub async fn purge_booking_personal_data(&self) -> Result<PurgeOutcome> {
        let now = self.now_ms();
        let mut tx = self.begin_write().await?;
        let s = settings::load(&mut tx).await?;
        let mut events = noshow::mark_due(&mut tx, now, s.grace_minutes).await?;
        let through = key(self.business_day() - Duration::days(s.purge_days));
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM bookings WHERE purged_at IS NULL AND date <= ?
               AND status != 'booked'",
        )
        .bind(&through)
        .fetch_all(&mut *tx)
        .await?;
        for &id in &ids {
            sqlx::query(
                "UPDATE bookings SET name = NULL, mobile = NULL, id_number = NULL, note = NULL,
                    id_hash = NULL, purged_at = ? WHERE id = ?",
            )
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            record_event(&mut tx, id, BookingChange::Purged, now, None).await?;
        }
        // A lifted ban names a person too.
        sqlx::query("DELETE FROM booking_ban_lifts WHERE lifted_at < ?")
            .bind(now - s.purge_days * 86_400_000)
            .execute(&mut *tx)
            .await?;
        if !ids.is_empty() {
            events.push(HallEvent::Booking {
                change: BookingChange::Purged,
                booking_id: None,
                dates: Vec::new(),
            });
        }
        tx.commit_with(events).await?;
        Ok(PurgeOutcome {
            purged: ids.len() as i64,
            through,
        })
    }
}
