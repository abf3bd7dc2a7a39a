//! Platform administration: verify organizations, handle reported conversations, read the
//! email outbox.

use leptos::prelude::*;

use super::types::Outbox;
use crate::{error::AppError, inbox::types::Report, organizations::types::Organization};

#[cfg(feature = "ssr")]
use crate::{accounts::auth, db::now_ms, state::app_state};

/// Every organization, for verification (platform admins only).
#[server(prefix = "/api", endpoint = "admin_list_organizations")]
pub async fn admin_list_organizations() -> Result<Vec<Organization>, AppError> {
    auth::require_platform_admin().await?;
    Ok(crate::organizations::repo::list_organizations(app_state()?.db.pool()).await?)
}

/// Marks an organization verified, or not (platform admins only).
#[server(prefix = "/api", endpoint = "set_organization_verified")]
pub async fn set_organization_verified(org_id: String, verified: bool) -> Result<(), AppError> {
    auth::require_platform_admin().await?;
    let at = verified.then(now_ms);
    if crate::organizations::repo::set_verified(app_state()?.db.pool(), &org_id, at).await? {
        Ok(())
    } else {
        Err(AppError::not_found())
    }
}

/// The latest 200 emails (platform admins only).
#[server(prefix = "/api", endpoint = "admin_list_outbox")]
pub async fn admin_list_outbox() -> Result<Outbox, AppError> {
    auth::require_platform_admin().await?;
    let state = app_state()?;
    Ok(Outbox {
        demo: matches!(state.mailer, crate::mail::Mailer::Outbox),
        emails: crate::mail::repo::list_outbox(state.db.pool(), 200).await?,
    })
}

/// Conversations reported and not handled yet, the longest waiting first, each with its last
/// messages (platform admins only: the only people outside the two organizations who read
/// them, and only once reported).
#[server(prefix = "/api", endpoint = "admin_list_reports")]
pub async fn admin_list_reports() -> Result<Vec<Report>, AppError> {
    auth::require_platform_admin().await?;
    Ok(crate::inbox::repo::safety::open_reports(app_state()?.db.pool(), 50, 20).await?)
}

/// Marks a report handled (platform admins only).
#[server(prefix = "/api", endpoint = "resolve_report")]
pub async fn resolve_report(id: String) -> Result<(), AppError> {
    let who = auth::require_platform_admin().await?;
    let db = app_state()?.db;
    if crate::inbox::repo::safety::resolve_report(db.pool(), &id, &who.user.id, now_ms()).await? {
        Ok(())
    } else {
        Err(AppError::not_found())
    }
}
