//! 延时服务 past midnight, end to end: three people take a number at 17:29 on Monday
//! 2026-11-30 and are still waiting when the app's clock passes 00:00. The desk, window 3
//! and the display keep showing them (tagged 昨日) in extended service, window 3 calls them
//! after midnight, ending the day names who still waits, and on Tuesday morning the new
//! A001 and A002 come after them; calling "A002" (held on both days) asks which day.
//! Screenshots: desk and counter 1366×768, display 1920×1080.

use frontdesk_e2e::{App, StartOptions};
use std::time::Duration;

const T: Duration = Duration::from_secs(15);

async fn confirm_end_day(app: &App) {
    app.click("#end-day").await;
    app.wait_for("dialog#confirm[open]", T).await;
    app.click("#confirm-ok").await;
}

#[tokio::test]
async fn people_waiting_at_midnight_are_shown_and_called_on_every_screen() {
    let app = App::start(StartOptions {
        clock: Some("2026-11-30T17:29:00+08:00".into()),
        ..Default::default()
    })
    .await;
    app.set_window_size(1366, 768).await;
    app.wait_for("body[data-ready='true']", T).await;
    for (prefix, number) in [("A", "A001"), ("A", "A002"), ("B", "B001")] {
        assert_eq!(app.try_issue(prefix).await, Ok(number.into()));
    }

    app.click("#open-display").await;
    app.switch_to_window_with_url_containing("display.html")
        .await;
    app.set_window_size(1920, 1080).await;
    app.wait_for("body[data-ready='true']", T).await;

    app.switch_to_main().await;
    app.click("#open-counter").await;
    app.switch_to_window_with_url_containing("counter.html")
        .await;
    app.set_window_size(1366, 768).await;
    app.wait_for("body[data-ready='true']", T).await;
    app.click(".counter-pick[data-number='3']").await; // A and B
    app.wait_text("#counter-name", "3号窗口", T).await;

    // 23:59: extended service, three waiting, nothing tagged yet.
    app.set_test_clock("2026-11-30T23:59:00+08:00").await;
    app.wait_text("#extended-line", "延时服务中 · 还有 3 人等候", T)
        .await;
    let tags = app
        .eval("return document.querySelectorAll('#waiting-list .day-tag').length;")
        .await;
    assert_eq!(
        tags,
        serde_json::json!(0),
        "Monday's own numbers carry no tag"
    );

    // 00:00:00 Tuesday: the three are still in the hall, tagged 昨日 on every screen.
    app.set_test_clock("2026-12-01T00:00:00+08:00").await;
    app.wait_text("#extended-line", "还有 3 人等候 · 含昨日 3 人", T)
        .await;
    app.wait_text("#waiting-list li[data-number='A001']", "昨日", T)
        .await;
    app.wait_text("#waiting-list li[data-number='B001']", "昨日", T)
        .await;
    app.switch_to_main().await;
    app.wait_text("#hall-status", "延时服务中 · 还有 3 人等候", T)
        .await;
    app.wait_text("#recent li[data-number='A002']", "昨日", T)
        .await;
    app.switch_to_window_with_url_containing("display.html")
        .await;
    app.wait_content("#status", "延时服务中 · 还有 3 人等候", T)
        .await;
    app.wait_content(".q[data-prefix='A'] b", "2", T).await;

    // 00:05: window 3 calls next: Monday's A001, on the counter and on the display.
    app.switch_to_window_with_url_containing("counter.html")
        .await;
    app.set_test_clock("2026-12-01T00:05:00+08:00").await;
    app.wait_text("#extended-line", "含昨日 3 人", T).await;
    app.click("#btn-next").await;
    app.wait_text("#current-number", "A001", T).await;
    app.wait_text("#current-day", "昨日", T).await;
    app.wait_text("#extended-line", "还有 2 人等候 · 含昨日 2 人", T)
        .await;
    app.assert_fits("counter after midnight", true).await;
    app.screenshot("midnight-counter-0005").await;

    app.switch_to_window_with_url_containing("display.html")
        .await;
    app.wait_text("#current-number", "A001", T).await;
    app.wait_text("#current-day", "昨日", T).await;
    app.wait_text("#recent li[data-number='A001']", "昨日", T)
        .await;
    app.wait_content("#status", "延时服务中 · 还有 2 人等候", T)
        .await;
    app.screenshot("midnight-display-0005").await;

    // Ending the day after midnight ends Monday, and is refused while its people wait.
    app.switch_to_main().await;
    confirm_end_day(&app).await;
    app.wait_text("#toast", "2026-11-30 还有 3 人未办结：A001、A002、B001", T)
        .await;
    app.assert_fits("desk after midnight", true).await;
    app.screenshot("midnight-desk-0005").await;

    // 08:50 Tuesday: issuing opens, numbers start again at A001; Monday's A002 and B001
    // still wait ahead of them.
    app.set_test_clock("2026-12-01T08:50:00+08:00").await;
    app.wait_text("#hall-status", "提前开放", T).await;
    app.click(".service-btn[data-prefix='A']").await;
    app.wait_text("#ticket-number", "A001", T).await;
    app.wait_text("#ticket-ahead", "前面还有 1 人", T).await;
    assert_eq!(app.try_issue("A").await, Ok("A002".into()));
    app.wait_text("#recent li[data-number='B001']", "昨日", T)
        .await;
    app.screenshot("midnight-desk-0850").await;

    // Window 3: "A002" is held on both days, so the counter asks which one.
    app.switch_to_window_with_url_containing("counter.html")
        .await;
    app.wait_text("#waiting-list", "A002", T).await;
    app.click("#btn-call-number").await;
    let input = app.wait_for("#number-input", T).await;
    input.send_keys("A002").await.unwrap();
    app.click("#number-ok").await;
    app.wait_for("#number-days:not([hidden])", T).await;
    app.wait_text("#number-days-text", "A002 在两天都有人持号", T)
        .await;
    app.wait_text(
        "#number-days-grid button[data-day='2026-11-30']",
        "昨日 A002",
        T,
    )
    .await;
    app.wait_text(
        "#number-days-grid button[data-day='2026-12-01']",
        "今日 A002",
        T,
    )
    .await;
    app.screenshot("midnight-counter-choose-day").await;
    app.click("#number-days-grid button[data-day='2026-11-30']")
        .await;
    app.wait_text("#current-number", "A002", T).await;
    app.wait_text("#current-day", "昨日", T).await;

    // Call next: Monday's B001 first, then Tuesday's A001 (no tag).
    app.click("#btn-next").await;
    app.wait_text("#current-number", "B001", T).await;
    app.wait_text("#current-day", "昨日", T).await;
    app.click("#btn-next").await;
    app.wait_text("#current-number", "A001", T).await;
    app.wait_for("#current-day[hidden]", T).await;
    app.screenshot("midnight-counter-0850").await;

    app.switch_to_window_with_url_containing("display.html")
        .await;
    app.wait_text("#current-number", "A001", T).await;
    app.wait_for("#current-day[hidden]", T).await;
    app.wait_text("#recent li[data-number='B001']", "昨日", T)
        .await;
    app.screenshot("midnight-display-0850").await;

    // Monday is over: everyone of it was served, and its record counts them.
    app.switch_to_main().await;
    let rec = app
        .eval("return window.__TAURI__.core.invoke('day_record', { date: '2026-11-30' });")
        .await;
    assert_eq!(
        (rec["issued"].as_i64(), rec["served"].as_i64()),
        (Some(3), Some(3)),
        "{rec}"
    );
    app.stop().await;
}
