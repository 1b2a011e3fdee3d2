//! Daily summaries of the statistics: four days driven with the settable clock (a day
//! ended at closing, a day whose people are served past midnight and the next morning while
//! the next day's people already wait, a correction of the ended day, a day still open),
//! and at every step the figures with summaries equal the figures computed from the events
//! alone, for the whole range and each target wait.

use crate::common::{beijing, hall_at, TestHall};
use frontdesk_core::stats::{Statistics, StatsQuery};
use frontdesk_core::Ticket;

const MON: &str = "2026-11-30";
const TUE: &str = "2026-12-01";
const WED: &str = "2026-12-02";
const THU: &str = "2026-12-03";
const FRI: &str = "2026-12-04";

fn q(from: &str, to: &str, target: Option<i64>) -> StatsQuery {
    StatsQuery {
        from: from.into(),
        to: to.into(),
        target_wait_minutes: target,
        lang: String::new(),
    }
}

async fn summarized(h: &TestHall) -> Vec<String> {
    sqlx::query_scalar("SELECT business_day FROM day_summaries ORDER BY business_day")
        .fetch_all(h.hall.pool())
        .await
        .unwrap()
}

/// The figures of `from..=to` with the summaries (made where missing) after checking
/// that they equal the figures from the events alone, for the saved target and two others.
async fn checked(h: &TestHall, from: &str, to: &str) -> Statistics {
    let mut saved_target = None;
    for target in [Some(10), Some(45), None] {
        let with = h.hall.statistics(q(from, to, target)).await.unwrap();
        let events = h
            .hall
            .statistics_from_events(q(from, to, target))
            .await
            .unwrap();
        assert_eq!(with, events, "{from}..{to}, target {target:?}");
        saved_target = Some(with);
    }
    saved_target.unwrap()
}

impl TestHall {
    fn on(&self, d: u32, h: u32, m: u32) {
        let (month, day) = if d > 30 { (12, d - 30) } else { (11, d) };
        self.clock.set(beijing(2026, month, day, h, m, 0));
    }
    async fn issue_on(&self, d: u32, h: u32, m: u32, prefix: &str) -> Ticket {
        self.on(d, h, m);
        self.try_issue(prefix, false).await.unwrap().ticket
    }
    async fn next_on(&self, d: u32, h: u32, m: u32, counter: i64) -> Ticket {
        self.on(d, h, m);
        self.hall.call_next(counter).await.unwrap().called.unwrap()
    }
}

