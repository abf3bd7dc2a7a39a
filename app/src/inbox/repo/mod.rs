//! The only place SQL about conversations and messages lives. A conversation's subject belongs
//! to another domain (a resource, a need, a booking): its owner and title are read here by
//! joining their tables, as notifications do (ARCHITECTURE.md, known exceptions).

pub mod emails;
pub mod safety;

use sqlx::{Any, Executor, FromRow};

use super::types::{
    Attachment, AttachmentKind, ConversationSummary, Member, Message, MessageKind, Side, Subject,
    SubjectKind, SystemEvent,
};
use crate::time::Instant;

crate::text_column!(SubjectKind, SubjectKind::parse);
crate::text_column!(MessageKind, MessageKind::parse);

/// Who a subject belongs to, and whether others may start a conversation about it now.
pub struct SubjectOwner {
    pub owner_org_id: String,
    /// For a booking: the organization that asked for it.
    pub requester_org_id: Option<String>,
    /// Published (a resource), open (a need); a booking always.
    pub open: bool,
}

pub async fn subject_owner<'c>(
    db: impl Executor<'c, Database = Any>,
    kind: SubjectKind,
    id: &str,
) -> Result<Option<SubjectOwner>, sqlx::Error> {
    let sql = match kind {
        SubjectKind::Resource => {
            "SELECT org_id, NULL AS requester, CASE WHEN status = 'published' THEN 1 ELSE 0 END
             FROM resources WHERE id = $1"
        }
        SubjectKind::Need => {
            "SELECT org_id, NULL AS requester, CASE WHEN status = 'open' THEN 1 ELSE 0 END
             FROM needs WHERE id = $1"
        }
        SubjectKind::Booking => {
            "SELECT owner_org_id, requester_org_id, 1 FROM bookings WHERE id = $1"
        }
    };
    let row: Option<(String, Option<String>, i64)> =
        sqlx::query_as(sql).bind(id).fetch_optional(db).await?;
    Ok(
        row.map(|(owner_org_id, requester_org_id, open)| SubjectOwner {
            owner_org_id,
            requester_org_id,
            open: open == 1,
        }),
    )
}

/// The conversation between two organizations about a subject, if one exists (either may have
/// opened it).
pub async fn find_by_subject<'c>(
    db: impl Executor<'c, Database = Any>,
    kind: SubjectKind,
    subject_id: &str,
    org_a: &str,
    org_b: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM conversations
         WHERE subject_kind = $1 AND subject_id = $2
           AND ((opened_by_org_id = $3 AND with_org_id = $4)
             OR (opened_by_org_id = $4 AND with_org_id = $3))
         ORDER BY created_at LIMIT 1",
    )
    .bind(kind.code())
    .bind(subject_id)
    .bind(org_a)
    .bind(org_b)
    .fetch_optional(db)
    .await
}

/// Writes a conversation and its two sides. `false` when the same one was opened meanwhile
/// (its unique key).
pub async fn insert_conversation(
    tx: &mut sqlx::AnyConnection,
    id: &str,
    opened_by: &str,
    with: &str,
    kind: SubjectKind,
    subject_id: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO conversations (id, opened_by_org_id, with_org_id, subject_kind, subject_id,
            last_message_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)
         ON CONFLICT (subject_kind, subject_id, opened_by_org_id, with_org_id) DO NOTHING",
    )
    .bind(id)
    .bind(opened_by)
    .bind(with)
    .bind(kind.code())
    .bind(subject_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    for org in [opened_by, with] {
        sqlx::query("INSERT INTO conversation_sides (conversation_id, org_id) VALUES ($1, $2)")
            .bind(id)
            .bind(org)
            .execute(&mut *tx)
            .await?;
    }
    Ok(true)
}

/// A message to append.
pub struct NewMessage<'a> {
    pub id: &'a str,
    pub kind: MessageKind,
    pub org_id: Option<&'a str>,
    pub user_id: Option<&'a str>,
    pub body: &'a str,
    /// JSON: a platform message's event and details.
    pub payload: &'a str,
    pub now: i64,
}

