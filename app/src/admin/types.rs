//! What platform admins see.

use serde::{Deserialize, Serialize};

pub use crate::mail::types::OutboxEmail;

/// The outbox as a platform admin reads it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outbox {
    /// No SMTP relay: the outbox is where emails stay, live links included.
    pub demo: bool,
    pub emails: Vec<OutboxEmail>,
}
