//! Golden bytes: what each width, encoding and QR mode sends, read back as a printer would.

use crate::reader::{lines, read, Op};
use crate::{config, sample_ticket, ENCODINGS, QR_MODES, WIDTHS};
use frontdesk_print::{
    render_test_page, render_ticket, width, Lang, PaperWidth, QrMode, TextEncoding, TicketMarks,
};

/// Every byte of a short ticket on 58 mm in GB18030, written out from the ESC/POS reference and
/// the GB18030 code table (not from the crate's own helpers).
#[test]
fn exact_bytes_of_a_short_58mm_gb18030_ticket() {
    let mut ticket = sample_ticket();
    ticket.service_name = "驾驶证业务".into();
    ticket.footer.clear();
    ticket.qr_text.clear();
    let cfg = config(PaperWidth::Mm58, TextEncoding::Gb18030, QrMode::Native);
    let parts: &[&[u8]] = &[
        b"\x1b\x40",                                                           // ESC @ init
        b"\x1c\x26",                                                           // FS & Chinese mode
        b"\x1b\x61\x01",                                                       // ESC a 1 centre
        b"\x1b\x45\x01",                                                       // ESC E 1 bold
        b"\x1d\x21\x01",                                                       // GS ! double height
        b"\xca\xd0\xc3\xf1\xd6\xd0\xd0\xc4\xb9\xab\xb0\xb2\xd7\xa8\xc7\xf8\n", // 市民中心公安专区
        b"\x1d\x21\x00",
        b"\xa1\xbe\xd3\xc5\xcf\xc8\xa1\xbf\n", // 【优先】
        b"\x1d\x21\x55",                       // GS ! 6x6
        b"A001\n",
        b"\x1d\x21\x11",                               // GS ! 2x2
        b"\xbc\xdd\xca\xbb\xd6\xa4\xd2\xb5\xce\xf1\n", // 驾驶证业务
        b"\x1d\x21\x00",
        b"\x1b\x45\x00",
        b"\xc7\xb0\xc3\xe6\xbb\xb9\xd3\xd0 3 \xc8\xcb\n", // 前面还有 3 人
        b"\xd4\xa4\xbc\xc6\xb5\xc8\xba\xf2\xd4\xbc 15 \xb7\xd6\xd6\xd3\n", // 预计等候约 15 分钟
        b"\xc8\xa1\xba\xc5\xca\xb1\xbc\xe4 2026-12-02 08:30:05\n", // 取号时间 …
        b"\x1b\x64\x04",                                  // ESC d 4
        b"\x1d\x56\x42\x00",                              // GS V 66 0 cut
    ];
    assert_eq!(render_ticket(&ticket, &cfg).unwrap(), parts.concat());
}

/// The lines the sample ticket prints at each width (the same in every encoding).
fn expected_lines(paper: PaperWidth) -> Vec<String> {
    let mut lines: Vec<String> = vec!["市民中心公安专区".into(), "【优先】".into(), "A001".into()];
    let (service, footer): (&[&str], &[&str]) = match paper {
        PaperWidth::Mm58 => (
            &["机动车登记业务", "（转移登记、变更", "登记）"],
            &["非现场交通违法可在交管12123 App", "办理，无需排队"],
        ),
        PaperWidth::Mm80 => (
            &["机动车登记业务（转移登", "记、变更登记）"],
            &["非现场交通违法可在交管12123 App办理，无需排队"],
        ),
    };
    lines.extend(service.iter().map(|s| s.to_string()));
    lines.extend([
        "前面还有 3 人".into(),
        "预计等候约 15 分钟".into(),
        "取号时间 2026-12-02 08:30:05".into(),
        "-".repeat(paper.columns()),
    ]);
    lines.extend(footer.iter().map(|s| s.to_string()));
    lines
}

