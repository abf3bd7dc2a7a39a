//! Server functions for resources: search, read, create, edit, publish, copy, import.

use leptos::prelude::*;

use super::{
    form::ResourceInput,
    query::{ResourceQuery, ResourceResults},
    types::{Listing, ResourcePage, ResourceStatus},
};
use crate::{catalogue::types::ImportReport, error::AppError};

#[cfg(feature = "ssr")]
use {
    super::repo,
    crate::{
        accounts::auth,
        catalogue::{
            api::{org_name, pages, reader_region, reader_role, validation},
            matching::notices as match_notices,
            photos::repo as photos,
            search,
        },
        db::{new_id, now_ms},
        i18n::Msg,
        organizations::access,
        organizations::types::Role,
        state::app_state,
    },
};

/// Searches published resources. Open to everyone; results carry no contact details.
#[server(prefix = "/api", endpoint = "search_resources")]
pub async fn search_resources(
    #[server(default)] query: ResourceQuery,
) -> Result<ResourceResults, AppError> {
    search::check_query(&query.q).map_err(|m| AppError::validation("q", m))?;
    let near = reader_region().await?;
    let page = query.page.clamp(1, super::query::MAX_PAGE);
    let db = &app_state()?.db;
    let (items, total) = repo::search_resources(db.pool(), db.backend(), &query, near).await?;
    Ok(ResourceResults {
        items,
        total,
        page,
        pages: pages(total),
    })
}

/// How many of the newest listings the home page shows.
pub const HOME_LISTINGS: u32 = 6;

/// The newest published resources, for the home page. Open to everyone, like the catalogue.
#[server(prefix = "/api", endpoint = "newest_listings")]
pub async fn newest_listings() -> Result<Vec<Listing>, AppError> {
    let db = &app_state()?.db;
    let items = repo::newest_published(db.pool(), HOME_LISTINGS).await?;
    Ok(items.into_iter().map(Listing::from).collect())
}

