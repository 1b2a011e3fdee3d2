//! The hall core end to end, as staff meet it: numbers issued at the desk (one priority),
//! called from a counter window in the right order, finished, and the desk's waiting counts
//! following along; English switches every text on the desk, the ticket card included.
//! Screenshots of both screens at 1366×768.

use fantoccini::actions::InputSource;
use frontdesk_core::settings::HallSettings;
use frontdesk_e2e::{App, StartOptions};
use serde_json::Value;
use std::time::Duration;

const T: Duration = Duration::from_secs(15);
/// A Monday morning in Beijing, inside the morning session.
const MONDAY_MORNING: &str = "2026-11-30T09:00:00+08:00";

async fn waiting_on_button(app: &App, prefix: &str) -> String {
    app.wait_for(&format!(".service-btn[data-prefix='{prefix}'] .waiting"), T)
        .await
        .text()
        .await
        .unwrap()
}

/// Waits until the hall's clock has left the desk's double-click window since the newest
/// ticket, so that the next press counts as a new person. The tests' halls keep the default
/// window (the desk may not read the hall's settings).
async fn wait_past_double_click(app: &App) {
    let window_ms = HallSettings::default().double_click_ms;
    app.wait_js(
        "the double-click window has passed",
        &format!(
            r#"const inv = window.__TAURI__.core.invoke;
           return Promise.all([inv('snapshot'), inv('tickets_today', {{ status: 'waiting' }})])
             .then(([snap, waiting]) =>
               snap.now > Math.max(0, ...waiting.map((t) => t.issued_at)) + {window_ms});"#
        ),
        T,
    )
    .await;
}

/// Counts the page's backend calls in flight (`window.__inflight`), so a test can wait until
/// every call a click started has been answered.
const COUNT_CALLS: &str = r#"
    if (!window.__inflight) {
      const core = window.__TAURI__.core;
      const invoke = core.invoke;
      window.__inflight = 0;
      core.invoke = (...args) => {
        window.__inflight++;
        return invoke.apply(core, args).finally(() => { window.__inflight--; });
      };
    }
    return true;"#;

