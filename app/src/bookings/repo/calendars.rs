//! SQL of calendar files and feeds: the secret feed addresses, and the bookings a calendar
//! shows.

use sqlx::{Any, Executor, FromRow};

use crate::{
    bookings::types::BookingStatus,
    time::{Instant, TimeRange},
};

/// A feed address: an organization's bookings (both sides), or one of its resources'.
#[derive(Clone, Debug, FromRow)]
pub struct FeedRow {
    pub token: String,
    pub org_id: String,
    pub resource_id: Option<String>,
    pub locale: String,
}

pub async fn find_feed<'c>(
    db: impl Executor<'c, Database = Any>,
    token: &str,
) -> Result<Option<FeedRow>, sqlx::Error> {
    sqlx::query_as("SELECT token, org_id, resource_id, locale FROM calendar_feeds WHERE token = $1")
        .bind(token)
        .fetch_optional(db)
        .await
}

pub async fn feeds_of<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: &str,
) -> Result<Vec<FeedRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT token, org_id, resource_id, locale FROM calendar_feeds WHERE org_id = $1",
    )
    .bind(org_id)
    .fetch_all(db)
    .await
}

/// Writes a feed address unless the scope has one already (then nothing changes).
pub async fn insert_feed<'c>(
    db: impl Executor<'c, Database = Any>,
    feed: &FeedRow,
    created_by: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO calendar_feeds (token, org_id, resource_id, locale, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT DO NOTHING",
    )
    .bind(&feed.token)
    .bind(&feed.org_id)
    .bind(feed.resource_id.as_deref())
    .bind(&feed.locale)
    .bind(created_by)
    .bind(now)
    .execute(db)
    .await
    .map(|_| ())
}

/// Revokes a scope's address; false when it had none.
pub async fn delete_feed<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: &str,
    resource_id: Option<&str>,
) -> Result<bool, sqlx::Error> {
    sqlx::query("DELETE FROM calendar_feeds WHERE org_id = $1 AND COALESCE(resource_id, '') = $2")
        .bind(org_id)
        .bind(resource_id.unwrap_or(""))
        .execute(db)
        .await
        .map(|r| r.rows_affected() == 1)
}

/// What a calendar shows.
#[derive(Clone, Copy, Debug)]
pub enum Scope<'a> {
    /// One booking (its `.ics` file), whatever its status.
    Booking(&'a str),
    /// An organization's requests and bookings, on both sides.
    Org(&'a str),
    /// A resource's requests and bookings.
    Resource(&'a str),
}

/// A booking as a calendar event shows it.
#[derive(Clone, Debug, FromRow)]
pub struct CalendarRow {
    pub id: String,
    pub resource_title: String,
    pub address: String,
    pub owner_org_id: String,
    pub owner_name: String,
    pub requester_org_id: String,
    pub requester_name: String,
    pub status: BookingStatus,
    pub starts_at: Instant,
    pub ends_at: Instant,
    pub quantity: i64,
    pub purpose: String,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

impl CalendarRow {
    pub fn range(&self) -> Option<TimeRange> {
        TimeRange::new(self.starts_at, self.ends_at).ok()
    }
}

/// The bookings of `scope` that meet `span`: pending and approved ones for a feed, any status
/// for one booking; soonest first, at most `limit`.
pub async fn calendar_rows<'c>(
    db: impl Executor<'c, Database = Any>,
    scope: Scope<'_>,
    span: TimeRange,
    limit: i64,
) -> Result<Vec<CalendarRow>, sqlx::Error> {
    let filter = match scope {
        Scope::Booking(_) => "b.id = $1",
        Scope::Org(_) => {
            "(b.owner_org_id = $1 OR b.requester_org_id = $1)
             AND b.status IN ('requested', 'approved')"
        }
        Scope::Resource(_) => "b.resource_id = $1 AND b.status IN ('requested', 'approved')",
    };
    let key = match scope {
        Scope::Booking(k) | Scope::Org(k) | Scope::Resource(k) => k,
    };
    let sql = format!(
        "SELECT b.id, r.title AS resource_title, r.address, b.owner_org_id,
            o.name AS owner_name, b.requester_org_id, q.name AS requester_name, b.status, b.starts_at, b.ends_at,
            b.quantity, b.purpose, b.version, b.created_at, b.updated_at
         FROM bookings b
         JOIN resources r ON r.id = b.resource_id
         JOIN organizations o ON o.id = b.owner_org_id
         JOIN organizations q ON q.id = b.requester_org_id
         WHERE {filter} AND b.starts_at < $2 AND b.ends_at > $3
         ORDER BY b.starts_at, b.id LIMIT $4"
    );
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(key)
        .bind(span.end())
        .bind(span.start())
        .bind(limit)
        .fetch_all(db)
        .await
}
