//! The catalogue's search: published resources by filters and words. Words go to each
//! database's own text index (migrations 0010 and 0013); every value is bound. With words, the
//! resources whose title holds every word come first, then the others, newest first within
//! each: a relevance people can read, and one that costs the same on ten thousand matches as on
//! ten, since each group is paged in its index's or the table's order (a scored ranking, bm25
//! or `ts_rank`, reads every match: 13 ms for 11,000 on SQLite). Counts stop past
//! `COUNT_CAP` (« plus de 1 000 »): counting 90,000 rows took longer than finding a page.

use sqlx::AnyPool;

use super::{SUMMARY_COLUMNS, SummaryRow};
use crate::{
    catalogue::{
        filter::{Bind, Filter, bind_all, to_u32},
        resources::{
            query::{COUNT_CAP, MAX_PAGE, PAGE_SIZE, ResourceQuery, SortOrder, parse_date},
            types::ResourceSummary,
        },
        search::query_terms,
    },
    db::Backend,
    shared::{Region, hours::OpeningHours},
};

/// One page of published resources matching `query`, and how many match in all (counted up to
/// `COUNT_CAP + 1`). With a wanted slot (date and hours), resources closed then are left out.
pub async fn search_resources(
    db: &AnyPool,
    backend: Backend,
    query: &ResourceQuery,
    near: Option<Region>,
) -> Result<(Vec<ResourceSummary>, u32), sqlx::Error> {
    let terms = query_terms(&query.q);
    let page = i64::from(query.page.clamp(1, MAX_PAGE));
    if !terms.is_empty() && index_answers_alone(query) {
        return match backend {
            Backend::Sqlite => search_index(db, query, &terms, page).await,
            Backend::Postgres => super::search_pg::search(db, query, &terms, page).await,
        };
    }
    let mut filter = resource_filter(query);
    let order = resource_order(query, near);
    if let Some(slot) = wanted_slot(query) {
        if !terms.is_empty() {
            filter.push_all(&words_clause(backend), vec![words_value(backend, &terms)]);
        }
        return search_slot(db, &filter, &order, slot, page).await;
    }
    if terms.is_empty() {
        let rows = page_of(
            db,
            &filter,
            &order,
            &[],
            PAGE_SIZE_I64,
            (page - 1) * PAGE_SIZE_I64,
        )
        .await?;
        let total = filter
            .count_up_to(db, "resources r", Some(CAP_I64 + 1))
            .await?;
        return Ok((rows, to_u32(total)));
    }
    filter.push_all(&words_clause(backend), vec![words_value(backend, &terms)]);
    // With words and other filters: the titles holding every word, then the others, each in
    // the order asked, each paged on its own.
    let (title, title_values) = title_clause(backend, &terms);
    let mut first = filter.clone();
    first.push_all(&title, title_values.clone());
    let mut rest = filter;
    rest.push_all(&format!("NOT ({title})"), title_values);
    let in_title = first
        .count_up_to(db, "resources r", Some(CAP_I64 + 1))
        .await?;
    let offset = (page - 1) * PAGE_SIZE_I64;
    let mut rows = Vec::new();
    if offset < in_title {
        rows = page_of(db, &first, &order, &[], PAGE_SIZE_I64, offset).await?;
    }
    let wanted = PAGE_SIZE_I64 - i64::try_from(rows.len()).unwrap_or(PAGE_SIZE_I64);
    if wanted > 0 {
        let skip = (offset - in_title).max(0);
        rows.extend(page_of(db, &rest, &order, &[], wanted, skip).await?);
    }
    let elsewhere = if in_title > CAP_I64 {
        0
    } else {
        rest.count_up_to(db, "resources r", Some(CAP_I64 + 1 - in_title))
            .await?
    };
    Ok((rows, to_u32(in_title + elsewhere)))
}

const PAGE_SIZE_I64: i64 = PAGE_SIZE as i64;
const CAP_I64: i64 = COUNT_CAP as i64;

/// The rows of one page: `limit` from `offset`, in `order`, whose own values (`order_values`)
/// take the placeholders after the filter's.
async fn page_of(
    db: &AnyPool,
    filter: &Filter,
    order: &str,
    order_values: &[Bind],
    limit: i64,
    offset: i64,
) -> Result<Vec<ResourceSummary>, sqlx::Error> {
    let after = order_values.len();
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM resources r JOIN organizations o ON o.id = r.org_id {} {order}
         LIMIT {} OFFSET {}",
        filter.sql(),
        filter.next_placeholder(after + 1),
        filter.next_placeholder(after + 2)
    );
    let rows = bind_all(
        sqlx::query_as::<_, SummaryRow>(sqlx::AssertSqlSafe(sql)),
        &filter.binds,
    );
    let rows = bind_all(rows, order_values)
        .bind(limit)
        .bind(offset)
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().map(|r| r.into_summary().0).collect())
}

