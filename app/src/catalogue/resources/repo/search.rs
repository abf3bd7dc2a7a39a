//! The catalogue's search: published resources by filters and words. Words go to each
//! database's own text index (migrations 0010 and 0011); every value is bound. With words, the
//! resources whose title holds every word come first, then the others, newest first within
//! each: a relevance people can read, and one that costs the same on ten thousand matches as on
//! ten (a scored ranking, bm25 or `ts_rank`, reads every match: 13 ms for 11,000 on SQLite).

use sqlx::AnyPool;

use super::{SUMMARY_COLUMNS, SummaryRow};
use crate::{
    catalogue::{
        filter::{Bind, Filter, bind_all, to_u32},
        resources::{
            query::{PAGE_SIZE, ResourceQuery, SortOrder, parse_date},
            types::ResourceSummary,
        },
        search::query_terms,
    },
    db::Backend,
    shared::Region,
};

/// One page of published resources matching `query`, and how many match in all. With a wanted
/// slot (date and hours), resources closed then are left out.
pub async fn search_resources(
    db: &AnyPool,
    backend: Backend,
    query: &ResourceQuery,
    near: Option<Region>,
) -> Result<(Vec<ResourceSummary>, u32), sqlx::Error> {
    let terms = query_terms(&query.q);
    if !terms.is_empty() && backend == Backend::Sqlite && index_answers_alone(query) {
        return search_index(db, query, &terms).await;
    }
    let mut filter = resource_filter(query);
    if !terms.is_empty() {
        let (fragment, pattern) = match backend {
            // The index's matches as a set, made once: the planner must not probe the index
            // once per resource (it did, for a count, when the matches were a joined subquery).
            Backend::Sqlite => (
                "r.id IN (SELECT k.resource_id FROM resource_search
                    JOIN resource_search_keys k ON k.key = resource_search.rowid
                    WHERE resource_search MATCH ?)",
                fts_all(&terms),
            ),
            Backend::Postgres => (
                "r.search_words @@ to_tsquery('simple', ?)",
                terms
                    .iter()
                    .map(|t| format!("'{t}':*"))
                    .collect::<Vec<_>>()
                    .join(" & "),
            ),
        };
        filter.push(fragment, Bind::Text(pattern));
    }
    // The title's words rank a match: bound after the filter's values (the count has none).
    let first = filter.binds.len();
    let title_binds: Vec<String> = terms.iter().map(|t| format!("% {t}%")).collect();
    let order = resource_order(query, near, first, title_binds.len());
    let base = format!(
        "SELECT {SUMMARY_COLUMNS} FROM resources r JOIN organizations o ON o.id = r.org_id {} {order}",
        filter.sql()
    );
    let page = query.page.clamp(1, 10_000);
    let offset = i64::from((page - 1) * PAGE_SIZE);
    match wanted_slot(query) {
        None => {
            let after = first + title_binds.len();
            let sql = format!("{base} LIMIT ${} OFFSET ${}", after + 1, after + 2);
            let mut rows = bind_all(
                sqlx::query_as::<_, SummaryRow>(sqlx::AssertSqlSafe(sql)),
                &filter.binds,
            );
            for pattern in &title_binds {
                rows = rows.bind(pattern.as_str());
            }
            let rows = rows
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
            let mut rows = bind_all(
                sqlx::query_as::<_, SummaryRow>(sqlx::AssertSqlSafe(base)),
                &filter.binds,
            );
            for pattern in &title_binds {
                rows = rows.bind(pattern.as_str());
            }
            let open: Vec<ResourceSummary> = rows
                .fetch_all(db)
                .await?
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

/// `ORDER BY` for a search: regions nearest to `near` first when asked; with words, titles
/// holding every word first (`titles` patterns bound from `$after + 1`); newest first.
fn resource_order(
    query: &ResourceQuery,
    near: Option<Region>,
    after: usize,
    titles: usize,
) -> String {
    let mut keys = Vec::new();
    if let (SortOrder::Nearest, Some(near)) = (query.sort, near) {
        let cases: String = near
            .by_distance_from()
            .into_iter()
            .enumerate()
            .map(|(rank, region)| format!(" WHEN '{}' THEN {rank}", region.code_str()))
            .collect();
        keys.push(format!("CASE r.region{cases} ELSE 99 END"));
    }
    if titles > 0 {
        let all: Vec<String> = (1..=titles)
            .map(|i| format!("r.search_title LIKE ${}", after + i))
            .collect();
        keys.push(format!("CASE WHEN {} THEN 0 ELSE 1 END", all.join(" AND ")));
    }
    keys.push("r.published_at DESC".into());
    keys.push("r.id DESC".into());
    format!("ORDER BY {}", keys.join(", "))
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

/// Whether SQLite's index alone answers: words, category and region only, newest first.
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
    let count = |pattern: String| async move {
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM resource_search WHERE resource_search MATCH $1",
        )
        .bind(pattern)
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
    let in_title = count(first.clone()).await?;
    let elsewhere = count(rest.clone()).await?;
    let page = i64::from(query.page.clamp(1, 10_000));
    let size = i64::from(PAGE_SIZE);
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
