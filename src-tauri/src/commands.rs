//! Tauri commands: each is a few lines that call one `Hall` method. No SQL, no rules here;
//! a future HTTP route calls the same methods.

use crate::error::ShellError;
use crate::windows::{self, WindowKind};
use frontdesk_core::display::Announcement;
use frontdesk_core::schedule::{
    DateException, DayRecord, ExceptionInput, GuidanceCount, HolidayCoverage, ImportSummary,
};
use frontdesk_core::DisplaySettings;
use frontdesk_core::{
    CallOutcome, Counter, CounterInput, CounterView, Error, Hall, HallSettings, HallSnapshot,
    HallStatus, IssueRequest, IssuedTicket, ScheduleSettings, Service, ServiceInput, Ticket,
    TicketStatus, TransferTarget,
};
use serde::Serialize;
use std::path::PathBuf;
use tauri::{AppHandle, Emitter, Runtime, State};

type R<T> = Result<T, Error>;
/// For the commands that can also fail in the shell itself.
type ShellResult<T> = Result<T, ShellError>;

/// Facts about this running app that screens need.
#[derive(Serialize)]
pub struct AppInfo {
    pub version: &'static str,
    pub test_mode: bool,
    pub data_dir: String,
}

/// Held in Tauri's state: the launch facts for `app_info`.
pub struct AppFacts {
    pub test_mode: bool,
    pub data_dir: PathBuf,
}

#[tauri::command]
pub async fn app_info(facts: State<'_, AppFacts>) -> R<AppInfo> {
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION"),
        test_mode: facts.test_mode,
        data_dir: facts.data_dir.display().to_string(),
    })
}

#[tauri::command]
pub async fn snapshot(hall: State<'_, Hall>) -> R<HallSnapshot> {
    hall.snapshot().await
}

#[tauri::command]
pub async fn services(hall: State<'_, Hall>) -> R<Vec<Service>> {
    hall.services().await
}

#[tauri::command]
pub async fn counters(hall: State<'_, Hall>) -> R<Vec<Counter>> {
    hall.counters().await
}

/// Issues a number; the window's station prints it afterwards (see `printing`).
#[tauri::command]
pub async fn issue_ticket<Rt: Runtime>(
    window: tauri::Window<Rt>,
    hall: State<'_, Hall>,
    request: IssueRequest,
) -> R<IssuedTicket> {
    let issued = hall.issue_ticket(request).await?;
    crate::printing::after_issue(&window, &hall, &issued);
    Ok(issued)
}

#[tauri::command]
pub async fn reprint_ticket(hall: State<'_, Hall>, ticket_id: i64) -> R<IssuedTicket> {
    hall.reprint_ticket(ticket_id).await
}

#[tauri::command]
pub async fn void_ticket(hall: State<'_, Hall>, ticket_id: i64) -> R<Ticket> {
    hall.void_ticket(ticket_id).await
}

#[tauri::command]
pub async fn requeue(hall: State<'_, Hall>, ticket_id: i64) -> R<Ticket> {
    hall.requeue(ticket_id).await
}

#[tauri::command]
pub async fn tickets_today(hall: State<'_, Hall>, status: TicketStatus) -> R<Vec<Ticket>> {
    hall.tickets_today(status).await
}

#[tauri::command]
pub async fn counter_view(hall: State<'_, Hall>, counter_id: i64) -> R<CounterView> {
    hall.counter_view(counter_id).await
}

#[tauri::command]
pub async fn open_counter(hall: State<'_, Hall>, counter_id: i64) -> R<Counter> {
    hall.open_counter(counter_id).await
}

#[tauri::command]
pub async fn pause_counter(hall: State<'_, Hall>, counter_id: i64, reason: String) -> R<Counter> {
    hall.pause_counter(counter_id, &reason).await
}

#[tauri::command]
pub async fn resume_counter(hall: State<'_, Hall>, counter_id: i64) -> R<Counter> {
    hall.resume_counter(counter_id).await
}

#[tauri::command]
pub async fn close_counter(hall: State<'_, Hall>, counter_id: i64) -> R<Counter> {
    hall.close_counter(counter_id).await
}

#[tauri::command]
pub async fn call_next(hall: State<'_, Hall>, counter_id: i64) -> R<CallOutcome> {
    hall.call_next(counter_id).await
}

#[tauri::command]
pub async fn call_number(
    hall: State<'_, Hall>,
    counter_id: i64,
    number: String,
    business_day: Option<String>,
) -> R<CallOutcome> {
    hall.call_number_on(counter_id, &number, business_day.as_deref())
        .await
}

#[tauri::command]
pub async fn recall(hall: State<'_, Hall>, counter_id: i64, ticket_id: i64) -> R<Ticket> {
    hall.recall(counter_id, ticket_id).await
}

#[tauri::command]
pub async fn no_show(hall: State<'_, Hall>, counter_id: i64, ticket_id: i64) -> R<Ticket> {
    hall.no_show(counter_id, ticket_id).await
}

#[tauri::command]
pub async fn finish(hall: State<'_, Hall>, counter_id: i64, ticket_id: i64) -> R<Ticket> {
    hall.finish(counter_id, ticket_id).await
}

#[tauri::command]
pub async fn transfer(
    hall: State<'_, Hall>,
    counter_id: i64,
    ticket_id: i64,
    target: TransferTarget,
) -> R<Ticket> {
    hall.transfer(counter_id, ticket_id, target).await
}

#[tauri::command]
pub async fn save_service(hall: State<'_, Hall>, input: ServiceInput) -> R<Service> {
    hall.save_service(input).await
}

