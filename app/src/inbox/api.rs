//! Server functions of the inbox. A conversation is private to its two organizations: every
//! function first finds which of its sides the asker belongs to, and answers « not found » to
//! anybody else, so an outsider cannot even tell that it exists.

use leptos::prelude::*;

use super::types::{Draft, InboxPage, Message, SubjectKind, Thread};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::{
        repo::{self, NewMessage},
        types::{Block, MessageKind},
    },
    crate::{
        accounts::auth::{self, SessionUser},
        db::{new_id, now_ms},
        i18n::Msg,
        live::LiveEvent,
        organizations::{access, types::Role},
        state::app_state,
    },
};

/// The longest message, in characters (a long email's worth).
pub const MAX_MESSAGE_CHARS: usize = 5_000;
/// Messages a thread shows at first, and per « earlier messages ».
pub const THREAD_PAGE: i64 = 50;
/// Conversations per page of the list.
pub const LIST_PAGE: i64 = 20;

/// The longest reason for a report, in characters.
pub const MAX_REPORT_CHARS: usize = 1_000;
/// Messages one person may send in a minute, and in an hour: a person typing fast stays far
/// below; a script flooding a partner does not.
pub const SENDS_PER_MINUTE: i64 = 30;
pub const SENDS_PER_HOUR: i64 = 300;

/// A message's text: trimmed, not empty, at most [`MAX_MESSAGE_CHARS`]; control characters
/// other than line breaks and tabs are refused.
#[cfg(feature = "ssr")]
pub fn parse_body(input: &str) -> Result<String, Msg> {
    parse_text(input, MAX_MESSAGE_CHARS).map_err(|problem| match problem {
        TextProblem::Empty => Msg::ErrorMessageEmpty,
        TextProblem::TooLong => Msg::ErrorMessageTooLong,
        TextProblem::Invalid => Msg::ErrorMessageInvalid,
    })
}

/// A report's reason, checked like a message (at most [`MAX_REPORT_CHARS`]).
#[cfg(feature = "ssr")]
pub fn parse_reason(input: &str) -> Result<String, Msg> {
    parse_text(input, MAX_REPORT_CHARS).map_err(|problem| match problem {
        TextProblem::Empty => Msg::ErrorReportEmpty,
        TextProblem::TooLong => Msg::ErrorReportTooLong,
        TextProblem::Invalid => Msg::ErrorMessageInvalid,
    })
}

#[cfg(feature = "ssr")]
enum TextProblem {
    Empty,
    TooLong,
    Invalid,
}

#[cfg(feature = "ssr")]
fn parse_text(input: &str, max_chars: usize) -> Result<String, TextProblem> {
    let value = input.trim();
    if value.is_empty() {
        return Err(TextProblem::Empty);
    }
    if value.chars().count() > max_chars {
        return Err(TextProblem::TooLong);
    }
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(TextProblem::Invalid);
    }
    Ok(value.replace("\r\n", "\n"))
}

/// Takes one of the sends `user_id` is allowed, or answers `RateLimited`. A person's sends
/// take turns (the write transaction, and a lock on their key on PostgreSQL), so simultaneous
/// requests get exactly the limit. Call first in the transaction: the lock comes before the
/// conversation's row.
#[cfg(feature = "ssr")]
async fn limit_sends(tx: &mut crate::db::Tx, user_id: &str, now: i64) -> Result<(), AppError> {
    const MINUTE: i64 = 60_000;
    app_state()?.db.lock_key(tx, 3, user_id).await?;
    let (last_minute, last_hour) =
        repo::safety::sends_since(&mut **tx, user_id, now - MINUTE, now - 60 * MINUTE).await?;
    if last_minute >= SENDS_PER_MINUTE {
        return Err(AppError::rate_limited(60));
    }
    if last_hour >= SENDS_PER_HOUR {
        return Err(AppError::rate_limited(3600));
    }
    Ok(())
}

