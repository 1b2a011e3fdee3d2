//! Harness for the end-to-end tests in `tests/tests`: starts the real app binary under
//! `tauri-driver` (which runs WebKitWebDriver, which runs the app) and drives it with fantoccini.
//!
//! ```no_run
//! # async fn t() {
//! use frontdesk_e2e::{App, StartOptions};
//! use std::time::Duration;
//! let app = App::start(StartOptions::default()).await;
//! app.wait_text("#title", "取号台", Duration::from_secs(10)).await;
//! app.screenshot("desk").await;
//! app.stop().await;
//! # }
//! ```
//!
//! Helpers panic with a message saying what was awaited and what was seen: they are assertions.
//! Environment: `FRONTDESK_APP` (absolute path of the debug binary, built with
//! `cargo build -p frontdesk --features test-clock`: only that build has the settable clock
//! that `StartOptions::clock` and `App::set_test_clock` need), `FRONTDESK_E2E_OUT`
//! (screenshots and logs; default `<workspace>/e2e-output`), `TAURI_DRIVER` (optional path).
//! [`App::browser`] drives headless Chromium the same way (`CHROMEDRIVER`, `CHROMIUM`:
//! optional paths), a browser on the hall's LAN.

mod browser;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

pub use fantoccini::{self, elements::Element, Locator};
pub use frontdesk_testing::printer::{ends_with_cut, gb18030, FakePrinter};
use serde_json::{json, Value};

/// How the app is started. `Default` gives the system clock and a fresh temporary data dir.
#[derive(Debug, Clone, Default)]
pub struct StartOptions {
    /// Frozen start time for the app's test clock, RFC 3339, e.g. `"2026-11-30T08:45:00+08:00"`.
    pub clock: Option<String>,
    /// Use this data dir instead of a fresh temporary one (e.g. to restart on the same database).
    pub data_dir: Option<PathBuf>,
    /// More environment for the app (and the drivers, which pass it on).
    pub extra_env: Vec<(String, String)>,
    /// Command-line arguments for the app, e.g. `--kiosk` for the self-service terminal.
    pub args: Vec<String>,
}

/// A running app with a WebDriver session on it. Stop it with [`App::stop`]; dropping it (even
/// while a test panics) also kills every process it started.
pub struct App {
    /// The WebDriver session; every window of the app is one of its window handles.
    pub client: fantoccini::Client,
    main_window: fantoccini::wd::WindowHandle,
    driver: Child,
    /// Every process started for this app (drivers, the app, WebKit's helpers) inherits this value
    /// in `FRONTDESK_E2E_TOKEN`; it finds the stragglers that leave the process group.
    token: String,
    data_dir: PathBuf,
    log_path: PathBuf,
    _temp_dir: Option<tempfile::TempDir>,
}

/// The page-side half of [`App::assert_layout`].
const LAYOUT_CHECK: &str = include_str!("layout.js");

const STATUS_TIMEOUT: Duration = Duration::from_secs(30);
const SESSION_TIMEOUT: Duration = Duration::from_secs(60);
const POLL: Duration = Duration::from_millis(100);

/// The administrator PIN the tests create and type.
pub const PIN: &str = "246810";

