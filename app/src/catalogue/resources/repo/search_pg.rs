//! PostgreSQL, words with category and region only: the search table alone answers
//! (migration 0013). A common word's first pages are among the newest published resources, so
//! the newest 2,000 rows of the table are read first (a bounded walk of its newest-first
//! index, about 2 ms); only when they hold too few matches does the GIN index find the rest,
//! and then the matches are few, so reading each is cheap. The choice is made here from what
//! the first read found, not by the planner from its estimates: a rare word estimated common
//! walked the whole index (600 ms, seen), a common one estimated rare read every match
//! (180 ms, seen).
//!
//! Counting a common word's matches is most of a search's time (the GIN index's bitmap of
//! 11,000 matches, about 4 ms at 100,000 resources): counts are kept in this process, per
//! query, until the searchable catalogue changes (`resource_search_version`, bumped by every
//! statement that writes `resource_search`, migration 0017), so a word searched again costs
//! the newest rows' walk and the page only.

use std::{
    collections::HashMap,
    sync::{LazyLock, Mutex},
};

use sqlx::{Any, AnyPool, Executor};

use crate::catalogue::{
    filter::to_u32,
    resources::{
        query::{COUNT_CAP, PAGE_SIZE, ResourceQuery},
        types::ResourceSummary,
    },
};

/// How many of the newest published resources are read before the index is asked.
const WINDOW: i64 = 2_000;

/// The text queries of a search: every word in the title (the first group), every word
/// anywhere plus the category and region tokens (all matches).
struct Queries {
    title: String,
    words: String,
}

fn queries(query: &ResourceQuery, terms: &[String]) -> Queries {
    let all = super::search::ts_all(terms);
    let mut words = all.clone();
    if let Some(c) = query.category {
        words.push_str(&format!(" & zzc{}", c.code().replace('_', "")));
    }
    if let Some(r) = query.region {
        words.push_str(&format!(" & zzr{}", r.code_str()));
    }
    Queries { title: all, words }
}

/// A match among the newest rows: its id and whether its title holds every word.
type Probe = Vec<(String, bool)>;

/// What the newest rows' walk found: the matches among them, newest first; whether they were
/// the whole table; and which state of the catalogue this is (the counts' cache key).
struct Window {
    matches: Probe,
    whole: bool,
    version: String,
}

/// The matches among the newest `window` published resources, in one round trip: a first row
/// (sort key 0) with the table's size up to `window` and the catalogue's version, then the
/// matches (sort key 1) newest first.
async fn probe(db: &AnyPool, q: &Queries, window: i64) -> Result<Window, sqlx::Error> {
    let rows: Vec<(i64, String, bool, i64, i64, String)> = sqlx::query_as(
        "SELECT 0::BIGINT AS k, (SELECT token || ':' || version FROM resource_search_version WHERE id = 1),
                FALSE, (SELECT COUNT(*) FROM (SELECT 1 FROM resource_search LIMIT $3) c),
                0::BIGINT AS p, '' AS r
         UNION ALL
         SELECT 1, w.resource_id, w.title @@ to_tsquery('simple', $1), 0, w.published_at, w.resource_id
         FROM (SELECT resource_id, published_at, title, words FROM resource_search
               ORDER BY published_at DESC, resource_id DESC LIMIT $3) w
         WHERE w.words @@ to_tsquery('simple', $2)
         ORDER BY k, p DESC, r DESC",
    )
    .bind(&q.title)
    .bind(&q.words)
    .bind(window)
    .fetch_all(db)
    .await?;
    let mut rows = rows.into_iter();
    let (_, version, _, size, _, _) = rows.next().ok_or(sqlx::Error::RowNotFound)?;
    Ok(Window {
        matches: rows.map(|(_, id, in_title, ..)| (id, in_title)).collect(),
        whole: size < window,
        version,
    })
}

/// Counts already made, by catalogue version and query. Bounded: emptied when full.
static COUNTS: LazyLock<Mutex<HashMap<String, i64>>> = LazyLock::new(Mutex::default);
const COUNTS_KEPT: usize = 2_048;

/// How many match `condition` (counted up to `most`), from the counts kept for this version
/// of the catalogue when a version is given, else from the GIN index.
async fn count(
    db: &AnyPool,
    condition: &str,
    q: &Queries,
    most: i64,
    version: Option<&str>,
) -> Result<i64, sqlx::Error> {
    let key = version.map(|v| format!("{v}\u{1f}{condition}\u{1f}{}\u{1f}{}", q.title, q.words));
    let kept = |key: &str| COUNTS.lock().ok().and_then(|c| c.get(key).copied());
    if let Some(n) = key.as_deref().and_then(kept) {
        return Ok(n);
    }
    let n = with_index(db, async |c| count_from_index(c, condition, q, most).await).await?;
    if let (Some(key), Ok(mut counts)) = (key, COUNTS.lock()) {
        if counts.len() >= COUNTS_KEPT {
            counts.clear();
        }
        counts.insert(key, n);
    }
    Ok(n)
}

/// Runs `f` in a read transaction where the planner reads matches through the GIN index
/// (a bitmap scan), never by walking the newest-first index or the whole table: this is only
/// asked once the newest rows showed that matches are rare.
async fn with_index<T, F>(db: &AnyPool, f: F) -> Result<T, sqlx::Error>
where
    F: AsyncFnOnce(&mut sqlx::AnyConnection) -> Result<T, sqlx::Error>,
{
    let mut tx = db.begin().await?;
    // Both settings in one round trip; `true`: for this transaction only (`SET LOCAL`).
    (&mut *tx)
        .execute(
            "SELECT set_config('enable_seqscan', 'off', true), \
             set_config('enable_indexscan', 'off', true)",
        )
        .await?;
    let out = f(&mut tx).await?;
    tx.commit().await?;
    Ok(out)
}

