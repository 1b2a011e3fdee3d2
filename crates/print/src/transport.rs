//! Getting the bytes to the printer, each way bounded in time.
//!
//! Everything here blocks the calling thread (at most about connect + write + status timeouts);
//! callers in async code run it with `tokio::task::spawn_blocking`, after the ticket is
//! committed and shown, so a slow printer never delays a number on screen.

use crate::commands::PAPER_STATUS_QUERY;
use crate::config::{PrinterConfig, Transport};
use crate::error::{PrintError, Stage};
use serde::Serialize;
use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

mod share;

/// What the printer said about itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PrinterState {
    /// It answered the paper status query: paper present.
    Ready,
    /// It answered: the roll is nearly empty (the ticket was still printed).
    PaperNearEnd,
    /// It took the bytes but reports no status (device files, OS queues, printers that do not
    /// answer `DLE EOT 4`): as far as we can tell, printed.
    Unreported,
}

/// A print that went out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Printed {
    /// What the printer reported.
    pub state: PrinterState,
    /// Bytes handed to the printer or spooler.
    pub bytes: usize,
}

/// Sends ready-made ESC/POS bytes (a ticket, a test page) to the configured printer.
/// Calls for the same printer from this process take turns: many network printers take one
/// connection at a time.
pub fn send(config: &PrinterConfig, bytes: &[u8]) -> Result<Printed, PrintError> {
    config.check()?;
    let turn = one_at_a_time(&config.transport);
    let _turn = turn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let state = match &config.transport {
        Transport::Tcp { host, port } => send_tcp(host, *port, config, bytes)?,
        Transport::Device { path } => {
            write_device(path, bytes.to_vec(), config.write_timeout())?;
            PrinterState::Unreported
        }
        Transport::Queue { name } => {
            spool(name, bytes, config.write_timeout())?;
            PrinterState::Unreported
        }
    };
    Ok(Printed {
        state,
        bytes: bytes.len(),
    })
}

/// The printer's state without printing, for the desk's ready / error light: a TCP printer is
/// asked for its paper status; a device must be there and writable; a queue must exist.
pub fn probe(config: &PrinterConfig) -> Result<PrinterState, PrintError> {
    config.check()?;
    let turn = one_at_a_time(&config.transport);
    let _turn = turn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    match &config.transport {
        Transport::Tcp { host, port } => {
            let target = format!("{host}:{port}");
            let mut stream = connect(host, *port, config)?;
            let wait = config
                .status_timeout()
                .unwrap_or(Duration::from_millis(400));
            let state = paper_status(&mut stream, &target, wait)?;
            let _ = stream.shutdown(Shutdown::Both);
            Ok(state)
        }
        Transport::Device { path } => {
            // An empty write opens the device and writes nothing, on the same bounded path.
            write_device(path, Vec::new(), config.write_timeout())?;
            Ok(PrinterState::Unreported)
        }
        Transport::Queue { name } => {
            queue_exists(name, config.write_timeout())?;
            Ok(PrinterState::Unreported)
        }
    }
}

/// The turn of one printer. The desk and the kiosk window of one PC may print to the same
/// printer at the same moment, and many network printers take one connection at a time: a
/// second one is refused or left waiting until it times out, so the second ticket would come out
/// 未打印 for nothing. Jobs for one printer therefore go one after the other; different printers
/// print in parallel.
fn one_at_a_time(transport: &Transport) -> Arc<Mutex<()>> {
    static TURNS: OnceLock<Mutex<HashMap<Transport, Arc<Mutex<()>>>>> = OnceLock::new();
    let mut turns = TURNS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    turns.entry(transport.clone()).or_default().clone()
}

fn connect(host: &str, port: u16, config: &PrinterConfig) -> Result<TcpStream, PrintError> {
    let target = format!("{host}:{port}");
    let addrs = (host, port)
        .to_socket_addrs()
        .map_err(|_| PrintError::PrinterUnreachable {
            target: target.clone(),
            reason: "unknown_host".into(),
        })?;
    let mut last = PrintError::PrinterUnreachable {
        target: target.clone(),
        reason: "unknown_host".into(),
    };
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, config.connect_timeout()) {
            Ok(stream) => {
                let setup = stream
                    .set_write_timeout(Some(config.write_timeout()))
                    .and_then(|()| stream.set_nodelay(true));
                return match setup {
                    Ok(()) => Ok(stream),
                    Err(e) => Err(PrintError::from_io(&target, Stage::Connect, &e)),
                };
            }
            Err(e) => last = PrintError::from_io(&target, Stage::Connect, &e),
        }
    }
    Err(last)
}

