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

use crate::error::{DeviceError, Error, Result};
use crate::hall::Hall;
use crate::table::request_results;
use serde_json::Value;
use std::future::Future;
use std::sync::{Arc, Mutex};

/// What [`Hall::once`] answers.
#[derive(Debug)]
pub struct OnceAnswer {
    /// The operation's answer: of this run, or the first run's for a retry.
    pub value: Value,
    /// Whether the operation ran now (false: a retry, answered from the first run), so
    /// that what follows an operation (a print) follows it once.
    pub fresh: bool,
}

/// Whether `once`'s look-up has run, and what it found.
enum Lookup {
    NotYet,
    Done(Option<(String, String)>),
}

/// How long a device's answers are kept for its retries.
pub const RESULTS_KEPT_MS: i64 = 24 * 60 * 60_000;

impl Hall {
    /// Runs `op` (the operation `op_name`, answering JSON) once for `key` from device
    /// `device_id`: a repeated key returns the answer of the first run without running
    /// anything; a key used before for another operation is refused.
    ///
    /// The look-up and the keeping of the answer ride along with the operation's own
    /// statements (`WriteTx::defer`): an issue over the network takes one round trip to the
    /// connection's thread in the write turn, as an issue at the desk does.
    pub async fn once<F>(
        &self,
        device_id: i64,
        key: &str,
        op_name: &str,
        op: F,
    ) -> Result<OnceAnswer>
    where
        F: Future<Output = Result<Value>>,
    {
        let key = crate::validate::name("idempotency_key", key, 100)?;
        let now = self.now_ms();
        let mut tx = self.begin_sync_write().await?;
        // Runs before the operation's first statement: a key seen before stops it there,
        // before it changes anything.
        let lookup = Arc::new(Mutex::new(Lookup::NotYet));
        let (seen, find_key) = (lookup.clone(), key.clone());
        tx.defer(move |c| {
            let found = request_results::find(c, device_id, &find_key)?;
            let stop = found.is_some();
            *seen.lock().expect("look-up slot") = Lookup::Done(found);
            match stop {
                true => Err(DeviceError::Answered.into()),
                false => Ok(()),
            }
        });
        let ran = tx.nest(op).await;
        if matches!(*lookup.lock().expect("look-up slot"), Lookup::NotYet) {
            // The operation never reached the connection (refused before): look now.
            match tx.ready().await {
                Err(Error::Device(DeviceError::Answered)) | Ok(()) => {}
                Err(e) => return Err(e),
            }
        }
        let found =
            match std::mem::replace(&mut *lookup.lock().expect("look-up slot"), Lookup::NotYet) {
                Lookup::Done(found) => found,
                Lookup::NotYet => None,
            };
        if let Some((stored_op, text)) = found {
            // Nothing of this run was kept. The first run may still be in the open group:
            // answer once that is on disk.
            tx.commit().await?;
            if stored_op != op_name {
                return Err(DeviceError::KeyReused { op: stored_op }.into());
            }
            let value =
                serde_json::from_str(&text).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
            return Ok(OnceAnswer {
                value,
                fresh: false,
            });
        }
        let answer = ran?;
        let (op_name, text) = (op_name.to_string(), answer.to_string());
        tx.defer(move |c| request_results::insert(c, device_id, &key, &op_name, &text, now));
        tx.commit().await?;
        Ok(OnceAnswer {
            value: answer,
            fresh: true,
        })
    }

    /// Forgets the answers kept longer than [`RESULTS_KEPT_MS`] (housekeeping).
    pub async fn forget_old_answers(&self) -> Result<()> {
        let mut tx = self.begin_write().await?;
        request_results::delete_before(&mut tx, self.now_ms() - RESULTS_KEPT_MS).await?;
        tx.commit().await
    }
}