/// Appends a message: takes the conversation's row (writers of one conversation queue here),
/// gives the message the next number, and returns it. `None` when the conversation is gone.
pub async fn append(
    tx: &mut sqlx::AnyConnection,
    conversation_id: &str,
    m: &NewMessage<'_>,
) -> Result<Option<i64>, sqlx::Error> {
    let seq: Option<i64> = sqlx::query_scalar(
        "UPDATE conversations SET last_seq = last_seq + 1, last_message_at = $2
         WHERE id = $1 RETURNING last_seq",
    )
    .bind(conversation_id)
    .bind(m.now)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(seq) = seq else {
        return Ok(None);
    };
    sqlx::query(
        "INSERT INTO messages (id, conversation_id, seq, kind, org_id, user_id, body, payload,
            created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(m.id)
    .bind(conversation_id)
    .bind(seq)
    .bind(m.kind.code())
    .bind(m.org_id)
    .bind(m.user_id)
    .bind(m.body)
    .bind(m.payload)
    .bind(m.now)
    .execute(&mut *tx)
    .await?;
    Ok(Some(seq))
}

/// Tells a booking's event in its thread (started if it is the first word about it): the
/// event, the booking's times as they now stand, and its reason for a decline or cancellation.
/// Written in the transaction of the change, after it. Returns the live event that tells
/// both sides' open threads, for the caller to commit with the change.
pub async fn post_booking_event(
    tx: &mut sqlx::AnyConnection,
    booking_id: &str,
    event: SystemEvent,
    from: Option<crate::time::TimeRange>,
    now: i64,
) -> Result<Option<crate::live::LiveEvent>, sqlx::Error> {
    let booking: Option<(String, String, i64, i64, String)> = sqlx::query_as(
        "SELECT owner_org_id, requester_org_id, starts_at, ends_at, reason
         FROM bookings WHERE id = $1",
    )
    .bind(booking_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((owner, requester, starts_at, ends_at, reason)) = booking else {
        return Ok(None);
    };
    if owner == requester {
        return Ok(None);
    }
    let existing = find_by_subject(
        &mut *tx,
        SubjectKind::Booking,
        booking_id,
        &requester,
        &owner,
    )
    .await?;
    let conversation_id = match existing {
        Some(id) => id,
        None => {
            let id = crate::db::new_id();
            insert_conversation(
                tx,
                &id,
                &requester,
                &owner,
                SubjectKind::Booking,
                booking_id,
                now,
            )
            .await?;
            id
        }
    };
    let with_reason = matches!(event, SystemEvent::Declined | SystemEvent::Cancelled);
    let payload = Payload {
        event: Some(event.code().to_owned()),
        detail: (with_reason && !reason.is_empty()).then_some(reason),
        starts_at: Some(starts_at),
        ends_at: Some(ends_at),
        from_starts_at: from.map(|r| r.start().unix_ms()),
        from_ends_at: from.map(|r| r.end().unix_ms()),
    };
    let payload = serde_json::to_string(&payload).unwrap_or_else(|_| "{}".to_owned());
    let seq = append(
        tx,
        &conversation_id,
        &NewMessage {
            id: &crate::db::new_id(),
            kind: MessageKind::System,
            org_id: None,
            user_id: None,
            body: "",
            payload: &payload,
            now,
        },
    )
    .await?;
    let mut orgs = vec![owner, requester];
    orgs.sort();
    Ok(seq.map(|seq| crate::live::LiveEvent::Message {
        conversation: conversation_id,
        seq,
        orgs,
    }))
}

/// The organizations of a conversation's two sides that `user_id` belongs to.
pub async fn sides_of_member<'c>(
    db: impl Executor<'c, Database = Any>,
    conversation_id: &str,
    user_id: &str,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT s.org_id FROM conversation_sides s
         JOIN memberships m ON m.org_id = s.org_id AND m.user_id = $2
         WHERE s.conversation_id = $1 ORDER BY s.org_id",
    )
    .bind(conversation_id)
    .bind(user_id)
    .fetch_all(db)
    .await
}

/// The two organizations of a conversation (none when it does not exist).
pub async fn conversation_orgs<'c>(
    db: impl Executor<'c, Database = Any>,
    conversation_id: &str,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT org_id FROM conversation_sides WHERE conversation_id = $1 ORDER BY org_id",
    )
    .bind(conversation_id)
    .fetch_all(db)
    .await
}

