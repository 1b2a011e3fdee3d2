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
    AuditEntry, BackupInfo, CallOutcome, Counter, CounterInput, CounterView, Error, Hall,
    HallSettings, HallSnapshot, HallStatus, IssueRequest, IssuedTicket, PinStatus,
    ScheduleSettings, Service, ServiceInput, StaffToken, Ticket, TicketStatus, TransferTarget,
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
    /// The personal-data key's folder, beside the data folder: 设置 says to back it up apart.
    pub key_dir: String,
    /// Where the key is kept now: the OS key store, or the key file in `key_dir`.
    pub key_home: frontdesk_core::key_store::KeyHome,
    /// Writes are failing now: the screen shows it until a `storage` event says otherwise.
    pub writes_failing: bool,
}

/// Held in Tauri's state: the launch facts for `app_info`.
pub struct AppFacts {
    pub test_mode: bool,
    pub data_dir: PathBuf,
}

#[tauri::command]
pub async fn app_info(facts: State<'_, AppFacts>, hall: State<'_, Hall>) -> R<AppInfo> {
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION"),
        test_mode: facts.test_mode,
        data_dir: facts.data_dir.display().to_string(),
        key_dir: frontdesk_core::personal_key::key_dir_for(&facts.data_dir)
            .display()
            .to_string(),
        key_home: hall.key_home().clone(),
        writes_failing: hall.writes_failing(),
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
pub async fn void_ticket<Rt: Runtime>(
    window: tauri::Window<Rt>,
    hall: State<'_, Hall>,
    ticket_id: i64,
) -> R<Ticket> {
    hall.void_ticket(ticket_id, window.label()).await
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
pub async fn save_service(
    hall: State<'_, Hall>,
    staff: StaffToken,
    input: ServiceInput,
) -> R<Service> {
    hall.save_service(&staff, input).await
}

#[tauri::command]
pub async fn save_counter(
    hall: State<'_, Hall>,
    staff: StaffToken,
    input: CounterInput,
) -> R<Counter> {
    hall.save_counter(&staff, input).await
}

#[tauri::command]
pub async fn hall_settings(hall: State<'_, Hall>) -> R<HallSettings> {
    Ok(hall.settings())
}

#[tauri::command]
pub async fn save_settings(
    hall: State<'_, Hall>,
    staff: StaffToken,
    settings: HallSettings,
) -> R<HallSettings> {
    hall.save_settings(&staff, settings).await
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
        return Ok(windows::DISPLAY.label.into());
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
    staff: StaffToken,
    settings: DisplaySettings,
) -> R<DisplaySettings> {
    hall.save_display_settings(&staff, settings).await
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
    staff: StaffToken,
    settings: ScheduleSettings,
) -> R<ScheduleSettings> {
    hall.save_schedule_settings(&staff, settings).await
}

#[tauri::command]
pub async fn exceptions(hall: State<'_, Hall>, year: Option<i32>) -> R<Vec<DateException>> {
    hall.exceptions(year).await
}

#[tauri::command]
pub async fn save_exception(
    hall: State<'_, Hall>,
    staff: StaffToken,
    input: ExceptionInput,
) -> R<DateException> {
    hall.save_exception(&staff, input).await
}

#[tauri::command]
pub async fn remove_exception(hall: State<'_, Hall>, staff: StaffToken, id: i64) -> R<()> {
    hall.remove_exception(&staff, id).await
}

/// The text of a holiday-cn year file, read by the settings screen.
#[tauri::command]
pub async fn import_holidays(
    hall: State<'_, Hall>,
    staff: StaffToken,
    json: String,
) -> R<ImportSummary> {
    hall.import_holidays(&staff, &json).await
}

#[tauri::command]
pub async fn holiday_coverage(hall: State<'_, Hall>) -> R<HolidayCoverage> {
    hall.holiday_coverage().await
}

#[tauri::command]
pub async fn end_day<Rt: Runtime>(
    window: tauri::Window<Rt>,
    hall: State<'_, Hall>,
) -> R<DayRecord> {
    hall.end_day(window.label()).await
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

/// Whether the administrator PIN exists and whether it is locked.
#[tauri::command]
pub async fn pin_status(hall: State<'_, Hall>) -> R<PinStatus> {
    hall.pin_status().await
}

/// Creates the PIN (only while there is none) and opens a staff session for this window.
#[tauri::command]
pub async fn create_pin<Rt: Runtime>(
    window: tauri::Window<Rt>,
    hall: State<'_, Hall>,
    pin: String,
) -> R<StaffToken> {
    hall.create_pin(&pin, window.label()).await
}

/// Checks the PIN typed in this window and opens a staff session for it.
#[tauri::command]
pub async fn unlock<Rt: Runtime>(
    window: tauri::Window<Rt>,
    hall: State<'_, Hall>,
    pin: String,
) -> R<StaffToken> {
    hall.unlock(&pin, window.label()).await
}

#[tauri::command]
pub async fn change_pin(hall: State<'_, Hall>, staff: StaffToken, pin: String) -> R<()> {
    hall.change_pin(&staff, &pin).await
}

#[tauri::command]
pub async fn sign_out(hall: State<'_, Hall>, staff: StaffToken) -> R<()> {
    hall.sign_out(&staff);
    Ok(())
}

#[tauri::command]
pub async fn audit_log(hall: State<'_, Hall>, staff: StaffToken) -> R<Vec<AuditEntry>> {
    hall.audit_log(&staff).await
}

/// Makes a backup now (设置 → 密码与审计).
#[tauri::command]
pub async fn backup_now(hall: State<'_, Hall>, staff: StaffToken) -> R<BackupInfo> {
    hall.backup_now(&staff).await
}

#[tauri::command]
pub async fn backups(hall: State<'_, Hall>, staff: StaffToken) -> R<Vec<BackupInfo>> {
    hall.backups(&staff).await
}

/// Sets the backup `name` to replace the database, then restarts the app on it.
#[tauri::command]
pub async fn restore_backup<Rt: Runtime>(
    app: AppHandle<Rt>,
    hall: State<'_, Hall>,
    staff: StaffToken,
    name: String,
) -> R<()> {
    hall.restore_backup(&staff, &name).await?;
    // The folder's lock and the pool go with this process; the new one opens the backup.
    app.restart()
}
