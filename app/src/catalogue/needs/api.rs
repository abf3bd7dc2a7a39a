//! Server functions for the needs board: post, search, read, close.

use leptos::prelude::*;

use super::types::{NeedInput, NeedPage, NeedQuery, NeedResults, NeedStatus};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::repo,
    crate::{
        accounts::auth,
        catalogue::{
            api::{org_name, pages, reader_role, validation},
            matching::notices as match_notices,
            search,
        },
        db::{new_id, now_ms},
        organizations::access,
        state::app_state,
    },
};

/// Posts a need for `org_id` (any member), and tells the owners of fitting resources.
#[server(prefix = "/api", endpoint = "create_need")]
pub async fn create_need(org_id: String, input: NeedInput) -> Result<String, AppError> {
    let (who, _) = access::require_member(&org_id).await?;
    who.require_verified()?;
    if let Some(missing) = AppError::validation_all(&input.missing()) {
        return Err(missing);
    }
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
    search::check_query(&query.q).map_err(|m| AppError::validation("q", m))?;
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
    let (who, _) = access::require_member(&need.org_id).await?;
    if status == NeedStatus::Open {
        who.require_verified()?;
    }
    repo::set_need_status(db.pool(), &id, status, now_ms()).await?;
    Ok(())
}
