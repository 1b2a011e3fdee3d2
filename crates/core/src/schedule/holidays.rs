//! Import of the yearly holiday files of the open holiday-cn data set:
//! `{"year": 2026, "papers": [...], "days": [{"name": "元旦", "date": "2026-01-01",
//! "isOffDay": true}, ...]}`. An off day closes the hall; a day that is not off is a
//! make-up working day (调休) that follows the schedule's `makeup_follows` weekday (the
//! format does not say which weekday it swaps with).

use crate::error::{Error, Result};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use std::collections::BTreeSet;

/// Bigger files are refused before they are parsed (a real one is about 3 KB).
const MAX_FILE_BYTES: usize = 512 * 1024;

#[derive(Deserialize)]
struct HolidayFile {
    year: i64,
    days: Vec<HolidayDay>,
}

#[derive(Deserialize)]
struct HolidayDay {
    name: String,
    date: String,
    #[serde(rename = "isOffDay")]
    is_off_day: bool,
}

/// One checked day of a holiday file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Holiday {
    pub date: NaiveDate,
    pub off: bool,
    pub name: String,
}

fn bad(reason: &'static str, detail: impl Into<String>) -> Error {
    Error::BadHolidayFile {
        reason,
        detail: detail.into().chars().take(40).collect(),
    }
}

/// Parses and checks a holiday-cn year file; nothing is written when it is wrong.
pub(crate) fn parse(json: &str) -> Result<(i32, Vec<Holiday>)> {
    if json.len() > MAX_FILE_BYTES {
        return Err(bad("too_large", format!("{} bytes", json.len())));
    }
    let file: HolidayFile = serde_json::from_str(json).map_err(|e| {
        let reason = match e.classify() {
            serde_json::error::Category::Data => "format",
            _ => "not_json",
        };
        bad(reason, format!("line {} column {}", e.line(), e.column()))
    })?;
    let year = i32::try_from(file.year)
        .ok()
        .filter(|y| (2000..=2100).contains(y))
        .ok_or_else(|| bad("year", file.year.to_string()))?;
    if file.days.is_empty() {
        return Err(bad("no_days", year.to_string()));
    }
    // A year's holidays may start in late December of the year before (元旦) or end in
    // January of the next.
    let from = NaiveDate::from_ymd_opt(year - 1, 12, 1).expect("valid date");
    let to = NaiveDate::from_ymd_opt(year + 1, 1, 31).expect("valid date");
    let mut seen = BTreeSet::new();
    let mut out = Vec::with_capacity(file.days.len());
    for d in file.days {
        let date = NaiveDate::parse_from_str(d.date.trim(), "%Y-%m-%d")
            .map_err(|_| bad("bad_date", d.date.clone()))?;
        if date < from || date > to {
            return Err(bad("date_outside_year", d.date));
        }
        if !seen.insert(date) {
            return Err(bad("duplicate_date", d.date));
        }
        let name = crate::validate::text("name", &d.name, 20)
            .map_err(|_| bad("bad_name", date.to_string()))?;
        out.push(Holiday {
            date,
            off: d.is_off_day,
            name,
        });
    }
    debug_assert!(out
        .iter()
        .all(|h| (year - 1..=year + 1).contains(&h.date.year())));
    Ok((year, out))
}