/// Records that `user_id`, reading for `org_id`, has seen the conversation up to `seq`: their
/// own count, and their organization's receipt. Never goes backwards.
pub async fn mark_read(
    tx: &mut sqlx::AnyConnection,
    conversation_id: &str,
    org_id: &str,
    user_id: &str,
    seq: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query(
        "INSERT INTO conversation_reads (conversation_id, user_id, read_seq) VALUES ($1, $2, $3)
         ON CONFLICT (conversation_id, user_id) DO UPDATE SET read_seq = excluded.read_seq
         WHERE conversation_reads.read_seq < excluded.read_seq",
    )
    .bind(conversation_id)
    .bind(user_id)
    .bind(seq)
    .execute(&mut *tx)
    .await?;
    let side = sqlx::query(
        "UPDATE conversation_sides SET read_seq = $3, read_at = $4
         WHERE conversation_id = $1 AND org_id = $2 AND read_seq < $3",
    )
    .bind(conversation_id)
    .bind(org_id)
    .bind(seq)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(side.rows_affected() == 1)
}

/// The conversation's current number of messages.
pub async fn last_seq<'c>(
    db: impl Executor<'c, Database = Any>,
    conversation_id: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT last_seq FROM conversations WHERE id = $1")
        .bind(conversation_id)
        .fetch_optional(db)
        .await
}

/// Subject title and booking window, for a conversation `c`.
const SUBJECT_JOINS: &str = "
    LEFT JOIN resources sr ON c.subject_kind = 'resource' AND sr.id = c.subject_id
    LEFT JOIN needs sn ON c.subject_kind = 'need' AND sn.id = c.subject_id
    LEFT JOIN bookings sb ON c.subject_kind = 'booking' AND sb.id = c.subject_id
    LEFT JOIN resources sbr ON sbr.id = sb.resource_id";
const SUBJECT_COLUMNS: &str = "c.subject_kind, c.subject_id,
    COALESCE(sr.title, sn.title, sbr.title, '') AS subject_title,
    sb.starts_at AS subject_starts_at, sb.ends_at AS subject_ends_at";

#[derive(FromRow)]
struct SubjectRow {
    subject_kind: SubjectKind,
    subject_id: String,
    subject_title: String,
    subject_starts_at: Option<i64>,
    subject_ends_at: Option<i64>,
}

impl SubjectRow {
    fn into_subject(self) -> Subject {
        Subject {
            kind: self.subject_kind,
            id: self.subject_id,
            title: self.subject_title,
            window: self
                .subject_starts_at
                .zip(self.subject_ends_at)
                .map(|(a, b)| (Instant::from_unix_ms(a), Instant::from_unix_ms(b))),
        }
    }
}

const MESSAGE_COLUMNS: &str = "m.id, m.seq, m.kind, m.org_id, u.name AS author, m.user_id,
    m.body, m.payload, m.created_at, m.deleted_at, a.id AS attachment_id,
    a.kind AS attachment_kind, a.name AS attachment_name, a.size AS attachment_size,
    a.width AS attachment_width, a.height AS attachment_height";
/// Where a message's columns come from.
const MESSAGE_FROM: &str = "messages m LEFT JOIN users u ON u.id = m.user_id
    LEFT JOIN message_attachments a ON a.message_id = m.id";

#[derive(FromRow)]
struct MessageRow {
    id: String,
    seq: i64,
    kind: MessageKind,
    org_id: Option<String>,
    author: Option<String>,
    user_id: Option<String>,
    body: String,
    payload: String,
    created_at: i64,
    deleted_at: Option<i64>,
    attachment_id: Option<String>,
    attachment_kind: Option<String>,
    attachment_name: Option<String>,
    attachment_size: Option<i64>,
    attachment_width: Option<i64>,
    attachment_height: Option<i64>,
}

/// What a platform message's payload holds.
#[derive(serde::Serialize, serde::Deserialize, Default)]
pub struct Payload {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<i64>,
    /// A move's old time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_starts_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_ends_at: Option<i64>,
}

impl MessageRow {
    fn into_message(self) -> Message {
        let payload: Payload = serde_json::from_str(&self.payload).unwrap_or_default();
        let deleted = self.deleted_at.is_some();
        Message {
            id: self.id,
            seq: self.seq,
            kind: self.kind,
            org_id: self.org_id,
            author: self.author,
            author_id: self.user_id,
            body: if deleted { String::new() } else { self.body },
            event: payload.event.as_deref().and_then(SystemEvent::parse),
            detail: payload.detail,
            window: payload
                .starts_at
                .zip(payload.ends_at)
                .map(|(a, b)| (Instant::from_unix_ms(a), Instant::from_unix_ms(b))),
            previous: payload
                .from_starts_at
                .zip(payload.from_ends_at)
                .map(|(a, b)| (Instant::from_unix_ms(a), Instant::from_unix_ms(b))),
            created_at: Instant::from_unix_ms(self.created_at),
            deleted,
            attachment: match (self.attachment_id, self.attachment_kind.as_deref()) {
                (Some(id), Some(kind)) if !deleted => {
                    AttachmentKind::parse(kind).map(|kind| Attachment {
                        id,
                        kind,
                        name: self.attachment_name.unwrap_or_default(),
                        size: self.attachment_size.unwrap_or_default(),
                        width: self.attachment_width.and_then(|w| u32::try_from(w).ok()),
                        height: self.attachment_height.and_then(|h| u32::try_from(h).ok()),
                    })
                }
                _ => None,
            },
        }
    }
}

