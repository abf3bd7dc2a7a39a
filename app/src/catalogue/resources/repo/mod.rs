//! The only place SQL about resources lives (their photos: `photos/repo.rs`; the catalogue's
//! search: `search.rs`). Longer than 400 lines: a resource has 35 columns, named once here for
//! reading and writing.

mod search;
pub mod search_pg;

pub use search::search_resources;

use sqlx::{Any, Executor, FromRow, any::AnyArguments, query::Query};

use super::types::{
    Attributes, Audience, BookingRules, Category, PriceUnit, Pricing, ResourceContent,
    ResourceDetails, ResourceStatus, ResourceSummary, SlotGrid,
};
use crate::{
    catalogue::{
        filter::{category_list, opt_i32, opt_u32, to_u32},
        photos::Cover,
    },
    db::to_bool,
    shared::{Region, hours::OpeningHours},
};

crate::text_column!(Category, Category::parse);
crate::text_column!(ResourceStatus, ResourceStatus::parse);
crate::text_column!(PriceUnit, PriceUnit::parse);
crate::text_column!(OpeningHours, OpeningHours::decode);

#[derive(FromRow)]
pub(super) struct SummaryRow {
    id: String,
    category: Category,
    status: ResourceStatus,
    title: String,
    region: Region,
    org_id: String,
    org_name: String,
    org_verified_at: Option<i64>,
    price_unit: PriceUnit,
    price_cents: i64,
    area_m2: Option<i64>,
    work_stations: Option<i64>,
    mapaq_permit: i64,
    equipment: String,
    temp_min_c: Option<i64>,
    temp_max_c: Option<i64>,
    pallet_spots: Option<i64>,
    refrigerated: i64,
    payload_kg: Option<i64>,
    volume_m3: Option<i64>,
    licence_class: String,
    seats: Option<i64>,
    skill: String,
    hours_per_week: Option<i64>,
    capacity: i64,
    opening_hours: OpeningHours,
    updated_at: crate::time::Instant,
    cover_id: Option<String>,
    cover_alt: Option<String>,
}

pub(super) const SUMMARY_COLUMNS: &str = "r.id, r.category, r.status, r.title, r.region, r.org_id, \
     o.name AS org_name, o.verified_at AS org_verified_at, r.price_unit, r.price_cents, \
     r.area_m2, r.work_stations, r.mapaq_permit, r.equipment, r.temp_min_c, r.temp_max_c, \
     r.pallet_spots, r.refrigerated, r.payload_kg, r.volume_m3, r.licence_class, r.seats, \
     r.skill, r.hours_per_week, r.capacity, r.opening_hours, r.updated_at, \
     (SELECT p.id FROM resource_photos p WHERE p.resource_id = r.id \
      ORDER BY p.position LIMIT 1) AS cover_id, \
     (SELECT p.alt_text FROM resource_photos p WHERE p.resource_id = r.id \
      ORDER BY p.position LIMIT 1) AS cover_alt";

impl SummaryRow {
    fn attributes(&self) -> Attributes {
        Attributes {
            area_m2: opt_u32(self.area_m2),
            work_stations: opt_u32(self.work_stations),
            mapaq_permit: to_bool(self.mapaq_permit),
            equipment: self.equipment.clone(),
            temp_min_c: opt_i32(self.temp_min_c),
            temp_max_c: opt_i32(self.temp_max_c),
            pallet_spots: opt_u32(self.pallet_spots),
            refrigerated: to_bool(self.refrigerated),
            payload_kg: opt_u32(self.payload_kg),
            volume_m3: opt_u32(self.volume_m3),
            licence_class: self.licence_class.clone(),
            seats: opt_u32(self.seats),
            skill: self.skill.clone(),
            hours_per_week: opt_u32(self.hours_per_week),
        }
    }

    pub(super) fn into_summary(self) -> (ResourceSummary, OpeningHours) {
        let hours = self.opening_hours.clone();
        let summary = ResourceSummary {
            attributes: self.attributes(),
            category: self.category,
            status: self.status,
            region: self.region,
            org_verified: self.org_verified_at.is_some(),
            price_unit: self.price_unit,
            capacity: to_u32(self.capacity),
            cover: self
                .cover_id
                .zip(self.cover_alt)
                .map(|(id, alt)| Cover { id, alt }),
            id: self.id,
            title: self.title,
            org_id: self.org_id,
            org_name: self.org_name,
            price_cents: self.price_cents,
            updated_at: self.updated_at,
        };
        (summary, hours)
    }
}