/// Ids of `condition`'s matches, newest first, `limit` from `offset`, from the GIN index.
async fn ids_from_index<'c>(
    db: impl Executor<'c, Database = Any>,
    condition: &str,
    q: &Queries,
    limit: i64,
    offset: i64,
) -> Result<Vec<String>, sqlx::Error> {
    let sql = format!(
        "SELECT resource_id FROM resource_search
         WHERE {condition}
         ORDER BY published_at DESC, resource_id DESC LIMIT $3 OFFSET $4"
    );
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(&q.title)
        .bind(&q.words)
        .bind(limit)
        .bind(offset)
        .fetch_all(db)
        .await
}

/// How many match `condition`, counted up to `most`, from the GIN index.
async fn count_from_index<'c>(
    db: impl Executor<'c, Database = Any>,
    condition: &str,
    q: &Queries,
    most: i64,
) -> Result<i64, sqlx::Error> {
    let sql = format!(
        "SELECT COUNT(*) FROM (SELECT 1 FROM resource_search WHERE {condition} LIMIT $3) capped"
    );
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(&q.title)
        .bind(&q.words)
        .bind(most)
        .fetch_one(db)
        .await
}

/// Both groups' conditions; each binds the title's query as $1 and the words' as $2.
const IN_TITLE: &str = "title @@ to_tsquery('simple', $1) AND words @@ to_tsquery('simple', $2)";
const ELSEWHERE: &str =
    "words @@ to_tsquery('simple', $2) AND NOT (title @@ to_tsquery('simple', $1))";
const ANY: &str = "words @@ to_tsquery('simple', $2) AND $1 = $1";

/// One page (the title's matches first, then the others, newest first in each) and the
/// number of matches, counted up to `COUNT_CAP + 1`.
pub(super) async fn search(
    db: &AnyPool,
    query: &ResourceQuery,
    terms: &[String],
    page: i64,
) -> Result<(Vec<ResourceSummary>, u32), sqlx::Error> {
    search_windowed(db, query, terms, page, WINDOW, true).await
}

/// [`search`] reading the newest `window` rows first, and counting afresh unless
/// `keep_counts`: any window gives the same answer (a test compares a window of a few rows
/// with one of the whole table), and a kept count the same as a fresh one (a test changes the
/// catalogue between searches).
pub async fn search_windowed(
    db: &AnyPool,
    query: &ResourceQuery,
    terms: &[String],
    page: i64,
    window: i64,
    keep_counts: bool,
) -> Result<(Vec<ResourceSummary>, u32), sqlx::Error> {
    let q = queries(query, terms);
    let size = i64::from(PAGE_SIZE);
    let offset = (page - 1) * size;
    let end = usize::try_from(offset + size).unwrap_or(usize::MAX);
    let cap = i64::from(COUNT_CAP);
    let Window {
        matches: window,
        whole,
        version,
    } = probe(db, &q, window).await?;
    let version = keep_counts.then_some(version.as_str());
    let first: Vec<&String> = window
        .iter()
        .filter(|(_, t)| *t)
        .map(|(id, _)| id)
        .collect();
    let rest: Vec<&String> = window
        .iter()
        .filter(|(_, t)| !*t)
        .map(|(id, _)| id)
        .collect();
    let from = |list: &[&String], skip: i64, take: usize| -> Vec<String> {
        list.iter()
            .skip(usize::try_from(skip).unwrap_or(usize::MAX))
            .take(take)
            .map(|id| (*id).clone())
            .collect()
    };
    let (ids, total) = if whole {
        // The table is smaller than the window: the window is every match.
        let ordered: Vec<&String> = first.iter().chain(rest.iter()).copied().collect();
        (
            from(&ordered, offset, PAGE_SIZE as usize),
            i64::try_from(window.len()).unwrap_or(i64::MAX).min(cap + 1),
        )
    } else if first.len() >= end {
        // The page is all titles, and the newest of them are in the window.
        let total = if i64::try_from(window.len()).unwrap_or(i64::MAX) > cap {
            cap + 1
        } else {
            count(db, ANY, &q, cap + 1, version).await?
        };
        (from(&first, offset, PAGE_SIZE as usize), total)
    } else {
        // Titles are rare: their number and the page from the index, then the others'.
        let in_title = count(db, IN_TITLE, &q, cap + 1, version).await?;
        let mut ids = Vec::new();
        if offset < in_title {
            ids = with_index(db, async |c| {
                ids_from_index(c, IN_TITLE, &q, size, offset).await
            })
            .await?;
        }
        let wanted = size - i64::try_from(ids.len()).unwrap_or(size);
        if wanted > 0 {
            let skip = (offset - in_title).max(0);
            let needed = usize::try_from(skip + wanted).unwrap_or(usize::MAX);
            if rest.len() >= needed {
                ids.extend(from(&rest, skip, usize::try_from(wanted).unwrap_or(0)));
            } else {
                ids.extend(
                    with_index(db, async |c| {
                        ids_from_index(c, ELSEWHERE, &q, wanted, skip).await
                    })
                    .await?,
                );
            }
        }
        let total = if i64::try_from(window.len()).unwrap_or(i64::MAX) > cap || in_title > cap {
            cap + 1
        } else {
            count(db, ANY, &q, cap + 1, version).await?
        };
        (ids, total)
    };
    Ok((
        super::search::summaries_in_order(db, &ids).await?,
        to_u32(total),
    ))
}
