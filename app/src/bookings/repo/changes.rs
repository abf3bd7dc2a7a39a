//! SQL of changes: what a requester asks to move, and moving bookings.

use sqlx::{Any, Executor, FromRow};

use crate::time::{Instant, TimeRange};

/// A change to write, pending.
pub struct NewChange<'a> {
    pub id: &'a str,
    pub booking_id: &'a str,
    pub rest_of_series: bool,
    pub input: &'a crate::bookings::types::ChangeInput,
    pub range: TimeRange,
    pub quantity: u32,
    pub note: &'a str,
    pub requested_by: &'a str,
    pub now: i64,
}

pub async fn insert_change<'c>(
    db: impl Executor<'c, Database = Any>,
    c: &NewChange<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO booking_changes (id, booking_id, status, rest_of_series, local_date, end_date,
            from_time, to_time, starts_at, ends_at, quantity, note, requested_by, created_at)
         VALUES ($1, $2, 'pending', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(c.id)
    .bind(c.booking_id)
    .bind(i64::from(c.rest_of_series))
    .bind(c.input.date.trim())
    .bind(c.input.end_date.trim())
    .bind(c.input.from.trim())
    .bind(c.input.to.trim())
    .bind(c.range.start())
    .bind(c.range.end())
    .bind(i64::from(c.quantity))
    .bind(c.note)
    .bind(c.requested_by)
    .bind(c.now)
    .execute(db)
    .await
    .map(|_| ())
}

/// A pending change, as stored.
#[derive(Clone, Debug, FromRow)]
pub struct ChangeRow {
    pub id: String,
    pub rest_of_series: i64,
    pub local_date: String,
    pub end_date: String,
    pub from_time: String,
    pub to_time: String,
    pub starts_at: Instant,
    pub ends_at: Instant,
    pub quantity: i64,
    pub note: String,
    pub requested_by: Option<String>,
}

impl ChangeRow {
    /// The form's values it was made from.
    pub fn input(&self) -> crate::bookings::types::ChangeInput {
        crate::bookings::types::ChangeInput {
            date: self.local_date.clone(),
            end_date: self.end_date.clone(),
            from: self.from_time.clone(),
            to: self.to_time.clone(),
            quantity: self.quantity.to_string(),
            note: self.note.clone(),
            rest_of_series: (self.rest_of_series != 0).then(|| "on".to_owned()),
        }
    }
}

pub async fn pending_change<'c>(
    db: impl Executor<'c, Database = Any>,
    booking_id: &str,
) -> Result<Option<ChangeRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, rest_of_series, local_date, end_date, from_time, to_time, starts_at, ends_at,
            quantity, note, requested_by
         FROM booking_changes WHERE booking_id = $1 AND status = 'pending'",
    )
    .bind(booking_id)
    .fetch_optional(db)
    .await
}

/// Closes a pending change as `status` (accepted, refused, withdrawn); false when it was no
/// longer pending.
pub async fn close_change<'c>(
    db: impl Executor<'c, Database = Any>,
    id: &str,
    status: &str,
    answer: &str,
    decided_by: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query(
        "UPDATE booking_changes SET status = $1, answer = $2, decided_by = $3, decided_at = $4
         WHERE id = $5 AND status = 'pending'",
    )
    .bind(status)
    .bind(answer)
    .bind(decided_by)
    .bind(now)
    .bind(id)
    .execute(db)
    .await
    .map(|r| r.rows_affected() == 1)
}

/// Moves a booking to `range` with `quantity` units (its reminder, if sent, goes again).
pub async fn reschedule<'c>(
    db: impl Executor<'c, Database = Any>,
    booking_id: &str,
    range: TimeRange,
    quantity: u32,
    price_estimate_cents: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query(
        "UPDATE bookings SET starts_at = $1, ends_at = $2, quantity = $3,
            price_estimate_cents = $4, updated_at = $5, version = version + 1, reminded_at = NULL
         WHERE id = $6",
    )
    .bind(range.start())
    .bind(range.end())
    .bind(i64::from(quantity))
    .bind(price_estimate_cents)
    .bind(now)
    .bind(booking_id)
    .execute(db)
    .await
    .map(|r| r.rows_affected() == 1)
}

/// The dates of a series from `from` on that are still requested or approved and ahead of
/// `now`, soonest first.
pub async fn rest_of_series<'c>(
    db: impl Executor<'c, Database = Any>,
    series_id: &str,
    from: Instant,
    now: Instant,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM bookings
         WHERE series_id = $1 AND status IN ('requested', 'approved') AND starts_at >= $2
           AND starts_at > $3
         ORDER BY starts_at, id",
    )
    .bind(series_id)
    .bind(from)
    .bind(now)
    .fetch_all(db)
    .await
}