#[tokio::test]
async fn summaries_always_equal_the_figures_from_the_events() {
    // Days are numbered from November: 30 is Monday, 31 Tuesday 1 December, and so on.
    let h = hall_at(beijing(2026, 11, 30, 9, 0, 0)).await;
    let c1 = h.open(1).await; // A and D
    let c3 = h.open(3).await; // A and B

    // Monday: served, a no-show, one served after closing; ended at 18:00.
    let a1 = h.issue_on(30, 10, 0, "A").await;
    let a2 = h.issue_on(30, 10, 5, "A").await;
    let b1 = h.issue_on(30, 10, 10, "B").await;
    h.on(30, 10, 12);
    h.hall.call_number(c1, "A001").await.unwrap();
    h.on(30, 10, 20);
    h.hall.finish(c1, a1.id).await.unwrap();
    h.on(30, 10, 25);
    h.hall.call_number(c3, "B001").await.unwrap();
    h.on(30, 10, 35);
    h.hall.call_number(c1, "A002").await.unwrap();
    h.on(30, 10, 45);
    h.hall.finish(c3, b1.id).await.unwrap();
    h.on(30, 10, 50);
    h.hall.no_show(c1, a2.id).await.unwrap();
    h.on(30, 12, 10);
    h.hall.guide_to_12123("desk").await.unwrap();
    let b2 = h.issue_on(30, 17, 20, "B").await;
    h.on(30, 17, 40);
    h.hall.call_number(c3, "B002").await.unwrap();
    h.on(30, 17, 52);
    h.hall.finish(c3, b2.id).await.unwrap();
    h.on(30, 18, 0);
    h.hall.end_day("desk").await.unwrap();
    // Ending the day made its summary.
    assert_eq!(summarized(&h).await, [MON]);
    checked(&h, MON, MON).await;

    // Tuesday: three people late; A002 is served past midnight, A003 waits until
    // Wednesday 09:05, while Wednesday's A001 (09:00) already waits.
    h.issue_on(31, 17, 20, "A").await;
    h.issue_on(31, 17, 25, "A").await;
    h.issue_on(31, 17, 26, "A").await;
    h.open(1).await; // ending Monday closed every window
    let t1 = h.next_on(31, 17, 30, c1).await;
    h.on(31, 17, 45);
    h.hall.finish(c1, t1.id).await.unwrap();
    let t2 = h.next_on(31, 23, 50, c1).await;
    assert_eq!(t2.number, "A002");
    h.on(32, 0, 20);
    h.hall.finish(c1, t2.id).await.unwrap();
    // Tuesday still has someone waiting: no summary, and the figures still equal.
    checked(&h, MON, WED).await;
    assert_eq!(summarized(&h).await, [MON]);
    let w1 = h.issue_on(32, 9, 0, "A").await;
    let t3 = h.next_on(32, 9, 5, c1).await;
    assert_eq!(
        (t3.business_day.as_str(), t3.number.as_str()),
        (TUE, "A003")
    );
    let w = h.next_on(32, 9, 15, c1).await; // finishes Tuesday's A003
    assert_eq!(w.id, w1.id);
    h.on(32, 9, 20);
    let s = checked(&h, MON, WED).await;
    // Tuesday is over and settled: summarized; Wednesday (today) is not.
    assert_eq!(summarized(&h).await, [MON, TUE]);
    // Two people waited at once at 09:00-09:05 (Tuesday's A003 and Wednesday's A001): the
    // summary of Tuesday alone would say one.
    assert_eq!(s.hours[9].longest_queue, 2);
    // Tuesday's last person (A003) finished on Wednesday at 09:15: 15 h 45 min past its
    // 17:30 closing.
    let tue = &s.days[1];
    assert_eq!(
        (
            tue.served,
            tue.minutes_past_closing,
            tue.last_finished.as_deref()
        ),
        (3, 15 * 60 + 45, Some("09:15+1"))
    );

    // Wednesday 09:30: Monday's no-show is voided, a correction of an ended day. The
    // trigger drops Monday's summary at once; the next figures make it again.
    h.on(32, 9, 30);
    h.hall.void_ticket(a2.id, "desk").await.unwrap();
    assert_eq!(summarized(&h).await, [TUE]);
    let s = checked(&h, MON, WED).await;
    assert_eq!(summarized(&h).await, [MON, TUE]);
    assert_eq!((s.days[0].no_show, s.days[0].voided), (0, 1));
    assert_eq!(s.corrections.len(), 1);
    assert_eq!(s.corrections[0].number, "A002");
    h.on(32, 9, 40);
    h.hall.finish(c1, w1.id).await.unwrap();

    // Thursday: one person waiting; the range runs into Friday.
    h.issue_on(33, 9, 0, "B").await;
    h.on(33, 10, 0);
    let s = checked(&h, MON, FRI).await;
    assert_eq!(summarized(&h).await, [MON, TUE, WED]);
    assert_eq!(s.totals.waiting_now, 1);
    // Monday 3 (A002 voided), Tuesday 3, Wednesday 1, Thursday 1.
    assert_eq!((s.totals.issued, s.totals.voided), (8, 1));
    checked(&h, TUE, THU).await;
    checked(&h, WED, WED).await;

    // The figures really come from the summaries: a summary altered behind the core's
    // back shows (which is why only the core writes them, and a trigger drops them).
    sqlx::query(
        "UPDATE day_summaries SET figures = replace(figures, '\"requeued\":0', '\"requeued\":7')
         WHERE business_day = ?",
    )
    .bind(MON)
    .execute(h.hall.pool())
    .await
    .unwrap();
    let altered = h.hall.statistics(q(MON, MON, None)).await.unwrap();
    let events = h
        .hall
        .statistics_from_events(q(MON, MON, None))
        .await
        .unwrap();
    assert_eq!((altered.totals.requeued, events.totals.requeued), (7, 0));
}
