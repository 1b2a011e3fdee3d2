//! Check-in at the desk and the appointment ticket at the dedicated counter (window 6 in
//! the default hall), called before walk-ins; window 1 never calls it.

use crate::booking_support::*;
use crate::common::*;
use frontdesk_core::booking::{BookingStatus, CheckInBy};
use frontdesk_core::{BookingChange, BookingError, Error, HallEvent, TicketChange, TicketStatus};

fn booking_err(e: Error) -> BookingError {
    match e {
        Error::Booking(b) => b,
        other => panic!("expected a booking error, got {other:?}"),
    }
}

#[tokio::test]
async fn on_a_saturday_check_in_by_code_phone_or_id_gives_y_tickets_for_window_6() {
    let h = hall().await;
    let s = h.session("2026-12-05", "09:00", "11:00", 30, 2).await;
    let p1 = h.book_person(s.slots[0].id, 1).await.unwrap(); // 09:00
    h.book_person(s.slots[1].id, 2).await.unwrap(); // 09:30
    h.book_person(s.slots[2].id, 3).await.unwrap(); // 10:00
    let w6 = h.counter_id(6).await;
    let w1 = h.counter_id(1).await;

    // Saturday: the weekday plan has no session, booked people are served anyway.
    h.clock.set(beijing(2026, 12, 5, 8, 29, 59));
    assert_eq!(
        booking_err(
            h.hall
                .check_in(CheckInBy::Code(p1.code.clone()))
                .await
                .unwrap_err()
        ),
        BookingError::CheckInTooEarly {
            from: "08:30".into()
        }
    );
    h.clock.set(beijing(2026, 12, 5, 8, 30, 0));
    // Walk-in numbers are closed on a Saturday (no weekday session)...
    let walk_in = h.try_issue("A", false).await.unwrap_err();
    assert_eq!(walk_in.code(), "issuing_closed");
    // ...but check-in does not go through that gate.
    let mut rx = h.hall.subscribe();
    let first = h
        .hall
        .check_in(CheckInBy::Code(p1.code.to_lowercase()))
        .await
        .unwrap();
    assert_eq!(first.ticket.ticket.number, "Y001");
    assert_eq!(first.ticket.ticket.prefix, "Y");
    assert_eq!(first.ticket.ticket.booking_id, Some(p1.id));
    assert_eq!(first.ticket.ticket.service_id, h.service_id("A").await);
    assert_eq!(first.booking.status, BookingStatus::CheckedIn);
    assert_eq!(first.booking.ticket_number.as_deref(), Some("Y001"));
    assert!(!first.ticket.repeated);
    // Nobody ahead, but the slot starts in 30 minutes.
    assert_eq!(
        (first.ticket.ahead, first.ticket.estimated_wait_minutes),
        (0, 30)
    );
    // Desks and displays hear of it like any other ticket.
    match rx.recv().await.unwrap() {
        HallEvent::Ticket { change, ticket, .. } => {
            assert_eq!(change, TicketChange::Issued);
            assert_eq!(ticket.number, "Y001");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        rx.recv().await.unwrap(),
        HallEvent::Booking {
            change: BookingChange::CheckedIn,
            ..
        }
    ));

    // A second check-in (a double click) gives the same ticket, nothing new.
    let again = h
        .hall
        .check_in(CheckInBy::Code(p1.code.clone()))
        .await
        .unwrap();
    assert!(again.ticket.repeated);
    assert_eq!(again.ticket.ticket.id, first.ticket.ticket.id);

    h.clock.set(beijing(2026, 12, 5, 9, 0, 0));
    let (_, mobile2, _) = person(2);
    let second = h
        .hall
        .check_in(CheckInBy::Mobile(format!(
            "+86 {} {} {}",
            &mobile2[..3],
            &mobile2[3..7],
            &mobile2[7..]
        )))
        .await
        .unwrap();
    assert_eq!(second.ticket.ticket.number, "Y002");
    assert_eq!(second.ticket.ahead, 1);

    let (_, _, id3) = person(3);
    assert_eq!(
        booking_err(
            h.hall
                .check_in(CheckInBy::IdNumber(id3.clone()))
                .await
                .unwrap_err()
        ),
        BookingError::CheckInTooEarly {
            from: "09:30".into()
        }
    );
    h.clock.set(beijing(2026, 12, 5, 9, 31, 0));
    let third = h
        .hall
        .check_in(CheckInBy::IdNumber(id3.to_lowercase()))
        .await
        .unwrap();
    assert_eq!(third.ticket.ticket.number, "Y003");

    // Window 1 handles A, but never appointment tickets; window 6 calls them in order.
    h.open(1).await;
    h.open(6).await;
    assert_eq!(h.next(w1).await, None);
    assert_eq!(h.next(w6).await.as_deref(), Some("Y001"));
    assert_eq!(h.next(w6).await.as_deref(), Some("Y002"));
    assert!(matches!(
        h.hall.call_number(w1, "Y003").await.unwrap_err(),
        Error::CounterDoesNotServe { number: 1, .. }
    ));
    assert!(h.hall.counter_view(w1).await.unwrap().waiting.is_empty());
    assert_eq!(
        h.hall.counter_view(w6).await.unwrap().waiting[0].number,
        "Y003"
    );
    assert_eq!(h.next(w6).await.as_deref(), Some("Y003"));
    assert_eq!(h.next(w6).await, None);
}