#[derive(FromRow)]
struct DetailRow {
    #[sqlx(flatten)]
    summary: SummaryRow,
    description: String,
    address: String,
    access_notes: String,
    deposit_cents: i64,
    #[sqlx(flatten)]
    rules: RulesRow,
    created_at: crate::time::Instant,
}

/// A resource's booking rules as stored (`RULES_COLUMNS`, beside `capacity` and
/// `opening_hours`, which other reads carry already).
#[derive(FromRow)]
pub(crate) struct RulesRow {
    approval_required: i64,
    min_minutes: Option<i64>,
    max_minutes: Option<i64>,
    lead_hours: i64,
    buffer_minutes: i64,
    slot_minutes: i64,
    horizon_days: i64,
    audience: Audience,
}

/// The columns `RulesRow` reads, on a `resources` table named `r`.
pub(crate) const RULES_COLUMNS: &str = "r.approval_required, r.min_minutes, r.max_minutes,
    r.lead_hours, r.buffer_minutes, r.slot_minutes, r.horizon_days, r.audience";

impl RulesRow {
    /// The rules, with the resource's capacity and hours; a slot grid this version does not
    /// know is a decoding error.
    pub(crate) fn into_rules(
        self,
        capacity: u32,
        opening_hours: OpeningHours,
    ) -> Result<BookingRules, sqlx::Error> {
        let grid = SlotGrid::from_stored(self.slot_minutes).ok_or_else(|| {
            sqlx::Error::Decode(format!("unknown slot grid {}", self.slot_minutes).into())
        })?;
        Ok(BookingRules {
            capacity,
            approval_required: to_bool(self.approval_required),
            min_minutes: opt_u32(self.min_minutes),
            max_minutes: opt_u32(self.max_minutes),
            lead_hours: to_u32(self.lead_hours),
            buffer_minutes: to_u32(self.buffer_minutes),
            opening_hours,
            grid,
            horizon_days: to_u32(self.horizon_days),
            audience: self.audience,
        })
    }
}

/// The columns a resource's form fills, in the order `bind_content` binds them.
const CONTENT_COLUMNS: [&str; 35] = [
    "category",
    "title",
    "description",
    "region",
    "address",
    "access_notes",
    "area_m2",
    "work_stations",
    "mapaq_permit",
    "equipment",
    "temp_min_c",
    "temp_max_c",
    "pallet_spots",
    "refrigerated",
    "payload_kg",
    "volume_m3",
    "licence_class",
    "seats",
    "skill",
    "hours_per_week",
    "price_unit",
    "price_cents",
    "deposit_cents",
    "capacity",
    "approval_required",
    "min_minutes",
    "max_minutes",
    "lead_hours",
    "buffer_minutes",
    "opening_hours",
    "slot_minutes",
    "horizon_days",
    "audience",
    "search_text",
    "search_title",
];

/// Binds a draft's values for `CONTENT_COLUMNS`, in order.
fn bind_content<'q>(
    query: Query<'q, Any, AnyArguments>,
    d: &'q ResourceContent,
    search_text: &'q str,
) -> Query<'q, Any, AnyArguments> {
    let a = &d.attributes;
    query
        .bind(d.category.code())
        .bind(&d.title)
        .bind(&d.description)
        .bind(d.region.code_str())
        .bind(&d.address)
        .bind(&d.access_notes)
        .bind(a.area_m2.map(i64::from))
        .bind(a.work_stations.map(i64::from))
        .bind(i64::from(a.mapaq_permit))
        .bind(&a.equipment)
        .bind(a.temp_min_c.map(i64::from))
        .bind(a.temp_max_c.map(i64::from))
        .bind(a.pallet_spots.map(i64::from))
        .bind(i64::from(a.refrigerated))
        .bind(a.payload_kg.map(i64::from))
        .bind(a.volume_m3.map(i64::from))
        .bind(&a.licence_class)
        .bind(a.seats.map(i64::from))
        .bind(&a.skill)
        .bind(a.hours_per_week.map(i64::from))
        .bind(d.pricing.unit.code())
        .bind(d.pricing.price_cents)
        .bind(d.pricing.deposit_cents)
        .bind(i64::from(d.rules.capacity))
        .bind(i64::from(d.rules.approval_required))
        .bind(d.rules.min_minutes.map(i64::from))
        .bind(d.rules.max_minutes.map(i64::from))
        .bind(i64::from(d.rules.lead_hours))
        .bind(i64::from(d.rules.buffer_minutes))
        .bind(d.rules.opening_hours.encode())
        .bind(d.rules.grid.stored())
        .bind(i64::from(d.rules.horizon_days))
        .bind(d.rules.audience.code())
        .bind(search_text)
        .bind(crate::catalogue::search::normalize(&d.title))
}