#[test]
fn every_width_encoding_and_qr_mode_decodes_back_to_the_ticket() {
    let ticket = sample_ticket();
    for paper in WIDTHS {
        for encoding in ENCODINGS {
            for qr in QR_MODES {
                let case = format!("{paper:?} {encoding:?} {qr:?}");
                let bytes = render_ticket(&ticket, &config(paper, encoding, qr)).unwrap();
                let ops = read(&bytes, encoding);

                assert_eq!(ops[0], Op::Init, "{case}");
                let chinese_mode = ops.contains(&Op::ChineseMode);
                assert_eq!(chinese_mode, encoding != TextEncoding::Utf8, "{case}");
                assert_eq!(lines(&ops), expected_lines(paper), "{case}");

                // No line is wider than the paper at the size it is printed.
                for op in &ops {
                    if let Op::Line { text, width: w, .. } = op {
                        let used = width(text) * usize::from(*w);
                        assert!(used <= paper.columns(), "{case}: {text} takes {used}");
                    }
                }

                // The number, very large.
                let big = match paper {
                    PaperWidth::Mm58 => 6,
                    PaperWidth::Mm80 => 8,
                };
                let number = ops
                    .iter()
                    .find(|op| matches!(op, Op::Line { text, .. } if text == "A001"))
                    .unwrap();
                assert!(
                    matches!(number, Op::Line { width, height, .. } if *width == big && *height == big),
                    "{case}: {number:?}"
                );

                match qr {
                    QrMode::Native => assert!(
                        ops.iter().any(
                            |op| matches!(op, Op::QrNative { data, model: 50, ec: 49, module }
                            if data == b"https://gab.122.gov.cn" && (1..=16).contains(module))
                        ),
                        "{case}: no native QR"
                    ),
                    QrMode::Raster => {
                        let raster = ops.iter().find_map(|op| match op {
                            Op::Raster {
                                width_bytes,
                                height,
                                bits,
                            } => Some((*width_bytes, *height, bits)),
                            _ => None,
                        });
                        let (width_bytes, height, bits) = raster.expect("a raster QR");
                        assert_eq!(width_bytes * 8, paper.dots(), "{case}");
                        assert!(height > 100 && height <= paper.dots(), "{case}: {height}");
                        assert!(bits.iter().any(|b| *b != 0), "{case}: blank image");
                        assert!(
                            !ops.iter().any(|op| matches!(op, Op::QrNative { .. })),
                            "{case}"
                        );
                    }
                }
                assert_eq!(&ops[ops.len() - 2..], &[Op::Feed(4), Op::Cut], "{case}");
            }
        }
    }
}

#[test]
fn an_english_ticket_with_every_mark() {
    let mut ticket = sample_ticket();
    ticket.lang = Lang::En;
    ticket.hall_name = "Citizen Center, Public Security".into();
    ticket.number = "Y012".try_into().unwrap();
    ticket.service_name = "Vehicle registration (transfer, change)".into();
    ticket.people_ahead = 1;
    ticket.estimated_wait_minutes = 0;
    ticket.footer = "Non-site traffic violations: use the 12123 app".into();
    ticket.marks = TicketMarks {
        priority: true,
        appointment: true,
        business_day: chrono::NaiveDate::from_ymd_opt(2026, 12, 1),
    };
    let bytes = render_ticket(
        &ticket,
        &config(PaperWidth::Mm58, TextEncoding::Gb18030, QrMode::Native),
    )
    .unwrap();
    let ops = read(&bytes, TextEncoding::Gb18030);
    assert_eq!(
        lines(&ops),
        [
            "Citizen Center, Public Security",
            "[PRIORITY] [APPOINTMENT]",
            "Number of 2026-12-01",
            "Y012",
            "Vehicle",
            "registration",
            "(transfer,",
            "change)",
            "1 person ahead",
            "Please watch for your call",
            "Issued 2026-12-02 08:30:05",
            "--------------------------------",
            "Non-site traffic violations: use",
            "the 12123 app",
        ]
    );
}

#[test]
fn the_test_page_shows_the_width_and_the_encoding() {
    for paper in WIDTHS {
        for encoding in ENCODINGS {
            for qr in QR_MODES {
                let bytes = render_test_page(&config(paper, encoding, qr), Lang::ZhCn).unwrap();
                let ops = read(&bytes, encoding);
                let printed = lines(&ops);
                let ruler = printed
                    .iter()
                    .find(|l| l.starts_with("----+"))
                    .expect("a ruler");
                assert_eq!(ruler.len(), paper.columns());
                assert!(printed.contains(&"中文：取号 叫号 预约 延时服务"));
                assert!(printed.contains(&"打印测试页"));
                let mm = if paper == PaperWidth::Mm58 { 58 } else { 80 };
                let mode = if qr == QrMode::Native {
                    "native"
                } else {
                    "raster"
                };
                let settings = format!("设置: {mm} mm, {}, QR {mode}", encoding.codec().name());
                assert!(printed.contains(&settings.as_str()), "{printed:?}");
                assert_eq!(ops.last(), Some(&Op::Cut));
            }
        }
    }
}
