//! A browser on the hall's LAN: headless Chromium driven through chromedriver (Debian's
//! `chromium` and `chromium-driver`), as a [`App`] value, so every helper of the harness
//! (waits, clicks, scripts, screenshots with the layout check) drives it like the app.
//! Each browser has its own fresh profile: its own pairing cookie, as a separate PC would.

use super::*;

/// The flags the LAN suite runs Chromium with: headless as root, sound without a click (the
/// wall display's voice), and nothing that talks to the internet.
const CHROMIUM_ARGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--autoplay-policy=no-user-gesture-required",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    // A large first window: a headless window never grows past the size it started with,
    // and the TV page is measured at 1920×1080 of viewport (plus the window's frame).
    "--window-size=2560,1600",
];

impl App {
    /// Starts headless Chromium with a fresh profile and opens `url` (e.g. the host's
    /// `http://127.0.0.1:PORT/`). `name` names its log file. Stop it with [`App::stop`].
    pub async fn browser(name: &str, url: &str) -> App {
        let (port, _) = free_ports();
        let profile = tempfile::Builder::new()
            .prefix("frontdesk-chromium-")
            .tempdir()
            .expect("create a Chromium profile dir");
        let log_path = log_path(&format!("-{name}"));
        let log_hint = format!("see the chromedriver log: {}", log_path.display());
        let mut cmd = Command::new(binary("CHROMEDRIVER", "chromedriver"));
        cmd.arg(format!("--port={port}"));
        let guard = start_driver(
            cmd,
            port,
            &log_path,
            "install Debian's chromium and chromium-driver (scripts/deps.sh --test)",
            &log_hint,
        )
        .await;

        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|a| a.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        let caps: serde_json::Map<String, Value> = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": binary("CHROMIUM", "chromium"),
                "args": args,
            },
        })
        .as_object()
        .cloned()
        .expect("capabilities are an object");
        let client = fantoccini::ClientBuilder::rustls()
            .expect("rustls connector")
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .unwrap_or_else(|e| panic!("cannot open a Chromium session: {e}; {log_hint}"));
        let data_dir = profile.path().to_path_buf();
        let app =
            App::of_session(client, guard, data_dir, log_path, Some(profile), &log_hint).await;
        app.goto(url).await;
        app
    }

    /// Opens `url` in the current window and waits until its document has loaded.
    pub async fn goto(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
        self.wait_ready(Duration::from_secs(30)).await;
    }

    /// Sizes the window so that the page's viewport is exactly `width`×`height` (a headless
    /// window's frame takes part of its size, so the viewport alone is measured).
    pub async fn set_viewport_size(&self, width: u32, height: u32) {
        let target = (width, height);
        let mut last = self.viewport().await;
        let (mut w, mut h) = (width, height);
        for _ in 0..5 {
            if last == target {
                return;
            }
            self.client
                .set_window_rect(0, 0, w, h)
                .await
                .unwrap_or_else(|e| panic!("set window size {w}x{h} failed: {e}"));
            // A headless window applies a new size asynchronously: wait until the viewport
            // shows it (or stays put for a few seconds) before measuring the frame again.
            let deadline = Instant::now() + Duration::from_secs(3);
            let before = last;
            loop {
                last = self.viewport().await;
                if last == target || last != before || Instant::now() > deadline {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            // The frame is what the window has beyond its viewport.
            w = (w + width).saturating_sub(last.0);
            h = (h + height).saturating_sub(last.1);
        }
        assert_eq!(
            last, target,
            "the viewport is {last:?}, not {width}x{height}"
        );
    }

    /// The page's viewport, [innerWidth, innerHeight].
    async fn viewport(&self) -> (u32, u32) {
        let got = self.eval("return [innerWidth, innerHeight];").await;
        (
            got[0].as_u64().unwrap_or(0) as u32,
            got[1].as_u64().unwrap_or(0) as u32,
        )
    }
}

/// `$ENV_VAR`, else `name` on the PATH, else `/usr/bin/name`.
fn binary(env_var: &str, name: &str) -> PathBuf {
    if let Some(p) = std::env::var_os(env_var) {
        return PathBuf::from(p);
    }
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| PathBuf::from("/usr/bin").join(name))
}
