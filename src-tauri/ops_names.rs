// The names in `frontdesk_core::ops::OPS`, read from the source text of
// crates/core/src/ops.rs, so that build.rs (which cannot depend on the core) derives the
// app's command list from the one list of operations. The test
// src-tauri/tests/command_surface.rs holds this reading equal to `OPS` itself.

/// The path of the operation list, from src-tauri.
pub const OPS_SOURCE: &str = "../crates/core/src/ops.rs";

/// Every operation name in the `OPS` array of `source`, in order: the snake_case string
/// literals between `pub const OPS` and the array's end (comments skipped; JSON pointers
/// such as "/counterId" are not names).
pub fn op_names(source: &str) -> Vec<String> {
    let Some(start) = source.find("pub const OPS") else {
        return Vec::new();
    };
    let mut names = Vec::new();
    for line in source[start..].lines().skip(1) {
        let code = line.split("//").next().unwrap_or("");
        if code.trim_start().starts_with("];") {
            break;
        }
        let mut rest = code;
        while let Some(open) = rest.find('"') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('"') else { break };
            let lit = &after[..close];
            if !lit.is_empty()
                && lit
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            {
                names.push(lit.to_string());
            }
            rest = &after[close + 1..];
        }
    }
    names
}