#[derive(FromRow)]
struct SummaryRow {
    id: String,
    #[sqlx(flatten)]
    subject: SubjectRow,
    other_org_id: String,
    other_org_name: String,
    last_message_at: i64,
    unread: i64,
    last_id: Option<String>,
    last_seq: i64,
    last_kind: Option<MessageKind>,
    last_org_id: Option<String>,
    last_author: Option<String>,
    last_user_id: Option<String>,
    last_body: Option<String>,
    last_payload: Option<String>,
    last_created_at: Option<i64>,
    last_deleted_at: Option<i64>,
}

/// Normalizes words for searching conversations: what `LIKE` compares on both databases.
fn like_pattern(q: &str) -> String {
    let escaped: String = q
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("%{escaped}%")
}

/// A page of `org_id`'s conversations, latest activity first, with `user_id`'s unread counts.
/// `q` finds words in the other organization's name, the subject's title or a message.
pub async fn list_for_org<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: &str,
    user_id: &str,
    q: Option<&str>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<ConversationSummary>, i64), sqlx::Error> {
    let filter = if q.is_some() {
        "AND (LOWER(o.name) LIKE $3 ESCAPE '\\'
              OR LOWER(COALESCE(sr.title, sn.title, sbr.title, '')) LIKE $3 ESCAPE '\\'
              OR EXISTS (SELECT 1 FROM messages f WHERE f.conversation_id = c.id
                         AND f.deleted_at IS NULL AND LOWER(f.body) LIKE $3 ESCAPE '\\'))"
    } else {
        "AND $3 = $3"
    };
    let sql = format!(
        "SELECT c.id, {SUBJECT_COLUMNS}, o.id AS other_org_id, o.name AS other_org_name,
            c.last_message_at, c.last_seq - COALESCE(rd.read_seq, 0) AS unread,
            m.id AS last_id, c.last_seq, m.kind AS last_kind, m.org_id AS last_org_id,
            u.name AS last_author, m.user_id AS last_user_id, m.body AS last_body,
            m.payload AS last_payload, m.created_at AS last_created_at,
            m.deleted_at AS last_deleted_at,
            COUNT(*) OVER () AS total
         FROM conversation_sides s
         JOIN conversations c ON c.id = s.conversation_id
         JOIN conversation_sides t ON t.conversation_id = c.id AND t.org_id <> s.org_id
         JOIN organizations o ON o.id = t.org_id
         LEFT JOIN conversation_reads rd ON rd.conversation_id = c.id AND rd.user_id = $2
         LEFT JOIN messages m ON m.conversation_id = c.id AND m.seq = c.last_seq
         LEFT JOIN users u ON u.id = m.user_id
         {SUBJECT_JOINS}
         WHERE s.org_id = $1 {filter}
         ORDER BY c.last_message_at DESC, c.id DESC
         LIMIT $4 OFFSET $5"
    );
    let pattern = q.map(like_pattern).unwrap_or_default();
    let rows: Vec<(SummaryRow, i64)> = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(org_id)
        .bind(user_id)
        .bind(pattern)
        .bind(limit)
        .bind(offset)
        .try_map(|row: sqlx::any::AnyRow| {
            use sqlx::Row;
            Ok((SummaryRow::from_row(&row)?, row.try_get::<i64, _>("total")?))
        })
        .fetch_all(db)
        .await?;
    let total = rows.first().map_or(0, |(_, t)| *t);
    let items = rows
        .into_iter()
        .map(|(r, _)| {
            let last = r.last_id.map(|id| {
                MessageRow {
                    id,
                    seq: r.last_seq,
                    kind: r.last_kind.unwrap_or(MessageKind::Text),
                    org_id: r.last_org_id,
                    author: r.last_author,
                    user_id: r.last_user_id,
                    body: r.last_body.unwrap_or_default(),
                    payload: r.last_payload.unwrap_or_default(),
                    created_at: r.last_created_at.unwrap_or_default(),
                    deleted_at: r.last_deleted_at,
                    // The list shows a line of text; a file shows as its name (below).
                    attachment_id: None,
                    attachment_kind: None,
                    attachment_name: None,
                    attachment_size: None,
                    attachment_width: None,
                    attachment_height: None,
                }
                .into_message()
            });
            ConversationSummary {
                id: r.id,
                subject: r.subject.into_subject(),
                other_org_id: r.other_org_id,
                other_org_name: r.other_org_name,
                last,
                last_message_at: Instant::from_unix_ms(r.last_message_at),
                unread: r.unread.max(0),
            }
        })
        .collect();
    Ok((items, total))
}

