//! Weekend appointments (预约办) end to end, as staff meet them: on a Monday the booking
//! screen opens a Saturday session, two people are booked, a bad ID number is caught in
//! the form, one booking is cancelled, the day roster shows masked data only; then on that
//! Saturday the other person checks in at the desk by code and window 6 calls Y001. That
//! Saturday is a booking day: the desk, the counter and the display say booked people only,
//! and the desk issues no walk-in numbers but points to check-in.
//! Screenshots: the booking screen, the form with a validation error, the roster, the desk
//! and the display on the booking day.

use frontdesk_e2e::{App, StartOptions};
use serde_json::{json, Value};
use std::time::Duration;

const T: Duration = Duration::from_secs(15);
/// A Monday morning in Beijing.
const MONDAY: &str = "2026-11-30T10:00:00+08:00";
/// The Saturday of the session, five minutes into its first slot.
const SATURDAY: &str = "2026-12-05T09:05:00+08:00";
/// The session of that Saturday on the booking screen.
const SAT: &str = ".session[data-date='2026-12-05']";

/// The full values typed in: none of them may show on a list or the roster.
const IDS: [&str; 2] = ["11010519491231002X", "440524188001010014"];
const MOBILES: [&str; 2] = ["13800138000", "13912345678"];

async fn fill(app: &App, css: &str, text: &str) {
    let el = app.wait_for(css, T).await;
    el.clear()
        .await
        .unwrap_or_else(|e| panic!("clear {css}: {e}"));
    el.send_keys(text)
        .await
        .unwrap_or_else(|e| panic!("type into {css}: {e}"));
}

