//! What platform admins see.

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
    pub created_at: i64,
    pub sent_at: Option<i64>,
    pub error: Option<String>,
}
