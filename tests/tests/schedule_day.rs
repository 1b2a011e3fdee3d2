//! The hall's day end to end, with the app's clock set (FRONTDESK_CLOCK, then
//! `set_test_clock`) on Monday 2026-11-30: at 08:45 the desk counts down and refuses to
//! issue; at 08:50 (early open) it issues; at 17:12 the 12123 reminder shows on the desk and
//! the display; at 17:30 the buttons turn into the 12123 guidance, issuing is refused with a
//! sentence, the guided button counts, a counter still calls and the display says 延时服务
//! with the number waiting; ending the day is refused, naming the numbers, until the last
//! ticket is finished. Screenshots of each state: desk 1366×768, display 1920×1080.

use frontdesk_e2e::{App, StartOptions};
use serde_json::json;
use std::time::Duration;

const T: Duration = Duration::from_secs(15);
const DAY: &str = "2026-11-30";

async fn set_clock(app: &App, hhmmss: &str) {
    app.set_test_clock(&format!("{DAY}T{hhmmss}+08:00")).await;
}

/// Every service button's disabled state, in desk order.
async fn buttons_disabled(app: &App) -> Vec<bool> {
    let v = app
        .eval("return [...document.querySelectorAll('.service-btn')].map((b) => b.disabled);")
        .await;
    v.as_array()
        .expect("an array")
        .iter()
        .map(|b| b.as_bool().unwrap())
        .collect()
}

async fn confirm_end_day(app: &App) {
    app.click("#end-day").await;
    app.wait_for("dialog#confirm[open]", T).await;
    app.click("#confirm-ok").await;
}

