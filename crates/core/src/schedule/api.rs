//! The schedule's operations on the hall: settings, exceptions, holiday import, the
//! status, the issue check, ending the day, the 12123 guidance count and the day record.

use super::calendar::Timetable;
use super::holidays;
use super::store;
use crate::dates::parse_calendar_date;
use crate::error::{Error, Result};
use crate::events::HallEvent;
use crate::hall::{Hall, KeptTimetable};
use crate::model::schedule::{
    DateException, DayInfo, DayRecord, ExceptionInput, ExceptionSource, GuidanceCount, HallState,
    HallStatus, HolidayCoverage, ImportSummary, LocalInstant, ScheduleSettings,
};
use crate::model::StaffToken;
use crate::model::{Counter, Service};
use crate::staff::audit::AuditAction;
use crate::table::{counters, date_exceptions, day_records, guidance_log, services, tickets};
use crate::writer::WriteTx;
use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use sqlx::SqliteConnection;
use std::sync::Arc;

/// Numbers listed in the "queue not empty" refusal (the count is always complete).
const LISTED_NUMBERS: i64 = 50;

fn instant_at(offset: chrono::FixedOffset, ms: i64) -> Option<LocalInstant> {
    let dt = Utc
        .timestamp_millis_opt(ms)
        .single()?
        .with_timezone(&offset);
    Some(LocalInstant {
        at: ms,
        iso: dt.to_rfc3339(),
        date: dt.format("%Y-%m-%d").to_string(),
        time: dt.format("%H:%M").to_string(),
    })
}

/// The local "HH:MM" at which a service's issuing closed in the window open now.
fn service_cutoff_time(tt: &Timetable, service_id: i64, hall: &HallStatus) -> Option<String> {
    let before = i64::from(tt.rules.cutoffs.get(&service_id).copied().unwrap_or(0));
    let cut = hall.cutoff.as_ref()?.at - before * 60_000;
    instant_at(tt.offset(), cut).map(|i| i.time)
}

impl Hall {
    /// The timetable around `date`, with the booking days (the status needs them; the
    /// schedule only sees their check-in windows, never a booking).
    async fn timetable_on(
        &self,
        conn: &mut SqliteConnection,
        date: NaiveDate,
    ) -> Result<Timetable> {
        let tt = store::timetable(conn, self.settings().utc_offset_minutes, date).await?;
        let (from, to) = store::timetable_range(date);
        let days = crate::booking::appointment_windows(conn, from, to).await?;
        Ok(tt.with_appointments(&days))
    }

    /// [`Hall::timetable_on`] and the services inside a write, kept between writes while
    /// nothing they are made of changes (the writer's epoch): issuing reads the schedule
    /// and its service for every number, and those reads were most of a ticket's cost.
    async fn timetable_in_write(&self, tx: &mut WriteTx, date: NaiveDate) -> Result<KeptTimetable> {
        let epoch = tx.epoch();
        let utc_offset_minutes = self.settings().utc_offset_minutes;
        if let Some(kept) = self
            .kept_timetable()
            .lock()
            .expect("timetable slot")
            .as_ref()
        {
            if (kept.epoch, kept.date, kept.utc_offset_minutes) == (epoch, date, utc_offset_minutes)
            {
                return Ok(kept.clone());
            }
        }
        // A hot-path write reads through sqlx here: its deferred savepoint runs first.
        tx.ready().await?;
        let kept = KeptTimetable {
            epoch,
            date,
            utc_offset_minutes,
            timetable: Arc::new(self.timetable_on(tx, date).await?),
            services: Arc::new(services::all(tx).await?),
        };
        *self.kept_timetable().lock().expect("timetable slot") = Some(kept.clone());
        Ok(kept)
    }

    /// The schedule's settings.
    pub async fn schedule_settings(&self) -> Result<ScheduleSettings> {
        let mut conn = self.pool().acquire().await?;
        store::load_settings(&mut conn).await
    }

    /// Saves the schedule's settings; bad input is refused with nothing written.
    pub async fn save_schedule_settings(
        &self,
        staff: &StaffToken,
        settings: ScheduleSettings,
    ) -> Result<ScheduleSettings> {
        let who = self.staff(staff)?;
        settings.rules()?;
        let mut tx = self.begin_write().await?;
        store::store_settings(&mut tx, &settings).await?;
        let saved = store::load_settings(&mut tx).await?;
        self.settings_changed(&mut tx, &who, "schedule").await?;
        tx.commit().await?;
        self.schedule_changed().await;
        Ok(saved)
    }