/// Stores a new resource with the given status.
pub async fn insert_resource<'c>(
    db: impl Executor<'c, Database = Any>,
    new: &NewResource<'_>,
) -> Result<(), sqlx::Error> {
    // $1..$3 identify it, $4.. its content, then who and when.
    let n = 4 + CONTENT_COLUMNS.len();
    let placeholders: Vec<String> = (4..4 + CONTENT_COLUMNS.len())
        .map(|n| format!("${n}"))
        .collect();
    let sql = format!(
        "INSERT INTO resources (id, org_id, status, {}, created_by, created_at, updated_at, published_at)
         VALUES ($1, $2, $3, {}, ${n}, ${}, ${}, ${})",
        CONTENT_COLUMNS.join(", "),
        placeholders.join(", "),
        n + 1,
        n + 1,
        n + 2
    );
    let query = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(new.id)
        .bind(new.org_id)
        .bind(new.status.code());
    bind_content(query, new.draft, new.search_text)
        .bind(new.created_by)
        .bind(new.now)
        .bind((new.status == ResourceStatus::Published).then_some(new.now))
        .execute(db)
        .await
        .map(|_| ())
}

pub struct NewResource<'a> {
    pub id: &'a str,
    pub org_id: &'a str,
    pub created_by: &'a str,
    pub status: ResourceStatus,
    pub draft: &'a ResourceContent,
    pub search_text: &'a str,
    pub now: i64,
}

/// Rewrites a resource's content (not its status or owner). False when it does not exist.
pub async fn update_resource<'c>(
    db: impl Executor<'c, Database = Any>,
    id: &str,
    d: &ResourceContent,
    search_text: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    // $1.. the content, then when and which.
    let n = CONTENT_COLUMNS.len();
    let sets: Vec<String> = CONTENT_COLUMNS
        .iter()
        .enumerate()
        .map(|(i, column)| format!("{column} = ${}", i + 1))
        .collect();
    let sql = format!(
        "UPDATE resources SET {}, updated_at = ${} WHERE id = ${}",
        sets.join(", "),
        n + 1,
        n + 2
    );
    bind_content(sqlx::query(sqlx::AssertSqlSafe(sql)), d, search_text)
        .bind(now)
        .bind(id)
        .execute(db)
        .await
        .map(|r| r.rows_affected() == 1)
}

/// Moves a resource to `status`; the first publication is remembered for "newest first".
pub async fn set_resource_status<'c>(
    db: impl Executor<'c, Database = Any>,
    id: &str,
    status: ResourceStatus,
    now: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query(
        "UPDATE resources SET status = $1, updated_at = $2,
            published_at = CASE WHEN $1 = 'published' AND published_at IS NULL THEN $2
                                ELSE published_at END
         WHERE id = $3",
    )
    .bind(status.code())
    .bind(now)
    .bind(id)
    .execute(db)
    .await
    .map(|r| r.rows_affected() == 1)
}