/// Refuses to write between two organizations when either blocked the other.
#[cfg(feature = "ssr")]
async fn require_no_block(
    tx: &mut crate::db::Tx,
    ours: &str,
    theirs: &str,
) -> Result<(), AppError> {
    match repo::safety::block_between(&mut **tx, ours, theirs).await? {
        None => Ok(()),
        Some(Block::ByUs) => Err(AppError::conflict(Msg::InboxBlockedByUs)),
        Some(Block::ByThem) => Err(AppError::conflict(Msg::InboxBlockedByThem)),
    }
}

/// The side of `conversation_id` the asker acts for: the organization they are acting for when
/// it is one of the two, else the one they belong to. `NotFound` for anybody else.
#[cfg(feature = "ssr")]
async fn require_side(conversation_id: &str) -> Result<(SessionUser, String), AppError> {
    let who = auth::require_user().await?;
    let sides =
        repo::sides_of_member(app_state()?.db.pool(), conversation_id, &who.user.id).await?;
    let side = match who.active_org_id.as_ref() {
        Some(active) if sides.contains(active) => active.clone(),
        _ => sides.into_iter().next().ok_or_else(AppError::not_found)?,
    };
    Ok((who, side))
}

/// Starts a conversation of `org_id` (the asker's organization) about a resource, a need or a
/// booking with the organization on its other side, or continues the one they already have,
/// and sends `body` in it. Returns the conversation.
#[server(prefix = "/api", endpoint = "start_conversation")]
pub async fn start_conversation(
    org_id: String,
    kind: SubjectKind,
    subject_id: String,
    body: String,
) -> Result<String, AppError> {
    let (who, _) = access::require_member(&org_id).await?;
    let body = parse_body(&body).map_err(|m| AppError::validation("body", m))?;
    let state = app_state()?;
    let owner = repo::subject_owner(state.db.pool(), kind, &subject_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let other = other_side(kind, &owner, &org_id)?;
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    limit_sends(&mut tx, &who.user.id, now).await?;
    require_no_block(&mut tx, &org_id, &other).await?;
    let existing = repo::find_by_subject(&mut *tx, kind, &subject_id, &org_id, &other).await?;
    let conversation_id = match existing {
        Some(id) => id,
        None => {
            // Nobody starts talking about what they may not see (a draft, a closed need).
            if !owner.open {
                return Err(AppError::not_found());
            }
            let id = new_id();
            // The requester opens a booking's thread, whoever writes first.
            let (opened_by, with) = match kind {
                SubjectKind::Booking => (
                    owner.requester_org_id.as_deref().unwrap_or(&org_id),
                    owner.owner_org_id.as_str(),
                ),
                _ => (org_id.as_str(), other.as_str()),
            };
            repo::insert_conversation(&mut tx, &id, opened_by, with, kind, &subject_id, now)
                .await?;
            id
        }
    };
    let seq = send_in(
        &mut tx,
        &conversation_id,
        (&org_id, &other),
        &who.user.id,
        &body,
        now,
    )
    .await?;
    let event = message_event(&mut tx, &conversation_id, seq).await?;
    state.live.commit(tx, vec![event]).await?;
    Ok(conversation_id)
}

/// Who is on the other side of a conversation of `org_id` about a subject: its owner; for a
/// booking, whichever of its two organizations `org_id` is not (none for an outsider).
#[cfg(feature = "ssr")]
fn other_side(
    kind: SubjectKind,
    owner: &repo::SubjectOwner,
    org_id: &str,
) -> Result<String, AppError> {
    let other = match kind {
        SubjectKind::Booking => {
            let requester = owner.requester_org_id.clone().unwrap_or_default();
            if org_id == requester {
                owner.owner_org_id.clone()
            } else if org_id == owner.owner_org_id {
                requester
            } else {
                return Err(AppError::not_found());
            }
        }
        SubjectKind::Resource | SubjectKind::Need => owner.owner_org_id.clone(),
    };
    if other == org_id {
        return Err(AppError::validation(
            "body",
            Msg::ErrorMessageOwnOrganization,
        ));
    }
    Ok(other)
}

/// What starting a conversation of `org_id` about a subject would look like: its card, the
/// organization it goes to, and the conversation they already have about it, if any.
#[server(prefix = "/api", endpoint = "conversation_draft")]
pub async fn conversation_draft(
    org_id: String,
    kind: SubjectKind,
    subject_id: String,
) -> Result<Draft, AppError> {
    access::require_member(&org_id).await?;
    let db = app_state()?.db;
    let owner = repo::subject_owner(db.pool(), kind, &subject_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let other = other_side(kind, &owner, &org_id)?;
    let existing = repo::find_by_subject(db.pool(), kind, &subject_id, &org_id, &other).await?;
    if existing.is_none() && !owner.open {
        return Err(AppError::not_found());
    }
    let subject = repo::subject_of(db.pool(), kind, &subject_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let other_org_name = crate::organizations::repo::find_organization(db.pool(), &other)
        .await?
        .map(|o| o.name)
        .ok_or_else(AppError::not_found)?;
    Ok(Draft {
        subject,
        other_org_name,
        existing,
    })
}

/// Appends the asker's message, counts it read by them and their organization, and tells the
/// other organization (`theirs`) in its notifications.
#[cfg(feature = "ssr")]
async fn send_in(
    tx: &mut crate::db::Tx,
    conversation_id: &str,
    (org_id, theirs): (&str, &str),
    user_id: &str,
    body: &str,
    now: i64,
) -> Result<i64, AppError> {
    let seq = repo::append(
        tx,
        conversation_id,
        &NewMessage {
            id: &new_id(),
            kind: MessageKind::Text,
            org_id: Some(org_id),
            user_id: Some(user_id),
            body,
            payload: "{}",
            now,
        },
    )
    .await?
    .ok_or_else(AppError::not_found)?;
    repo::mark_read(tx, conversation_id, org_id, user_id, seq, now).await?;
    crate::notifications::repo::message_received(
        tx,
        theirs,
        conversation_id,
        org_id,
        &crate::ui::links::Link::Conversation(conversation_id).href(),
        now,
    )
    .await?;
    Ok(seq)
}

/// « Conversation `id` has message `seq` », for the members of both its organizations.
#[cfg(feature = "ssr")]
async fn message_event(
    tx: &mut crate::db::Tx,
    conversation_id: &str,
    seq: i64,
) -> Result<LiveEvent, AppError> {
    Ok(LiveEvent::Message {
        conversation: conversation_id.to_owned(),
        seq,
        orgs: repo::conversation_orgs(&mut **tx, conversation_id).await?,
    })
}

/// Marks read up to `seq` for the asker and their organization, and tells both sides when the
/// organization's receipt moved.
#[cfg(feature = "ssr")]
async fn read_up_to(
    conversation_id: &str,
    org_id: &str,
    user_id: &str,
    seq: i64,
) -> Result<(), AppError> {
    let state = app_state()?;
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    let moved = repo::mark_read(&mut tx, conversation_id, org_id, user_id, seq, now).await?;
    // Read to the end: its notice is read too.
    if repo::last_seq(&mut *tx, conversation_id).await? <= Some(seq) {
        crate::notifications::repo::mark_subject_read(
            &mut *tx,
            org_id,
            crate::notifications::types::NotificationKind::MessageReceived,
            conversation_id,
            now,
        )
        .await?;
    }
    let events = if moved {
        vec![LiveEvent::Read {
            conversation: conversation_id.to_owned(),
            org: org_id.to_owned(),
            seq,
            orgs: repo::conversation_orgs(&mut *tx, conversation_id).await?,
        }]
    } else {
        Vec::new()
    };
    state.live.commit(tx, events).await?;
    Ok(())
}

/// Sends a message in a conversation the asker's organization is part of. Returns its number.
#[server(prefix = "/api", endpoint = "send_message")]
pub async fn send_message(conversation_id: String, body: String) -> Result<i64, AppError> {
    let (who, org_id) = require_side(&conversation_id).await?;
    let body = parse_body(&body).map_err(|m| AppError::validation("body", m))?;
    let state = app_state()?;
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    limit_sends(&mut tx, &who.user.id, now).await?;
    let orgs = repo::conversation_orgs(&mut *tx, &conversation_id).await?;
    let theirs = orgs
        .into_iter()
        .find(|o| *o != org_id)
        .ok_or_else(AppError::not_found)?;
    require_no_block(&mut tx, &org_id, &theirs).await?;
    let seq = send_in(
        &mut tx,
        &conversation_id,
        (&org_id, &theirs),
        &who.user.id,
        &body,
        now,
    )
    .await?;
    let event = message_event(&mut tx, &conversation_id, seq).await?;
    state.live.commit(tx, vec![event]).await?;
    Ok(seq)
}

/// A conversation's thread for a member of either side: its subject, both sides, the last
/// messages (or those before `before`), and our members. Seeing the newest messages marks them
/// read, for the reader and as their organization's receipt.
#[server(prefix = "/api", endpoint = "get_thread")]
pub async fn get_thread(
    conversation_id: String,
    #[server(default)] before: Option<i64>,
) -> Result<Thread, AppError> {
    let (who, org_id) = require_side(&conversation_id).await?;
    let db = &app_state()?.db;
    let (subject, last_seq) = repo::header(db.pool(), &conversation_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let mut messages =
        repo::messages_before(db.pool(), &conversation_id, before, THREAD_PAGE + 1).await?;
    let earlier = messages.len() as i64 > THREAD_PAGE;
    if earlier {
        messages.remove(0);
    }
    if before.is_none() && last_seq > 0 {
        read_up_to(&conversation_id, &org_id, &who.user.id, last_seq).await?;
    }
    let mut sides = repo::sides(db.pool(), &conversation_id).await?;
    let ours_at = sides
        .iter()
        .position(|s| s.org_id == org_id)
        .ok_or_else(AppError::not_found)?;
    let ours = sides.remove(ours_at);
    let theirs = sides.pop().ok_or_else(AppError::not_found)?;
    let members = repo::members(db.pool(), &org_id).await?;
    let block = repo::safety::block_between(db.pool(), &org_id, &theirs.org_id).await?;
    let reported_at = repo::safety::open_report_at(db.pool(), &conversation_id, &org_id).await?;
    let role = crate::organizations::repo::role_of(db.pool(), &org_id, &who.user.id).await?;
    Ok(Thread {
        id: conversation_id,
        subject,
        ours,
        theirs,
        messages,
        earlier,
        last_seq,
        members,
        block,
        reported_at,
        can_block: role == Some(Role::Admin),
    })
}

/// The messages after `after`: what a reader who saw message `after` missed.
#[server(prefix = "/api", endpoint = "messages_since")]
pub async fn messages_since(conversation_id: String, after: i64) -> Result<Vec<Message>, AppError> {
    require_side(&conversation_id).await?;
    Ok(repo::messages_after(app_state()?.db.pool(), &conversation_id, after, 500).await?)
}

/// Marks a conversation read up to `seq` for the asker and their organization.
#[server(prefix = "/api", endpoint = "mark_conversation_read")]
pub async fn mark_conversation_read(conversation_id: String, seq: i64) -> Result<(), AppError> {
    let (who, org_id) = require_side(&conversation_id).await?;
    let db = &app_state()?.db;
    let last = repo::last_seq(db.pool(), &conversation_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    read_up_to(&conversation_id, &org_id, &who.user.id, seq.clamp(0, last)).await
}

/// `org_id`'s conversations, latest activity first (members only); `q` searches the other
/// organization's name, the subject and the messages.
#[server(prefix = "/api", endpoint = "list_conversations")]
pub async fn list_conversations(
    org_id: String,
    #[server(default)] q: String,
    #[server(default)] page: u32,
) -> Result<InboxPage, AppError> {
    let (who, _) = access::require_member(&org_id).await?;
    let q = crate::shared::text::collapse_spaces(&q);
    if q.chars().count() > 200 {
        return Err(AppError::validation("q", Msg::ErrorQueryTooLong));
    }
    let page = page.clamp(1, 1_000);
    let (items, total) = repo::list_for_org(
        app_state()?.db.pool(),
        &org_id,
        &who.user.id,
        (!q.is_empty()).then_some(q.as_str()),
        LIST_PAGE,
        (i64::from(page) - 1) * LIST_PAGE,
    )
    .await?;
    Ok(InboxPage {
        items,
        page,
        pages: u32::try_from(((total + LIST_PAGE - 1) / LIST_PAGE).max(1)).unwrap_or(u32::MAX),
    })
}

/// Gives the conversation to one of our members to handle (`None`: nobody).
#[server(prefix = "/api", endpoint = "assign_conversation")]
pub async fn assign_conversation(
    conversation_id: String,
    #[server(default)] assignee: Option<String>,
) -> Result<(), AppError> {
    let (_, org_id) = require_side(&conversation_id).await?;
    let db = &app_state()?.db;
    let assignee = assignee.filter(|a| !a.is_empty());
    if let Some(user) = assignee.as_deref()
        && crate::organizations::repo::role_of(db.pool(), &org_id, user)
            .await?
            .is_none()
    {
        return Err(AppError::validation(
            "assignee",
            Msg::ErrorAssigneeNotMember,
        ));
    }
    repo::assign(db.pool(), &conversation_id, &org_id, assignee.as_deref()).await?;
    Ok(())
}

/// Deletes the asker's own message: its text goes, its place stays (« Message supprimé »).
#[server(prefix = "/api", endpoint = "delete_message")]
pub async fn delete_message(message_id: String) -> Result<(), AppError> {
    let who = auth::require_user().await?;
    let db = &app_state()?.db;
    let (conversation_id, author, _) = repo::message_author(db.pool(), &message_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    // Outsiders learn nothing; members of the conversation may delete only their own.
    require_side(&conversation_id).await?;
    if author.as_deref() != Some(who.user.id.as_str()) {
        return Err(AppError::forbidden());
    }
    let state = app_state()?;
    let mut tx = state.db.begin_write().await?;
    repo::delete_message(&mut *tx, &message_id, now_ms()).await?;
    let seq = repo::message_seq(&mut *tx, &message_id)
        .await?
        .unwrap_or_default();
    let event = message_event(&mut tx, &conversation_id, seq).await?;
    state.live.commit(tx, vec![event]).await?;
    Ok(())
}

/// Blocks the other organization of a conversation from writing to ours (`blocked`), or lifts
/// our block. Our admins only.
#[server(prefix = "/api", endpoint = "set_block")]
pub async fn set_block(conversation_id: String, blocked: bool) -> Result<(), AppError> {
    let (who, org_id) = require_side(&conversation_id).await?;
    let state = app_state()?;
    let role = crate::organizations::repo::role_of(state.db.pool(), &org_id, &who.user.id).await?;
    if role != Some(Role::Admin) {
        return Err(AppError::forbidden());
    }
    let orgs = repo::conversation_orgs(state.db.pool(), &conversation_id).await?;
    let theirs = orgs
        .into_iter()
        .find(|o| *o != org_id)
        .ok_or_else(AppError::not_found)?;
    let mut tx = state.db.begin_write().await?;
    if blocked {
        repo::safety::block(&mut *tx, &org_id, &theirs, &who.user.id, now_ms()).await?;
    } else {
        repo::safety::unblock(&mut *tx, &org_id, &theirs).await?;
    }
    // Both sides' open threads read the conversation again.
    let last = repo::last_seq(&mut *tx, &conversation_id)
        .await?
        .unwrap_or_default();
    let event = message_event(&mut tx, &conversation_id, last).await?;
    state.live.commit(tx, vec![event]).await?;
    Ok(())
}

/// Reports a conversation to the platform's admins, with a reason. Any member of either side;
/// a second report while ours is open changes nothing.
#[server(prefix = "/api", endpoint = "report_conversation")]
pub async fn report_conversation(conversation_id: String, reason: String) -> Result<(), AppError> {
    let (who, org_id) = require_side(&conversation_id).await?;
    let reason = parse_reason(&reason).map_err(|m| AppError::validation("reason", m))?;
    let db = &app_state()?.db;
    repo::safety::report(
        db.pool(),
        &new_id(),
        &conversation_id,
        &org_id,
        &who.user.id,
        &reason,
        now_ms(),
    )
    .await?;
    Ok(())
}