    /// The exceptions of a year (all when `None`), by date; an imported exception hidden
    /// by a manual one is listed with `effective: false`.
    pub async fn exceptions(&self, year: Option<i32>) -> Result<Vec<DateException>> {
        let (from, to) = match year {
            Some(y) => (format!("{y:04}-01-01"), format!("{y:04}-12-31")),
            None => ("0000".into(), "9999".into()),
        };
        let mut conn = self.pool().acquire().await?;
        date_exceptions::between(&mut conn, &from, &to).await
    }

    /// Saves a manual exception; it replaces the manual one of its date and beats an
    /// imported one.
    pub async fn save_exception(
        &self,
        staff: &StaffToken,
        input: ExceptionInput,
    ) -> Result<DateException> {
        let who = self.staff(staff)?;
        let e = input.check()?;
        let mut tx = self.begin_write().await?;
        let id = store::put_exception(&mut tx, &e, ExceptionSource::Manual, None).await?;
        let saved = date_exceptions::get(&mut tx, id).await?;
        self.settings_changed(&mut tx, &who, "exception").await?;
        tx.commit().await?;
        self.schedule_changed().await;
        Ok(saved)
    }

    /// Removes an exception (an imported one comes back with the next import of its year).
    pub async fn remove_exception(&self, staff: &StaffToken, id: i64) -> Result<()> {
        let who = self.staff(staff)?;
        let mut tx = self.begin_write().await?;
        date_exceptions::delete(&mut tx, id).await?;
        self.settings_changed(&mut tx, &who, "exception").await?;
        tx.commit().await?;
        self.schedule_changed().await;
        Ok(())
    }

    /// Imports a holiday-cn year file (its text): replaces the imported exceptions of that
    /// year only, never a manual one. A bad file is refused with nothing written.
    pub async fn import_holidays(&self, staff: &StaffToken, json: &str) -> Result<ImportSummary> {
        let who = self.staff(staff)?;
        let (year, days) = holidays::parse(json)?;
        let mut tx = self.begin_write().await?;
        let (replaced, overridden) = store::replace_imported(&mut tx, year, &days).await?;
        self.settings_changed(&mut tx, &who, &format!("holidays {year}"))
            .await?;
        tx.commit().await?;
        self.schedule_changed().await;
        let closed = days.iter().filter(|d| d.off).count() as i64;
        Ok(ImportSummary {
            year,
            closed,
            workdays: days.len() as i64 - closed,
            overridden_by_manual: overridden,
            replaced,
        })
    }

    /// Whether holiday data was imported for `year`.
    pub async fn has_holiday_data(&self, year: i32) -> Result<bool> {
        let mut conn = self.pool().acquire().await?;
        Ok(date_exceptions::holiday_years(&mut conn)
            .await?
            .contains(&year))
    }

    /// Which years have holiday data, and whether this and next year do.
    pub async fn holiday_coverage(&self) -> Result<HolidayCoverage> {
        let mut conn = self.pool().acquire().await?;
        let years = date_exceptions::holiday_years(&mut conn).await?;
        let current_year = self.business_day().year();
        Ok(HolidayCoverage {
            current_year_has_data: years.contains(&current_year),
            next_year_has_data: years.contains(&(current_year + 1)),
            current_year,
            next_year: current_year + 1,
            years,
        })
    }

    /// The schedule as a value, for the pure status functions.
    pub async fn timetable(&self) -> Result<Timetable> {
        let mut conn = self.pool().acquire().await?;
        self.timetable_on(&mut conn, self.business_day()).await
    }

    /// How a date runs ("YYYY-MM-DD"): weekly plan, holiday, special hours or make-up day.
    pub async fn day_plan(&self, date: &str) -> Result<DayInfo> {
        let date = parse_calendar_date("date", date)?;
        let mut conn = self.pool().acquire().await?;
        Ok(self.timetable_on(&mut conn, date).await?.day(date))
    }

    /// The hall's status now, with today's waiting and served counts.
    pub async fn hall_status(&self) -> Result<HallStatus> {
        let now = self.now();
        let mut conn = self.pool().acquire().await?;
        let tt = self.timetable_on(&mut conn, self.business_day()).await?;
        self.status_with(&mut conn, &tt, now).await
    }

    /// The status at `now`, counting today's people and those of an earlier day still
    /// being served (`open_days`).
    async fn status_with(
        &self,
        conn: &mut SqliteConnection,
        tt: &Timetable,
        now: DateTime<Utc>,
    ) -> Result<HallStatus> {
        let day = now.with_timezone(&tt.offset()).date_naive().to_string();
        let today = tickets::holding(conn, &day).await?;
        let carried = crate::open_days::carried(conn, &day).await?;
        let ids = services::ids(conn).await?;
        Ok(tt.status_carrying(now, today, carried, &ids))
    }

