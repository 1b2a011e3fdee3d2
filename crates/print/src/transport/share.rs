//! The Windows spooler without Win32 calls: a printer that Windows shares (say as `POS58`) takes
//! whatever is written to `\\localhost\POS58` as one print job, and the spooler passes a job that
//! arrives through a share to the printer untouched (RAW), the way `copy /b ticket.bin
//! \\localhost\POS58` has printed receipts for decades. So a ticket is a plain `std::fs` write,
//! with no `unsafe` and no binding crate (raw `WritePrinter` needs both). The hall shares the
//! printer once (see README); the share name is the queue name in 设置 → 打印.
//!
//! Like a CUPS queue, the spooler keeps a job it has taken: a printer that is off prints it when
//! it comes back, and there is no paper status. The desk's light asks Windows whether a printer
//! is shared under that name (PowerShell's `Get-Printer`, the name passed in the environment so
//! it is never part of the script).
//!
//! The path, the write and the reading of the probe's answer are plain functions, tested on
//! every platform; only choosing them for the queue transport is Windows-only.
#![cfg_attr(not(windows), allow(dead_code))]

use super::{write_bounded, Outcome, PrintError, Stage};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The PC itself, as a share's host: the printer is shared by the PC that prints.
pub(super) const THIS_PC: &str = "localhost";

/// `\\localhost\POS58`: where Windows takes a raw job for the printer shared as `name` (a
/// name `PrinterConfig::check` has accepted: no separators, quotes or wildcards).
pub(super) fn share_path(host: &str, name: &str) -> PathBuf {
    PathBuf::from(format!(r"\\{host}\{name}"))
}

/// Writes one job to the share at `path` (on a thread, bounded by `timeout`: a share on a
/// stalled spooler can block the write, and std has no timeout for files). Opening never
/// creates anything: a share that does not exist is `printer_unreachable`.
pub(super) fn print(path: &Path, bytes: &[u8], timeout: Duration) -> Result<(), PrintError> {
    write_bounded(path, bytes.to_vec(), timeout, failed)
}

/// Windows' "the network name cannot be found" (`ERROR_BAD_NET_NAME`) and "the network path
/// was not found" (`ERROR_BAD_NETPATH`): no printer shared under that name.
const NO_SUCH_SHARE: [i32; 2] = [67, 53];

/// Sorts a failed write to the share: a share that is not there says so; the rest as any
/// write (`permission_denied` when the share does not let this user print, …).
fn failed(target: &str, e: &std::io::Error) -> PrintError {
    match e.raw_os_error() {
        Some(code) if cfg!(windows) && NO_SUCH_SHARE.contains(&code) => {
            PrintError::PrinterUnreachable {
                target: target.into(),
                reason: "not_shared".into(),
            }
        }
        _ => PrintError::from_io(target, Stage::Spool, e),
    }
}

/// The environment variable that carries the share name into [`PROBE_SCRIPT`].
pub(super) const PROBE_NAME_VAR: &str = "FRONTDESK_PRINTER_SHARE";

/// Exit 0 when this PC shares a printer under the name in [`PROBE_NAME_VAR`], 3 when not
/// (Windows share names compare without regard to case, as `-eq` does).
pub(super) const PROBE_SCRIPT: &str = "$p = Get-Printer | Where-Object { $_.Shared -and \
     $_.ShareName -eq $env:FRONTDESK_PRINTER_SHARE } | Select-Object -First 1; \
     if ($p) { exit 0 } else { exit 3 }";

/// The exit code that means "no printer shared under that name".
const NOT_SHARED: i32 = 3;

/// What the probe's answer means for the desk's light.
pub(super) fn read_probe(path: &Path, name: &str, outcome: Outcome) -> Result<(), PrintError> {
    match outcome.code {
        Some(0) => Ok(()),
        Some(NOT_SHARED) => Err(PrintError::PrinterUnreachable {
            target: path.display().to_string(),
            reason: "not_shared".into(),
        }),
        code => Err(PrintError::QueueRejected {
            queue: name.into(),
            detail: outcome.complaint_or(code),
        }),
    }
}

/// Asks Windows whether the printer is shared under `name`.
#[cfg(windows)]
pub(super) fn probe(name: &str, timeout: Duration) -> Result<(), PrintError> {
    let outcome = super::queue::run(
        "powershell.exe",
        &["-NoProfile", "-NonInteractive", "-Command", PROBE_SCRIPT],
        &[(PROBE_NAME_VAR, name)],
        name,
        None,
        timeout,
        "powershell",
    );
    match outcome {
        Ok(outcome) => read_probe(&share_path(THIS_PC, name), name, outcome),
        // Printing needs no PowerShell; a PC without it only cannot tell.
        Err(PrintError::Unsupported { .. }) => Ok(()),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_share_of_a_printer_on_this_pc() {
        assert_eq!(
            share_path(THIS_PC, "POS58"),
            PathBuf::from(r"\\localhost\POS58")
        );
        assert_eq!(
            share_path("frontdesk-pc", "Thermal_80"),
            PathBuf::from(r"\\frontdesk-pc\Thermal_80")
        );
    }

    #[test]
    fn a_job_is_written_to_the_share_as_it_is() {
        // A file stands in for the share: the same open-for-write, no create.
        let dir = tempfile::tempdir().unwrap();
        let share = dir.path().join("POS58");
        std::fs::write(&share, b"").unwrap();
        let job = b"\x1b@\x1b\x74\x00ticket\x1dVB\x00".to_vec();
        print(&share, &job, Duration::from_secs(10)).unwrap();
        assert_eq!(std::fs::read(&share).unwrap(), job);

        // No such share: unreachable, nothing created.
        let missing = dir.path().join("Gone");
        let e = print(&missing, &job, Duration::from_secs(10)).unwrap_err();
        assert_eq!(
            e,
            PrintError::PrinterUnreachable {
                target: missing.display().to_string(),
                reason: "not_found".into()
            }
        );
        assert!(!missing.exists());
    }

    #[cfg(windows)]
    #[test]
    fn a_share_that_is_not_there_says_so() {
        for code in NO_SUCH_SHARE {
            let e = failed(
                r"\\localhost\Gone",
                &std::io::Error::from_raw_os_error(code),
            );
            assert_eq!(e.params()["reason"], "not_shared");
        }
    }

    #[test]
    fn the_probe_answer_is_read_into_the_light() {
        let path = share_path(THIS_PC, "POS58");
        let answer = |code, complaint: &str| Outcome {
            code,
            complaint: complaint.into(),
        };
        assert_eq!(read_probe(&path, "POS58", answer(Some(0), "")), Ok(()));
        assert_eq!(
            read_probe(&path, "POS58", answer(Some(3), "")),
            Err(PrintError::PrinterUnreachable {
                target: r"\\localhost\POS58".into(),
                reason: "not_shared".into()
            })
        );
        assert_eq!(
            read_probe(
                &path,
                "POS58",
                answer(
                    Some(1),
                    "Get-Printer : The spooler service is not reachable."
                )
            ),
            Err(PrintError::QueueRejected {
                queue: "POS58".into(),
                detail: "Get-Printer : The spooler service is not reachable.".into()
            })
        );
        assert_eq!(
            read_probe(&path, "POS58", answer(None, "")),
            Err(PrintError::QueueRejected {
                queue: "POS58".into(),
                detail: "exit status -1".into()
            })
        );
        // The name reaches the script through the environment, never inside it.
        assert!(PROBE_SCRIPT.contains(&format!("$env:{PROBE_NAME_VAR}")));
        assert!(!PROBE_SCRIPT.contains("POS58"));
    }
}
