//! The only place SQL about resources, needs and match notifications lives. Searches build
//! their `WHERE` from fixed fragments and bind every value; nothing typed by a person is ever
//! spliced into SQL.

use sqlx::{
    Any, Executor, FromRow,
    any::AnyArguments,
    query::{Query, QueryAs},
};

use super::{
    photos::{Cover, Photo},
    types::{
        Attributes, Category, Need, NeedDraft, NeedQuery, NeedStatus, NeedWindow, OpeningHours,
        PAGE_SIZE, PriceUnit, QuantityUnit, ResourceDetails, ResourceDraft, ResourceQuery,
        ResourceStatus, ResourceSummary, SortOrder, parse_date,
    },
};
use crate::{db::to_bool, organizations::types::Region};

/// A value bound to a `$n` placeholder of a query built at run time.
enum Bind {
    Text(String),
    Int(i64),
}

/// Collects `WHERE` fragments and their values, numbering placeholders as it goes.
#[derive(Default)]
struct Filter {
    clauses: Vec<String>,
    binds: Vec<Bind>,
}

impl Filter {
    /// Adds `fragment`, whose `?` stands for the next placeholder.
    fn push(&mut self, fragment: &str, value: Bind) {
        self.binds.push(value);
        let n = self.binds.len();
        self.clauses.push(fragment.replace('?', &format!("${n}")));
    }

    fn fixed(&mut self, fragment: &str) {
        self.clauses.push(fragment.to_owned());
    }

    fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.clauses.join(" AND "))
        }
    }

    fn next_placeholder(&self, offset: usize) -> String {
        format!("${}", self.binds.len() + offset)
    }

    /// How many rows of `table` (with its alias) match.
    async fn count(&self, db: &sqlx::AnyPool, table: &str) -> Result<i64, sqlx::Error> {
        let sql = format!("SELECT COUNT(*) FROM {table} {}", self.sql());
        let mut count = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql));
        for b in &self.binds {
            count = match b {
                Bind::Text(s) => count.bind(s.as_str()),
                Bind::Int(n) => count.bind(*n),
            };
        }
        count.fetch_one(db).await
    }
}

fn bind_all<'q, O>(
    mut query: QueryAs<'q, Any, O, AnyArguments>,
    binds: &'q [Bind],
) -> QueryAs<'q, Any, O, AnyArguments> {
    for b in binds {
        query = match b {
            Bind::Text(s) => query.bind(s.as_str()),
            Bind::Int(n) => query.bind(*n),
        };
    }
    query
}

/// `'kitchen', 'freezer'` for an `IN (…)`: fixed codes only, never input. None when empty
/// (`IN ()` is an error on PostgreSQL).
fn category_list(categories: &[Category]) -> Option<String> {
    (!categories.is_empty()).then(|| {
        categories
            .iter()
            .map(|c| format!("'{}'", c.code()))
            .collect::<Vec<_>>()
            .join(", ")
    })
}

fn opt_u32(v: Option<i64>) -> Option<u32> {
    v.and_then(|n| u32::try_from(n).ok())
}

fn opt_i32(v: Option<i64>) -> Option<i32> {
    v.and_then(|n| i32::try_from(n).ok())
}

fn to_u32(v: i64) -> u32 {
    u32::try_from(v.max(0)).unwrap_or(u32::MAX)
}

// ---- resources ---------------------------------------------------------------------------------

crate::text_column!(Category, Category::parse);
crate::text_column!(ResourceStatus, ResourceStatus::parse);
crate::text_column!(PriceUnit, PriceUnit::parse);
crate::text_column!(NeedStatus, NeedStatus::parse);
crate::text_column!(QuantityUnit, QuantityUnit::parse);

/// A need's regions as stored: codes between commas (« ,06,13, », so `LIKE '%,06,%'` finds one).
struct RegionList(Vec<Region>);

crate::text_column!(RegionList, |text| {
    text.split(',')
        .filter(|code| !code.is_empty())
        .map(Region::parse)
        .collect::<Option<Vec<_>>>()
        .map(RegionList)
});

#[derive(FromRow)]
struct SummaryRow {
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
    opening_hours: String,
    updated_at: crate::time::Instant,
    cover_id: Option<String>,
    cover_alt: Option<String>,
}

