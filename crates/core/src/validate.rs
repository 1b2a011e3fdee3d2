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
    if v.chars().any(char::is_control) {
        return Err(Error::Invalid { field });
    }
    Ok(v.to_string())
}

/// An optional text of at most `max` characters (may be empty).
pub fn text(field: &'static str, value: &str, max: usize) -> Result<String> {
    let v = value.trim();
    if v.chars().count() > max {
        return Err(Error::TooLong { field, max });
    }
    if v.chars().any(char::is_control) {
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
