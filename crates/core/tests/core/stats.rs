//! Statistics and 好差评: a day of known events driven with the settable clock, every
//! figure checked against a hand count (written next to each assertion).

use crate::common::{beijing, hall_at, TestHall};
use frontdesk_core::ratings::{FollowUpInput, RatingError, RatingInput};
use frontdesk_core::schedule::{DayKind, ExceptionInput, ExceptionKind, Session};
use frontdesk_core::stats::{Cell, ExportFormat, ExportRequest, Statistics, StatsQuery};
use frontdesk_core::{Error, HallEvent, RatingChange, ScheduleSettings, Ticket};
use std::collections::HashMap;

const DAY: &str = "2026-11-30"; // a Monday: 09:00-12:00 and 13:30-17:30

fn q(from: &str, to: &str) -> StatsQuery {
    StatsQuery {
        from: from.into(),
        to: to.into(),
        target_wait_minutes: None,
        lang: String::new(),
    }
}

impl TestHall {
    fn at(&self, h: u32, m: u32) {
        self.clock.set(beijing(2026, 11, 30, h, m, 0));
    }
    async fn issue_at(&self, h: u32, m: u32, prefix: &str) -> Ticket {
        self.at(h, m);
        self.try_issue(prefix, false).await.unwrap().ticket
    }
    async fn call_at(&self, h: u32, m: u32, counter: i64, number: &str) {
        self.at(h, m);
        let out = self.hall.call_number(counter, number).await.unwrap();
        assert_eq!(out.called.unwrap().number, number);
    }
    async fn finish_at(&self, h: u32, m: u32, counter: i64, t: &Ticket) {
        self.at(h, m);
        self.hall.finish(counter, t.id).await.unwrap();
    }
    async fn stats(&self, from: &str, to: &str) -> Statistics {
        self.hall.statistics(q(from, to)).await.unwrap()
    }
}

fn rate(counter: i64, t: &Ticket, level: i64, reasons: &[&str], comment: &str) -> RatingInput {
    RatingInput {
        counter_id: counter,
        ticket_id: t.id,
        level,
        reasons: reasons.iter().map(|r| r.to_string()).collect(),
        comment: comment.into(),
    }
}

/// The day of the test: 8 tickets, two counters, a no-show put back, a void, two people
/// served after closing, one still waiting, two guided to 12123, four ratings.
async fn known_day() -> (TestHall, i64, i64) {
    let h = hall_at(beijing(2026, 11, 30, 8, 55, 0)).await;
    let c1 = h.open(1).await; // serves A and D
    let c3 = h.open(3).await; // serves A and B
    let a1 = h.issue_at(9, 0, "A").await;
    let a2 = h.issue_at(9, 5, "A").await;
    let b1 = h.issue_at(9, 10, "B").await;
    h.call_at(9, 12, c1, "A001").await; // wait 12 min
    h.finish_at(9, 20, c1, &a1).await; // service 8 min
    h.at(9, 20);
    h.hall.rate_ticket(rate(c1, &a1, 5, &[], "")).await.unwrap();
    let a3 = h.issue_at(9, 21, "A").await;
    h.call_at(9, 25, c3, "B001").await; // wait 15 min
    let a4 = h.issue_at(9, 30, "A").await;
    h.call_at(9, 35, c1, "A002").await; // wait 30 min: within the target
    h.at(9, 40);
    h.hall.void_ticket(a4.id, "desk").await.unwrap();
    h.finish_at(9, 45, c3, &b1).await; // service 20 min
    h.hall
        .rate_ticket(rate(c3, &b1, 2, &["wait_too_long"], ""))
        .await
        .unwrap();
    h.at(9, 50);
    h.hall.no_show(c1, a2.id).await.unwrap(); // held 15 min, not served
    h.call_at(9, 55, c3, "A003").await; // wait 34 min: over the target
    h.at(10, 0);
    h.hall.requeue(a2.id).await.unwrap();
    h.finish_at(10, 5, c3, &a3).await; // service 10 min
    h.hall.rate_ticket(rate(c3, &a3, 4, &[], "")).await.unwrap();
    h.call_at(10, 10, c1, "A002").await; // first call stays 09:35
    h.finish_at(10, 16, c1, &a2).await; // service 6 min
    let _d1 = h.issue_at(11, 0, "D").await; // never called
    h.at(12, 10);
    h.hall.guide_to_12123("desk").await.unwrap(); // lunch break: after a cutoff
    h.at(16, 50);
    h.hall.guide_to_12123("desk").await.unwrap(); // open: not after a cutoff
    let b2 = h.issue_at(17, 20, "B").await;
    let a5 = h.issue_at(17, 25, "A").await;
    h.call_at(17, 40, c3, "B002").await; // wait 20 min
    h.finish_at(17, 52, c3, &b2).await; // service 12 min, after closing
    h.call_at(17, 55, c1, "A005").await; // wait 30 min
    h.finish_at(18, 7, c1, &a5).await; // service 12 min, 37 min past closing
    h.hall
        .rate_ticket(rate(c1, &a5, 1, &[], "等太久"))
        .await
        .unwrap();
    h.at(18, 10);
    (h, c1, c3)
}