const SUMMARY_COLUMNS: &str = "r.id, r.category, r.status, r.title, r.region, r.org_id, \
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

    fn into_summary(self) -> (ResourceSummary, OpeningHours) {
        let hours = OpeningHours::decode(&self.opening_hours);
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
    approval_required: i64,
    min_minutes: Option<i64>,
    max_minutes: Option<i64>,
    lead_hours: i64,
    buffer_minutes: i64,
    created_at: crate::time::Instant,
}

/// The columns a resource's form fills, in the order `bind_content` binds them.
const CONTENT_COLUMNS: [&str; 31] = [
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
    "search_text",
];

/// Binds a draft's values for `CONTENT_COLUMNS`, in order.
fn bind_content<'q>(
    query: Query<'q, Any, AnyArguments>,
    d: &'q ResourceDraft,
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
        .bind(d.price_unit.code())
        .bind(d.price_cents)
        .bind(d.deposit_cents)
        .bind(i64::from(d.capacity))
        .bind(i64::from(d.approval_required))
        .bind(d.min_minutes.map(i64::from))
        .bind(d.max_minutes.map(i64::from))
        .bind(i64::from(d.lead_hours))
        .bind(i64::from(d.buffer_minutes))
        .bind(d.opening_hours.encode())
        .bind(search_text)
}

