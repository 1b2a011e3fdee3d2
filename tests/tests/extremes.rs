//! Every screen at the extremes the settings allow, as a big hall would set them up on its
//! first day: 25 services (A–Z without the appointment prefix Y) with 20-character names and
//! 40-character English names, 99 windows with 20-character names, a 40-character hall name,
//! a 300-character notice, a busy late afternoon (the 17:10 reminder showing, a hundred people
//! waiting for one service, 16 missed numbers, a call at window 99). Desk, counter (with its
//! dialogs), display (1366×768, 1920×1080, 3840×2160), every settings tab and every booking
//! tab, in Chinese and in English, each with the harness's layout check and a screenshot.

use frontdesk_e2e::App;
use frontdesk_e2e::StartOptions;
use serde_json::Value;
use std::time::Duration;

const T: Duration = Duration::from_secs(20);
/// A Monday, 18 minutes before the 17:30 cutoff: the reminder banner is up.
const LATE_AFTERNOON: &str = "2026-11-30T17:12:00+08:00";

/// The settings, saved in the settings window (as its screen saves them).
const SETUP_SETTINGS: &str = r#"return (async () => {
  const inv = window.__TAURI__.core.invoke;
  const hall = await inv('hall_settings');
  await inv('save_settings', { staff: STAFF, settings: { ...hall,
    hall_name: '某某市民中心公安专区交通管理业务综合服务大厅（第一分厅）东区二楼全部窗口'.slice(0, 40) } });
  const display = await inv('display_settings');
  await inv('save_display_settings', { staff: STAFF, settings: { ...display, notice: NOTICE } });
  const zh = '机动车登记转移抵押变更注销及补换领号牌行驶证业务';
  const en = 'Motor vehicle registration, transfer and plates renewal';
  const letters = [...'ABCDEFGHIJKLMNOPQRSTUVWXZ'];
  const existing = await inv('services');
  const ids = [];
  for (const [i, p] of letters.entries()) {
    const old = existing.find((s) => s.prefix === p);
    const s = await inv('save_service', { staff: STAFF, input: {
      id: old ? old.id : null, prefix: p, enabled: true, sort_order: i + 1, minutes_per_person: 240,
      name: (p + zh).slice(0, 20), name_en: (p + ' ' + en).slice(0, 40) } });
    ids.push(s.id);
  }
  const counters = await inv('counters');
  for (let n = 1; n <= 99; n++) {
    const old = counters.find((c) => c.number === n);
    // Window 1 handles everything (一窗通办); the others three services each; 6 is for bookings.
    const service_ids = n === 1 ? ids : [ids[n % 25], ids[(n + 1) % 25], ids[(n + 2) % 25]];
    await inv('save_counter', { staff: STAFF, input: { id: old ? old.id : null, number: n,
      name: (n + '号窗口机动车驾驶证综合业务受理专窗').slice(0, 20), service_ids, appointment: n === 6 } });
  }
  return 'ok';
})().catch((e) => JSON.stringify(e));"#;

/// The notice: 300 characters.
const NOTICE: &str = "'温馨提示：请按号就座，留意大屏与语音呼叫；非现场交通违法可在“交管12123”手机应用办理；周末预约办请提前预约，凭预约码签到；'.repeat(6).slice(0, 300)";

/// A busy afternoon, issued at the desk: 130 people for A (every tenth a priority), two for
/// every other service.
const SETUP_TICKETS: &str = r#"return (async () => {
  const inv = window.__TAURI__.core.invoke;
  const services = (await inv('snapshot')).services;
  const issue = (id, priority) => inv('issue_ticket', { request: { service_id: id, priority, station: '' } });
  for (let i = 0; i < 130; i++) await issue(services[0].service_id, i % 10 === 0);
  for (const s of services.slice(1)) { await issue(s.service_id, false); await issue(s.service_id, true); }
  return 'ok';
})().catch((e) => JSON.stringify(e));"#;