#[tokio::test]
async fn a_known_day_gives_the_hand_counted_figures() {
    let (h, c1, c3) = known_day().await;
    let s = h.stats(DAY, DAY).await;
    let t = &s.totals;
    // A001 A002 B001 A003 D001 B002 A005 (A004 voided).
    assert_eq!((t.issued, t.voided), (7, 1));
    assert_eq!((t.served, t.no_show, t.requeued), (6, 0, 1));
    assert_eq!((t.waiting_now, t.serving_now), (1, 0));
    // Waits 720 900 1800 2040 1200 1800 s: sum 8460 / 6 = 1410; P90 = 6th of 6 = 2040.
    assert_eq!((t.avg_wait_s, t.p90_wait_s), (Some(1410), Some(2040)));
    // Within 30 min: all but A003 (34 min): 5 of 6 = 83.3 %.
    assert_eq!(s.target_wait_minutes, 30);
    assert_eq!((t.called, t.called_within_target), (6, 5));
    assert_eq!(t.service_level_pct, Some(83.3));
    // Service 480 1200 600 360 720 720 s: sum 4080 / 6 = 680; P90 = 1200.
    assert_eq!((t.avg_service_s, t.p90_service_s), (Some(680), Some(1200)));
    // B002 17:52 and A005 18:07 after 17:30; 18:07 is 37 minutes past.
    assert_eq!((t.served_after_closing, t.minutes_past_closing), (2, 37));
    assert_eq!((t.guided_to_12123, t.guided_after_cutoff), (2, 1));
    // Ratings 5, 2, 4, 1: average 3, two poor.
    assert_eq!((t.ratings, t.poor_ratings, t.rating_avg), (4, 2, Some(3.0)));

    let svc = |p: &str| s.services.iter().find(|r| r.prefix == p).unwrap();
    let a = svc("A");
    // A: waits 720 1800 2040 1800 -> 1590; service 480 360 600 720 -> 540.
    assert_eq!((a.issued, a.served, a.no_show), (4, 4, 0));
    assert_eq!((a.avg_wait_s, a.avg_service_s), (Some(1590), Some(540)));
    assert_eq!(
        (a.ratings, a.poor_ratings, a.rating_avg),
        (3, 1, Some(3.33))
    );
    let b = svc("B");
    assert_eq!((b.issued, b.served), (2, 2));
    assert_eq!((b.avg_wait_s, b.avg_service_s), (Some(1050), Some(960)));
    assert_eq!((b.ratings, b.poor_ratings, b.rating_avg), (1, 1, Some(2.0)));
    let d = svc("D");
    assert_eq!((d.issued, d.served, d.avg_wait_s), (1, 0, None));

    let ctr = |id: i64| s.counters.iter().find(|r| r.counter_id == id).unwrap();
    // Open time: 3 h + 4 h + 37 min = 27 420 s. Counter 1 held 480 + 900 + 360 + 720 =
    // 2460 s (8.97 %); counter 3 held 1200 + 600 + 720 = 2520 s (9.19 %).
    let one = ctr(c1);
    assert_eq!(
        (one.served, one.avg_service_s, one.busy_pct),
        (3, Some(520), Some(9.0))
    );
    assert_eq!(
        (one.ratings, one.poor_ratings, one.rating_avg),
        (2, 1, Some(3.0))
    );
    let three = ctr(c3);
    assert_eq!(
        (three.served, three.avg_service_s, three.busy_pct),
        (3, Some(840), Some(9.2))
    );
    let two = s.counters.iter().find(|r| r.number == 2).unwrap();
    assert_eq!((two.served, two.busy_pct), (0, None));

    let arrivals: Vec<i64> = s.hours.iter().map(|r| r.arrivals).collect();
    let queue: Vec<i64> = s.hours.iter().map(|r| r.longest_queue).collect();
    let mut want_arrivals = vec![0; 24];
    want_arrivals[9] = 5; // A001 A002 B001 A003 A004
    want_arrivals[11] = 1; // D001
    want_arrivals[17] = 2; // B002 A005
    assert_eq!(arrivals, want_arrivals);
    // 09: 3 waiting at 09:10, 09:21 and 09:30; 10: A002 put back; 11-16: D001;
    // 17: D001 B002 A005; 18: D001 (the clock stands at 18:10).
    let mut want_queue = vec![0; 24];
    want_queue[9] = 3;
    want_queue[10] = 1;
    for q in &mut want_queue[11..17] {
        *q = 1;
    }
    want_queue[17] = 3;
    want_queue[18] = 1;
    assert_eq!(queue, want_queue);

    assert_eq!(s.days.len(), 1);
    let day = &s.days[0];
    assert_eq!(day.kind, DayKind::Weekly);
    assert_eq!(day.closing.as_deref(), Some("17:30"));
    assert_eq!(day.last_finished.as_deref(), Some("18:07"));
    assert_eq!(
        (day.served_after_closing, day.minutes_past_closing),
        (2, 37)
    );
    assert!(!day.ended);
    // The schedule's own day record says the same.
    let rec = h.hall.day_record(DAY).await.unwrap();
    assert_eq!(
        (
            rec.issued,
            rec.served,
            rec.served_after_closing,
            rec.minutes_past_closing
        ),
        (
            day.issued,
            day.served,
            day.served_after_closing,
            day.minutes_past_closing
        )
    );
    assert_eq!(
        (rec.guided_to_12123, rec.guided_after_cutoff),
        (day.guided_to_12123, day.guided_after_cutoff)
    );

    assert_eq!(s.poor_ratings.len(), 2);
    assert!(s.corrections.is_empty());
    let levels: Vec<(i64, i64)> = s.rating_levels.iter().map(|l| (l.level, l.count)).collect();
    assert_eq!(levels, [(5, 1), (4, 1), (3, 0), (2, 1), (1, 1)]);
    // Nothing booked on a weekday.
    assert_eq!(s.appointments.booked, 0);
}