fn send_tcp(
    host: &str,
    port: u16,
    config: &PrinterConfig,
    bytes: &[u8],
) -> Result<PrinterState, PrintError> {
    let target = format!("{host}:{port}");
    let mut stream = connect(host, port, config)?;
    let state = match config.status_timeout() {
        Some(wait) => paper_status(&mut stream, &target, wait)?,
        None => PrinterState::Unreported,
    };
    stream
        .write_all(bytes)
        .and_then(|()| stream.flush())
        .map_err(|e| PrintError::from_io(&target, Stage::Write, &e))?;
    // Say we are done, then give the printer a moment to close its side. Closing with unread
    // bytes (a status answer that came late) would send a reset, and a reset can make the
    // printer's network card drop what it has not printed yet.
    let _ = stream.shutdown(Shutdown::Write);
    let linger = config
        .status_timeout()
        .unwrap_or(Duration::from_millis(200));
    let _ = stream.set_read_timeout(Some(linger));
    // Bounded in total too: a printer with automatic status back may keep talking.
    let deadline = Instant::now() + linger;
    let mut sink = [0u8; 64];
    while let Ok(n) = stream.read(&mut sink) {
        if n == 0 || Instant::now() >= deadline {
            break;
        }
    }
    Ok(state)
}

/// Asks `DLE EOT 4` and waits `wait` for the one-byte answer. No answer is not an error: many
/// printers (and print servers) never answer. Paper out is, so the ticket is not sent into a
/// printer that will not print it.
fn paper_status(
    stream: &mut TcpStream,
    target: &str,
    wait: Duration,
) -> Result<PrinterState, PrintError> {
    stream
        .write_all(&PAPER_STATUS_QUERY)
        .map_err(|e| PrintError::from_io(target, Stage::Write, &e))?;
    stream
        .set_read_timeout(Some(wait))
        .map_err(|e| PrintError::from_io(target, Stage::Write, &e))?;
    let mut answer = [0u8; 1];
    match stream.read(&mut answer) {
        Ok(1) => match read_paper_status(answer[0]) {
            Some(PaperStatus::Out) => Err(PrintError::PaperOut {
                target: target.into(),
            }),
            Some(PaperStatus::NearEnd) => Ok(PrinterState::PaperNearEnd),
            Some(PaperStatus::Present) => Ok(PrinterState::Ready),
            None => Ok(PrinterState::Unreported),
        },
        _ => Ok(PrinterState::Unreported),
    }
}

#[derive(Debug, PartialEq, Eq)]
enum PaperStatus {
    Present,
    NearEnd,
    Out,
}

/// The roll paper sensor byte (ESC/POS `DLE EOT 4`): bits 1 and 4 always set, 0 and 7 clear;
/// bits 2-3 near end, bits 5-6 paper end. Anything else is not an answer to our question.
fn read_paper_status(b: u8) -> Option<PaperStatus> {
    if b & 0x93 != 0x12 {
        return None;
    }
    Some(if b & 0x60 != 0 {
        PaperStatus::Out
    } else if b & 0x0c != 0 {
        PaperStatus::NearEnd
    } else {
        PaperStatus::Present
    })
}

/// Writes to a device file in a helper thread: a USB printer that is switched off, or a serial
/// port held by flow control, can block `open` or `write` for ever, and std has no timeout for
/// files. On timeout the thread is left to finish or fail on its own; the caller gets `timeout`.
fn write_device(path: &Path, bytes: Vec<u8>, timeout: Duration) -> Result<(), PrintError> {
    write_bounded(path, bytes, timeout, |target, e| {
        PrintError::from_io(target, Stage::Write, e)
    })
}

