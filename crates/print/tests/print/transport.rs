//! The transports against fake printers on loopback and in temp files.

use crate::sample_ticket;
use frontdesk_print::{
    print_ticket, probe, render_ticket, send, PrintError, PrinterConfig, PrinterState, Stage,
    Transport, PAPER_STATUS_QUERY,
};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::mpsc;
use std::thread::JoinHandle;

/// A printer at `addr`. The status wait is the longest allowed: a fake printer that answers does
/// so at once, and a busy machine must not turn its answer into "no answer".
fn tcp_config(addr: SocketAddr) -> PrinterConfig {
    PrinterConfig {
        status_timeout_ms: 5_000,
        ..PrinterConfig::new(Transport::Tcp {
            host: addr.ip().to_string(),
            port: addr.port(),
        })
    }
}

/// A network printer on 127.0.0.1: accepts one connection, answers the paper status query with
/// `answer` (or stays silent), and returns every byte it received until the client closed.
fn fake_printer(answer: Option<u8>) -> (TcpListener, SocketAddr, JoinHandle<Vec<u8>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let accepting = listener.try_clone().unwrap();
    let handle = std::thread::spawn(move || {
        let (mut conn, _) = accepting.accept().unwrap();
        let mut received = Vec::new();
        if let Some(status) = answer {
            let mut query = [0u8; 3];
            conn.read_exact(&mut query).unwrap();
            received.extend_from_slice(&query);
            conn.write_all(&[status]).unwrap();
        }
        conn.read_to_end(&mut received).unwrap();
        received
    });
    (listener, addr, handle)
}

