//! Requests that change the hall, sent with an idempotency key by a device on the network:
//! a retry after a timeout (the device cannot tell a lost request from a lost answer) gets
//! the first answer back and changes nothing.
//!
//! The operation's writes and its stored answer commit in the same group commit (see
//! [`crate::writer`]), so after a crash a retry finds either both or neither: never a ticket
//! issued without its answer kept. A refused request keeps no answer (it changed nothing;
//! a retry asks again). Answers are kept for [`RESULTS_KEPT_MS`], far longer than any retry;
//! housekeeping forgets older ones (not each request: that would be one more statement in
//! the write turn of every issue).

use crate::error::{DeviceError, Result};
use crate::hall::Hall;
use crate::table::request_results;
use serde_json::Value;
use std::future::Future;

/// How long a device's answers are kept for its retries.
pub const RESULTS_KEPT_MS: i64 = 24 * 60 * 60_000;

impl Hall {
    /// Runs `op` (the operation `op_name`, answering JSON) once for `key` from device
    /// `device_id`: a repeated key returns the answer of the first run without running
    /// anything; a key used before for another operation is refused.
    pub async fn once<F>(&self, device_id: i64, key: &str, op_name: &str, op: F) -> Result<Value>
    where
        F: Future<Output = Result<Value>>,
    {
        let key = crate::validate::name("idempotency_key", key, 100)?;
        let now = self.now_ms();
        let mut tx = self.begin_write().await?;
        let stored = request_results::find(&mut tx, device_id, &key).await?;
        if let Some((stored_op, text)) = stored {
            // The first run may still be in the open group: answer once that is on disk.
            tx.commit().await?;
            if stored_op != op_name {
                return Err(DeviceError::KeyReused { op: stored_op }.into());
            }
            return serde_json::from_str(&text)
                .map_err(|e| sqlx::Error::Decode(Box::new(e)).into());
        }
        let answer = tx.nest(op).await?;
        request_results::insert(&mut tx, device_id, &key, op_name, &answer.to_string(), now)
            .await?;
        tx.commit().await?;
        Ok(answer)
    }

    /// Forgets the answers kept longer than [`RESULTS_KEPT_MS`] (housekeeping).
    pub async fn forget_old_answers(&self) -> Result<()> {
        let mut tx = self.begin_write().await?;
        request_results::delete_before(&mut tx, self.now_ms() - RESULTS_KEPT_MS).await?;
        tx.commit().await
    }
}