/// At the counters: 16 people who did not come (the missed list is long), then a call at
/// window 1 and at window 99; returns the two called numbers.
const SETUP_CALLS: &str = r#"return (async () => {
  const inv = window.__TAURI__.core.invoke;
  const all = (await inv('snapshot')).counters;
  const c1 = all.find((c) => c.number === 1).id;
  const c99 = all.find((c) => c.number === 99).id;
  await inv('open_counter', { counterId: c1 });
  await inv('open_counter', { counterId: c99 });
  for (let i = 0; i < 16; i++) {
    const out = await inv('call_next', { counterId: c1 });
    await inv('no_show', { counterId: c1, ticketId: out.called.id });
  }
  const mine = await inv('call_next', { counterId: c1 });
  const last = await inv('call_next', { counterId: c99 });
  return [mine.called.number, last.called.number];
})().catch((e) => JSON.stringify(e));"#;

/// A weekend session that books every service, with a 100-character note.
const SETUP_SESSION: &str = r#"return (async () => {
  const inv = window.__TAURI__.core.invoke;
  const w6 = (await inv('counters')).find((c) => c.number === 6).id;
  const ids = (await inv('services')).map((s) => s.id);
  await inv('create_booking_session', { staff: STAFF, input: { date: '2026-12-05', start: '09:00', end: '12:00',
    slot_minutes: 15, capacity: 20, counter_ids: [w6], service_ids: ids, note: NOTICE.slice(0, 100) } });
  return 'ok';
})().catch((e) => JSON.stringify(e));"#;

/// Runs one of the set-up scripts in the current window; it answers 'ok' (or the numbers).
async fn run(app: &App, script: &str) -> Value {
    let mut script = script.replace("NOTICE", NOTICE);
    if script.contains("STAFF") {
        // The guarded calls carry a staff session of the window they run in.
        let staff = serde_json::to_string(&app.staff_token().await).unwrap();
        script = script.replace("STAFF", &staff);
    }
    let out = app.eval(&script).await;
    assert!(
        out == Value::String("ok".into()) || out.is_array(),
        "the set-up failed: {out}"
    );
    out
}

/// Switches the current window's language (the display has no button: it follows the desk).
async fn set_lang(app: &App, lang: &str) {
    app.eval(&format!(
        "const b = document.getElementById('lang');
         if (b && document.documentElement.lang !== '{lang}') b.click();"
    ))
    .await;
    app.wait_for(&format!("html[lang='{lang}']"), T).await;
}

const SIZES: [(u32, u32); 2] = [(1366, 768), (1920, 1080)];

/// Opens a screen from the desk (or brings it to the front) and waits until it is ready.
async fn open(app: &App, button: &str, page: &str) {
    app.switch_to_main().await;
    app.click(button).await;
    app.switch_to_window_with_url_containing(page).await;
    app.wait_for("body[data-ready='true']", T).await;
}

/// Makes the current window small: a window wholly covered by another gets no frames, and a
/// screenshot of it waits for one forever (every window opens at the same corner, and the
/// desk is never smaller than this).
async fn park(app: &App) {
    app.set_window_size(1024, 640).await;
}

/// The desk: the reminder banner, 25 buttons with their keys and waiting counts.
async fn desk(app: &App, lang: &str) {
    app.switch_to_main().await;
    set_lang(app, lang).await;
    app.wait_for(".hall-banner.reminder", T).await;
    for (w, h) in SIZES {
        app.set_window_size(w, h).await;
        app.screenshot(&format!("extremes-desk-{lang}-{w}x{h}"))
            .await;
    }
    app.set_window_size(1366, 768).await;
}

