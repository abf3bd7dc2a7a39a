//! Matching as a service: which published resources fit a need, which open needs a resource
//! fits, and the notices both sides get. Everything reads and writes through the caller's
//! connection, so a publication and its notices commit (or roll back) together.

use sqlx::AnyConnection;

use super::types::ResourceMatch;
use crate::{
    catalogue::{
        matching,
        needs::{repo as needs, types::Need},
        resources::{
            repo as resources,
            types::{Category, ResourceSummary},
        },
    },
    db::{new_id, now_ms},
    error::AppError,
    notifications::{repo as notices, types::NotificationKind},
};

/// A match at least this good is worth a notice.
const NOTICE_SCORE: u32 = 60;

/// The published resources that fit `need`, best first.
pub async fn matches_for(
    conn: &mut AnyConnection,
    need: &Need,
) -> Result<Vec<ResourceMatch>, AppError> {
    let categories: Vec<Category> = Category::ALL
        .into_iter()
        .filter(|c| matching::categories_fit(need.category, *c, true))
        .collect();
    let regions = matching::regions_served(need);
    let candidates =
        resources::match_candidates(&mut *conn, &categories, &regions, &need.org_id).await?;
    let mut found: Vec<ResourceMatch> = candidates
        .into_iter()
        .filter_map(|(resource, hours)| {
            let (score, reasons) = matching::score(need, &resource, &hours)?;
            Some(ResourceMatch {
                resource,
                score,
                reasons,
            })
        })
        .collect();
    found.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(b.resource.updated_at.cmp(&a.resource.updated_at))
    });
    found.truncate(20);
    Ok(found)
}

/// The open needs of other organizations that a resource fits, each with the match.
pub async fn needs_fitting(
    conn: &mut AnyConnection,
    resource_id: &str,
) -> Result<Vec<(Need, ResourceMatch)>, AppError> {
    let Some(resource) = resources::find_resource(&mut *conn, resource_id).await? else {
        return Ok(Vec::new());
    };
    let categories: Vec<Category> = Category::ALL
        .into_iter()
        .filter(|c| {
            matching::categories_fit(
                *c,
                resource.content.category,
                resource.content.attributes.refrigerated,
            )
        })
        .collect();
    let needs = needs::open_needs_in(&mut *conn, &categories, &resource.org_id).await?;
    let summary = ResourceSummary {
        id: resource.id.clone(),
        category: resource.content.category,
        status: resource.status,
        title: resource.content.title.clone(),
        region: resource.content.region,
        org_id: resource.org_id.clone(),
        org_name: resource.org_name.clone(),
        org_verified: resource.org_verified,
        price_unit: resource.content.pricing.unit,
        price_cents: resource.content.pricing.price_cents,
        attributes: resource.content.attributes.clone(),
        capacity: resource.content.rules.capacity,
        updated_at: resource.updated_at,
        cover: None,
    };
    Ok(needs
        .into_iter()
        .filter_map(|need| {
            let (score, reasons) =
                matching::score(&need, &summary, &resource.content.rules.opening_hours)?;
            let found = ResourceMatch {
                resource: summary.clone(),
                score,
                reasons,
            };
            Some((need, found))
        })
        .collect())
}

/// Tells both sides of the good matches between one need and the given resources: the need's
/// organization and each resource's. A match already told is not told twice.
pub async fn tell(
    conn: &mut AnyConnection,
    need: &Need,
    matches: &[ResourceMatch],
) -> Result<(), AppError> {
    let now = now_ms();
    let link = crate::ui::links::Link::Need(&need.id).href();
    for m in matches.iter().filter(|m| m.score >= NOTICE_SCORE).take(10) {
        for (kind, org_id) in [
            (NotificationKind::ResourceForOurNeed, &need.org_id),
            (NotificationKind::NeedForOurResource, &m.resource.org_id),
        ] {
            let once = format!("{}:{org_id}:{}:{}", kind.code(), need.id, m.resource.id);
            notices::insert(
                &mut *conn,
                &notices::NewNotification {
                    id: &new_id(),
                    kind,
                    org_id: Some(org_id),
                    user_id: None,
                    subject_id: &need.id,
                    related_id: Some(&m.resource.id),
                    link: &link,
                    payload: "{}",
                    once_key: Some(&once),
                    now,
                },
            )
            .await?;
        }
    }
    Ok(())
}

/// After resources are published together (one, or an import): each open need they fit is
/// told of the best of them only, and so is that resource's owner. Two thousand rows make at
/// most two notices per need, not two per row; the need's page lists every match.
pub async fn tell_for_resources(
    conn: &mut AnyConnection,
    resource_ids: &[String],
) -> Result<(), AppError> {
    let mut best: std::collections::HashMap<String, (Need, ResourceMatch)> =
        std::collections::HashMap::new();
    for id in resource_ids {
        for (need, found) in needs_fitting(&mut *conn, id).await? {
            match best.get(&need.id) {
                Some((_, kept)) if kept.score >= found.score => {}
                _ => {
                    best.insert(need.id.clone(), (need, found));
                }
            }
        }
    }
    for (need, found) in best.values() {
        tell(&mut *conn, need, std::slice::from_ref(found)).await?;
    }
    Ok(())
}
