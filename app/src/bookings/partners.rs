//! Partner organizations: a resource kept for partners (« Qui peut réserver : partenaires »)
//! may be booked by the organizations its owner lists here, and by nobody else.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::repo::partners as repo,
    crate::{
        catalogue::resources::{api::require_resource_admin, repo as resources},
        i18n::Msg,
        organizations::access,
        shared::text::bounded_text,
        state::app_state,
    },
};

/// A resource's partners, and the names an admin may pick from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Partners {
    /// (id, name), by name.
    pub partners: Vec<(String, String)>,
    /// Other organizations' names (for the admins' picker; empty for members).
    pub choices: Vec<String>,
}

/// A resource's partners (its owner's members).
#[server(prefix = "/api", endpoint = "list_partners")]
pub async fn list_partners(resource_id: String) -> Result<Partners, AppError> {
    let state = app_state()?;
    let Some(owner) = resources::resource_owner(state.db.pool(), &resource_id).await? else {
        crate::accounts::auth::require_user().await?;
        return Err(AppError::not_found());
    };
    let (_, role) = access::require_member(&owner).await?;
    let partners = repo::partners_of(state.db.pool(), &resource_id).await?;
    let choices = if role == crate::organizations::types::Role::Admin {
        repo::organization_names(state.db.pool(), &owner, 2000)
            .await?
            .into_iter()
            .map(|(_, name)| name)
            .collect()
    } else {
        Vec::new()
    };
    Ok(Partners { partners, choices })
}

/// Adds the organization named `name` to a resource's partners (its owner's admins).
#[server(prefix = "/api", endpoint = "add_partner")]
pub async fn add_partner(resource_id: String, name: String) -> Result<(), AppError> {
    let owner = require_resource_admin(&resource_id).await?;
    let name = bounded_text(&name, 200, Msg::ErrorTextTooLong)
        .map_err(|m| AppError::validation("name", m))?;
    if name.is_empty() {
        return Err(AppError::validation("name", Msg::ErrorOrgNameRequired));
    }
    let state = app_state()?;
    let found = repo::organizations_named(state.db.pool(), &name).await?;
    let org = match found.as_slice() {
        [one] => one,
        [] => return Err(AppError::validation("name", Msg::ErrorPartnerUnknown)),
        _ => return Err(AppError::validation("name", Msg::ErrorPartnerAmbiguous)),
    };
    if *org == owner {
        return Err(AppError::validation("name", Msg::ErrorPartnerSelf));
    }
    repo::add_partner(state.db.pool(), &resource_id, org).await?;
    Ok(())
}

/// Removes a partner (the owner's admins).
#[server(prefix = "/api", endpoint = "remove_partner")]
pub async fn remove_partner(resource_id: String, org_id: String) -> Result<(), AppError> {
    require_resource_admin(&resource_id).await?;
    if !repo::remove_partner(app_state()?.db.pool(), &resource_id, &org_id).await? {
        return Err(AppError::not_found());
    }
    Ok(())
}
