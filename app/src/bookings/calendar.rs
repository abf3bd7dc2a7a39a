//! Calendars people already use: an `.ics` file per booking, and a secret address per
//! organization or resource that Google Calendar and Outlook subscribe to. Events are written
//! in UTC (`DTSTART:20261203T130000Z`), so every calendar shows the right local time on both
//! sides of a DST change; each keeps its booking's id as its UID and its version as its
//! SEQUENCE, so an update replaces the event instead of adding one.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::{repo::calendars as repo, types::BookingStatus},
    crate::{
        accounts::auth,
        catalogue::resources::repo as resources,
        db::{Db, now_ms},
        i18n::{Locale, Msg},
        organizations::{access, types::Role},
        state::app_state,
        time::{Instant, TimeRange},
        ui::links::Link,
    },
    icalendar::{Component, EventLike},
};

/// A calendar address of an organization, or of one of its resources, as members see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalendarFeed {
    /// None: the organization's own bookings and requests, on both sides.
    pub resource_id: Option<String>,
    /// The resource's title (empty for the organization).
    pub title: String,
    /// The secret address, once made.
    pub url: Option<String>,
}

/// A feed shows this far back and ahead.
#[cfg(feature = "ssr")]
const FEED_PAST_MS: i64 = 30 * 24 * 3600 * 1000;
#[cfg(feature = "ssr")]
const FEED_AHEAD_MS: i64 = 400 * 24 * 3600 * 1000;
#[cfg(feature = "ssr")]
const FEED_LIMIT: i64 = 5000;

#[cfg(feature = "ssr")]
fn utc(instant: Instant) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(instant.unix_ms()).unwrap_or_default()
}

/// Writes `rows` as a calendar named `name`, in `locale`, for a reader of `viewer_org` (the
/// other organization's name goes in each title).
#[cfg(feature = "ssr")]
pub fn ics(
    rows: &[repo::CalendarRow],
    name: &str,
    locale: Locale,
    base_url: &str,
    viewer_org: Option<&str>,
) -> String {
    let mut calendar = icalendar::Calendar::new();
    calendar.name(name);
    calendar.append_property(
        icalendar::Property::new("REFRESH-INTERVAL", "PT1H")
            .add_parameter("VALUE", "DURATION")
            .done(),
    );
    calendar.append_property(("X-PUBLISHED-TTL", "PT1H"));
    for row in rows {
        let Some(range) = row.range() else { continue };
        let other = if viewer_org == Some(row.owner_org_id.as_str()) {
            &row.requester_name
        } else {
            &row.owner_name
        };
        let title = format!("{} · {other}", row.resource_title);
        let (summary, status) = match row.status {
            BookingStatus::Requested => (
                locale.tf(Msg::CalendarPending, &[("title", &title)]),
                icalendar::EventStatus::Tentative,
            ),
            BookingStatus::Approved => (title, icalendar::EventStatus::Confirmed),
            _ => (
                locale.tf(Msg::CalendarCancelled, &[("title", &title)]),
                icalendar::EventStatus::Cancelled,
            ),
        };
        let link = format!("{base_url}{}", Link::Booking(&row.id).href());
        let quantity = locale.tf(
            Msg::CalendarQuantity,
            &[("count", &row.quantity.to_string())],
        );
        let description = if row.purpose.is_empty() {
            format!("{quantity}\n\n{link}")
        } else {
            format!("{quantity}\n{}\n\n{link}", row.purpose)
        };
        let mut event = icalendar::Event::new();
        event
            .uid(&format!("{}@partage", row.id))
            .summary(&summary)
            .description(&description)
            .url(&link)
            .starts(utc(range.start()))
            .ends(utc(range.end()))
            .status(status)
            .sequence(u32::try_from(row.version).unwrap_or(0))
            .timestamp(utc(Instant::from_unix_ms(row.updated_at)))
            .created(utc(Instant::from_unix_ms(row.created_at)))
            .last_modified(utc(Instant::from_unix_ms(row.updated_at)));
        if !row.address.is_empty() {
            event.location(&row.address);
        }
        calendar.push(event.done());
    }
    calendar.done().to_string()
}

/// One booking's `.ics` file, for a member of either organization (`None` for anyone else, as
/// if it did not exist): its file name and content.
#[cfg(feature = "ssr")]
pub async fn booking_file(
    db: &Db,
    base_url: &str,
    user_id: &str,
    booking_id: &str,
    locale: Locale,
) -> Result<Option<(String, String)>, sqlx::Error> {
    let span = TimeRange::new(
        Instant::from_unix_ms(i64::MIN / 4),
        Instant::from_unix_ms(i64::MAX / 4),
    )
    .map_err(|_| sqlx::Error::Protocol("span".into()))?;
    let rows = repo::calendar_rows(db.pool(), repo::Scope::Booking(booking_id), span, 1).await?;
    let Some(row) = rows.first() else {
        return Ok(None);
    };
    let mut member_of = None;
    for org in [&row.owner_org_id, &row.requester_org_id] {
        if crate::organizations::repo::role_of(db.pool(), org, user_id)
            .await?
            .is_some()
        {
            member_of = Some(org.clone());
            break;
        }
    }
    let Some(viewer_org) = member_of else {
        return Ok(None);
    };
    let content = ics(
        &rows,
        &row.resource_title,
        locale,
        base_url,
        Some(&viewer_org),
    );
    Ok(Some((format!("reservation-{}.ics", row.id), content)))
}

