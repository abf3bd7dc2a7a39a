//! The only place SQL about bookings, their history and blocked periods lives. Every write
//! runs in a transaction that has first called [`lock_resource`]: writers of one resource
//! go one at a time (the resource's row lock on PostgreSQL; `BEGIN IMMEDIATE` already holds
//! the whole database on SQLite), so what they read is still true when they write.

use sqlx::{Any, AnyConnection, Executor, FromRow};

use super::{
    fit::Hold,
    types::{
        BlockKind, BlockedPeriod, BookingEvent, BookingStatus, BookingSummary, EventKind, Side,
    },
};
use crate::time::{Instant, TimeRange, Zone};

pub mod board;
pub mod calendars;
pub mod changes;
pub mod links;
pub mod partners;

crate::text_column!(BookingStatus, BookingStatus::parse);
crate::text_column!(EventKind, EventKind::parse);
crate::text_column!(BlockKind, BlockKind::parse);

/// Takes the resource's booking lock and bumps its booking version. False when it does not
/// exist.
pub async fn lock_resource(
    conn: &mut AnyConnection,
    resource_id: &str,
) -> Result<bool, sqlx::Error> {
    sqlx::query("UPDATE resources SET booking_version = booking_version + 1 WHERE id = $1")
        .bind(resource_id)
        .execute(conn)
        .await
        .map(|r| r.rows_affected() == 1)
}

/// The units held by approved bookings of `resource_id` that meet `span` (the caller widens
/// it by the buffer), except `except`: spans and units only, what anyone may see.
pub async fn holds<'c>(
    db: impl Executor<'c, Database = Any>,
    resource_id: &str,
    span: TimeRange,
    except: Option<&str>,
) -> Result<Vec<Hold>, sqlx::Error> {
    let rows: Vec<(Instant, Instant, i64)> = sqlx::query_as(
        "SELECT starts_at, ends_at, quantity FROM bookings
         WHERE resource_id = $1 AND status = 'approved' AND starts_at < $2 AND ends_at > $3
           AND id <> $4",
    )
    .bind(resource_id)
    .bind(span.end())
    .bind(span.start())
    .bind(except.unwrap_or(""))
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(start, end, quantity)| {
            Some(Hold {
                range: TimeRange::new(start, end).ok()?,
                quantity: u32::try_from(quantity).ok()?,
            })
        })
        .collect())
}

/// The blocked periods of `resource_id` that meet `span`.
pub async fn blocked<'c>(
    db: impl Executor<'c, Database = Any>,
    resource_id: &str,
    span: TimeRange,
) -> Result<Vec<TimeRange>, sqlx::Error> {
    let rows: Vec<(Instant, Instant)> = sqlx::query_as(
        "SELECT starts_at, ends_at FROM blocked_periods
         WHERE resource_id = $1 AND starts_at < $2 AND ends_at > $3 ORDER BY starts_at",
    )
    .bind(resource_id)
    .bind(span.end())
    .bind(span.start())
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(start, end)| TimeRange::new(start, end).ok())
        .collect())
}

/// A booking to write.
pub struct NewBooking<'a> {
    pub id: &'a str,
    pub resource_id: &'a str,
    pub owner_org_id: &'a str,
    pub requester_org_id: &'a str,
    /// The person who asked; none when the owner booked it for the requester.
    pub requested_by: Option<&'a str>,
    pub series_id: Option<&'a str>,
    pub status: BookingStatus,
    pub range: TimeRange,
    pub quantity: u32,
    pub purpose: &'a str,
    pub price_estimate_cents: i64,
    pub now: i64,
}

pub async fn insert_booking<'c>(
    db: impl Executor<'c, Database = Any>,
    b: &NewBooking<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO bookings (id, resource_id, owner_org_id, requester_org_id, requested_by,
            series_id, status, starts_at, ends_at, quantity, purpose, price_estimate_cents,
            created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)",
    )
    .bind(b.id)
    .bind(b.resource_id)
    .bind(b.owner_org_id)
    .bind(b.requester_org_id)
    .bind(b.requested_by)
    .bind(b.series_id)
    .bind(b.status.code())
    .bind(b.range.start())
    .bind(b.range.end())
    .bind(i64::from(b.quantity))
    .bind(b.purpose)
    .bind(b.price_estimate_cents)
    .bind(b.now)
    .execute(db)
    .await
    .map(|_| ())
}

