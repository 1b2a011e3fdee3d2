//! A printer's refusal as the hall reports it: the print crate's own error, its code under
//! `print_` (so `print_timeout` never collides with the core's codes such as `invalid` or
//! `io`), its parameters as they are (they name the printer, never a person).

use frontdesk_print::PrintError;
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A print that failed, or a printer setting that cannot work.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(transparent)]
pub struct PrintFailure(#[from] pub PrintError);

impl PrintFailure {
    /// The code and parameters as stored with a ticket and sent to the screens.
    pub fn info(&self) -> PrintErrorInfo {
        PrintErrorInfo {
            code: format!("print_{}", self.0.code()),
            params: match self.0.params() {
                Value::Null => Value::Object(Default::default()),
                p => p,
            },
        }
    }
}

impl Serialize for PrintFailure {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let info = self.info();
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("code", &info.code)?;
        m.serialize_entry("params", &info.params)?;
        m.end()
    }
}

/// A failure as data once it has left the printer: what a ticket's 未打印 mark holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintErrorInfo {
    /// `print_printer_unreachable`, `print_timeout`, `print_paper_out`, …
    pub code: String,
    /// The printer's address, the stage that stalled, … (never personal data).
    pub params: Value,
}