#[tokio::test]
async fn the_target_wait_is_configurable() {
    let (h, _, _) = known_day().await;
    // 20 min: 720 900 1200 within; 1800 1800 2040 over: 3 of 6.
    let mut query = q(DAY, DAY);
    query.target_wait_minutes = Some(20);
    let s = h.hall.statistics(query).await.unwrap();
    assert_eq!(
        (s.totals.called_within_target, s.totals.service_level_pct),
        (3, Some(50.0))
    );
    // Saved: used when the query names none.
    h.hall.save_target_wait_minutes(15).await.unwrap();
    let s = h.stats(DAY, DAY).await;
    assert_eq!(
        (s.target_wait_minutes, s.totals.called_within_target),
        (15, 2)
    );
    assert!(matches!(
        h.hall.save_target_wait_minutes(0).await,
        Err(Error::OutOfRange { .. })
    ));
}

#[tokio::test]
async fn ratings_need_a_reason_when_poor_and_come_once_per_finished_ticket() {
    let (h, c1, c3) = known_day().await;
    let a1 = h.hall.find_ticket("A001").await.unwrap();
    let d1 = h.hall.find_ticket("D001").await.unwrap();
    let a2 = h.hall.find_ticket("A002").await.unwrap();
    let before = h.stats(DAY, DAY).await.totals;
    let refused = h
        .hall
        .rate_ticket(rate(c1, &a1, 5, &[], ""))
        .await
        .unwrap_err();
    assert!(matches!(
        refused,
        Error::Rating(RatingError::AlreadyRated { .. })
    ));
    assert_eq!(refused.code(), "already_rated");
    // Poor without a reason or a comment.
    let refused = h
        .hall
        .rate_ticket(rate(c1, &a2, 2, &[], "  "))
        .await
        .unwrap_err();
    assert!(matches!(
        refused,
        Error::Rating(RatingError::ReasonRequired)
    ));
    // A reason not on the list.
    let refused = h
        .hall
        .rate_ticket(rate(c1, &a2, 1, &["bribe"], ""))
        .await
        .unwrap_err();
    assert!(matches!(
        refused,
        Error::Rating(RatingError::UnknownReason { .. })
    ));
    // At another counter than the one that finished it.
    let refused = h
        .hall
        .rate_ticket(rate(c3, &a2, 4, &[], ""))
        .await
        .unwrap_err();
    assert!(matches!(
        refused,
        Error::Rating(RatingError::NotThisCounter { .. })
    ));
    // Not finished.
    let refused = h
        .hall
        .rate_ticket(rate(c1, &d1, 4, &[], ""))
        .await
        .unwrap_err();
    assert!(matches!(refused, Error::WrongTicketState { .. }));
    assert!(matches!(
        h.hall.rate_ticket(rate(c1, &a2, 6, &[], "")).await,
        Err(Error::OutOfRange { .. })
    ));
    assert_eq!(h.stats(DAY, DAY).await.totals, before);

    // A good rating needs no reason; a poor one with a listed reason and text. Only the
    // accepted rating is announced (the statistics screen reloads on it), without a number.
    let mut events = h.hall.subscribe();
    let ok = h
        .hall
        .rate_ticket(rate(c1, &a2, 2, &["attitude", "other"], "态度差"))
        .await
        .unwrap();
    assert_eq!(ok.reasons, ["attitude", "other"]);
    assert_eq!((ok.number.as_str(), ok.level), ("A002", 2));
    assert_eq!(
        events.try_recv().unwrap(),
        HallEvent::Rating {
            change: RatingChange::Rated,
            rating_id: ok.id,
            business_day: DAY.into(),
            level: 2,
        }
    );
    assert!(events.try_recv().is_err(), "one event per rating");

    // Follow-up of a poor rating: who, when, what.
    h.at(18, 30);
    let poor = h.hall.poor_ratings(DAY, DAY).await.unwrap();
    assert_eq!(poor.len(), 3);
    let b1 = poor.iter().find(|p| p.rating.number == "B001").unwrap();
    assert_eq!(b1.rating.reasons, ["wait_too_long"]);
    assert!(b1.follow_ups.is_empty());
    let done = h
        .hall
        .follow_up_rating(FollowUpInput {
            rating_id: b1.rating.id,
            staff: "王主任".into(),
            action: "电话回访，已致歉".into(),
        })
        .await
        .unwrap();
    assert_eq!(done.follow_ups.len(), 1);
    assert!(matches!(
        events.try_recv().unwrap(),
        HallEvent::Rating {
            change: RatingChange::FollowedUp,
            level: 2,
            ..
        }
    ));
    assert_eq!(done.follow_ups[0].staff, "王主任");
    assert_eq!(
        done.follow_ups[0].at,
        beijing(2026, 11, 30, 18, 30, 0).timestamp_millis()
    );
    // A good rating is not followed up.
    let good = h
        .hall
        .rate_ticket(rate(
            c3,
            &h.hall.find_ticket("A003").await.unwrap(),
            5,
            &[],
            "",
        ))
        .await;
    assert!(matches!(
        good,
        Err(Error::Rating(RatingError::AlreadyRated { .. }))
    ));
    let a1_rating = h
        .stats(DAY, DAY)
        .await
        .poor_ratings
        .iter()
        .all(|p| p.rating.number != "A001");
    assert!(a1_rating);
    let s = h.stats(DAY, DAY).await;
    assert_eq!((s.totals.ratings, s.totals.poor_ratings), (5, 3));
    let table = s.tables.iter().find(|t| t.id == "poor_ratings").unwrap();
    let row = table
        .rows
        .iter()
        .find(|r| r[1] == Cell::Text("B001".into()))
        .unwrap();
    assert_eq!(row[7], Cell::Text("王主任".into()));
}

