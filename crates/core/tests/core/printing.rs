//! Tickets on paper, on a real SQLite file with a fake network printer (a TCP listener on
//! 127.0.0.1): 设置 → 打印 refusals change nothing; a print on issue reaches the printer with
//! the ticket's number and service; a failed print leaves the ticket issued, marks it
//! 未打印 with the reason and publishes it; a reprint once the printer is back clears it.
//! An appointment's check-in prints the same way; a reprint tells the queue as it is now.

use crate::booking_support::person;
use crate::common::{beijing, hall, staff, TestHall};
use frontdesk_core::booking::CheckInBy;
use frontdesk_core::{
    Error, HallEvent, KioskSettings, PrintState, PrinterStatus, StaffToken, Station, StationPrint,
    TicketStatus,
};
use frontdesk_print::{PrinterConfig, Transport};
use frontdesk_testing::printer::{ends_with_cut, gb18030, FakePrinter};
use std::net::TcpListener;

fn tcp(port: u16) -> PrinterConfig {
    PrinterConfig {
        connect_timeout_ms: 1000,
        write_timeout_ms: 2000,
        ..PrinterConfig::new(Transport::Tcp {
            host: "127.0.0.1".into(),
            port,
        })
    }
}

fn with_printer(port: u16) -> StationPrint {
    StationPrint {
        printer: Some(tcp(port)),
        ..StationPrint::default()
    }
}

/// A port nobody listens on (bound, then released).
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A fake printer set as the desk's.
async fn desk_printer(h: &TestHall) -> FakePrinter {
    let printer = FakePrinter::start();
    h.hall
        .save_print_settings(
            &staff(&h.hall).await,
            Station::Desk,
            with_printer(printer.port()),
        )
        .await
        .unwrap();
    printer
}

