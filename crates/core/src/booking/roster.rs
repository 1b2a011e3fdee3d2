//! What staff read: the day roster by slot, search by code, mobile, ID number or name
//! (masked results), a booking's own page (the only full view) and anonymous counts.

use super::identity::{self, looks_like_code};
use super::model::{BookingCounts, BookingDetail, BookingRoster, BookingSummary, RosterSlot};
use super::rows::{self, BookingRow};
use super::settings;
use crate::dates::{key, parse_date};
use crate::error::{Error, Result};
use crate::hall::Hall;
use crate::table::bookings;
use sqlx::SqliteConnection;

/// At most this many search results.
const SEARCH_LIMIT: i64 = 100;

async fn counts(conn: &mut SqliteConnection, from: &str, to: &str) -> Result<BookingCounts> {
    let (made, booked, checked_in, cancelled, no_show) = bookings::counts(conn, from, to).await?;
    Ok(BookingCounts {
        made,
        booked,
        checked_in,
        cancelled,
        no_show,
    })
}

impl Hall {
    /// The bookings of `date` by slot, every status, masked (the printable roster).
    pub async fn booking_roster(&self, date: &str) -> Result<BookingRoster> {
        let date = key(parse_date("date", date)?);
        self.mark_booking_no_shows().await?;
        let mut conn = self.pool().acquire().await?;
        let sessions = rows::sessions(&mut conn, &date, &date).await?;
        let bookings: Vec<BookingRow> = sqlx::query_as(&format!(
            "{} WHERE b.date = ?
             ORDER BY sl.starts_at, {} DESC, b.seat, b.id",
            rows::booking_select(),
            bookings::status_in("b.status", &bookings::ACTIVE)
        ))
        .bind(&date)
        .fetch_all(&mut *conn)
        .await?;
        let mut slots = Vec::new();
        for session in &sessions {
            let mut counter_numbers = Vec::new();
            for &c in &session.counter_ids {
                counter_numbers.push(crate::table::counters::counter(&mut conn, c).await?.number);
            }
            for slot in &session.slots {
                slots.push(RosterSlot {
                    slot: slot.clone(),
                    counter_numbers: counter_numbers.clone(),
                    bookings: bookings
                        .iter()
                        .filter(|b| b.slot_id == slot.id)
                        .map(BookingRow::summary)
                        .collect(),
                });
            }
        }
        // Bookings of a withdrawn session (all cancelled) still belong on the day's page.
        let listed: Vec<i64> = slots.iter().map(|s| s.slot.id).collect();
        let mut orphans: Vec<i64> = bookings
            .iter()
            .map(|b| b.slot_id)
            .filter(|id| !listed.contains(id))
            .collect();
        orphans.dedup();
        for id in orphans {
            slots.push(RosterSlot {
                slot: rows::slot_view(&mut conn, id).await?,
                counter_numbers: Vec::new(),
                bookings: bookings
                    .iter()
                    .filter(|b| b.slot_id == id)
                    .map(BookingRow::summary)
                    .collect(),
            });
        }
        slots.sort_by_key(|s| (s.slot.starts_at, s.slot.id));
        let make_up_day = crate::table::date_exceptions::make_up_day(&mut conn, &date).await?;
        let counts = counts(&mut conn, &date, &date).await?;
        Ok(BookingRoster {
            date,
            make_up_day,
            slots,
            counts,
        })
    }

    /// Finds bookings by confirmation code, mobile number, ID number or (part of) a
    /// name; results are masked, newest date first.
    pub async fn search_bookings(&self, query: &str) -> Result<Vec<BookingSummary>> {
        let q = query.trim();
        if q.is_empty() {
            return Err(Error::Empty { field: "query" });
        }
        if q.chars().count() > 40 {
            return Err(Error::TooLong {
                field: "query",
                max: 40,
            });
        }
        if q.chars().any(char::is_control) {
            return Err(Error::Invalid { field: "query" });
        }
        self.mark_booking_no_shows().await?;
        let today = self.business_day();
        let mut conn = self.pool().acquire().await?;
        let order = "ORDER BY b.date DESC, sl.starts_at, b.id LIMIT ?";
        let select = rows::booking_select();
        let compact: String = q
            .chars()
            .filter(|c| !(c.is_whitespace() || *c == '-'))
            .collect::<String>()
            .to_ascii_uppercase();
        let rows: Vec<BookingRow> = if is_tail(&compact) {
            // The last four digits, as every list shows them (138****5678, 430…1234).
            sqlx::query_as(&format!(
                "{select} WHERE substr(b.mobile, -4) = ? OR upper(substr(b.id_number, -4)) = ? {order}"
            ))
            .bind(&compact)
            .bind(&compact)
            .bind(SEARCH_LIMIT)
            .fetch_all(&mut *conn)
            .await?
        } else if let Ok(mobile) = identity::normalize_mobile(q) {
            sqlx::query_as(&format!("{select} WHERE b.mobile = ? {order}"))
                .bind(mobile)
                .bind(SEARCH_LIMIT)
                .fetch_all(&mut *conn)
                .await?
        } else if let Ok(id_number) = identity::normalize_id_number(q, today) {
            let salt = settings::id_salt(&mut conn).await?;
            sqlx::query_as(&format!("{select} WHERE b.id_hash = ? {order}"))
                .bind(identity::id_hash(&salt, &id_number))
                .bind(SEARCH_LIMIT)
                .fetch_all(&mut *conn)
                .await?
        } else {
            // A code or a name (a six-letter Latin name may look like a code: try both).
            let code = if looks_like_code(&compact) {
                compact
            } else {
                String::new()
            };
            let pattern = format!(
                "%{}%",
                q.replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            );
            sqlx::query_as(&format!(
                "{select} WHERE b.code = ? OR b.name LIKE ? ESCAPE '\\' {order}"
            ))
            .bind(code)
            .bind(pattern)
            .bind(SEARCH_LIMIT)
            .fetch_all(&mut *conn)
            .await?
        };
        Ok(rows.iter().map(BookingRow::summary).collect())
    }

    /// One booking with its personal fields in full: only for the booking's own page.
    pub async fn booking_detail(&self, booking_id: i64) -> Result<BookingDetail> {
        self.mark_booking_no_shows().await?;
        let mut conn = self.pool().acquire().await?;
        Ok(rows::booking(&mut conn, booking_id).await?.detail())
    }

    /// Anonymous counts of the bookings dated `from..=to` (statistics; kept after purge).
    pub async fn booking_counts(&self, from: &str, to: &str) -> Result<BookingCounts> {
        let from = key(parse_date("from", from)?);
        let to = key(parse_date("to", to)?);
        self.mark_booking_no_shows().await?;
        let mut conn = self.pool().acquire().await?;
        counts(&mut conn, &from, &to).await
    }
}

/// Four digits (an ID number may end in X): the tail a masked list shows.
fn is_tail(q: &str) -> bool {
    q.len() == 4
        && q.bytes().take(3).all(|b| b.is_ascii_digit())
        && q.bytes()
            .last()
            .is_some_and(|b| b.is_ascii_digit() || b == b'X')
}
