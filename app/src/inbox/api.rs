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

/// Checks, first thing in a send's transaction, that `user_id` may write in the conversation
/// for `org_id` now (their send limit, no block either way); answers the other organization.
#[cfg(feature = "ssr")]
async fn may_send(
    tx: &mut crate::db::Tx,
    conversation_id: &str,
    org_id: &str,
    user_id: &str,
    now: i64,
) -> Result<String, AppError> {
    limit_sends(tx, user_id, now).await?;
    let theirs = repo::conversation_orgs(&mut **tx, conversation_id)
        .await?
        .into_iter()
        .find(|o| o != org_id)
        .ok_or_else(AppError::not_found)?;
    require_no_block(tx, org_id, &theirs).await?;
    Ok(theirs)
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
    sides: (&str, &str),
    user_id: &str,
    body: &str,
    now: i64,
) -> Result<i64, AppError> {
    send_as(tx, conversation_id, sides, user_id, (&new_id(), body), now).await
}

/// [`send_in`] with the message's id chosen by the caller (an attachment names it).
#[cfg(feature = "ssr")]
async fn send_as(
    tx: &mut crate::db::Tx,
    conversation_id: &str,
    (org_id, theirs): (&str, &str),
    user_id: &str,
    (message_id, body): (&str, &str),
    now: i64,
) -> Result<i64, AppError> {
    let seq = repo::append(
        tx,
        conversation_id,
        &NewMessage {
            id: message_id,
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
    let theirs = may_send(&mut tx, &conversation_id, &org_id, &who.user.id, now).await?;
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

/// Where the attachment upload answers (`send_attachment`): the browser posts its form there
/// itself, with a progress bar.
pub const ATTACH_PATH: &str = "/api/send_attachment";

/// A sent file's name as people will see it: its last path part, without control characters,
/// at most 120 characters, ending in the extension of what it really is.
#[cfg(feature = "ssr")]
pub fn clean_file_name(sent: &str, kind: super::types::AttachmentKind) -> String {
    use super::types::AttachmentKind;
    let extension = match kind {
        AttachmentKind::Image => "jpg",
        AttachmentKind::Pdf => "pdf",
    };
    let last = sent.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>'))
        .collect();
    let stem = clean
        .rsplit_once('.')
        .map_or(clean.as_str(), |(stem, _)| stem)
        .trim()
        .trim_start_matches('.');
    let stem: String = stem.chars().take(110).collect();
    let stem = if stem.is_empty() {
        match kind {
            AttachmentKind::Image => "image",
            AttachmentKind::Pdf => "document",
        }
    } else {
        stem.as_str()
    };
    format!("{stem}.{extension}")
}

/// Sends a message carrying a file (fields `conversation_id`, an optional `body`, then
/// `file`): an image (JPEG, PNG or WebP, re-encoded like a resource's photo) or a PDF, at most
/// 10 MB, recognised by its bytes, never by its name or declared type. Server only: the
/// browser posts the form itself to [`ATTACH_PATH`] (for its progress), and a page without
/// code posts it as a plain form. Returns the message's number.
#[cfg(feature = "ssr")]
#[server(prefix = "/api", endpoint = "send_attachment", input = server_fn::codec::MultipartFormData)]
pub async fn send_attachment(data: server_fn::codec::MultipartData) -> Result<i64, AppError> {
    use super::types::{AttachmentCopy, AttachmentKind, attachment_file};
    use crate::{files::Upload, shared::images::MAX_UPLOAD_BYTES};
    // Read whole before answering, even a refusal (see `upload_photo`).
    let mut form = data.into_inner().ok_or_else(AppError::internal)?;
    let (mut conversation_id, mut body, mut file, mut sent_name) = (None, None, None, None);
    let mut too_large = false;
    let broken = |problem| match problem {
        Upload::Broken => AppError::validation("file", Msg::ErrorAttachmentBroken),
        Upload::TooLarge => AppError::validation("file", Msg::ErrorAttachmentTooLarge),
    };
    while let Some(mut field) = form
        .next_field()
        .await
        .map_err(|_| AppError::validation("file", Msg::ErrorAttachmentBroken))?
    {
        match field.name() {
            Some("conversation_id") => {
                conversation_id = crate::files::read_capped(&mut field, 64)
                    .await
                    .map_err(broken)?
            }
            Some("body") => {
                body = crate::files::read_capped(&mut field, 4 * MAX_MESSAGE_CHARS)
                    .await
                    .map_err(broken)?
            }
            Some("file") => {
                sent_name = field.file_name().map(str::to_owned);
                match crate::files::read_capped(&mut field, MAX_UPLOAD_BYTES)
                    .await
                    .map_err(broken)?
                {
                    Some(bytes) => file = Some(bytes),
                    None => too_large = true,
                }
            }
            _ => {
                crate::files::read_capped(&mut field, 0)
                    .await
                    .map_err(broken)?;
            }
        }
    }
    let conversation_id = conversation_id
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(AppError::not_found)?;
    let (who, org_id) = require_side(&conversation_id).await?;
    let body = body
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_default();
    let body = if body.trim().is_empty() {
        String::new()
    } else {
        parse_body(&body).map_err(|m| AppError::validation("body", m))?
    };
    if too_large {
        return Err(AppError::validation("file", Msg::ErrorAttachmentTooLarge));
    }
    let file = file
        .filter(|f| !f.is_empty())
        .ok_or_else(|| AppError::validation("file", Msg::ErrorAttachmentRequired))?;
    let state = app_state()?;
    let id = new_id();
    // What it is, from its bytes: a PDF's signature, else an image the decoder accepts.
    let (kind, size, width, height) = if file.starts_with(b"%PDF-") {
        let name = attachment_file(&id, AttachmentKind::Pdf, AttachmentCopy::Whole);
        store(&state.files, &name, &file).await?;
        (AttachmentKind::Pdf, file.len(), None, None)
    } else {
        let slot = state
            .decode_slots
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| AppError::internal())?;
        let processed = tokio::task::spawn_blocking(move || {
            let _slot = slot;
            crate::files::image::process(&file)
        })
        .await
        .map_err(|_| AppError::internal())?
        .map_err(|msg| match msg {
            Msg::ErrorInternal => AppError::internal(),
            Msg::PhotoNotImage => AppError::validation("file", Msg::ErrorAttachmentNotAccepted),
            msg => AppError::validation("file", msg),
        })?;
        for (copy, bytes) in [
            (AttachmentCopy::Thumb, &processed.thumb),
            (AttachmentCopy::Whole, &processed.large),
        ] {
            store(
                &state.files,
                &attachment_file(&id, AttachmentKind::Image, copy),
                bytes,
            )
            .await?;
        }
        (
            AttachmentKind::Image,
            processed.large.len(),
            Some(i64::from(processed.width)),
            Some(i64::from(processed.height)),
        )
    };
    let name = clean_file_name(sent_name.as_deref().unwrap_or_default(), kind);
    let written = async {
        let now = now_ms();
        let mut tx = state.db.begin_write().await?;
        let theirs = may_send(&mut tx, &conversation_id, &org_id, &who.user.id, now).await?;
        let message_id = new_id();
        let seq = send_as(
            &mut tx,
            &conversation_id,
            (&org_id, &theirs),
            &who.user.id,
            (&message_id, &body),
            now,
        )
        .await?;
        repo::insert_attachment(
            &mut *tx,
            &repo::NewAttachment {
                id: &id,
                message_id: &message_id,
                conversation_id: &conversation_id,
                kind,
                name: &name,
                size: i64::try_from(size).unwrap_or(i64::MAX),
                width,
                height,
                now,
            },
        )
        .await?;
        let event = message_event(&mut tx, &conversation_id, seq).await?;
        state.live.commit(tx, vec![event]).await?;
        Ok::<_, AppError>(seq)
    }
    .await;
    if written.is_err() {
        remove_files(&state.files, &id, kind).await;
    }
    written
}

/// Writes an attachment's copy; a failure is logged and answered as ours.
#[cfg(feature = "ssr")]
async fn store(files: &crate::files::FileStore, name: &str, bytes: &[u8]) -> Result<(), AppError> {
    files.put(name, bytes).await.map_err(|err| {
        tracing::error!(error = %err, "attachment: could not store a file");
        AppError::internal()
    })
}

/// Deletes an attachment's copies (logged, never shown: the row is what counts).
#[cfg(feature = "ssr")]
async fn remove_files(
    files: &crate::files::FileStore,
    id: &str,
    kind: super::types::AttachmentKind,
) {
    use super::types::{AttachmentCopy, attachment_file};
    for copy in [AttachmentCopy::Whole, AttachmentCopy::Thumb] {
        if let Err(err) = files.delete(&attachment_file(id, kind, copy)).await {
            tracing::warn!(error = %err, attachment = id, "attachment: could not delete a file");
        }
    }
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
    // Its file goes with its text.
    let attachment = repo::attachment_of_message(&mut *tx, &message_id).await?;
    if let Some((id, _)) = &attachment {
        repo::delete_attachment(&mut *tx, id).await?;
    }
    let seq = repo::message_seq(&mut *tx, &message_id)
        .await?
        .unwrap_or_default();
    let event = message_event(&mut tx, &conversation_id, seq).await?;
    state.live.commit(tx, vec![event]).await?;
    if let Some((id, kind)) = attachment
        && let Some(kind) = super::types::AttachmentKind::parse(&kind)
    {
        remove_files(&state.files, &id, kind).await;
    }
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