#[tokio::test]
async fn printer_settings_are_checked_and_refusals_change_nothing() {
    let h = hall().await;
    let desk = h.hall.print_settings(Station::Desk).await.unwrap();
    assert_eq!(desk, StationPrint::default());
    assert!(desk.printer.is_none() && desk.auto_print);

    let refusals = [
        (
            StationPrint {
                footer: "客服电话 13800138000".into(),
                ..with_printer(9100)
            },
            "print_personal_data_suspected",
            "footer",
        ),
        (
            StationPrint {
                qr_text: "https://x.cn/?id=110101199003077777".into(),
                ..with_printer(9100)
            },
            "print_personal_data_suspected",
            "qr_text",
        ),
        (
            StationPrint {
                printer: Some(PrinterConfig::new(Transport::Tcp {
                    host: "a b".into(),
                    port: 9100,
                })),
                ..StationPrint::default()
            },
            "print_invalid",
            "host",
        ),
        (
            StationPrint {
                printer: Some(PrinterConfig::new(Transport::Queue { name: "-o".into() })),
                ..StationPrint::default()
            },
            "print_invalid",
            "queue",
        ),
        (with_printer(0), "print_invalid", "port"),
        (
            StationPrint {
                footer: "长".repeat(121),
                ..with_printer(9100)
            },
            "too_long",
            "footer",
        ),
    ];
    for (bad, code, field) in refusals {
        let e = h
            .hall
            .save_print_settings(&staff(&h.hall).await, Station::Kiosk, bad)
            .await
            .unwrap_err();
        assert_eq!(e.code(), code, "{e}");
        assert_eq!(e.params()["field"], field, "{e}");
        let wire = serde_json::to_value(&e).unwrap();
        assert!(!wire.to_string().contains("13800138000"), "{wire}");
    }
    assert_eq!(
        h.hall.print_settings(Station::Kiosk).await.unwrap(),
        StationPrint::default(),
        "nothing was saved"
    );

    // A good one is saved trimmed, per station.
    let mut good = with_printer(9100);
    good.printer = Some(PrinterConfig::new(Transport::Tcp {
        host: " 192.168.1.50 ".into(),
        port: 9100,
    }));
    good.footer = " 非现场交通违法可在交管12123 App办理 ".into();
    let saved = h
        .hall
        .save_print_settings(&staff(&h.hall).await, Station::Kiosk, good)
        .await
        .unwrap();
    assert_eq!(saved.footer, "非现场交通违法可在交管12123 App办理");
    assert_eq!(
        saved.printer.as_ref().unwrap().transport,
        Transport::Tcp {
            host: "192.168.1.50".into(),
            port: 9100
        }
    );
    assert_eq!(h.hall.print_settings(Station::Kiosk).await.unwrap(), saved);
    assert!(h
        .hall
        .print_settings(Station::Desk)
        .await
        .unwrap()
        .printer
        .is_none());

    // The kiosk's screen timings.
    let e = h
        .hall
        .save_kiosk_settings(
            &staff(&h.hall).await,
            KioskSettings {
                idle_seconds: 1,
                ..KioskSettings::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(
        (e.code().as_str(), e.params()["field"].clone()),
        ("out_of_range", "idle_seconds".into())
    );
    let k = KioskSettings {
        idle_seconds: 5,
        ticket_seconds: 4,
        offer_priority: false,
    };
    h.hall
        .save_kiosk_settings(&staff(&h.hall).await, k.clone())
        .await
        .unwrap();
    assert_eq!(h.hall.kiosk_settings().await.unwrap(), k);
}

#[tokio::test]
async fn a_ticket_issued_at_the_desk_reaches_the_printer_once() {
    let h = hall().await;
    let printer = desk_printer(&h).await;
    h.issue("A", false).await;
    let issued = h.issue("A", true).await;
    let mut events = h.hall.subscribe();

    let print = h
        .hall
        .auto_print(&issued, Station::Desk)
        .await
        .unwrap()
        .expect("the desk prints on issue");
    assert!(
        matches!(
            print,
            PrintState::Printed {
                station: Station::Desk,
                attempts: 1,
                ..
            }
        ),
        "{print:?}"
    );
    let job = printer.next_job().await;
    let text = gb18030(&job);
    assert!(text.contains("A002"), "{text}");
    assert!(text.contains(&issued.ticket.service_name), "{text}");
    // A priority ticket goes before the ordinary A001: nobody ahead.
    assert!(text.contains("前面没有人等候"), "{text}");
    assert!(text.contains("【优先】"), "{text}");
    assert!(ends_with_cut(&job), "the ticket ends with a cut");
    assert!(printer.not_taken().is_empty(), "exactly one job");

    match events.recv().await.unwrap() {
        HallEvent::Print {
            ticket_id,
            number,
            print: p,
        } => {
            assert_eq!((ticket_id, number.as_str()), (issued.ticket.id, "A002"));
            assert_eq!(p, print);
        }
        other => panic!("a print event, got {other:?}"),
    }
    assert_eq!(h.hall.print_state(issued.ticket.id).await.unwrap(), print);
    assert!(h.hall.unprinted_tickets().await.unwrap().is_empty());

    // A repeated press is the same ticket: it is not printed again.
    let mut repeated = issued.clone();
    repeated.repeated = true;
    assert_eq!(
        h.hall.auto_print(&repeated, Station::Desk).await.unwrap(),
        None
    );
    // The kiosk has no printer; with auto-print off the desk does not print on issue.
    assert_eq!(
        h.hall.auto_print(&issued, Station::Kiosk).await.unwrap(),
        None
    );
    let mut off = with_printer(printer.port());
    off.auto_print = false;
    h.hall
        .save_print_settings(&staff(&h.hall).await, Station::Desk, off)
        .await
        .unwrap();
    let third = h.issue("B", false).await;
    assert_eq!(
        h.hall.auto_print(&third, Station::Desk).await.unwrap(),
        None
    );
    assert_eq!(
        h.hall.print_state(third.ticket.id).await.unwrap(),
        PrintState::NotPrinted
    );
    let more: Vec<String> = printer.not_taken().iter().map(|j| gb18030(j)).collect();
    assert!(more.is_empty(), "nothing more printed: {more:?}");
}

#[tokio::test]
async fn a_failed_print_leaves_the_ticket_issued_and_marked_until_a_reprint() {
    let h = hall().await;
    let port = closed_port();
    h.hall
        .save_print_settings(&staff(&h.hall).await, Station::Desk, with_printer(port))
        .await
        .unwrap();
    assert!(matches!(
        h.hall.printer_status(Station::Desk).await.unwrap(),
        PrinterStatus::Error { ref error } if error.code == "print_printer_unreachable"
    ));
    let issued = h.issue("A", false).await;
    let print = h
        .hall
        .auto_print(&issued, Station::Desk)
        .await
        .unwrap()
        .unwrap();
    let PrintState::Failed {
        error, attempts: 1, ..
    } = &print
    else {
        panic!("a failed print: {print:?}");
    };
    assert_eq!(error.code, "print_printer_unreachable");
    assert_eq!(error.params["target"], format!("127.0.0.1:{port}"));
    assert_eq!(error.params["reason"], "connection_refused");
    // Issued all the same, and listed 未打印.
    let waiting = h.hall.tickets_today(TicketStatus::Waiting).await.unwrap();
    assert_eq!(waiting.len(), 1);
    let marks = h.hall.unprinted_tickets().await.unwrap();
    assert_eq!(marks.len(), 1);
    assert_eq!(
        (marks[0].ticket_id, marks[0].number.as_str()),
        (issued.ticket.id, "A001")
    );
    assert_eq!(marks[0].print, print);

    // The printer is back on that port: the reprint prints with fresh figures.
    h.issue("A", false).await;
    let printer = FakePrinter::on_port(port);
    assert!(matches!(
        h.hall.printer_status(Station::Desk).await.unwrap(),
        PrinterStatus::Ready { .. }
    ));
    let again = h
        .hall
        .print_ticket(issued.ticket.id, Station::Desk)
        .await
        .unwrap();
    assert!(
        matches!(again, PrintState::Printed { attempts: 2, .. }),
        "{again:?}"
    );
    let text = gb18030(&printer.next_job().await);
    assert!(
        text.contains("A001") && text.contains("前面没有人等候"),
        "{text}"
    );
    assert!(h.hall.unprinted_tickets().await.unwrap().is_empty());

    // A voided ticket is not reprinted; a station without a printer says so.
    h.hall.void_ticket(issued.ticket.id, "desk").await.unwrap();
    let e = h
        .hall
        .print_ticket(issued.ticket.id, Station::Desk)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "wrong_ticket_state");
    let e = h
        .hall
        .print_ticket(issued.ticket.id, Station::Kiosk)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::NoPrinter { .. }), "{e}");
}