#[tokio::test]
async fn the_rating_window_offers_the_last_finished_ticket_once() {
    let (h, c1, c3) = known_day().await;
    // A005 was finished and rated at counter 1: nothing left to offer.
    assert_eq!(h.hall.rating_prompt(c1).await.unwrap(), None);
    // B002 (counter 3, 17:52) is not rated yet and within ten minutes at 18:00.
    h.at(18, 0);
    let offered = h.hall.rating_prompt(c3).await.unwrap().unwrap();
    assert_eq!(offered.number, "B002");
    h.at(18, 10);
    assert_eq!(h.hall.rating_prompt(c3).await.unwrap(), None);
}

#[tokio::test]
async fn extended_service_past_midnight_counts_on_the_day_of_issue() {
    let h = hall_at(beijing(2026, 11, 30, 17, 0, 0)).await;
    let c1 = h.open(1).await;
    let a1 = h.issue_at(17, 25, "A").await;
    h.call_at(23, 50, c1, "A001").await;
    h.clock.set(beijing(2026, 12, 1, 0, 20, 0));
    h.hall.finish(c1, a1.id).await.unwrap();
    let s = h.stats(DAY, "2026-12-01").await;
    let (mon, tue) = (&s.days[0], &s.days[1]);
    // 17:30 to 00:20 is 6 h 50 min.
    assert_eq!(
        (
            mon.served,
            mon.served_after_closing,
            mon.minutes_past_closing
        ),
        (1, 1, 410)
    );
    assert_eq!(mon.last_finished.as_deref(), Some("00:20+1"));
    assert_eq!(
        (tue.issued, tue.served, tue.minutes_past_closing),
        (0, 0, 0)
    );
    // Wait 6 h 25 min; service 30 min.
    assert_eq!(
        (s.totals.avg_wait_s, s.totals.avg_service_s),
        (Some(23_100), Some(1800))
    );
    // The queue of one stood from 17:25 until the call at 23:50.
    let queue: Vec<i64> = s.hours.iter().map(|r| r.longest_queue).collect();
    assert_eq!(&queue[17..24], &[1, 1, 1, 1, 1, 1, 1]);
    assert_eq!(queue[0], 0);
    // The day of issue alone gives the same.
    let only = h.stats(DAY, DAY).await;
    assert_eq!(only.days[0], *mon);
}

