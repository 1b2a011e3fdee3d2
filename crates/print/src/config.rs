//! A station's printer: paper width, text encoding, QR mode and how the bytes get there.
//! Serde-ready so 设置 → 打印 can store it as one JSON value per station (desk, kiosk).

use crate::error::PrintError;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::time::Duration;

/// Paper roll width. Decides the columns of a line and the dots of an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum PaperWidth {
    /// 58 mm roll: 32 columns, 384 dots.
    #[serde(rename = "58")]
    Mm58,
    /// 80 mm roll: 48 columns, 576 dots.
    #[default]
    #[serde(rename = "80")]
    Mm80,
}

impl PaperWidth {
    /// Columns of font A (12 dots wide) at normal size. A Chinese character takes two.
    pub fn columns(self) -> usize {
        match self {
            PaperWidth::Mm58 => 32,
            PaperWidth::Mm80 => 48,
        }
    }

    /// Printable dots across (203 dpi heads: 48 mm and 72 mm).
    pub fn dots(self) -> usize {
        match self {
            PaperWidth::Mm58 => 384,
            PaperWidth::Mm80 => 576,
        }
    }
}

/// How text becomes bytes. Printers sold in China read GB18030 in Chinese mode; some older
/// ones only know GBK; a few are set to UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TextEncoding {
    /// The national standard, a superset of GBK (the default).
    #[default]
    Gb18030,
    /// For printers whose font only covers GBK.
    Gbk,
    /// For printers set to UTF-8 (no Chinese mode command is sent).
    #[serde(rename = "utf-8")]
    Utf8,
}

impl TextEncoding {
    /// The `encoding_rs` codec.
    pub fn codec(self) -> &'static encoding_rs::Encoding {
        match self {
            TextEncoding::Gb18030 => encoding_rs::GB18030,
            TextEncoding::Gbk => encoding_rs::GBK,
            TextEncoding::Utf8 => encoding_rs::UTF_8,
        }
    }

    /// Whether the printer needs its Chinese (two-byte) mode switched on with `FS &`. A printer
    /// set to UTF-8 gets no mode command: sending one would make it read UTF-8 as GB pairs.
    pub fn needs_chinese_mode(self) -> bool {
        !matches!(self, TextEncoding::Utf8)
    }
}

/// How the QR code is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QrMode {
    /// The printer draws it from `GS ( k`: compact, sharp, but not every cheap printer has it.
    #[default]
    Native,
    /// Drawn here and sent as a `GS v 0` bit image: works on every ESC/POS printer.
    Raster,
}

/// How the bytes reach the printer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Transport {
    /// Raw TCP ("JetDirect", port 9100): the usual hall printer on the LAN.
    Tcp {
        /// IP address or host name.
        host: String,
        /// 9100 unless the printer says otherwise.
        #[serde(default = "default_port")]
        port: u16,
    },
    /// A local device file: a USB line printer (`/dev/usb/lp0`) or a serial port (`/dev/ttyUSB0`,
    /// set up beforehand with the printer's baud rate, e.g. `stty -F /dev/ttyUSB0 9600 raw`).
    Device {
        /// The device file (`COM3` on Windows).
        path: PathBuf,
    },
    /// A printer installed in the OS: on Linux and macOS a CUPS raw queue (`lp -d NAME -o raw`);
    /// on Windows a printer shared as NAME, the job written to `\\localhost\NAME`.
    Queue {
        /// The queue's name as `lpstat -p` lists it, or the printer's share name on Windows.
        name: String,
    },
}

fn default_port() -> u16 {
    9100
}

/// One station's printer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrinterConfig {
    /// Paper roll width.
    #[serde(default)]
    pub width: PaperWidth,
    /// Text encoding the printer reads.
    #[serde(default)]
    pub encoding: TextEncoding,
    /// Native or raster QR code.
    #[serde(default)]
    pub qr: QrMode,
    /// Where the bytes go.
    pub transport: Transport,
    /// Give up connecting after this long (TCP).
    #[serde(default = "default_connect_ms")]
    pub connect_timeout_ms: u64,
    /// Give up when one write (TCP, device) or the whole spool job (queue) stalls this long.
    #[serde(default = "default_write_ms")]
    pub write_timeout_ms: u64,
    /// How long to wait for the answer to the paper status query before printing anyway.
    /// Printers that do not answer cost this much per ticket, so keep it short; 0 skips the query.
    #[serde(default = "default_status_ms")]
    pub status_timeout_ms: u64,
}

fn default_connect_ms() -> u64 {
    3000
}
fn default_write_ms() -> u64 {
    5000
}
fn default_status_ms() -> u64 {
    400
}

impl PrinterConfig {
    /// Defaults for everything but the transport: 80 mm, GB18030, native QR.
    pub fn new(transport: Transport) -> Self {
        Self {
            width: PaperWidth::default(),
            encoding: TextEncoding::default(),
            qr: QrMode::default(),
            transport,
            connect_timeout_ms: default_connect_ms(),
            write_timeout_ms: default_write_ms(),
            status_timeout_ms: default_status_ms(),
        }
    }