/// How many of `org_id`'s conversations hold messages `user_id` has not read.
pub async fn unread_conversations<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: &str,
    user_id: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM conversation_sides s
         JOIN conversations c ON c.id = s.conversation_id
         LEFT JOIN conversation_reads rd ON rd.conversation_id = c.id AND rd.user_id = $2
         WHERE s.org_id = $1 AND c.last_seq > COALESCE(rd.read_seq, 0)",
    )
    .bind(org_id)
    .bind(user_id)
    .fetch_one(db)
    .await
}

/// A subject's card (title, a booking's times), before any conversation exists about it.
pub async fn subject_of<'c>(
    db: impl Executor<'c, Database = Any>,
    kind: SubjectKind,
    id: &str,
) -> Result<Option<Subject>, sqlx::Error> {
    let sql = format!(
        "SELECT {SUBJECT_COLUMNS}
         FROM (SELECT CAST($1 AS TEXT) AS subject_kind, CAST($2 AS TEXT) AS subject_id) c
         {SUBJECT_JOINS}"
    );
    let row: Option<SubjectRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(kind.code())
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(row.map(SubjectRow::into_subject))
}

/// A conversation's subject and last number.
pub async fn header<'c>(
    db: impl Executor<'c, Database = Any>,
    conversation_id: &str,
) -> Result<Option<(Subject, i64)>, sqlx::Error> {
    let sql = format!(
        "SELECT {SUBJECT_COLUMNS}, c.last_seq FROM conversations c {SUBJECT_JOINS}
         WHERE c.id = $1"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(conversation_id)
        .try_map(|row: sqlx::any::AnyRow| {
            use sqlx::Row;
            Ok((
                SubjectRow::from_row(&row)?.into_subject(),
                row.try_get::<i64, _>("last_seq")?,
            ))
        })
        .fetch_optional(db)
        .await
}

#[derive(FromRow)]
struct SideRow {
    org_id: String,
    org_name: String,
    assignee_id: Option<String>,
    assignee_name: Option<String>,
    read_seq: i64,
    read_at: Option<i64>,
}

/// Both sides of a conversation.
pub async fn sides<'c>(
    db: impl Executor<'c, Database = Any>,
    conversation_id: &str,
) -> Result<Vec<Side>, sqlx::Error> {
    let rows: Vec<SideRow> = sqlx::query_as(
        "SELECT s.org_id, o.name AS org_name, s.assignee_id, u.name AS assignee_name,
            s.read_seq, s.read_at
         FROM conversation_sides s
         JOIN organizations o ON o.id = s.org_id
         LEFT JOIN users u ON u.id = s.assignee_id
         WHERE s.conversation_id = $1 ORDER BY s.org_id",
    )
    .bind(conversation_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Side {
            org_id: r.org_id,
            org_name: r.org_name,
            assignee_id: r.assignee_id,
            assignee_name: r.assignee_name,
            read_seq: r.read_seq,
            read_at: r.read_at.map(Instant::from_unix_ms),
        })
        .collect())
}

/// The last `limit` messages before `before` (every message when `None`), oldest first.
pub async fn messages_before<'c>(
    db: impl Executor<'c, Database = Any>,
    conversation_id: &str,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<Message>, sqlx::Error> {
    let sql = format!(
        "SELECT {MESSAGE_COLUMNS} FROM {MESSAGE_FROM}
         WHERE m.conversation_id = $1 AND m.seq < $2
         ORDER BY m.seq DESC LIMIT $3"
    );
    let mut rows: Vec<MessageRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(conversation_id)
        .bind(before.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(db)
        .await?;
    rows.reverse();
    Ok(rows.into_iter().map(MessageRow::into_message).collect())
}

/// Every message after `after`, oldest first, at most `limit`: what a reader that saw message
/// `after` missed.
pub async fn messages_after<'c>(
    db: impl Executor<'c, Database = Any>,
    conversation_id: &str,
    after: i64,
    limit: i64,
) -> Result<Vec<Message>, sqlx::Error> {
    let sql = format!(
        "SELECT {MESSAGE_COLUMNS} FROM {MESSAGE_FROM}
         WHERE m.conversation_id = $1 AND m.seq > $2
         ORDER BY m.seq LIMIT $3"
    );
    let rows: Vec<MessageRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(conversation_id)
        .bind(after)
        .bind(limit)
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().map(MessageRow::into_message).collect())
}