/// Stores a new resource with the given status.
pub async fn insert_resource<'c>(
    db: impl Executor<'c, Database = Any>,
    new: &NewResource<'_>,
) -> Result<(), sqlx::Error> {
    // $1..$3 identify it, $4..$34 are its content, then who and when.
    let placeholders: Vec<String> = (4..4 + CONTENT_COLUMNS.len())
        .map(|n| format!("${n}"))
        .collect();
    let sql = format!(
        "INSERT INTO resources (id, org_id, status, {}, created_by, created_at, updated_at, published_at)
         VALUES ($1, $2, $3, {}, $35, $36, $36, $37)",
        CONTENT_COLUMNS.join(", "),
        placeholders.join(", ")
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
    pub draft: &'a ResourceDraft,
    pub search_text: &'a str,
    pub now: i64,
}

/// Rewrites a resource's content (not its status or owner). False when it does not exist.
pub async fn update_resource<'c>(
    db: impl Executor<'c, Database = Any>,
    id: &str,
    d: &ResourceDraft,
    search_text: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    // $1..$31 are the content, then when and which.
    let sets: Vec<String> = CONTENT_COLUMNS
        .iter()
        .enumerate()
        .map(|(i, column)| format!("{column} = ${}", i + 1))
        .collect();
    let sql = format!(
        "UPDATE resources SET {}, updated_at = $32 WHERE id = $33",
        sets.join(", ")
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
            r.approval_required, r.min_minutes, r.max_minutes, r.lead_hours, r.buffer_minutes,
            r.created_at
         FROM resources r JOIN organizations o ON o.id = r.org_id WHERE r.id = $1"
    );
    let row = sqlx::query_as::<_, DetailRow>(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(row.map(|row| {
        let (s, opening_hours) = row.summary.into_summary();
        ResourceDetails {
            id: s.id,
            org_id: s.org_id,
            org_name: s.org_name,
            org_verified: s.org_verified,
            category: s.category,
            status: s.status,
            title: s.title,
            description: row.description,
            region: s.region,
            address: row.address,
            access_notes: row.access_notes,
            attributes: s.attributes,
            price_unit: s.price_unit,
            price_cents: s.price_cents,
            deposit_cents: row.deposit_cents,
            capacity: s.capacity,
            approval_required: to_bool(row.approval_required),
            min_minutes: opt_u32(row.min_minutes),
            max_minutes: opt_u32(row.max_minutes),
            lead_hours: to_u32(row.lead_hours),
            buffer_minutes: to_u32(row.buffer_minutes),
            opening_hours,
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

/// The `WHERE` of a catalogue search: published resources matching every filter.
fn resource_filter(query: &ResourceQuery) -> Filter {
    let mut f = Filter::default();
    f.fixed("r.status = 'published'");
    if let Some(c) = query.category {
        f.push("r.category = ?", Bind::Text(c.code().to_owned()));
    }
    if let Some(r) = query.region {
        f.push("r.region = ?", Bind::Text(r.code_str()));
    }
    if query.free_only {
        f.fixed("r.price_unit = 'free'");
    }
    if query.refrigerated {
        f.fixed("r.refrigerated = 1");
    }
    if query.mapaq {
        f.fixed("r.mapaq_permit = 1");
    }
    for (min, column) in [
        (query.min_pallets, "r.pallet_spots >= ?"),
        (query.min_stations, "r.work_stations >= ?"),
        (query.min_seats, "r.seats >= ?"),
    ] {
        if let Some(min) = min {
            f.push(column, Bind::Int(i64::from(min)));
        }
    }
    for term in super::search::query_terms(&query.q) {
        f.push("r.search_text LIKE ?", Bind::Text(format!("% {term}%")));
    }
    f
}

/// `ORDER BY` for a search: regions nearest to `near` first when asked, newest first otherwise.
fn resource_order(query: &ResourceQuery, near: Option<Region>) -> String {
    match (query.sort, near) {
        (SortOrder::Nearest, Some(near)) => {
            let cases: String = near
                .by_distance_from()
                .into_iter()
                .enumerate()
                .map(|(rank, region)| format!(" WHEN '{}' THEN {rank}", region.code_str()))
                .collect();
            format!("ORDER BY CASE r.region{cases} ELSE 99 END, r.published_at DESC, r.id DESC")
        }
        _ => "ORDER BY r.published_at DESC, r.id DESC".to_owned(),
    }
}

/// One page of published resources matching `query`, and how many match in all.
/// With a wanted slot (date and hours), resources closed then are left out.
pub async fn search_resources(
    db: &sqlx::AnyPool,
    query: &ResourceQuery,
    near: Option<Region>,
) -> Result<(Vec<ResourceSummary>, u32), sqlx::Error> {
    let filter = resource_filter(query);
    let order = resource_order(query, near);
    let page = query.page.clamp(1, 10_000);
    let offset = i64::from((page - 1) * PAGE_SIZE);
    // Only a start: open then; only an end: open just before; neither: open that day at all.
    let slot = query.date.as_deref().and_then(parse_date).map(|date| {
        let (from, to) = match (query.from_minute, query.to_minute) {
            (Some(a), Some(b)) => (a, b),
            (Some(a), None) => (a, a.saturating_add(1)),
            (None, Some(b)) => (b.saturating_sub(1), b),
            (None, None) => (0, 0),
        };
        (crate::time::weekday_index(date), from, to)
    });
    let base = format!(
        "SELECT {SUMMARY_COLUMNS} FROM resources r JOIN organizations o ON o.id = r.org_id {} {order}",
        filter.sql()
    );
    match slot {
        None => {
            let sql = format!(
                "{base} LIMIT {} OFFSET {}",
                filter.next_placeholder(1),
                filter.next_placeholder(2)
            );
            let rows = bind_all(
                sqlx::query_as::<_, SummaryRow>(sqlx::AssertSqlSafe(sql)),
                &filter.binds,
            )
            .bind(i64::from(PAGE_SIZE))
            .bind(offset)
            .fetch_all(db)
            .await?;
            let total = filter.count(db, "resources r").await?;
            Ok((
                rows.into_iter().map(|r| r.into_summary().0).collect(),
                to_u32(total),
            ))
        }
        Some((weekday, from, to)) => {
            // Opening hours are not indexable in SQL: filter the (already narrowed) matches.
            let rows = bind_all(
                sqlx::query_as::<_, SummaryRow>(sqlx::AssertSqlSafe(base)),
                &filter.binds,
            )
            .fetch_all(db)
            .await?;
            let open: Vec<ResourceSummary> = rows
                .into_iter()
                .map(SummaryRow::into_summary)
                .filter(|(_, hours)| {
                    if from < to {
                        hours.covers(weekday, from, to)
                    } else {
                        hours.is_empty() || hours.0[weekday].is_some()
                    }
                })
                .map(|(s, _)| s)
                .collect();
            let total = u32::try_from(open.len()).unwrap_or(u32::MAX);
            let items = open
                .into_iter()
                .skip(usize::try_from(offset).unwrap_or(0))
                .take(PAGE_SIZE as usize)
                .collect();
            Ok((items, total))
        }
    }
}

/// Published resources of the given categories, with their opening hours, for matching.
pub async fn match_candidates<'c>(
    db: impl Executor<'c, Database = Any>,
    categories: &[Category],
    exclude_org: &str,
) -> Result<Vec<(ResourceSummary, OpeningHours)>, sqlx::Error> {
    let Some(list) = category_list(categories) else {
        return Ok(Vec::new());
    };
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM resources r JOIN organizations o ON o.id = r.org_id
         WHERE r.status = 'published' AND r.category IN ({list}) AND r.org_id <> $1"
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

// ---- photos ------------------------------------------------------------------------------------

#[derive(FromRow)]
struct PhotoRow {
    id: String,
    alt_text: String,
    width: i64,
    height: i64,
}

impl From<PhotoRow> for Photo {
    fn from(row: PhotoRow) -> Photo {
        Photo {
            id: row.id,
            alt: row.alt_text,
            width: to_u32(row.width),
            height: to_u32(row.height),
        }
    }
}

/// A resource's photos, cover first.
pub async fn resource_photos<'c>(
    db: impl Executor<'c, Database = Any>,
    resource_id: &str,
) -> Result<Vec<Photo>, sqlx::Error> {
    let rows = sqlx::query_as::<_, PhotoRow>(
        "SELECT id, alt_text, width, height FROM resource_photos
         WHERE resource_id = $1 ORDER BY position",
    )
    .bind(resource_id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Photo::from).collect())
}

/// A photo to add after a resource's others.
pub struct NewPhoto<'a> {
    pub id: &'a str,
    pub resource_id: &'a str,
    pub alt: &'a str,
    pub width: u32,
    pub height: u32,
    pub bytes: usize,
    pub created_by: &'a str,
    pub now: i64,
}

/// Adds a photo last, unless the resource already has `max` photos (then `false`). Two
/// uploads at the same instant compute the same place; the unique `(resource_id, position)`
/// lets one win and the other fails with a unique violation, to be retried.
pub async fn insert_photo<'c>(
    db: impl Executor<'c, Database = Any>,
    photo: &NewPhoto<'_>,
    max: usize,
) -> Result<bool, sqlx::Error> {
    sqlx::query(
        "INSERT INTO resource_photos
            (id, resource_id, position, alt_text, width, height, bytes, created_by, created_at)
         SELECT $1, $2, COALESCE(MAX(position), -1) + 1, $3, $4, $5, $6, $7, $8
         FROM resource_photos WHERE resource_id = $2
         HAVING COUNT(*) < $9",
    )
    .bind(photo.id)
    .bind(photo.resource_id)
    .bind(photo.alt)
    .bind(i64::from(photo.width))
    .bind(i64::from(photo.height))
    .bind(i64::try_from(photo.bytes).unwrap_or(i64::MAX))
    .bind(photo.created_by)
    .bind(photo.now)
    .bind(i64::try_from(max).unwrap_or(i64::MAX))
    .execute(db)
    .await
    .map(|r| r.rows_affected() == 1)
}

/// The resource a photo belongs to, if the photo exists.
pub async fn photo_resource<'c>(
    db: impl Executor<'c, Database = Any>,
    photo_id: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT resource_id FROM resource_photos WHERE id = $1")
        .bind(photo_id)
        .fetch_optional(db)
        .await
}

/// Who may see a photo: its resource's organization, and whether the resource is published
/// (then anyone may).
pub async fn photo_visibility<'c>(
    db: impl Executor<'c, Database = Any>,
    photo_id: &str,
) -> Result<Option<(String, bool)>, sqlx::Error> {
    sqlx::query_as::<_, (String, i64)>(
        "SELECT r.org_id, CASE WHEN r.status = 'published' THEN 1 ELSE 0 END
         FROM resource_photos p JOIN resources r ON r.id = p.resource_id WHERE p.id = $1",
    )
    .bind(photo_id)
    .fetch_optional(db)
    .await
    .map(|row| row.map(|(org, published)| (org, published != 0)))
}

