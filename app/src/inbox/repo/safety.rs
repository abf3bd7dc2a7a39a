//! SQL of the inbox's safety: blocks between organizations, reports to the platform's admins,
//! and each person's recent sends (the rate limit).

use sqlx::{Any, Executor, FromRow};

use crate::{
    inbox::types::{Block, Report},
    time::Instant,
};

/// Messages `user_id` wrote since `minute_ago` and since `hour_ago`.
pub async fn sends_since<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: &str,
    minute_ago: i64,
    hour_ago: i64,
) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as(
        "SELECT COALESCE(SUM(CASE WHEN created_at > $2 THEN 1 ELSE 0 END), 0),
            COUNT(*)
         FROM messages WHERE user_id = $1 AND created_at > $3",
    )
    .bind(user_id)
    .bind(minute_ago)
    .bind(hour_ago)
    .fetch_one(db)
    .await
}

/// Whether a block stands between `ours` and `theirs`, and who set it.
pub async fn block_between<'c>(
    db: impl Executor<'c, Database = Any>,
    ours: &str,
    theirs: &str,
) -> Result<Option<Block>, sqlx::Error> {
    let rows: Vec<String> = sqlx::query_scalar(
        "SELECT org_id FROM organization_blocks
         WHERE (org_id = $1 AND blocked_org_id = $2) OR (org_id = $2 AND blocked_org_id = $1)",
    )
    .bind(ours)
    .bind(theirs)
    .fetch_all(db)
    .await?;
    // When both blocked each other, ours is what we can undo: say that one.
    Ok(if rows.iter().any(|o| o == ours) {
        Some(Block::ByUs)
    } else if rows.is_empty() {
        None
    } else {
        Some(Block::ByThem)
    })
}

/// `org_id` blocks `blocked` (nothing changes when it already does).
pub async fn block<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: &str,
    blocked: &str,
    by: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO organization_blocks (org_id, blocked_org_id, created_by, created_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT (org_id, blocked_org_id) DO NOTHING",
    )
    .bind(org_id)
    .bind(blocked)
    .bind(by)
    .bind(now)
    .execute(db)
    .await
    .map(|_| ())
}

/// `org_id` lifts its block of `blocked`.
pub async fn unblock<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: &str,
    blocked: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM organization_blocks WHERE org_id = $1 AND blocked_org_id = $2")
        .bind(org_id)
        .bind(blocked)
        .execute(db)
        .await
        .map(|_| ())
}

/// Files a report of `org_id` on a conversation; `false` when one of theirs is still open.
pub async fn report<'c>(
    db: impl Executor<'c, Database = Any>,
    id: &str,
    conversation_id: &str,
    org_id: &str,
    user_id: &str,
    reason: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO conversation_reports (id, conversation_id, org_id, user_id, reason, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (conversation_id, org_id) WHERE resolved_at IS NULL DO NOTHING",
    )
    .bind(id)
    .bind(conversation_id)
    .bind(org_id)
    .bind(user_id)
    .bind(reason)
    .bind(now)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// When `org_id`'s open report on the conversation was filed, if it has one.
pub async fn open_report_at<'c>(
    db: impl Executor<'c, Database = Any>,
    conversation_id: &str,
    org_id: &str,
) -> Result<Option<Instant>, sqlx::Error> {
    let at: Option<i64> = sqlx::query_scalar(
        "SELECT created_at FROM conversation_reports
         WHERE conversation_id = $1 AND org_id = $2 AND resolved_at IS NULL",
    )
    .bind(conversation_id)
    .bind(org_id)
    .fetch_optional(db)
    .await?;
    Ok(at.map(Instant::from_unix_ms))
}

#[derive(FromRow)]
struct ReportRow {
    id: String,
    conversation_id: String,
    reporter_org: String,
    reporter_name: Option<String>,
    other_org: String,
    reason: String,
    created_at: i64,
}

/// The open reports, oldest first (the longest waiting on top), each with the last
/// `messages` messages of its conversation for the admin to judge.
pub async fn open_reports(
    db: &sqlx::AnyPool,
    limit: i64,
    messages: i64,
) -> Result<Vec<Report>, sqlx::Error> {
    let rows: Vec<ReportRow> = sqlx::query_as(
        "SELECT r.id, r.conversation_id, o.name AS reporter_org, u.name AS reporter_name,
            other.name AS other_org, r.reason, r.created_at
         FROM conversation_reports r
         JOIN organizations o ON o.id = r.org_id
         JOIN conversation_sides s ON s.conversation_id = r.conversation_id AND s.org_id <> r.org_id
         JOIN organizations other ON other.id = s.org_id
         LEFT JOIN users u ON u.id = r.user_id
         WHERE r.resolved_at IS NULL
         ORDER BY r.created_at, r.id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db)
    .await?;
    let mut reports = Vec::with_capacity(rows.len());
    for row in rows {
        let subject = super::header(db, &row.conversation_id)
            .await?
            .map(|(subject, _)| subject);
        let recent = super::messages_before(db, &row.conversation_id, None, messages).await?;
        reports.push(Report {
            id: row.id,
            conversation_id: row.conversation_id,
            reporter_org: row.reporter_org,
            reporter_name: row.reporter_name.unwrap_or_default(),
            other_org: row.other_org,
            reason: row.reason,
            created_at: Instant::from_unix_ms(row.created_at),
            subject,
            messages: recent,
        });
    }
    Ok(reports)
}

/// Marks a report handled; `false` when it was not open.
pub async fn resolve_report<'c>(
    db: impl Executor<'c, Database = Any>,
    id: &str,
    by: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE conversation_reports SET resolved_at = $2, resolved_by = $3
         WHERE id = $1 AND resolved_at IS NULL",
    )
    .bind(id)
    .bind(now)
    .bind(by)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}
