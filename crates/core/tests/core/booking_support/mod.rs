//! Shared set-up for the booking tests: valid made-up people, sessions on the default hall
//! (window 6 is its appointment counter) and bookings. Used next to `common`.
#![allow(dead_code)]

use crate::common::TestHall;
use frontdesk_core::booking::identity::id_check_char;
use frontdesk_core::booking::{BookingInput, BookingSession, BookingSummary, SessionInput};
use frontdesk_core::{BookingSettings, Error};

/// A valid ID number: `region` (6 digits), `birth` (YYYYMMDD), sequence 0..=999.
pub fn id_number(region: &str, birth: &str, seq: u32) -> String {
    let first17 = format!("{region}{birth}{seq:03}");
    format!("{first17}{}", id_check_char(&first17).unwrap())
}

/// A made-up person number `i`: name, mobile, ID number (all valid, all distinct).
pub fn person(i: u32) -> (String, String, String) {
    let surnames = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄'];
    let name = format!("{}测{}", surnames[i as usize % surnames.len()], "试");
    let mobile = format!("139{:08}", 10_000_000 + i);
    let id = id_number("110105", &format!("19{:02}0101", 50 + i % 40), i % 1000);
    (name, mobile, id)
}

/// Booking input for person `i`.
pub fn input(slot_id: i64, service_id: i64, i: u32) -> BookingInput {
    let (name, mobile, id_number) = person(i);
    BookingInput {
        slot_id,
        service_id,
        name,
        mobile,
        id_number,
        note: String::new(),
    }
}

impl TestHall {
    /// A session on `date` at window 6 for services A and B.
    pub async fn session(
        &self,
        date: &str,
        start: &str,
        end: &str,
        slot_minutes: i64,
        capacity: i64,
    ) -> BookingSession {
        let counter = self.counter_id(6).await;
        let services = vec![self.service_id("A").await, self.service_id("B").await];
        self.hall
            .create_booking_session(
                &crate::common::staff(&self.hall).await,
                SessionInput {
                    date: date.into(),
                    start: start.into(),
                    end: end.into(),
                    slot_minutes,
                    capacity,
                    counter_ids: vec![counter],
                    service_ids: services,
                    note: String::new(),
                },
            )
            .await
            .unwrap()
    }

    /// The first slot of a one-slot-per-call helper session on `date`, 09:00–09:30.
    pub async fn slot_on(&self, date: &str, capacity: i64) -> i64 {
        self.session(date, "09:00", "09:30", 30, capacity)
            .await
            .slots[0]
            .id
    }

    /// Books person `i` into `slot_id` for service A.
    pub async fn book_person(&self, slot_id: i64, i: u32) -> Result<BookingSummary, Error> {
        let a = self.service_id("A").await;
        self.hall.book(input(slot_id, a, i)).await
    }

    /// Makes `date` a make-up working day (调休) that follows the schedule's weekday.
    pub async fn make_up_day(&self, date: &str) {
        self.hall
            .save_exception(
                &crate::common::staff(&self.hall).await,
                frontdesk_core::schedule::ExceptionInput {
                    date: date.into(),
                    kind: frontdesk_core::schedule::ExceptionKind::Workday,
                    sessions: Vec::new(),
                    follows: None,
                    name: "调休".into(),
                    note: String::new(),
                },
            )
            .await
            .unwrap();
    }

    /// Changes booking settings.
    pub async fn booking_rules(&self, f: impl FnOnce(&mut BookingSettings)) {
        let mut s = self.hall.booking_settings().await.unwrap();
        f(&mut s);
        self.hall
            .save_booking_settings(&crate::common::staff(&self.hall).await, s)
            .await
            .unwrap();
    }

    /// Rows in the booking tables: "nothing written" is checked with this.
    pub async fn booking_rows(&self) -> (i64, i64, i64, i64) {
        sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM bookings), (SELECT COUNT(*) FROM booking_events),
                    (SELECT COUNT(*) FROM booking_sessions), (SELECT COUNT(*) FROM booking_slots)",
        )
        .fetch_one(self.hall.pool())
        .await
        .unwrap()
    }
}
