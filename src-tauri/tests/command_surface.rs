//! One command surface: `frontdesk_core::ops::OPS` is the list of operations. build.rs
//! derives the app's commands and handler list from it; this test holds the rest equal to
//! it. The capability files allow only operations and every operation is allowed to some
//! window. Each capability file grants exactly what the screens of its windows use: the
//! operations and Tauri core permissions the JS of the page each window loads (`SCREENS`)
//! really calls (read by `screen_js`), nothing it does not, and nothing missing. No screen
//! names an operation at run time.

#[path = "../ops_names.rs"]
mod ops_names;
#[path = "command_surface/screen_js.rs"]
mod screen_js;

use frontdesk_core::ops::OPS;
use frontdesk_lib::SCREENS;
use screen_js::{Need, Needs, Ui};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src_tauri() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn ui() -> Ui {
    Ui::read(&src_tauri().join("../ui")).unwrap_or_else(|e| panic!("{e}"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn op_names() -> BTreeSet<&'static str> {
    OPS.iter().map(|o| o.name).collect()
}

/// A capability file: the windows it is for and the permissions it grants.
struct Capability {
    windows: Vec<String>,
    permissions: BTreeSet<String>,
}

impl Capability {
    fn read(path: &Path) -> (String, Capability) {
        let cap: Value = serde_json::from_str(&read(path)).expect("capability JSON");
        let strings = |key: &str| -> Vec<String> {
            cap[key]
                .as_array()
                .unwrap_or_else(|| panic!("{}: no {key}", path.display()))
                .iter()
                .map(|v| v.as_str().expect("a string").to_string())
                .collect()
        };
        let id = cap["identifier"].as_str().expect("identifier").to_string();
        let permissions = strings("permissions").into_iter().collect();
        let windows = strings("windows");
        (
            id,
            Capability {
                windows,
                permissions,
            },
        )
    }

    /// The operations it allows (`allow-call-next` is `call_next`).
    fn operations(&self) -> BTreeSet<String> {
        self.permissions
            .iter()
            .filter_map(|p| p.strip_prefix("allow-"))
            .map(|p| p.replace('-', "_"))
            .collect()
    }
}

/// Every file of capabilities/ (granted in every build), by identifier.
fn capabilities() -> BTreeMap<String, Capability> {
    let dir = src_tauri().join("capabilities");
    let mut all = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).expect("capabilities dir") {
        let path = entry.expect("dir entry").path();
        if path.extension().is_some_and(|e| e == "json") {
            let (id, cap) = Capability::read(&path);
            all.insert(id, cap);
        }
    }
    all
}

/// The end-to-end tests' switches, granted at run time in a test build's test mode only
/// (src-tauri/src/lib.rs `TEST_SWITCHES`).
fn test_switches() -> Capability {
    Capability::read(&src_tauri().join("test-capabilities/test-switches.json")).1
}

/// What a capability file grants that its screens do not use (a), and what they call that
/// it does not grant (b): one sentence each.
fn mismatches(id: &str, cap: &Capability, pages: &[&str], needs: &Needs) -> Vec<String> {
    let needed: BTreeMap<String, &BTreeSet<String>> =
        needs.iter().map(|(n, at)| (n.permission(), at)).collect();
    let mut out = Vec::new();
    for p in &cap.permissions {
        if !needed.contains_key(p) {
            out.push(format!(
                "capabilities/{id}.json grants `{p}`, which no screen of its windows ({}) uses: remove it",
                pages.join(", ")
            ));
        }
    }
    for (p, at) in &needed {
        if !cap.permissions.contains(p) {
            let at: Vec<&str> = at.iter().map(String::as_str).collect();
            out.push(format!(
                "{} needs `{p}` ({}), which capabilities/{id}.json does not grant: add it",
                pages.join(", "),
                at.join("; ")
            ));
        }
    }
    out
}

/// The page each window of `cap` loads.
fn pages_of(id: &str, cap: &Capability) -> Vec<&'static str> {
    cap.windows
        .iter()
        .map(|w| {
            SCREENS
                .iter()
                .find(|s| s.label == w.as_str())
                .unwrap_or_else(|| {
                    panic!("capabilities/{id}.json is for window `{w}`, which the app never opens (windows.rs SCREENS)")
                })
                .page
        })
        .collect()
}

#[test]
fn the_build_script_reads_the_same_operations_as_the_core() {
    let source = read(&src_tauri().join(ops_names::OPS_SOURCE));
    let from_source = ops_names::op_names(&source);
    let from_core: Vec<String> = OPS.iter().map(|o| o.name.to_string()).collect();
    assert_eq!(
        from_source, from_core,
        "build.rs would register other commands than OPS lists: keep ops_names.rs able to read crates/core/src/ops.rs"
    );
}

#[test]
fn capabilities_allow_only_operations_and_every_operation_has_a_window() {
    let ops = op_names();
    let mut allowed_somewhere = BTreeSet::new();
    let mut files: Vec<(String, Capability)> = capabilities().into_iter().collect();
    files.push(("../test-capabilities/test-switches".into(), test_switches()));
    for (id, cap) in &files {
        for name in cap.operations() {
            assert!(
                ops.contains(name.as_str()),
                "capabilities/{id}.json allows `{name}`, which is not in frontdesk_core::ops::OPS"
            );
            allowed_somewhere.insert(name);
        }
    }
    for name in &ops {
        assert!(
            allowed_somewhere.contains(*name),
            "the operation `{name}` is allowed to no window: add it to the capability file of the window that calls it, or drop it from OPS"
        );
    }
}

