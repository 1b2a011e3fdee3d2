//! A kiosk on the hall's network prints like the host's own kiosk window: each number it
//! takes (or appointment it checks in) goes to the kiosk printer set in 设置 → 打印 on the host,
//! once the number is committed and answered, and the outcome reaches the screens as a print
//! event (the desk marks a failed one 未打印). Which device prints where is the core's rule
//! (`frontdesk_core::printing::station_of_device`).

use frontdesk_core::booking::CheckInOutcome;
use frontdesk_core::devices::Device;
use frontdesk_core::printing::station_of_device;
use frontdesk_core::{Hall, IssuedTicket};
use serde_json::Value;

/// Prints the number in `answer`, the committed answer of `op` run for `device` (not a
/// retry's stored answer: that number was printed when it was taken).
pub(crate) fn after_issue(hall: &Hall, device: &Device, op: &str, answer: &Value) {
    let Some(station) = station_of_device(device.role) else {
        return;
    };
    let issued = match op {
        "issue_ticket" => serde_json::from_value::<IssuedTicket>(answer.clone()).ok(),
        "check_in" => serde_json::from_value::<CheckInOutcome>(answer.clone())
            .ok()
            .map(|out| out.ticket),
        _ => None,
    };
    if let Some(issued) = issued {
        hall.print_after_issue(&issued, station);
    }
}
