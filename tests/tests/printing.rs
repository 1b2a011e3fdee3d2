//! Tickets on paper, end to end, with a fake network printer on 127.0.0.1
//! (`frontdesk_e2e::FakePrinter`): the desk's printer is set in 设置 → 打印 (a refused footer
//! first); a number issued at the desk reaches the printer as exactly one ticket (GB18030,
//! its number and service, the cut); with the printer off the ticket is issued all the same
//! and marked 未打印 with the reason; a reprint once it is back prints it and clears the mark;
//! an appointment checked in at the desk is printed the same way.
//! Then the kiosk (`--kiosk`, its own launch on the same data) at 1080×1920 and 1920×1080:
//! take a number, the printout reaches the printer, the start comes back after the ticket's
//! seconds and after the idle time; a check-in refusal; after the cutoff, the 12123 guidance.
//! Leaving the kiosk with the PIN dialog's digit pad alone (a touch screen has no keyboard),
//! and the dialog closing by itself when left open.

use frontdesk_e2e::{ends_with_cut, gb18030, App, FakePrinter, StartOptions};
use serde_json::json;
use std::time::Duration;

const T: Duration = Duration::from_secs(20);
const MONDAY: &str = "2026-11-30T09:05:00+08:00";

/// Sets a `<select>` or an input of the settings form and tells the page (as a person would).
async fn set_field(app: &App, css: &str, value: &str) {
    app.eval(&format!(
        r#"const e = document.querySelector({css:?});
           if (e.type === 'checkbox') e.checked = {value:?} === 'true'; else e.value = {value:?};
           e.dispatchEvent(new Event('input')); e.dispatchEvent(new Event('change'));"#
    ))
    .await;
}

/// The desk's list entry of `number` has the 未打印 mark.
async fn unprinted_in_list(app: &App, number: &str) -> bool {
    app.eval(&format!(
        "return !!document.querySelector('#recent li[data-number=\"{number}\"] .unprinted-tag');"
    ))
    .await
    .as_bool()
    .unwrap_or(false)
}