/// Books one person into the slot starting at `start` and returns the confirmation code.
async fn book(app: &App, start: &str, name: &str, mobile: &str, id: &str) -> String {
    app.click(&format!("{SAT} .slot[data-start='{start}']"))
        .await;
    app.wait_text("#slot-chosen", start, T).await;
    fill(app, "#f-name", name).await;
    fill(app, "#f-mobile", mobile).await;
    fill(app, "#f-id", id).await;
    // The live hint reads the birth date from a valid number.
    app.wait_text("#h-id", "出生日期", T).await;
    app.click("#f-submit").await;
    app.wait_for("#confirmation:not([hidden])", T).await;
    let code = app.wait_for("#c-code", T).await.text().await.unwrap();
    assert_eq!(code.len(), 6, "a 6-character code, got {code:?}");
    assert!(
        code.bytes()
            .all(|b| b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ".contains(&b)),
        "code {code:?} uses only unambiguous characters"
    );
    code
}

/// The page's text (lists, roster, closed dialogs included) holds no full ID or phone number.
async fn assert_masked(app: &App, what: &str) {
    let text = app
        .eval("return document.body.textContent + '\\n' + document.body.innerText")
        .await;
    let text = text.as_str().unwrap_or_default();
    for secret in IDS.iter().chain(MOBILES.iter()) {
        assert!(
            !text.contains(secret),
            "{what} shows an unmasked ID or phone number"
        );
    }
}

#[tokio::test]
async fn book_cancel_roster_check_in_and_call() {
    let app = App::start(StartOptions {
        clock: Some(MONDAY.into()),
        ..Default::default()
    })
    .await;
    app.set_window_size(1366, 768).await;
    app.wait_for("body[data-ready='true']", T).await;

    // The desk opens the booking screen.
    app.click("#open-booking").await;
    app.switch_to_window_with_url_containing("booking.html")
        .await;
    app.set_window_size(1366, 768).await;
    app.wait_for("body[data-ready='true']", T).await;
    app.wait_text("#title", "预约办", T).await;
    app.wait_text("#sessions", "近期还没有预约场次", T).await;

    // A Saturday session: 09:00–12:00, 30-minute slots, 2 places each, window 6.
    app.click("#new-session").await;
    app.wait_for("#session-dialog[open]", T).await;
    fill(&app, "#s-date", "2026-12-05").await;
    fill(&app, "#s-start", "09:00").await;
    fill(&app, "#s-end", "12:00").await;
    fill(&app, "#s-slot", "30").await;
    fill(&app, "#s-capacity", "2").await;
    app.wait_text("#s-preview", "共 6 个时段，12 个名额", T)
        .await;
    let windows = app
        .eval(
            "return [...document.querySelectorAll('#s-counters input:checked')]\
             .map((c) => c.parentElement.textContent.trim())",
        )
        .await;
    assert_eq!(
        windows,
        json!(["6号窗口"]),
        "window 6 is the appointment window"
    );
    app.screenshot("booking-new-session").await;
    app.click("#s-ok").await;
    // Opening sessions is the administrator's: the first time, the PIN is created here.
    app.enter_pin().await;
    app.wait_text("#toast", "已开放 2026-12-05 09:00–12:00 的预约", T)
        .await;
    app.wait_text(&format!("{SAT} .s-head"), "2026-12-05 周六", T)
        .await;
    app.wait_text(&format!("{SAT} .s-head"), "6号窗口", T).await;
    let slots = app
        .eval(&format!(
            "return document.querySelectorAll(\"{SAT} .slot\").length"
        ))
        .await;
    assert_eq!(slots, json!(6));

    // A weekly rule for the next three Saturdays: the 5th is taken, so it is skipped.
    app.click("#new-session").await;
    app.wait_for("#session-dialog[open]", T).await;
    app.click("input[name='s-mode'][value='rule']").await;
    fill(&app, "#s-from", "2026-12-05").await;
    fill(&app, "#s-weeks", "3").await;
    app.click("#s-ok").await;
    app.wait_text("#toast", "已创建 2 个场次", T).await;
    app.wait_text("#toast", "2026-12-05 已有场次在同一窗口与此时间重叠", T)
        .await;
    app.wait_for(".session[data-date='2026-12-12']", T).await;
    app.wait_for(".session[data-date='2026-12-19']", T).await;

    // Settings makes 2026-12-12 a make-up working day (调休): its session is flagged, and
    // staff are warned before anyone is booked into it.
    app.switch_to_main().await;
    app.click("#open-settings").await;
    app.switch_to_window_with_url_containing("settings.html")
        .await;
    app.enter_pin().await;
    app.wait_for("body[data-ready='true']", T).await;
    let staff = app.staff_token().await;
    app.eval(&format!(
        "return window.__TAURI__.core.invoke('save_exception', {{ staff: '{staff}', input: \
         {{ date: '2026-12-12', kind: 'workday', follows: 'mon', name: '调休' }} }})",
    ))
    .await;
    app.switch_to_window_with_url_containing("booking.html")
        .await;
    let dec12 = ".session[data-date='2026-12-12']";
    app.wait_text(&format!("{dec12} .s-head"), "调休上班日", T)
        .await;
    app.click(&format!("{dec12} .slot[data-start='09:00']"))
        .await;
    app.wait_text("#makeup-warning", "2026-12-12 是调休上班日", T)
        .await;
    fill(&app, "#f-name", "赵六").await;
    fill(&app, "#f-mobile", "13600136000").await;
    fill(&app, "#f-id", IDS[0]).await;
    app.click("#f-submit").await;
    app.wait_text("#confirm-text", "是调休上班日", T).await;
    app.click("#confirm-cancel").await; // not booked: nothing written
    app.wait_text(&format!("{dec12} .s-free"), "余 12 / 共 12", T)
        .await;
    app.click("#f-clear").await;

    // Two people in the 09:00 slot: then it is full.
    let kept = book(&app, "09:00", "张三", MOBILES[0], IDS[0]).await;
    app.wait_text("#c-what", "张*", T).await;
    app.wait_text("#c-what", "138****8000", T).await;
    app.click("#c-new").await;
    let cancelled = book(&app, "09:00", "李四", "+86 139 1234 5678", IDS[1]).await;
    assert_ne!(kept, cancelled);
    app.wait_text(&format!("{SAT} .slot[data-start='09:00']"), "已约满", T)
        .await;
    assert_eq!(
        app.eval(&format!(
            "return document.querySelector(\"{SAT} .slot[data-start='09:00']\").disabled"
        ))
        .await,
        Value::Bool(true)
    );
    app.wait_text(&format!("{SAT} .s-free"), "余 10 / 共 12", T)
        .await;
    app.assert_fits("booking screen", false).await;
    assert_masked(&app, "the booking screen").await;
    app.screenshot("booking-screen").await;

    // A wrong check digit: the form says so while typing, and the core's sentence on submit.
    app.click("#c-new").await;
    app.click(&format!("{SAT} .slot[data-start='09:30']")).await;
    fill(&app, "#f-name", "王五").await;
    fill(&app, "#f-mobile", "1370013700").await;
    app.wait_text("#h-mobile", "应为 11 位，现为 10 位", T)
        .await;
    fill(&app, "#f-mobile", "13700137000").await;
    app.wait_text("#h-mobile", "✓", T).await;
    fill(&app, "#f-id", "110105194912310021").await;
    app.wait_text("#h-id", "校验位不对：按前17位应为 X", T)
        .await;
    app.click("#f-submit").await;
    app.wait_text("#form-error", "身份证号码有误（校验位不对）", T)
        .await;
    assert_eq!(
        app.eval("return document.querySelector('#f-id').classList.contains('bad')")
            .await,
        Value::Bool(true)
    );
    app.assert_fits("booking form with an error", false).await;
    app.screenshot("booking-form-error").await;
    app.wait_text(&format!("{SAT} .slot[data-start='09:30']"), "余 2/2", T)
        .await; // nothing written
    app.click("#f-clear").await;

    // Find the second booking by its code: its own page is the only full view.
    app.click(".tab[data-tab='search']").await;
    fill(&app, "#q", &cancelled).await;
    app.click("#search-form button[type='submit']").await;
    app.wait_text("#results-body", &cancelled, T).await;
    app.wait_text("#results-body", "440524********0014", T)
        .await;
    app.wait_text("#results-body", "139****5678", T).await;
    assert_masked(&app, "search results").await;
    app.screenshot("booking-search").await;
    app.click(&format!("#results-body tr[data-code='{cancelled}'] td"))
        .await;
    app.wait_for("#detail-dialog[open]", T).await;
    // Masked until the administrator asks for the full view (the session is still live).
    app.wait_text("#d-fields", "440524********0014", T).await;
    app.click("#d-unmask").await;
    app.wait_text("#d-fields", IDS[1], T).await;
    app.wait_text("#d-fields", MOBILES[1], T).await;
    // Reschedule in one step (09:00 → 10:00 the same day), then cancel.
    let ten = app
        .eval(&format!(
            "return document.querySelector(\"{SAT} .slot[data-start='10:00']\").dataset.slotId"
        ))
        .await;
    let ten = ten.as_str().unwrap().to_string();
    app.eval(&format!(
        "document.querySelector('#d-slot').value = '{ten}'"
    ))
    .await;
    app.click("#d-reschedule").await;
    app.wait_text(
        "#toast",
        &format!("预约 {cancelled} 已改到 2026-12-05 10:00"),
        T,
    )
    .await;
    app.wait_text("#d-fields", "10:00–10:30", T).await;
    app.wait_text("#d-fields", "交通违法处理", T).await;
    app.screenshot("booking-detail").await;
    app.click("#d-cancel-booking").await;
    app.wait_for("#confirm[open]", T).await;
    app.click("#confirm-ok").await;
    app.wait_text("#d-status", "已取消", T).await;
    app.click("#d-close").await;

    // The roster of that Saturday: both bookings, masked, the cancelled one as history.
    app.click(".tab[data-tab='roster']").await;
    app.wait_text("#roster-title", "2026-12-05 周六", T).await;
    app.wait_text("#roster-slots", &kept, T).await;
    app.wait_text("#roster-slots", &cancelled, T).await;
    app.wait_text("#roster-slots", "110105********002X", T)
        .await;
    app.wait_text("#roster-slots", "138****8000", T).await;
    app.wait_text("#roster-slots", "已取消", T).await;
    app.wait_text("#r-counts", "共约 2 · 待到 1", T).await;
    assert_masked(&app, "the roster").await;
    app.assert_fits("roster", false).await;
    app.screenshot("booking-roster").await;
    app.click("#r-print").await;
    app.wait_text("#toast", "测试模式", T).await;

    // That Saturday, 09:05: the kept booking checks in at the desk by its code.
    app.eval(&format!(
        "return window.__TAURI__.core.invoke('set_test_clock', {{ at: '{SATURDAY}' }})"
    ))
    .await;
    app.switch_to_main().await;
    // A booking day: the desk says so, points to the check-in row, and walk-in numbers are
    // off (the shortcut reaches the core, which refuses with the status named).
    app.wait_text("#hall-status", "预约办理日 · 仅接待预约群众", T)
        .await;
    app.wait_for("#hall-banner.appointments:not([hidden])", T)
        .await;
    app.wait_text("#banner-title", "今天是预约办理日", T).await;
    app.wait_text("#banner-text", "右侧“预约签到”", T).await;
    app.wait_text("#banner-text", "签到时间 08:30–12:15", T)
        .await;
    app.wait_for("#checkin-form.highlight", T).await;
    app.wait_for("#guidance[hidden]", T).await;
    app.wait_for("#priority-label[hidden]", T).await;
    app.wait_text("#ticket-service", "签到后预约号显示在这里", T)
        .await;
    let disabled = app
        .eval("return [...document.querySelectorAll('.service-btn')].map((b) => b.disabled);")
        .await;
    assert_eq!(
        disabled,
        json!([true, true, true, true]),
        "walk-in buttons are off"
    );
    app.wait_for("body", T).await.send_keys("1").await.unwrap();
    app.wait_text(
        "#toast",
        "当前不能取号（预约办理日 · 仅接待预约群众），将于 2026-12-07 08:50 开放取号。",
        T,
    )
    .await;
    app.assert_fits("desk on a booking day", true).await;
    app.screenshot("booking-day-desk").await;
    // The cancelled booking cannot check in.
    fill(&app, "#checkin-input", &cancelled.to_lowercase()).await;
    app.click("#checkin-go").await;
    app.wait_text("#toast", "已取消", T).await;
    fill(&app, "#checkin-input", &kept).await;
    app.click("#checkin-go").await;
    app.wait_text("#ticket-number", "Y001", T).await;
    app.wait_text("#ticket-service", "预约", T).await;
    app.wait_text("#toast", "09:00 时段预约已签到", T).await;
    // By ID number (a lower-case x) or mobile, the same person gets the same ticket again.
    fill(&app, "#checkin-input", &IDS[0].to_lowercase()).await;
    app.click("#checkin-go").await;
    app.wait_text("#toast", "此预约已签到，仍为 Y001 号", T)
        .await;
    app.eval("document.getElementById('toast').textContent = ''")
        .await;
    fill(&app, "#checkin-input", "138 0013 8000").await;
    app.click("#checkin-go").await;
    app.wait_text("#toast", "此预约已签到，仍为 Y001 号", T)
        .await;
    app.wait_text("#ticket-number", "Y001", T).await;
    app.wait_text("#total-issued", "1", T).await;
    app.assert_fits("desk with check-in", true).await;
    app.screenshot("desk-check-in").await;

    // Window 6 calls its appointment first.
    app.click("#open-counter").await;
    app.switch_to_window_with_url_containing("counter.html")
        .await;
    app.wait_for("body[data-ready='true']", T).await;
    app.click(".counter-pick[data-number='6']").await;
    app.wait_text("#counter-name", "6号窗口", T).await;
    app.click("#btn-next").await;
    app.wait_text("#current-number", "Y001", T).await;
    app.wait_text("#hall-status", "预约办理日", T).await;
    app.wait_text("#extended-line", "仅接待预约群众，签到至 12:15", T)
        .await;
    app.screenshot("booking-day-counter").await;

    // The wall display says the same, and the notice tells people to check in.
    app.switch_to_main().await;
    app.click("#open-display").await;
    app.switch_to_window_with_url_containing("display.html")
        .await;
    app.set_window_size(1920, 1080).await;
    app.wait_for("body[data-ready='true']", T).await;
    let status = app
        .eval("return document.getElementById('status').textContent;")
        .await;
    assert_eq!(status, json!("预约办理日 · 签到至 12:15"));
    app.wait_text("#notice", "今日为预约办理日", T).await;
    app.wait_text("#current-number", "Y001", T).await;
    app.screenshot("booking-day-display").await;

    // The booking screen in English fits as well.
    app.switch_to_window_with_url_containing("booking.html")
        .await;
    app.click("#lang").await;
    app.wait_text("#title", "Appointments", T).await;
    app.click(".tab[data-tab='sessions']").await;
    app.wait_text(&format!("{SAT} .s-head"), "Sat", T).await;
    app.assert_fits("booking screen in English", false).await;
    app.screenshot("booking-screen-en").await;
    app.click(".tab[data-tab='roster']").await;
    app.wait_text("#roster-slots", "Checked in", T).await;
    assert_masked(&app, "the roster in English").await;
    app.assert_fits("roster in English", false).await;
    app.screenshot("booking-roster-en").await;

    // The desk follows into English, booking-day banner and ticket card included.
    app.switch_to_main().await;
    app.wait_text("#hall-status", "Appointments only today", T)
        .await;
    app.wait_text("#banner-text", "under \"Check-in\"", T).await;
    app.wait_text("#ticket-service", "Traffic violations · appointment", T)
        .await;
    app.assert_fits("desk on a booking day in English", true)
        .await;
    app.screenshot("booking-day-desk-en").await;
    app.stop().await;
}

/// The value of an input in the current window.
async fn value(app: &App, css: &str) -> Value {
    app.eval(&format!("return document.querySelector({css:?}).value;"))
        .await
}

#[tokio::test]
async fn settings_edit_the_booking_rules() {
    let app = App::start(StartOptions {
        clock: Some(MONDAY.into()),
        ..Default::default()
    })
    .await;
    app.wait_for("body[data-ready='true']", T).await;
    // Only the settings window may change the rules.
    let refused = app
        .eval(
            "return window.__TAURI__.core.invoke('save_booking_settings', { settings: {} })\
             .then(() => 'saved', (e) => String(e && e.message ? e.message : e));",
        )
        .await;
    assert!(
        refused.as_str().is_some_and(|s| s.contains("not allowed")),
        "the desk may not save booking rules: {refused}"
    );
    app.click("#open-settings").await;
    app.switch_to_window_with_url_containing("settings.html")
        .await;
    app.enter_pin().await;
    app.set_window_size(1366, 768).await;
    app.wait_for("body[data-ready='true']", T).await;
    app.click(".tab[data-tab='booking']").await;
    app.wait_text("#tab-booking", "可预约的日期", T).await;
    assert_eq!(value(&app, "#bk-max_days_ahead").await, json!("14"));
    app.wait_text("#bk-summary", "在 30 天内爽约 2 次，90 天内不能预约。", T)
        .await;

    // Too far ahead: the core's sentence, and nothing is saved.
    fill(&app, "#bk-max_days_ahead", "120").await;
    app.click("#save-booking").await;
    app.wait_text("#booking-error", "最晚可约天数应在 1 到 90 之间。", T)
        .await;
    fill(&app, "#bk-max_days_ahead", "21").await;
    app.wait_for("#bk-grace_minutes", T)
        .await
        .clear()
        .await
        .unwrap();
    app.click("#save-booking").await;
    app.wait_text("#booking-error", "请填写签到宽限分钟数。", T)
        .await;
    app.screenshot("settings-booking-error").await;
    let stored = app
        .eval("return window.__TAURI__.core.invoke('booking_settings');")
        .await;
    assert_eq!(
        (&stored["max_days_ahead"], &stored["grace_minutes"]),
        (&json!(14), &json!(15)),
        "nothing was saved: {stored}"
    );

    // Good values, the policy switched off: saved, and the form shows what is stored.
    fill(&app, "#bk-grace_minutes", "10").await;
    app.click("#bk-no_show_policy").await;
    app.wait_text("#bk-summary", "爽约不限制预约。", T).await;
    assert_eq!(
        app.eval("return document.getElementById('bk-ban_days').disabled;")
            .await,
        Value::Bool(true)
    );
    app.click("#save-booking").await;
    app.wait_text("#toast", "已保存", T).await;
    app.wait_for("#booking-error[hidden]", T).await;
    let stored = app
        .eval("return window.__TAURI__.core.invoke('booking_settings');")
        .await;
    assert_eq!(
        (
            &stored["max_days_ahead"],
            &stored["grace_minutes"],
            &stored["no_show_policy"]
        ),
        (&json!(21), &json!(10), &json!(false)),
        "{stored}"
    );
    assert_eq!(value(&app, "#bk-max_days_ahead").await, json!("21"));
    app.screenshot("settings-booking-rules").await;

    // In English, the same refusal reads in English.
    app.click("#lang").await;
    app.wait_text(".tab[data-tab='booking']", "Booking rules", T)
        .await;
    fill(&app, "#bk-week_limit", "9").await;
    app.click("#save-booking").await;
    app.wait_text("#booking-error", "The limit of bookings per week", T)
        .await;
    app.wait_text("#booking-error", "1 and 7", T).await;
    app.screenshot("settings-booking-rules-en").await;
    app.stop().await;
}