/// One line of history to write.
pub struct NewEvent<'a> {
    pub id: &'a str,
    pub booking_id: &'a str,
    pub kind: EventKind,
    pub actor_id: &'a str,
    pub actor_org_id: &'a str,
    pub reason: &'a str,
    pub now: i64,
}

pub async fn insert_event<'c>(
    db: impl Executor<'c, Database = Any>,
    e: &NewEvent<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO booking_events (id, booking_id, at, actor_id, actor_org_id, kind, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(e.id)
    .bind(e.booking_id)
    .bind(e.now)
    .bind(e.actor_id)
    .bind(e.actor_org_id)
    .bind(e.kind.code())
    .bind(e.reason)
    .execute(db)
    .await
    .map(|_| ())
}

/// Moves a booking from `from` to `to` with a reason. False when its stored status was no
/// longer `from` (someone else answered first).
pub async fn transition<'c>(
    db: impl Executor<'c, Database = Any>,
    id: &str,
    from: BookingStatus,
    to: BookingStatus,
    reason: &str,
    late: bool,
    now: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query(
        "UPDATE bookings SET status = $1, reason = $2, late = $3, updated_at = $4,
            version = version + 1
         WHERE id = $5 AND status = $6",
    )
    .bind(to.code())
    .bind(reason)
    .bind(i64::from(late))
    .bind(now)
    .bind(id)
    .bind(from.code())
    .execute(db)
    .await
    .map(|r| r.rows_affected() == 1)
}

const SUMMARY_COLUMNS: &str = "b.id, b.resource_id, r.title AS resource_title, b.owner_org_id,
    o.name AS owner_org_name, o.timezone AS zone, b.requester_org_id,
    q.name AS requester_org_name, b.status, b.starts_at, b.ends_at, b.quantity, b.series_id";

const SUMMARY_FROM: &str = "FROM bookings b
    JOIN resources r ON r.id = b.resource_id
    JOIN organizations o ON o.id = b.owner_org_id
    JOIN organizations q ON q.id = b.requester_org_id";

#[derive(FromRow)]
struct SummaryRow {
    id: String,
    resource_id: String,
    resource_title: String,
    owner_org_id: String,
    owner_org_name: String,
    zone: Zone,
    requester_org_id: String,
    requester_org_name: String,
    status: BookingStatus,
    starts_at: Instant,
    ends_at: Instant,
    quantity: i64,
    series_id: Option<String>,
}

impl SummaryRow {
    fn summary(self, now: Instant) -> Option<BookingSummary> {
        let range = TimeRange::new(self.starts_at, self.ends_at).ok()?;
        Some(BookingSummary {
            id: self.id,
            resource_id: self.resource_id,
            resource_title: self.resource_title,
            owner_org_id: self.owner_org_id,
            owner_org_name: self.owner_org_name,
            requester_org_id: self.requester_org_id,
            requester_org_name: self.requester_org_name,
            status: self.status.at(range, now),
            range,
            quantity: u32::try_from(self.quantity).ok()?,
            zone: self.zone,
            series_id: self.series_id,
        })
    }
}

/// A booking with what its page shows beyond the summary.
pub struct BookingRow {
    pub summary: BookingSummary,
    /// As stored (not read from the clock).
    pub stored_status: BookingStatus,
    pub purpose: String,
    pub price_estimate_cents: i64,
    pub reason: String,
    pub late: bool,
    pub requested_by: Option<String>,
}

#[derive(FromRow)]
struct DetailRow {
    #[sqlx(flatten)]
    summary: SummaryRow,
    stored: BookingStatus,
    purpose: String,
    price_estimate_cents: i64,
    reason: String,
    late: i64,
    requested_by: Option<String>,
}

pub async fn find_booking<'c>(
    db: impl Executor<'c, Database = Any>,
    id: &str,
    now: Instant,
) -> Result<Option<BookingRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}, b.status AS stored, b.purpose, b.price_estimate_cents,
            b.reason, b.late, b.requested_by
         {SUMMARY_FROM} WHERE b.id = $1"
    );
    let row = sqlx::query_as::<_, DetailRow>(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(row.and_then(|row| {
        Some(BookingRow {
            summary: row.summary.summary(now)?,
            stored_status: row.stored,
            purpose: row.purpose,
            price_estimate_cents: row.price_estimate_cents,
            reason: row.reason,
            late: crate::db::to_bool(row.late),
            requested_by: row.requested_by,
        })
    }))
}

