//! Who is signed in and for which organization they act: the session every page starts with,
//! and the server functions that start one and answer with it.

use leptos::prelude::*;

use super::types::CurrentUser;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    accounts::{self, auth},
    state::app_state,
};

/// Who is signed in (`None` for a visitor). Public: the shell calls it on every page.
#[server(prefix = "/api", endpoint = "get_session")]
pub async fn get_session() -> Result<Option<CurrentUser>, AppError> {
    let Some(who) = auth::current_user().await? else {
        return Ok(None);
    };
    Ok(Some(load_current_user(&who).await?))
}

#[cfg(feature = "ssr")]
pub async fn load_current_user(who: &auth::SessionUser) -> Result<CurrentUser, AppError> {
    let state = app_state()?;
    let memberships =
        crate::organizations::repo::memberships_of(state.db.pool(), &who.user.id).await?;
    // The active organization must still be one of theirs; otherwise fall back to the first.
    let active_org_id = who
        .active_org_id
        .clone()
        .filter(|id| memberships.iter().any(|m| &m.org_id == id))
        .or_else(|| memberships.first().map(|m| m.org_id.clone()));
    let unread_notifications = crate::notifications::repo::unread_count(
        state.db.pool(),
        active_org_id.as_deref(),
        &who.user.id,
    )
    .await?;
    let unread_conversations = match active_org_id.as_deref() {
        Some(org_id) => {
            crate::inbox::repo::unread_conversations(state.db.pool(), org_id, &who.user.id).await?
        }
        None => 0,
    };
    Ok(CurrentUser {
        id: who.user.id.clone(),
        name: who.user.name.clone(),
        email: who.user.email.clone(),
        email_verified: who.user.email_verified_at.is_some(),
        is_platform_admin: who.is_platform_admin(),
        memberships,
        active_org_id,
        unread_notifications: u32::try_from(unread_notifications).unwrap_or(u32::MAX),
        unread_conversations: u32::try_from(unread_conversations).unwrap_or(u32::MAX),
    })
}

/// Signs in with email and password (limits in `accounts::api::sign_in_with_password`) and
/// answers with the new session.
#[server(prefix = "/api", endpoint = "sign_in")]
pub async fn sign_in(email: String, password: String) -> Result<CurrentUser, AppError> {
    let who = accounts::api::sign_in_with_password(email, password).await?;
    load_current_user(&who).await
}

/// Confirms an email address with the link's token, signs its owner in on this browser and
/// answers with the new session.
#[server(prefix = "/api", endpoint = "verify_email")]
pub async fn verify_email(token: String) -> Result<CurrentUser, AppError> {
    let who = accounts::api::confirm_email_and_sign_in(token).await?;
    load_current_user(&who).await
}