#[tokio::test]
async fn the_desk_prints_each_ticket_once_and_marks_a_failed_print() {
    let app = App::start(StartOptions {
        clock: Some(MONDAY.into()),
        ..Default::default()
    })
    .await;
    app.set_window_size(1366, 768).await;
    app.wait_for("body[data-ready='true']", T).await;
    let printer = FakePrinter::start();
    let port = printer.port();

    // 设置 → 打印: the desk's printer on the network.
    app.click("#open-settings").await;
    app.switch_to_window_with_url_containing("settings.html")
        .await;
    app.enter_pin().await;
    app.wait_for("body[data-ready='true']", T).await;
    app.set_window_size(1366, 768).await;
    app.click(".tab[data-tab='print']").await;
    let f = "#print-form-desk";
    set_field(&app, &format!("{f} [name=kind]"), "tcp").await;
    set_field(&app, &format!("{f} [name=host]"), "127.0.0.1").await;
    set_field(&app, &format!("{f} [name=port]"), &port.to_string()).await;
    // A footer with a phone number is refused, in the user's language, and nothing is saved.
    set_field(&app, &format!("{f} [name=footer]"), "咨询电话 13800138000").await;
    app.click(&format!("{f} button[data-action=save]")).await;
    app.wait_text("#print-error-desk", "像手机号或身份证号", T)
        .await;
    let stored = app
        .eval("return window.__TAURI__.core.invoke('print_settings', { station: 'desk' });")
        .await;
    assert_eq!(stored["printer"], json!(null), "nothing saved: {stored}");
    set_field(
        &app,
        &format!("{f} [name=footer]"),
        "非现场交通违法可通过“交管12123”App办理",
    )
    .await;
    app.click(&format!("{f} button[data-action=save]")).await;
    app.wait_text("#print-light-desk", "打印机就绪", T).await;
    app.screenshot("printing-settings").await;

    // Issue at the desk: the ticket is on screen, then printed, exactly once.
    app.switch_to_main().await;
    app.wait_text("#printer-light", "打印机就绪", T).await;
    app.click(".service-btn[data-prefix='A']").await;
    app.wait_text("#ticket-number", "A001", T).await;
    app.wait_content("#ticket-print", "已打印", T).await;
    let jobs = printer.wait_jobs(1, T).await;
    assert_eq!(jobs.len(), 1, "exactly one ticket's bytes");
    let text = gb18030(&jobs[0]);
    let service = app
        .eval("return document.querySelector('#ticket-service').textContent;")
        .await;
    let service = service.as_str().unwrap().to_string();
    assert!(text.contains("A001"), "the number on paper: {text:?}");
    assert!(
        text.contains(&service),
        "the service {service} on paper: {text:?}"
    );
    assert!(text.contains("交管12123"), "the footer on paper: {text:?}");
    assert!(ends_with_cut(&jobs[0]), "the ticket ends with the cut");

    // The printer is switched off: the next number (another service: the same button again
    // within the double-click guard would repeat A001) is issued all the same, marked 未打印.
    printer.close();
    app.click(".service-btn[data-prefix='B']").await;
    app.wait_text("#ticket-number", "B001", T).await;
    app.wait_content("#ticket-print", "未打印", T).await;
    let reason = app
        .eval("return document.querySelector('#ticket-print').textContent;")
        .await;
    let reason = reason.as_str().unwrap_or_default();
    assert!(
        reason.contains(&format!("无法连接打印机 127.0.0.1:{port}"))
            && reason.contains("连接被拒绝"),
        "the reason: {reason}"
    );
    app.wait_js(
        "B001 is marked 未打印 in the list",
        "return !!document.querySelector('#recent li[data-number=\"B001\"] .unprinted-tag');",
        T,
    )
    .await;
    assert!(!unprinted_in_list(&app, "A001").await, "A001 was printed");
    app.wait_text("#printer-light", "打印机故障", T).await;
    app.screenshot("printing-desk-unprinted").await;

    // Back on: 重打 prints B001 with fresh figures and clears the mark.
    let printer = FakePrinter::on_port(port);
    app.click("#recent li[data-number='B001']").await;
    app.wait_text("#ticket-number", "B001", T).await;
    app.click("#reprint").await;
    app.wait_content("#ticket-print", "已打印", T).await;
    let jobs = printer.wait_jobs(1, T).await;
    assert_eq!(jobs.len(), 1, "one reprint");
    let text = gb18030(&jobs[0]);
    assert!(
        text.contains("B001") && text.contains("前面没有人等候"),
        "{text:?}"
    );
    app.wait_js(
        "the 未打印 mark is gone",
        "return !document.querySelector('#recent .unprinted-tag');",
        T,
    )
    .await;
    app.wait_text("#printer-light", "打印机就绪", T).await;
    app.screenshot("printing-desk-reprinted").await;

    // An appointment (预约办): a Saturday session and a booking, made in the booking window;
    // that Saturday the check-in at the desk prints the Y ticket like any issued number.
    app.click("#open-booking").await;
    app.switch_to_window_with_url_containing("booking.html")
        .await;
    app.wait_for("body[data-ready='true']", T).await;
    let staff = app.staff_token().await;
    let code = app
        .eval(&format!(
            r#"return (async () => {{
                 const inv = window.__TAURI__.core.invoke;
                 const a = (await inv('services')).find((s) => s.prefix === 'A');
                 const w6 = (await inv('counters')).find((c) => c.number === 6);
                 const session = await inv('create_booking_session', {{ staff: '{staff}', input: {{
                   date: '2026-12-05', start: '09:00', end: '10:00', slot_minutes: 30, capacity: 2,
                   counter_ids: [w6.id], service_ids: [a.id] }} }});
                 const b = await inv('book', {{ input: {{ slot_id: session.slots[0].id, service_id: a.id,
                   name: '张三', mobile: '13800138000', id_number: '11010519491231002X' }} }});
                 return b.code;
               }})().catch((e) => 'ERR ' + JSON.stringify(e));"#
        ))
        .await;
    let code = code.as_str().unwrap().to_string();
    assert_eq!(code.len(), 6, "a booking code: {code}");
    app.set_test_clock("2026-12-05T08:45:00+08:00").await;
    app.switch_to_main().await;
    app.wait_for("#checkin-form.highlight", T).await;
    let input = app.wait_for("#checkin-input", T).await;
    input.send_keys(&code).await.unwrap();
    app.click("#checkin-go").await;
    app.wait_text("#ticket-number", "Y001", T).await;
    app.wait_content("#ticket-print", "已打印", T).await;
    let jobs = printer.wait_jobs(2, T).await;
    assert_eq!(jobs.len(), 2, "one print for the check-in");
    let text = gb18030(&jobs[1]);
    assert!(
        text.contains("Y001") && text.contains("【预约】"),
        "the appointment ticket on paper: {text:?}"
    );
    for personal in ["张三", "13800138000", "11010519491231002X", "002X"] {
        assert!(!text.contains(personal), "{personal} on paper: {text:?}");
    }
    assert!(ends_with_cut(&jobs[1]));
    app.screenshot("printing-desk-check-in").await;
    app.stop().await;
}

