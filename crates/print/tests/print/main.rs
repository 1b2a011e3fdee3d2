//! One test binary for the printing crate, a module per area (see docs/STYLE in shared notes).

mod golden;
mod personal_data;
mod reader;
mod transport;

use frontdesk_print::{
    Lang, PaperWidth, PrinterConfig, QrMode, TextEncoding, TicketMarks, TicketPrint, Transport,
};

/// A full ticket: priority, a service name long enough to wrap, a footer, a QR code.
pub fn sample_ticket() -> TicketPrint {
    TicketPrint {
        lang: Lang::ZhCn,
        hall_name: "市民中心公安专区".into(),
        number: "A001".try_into().unwrap(),
        service_name: "机动车登记业务（转移登记、变更登记）".into(),
        people_ahead: 3,
        estimated_wait_minutes: 15,
        issued_at: chrono::NaiveDate::from_ymd_opt(2026, 12, 2)
            .unwrap()
            .and_hms_opt(8, 30, 5)
            .unwrap(),
        footer: "非现场交通违法可在交管12123 App办理，无需排队".into(),
        qr_text: "https://gab.122.gov.cn".into(),
        marks: TicketMarks {
            priority: true,
            ..TicketMarks::default()
        },
    }
}

/// A config for rendering only (the transport is not used).
pub fn config(width: PaperWidth, encoding: TextEncoding, qr: QrMode) -> PrinterConfig {
    PrinterConfig {
        width,
        encoding,
        qr,
        ..PrinterConfig::new(Transport::Device {
            path: "/dev/null".into(),
        })
    }
}

pub const WIDTHS: [PaperWidth; 2] = [PaperWidth::Mm58, PaperWidth::Mm80];
pub const ENCODINGS: [TextEncoding; 3] =
    [TextEncoding::Gb18030, TextEncoding::Gbk, TextEncoding::Utf8];
pub const QR_MODES: [QrMode; 2] = [QrMode::Native, QrMode::Raster];
