//! One command surface: `frontdesk_core::ops::OPS` is the list of operations. build.rs
//! derives the app's commands and handler list from it; this test holds the rest equal to
//! it: the capability files allow only operations, every operation is allowed to some window,
//! and every `call('name'` and `staffCall('name'` in ui/js (a choice of names included) names
//! an operation that the window running it may call; no screen names one at run time.

#[path = "../ops_names.rs"]
mod ops_names;

use frontdesk_core::ops::OPS;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src_tauri() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn ui_js() -> PathBuf {
    src_tauri().join("../ui/js")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn op_names() -> BTreeSet<&'static str> {
    OPS.iter().map(|o| o.name).collect()
}

/// Each capability file: its identifier and the operations it allows (`allow-call-next` is
/// `call_next`; the `core:` permissions are Tauri's own).
fn capabilities() -> BTreeMap<String, BTreeSet<String>> {
    let dir = src_tauri().join("capabilities");
    let mut all = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).expect("capabilities dir") {
        let path = entry.expect("dir entry").path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let cap: Value = serde_json::from_str(&read(&path)).expect("capability JSON");
        let id = cap["identifier"].as_str().expect("identifier").to_string();
        let allowed = cap["permissions"]
            .as_array()
            .expect("permissions")
            .iter()
            .filter_map(Value::as_str)
            .filter_map(|p| p.strip_prefix("allow-"))
            .map(|p| p.replace('-', "_"))
            .collect();
        all.insert(id, allowed);
    }
    all
}

/// The functions that call an operation named by their first argument.
const CALLERS: [&str; 2] = ["call(", "staffCall("];

/// The first argument of every `call(…` and `staffCall(…` in `text` (up to its first `,` or
/// `)`): a quoted name, or a choice of quoted names (`creating ? 'create_pin' : 'unlock'`).
fn first_arguments(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for caller in CALLERS {
        for (i, _) in text.match_indices(caller) {
            // Not a longer name ending the same way (`staffCall(` holds no `call(`).
            let before = text[..i].chars().last();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                continue;
            }
            let rest = &text[i + caller.len()..];
            let end = rest.find([',', ')']).unwrap_or(rest.len());
            out.push(rest[..end].trim());
        }
    }
    out
}

/// The quoted names in `arg`.
fn quoted(arg: &str) -> Vec<String> {
    arg.split('\'')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The operations `text` calls; `openWindow(` is api.js's short way of calling `open_window`.
fn calls_in(text: &str) -> BTreeSet<String> {
    let mut names: BTreeSet<String> = first_arguments(text).into_iter().flat_map(quoted).collect();
    if text.contains("openWindow(") {
        names.insert("open_window".into());
    }
    names
}

/// A module's calls; api.js itself only defines the calls screens make through it.
fn module_calls(module: &Path) -> BTreeSet<String> {
    if module.file_name().is_some_and(|n| n == "api.js") {
        return BTreeSet::new();
    }
    calls_in(&read(module))
}

/// `file` and every module it imports, directly or not (relative `./x.js` imports).
fn module_closure(file: &Path) -> BTreeSet<PathBuf> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![file.canonicalize().expect("a ui/js module")];
    while let Some(f) = todo.pop() {
        if !seen.insert(f.clone()) {
            continue;
        }
        let text = read(&f);
        for (i, _) in text.match_indices("from '") {
            let rest = &text[i + 6..];
            let Some(end) = rest.find('\'') else { continue };
            let spec = &rest[..end];
            if spec.starts_with('.') {
                let dep = f.parent().expect("a folder").join(spec);
                todo.push(
                    dep.canonicalize()
                        .unwrap_or_else(|e| panic!("{} imports {spec}: {e}", f.display())),
                );
            }
        }
    }
    seen
}

fn js_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("ui/js") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            js_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "js") {
            out.push(path);
        }
    }
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
    let caps = capabilities();
    let mut allowed_somewhere = BTreeSet::new();
    for (id, allowed) in &caps {
        for name in allowed {
            assert!(
                ops.contains(name.as_str()),
                "capabilities/{id}.json allows `{name}`, which is not in frontdesk_core::ops::OPS"
            );
            allowed_somewhere.insert(name.clone());
        }
    }
    for name in &ops {
        assert!(
            allowed_somewhere.contains(*name),
            "the operation `{name}` is allowed to no window: add it to the capability file of the window that calls it"
        );
    }
}

#[test]
fn every_call_names_its_operation_in_the_source() {
    // A name made at run time would escape the checks here: only the two wrappers that
    // pass their caller's name on (api.js `call`, staff.js `staffCall`) call with a variable.
    let mut files = Vec::new();
    js_files(&ui_js(), &mut files);
    for f in &files {
        let text = read(f);
        for arg in first_arguments(&text) {
            let wrapper = arg == "cmd"
                && f.file_name()
                    .is_some_and(|n| n == "api.js" || n == "staff.js");
            assert!(
                wrapper || !quoted(arg).is_empty(),
                "{} calls an operation named at run time ({arg}): name it in quotes",
                f.display()
            );
        }
    }
}

#[test]
fn every_name_the_screens_call_is_an_operation() {
    let ops = op_names();
    let mut files = Vec::new();
    js_files(&ui_js(), &mut files);
    let mut seen = 0;
    for f in &files {
        for name in module_calls(f) {
            seen += 1;
            assert!(
                ops.contains(name.as_str()),
                "{} calls `{name}`, which is not in frontdesk_core::ops::OPS",
                f.display()
            );
        }
    }
    assert!(
        seen > 50,
        "only {seen} calls found: is the pattern still `call('name'`?"
    );
}

#[test]
fn each_window_may_call_what_its_screen_calls() {
    for (id, allowed) in capabilities() {
        // The desk's window is index.html, run by desk.js; every other window by <id>.js.
        let entry = ui_js().join(if id == "desk" {
            "desk.js".into()
        } else {
            format!("{id}.js")
        });
        assert!(
            entry.exists(),
            "capability `{id}` has no screen {}",
            entry.display()
        );
        for module in module_closure(&entry) {
            for name in module_calls(&module) {
                assert!(
                    allowed.contains(&name),
                    "the {id} window runs {} which calls `{name}`: allow it in capabilities/{id}.json",
                    module.display()
                );
            }
        }
    }
}