/// A feed's calendar, by its secret token (`None`: no such feed, or revoked).
#[cfg(feature = "ssr")]
pub async fn feed_file(
    db: &Db,
    base_url: &str,
    token: &str,
) -> Result<Option<String>, sqlx::Error> {
    let Some(feed) = repo::find_feed(db.pool(), token).await? else {
        return Ok(None);
    };
    let now = now_ms();
    let span = TimeRange::new(
        Instant::from_unix_ms(now - FEED_PAST_MS),
        Instant::from_unix_ms(now + FEED_AHEAD_MS),
    )
    .map_err(|_| sqlx::Error::Protocol("span".into()))?;
    let (scope, name) = match feed.resource_id.as_deref() {
        Some(resource) => (
            repo::Scope::Resource(resource),
            resources::find_resource(db.pool(), resource)
                .await?
                .map(|r| format!("Partage · {}", r.content.title))
                .unwrap_or_default(),
        ),
        None => (
            repo::Scope::Org(&feed.org_id),
            crate::organizations::repo::find_organization(db.pool(), &feed.org_id)
                .await?
                .map(|o| format!("Partage · {}", o.name))
                .unwrap_or_default(),
        ),
    };
    let rows = repo::calendar_rows(db.pool(), scope, span, FEED_LIMIT).await?;
    let locale = Locale::parse(&feed.locale).unwrap_or_default();
    Ok(Some(ics(
        &rows,
        &name,
        locale,
        base_url,
        Some(&feed.org_id),
    )))
}

#[cfg(feature = "ssr")]
fn feed_url(base_url: &str, token: &str) -> String {
    format!("{base_url}/ical/{token}.ics")
}

/// The organization's calendar addresses: its own, then one per resource (its members).
#[server(prefix = "/api", endpoint = "list_calendar_feeds")]
pub async fn list_calendar_feeds(org_id: String) -> Result<Vec<CalendarFeed>, AppError> {
    access::require_member(&org_id).await?;
    let state = app_state()?;
    let base = &state.config.base_url;
    let feeds = repo::feeds_of(state.db.pool(), &org_id).await?;
    let url_of = |resource: Option<&str>| {
        feeds
            .iter()
            .find(|f| f.resource_id.as_deref() == resource)
            .map(|f| feed_url(base, &f.token))
    };
    let mut out = vec![CalendarFeed {
        resource_id: None,
        title: String::new(),
        url: url_of(None),
    }];
    for r in resources::org_resources(state.db.pool(), &org_id).await? {
        if r.status == crate::catalogue::resources::types::ResourceStatus::Archived {
            continue;
        }
        out.push(CalendarFeed {
            url: url_of(Some(&r.id)),
            resource_id: Some(r.id),
            title: r.title,
        });
    }
    Ok(out)
}

/// Makes the organization's (or one of its resources') calendar address, if it has none yet
/// (its members); answers it.
#[server(prefix = "/api", endpoint = "create_calendar_feed")]
pub async fn create_calendar_feed(
    org_id: String,
    #[server(default)] resource_id: String,
) -> Result<String, AppError> {
    let (who, _) = access::require_member(&org_id).await?;
    let state = app_state()?;
    let resource = match resource_id.trim() {
        "" => None,
        id => {
            let owner = resources::resource_owner(state.db.pool(), id).await?;
            if owner.as_deref() != Some(org_id.as_str()) {
                return Err(AppError::not_found());
            }
            Some(id.to_owned())
        }
    };
    let feed = repo::FeedRow {
        token: auth::new_token(),
        org_id: org_id.clone(),
        resource_id: resource.clone(),
        locale: who.user.locale.clone(),
    };
    repo::insert_feed(state.db.pool(), &feed, &who.user.id, now_ms()).await?;
    // Made just now, or earlier by someone else at the same instant: the one stored.
    let stored = repo::feeds_of(state.db.pool(), &org_id)
        .await?
        .into_iter()
        .find(|f| f.resource_id == resource)
        .ok_or_else(AppError::internal)?;
    Ok(feed_url(&state.config.base_url, &stored.token))
}

/// Revokes a calendar address (the organization's admins): calendars subscribed to it stop
/// updating, and a new one gets another address.
#[server(prefix = "/api", endpoint = "revoke_calendar_feed")]
pub async fn revoke_calendar_feed(
    org_id: String,
    #[server(default)] resource_id: String,
) -> Result<(), AppError> {
    let (_, role) = access::require_member(&org_id).await?;
    if role != Role::Admin {
        return Err(AppError::forbidden());
    }
    let resource = Some(resource_id.trim()).filter(|r| !r.is_empty());
    if !repo::delete_feed(app_state()?.db.pool(), &org_id, resource).await? {
        return Err(AppError::not_found());
    }
    Ok(())
}
