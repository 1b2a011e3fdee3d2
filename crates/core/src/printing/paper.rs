//! What goes on the paper: the committed ticket with its fresh figures, the hall's name and
//! the station's footer and QR text. Nothing about the person: a ticket holds none, and
//! `TicketPrint` has no field for it.

use super::settings::StationPrint;
use crate::model::IssuedTicket;
use chrono::{DateTime, FixedOffset, NaiveDate};
use frontdesk_print::{Lang, PrintError, TicketMarks, TicketNumber, TicketPrint};

/// The printable ticket. `today` is today's business day: a ticket of an earlier day still
/// open after midnight says whose number it is.
pub(super) fn ticket(
    issued: &IssuedTicket,
    settings: &StationPrint,
    offset: FixedOffset,
    today: &str,
) -> Result<TicketPrint, PrintError> {
    let t = &issued.ticket;
    let service_name = match settings.lang {
        Lang::En if !t.service_name_en.trim().is_empty() => t.service_name_en.clone(),
        _ => t.service_name.clone(),
    };
    let issued_at = DateTime::from_timestamp_millis(t.issued_at)
        .unwrap_or_default()
        .with_timezone(&offset)
        .naive_local();
    let business_day = (t.business_day != today)
        .then(|| NaiveDate::parse_from_str(&t.business_day, "%Y-%m-%d").ok())
        .flatten();
    Ok(TicketPrint {
        lang: settings.lang,
        hall_name: issued.hall_name.clone(),
        number: TicketNumber::try_from(t.number.as_str())?,
        service_name,
        people_ahead: u32::try_from(issued.ahead).unwrap_or(0),
        estimated_wait_minutes: u32::try_from(issued.estimated_wait_minutes).unwrap_or(0),
        issued_at,
        footer: settings.footer.clone(),
        qr_text: settings.qr_text.clone(),
        marks: TicketMarks {
            priority: t.priority,
            appointment: t.booking_id.is_some(),
            business_day,
        },
    })
}