impl App {
    /// Starts tauri-driver and the app, opens a session and waits until the main window's
    /// document has loaded. Panics with a clear message (and the log path) if anything fails.
    pub async fn start(opts: StartOptions) -> App {
        if env_empty("DISPLAY") && env_empty("WAYLAND_DISPLAY") {
            panic!("no display: run the E2E tests with scripts/test.sh, or under `xvfb-run -a`");
        }
        let app_path = app_binary();
        let driver_path = tauri_driver_binary();

        let (temp_dir, data_dir) = match opts.data_dir {
            Some(dir) => {
                std::fs::create_dir_all(&dir).expect("create the data dir");
                (None, dir)
            }
            None => {
                let temp = tempfile::Builder::new()
                    .prefix("frontdesk-e2e-")
                    .tempdir()
                    .expect("create a temporary data dir");
                // A folder inside the temporary one: the personal-data key folder beside
                // it (`data-key`) goes with it.
                let dir = temp.path().join("data");
                std::fs::create_dir_all(&dir).expect("create the data dir");
                (Some(temp), dir)
            }
        };

        let (port, native_port) = free_ports();
        let mut cmd = Command::new(&driver_path);
        cmd.arg("--port")
            .arg(port.to_string())
            .arg("--native-port")
            .arg(native_port.to_string())
            // WebKitWebDriver starts the app with its own environment, so this reaches the app.
            .env("FRONTDESK_DATA_DIR", &data_dir)
            .env("FRONTDESK_TEST_MODE", "1")
            // The web view keeps localStorage (the chosen language, the desk's station id)
            // under XDG_DATA_HOME: one per test, so a test never inherits another's choices.
            .env("XDG_DATA_HOME", data_dir.join("xdg-data"))
            .env("XDG_CONFIG_HOME", data_dir.join("xdg-config"));
        match &opts.clock {
            Some(clock) => cmd.env("FRONTDESK_CLOCK", clock),
            None => cmd.env_remove("FRONTDESK_CLOCK"),
        };
        if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
            // Without it windows can come up blank under Xvfb.
            cmd.env("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
        }
        for (k, v) in &opts.extra_env {
            cmd.env(k, v);
        }
        let log_path = log_path("");
        let log_hint = format!("see the driver and app log: {}", log_path.display());
        // From here on a panic drops `guard`, which kills what was started.
        let mut guard = start_driver(
            cmd,
            port,
            &log_path,
            "install it with `cargo install tauri-driver --locked`",
            &log_hint,
        )
        .await;

        let caps: serde_json::Map<String, Value> = json!({
            "tauri:options": { "application": app_path, "args": opts.args },
        })
        .as_object()
        .cloned()
        .expect("capabilities are an object");
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + SESSION_TIMEOUT;
        let client = loop {
            // An app that exits at once (e.g. refused at start) leaves the driver waiting for
            // it: bound each attempt, and say what the app said.
            let left = deadline.saturating_duration_since(Instant::now());
            let attempt = tokio::time::timeout(
                left,
                fantoccini::ClientBuilder::rustls()
                    .expect("rustls connector")
                    .capabilities(caps.clone())
                    .connect(&url),
            )
            .await;
            match attempt {
                Ok(Ok(client)) => break client,
                Ok(Err(e)) if Instant::now() < deadline => {
                    eprintln!("e2e: new session failed ({e}), retrying");
                    guard.check_alive(&log_hint);
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
                Ok(Err(e)) => panic!(
                    "cannot open a WebDriver session on the app: {e}; {log_hint}; it ends:\n{}",
                    log_tail(&log_path)
                ),
                Err(_) => panic!(
                    "no WebDriver session on the app within {SESSION_TIMEOUT:?}; {log_hint}; \
                     it ends:\n{}",
                    log_tail(&log_path)
                ),
            }
        };
        let app = App::of_session(client, guard, data_dir, log_path, temp_dir, &log_hint).await;
        app.wait_ready(Duration::from_secs(30)).await;
        app
    }

    /// The app (or browser) of a started driver and the session opened on it: from here on
    /// the returned value stops them all.
    async fn of_session(
        client: fantoccini::Client,
        mut guard: Guard,
        data_dir: PathBuf,
        log_path: PathBuf,
        temp_dir: Option<tempfile::TempDir>,
        log_hint: &str,
    ) -> App {
        let main_window = client
            .window()
            .await
            .unwrap_or_else(|e| panic!("no main window: {e}; {log_hint}"));
        App {
            client,
            main_window,
            driver: guard
                .driver
                .take()
                .expect("driver still owned by the guard"),
            token: guard.token.clone(),
            data_dir,
            log_path,
            _temp_dir: temp_dir,
        }
    }

    /// Closes the session, then kills the driver and the app.
    pub async fn stop(self) {
        // Closing the session asks WebKitWebDriver to close the app; the kill in Drop makes sure.
        let _ = tokio::time::timeout(Duration::from_secs(5), self.client.clone().close()).await;
        // Drop kills the process group and the stragglers.
    }

    /// Kills the app process itself with SIGKILL, as a power cut or the task manager would
    /// (no exit handler runs); the drivers stay. Returns once it is gone. Panics if there
    /// is no app process.
    pub async fn kill_app(&self) {
        let exe = std::fs::canonicalize(app_binary()).expect("the app binary");
        let app_pids = || -> Vec<u32> {
            pids_with_token(&self.token)
                .into_iter()
                .filter(|pid| {
                    std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|p| p == exe)
                })
                .collect()
        };
        let pids = app_pids();
        assert!(!pids.is_empty(), "no app process to kill");
        signal_kill(&pids.iter().map(u32::to_string).collect::<Vec<_>>());
        let deadline = Instant::now() + Duration::from_secs(10);
        while !app_pids().is_empty() {
            assert!(Instant::now() < deadline, "the app survived SIGKILL");
            tokio::time::sleep(POLL).await;
        }
    }

