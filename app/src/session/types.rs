//! The session as the browser sees it.

use serde::{Deserialize, Serialize};

use crate::organizations::types::MembershipSummary;

/// Who is signed in, as the browser sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: String,
    pub name: String,
    pub email: String,
    pub email_verified: bool,
    pub is_platform_admin: bool,
    pub memberships: Vec<MembershipSummary>,
    /// The organization this person currently acts for.
    pub active_org_id: Option<String>,
    /// Unread notices of the active organization (new matches), for the header.
    #[serde(default)]
    pub unread_notifications: u32,
    /// Conversations of the active organization with messages this person has not read.
    #[serde(default)]
    pub unread_conversations: u32,
}

impl CurrentUser {
    pub fn active_membership(&self) -> Option<&MembershipSummary> {
        let id = self.active_org_id.as_deref()?;
        self.memberships.iter().find(|m| m.org_id == id)
    }
}
