//! The outbox as pages show it.

use serde::{Deserialize, Serialize};

/// An email the app sent or queued.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutboxEmail {
    pub id: String,
    pub to: String,
    pub subject: String,
    pub body: String,
    /// "smtp" or "outbox".
    pub transport: String,
    pub created_at: crate::time::Instant,
    pub sent_at: Option<crate::time::Instant>,
    pub error: Option<String>,
}