/// Rewrites a photo's alt text.
pub async fn set_photo_alt<'c>(
    db: impl Executor<'c, Database = Any>,
    photo_id: &str,
    alt: &str,
) -> Result<bool, sqlx::Error> {
    sqlx::query("UPDATE resource_photos SET alt_text = $2 WHERE id = $1")
        .bind(photo_id)
        .bind(alt)
        .execute(db)
        .await
        .map(|r| r.rows_affected() == 1)
}

/// Puts a photo before the resource's others, making it the cover. Like `insert_photo`, a
/// simultaneous move may fail with a unique violation, to be retried.
pub async fn move_photo_first<'c>(
    db: impl Executor<'c, Database = Any>,
    photo_id: &str,
) -> Result<bool, sqlx::Error> {
    sqlx::query(
        "UPDATE resource_photos SET position = (
             SELECT MIN(p.position) - 1 FROM resource_photos p
             WHERE p.resource_id = resource_photos.resource_id)
         WHERE id = $1",
    )
    .bind(photo_id)
    .execute(db)
    .await
    .map(|r| r.rows_affected() == 1)
}

/// Removes a photo's row (its files are the caller's to delete).
pub async fn delete_photo<'c>(
    db: impl Executor<'c, Database = Any>,
    photo_id: &str,
) -> Result<bool, sqlx::Error> {
    sqlx::query("DELETE FROM resource_photos WHERE id = $1")
        .bind(photo_id)
        .execute(db)
        .await
        .map(|r| r.rows_affected() == 1)
}

