//! SQL of the inbox's emails: which sides have messages waiting unread, how far a person
//! read, and the ledger of message emails (one per conversation and person an hour).

use sqlx::{Any, Executor, FromRow};

/// A side of a conversation with messages of the other side it has not read.
#[derive(Debug, FromRow)]
pub struct UnreadSide {
    pub conversation_id: String,
    pub org_id: String,
    pub assignee_id: Option<String>,
    /// The first and last unread messages (numbers), and when the first was written.
    pub first_seq: i64,
    pub last_seq: i64,
    pub first_at: i64,
}

/// Sides whose oldest unread message of the other side was written between `since` and
/// `quiet_before` (it has waited long enough, and not so long that an email would be news of
/// nothing).
pub async fn unread_sides<'c>(
    db: impl Executor<'c, Database = Any>,
    since: i64,
    quiet_before: i64,
    limit: i64,
) -> Result<Vec<UnreadSide>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.conversation_id, s.org_id, s.assignee_id,
            MIN(m.seq) AS first_seq, MAX(m.seq) AS last_seq, MIN(m.created_at) AS first_at
         FROM conversations c
         JOIN conversation_sides s ON s.conversation_id = c.id AND s.read_seq < c.last_seq
         JOIN messages m ON m.conversation_id = c.id AND m.seq > s.read_seq
            AND m.kind = 'text' AND m.org_id <> s.org_id AND m.deleted_at IS NULL
         WHERE c.last_message_at > $1
         GROUP BY s.conversation_id, s.org_id, s.assignee_id
         HAVING MIN(m.created_at) <= $2 AND MIN(m.created_at) > $1
         ORDER BY MIN(m.created_at) LIMIT $3",
    )
    .bind(since)
    .bind(quiet_before)
    .bind(limit)
    .fetch_all(db)
    .await
}

/// How far `user_id` has read the conversation.
pub async fn read_seq_of<'c>(
    db: impl Executor<'c, Database = Any>,
    conversation_id: &str,
    user_id: &str,
) -> Result<i64, sqlx::Error> {
    let seq: Option<i64> = sqlx::query_scalar(
        "SELECT read_seq FROM conversation_reads WHERE conversation_id = $1 AND user_id = $2",
    )
    .bind(conversation_id)
    .bind(user_id)
    .fetch_optional(db)
    .await?;
    Ok(seq.unwrap_or(0))
}

/// Takes the email telling `user_id` of the conversation's messages up to `seq`: `false`
/// when they were told of them already, or were emailed about it less than an hour ago
/// (`hour_ago`), or another process took it at the same moment.
pub async fn claim_message_email<'c>(
    db: impl Executor<'c, Database = Any>,
    conversation_id: &str,
    user_id: &str,
    seq: i64,
    now: i64,
    hour_ago: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO message_emails (conversation_id, user_id, seq, sent_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (conversation_id, user_id) DO UPDATE
            SET seq = excluded.seq, sent_at = excluded.sent_at
            WHERE message_emails.sent_at <= $5 AND message_emails.seq < excluded.seq",
    )
    .bind(conversation_id)
    .bind(user_id)
    .bind(seq)
    .bind(now)
    .bind(hour_ago)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}