/// The kiosk's printer and short timings (`idle` seconds untouched before the start comes
/// back), set from 设置 in a desk launch on `data_dir`, which also creates the PIN.
async fn set_up_kiosk(data_dir: &std::path::Path, port: u16, idle: u32) {
    let app = App::start(StartOptions {
        clock: Some(MONDAY.into()),
        data_dir: Some(data_dir.to_path_buf()),
        ..Default::default()
    })
    .await;
    app.wait_for("body[data-ready='true']", T).await;
    app.click("#open-settings").await;
    app.switch_to_window_with_url_containing("settings.html")
        .await;
    app.enter_pin().await;
    app.wait_for("body[data-ready='true']", T).await;
    let staff = app.staff_token().await;
    let r = app
        .eval(&format!(
            r#"const inv = window.__TAURI__.core.invoke;
               return Promise.all([
                 inv('save_print_settings', {{ staff: '{staff}', station: 'kiosk', settings: {{
                   printer: {{ transport: {{ kind: 'tcp', host: '127.0.0.1', port: {port} }}, width: '58' }},
                   auto_print: true, footer: '请留意叫号', qr_text: 'https://example.cn/hall' }} }}),
                 inv('save_kiosk_settings', {{ staff: '{staff}', settings: {{ idle_seconds: {idle}, ticket_seconds: 8, offer_priority: true }} }}),
               ]).then(() => 'ok', (e) => e);"#
        ))
        .await;
    assert_eq!(r, json!("ok"));
    app.stop().await;
}

/// A `--kiosk` launch on a fresh hall whose kiosk prints to a fake printer, with an idle
/// time of `idle` seconds; the folder is kept until the test ends.
async fn kiosk(idle: u32) -> (App, FakePrinter, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let printer = FakePrinter::start();
    set_up_kiosk(dir.path(), printer.port(), idle).await;
    let app = App::start(StartOptions {
        clock: Some(MONDAY.into()),
        data_dir: Some(dir.path().to_path_buf()),
        args: vec!["--kiosk".into()],
        ..Default::default()
    })
    .await;
    app.wait_for("body[data-ready='true']", T).await;
    (app, printer, dir)
}