#[tokio::test]
async fn at_the_appointment_counter_checked_in_appointments_go_before_walk_ins() {
    let h = hall().await;
    // A weekday session, so walk-ins and appointments share the morning.
    let s = h.session("2026-12-01", "09:00", "10:00", 30, 3).await;
    let p1 = h.book_person(s.slots[0].id, 1).await.unwrap();
    let p2 = h.book_person(s.slots[1].id, 2).await.unwrap();
    h.clock.set(beijing(2026, 12, 1, 9, 5, 0));
    h.issue("A", false).await; // A001
    h.issue("A", true).await; // A002, priority
    let y1 = h.hall.check_in(CheckInBy::Code(p1.code)).await.unwrap();
    assert_eq!(y1.ticket.ticket.number, "Y001");
    let w1 = h.open(1).await;
    let w6 = h.open(6).await;
    assert_eq!(h.next(w6).await.as_deref(), Some("Y001"));
    assert_eq!(h.next(w1).await.as_deref(), Some("A002"));
    // Early for 09:30: queued by the slot, still first at window 6.
    let y2 = h.hall.check_in(CheckInBy::Code(p2.code)).await.unwrap();
    assert_eq!(y2.ticket.ticket.number, "Y002");
    assert_eq!(h.next(w1).await.as_deref(), Some("A001"));
    assert_eq!(h.next(w1).await, None);
    assert_eq!(h.next(w6).await.as_deref(), Some("Y002"));
    // Walk-in numbering is untouched by appointments.
    assert_eq!(h.issue("A", false).await.ticket.number, "A003");
    assert_eq!(h.next(w6).await.as_deref(), Some("A003"));
}

#[tokio::test]
async fn a_late_arrival_after_the_grace_time_is_a_no_show() {
    let h = hall().await;
    let slot = h.slot_on("2026-12-05", 3).await;
    let on_time = h.book_person(slot, 1).await.unwrap();
    let late = h.book_person(slot, 2).await.unwrap();
    h.clock.set(beijing(2026, 12, 5, 9, 45, 0));
    h.hall
        .check_in(CheckInBy::Code(on_time.code.clone()))
        .await
        .unwrap();
    h.clock.set(beijing(2026, 12, 5, 9, 45, 1));
    assert_eq!(
        booking_err(
            h.hall
                .check_in(CheckInBy::Code(late.code.clone()))
                .await
                .unwrap_err()
        ),
        BookingError::CheckInTooLate {
            until: "09:45".into()
        }
    );
    // The refusal still recorded the no-show.
    let status: String = sqlx::query_scalar("SELECT status FROM bookings WHERE id = ?")
        .bind(late.id)
        .fetch_one(h.hall.pool())
        .await
        .unwrap();
    assert_eq!(status, "no_show");
    let on_time = h
        .hall
        .booking_detail(on_time.id, Some(&crate::common::staff(&h.hall).await))
        .await
        .unwrap();
    assert_eq!(on_time.summary.status, BookingStatus::CheckedIn);
}