/// After the print returned, nobody else connected: a second connection would already sit in
/// the accept queue.
fn assert_no_second_connection(listener: &TcpListener) {
    listener.set_nonblocking(true).unwrap();
    let next = listener.accept();
    assert!(
        matches!(&next, Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "a second connection: {next:?}"
    );
}

#[test]
fn a_network_printer_that_reports_nothing_receives_exactly_one_ticket() {
    let (listener, addr, printer) = fake_printer(None);
    let config = PrinterConfig {
        status_timeout_ms: 300,
        ..tcp_config(addr)
    };
    let ticket = sample_ticket();
    let printed = print_ticket(&ticket, &config).unwrap();
    let received = printer.join().unwrap();
    let ticket_bytes = render_ticket(&ticket, &config).unwrap();
    assert_eq!(received, [&PAPER_STATUS_QUERY[..], &ticket_bytes].concat());
    assert_eq!(printed.state, PrinterState::Unreported);
    assert_eq!(printed.bytes, ticket_bytes.len());
    assert_no_second_connection(&listener);
}

#[test]
fn a_network_printer_with_paper_says_ready() {
    let (listener, addr, printer) = fake_printer(Some(0x12));
    let config = tcp_config(addr);
    let printed = print_ticket(&sample_ticket(), &config).unwrap();
    let received = printer.join().unwrap();
    let ticket_bytes = render_ticket(&sample_ticket(), &config).unwrap();
    assert_eq!(received, [&PAPER_STATUS_QUERY[..], &ticket_bytes].concat());
    assert_eq!(printed.state, PrinterState::Ready);
    assert_no_second_connection(&listener);
}

#[test]
fn the_status_query_can_be_switched_off() {
    let (_listener, addr, printer) = fake_printer(None);
    let config = PrinterConfig {
        status_timeout_ms: 0,
        ..tcp_config(addr)
    };
    print_ticket(&sample_ticket(), &config).unwrap();
    let ticket_bytes = render_ticket(&sample_ticket(), &config).unwrap();
    assert_eq!(printer.join().unwrap(), ticket_bytes);
}

#[test]
fn paper_out_prints_nothing_and_says_so() {
    let (_listener, addr, printer) = fake_printer(Some(0x72));
    let config = tcp_config(addr);
    let err = print_ticket(&sample_ticket(), &config).unwrap_err();
    assert_eq!(
        err,
        PrintError::PaperOut {
            target: addr.to_string()
        }
    );
    assert_eq!(printer.join().unwrap(), PAPER_STATUS_QUERY);
}

#[test]
fn paper_near_end_still_prints_and_the_probe_sees_it() {
    let (_listener, addr, printer) = fake_printer(Some(0x1e));
    let printed = print_ticket(&sample_ticket(), &tcp_config(addr)).unwrap();
    assert_eq!(printed.state, PrinterState::PaperNearEnd);
    printer.join().unwrap();

    let (_listener, addr, printer) = fake_printer(Some(0x12));
    assert_eq!(probe(&tcp_config(addr)), Ok(PrinterState::Ready));
    assert_eq!(printer.join().unwrap(), PAPER_STATUS_QUERY);
}

/// A closed port is refused at once: with a minute of connect timeout, the answer is still
/// `printer_unreachable`, never `timeout`.
#[test]
fn a_closed_port_is_unreachable_not_a_timeout() {
    let addr = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let config = PrinterConfig {
        connect_timeout_ms: 60_000,
        ..tcp_config(addr)
    };
    let err = print_ticket(&sample_ticket(), &config).unwrap_err();
    assert_eq!(
        err,
        PrintError::PrinterUnreachable {
            target: addr.to_string(),
            reason: "connection_refused".into()
        }
    );
    assert_eq!(err.code(), "printer_unreachable");
    assert_eq!(probe(&config).unwrap_err().code(), "printer_unreachable");
}

/// A printer that never takes the connection: the listen queue is full (backlog 0 and one
/// connection already waiting), so the handshake is never answered.
#[test]
fn a_printer_that_never_answers_times_out_connecting() {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    socket
        .bind(&"127.0.0.1:0".parse::<SocketAddr>().unwrap().into())
        .unwrap();
    socket.listen(0).unwrap();
    let addr = socket.local_addr().unwrap().as_socket().unwrap();
    let _queued = TcpStream::connect(addr).unwrap();
    let config = PrinterConfig {
        connect_timeout_ms: 500,
        ..tcp_config(addr)
    };
    assert_eq!(
        print_ticket(&sample_ticket(), &config).unwrap_err(),
        PrintError::Timeout {
            target: addr.to_string(),
            stage: Stage::Connect
        }
    );
}

/// A printer that takes the connection but never reads (jammed, offline with a full buffer):
/// once the socket buffers are full the write stalls, and the print ends in `timeout`.
#[test]
fn a_printer_that_never_reads_times_out_writing() {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    socket
        .bind(&"127.0.0.1:0".parse::<SocketAddr>().unwrap().into())
        .unwrap();
    socket.listen(1).unwrap();
    let addr = socket.local_addr().unwrap().as_socket().unwrap();
    let listener: TcpListener = socket.into();
    let (done, wait_done) = mpsc::channel::<()>();
    let holder = std::thread::spawn(move || {
        let (conn, _) = listener.accept().unwrap();
        // Hold the connection open, unread, until the test is over.
        let _ = wait_done.recv();
        drop(conn);
    });
    let config = PrinterConfig {
        write_timeout_ms: 500,
        status_timeout_ms: 300,
        ..tcp_config(addr)
    };
    // More than loopback's largest socket buffers (32 MiB receive + 4 MiB send) could hold.
    let job = vec![b'.'; 48 << 20];
    let err = send(&config, &job).unwrap_err();
    done.send(()).unwrap();
    holder.join().unwrap();
    assert_eq!(
        err,
        PrintError::Timeout {
            target: addr.to_string(),
            stage: Stage::Write
        }
    );
}

#[test]
fn a_device_path_gets_the_ticket_bytes() {
    let file = tempfile::NamedTempFile::new().unwrap();
    let config = PrinterConfig::new(Transport::Device {
        path: file.path().to_owned(),
    });
    let printed = print_ticket(&sample_ticket(), &config).unwrap();
    assert_eq!(printed.state, PrinterState::Unreported);
    assert_eq!(
        std::fs::read(file.path()).unwrap(),
        render_ticket(&sample_ticket(), &config).unwrap()
    );
    assert_eq!(probe(&config), Ok(PrinterState::Unreported));
}

#[test]
fn a_missing_device_is_unreachable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lp0");
    let config = PrinterConfig::new(Transport::Device { path: path.clone() });
    let err = print_ticket(&sample_ticket(), &config).unwrap_err();
    assert_eq!(
        err,
        PrintError::PrinterUnreachable {
            target: path.display().to_string(),
            reason: "not_found".into()
        }
    );
    assert!(
        !path.exists(),
        "a missing device must not be created as a file"
    );
}

/// A device nobody reads from (a FIFO without a reader blocks `open` for ever, as a USB
/// printer that is switched off can): the print ends in `timeout`.
#[cfg(unix)]
#[test]
fn a_device_that_never_takes_the_bytes_times_out() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("lp0");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let config = PrinterConfig {
        write_timeout_ms: 300,
        ..PrinterConfig::new(Transport::Device { path: fifo.clone() })
    };
    assert_eq!(
        print_ticket(&sample_ticket(), &config).unwrap_err(),
        PrintError::Timeout {
            target: fifo.display().to_string(),
            stage: Stage::Write
        }
    );
    // Let the stuck writer finish so the thread does not outlive the test.
    let _ = std::fs::read(&fifo);
}

/// A configuration `lp` would misread never reaches it.
#[test]
fn an_unusable_config_is_refused_before_anything_is_sent() {
    let config = PrinterConfig::new(Transport::Queue {
        name: "-o raw".into(),
    });
    let err = send(&config, b"\x1b@").unwrap_err();
    assert_eq!(
        err,
        PrintError::Invalid {
            field: "queue".into(),
            reason: "bad_name".into()
        }
    );
    assert_eq!(probe(&config).unwrap_err(), err);
}
