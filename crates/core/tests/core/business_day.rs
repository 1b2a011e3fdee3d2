//! The business day is the date in the hall's time zone (UTC+8), not the UTC date.

use crate::common::*;
use chrono::Duration;

#[tokio::test]
async fn numbers_restart_at_local_midnight_not_utc_midnight() {
    // 07:59:59 Beijing on 1 December is still 30 November in UTC (23:59:59).
    let h = hall_at(beijing(2026, 11, 30, 23, 59, 58)).await;
    // Issuing at midnight and at 08:00 needs a hall open round the clock.
    h.open_all_day().await;
    let late = h.issue("A", false).await; // 23:59:59 Beijing, 30 Nov
    assert_eq!(late.ticket.business_day, "2026-11-30");
    assert_eq!(late.ticket.number, "A001");
    let next = h.issue("A", false).await; // 00:00:00 Beijing, 1 Dec = 16:00 UTC 30 Nov
    assert_eq!(next.ticket.business_day, "2026-12-01");
    assert_eq!(
        next.ticket.number, "A001",
        "numbers restart at local midnight"
    );

    // Across UTC midnight (08:00 Beijing) the day does not change.
    h.clock.set(beijing(2026, 12, 1, 7, 59, 58));
    let before = h.issue("A", false).await;
    let after = h.issue("A", false).await; // 08:00:00 Beijing = 00:00 UTC
    assert_eq!(
        (
            before.ticket.business_day.as_str(),
            after.ticket.business_day.as_str()
        ),
        ("2026-12-01", "2026-12-01")
    );
    assert_eq!(
        (before.ticket.number.as_str(), after.ticket.number.as_str()),
        ("A002", "A003")
    );
}

#[tokio::test]
async fn yesterdays_waiting_tickets_are_called_before_todays_own_a001() {
    let h = hall_at(beijing(2026, 11, 30, 17, 0, 0)).await;
    let c = h.open(2).await;
    h.issue("A", false).await;
    h.clock.advance(Duration::hours(16)); // 09:00 next morning
                                          // Nobody holding a number is lost at midnight (see past_midnight.rs): yesterday's A001
                                          // is still in the queue, ahead of today's, which starts again at A001.
    let today = h.issue("A", false).await;
    assert_eq!(today.ticket.number, "A001");
    assert_eq!(today.ticket.business_day, "2026-12-01");
    assert_eq!(today.ahead, 1);
    let first = h.hall.call_next(c).await.unwrap().called.unwrap();
    assert_eq!(
        (first.number.as_str(), first.business_day.as_str()),
        ("A001", "2026-11-30")
    );
    let second = h.hall.call_next(c).await.unwrap().called.unwrap();
    assert_eq!(second.id, today.ticket.id);
}