/// The pending and approved bookings of `resource_id` that meet `span`, soonest first (its
/// owner's week view).
pub async fn bookings_between<'c>(
    db: impl Executor<'c, Database = Any>,
    resource_id: &str,
    span: TimeRange,
    now: Instant,
) -> Result<Vec<BookingSummary>, sqlx::Error> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} {SUMMARY_FROM}
         WHERE b.resource_id = $1 AND b.status IN ('requested', 'approved')
           AND b.starts_at < $2 AND b.ends_at > $3
         ORDER BY b.starts_at, b.id LIMIT 500"
    );
    let rows = sqlx::query_as::<_, SummaryRow>(sqlx::AssertSqlSafe(sql))
        .bind(resource_id)
        .bind(span.end())
        .bind(span.start())
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().filter_map(|r| r.summary(now)).collect())
}

/// The dates of a series still pending and ahead at `now`, soonest first.
pub async fn pending_in_series<'c>(
    db: impl Executor<'c, Database = Any>,
    series_id: &str,
    now: Instant,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM bookings WHERE series_id = $1 AND status = 'requested' AND starts_at > $2
         ORDER BY starts_at, id",
    )
    .bind(series_id)
    .bind(now)
    .fetch_all(db)
    .await
}

/// Claims the approved bookings that start within `ahead_ms` of `now` and have not been
/// reminded (nor booked within a day of their start: their confirmation is fresh); answers
/// their ids. One conditional update: a booking claimed by another transaction meanwhile is
/// skipped, so each is claimed once.
pub async fn claim_reminders(
    conn: &mut AnyConnection,
    now: Instant,
    ahead_ms: i64,
    limit: i64,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE bookings SET reminded_at = $1
         WHERE reminded_at IS NULL AND status = 'approved'
           AND id IN (
             SELECT id FROM bookings
             WHERE status = 'approved' AND reminded_at IS NULL
               AND starts_at > $1 AND starts_at <= $2 AND created_at <= starts_at - $3
             ORDER BY starts_at LIMIT $4)
         RETURNING id",
    )
    .bind(now)
    .bind(now.plus_ms(ahead_ms))
    .bind(ahead_ms)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// How many bookings a list page shows at most.
pub const LIST_LIMIT: i64 = 200;

/// Which bookings of an organization a list shows.
pub struct ListQuery<'a> {
    pub org_id: &'a str,
    pub side: Side,
    /// As read from the clock (expired, completed) where it matters.
    pub status: Option<BookingStatus>,
    pub resource_id: Option<&'a str>,
    /// Those that end after `since` and start before `until`.
    pub since: Instant,
    pub until: Option<Instant>,
    pub now: Instant,
}

/// An organization's bookings on one side, pending requests first, then by start; one more
/// than [`LIST_LIMIT`] tells the caller there are more.
pub async fn list_for<'c>(
    db: impl Executor<'c, Database = Any>,
    q: &ListQuery<'_>,
) -> Result<Vec<BookingSummary>, sqlx::Error> {
    let column = match q.side {
        Side::Ours => "b.requester_org_id",
        Side::Theirs => "b.owner_org_id",
    };
    // Statuses read from the clock compare with `now` ($3).
    let status = match q.status {
        None => "TRUE",
        Some(BookingStatus::Requested) => "b.status = 'requested' AND b.starts_at > $3",
        Some(BookingStatus::Expired) => "b.status = 'requested' AND b.starts_at <= $3",
        Some(BookingStatus::Approved) => "b.status = 'approved' AND b.ends_at > $3",
        Some(BookingStatus::Completed) => "b.status = 'approved' AND b.ends_at <= $3",
        Some(BookingStatus::Declined) => "b.status = 'declined'",
        Some(BookingStatus::Cancelled) => "b.status = 'cancelled'",
    };
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} {SUMMARY_FROM}
         WHERE {column} = $1 AND b.ends_at > $2 AND b.starts_at < $4
           AND ($5 = '' OR b.resource_id = $5) AND {status}
         ORDER BY CASE WHEN b.status = 'requested' AND b.starts_at > $3 THEN 0 ELSE 1 END,
            b.starts_at, b.id
         LIMIT $6"
    );
    let rows = sqlx::query_as::<_, SummaryRow>(sqlx::AssertSqlSafe(sql))
        .bind(q.org_id)
        .bind(q.since)
        .bind(q.now)
        .bind(q.until.unwrap_or(Instant::from_unix_ms(i64::MAX / 4)))
        .bind(q.resource_id.unwrap_or(""))
        .bind(LIST_LIMIT + 1)
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().filter_map(|r| r.summary(q.now)).collect())
}