#[tokio::test]
async fn check_in_finds_only_todays_live_booking() {
    let h = hall().await;
    let sat = h.slot_on("2026-12-05", 3).await;
    let sun = h.slot_on("2026-12-06", 3).await;
    let p1 = h.book_person(sat, 1).await.unwrap();
    let cancelled = h.book_person(sat, 2).await.unwrap();
    h.hall.cancel_booking(cancelled.id).await.unwrap();
    // Two people booked with one phone (a family): the code tells them apart.
    let a = h.service_id("A").await;
    let mut child = input(sat, a, 3);
    child.mobile = person(1).1;
    let child = h.hall.book(child).await.unwrap();
    let later = h.book_person(sun, 4).await.unwrap();

    h.clock.set(beijing(2026, 12, 5, 8, 45, 0));
    assert_eq!(
        booking_err(
            h.hall
                .check_in(CheckInBy::Code(later.code.clone()))
                .await
                .unwrap_err()
        ),
        BookingError::NotToday {
            date: "2026-12-06".into()
        }
    );
    assert_eq!(
        booking_err(
            h.hall
                .check_in(CheckInBy::Mobile(person(4).1))
                .await
                .unwrap_err()
        ),
        BookingError::NotToday {
            date: "2026-12-06".into()
        }
    );
    assert_eq!(
        booking_err(
            h.hall
                .check_in(CheckInBy::Code(cancelled.code.clone()))
                .await
                .unwrap_err()
        ),
        BookingError::WrongBookingState {
            status: "cancelled",
            expected: "booked"
        }
    );
    assert_eq!(
        booking_err(
            h.hall
                .check_in(CheckInBy::Mobile(person(1).1))
                .await
                .unwrap_err()
        ),
        BookingError::SeveralBookingsFound { count: 2 }
    );
    assert_eq!(
        booking_err(
            h.hall
                .check_in(CheckInBy::IdNumber(person(9).2))
                .await
                .unwrap_err()
        ),
        BookingError::NoBookingFound
    );
    assert_eq!(
        booking_err(
            h.hall
                .check_in(CheckInBy::Code("ZZZZZZ".into()))
                .await
                .unwrap_err()
        ),
        BookingError::NoBookingFound
    );
    let by_id = h
        .hall
        .check_in(CheckInBy::IdNumber(person(1).2))
        .await
        .unwrap();
    assert_eq!(by_id.booking.id, p1.id);
    let by_code = h.hall.check_in(CheckInBy::Code(child.code)).await.unwrap();
    assert_eq!(by_code.ticket.ticket.number, "Y002");
}

#[tokio::test]
async fn a_voided_appointment_ticket_can_be_issued_again() {
    let h = hall().await;
    let slot = h.slot_on("2026-12-05", 3).await;
    let p = h.book_person(slot, 1).await.unwrap();
    h.clock.set(beijing(2026, 12, 5, 8, 45, 0));
    let first = h
        .hall
        .check_in(CheckInBy::Code(p.code.clone()))
        .await
        .unwrap();
    h.hall
        .void_ticket(first.ticket.ticket.id, "desk")
        .await
        .unwrap();
    let second = h.hall.check_in(CheckInBy::Code(p.code)).await.unwrap();
    assert!(!second.ticket.repeated);
    assert_eq!(second.ticket.ticket.number, "Y002");
    assert_eq!(second.ticket.ticket.status, TicketStatus::Waiting);
    assert_eq!(second.booking.ticket_number.as_deref(), Some("Y002"));
}