/// Every word as the beginning of a word of the resource, in the database's own index.
fn words_clause(backend: Backend) -> String {
    match backend {
        // The index's matches as a set, made once: the planner must not probe the index
        // once per resource (it did, for a count, when the matches were a joined subquery).
        Backend::Sqlite => "r.id IN (SELECT k.resource_id FROM resource_search
            JOIN resource_search_keys k ON k.key = resource_search.rowid
            WHERE resource_search MATCH ?)"
            .into(),
        Backend::Postgres => "r.id IN (SELECT s.resource_id FROM resource_search s
            WHERE s.words @@ to_tsquery('simple', ?))"
            .into(),
    }
}

fn words_value(backend: Backend, terms: &[String]) -> Bind {
    Bind::Text(match backend {
        Backend::Sqlite => fts_all(terms),
        Backend::Postgres => ts_all(terms),
    })
}

/// Every word as the beginning of a word of the title: PostgreSQL's title index; on SQLite,
/// among the index's matches already, the folded title itself.
fn title_clause(backend: Backend, terms: &[String]) -> (String, Vec<Bind>) {
    match backend {
        Backend::Sqlite => (
            vec!["r.search_title LIKE ?"; terms.len()].join(" AND "),
            terms
                .iter()
                .map(|t| Bind::Text(format!("% {t}%")))
                .collect(),
        ),
        Backend::Postgres => (
            "r.id IN (SELECT s.resource_id FROM resource_search s
                WHERE s.title @@ to_tsquery('simple', ?))"
                .into(),
            vec![Bind::Text(ts_all(terms))],
        ),
    }
}

/// Every word as the start of a word (PostgreSQL's tsquery syntax). Terms are letters and
/// digits only (`query_terms`); the quotes make each a plain string all the same.
pub(super) fn ts_all(terms: &[String]) -> String {
    terms
        .iter()
        .map(|t| format!("'{}':*", t.replace(['\'', '\\'], "")))
        .collect::<Vec<_>>()
        .join(" & ")
}

/// A wanted slot: opening hours are not indexable in SQL, so the matches' ids and hours are
/// read (nothing else), those open then kept, and only the page's resources read whole.
async fn search_slot(
    db: &AnyPool,
    filter: &Filter,
    order: &str,
    (weekday, from, to): (usize, u16, u16),
    page: i64,
) -> Result<(Vec<ResourceSummary>, u32), sqlx::Error> {
    let sql = format!(
        "SELECT r.id, r.opening_hours FROM resources r {} {order}",
        filter.sql()
    );
    let rows: Vec<(String, OpeningHours)> =
        bind_all(sqlx::query_as(sqlx::AssertSqlSafe(sql)), &filter.binds)
            .fetch_all(db)
            .await?;
    let open: Vec<String> = rows
        .into_iter()
        .filter(|(_, hours)| {
            if from < to {
                hours.covers(weekday, from, to)
            } else {
                hours.is_empty() || hours.0[weekday].is_some()
            }
        })
        .map(|(id, _)| id)
        .collect();
    let total = u32::try_from(open.len()).unwrap_or(u32::MAX);
    let skip = usize::try_from((page - 1) * PAGE_SIZE_I64).unwrap_or(0);
    let ids: Vec<String> = open
        .into_iter()
        .skip(skip)
        .take(PAGE_SIZE as usize)
        .collect();
    Ok((summaries_in_order(db, &ids).await?, total))
}

/// The resources with these ids, in this order.
pub(super) async fn summaries_in_order(
    db: &AnyPool,
    ids: &[String],
) -> Result<Vec<ResourceSummary>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut filter = Filter::default();
    let marks = vec!["?"; ids.len()].join(", ");
    filter.push_all(
        &format!("r.id IN ({marks})"),
        ids.iter().map(|id| Bind::Text(id.clone())).collect(),
    );
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM resources r JOIN organizations o ON o.id = r.org_id {}",
        filter.sql()
    );
    let rows = bind_all(
        sqlx::query_as::<_, SummaryRow>(sqlx::AssertSqlSafe(sql)),
        &filter.binds,
    )
    .fetch_all(db)
    .await?;
    let mut found: Vec<ResourceSummary> = rows.into_iter().map(|r| r.into_summary().0).collect();
    found.sort_by_key(|s| ids.iter().position(|id| *id == s.id));
    Ok(found)
}

/// The `WHERE` of a catalogue search, words aside: published resources matching every filter.
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
    f
}

/// `ORDER BY` for a search: regions nearest to `near` first when asked, newest first.
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

