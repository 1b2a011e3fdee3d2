//! The app starts, its desk window shows the title in Chinese, and a screenshot is taken.

use frontdesk_e2e::{App, StartOptions};
use std::time::Duration;

#[tokio::test]
async fn desk_window_shows_title() {
    let app = App::start(StartOptions::default()).await;
    let title = app
        .wait_text("#title", "取号台", Duration::from_secs(15))
        .await;
    assert!(title.contains("取号台"), "title: {title:?}");
    let png = app.screenshot("smoke-desk").await;
    let bytes = std::fs::read(&png).expect("screenshot written");
    assert!(
        bytes.starts_with(b"\x89PNG"),
        "{} is not a PNG",
        png.display()
    );
    app.stop().await;
}
