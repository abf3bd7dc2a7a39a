//! The board's SQL: the resources a board shows, their bookings and blocked periods over a
//! span (three reads, whatever the number of resources), and a booking's move, applied only
//! if its version is still the one the board showed.

use sqlx::{Any, Executor, FromRow};

use crate::{
    bookings::{board::BoardTab, types::BlockKind},
    catalogue::{
        filter::to_u32,
        resources::{
            repo::{RULES_COLUMNS, RulesRow},
            types::{BookingRules, Category},
        },
    },
    shared::hours::OpeningHours,
    time::{Instant, TimeRange},
};

/// At most this many resources on one board, and bookings over its span.
pub const MAX_RESOURCES: i64 = 1_000;
pub const MAX_BOOKINGS: i64 = 20_000;

/// The resources of another organization on which `$1` holds bookings meeting the span
/// `($3, $2)`.
const OTHERS: &str = "SELECT DISTINCT resource_id FROM bookings
    WHERE requester_org_id = $1 AND owner_org_id <> $1 AND status IN ('requested', 'approved')
      AND starts_at < $2 AND ends_at > $3";

/// A resource as a board row shows it, with the rules a drag's preview checks.
pub struct BoardResource {
    pub id: String,
    pub title: String,
    pub category: Category,
    pub owner_name: String,
    pub rules: BookingRules,
    pub version: i64,
}

#[derive(FromRow)]
struct ResourceRow {
    id: String,
    title: String,
    category: Category,
    owner_name: String,
    capacity: i64,
    opening_hours: OpeningHours,
    #[sqlx(flatten)]
    rules: RulesRow,
    booking_version: i64,
}

/// The resources of `tab` for `org_id` over `span`, by category then title: its own (not
/// archived), or others' on which it holds bookings then.
pub async fn resources<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: &str,
    tab: BoardTab,
    span: TimeRange,
) -> Result<Vec<BoardResource>, sqlx::Error> {
    let which = match tab {
        BoardTab::Own => "r.org_id = $1 AND r.status <> 'archived'".to_owned(),
        BoardTab::Others => format!("r.id IN ({OTHERS})"),
    };
    let sql = format!(
        "SELECT r.id, r.title, r.category, o.name AS owner_name, r.capacity, r.opening_hours,
            {RULES_COLUMNS}, r.booking_version
         FROM resources r JOIN organizations o ON o.id = r.org_id
         WHERE {which}
         ORDER BY r.category, r.title, r.id LIMIT {MAX_RESOURCES}"
    );
    let mut query = sqlx::query_as::<_, ResourceRow>(sqlx::AssertSqlSafe(sql)).bind(org_id);
    if tab == BoardTab::Others {
        query = query.bind(span.end()).bind(span.start());
    }
    let rows = query.fetch_all(db).await?;
    rows.into_iter()
        .map(|r| {
            Ok(BoardResource {
                rules: r.rules.into_rules(to_u32(r.capacity), r.opening_hours)?,
                id: r.id,
                title: r.title,
                category: r.category,
                owner_name: r.owner_name,
                version: r.booking_version,
            })
        })
        .collect()
}

/// A pending or approved booking on a board.
#[derive(FromRow)]
pub struct BoardBookingRow {
    pub id: String,
    pub resource_id: String,
    pub requester_org_id: String,
    pub requester_org_name: String,
    pub status: crate::bookings::types::BookingStatus,
    pub starts_at: Instant,
    pub ends_at: Instant,
    pub quantity: i64,
    pub version: i64,
    pub series_id: Option<String>,
}

/// The pending and approved bookings meeting `span` on the resources of `tab` for `org_id`,
/// by resource and start.
pub async fn bookings<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: &str,
    tab: BoardTab,
    span: TimeRange,
) -> Result<Vec<BoardBookingRow>, sqlx::Error> {
    let which = match tab {
        BoardTab::Own => "b.owner_org_id = $1".to_owned(),
        BoardTab::Others => format!("b.resource_id IN ({OTHERS})"),
    };
    let sql = format!(
        "SELECT b.id, b.resource_id, b.requester_org_id, q.name AS requester_org_name, b.status,
            b.starts_at, b.ends_at, b.quantity, b.version, b.series_id
         FROM bookings b JOIN organizations q ON q.id = b.requester_org_id
         WHERE {which} AND b.status IN ('requested', 'approved')
           AND b.starts_at < $2 AND b.ends_at > $3
         ORDER BY b.resource_id, b.starts_at, b.id LIMIT {MAX_BOOKINGS}"
    );
    sqlx::query_as::<_, BoardBookingRow>(sqlx::AssertSqlSafe(sql))
        .bind(org_id)
        .bind(span.end())
        .bind(span.start())
        .fetch_all(db)
        .await
}