/// One resource. Published ones are public; others only for the owner's members. Address and
/// access notes only for the owner's members.
#[server(prefix = "/api", endpoint = "get_resource")]
pub async fn get_resource(id: String) -> Result<ResourcePage, AppError> {
    let state = app_state()?;
    let mut resource = repo::find_resource(state.db.pool(), &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    resource.photos = photos::resource_photos(state.db.pool(), &id).await?;
    let role = reader_role(&resource.org_id).await?;
    if role.is_none() {
        if resource.status != ResourceStatus::Published {
            return Err(AppError::not_found());
        }
        resource.content.address.clear();
        resource.content.access_notes.clear();
    }
    Ok(ResourcePage {
        resource,
        can_edit: role == Some(Role::Admin),
        today: crate::time::Zone::Montreal.today(),
    })
}

/// Adds a resource to `org_id`'s catalogue (admins only), published at once or as a draft.
#[server(prefix = "/api", endpoint = "create_resource")]
pub async fn create_resource(
    org_id: String,
    input: ResourceInput,
    publish: Option<String>,
) -> Result<String, AppError> {
    let who = access::require_admin(&org_id).await?;
    if publish.is_some() {
        who.require_verified()?;
    }
    if let Some(missing) = AppError::validation_all(&input.missing()) {
        return Err(missing);
    }
    let draft = input.validate().map_err(validation)?;
    let state = app_state()?;
    let org_name = org_name(&org_id).await?;
    let id = new_id();
    let status = if publish.is_some() {
        ResourceStatus::Published
    } else {
        ResourceStatus::Draft
    };
    let mut tx = state.db.begin_write().await?;
    repo::insert_resource(
        &mut *tx,
        &repo::NewResource {
            id: &id,
            org_id: &org_id,
            created_by: &who.user.id,
            status,
            draft: &draft,
            search_text: &search::resource_search_text(&draft, &org_name),
            now: now_ms(),
        },
    )
    .await?;
    if status == ResourceStatus::Published {
        match_notices::tell_for_resources(&mut tx, std::slice::from_ref(&id)).await?;
    }
    state.outbox.commit(tx).await?;
    Ok(id)
}

/// The organization owning `id`, whose admin the reader must be.
#[cfg(feature = "ssr")]
pub(crate) async fn require_resource_admin(id: &str) -> Result<String, AppError> {
    // Unknown resources answer 404 (after the sign-in check, so visitors learn nothing);
    // another organization's resource answers 403.
    let owner = repo::resource_owner(app_state()?.db.pool(), id).await?;
    let Some(owner) = owner else {
        auth::require_user().await?;
        return Err(AppError::not_found());
    };
    access::require_admin(&owner).await?;
    Ok(owner)
}

/// Rewrites a resource's description, facts, price and rules (its organization's admins).
#[server(prefix = "/api", endpoint = "update_resource")]
pub async fn update_resource(id: String, input: ResourceInput) -> Result<(), AppError> {
    let org_id = require_resource_admin(&id).await?;
    let draft = input.validate().map_err(validation)?;
    let state = app_state()?;
    let org_name = org_name(&org_id).await?;
    if !repo::update_resource(
        state.db.pool(),
        &id,
        &draft,
        &search::resource_search_text(&draft, &org_name),
        now_ms(),
    )
    .await?
    {
        return Err(AppError::not_found());
    }
    Ok(())
}

/// Publishes, pauses or archives a resource (its organization's admins).
#[server(prefix = "/api", endpoint = "set_resource_status")]
pub async fn set_resource_status(id: String, status: ResourceStatus) -> Result<(), AppError> {
    require_resource_admin(&id).await?;
    if status == ResourceStatus::Published {
        auth::require_user().await?.require_verified()?;
    }
    let state = app_state()?;
    let mut tx = state.db.begin_write().await?;
    if !repo::set_resource_status(&mut *tx, &id, status, now_ms()).await? {
        return Err(AppError::not_found());
    }
    if status == ResourceStatus::Published {
        match_notices::tell_for_resources(&mut tx, std::slice::from_ref(&id)).await?;
    }
    state.outbox.commit(tx).await?;
    Ok(())
}

/// Copies a resource as a new draft (« … (copie) »), to list a second truck or room quickly.
#[server(prefix = "/api", endpoint = "duplicate_resource")]
pub async fn duplicate_resource(id: String) -> Result<String, AppError> {
    let org_id = require_resource_admin(&id).await?;
    let who = auth::require_user().await?;
    let state = app_state()?;
    let original = repo::find_resource(state.db.pool(), &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let mut input = ResourceInput::from_resource(&original);
    let suffix = crate::state::request_locale().t(Msg::ResourceCopySuffix);
    let room = 120 - suffix.chars().count() - 1;
    input.title = format!(
        "{} {suffix}",
        original
            .content
            .title
            .chars()
            .take(room)
            .collect::<String>()
    );
    let draft = input.validate().map_err(validation)?;
    let new = new_id();
    repo::insert_resource(
        state.db.pool(),
        &repo::NewResource {
            id: &new,
            org_id: &org_id,
            created_by: &who.user.id,
            status: ResourceStatus::Draft,
            draft: &draft,
            search_text: &search::resource_search_text(&draft, &original.org_name),
            now: now_ms(),
        },
    )
    .await?;
    crate::catalogue::photos::api::copy_photos(&id, &new, &who.user.id).await?;
    Ok(new)
}

/// Imports resources for `org_id` from CSV text (admins only). Every row is checked first; if
/// any is refused, nothing is written and the report says which line and why. Otherwise all
/// rows are written in one transaction, published or as drafts.
#[server(prefix = "/api", endpoint = "import_resources")]
pub async fn import_resources(
    org_id: String,
    csv: String,
    publish: Option<String>,
) -> Result<ImportReport, AppError> {
    use super::types::ResourceContent;
    use crate::catalogue::{import::read_rows, types::ImportRow};
    let who = access::require_admin(&org_id).await?;
    if publish.is_some() {
        who.require_verified()?;
    }
    let rows = read_rows(&csv).map_err(|p| AppError::validation("file", p.msg()))?;
    let mut drafts: Vec<ResourceContent> = Vec::with_capacity(rows.len());
    let mut report = Vec::with_capacity(rows.len());
    for row in &rows {
        let problems = match row.check() {
            Ok(draft) => {
                drafts.push(draft);
                Vec::new()
            }
            Err(problems) => problems,
        };
        report.push(ImportRow {
            line: row.line,
            title: row.input.title.chars().take(120).collect(),
            problems,
        });
    }
    if drafts.len() < rows.len() {
        return Ok(ImportReport {
            imported: 0,
            rows: report,
        });
    }
    let state = app_state()?;
    let org_name = org_name(&org_id).await?;
    let status = if publish.is_some() {
        ResourceStatus::Published
    } else {
        ResourceStatus::Draft
    };
    let now = now_ms();
    let mut ids = Vec::with_capacity(drafts.len());
    let mut tx = state.db.begin_write().await?;
    for draft in &drafts {
        let id = new_id();
        repo::insert_resource(
            &mut *tx,
            &repo::NewResource {
                id: &id,
                org_id: &org_id,
                created_by: &who.user.id,
                status,
                draft,
                search_text: &search::resource_search_text(draft, &org_name),
                now,
            },
        )
        .await?;
        ids.push(id);
    }
    if status == ResourceStatus::Published {
        match_notices::tell_for_resources(&mut tx, &ids).await?;
    }
    state.outbox.commit(tx).await?;
    Ok(ImportReport {
        imported: u32::try_from(ids.len()).unwrap_or(u32::MAX),
        rows: report,
    })
}
