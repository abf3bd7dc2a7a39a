//! Searches build their `WHERE` from fixed fragments and bind every value; nothing typed by a
//! person is ever spliced into SQL. Shared by the resource and need repositories.

use sqlx::{Any, any::AnyArguments, query::QueryAs};

use super::resources::types::Category;

/// A value bound to a `$n` placeholder of a query built at run time.
#[derive(Clone)]
pub(crate) enum Bind {
    Text(String),
    Int(i64),
}

/// Collects `WHERE` fragments and their values, numbering placeholders as it goes.
#[derive(Clone, Default)]
pub(crate) struct Filter {
    clauses: Vec<String>,
    pub(crate) binds: Vec<Bind>,
}

impl Filter {
    /// Adds `fragment`, whose `?` stands for the next placeholder.
    pub(crate) fn push(&mut self, fragment: &str, value: Bind) {
        self.binds.push(value);
        let n = self.binds.len();
        self.clauses.push(fragment.replace('?', &format!("${n}")));
    }

    /// Adds `fragment`, whose `?`s stand for the next placeholders, one per value, in order.
    pub(crate) fn push_all(&mut self, fragment: &str, values: Vec<Bind>) {
        let mut sql = String::with_capacity(fragment.len() + 8);
        for (i, part) in fragment.split('?').enumerate() {
            if i > 0 {
                sql.push_str(&format!("${}", self.binds.len() + i));
            }
            sql.push_str(part);
        }
        self.binds.extend(values);
        self.clauses.push(sql);
    }

    pub(crate) fn fixed(&mut self, fragment: &str) {
        self.clauses.push(fragment.to_owned());
    }

    pub(crate) fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.clauses.join(" AND "))
        }
    }

    pub(crate) fn next_placeholder(&self, offset: usize) -> String {
        format!("${}", self.binds.len() + offset)
    }

    /// How many rows of `table` (with its alias) match.
    pub(crate) async fn count(&self, db: &sqlx::AnyPool, table: &str) -> Result<i64, sqlx::Error> {
        self.count_up_to(db, table, None).await
    }

    /// How many rows of `table` match, counting no further than `most` when given.
    pub(crate) async fn count_up_to(
        &self,
        db: &sqlx::AnyPool,
        table: &str,
        most: Option<i64>,
    ) -> Result<i64, sqlx::Error> {
        let sql = match most {
            None => format!("SELECT COUNT(*) FROM {table} {}", self.sql()),
            Some(most) => format!(
                "SELECT COUNT(*) FROM (SELECT 1 FROM {table} {} LIMIT {most}) capped",
                self.sql()
            ),
        };
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

pub(crate) fn bind_all<'q, O>(
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
pub(crate) fn category_list(categories: &[Category]) -> Option<String> {
    (!categories.is_empty()).then(|| {
        categories
            .iter()
            .map(|c| format!("'{}'", c.code()))
            .collect::<Vec<_>>()
            .join(", ")
    })
}

pub(crate) fn opt_u32(v: Option<i64>) -> Option<u32> {
    v.and_then(|n| u32::try_from(n).ok())
}

pub(crate) fn opt_i32(v: Option<i64>) -> Option<i32> {
    v.and_then(|n| i32::try_from(n).ok())
}

pub(crate) fn to_u32(v: i64) -> u32 {
    u32::try_from(v.max(0)).unwrap_or(u32::MAX)
}
