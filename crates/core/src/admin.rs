//! Settings screens' operations: services, counters, hall settings, and a counter's
//! state (open, pause with a reason, resume, close).

use crate::error::{Error, Result};
use crate::events::HallEvent;
use crate::hall::Hall;
use crate::model::StaffToken;
use crate::model::{Counter, CounterInput, CounterState, Service, ServiceInput, TicketStatus};
use crate::settings::HallSettings;
use crate::table::{counters, services, tickets};
use crate::validate;

impl Hall {
    /// Every service, in desk order.
    pub async fn services(&self) -> Result<Vec<Service>> {
        let mut conn = self.pool().acquire().await?;
        services::all(&mut conn).await
    }

    /// Creates or updates a service.
    pub async fn save_service(&self, staff: &StaffToken, input: ServiceInput) -> Result<Service> {
        let who = self.staff(staff)?;
        let name = validate::name("name", &input.name, 20)?;
        let name_en = validate::text("name_en", &input.name_en, 40)?;
        let prefix = validate::prefix(&input.prefix)?;
        let settings = self.settings();
        if prefix == settings.appointment_prefix {
            return Err(Error::ReservedPrefix { prefix });
        }
        validate::range("minutes_per_person", input.minutes_per_person, 1, 240)?;
        validate::range("sort_order", input.sort_order, 0, 999)?;
        let checked = ServiceInput {
            name,
            name_en,
            prefix,
            ..input
        };
        let mut tx = self.begin_write().await?;
        let taken = services::with_prefix(&mut tx, &checked.prefix).await?;
        if taken.is_some() && taken != checked.id {
            return Err(Error::DuplicatePrefix {
                prefix: checked.prefix,
            });
        }
        let id = match checked.id {
            Some(id) => {
                services::update(&mut tx, id, &checked).await?;
                id
            }
            None => services::insert(&mut tx, &checked).await?,
        };
        let service = services::service(&mut tx, id).await?;
        self.settings_changed(&mut tx, &who, "service").await?;
        tx.commit_with(vec![HallEvent::Config]).await?;
        Ok(service)
    }

    /// Every counter, by window number.
    pub async fn counters(&self) -> Result<Vec<Counter>> {
        let mut conn = self.pool().acquire().await?;
        counters::all(&mut conn).await
    }

    /// Creates or updates a counter and the services it handles.
    pub async fn save_counter(&self, staff: &StaffToken, input: CounterInput) -> Result<Counter> {
        let who = self.staff(staff)?;
        let name = validate::name("name", &input.name, 20)?;
        validate::range("number", input.number, 1, 99)?;
        if input.service_ids.is_empty() {
            return Err(Error::NoServices);
        }
        let mut tx = self.begin_write().await?;
        for &sid in &input.service_ids {
            services::ensure_exists(&mut tx, sid).await?;
        }
        let taken = counters::with_number(&mut tx, input.number).await?;
        if taken.is_some() && taken != input.id {
            return Err(Error::DuplicateCounterNumber {
                number: input.number,
            });
        }
        let id = match input.id {
            Some(id) => {
                counters::update(&mut tx, id, input.number, &name, input.appointment).await?;
                id
            }
            None => counters::insert(&mut tx, input.number, &name, input.appointment).await?,
        };
        counters::set_services(&mut tx, id, &input.service_ids).await?;
        let counter = counters::counter(&mut tx, id).await?;
        self.settings_changed(&mut tx, &who, "counter").await?;
        tx.commit_with(vec![HallEvent::Config]).await?;
        Ok(counter)
    }

    /// Saves the hall's settings.
    pub async fn save_settings(
        &self,
        staff: &StaffToken,
        settings: HallSettings,
    ) -> Result<HallSettings> {
        let who = self.staff(staff)?;
        settings.validate()?;
        let mut tx = self.begin_write().await?;
        let clash = services::with_prefix(&mut tx, &settings.appointment_prefix).await?;
        if clash.is_some() {
            return Err(Error::DuplicatePrefix {
                prefix: settings.appointment_prefix,
            });
        }
        settings.store(&mut tx).await?;
        self.settings_changed(&mut tx, &who, "hall").await?;
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
        let c = counters::counter(&mut tx, counter_id).await?;
        if state == CounterState::Closed {
            if let Some(t) = tickets::current(&mut tx, counter_id).await? {
                return Err(t.wrong_state(TicketStatus::Done));
            }
        }
        counters::set_state(&mut tx, c.id, state, reason).await?;
        let counter = counters::counter(&mut tx, counter_id).await?;
        tx.commit_with(vec![HallEvent::Counter {
            counter: counter.clone(),
        }])
        .await?;
        Ok(counter)
    }
}