#[tokio::test]
async fn guidance_during_extended_service_counts_as_after_the_cutoff() {
    let h = hall_at(beijing(2026, 11, 30, 17, 0, 0)).await;
    h.open(1).await;
    h.issue_at(17, 20, "A").await;
    h.at(17, 25); // open: issuing still open
    h.hall.guide_to_12123("desk").await.unwrap();
    h.at(17, 40); // past the 17:30 closing, A001 still waiting: 延时服务
    assert_eq!(
        h.hall.hall_status().await.unwrap().status,
        frontdesk_core::HallState::ExtendedService
    );
    let count = h.hall.guide_to_12123("desk").await.unwrap();
    assert_eq!((count.today, count.after_cutoff), (2, 1));
    let t = h.stats(DAY, DAY).await.totals;
    assert_eq!((t.guided_to_12123, t.guided_after_cutoff), (2, 1));
}

#[tokio::test]
async fn a_range_across_a_holiday_lists_every_day() {
    let h = hall_at(beijing(2026, 12, 4, 9, 0, 0)).await;
    h.hall
        .save_exception(
            &crate::common::staff(&h.hall).await,
            ExceptionInput {
                date: "2026-12-07".into(),
                kind: ExceptionKind::Closed,
                sessions: Vec::new(),
                follows: None,
                name: "测试假日".into(),
                note: String::new(),
            },
        )
        .await
        .unwrap();
    let c1 = h.open(1).await;
    // Friday: two people, one served.
    h.clock.set(beijing(2026, 12, 4, 9, 0, 0));
    h.try_issue("A", false).await.unwrap();
    h.clock.set(beijing(2026, 12, 4, 9, 1, 0));
    h.try_issue("A", false).await.unwrap();
    h.clock.set(beijing(2026, 12, 4, 9, 10, 0));
    h.hall.call_next(c1).await.unwrap();
    h.clock.set(beijing(2026, 12, 4, 9, 20, 0));
    h.hall.call_next(c1).await.unwrap(); // finishes the first, calls the second
    h.clock.set(beijing(2026, 12, 4, 9, 30, 0));
    let cur = h.hall.counter_view(c1).await.unwrap().current.unwrap();
    h.hall.finish(c1, cur.id).await.unwrap();
    // The holiday refuses numbers.
    h.clock.set(beijing(2026, 12, 7, 10, 0, 0));
    assert!(h.try_issue("A", false).await.is_err());
    // Tuesday: one person.
    h.clock.set(beijing(2026, 12, 8, 10, 0, 0));
    h.try_issue("B", false).await.unwrap();

    let s = h.stats("2026-12-04", "2026-12-08").await;
    let kinds: Vec<(&str, DayKind, i64)> = s
        .days
        .iter()
        .map(|d| (d.date.as_str(), d.kind, d.issued))
        .collect();
    assert_eq!(
        kinds,
        [
            ("2026-12-04", DayKind::Weekly, 2),
            ("2026-12-05", DayKind::Weekly, 0),
            ("2026-12-06", DayKind::Weekly, 0),
            ("2026-12-07", DayKind::Closed, 0),
            ("2026-12-08", DayKind::Weekly, 1),
        ]
    );
    assert_eq!(s.days[3].name, "测试假日");
    assert_eq!(s.days[3].closing, None);
    assert_eq!(s.days[5 - 1].closing.as_deref(), Some("17:30"));
    assert_eq!(s.days[1].closing, None); // Saturday: no session
    assert_eq!(
        (s.totals.issued, s.totals.served, s.totals.waiting_now),
        (3, 2, 1)
    );
    // Waits 10 and 19 min.
    assert_eq!(s.totals.avg_wait_s, Some(870));
    // Arrivals sum over the days: 09:00 twice, 10:00 once.
    assert_eq!((s.hours[9].arrivals, s.hours[10].arrivals), (2, 1));
}