#[tokio::test]
async fn the_kiosk_issues_prints_and_comes_back_to_the_start() {
    let (app, printer, _dir) = kiosk(3).await;
    let url = app.eval("return location.pathname;").await;
    assert_eq!(url, json!("/kiosk.html"), "--kiosk opens the kiosk alone");
    let windows = app.client.windows().await.unwrap();
    assert_eq!(windows.len(), 1, "nothing else of the app is open");
    // The kiosk is allowed nothing beyond what it calls: not the settings, not the desk's reprint.
    let refused = app
        .eval(
            r#"const inv = window.__TAURI__.core.invoke;
               return Promise.all([
                 inv('open_window', { kind: 'settings' }).then(() => 'opened', () => 'refused'),
                 inv('save_print_settings', { station: 'kiosk', settings: {} }).then(() => 'saved', () => 'refused'),
                 inv('void_ticket', { ticketId: 1 }).then(() => 'voided', () => 'refused'),
               ]);"#,
        )
        .await;
    assert_eq!(refused, json!(["refused", "refused", "refused"]));

    let mut printed = 0;
    for (w, h, name) in [(1080, 1920, "portrait"), (1920, 1080, "landscape")] {
        app.resize(w, h).await;
        app.wait_for("body[data-screen='start']", T).await;
        app.wait_for(".k-service[data-prefix='A']", T).await;
        app.screenshot(&format!("kiosk-{name}-start")).await;

        // Take a number (priority in landscape): shown at once, then printed.
        let prio = name == "landscape";
        if prio {
            app.click("#priority").await;
            app.wait_for("#priority[aria-pressed='true']", T).await;
        }
        app.click(".k-service[data-prefix='A']").await;
        app.wait_for("body[data-screen='ticket']", T).await;
        let number = app.wait_for("#t-number", T).await.text().await.unwrap();
        app.wait_content("#t-print", "请取走号票", T).await;
        printed += 1;
        let jobs = printer.wait_jobs(printed, T).await;
        assert_eq!(jobs.len(), printed, "one ticket per number");
        let text = gb18030(jobs.last().unwrap());
        assert!(text.contains(&number), "{number} on paper: {text:?}");
        assert!(text.contains("请留意叫号"), "the kiosk's footer: {text:?}");
        assert_eq!(
            text.contains("【优先】"),
            prio,
            "the priority mark: {text:?}"
        );
        assert!(ends_with_cut(jobs.last().unwrap()));
        app.screenshot(&format!("kiosk-{name}-ticket")).await;
        // After the ticket's seconds, the start again, priority off.
        app.wait_for("body[data-screen='start']", T).await;
        app.wait_for("#priority[aria-pressed='false']", T).await;

        // Check-in: a code that is no booking is refused in words; left alone, the typed
        // entry is wiped and the start comes back.
        app.click("#to-checkin").await;
        app.wait_for("body[data-screen='checkin']", T).await;
        for k in ["A", "B", "C", "D", "E", "F"] {
            app.click(&format!("#keys [data-key='{k}']")).await;
        }
        app.wait_text("#entry", "ABCDEF", T).await;
        app.click("#checkin-go").await;
        app.wait_for("#checkin-error:not([hidden])", T).await;
        app.screenshot(&format!("kiosk-{name}-checkin")).await;
        app.wait_for("body[data-screen='start']", T).await;
        let entry = app
            .eval("return document.querySelector('#entry').textContent.trim();")
            .await;
        assert_eq!(entry, json!(""), "the typed code is gone");
    }

    // After the cutoff: the 12123 guidance instead of the buttons, at both sizes.
    app.set_test_clock("2026-11-30T17:31:00+08:00").await;
    app.wait_for("body[data-screen='closed']", T).await;
    app.wait_text("#closed-text", "12123", T).await;
    app.wait_text("#closed-status", "今日取号已截止", T).await;
    let buttons = app
        .eval("return document.querySelectorAll('#start:not([hidden]) .k-service').length;")
        .await;
    assert_eq!(buttons, json!(0));
    for (w, h, name) in [(1080, 1920, "portrait"), (1920, 1080, "landscape")] {
        app.resize(w, h).await;
        app.screenshot(&format!("kiosk-{name}-after-cutoff")).await;
    }

    app.stop().await;
}

