//! The only place SQL about emails lives: the outbox the worker delivers from, and the ledger
//! of emails people asked for (their limits).

use sqlx::{Any, Executor, FromRow};

use super::types::OutboxEmail;

/// An email waiting in the outbox, as the worker takes it.
#[derive(Debug, FromRow)]
pub struct Due {
    pub id: String,
    pub to_email: String,
    pub subject: String,
    pub body: String,
    pub kept_body: Option<String>,
    pub attempts: i64,
}

pub async fn insert<'c>(
    db: impl Executor<'c, Database = Any>,
    id: &str,
    email: &super::Email,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO outbox (id, to_email, subject, body, kept_body, transport, created_at,
            next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, 'pending', $6, $6)",
    )
    .bind(id)
    .bind(&email.to)
    .bind(&email.subject)
    .bind(&email.body)
    .bind(email.without_links().body)
    .bind(now)
    .execute(db)
    .await
    .map(|_| ())
}

/// Takes up to `limit` due emails for delivery until `lease_until`: nobody else takes them
/// before then (a process that dies holding them lets them go when the lease ends). On
/// PostgreSQL, rows another process is taking at this instant are skipped, not waited for.
pub async fn claim_due<'c>(
    db: impl Executor<'c, Database = Any>,
    postgres: bool,
    now: i64,
    lease_until: i64,
    limit: i64,
) -> Result<Vec<Due>, sqlx::Error> {
    let skip_locked = if postgres {
        "FOR UPDATE SKIP LOCKED"
    } else {
        ""
    };
    let sql = format!(
        "UPDATE outbox SET locked_until = $1, attempts = attempts + 1
         WHERE id IN (
            SELECT id FROM outbox
            WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $2
              AND (locked_until IS NULL OR locked_until <= $2)
            ORDER BY next_attempt_at, id
            LIMIT $3 {skip_locked})
         RETURNING id, to_email, subject, body, kept_body, attempts"
    );
    sqlx::query_as::<_, Due>(sqlx::AssertSqlSafe(sql))
        .bind(lease_until)
        .bind(now)
        .bind(limit)
        .fetch_all(db)
        .await
}

/// Records a delivery; `kept_body` replaces the live message when the relay has it.
pub async fn mark_sent<'c>(
    db: impl Executor<'c, Database = Any>,
    id: &str,
    transport: &str,
    kept_body: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE outbox SET sent_at = $1, transport = $2, body = COALESCE($3, body),
            kept_body = NULL, locked_until = NULL, error = NULL
         WHERE id = $4",
    )
    .bind(now)
    .bind(transport)
    .bind(kept_body)
    .bind(id)
    .execute(db)
    .await
    .map(|_| ())
}

/// Records a failed attempt: tried again from `retry_at`, or given up (`None`), when the live
/// message is dropped too.
pub async fn mark_failed<'c>(
    db: impl Executor<'c, Database = Any>,
    id: &str,
    error: &str,
    retry_at: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let query = match retry_at {
        Some(at) => sqlx::query(
            "UPDATE outbox SET error = $1, next_attempt_at = $2, locked_until = NULL,
                transport = 'smtp'
             WHERE id = $3",
        )
        .bind(error.to_owned())
        .bind(at),
        None => sqlx::query(
            "UPDATE outbox SET error = $1, failed_at = $2, locked_until = NULL,
                transport = 'smtp', body = COALESCE(kept_body, body), kept_body = NULL
             WHERE id = $3",
        )
        .bind(error.to_owned())
        .bind(now),
    };
    query.bind(id).execute(db).await.map(|_| ())
}

/// How many emails are still to deliver (for tests and `/healthz`-like checks).
pub async fn pending_count<'c>(db: impl Executor<'c, Database = Any>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL")
        .fetch_one(db)
        .await
}

/// id, to, subject, body, transport, created_at, sent_at, error
type OutboxRow = (
    String,
    String,
    String,
    String,
    String,
    crate::time::Instant,
    Option<crate::time::Instant>,
    Option<String>,
);

/// The latest emails, newest first. One not yet delivered shows its copy without single-use
/// links: only the relay, or a demo outbox once the email is in it, holds a live one.
pub async fn list_outbox<'c>(
    db: impl Executor<'c, Database = Any>,
    limit: i64,
) -> Result<Vec<OutboxEmail>, sqlx::Error> {
    let rows: Vec<OutboxRow> = sqlx::query_as(
        "SELECT id, to_email, subject, COALESCE(kept_body, body), transport, created_at, sent_at,
            error FROM outbox
         ORDER BY created_at DESC, id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, to, subject, body, transport, created_at, sent_at, error)| OutboxEmail {
                id,
                to,
                subject,
                body,
                transport,
                created_at,
                sent_at,
                error,
            },
        )
        .collect())
}

// ---- emails people make Partage send ----------------------------------------------------------

/// One email someone asked for, written before it is composed.
pub struct EmailSend<'a> {
    pub id: &'a str,
    pub kind: &'a str,
    pub recipient: &'a str,
    pub sender_id: Option<&'a str>,
    pub at: i64,
}

pub async fn insert_email_send<'c>(
    db: impl Executor<'c, Database = Any>,
    send: &EmailSend<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO email_sends (id, kind, recipient, sender_id, at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(send.id)
    .bind(send.kind)
    .bind(send.recipient)
    .bind(send.sender_id)
    .bind(send.at)
    .execute(db)
    .await
    .map(|_| ())
}

/// Emails of `kind` since `since`: to `recipient`, and asked for by `sender_id` (0 without one).
pub async fn email_sends_since<'c>(
    db: impl Executor<'c, Database = Any>,
    kind: &str,
    recipient: &str,
    sender_id: Option<&str>,
    since: i64,
) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as::<_, (i64, i64)>(
        "SELECT
            COALESCE(SUM(CASE WHEN recipient = $2 THEN 1 ELSE 0 END), 0),
            COALESCE(SUM(CASE WHEN sender_id = $3 THEN 1 ELSE 0 END), 0)
         FROM email_sends
         WHERE kind = $1 AND at > $4 AND (recipient = $2 OR sender_id = $3)",
    )
    .bind(kind)
    .bind(recipient)
    .bind(sender_id)
    .bind(since)
    .fetch_one(db)
    .await
}

/// The secret named `name`: `fresh` when none existed (the first process to ask makes it; the
/// others read it).
pub async fn secret(
    db: &mut sqlx::AnyConnection,
    name: &str,
    fresh: &str,
) -> Result<String, sqlx::Error> {
    sqlx::query(
        "INSERT INTO secrets (name, value, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO NOTHING",
    )
    .bind(name)
    .bind(fresh)
    .bind(crate::db::now_ms())
    .execute(&mut *db)
    .await?;
    sqlx::query_scalar("SELECT value FROM secrets WHERE name = $1")
        .bind(name)
        .fetch_one(db)
        .await
}