#[tokio::test]
async fn an_ended_day_changes_only_through_corrections_that_are_shown() {
    let h = hall_at(beijing(2026, 11, 30, 9, 0, 0)).await;
    let c1 = h.open(1).await;
    let a1 = h.issue_at(16, 0, "A").await;
    let a2 = h.issue_at(16, 5, "A").await;
    h.call_at(16, 10, c1, "A001").await;
    h.finish_at(17, 40, c1, &a1).await; // 10 min past closing
    h.call_at(17, 41, c1, "A002").await;
    h.at(17, 45);
    h.hall.no_show(c1, a2.id).await.unwrap();
    h.at(18, 0);
    h.hall.end_day("desk").await.unwrap();
    let ended = h.stats(DAY, DAY).await;
    assert!(ended.days[0].ended);
    assert_eq!(
        (ended.totals.no_show, ended.totals.minutes_past_closing),
        (1, 10)
    );

    // A later edit of the plan (closing at 17:00) leaves the ended day's closing alone.
    let mut plan = ScheduleSettings::default();
    for d in frontdesk_core::schedule::DayOfWeek::ALL {
        let day = plan.week.day_mut(d);
        if !day.is_empty() {
            *day = vec![
                Session::new("09:00", "12:00"),
                Session::new("13:30", "17:00"),
            ];
        }
    }
    h.clock.set(beijing(2026, 12, 1, 8, 0, 0));
    h.hall
        .save_schedule_settings(&crate::common::staff(&h.hall).await, plan)
        .await
        .unwrap();
    let after_edit = h.stats(DAY, DAY).await;
    assert_eq!(after_edit.days[0].closing.as_deref(), Some("17:30"));
    assert_eq!(after_edit.totals, ended.totals);
    assert!(after_edit.corrections.is_empty());

    // The next morning the desk voids the no-show: the figures change, and the change
    // is listed as a correction of that day.
    h.clock.set(beijing(2026, 12, 1, 8, 30, 0));
    h.hall.void_ticket(a2.id, "desk").await.unwrap();
    let corrected = h.stats(DAY, DAY).await;
    assert_eq!((corrected.totals.no_show, corrected.totals.voided), (0, 1));
    assert_eq!(corrected.corrections.len(), 1);
    let c = &corrected.corrections[0];
    assert_eq!(
        (c.business_day.as_str(), c.number.as_str(), c.kind.as_str()),
        (DAY, "A002", "voided")
    );
    let table = corrected
        .tables
        .iter()
        .find(|t| t.id == "corrections")
        .unwrap();
    assert_eq!(table.rows.len(), 1);
}

