//! Answering a request from its email, in one tap and without signing in. Each admin of the
//! owner gets their own links, one to approve and one to decline: a 256-bit random token
//! (stored hashed), single use, for its booking (and its series' pending dates) and its action
//! only, expiring when the booking starts or after a week. The link opens a page that shows
//! the request and asks for a confirmation: reading it (a GET, a mail scanner's prefetch)
//! changes nothing; only the confirmation's POST answers.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::types::{BookingSummary, Decision};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::{api, repo, repo::links as link_repo},
    crate::{
        accounts::auth::{hash_token, new_token},
        db::{Tx, now_ms},
        i18n::Msg,
        organizations::{repo as organizations, types::Role},
        state::app_state,
        time::Instant,
    },
};

/// How long an emailed answer link lives at most (it also ends when the booking starts).
#[cfg(feature = "ssr")]
const LINK_TTL_MS: i64 = 7 * 24 * 3600 * 1000;

/// Where an emailed link stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkState {
    /// It may answer now.
    Ready,
    /// It has answered already.
    Used,
    /// Too late: a week passed, or the booking started.
    Expired,
    /// Someone answered the request another way meanwhile.
    Answered,
}

/// What an emailed link's page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinkPage {
    pub booking: BookingSummary,
    pub purpose: String,
    pub action: Decision,
    /// The pending dates the answer would reach (more than one for a series).
    pub dates: u32,
    pub state: LinkState,
}

/// Makes a link for `user_id` (an admin of the owner) to give `decision` to `booking`;
/// answers its path, token included. Written in the request's transaction.
#[cfg(feature = "ssr")]
pub(super) async fn issue(
    tx: &mut Tx,
    booking: &BookingSummary,
    decision: Decision,
    user_id: &str,
) -> Result<String, AppError> {
    let token = new_token();
    let now = now_ms();
    link_repo::insert_link(
        &mut **tx,
        &link_repo::NewLink {
            token_hash: &hash_token(&token),
            booking_id: &booking.id,
            action: decision,
            user_id,
            now,
            expires_at: booking.range.start().unix_ms().min(now + LINK_TTL_MS),
        },
    )
    .await?;
    Ok(crate::ui::links::Link::AnswerBooking(&token).href())
}

/// The page of an emailed link: the request it answers, and whether it still may. Changes
/// nothing. An unknown token is not found.
#[server(prefix = "/api", endpoint = "booking_link")]
pub async fn booking_link(token: String) -> Result<LinkPage, AppError> {
    let state = app_state()?;
    let now = Instant::now();
    let link = link_repo::find_link(state.db.pool(), &hash_token(token.trim()))
        .await?
        .ok_or_else(AppError::not_found)?;
    let row = repo::find_booking(state.db.pool(), &link.booking_id, now)
        .await?
        .ok_or_else(AppError::not_found)?;
    let dates = match row.summary.series_id.as_deref() {
        Some(series) => repo::pending_in_series(state.db.pool(), series, now)
            .await?
            .len(),
        None => usize::from(row.summary.status == super::types::BookingStatus::Requested),
    };
    let state = if link.used_at.is_some() {
        LinkState::Used
    } else if link.expires_at <= now.unix_ms() {
        LinkState::Expired
    } else if dates == 0 {
        LinkState::Answered
    } else {
        LinkState::Ready
    };
    Ok(LinkPage {
        booking: row.summary,
        purpose: row.purpose,
        action: link.action,
        dates: u32::try_from(dates).unwrap_or(u32::MAX),
        state,
    })
}

/// Gives an emailed link's answer (a reason is required to decline), as the admin it was sent
/// to, who must still be one. The link is spent in the same transaction as the answer: used
/// twice at the same instant, it answers once.
#[server(prefix = "/api", endpoint = "answer_by_link")]
pub async fn answer_by_link(
    token: String,
    #[server(default)] reason: String,
) -> Result<u32, AppError> {
    let state = app_state()?;
    let hash = hash_token(token.trim());
    let link = link_repo::find_link(state.db.pool(), &hash)
        .await?
        .ok_or_else(|| AppError::validation("token", Msg::ErrorLinkInvalid))?;
    let reason = api::decision_reason(link.action, &reason)?;
    let now = now_ms();
    let booking = repo::find_booking(state.db.pool(), &link.booking_id, Instant::now())
        .await?
        .ok_or_else(AppError::not_found)?
        .summary;
    let mut tx = state.db.begin_write().await?;
    repo::lock_resource(&mut tx, &booking.resource_id).await?;
    if !link_repo::spend_link(&mut *tx, &hash, now).await? {
        return Err(AppError::conflict(
            if link.used_at.is_some() || link.expires_at > now {
                Msg::ErrorLinkUsed
            } else {
                Msg::ErrorLinkExpired
            },
        ));
    }
    let role = organizations::role_of(&mut *tx, &booking.owner_org_id, &link.user_id).await?;
    if role != Some(Role::Admin) {
        return Err(AppError::forbidden());
    }
    let mut events = Vec::new();
    let answered = api::answer_locked(
        &mut tx,
        &booking,
        true,
        api::Answer {
            decision: link.action,
            reason: &reason,
            actor_id: &link.user_id,
        },
        now,
        &mut events,
    )
    .await?;
    state.commit(tx, events).await?;
    Ok(answered)
}
