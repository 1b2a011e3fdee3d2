//! Tickets on paper, the shell's part: which station a window is, the print after an issue
//! or a check-in (spawned, so the number is on screen before the printer is even asked), and
//! the commands of 设置 → 打印, the desk's printer light, test page and reprint, and the
//! kiosk's settings. The rules and the outcome per ticket live in the core
//! (`frontdesk_core::printing`).

use crate::windows;
use frontdesk_core::{
    Error, Hall, IssuedTicket, KioskSettings, PrintState, PrinterStatus, StaffToken, Station,
    StationPrint, TicketPrintMark,
};
use tauri::{Runtime, State, Window};

type R<T> = Result<T, Error>;

/// The station whose printer a window uses: the desk (main window) or the kiosk. Other
/// windows (counters, booking) do not print tickets.
fn station_of<Rt: Runtime>(window: &Window<Rt>) -> Option<Station> {
    let label = window.label();
    if label == windows::DESK.label {
        Some(Station::Desk)
    } else if label == windows::KIOSK.label {
        Some(Station::Kiosk)
    } else {
        None
    }
}

/// Prints a ticket just issued (or checked in) from `window`, when its station prints on
/// issue, in the background: the command has already answered with the number. The
/// outcome reaches the screens as a `print` event.
pub fn after_issue<Rt: Runtime>(window: &Window<Rt>, hall: &Hall, issued: &IssuedTicket) {
    if let Some(station) = station_of(window) {
        hall.print_after_issue(issued, station);
    }
}

#[tauri::command]
pub async fn print_settings(hall: State<'_, Hall>, station: Station) -> R<StationPrint> {
    hall.print_settings(station).await
}

#[tauri::command]
pub async fn save_print_settings(
    hall: State<'_, Hall>,
    staff: StaffToken,
    station: Station,
    settings: StationPrint,
) -> R<StationPrint> {
    hall.save_print_settings(&staff, station, settings).await
}

#[tauri::command]
pub async fn printer_status(hall: State<'_, Hall>, station: Station) -> R<PrinterStatus> {
    hall.printer_status(station).await
}

#[tauri::command]
pub async fn print_test_page(hall: State<'_, Hall>, station: Station) -> R<PrinterStatus> {
    hall.print_test_page(station).await
}

/// 重打 on the window's own printer, with fresh figures.
#[tauri::command]
pub async fn print_ticket<Rt: Runtime>(
    window: Window<Rt>,
    hall: State<'_, Hall>,
    ticket_id: i64,
) -> R<PrintState> {
    let station = station_of(&window).ok_or(Error::NoPrinter {
        station: window.label().into(),
    })?;
    hall.print_ticket(ticket_id, station).await
}

#[tauri::command]
pub async fn unprinted_tickets(hall: State<'_, Hall>) -> R<Vec<TicketPrintMark>> {
    hall.unprinted_tickets().await
}

#[tauri::command]
pub async fn kiosk_settings(hall: State<'_, Hall>) -> R<KioskSettings> {
    hall.kiosk_settings().await
}

/// Whether the kiosk's numbers are printed (the kiosk's screen says 正在打印 or asks people to
/// remember their number).
#[tauri::command]
pub async fn kiosk_prints(hall: State<'_, Hall>) -> R<bool> {
    hall.prints_on_issue(Station::Kiosk).await
}

#[tauri::command]
pub async fn save_kiosk_settings(
    hall: State<'_, Hall>,
    staff: StaffToken,
    settings: KioskSettings,
) -> R<KioskSettings> {
    hall.save_kiosk_settings(&staff, settings).await
}

/// Leaves the self-service terminal once the core has accepted the staff token (the PIN
/// typed on the kiosk). The kiosk is the only window of a `--kiosk` launch, so closing it
/// ends the app the way the OS's close would.
#[tauri::command]
pub async fn leave_kiosk<Rt: Runtime>(
    window: Window<Rt>,
    hall: State<'_, Hall>,
    staff: StaffToken,
) -> R<()> {
    hall.leave_kiosk(&staff).await?;
    if let Err(e) = window.close() {
        tracing::error!("the kiosk window did not close: {e}");
    }
    Ok(())
}