// ---- needs -------------------------------------------------------------------------------------

#[derive(FromRow)]
struct NeedRow {
    id: String,
    org_id: String,
    org_name: String,
    org_verified_at: Option<i64>,
    category: Category,
    status: NeedStatus,
    title: String,
    description: String,
    regions: RegionList,
    starts_on: Option<String>,
    ends_on: Option<String>,
    weekdays: i64,
    from_minute: Option<i64>,
    to_minute: Option<i64>,
    quantity: i64,
    quantity_unit: QuantityUnit,
    created_at: crate::time::Instant,
}

const NEED_COLUMNS: &str = "n.id, n.org_id, o.name AS org_name, o.verified_at AS org_verified_at, \
     n.category, n.status, n.title, n.description, n.regions, n.starts_on, n.ends_on, \
     n.weekdays, n.from_minute, n.to_minute, n.quantity, n.quantity_unit, n.created_at";

impl From<NeedRow> for Need {
    fn from(row: NeedRow) -> Need {
        Need {
            category: row.category,
            status: row.status,
            regions: row.regions.0,
            window: NeedWindow {
                starts_on: row.starts_on,
                ends_on: row.ends_on,
                weekdays: u8::try_from(row.weekdays & 0x7f).unwrap_or(0),
                from_minute: row.from_minute.and_then(|m| u16::try_from(m).ok()),
                to_minute: row.to_minute.and_then(|m| u16::try_from(m).ok()),
            },
            quantity: to_u32(row.quantity),
            quantity_unit: row.quantity_unit,
            org_verified: row.org_verified_at.is_some(),
            id: row.id,
            org_id: row.org_id,
            org_name: row.org_name,
            title: row.title,
            description: row.description,
            created_at: row.created_at,
        }
    }
}

/// Regions are stored as `,06,13,` so one region is found with `LIKE '%,06,%'`.
fn encode_regions(regions: &[Region]) -> String {
    let codes: Vec<String> = regions.iter().map(|r| r.code_str()).collect();
    format!(",{},", codes.join(","))
}

pub struct NewNeed<'a> {
    pub id: &'a str,
    pub org_id: &'a str,
    pub created_by: &'a str,
    pub draft: &'a NeedDraft,
    pub search_text: &'a str,
    pub now: i64,
}

pub async fn insert_need<'c>(
    db: impl Executor<'c, Database = Any>,
    new: &NewNeed<'_>,
) -> Result<(), sqlx::Error> {
    let d = new.draft;
    sqlx::query(
        "INSERT INTO needs (id, org_id, category, status, title, description, regions, starts_on,
            ends_on, weekdays, from_minute, to_minute, quantity, quantity_unit, search_text,
            created_by, created_at, updated_at)
         VALUES ($1, $2, $3, 'open', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)",
    )
    .bind(new.id)
    .bind(new.org_id)
    .bind(d.category.code())
    .bind(&d.title)
    .bind(&d.description)
    .bind(encode_regions(&d.regions))
    .bind(d.window.starts_on.as_deref())
    .bind(d.window.ends_on.as_deref())
    .bind(i64::from(d.window.weekdays))
    .bind(d.window.from_minute.map(i64::from))
    .bind(d.window.to_minute.map(i64::from))
    .bind(i64::from(d.quantity))
    .bind(d.quantity_unit.code())
    .bind(new.search_text)
    .bind(new.created_by)
    .bind(new.now)
    .execute(db)
    .await
    .map(|_| ())
}

