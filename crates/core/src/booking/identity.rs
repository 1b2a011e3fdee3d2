//! Personal fields of a booking: the 18-digit resident ID number (GB 11643), the mainland
//! mobile number and the name; how they are checked, normalised and masked (sealing and
//! the keyed lookup hashes: `personal_key`).
//! Nothing here puts a value into an error: errors say only what is wrong.

use crate::error::BookingError;
use crate::error::{Error, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// GB 11643 weights of the first 17 digits.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// The check character for each remainder of the weighted sum mod 11.
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// Province-level codes (the first two digits), including 71 (Taiwan) and the
/// residence-permit codes 81 (Hong Kong), 82 (Macao) and 83 (Taiwan).
const PROVINCES: [u32; 35] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
];

/// Full-width digits and letters (as Chinese input methods type them) become ASCII.
fn half_width(c: char) -> char {
    match c {
        '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// The check character of the first 17 digits of an ID number (`None` unless 17 ASCII digits).
pub fn id_check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    Some(CHECK[(sum % 11) as usize])
}

fn bad_id(problem: &'static str) -> Error {
    BookingError::InvalidIdNumber { problem }.into()
}

/// An ID number as typed, in ASCII without spaces and with an upper-case X, unchecked.
fn compact_id(value: &str) -> String {
    value
        .chars()
        .map(half_width)
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A mobile number as typed, in ASCII without spaces, dashes, brackets or the +86 / 0086 /
/// 86 country prefix, unchecked.
fn compact_mobile(value: &str) -> String {
    let mut v: String = value
        .chars()
        .map(half_width)
        .filter(|c| !(c.is_whitespace() || matches!(c, '-' | '(' | ')')))
        .collect();
    for prefix in ["+86", "0086"] {
        if let Some(rest) = v.strip_prefix(prefix) {
            v = rest.to_string();
            break;
        }
    }
    if v.len() == 13 && v.starts_with("86") {
        v.drain(..2);
    }
    v
}

/// Checks a resident ID number (or a Hong Kong/Macao/Taiwan residence-permit number, which
/// starts with 81/82/83 and follows the same rule) and returns it normalised: ASCII,
/// without spaces, with an upper-case X. The birth date must exist and not be after `today`.
pub fn normalize_id_number(value: &str, today: NaiveDate) -> Result<String> {
    let v = compact_id(value);
    if v.is_empty() {
        return Err(Error::Empty { field: "id_number" });
    }
    let last = v.len() - 1;
    let ok_chars = v
        .char_indices()
        .all(|(i, c)| c.is_ascii_digit() || (c == 'X' && i == last));
    if !ok_chars {
        return Err(bad_id("characters"));
    }
    if v.len() != 18 {
        return Err(bad_id("length"));
    }
    let province: u32 = v[..2].parse().map_err(|_| bad_id("characters"))?;
    if !PROVINCES.contains(&province) {
        return Err(bad_id("region"));
    }
    let birth = NaiveDate::parse_from_str(&v[6..14], "%Y%m%d").map_err(|_| bad_id("birth_date"))?;
    if birth > today || birth < NaiveDate::from_ymd_opt(1850, 1, 1).unwrap_or(birth) {
        return Err(bad_id("birth_date"));
    }
    if id_check_char(&v[..17]) != v.chars().last() {
        return Err(bad_id("check_digit"));
    }
    Ok(v)
}

/// Checks a mainland mobile number and returns its 11 digits: "+86", "0086" or "86" in
/// front, spaces, dashes and brackets are accepted and stripped.
pub fn normalize_mobile(value: &str) -> Result<String> {
    let v = compact_mobile(value);
    if v.is_empty() {
        return Err(Error::Empty { field: "mobile" });
    }
    if !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(BookingError::InvalidMobile {
            problem: "characters",
        }
        .into());
    }
    if v.len() != 11 {
        return Err(BookingError::InvalidMobile { problem: "length" }.into());
    }
    let b = v.as_bytes();
    if b[0] != b'1' || !(b'3'..=b'9').contains(&b[1]) {
        return Err(BookingError::InvalidMobile { problem: "prefix" }.into());
    }
    Ok(v)
}

/// Checks a person's name: 1–20 characters of letters (Chinese or Latin), spaces, middle
/// dots (as in 买买提·艾力), dots and hyphens, with at least one letter. Emoji, digits and
/// punctuation such as quotes or semicolons are refused.
pub fn normalize_name(value: &str) -> Result<String> {
    let v = value
        .chars()
        .map(|c| if c == '\u{3000}' { ' ' } else { c })
        .collect::<String>();
    let v = v.split_whitespace().collect::<Vec<_>>().join(" ");
    if v.is_empty() {
        return Err(Error::Empty { field: "name" });
    }
    if v.chars().count() > 20 {
        return Err(Error::TooLong {
            field: "name",
            max: 20,
        });
    }
    let allowed =
        |c: char| c.is_alphabetic() || matches!(c, ' ' | '·' | '•' | '・' | '‧' | '.' | '-');
    if !v.chars().all(allowed) || !v.chars().any(char::is_alphabetic) {
        return Err(Error::Invalid { field: "name" });
    }
    Ok(v)
}

/// Checks a booking's note: at most 200 characters; line breaks are allowed, other
/// control characters and invisible format characters (`validate::hidden`) are not.
pub fn normalize_note(value: &str) -> Result<String> {
    let v = value.trim().replace("\r\n", "\n");
    if v.chars().count() > 200 {
        return Err(Error::TooLong {
            field: "note",
            max: 200,
        });
    }
    if v.chars().any(|c| crate::validate::hidden(c) && c != '\n') {
        return Err(Error::Invalid { field: "note" });
    }
    Ok(v)
}

/// A personal field of the booking form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonalField {
    Name,
    Mobile,
    IdNumber,
}

