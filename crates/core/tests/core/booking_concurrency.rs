//! Many bookings at once: a slot is never overbooked and a person never gets two places
//! on one day, also when two halls (two PCs, two processes) write the same file.

use crate::booking_support::*;
use crate::common::*;
use frontdesk_core::{BookingError, Error};
use std::collections::HashSet;

async fn seats(h: &TestHall, slot: i64) -> Vec<i64> {
    sqlx::query_scalar(
        "SELECT seat FROM bookings WHERE slot_id = ? AND status IN ('booked', 'checked_in')
         ORDER BY seat",
    )
    .bind(slot)
    .fetch_all(h.hall.pool())
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_people_for_the_last_two_places_two_get_them() {
    let h = hall().await;
    let slot = h.slot_on("2026-12-05", 5).await;
    for i in 0..3 {
        h.book_person(slot, i).await.unwrap();
    }
    let a = h.service_id("A").await;
    let mut tasks = Vec::new();
    for i in 100..120 {
        let hall = h.hall.clone();
        tasks.push(tokio::spawn(
            async move { hall.book(input(slot, a, i)).await },
        ));
    }
    let mut ok = 0;
    let mut full = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            Err(Error::Booking(BookingError::SlotFull { .. })) => full += 1,
            Err(e) => panic!("unexpected {e:?}"),
        }
    }
    assert_eq!((ok, full), (2, 18));
    assert_eq!(seats(&h, slot).await, [1, 2, 3, 4, 5]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_halls_on_one_file_never_overbook() {
    // Two PCs: separate pools and separate in-process write queues on one database file;
    // only SQLite's lock and the unique index stand between them.
    let h = hall().await;
    // Below the folder lock, which would refuse a second hall in the folder.
    let other = frontdesk_core::Hall::open_file(
        h.hall.db_path(),
        h.clock.clone(),
        frontdesk_core::key_store::KeyPlace::FileOnly,
    )
    .await
    .unwrap();
    let slot = h.slot_on("2026-12-05", 2).await;
    let a = h.service_id("A").await;
    let mut tasks = Vec::new();
    for i in 0..20 {
        let hall = if i % 2 == 0 {
            h.hall.clone()
        } else {
            other.clone()
        };
        tasks.push(tokio::spawn(
            async move { hall.book(input(slot, a, i)).await },
        ));
    }
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            Err(Error::Booking(BookingError::SlotFull { .. })) => {}
            Err(e) => panic!("unexpected {e:?}"),
        }
    }
    assert_eq!(ok, 2);
    assert_eq!(seats(&h, slot).await, [1, 2]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_person_booking_twice_at_once_gets_one_place() {
    let h = hall().await;
    let s = h.session("2026-12-05", "09:00", "12:00", 30, 5).await;
    let a = h.service_id("A").await;
    let mut tasks = Vec::new();
    for k in 0..10 {
        let hall = h.hall.clone();
        // Every task a different slot of the same day, same person.
        let slot = s.slots[k % s.slots.len()].id;
        tasks.push(tokio::spawn(
            async move { hall.book(input(slot, a, 7)).await },
        ));
    }
    let mut codes = HashSet::new();
    let mut refused = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(b) => {
                codes.insert(b.code);
            }
            Err(Error::Booking(BookingError::AlreadyBookedThatDay { date })) => {
                assert_eq!(date, "2026-12-05");
                refused += 1;
            }
            Err(e) => panic!("unexpected {e:?}"),
        }
    }
    assert_eq!((codes.len(), refused), (1, 9));
    let active: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM bookings WHERE status IN ('booked', 'checked_in')",
    )
    .fetch_one(h.hall.pool())
    .await
    .unwrap();
    assert_eq!(active, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn confirmation_codes_are_unique() {
    let h = hall().await;
    h.booking_rules(|s| s.week_limit = 7).await;
    let s = h.session("2026-12-05", "08:00", "18:00", 30, 20).await;
    let a = h.service_id("A").await;
    let mut codes = HashSet::new();
    for (i, slot) in (0..200u32).zip(s.slots.iter().cycle()) {
        let b = h.hall.book(input(slot.id, a, 300 + i)).await.unwrap();
        assert!(b
            .code
            .bytes()
            .all(|c| b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ".contains(&c)));
        codes.insert(b.code);
    }
    assert_eq!(codes.len(), 200);
}
