//! The screens' text: zh-CN and English have the same keys with the same {placeholders},
//! and every key a page or script names literally exists (a missing one shows as its key).

use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn ui_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui")
}

fn dict(lang: &str) -> Map<String, Value> {
    let path = ui_dir().join("i18n").join(format!("{lang}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match serde_json::from_str(&text) {
        Ok(Value::Object(m)) => m,
        other => panic!("{} is not a JSON object: {other:?}", path.display()),
    }
}

fn placeholders(s: &str) -> BTreeSet<String> {
    s.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string()))
        .collect()
}

#[test]
fn both_languages_have_the_same_keys_and_placeholders() {
    let zh = dict("zh-CN");
    let en = dict("en");
    let zh_keys: BTreeSet<_> = zh.keys().collect();
    let en_keys: BTreeSet<_> = en.keys().collect();
    assert_eq!(
        zh_keys.difference(&en_keys).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "keys in zh-CN.json missing from en.json"
    );
    assert_eq!(
        en_keys.difference(&zh_keys).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "keys in en.json missing from zh-CN.json"
    );
    for (k, v) in &zh {
        let (Some(a), Some(b)) = (v.as_str(), en[k].as_str()) else {
            panic!("{k}: every text is a string");
        };
        assert_eq!(
            placeholders(a),
            placeholders(b),
            "{k}: the placeholders differ between zh-CN and en"
        );
        assert!(
            !a.trim().is_empty() && !b.trim().is_empty(),
            "{k}: empty text"
        );
    }
}

/// The literal keys after each `marker` in `text`, up to `end`.
fn literal_keys(text: &str, marker: &str, end: char) -> Vec<String> {
    text.match_indices(marker)
        .filter_map(|(i, _)| {
            text[i + marker.len()..]
                .split_once(end)
                .map(|(k, _)| k.to_string())
        })
        .filter(|k| !k.is_empty() && !k.contains('$') && !k.contains(' '))
        .collect()
}

