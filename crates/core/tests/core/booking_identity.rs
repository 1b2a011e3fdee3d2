//! The personal fields of a booking: ID number (GB 11643), mobile number, name, masks.

use chrono::NaiveDate;
use frontdesk_core::booking::identity::{
    mask_id, mask_name, mask_phone, normalize_id_number, normalize_mobile, normalize_name,
    normalize_note,
};
use frontdesk_core::{BookingError, Error};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

fn id_problem(v: &str) -> &'static str {
    match normalize_id_number(v, today()) {
        Err(Error::Booking(BookingError::InvalidIdNumber { problem })) => problem,
        other => panic!("expected an invalid ID number, got {:?}", other.map(|_| ())),
    }
}

#[test]
fn valid_id_numbers_pass_and_are_normalised() {
    for v in ["11010519491231002X", "440524188001010014"] {
        assert_eq!(normalize_id_number(v, today()).unwrap(), v);
    }
    // Lower-case x, spaces and full-width digits as typed by a Chinese input method.
    assert_eq!(
        normalize_id_number(" 110105 19491231 002x ", today()).unwrap(),
        "11010519491231002X"
    );
    assert_eq!(
        normalize_id_number("１１０１０５１９４９１２３１００２Ｘ", today()).unwrap(),
        "11010519491231002X"
    );
}

#[test]
fn residence_permit_numbers_follow_the_same_rule() {
    let first17 = "81000019900101123";
    let check = frontdesk_core::booking::identity::id_check_char(first17).unwrap();
    let hk = format!("{first17}{check}");
    assert_eq!(normalize_id_number(&hk, today()).unwrap(), hk);
    for region in ["820000", "830000"] {
        let first17 = format!("{region}19900101123");
        let check = frontdesk_core::booking::identity::id_check_char(&first17).unwrap();
        assert!(normalize_id_number(&format!("{first17}{check}"), today()).is_ok());
    }
}

#[test]
fn bad_id_numbers_fail_with_the_reason() {
    // A changed digit breaks the check digit.
    assert_eq!(id_problem("11010519491231003X"), "check_digit");
    assert_eq!(id_problem("440524188001010015"), "check_digit");
    assert_eq!(id_problem("11010519491231002Y"), "characters");
    // A date that does not exist, with a matching check digit (so only the date is wrong).
    let first17 = "11010519490230002";
    let check = frontdesk_core::booking::identity::id_check_char(first17).unwrap();
    assert_eq!(id_problem(&format!("{first17}{check}")), "birth_date");
    // Born tomorrow.
    let first17 = "11010520261201002";
    let check = frontdesk_core::booking::identity::id_check_char(first17).unwrap();
    assert_eq!(id_problem(&format!("{first17}{check}")), "birth_date");
    // Born today is fine.
    let first17 = "11010520261130002";
    let check = frontdesk_core::booking::identity::id_check_char(first17).unwrap();
    assert!(normalize_id_number(&format!("{first17}{check}"), today()).is_ok());
    // 17 and 19 characters.
    assert_eq!(id_problem("11010519491231002"), "length");
    assert_eq!(id_problem("1101051949123100200"), "length");
    assert_eq!(id_problem("1101051949123100X"), "length");
    // 15-digit first-generation numbers are not accepted.
    assert_eq!(id_problem("110105491231002"), "length");
    // X anywhere but last; letters; an unknown province.
    assert_eq!(id_problem("X1010519491231002X"), "characters");
    assert_eq!(
        id_problem("11010519491231002X'; DROP TABLE bookings;--"),
        "characters"
    );
    let first17 = "99010519491231002";
    let check = frontdesk_core::booking::identity::id_check_char(first17).unwrap();
    assert_eq!(id_problem(&format!("{first17}{check}")), "region");
    assert!(matches!(
        normalize_id_number("   ", today()),
        Err(Error::Empty { field: "id_number" })
    ));
}

#[test]
fn mobiles_accept_86_spaces_and_dashes() {
    for v in [
        "13812348000",
        "+86 138 1234 8000",
        "+8613812348000",
        "86-138-1234-8000",
        "0086 13812348000",
        "(+86) 138-1234-8000",
        "１３８１２３４８０００",
    ] {
        assert_eq!(normalize_mobile(v).unwrap(), "13812348000", "{v}");
    }
    for v in ["19912345678", "16612345678", "14712345678"] {
        assert!(normalize_mobile(v).is_ok(), "{v}");
    }
}

#[test]
fn bad_mobiles_fail() {
    let problem = |v: &str| match normalize_mobile(v) {
        Err(Error::Booking(BookingError::InvalidMobile { problem })) => problem,
        other => panic!("{v}: {:?}", other.map(|_| ())),
    };
    assert_eq!(problem("1381234800"), "length");
    assert_eq!(problem("138123480001"), "length");
    assert_eq!(problem("12812348000"), "prefix");
    assert_eq!(problem("23812348000"), "prefix");
    assert_eq!(problem("010-12345678"), "prefix");
    assert_eq!(problem("138a2348000"), "characters");
    assert_eq!(problem("+1 415 555 0100"), "characters");
    assert!(matches!(
        normalize_mobile(" "),
        Err(Error::Empty { field: "mobile" })
    ));
}