    /// The app's data dir (a fresh temporary one unless `StartOptions::data_dir` was given).
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The file that collects the output of tauri-driver, WebKitWebDriver and the app.
    pub fn log_path(&self) -> &Path {
        &self.log_path
    }

    /// Switches to the window the session opened on (the desk).
    pub async fn switch_to_main(&self) {
        self.client
            .switch_to_window(self.main_window.clone())
            .await
            .unwrap_or_else(|e| panic!("cannot switch to the main window: {e}"));
    }

    /// Switches to the first window whose URL contains `part`, waiting up to 10 s for it to open.
    pub async fn switch_to_window_with_url_containing(&self, part: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut seen = Vec::new();
        loop {
            seen.clear();
            let handles = self.client.windows().await.unwrap_or_default();
            for handle in handles {
                if self.client.switch_to_window(handle).await.is_err() {
                    continue; // closed meanwhile
                }
                if let Ok(url) = self.client.current_url().await {
                    if url.as_str().contains(part) {
                        return;
                    }
                    seen.push(url.to_string());
                }
            }
            if Instant::now() >= deadline {
                panic!("no window with a URL containing {part:?} after 10 s; windows: {seen:?}");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Checks the layout of the current window ([`App::assert_layout`]), then saves a PNG of
    /// it as `<FRONTDESK_E2E_OUT>/<name>.png` and returns its path. The picture is saved
    /// before a failing check panics, so the defect can be looked at.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let found = self.layout_problems().await;
        let path = self.screenshot_unchecked(name).await;
        assert!(
            found.is_empty(),
            "{name}: the layout does not hold ({} in {}; see {}):\n  {}",
            found.len(),
            self.current_url().await,
            path.display(),
            found.join("\n  ")
        );
        path
    }

    /// Saves a PNG of the current window without the layout check (for a screen caught in
    /// the middle of a change on purpose).
    pub async fn screenshot_unchecked(&self, name: &str) -> PathBuf {
        // WebKitWebDriver answers a bare error while a new window has not painted yet (seen on a
        // busy machine right after start), so retry for a while.
        let deadline = Instant::now() + Duration::from_secs(15);
        let png = loop {
            // A window that gets no frames (wholly covered by another) never answers.
            let shot = tokio::time::timeout(Duration::from_secs(30), self.client.screenshot())
                .await
                .unwrap_or_else(|_| {
                    panic!("screenshot {name:?} did not come within 30 s: is the window covered?")
                });
            match shot {
                Ok(png) => break png,
                Err(e) if Instant::now() >= deadline => {
                    panic!(
                        "screenshot {name:?} failed: {e:?}; see {}",
                        self.log_path.display()
                    )
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(250)).await,
            }
        };
        let dir = out_dir();
        std::fs::create_dir_all(&dir).expect("create the E2E output dir");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        path
    }

    /// Sets the outer size of the current window (at the screen's top left corner) and waits until the page has been laid out
    /// at its new size (its inner size stops changing), so a check right after it sees the
    /// new layout.
    pub async fn set_window_size(&self, width: u32, height: u32) {
        // At the top left corner, where every window opens (and whence a test may have moved
        // one aside).
        self.client
            .set_window_rect(0, 0, width, height)
            .await
            .unwrap_or_else(|e| panic!("set window size {width}x{height} failed: {e}"));
        // Two frames, so the new size has been laid out; a window behind another may get no
        // frames at all, so a timer answers too.
        let size = r#"return new Promise((done) => {
            const answer = () => done([innerWidth, innerHeight]);
            requestAnimationFrame(() => requestAnimationFrame(answer));
            setTimeout(answer, 250);
        });"#;
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut last = self.eval(size).await;
        loop {
            let now = self.eval(size).await;
            let reached =
                now[0].as_u64() == Some(width.into()) && now[1].as_u64() <= Some(height.into());
            if (reached && now == last) || Instant::now() >= deadline {
                return;
            }
            last = now;
            tokio::time::sleep(POLL).await;
        }
    }

