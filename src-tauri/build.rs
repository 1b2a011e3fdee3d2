//! Declares the app's commands, one per operation of `frontdesk_core::ops::OPS`, so each
//! window's capability file can allow only the ones that window needs (capabilities/*.json),
//! and writes the handler list `lib.rs` registers. Adding an operation is one entry in
//! crates/core/src/ops.rs plus its command function.

include!("ops_names.rs");

fn main() {
    println!("cargo:rerun-if-changed={OPS_SOURCE}");
    println!("cargo:rerun-if-changed=ops_names.rs");
    let source = std::fs::read_to_string(OPS_SOURCE).expect("read crates/core/src/ops.rs");
    let names = op_names(&source);
    assert!(!names.is_empty(), "no operation found in {OPS_SOURCE}");

    // `tauri::generate_handler![commands::issue_ticket, …]`: every command is reachable
    // through the `command` module of lib.rs.
    let paths: Vec<String> = names.iter().map(|n| format!("command::{n}")).collect();
    let handlers = format!("tauri::generate_handler![{}]\n", paths.join(", "));
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(out.join("handlers.rs"), handlers).expect("write handlers.rs");

    // The manifest wants a 'static list; the build script ends right after.
    let commands: &'static [&'static str] = Vec::leak(
        names
            .into_iter()
            .map(|n| &*String::leak(n))
            .collect::<Vec<&'static str>>(),
    );
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )
    .expect("tauri build script failed");
}
