//! The screens' dialogs from the keyboard, and what they say (issue 14): the counter's pause
//! takes a typed reason and Enter; a transfer asks, is confirmed, and says where the ticket
//! went (a closed window is marked); a clerk closes a window, settling the ticket it holds;
//! settings keeps an unsaved new row's text through a second 新增, drops a row never saved,
//! and refuses a decimal naming the field.

use fantoccini::key::Key;
use frontdesk_e2e::{App, StartOptions};
use serde_json::Value;
use std::time::Duration;

const T: Duration = Duration::from_secs(15);
const MONDAY_MORNING: &str = "2026-11-30T09:00:00+08:00";

/// Types into whatever has the keyboard focus, as a person at the keyboard would.
async fn type_keys(app: &App, keys: &str) {
    app.client
        .active_element()
        .await
        .expect("an element has the focus")
        .send_keys(keys)
        .await
        .expect("typing");
}

fn key(k: Key) -> String {
    char::from(k).to_string()
}

async fn focused_id(app: &App) -> Value {
    app.eval("return document.activeElement && document.activeElement.id")
        .await
}

async fn open_counter(app: &App, number: u32) {
    app.switch_to_main().await;
    app.click("#open-counter").await;
    app.switch_to_window_with_url_containing("counter.html")
        .await;
    app.set_window_size(1366, 768).await;
    app.wait_for("body[data-ready='true']", T).await;
    app.click(&format!(".counter-pick[data-number='{number}']"))
        .await;
    app.wait_text("#counter-name", &format!("{number}号窗口"), T)
        .await;
}

#[tokio::test]
async fn counter_dialogs_work_from_the_keyboard_and_say_what_they_did() {
    let app = App::start(StartOptions {
        clock: Some(MONDAY_MORNING.into()),
        ..Default::default()
    })
    .await;
    app.wait_for("body[data-ready='true']", T).await;
    app.issue_all(&["A", "A", "A"]).await;
    open_counter(&app, 2).await;
    let body = app.wait_for("body", T).await;

    // 暂停 (F7): the reason box has the focus; typed text and Enter pause with that reason.
    body.send_keys(&key(Key::F7)).await.unwrap();
    app.wait_for("#pause-dlg[open]", T).await;
    assert_eq!(focused_id(&app).await, Value::String("pause-input".into()));
    type_keys(&app, "去复印材料").await;
    type_keys(&app, &key(Key::Enter)).await;
    app.wait_text("#counter-state", "暂停服务 · 去复印材料", T)
        .await;
    app.wait_text("#toast", "已暂停服务：去复印材料", T).await;
    // A preset fills the box and leaves the focus there; Esc cancels (still paused).
    body.send_keys(&key(Key::F7)).await.unwrap(); // F7 on a paused counter resumes
    app.wait_text("#counter-state", "正在叫号", T).await;
    app.wait_text("#toast", "已恢复叫号", T).await;
    body.send_keys(&key(Key::F7)).await.unwrap();
    app.wait_for("#pause-dlg[open]", T).await;
    app.click("#pause-reasons button").await;
    assert_eq!(focused_id(&app).await, Value::String("pause-input".into()));
    type_keys(&app, &key(Key::Escape)).await;
    app.wait_for("#pause-dlg:not([open])", T).await;
    app.wait_text("#counter-state", "正在叫号", T).await;

    // 转办 (F5): Enter on a choice only chooses it; the dialog says what will happen, and
    // the second Enter (on 确认转办) transfers; a message says where the ticket went.
    body.send_keys(&key(Key::F1)).await.unwrap();
    app.wait_text("#current-number", "A001", T).await;
    body.send_keys(&key(Key::F5)).await.unwrap();
    app.wait_for("#transfer-dlg[open]", T).await;
    // Windows that are not open are marked (window 2 is the only one open).
    let marks = app
        .eval(
            "return [...document.querySelectorAll('#transfer-counters button')]
               .map((b) => [b.dataset.state, b.textContent.includes('未开放')]);",
        )
        .await;
    let marks = marks.as_array().unwrap();
    assert!(!marks.is_empty());
    assert!(
        marks.iter().all(|m| (m[0] == "closed") == (m[1] == true)),
        "closed windows are marked: {marks:?}"
    );
    let first = app.eval("return document.activeElement.textContent").await;
    type_keys(&app, &key(Key::Enter)).await;
    app.wait_text("#transfer-chosen", "将 A001 号转到", T).await;
    assert_eq!(focused_id(&app).await, Value::String("transfer-ok".into()));
    assert_eq!(
        app.wait_for("#current-number", T)
            .await
            .text()
            .await
            .unwrap(),
        "A001",
        "nothing is transferred before it is confirmed"
    );
    type_keys(&app, &key(Key::Enter)).await;
    app.wait_text(
        "#toast",
        &format!("A001 号已转到 {}", first.as_str().unwrap()),
        T,
    )
    .await;
    app.wait_text("#current-number", "—", T).await;
    // Esc cancels a transfer: the ticket stays.
    body.send_keys(&key(Key::F1)).await.unwrap();
    app.wait_text("#current-number", "A002", T).await;
    body.send_keys(&key(Key::F5)).await.unwrap();
    app.wait_for("#transfer-dlg[open]", T).await;
    type_keys(&app, &key(Key::Escape)).await;
    app.wait_for("#transfer-dlg:not([open])", T).await;
    app.wait_text("#current-number", "A002", T).await;

    // 下班关闭 while A002 is called: the window asks what to do with it; "back to the
    // queue" keeps its place, then the window closes and the picker shows it closed.
    app.click("#close-counter").await;
    app.wait_for("#held-dlg[open]", T).await;
    app.wait_text("#held-title", "2号窗口 正在办理 A002 号", T)
        .await;
    assert_eq!(focused_id(&app).await, Value::String("held-finish".into()));
    app.click("#held-requeue").await;
    app.wait_text("#toast", "2号窗口 已关闭", T).await;
    app.wait_js(
        "window 2 shows closed in the picker",
        "const p = document.querySelector(\".counter-pick[data-number='2'] .pill\");
         return !!p && p.textContent.includes('未开放');",
        T,
    )
    .await;
    app.screenshot("screens-counter-closed").await;
    // Back at window 1 the returned A002 is first in line, before A003.
    app.click(".counter-pick[data-number='1']").await;
    app.wait_text("#counter-name", "1号窗口", T).await;
    app.click("#btn-next").await;
    app.wait_text("#current-number", "A002", T).await;
    // 切换窗口 asks too; Esc keeps everything as it was.
    app.click("#switch").await;
    app.wait_for("#held-dlg[open]", T).await;
    type_keys(&app, &key(Key::Escape)).await;
    app.wait_for("#held-dlg:not([open])", T).await;
    app.wait_text("#current-number", "A002", T).await;
    app.stop().await;
}

