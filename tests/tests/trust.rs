//! Loud failures, one instance and crash safety, with the real app binary: a start that cannot
//! open its data exits non-zero and says why on stderr and in its log; a second app on a folder
//! that a running app holds is refused the same way when there is no D-Bus session, and with one
//! hands over to the running app (which comes to the front) and exits 0; the test clock is
//! refused on the default data folder; an app killed with SIGKILL in the middle of a burst of desk presses comes back
//! with every number it showed, on a sound database.

use frontdesk_e2e::{app_binary, App, StartOptions};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;
use wait_timeout::ChildExt;

/// Runs the app on `data_dir` (test mode: no dialog that nobody would close; the key in the
/// key file, never an OS key store) with `args` and `env` added, and returns what it said,
/// once it has exited by itself.
fn run_app_on(data_dir: &Path, tmp: &Path, env: &[(String, String)], args: &[&Path]) -> Output {
    let mut child = Command::new(app_binary())
        .args(args)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .env("FRONTDESK_DATA_DIR", data_dir)
        .env("FRONTDESK_TEST_MODE", "1")
        .env("FRONTDESK_KEY_STORE", "file")
        .env("TMPDIR", tmp)
        .env("XDG_DATA_HOME", tmp.join("xdg-data"))
        .env("XDG_CONFIG_HOME", tmp.join("xdg-config"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the app");
    match child.wait_timeout(Duration::from_secs(60)).unwrap() {
        Some(_) => child.wait_with_output().unwrap(),
        None => {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!(
                "the app did not exit on its own: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

/// [`run_app_on`] from an async test (a temporary folder of its own for the rest), off the
/// runtime's threads so the app already running keeps being served.
async fn run_app_beside_tokio(data_dir: PathBuf, env: Vec<(String, String)>) -> Output {
    tokio::task::spawn_blocking(move || {
        let tmp = tempfile::tempdir().unwrap();
        run_app_on(&data_dir, tmp.path(), &env, &[])
    })
    .await
    .unwrap()
}

/// The log folder the app named on stderr, and everything written in it.
fn log_named_in(stderr: &str) -> (PathBuf, String) {
    let dir = stderr
        .lines()
        .find_map(|l| l.strip_prefix("frontdesk: log: "))
        .unwrap_or_else(|| panic!("stderr names no log: {stderr}"));
    let dir = PathBuf::from(dir);
    let mut text = String::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        text.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    (dir, text)
}

/// A folder nobody may write: a read-only bind mount (root ignores permission bits), undone
/// on drop; a plain `chmod 555` for other users.
struct ReadOnlyDir(PathBuf, bool);

impl ReadOnlyDir {
    fn new(path: PathBuf) -> Self {
        std::fs::create_dir_all(&path).unwrap();
        let root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
        if !root {
            let status = Command::new("chmod")
                .arg("555")
                .arg(&path)
                .status()
                .unwrap();
            assert!(status.success());
            return ReadOnlyDir(path, false);
        }
        for args in [
            vec!["--bind", path.to_str().unwrap(), path.to_str().unwrap()],
            vec!["-o", "remount,ro,bind", path.to_str().unwrap()],
        ] {
            let status = Command::new("mount").args(&args).status().unwrap();
            assert!(status.success(), "mount {args:?}");
        }
        ReadOnlyDir(path, true)
    }
}

impl Drop for ReadOnlyDir {
    fn drop(&mut self) {
        if self.1 {
            let _ = Command::new("umount").arg(&self.0).status();
        } else {
            let _ = Command::new("chmod").arg("755").arg(&self.0).status();
        }
    }
}

#[test]
fn started_on_a_read_only_folder_it_exits_non_zero_and_says_why() {
    let tmp = tempfile::tempdir().unwrap();
    let ro = ReadOnlyDir::new(tmp.path().join("hall"));
    assert!(
        std::fs::write(ro.0.join("probe"), b"x").is_err(),
        "the folder is read-only"
    );
    let out = run_app_on(&ro.0, tmp.path(), &[], &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "exit code; stderr: {stderr}");
    assert!(
        stderr.contains("cannot open the hall's data") && stderr.contains("Read-only file system"),
        "the reason on stderr: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "no panic: {stderr}");
    let (dir, log) = log_named_in(&stderr);
    assert!(
        !dir.starts_with(&ro.0),
        "the log went elsewhere: {}",
        dir.display()
    );
    assert!(
        log.contains("ERROR") && log.contains("Read-only file system"),
        "the reason in the log: {log}"
    );
}

#[tokio::test]
async fn a_second_app_on_a_held_folder_is_refused_and_the_first_goes_on() {
    let app = App::start(StartOptions {
        clock: Some("2026-11-30T09:05:00+08:00".into()),
        ..StartOptions::default()
    })
    .await;
    // No D-Bus session here (as in CI): the second start cannot hand over, and the lock says no.
    let out = run_app_beside_tokio(app.data_dir().to_path_buf(), Vec::new()).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "exit code; stderr: {stderr}");
    assert!(
        stderr.contains("in use by another FrontDesk"),
        "the reason on stderr: {stderr}"
    );
    let (dir, log) = log_named_in(&stderr);
    assert_eq!(dir, app.data_dir().join("logs"), "the folder's own log");
    assert!(log.contains("in use by another FrontDesk"), "{log}");
    // The first app still issues numbers.
    assert_eq!(app.try_issue("A").await, Ok("A001".to_string()));
    app.stop().await;
}

/// A D-Bus session bus of the test's own (CI runs the tests without one): the handover of a
/// second start goes through it. The daemon stops when this is dropped.
struct SessionBus {
    daemon: Child,
    address: String,
}

impl SessionBus {
    fn start() -> SessionBus {
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start dbus-daemon (scripts/deps.sh installs it with the test tools)");
        // The daemon prints its address once it listens; if it fails it exits (empty read).
        let mut address = String::new();
        BufReader::new(daemon.stdout.take().expect("its stdout"))
            .read_line(&mut address)
            .unwrap();
        let address = address.trim().to_string();
        assert!(address.starts_with("unix:"), "no bus address: {address:?}");
        SessionBus { daemon, address }
    }
}

impl SessionBus {
    /// Starts gnome-keyring's Secret Service on this bus, its login keyring unlocked with a
    /// throwaway password and kept in `dir` (never the user's own). It stops with the bus.
    fn start_keyring(&self, dir: &Path) {
        let (data, run) = (dir.join("data"), dir.join("run"));
        for d in [&data, &run] {
            std::fs::create_dir_all(d).unwrap();
            std::fs::set_permissions(d, std::os::unix::fs::PermissionsExt::from_mode(0o700))
                .unwrap();
        }
        // --daemonize returns once the daemon serves.
        let status = Command::new("sh")
            .args([
                "-c",
                "printf throwaway | gnome-keyring-daemon --unlock --components=secrets --daemonize",
            ])
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .env("XDG_DATA_HOME", &data)
            .env("XDG_RUNTIME_DIR", &run)
            .stdout(Stdio::null())
            .status()
            .expect("start gnome-keyring-daemon (scripts/deps.sh installs it)");
        assert!(status.success(), "gnome-keyring-daemon: {status}");
    }
}

impl Drop for SessionBus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

#[tokio::test]
async fn a_second_start_on_the_same_folder_hands_over_to_the_first() {
    let bus = SessionBus::start();
    let env = vec![("DBUS_SESSION_BUS_ADDRESS".to_string(), bus.address.clone())];
    const T: Duration = Duration::from_secs(20);
    let app = App::start(StartOptions {
        clock: Some("2026-11-30T09:05:00+08:00".into()),
        extra_env: env.clone(),
        ..StartOptions::default()
    })
    .await;
    app.wait_for("body[data-ready='true']", T).await;
    let started = std::time::Instant::now();
    let out = run_app_beside_tokio(app.data_dir().to_path_buf(), env).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("the second start exited after {:?}", started.elapsed());
    assert_eq!(
        out.status.code(),
        Some(0),
        "the second start hands over and exits 0; stderr: {stderr}"
    );
    assert!(!stderr.contains("in use by another FrontDesk"), "{stderr}");
    // The first app took the handover (the plugin waits for its answer before the second
    // exits), it opened no other window, and it goes on issuing numbers.
    let mut log = String::new();
    for entry in std::fs::read_dir(app.data_dir().join("logs")).unwrap() {
        log.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    assert!(
        log.contains("a second start on this data folder handed over to this app"),
        "the first app's log: {log}"
    );
    assert_eq!(
        app.client.windows().await.unwrap().len(),
        1,
        "the desk alone"
    );
    assert_eq!(app.try_issue("A").await, Ok("A001".to_string()));
    app.stop().await;
}

#[tokio::test]
async fn with_a_secret_service_the_key_is_kept_there_and_settings_say_so() {
    const T: Duration = Duration::from_secs(20);
    let bus = SessionBus::start();
    let keyring = tempfile::tempdir().unwrap();
    bus.start_keyring(keyring.path());
    let app = App::start(StartOptions {
        clock: Some("2026-11-30T09:05:00+08:00".into()),
        extra_env: vec![
            ("DBUS_SESSION_BUS_ADDRESS".into(), bus.address.clone()),
            // The hall's default: the OS key store when it answers.
            ("FRONTDESK_KEY_STORE".into(), "os".into()),
        ],
        ..StartOptions::default()
    })
    .await;
    app.wait_for("body[data-ready='true']", T).await;
    let key_dir = PathBuf::from(format!("{}-key", app.data_dir().display()));
    assert!(
        !key_dir.join("personal-data.key").exists(),
        "no key file beside the data folder"
    );
    app.click("#open-settings").await;
    app.switch_to_window_with_url_containing("settings.html")
        .await;
    app.enter_pin().await;
    app.wait_for("body[data-ready='true']", T).await;
    app.click(".tab[data-tab='access']").await;
    app.wait_text("#backup-key", "系统密钥库（Secret Service）", T)
        .await;
    app.wait_text("#backup-key", "--export-key", T).await;
    app.stop().await;
}

#[tokio::test]
async fn settings_ask_for_the_pin_and_refuse_a_wrong_one_on_screen() {
    const T: Duration = Duration::from_secs(20);
    let app = App::start(StartOptions {
        clock: Some("2026-11-30T09:05:00+08:00".into()),
        ..StartOptions::default()
    })
    .await;
    app.wait_for("body[data-ready='true']", T).await;
    // The desk cannot reach a guarded command at all, with or without a token.
    let refused = app
        .eval(
            "return window.__TAURI__.core.invoke('save_settings', { staff: 'x', settings: {} })\
             .then(() => 'saved', (e) => String(e && e.message ? e.message : e));",
        )
        .await;
    assert!(
        refused.as_str().is_some_and(|s| s.contains("not allowed")),
        "{refused}"
    );
    app.click("#open-settings").await;
    app.switch_to_window_with_url_containing("settings.html")
        .await;
    app.set_window_size(1366, 768).await;
    // First opening: the PIN is created, and nothing of the settings shows before.
    app.wait_text("#pin-title", "创建管理员密码", T).await;
    assert_eq!(
        app.eval("return document.querySelector('main.settings').hidden")
            .await,
        serde_json::Value::Bool(true)
    );
    app.enter_pin().await;
    app.wait_for("body[data-ready='true']", T).await;
    // Locked again (as after a few idle minutes): a wrong PIN is refused on screen.
    app.click(".tab[data-tab='access']").await;
    app.wait_text("#audit-body", "创建管理员密码", T).await;
    app.click("#sign-out").await;
    app.wait_text("#pin-title", "输入管理员密码", T).await;
    app.type_pin("000000").await;
    app.wait_text("#pin-error", "密码错误，还可再试 4 次。", T)
        .await;
    assert_eq!(
        app.eval("return document.getElementById('pin-dialog').open")
            .await,
        serde_json::Value::Bool(true),
        "still asking"
    );
    assert_eq!(
        app.eval("return document.querySelector('main.settings').hidden")
            .await,
        serde_json::Value::Bool(true),
        "nothing shown"
    );
    app.enter_pin().await;
    app.wait_text("#audit-body", "创建管理员密码", T).await;
    // The backups say where the personal-data key is, to be kept apart from them.
    let key_dir = format!("{}-key", app.data_dir().display());
    // (No screenshot: one of a window that showed the PIN dialog never returns.)
    app.wait_text("#backup-key", &key_dir, T).await;
    app.stop().await;
}

#[test]
fn the_key_is_exported_from_the_machine_once_and_never_over_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("hall");
    let to = tmp.path().join("exported.key");
    let key_file = tmp.path().join("hall-key").join("personal-data.key");
    let export = [Path::new("--export-key"), &to];
    frontdesk_testing::key_export::check_key_export(
        || run_app_on(&data, tmp.path(), &[], &export),
        &to,
        &key_file,
    );
}

#[test]
fn the_test_clock_is_refused_on_the_default_data_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let mut child = Command::new(app_binary())
        .env_remove("FRONTDESK_DATA_DIR")
        .env("FRONTDESK_TEST_MODE", "1")
        .env("FRONTDESK_CLOCK", "2026-11-30T09:05:00+08:00")
        .env("HOME", tmp.path())
        .env("XDG_DATA_HOME", tmp.path().join("xdg-data"))
        .env("XDG_CONFIG_HOME", tmp.path().join("xdg-config"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the app");
    let Some(status) = child.wait_timeout(Duration::from_secs(60)).unwrap() else {
        let _ = child.kill();
        panic!("the app started on the default data folder with the test clock");
    };
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(status.code(), Some(2), "exit code; stderr: {stderr}");
    assert!(
        stderr.contains("needs its own data folder"),
        "the reason on stderr: {stderr}"
    );
    assert!(
        !tmp.path().join("xdg-data").exists(),
        "nothing was written to the default data folder"
    );
}

/// Records every number the desk's ticket card shows (`window.__shown`), then presses the
/// desk's service buttons in turn every 40 ms until the app dies.
const BURST: &str = r#"
    window.__shown = [];
    const card = document.getElementById('ticket-number');
    const note = () => {
      const n = card.textContent.trim();
      if (/^[A-Z]+[0-9]+$/.test(n) && !window.__shown.includes(n)) window.__shown.push(n);
    };
    new MutationObserver(note).observe(card, { childList: true, characterData: true, subtree: true });
    let i = 0;
    setInterval(() => {
      const buttons = document.querySelectorAll('.service-btn:not([disabled])');
      if (buttons.length) buttons[i++ % buttons.length].click();
    }, 40);
    return document.querySelectorAll('.service-btn:not([disabled])').length;"#;

#[tokio::test]
async fn killed_mid_burst_the_app_restarts_with_every_number_it_showed() {
    const T: Duration = Duration::from_secs(30);
    let root = tempfile::tempdir().unwrap();
    let options = StartOptions {
        clock: Some("2026-11-30T09:05:00+08:00".into()),
        data_dir: Some(root.path().join("data")),
        ..StartOptions::default()
    };
    let app = App::start(options.clone()).await;
    app.wait_for("body[data-ready='true']", T).await;
    let buttons = app.eval(BURST).await;
    assert!(
        buttons.as_u64().is_some_and(|n| n >= 2),
        "service buttons: {buttons}"
    );
    let shown = app
        .wait_js(
            "eight numbers shown",
            "return window.__shown.length >= 8 && window.__shown.slice()",
            T,
        )
        .await;
    // The presses go on while the app dies: no exit handler, no last commit.
    app.kill_app().await;
    drop(app);
    let shown: Vec<String> = serde_json::from_value(shown).unwrap();

    let app = App::start(options).await;
    app.wait_for("body[data-ready='true']", T).await;
    let kept = app
        .eval(
            "return window.__TAURI__.core.invoke('tickets_today', { status: 'waiting' })
               .then((ts) => ts.map((t) => t.number));",
        )
        .await;
    let kept: Vec<String> = serde_json::from_value(kept).unwrap();
    for n in &shown {
        assert!(
            kept.contains(n),
            "{n} was shown, but is gone after the restart: {kept:?}"
        );
    }
    eprintln!(
        "killed mid-burst: {} numbers seen shown, {} in the database after the restart",
        shown.len(),
        kept.len()
    );
    // The restarted app issues the next number after the ones it kept.
    let next = app.try_issue("A").await.unwrap();
    assert!(!kept.contains(&next), "{next} issued twice");
    app.stop().await;

    let db = root.path().join("data").join("frontdesk.sqlite3");
    let pool =
        sqlx::SqlitePool::connect_with(sqlx::sqlite::SqliteConnectOptions::new().filename(&db))
            .await
            .unwrap();
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(integrity, "ok");
    pool.close().await;
}

#[tokio::test]
async fn a_data_folder_without_its_key_is_refused_loudly() {
    let root = tempfile::tempdir().unwrap();
    let data_dir = root.path().join("hall");
    let app = App::start(StartOptions {
        data_dir: Some(data_dir.clone()),
        ..StartOptions::default()
    })
    .await;
    app.stop().await;
    // The key is beside the folder, not in it; a copy of the folder alone cannot open.
    let key = root.path().join("hall-key").join("personal-data.key");
    assert!(key.is_file(), "the key was written beside the data folder");
    std::fs::remove_file(&key).unwrap();
    let out = run_app_beside_tokio(data_dir, Vec::new()).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "exit code; stderr: {stderr}");
    assert!(
        stderr.contains(&format!(
            "the personal-data key {} is missing",
            key.display()
        )),
        "the reason on stderr: {stderr}"
    );
    assert!(!key.exists(), "no new key replaced the lost one");
}
