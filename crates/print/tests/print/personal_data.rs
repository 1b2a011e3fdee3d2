//! A printout never carries an ID number, a phone number or a name.

use crate::reader::{lines, read, Op};
use crate::{config, sample_ticket, ENCODINGS, WIDTHS};
use frontdesk_print::{
    check_free_text, render_ticket, Lang, PrintError, QrMode, TicketMarks, TicketNumber,
    TicketPrint,
};
use proptest::prelude::*;

/// A run of `min` or more ASCII digits in raw bytes: how a phone (11) or ID number (18) would
/// travel to the printer in any of the three encodings (digits are single bytes in all).
fn digit_run_in_bytes(bytes: &[u8], min: usize) -> bool {
    bytes
        .split(|b| !b.is_ascii_digit())
        .any(|run| run.len() >= min)
}

fn digit_run_in_text(text: &str, min: usize) -> bool {
    text.split(|c: char| !(c.is_ascii_digit() || ('０'..='９').contains(&c)))
        .any(|run| run.chars().count() >= min)
}

/// The type has no field for a name, phone or ID number, and refuses one in JSON.
#[test]
fn a_ticket_has_no_place_for_personal_data() {
    let mut json = serde_json::to_value(sample_ticket()).unwrap();
    let again: TicketPrint = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(again, sample_ticket());
    for field in ["name", "phone", "id_number", "person"] {
        json[field] = "张三 13800138000 430102199001011234".into();
        assert!(
            serde_json::from_value::<TicketPrint>(json.clone()).is_err(),
            "{field} was accepted"
        );
        json.as_object_mut().unwrap().remove(field);
    }
    let mut marks = serde_json::to_value(TicketMarks::default()).unwrap();
    marks["name"] = "张三".into();
    assert!(serde_json::from_value::<TicketMarks>(marks).is_err());
}

#[test]
fn a_phone_or_id_number_is_not_a_ticket_number() {
    for bad in ["13800138000", "A13800138000", "430102199001011234", "张三"] {
        assert!(TicketNumber::try_from(bad).is_err(), "{bad}");
        let mut json = serde_json::to_value(sample_ticket()).unwrap();
        json["number"] = bad.into();
        assert!(
            serde_json::from_value::<TicketPrint>(json).is_err(),
            "{bad}"
        );
    }
}

/// Puts a text into one field of a ticket.
type Setter = fn(&mut TicketPrint, String);

/// A configured text holding a phone or ID number is refused before anything is printed.
#[test]
fn texts_with_a_phone_or_id_number_are_refused() {
    let numbers = [
        "13800138000",
        "430102199001011234",
        "43010219900101123X",
        "１３８００１３８０００",
    ];
    let cfg = config(WIDTHS[0], ENCODINGS[0], QrMode::Native);
    for n in numbers {
        let fields: [(&str, Setter); 4] = [
            ("hall_name", |t, s| t.hall_name = s),
            ("service_name", |t, s| t.service_name = s),
            ("footer", |t, s| t.footer = s),
            ("qr_text", |t, s| t.qr_text = s),
        ];
        for (field, set) in fields {
            let mut ticket = sample_ticket();
            set(&mut ticket, format!("请联系 {n}"));
            assert_eq!(
                render_ticket(&ticket, &cfg),
                Err(PrintError::PersonalDataSuspected {
                    field: field.into()
                }),
                "{field} with {n}"
            );
        }
        assert!(check_free_text("footer", n).is_err());
    }
    // The hall's own short numbers pass: the 12123 app, a landline with its dash.
    assert!(check_free_text("footer", "交管12123 · 服务热线 0731-88888888").is_ok());
}

/// The bytes of real tickets in every width and encoding hold no 11-digit run at all.
#[test]
fn no_long_digit_run_reaches_the_printer() {
    for paper in WIDTHS {
        for encoding in ENCODINGS {
            for lang in [Lang::ZhCn, Lang::En] {
                let mut ticket = sample_ticket();
                ticket.lang = lang;
                ticket.people_ahead = 999_999;
                ticket.estimated_wait_minutes = 99_999;
                ticket.number = "A99999".try_into().unwrap();
                let bytes =
                    render_ticket(&ticket, &config(paper, encoding, QrMode::Native)).unwrap();
                assert!(
                    !digit_run_in_bytes(&bytes, 11),
                    "{paper:?} {encoding:?} {lang:?}"
                );
            }
        }
    }
}

/// Texts made of digit runs of any length (ASCII or full width) between words, so that both
/// refused and printed tickets come up often.
fn free_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[0-9]{1,20}",
        "[０-９]{1,20}",
        "[ 号码电话身份证A-Za-z：-]{1,6}",
    ];
    proptest::collection::vec(piece, 0..5).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    /// Whatever the texts and figures: either the ticket is refused, or no printed line and no
    /// QR payload holds a run of 11 digits.
    #[test]
    fn any_ticket_prints_no_long_digit_run(
        hall in free_text(),
        service in free_text(),
        footer in free_text(),
        qr in free_text(),
        ahead in any::<u32>(),
        wait in any::<u32>(),
        raster in any::<bool>(),
    ) {
        let mut ticket = sample_ticket();
        ticket.hall_name = hall;
        ticket.service_name = service;
        ticket.footer = footer;
        ticket.qr_text = qr;
        ticket.people_ahead = ahead;
        ticket.estimated_wait_minutes = wait;
        let mode = if raster { QrMode::Raster } else { QrMode::Native };
        for paper in WIDTHS {
            let encoding = ENCODINGS[0];
            match render_ticket(&ticket, &config(paper, encoding, mode)) {
                Err(PrintError::PersonalDataSuspected { .. }) => {}
                Err(e) => prop_assert!(false, "unexpected {e:?}"),
                Ok(bytes) => {
                    let ops = read(&bytes, encoding);
                    for line in lines(&ops) {
                        prop_assert!(!digit_run_in_text(line, 11), "line {line}");
                    }
                    for op in &ops {
                        if let Op::QrNative { data, .. } = op {
                            prop_assert!(!digit_run_in_bytes(data, 11));
                        }
                    }
                }
            }
        }
    }
}
