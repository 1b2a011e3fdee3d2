//! Tauri commands for the statistics screen (统计) and the counter's rating window (好差评):
//! each calls one `Hall` method. Also the rating window: one per counter, facing the person
//! at the counter (a second monitor); the statistics window opens through `open_window`.

use crate::commands::AppFacts;
use crate::error::ShellError;
use crate::windows::WindowKind;
use frontdesk_core::ratings::{FollowUpInput, PoorRating, Rating, RatingInput};
use frontdesk_core::stats::{ExportRequest, Statistics, StatsQuery};
use frontdesk_core::{Error, Hall, Ticket};
use tauri::{AppHandle, Runtime, State};

type R<T> = Result<T, Error>;

#[tauri::command]
pub async fn statistics(hall: State<'_, Hall>, query: StatsQuery) -> R<Statistics> {
    hall.statistics(query).await
}

/// Writes the export into the data folder's `exports` folder; returns the files' paths.
#[tauri::command]
pub async fn export_statistics(
    hall: State<'_, Hall>,
    facts: State<'_, AppFacts>,
    request: ExportRequest,
) -> R<Vec<String>> {
    let files = hall
        .export_statistics(request, &facts.data_dir.join("exports"))
        .await?;
    Ok(files.iter().map(|p| p.display().to_string()).collect())
}

#[tauri::command]
pub async fn rate_ticket(hall: State<'_, Hall>, input: RatingInput) -> R<Rating> {
    hall.rate_ticket(input).await
}

#[tauri::command]
pub async fn rating_prompt(hall: State<'_, Hall>, counter_id: i64) -> R<Option<Ticket>> {
    hall.rating_prompt(counter_id).await
}

#[tauri::command]
pub async fn follow_up_rating(hall: State<'_, Hall>, input: FollowUpInput) -> R<PoorRating> {
    hall.follow_up_rating(input).await
}

/// Opens the rating window of a counter (one per counter; a second call focuses it).
#[tauri::command]
pub async fn open_rating_window<Rt: Runtime>(
    app: AppHandle<Rt>,
    hall: State<'_, Hall>,
    counter_id: i64,
) -> Result<String, ShellError> {
    // An unknown counter is refused before a window opens.
    hall.counter_view(counter_id).await?;
    // The rating window belongs to its counter: a refusal names the counter's window.
    crate::windows::open_rating(&app, counter_id).map_err(ShellError::window(WindowKind::Counter))
}
