//! One process per data folder: a second `Hall::open` on the same folder, in this process or
//! in another one, is refused with `data_folder_in_use` while the first hall is open, and
//! works again once it is closed.

use crate::common::*;
use frontdesk_core::{Error, SystemClock};
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

/// Tells the child which folder to open; without it `open_child` does nothing.
const DIR_VAR: &str = "FRONTDESK_OPEN_DIR";

/// The child: opens the folder and prints `OPENED` or `REFUSED <code> <params>`.
#[test]
#[ignore = "the child process of a_second_process_on_the_folder_is_refused"]
fn open_child() {
    let Some(dir) = std::env::var_os(DIR_VAR) else {
        return;
    };
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        match frontdesk_testing::open_hall(Path::new(&dir), Arc::new(SystemClock)).await {
            Ok(_) => println!("OPENED"),
            Err(e) => println!("REFUSED {} {}", e.code(), e.params()),
        }
    });
}

/// What the child said when it tried to open `dir`.
fn open_in_child(dir: &Path) -> String {
    let path = concat!(module_path!(), "::open_child");
    let name = path.split_once("::").map_or(path, |(_crate, rest)| rest);
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            name,
            "--nocapture",
            "--ignored",
            "--test-threads=1",
        ])
        .env(DIR_VAR, dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "the child failed: {out:?}");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.lines()
        .find_map(|l| {
            l.find("OPENED")
                .or_else(|| l.find("REFUSED"))
                .map(|i| l[i..].to_string())
        })
        .unwrap_or_else(|| panic!("the child said nothing: {text}"))
}

#[tokio::test]
async fn a_second_open_in_this_process_is_refused_until_the_first_closes() {
    let h = hall().await;
    let Err(err) = frontdesk_testing::open_hall(h.dir.path(), h.clock.clone()).await else {
        panic!("a second open of the folder succeeded");
    };
    match &err {
        Error::DataFolderInUse { folder, pid } => {
            assert_eq!(folder, &h.dir.path().display().to_string());
            assert_eq!(*pid, std::process::id(), "the holder's process id is named");
        }
        other => panic!("expected data_folder_in_use, got {other:?}"),
    }
    assert_eq!(err.code(), "data_folder_in_use");
    // The refused open wrote nothing and left the first hall working.
    h.issue("A", false).await;
    let dir = h.dir;
    drop(h.hall);
    let again = frontdesk_testing::open_hall(dir.path(), h.clock.clone())
        .await
        .unwrap();
    let tickets: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tickets")
        .fetch_one(again.pool())
        .await
        .unwrap();
    assert_eq!(tickets, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_process_on_the_folder_is_refused() {
    let h = hall().await;
    let dir = h.dir.path().to_path_buf();
    let said = tokio::task::spawn_blocking({
        let dir = dir.clone();
        move || open_in_child(&dir)
    })
    .await
    .unwrap();
    assert!(
        said.starts_with("REFUSED data_folder_in_use"),
        "while this process holds the folder: {said}"
    );
    assert!(
        said.contains(&format!("\"pid\":{}", std::process::id())),
        "{said}"
    );
    drop(h.hall);
    let said = tokio::task::spawn_blocking(move || open_in_child(&dir))
        .await
        .unwrap();
    assert_eq!(said, "OPENED", "once the first hall is closed");
}
