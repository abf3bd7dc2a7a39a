//! Server functions for the catalogue, the needs board and matching. Reading the catalogue
//! needs no account; changing a resource takes an admin of its organization; posting a need
//! takes a member. Drafts, paused and archived resources, addresses and access notes stay
//! within the owner organization.

use leptos::prelude::*;

use super::types::{
    ImportReport, NeedInput, NeedPage, NeedQuery, NeedResults, NeedStatus, OrgCatalogue,
    ResourceInput, ResourcePage, ResourceQuery, ResourceResults, ResourceStatus,
};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::{
        match_notices, matching, repo, search,
        types::{Category, NeedMatch, PAGE_SIZE},
    },
    crate::{
        accounts::auth,
        db::{new_id, now_ms},
        i18n::Msg,
        organizations::types::Role,
        state::app_state,
    },
};

#[cfg(feature = "ssr")]
fn validation(err: (&'static str, Msg)) -> AppError {
    AppError::validation(err.0, err.1)
}

/// The name of `org_id`, which search text includes.
#[cfg(feature = "ssr")]
async fn org_name(org_id: &str) -> Result<String, AppError> {
    crate::organizations::repo::find_organization(app_state()?.db.pool(), org_id)
        .await?
        .map(|o| o.name)
        .ok_or_else(AppError::not_found)
}

#[cfg(feature = "ssr")]
fn pages(total: u32) -> u32 {
    total.div_ceil(PAGE_SIZE).max(1)
}

/// The region of the organization the reader acts for, to sort by distance from it.
#[cfg(feature = "ssr")]
async fn reader_region() -> Result<Option<crate::organizations::types::Region>, AppError> {
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
async fn reader_role(org_id: &str) -> Result<Option<Role>, AppError> {
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

/// Searches published resources. Open to everyone; results carry no contact details.
#[server(prefix = "/api", endpoint = "search_resources")]
pub async fn search_resources(
    #[server(default)] query: ResourceQuery,
) -> Result<ResourceResults, AppError> {
    super::search::check_query(&query.q).map_err(|m| AppError::validation("q", m))?;
    let near = reader_region().await?;
    let page = query.page.clamp(1, 10_000);
    let (items, total) = repo::search_resources(app_state()?.db.pool(), &query, near).await?;
    Ok(ResourceResults {
        items,
        total,
        page,
        pages: pages(total),
    })
}

/// One resource. Published ones are public; others only for the owner's members. Address and
/// access notes only for the owner's members.
#[server(prefix = "/api", endpoint = "get_resource")]
pub async fn get_resource(id: String) -> Result<ResourcePage, AppError> {
    let state = app_state()?;
    let mut resource = repo::find_resource(state.db.pool(), &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    resource.photos = repo::resource_photos(state.db.pool(), &id).await?;
    let role = reader_role(&resource.org_id).await?;
    if role.is_none() {
        if resource.status != ResourceStatus::Published {
            return Err(AppError::not_found());
        }
        resource.address.clear();
        resource.access_notes.clear();
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
    let who = auth::require_admin(&org_id).await?;
    if publish.is_some() {
        who.require_verified()?;
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
    auth::require_admin(&owner).await?;
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
        original.title.chars().take(room).collect::<String>()
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
    super::photos::api::copy_photos(&id, &new, &who.user.id).await?;
    Ok(new)
}

/// An organization's own catalogue: its resources (every status), its needs, and the open
/// needs of others that its published resources could serve. Members only.
#[server(prefix = "/api", endpoint = "get_org_catalogue")]
pub async fn get_org_catalogue(org_id: String) -> Result<OrgCatalogue, AppError> {
    let (_, role) = auth::require_member(&org_id).await?;
    let db = app_state()?.db;
    let resources = repo::org_resources(db.pool(), &org_id).await?;
    let needs = repo::org_needs(db.pool(), &org_id).await?;
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
    let mine = repo::org_published_resources(db.pool(), org_id).await?;
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
    let needs = repo::open_needs_in(db.pool(), &categories, org_id).await?;
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

/// Posts a need for `org_id` (any member), and tells the owners of fitting resources.
#[server(prefix = "/api", endpoint = "create_need")]
pub async fn create_need(org_id: String, input: NeedInput) -> Result<String, AppError> {
    let (who, _) = auth::require_member(&org_id).await?;
    who.require_verified()?;
    let draft = input.validate().map_err(validation)?;
    let state = app_state()?;
    let org_name = org_name(&org_id).await?;
    let id = new_id();
    let mut tx = state.db.begin_write().await?;
    repo::insert_need(
        &mut *tx,
        &repo::NewNeed {
            id: &id,
            org_id: &org_id,
            created_by: &who.user.id,
            draft: &draft,
            search_text: &search::need_search_text(&draft, &org_name),
            now: now_ms(),
        },
    )
    .await?;
    let need = repo::find_need(&mut *tx, &id)
        .await?
        .ok_or_else(AppError::internal)?;
    let matches = match_notices::matches_for(&mut tx, &need).await?;
    match_notices::tell(&mut tx, &need, &matches).await?;
    state.outbox.commit(tx).await?;
    Ok(id)
}

/// Searches open needs. Open to everyone.
#[server(prefix = "/api", endpoint = "search_needs")]
pub async fn search_needs(#[server(default)] query: NeedQuery) -> Result<NeedResults, AppError> {
    super::search::check_query(&query.q).map_err(|m| AppError::validation("q", m))?;
    let page = query.page.clamp(1, 10_000);
    let (items, total) = repo::search_needs(app_state()?.db.pool(), &query).await?;
    Ok(NeedResults {
        items,
        total,
        page,
        pages: pages(total),
    })
}

/// A need with the resources that fit it. Open to everyone.
#[server(prefix = "/api", endpoint = "get_need")]
pub async fn get_need(id: String) -> Result<NeedPage, AppError> {
    let need = repo::find_need(app_state()?.db.pool(), &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let can_edit = reader_role(&need.org_id).await?.is_some();
    let matches = if need.status == NeedStatus::Open {
        let mut conn = app_state()?.db.pool().acquire().await?;
        match_notices::matches_for(&mut conn, &need).await?
    } else {
        Vec::new()
    };
    Ok(NeedPage {
        need,
        can_edit,
        matches,
    })
}

/// Marks a need fulfilled, closed, or open again (members of its organization).
#[server(prefix = "/api", endpoint = "set_need_status")]
pub async fn set_need_status(id: String, status: NeedStatus) -> Result<(), AppError> {
    let db = app_state()?.db;
    let Some(need) = repo::find_need(db.pool(), &id).await? else {
        auth::require_user().await?;
        return Err(AppError::not_found());
    };
    let (who, _) = auth::require_member(&need.org_id).await?;
    if status == NeedStatus::Open {
        who.require_verified()?;
    }
    repo::set_need_status(db.pool(), &id, status, now_ms()).await?;
    Ok(())
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
    use super::{
        import::read_rows,
        types::{ImportRow, ResourceDraft},
    };
    let who = auth::require_admin(&org_id).await?;
    if publish.is_some() {
        who.require_verified()?;
    }
    let rows = read_rows(&csv).map_err(|p| AppError::validation("file", p.msg()))?;
    let mut drafts: Vec<ResourceDraft> = Vec::with_capacity(rows.len());
    let mut report = Vec::with_capacity(rows.len());
    for row in &rows {
        let checked = match row.problem {
            Some(problem) => Err(problem),
            None => row.input.validate(),
        };
        let (field, error) = match checked {
            Ok(draft) => {
                drafts.push(draft);
                (None, None)
            }
            Err((field, msg)) => (Some(field.to_owned()), Some(msg.key().to_owned())),
        };
        report.push(ImportRow {
            line: row.line,
            title: row.input.title.chars().take(120).collect(),
            field,
            error,
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
