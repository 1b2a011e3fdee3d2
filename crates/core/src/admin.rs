//! Settings screens' operations: services, counters, hall settings, and a counter's
//! state (open, pause with a reason, resume, close).

use crate::error::{Error, Result};
use crate::events::HallEvent;
use crate::hall::Hall;
use crate::model::{Counter, CounterInput, CounterState, Service, ServiceInput};
use crate::queries;
use crate::settings::HallSettings;
use crate::validate;

impl Hall {
    /// Every service, in desk order.
    pub async fn services(&self) -> Result<Vec<Service>> {
        let mut conn = self.pool().acquire().await?;
        Ok(sqlx::query_as(
            "SELECT id, name, name_en, prefix, sort_order, minutes_per_person, enabled
             FROM services ORDER BY sort_order, id",
        )
        .fetch_all(&mut *conn)
        .await?)
    }

    /// Creates or updates a service.
    pub async fn save_service(&self, input: ServiceInput) -> Result<Service> {
        let name = validate::name("name", &input.name, 20)?;
        let name_en = validate::text("name_en", &input.name_en, 40)?;
        let prefix = validate::prefix(&input.prefix)?;
        let settings = self.settings();
        if prefix == settings.appointment_prefix {
            return Err(Error::ReservedPrefix { prefix });
        }
        validate::range("minutes_per_person", input.minutes_per_person, 1, 240)?;
        validate::range("sort_order", input.sort_order, 0, 999)?;
        let mut tx = self.begin_write().await?;
        let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM services WHERE prefix = ?")
            .bind(&prefix)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() && taken != input.id {
            return Err(Error::DuplicatePrefix { prefix });
        }
        let id = match input.id {
            Some(id) => {
                let n = sqlx::query(
                    "UPDATE services SET name = ?, name_en = ?, prefix = ?, sort_order = ?,
                        minutes_per_person = ?, enabled = ? WHERE id = ?",
                )
                .bind(&name)
                .bind(&name_en)
                .bind(&prefix)
                .bind(input.sort_order)
                .bind(input.minutes_per_person)
                .bind(input.enabled)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n == 0 {
                    return Err(Error::UnknownService(id));
                }
                id
            }
            None => sqlx::query(
                "INSERT INTO services(name, name_en, prefix, sort_order, minutes_per_person, enabled)
                 VALUES (?, ?, ?, ?, ?, ?)",
            )
            .bind(&name)
            .bind(&name_en)
            .bind(&prefix)
            .bind(input.sort_order)
            .bind(input.minutes_per_person)
            .bind(input.enabled)
            .execute(&mut *tx)
            .await?
            .last_insert_rowid(),
        };
        let service: Service = sqlx::query_as(
            "SELECT id, name, name_en, prefix, sort_order, minutes_per_person, enabled FROM services WHERE id = ?",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit_with(vec![HallEvent::Config]).await?;
        Ok(service)
    }

    /// Every counter, by window number.
    pub async fn counters(&self) -> Result<Vec<Counter>> {
        let mut conn = self.pool().acquire().await?;
        queries::counters(&mut conn).await
    }

    /// Creates or updates a counter and the services it handles.
    pub async fn save_counter(&self, input: CounterInput) -> Result<Counter> {
        let name = validate::name("name", &input.name, 20)?;
        validate::range("number", input.number, 1, 99)?;
        if input.service_ids.is_empty() {
            return Err(Error::NoServices);
        }
        let mut tx = self.begin_write().await?;
        for sid in &input.service_ids {
            let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM services WHERE id = ?")
                .bind(sid)
                .fetch_optional(&mut *tx)
                .await?;
            exists.ok_or(Error::UnknownService(*sid))?;
        }
        let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM counters WHERE number = ?")
            .bind(input.number)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() && taken != input.id {
            return Err(Error::DuplicateCounterNumber {
                number: input.number,
            });
        }
        let id = match input.id {
            Some(id) => {
                let n = sqlx::query(
                    "UPDATE counters SET number = ?, name = ?, appointment = ? WHERE id = ?",
                )
                .bind(input.number)
                .bind(&name)
                .bind(input.appointment)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n == 0 {
                    return Err(Error::UnknownCounter(id));
                }
                sqlx::query("DELETE FROM counter_services WHERE counter_id = ?")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                id
            }
            None => sqlx::query("INSERT INTO counters(number, name, appointment) VALUES (?, ?, ?)")
                .bind(input.number)
                .bind(&name)
                .bind(input.appointment)
                .execute(&mut *tx)
                .await?
                .last_insert_rowid(),
        };
        for sid in &input.service_ids {
            sqlx::query(
                "INSERT OR IGNORE INTO counter_services(counter_id, service_id) VALUES (?, ?)",
            )
            .bind(id)
            .bind(sid)
            .execute(&mut *tx)
            .await?;
        }
        let counter = queries::counter(&mut tx, id).await?;
        tx.commit_with(vec![HallEvent::Config]).await?;
        Ok(counter)
    }

    /// Saves the hall's settings.
    pub async fn save_settings(&self, settings: HallSettings) -> Result<HallSettings> {
        settings.validate()?;
        let mut tx = self.begin_write().await?;
        let clash: Option<i64> = sqlx::query_scalar("SELECT id FROM services WHERE prefix = ?")
            .bind(&settings.appointment_prefix)
            .fetch_optional(&mut *tx)
            .await?;
        if clash.is_some() {
            return Err(Error::DuplicatePrefix {
                prefix: settings.appointment_prefix,
            });
        }
        settings.store(&mut tx).await?;
        tx.commit().await?;
        self.replace_settings(settings.clone());
        self.publish(vec![HallEvent::Config]);
        Ok(settings)
    }

    /// A clerk opens the counter (signs in) to call numbers.
    pub async fn open_counter(&self, counter_id: i64) -> Result<Counter> {
        self.set_counter_state(counter_id, CounterState::Open, None)
            .await
    }

    /// Pauses the counter with a reason (may be empty); calling is refused until resumed.
    pub async fn pause_counter(&self, counter_id: i64, reason: &str) -> Result<Counter> {
        let reason = validate::text("reason", reason, 50)?;
        self.set_counter_state(counter_id, CounterState::Paused, Some(reason))
            .await
    }

    /// Resumes a paused counter.
    pub async fn resume_counter(&self, counter_id: i64) -> Result<Counter> {
        self.set_counter_state(counter_id, CounterState::Open, None)
            .await
    }

    /// Closes the counter; refused while it still serves someone.
    pub async fn close_counter(&self, counter_id: i64) -> Result<Counter> {
        self.set_counter_state(counter_id, CounterState::Closed, None)
            .await
    }

    async fn set_counter_state(
        &self,
        counter_id: i64,
        state: CounterState,
        reason: Option<String>,
    ) -> Result<Counter> {
        let mut tx = self.begin_write().await?;
        let c = queries::counter(&mut tx, counter_id).await?;
        if state == CounterState::Closed {
            if let Some(t) = queries::current_ticket(&mut tx, counter_id).await? {
                return Err(Error::WrongTicketState {
                    number: t.number,
                    status: "called".into(),
                    expected: "done".into(),
                });
            }
        }
        sqlx::query("UPDATE counters SET state = ?, pause_reason = ?, priority_streak = CASE WHEN ? = 'closed' THEN 0 ELSE priority_streak END WHERE id = ?")
            .bind(state)
            .bind(reason)
            .bind(state)
            .bind(c.id)
            .execute(&mut *tx)
            .await?;
        let counter = queries::counter(&mut tx, counter_id).await?;
        tx.commit_with(vec![HallEvent::Counter {
            counter: counter.clone(),
        }])
        .await?;
        Ok(counter)
    }
}