#[test]
fn every_literal_key_exists() {
    let zh = dict("zh-CN");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(ui_dir())
        .unwrap()
        .chain(std::fs::read_dir(ui_dir().join("js")).unwrap())
    {
        let path = entry.unwrap().path();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        if ext != "html" && ext != "js" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let mut keys = Vec::new();
        for marker in [
            "data-i18n=\"",
            "data-i18n-placeholder=\"",
            "data-i18n-title=\"",
        ] {
            keys.extend(literal_keys(&text, marker, '"'));
        }
        if ext == "js" {
            for marker in ["t('", " t(\"", "(t('"] {
                keys.extend(literal_keys(
                    &text,
                    marker,
                    if marker.ends_with('"') { '"' } else { '\'' },
                ));
            }
        }
        for k in keys {
            if k.contains('.') && !zh.contains_key(&k) {
                missing.push(format!(
                    "{}: {k}",
                    path.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    missing.sort();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "keys used but not in the i18n files: {missing:#?}"
    );
}

/// How many variants `enum_name` declares in `file` (under the workspace root): thiserror
/// needs one `#[error(…)]` per variant, so the count of those inside the enum is the count.
fn variant_count(file: &str, enum_name: &str) -> usize {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
    let start = text
        .find(&format!("pub enum {enum_name} {{"))
        .unwrap_or_else(|| panic!("{file}: no enum {enum_name}"));
    let body = &text[start..];
    let body = &body[..body.find("\n}\n").expect("the enum ends")];
    body.matches("#[error(").count()
}

/// One value of every variant: the count is checked against the declarations, so a new
/// variant fails this test until it has a sample here (and so a text check).
fn every_core_error() -> Vec<frontdesk_core::Error> {
    use frontdesk_core::{BookingError as B, DeviceError as D, Error as E, RatingError as R};
    let s = || "x".to_string();
    let mut all = vec![
        E::UnknownService(1),
        E::UnknownCounter(1),
        E::UnknownTicket,
        E::NoSuchNumber { number: s() },
        E::AmbiguousNumber {
            number: s(),
            days: vec![s()],
        },
        E::ServiceDisabled { prefix: s() },
        E::CounterPaused { number: 1 },
        E::CounterClosed { number: 1 },
        E::CounterDoesNotServe {
            number: 1,
            prefix: s(),
        },
        E::QueueEmpty,
        E::NoCurrentTicket,
        E::NotYourTicket { number: s() },
        E::WrongTicketState {
            number: s(),
            status: s(),
            expected: s(),
        },
        E::Empty { field: "name" },
        E::TooLong {
            field: "name",
            max: 1,
        },
        E::OutOfRange {
            field: "name",
            min: 0,
            max: 1,
        },
        E::BadPrefix,
        E::ReservedPrefix { prefix: s() },
        E::DuplicatePrefix { prefix: s() },
        E::DuplicateCounterNumber { number: 1 },
        E::NoServices,
        E::Invalid { field: "name" },
        E::IssuingClosed {
            status: s(),
            opens_at: None,
        },
        E::ServiceCutoff {
            prefix: s(),
            cutoff: s(),
            opens_at: None,
        },
        E::QueueNotEmpty {
            business_day: s(),
            count: 1,
            numbers: vec![s()],
        },
        E::DayNotOver { closing: s() },
        E::BookingDayNotOver { closing: s() },
        E::BadTime {
            day: s(),
            value: s(),
        },
        E::SessionEndsBeforeStart {
            day: s(),
            start: s(),
            end: s(),
        },
        E::SessionsOverlap {
            day: s(),
            first: s(),
            second: s(),
        },
        E::BadHolidayFile {
            reason: "json",
            detail: s(),
        },
        E::UnknownException(1),
        E::Storage(sqlx::Error::RowNotFound),
        E::Migration(sqlx::migrate::MigrateError::VersionMissing(1)),
        E::Io(std::io::Error::other("disk")),
        E::ExportFailed { reason: s() },
        E::NoPrinter { station: s() },
        E::DataFolderInUse {
            folder: s(),
            pid: 1,
        },
        E::StaffSessionRequired,
        E::WrongPin { tries_left: 1 },
        E::PinLocked { until: s() },
        E::PinNotSet,
        E::PinAlreadySet,
        E::PinFormat { min: 4, max: 12 },
        E::BadBackup { name: s() },
        E::PersonalKeyMissing { path: s() },
        E::PersonalKeyWrong { place: s() },
        E::PersonalKeyNotFound {
            store: s(),
            path: s(),
        },
        E::PersonalKeyStoreUnreachable {
            store: s(),
            path: s(),
        },
        E::PersonalKeyInvalid { path: s() },
        E::PersonalDataUnreadable,
    ];
    let booking = vec![
        B::UnknownSession(1),
        B::UnknownSlot(1),
        B::UnknownBooking,
        B::NoBookingFound,
        B::SeveralBookingsFound { count: 2 },
        B::InvalidIdNumber { problem: "length" },
        B::InvalidMobile { problem: "length" },
        B::NotAppointmentCounter { number: 1 },
        B::SessionOverlap { date: s() },
        B::SessionHasBookings { count: 1 },
        B::DateInPast { date: s() },
        B::OutsideBookingWindow {
            first: s(),
            last: s(),
        },
        B::MatterNotBookable { service_id: 1 },
        B::SlotFull {
            date: s(),
            start: s(),
        },
        B::AlreadyBookedThatDay { date: s() },
        B::WeeklyLimit { limit: 1 },
        B::MonthlyLimit { limit: 1 },
        B::BookingBanned { until: s() },
        B::CancelTooLate { deadline: s() },
        B::WrongBookingState {
            status: "booked",
            expected: "booked",
        },
        B::NotToday { date: s() },
        B::CheckInTooEarly { from: s() },
        B::CheckInTooLate { until: s() },
    ];
    assert_eq!(
        booking.len(),
        variant_count("crates/core/src/error/booking.rs", "BookingError"),
        "every BookingError variant has a sample"
    );
    let rating = vec![
        R::AlreadyRated { number: s() },
        R::ReasonRequired,
        R::UnknownReason { reason: s() },
        R::UnknownRating(1),
        R::NotThisCounter { number: s() },
    ];
    assert_eq!(
        rating.len(),
        variant_count("crates/core/src/error/rating.rs", "RatingError"),
        "every RatingError variant has a sample"
    );
    let device = vec![
        D::Unpaired,
        D::Forbidden { op: s(), role: s() },
        D::OtherCounter {
            counter: 1,
            requested: 2,
        },
        D::BadOrigin,
        D::CodeWrong,
        D::CodeExpired,
        D::TooManyAttempts { seconds: 60 },
        D::UnknownDevice(1),
        D::UnknownOperation { op: s() },
        D::KeyReused { op: s() },
        D::Answered,
    ];
    assert_eq!(
        device.len(),
        variant_count("crates/core/src/error/device.rs", "DeviceError"),
        "every DeviceError variant has a sample"
    );
    use frontdesk_print::{PrintError as P, Stage};
    let print = vec![
        P::PrinterUnreachable {
            target: s(),
            reason: s(),
        },
        P::Timeout {
            target: s(),
            stage: Stage::Connect,
        },
        P::PaperOut { target: s() },
        P::Io {
            target: s(),
            reason: s(),
        },
        P::QueueRejected {
            queue: s(),
            detail: s(),
        },
        P::Unsupported { what: s() },
        P::Invalid {
            field: s(),
            reason: s(),
        },
        P::PersonalDataSuspected { field: s() },
    ];
    assert_eq!(
        print.len(),
        variant_count("crates/print/src/error.rs", "PrintError"),
        "every PrintError variant has a sample"
    );
    // `Booking`, `Rating`, `Print` and `Device` are the variants not listed above: they carry
    // these.
    assert_eq!(
        all.len() + 4,
        variant_count("crates/core/src/error/mod.rs", "Error"),
        "every Error variant has a sample"
    );
    all.extend(booking.into_iter().map(E::Booking));
    all.extend(rating.into_iter().map(E::Rating));
    all.extend(print.into_iter().map(E::from));
    all.extend(device.into_iter().map(E::Device));
    all
}

#[test]
fn every_error_code_has_a_text_in_both_languages() {
    use frontdesk_lib::error::ShellError;
    let shell = [
        ShellError::WindowFailed {
            window: frontdesk_lib::WindowKind::Counter,
            cause: "refused".into(),
        },
        ShellError::TestModeOnly,
        ShellError::HostFailed {
            port: 8426,
            cause: "address in use".into(),
        },
    ];
    // `Core` is the one variant not listed: it carries the core's errors, checked below.
    assert_eq!(
        shell.len() + 1,
        variant_count("src-tauri/src/error.rs", "ShellError"),
        "every ShellError variant has a sample"
    );
    let mut wire: Vec<Value> = every_core_error()
        .iter()
        .map(|e| serde_json::to_value(e).unwrap())
        .collect();
    wire.extend(shell.iter().map(|e| serde_json::to_value(e).unwrap()));
    let (zh, en) = (dict("zh-CN"), dict("en"));
    let mut missing = Vec::new();
    for w in &wire {
        let code = w["code"].as_str().expect("a code");
        assert!(w["params"].is_object(), "{code}: params is an object: {w}");
        assert!(w["message"].is_string(), "{code}: a message: {w}");
        for (lang, d) in [("zh-CN", &zh), ("en", &en)] {
            if !d.contains_key(&format!("error.{code}")) {
                missing.push(format!("{lang}: error.{code}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "error codes without a text: {missing:#?}"
    );
}