pub async fn set_need_status<'c>(
    db: impl Executor<'c, Database = Any>,
    id: &str,
    status: NeedStatus,
    now: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query("UPDATE needs SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(status.code())
        .bind(now)
        .bind(id)
        .execute(db)
        .await
        .map(|r| r.rows_affected() == 1)
}

pub async fn find_need<'c>(
    db: impl Executor<'c, Database = Any>,
    id: &str,
) -> Result<Option<Need>, sqlx::Error> {
    let sql = format!(
        "SELECT {NEED_COLUMNS} FROM needs n JOIN organizations o ON o.id = n.org_id WHERE n.id = $1"
    );
    sqlx::query_as::<_, NeedRow>(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(db)
        .await
        .map(|row| row.map(Need::from))
}

/// One page of open needs matching `query`, newest first, and how many match in all.
pub async fn search_needs(
    db: &sqlx::AnyPool,
    query: &NeedQuery,
) -> Result<(Vec<Need>, u32), sqlx::Error> {
    let mut f = Filter::default();
    f.fixed("n.status = 'open'");
    if let Some(c) = query.category {
        f.push("n.category = ?", Bind::Text(c.code().to_owned()));
    }
    if let Some(r) = query.region {
        f.push(
            "n.regions LIKE ?",
            Bind::Text(format!("%,{},%", r.code_str())),
        );
    }
    for term in super::search::query_terms(&query.q) {
        f.push("n.search_text LIKE ?", Bind::Text(format!("% {term}%")));
    }
    let offset = i64::from((query.page.clamp(1, 10_000) - 1) * PAGE_SIZE);
    let sql = format!(
        "SELECT {NEED_COLUMNS} FROM needs n JOIN organizations o ON o.id = n.org_id {}
         ORDER BY n.created_at DESC, n.id DESC LIMIT {} OFFSET {}",
        f.sql(),
        f.next_placeholder(1),
        f.next_placeholder(2)
    );
    let rows = bind_all(
        sqlx::query_as::<_, NeedRow>(sqlx::AssertSqlSafe(sql)),
        &f.binds,
    )
    .bind(i64::from(PAGE_SIZE))
    .bind(offset)
    .fetch_all(db)
    .await?;
    let total = f.count(db, "needs n").await?;
    Ok((rows.into_iter().map(Need::from).collect(), to_u32(total)))
}

/// An organization's needs, open first, newest first.
pub async fn org_needs<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: &str,
) -> Result<Vec<Need>, sqlx::Error> {
    let sql = format!(
        "SELECT {NEED_COLUMNS} FROM needs n JOIN organizations o ON o.id = n.org_id
         WHERE n.org_id = $1
         ORDER BY CASE n.status WHEN 'open' THEN 0 ELSE 1 END, n.created_at DESC, n.id"
    );
    sqlx::query_as::<_, NeedRow>(sqlx::AssertSqlSafe(sql))
        .bind(org_id)
        .fetch_all(db)
        .await
        .map(|rows| rows.into_iter().map(Need::from).collect())
}

/// Open needs of other organizations in the given categories, for an owner's matches.
pub async fn open_needs_in<'c>(
    db: impl Executor<'c, Database = Any>,
    categories: &[Category],
    exclude_org: &str,
) -> Result<Vec<Need>, sqlx::Error> {
    let Some(list) = category_list(categories) else {
        return Ok(Vec::new());
    };
    let sql = format!(
        "SELECT {NEED_COLUMNS} FROM needs n JOIN organizations o ON o.id = n.org_id
         WHERE n.status = 'open' AND n.category IN ({list}) AND n.org_id <> $1
         ORDER BY n.created_at DESC"
    );
    sqlx::query_as::<_, NeedRow>(sqlx::AssertSqlSafe(sql))
        .bind(exclude_org)
        .fetch_all(db)
        .await
        .map(|rows| rows.into_iter().map(Need::from).collect())
}
