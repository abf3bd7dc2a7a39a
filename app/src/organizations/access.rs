//! Who may act for an organization: every server function that reads or changes an
//! organization's data asks here first.

use super::types::Role;
use crate::{
    accounts::auth::{SessionUser, require_user},
    error::AppError,
    state::app_state,
};

/// The signed-in person and their role in `org_id`; `Forbidden` when not a member.
pub async fn require_member(org_id: &str) -> Result<(SessionUser, Role), AppError> {
    let who = require_user().await?;
    let state = app_state()?;
    let role = super::repo::role_of(state.db.pool(), org_id, &who.user.id).await?;
    match role {
        Some(role) => Ok((who, role)),
        None => Err(AppError::forbidden()),
    }
}

/// The signed-in person, who must be an admin of `org_id`.
pub async fn require_admin(org_id: &str) -> Result<SessionUser, AppError> {
    match require_member(org_id).await? {
        (who, Role::Admin) => Ok(who),
        _ => Err(AppError::forbidden()),
    }
}