/// Presses `digits` on the PIN dialog's pad, then 确定: clicks only, no key typed.
async fn pad_pin(app: &App, digits: &str) {
    app.wait_for("#pin-dialog[open] #pin-pad:not([hidden])", T)
        .await;
    for d in digits.chars() {
        app.click(&format!("#pin-pad [data-key='{d}']")).await;
    }
    let typed = app
        .eval("return document.getElementById('pin-input').value.length;")
        .await;
    assert_eq!(typed, json!(digits.len()), "every press typed one digit");
    app.click("#pin-ok").await;
}

/// The long press on the hall's name that opens the PIN dialog.
async fn hold_hall_name(app: &App) {
    app.long_press("#hall-name", Duration::from_millis(2500))
        .await;
    app.wait_for("#pin-dialog[open]", T).await;
}

#[tokio::test]
async fn the_kiosk_is_left_with_the_pin_pad_alone() {
    // An idle time long enough for a slow machine's clicks, short enough to wait out.
    let (app, _printer, _dir) = kiosk(8).await;

    // Portrait, Chinese: a long press on the hall's name opens the dialog with its pad;
    // left alone, it closes after the idle time and the start is back, the digits gone.
    app.resize(1080, 1920).await;
    app.wait_for("body[data-screen='start']", T).await;
    hold_hall_name(&app).await;
    app.wait_text("#pin-hint", "退出自助取号需要管理员密码", T)
        .await;
    app.click("#pin-pad [data-key='1']").await;
    app.click("#pin-pad [data-key='2']").await;
    app.screenshot("kiosk-pin-pad-portrait-zh").await;
    app.wait_js(
        "the PIN dialog closes by itself after the idle time",
        "return !document.getElementById('pin-dialog').open",
        T,
    )
    .await;
    app.wait_for("body[data-screen='start']", T).await;
    assert_eq!(app.client.windows().await.unwrap().len(), 1, "still open");

    // Landscape, English: a wrong PIN on the pad is refused in words and the kiosk stays;
    // ⌫ and 清空 edit what was pressed; 取消 closes the dialog.
    app.resize(1920, 1080).await;
    app.click("#lang").await;
    app.wait_text("#start-title", "service", T).await;
    hold_hall_name(&app).await;
    app.wait_text("#pin-ok", "OK", T).await;
    pad_pin(&app, "0000").await;
    app.wait_js(
        "the wrong PIN is refused",
        "return document.getElementById('pin-dialog').open
                && document.getElementById('pin-error').textContent.includes('PIN')",
        T,
    )
    .await;
    for k in ["5", "6", "delete"] {
        app.click(&format!("#pin-pad [data-key='{k}']")).await;
    }
    let typed = app
        .eval("return document.getElementById('pin-input').value;")
        .await;
    assert_eq!(typed, json!("5"), "⌫ takes back one digit");
    app.click("#pin-pad [data-key='clear']").await;
    let typed = app
        .eval("return document.getElementById('pin-input').value;")
        .await;
    assert_eq!(typed, json!(""), "清空 empties the field");
    app.screenshot("kiosk-pin-pad-landscape-en").await;
    assert_eq!(app.client.windows().await.unwrap().len(), 1, "still open");
    app.click("#pin-cancel").await;
    app.wait_js(
        "取消 closes the dialog",
        "return !document.getElementById('pin-dialog').open",
        T,
    )
    .await;

    // The right PIN, on the pad alone, closes the kiosk (the app ends with its only window).
    hold_hall_name(&app).await;
    pad_pin(&app, frontdesk_e2e::PIN).await;
    let mut tick = tokio::time::interval(Duration::from_millis(100));
    let deadline = std::time::Instant::now() + T;
    loop {
        tick.tick().await;
        // The session loses its window, or its driver.
        match app.client.windows().await {
            Ok(w) if !w.is_empty() => {}
            _ => break,
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the right PIN closes the kiosk"
        );
    }
    app.stop().await;
}
