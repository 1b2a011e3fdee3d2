//! A fake network ticket printer for the core's and the end-to-end tests: a TCP listener on
//! 127.0.0.1 that takes raw ESC/POS jobs as a hall printer on port 9100 does, answers the
//! paper status query (`DLE EOT 4`) with "paper present", and keeps each job's bytes.
//! Connections that carried only the status query (the desk's printer light) are not jobs.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// `DLE EOT 4`: the paper sensor query the app sends before each job.
const STATUS_QUERY: [u8; 3] = [0x10, 0x04, 0x04];
/// The answer: fixed bits only, that is paper present.
const PAPER_PRESENT: u8 = 0x12;
/// How long [`FakePrinter::next_job`] waits for a job.
const JOB_WAIT: Duration = Duration::from_secs(10);

/// A printer listening on a loopback port until [`FakePrinter::close`] (or drop).
pub struct FakePrinter {
    port: u16,
    jobs: Arc<Mutex<Vec<Vec<u8>>>>,
    /// How many jobs have arrived: a waiting test is woken by each one.
    count: Arc<tokio::sync::watch::Sender<usize>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    /// How many jobs [`FakePrinter::next_job`] has returned.
    taken: AtomicUsize,
}

impl FakePrinter {
    /// Listens on a free port.
    pub fn start() -> FakePrinter {
        Self::listen(TcpListener::bind("127.0.0.1:0").expect("bind a fake printer"))
    }

    /// Listens on `port` again (the printer is back after [`FakePrinter::close`]).
    pub fn on_port(port: u16) -> FakePrinter {
        Self::listen(
            TcpListener::bind(("127.0.0.1", port))
                .unwrap_or_else(|e| panic!("bind the fake printer on port {port}: {e}")),
        )
    }

    fn listen(listener: TcpListener) -> FakePrinter {
        let port = listener.local_addr().expect("the printer's address").port();
        let jobs = Arc::new(Mutex::new(Vec::new()));
        let count = Arc::new(tokio::sync::watch::Sender::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (jobs_in, count_in, stop_in) = (jobs.clone(), count.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop_in.load(Ordering::SeqCst) {
                    return; // drops the listener: the port refuses connections from now on
                }
                let Ok(stream) = stream else { continue };
                let (jobs, count) = (jobs_in.clone(), count_in.clone());
                std::thread::spawn(move || {
                    let job = serve(stream);
                    if !job.is_empty() {
                        jobs.lock().unwrap_or_else(|e| e.into_inner()).push(job);
                        count.send_modify(|n| *n += 1);
                    }
                });
            }
        });
        FakePrinter {
            port,
            jobs,
            count,
            stop,
            thread: Some(thread),
            taken: AtomicUsize::new(0),
        }
    }

    /// The port to put in 设置 → 打印.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The jobs received so far (the status query stripped), oldest first.
    pub fn jobs(&self) -> Vec<Vec<u8>> {
        self.jobs.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Waits until `n` jobs have arrived and returns them; panics after `timeout`.
    pub async fn wait_jobs(&self, n: usize, timeout: Duration) -> Vec<Vec<u8>> {
        let mut arrivals = self.count.subscribe();
        let reached = tokio::time::timeout(timeout, arrivals.wait_for(|got| *got >= n)).await;
        let jobs = self.jobs();
        assert!(
            reached.is_ok(),
            "the fake printer got {} jobs within {timeout:?}, expected {n}",
            jobs.len()
        );
        jobs
    }

    /// The job after those this method returned before; panics when it has not arrived
    /// within [`JOB_WAIT`].
    pub async fn next_job(&self) -> Vec<u8> {
        let n = self.taken.fetch_add(1, Ordering::SeqCst) + 1;
        self.wait_jobs(n, JOB_WAIT).await.swap_remove(n - 1)
    }

    /// The jobs that arrived after those [`FakePrinter::next_job`] returned.
    pub fn not_taken(&self) -> Vec<Vec<u8>> {
        let taken = self.taken.load(Ordering::SeqCst);
        self.jobs().into_iter().skip(taken).collect()
    }

    /// Stops listening and releases the port: connections are refused, as when the printer
    /// is switched off.
    pub fn close(mut self) {
        self.shut();
    }

    fn shut(&mut self) {
        let Some(thread) = self.thread.take() else {
            return;
        };
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocked accept, so the thread sees the flag and drops the listener.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        let _ = thread.join();
    }
}

impl Drop for FakePrinter {
    fn drop(&mut self) {
        self.shut();
    }
}

/// Reads one connection to its end, answering the status query once.
fn serve(mut stream: TcpStream) -> Vec<u8> {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(20)));
    let mut all = Vec::new();
    let mut buf = [0u8; 8192];
    let mut answered = false;
    while let Ok(n) = stream.read(&mut buf) {
        if n == 0 {
            break;
        }
        all.extend_from_slice(&buf[..n]);
        if !answered && all.starts_with(&STATUS_QUERY) {
            let _ = stream.write_all(&[PAPER_PRESENT]);
            answered = true;
        }
    }
    if all.starts_with(&STATUS_QUERY) {
        all.drain(..STATUS_QUERY.len());
    }
    all
}

/// A job's text as a GB18030 printer reads it (the control bytes come out as control
/// characters; the Chinese and the number read as printed).
pub fn gb18030(job: &[u8]) -> String {
    encoding_rs::GB18030.decode(job).0.into_owned()
}

/// Whether a job ends with the paper cut (`GS V 66 0`: feed, then a partial cut).
pub fn ends_with_cut(job: &[u8]) -> bool {
    job.ends_with(&[0x1d, 0x56, 0x42, 0])
}