    /// The service `service_id` as issuing sees it, and whether it may issue at `now_ms`
    /// (the inner `Err` says why not); runs inside the issuing transaction, so the plan it
    /// reads is the one the ticket is written under.
    pub(crate) async fn issuing(
        &self,
        tx: &mut WriteTx,
        service_id: i64,
        now_ms: i64,
    ) -> Result<(Service, Result<()>)> {
        let now = Utc
            .timestamp_millis_opt(now_ms)
            .single()
            .ok_or(Error::Invalid { field: "clock" })?;
        let date = now.with_timezone(&self.offset()).date_naive();
        let kept = self.timetable_in_write(tx, date).await?;
        let service = kept
            .services
            .iter()
            .find(|s| s.id == service_id)
            .cloned()
            .ok_or(Error::UnknownService(service_id))?;
        let tt = &kept.timetable;
        let svc = tt.service_issuing(service_id, now);
        if svc.issuing_open {
            return Ok((service, Ok(())));
        }
        // Why not: read through sqlx, after the write's deferred savepoint.
        tx.ready().await?;
        let hall = self.status_with(tx, tt, now).await?;
        let opens_at = svc.opens_at.map(|o| o.iso);
        let refusal = if hall.issuing_open {
            // The hall still issues; this service's own earlier cutoff has passed.
            Error::ServiceCutoff {
                prefix: service.prefix.clone(),
                cutoff: service_cutoff_time(tt, service_id, &hall).unwrap_or_default(),
                opens_at,
            }
        } else {
            Error::IssuingClosed {
                status: hall.status.as_str().into(),
                opens_at,
            }
        };
        Ok((service, Err(refusal)))
    }

    /// Ends the business day: refused while anyone waits or is being served (naming the
    /// numbers) and while issuing is open or opens again today; closes every counter and
    /// records the day with its closing time. After midnight it ends the earlier day still
    /// being served, or the evening's day (see `open_days` for which).
    /// The audit list records it with `by` (the screen or device).
    pub async fn end_day(&self, by: &str) -> Result<DayRecord> {
        let now = self.now();
        let today = self.business_day();
        let mut tx = self.begin_write().await?;
        let day = self.day_to_end(&mut tx, today).await?;
        let key = day.to_string();
        let held = tickets::held_numbers(&mut tx, &key, LISTED_NUMBERS).await?;
        if !held.is_empty() {
            let (waiting, serving) = tickets::holding(&mut tx, &key).await?;
            return Err(Error::QueueNotEmpty {
                business_day: key,
                count: waiting + serving,
                numbers: held,
            });
        }
        let tt = self.timetable_on(&mut tx, day).await?;
        let closing_at = if day == today {
            let st = tt.status(now, 0, 0, &[]);
            let reopens_today = st.opens_at.as_ref().is_some_and(|o| o.date == key);
            if st.issuing_open || reopens_today {
                return Err(Error::DayNotOver {
                    closing: st.closing.map(|c| c.time).unwrap_or_default(),
                });
            }
            // Booked people may still check in: ending the day would close their counters.
            if let Some(b) = st
                .appointment_day
                .filter(|b| now.timestamp_millis() < b.closes.at)
            {
                return Err(Error::BookingDayNotOver {
                    closing: b.closes.time,
                });
            }
            st.closing.map(|c| c.at)
        } else {
            // An earlier day's date is over: nobody issues or checks in on it any more.
            tt.closing(day).map(|c| c.at)
        };
        day_records::put(&mut tx, &key, closing_at, now.timestamp_millis()).await?;
        // The day's figures are settled: its daily summary, which the statistics read
        // instead of its events (a later correction drops it; see figures::summary).
        crate::figures::summary::summarize_day(
            &mut tx,
            &key,
            &today.to_string(),
            self.settings().utc_offset_minutes,
            now.timestamp_millis(),
        )
        .await?;
        let closed = counters::close_all(&mut tx).await?;
        let mut closed_counters: Vec<Counter> = Vec::with_capacity(closed.len());
        for id in closed {
            closed_counters.push(counters::counter(&mut tx, id).await?);
        }
        // The status now, on today's timetable (the day ended may be an earlier one).
        let tt_now = self.timetable_on(&mut tx, today).await?;
        let status = self.status_with(&mut tx, &tt_now, now).await?;
        self.audit(&mut tx, by, AuditAction::DayEnded, None, &key)
            .await?;
        let record = self.day_record_in(&mut tx, &key).await?;
        let mut events: Vec<HallEvent> = closed_counters
            .into_iter()
            .map(|counter| HallEvent::Counter { counter })
            .collect();
        events.push(HallEvent::Status {
            status: Box::new(status),
        });
        tx.commit_with(events).await?;
        Ok(record)
    }