/// A counter: the picker with 99 windows, window 1 (every service) with its call, and its
/// dialogs (转办 with 24 services and 98 windows, 暂停).
async fn counter(app: &App, lang: &str, current: &str) {
    eprintln!("extremes: counter {lang}");
    open(app, "#open-counter", "counter.html").await;
    set_lang(app, lang).await;
    for (w, h) in SIZES {
        app.set_window_size(w, h).await;
        if app
            .eval("return !document.getElementById('pick').hidden")
            .await
            == Value::Bool(true)
        {
            app.wait_for(".counter-pick[data-number='99']", T).await;
            app.screenshot(&format!("extremes-counter-pick-{lang}-{w}x{h}"))
                .await;
            app.click(".counter-pick[data-number='1']").await;
        }
        app.wait_text("#current-number", current, T).await;
        app.screenshot(&format!("extremes-counter-{lang}-{w}x{h}"))
            .await;
        app.click("#btn-transfer").await;
        app.wait_for("#transfer-dlg[open] [data-counter-id]", T)
            .await;
        app.screenshot(&format!("extremes-counter-transfer-{lang}-{w}x{h}"))
            .await;
        app.click("#transfer-cancel").await;
        app.click("#btn-pause").await;
        app.wait_for("#pause-dlg[open]", T).await;
        app.screenshot(&format!("extremes-counter-pause-{lang}-{w}x{h}"))
            .await;
        app.click("#pause-cancel").await;
    }
    park(app).await;
}

/// The wall display at the three screen sizes it is made for.
async fn display(app: &App, lang: &str, when: &str, current: &str) {
    eprintln!("extremes: display {lang} {when}");
    open(app, "#open-display", "display.html").await;
    app.wait_for("body[data-ready='true']", T).await;
    // The display has no language button: it follows the desk.
    let label = if lang == "en" {
        "Now calling"
    } else {
        "正在呼叫"
    };
    app.wait_text(".current .label", label, T).await;
    app.wait_text("#current-number", current, T).await;
    app.wait_for("#missed span:nth-child(16)", T).await;
    for (w, h) in [(1366, 768), (1920, 1080), (3840, 2160)] {
        app.set_window_size(w, h).await;
        app.screenshot(&format!("extremes-display-{when}-{lang}-{w}x{h}"))
            .await;
    }
    park(app).await;
}