#[tokio::test]
async fn settings_keeps_new_rows_and_names_the_field_of_a_decimal() {
    let app = App::start(StartOptions {
        clock: Some(MONDAY_MORNING.into()),
        ..Default::default()
    })
    .await;
    app.wait_for("body[data-ready='true']", T).await;
    app.click("#open-settings").await;
    app.switch_to_window_with_url_containing("settings.html")
        .await;
    app.enter_pin().await;
    app.set_window_size(1366, 768).await;
    app.wait_for("body[data-ready='true']", T).await;

    // 新增 twice: the first new row keeps what was typed.
    app.click("#add-service").await;
    type_keys(&app, "E").await; // the focus is in the new row's prefix
    app.client
        .find(fantoccini::Locator::Css(
            "#services-body tr.unsaved td:nth-child(2) input",
        ))
        .await
        .unwrap()
        .send_keys("出入境证件")
        .await
        .unwrap();
    app.click("#add-service").await;
    let rows = app
        .eval(
            "return [...document.querySelectorAll('#services-body tr.unsaved')]
               .map((tr) => [...tr.querySelectorAll('input')].slice(0, 2).map((i) => i.value));",
        )
        .await;
    assert_eq!(rows, serde_json::json!([["E", "出入境证件"], ["", ""]]));

    // A decimal is refused with the field named, in both languages; nothing is saved.
    app.eval(
        "const i = document.querySelector('#services-body tr.unsaved td:nth-child(5) input');
         i.value = '7.5'; i.dispatchEvent(new Event('input'));",
    )
    .await;
    app.click("#services-body tr.unsaved button.primary").await;
    app.wait_text("#toast", "每人分钟须为整数", T).await;
    app.screenshot("screens-settings-decimal").await;
    app.click("#lang").await;
    app.wait_for("html[lang='en']", T).await;
    app.click("#services-body tr.unsaved button.primary").await;
    app.wait_text("#toast", "The minutes per person must be a whole number", T)
        .await;
    let saved = app
        .eval("return window.__TAURI__.core.invoke('services').then((s) => s.length);")
        .await;
    assert_eq!(saved, Value::from(4), "nothing saved");
    // The empty second row, never saved, can be dropped.
    app.click("#services-body tr.unsaved:last-child [data-action='drop']")
        .await;
    let left = app
        .eval("return document.querySelectorAll('#services-body tr.unsaved').length")
        .await;
    assert_eq!(left, Value::from(1));
    // The hall tab: 2.5 calls before a no-show.
    app.click(".tab[data-tab='hall']").await;
    let type_decimal =
        "document.querySelector('#hall-form input[name=calls_before_no_show]').value = '2.5';";
    app.eval(type_decimal).await;
    app.click("#hall-form button.primary").await;
    app.wait_text("#toast", "calls before no-show must be a whole number", T)
        .await;
    app.click("#lang").await;
    app.wait_for("html[lang='zh-CN']", T).await;
    app.eval(type_decimal).await; // the form was drawn anew in Chinese
    app.click("#hall-form button.primary").await;
    app.wait_text("#toast", "呼叫几次后可过号须为整数", T).await;
    app.stop().await;
}
