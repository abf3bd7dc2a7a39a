//! The only place SQL about notifications lives.

use sqlx::{Any, Executor, FromRow};

use super::types::{EmailFrequency, Notification, NotificationKind};

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

/// A listed notification's columns and where they come from: the titles of what it is about
/// (a need, a resource, or for a message the writing organization's name).
const LISTED: &str = "x.id, x.kind, x.link, n.title AS subject_title,
        COALESCE(r.title, o.name) AS related_title, x.created_at, x.read_at
    FROM notifications x
    LEFT JOIN needs n ON n.id = x.subject_id
    LEFT JOIN resources r ON r.id = x.related_id
    LEFT JOIN organizations o ON x.kind = 'message_received' AND o.id = x.related_id";

/// The newest notifications of `org_id` and of `user_id`, newest first.
pub async fn list_for<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: &str,
    user_id: &str,
    limit: i64,
) -> Result<Vec<Notification>, sqlx::Error> {
    let sql = format!(
        "SELECT {LISTED} WHERE (x.org_id = $1 OR x.user_id = $2) AND {VISIBLE}
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
        .map(NotificationRow::into_notification)
        .collect())
}

impl NotificationRow {
    fn into_notification(self) -> Notification {
        Notification {
            id: self.id,
            kind: self.kind,
            link: self.link,
            subject_title: self.subject_title.unwrap_or_default(),
            related_title: self.related_title,
            created_at: self.created_at,
            read: self.read_at.is_some(),
        }
    }
}

/// The unread notifications of every organization of `user_id` and their own, written after
/// `since`, newest first: what a daily digest tells.
pub async fn unread_for_digest<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: &str,
    since: i64,
    limit: i64,
) -> Result<Vec<Notification>, sqlx::Error> {
    let sql = format!(
        "SELECT {LISTED}
         WHERE (x.org_id IN (SELECT org_id FROM memberships WHERE user_id = $1)
                OR x.user_id = $1)
           AND x.read_at IS NULL AND x.created_at > $2 AND {VISIBLE}
         ORDER BY x.created_at DESC, x.id DESC LIMIT $3"
    );
    let rows = sqlx::query_as::<_, NotificationRow>(sqlx::AssertSqlSafe(sql))
        .bind(user_id)
        .bind(since)
        .bind(limit)
        .fetch_all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(NotificationRow::into_notification)
        .collect())
}

/// Tells `org_id` that `sender_org_id` wrote in a conversation: its unread notice about the
/// conversation, if it has one, comes back to the top; else a new one is written.
pub async fn message_received(
    tx: &mut sqlx::AnyConnection,
    org_id: &str,
    conversation_id: &str,
    sender_org_id: &str,
    link: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let moved = sqlx::query(
        "UPDATE notifications SET created_at = $4, related_id = $3
         WHERE kind = 'message_received' AND org_id = $1 AND subject_id = $2
           AND read_at IS NULL",
    )
    .bind(org_id)
    .bind(conversation_id)
    .bind(sender_org_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() == 0 {
        insert(
            &mut *tx,
            &NewNotification {
                id: &crate::db::new_id(),
                kind: NotificationKind::MessageReceived,
                org_id: Some(org_id),
                user_id: None,
                subject_id: conversation_id,
                related_id: Some(sender_org_id),
                link,
                payload: "{}",
                once_key: None,
                now,
            },
        )
        .await?;
    }
    Ok(())
}

/// Marks `org_id`'s notices of `kind` about `subject_id` read (its thread was read).
pub async fn mark_subject_read<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: &str,
    kind: NotificationKind,
    subject_id: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE notifications SET read_at = $4
         WHERE org_id = $1 AND kind = $2 AND subject_id = $3 AND read_at IS NULL",
    )
    .bind(org_id)
    .bind(kind.code())
    .bind(subject_id)
    .bind(now)
    .execute(db)
    .await
    .map(|_| ())
}

/// How `user_id` wants email (each event when they never chose).
pub async fn frequency<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: &str,
) -> Result<EmailFrequency, sqlx::Error> {
    let code: Option<String> =
        sqlx::query_scalar("SELECT frequency FROM email_preferences WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(db)
            .await?;
    Ok(code
        .and_then(|c| EmailFrequency::parse(&c))
        .unwrap_or_default())
}

/// The person with this email address and how they want email (none for an unknown
/// address).
pub async fn choice_by_email<'c>(
    db: impl Executor<'c, Database = Any>,
    email: &str,
) -> Result<Option<(String, EmailFrequency)>, sqlx::Error> {
    let row: Option<(String, Option<String>)> = sqlx::query_as(
        "SELECT u.id, p.frequency FROM users u
         LEFT JOIN email_preferences p ON p.user_id = u.id WHERE u.email = $1",
    )
    .bind(email)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(id, code)| {
        (
            id,
            code.and_then(|c| EmailFrequency::parse(&c))
                .unwrap_or_default(),
        )
    }))
}

/// Records `user_id`'s choice. Choosing the digest starts its count from now.
pub async fn set_frequency<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: &str,
    frequency: EmailFrequency,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO email_preferences (user_id, frequency, digest_sent_at, updated_at)
         VALUES ($1, $2, $3, $3)
         ON CONFLICT (user_id) DO UPDATE SET frequency = excluded.frequency,
            updated_at = excluded.updated_at,
            digest_sent_at = CASE WHEN email_preferences.frequency = 'daily'
                THEN email_preferences.digest_sent_at ELSE excluded.digest_sent_at END",
    )
    .bind(user_id)
    .bind(frequency.code())
    .bind(now)
    .execute(db)
    .await
    .map(|_| ())
}

/// People on the daily digest whose last one was taken before `cutoff`.
pub async fn digests_due<'c>(
    db: impl Executor<'c, Database = Any>,
    cutoff: i64,
    limit: i64,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT user_id FROM email_preferences
         WHERE frequency = 'daily' AND (digest_sent_at IS NULL OR digest_sent_at < $1)
         ORDER BY user_id LIMIT $2",
    )
    .bind(cutoff)
    .bind(limit)
    .fetch_all(db)
    .await
}

/// Takes `user_id`'s digest for this morning: the time of their previous one (`None` for
/// the first), or nothing when another process took it first.
pub async fn claim_digest(
    tx: &mut sqlx::AnyConnection,
    user_id: &str,
    cutoff: i64,
    now: i64,
) -> Result<Option<Option<i64>>, sqlx::Error> {
    let previous: Option<Option<i64>> = sqlx::query_scalar(
        "SELECT digest_sent_at FROM email_preferences
         WHERE user_id = $1 AND frequency = 'daily'
           AND (digest_sent_at IS NULL OR digest_sent_at < $2)",
    )
    .bind(user_id)
    .bind(cutoff)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(previous) = previous else {
        return Ok(None);
    };
    let taken = sqlx::query(
        "UPDATE email_preferences SET digest_sent_at = $3
         WHERE user_id = $1 AND frequency = 'daily'
           AND (digest_sent_at IS NULL OR digest_sent_at < $2)",
    )
    .bind(user_id)
    .bind(cutoff)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok((taken.rows_affected() == 1).then_some(previous))
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
