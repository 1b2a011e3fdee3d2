//! Calls the `Hall` method behind each operation a device may call, with the arguments in
//! the same JSON object `ui/js/api.js` passes to Tauri's `invoke` (camelCase names), and
//! answers the same JSON the Tauri command returns. The host-only operations are never
//! reached from here (the route refuses them first); `tests/routes.rs` checks that every
//! other operation of `OPS` is answered.

use frontdesk_core::booking::CheckInBy;
use frontdesk_core::ratings::RatingInput;
use frontdesk_core::{
    DeviceError, Error, Hall, IssueRequest, Result, Station, TicketStatus, TransferTarget,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// The argument `name`; a missing or malformed one is refused as bad input.
fn arg<T: DeserializeOwned>(args: &Value, name: &'static str) -> Result<T> {
    let v = args.get(name).cloned().unwrap_or(Value::Null);
    serde_json::from_value(v).map_err(|_| Error::Invalid { field: name })
}

fn answer<T: Serialize>(v: T) -> Result<Value> {
    serde_json::to_value(v).map_err(|e| Error::Storage(sqlx::Error::Decode(Box::new(e))))
}

/// Runs the operation `op` (already allowed for the caller) and answers its JSON. `by` names
/// the calling device in the audit list (a void, the end of the day).
pub(crate) async fn run(
    hall: &Hall,
    test_mode: bool,
    by: &str,
    op: &str,
    a: &Value,
) -> Result<Value> {
    let counter = || arg::<i64>(a, "counterId");
    let ticket = || arg::<i64>(a, "ticketId");
    match op {
        "app_info" => Ok(json!({
            "version": env!("CARGO_PKG_VERSION"),
            "test_mode": test_mode,
            // Where the host keeps its data is not the device's business.
            "data_dir": "",
        })),
        "snapshot" => answer(hall.snapshot().await?),
        "services" => answer(hall.services().await?),
        "counters" => answer(hall.counters().await?),
        "hall_settings" => answer(hall.settings()),
        "hall_status" => answer(hall.hall_status().await?),
        "schedule_settings" => answer(hall.schedule_settings().await?),
        "issue_ticket" => answer(
            hall.issue_ticket(arg::<IssueRequest>(a, "request")?)
                .await?,
        ),
        "reprint_ticket" => answer(hall.reprint_ticket(ticket()?).await?),
        "void_ticket" => answer(hall.void_ticket(ticket()?, by).await?),
        "requeue" => answer(hall.requeue(ticket()?).await?),
        "tickets_today" => answer(
            hall.tickets_today(arg::<TicketStatus>(a, "status")?)
                .await?,
        ),
        "end_day" => answer(hall.end_day(by).await?),
        "guide_to_12123" => answer(hall.guide_to_12123(&arg::<String>(a, "station")?).await?),
        "day_record" => answer(hall.day_record(&arg::<String>(a, "date")?).await?),
        "counter_view" => answer(hall.counter_view(counter()?).await?),
        "open_counter" => answer(hall.open_counter(counter()?).await?),
        "pause_counter" => {
            let reason = arg::<String>(a, "reason")?;
            answer(hall.pause_counter(counter()?, &reason).await?)
        }
        "resume_counter" => answer(hall.resume_counter(counter()?).await?),
        "close_counter" => answer(hall.close_counter(counter()?).await?),
        "call_next" => answer(hall.call_next(counter()?).await?),
        "call_number" => {
            let number = arg::<String>(a, "number")?;
            let day = arg::<Option<String>>(a, "businessDay")?;
            answer(
                hall.call_number_on(counter()?, &number, day.as_deref())
                    .await?,
            )
        }
        "recall" => answer(hall.recall(counter()?, ticket()?).await?),
        "no_show" => answer(hall.no_show(counter()?, ticket()?).await?),
        "finish" => answer(hall.finish(counter()?, ticket()?).await?),
        "transfer" => {
            let target = arg::<TransferTarget>(a, "target")?;
            answer(hall.transfer(counter()?, ticket()?, target).await?)
        }
        "display_settings" => answer(hall.display_settings().await?),
        "announcement" => {
            let number = arg::<String>(a, "number")?;
            answer(hall.announcement(&number, arg::<i64>(a, "window")?).await?)
        }
        "voice_overrides" => {
            let s = hall.display_settings().await?;
            answer(frontdesk_core::voice::overrides(&s.voice_folder))
        }
        "rating_prompt" => answer(hall.rating_prompt(counter()?).await?),
        "rate_ticket" => answer(hall.rate_ticket(arg::<RatingInput>(a, "input")?).await?),
        "check_in" => answer(hall.check_in(arg::<CheckInBy>(a, "by")?).await?),
        "kiosk_settings" => answer(hall.kiosk_settings().await?),
        "kiosk_prints" => answer(hall.prints_on_issue(Station::Kiosk).await?),
        "unprinted_tickets" => answer(hall.unprinted_tickets().await?),
        // `voice_clip` answers bytes (routes.rs); the rest of OPS is the host's only.
        _ => Err(DeviceError::UnknownOperation { op: op.into() }.into()),
    }
}

/// The bytes of one of the hall's own voice clips (`voice_clip`).
pub(crate) async fn voice_clip(hall: &Hall, a: &Value) -> Result<Vec<u8>> {
    let clip = arg::<String>(a, "clip")?;
    let s = hall.display_settings().await?;
    frontdesk_core::voice::read(&s.voice_folder, &clip).ok_or(Error::Invalid { field: "clip" })
}
