//! The hall's dates and times, for the schedule and the bookings alike: 'YYYY-MM-DD' dates
//! and 'HH:MM' times in the hall's time zone, and the UTC instants they stand for. Plain
//! functions over chrono, below every rule module.

use crate::error::{Error, Result};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};

/// A strict 'YYYY-MM-DD' date.
pub(crate) fn parse_date(field: &'static str, value: &str) -> Result<NaiveDate> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Error::Empty { field });
    }
    if v.len() != 10 {
        return Err(Error::Invalid { field });
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| Error::Invalid { field })
}

/// A local date 'YYYY-MM-DD' between 2000 and 2100: the schedule's rule (exceptions, the
/// holiday import, day plans and day records).
///
/// Why two date rules: they differ where a user can see it, and merging them would change
/// what one side shows.
///
/// | input                  | `parse_date` (bookings)   | `parse_calendar_date` (schedule) |
/// |------------------------|---------------------------|----------------------------------|
/// | "" or spaces           | `Empty` ("please fill in") | `Invalid` ("not valid")          |
/// | "2026-2-3" (unpadded)  | `Invalid`                  | accepted as 2026-02-03           |
/// | "1999-12-31", "2101-…" | accepted                   | `Invalid`                        |
///
/// An empty date in the exception dialog says "not valid" today; with the booking rule it
/// would say "please fill in", and a holiday file or API caller writing unpadded dates would
/// be refused. The booking screens, in turn, would start refusing dates outside 2000–2100
/// that now simply find nothing. [`check_day_range`] (statistics) uses the schedule's
/// parsing without the year bound.
pub(crate) fn parse_calendar_date(field: &'static str, s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .ok()
        .filter(|d| (2000..=2100).contains(&chrono::Datelike::year(d)))
        .ok_or(Error::Invalid { field })
}

/// The stored form of a date.
pub(crate) fn key(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// "HH:MM" (or "H:MM") as minutes after midnight, 00:00 to 24:00 (the end of a day): the
/// one rule for a time of day, whether a schedule session's or a booking session's.
pub(crate) fn hhmm_minutes(s: &str) -> Option<u32> {
    let (h, m) = s.trim().split_once(':')?;
    let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || h.len() > 2 || !digits(m) || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    let v = h * 60 + m;
    (m < 60 && v <= DAY_MINUTES).then_some(v)
}

/// Minutes in a day: a session may end at 24:00.
pub(crate) const DAY_MINUTES: u32 = 1440;

/// An input field holding an 'HH:MM' time ([`hhmm_minutes`]), as minutes after midnight.
pub(crate) fn parse_hhmm(field: &'static str, value: &str) -> Result<i64> {
    if value.trim().is_empty() {
        return Err(Error::Empty { field });
    }
    hhmm_minutes(value)
        .map(i64::from)
        .ok_or(Error::Invalid { field })
}

/// Minutes after midnight as 'HH:MM'.
pub(crate) fn hhmm(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The instant (ms since the epoch) of `minutes` after midnight of `date` in the hall's zone.
pub(crate) fn local_ms(date: NaiveDate, minutes: i64, offset: FixedOffset) -> i64 {
    let midnight = date.and_time(NaiveTime::MIN);
    let local = offset
        .from_local_datetime(&midnight)
        .single()
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&midnight));
    local.timestamp_millis() + minutes * 60_000
}

/// An instant as the hall's local 'HH:MM'.
pub(crate) fn local_hhmm(ms: i64, offset: FixedOffset) -> String {
    local(ms, offset).format("%H:%M").to_string()
}

/// An instant as the hall's local 'YYYY-MM-DD HH:MM'.
pub(crate) fn local_label(ms: i64, offset: FixedOffset) -> String {
    local(ms, offset).format("%Y-%m-%d %H:%M").to_string()
}

fn local(ms: i64, offset: FixedOffset) -> DateTime<FixedOffset> {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .unwrap_or_default()
        .with_timezone(&offset)
}

/// The longest range one request may cover (days): five years.
pub const MAX_RANGE_DAYS: i64 = 1830;

/// Checks a range of business days (statistics, the poor-ratings list) and returns it as
/// (from, to) texts.
pub(crate) fn check_day_range(from: &str, to: &str) -> Result<(String, String)> {
    let parse = |field: &'static str, v: &str| {
        NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").map_err(|_| Error::Invalid { field })
    };
    let (f, t) = (parse("from", from)?, parse("to", to)?);
    if t < f {
        return Err(Error::Invalid { field: "to" });
    }
    if (t - f).num_days() >= MAX_RANGE_DAYS {
        return Err(Error::OutOfRange {
            field: "range_days",
            min: 1,
            max: MAX_RANGE_DAYS,
        });
    }
    Ok((f.to_string(), t.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        assert_eq!(parse_hhmm("t", "09:30").unwrap(), 570);
        assert_eq!(parse_hhmm("t", "24:00").unwrap(), 1440);
        assert!(parse_hhmm("t", "9:3").is_err());
        assert!(parse_hhmm("t", "24:01").is_err());
        assert!(parse_hhmm("t", "12:60").is_err());
        assert_eq!(hhmm(570), "09:30");
        let off = FixedOffset::east_opt(8 * 3600).unwrap();
        let d = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        let ms = local_ms(d, 9 * 60, off);
        assert_eq!(local_label(ms, off), "2026-12-05 09:00");
        assert!(parse_date("d", "2026-02-30").is_err());
        assert!(parse_date("d", "2026-2-3").is_err());
    }

    /// The differences listed on `parse_calendar_date`, row by row.
    #[test]
    fn the_two_date_rules_differ_as_documented() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert!(matches!(parse_date("d", " "), Err(Error::Empty { .. })));
        assert!(matches!(
            parse_calendar_date("d", " "),
            Err(Error::Invalid { .. })
        ));
        assert!(matches!(
            parse_date("d", "2026-2-3"),
            Err(Error::Invalid { .. })
        ));
        assert_eq!(
            parse_calendar_date("d", "2026-2-3").unwrap(),
            day(2026, 2, 3)
        );
        assert_eq!(parse_date("d", "1999-12-31").unwrap(), day(1999, 12, 31));
        assert!(parse_calendar_date("d", "1999-12-31").is_err());
        assert!(parse_calendar_date("d", "2101-01-01").is_err());
    }
}
