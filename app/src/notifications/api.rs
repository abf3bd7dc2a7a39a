//! Server functions for notifications. Each checks that the notification is for the asker or
//! for an organization the asker belongs to.

use leptos::prelude::*;

use super::types::Notification;
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
