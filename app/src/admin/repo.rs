//! The only place SQL about the email outbox, and the ledger of emails people asked for, lives.

use sqlx::{Any, Executor};

use super::types::OutboxEmail;

/// id, to, subject, body, transport, created_at, sent_at, error
type OutboxRow = (
    String,
    String,
    String,
    String,
    String,
    i64,
    Option<i64>,
    Option<String>,
);

pub async fn insert_outbox<'c>(
    db: impl Executor<'c, Database = Any>,
    id: &str,
    email: &crate::mail::Email,
    transport: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO outbox (id, to_email, subject, body, transport, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(&email.to)
    .bind(&email.subject)
    .bind(&email.body)
    .bind(transport)
    .bind(now)
    .execute(db)
    .await
    .map(|_| ())
}

/// Records the outcome of an SMTP delivery.
pub async fn mark_outbox<'c>(
    db: impl Executor<'c, Database = Any>,
    id: &str,
    error: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let query = match error {
        None => sqlx::query("UPDATE outbox SET sent_at = $1, error = NULL WHERE id = $2").bind(now),
        Some(error) => {
            sqlx::query("UPDATE outbox SET error = $1 WHERE id = $2").bind(error.to_owned())
        }
    };
    query.bind(id).execute(db).await.map(|_| ())
}

/// The latest emails, newest first.
pub async fn list_outbox<'c>(
    db: impl Executor<'c, Database = Any>,
    limit: i64,
) -> Result<Vec<OutboxEmail>, sqlx::Error> {
    let rows: Vec<OutboxRow> = sqlx::query_as(
        "SELECT id, to_email, subject, body, transport, created_at, sent_at, error FROM outbox
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