    /// Refuses a configuration that cannot work, before 设置 saves it and before every job:
    /// an empty or malformed host, port 0, an empty device path, a queue name `lp` would misread,
    /// timeouts out of range. Errors are `invalid` with the field and a reason.
    pub fn check(&self) -> Result<(), PrintError> {
        match &self.transport {
            Transport::Tcp { host, port } => {
                if host.trim().is_empty() {
                    return Err(PrintError::invalid("host", "empty"));
                }
                if host.chars().any(|c| c.is_whitespace() || c == '/') {
                    return Err(PrintError::invalid("host", "bad_name"));
                }
                if *port == 0 {
                    return Err(PrintError::invalid("port", "out_of_range"));
                }
            }
            Transport::Device { path } => {
                if path.as_os_str().is_empty() {
                    return Err(PrintError::invalid("path", "empty"));
                }
            }
            Transport::Queue { name } => {
                if name.is_empty() {
                    return Err(PrintError::invalid("queue", "empty"));
                }
                // A name good for both systems: CUPS names are printable, without space, '/'
                // or '#', and a leading '-' would be read by `lp` as an option; a Windows share
                // name has none of `\ / [ ] : | < > + = ; , ? * "` and at most 80 characters
                // (it becomes the path `\\localhost\NAME`).
                let bad = |c: char| {
                    c.is_whitespace() || c.is_control() || "/#\\'\"[]:|<>+=;,?*".contains(c)
                };
                if name.starts_with('-') || name.chars().any(bad) {
                    return Err(PrintError::invalid("queue", "bad_name"));
                }
                if name.chars().count() > 80 {
                    return Err(PrintError::invalid("queue", "too_long"));
                }
            }
        }
        let ranges = [
            ("connect_timeout_ms", self.connect_timeout_ms, 100..=60_000),
            ("write_timeout_ms", self.write_timeout_ms, 100..=120_000),
            ("status_timeout_ms", self.status_timeout_ms, 0..=5_000),
        ];
        for (field, value, range) in ranges {
            if !range.contains(&value) {
                return Err(PrintError::invalid(field, "out_of_range"));
            }
        }
        Ok(())
    }

    pub(crate) fn connect_timeout(&self) -> Duration {
        Duration::from_millis(self.connect_timeout_ms.max(1))
    }

    pub(crate) fn write_timeout(&self) -> Duration {
        Duration::from_millis(self.write_timeout_ms.max(1))
    }

    /// `None` when the status query is switched off.
    pub(crate) fn status_timeout(&self) -> Option<Duration> {
        (self.status_timeout_ms > 0).then(|| Duration::from_millis(self.status_timeout_ms))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_config_reads_back_with_defaults_filled_in() {
        let c: PrinterConfig = serde_json::from_str(
            r#"{"width":"58","encoding":"gbk","transport":{"kind":"tcp","host":"printer.local"}}"#,
        )
        .unwrap();
        assert_eq!(c.width, PaperWidth::Mm58);
        assert_eq!(c.encoding, TextEncoding::Gbk);
        assert_eq!(c.qr, QrMode::Native);
        assert_eq!(
            c.transport,
            Transport::Tcp {
                host: "printer.local".into(),
                port: 9100
            }
        );
        let again: PrinterConfig =
            serde_json::from_value(serde_json::to_value(&c).unwrap()).unwrap();
        assert_eq!(again, c);
        let utf8: TextEncoding = serde_json::from_str(r#""utf-8""#).unwrap();
        assert_eq!(utf8, TextEncoding::Utf8);
    }

    #[test]
    fn a_config_that_cannot_work_is_refused_with_its_field() {
        let tcp = |host: &str, port| {
            PrinterConfig::new(Transport::Tcp {
                host: host.into(),
                port,
            })
        };
        let queue = |name: &str| PrinterConfig::new(Transport::Queue { name: name.into() });
        let refused = |c: PrinterConfig| c.check().unwrap_err().params()["field"].clone();
        assert!(tcp("192.168.1.50", 9100).check().is_ok());
        assert!(tcp("printer.hall.local", 9100).check().is_ok());
        assert!(queue("Thermal_58").check().is_ok());
        assert_eq!(refused(tcp(" ", 9100)), "host");
        assert_eq!(refused(tcp("a b", 9100)), "host");
        assert_eq!(refused(tcp("10.0.0.9", 0)), "port");
        assert_eq!(
            refused(PrinterConfig::new(Transport::Device { path: "".into() })),
            "path"
        );
        assert!(queue("POS-58.hall").check().is_ok());
        // Bad for CUPS, and for a Windows share (whose name becomes \\localhost\NAME).
        for bad in [
            "", "-o", "a b", "a/b", "a#b", r"a\b", "a:b", "a*", "a?", "a|b", "a<b", "a,b", "a;b",
        ] {
            assert_eq!(refused(queue(bad)), "queue", "{bad}");
        }
        let long = queue(&"P".repeat(81)).check().unwrap_err();
        assert_eq!(long.params()["reason"], "too_long");
        assert!(queue(&"P".repeat(80)).check().is_ok());
        let slow = PrinterConfig {
            status_timeout_ms: 10_000,
            ..tcp("192.168.1.50", 9100)
        };
        assert_eq!(refused(slow), "status_timeout_ms");
        let instant = PrinterConfig {
            connect_timeout_ms: 0,
            ..tcp("192.168.1.50", 9100)
        };
        assert_eq!(refused(instant), "connect_timeout_ms");
    }
}