#[tokio::test]
async fn bad_ranges_are_refused() {
    let h = hall_at(beijing(2026, 11, 30, 9, 0, 0)).await;
    for (from, to) in [
        ("2026-12-01", "2026-11-30"),
        ("x", DAY),
        (DAY, "2026-13-01"),
    ] {
        assert!(matches!(
            h.hall.statistics(q(from, to)).await,
            Err(Error::Invalid { .. })
        ));
    }
    assert!(matches!(
        h.hall.statistics(q("2020-01-01", "2026-01-01")).await,
        Err(Error::OutOfRange { .. })
    ));
}

fn parse_csv(text: &str) -> Vec<Vec<String>> {
    // The export quotes only fields with a comma, a quote or a line break.
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match (quoted, ch) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

fn cell_text(c: &Cell, labels: &HashMap<String, String>) -> String {
    match c {
        Cell::Int(v) => v.to_string(),
        Cell::Num(v) => v.to_string(),
        Cell::Text(t) => t.clone(),
        Cell::Key { key } => key
            .split(' ')
            .map(|k| labels.get(k).cloned().unwrap_or_else(|| k.to_string()))
            .collect::<Vec<_>>()
            .join("、"),
        Cell::Empty => String::new(),
    }
}

#[tokio::test]
async fn export_writes_the_screens_tables_as_csv_with_bom_and_one_sheet_per_table() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let (h, _, _) = known_day().await;
    let labels: HashMap<String, String> = [
        ("issued", "取号"),
        ("figure", "指标"),
        ("value", "数值"),
        ("table_summary", "概览"),
        ("table_days", "每日"),
        ("level_2", "不满意"),
        ("reason_wait_too_long", "等候太久"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let screen = h.stats(DAY, DAY).await;
    let dir = h.dir.path().join("export");
    let files = h
        .hall
        .export_statistics(
            ExportRequest {
                query: q(DAY, DAY),
                format: ExportFormat::Csv,
                labels: labels.clone(),
            },
            &dir,
        )
        .await
        .unwrap();
    assert_eq!(files.len(), screen.tables.len());
    for (file, table) in files.iter().zip(&screen.tables) {
        let bytes = std::fs::read(file).unwrap();
        assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "{file:?} starts with the BOM");
        let rows = parse_csv(std::str::from_utf8(&bytes[3..]).unwrap());
        assert_eq!(rows.len(), table.rows.len() + 1, "{file:?}");
        let head: Vec<String> = table
            .columns
            .iter()
            .map(|c| labels.get(c).cloned().unwrap_or_else(|| c.clone()))
            .collect();
        assert_eq!(rows[0], head);
        for (got, want) in rows[1..].iter().zip(&table.rows) {
            let want: Vec<String> = want.iter().map(|c| cell_text(c, &labels)).collect();
            assert_eq!(*got, want, "{file:?}");
        }
    }
    // The summary reads back with the screen's numbers.
    let summary = std::fs::read_to_string(&files[0]).unwrap();
    let rows = parse_csv(summary.trim_start_matches('\u{feff}'));
    assert_eq!(rows[0], ["指标", "数值"]);
    assert_eq!(rows[1], ["取号", "7"]);
    let level: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[0] == "service_level_pct")
        .collect();
    assert_eq!(level[0][1].parse::<f64>().unwrap(), 83.3);
    let poor = std::fs::read_to_string(
        files
            .iter()
            .find(|f| f.to_string_lossy().ends_with("poor_ratings.csv"))
            .unwrap(),
    )
    .unwrap();
    assert!(poor.contains("不满意") && poor.contains("等候太久"));

    let files = h
        .hall
        .export_statistics(
            ExportRequest {
                query: q(DAY, DAY),
                format: ExportFormat::Xlsx,
                labels: labels.clone(),
            },
            &dir,
        )
        .await
        .unwrap();
    assert_eq!(files.len(), 1);
    let mut book: Xlsx<_> = open_workbook(&files[0]).unwrap();
    let names = book.sheet_names();
    assert_eq!(names.len(), screen.tables.len());
    assert_eq!(&names[..2], ["概览", "每日"]);
    for (name, table) in names.iter().zip(&screen.tables) {
        let range = book.worksheet_range(name).unwrap();
        assert_eq!(range.height(), table.rows.len() + 1, "{name}");
        for (r, row) in table.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let got = range.get((r + 1, c));
                match cell {
                    Cell::Int(v) => {
                        assert_eq!(got, Some(&Data::Float(*v as f64)), "{name} {r} {c}")
                    }
                    Cell::Num(v) => assert_eq!(got, Some(&Data::Float(*v)), "{name} {r} {c}"),
                    Cell::Empty => assert!(matches!(got, None | Some(Data::Empty))),
                    other if cell_text(other, &labels).is_empty() => {
                        assert!(matches!(got, None | Some(Data::Empty)))
                    }
                    other => assert_eq!(
                        got,
                        Some(&Data::String(cell_text(other, &labels))),
                        "{name} {r} {c}"
                    ),
                }
            }
        }
    }
}

