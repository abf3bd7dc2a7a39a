//! The inbox as the browser sees it: conversations, their messages and each side's state.

use serde::{Deserialize, Serialize};

use crate::time::Instant;

/// What a conversation is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    Resource,
    Need,
    Booking,
}

impl SubjectKind {
    pub const ALL: [SubjectKind; 3] = [
        SubjectKind::Resource,
        SubjectKind::Need,
        SubjectKind::Booking,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SubjectKind::Resource => "resource",
            SubjectKind::Need => "need",
            SubjectKind::Booking => "booking",
        }
    }

    pub fn parse(code: &str) -> Option<SubjectKind> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// The subject of a conversation as its card shows it: the current title, where it leads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Subject {
    pub kind: SubjectKind,
    pub id: String,
    /// The resource's or the need's title; for a booking, its resource's. Empty when the
    /// subject is gone.
    pub title: String,
    /// For a booking: when it starts and ends.
    pub window: Option<(Instant, Instant)>,
}

/// A message's author: a member writing for an organization, or the platform.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    Text,
    System,
}

impl MessageKind {
    pub fn code(self) -> &'static str {
        match self {
            MessageKind::Text => "text",
            MessageKind::System => "system",
        }
    }

    pub fn parse(code: &str) -> Option<MessageKind> {
        match code {
            "text" => Some(MessageKind::Text),
            "system" => Some(MessageKind::System),
            _ => None,
        }
    }
}

/// A booking event told in its thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SystemEvent {
    Requested,
    Approved,
    Declined,
    Moved,
    Cancelled,
}

impl SystemEvent {
    pub const ALL: [SystemEvent; 5] = [
        SystemEvent::Requested,
        SystemEvent::Approved,
        SystemEvent::Declined,
        SystemEvent::Moved,
        SystemEvent::Cancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SystemEvent::Requested => "requested",
            SystemEvent::Approved => "approved",
            SystemEvent::Declined => "declined",
            SystemEvent::Moved => "moved",
            SystemEvent::Cancelled => "cancelled",
        }
    }

    pub fn parse(code: &str) -> Option<SystemEvent> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// One message of a thread.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub id: String,
    /// Its place in the conversation: 1, 2, 3… with no gap.
    pub seq: i64,
    pub kind: MessageKind,
    /// The organization that wrote it (none for the platform's).
    pub org_id: Option<String>,
    /// The member who wrote it, while their account exists.
    pub author: Option<String>,
    pub author_id: Option<String>,
    /// Empty once deleted.
    pub body: String,
    /// For a platform message: the event, and its details (a reason, the old and new times).
    pub event: Option<SystemEvent>,
    pub detail: Option<String>,
    pub window: Option<(Instant, Instant)>,
    /// A move's old time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<(Instant, Instant)>,
    pub created_at: Instant,
    pub deleted: bool,
    /// The file it carries, if any (gone with a deleted message).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment: Option<Attachment>,
}

/// What kind of file a message carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttachmentKind {
    /// An image, kept as a large copy and a thumbnail.
    Image,
    /// A PDF, kept as sent and served as a download.
    Pdf,
}

impl AttachmentKind {
    pub fn code(self) -> &'static str {
        match self {
            AttachmentKind::Image => "image",
            AttachmentKind::Pdf => "pdf",
        }
    }

    pub fn parse(code: &str) -> Option<AttachmentKind> {
        match code {
            "image" => Some(AttachmentKind::Image),
            "pdf" => Some(AttachmentKind::Pdf),
            _ => None,
        }
    }
}

/// A file a message carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub id: String,
    pub kind: AttachmentKind,
    /// The name it was sent with, cleaned.
    pub name: String,
    /// Its size as kept, in bytes.
    pub size: i64,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// Which copy of an attachment a link asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttachmentCopy {
    /// An image's large copy, or the PDF.
    Whole,
    /// An image's thumbnail.
    Thumb,
}

