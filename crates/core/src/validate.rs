//! Input checks shared by every operation: bad input is refused before anything is written.

use crate::error::{Error, Result};

/// A trimmed, non-empty name of at most `max` characters.
pub fn name(field: &'static str, value: &str, max: usize) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Error::Empty { field });
    }
    if v.chars().count() > max {
        return Err(Error::TooLong { field, max });
    }
    if v.chars().any(hidden) {
        return Err(Error::Invalid { field });
    }
    Ok(v.to_string())
}

/// A character that must not be in a name, notice or note: a control character, or a
/// Unicode format character (general category Cf), which shows nothing but changes how
/// the text around it reads: bidi overrides and isolates (U+202A–202E, U+2066–2069) can
/// make 'A012' display as '210A' on the wall, zero-width ones (U+200B–200F, U+2060–2064,
/// U+FEFF) make two names that look the same differ.
pub fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{AD}'
            | '\u{600}'..='\u{605}'
            | '\u{61C}'
            | '\u{6DD}'
            | '\u{70F}'
            | '\u{890}'..='\u{891}'
            | '\u{8E2}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}')
}

/// An optional text of at most `max` characters (may be empty).
pub fn text(field: &'static str, value: &str, max: usize) -> Result<String> {
    let v = value.trim();
    if v.chars().count() > max {
        return Err(Error::TooLong { field, max });
    }
    if v.chars().any(hidden) {
        return Err(Error::Invalid { field });
    }
    Ok(v.to_string())
}

/// A number within `min..=max`.
pub fn range(field: &'static str, value: i64, min: i64, max: i64) -> Result<i64> {
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(Error::OutOfRange { field, min, max })
    }
}

/// A ticket prefix: exactly one letter A–Z (lowercase is accepted and raised).
pub fn prefix(value: &str) -> Result<String> {
    let v = value.trim().to_ascii_uppercase();
    let mut chars = v.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_uppercase() => Ok(v),
        _ => Err(Error::BadPrefix),
    }
}