    /// The business day "end of day" acts on at this hour: the oldest earlier day still
    /// being served; else, before anyone took a number today, yesterday when it has
    /// tickets and was not ended (staff ending the evening just after midnight); else today.
    async fn day_to_end(&self, conn: &mut SqliteConnection, today: NaiveDate) -> Result<NaiveDate> {
        let key = today.to_string();
        if let Some(d) = crate::open_days::carried(conn, &key).await?.first() {
            return parse_calendar_date("business_day", &d.business_day);
        }
        let Some(yesterday) = today.pred_opt() else {
            return Ok(today);
        };
        let evening = yesterday.to_string();
        let unended_evening = !tickets::day_has_tickets(conn, &key).await?
            && tickets::day_has_tickets(conn, &evening).await?
            && day_records::get(conn, &evening).await?.is_none();
        Ok(if unended_evening { yesterday } else { today })
    }

    /// Counts one person the desk guided to the 12123 app; returns today's counts.
    pub async fn guide_to_12123(&self, station: &str) -> Result<GuidanceCount> {
        let station = crate::validate::text("station", station, 40)?;
        let now = self.now();
        let day = self.business_day();
        let key = day.to_string();
        let mut tx = self.begin_write().await?;
        let tt = self.timetable_on(&mut tx, day).await?;
        // The hall's real status (with the people still waiting or served), so that guiding
        // someone during extended service (延时服务) counts as after the cutoff too.
        let st = self.status_with(&mut tx, &tt, now).await?;
        let after_cutoff = !st.issuing_open
            && matches!(
                st.status,
                HallState::LunchBreak | HallState::ExtendedService | HallState::ClosedForDay
            );
        guidance_log::insert(
            &mut tx,
            &key,
            now.timestamp_millis(),
            after_cutoff,
            &station,
        )
        .await?;
        let (today, after) = guidance_log::counts(&mut tx, &key).await?;
        tx.commit().await?;
        Ok(GuidanceCount {
            business_day: key,
            today,
            after_cutoff: after,
        })
    }

    /// The record of a business day ("YYYY-MM-DD"): served after closing, minutes past
    /// closing of the last finish, people guided to 12123.
    pub async fn day_record(&self, date: &str) -> Result<DayRecord> {
        let mut conn = self.pool().acquire().await?;
        self.day_record_in(&mut conn, date).await
    }

    /// [`Hall::day_record`] read on `conn` (inside a write, it sees that write).
    async fn day_record_in(&self, conn: &mut SqliteConnection, date: &str) -> Result<DayRecord> {
        let date = parse_calendar_date("date", date)?;
        let key = date.to_string();
        let tt = self.timetable_on(&mut *conn, date).await?;
        let frozen = day_records::get(&mut *conn, &key).await?;
        let closing_at = match frozen {
            Some((closing_at, _)) => closing_at,
            None => tt.closing(date).map(|c| c.at),
        };
        let (issued, served, after, last) =
            tickets::day_figures(&mut *conn, &key, closing_at).await?;
        let (guided, guided_after) = guidance_log::counts(&mut *conn, &key).await?;
        let minutes_past_closing = match (closing_at, last) {
            (Some(c), Some(l)) if l > c => (l - c + 59_999) / 60_000,
            _ => 0,
        };
        let offset = tt.offset();
        Ok(DayRecord {
            business_day: key,
            closing: closing_at.and_then(|c| instant_at(offset, c)),
            issued,
            served,
            served_after_closing: if closing_at.is_some() { after } else { 0 },
            minutes_past_closing,
            last_finished: last.and_then(|l| instant_at(offset, l)),
            guided_to_12123: guided,
            guided_after_cutoff: guided_after,
            ended_at: frozen.map(|(_, e)| e),
        })
    }

    /// Publishes `HallEvent::Status` when the status differs from `last` (which it
    /// updates); returns whether it published. The shell calls it on a timer.
    pub async fn publish_status_if_changed(&self, last: &mut Option<HallStatus>) -> Result<bool> {
        let status = self.hall_status().await?;
        if last.as_ref() == Some(&status) {
            return Ok(false);
        }
        *last = Some(status.clone());
        self.publish(vec![HallEvent::Status {
            status: Box::new(status),
        }]);
        Ok(true)
    }

    /// Publishes the status whenever it changes, checking once a second (one small
    /// query); runs until the task is dropped. A failed check is retried a second later.
    pub async fn watch_status(self) {
        let mut last = None;
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let _ = self.publish_status_if_changed(&mut last).await;
        }
    }

    /// After an edit of the schedule: screens reload, and get the new status.
    async fn schedule_changed(&self) {
        let mut events = vec![HallEvent::Config];
        if let Ok(status) = self.hall_status().await {
            events.push(HallEvent::Status {
                status: Box::new(status),
            });
        }
        self.publish(events);
    }
}
