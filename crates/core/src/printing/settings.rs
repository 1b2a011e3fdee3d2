//! 设置 → 打印: one group of settings per station (the desk, the kiosk), each one JSON row.

use crate::error::Result;
use crate::hall::Hall;
use crate::model::printing::Station;
use crate::validate;
use frontdesk_print::{check_free_text, Lang, PrinterConfig, Transport};
use serde::{Deserialize, Serialize};

/// One station's ticket printer and what it adds to a ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StationPrint {
    /// The printer (transport, paper width, encoding, QR mode); `None`: no ticket printer
    /// here (the desk then reprints through the system dialog).
    pub printer: Option<PrinterConfig>,
    /// Print every ticket as soon as it is issued here.
    pub auto_print: bool,
    /// Printed under the ticket, e.g. the 12123 hint. Empty: none.
    pub footer: String,
    /// The QR code's text (a URL, say). Empty: no QR code.
    pub qr_text: String,
    /// The language of the printed labels.
    pub lang: Lang,
}

impl Default for StationPrint {
    fn default() -> Self {
        Self {
            printer: None,
            auto_print: true,
            footer: "非现场交通违法可通过“交管12123”App办理".into(),
            qr_text: String::new(),
            lang: Lang::ZhCn,
        }
    }
}

impl StationPrint {
    /// Refuses a printer that cannot work and a text that could carry a phone or ID number;
    /// nothing is written when one is wrong.
    pub fn validate(&self) -> Result<()> {
        validate::text("footer", &self.footer, 120)?;
        validate::text("qr_text", &self.qr_text, 300)?;
        check_free_text("footer", &self.footer)?;
        check_free_text("qr_text", &self.qr_text)?;
        if let Some(p) = &self.printer {
            p.check()?;
        }
        Ok(())
    }
}

/// The printer's address as error parameters name it.
pub(crate) fn target_of(config: &PrinterConfig) -> String {
    match &config.transport {
        Transport::Tcp { host, port } => format!("{host}:{port}"),
        Transport::Device { path } => path.display().to_string(),
        Transport::Queue { name } => name.clone(),
    }
}

impl Hall {
    /// The printer settings of `station` (defaults: no printer, auto-print on).
    pub async fn print_settings(&self, station: Station) -> Result<StationPrint> {
        let mut conn = self.pool().acquire().await?;
        crate::table::settings::load_json(&mut conn, station.key()).await
    }

    /// Saves the printer settings of `station`, trimmed, after checking them.
    pub async fn save_print_settings(
        &self,
        station: Station,
        mut s: StationPrint,
    ) -> Result<StationPrint> {
        s.footer = s.footer.trim().to_string();
        s.qr_text = s.qr_text.trim().to_string();
        if let Some(p) = &mut s.printer {
            match &mut p.transport {
                Transport::Tcp { host, .. } => *host = host.trim().to_string(),
                Transport::Queue { name } => *name = name.trim().to_string(),
                Transport::Device { path } => {
                    let trimmed = path.to_string_lossy().trim().to_string();
                    *path = trimmed.into();
                }
            }
        }
        s.validate()?;
        self.store_json(station.key(), &s).await?;
        Ok(s)
    }
}