#[tokio::test]
async fn an_appointment_check_in_prints_like_an_issue_and_is_marked_when_it_fails() {
    let h = hall().await;
    let s = h.session("2026-12-05", "09:00", "10:00", 30, 2).await;
    let first = h.book_person(s.slots[0].id, 1).await.unwrap();
    let second = h.book_person(s.slots[0].id, 2).await.unwrap();
    let port = closed_port();
    h.hall
        .save_print_settings(&staff(&h.hall).await, Station::Desk, with_printer(port))
        .await
        .unwrap();
    h.clock.set(beijing(2026, 12, 5, 8, 45, 0));

    // The printer is off: the check-in stands, its ticket is marked 未打印 with the reason.
    let out = h
        .hall
        .check_in(CheckInBy::Code(first.code.clone()))
        .await
        .unwrap();
    assert_eq!(out.ticket.ticket.number, "Y001");
    let mut events = h.hall.subscribe();
    h.hall
        .print_after_issue(&out.ticket, Station::Desk)
        .await
        .unwrap();
    match events.recv().await.unwrap() {
        HallEvent::Print {
            number,
            print: PrintState::Failed { error, .. },
            ..
        } => {
            assert_eq!(number, "Y001");
            assert_eq!(error.code, "print_printer_unreachable");
        }
        other => panic!("a failed print event, got {other:?}"),
    }
    let marks = h.hall.unprinted_tickets().await.unwrap();
    assert_eq!(
        marks.iter().map(|m| m.number.as_str()).collect::<Vec<_>>(),
        ["Y001"]
    );

    // Back on: the next check-in prints at once, and 重打 prints Y001 and clears its mark.
    let printer = FakePrinter::on_port(port);
    let out2 = h
        .hall
        .check_in(CheckInBy::Code(second.code.clone()))
        .await
        .unwrap();
    h.hall
        .print_after_issue(&out2.ticket, Station::Desk)
        .await
        .unwrap();
    assert!(matches!(
        h.hall.print_state(out2.ticket.ticket.id).await.unwrap(),
        PrintState::Printed { attempts: 1, .. }
    ));
    let text = gb18030(&printer.next_job().await);
    assert!(text.contains("Y002"), "{text}");
    assert!(text.contains(&out2.ticket.ticket.service_name), "{text}");
    // Nothing of the person on paper.
    let (name, mobile, id) = person(2);
    for personal in [&name, &mobile, &id] {
        assert!(
            !text.contains(personal.as_str()),
            "{personal:?} on paper: {text}"
        );
    }
    h.hall
        .print_ticket(out.ticket.ticket.id, Station::Desk)
        .await
        .unwrap();
    assert!(gb18030(&printer.next_job().await).contains("Y001"));
    assert!(h.hall.unprinted_tickets().await.unwrap().is_empty());

    // Checking in again is the same ticket: it is not printed twice.
    let again = h
        .hall
        .check_in(CheckInBy::Code(second.code.clone()))
        .await
        .unwrap();
    assert!(again.ticket.repeated);
    h.hall
        .print_after_issue(&again.ticket, Station::Desk)
        .await
        .unwrap();
    // (The task has ended: a print it made would be in the channel already.)
    assert!(printer.not_taken().is_empty(), "no second print of Y002");
}

