//! The `ticket_prints` table: the latest print of each ticket.

use crate::error::{PrintErrorInfo, Result};
use crate::model::printing::{PrintState, Station, TicketPrintMark};
use sqlx::SqliteConnection;

/// The `state` column: the outcome of the latest print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::Type)]
#[sqlx(type_name = "TEXT", rename_all = "snake_case")]
enum Outcome {
    Printed,
    Failed,
}

impl super::Stored for Outcome {
    /// The stored name, as SQL compares it.
    fn stored(self) -> &'static str {
        match self {
            Outcome::Printed => "printed",
            Outcome::Failed => "failed",
        }
    }
}

type Row = (
    i64,
    String,
    Outcome,
    Option<String>,
    Station,
    i64,
    i64,
    bool,
);

const SELECT: &str = "SELECT p.ticket_id, t.number, p.state, p.error, p.station, p.at, p.attempts,
                             p.paper_low
                      FROM ticket_prints p JOIN tickets t ON t.id = p.ticket_id";

fn state_of(row: &Row) -> PrintState {
    let (_, _, state, error, station, at, attempts, paper_low) = row;
    let (station, at, attempts) = (*station, *at, *attempts);
    match (state, error) {
        (Outcome::Failed, Some(e)) => PrintState::Failed {
            station,
            at,
            attempts,
            // Written by `record` from a `PrintErrorInfo`; an unreadable one still says 未打印.
            error: serde_json::from_str(e).unwrap_or(PrintErrorInfo {
                code: "print_io".into(),
                params: serde_json::json!({ "target": "", "reason": "unknown" }),
            }),
        },
        _ => PrintState::Printed {
            station,
            at,
            attempts,
            paper_low: *paper_low,
        },
    }
}

/// Records a print's outcome (`Ok(paper_low)` or the failure) in the caller's transaction;
/// returns the ticket's print state after it.
pub(crate) async fn record(
    conn: &mut SqliteConnection,
    ticket_id: i64,
    station: Station,
    at: i64,
    outcome: std::result::Result<bool, PrintErrorInfo>,
) -> Result<PrintState> {
    let (kind, error, paper_low) = match &outcome {
        Ok(low) => (Outcome::Printed, None, *low),
        Err(e) => (Outcome::Failed, serde_json::to_string(e).ok(), false),
    };
    sqlx::query(
        "INSERT INTO ticket_prints(ticket_id, state, error, station, at, paper_low)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(ticket_id) DO UPDATE SET state = excluded.state, error = excluded.error,
             station = excluded.station, at = excluded.at, paper_low = excluded.paper_low,
             attempts = attempts + 1",
    )
    .bind(ticket_id)
    .bind(kind)
    .bind(error)
    .bind(station)
    .bind(at)
    .bind(paper_low)
    .execute(&mut *conn)
    .await?;
    state(conn, ticket_id).await
}

/// The latest print of a ticket (`NotPrinted` when it never went to a printer).
pub(crate) async fn state(conn: &mut SqliteConnection, ticket_id: i64) -> Result<PrintState> {
    let row: Option<Row> = sqlx::query_as(&format!("{SELECT} WHERE p.ticket_id = ?"))
        .bind(ticket_id)
        .fetch_optional(conn)
        .await?;
    Ok(row.as_ref().map_or(PrintState::NotPrinted, state_of))
}

/// The open days' tickets whose latest print failed, newest first.
pub(crate) async fn failed_on_open_days(
    conn: &mut SqliteConnection,
    today: &str,
) -> Result<Vec<TicketPrintMark>> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE {} AND {} ORDER BY p.ticket_id DESC LIMIT 500",
        super::is("p.state", Outcome::Failed),
        super::tickets::on_open_day("t", "?1")
    ))
    .bind(today)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .iter()
        .map(|r| TicketPrintMark {
            ticket_id: r.0,
            number: r.1.clone(),
            print: state_of(r),
        })
        .collect())
}
