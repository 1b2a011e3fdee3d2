//! The audit list's actions. The enum is plain data in `model` (beside `AuditEntry`); its
//! rows are written by `table::audit_log`, in the transaction of the action they record,
//! so an action and its row are committed together or not at all.

pub use crate::model::AuditAction;
