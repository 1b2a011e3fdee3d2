//! What the wall display shows and says: its settings (notice, voice, monitor) and the
//! clip sequence of each announcement.

use crate::announce::{self, Lang};
use crate::error::{Error, Result};
use crate::events::HallEvent;
use crate::hall::Hall;
use crate::validate;
use serde::{Deserialize, Serialize};

/// Settings of the wall display and its voice. Stored as one JSON document; a field added
/// later takes its default when read from an older document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DisplaySettings {
    /// The scrolling notice at the bottom of the display.
    pub notice: String,
    /// Rows of recent calls (6–10).
    pub recent_rows: i64,
    /// Seconds the current call flashes.
    pub flash_seconds: i64,
    /// Seconds without any word from the hall before the display says it is offline.
    pub offline_after_seconds: i64,
    pub voice_enabled: bool,
    /// 0–100.
    pub voice_volume: i64,
    /// How many times the phrase is said (1–3).
    pub voice_repeat: i64,
    /// Languages spoken, in order (Chinese, optionally followed by English).
    pub voice_langs: Vec<Lang>,
    /// A folder with the hall's own recordings (`zh-CN/<clip>.wav`, `en/<clip>.wav`);
    /// any clip missing there falls back to the shipped one. Empty: shipped clips only.
    pub voice_folder: String,
    /// Open the display window when the app starts.
    pub open_on_start: bool,
    /// The monitor the display goes full screen on (its name); empty: the second monitor
    /// when there is one, else windowed on the first.
    pub monitor: String,
}

impl Default for DisplaySettings {
    fn default() -> Self {
        Self {
            notice: "请留意叫号，过号请到取号台重新排队。非现场交通违法可通过“交管12123”App办理。"
                .into(),
            recent_rows: 8,
            flash_seconds: 6,
            offline_after_seconds: 6,
            voice_enabled: true,
            voice_volume: 90,
            voice_repeat: 2,
            voice_langs: vec![Lang::Zh],
            voice_folder: String::new(),
            open_on_start: false,
            monitor: String::new(),
        }
    }
}

const KEY: &str = "display";

impl DisplaySettings {
    /// Checks every field; nothing is written when one is wrong.
    pub fn validate(&self) -> Result<()> {
        validate::text("notice", &self.notice, 300)?;
        validate::range("recent_rows", self.recent_rows, 6, 10)?;
        validate::range("flash_seconds", self.flash_seconds, 1, 30)?;
        validate::range("offline_after_seconds", self.offline_after_seconds, 3, 120)?;
        validate::range("voice_volume", self.voice_volume, 0, 100)?;
        validate::range("voice_repeat", self.voice_repeat, 1, 3)?;
        if self.voice_langs.is_empty() {
            return Err(Error::Empty {
                field: "voice_langs",
            });
        }
        validate::text("voice_folder", &self.voice_folder, 500)?;
        validate::text("monitor", &self.monitor, 200)?;
        Ok(())
    }
}

/// One announcement: the clips to play in order, and how loud.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Announcement {
    pub number: String,
    pub window: i64,
    /// Clip paths relative to the voice folder, e.g. `zh-CN/qing`.
    pub clips: Vec<String>,
    pub volume: i64,
}

impl Hall {
    /// The display's settings.
    pub async fn display_settings(&self) -> Result<DisplaySettings> {
        let mut conn = self.pool().acquire().await?;
        crate::settings::get_json(&mut conn, KEY).await
    }

    /// Saves the display's settings.
    pub async fn save_display_settings(&self, s: DisplaySettings) -> Result<DisplaySettings> {
        s.validate()?;
        let json = serde_json::to_string(&s).map_err(|_| Error::Invalid { field: "settings" })?;
        let mut tx = self.begin_write().await?;
        crate::settings::put(&mut tx, KEY, &json).await?;
        tx.commit_with(vec![HallEvent::Config]).await?;
        Ok(s)
    }

    /// The clips that announce `number` at window `window`: a chime, then the phrase in
    /// each configured language, repeated as configured.
    pub async fn announcement(&self, number: &str, window: i64) -> Result<Announcement> {
        let s = self.display_settings().await?;
        let w = u32::try_from(window).map_err(|_| Error::Invalid { field: "window" })?;
        let mut clips = Vec::new();
        for (i, lang) in s.voice_langs.iter().enumerate() {
            let seq = announce::announcement(*lang, number, w, s.voice_repeat as u8)
                .map_err(|_| Error::Invalid { field: "number" })?;
            // One chime per announcement, before the first language.
            let seq = if i == 0 {
                seq
            } else {
                seq.into_iter().skip(1).collect()
            };
            if i > 0 {
                clips.push(format!("{}/{}", lang.folder(), announce::PAUSE));
            }
            clips.extend(seq.into_iter().map(|c| format!("{}/{c}", lang.folder())));
        }
        Ok(Announcement {
            number: number.to_string(),
            window,
            clips,
            volume: s.voice_volume,
        })
    }
}
