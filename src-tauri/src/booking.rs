//! Tauri commands for weekend appointments (预约办): each calls one `Hall` booking method.
//! No rules here; the booking window and the desk's check-in use them. Also the
//! housekeeping that keeps personal data from outliving its purpose (its rules: the core's
//! `Hall::housekeeping`).

use frontdesk_core::booking::identity::{FieldCheck, PersonalField};
use frontdesk_core::booking::{
    BanStatus, BookingDetail, BookingInput, BookingRoster, BookingSession, BookingSummary,
    CheckInBy, CheckInOutcome, RuleOutcome, SessionInput, SessionRule,
};
use frontdesk_core::{BookingSettings, Error, Hall, StaffToken};
use tauri::{Runtime, State, Window};

type R<T> = Result<T, Error>;

#[tauri::command]
pub async fn booking_sessions(
    hall: State<'_, Hall>,
    from: String,
    to: String,
) -> R<Vec<BookingSession>> {
    hall.booking_sessions(&from, &to).await
}

#[tauri::command]
pub async fn create_booking_session(
    hall: State<'_, Hall>,
    staff: StaffToken,
    input: SessionInput,
) -> R<BookingSession> {
    hall.create_booking_session(&staff, input).await
}

#[tauri::command]
pub async fn create_booking_sessions_by_rule(
    hall: State<'_, Hall>,
    staff: StaffToken,
    rule: SessionRule,
) -> R<RuleOutcome> {
    hall.create_booking_sessions_by_rule(&staff, rule).await
}

#[tauri::command]
pub async fn delete_booking_session(
    hall: State<'_, Hall>,
    staff: StaffToken,
    session_id: i64,
) -> R<()> {
    hall.delete_booking_session(&staff, session_id).await
}

#[tauri::command]
pub async fn book(hall: State<'_, Hall>, input: BookingInput) -> R<BookingSummary> {
    hall.book(input).await
}

#[tauri::command]
pub async fn cancel_booking(hall: State<'_, Hall>, booking_id: i64) -> R<BookingSummary> {
    hall.cancel_booking(booking_id).await
}

#[tauri::command]
pub async fn reschedule_booking(
    hall: State<'_, Hall>,
    booking_id: i64,
    slot_id: i64,
) -> R<BookingSummary> {
    hall.reschedule_booking(booking_id, slot_id).await
}

#[tauri::command]
pub async fn lift_booking_ban(
    hall: State<'_, Hall>,
    staff: StaffToken,
    id_number: String,
) -> R<BanStatus> {
    hall.lift_booking_ban(&staff, &id_number).await
}

#[tauri::command]
pub async fn check_in<Rt: Runtime>(
    window: Window<Rt>,
    hall: State<'_, Hall>,
    by: CheckInBy,
) -> R<CheckInOutcome> {
    let out = hall.check_in(by).await?;
    crate::printing::after_issue(&window, &hall, &out.ticket);
    Ok(out)
}

#[tauri::command]
pub async fn check_booking_field(
    hall: State<'_, Hall>,
    field: PersonalField,
    value: String,
) -> R<FieldCheck> {
    Ok(hall.check_booking_field(field, &value))
}

#[tauri::command]
pub async fn booking_roster(hall: State<'_, Hall>, date: String) -> R<BookingRoster> {
    hall.booking_roster(&date).await
}

#[tauri::command]
pub async fn search_bookings(hall: State<'_, Hall>, query: String) -> R<Vec<BookingSummary>> {
    hall.search_bookings(&query).await
}

/// The only command that returns a person's name, ID and phone in full.
#[tauri::command]
/// Masked without `staff`; in full (and audited) with a live staff session.
pub async fn booking_detail(
    hall: State<'_, Hall>,
    booking_id: i64,
    staff: Option<StaffToken>,
) -> R<BookingDetail> {
    hall.booking_detail(booking_id, staff.as_ref()).await
}

#[tauri::command]
pub async fn booking_settings(hall: State<'_, Hall>) -> R<BookingSettings> {
    hall.booking_settings().await
}

#[tauri::command]
pub async fn save_booking_settings(
    hall: State<'_, Hall>,
    staff: StaffToken,
    settings: BookingSettings,
) -> R<BookingSettings> {
    hall.save_booking_settings(&staff, settings).await
}

/// The hall's chores (purging old personal data, marking missed bookings), for as long as
/// the app runs.
pub fn start_housekeeping(hall: Hall) {
    tauri::async_runtime::spawn(hall.housekeeping());
}
