//! Random bytes from the operating system's generator: keys, salts, tokens, pairing and
//! confirmation codes.

use crate::error::{Error, Result};

/// `N` bytes from the operating system's random generator.
pub(crate) fn bytes<const N: usize>() -> Result<[u8; N]> {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).map_err(|e| Error::Io(std::io::Error::other(e.to_string())))?;
    Ok(b)
}

/// `N` random bytes as lowercase hex: a token nobody can guess.
pub(crate) fn hex<const N: usize>() -> Result<String> {
    Ok(bytes::<N>()?.iter().map(|b| format!("{b:02x}")).collect())
}