/// The author of a message and its conversation.
pub async fn message_author<'c>(
    db: impl Executor<'c, Database = Any>,
    message_id: &str,
) -> Result<Option<(String, Option<String>, Option<i64>)>, sqlx::Error> {
    sqlx::query_as("SELECT conversation_id, user_id, deleted_at FROM messages WHERE id = $1")
        .bind(message_id)
        .fetch_optional(db)
        .await
}

/// A message's number in its conversation.
pub async fn message_seq<'c>(
    db: impl Executor<'c, Database = Any>,
    message_id: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT seq FROM messages WHERE id = $1")
        .bind(message_id)
        .fetch_optional(db)
        .await
}

/// Deletes a message's text; its place stays.
pub async fn delete_message<'c>(
    db: impl Executor<'c, Database = Any>,
    message_id: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE messages SET body = '', deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL",
    )
    .bind(message_id)
    .bind(now)
    .execute(db)
    .await
    .map(|_| ())
}

/// Sets who of `org_id` handles the conversation (nobody with `None`).
pub async fn assign<'c>(
    db: impl Executor<'c, Database = Any>,
    conversation_id: &str,
    org_id: &str,
    assignee: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE conversation_sides SET assignee_id = $3 WHERE conversation_id = $1 AND org_id = $2",
    )
    .bind(conversation_id)
    .bind(org_id)
    .bind(assignee)
    .execute(db)
    .await
    .map(|_| ())
}

/// The members of `org_id`, by name.
pub async fn members<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: &str,
) -> Result<Vec<Member>, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT u.id, u.name FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.org_id = $1 ORDER BY u.name, u.id",
    )
    .bind(org_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(user_id, name)| Member { user_id, name })
        .collect())
}

/// An attachment to write with its message.
pub struct NewAttachment<'a> {
    pub id: &'a str,
    pub message_id: &'a str,
    pub conversation_id: &'a str,
    pub kind: AttachmentKind,
    pub name: &'a str,
    pub size: i64,
    pub width: Option<i64>,
    pub height: Option<i64>,
    pub now: i64,
}

pub async fn insert_attachment<'c>(
    db: impl Executor<'c, Database = Any>,
    a: &NewAttachment<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO message_attachments (id, message_id, conversation_id, kind, name, size,
            width, height, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(a.id)
    .bind(a.message_id)
    .bind(a.conversation_id)
    .bind(a.kind.code())
    .bind(a.name)
    .bind(a.size)
    .bind(a.width)
    .bind(a.height)
    .bind(a.now)
    .execute(db)
    .await
    .map(|_| ())
}

/// An attachment's name, for `user_id` when they belong to a side of its conversation and
/// its message still stands; `None` otherwise (as if it did not exist).
pub async fn attachment_for<'c>(
    db: impl Executor<'c, Database = Any>,
    id: &str,
    user_id: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT a.name FROM message_attachments a
         JOIN messages m ON m.id = a.message_id AND m.deleted_at IS NULL
         WHERE a.id = $1 AND EXISTS (
            SELECT 1 FROM conversation_sides s
            JOIN memberships ms ON ms.org_id = s.org_id AND ms.user_id = $2
            WHERE s.conversation_id = a.conversation_id)",
    )
    .bind(id)
    .bind(user_id)
    .fetch_optional(db)
    .await
}

/// The attachment of a message, to delete with it: (id, kind).
pub async fn attachment_of_message<'c>(
    db: impl Executor<'c, Database = Any>,
    message_id: &str,
) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, kind FROM message_attachments WHERE message_id = $1")
        .bind(message_id)
        .fetch_optional(db)
        .await
}

/// Forgets an attachment's row (its message was deleted).
pub async fn delete_attachment<'c>(
    db: impl Executor<'c, Database = Any>,
    id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM message_attachments WHERE id = $1")
        .bind(id)
        .execute(db)
        .await
        .map(|_| ())
}