/// The resources an organization's bookings on one side are on, by title.
pub async fn resources_in<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: &str,
    side: Side,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    let column = match side {
        Side::Ours => "b.requester_org_id",
        Side::Theirs => "b.owner_org_id",
    };
    let sql = format!(
        "SELECT r.id, r.title FROM resources r
         WHERE r.id IN (SELECT b.resource_id FROM bookings b WHERE {column} = $1)
         ORDER BY r.title, r.id LIMIT 200"
    );
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(org_id)
        .fetch_all(db)
        .await
}

/// A booking's history, oldest first.
pub async fn history<'c>(
    db: impl Executor<'c, Database = Any>,
    booking_id: &str,
) -> Result<Vec<BookingEvent>, sqlx::Error> {
    type Row = (Instant, EventKind, Option<String>, Option<String>, String);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT e.at, e.kind, u.name, o.name, e.reason FROM booking_events e
             LEFT JOIN users u ON u.id = e.actor_id
             LEFT JOIN organizations o ON o.id = e.actor_org_id
             WHERE e.booking_id = $1 ORDER BY e.at, e.id",
    )
    .bind(booking_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(at, kind, actor, org, reason)| BookingEvent {
            at,
            kind,
            actor_name: actor.unwrap_or_default(),
            org_name: org.unwrap_or_default(),
            reason,
        })
        .collect())
}

/// The largest number of units held at once over `span`, by approved bookings (a check the
/// tests run after a race).
pub async fn peak_held(
    conn: &mut AnyConnection,
    resource_id: &str,
    span: TimeRange,
    buffer_ms: i64,
) -> Result<u32, sqlx::Error> {
    let widened = TimeRange::new(span.start().plus_ms(-buffer_ms), span.end()).unwrap_or(span);
    let holds = holds(&mut *conn, resource_id, widened, None).await?;
    Ok(super::fit::peak_units(&holds, span, buffer_ms))
}

/// A blocked period to write.
pub struct NewBlock<'a> {
    pub id: &'a str,
    pub resource_id: &'a str,
    pub range: TimeRange,
    pub kind: BlockKind,
    pub reason: &'a str,
    pub created_by: &'a str,
    pub now: i64,
}

pub async fn insert_block<'c>(
    db: impl Executor<'c, Database = Any>,
    b: &NewBlock<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO blocked_periods (id, resource_id, starts_at, ends_at, kind, reason,
            created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(b.id)
    .bind(b.resource_id)
    .bind(b.range.start())
    .bind(b.range.end())
    .bind(b.kind.code())
    .bind(b.reason)
    .bind(b.created_by)
    .bind(b.now)
    .execute(db)
    .await
    .map(|_| ())
}

/// Removes a blocked period of `resource_id`; false when there is none with that id.
pub async fn delete_block<'c>(
    db: impl Executor<'c, Database = Any>,
    id: &str,
    resource_id: &str,
) -> Result<bool, sqlx::Error> {
    sqlx::query("DELETE FROM blocked_periods WHERE id = $1 AND resource_id = $2")
        .bind(id)
        .bind(resource_id)
        .execute(db)
        .await
        .map(|r| r.rows_affected() == 1)
}

/// The resource a blocked period belongs to.
pub async fn block_resource<'c>(
    db: impl Executor<'c, Database = Any>,
    id: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT resource_id FROM blocked_periods WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await
}

/// The blocked periods of `resource_id` that end after `since`, soonest first, with reasons.
pub async fn blocks_of<'c>(
    db: impl Executor<'c, Database = Any>,
    resource_id: &str,
    since: Instant,
) -> Result<Vec<BlockedPeriod>, sqlx::Error> {
    let rows: Vec<(String, Instant, Instant, BlockKind, String, Zone)> = sqlx::query_as(
        "SELECT p.id, p.starts_at, p.ends_at, p.kind, p.reason, o.timezone FROM blocked_periods p
         JOIN resources r ON r.id = p.resource_id JOIN organizations o ON o.id = r.org_id
         WHERE p.resource_id = $1 AND p.ends_at > $2 ORDER BY p.starts_at, p.id",
    )
    .bind(resource_id)
    .bind(since)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, start, end, kind, reason, zone)| {
            Some(BlockedPeriod {
                id,
                range: TimeRange::new(start, end).ok()?,
                kind,
                reason,
                zone,
            })
        })
        .collect())
}