#[tokio::test]
async fn issue_at_the_desk_call_at_a_counter() {
    let app = App::start(StartOptions {
        clock: Some(MONDAY_MORNING.into()),
        ..Default::default()
    })
    .await;
    app.set_window_size(1366, 768).await;
    app.wait_for("body[data-ready='true']", T).await;
    app.wait_text(".service-btn[data-prefix='A'] .name", "交通违法处理", T)
        .await;
    assert_eq!(waiting_on_button(&app, "A").await, "等候 0 人");

    // Three tickets: ordinary, priority, ordinary.
    app.click(".service-btn[data-prefix='A']").await;
    app.wait_text("#ticket-number", "A001", T).await;
    app.click("#priority").await;
    app.click(".service-btn[data-prefix='A']").await;
    app.wait_text("#ticket-number", "A002", T).await;
    app.wait_text("#ticket-service", "优先", T).await;
    app.wait_text("#ticket-ahead", "前面还有 0 人", T).await; // priority goes first
                                                              // A second press of the same button within 1.5 s counts as a double click.
    wait_past_double_click(&app).await;
    app.click(".service-btn[data-prefix='A']").await;
    app.wait_text("#ticket-number", "A003", T).await;
    app.wait_text("#ticket-ahead", "前面还有 2 人", T).await;
    app.wait_text(".service-btn[data-prefix='A'] .waiting", "等候 3 人", T)
        .await;
    app.wait_text("#total-issued", "3", T).await;
    app.assert_fits("desk", true).await;
    app.screenshot("desk-1366x768").await;

    // A double click issues one ticket, not two.
    app.eval(COUNT_CALLS).await;
    // The tiles are updated in place on every event, never rebuilt: a press whose button was
    // replaced before the finger lifted would be lost.
    app.eval(
        "window.__tileB = document.querySelector(\".service-btn[data-prefix='B']\"); return true;",
    )
    .await;
    let btn = app.wait_for(".service-btn[data-prefix='B']", T).await;
    app.client
        .perform_actions(
            fantoccini::actions::MouseActions::new("mouse".into())
                .then(fantoccini::actions::PointerAction::MoveToElement {
                    element: btn.clone(),
                    duration: None,
                    x: 10.0,
                    y: 10.0,
                })
                .then(fantoccini::actions::PointerAction::Down {
                    button: fantoccini::actions::MOUSE_BUTTON_LEFT,
                })
                .then(fantoccini::actions::PointerAction::Up {
                    button: fantoccini::actions::MOUSE_BUTTON_LEFT,
                })
                .then(fantoccini::actions::PointerAction::Down {
                    button: fantoccini::actions::MOUSE_BUTTON_LEFT,
                })
                .then(fantoccini::actions::PointerAction::Up {
                    button: fantoccini::actions::MOUSE_BUTTON_LEFT,
                }),
        )
        .await
        .unwrap();
    app.wait_text("#ticket-number", "B001", T).await;
    app.wait_text(".service-btn[data-prefix='B'] .waiting", "等候 1 人", T)
        .await;
    assert_eq!(
        app.eval(
            "return document.querySelector(\".service-btn[data-prefix='B']\") === window.__tileB;"
        )
        .await,
        Value::Bool(true),
        "the B tile is the same element after the events of its issue"
    );
    // Both clicks were dispatched when the actions returned: once no call is in flight, a
    // second ticket, had the double click made one, is in the core.
    app.wait_js(
        "the double click's calls are answered",
        "return window.__inflight === 0;",
        T,
    )
    .await;
    let b_waiting = app
        .eval(
            "return window.__TAURI__.core.invoke('tickets_today', { status: 'waiting' })\
               .then((ts) => ts.filter((t) => t.prefix === 'B').length);",
        )
        .await;
    assert_eq!(b_waiting, 1, "a double click issues one ticket");
    app.wait_text(".service-btn[data-prefix='B'] .waiting", "等候 1 人", T)
        .await;
    assert_eq!(
        app.wait_for("#total-issued", T).await.text().await.unwrap(),
        "4"
    );

    // A counter window: window 2 handles service A.
    app.click("#open-counter").await;
    app.switch_to_window_with_url_containing("counter.html")
        .await;
    app.set_window_size(1366, 768).await;
    app.wait_for("body[data-ready='true']", T).await;
    app.click(".counter-pick[data-number='2']").await;
    app.wait_text("#counter-name", "2号窗口", T).await;
    app.wait_text("#waiting-count", "等候 3 人", T).await;

    // Priority first, then first come first served.
    app.click("#btn-next").await;
    app.wait_text("#current-number", "A002", T).await;
    app.wait_text("#current-service", "优先", T).await;
    app.assert_fits("counter", true).await;
    app.screenshot("counter-1366x768").await;

    app.switch_to_main().await;
    app.wait_text(".service-btn[data-prefix='A'] .waiting", "等候 2 人", T)
        .await;

    app.switch_to_window_with_url_containing("counter.html")
        .await;
    // The keyboard works as shown on the buttons: F1 calls the next person.
    app.wait_for("body", T)
        .await
        .send_keys(&char::from(fantoccini::key::Key::F1).to_string())
        .await
        .unwrap();
    app.wait_text("#current-number", "A001", T).await;
    app.click("#btn-next").await;
    app.wait_text("#current-number", "A003", T).await;
    app.wait_text("#served-today", "今日已办 2 人", T).await;
    app.click("#btn-finish").await;
    app.wait_text("#current-number", "—", T).await;
    app.wait_text("#served-today", "今日已办 3 人", T).await;
    app.wait_text("#waiting-list", "当前无人等候", T).await;

    // A mistake gets a sentence in Chinese, and changes nothing.
    app.click("#btn-call-number").await;
    let input = app.wait_for("#number-input", T).await;
    input.send_keys("Z999").await.unwrap();
    app.click("#number-ok").await;
    app.wait_text("#toast", "今天没有 Z999 号", T).await;

    // Back at the desk: A is empty, the total served follows.
    app.switch_to_main().await;
    app.wait_text(".service-btn[data-prefix='A'] .waiting", "等候 0 人", T)
        .await;
    app.wait_text("#total-served", "3", T).await;
    app.wait_text("#total-waiting", "1", T).await;

    // English is one click away, in every window.
    app.click("#lang").await;
    app.wait_text("#title", "Front desk", T).await;
    app.wait_text(
        ".service-btn[data-prefix='A'] .name",
        "Traffic violations",
        T,
    )
    .await;
    // The ticket card follows as well: B001's service and every line of it.
    app.wait_text("#ticket-number", "B001", T).await;
    app.wait_text("#ticket-service", "Driving licences", T)
        .await;
    app.wait_text("#ticket-ahead", "0 people ahead", T).await;
    app.wait_text("#ticket-wait", "Estimated wait about", T)
        .await;
    app.wait_text("#ticket-time", "Issued at", T).await;
    app.wait_text("#reprint", "Reprint", T).await;
    let chinese = app
        .eval(
            r#"return [...document.querySelectorAll('#ticket *')]
              .filter((e) => e.id !== 'ticket-hall' && e.children.length === 0)
              .map((e) => e.textContent)
              .filter((s) => /[\u3400-\u9fff]/.test(s));"#,
        )
        .await;
    assert_eq!(chinese, serde_json::json!([]), "Chinese left on the card");
    app.assert_fits("desk in English", true).await;
    app.screenshot("desk-en-1366x768").await;
    app.stop().await;
}