#[test]
fn every_window_has_one_capability_file() {
    let caps = capabilities();
    for screen in SCREENS {
        let holders: Vec<&String> = caps
            .iter()
            .filter(|(_, c)| c.windows.iter().any(|w| w == screen.label))
            .map(|(id, _)| id)
            .collect();
        assert_eq!(
            holders.len(),
            1,
            "window `{}` ({}) must be in exactly one capability file, not {holders:?}",
            screen.label,
            screen.page
        );
    }
}

#[test]
fn every_call_is_read_and_names_an_operation() {
    // Every module, also those of browser-only pages (pair.html, callbar.html), and every
    // function in them, reached or not.
    let (needs, problems) = ui().all_needs();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let ops = op_names();
    let mut calls = 0;
    for (need, at) in &needs {
        if let Need::Op(name) = need {
            calls += at.len();
            assert!(
                ops.contains(name.as_str()),
                "{at:?} call `{name}`, which is not in frontdesk_core::ops::OPS"
            );
        }
    }
    assert!(
        calls > 50,
        "only {calls} calls found: does api.js still call Tauri's `invoke`?"
    );
}

#[test]
fn each_capability_grants_exactly_what_its_screens_use() {
    let ui = ui();
    let mut problems = Vec::new();
    for (id, cap) in capabilities() {
        let pages = pages_of(&id, &cap);
        let mut needs = Needs::new();
        for page in &pages {
            let (found, unread) = ui.page_needs(page);
            for (need, at) in found {
                needs.entry(need).or_default().extend(at);
            }
            problems.extend(unread);
        }
        problems.extend(mismatches(&id, &cap, &pages, &needs));
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn the_test_switches_are_no_screens_calls() {
    // Granted to every window of a test build only: a screen calling one would work in the
    // tests and fail in a hall.
    let (needs, _) = ui().all_needs();
    for name in test_switches().operations() {
        let at = needs.get(&Need::Op(name.clone()));
        assert!(
            at.is_none(),
            "{at:?} call the test switch `{name}`: a hall's build grants it to no window"
        );
    }
}

/// The checks above on a small made-up ui folder: they see a grant no screen uses, a call
/// no grant allows, a core permission through a named wrapper, and a name made at run time.
#[test]
fn the_checks_catch_both_kinds_of_mismatch() {
    let dir = tempfile::tempdir().unwrap();
    let js = dir.path().join("js");
    std::fs::create_dir(&js).unwrap();
    std::fs::write(
        dir.path().join("page.html"),
        r#"<body><script type="module" src="js/page.js"></script></body>"#,
    )
    .unwrap();
    std::fs::write(
        js.join("api.js"),
        "const tauri = window.__TAURI__;\n\
         export async function call(cmd, args = {}) {\n  return tauri.core.invoke(cmd, args);\n}\n\
         export function listen(f) {\n  return tauri.event.listen('e', f);\n}\n\
         export function openWindow(kind) {\n  return call('open_window', { kind });\n}\n\
         export function unused() {\n  return call('never_reached');\n}\n",
    )
    .unwrap();
    std::fs::write(
        js.join("page.js"),
        "import { call as c, listen, openWindow } from './api.js';\n\
         // call('in_a_comment')\n\
         const re = /[{'(]/g;\n\
         function go(x) {\n  openWindow('a');\n  return c(x ? 'snapshot' : 'hall_status', { s: `${re}` });\n}\n\
         listen(() => go(true));\n",
    )
    .unwrap();
    let ui = Ui::read(dir.path()).unwrap();
    let (needs, unread) = ui.page_needs("page.html");
    assert!(unread.is_empty(), "{unread:?}");
    let got: Vec<String> = needs.keys().map(Need::permission).collect();
    assert_eq!(
        got,
        [
            "allow-hall-status",
            "allow-open-window",
            "allow-snapshot",
            "core:event:allow-listen"
        ]
    );
    let cap = Capability {
        windows: vec!["main".into()],
        permissions: [
            "allow-snapshot",
            "allow-hall-status",
            "allow-open-window",
            "allow-counters",
            "core:event:default",
        ]
        .map(String::from)
        .into(),
    };
    let found = mismatches("desk", &cap, &["page.html"], &needs);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(
        found[0].contains("grants `allow-counters`, which no screen"),
        "{}",
        found[0]
    );
    assert!(
        found[1].contains("grants `core:event:default`"),
        "{}",
        found[1]
    );
    assert!(
        found[2].contains("needs `core:event:allow-listen`"),
        "{}",
        found[2]
    );

    std::fs::write(
        js.join("page.js"),
        "import { call } from './api.js';\nconst name = 'snapshot';\ncall(name);\n",
    )
    .unwrap();
    let ui = Ui::read(dir.path()).unwrap();
    let (_, problems) = ui.page_needs("page.html");
    assert!(
        problems[0].contains("named at run time (name)"),
        "{problems:?}"
    );
}