impl Attachment {
    /// Where the browser fetches it (members of the conversation only).
    pub fn url(&self, copy: AttachmentCopy) -> String {
        format!(
            "/pieces-jointes/{}",
            attachment_file(&self.id, self.kind, copy)
        )
    }
}

/// The name of an attachment's copy, in the file store and in its address.
pub fn attachment_file(id: &str, kind: AttachmentKind, copy: AttachmentCopy) -> String {
    match (kind, copy) {
        (AttachmentKind::Pdf, _) => format!("pj-{id}.pdf"),
        (AttachmentKind::Image, AttachmentCopy::Whole) => format!("pj-{id}-grande.jpg"),
        (AttachmentKind::Image, AttachmentCopy::Thumb) => format!("pj-{id}-vignette.jpg"),
    }
}

/// The attachment id and copy a file name names; `None` for anything else (never a path).
pub fn parse_attachment_file(name: &str) -> Option<(String, AttachmentKind, AttachmentCopy)> {
    let rest = name.strip_prefix("pj-")?;
    let (id, kind, copy) = if let Some(id) = rest.strip_suffix(".pdf") {
        (id, AttachmentKind::Pdf, AttachmentCopy::Whole)
    } else if let Some(id) = rest.strip_suffix("-grande.jpg") {
        (id, AttachmentKind::Image, AttachmentCopy::Whole)
    } else if let Some(id) = rest.strip_suffix("-vignette.jpg") {
        (id, AttachmentKind::Image, AttachmentCopy::Thumb)
    } else {
        return None;
    };
    let uuid = id.len() == 36
        && id
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, 'a'..='f' | '-'));
    uuid.then(|| (id.to_owned(), kind, copy))
}

/// A conversation in the list of one organization.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConversationSummary {
    pub id: String,
    pub subject: Subject,
    /// The organization on the other side.
    pub other_org_id: String,
    pub other_org_name: String,
    /// The last message's text (or event), to show a line of it.
    pub last: Option<Message>,
    pub last_message_at: Instant,
    /// Messages the reader has not read.
    pub unread: i64,
}

/// One side of a conversation: its organization, who handles it, how far it read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Side {
    pub org_id: String,
    pub org_name: String,
    pub assignee_id: Option<String>,
    pub assignee_name: Option<String>,
    pub read_seq: i64,
    pub read_at: Option<Instant>,
}

/// A member who may be assigned a conversation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub user_id: String,
    pub name: String,
}

/// A conversation as its thread shows it, for a member of one side.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Thread {
    pub id: String,
    pub subject: Subject,
    /// The reader's side first.
    pub ours: Side,
    pub theirs: Side,
    pub messages: Vec<Message>,
    /// Whether older messages than the first one here exist.
    pub earlier: bool,
    pub last_seq: i64,
    /// Who of our organization may be assigned it.
    pub members: Vec<Member>,
    /// A block between the two organizations: nobody writes while it stands.
    pub block: Option<Block>,
    /// When our organization reported the conversation, while the report is open.
    pub reported_at: Option<Instant>,
    /// Whether the reader may block the other organization (our admins).
    pub can_block: bool,
}

/// Who blocked whom, as a thread tells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Block {
    /// Our organization blocked the other: it may lift it.
    ByUs,
    /// The other organization blocked ours.
    ByThem,
}

/// A conversation reported to the platform's admins, as `/admin` shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub id: String,
    pub conversation_id: String,
    pub reporter_org: String,
    pub reporter_name: String,
    pub other_org: String,
    pub reason: String,
    pub created_at: Instant,
    pub subject: Option<Subject>,
    /// The conversation's last messages, oldest first.
    pub messages: Vec<Message>,
}

/// An organization's conversations, newest activity first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InboxPage {
    pub items: Vec<ConversationSummary>,
    pub page: u32,
    pub pages: u32,
}

/// What the page that starts a conversation shows: its subject, who it goes to, and the
/// conversation that already exists between the two about it, if any.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub subject: Subject,
    pub other_org_name: String,
    pub existing: Option<String>,
}