/// One resource with its owner's name, whatever its status.
pub async fn find_resource<'c>(
    db: impl Executor<'c, Database = Any>,
    id: &str,
) -> Result<Option<ResourceDetails>, sqlx::Error> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}, r.description, r.address, r.access_notes, r.deposit_cents,
            {RULES_COLUMNS}, r.created_at
         FROM resources r JOIN organizations o ON o.id = r.org_id WHERE r.id = $1"
    );
    let row = sqlx::query_as::<_, DetailRow>(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(db)
        .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    Ok(Some({
        let (s, opening_hours) = row.summary.into_summary();
        let rules = row.rules.into_rules(s.capacity, opening_hours)?;
        ResourceDetails {
            id: s.id,
            org_id: s.org_id,
            org_name: s.org_name,
            org_verified: s.org_verified,
            status: s.status,
            content: ResourceContent {
                category: s.category,
                title: s.title,
                description: row.description,
                region: s.region,
                address: row.address,
                access_notes: row.access_notes,
                attributes: s.attributes,
                pricing: Pricing {
                    unit: s.price_unit,
                    price_cents: s.price_cents,
                    deposit_cents: row.deposit_cents,
                },
                rules,
            },
            photos: Vec::new(),
            created_at: row.created_at,
            updated_at: s.updated_at,
        }
    }))
}

/// The owner of a resource, if it exists.
pub async fn resource_owner<'c>(
    db: impl Executor<'c, Database = Any>,
    id: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT org_id FROM resources WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await
}

/// An organization's resources, archived last, then by title.
pub async fn org_resources<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: &str,
) -> Result<Vec<ResourceSummary>, sqlx::Error> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM resources r JOIN organizations o ON o.id = r.org_id
         WHERE r.org_id = $1
         ORDER BY CASE r.status WHEN 'archived' THEN 1 ELSE 0 END, r.title, r.id"
    );
    let rows = sqlx::query_as::<_, SummaryRow>(sqlx::AssertSqlSafe(sql))
        .bind(org_id)
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().map(|r| r.into_summary().0).collect())
}

/// The newest published resources, for the home page.
pub async fn newest_published<'c>(
    db: impl Executor<'c, Database = Any>,
    limit: u32,
) -> Result<Vec<ResourceSummary>, sqlx::Error> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM resources r JOIN organizations o ON o.id = r.org_id
         WHERE r.status = 'published'
         ORDER BY r.published_at DESC, r.id DESC LIMIT $1"
    );
    let rows = sqlx::query_as::<_, SummaryRow>(sqlx::AssertSqlSafe(sql))
        .bind(i64::from(limit))
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().map(|r| r.into_summary().0).collect())
}

/// Published resources of the given categories in the given regions, with their opening
/// hours, for matching.
pub async fn match_candidates<'c>(
    db: impl Executor<'c, Database = Any>,
    categories: &[Category],
    regions: &[Region],
    exclude_org: &str,
) -> Result<Vec<(ResourceSummary, OpeningHours)>, sqlx::Error> {
    let Some(list) = category_list(categories) else {
        return Ok(Vec::new());
    };
    if regions.is_empty() {
        return Ok(Vec::new());
    }
    // Region codes are fixed two-digit strings, never input.
    let regions = regions
        .iter()
        .map(|r| format!("'{}'", r.code_str()))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM resources r JOIN organizations o ON o.id = r.org_id
         WHERE r.status = 'published' AND r.category IN ({list}) AND r.region IN ({regions})
           AND r.org_id <> $1"
    );
    let rows = sqlx::query_as::<_, SummaryRow>(sqlx::AssertSqlSafe(sql))
        .bind(exclude_org)
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().map(SummaryRow::into_summary).collect())
}

/// An organization's published resources with their opening hours, for matching its needs.
pub async fn org_published_resources<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: &str,
) -> Result<Vec<(ResourceSummary, OpeningHours)>, sqlx::Error> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM resources r JOIN organizations o ON o.id = r.org_id
         WHERE r.org_id = $1 AND r.status = 'published'"
    );
    let rows = sqlx::query_as::<_, SummaryRow>(sqlx::AssertSqlSafe(sql))
        .bind(org_id)
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().map(SummaryRow::into_summary).collect())
}

crate::text_column!(Audience, Audience::parse);

/// Whether `org_id` is one of the partners `resource_id`'s owner lists.
pub async fn is_partner<'c>(
    db: impl Executor<'c, Database = Any>,
    resource_id: &str,
    org_id: &str,
) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM resource_partners WHERE resource_id = $1 AND org_id = $2",
    )
    .bind(resource_id)
    .bind(org_id)
    .fetch_optional(db)
    .await?;
    Ok(found.is_some())
}
