//! Rules the screens rely on (issue 14): booking search by the four digits every list shows,
//! a cancelled booking's check-in says "cancelled", and a clerk leaving a window settles the
//! ticket it holds (back to the queue in its old place) before the window closes.

use crate::booking_support::*;
use crate::common::*;
use frontdesk_core::booking::CheckInBy;
use frontdesk_core::{BookingError, CounterState, Error, TransferTarget};

#[tokio::test]
async fn search_finds_a_booking_by_the_last_four_digits_of_its_phone_or_id() {
    let h = hall().await;
    let slot = h.slot_on("2026-12-05", 3).await;
    let one = h.book_person(slot, 1).await.unwrap();
    let two = h.book_person(slot, 2).await.unwrap();
    let (_, mobile, id) = person(1);

    // The lists show 139****0001 and the ID's last four: those digits find it.
    let tail = &mobile[7..];
    assert!(one.masked_mobile.ends_with(tail));
    let found = h.hall.search_bookings(tail).await.unwrap();
    assert_eq!(
        found.iter().map(|b| b.id).collect::<Vec<_>>(),
        vec![one.id],
        "by the phone's tail"
    );
    let id_tail = &id[14..];
    assert!(one.masked_id_number.ends_with(id_tail));
    let found = h
        .hall
        .search_bookings(&id_tail.to_lowercase())
        .await
        .unwrap();
    assert!(found.iter().any(|b| b.id == one.id), "by the ID's tail");
    assert!(found
        .iter()
        .all(|b| b.masked_id_number.ends_with(id_tail) || b.masked_mobile.ends_with(id_tail)));
    // Another person's digits find the other person only; digits nobody has find nobody.
    let found = h.hall.search_bookings(&person(2).1[7..]).await.unwrap();
    assert_eq!(found.iter().map(|b| b.id).collect::<Vec<_>>(), vec![two.id]);
    assert!(h.hall.search_bookings("9999").await.unwrap().is_empty());
}

#[tokio::test]
async fn checking_in_a_cancelled_booking_by_phone_or_id_says_cancelled() {
    let h = hall().await;
    let slot = h.slot_on("2026-12-05", 3).await;
    let b = h.book_person(slot, 1).await.unwrap();
    h.hall.cancel_booking(b.id).await.unwrap();
    h.clock.set(beijing(2026, 12, 5, 8, 45, 0));
    let (_, mobile, id) = person(1);
    for by in [
        CheckInBy::Mobile(mobile),
        CheckInBy::IdNumber(id),
        CheckInBy::Code(b.code.clone()),
    ] {
        match h.hall.check_in(by).await.unwrap_err() {
            Error::Booking(e) => assert_eq!(
                e,
                BookingError::WrongBookingState {
                    status: "cancelled",
                    expected: "booked"
                }
            ),
            other => panic!("expected a booking error, got {other:?}"),
        }
    }
    // Someone with no booking at all is still "not found".
    match h
        .hall
        .check_in(CheckInBy::Mobile(person(7).1))
        .await
        .unwrap_err()
    {
        Error::Booking(e) => assert_eq!(e, BookingError::NoBookingFound),
        other => panic!("expected a booking error, got {other:?}"),
    }
}

#[tokio::test]
async fn leaving_a_window_returns_its_ticket_to_the_queue_in_its_old_place_then_closes_it() {
    let h = hall().await;
    let first = h.issue("A", false).await.ticket;
    h.issue("A", false).await;
    let w1 = h.open(1).await;
    let w2 = h.open(2).await;
    assert_eq!(h.next(w1).await.as_deref(), Some(first.number.as_str()));

    // Closing while a number is called there is refused: the window must settle it first.
    let refused = h.hall.close_counter(w1).await.unwrap_err();
    assert_eq!(refused.code(), "wrong_ticket_state");
    // "Back to the queue": a transfer to its own service keeps its place by issue time.
    h.hall
        .transfer(w1, first.id, TransferTarget::Service(first.service_id))
        .await
        .unwrap();
    let closed = h.hall.close_counter(w1).await.unwrap();
    assert_eq!(closed.state, CounterState::Closed);
    assert_eq!(h.next(w2).await.as_deref(), Some(first.number.as_str()));
    // A closed window calls nobody until it is opened again.
    assert_eq!(
        h.hall.call_next(w1).await.unwrap_err().code(),
        "counter_closed"
    );
}