#[tokio::test]
async fn two_counter_windows_never_get_the_same_ticket() {
    let app = App::start(StartOptions {
        clock: Some(MONDAY_MORNING.into()),
        ..Default::default()
    })
    .await;
    app.wait_for("body[data-ready='true']", T).await;
    for i in 1..=6 {
        // Past the double-click guard: a new person each time.
        app.click(".service-btn[data-prefix='A']").await;
        app.wait_text("#ticket-number", &format!("A{i:03}"), T)
            .await;
        wait_past_double_click(&app).await;
    }
    app.wait_text(".service-btn[data-prefix='A'] .waiting", "等候 6 人", T)
        .await;
    // Two counter windows (1 and 2 both handle A) press "next" at the same instant.
    app.click("#open-counter").await;
    app.click("#open-counter").await;
    let mut labels = Vec::new();
    for number in [1, 2] {
        app.switch_to_window_with_url_containing("counter.html")
            .await;
        // Pick the window still showing the picker.
        let handles = app.client.windows().await.unwrap();
        for h in handles {
            app.client.switch_to_window(h.clone()).await.unwrap();
            let url = app.client.current_url().await.unwrap();
            let picking = app
                .eval("return !!document.querySelector('#pick:not([hidden])')")
                .await;
            if url.as_str().contains("counter.html") && picking == Value::Bool(true) {
                app.wait_for("body[data-ready='true']", T).await;
                app.click(&format!(".counter-pick[data-number='{number}']"))
                    .await;
                app.wait_text("#counter-name", &format!("{number}号窗口"), T)
                    .await;
                labels.push(h);
                break;
            }
        }
    }
    assert_eq!(labels.len(), 2);
    // Fire both calls from one window's script at once: the same instant, two counters.
    let ids = app
        .eval(
            r#"
        return (async () => {
        const inv = window.__TAURI__.core.invoke;
        const counters = (await inv('snapshot')).counters;
        const [c1, c2] = [1, 2].map((n) => counters.find((c) => c.number === n).id);
        const rounds = [];
        for (let i = 0; i < 3; i++) {
          const [a, b] = await Promise.all([inv('call_next', { counterId: c1 }), inv('call_next', { counterId: c2 })]);
          rounds.push(a.called.number, b.called.number);
        }
        return rounds;
        })();"#,
        )
        .await;
    let mut numbers: Vec<String> = ids
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    numbers.sort();
    assert_eq!(numbers, ["A001", "A002", "A003", "A004", "A005", "A006"]);
    app.stop().await;
}
