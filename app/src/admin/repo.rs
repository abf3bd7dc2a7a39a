//! The only place SQL about the email outbox lives.

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
