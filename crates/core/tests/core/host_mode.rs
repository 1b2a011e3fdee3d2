//! Host mode (设置 → 网络): off with port 8426 on a fresh install, saved and read back, and a
//! port the PC could not open without administrator rights is refused and changes nothing.

use crate::common::*;
use frontdesk_core::host_mode::{HostSettings, DEFAULT_PORT};
use frontdesk_core::Error;

#[tokio::test]
async fn a_fresh_install_does_not_serve_the_network() {
    let h = hall().await;
    let s = h.hall.host_settings().await.unwrap();
    assert!(!s.enabled);
    assert_eq!(s.port, DEFAULT_PORT);
    assert_eq!(DEFAULT_PORT, 8426);
}

#[tokio::test]
async fn host_mode_is_kept_across_a_restart() {
    let h = hall().await;
    let on = HostSettings {
        enabled: true,
        port: 9100,
    };
    assert_eq!(
        h.hall
            .save_host_settings(&staff(&h.hall).await, on.clone())
            .await
            .unwrap(),
        on
    );
    let dir = h.dir.path().to_path_buf();
    let clock = h.clock.clone();
    drop(h.hall);
    let reopened = frontdesk_testing::open_hall(&dir, clock).await.unwrap();
    assert_eq!(reopened.host_settings().await.unwrap(), on);
}

#[tokio::test]
async fn a_privileged_port_is_refused_and_nothing_changes() {
    let h = hall().await;
    for port in [0, 80, 1023] {
        let err = h
            .hall
            .save_host_settings(
                &staff(&h.hall).await,
                HostSettings {
                    enabled: true,
                    port,
                },
            )
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::OutOfRange { field: "port", .. }),
            "{port}: {err:?}"
        );
    }
    assert_eq!(
        h.hall.host_settings().await.unwrap(),
        HostSettings::default()
    );
}