#[tokio::test]
async fn a_monday_from_early_open_to_the_end_of_extended_service() {
    let app = App::start(StartOptions {
        clock: Some(format!("{DAY}T08:45:00+08:00")),
        ..Default::default()
    })
    .await;
    app.set_window_size(1366, 768).await;
    app.wait_for("body[data-ready='true']", T).await;

    // 08:45: the hall opens issuing at 08:50 (ten minutes early); the desk counts down.
    app.wait_text("#hall-status", "即将开放", T).await;
    let title = app.wait_text("#banner-title", "距开始取号还有 0", T).await;
    assert!(
        title.contains("04:") || title.contains("05:00"),
        "countdown: {title}"
    );
    app.wait_text("#banner-text", "08:50 开始取号", T).await;
    assert!(
        buttons_disabled(&app).await.iter().all(|d| *d),
        "buttons are off before 08:50"
    );
    // The countdown runs from the page's clock, second by second.
    let before = app
        .eval("return document.querySelector('#banner-title').innerText;")
        .await;
    app.wait_js(
        "the countdown moves",
        &format!("return document.querySelector('#banner-title').innerText !== {before};"),
        T,
    )
    .await;
    let later = app.wait_for("#banner-title", T).await.text().await.unwrap();
    assert_ne!(later, title, "the countdown moves");
    let (code, text) = app
        .try_issue("A")
        .await
        .expect_err("no number before 08:50");
    assert_eq!(code, "issuing_closed");
    assert_eq!(
        text,
        "当前不能取号（即将开放），将于 2026-11-30 08:50 开放取号。"
    );
    // The keyboard shortcut reaches the core too, and the desk says why.
    app.wait_for("body", T).await.send_keys("1").await.unwrap();
    app.wait_text("#toast", "08:50 开放取号", T).await;
    app.assert_fits("desk at 08:45", true).await;
    app.screenshot("schedule-desk-0845-countdown").await;

    // 08:50: early open, the buttons work.
    set_clock(&app, "08:50:00").await;
    app.wait_text("#hall-status", "提前开放", T).await;
    app.wait_for("#hall-banner[hidden]", T).await;
    assert!(
        buttons_disabled(&app).await.iter().all(|d| !*d),
        "buttons are on at 08:50"
    );
    app.click(".service-btn[data-prefix='A']").await;
    app.wait_text("#ticket-number", "A001", T).await;
    assert_eq!(app.try_issue("A").await, Ok("A002".into()));
    assert_eq!(app.try_issue("B").await, Ok("B001".into()));
    app.wait_text("#total-waiting", "3", T).await;
    app.assert_fits("desk at 08:50", true).await;
    app.screenshot("schedule-desk-0850-early-open").await;

    // 17:12: twenty minutes before the cutoff, the 12123 reminder.
    set_clock(&app, "17:12:00").await;
    app.wait_text("#hall-status", "即将截止", T).await;
    app.wait_text("#banner-title", "取号即将截止（17:30）", T)
        .await;
    app.wait_text("#banner-text", "交管12123", T).await;
    assert!(
        buttons_disabled(&app).await.iter().all(|d| !*d),
        "numbers are still issued at 17:12"
    );
    app.assert_fits("desk at 17:12", true).await;
    app.screenshot("schedule-desk-1712-reminder").await;

    app.click("#open-display").await;
    app.switch_to_window_with_url_containing("display.html")
        .await;
    app.set_window_size(1920, 1080).await;
    app.wait_for("body[data-ready='true']", T).await;
    app.wait_content("#status", "取号即将截止（17:30）", T)
        .await;
    app.wait_for("footer.notice.warn", T).await;
    app.wait_text("#notice", "交管12123", T).await;
    app.screenshot("schedule-display-1712-reminder").await;

    // 17:30: issuing is over; three people still hold a number: extended service.
    app.switch_to_main().await;
    set_clock(&app, "17:30:00").await;
    app.wait_text("#hall-status", "延时服务中 · 还有 3 人等候", T)
        .await;
    app.wait_for("#services[hidden]", T).await;
    app.wait_text("#guidance-text", "交管12123", T).await;
    app.wait_text("#guidance-status", "还有 3 人等候", T).await;
    app.wait_text("#guidance-next", "2026-12-01 08:50", T).await;
    let (code, text) = app
        .try_issue("A")
        .await
        .expect_err("no number after the cutoff");
    assert_eq!(code, "issuing_closed");
    assert_eq!(
        text,
        "当前不能取号（延时服务中），将于 2026-12-01 08:50 开放取号。"
    );
    app.wait_for("body", T).await.send_keys("1").await.unwrap();
    app.wait_text("#toast", "当前不能取号（延时服务中）", T)
        .await;
    // Each person told about the app is counted.
    app.click("#guided").await;
    app.wait_text("#guided-count", "今日已引导 1 人", T).await;
    app.click("#guided").await;
    app.wait_text("#guided-count", "今日已引导 2 人", T).await;
    app.wait_text("#total-guided", "2", T).await;
    app.assert_fits("desk at 17:30", true).await;
    app.screenshot("schedule-desk-1730-guidance").await;

    // Calling goes on from a counter window (window 3 handles A and B).
    app.click("#open-counter").await;
    app.switch_to_window_with_url_containing("counter.html")
        .await;
    app.set_window_size(1366, 768).await;
    app.wait_for("body[data-ready='true']", T).await;
    app.click(".counter-pick[data-number='3']").await;
    app.wait_text("#counter-name", "3号窗口", T).await;
    app.wait_text("#extended-line", "延时服务中 · 还有 3 人等候", T)
        .await;
    app.click("#btn-next").await;
    app.wait_text("#current-number", "A001", T).await;
    app.wait_text("#extended-line", "还有 2 人等候", T).await;
    app.assert_fits("counter in extended service", true).await;
    app.screenshot("schedule-counter-1730-extended").await;

    app.switch_to_window_with_url_containing("display.html")
        .await;
    app.wait_text("#current-number", "A001", T).await;
    app.wait_content("#status", "延时服务中 · 还有 2 人等候", T)
        .await;
    app.wait_for("#status.warn", T).await;
    app.wait_text("#notice", "今日取号已截止", T).await;
    app.screenshot("schedule-display-1730-extended").await;

    // Ending the day is refused while anyone holds a number, and says who.
    app.switch_to_main().await;
    confirm_end_day(&app).await;
    app.wait_text(
        "#toast",
        "2026-11-30 还有 3 人未办结：A001、A002、B001，不能结束这一天",
        T,
    )
    .await;
    app.screenshot("schedule-desk-end-refused").await;

    app.switch_to_window_with_url_containing("counter.html")
        .await;
    app.click("#btn-finish").await;
    app.wait_text("#current-number", "—", T).await;
    app.click("#btn-next").await;
    app.wait_text("#current-number", "A002", T).await;
    app.click("#btn-finish").await;
    app.wait_text("#current-number", "—", T).await;
    app.click("#btn-next").await;
    app.wait_text("#current-number", "B001", T).await;
    app.wait_text("#extended-line", "最后 1 人正在办理", T)
        .await;

    app.switch_to_main().await;
    confirm_end_day(&app).await;
    app.wait_text("#toast", "还有 1 人未办结：B001", T).await;

    app.switch_to_window_with_url_containing("counter.html")
        .await;
    app.click("#btn-finish").await;
    app.wait_text("#current-number", "—", T).await;
    app.wait_for("#extended-line[hidden]", T).await;
    app.wait_text("#hall-status", "今日已结束", T).await;

    // The last person is finished: the day ends, and the hall is closed for the day.
    app.switch_to_main().await;
    app.wait_text("#hall-status", "今日已结束", T).await;
    confirm_end_day(&app).await;
    app.wait_text(
        "#toast",
        "今日已结束：办结 3 人，其中延时服务 3 人；引导12123 2 人",
        T,
    )
    .await;
    let st = app
        .eval("return window.__TAURI__.core.invoke('hall_status');")
        .await;
    assert_eq!(st["status"], json!("closed_for_day"), "{st}");
    app.wait_text("#guidance-status", "今日已结束", T).await;
    app.assert_fits("desk after the day", true).await;
    app.screenshot("schedule-desk-day-ended").await;

    app.switch_to_window_with_url_containing("display.html")
        .await;
    app.wait_content("#status", "今日取号已截止", T).await;
    app.screenshot("schedule-display-day-ended").await;

    // The same day in English.
    app.switch_to_main().await;
    app.click("#lang").await;
    app.wait_text("#hall-status", "Closed for today", T).await;
    app.wait_text("#guidance-text", "12123", T).await;
    app.assert_fits("desk in English after the day", true).await;
    app.screenshot("schedule-desk-day-ended-en").await;
    app.stop().await;
}