/// Opens `path` for writing (never creating it) and writes `bytes`, in a helper thread, for at
/// most `timeout`; an I/O failure is sorted by `failed`.
fn write_bounded(
    path: &Path,
    bytes: Vec<u8>,
    timeout: Duration,
    failed: fn(&str, &std::io::Error) -> PrintError,
) -> Result<(), PrintError> {
    let target = path.display().to_string();
    let (tx, rx) = mpsc::channel();
    let owned: PathBuf = path.to_owned();
    std::thread::Builder::new()
        .name("print-device".into())
        .spawn(move || {
            let result = std::fs::OpenOptions::new()
                .write(true)
                .open(&owned)
                .and_then(|mut f| f.write_all(&bytes).and_then(|()| f.flush()));
            let _ = tx.send(result);
        })
        .map_err(|e| failed(&target, &e))?;
    match rx.recv_timeout(timeout) {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(failed(&target, &e)),
        Err(_) => Err(PrintError::Timeout {
            target,
            stage: Stage::Write,
        }),
    }
}

/// Hands the bytes to the OS queue `name` untouched (`-o raw`), through CUPS' `lp`.
#[cfg(unix)]
fn spool(name: &str, bytes: &[u8], timeout: Duration) -> Result<(), PrintError> {
    cups("lp", &["-d", name, "-o", "raw"], name, Some(bytes), timeout)
}

#[cfg(unix)]
fn queue_exists(name: &str, timeout: Duration) -> Result<(), PrintError> {
    cups("lpstat", &["-p", name], name, None, timeout)
}

/// Runs a CUPS client; any exit but success is the queue refusing, in CUPS' own words.
#[cfg(unix)]
fn cups(
    program: &str,
    args: &[&str],
    name: &str,
    input: Option<&[u8]>,
    timeout: Duration,
) -> Result<(), PrintError> {
    let outcome = queue::run(program, args, &[], name, input, timeout, "cups")?;
    match outcome.code {
        Some(0) => Ok(()),
        code => Err(PrintError::QueueRejected {
            queue: name.into(),
            detail: outcome.complaint_or(code),
        }),
    }
}

/// Hands the bytes to the Windows spooler through the printer's share (see `share`).
#[cfg(windows)]
fn spool(name: &str, bytes: &[u8], timeout: Duration) -> Result<(), PrintError> {
    share::print(&share::share_path(share::THIS_PC, name), bytes, timeout)
}

#[cfg(windows)]
fn queue_exists(name: &str, timeout: Duration) -> Result<(), PrintError> {
    share::probe(name, timeout)
}

/// Neither CUPS nor the Windows spooler.
#[cfg(not(any(unix, windows)))]
fn spool(_name: &str, _bytes: &[u8], _timeout: Duration) -> Result<(), PrintError> {
    Err(no_os_queue())
}

#[cfg(not(any(unix, windows)))]
fn queue_exists(_name: &str, _timeout: Duration) -> Result<(), PrintError> {
    Err(no_os_queue())
}

#[cfg(not(any(unix, windows)))]
fn no_os_queue() -> PrintError {
    PrintError::Unsupported {
        what: "os_queue".into(),
    }
}

/// How a helper program (CUPS' `lp`, PowerShell) ended.
#[derive(Debug)]
struct Outcome {
    /// The exit code; `None` when it was ended by a signal.
    code: Option<i32>,
    /// Its first non-empty line on stderr, at most 200 characters.
    complaint: String,
}

impl Outcome {
    /// The complaint, or the exit code when it said nothing.
    fn complaint_or(&self, code: Option<i32>) -> String {
        if self.complaint.is_empty() {
            format!("exit status {}", code.unwrap_or(-1))
        } else {
            self.complaint.clone()
        }
    }
}

#[cfg_attr(not(any(unix, windows)), allow(dead_code))]
mod queue {
    use super::*;
    use std::process::{Command, Stdio};
    use wait_timeout::ChildExt;