    /// Waits until an element matches `css` in the current window and returns it.
    pub async fn wait_for(&self, css: &str, timeout: Duration) -> Element {
        let deadline = Instant::now() + timeout;
        loop {
            match self.client.find(Locator::Css(css)).await {
                Ok(el) => return el,
                Err(e) if Instant::now() >= deadline => {
                    let url = self.current_url().await;
                    panic!("no element {css:?} after {timeout:?} in {url}: {e}");
                }
                Err(_) => tokio::time::sleep(POLL).await,
            }
        }
    }

    /// Waits until the text of the element matching `css` contains `expected`; returns the text.
    pub async fn wait_text(&self, css: &str, expected: &str, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        let mut last = None;
        loop {
            if let Ok(el) = self.client.find(Locator::Css(css)).await {
                if let Ok(text) = el.text().await {
                    if text.contains(expected) {
                        return text;
                    }
                    last = Some(text);
                }
            }
            if Instant::now() >= deadline {
                let url = self.current_url().await;
                match last {
                    Some(text) => panic!(
                        "{css:?} never contained {expected:?} within {timeout:?} in {url}; \
                         last text: {text:?}"
                    ),
                    None => panic!("no element {css:?} within {timeout:?} in {url}"),
                }
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Waits for `css`, then clicks it.
    pub async fn click(&self, css: &str) {
        // Screens re-render lists on pushed events: an element found a moment ago may be
        // replaced before the click lands (a stale node). Find it again and retry.
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let el = self.wait_for(css, Duration::from_secs(10)).await;
            match el.click().await {
                Ok(()) => return,
                Err(e) if Instant::now() >= deadline => panic!("click on {css:?} failed: {e}"),
                Err(_) => tokio::time::sleep(POLL).await,
            }
        }
    }

    /// Presses on `css` and keeps pressing for `hold` before letting go: a long press, as a
    /// finger does it (WebDriver pointer actions, so the page sees real pointer events).
    pub async fn long_press(&self, css: &str, hold: Duration) {
        use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
        let element = self.wait_for(css, Duration::from_secs(10)).await;
        let press = MouseActions::new("finger".into())
            .then(PointerAction::MoveToElement {
                element,
                duration: None,
                x: 0.0,
                y: 0.0,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::Pause { duration: hold })
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            });
        self.client
            .perform_actions(press)
            .await
            .unwrap_or_else(|e| panic!("long press on {css:?} failed: {e}"));
    }

    /// Types the administrator PIN ([`PIN`]) into the PIN dialog the current window shows
    /// (twice when the dialog creates it) and waits until the dialog has closed.
    pub async fn enter_pin(&self) {
        self.type_pin(PIN).await;
        self.wait_js(
            "the PIN dialog closes",
            "return !document.getElementById('pin-dialog').open",
            Duration::from_secs(20),
        )
        .await;
    }

    /// Types `pin` into the current window's PIN dialog and presses OK.
    pub async fn type_pin(&self, pin: &str) {
        self.wait_for("#pin-dialog[open] #pin-input", Duration::from_secs(20))
            .await;
        let pin = serde_json::to_string(pin).expect("a PIN as JSON");
        self.eval(&format!(
            "document.getElementById('pin-input').value = {pin};
             document.getElementById('pin-again').value = {pin};
             return true;"
        ))
        .await;
        self.click("#pin-ok").await;
    }

    /// A staff session's token for the guarded commands a test invokes from the current
    /// window: creates the administrator PIN ([`PIN`]) if the hall has none (where the window
    /// may), else unlocks with it.
    pub async fn staff_token(&self) -> String {
        let out = self
            .eval(&format!(
                "return (async () => {{
                   const inv = window.__TAURI__.core.invoke;
                   const st = await inv('pin_status');
                   return await inv(st.set ? 'unlock' : 'create_pin', {{ pin: '{PIN}' }});
                 }})().catch((e) => 'ERR ' + JSON.stringify(e));"
            ))
            .await;
        match out {
            Value::String(t) if !t.starts_with("ERR ") => t,
            other => panic!("no staff session: {other}"),
        }
    }

    /// Moves the app's test clock to `at` (RFC 3339, e.g. `"2026-11-30T17:30:00+08:00"`);
    /// the screens take a new snapshot. Needs the app's test mode (`StartOptions::clock`).
    pub async fn set_test_clock(&self, at: &str) {
        let r = self
            .eval(&format!(
                "return window.__TAURI__.core.invoke('set_test_clock', {{ at: '{at}' }}).then(() => 'ok', (e) => e);"
            ))
            .await;
        assert_eq!(r, json!("ok"), "set_test_clock {at}");
    }

    /// Issues one ticket per prefix straight through the desk's API, in one script (station ""
    /// skips the double-click guard). The services come from the snapshot, which every window
    /// may read (the desk is not granted `services`).
    pub async fn issue_all(&self, prefixes: &[&str]) {
        let list = serde_json::to_string(prefixes).expect("prefixes as JSON");
        self.eval(&format!(
            r#"return (async () => {{
                const inv = window.__TAURI__.core.invoke;
                const services = (await inv('snapshot')).services;
                for (const p of {list}) {{
                  const s = services.find((x) => x.prefix === p);
                  await inv('issue_ticket', {{ request: {{ service_id: s.service_id, priority: false, station: '' }} }});
                }}
            }})();"#
        ))
        .await;
    }

    /// Issues a number of service `prefix` straight through the desk's API (from a window
    /// allowed to issue: the desk or the kiosk);
    /// returns the ticket's number, or the error's code and the sentence the page's own
    /// i18n module makes of it.
    pub async fn try_issue(&self, prefix: &str) -> Result<String, (String, String)> {
        let v = self
            .eval(&format!(
                r#"return (async () => {{
                    const inv = window.__TAURI__.core.invoke;
                    const s = (await inv('snapshot')).services.find((x) => x.prefix === '{prefix}');
                    try {{
                      const t = await inv('issue_ticket', {{ request: {{ service_id: s.service_id, priority: false, station: '' }} }});
                      return {{ number: t.ticket.number }};
                    }} catch (e) {{
                      const i18n = await import('./js/i18n.js');
                      return {{ code: e.code, text: i18n.errorText(e) }};
                    }}
                }})();"#
            ))
            .await;
        match v["number"].as_str() {
            Some(n) => Ok(n.to_string()),
            None => Err((
                v["code"].as_str().unwrap_or_default().to_string(),
                v["text"].as_str().unwrap_or_default().to_string(),
            )),
        }
    }

    /// Waits until the `textContent` of `css` contains `expected`. For the display's head
    /// line: WebDriver's visible text of an ellipsis box (`overflow: hidden`) reads as empty
    /// in WebKit.
    pub async fn wait_content(&self, css: &str, expected: &str, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        let js =
            format!("const e = document.querySelector({css:?}); return e ? e.textContent : null;");
        loop {
            let v = self.eval(&js).await;
            if v.as_str().is_some_and(|t| t.contains(expected)) {
                return;
            }
            if Instant::now() >= deadline {
                panic!("{css:?} never contained {expected:?} within {timeout:?}; last: {v}");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Runs `js` as a function body in the current window (so use `return` for a value) and
    /// returns its result as JSON.
    pub async fn eval(&self, js: &str) -> Value {
        self.client
            .execute(js, Vec::new())
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\nscript: {js}"))
    }

    /// Waits until `js` (a function body as for [`App::eval`]; a returned promise is awaited)
    /// returns something truthy in the current window, and returns that value. Panics with
    /// `what` and the last value seen when `timeout` passes first.
    pub async fn wait_js(&self, what: &str, js: &str, timeout: Duration) -> Value {
        let deadline = Instant::now() + timeout;
        loop {
            let v = self.eval(js).await;
            if truthy(&v) {
                return v;
            }
            if Instant::now() >= deadline {
                panic!("{what}: not so within {timeout:?}; last value: {v}\nscript: {js}");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Sets the outer size of the current window and waits until the page has taken it, so
    /// what is measured next is laid out for the new size.
    pub async fn resize(&self, width: u32, height: u32) {
        self.set_window_size(width, height).await;
        let js =
            format!("return window.outerWidth === {width} && window.outerHeight === {height};");
        self.wait_js(
            &format!("the window is {width}x{height}"),
            &js,
            Duration::from_secs(10),
        )
        .await;
    }

    /// Asserts that the current page fits its window as staff see it: the general layout
    /// check ([`App::assert_layout`]), nothing laid out below the window (when `below` is
    /// true; screens with their own scrolling lists pass false) and the CJK font present.
    pub async fn assert_fits(&self, what: &str, below: bool) {
        self.assert_layout(what).await;
        let v = self
            .eval(
                r#"
        const visible = (e) => e.offsetParent || e.getClientRects().length;
        const out = [...document.querySelectorAll('body *')]
          .filter((e) => visible(e) && e.getBoundingClientRect().bottom > innerHeight + 1 && getComputedStyle(e).position !== 'fixed')
          .map((e) => (e.id || e.className || e.tagName));
        return { out: out.slice(0, 5) };"#,
            )
            .await;
        if below {
            assert_eq!(
                v["out"],
                serde_json::json!([]),
                "{what} has content below the window: {v}"
            );
        }
    }

    /// The general layout check, run on every screen a test looks at (every
    /// [`App::screenshot`] runs it first): fails when a visible text or control does not fit
    /// the box that shows it (clipped, spilling over its box, outside the window) unless that
    /// box is meant to scroll, when an ellipsis shortens a text without its full text on
    /// hover, when a short label breaks over lines, when the page itself scrolls, or when the
    /// CJK font is missing (every Chinese character would be a box). See `layout.js`.
    pub async fn assert_layout(&self, what: &str) {
        let found = self.layout_problems().await;
        assert!(
            found.is_empty(),
            "{what}: the layout does not hold ({} in {}):\n  {}",
            found.len(),
            self.current_url().await,
            found.join("\n  ")
        );
    }

    /// What the layout check finds on the current page (empty when it holds).
    pub async fn layout_problems(&self) -> Vec<String> {
        let v = self.eval(LAYOUT_CHECK).await;
        let mut found: Vec<String> = v
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|x| x.as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .unwrap_or_else(|| vec![format!("the check answered {v}")]);
        let cjk = self
            .eval(r#"return document.fonts.check('20px "Noto Sans CJK SC"', '取号预约');"#)
            .await;
        if cjk != Value::Bool(true) {
            found.push("the CJK font is missing (Chinese would be boxes)".into());
        }
        found
    }

    async fn wait_ready(&self, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        loop {
            let state = self
                .client
                .execute("return document.readyState", Vec::new())
                .await;
            if matches!(&state, Ok(Value::String(s)) if s == "complete") {
                return;
            }
            if Instant::now() >= deadline {
                panic!(
                    "main window not ready after {timeout:?} (readyState: {state:?}); see {}",
                    self.log_path.display()
                );
            }
            tokio::time::sleep(POLL).await;
        }
    }

    async fn current_url(&self) -> String {
        match self.client.current_url().await {
            Ok(url) => url.to_string(),
            Err(e) => format!("<unknown URL: {e}>"),
        }
    }
}

impl Drop for App {
    fn drop(&mut self) {
        kill_all(&mut self.driver, &self.token);
    }
}

/// Owns the driver until the session exists, so that a panic in `start` leaves nothing running.
struct Guard {
    driver: Option<Child>,
    token: String,
}

/// This test's log file, `logs/<test><suffix>.log` in the output dir.
fn log_path(suffix: &str) -> PathBuf {
    let logs = out_dir().join("logs");
    std::fs::create_dir_all(&logs).expect("create the E2E log dir");
    logs.join(format!("{}{suffix}.log", test_name()))
}

/// Starts the WebDriver server `cmd` (tauri-driver or chromedriver, its arguments set) on
/// `port`, writing to `log_path`, and waits until it answers. It runs in its own process
/// group, so that one kill reaches it and all it starts, with a fresh token in
/// `FRONTDESK_E2E_TOKEN` that finds the stragglers which leave the group; the guard kills
/// them all when dropped. `install_hint` says how to get the driver if it cannot start.
async fn start_driver(
    mut cmd: Command,
    port: u16,
    log_path: &Path,
    install_hint: &str,
    log_hint: &str,
) -> Guard {
    static STARTED: AtomicU32 = AtomicU32::new(0);
    let token = format!(
        "{}-{}-{port}",
        std::process::id(),
        STARTED.fetch_add(1, Ordering::Relaxed)
    );
    let log = std::fs::File::create(log_path).expect("create the E2E log file");
    // The personal-data key in the key file unless a test chose (`StartOptions::extra_env`): a
    // run never depends on, nor writes to, the OS key store of the machine it runs on.
    if !cmd.get_envs().any(|(k, _)| k == "FRONTDESK_KEY_STORE") {
        cmd.env("FRONTDESK_KEY_STORE", "file");
    }
    cmd.env("FRONTDESK_E2E_TOKEN", &token)
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("clone the log file handle"))
        .stderr(log);
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let driver = cmd.spawn().unwrap_or_else(|e| {
        panic!(
            "cannot start {} ({e}); {install_hint}",
            cmd.get_program().to_string_lossy()
        )
    });
    let mut guard = Guard {
        driver: Some(driver),
        token,
    };
    wait_for_status(port, &mut guard, log_hint).await;
    guard
}

impl Guard {
    fn check_alive(&mut self, log_hint: &str) {
        if let Some(driver) = &mut self.driver {
            if let Ok(Some(status)) = driver.try_wait() {
                panic!("the WebDriver server exited early ({status}); {log_hint}");
            }
        }
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(driver) = &mut self.driver {
            kill_all(driver, &self.token);
        }
    }
}

/// SIGKILLs the driver's process group (tauri-driver, WebKitWebDriver, the app, WebKit's helper
/// processes), then any process that still carries our token, then reaps the driver.
fn kill_all(driver: &mut Child, token: &str) {
    let pgid = driver.id();
    signal_kill(&[format!("-{pgid}")]);
    let _ = driver.kill();
    let _ = driver.wait();
    // Anything that left the group (a new session, a sandbox) but inherited our environment.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let left = pids_with_token(token);
        if left.is_empty() {
            return;
        }
        if Instant::now() >= deadline {
            eprintln!("e2e: processes {left:?} survived SIGKILL");
            return;
        }
        signal_kill(&left.iter().map(u32::to_string).collect::<Vec<_>>());
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The last lines of the driver and app log, for a failure message.
fn log_tail(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(8)..].join("\n")
}

/// SIGKILL through the shell's `kill` builtin: `/bin/kill` (procps) is missing on slim images,
/// and `unsafe` (libc) is forbidden in this workspace. A `-N` target is process group N.
fn signal_kill(targets: &[String]) {
    let _ = Command::new("sh")
        .args(["-c", r#"kill -KILL "$@""#, "sh"])
        .args(targets)
        .stderr(Stdio::null())
        .status();
}

fn pids_with_token(token: &str) -> Vec<u32> {
    let needle = format!("FRONTDESK_E2E_TOKEN={token}");
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            // A zombie's environ reads as empty, so only live processes match.
            std::fs::read(format!("/proc/{pid}/environ"))
                .is_ok_and(|env| env.split(|b| *b == 0).any(|var| var == needle.as_bytes()))
        })
        .collect()
}

async fn wait_for_status(port: u16, guard: &mut Guard, log_hint: &str) {
    let deadline = Instant::now() + STATUS_TIMEOUT;
    loop {
        guard.check_alive(log_hint);
        if status_ready(port) {
            return;
        }
        if Instant::now() >= deadline {
            panic!(
                "the WebDriver server did not answer http://127.0.0.1:{port}/status within \
                 {STATUS_TIMEOUT:?}; {log_hint}"
            );
        }
        tokio::time::sleep(POLL).await;
    }
}

/// One plain HTTP/1.1 GET of `/status` (a local, short exchange, so blocking is fine).
fn status_ready(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request =
        format!("GET /status HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response.starts_with("HTTP/1.1 200") && response.contains("\"ready\":true")
}

/// Two distinct free ports: both listeners live until both are chosen.
fn free_ports() -> (u16, u16) {
    let a = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    let b = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    let ports = (
        a.local_addr().expect("local addr").port(),
        b.local_addr().expect("local addr").port(),
    );
    drop((a, b));
    ports
}

/// The app binary the tests drive (`FRONTDESK_APP`, else the debug build in the target dir).
pub fn app_binary() -> PathBuf {
    let path = match std::env::var_os("FRONTDESK_APP") {
        Some(p) => PathBuf::from(p),
        None => {
            let target = std::env::var_os("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| workspace_dir().join("target"));
            target.join("debug").join("frontdesk")
        }
    };
    let path = if path.is_relative() {
        workspace_dir().join(path)
    } else {
        path
    };
    if !path.is_file() {
        panic!(
            "app binary {} not found: run scripts/test.sh, or `cargo build -p frontdesk` and set \
             FRONTDESK_APP to its absolute path",
            path.display()
        );
    }
    path
}

fn tauri_driver_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(p);
    }
    let on_path = std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .map(|dir| dir.join("tauri-driver"))
        .find(|p| p.is_file());
    on_path.unwrap_or_else(|| {
        let cargo_home = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
            .unwrap_or_default();
        cargo_home.join("bin").join("tauri-driver")
    })
}

/// Screenshots and logs: `$FRONTDESK_E2E_OUT`, else `<workspace>/e2e-output` (ignored by git).
pub fn out_dir() -> PathBuf {
    match std::env::var_os("FRONTDESK_E2E_OUT") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => workspace_dir().join("e2e-output"),
    }
}

fn workspace_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ lives in the workspace")
        .to_path_buf()
}

/// libtest names each test's thread after the test, and `#[tokio::test]` runs on that thread.
fn test_name() -> String {
    let name = std::thread::current()
        .name()
        .unwrap_or("e2e")
        .replace("::", "-");
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn env_empty(name: &str) -> bool {
    std::env::var_os(name).is_none_or(|v| v.is_empty())
}

/// JavaScript's truthiness of a JSON value.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}
