//! Whether the hall's writes reach the file, so every screen can say when they do not.

use std::sync::atomic::{AtomicBool, Ordering};

/// Whether writes reach the file. A write that cannot start (the file locked by another
/// process past the busy timeout, a read-only folder) or a group that cannot commit (a full
/// disk, an I/O error: WAL appends and the fsync happen at commit) turns it to failing; the
/// next commit that works turns it back. `on_change` hears each turn, so every screen can
/// say that nothing is being saved until it is again.
pub struct WriteHealth {
    failing: AtomicBool,
    on_change: Box<dyn Fn(bool) + Send + Sync>,
}

impl WriteHealth {
    /// `on_change(writable)` runs when writes start failing or work again.
    pub fn new(on_change: impl Fn(bool) + Send + Sync + 'static) -> Self {
        Self {
            failing: AtomicBool::new(false),
            on_change: Box::new(on_change),
        }
    }

    /// True while the last write failed.
    pub fn failing(&self) -> bool {
        self.failing.load(Ordering::SeqCst)
    }

    /// Records whether a write started or a group committed (`ok`).
    pub(crate) fn note(&self, ok: bool) {
        if self.failing.swap(!ok, Ordering::SeqCst) != ok {
            return;
        }
        (self.on_change)(ok);
    }
}