#[tokio::test]
async fn a_reprint_tells_the_queue_as_it_is_now() {
    let h = hall().await;
    let printer = desk_printer(&h).await;
    let ahead_of = |text: &str| -> String {
        ["前面没有人等候", "前面还有 1 人", "前面还有 2 人"]
            .into_iter()
            .find(|l| text.contains(l))
            .unwrap_or_else(|| panic!("a people-ahead line in {text}"))
            .to_string()
    };
    h.issue("A", false).await;
    let mine = h.issue("A", false).await;
    assert_eq!(mine.ticket.number, "A002");
    h.hall.auto_print(&mine, Station::Desk).await.unwrap();
    assert_eq!(
        ahead_of(&gb18030(&printer.next_job().await)),
        "前面还有 1 人"
    );

    // A priority number goes before A002: its reprint counts two ahead.
    h.issue("A", true).await;
    h.hall
        .print_ticket(mine.ticket.id, Station::Desk)
        .await
        .unwrap();
    assert_eq!(
        ahead_of(&gb18030(&printer.next_job().await)),
        "前面还有 2 人"
    );

    // Both are called: nobody is ahead any more.
    let counter = h.open(1).await;
    assert_eq!(h.next(counter).await.as_deref(), Some("A003"));
    assert_eq!(h.next(counter).await.as_deref(), Some("A001"));
    h.hall
        .print_ticket(mine.ticket.id, Station::Desk)
        .await
        .unwrap();
    assert_eq!(
        ahead_of(&gb18030(&printer.next_job().await)),
        "前面没有人等候"
    );
}

#[tokio::test]
async fn only_a_kiosk_on_the_network_prints_and_it_knows_whether_it_does() {
    use frontdesk_core::ops::Role;
    use frontdesk_core::printing::station_of_device;
    assert_eq!(station_of_device(Role::Kiosk), Some(Station::Kiosk));
    for role in [Role::Desk, Role::Counter, Role::Display, Role::RatingPad] {
        assert_eq!(station_of_device(role), None, "{role:?}");
    }
    let h = hall().await;
    assert!(!h.hall.prints_on_issue(Station::Kiosk).await.unwrap());
    let mut kiosk = with_printer(closed_port());
    h.hall
        .save_print_settings(&staff(&h.hall).await, Station::Kiosk, kiosk.clone())
        .await
        .unwrap();
    assert!(h.hall.prints_on_issue(Station::Kiosk).await.unwrap());
    assert!(!h.hall.prints_on_issue(Station::Desk).await.unwrap());
    kiosk.auto_print = false;
    h.hall
        .save_print_settings(&staff(&h.hall).await, Station::Kiosk, kiosk)
        .await
        .unwrap();
    assert!(!h.hall.prints_on_issue(Station::Kiosk).await.unwrap());
}

#[tokio::test]
async fn the_test_page_goes_to_the_stations_printer() {
    let h = hall().await;
    let e = h.hall.print_test_page(Station::Desk).await.unwrap_err();
    assert_eq!(e.code(), "no_printer");
    assert_eq!(
        h.hall.printer_status(Station::Desk).await.unwrap(),
        PrinterStatus::NotConfigured
    );
    let printer = FakePrinter::start();
    h.hall
        .save_print_settings(
            &staff(&h.hall).await,
            Station::Kiosk,
            with_printer(printer.port()),
        )
        .await
        .unwrap();
    let st = h.hall.print_test_page(Station::Kiosk).await.unwrap();
    assert!(matches!(st, PrinterStatus::Ready { .. }), "{st:?}");
    assert!(gb18030(&printer.next_job().await).contains("打印测试页"));
}

#[tokio::test]
async fn leaving_the_kiosk_needs_a_staff_session_and_is_audited() {
    let h = hall().await;
    let refused = h.hall.leave_kiosk(&StaffToken("guess".into())).await;
    assert!(
        matches!(refused, Err(Error::StaffSessionRequired)),
        "{refused:?}"
    );
    let live = staff(&h.hall).await;
    h.hall.leave_kiosk(&live).await.unwrap();
    let audit = h.hall.audit_log(&live).await.unwrap();
    assert_eq!(
        audit.iter().filter(|a| a.action == "kiosk_left").count(),
        1,
        "one row for the one exit"
    );
}
