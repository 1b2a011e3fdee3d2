//! What staff read: the day roster by slot, search by code, mobile, ID number or name
//! (masked results), a booking's own page (the only full view) and anonymous counts.

use super::identity::{self, looks_like_code};
use super::model::{BookingCounts, BookingDetail, BookingRoster, BookingSummary, RosterSlot};
use super::rows::{self, BookingRow};
use crate::dates::{key, parse_date};
use crate::error::{Error, Result};
use crate::hall::Hall;
use crate::model::StaffToken;
use crate::personal_key::Lookup;
use crate::staff::audit::AuditAction;
use crate::table::bookings::{self, ByHash};
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
        let pkey = self.personal_key();
        let bookings: Vec<BookingSummary> = bookings::of_date(&mut conn, &date)
            .await?
            .iter()
            .map(|b| b.summary(pkey))
            .collect::<Result<_>>()?;
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
                        .cloned()
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
                    .cloned()
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
        let pkey = self.personal_key();
        let compact: String = q
            .chars()
            .filter(|c| !(c.is_whitespace() || *c == '-'))
            .collect::<String>()
            .to_ascii_uppercase();
        let found: Vec<BookingRow> = if let Ok(mobile) = identity::normalize_mobile(q) {
            let hash = pkey.lookup(Lookup::Mobile, &mobile);
            bookings::of_person(&mut conn, ByHash::Mobile, &hash, None, SEARCH_LIMIT).await?
        } else if let Ok(id_number) = identity::normalize_id_number(q, today) {
            let hash = pkey.lookup(Lookup::IdNumber, &id_number);
            bookings::of_person(&mut conn, ByHash::IdNumber, &hash, None, SEARCH_LIMIT).await?
        } else {
            // The last four digits (as every list shows them: 138****5678, 430…1234), a code
            // or (part of) a name; a six-letter Latin name may look like a code: try both.
            // The sealed values are opened and compared here, not in SQL.
            let code = if looks_like_code(&compact) {
                compact.clone()
            } else {
                String::new()
            };
            let tail = is_tail(&compact);
            let mut hits = Vec::new();
            for b in bookings::searchable(&mut conn, &code).await? {
                let p = b.personal(pkey)?;
                let ends = |v: &Option<String>| {
                    v.as_deref()
                        .is_some_and(|v| v.to_ascii_uppercase().ends_with(&compact))
                };
                let hit = if tail {
                    ends(&p.mobile) || ends(&p.id_number)
                } else {
                    b.code == code
                        || p.name
                            .as_deref()
                            .is_some_and(|n| n.to_lowercase().contains(&q.to_lowercase()))
                };
                if hit {
                    hits.push(b);
                    if hits.len() as i64 == SEARCH_LIMIT {
                        break;
                    }
                }
            }
            hits
        };
        found.iter().map(|b| b.summary(pkey)).collect()
    }

    /// One booking for its own page: masked like every list, or, with a live staff session,
    /// its personal fields in full, which leaves an `unmasked_view` row in the audit list.
    pub async fn booking_detail(
        &self,
        booking_id: i64,
        staff: Option<&StaffToken>,
    ) -> Result<BookingDetail> {
        let who = staff.map(|t| self.staff(t)).transpose()?;
        self.mark_booking_no_shows().await?;
        let Some(who) = who else {
            let mut conn = self.pool().acquire().await?;
            let row = bookings::booking(&mut conn, booking_id).await?;
            return row.masked_detail(self.personal_key());
        };
        let mut tx = self.begin_write().await?;
        let detail = bookings::booking(&mut tx, booking_id)
            .await?
            .detail(self.personal_key())?;
        self.audit(
            &mut tx,
            &who,
            AuditAction::UnmaskedView,
            Some(booking_id),
            "",
        )
        .await?;
        tx.commit().await?;
        Ok(detail)
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