#[tokio::test]
async fn appointments_count_booked_checked_in_cancelled_and_missed() {
    use frontdesk_core::booking::CheckInBy;
    // Monday: four people book Saturday 2026-12-05, 09:00-10:00 in 30-minute slots.
    let h = hall_at(beijing(2026, 11, 30, 10, 0, 0)).await;
    let s = h.session("2026-12-05", "09:00", "10:00", 30, 4).await;
    let mut booked = Vec::new();
    for i in 1..=4 {
        booked.push(h.book_person(s.slots[0].id, i).await.unwrap());
    }
    h.hall.cancel_booking(booked[3].id).await.unwrap();
    // Saturday: two check in; the third never comes and is marked missed after the grace.
    h.clock.set(beijing(2026, 12, 5, 8, 50, 0));
    for b in &booked[..2] {
        h.hall
            .check_in(CheckInBy::Code(b.code.clone()))
            .await
            .unwrap();
    }
    h.clock.set(beijing(2026, 12, 5, 12, 0, 0));
    h.hall.mark_booking_no_shows().await.unwrap();
    let a = h.stats("2026-12-05", "2026-12-05").await.appointments;
    assert_eq!(
        (a.booked, a.checked_in, a.cancelled, a.missed, a.open),
        (4, 2, 1, 1, 0)
    );
    // The check-in tickets (Y001, Y002) count as issued that day.
    let s = h.stats("2026-12-05", "2026-12-05").await;
    assert_eq!((s.totals.issued, s.totals.waiting_now), (2, 2));
    // Other dates know nothing of them.
    assert_eq!(h.stats(DAY, DAY).await.appointments.booked, 0);
}
