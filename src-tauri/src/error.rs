//! The shell's own refusals, beside the core's: a window that would not open, a test-only
//! command outside test mode. Written once per variant like the core's errors (message,
//! code, parameters) and sent to the screens in the same `{code, message, params}` form.

use crate::windows::WindowKind;
use frontdesk_core::error::{code_of, serialize_for_ui};
use serde::{Serialize, Serializer};
use serde_json::Value;

/// What a command can fail with: the core's error, or one of the shell's.
#[derive(Debug, thiserror::Error, Serialize)]
#[serde(
    remote = "Self",
    tag = "code",
    content = "params",
    rename_all = "snake_case"
)]
pub enum ShellError {
    #[error(transparent)]
    #[serde(skip)]
    Core(#[from] frontdesk_core::Error),
    /// The operating system refused a window (the cause goes to the message only).
    #[error("the {window:?} window could not be opened: {cause}")]
    WindowFailed {
        window: WindowKind,
        #[serde(skip)]
        cause: String,
    },
    /// A command that only exists for the end-to-end tests.
    #[error("only available in test mode")]
    TestModeOnly,
    /// Host mode is on but the LAN server could not listen (the port is taken, or the
    /// system refused it; the cause goes to the message only).
    #[error("cannot serve the network on port {port}: {cause}")]
    HostFailed {
        port: u16,
        #[serde(skip)]
        cause: String,
    },
}

impl ShellError {
    /// The stable machine code, the UI's key for the translated sentence.
    pub fn code(&self) -> String {
        match self {
            ShellError::Core(e) => e.code(),
            _ => code_of(self.tagged()),
        }
    }

    /// A refused window of the given kind.
    pub fn window(window: WindowKind) -> impl FnOnce(tauri::Error) -> ShellError {
        move |e| ShellError::WindowFailed {
            window,
            cause: e.to_string(),
        }
    }

    fn tagged(&self) -> Value {
        ShellError::serialize(self, serde_json::value::Serializer).unwrap_or(Value::Null)
    }
}

impl Serialize for ShellError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ShellError::Core(e) => e.serialize(s),
            _ => serialize_for_ui(self.tagged(), &self.to_string(), s),
        }
    }
}