/// The wanted slot as a weekday and minutes: only a start means open then; only an end, open
/// just before; neither, open that day at all.
fn wanted_slot(query: &ResourceQuery) -> Option<(usize, u16, u16)> {
    let date = query.date.as_deref().and_then(parse_date)?;
    let (from, to) = match (query.from_minute, query.to_minute) {
        (Some(a), Some(b)) => (a, b),
        (Some(a), None) => (a, a.saturating_add(1)),
        (None, Some(b)) => (b.saturating_sub(1), b),
        (None, None) => (0, 0),
    };
    Some((crate::time::weekday_index(date), from, to))
}

/// Whether the text index alone answers (SQLite's FTS5 table, PostgreSQL's search table):
/// words, category and region only, newest first.
fn index_answers_alone(query: &ResourceQuery) -> bool {
    !query.free_only
        && !query.refrigerated
        && !query.mapaq
        && query.min_pallets.is_none()
        && query.min_stations.is_none()
        && query.min_seats.is_none()
        && query.date.is_none()
        && query.sort == SortOrder::Newest
}

/// Every word as the start of a word of the resource (FTS5 syntax). Terms are letters and
/// digits only (`query_terms`); the quotes make each a plain string all the same.
fn fts_all(terms: &[String]) -> String {
    terms
        .iter()
        .map(|t| format!("\"{}\"*", t.replace('"', "")))
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// SQLite, from the index alone: the published resources whose title holds every word
/// (newest first), then those with the words elsewhere; category and region are tokens of the
/// index. Four small lookups (two counts, up to two pages of keys), then the page's rows.
async fn search_index(
    db: &AnyPool,
    query: &ResourceQuery,
    terms: &[String],
    page: i64,
) -> Result<(Vec<ResourceSummary>, u32), sqlx::Error> {
    let all = fts_all(terms);
    let mut tokens = String::new();
    if let Some(c) = query.category {
        tokens.push_str(&format!(" AND \"zzc{}\"", c.code().replace('_', "")));
    }
    if let Some(r) = query.region {
        tokens.push_str(&format!(" AND \"zzr{}\"", r.code_str()));
    }
    let title = format!("title : ({all})");
    let first = format!("{title}{tokens}");
    let rest = format!("({all}{tokens}) NOT ({title})");
    let count = |pattern: String, most: i64| async move {
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM (SELECT 1 FROM resource_search WHERE resource_search MATCH $1
             LIMIT $2) capped",
        )
        .bind(pattern)
        .bind(most)
        .fetch_one(db)
        .await
    };
    let keys = |pattern: String, limit: i64, offset: i64| async move {
        sqlx::query_scalar::<_, i64>(
            "SELECT rowid FROM resource_search WHERE resource_search MATCH $1
             ORDER BY rowid DESC LIMIT $2 OFFSET $3",
        )
        .bind(pattern)
        .bind(limit)
        .bind(offset)
        .fetch_all(db)
        .await
    };
    let in_title = count(first.clone(), CAP_I64 + 1).await?;
    let elsewhere = if in_title > CAP_I64 {
        0
    } else {
        count(rest.clone(), CAP_I64 + 1 - in_title).await?
    };
    let size = PAGE_SIZE_I64;
    let offset = (page - 1) * size;
    let mut page_keys = Vec::new();
    if offset < in_title {
        page_keys = keys(first, size, offset).await?;
    }
    let wanted = size - i64::try_from(page_keys.len()).unwrap_or(size);
    if wanted > 0 {
        page_keys.extend(keys(rest, wanted, (offset - in_title).max(0)).await?);
    }
    let mut items = Vec::with_capacity(page_keys.len());
    if !page_keys.is_empty() {
        // Integers the index answered, not input.
        let list = page_keys
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT k.key AS search_key, {SUMMARY_COLUMNS} FROM resource_search_keys k
             JOIN resources r ON r.id = k.resource_id JOIN organizations o ON o.id = r.org_id
             WHERE k.key IN ({list})"
        );
        let rows = sqlx::query_as::<_, KeyedRow>(sqlx::AssertSqlSafe(sql))
            .fetch_all(db)
            .await?;
        let mut rows: Vec<(i64, ResourceSummary)> = rows
            .into_iter()
            .map(|r| (r.search_key, r.row.into_summary().0))
            .collect();
        // The index's order: the title's matches, then the others, newest first in each.
        rows.sort_by_key(|(key, _)| page_keys.iter().position(|k| k == key));
        items = rows.into_iter().map(|(_, s)| s).collect();
    }
    Ok((items, to_u32(in_title + elsewhere)))
}

#[derive(sqlx::FromRow)]
struct KeyedRow {
    search_key: i64,
    #[sqlx(flatten)]
    row: SummaryRow,
}