#[test]
fn names_are_letters_and_the_usual_marks() {
    for v in [
        "张三",
        "欧阳娜娜",
        "买买提·艾力",
        "CHAN Tai Man",
        "Anne-Marie",
    ] {
        assert!(normalize_name(v).is_ok(), "{v}");
    }
    assert_eq!(normalize_name("  张   三 ").unwrap(), "张 三");
    assert!(matches!(
        normalize_name(""),
        Err(Error::Empty { field: "name" })
    ));
    assert!(matches!(
        normalize_name(&"张".repeat(21)),
        Err(Error::TooLong { field: "name", .. })
    ));
    for v in [
        "😀",
        "张三😀",
        "李'; DROP TABLE x;--",
        "12345",
        "张\u{0007}三",
        "·",
    ] {
        assert!(
            matches!(normalize_name(v), Err(Error::Invalid { field: "name" })),
            "{v}"
        );
    }
}

#[test]
fn notes_are_short_and_may_have_line_breaks() {
    assert_eq!(
        normalize_note("带齐材料\r\n第二行").unwrap(),
        "带齐材料\n第二行"
    );
    assert!(matches!(
        normalize_note(&"x".repeat(201)),
        Err(Error::TooLong {
            field: "note",
            max: 200
        })
    ));
    assert!(normalize_note(&"x".repeat(200)).is_ok());
    assert!(matches!(
        normalize_note("a\u{0000}b"),
        Err(Error::Invalid { field: "note" })
    ));
}

#[test]
fn masks_keep_only_the_ends() {
    assert_eq!(mask_id("110105194912310123"), "110105********0123");
    assert_eq!(mask_id("11010519491231002X"), "110105********002X");
    assert_eq!(mask_phone("13812348000"), "138****8000");
    assert_eq!(mask_name("张三"), "张*");
    assert_eq!(mask_name("司马相如"), "司**");
}

#[test]
fn the_forms_live_check_answers_with_the_same_rules() {
    use frontdesk_core::booking::identity::{check_field, PersonalField::*};
    let ok = check_field(IdNumber, "11010519491231002x", today());
    assert!(ok.ok);
    assert_eq!(ok.value.as_deref(), Some("11010519491231002X"));
    assert_eq!(ok.birth_date.as_deref(), Some("1949-12-31"));
    let typing = check_field(IdNumber, "11010519491231", today());
    assert_eq!((typing.problem, typing.length), (Some("length"), 14));
    let wrong = check_field(IdNumber, "110105194912310021", today());
    assert_eq!(
        (wrong.problem, wrong.expected),
        (Some("check_digit"), Some('X'))
    );
    assert_eq!(
        check_field(IdNumber, "110105194902300021", today()).problem,
        Some("birth_date")
    );
    let m = check_field(Mobile, "+86 138-0013-8000", today());
    assert_eq!((m.ok, m.value.as_deref()), (true, Some("13800138000")));
    assert_eq!(check_field(Mobile, "1380013800", today()).length, 10);
    assert_eq!(
        check_field(Mobile, "12800138000", today()).problem,
        Some("prefix")
    );
    assert!(check_field(Name, "买买提·艾力", today()).ok);
    assert_eq!(
        check_field(Name, &"张".repeat(21), today()).problem,
        Some("too_long")
    );
    assert_eq!(
        check_field(Name, "张三😀", today()).problem,
        Some("characters")
    );
    assert_eq!(check_field(Name, "  ", today()).problem, Some("empty"));
}

#[test]
fn the_desks_one_check_in_box_is_told_apart_by_shape() {
    use frontdesk_core::booking::identity::classify_entry;
    use frontdesk_core::booking::CheckInBy;
    assert_eq!(
        classify_entry(" abc-def "),
        CheckInBy::Code("ABCDEF".into())
    );
    assert_eq!(classify_entry("234567"), CheckInBy::Code("234567".into()));
    assert_eq!(
        classify_entry("138 0013 8000"),
        CheckInBy::Mobile("13800138000".into())
    );
    assert_eq!(
        classify_entry("+8613800138000"),
        CheckInBy::Mobile("+8613800138000".into())
    );
    assert_eq!(
        classify_entry("008613800138000"),
        CheckInBy::Mobile("008613800138000".into())
    );
    assert_eq!(
        classify_entry("11010519491231002x"),
        CheckInBy::IdNumber("11010519491231002X".into())
    );
    assert_eq!(
        classify_entry("１１０１０５１９４９１２３１００２Ｘ"),
        CheckInBy::IdNumber("11010519491231002X".into())
    );
    assert_eq!(classify_entry("12345"), CheckInBy::Mobile("12345".into()));
}
