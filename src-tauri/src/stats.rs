//! Tauri commands for the statistics screen (统计) and the counter's rating window (好差评):
//! each calls one `Hall` method. Also the two windows: one statistics screen, and one
//! rating window per counter (facing the person at the counter, on a second monitor).

use crate::commands::AppFacts;
use frontdesk_core::ratings::{FollowUpInput, PoorRating, Rating, RatingInput};
use frontdesk_core::stats::{ExportRequest, Statistics, StatsQuery};
use frontdesk_core::{Error, Hall, Ticket};
use tauri::{AppHandle, Manager, Runtime, State, WebviewUrl, WebviewWindowBuilder};

type R<T> = Result<T, Error>;

/// The statistics window's label.
pub const STATISTICS: &str = "statistics";

#[tauri::command]
pub async fn statistics(hall: State<'_, Hall>, query: StatsQuery) -> R<Statistics> {
    hall.statistics(query).await
}

#[tauri::command]
pub async fn save_target_wait_minutes(hall: State<'_, Hall>, minutes: i64) -> R<i64> {
    hall.save_target_wait_minutes(minutes).await
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
pub async fn poor_ratings(hall: State<'_, Hall>, from: String, to: String) -> R<Vec<PoorRating>> {
    hall.poor_ratings(&from, &to).await
}

#[tauri::command]
pub async fn follow_up_rating(hall: State<'_, Hall>, input: FollowUpInput) -> R<PoorRating> {
    hall.follow_up_rating(input).await
}

/// Opens the statistics screen (or brings it to the front).
#[tauri::command]
pub async fn open_statistics<Rt: Runtime>(app: AppHandle<Rt>) -> R<String> {
    let failed = |_| Error::Invalid { field: "window" };
    if let Some(w) = app.get_webview_window(STATISTICS) {
        w.set_focus().map_err(failed)?;
    } else {
        WebviewWindowBuilder::new(&app, STATISTICS, WebviewUrl::App("statistics.html".into()))
            .title("FrontDesk 统计")
            .inner_size(1366.0, 768.0)
            .min_inner_size(1024.0, 640.0)
            .build()
            .map_err(failed)?;
    }
    Ok(STATISTICS.into())
}

/// Opens the rating window of a counter (one per counter; a second call focuses it).
#[tauri::command]
pub async fn open_rating_window<Rt: Runtime>(
    app: AppHandle<Rt>,
    hall: State<'_, Hall>,
    counter_id: i64,
) -> R<String> {
    // An unknown counter is refused before a window opens.
    hall.counter_view(counter_id).await?;
    let failed = |_| Error::Invalid { field: "window" };
    let label = format!("rating-{counter_id}");
    if let Some(w) = app.get_webview_window(&label) {
        w.set_focus().map_err(failed)?;
    } else {
        let url = format!("rating.html?counter={counter_id}");
        WebviewWindowBuilder::new(&app, &label, WebviewUrl::App(url.into()))
            .title("FrontDesk 评价")
            .inner_size(800.0, 600.0)
            .min_inner_size(480.0, 400.0)
            .build()
            .map_err(failed)?;
    }
    Ok(label)
}