/// A holiday-cn year file (the open data set's format), written for the test.
const HOLIDAYS_2027: &str = r#"{
  "$schema": "https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/schema.json",
  "year": 2027,
  "papers": [],
  "days": [
    { "name": "元旦", "date": "2027-01-01", "isOffDay": true },
    { "name": "春节", "date": "2027-02-06", "isOffDay": true },
    { "name": "春节", "date": "2027-02-07", "isOffDay": true },
    { "name": "春节", "date": "2027-02-08", "isOffDay": true },
    { "name": "春节", "date": "2027-02-14", "isOffDay": false }
  ]
}"#;

#[tokio::test]
async fn settings_edit_the_week_and_import_holidays() {
    let app = App::start(StartOptions {
        clock: Some(format!("{DAY}T10:00:00+08:00")),
        ..Default::default()
    })
    .await;
    let dir = app.data_dir().to_path_buf();
    let good = dir.join("holidays-2027.json");
    std::fs::write(&good, HOLIDAYS_2027).unwrap();
    let bad = dir.join("not-json.json");
    std::fs::write(&bad, "<html>not a holiday file</html>").unwrap();

    app.wait_for("body[data-ready='true']", T).await;
    app.click("#open-settings").await;
    app.switch_to_window_with_url_containing("settings.html")
        .await;
    app.enter_pin().await;
    app.set_window_size(1366, 768).await;
    app.wait_for("body[data-ready='true']", T).await;

    // 作息: the default week, Monday to Friday 09:00–12:00 and 13:30–17:30.
    app.click(".tab[data-tab='schedule']").await;
    app.wait_text("#sched-now", "正在办理", T).await;
    app.wait_text("#sched-now", "09:00–12:00、13:30–17:30", T)
        .await;
    let n = app
        .eval("return document.querySelectorAll(\"tr[data-day='mon'] .session\").length;")
        .await;
    assert_eq!(n, json!(2));
    app.wait_text("tr[data-day='sat']", "休息", T).await;

    // A wrong time is refused with a sentence, and nothing is saved.
    let set_time = |row: &str, nth: usize, value: &str| {
        format!(
            "const i = document.querySelectorAll(\"tr[data-day='{row}'] input.time\")[{nth}]; \
             i.value = '{value}'; i.dispatchEvent(new Event('input')); return true;"
        )
    };
    app.eval(&set_time("mon", 0, "25:00")).await;
    app.click("#save-schedule").await;
    app.wait_text(
        "#schedule-error",
        "周一：“25:00”不是 00:00 到 24:00 之间的时间。",
        T,
    )
    .await;
    app.eval(&set_time("mon", 0, "09:00")).await;
    app.eval(&set_time("mon", 1, "14:00")).await;
    app.click("#save-schedule").await;
    app.wait_text(
        "#schedule-error",
        "周一：时段 09:00-14:00 与 13:30-17:30 重叠或首尾相连，请分开。",
        T,
    )
    .await;
    app.screenshot("schedule-settings-week-error").await;
    let saved = app
        .eval("return window.__TAURI__.core.invoke('schedule_settings');")
        .await;
    assert_eq!(
        saved["week"]["mon"][0]["end"],
        json!("12:00"),
        "nothing was saved: {saved}"
    );

    // Fixed, and Saturday gets a morning: saved.
    app.eval(&set_time("mon", 1, "12:00")).await;
    app.click("tr[data-day='sat'] .add-session").await;
    app.eval(&set_time("sat", 1, "12:00")).await;
    app.click("#save-schedule").await;
    app.wait_for("#schedule-error[hidden]", T).await;
    app.wait_text("#toast", "已保存", T).await;
    let saved = app
        .eval("return window.__TAURI__.core.invoke('schedule_settings');")
        .await;
    assert_eq!(
        saved["week"]["sat"],
        json!([{ "start": "09:00", "end": "12:00" }]),
        "{saved}"
    );
    app.eval("document.querySelector('main.settings').scrollTop = 0; return true;")
        .await;
    app.screenshot("schedule-settings-week").await;

    // 节假日与调休: next year has no data yet, and settings says so.
    app.click(".tab[data-tab='exceptions']").await;
    app.wait_text("#coverage-warn", "尚未导入 2027 年节假日数据", T)
        .await;

    // A file that is not a holiday file is refused with a sentence.
    let file = app.wait_for("#holiday-file", T).await;
    file.send_keys(bad.to_str().unwrap()).await.unwrap();
    app.click("#import-holidays").await;
    app.wait_text("#import-error", "节假日文件无法导入：不是 JSON 文件", T)
        .await;

    let file = app.wait_for("#holiday-file", T).await;
    file.clear().await.ok();
    file.send_keys(good.to_str().unwrap()).await.unwrap();
    app.click("#import-holidays").await;
    app.wait_text(
        "#import-summary",
        "已导入 2027 年：闭厅 4 天，调休上班 1 天",
        T,
    )
    .await;
    app.wait_for("#import-error[hidden]", T).await;
    let warn = app
        .eval("return document.getElementById('coverage-warn').textContent;")
        .await;
    assert!(
        !warn.as_str().unwrap_or_default().contains("2027"),
        "the 2027 warning is gone: {warn}"
    );
    app.wait_text("tr[data-date='2027-02-14']", "调休上班", T)
        .await;

    // A manual exception beats the imported one on its date.
    app.eval(
        "document.getElementById('ex-date').value = '2027-01-01'; \
         const k = document.getElementById('ex-kind'); k.value = 'special_hours'; k.dispatchEvent(new Event('change')); \
         document.getElementById('ex-sessions').value = '09:00-12:00'; \
         document.getElementById('ex-name').value = '元旦值班'; return true;",
    )
    .await;
    app.click("#add-exception").await;
    app.wait_for(
        "tr[data-date='2027-01-01'][data-source='imported'].overridden",
        T,
    )
    .await;
    app.wait_text(
        "tr[data-date='2027-01-01'][data-source='manual']",
        "09:00–12:00",
        T,
    )
    .await;
    app.wait_text(
        "tr[data-date='2027-01-01'][data-source='imported']",
        "被手动设置覆盖",
        T,
    )
    .await;
    app.screenshot("schedule-settings-exceptions").await;
    app.stop().await;
}
