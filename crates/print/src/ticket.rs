//! What goes on a ticket, and nothing more.
//!
//! `TicketPrint` has no field for an ID number, a phone number or a name, and reading one from
//! JSON with such a field fails (`deny_unknown_fields`). The free texts it does carry (hall name,
//! service, footer, QR text) are checked before printing: a run of 11 or more digits, the shape
//! of a mobile or ID number, is refused.

use crate::error::PrintError;
use crate::text::has_digit_run;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// A ticket number as the hall prints it: one prefix letter and 3 to 5 digits (A001, Y012,
/// A1000). Its shape alone keeps a phone or ID number out of the biggest line on the paper.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TicketNumber(String);

impl TicketNumber {
    /// The number as printed.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for TicketNumber {
    type Error = PrintError;

    fn try_from(s: String) -> Result<Self, PrintError> {
        let mut chars = s.chars();
        let prefix_ok = chars.next().is_some_and(|c| c.is_ascii_uppercase());
        let digits = chars.as_str();
        let digits_ok =
            (3..=5).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
        if prefix_ok && digits_ok {
            Ok(TicketNumber(s))
        } else {
            Err(PrintError::invalid("number", "not_a_ticket_number"))
        }
    }
}

impl TryFrom<&str> for TicketNumber {
    type Error = PrintError;

    fn try_from(s: &str) -> Result<Self, PrintError> {
        TicketNumber::try_from(s.to_owned())
    }
}

impl From<TicketNumber> for String {
    fn from(n: TicketNumber) -> String {
        n.0
    }
}

/// The language of the printed labels (前面还有 … / … ahead). Names (hall, service) come
/// from the caller in the same language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    /// Simplified Chinese, the default.
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    /// English.
    #[serde(rename = "en")]
    En,
}

/// Flags printed above the number.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TicketMarks {
    /// 优先 (老弱病残孕军).
    #[serde(default)]
    pub priority: bool,
    /// Checked in from a booking (预约).
    #[serde(default)]
    pub appointment: bool,
    /// Set when the ticket belongs to a business day that is still open past midnight, so a
    /// reprint at 00:30 does not look like a new day's number.
    #[serde(default)]
    pub business_day: Option<NaiveDate>,
}

/// One ticket, ready for paper.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TicketPrint {
    /// Language of the fixed labels.
    #[serde(default)]
    pub lang: Lang,
    /// The hall's name, at the top.
    pub hall_name: String,
    /// The number, very large.
    pub number: TicketNumber,
    /// The service's name in `lang`.
    pub service_name: String,
    /// People waiting before this ticket.
    pub people_ahead: u32,
    /// The core's estimate, in minutes.
    pub estimated_wait_minutes: u32,
    /// Local date and time in the hall's time zone.
    pub issued_at: NaiveDateTime,
    /// Configurable, e.g. the 12123 hint. Empty: no footer.
    #[serde(default)]
    pub footer: String,
    /// Configurable QR content (a URL, say). Empty: no QR code.
    #[serde(default)]
    pub qr_text: String,
    /// Priority, appointment, old business day.
    #[serde(default)]
    pub marks: TicketMarks,
}

/// A phone number has 11 digits, an ID number 18: any run this long is refused.
pub const SUSPICIOUS_DIGIT_RUN: usize = 11;

/// The check 设置 runs on a configured text (footer, QR text, hall name) before saving it, and
/// rendering runs on every text of a ticket.
pub fn check_free_text(field: &str, text: &str) -> Result<(), PrintError> {
    if has_digit_run(text, SUSPICIOUS_DIGIT_RUN) {
        return Err(PrintError::PersonalDataSuspected {
            field: field.into(),
        });
    }
    Ok(())
}

impl TicketPrint {
    /// Refuses a ticket whose texts could carry a phone or ID number.
    pub fn check(&self) -> Result<(), PrintError> {
        check_free_text("hall_name", &self.hall_name)?;
        check_free_text("service_name", &self.service_name)?;
        check_free_text("footer", &self.footer)?;
        check_free_text("qr_text", &self.qr_text)
    }
}

/// The fixed words of a ticket in one language.
pub(crate) struct Labels {
    pub priority: &'static str,
    pub appointment: &'static str,
    pub business_day: fn(NaiveDate) -> String,
    pub ahead: fn(u32) -> String,
    pub wait: fn(u32) -> String,
    pub issued_at: fn(NaiveDateTime) -> String,
}

impl Lang {
    pub(crate) fn labels(self) -> Labels {
        match self {
            Lang::ZhCn => Labels {
                priority: "【优先】",
                appointment: "【预约】",
                business_day: |d| format!("{} 的号码", d.format("%Y-%m-%d")),
                ahead: |n| match n {
                    0 => "前面没有人等候".into(),
                    n => format!("前面还有 {n} 人"),
                },
                wait: |m| match m {
                    0 => "请留意叫号".into(),
                    m => format!("预计等候约 {m} 分钟"),
                },
                issued_at: |t| format!("取号时间 {}", t.format("%Y-%m-%d %H:%M:%S")),
            },
            Lang::En => Labels {
                priority: "[PRIORITY]",
                appointment: "[APPOINTMENT]",
                business_day: |d| format!("Number of {}", d.format("%Y-%m-%d")),
                ahead: |n| match n {
                    0 => "Nobody ahead of you".into(),
                    1 => "1 person ahead".into(),
                    n => format!("{n} people ahead"),
                },
                wait: |m| match m {
                    0 => "Please watch for your call".into(),
                    m => format!("Estimated wait about {m} min"),
                },
                issued_at: |t| format!("Issued {}", t.format("%Y-%m-%d %H:%M:%S")),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticket_numbers_have_the_hall_shape() {
        for ok in ["A001", "Y012", "A1000", "B99999"] {
            assert!(TicketNumber::try_from(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "A01",
            "a001",
            "13800138000",
            "A13800138000",
            "A00X",
            "张三",
        ] {
            assert!(TicketNumber::try_from(bad).is_err(), "{bad}");
        }
    }
}