/// Opens settings tab `tab`. Under load a click right after the window was resized was once
/// lost (CI: the counters tab never showed in 20 s): the click is repeated, at most three
/// times, each after waiting for the tab with a bound.
async fn show_tab(app: &App, tab: &str) {
    let shown = format!("return !document.getElementById('tab-{tab}').hidden;");
    for _ in 0..3 {
        app.click(&format!(".tab[data-tab='{tab}']")).await;
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while std::time::Instant::now() < deadline {
            if app.eval(&shown).await == serde_json::json!(true) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    app.wait_for(&format!("#tab-{tab}:not([hidden])"), T).await;
}

/// Every settings tab at 1366×768.
async fn settings(app: &App, lang: &str) {
    eprintln!("extremes: settings {lang}");
    app.switch_to_window_with_url_containing("settings.html")
        .await;
    app.wait_for("body[data-ready='true']", T).await;
    set_lang(app, lang).await;
    app.set_window_size(1366, 768).await;

    for tab in [
        "services",
        "counters",
        "hall",
        "schedule",
        "exceptions",
        "booking",
        "display",
        "print",
        "network",
    ] {
        show_tab(app, tab).await;
        // The layout check only: with 99 windows × 25 services in its tables, WebKitWebDriver's
        // screenshot of the settings window never comes (seen on Xvfb; other windows answer).
        app.assert_layout(&format!("extremes-settings-{tab}-{lang}"))
            .await;
    }
    park(app).await;
}

/// The booking screen's tabs and its weekly-rule dialog at 1366×768.
async fn booking(app: &App, lang: &str) {
    eprintln!("extremes: booking {lang}");
    open(app, "#open-booking", "booking.html").await;
    if lang == "zh-CN" {
        run(app, SETUP_SESSION).await;
    }
    app.wait_for("body[data-ready='true']", T).await;
    set_lang(app, lang).await;
    app.set_window_size(1366, 768).await;
    app.click(".tab[data-tab='sessions']").await;
    app.wait_for(".session[data-date='2026-12-05']", T).await;
    app.screenshot(&format!("extremes-booking-sessions-{lang}"))
        .await;
    app.click("#new-session").await;
    app.click("input[name='s-mode'][value='rule']").await;
    app.wait_for("#session-dialog[data-mode='rule']", T).await;
    app.screenshot(&format!("extremes-booking-rule-dialog-{lang}"))
        .await;
    app.click("#s-cancel").await;
    for tab in ["search", "roster"] {
        app.click(&format!(".tab[data-tab='{tab}']")).await;
        app.wait_for(&format!("#tab-{tab}:not([hidden])"), T).await;
        app.screenshot(&format!("extremes-booking-{tab}-{lang}"))
            .await;
    }
    park(app).await;
}

/// A fresh app at 17:12 with the extreme settings (saved in the settings window, left open
/// behind the desk) and, when `busy`, the afternoon's tickets and calls; returns the numbers
/// called at windows 1 and 99.
async fn hall(busy: bool) -> (App, String, String) {
    let app = App::start(StartOptions {
        clock: Some(LATE_AFTERNOON.into()),
        ..Default::default()
    })
    .await;
    app.wait_for("body[data-ready='true']", T).await;
    app.switch_to_main().await;
    app.click("#open-settings").await;
    app.switch_to_window_with_url_containing("settings.html")
        .await;
    app.enter_pin().await;
    app.wait_for("body[data-ready='true']", T).await;
    run(&app, SETUP_SETTINGS).await;
    if !busy {
        return (app, String::new(), String::new());
    }
    park(&app).await;
    app.switch_to_main().await;
    run(&app, SETUP_TICKETS).await;
    open(&app, "#open-counter", "counter.html").await;
    let called = run(&app, SETUP_CALLS).await;
    let number = |i: usize| called[i].as_str().expect("a called number").to_string();
    let (at_1, at_99) = (number(0), number(1));
    park(&app).await;
    // 130 + 2 × 24 issued, 16 missed, 2 being served.
    app.switch_to_main().await;
    app.wait_text("#total-waiting", "160", T).await;
    (app, at_1, at_99)
}

#[tokio::test]
async fn desk_counter_and_display_hold_up_at_the_extremes() {
    let (app, at_1, at_99) = hall(true).await;
    for lang in ["zh-CN", "en"] {
        desk(&app, lang).await;
        counter(&app, lang, &at_1).await;
        display(&app, lang, "1712", &at_99).await;
    }
    // Earlier in the afternoon the 300-character notice runs as a marquee.
    app.switch_to_main().await;
    app.eval("return window.__TAURI__.core.invoke('set_test_clock', { at: '2026-11-30T15:00:00+08:00' });")
        .await;
    app.wait_for("body:not([data-hall='closing_soon'])", T)
        .await;
    for lang in ["zh-CN", "en"] {
        app.switch_to_main().await;
        set_lang(&app, lang).await;
        display(&app, lang, "1500", &at_99).await;
    }
    app.stop().await;
}

// Settings and booking each in an app of their own: on Xvfb every window opens at the same
// corner, and a screenshot of a window wholly covered by another never comes.

#[tokio::test]
async fn every_settings_tab_holds_up_at_the_extremes() {
    let (app, _, _) = hall(false).await;
    for lang in ["zh-CN", "en"] {
        settings(&app, lang).await;
    }
    app.stop().await;
}

#[tokio::test]
async fn the_booking_screen_holds_up_at_the_extremes() {
    let (app, _, _) = hall(false).await;
    for lang in ["zh-CN", "en"] {
        booking(&app, lang).await;
    }
    app.stop().await;
}