#[tauri::command]
pub async fn save_counter(hall: State<'_, Hall>, input: CounterInput) -> R<Counter> {
    hall.save_counter(input).await
}

#[tauri::command]
pub async fn hall_settings(hall: State<'_, Hall>) -> R<HallSettings> {
    Ok(hall.settings())
}

#[tauri::command]
pub async fn save_settings(hall: State<'_, Hall>, settings: HallSettings) -> R<HallSettings> {
    hall.save_settings(settings).await
}

#[tauri::command]
pub async fn open_window<Rt: Runtime>(
    app: AppHandle<Rt>,
    hall: State<'_, Hall>,
    kind: WindowKind,
) -> ShellResult<String> {
    if let WindowKind::Display = kind {
        let s = hall.display_settings().await?;
        windows::open_display(&app, &s.monitor).map_err(ShellError::window(kind))?;
        return Ok(windows::DISPLAY.into());
    }
    windows::open(&app, kind).map_err(ShellError::window(kind))
}

#[tauri::command]
pub async fn monitors<Rt: Runtime>(app: AppHandle<Rt>) -> R<Vec<String>> {
    Ok(windows::monitor_names(&app))
}

#[tauri::command]
pub async fn display_settings(hall: State<'_, Hall>) -> R<DisplaySettings> {
    hall.display_settings().await
}

#[tauri::command]
pub async fn save_display_settings(
    hall: State<'_, Hall>,
    settings: DisplaySettings,
) -> R<DisplaySettings> {
    hall.save_display_settings(settings).await
}

#[tauri::command]
pub async fn announcement(hall: State<'_, Hall>, number: String, window: i64) -> R<Announcement> {
    hall.announcement(&number, window).await
}

/// The clips the hall has recorded itself (paths like `zh-CN/qing`), found in the voice
/// folder named in the display settings.
#[tauri::command]
pub async fn voice_overrides(hall: State<'_, Hall>) -> R<Vec<String>> {
    let s = hall.display_settings().await?;
    Ok(crate::voice::overrides(&s.voice_folder))
}

/// The bytes of one of the hall's own clips.
#[tauri::command]
pub async fn voice_clip(hall: State<'_, Hall>, clip: String) -> R<tauri::ipc::Response> {
    let s = hall.display_settings().await?;
    crate::voice::read(&s.voice_folder, &clip)
        .map(tauri::ipc::Response::new)
        .ok_or(Error::Invalid { field: "clip" })
}

#[tauri::command]
pub async fn hall_status(hall: State<'_, Hall>) -> R<HallStatus> {
    hall.hall_status().await
}

#[tauri::command]
pub async fn schedule_settings(hall: State<'_, Hall>) -> R<ScheduleSettings> {
    hall.schedule_settings().await
}

#[tauri::command]
pub async fn save_schedule_settings(
    hall: State<'_, Hall>,
    settings: ScheduleSettings,
) -> R<ScheduleSettings> {
    hall.save_schedule_settings(settings).await
}

#[tauri::command]
pub async fn exceptions(hall: State<'_, Hall>, year: Option<i32>) -> R<Vec<DateException>> {
    hall.exceptions(year).await
}

#[tauri::command]
pub async fn save_exception(hall: State<'_, Hall>, input: ExceptionInput) -> R<DateException> {
    hall.save_exception(input).await
}

#[tauri::command]
pub async fn remove_exception(hall: State<'_, Hall>, id: i64) -> R<()> {
    hall.remove_exception(id).await
}

/// The text of a holiday-cn year file, read by the settings screen.
#[tauri::command]
pub async fn import_holidays(hall: State<'_, Hall>, json: String) -> R<ImportSummary> {
    hall.import_holidays(&json).await
}

#[tauri::command]
pub async fn holiday_coverage(hall: State<'_, Hall>) -> R<HolidayCoverage> {
    hall.holiday_coverage().await
}

#[tauri::command]
pub async fn end_day(hall: State<'_, Hall>) -> R<DayRecord> {
    hall.end_day().await
}

#[tauri::command]
pub async fn guide_to_12123(hall: State<'_, Hall>, station: String) -> R<GuidanceCount> {
    hall.guide_to_12123(&station).await
}

#[tauri::command]
pub async fn day_record(hall: State<'_, Hall>, date: String) -> R<DayRecord> {
    hall.day_record(&date).await
}

/// Test mode only: cuts (false) or restores (true) the display's source of events, to
/// show that it notices and catches up.
#[tauri::command]
pub async fn set_event_link(
    clock: State<'_, crate::TestClock>,
    link: State<'_, crate::EventLink>,
    up: bool,
) -> ShellResult<()> {
    if clock.0.is_none() {
        return Err(ShellError::TestModeOnly);
    }
    link.set(up);
    Ok(())
}

/// Test mode only: moves the hall's clock (the clock keeps running from there).
#[tauri::command]
pub async fn set_test_clock<Rt: Runtime>(
    app: AppHandle<Rt>,
    clock: State<'_, crate::TestClock>,
    at: String,
) -> ShellResult<()> {
    let Some(c) = clock.0.as_ref() else {
        return Err(ShellError::TestModeOnly);
    };
    let at = crate::launch::parse_instant(&at).map_err(|_| Error::Invalid { field: "at" })?;
    c.set(at);
    // Screens run the hall's clock on from their last snapshot: have them take a new one.
    let _ = app.emit(crate::HALL_RESYNC, ());
    Ok(())
}
