//! The only place SQL about notifications lives.

use sqlx::{Any, Executor, FromRow};

use super::types::{Notification, NotificationKind};

crate::text_column!(NotificationKind, NotificationKind::parse);

/// A notification to write, in the transaction of the change that causes it.
pub struct NewNotification<'a> {
    pub id: &'a str,
    pub kind: NotificationKind,
    pub org_id: Option<&'a str>,
    pub user_id: Option<&'a str>,
    pub subject_id: &'a str,
    pub related_id: Option<&'a str>,
    pub link: &'a str,
    /// What the kind needs beyond its subject (JSON).
    pub payload: &'a str,
    /// Set for kinds told at most once: a second notification with the same key is dropped.
    pub once_key: Option<&'a str>,
    pub now: i64,
}

/// Writes a notification; `false` when one with the same `once_key` was already written.
pub async fn insert<'c>(
    db: impl Executor<'c, Database = Any>,
    n: &NewNotification<'_>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO notifications (id, kind, org_id, user_id, subject_id, related_id, link,
            payload, once_key, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (once_key) DO NOTHING",
    )
    .bind(n.id)
    .bind(n.kind.code())
    .bind(n.org_id)
    .bind(n.user_id)
    .bind(n.subject_id)
    .bind(n.related_id)
    .bind(n.link)
    .bind(n.payload)
    .bind(n.once_key)
    .bind(n.now)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(FromRow)]
struct NotificationRow {
    id: String,
    kind: NotificationKind,
    link: String,
    subject_title: Option<String>,
    related_title: Option<String>,
    created_at: crate::time::Instant,
    read_at: Option<i64>,
}

/// What `org_id` may see of a match notice: both sides still in sight (a resource published
/// or its own, a need open or its own), else the notice would show a title it may not read.
const VISIBLE: &str = "(x.kind NOT IN ('resource_for_our_need', 'need_for_our_resource')
    OR (n.id IS NOT NULL AND r.id IS NOT NULL
        AND (r.status = 'published' OR r.org_id = x.org_id)
        AND (n.status = 'open' OR n.org_id = x.org_id)))";

/// The newest notifications of `org_id` and of `user_id`, newest first.
pub async fn list_for<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: &str,
    user_id: &str,
    limit: i64,
) -> Result<Vec<Notification>, sqlx::Error> {
    let sql = format!(
        "SELECT x.id, x.kind, x.link, n.title AS subject_title, r.title AS related_title,
            x.created_at, x.read_at
         FROM notifications x
         LEFT JOIN needs n ON n.id = x.subject_id
         LEFT JOIN resources r ON r.id = x.related_id
         WHERE (x.org_id = $1 OR x.user_id = $2) AND {VISIBLE}
         ORDER BY x.created_at DESC, x.id DESC LIMIT $3"
    );
    let rows = sqlx::query_as::<_, NotificationRow>(sqlx::AssertSqlSafe(sql))
        .bind(org_id)
        .bind(user_id)
        .bind(limit)
        .fetch_all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| Notification {
            id: row.id,
            kind: row.kind,
            link: row.link,
            subject_title: row.subject_title.unwrap_or_default(),
            related_title: row.related_title,
            created_at: row.created_at,
            read: row.read_at.is_some(),
        })
        .collect())
}

/// How many of them are unread.
pub async fn unread_count<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: Option<&str>,
    user_id: &str,
) -> Result<i64, sqlx::Error> {
    let sql = format!(
        "SELECT COUNT(*) FROM notifications x
         LEFT JOIN needs n ON n.id = x.subject_id
         LEFT JOIN resources r ON r.id = x.related_id
         WHERE (x.org_id = $1 OR x.user_id = $2) AND x.read_at IS NULL AND {VISIBLE}"
    );
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(org_id)
        .bind(user_id)
        .fetch_one(db)
        .await
}

/// Who a notification is for: (organization, person).
pub async fn recipients<'c>(
    db: impl Executor<'c, Database = Any>,
    id: &str,
) -> Result<Option<(Option<String>, Option<String>)>, sqlx::Error> {
    sqlx::query_as("SELECT org_id, user_id FROM notifications WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await
}

pub async fn mark_read<'c>(
    db: impl Executor<'c, Database = Any>,
    id: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE notifications SET read_at = $1 WHERE id = $2 AND read_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(db)
        .await
        .map(|_| ())
}

/// Marks everything of `org_id` and of `user_id` read.
pub async fn mark_all_read<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: &str,
    user_id: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE notifications SET read_at = $1
         WHERE (org_id = $2 OR user_id = $3) AND read_at IS NULL",
    )
    .bind(now)
    .bind(org_id)
    .bind(user_id)
    .execute(db)
    .await
    .map(|_| ())
}
