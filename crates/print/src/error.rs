//! Why a print failed, as data. Serialises as `{ "code": "...", "params": { ... } }`: the caller
//! stores the code with the ticket (未打印) and the UI turns code and params into a sentence.
//! Params name the printer (address, device path, queue) and never anything about the person.

use serde::Serialize;

/// What the print was doing when it stalled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Opening the TCP connection.
    Connect,
    /// Sending the bytes (TCP, device).
    Write,
    /// Waiting for the OS spooler to take the job.
    Spool,
}

/// A failed print. Variant names are the stable codes (snake_case).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "code", content = "params", rename_all = "snake_case")]
pub enum PrintError {
    /// Nobody there: connection refused, no route, unknown host, no such device or queue.
    #[error("printer {target} unreachable ({reason})")]
    PrinterUnreachable {
        /// The printer's address, device path or queue name.
        target: String,
        /// `connection_refused`, `not_found`, `unknown_host`, `host_unreachable`,
        /// `not_shared` (no Windows printer shared under that name), …
        reason: String,
    },
    /// The printer (or spooler) stopped answering.
    #[error("printer {target} timed out ({stage:?})")]
    Timeout {
        /// The printer's address, device path or queue name.
        target: String,
        /// What stalled.
        stage: Stage,
    },
    /// The printer said its roll is empty; nothing was printed.
    #[error("printer {target} is out of paper")]
    PaperOut {
        /// The printer's address.
        target: String,
    },
    /// Any other I/O failure (e.g. permission denied on a device); `reason` is the error kind.
    #[error("printer {target}: I/O error ({reason})")]
    Io {
        /// The printer's address, device path or queue name.
        target: String,
        /// The I/O error kind in snake_case (`permission_denied`, `broken_pipe`, …).
        reason: String,
    },
    /// The OS print queue refused the job; `detail` is the spooler's own line (C locale).
    #[error("print queue {queue} refused the job: {detail}")]
    QueueRejected {
        /// The queue's name.
        queue: String,
        /// The spooler's first line of complaint, at most 200 characters.
        detail: String,
    },
    /// Not available on this system (no CUPS `lp`, or no OS queue at all).
    #[error("unsupported here: {what}")]
    Unsupported {
        /// `cups` when CUPS' `lp` is not installed; `os_queue` on a system with neither CUPS
        /// nor the Windows spooler. (`windows_spooler` was reported before Windows printed
        /// through a share, and may still be stored with an old ticket.)
        what: String,
    },
    /// The configuration or the ticket's texts cannot be printed (empty host, QR text too long).
    #[error("invalid {field}: {reason}")]
    Invalid {
        /// The setting or ticket field (`host`, `path`, `queue`, `qr_text`, `number`).
        field: String,
        /// `empty`, `bad_name`, `too_long`, `not_a_ticket_number`.
        reason: String,
    },
    /// A text meant for the ticket holds a run of 11 or more digits, as a phone or ID number
    /// would: refused, so such a number can never reach paper.
    #[error("{field} looks like it holds a phone or ID number")]
    PersonalDataSuspected {
        /// `hall_name`, `service_name`, `footer` or `qr_text`.
        field: String,
    },
}

impl PrintError {
    /// The stable machine code, the same string as the serialised `code`.
    pub fn code(&self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.get("code")?.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    /// The parameters the UI fills into its sentence.
    pub fn params(&self) -> serde_json::Value {
        serde_json::to_value(self)
            .ok()
            .and_then(|mut v| v.get_mut("params").map(serde_json::Value::take))
            .unwrap_or(serde_json::Value::Null)
    }

    pub(crate) fn invalid(field: &str, reason: &str) -> Self {
        PrintError::Invalid {
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// Sorts an I/O error into the codes above. `WouldBlock` is how a socket timeout surfaces
    /// on Unix, `TimedOut` on Windows.
    pub(crate) fn from_io(target: &str, stage: Stage, e: &std::io::Error) -> Self {
        use std::io::ErrorKind as K;
        let target = target.to_owned();
        match e.kind() {
            K::WouldBlock | K::TimedOut => PrintError::Timeout { target, stage },
            K::ConnectionRefused
            | K::NotFound
            | K::HostUnreachable
            | K::NetworkUnreachable
            | K::AddrNotAvailable
            | K::NotConnected => PrintError::PrinterUnreachable {
                target,
                reason: kind_name(e.kind()),
            },
            kind => PrintError::Io {
                target,
                reason: kind_name(kind),
            },
        }
    }
}

/// `ConnectionRefused` → `connection_refused`: stable, English, free of paths and addresses.
fn kind_name(kind: std::io::ErrorKind) -> String {
    let mut out = String::new();
    for (i, c) in format!("{kind:?}").chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn serialises_as_code_and_params() {
        let e = PrintError::Timeout {
            target: "127.0.0.1:9100".into(),
            stage: Stage::Write,
        };
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            json!({"code": "timeout", "params": {"target": "127.0.0.1:9100", "stage": "write"}})
        );
        assert_eq!(e.code(), "timeout");
        assert_eq!(e.params()["stage"], "write");
        let e = PrintError::PersonalDataSuspected {
            field: "footer".into(),
        };
        assert_eq!(e.code(), "personal_data_suspected");
    }

    #[test]
    fn io_errors_are_sorted_by_kind() {
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        assert_eq!(
            PrintError::from_io("p", Stage::Connect, &refused),
            PrintError::PrinterUnreachable {
                target: "p".into(),
                reason: "connection_refused".into()
            }
        );
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert_eq!(PrintError::from_io("p", Stage::Write, &denied).code(), "io");
        let stalled = std::io::Error::from(std::io::ErrorKind::WouldBlock);
        assert_eq!(
            PrintError::from_io("p", Stage::Write, &stalled).code(),
            "timeout"
        );
    }
}
