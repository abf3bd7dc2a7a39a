//! The only place SQL about needs lives.

use sqlx::{Any, Executor, FromRow};

use super::types::{Need, NeedDraft, NeedQuery, NeedStatus, NeedWindow, QuantityUnit};
use crate::{
    catalogue::{
        filter::{Bind, Filter, bind_all, category_list, to_u32},
        resources::{query::PAGE_SIZE, types::Category},
    },
    shared::Region,
};

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
    nearby: i64,
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
     n.category, n.status, n.title, n.description, n.regions, n.nearby, n.starts_on, n.ends_on, \
     n.weekdays, n.from_minute, n.to_minute, n.quantity, n.quantity_unit, n.created_at";

impl From<NeedRow> for Need {
    fn from(row: NeedRow) -> Need {
        Need {
            category: row.category,
            status: row.status,
            regions: row.regions.0,
            nearby: crate::db::to_bool(row.nearby),
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
            created_by, created_at, updated_at, nearby)
         VALUES ($1, $2, $3, 'open', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16,
            $17)",
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
    .bind(crate::db::from_bool(d.nearby))
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
    for term in crate::catalogue::search::query_terms(&query.q) {
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
