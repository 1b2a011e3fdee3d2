//! What the wall display shows and says: its settings (notice, voice, monitor) and the
//! clip sequence of each announcement.

use crate::announce;
use crate::error::{Error, Result};
use crate::hall::Hall;
use crate::model::DisplaySettings;
use crate::validate;
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

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

    async fn load(conn: &mut SqliteConnection) -> Result<Self> {
        Ok(match crate::table::settings::get(conn, KEY).await? {
            Some(json) => serde_json::from_str(&json).unwrap_or_default(),
            None => Self::default(),
        })
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
        DisplaySettings::load(&mut conn).await
    }

    /// Saves the display's settings.
    pub async fn save_display_settings(&self, s: DisplaySettings) -> Result<DisplaySettings> {
        s.validate()?;
        self.store_json(KEY, &s).await?;
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
