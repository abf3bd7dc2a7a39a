//! Server functions spanning the catalogue's domains (an organization's own catalogue page),
//! and the checks they share. Reading the catalogue needs no account; changing a resource takes
//! an admin of its organization; posting a need takes a member. Drafts, paused and archived
//! resources, addresses and access notes stay within the owner organization.

use leptos::prelude::*;

use super::types::OrgCatalogue;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::{
        matching::{self, types::NeedMatch},
        needs::repo as needs,
        resources::{repo as resources, types::Category},
    },
    crate::{
        accounts::auth,
        i18n::Msg,
        organizations::{access, types::Role},
        state::app_state,
    },
};

#[cfg(feature = "ssr")]
pub(crate) fn validation(err: (&'static str, Msg)) -> AppError {
    AppError::validation(err.0, err.1)
}

/// The name of `org_id`, which search text includes.
#[cfg(feature = "ssr")]
pub(crate) async fn org_name(org_id: &str) -> Result<String, AppError> {
    crate::organizations::repo::find_organization(app_state()?.db.pool(), org_id)
        .await?
        .map(|o| o.name)
        .ok_or_else(AppError::not_found)
}

#[cfg(feature = "ssr")]
pub(crate) fn pages(total: u32) -> u32 {
    use super::resources::query::{MAX_PAGE, PAGE_SIZE};
    total.div_ceil(PAGE_SIZE).clamp(1, MAX_PAGE)
}

/// The region of the organization the reader acts for, to sort by distance from it.
#[cfg(feature = "ssr")]
pub(crate) async fn reader_region() -> Result<Option<crate::shared::Region>, AppError> {
    let Some(who) = auth::current_user().await? else {
        return Ok(None);
    };
    let Some(org_id) = who.active_org_id else {
        return Ok(None);
    };
    let org =
        crate::organizations::repo::find_organization(app_state()?.db.pool(), &org_id).await?;
    Ok(org.map(|o| o.region))
}

/// The role the signed-in reader (if any) holds in `org_id`.
#[cfg(feature = "ssr")]
pub(crate) async fn reader_role(org_id: &str) -> Result<Option<Role>, AppError> {
    match auth::current_user().await? {
        Some(who) => {
            Ok(
                crate::organizations::repo::role_of(app_state()?.db.pool(), org_id, &who.user.id)
                    .await?,
            )
        }
        None => Ok(None),
    }
}

/// An organization's own catalogue: its resources (every status), its needs, and the open
/// needs of others that its published resources could serve. Members only.
#[server(prefix = "/api", endpoint = "get_org_catalogue")]
pub async fn get_org_catalogue(org_id: String) -> Result<OrgCatalogue, AppError> {
    let (_, role) = access::require_member(&org_id).await?;
    let db = app_state()?.db;
    let resources = resources::org_resources(db.pool(), &org_id).await?;
    let needs = needs::org_needs(db.pool(), &org_id).await?;
    let matching_needs = needs_for_resources(&org_id).await?;
    Ok(OrgCatalogue {
        org_id,
        is_admin: role == Role::Admin,
        resources,
        needs,
        matching_needs,
    })
}

/// Open needs of other organizations that one of `org_id`'s published resources fits, best
/// first, each with its best-fitting resource.
#[cfg(feature = "ssr")]
async fn needs_for_resources(org_id: &str) -> Result<Vec<NeedMatch>, AppError> {
    let db = app_state()?.db;
    let mine = resources::org_published_resources(db.pool(), org_id).await?;
    if mine.is_empty() {
        return Ok(Vec::new());
    }
    let categories: Vec<Category> = Category::ALL
        .into_iter()
        .filter(|wanted| {
            mine.iter().any(|(r, _)| {
                matching::categories_fit(*wanted, r.category, r.attributes.refrigerated)
            })
        })
        .collect();
    let needs = needs::open_needs_in(db.pool(), &categories, org_id).await?;
    let mut found: Vec<NeedMatch> = needs
        .into_iter()
        .filter_map(|need| {
            let (score, reasons, resource) = mine
                .iter()
                .filter_map(|(r, hours)| {
                    matching::score(&need, r, hours).map(|(s, why)| (s, why, r))
                })
                .max_by_key(|(s, _, _)| *s)?;
            Some(NeedMatch {
                resource_id: resource.id.clone(),
                resource_title: resource.title.clone(),
                need,
                score,
                reasons,
            })
        })
        .collect();
    found.sort_by_key(|m| std::cmp::Reverse(m.score));
    found.truncate(20);
    Ok(found)
}