    /// Runs a helper program for queue `name` (already checked by `PrinterConfig::check`)
    /// with `envs` added, feeding `input` on stdin, and waits at most `timeout`. The C locale
    /// keeps a CUPS complaint in one stable language. A program that is not installed is
    /// `unsupported` with `missing` as what is missing.
    pub(super) fn run(
        program: &str,
        args: &[&str],
        envs: &[(&str, &str)],
        name: &str,
        input: Option<&[u8]>,
        timeout: Duration,
        missing: &str,
    ) -> Result<Outcome, PrintError> {
        let mut child = Command::new(program)
            .args(args)
            .envs(envs.iter().copied())
            .env("LC_ALL", "C")
            .stdin(if input.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => PrintError::Unsupported {
                    what: missing.into(),
                },
                _ => PrintError::from_io(name, Stage::Spool, &e),
            })?;
        // Fed from a thread so a spooler that stops reading cannot hold us past the timeout.
        if let (Some(mut stdin), Some(input)) = (child.stdin.take(), input) {
            let input = input.to_vec();
            std::thread::spawn(move || {
                let _ = stdin.write_all(&input);
            });
        }
        let status = match child.wait_timeout(timeout) {
            Ok(Some(status)) => status,
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(PrintError::Timeout {
                    target: name.into(),
                    stage: Stage::Spool,
                });
            }
            Err(e) => return Err(PrintError::from_io(name, Stage::Spool, &e)),
        };
        let mut stderr = String::new();
        if !status.success() {
            if let Some(mut pipe) = child.stderr.take() {
                let _ = pipe.read_to_string(&mut stderr);
            }
        }
        let complaint = stderr
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("")
            .chars()
            .take(200)
            .collect::<String>();
        Ok(Outcome {
            code: status.code(),
            complaint,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_printer_one_turn() {
        let tcp = |port| Transport::Tcp {
            host: "127.0.0.1".into(),
            port,
        };
        assert!(Arc::ptr_eq(
            &one_at_a_time(&tcp(9100)),
            &one_at_a_time(&tcp(9100))
        ));
        assert!(!Arc::ptr_eq(
            &one_at_a_time(&tcp(9100)),
            &one_at_a_time(&tcp(9101))
        ));
        let turn = one_at_a_time(&tcp(9100));
        let _held = turn.lock().unwrap();
        assert!(one_at_a_time(&tcp(9100)).try_lock().is_err());
        assert!(one_at_a_time(&tcp(9101)).try_lock().is_ok());
    }

    #[test]
    fn paper_status_byte() {
        assert_eq!(read_paper_status(0x12), Some(PaperStatus::Present));
        assert_eq!(read_paper_status(0x1e), Some(PaperStatus::NearEnd));
        assert_eq!(read_paper_status(0x72), Some(PaperStatus::Out));
        assert_eq!(read_paper_status(0x7e), Some(PaperStatus::Out));
        assert_eq!(read_paper_status(0x00), None);
        assert_eq!(read_paper_status(b'A'), None);
    }

    /// A stand-in for `lp` that records its arguments and its input, and fails for queue "gone"
    /// the way CUPS does.
    #[cfg(unix)]
    fn fake_spooler(dir: &Path) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let script = dir.join("fake-lp");
        let out = dir.join("job");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\n\
                 if [ \"$2\" = gone ]; then echo 'lp: The printer or class does not exist.' >&2; exit 1; fi\n\
                 if [ \"$2\" = stuck ]; then exec sleep 30; fi\n\
                 echo \"$@\" > {dir}/args\n\
                 cat > {out}\n",
                dir = dir.display(),
                out = out.display()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        script
    }

    #[cfg(unix)]
    #[test]
    fn the_os_queue_gets_the_bytes_raw_or_says_why_not() {
        let dir = tempfile::tempdir().unwrap();
        let lp = fake_spooler(dir.path());
        let lp = lp.to_str().unwrap();
        let long = Duration::from_secs(20);
        let bytes = b"\x1b@ticket\x1dVB\x00".to_vec();

        cups(lp, &["-d", "hall", "-o", "raw"], "hall", Some(&bytes), long).unwrap();
        assert_eq!(std::fs::read(dir.path().join("job")).unwrap(), bytes);
        let args = std::fs::read_to_string(dir.path().join("args")).unwrap();
        assert_eq!(args.trim(), "-d hall -o raw");

        let gone = cups(lp, &["-d", "gone"], "gone", Some(&bytes), long).unwrap_err();
        assert_eq!(
            gone,
            PrintError::QueueRejected {
                queue: "gone".into(),
                detail: "lp: The printer or class does not exist.".into()
            }
        );

        let stuck = cups(
            lp,
            &["-d", "stuck"],
            "stuck",
            None,
            Duration::from_millis(300),
        );
        assert_eq!(stuck.unwrap_err().code(), "timeout");

        let missing = cups("/nonexistent/lp", &[], "hall", None, long).unwrap_err();
        assert_eq!(missing.code(), "unsupported");
    }
}
