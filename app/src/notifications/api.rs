//! Server functions for notifications. Each checks that the notification is for the asker or
//! for an organization the asker belongs to.

use leptos::prelude::*;

use super::types::{EmailFrequency, Notification};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::repo,
    crate::{accounts::auth, db::now_ms, organizations::access, state::app_state},
};

/// The newest notifications of `org_id` and of the asker (members only). Listing them does
/// not mark them read.
#[server(prefix = "/api", endpoint = "list_notifications")]
pub async fn list_notifications(org_id: String) -> Result<Vec<Notification>, AppError> {
    let (who, _) = access::require_member(&org_id).await?;
    Ok(repo::list_for(app_state()?.db.pool(), &org_id, &who.user.id, 50).await?)
}

/// Marks one notification read, when its reader opens it.
#[server(prefix = "/api", endpoint = "mark_notification_read")]
pub async fn mark_notification_read(id: String) -> Result<(), AppError> {
    let who = auth::require_user().await?;
    let db = app_state()?.db;
    let Some((org_id, user_id)) = repo::recipients(db.pool(), &id).await? else {
        return Err(AppError::not_found());
    };
    let mine = user_id.as_deref() == Some(who.user.id.as_str());
    if !mine {
        // Another person's notification, or an organization's the asker is not part of,
        // answers as if it did not exist.
        let Some(org_id) = org_id else {
            return Err(AppError::not_found());
        };
        let role = crate::organizations::repo::role_of(db.pool(), &org_id, &who.user.id).await?;
        if role.is_none() {
            return Err(AppError::not_found());
        }
    }
    repo::mark_read(db.pool(), &id, now_ms()).await?;
    Ok(())
}

/// Marks every notification of `org_id` and of the asker read (members only).
#[server(prefix = "/api", endpoint = "mark_all_notifications_read")]
pub async fn mark_all_notifications_read(org_id: String) -> Result<(), AppError> {
    let (who, _) = access::require_member(&org_id).await?;
    repo::mark_all_read(app_state()?.db.pool(), &org_id, &who.user.id, now_ms()).await?;
    Ok(())
}

/// How the asker wants email to tell them of notifications.
#[server(prefix = "/api", endpoint = "get_email_frequency")]
pub async fn get_email_frequency() -> Result<EmailFrequency, AppError> {
    let who = auth::require_user().await?;
    Ok(repo::frequency(app_state()?.db.pool(), &who.user.id).await?)
}

/// Sets how the asker wants email: each event, a daily digest, or none.
#[server(prefix = "/api", endpoint = "set_email_frequency")]
pub async fn set_email_frequency(frequency: EmailFrequency) -> Result<(), AppError> {
    let who = auth::require_user().await?;
    repo::set_frequency(app_state()?.db.pool(), &who.user.id, frequency, now_ms()).await?;
    Ok(())
}

/// Stops notification emails for the person a signed link names (the link at the foot of
/// every such email), without signing in. A link that does not verify changes nothing.
#[server(prefix = "/api", endpoint = "unsubscribe")]
pub async fn unsubscribe(user: String, signature: String) -> Result<(), AppError> {
    let state = app_state()?;
    let key = crate::mail::unsubscribe::key(&mut *state.db.pool().acquire().await?).await?;
    if !crate::mail::unsubscribe::verify(&key, &user, &signature) {
        return Err(AppError::validation(
            "signature",
            crate::i18n::Msg::ErrorUnsubscribeLink,
        ));
    }
    repo::set_frequency(state.db.pool(), &user, EmailFrequency::Off, now_ms()).await?;
    Ok(())
}