/// A blocked period on a board.
#[derive(FromRow)]
pub struct BoardBlockRow {
    pub id: String,
    pub resource_id: String,
    pub starts_at: Instant,
    pub ends_at: Instant,
    pub kind: BlockKind,
    pub reason: String,
}

/// The blocked periods meeting `span` on the resources of `tab` for `org_id`.
pub async fn blocked<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: &str,
    tab: BoardTab,
    span: TimeRange,
) -> Result<Vec<BoardBlockRow>, sqlx::Error> {
    let which = match tab {
        BoardTab::Own => "p.resource_id IN (SELECT id FROM resources WHERE org_id = $1)".to_owned(),
        BoardTab::Others => format!("p.resource_id IN ({OTHERS})"),
    };
    let sql = format!(
        "SELECT p.id, p.resource_id, p.starts_at, p.ends_at, p.kind, p.reason
         FROM blocked_periods p
         WHERE {which} AND p.starts_at < $2 AND p.ends_at > $3
         ORDER BY p.resource_id, p.starts_at LIMIT {MAX_BOOKINGS}"
    );
    sqlx::query_as::<_, BoardBlockRow>(sqlx::AssertSqlSafe(sql))
        .bind(org_id)
        .bind(span.end())
        .bind(span.start())
        .fetch_all(db)
        .await
}

/// The version of a booking as stored (read under its resource's lock).
pub async fn booking_version<'c>(
    db: impl Executor<'c, Database = Any>,
    booking_id: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT version FROM bookings WHERE id = $1")
        .bind(booking_id)
        .fetch_optional(db)
        .await
}

/// What a move writes.
pub struct Move<'a> {
    pub booking_id: &'a str,
    /// The version the board showed: the move applies only if it is still the stored one.
    pub version: i64,
    pub resource_id: &'a str,
    pub range: TimeRange,
    pub price_estimate_cents: i64,
    pub now: i64,
}

/// Moves a booking to another time or resource of its owner (its reminder, if sent, goes
/// again). False when its version is no longer `version`.
pub async fn move_booking<'c>(
    db: impl Executor<'c, Database = Any>,
    m: &Move<'_>,
) -> Result<bool, sqlx::Error> {
    sqlx::query(
        "UPDATE bookings SET resource_id = $1, starts_at = $2, ends_at = $3,
            price_estimate_cents = $4, updated_at = $5, version = version + 1,
            reminded_at = NULL
         WHERE id = $6 AND version = $7",
    )
    .bind(m.resource_id)
    .bind(m.range.start())
    .bind(m.range.end())
    .bind(m.price_estimate_cents)
    .bind(m.now)
    .bind(m.booking_id)
    .bind(m.version)
    .execute(db)
    .await
    .map(|r| r.rows_affected() == 1)
}

/// The organizations `org_id` knows, for whom its admins may book from the board: those that
/// booked its resources, its resources' partners, and those it has conversations with; by
/// name. (id, name)
pub async fn known_organizations<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: &str,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.id, o.name FROM organizations o
         WHERE o.id <> $1 AND o.id IN (
             SELECT requester_org_id FROM bookings WHERE owner_org_id = $1
             UNION SELECT p.org_id FROM resource_partners p
                   JOIN resources r ON r.id = p.resource_id WHERE r.org_id = $1
             UNION SELECT with_org_id FROM conversations WHERE opened_by_org_id = $1
             UNION SELECT opened_by_org_id FROM conversations WHERE with_org_id = $1)
         ORDER BY o.name, o.id LIMIT 500",
    )
    .bind(org_id)
    .fetch_all(db)
    .await
}

/// Whether `org_id` is one `owner` knows (`known_organizations`).
pub async fn knows<'c>(
    db: impl Executor<'c, Database = Any>,
    owner: &str,
    org_id: &str,
) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM organizations o
         WHERE o.id = $2 AND o.id <> $1 AND (
             EXISTS (SELECT 1 FROM bookings WHERE owner_org_id = $1 AND requester_org_id = $2)
             OR EXISTS (SELECT 1 FROM resource_partners p JOIN resources r ON r.id = p.resource_id
                        WHERE r.org_id = $1 AND p.org_id = $2)
             OR EXISTS (SELECT 1 FROM conversations
                        WHERE (opened_by_org_id = $1 AND with_org_id = $2)
                           OR (opened_by_org_id = $2 AND with_org_id = $1)))",
    )
    .bind(owner)
    .bind(org_id)
    .fetch_optional(db)
    .await?;
    Ok(found.is_some())
}
