//! The `service_cutoffs` table: services whose issuing closes earlier than the hall's
//! cutoff. A row belongs to its service and goes with it (ON DELETE CASCADE).

use crate::error::Result;
use crate::model::schedule::ServiceCutoff;
use sqlx::SqliteConnection;

/// Every cutoff, in desk order of the services.
pub(crate) async fn all(conn: &mut SqliteConnection) -> Result<Vec<ServiceCutoff>> {
    Ok(sqlx::query_as::<_, (i64, i64)>(
        "SELECT c.service_id, c.minutes_before FROM service_cutoffs c
         JOIN services s ON s.id = c.service_id ORDER BY s.sort_order, s.id",
    )
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|(service_id, minutes_before)| ServiceCutoff {
        service_id,
        minutes_before,
    })
    .collect())
}

/// Replaces every cutoff with `cutoffs` (service id, minutes before); a 0 is no row.
pub(crate) async fn replace(
    conn: &mut SqliteConnection,
    cutoffs: impl IntoIterator<Item = (i64, u32)>,
) -> Result<()> {
    // `WHERE true`: a bare `DELETE FROM` erases the table without telling the writer's update
    // hook, and the cached timetable would keep the old cutoffs (see `writer::MOVING_TABLES`).
    sqlx::query("DELETE FROM service_cutoffs WHERE true")
        .execute(&mut *conn)
        .await?;
    for (service_id, minutes) in cutoffs {
        if minutes > 0 {
            sqlx::query("INSERT INTO service_cutoffs(service_id, minutes_before) VALUES (?, ?)")
                .bind(service_id)
                .bind(minutes)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}