/// What the booking form shows under a field while staff type: the same checks as on
/// submit, answered for one field. Returned only to the screen that typed the value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldCheck {
    pub ok: bool,
    /// As in the errors: empty, too_long, characters, length, region, birth_date,
    /// check_digit, prefix.
    pub problem: Option<&'static str>,
    /// The normalised value when it is valid.
    pub value: Option<String>,
    /// An ID number's birth date (YYYY-MM-DD) when it is valid.
    pub birth_date: Option<String>,
    /// Characters typed so far (of the compact form), for "17 of 18 digits".
    pub length: usize,
    /// The right check character when only the check digit is wrong.
    pub expected: Option<char>,
}

/// Checks one personal field as typed, with the rules of [`normalize_name`],
/// [`normalize_mobile`] and [`normalize_id_number`].
pub fn check_field(field: PersonalField, value: &str, today: NaiveDate) -> FieldCheck {
    let (result, compact) = match field {
        PersonalField::Name => (normalize_name(value), value.trim().to_string()),
        PersonalField::Mobile => (normalize_mobile(value), compact_mobile(value)),
        PersonalField::IdNumber => (normalize_id_number(value, today), compact_id(value)),
    };
    let length = compact.chars().count();
    match result {
        Ok(v) => FieldCheck {
            ok: true,
            problem: None,
            birth_date: (field == PersonalField::IdNumber)
                .then(|| format!("{}-{}-{}", &v[6..10], &v[10..12], &v[12..14])),
            value: Some(v),
            length,
            expected: None,
        },
        Err(e) => {
            let problem = match &e {
                Error::Empty { .. } => "empty",
                Error::TooLong { .. } => "too_long",
                Error::Booking(BookingError::InvalidIdNumber { problem })
                | Error::Booking(BookingError::InvalidMobile { problem }) => problem,
                _ => "characters",
            };
            let expected = (problem == "check_digit")
                .then(|| id_check_char(compact.get(..17)?))
                .flatten();
            FieldCheck {
                ok: false,
                problem: Some(problem),
                value: None,
                birth_date: None,
                length,
                expected,
            }
        }
    }
}

/// The confirmation code's alphabet: no 0/O and no 1/I, which people misread.
pub(crate) const CODE_ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// Whether `code` could be a confirmation code (after upper-casing).
pub(crate) fn looks_like_code(code: &str) -> bool {
    code.len() == 6 && code.bytes().all(|b| CODE_ALPHABET.contains(&b))
}

/// Today's booking as the desk's one check-in box holds it — a confirmation code, a mobile
/// or an ID number — told apart by its shape. The value itself is checked afterwards.
pub fn classify_entry(value: &str) -> super::CheckInBy {
    use super::CheckInBy;
    let compact: String = value
        .chars()
        .map(half_width)
        .filter(|c| !(c.is_whitespace() || matches!(c, '-' | '(' | ')')))
        .collect();
    let upper = compact.to_ascii_uppercase();
    if looks_like_code(&upper) {
        return CheckInBy::Code(upper);
    }
    let digits = compact_mobile(&compact);
    let id_like = upper.len() >= 15
        && upper
            .char_indices()
            .all(|(i, c)| c.is_ascii_digit() || (c == 'X' && i == upper.len() - 1));
    if id_like && digits.len() != 11 {
        CheckInBy::IdNumber(upper)
    } else if digits.bytes().all(|b| b.is_ascii_digit() || b == b'+') && !digits.is_empty() {
        CheckInBy::Mobile(compact)
    } else {
        CheckInBy::Code(upper)
    }
}

/// An ID number as lists show it: 110105********0123 (6 + 8 stars + 4).
pub fn mask_id(id_number: &str) -> String {
    let chars: Vec<char> = id_number.chars().collect();
    if chars.len() < 10 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..6].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 10))
}

/// A mobile number as lists show it: 138****8000.
pub fn mask_phone(mobile: &str) -> String {
    let chars: Vec<char> = mobile.chars().collect();
    if chars.len() < 8 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 7))
}

/// A name as lists and the display show it: the first character, then stars (张*, 欧阳** ).
pub fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        None => String::new(),
        Some(first) => {
            let rest = chars.count().clamp(1, 2);
            format!("{first}{}", "*".repeat(rest))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks() {
        assert_eq!(mask_id("110105194912310021"), "110105********0021");
        assert_eq!(mask_phone("13812348000"), "138****8000");
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("张"), "张*");
        assert_eq!(mask_name("欧阳娜娜"), "欧**");
    }

    #[test]
    fn check_char() {
        assert_eq!(id_check_char("11010519491231002"), Some('X'));
        assert_eq!(id_check_char("44052418800101001"), Some('4'));
    }
}
