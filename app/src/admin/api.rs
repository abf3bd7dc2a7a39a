//! Platform administration: verify organizations, read the email outbox.

use leptos::prelude::*;

use super::types::Outbox;
use crate::{error::AppError, organizations::types::Organization};

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
