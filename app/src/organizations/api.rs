//! Server functions for organizations: create, read, edit, invite, join, roles, leave, switch.
//! Membership changes run in one write transaction that first locks the organization's row,
//! so two admins acting at once can never leave an organization without an admin.

use leptos::prelude::*;

use super::types::{InvitationPreview, Organization, OrganizationDetails, OrganizationInput, Role};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::{access, repo},
    crate::{
        accounts::{auth, types::Email},
        db::{new_id, now_ms},
        i18n::{Locale, Msg},
        mail::Email as OutgoingEmail,
        state::app_state,
    },
};

#[cfg(feature = "ssr")]
const INVITATION_TTL_MS: i64 = 14 * 24 * 3600 * 1000;

#[cfg(feature = "ssr")]
fn validation(err: (&'static str, crate::i18n::Msg)) -> AppError {
    AppError::validation(err.0, err.1)
}

/// Creates an organization; its creator becomes its first admin and acts for it from now on.
#[server(prefix = "/api", endpoint = "create_organization")]
pub async fn create_organization(input: OrganizationInput) -> Result<Organization, AppError> {
    let who = auth::require_user().await?;
    let profile = input.validate().map_err(validation)?;
    let state = app_state()?;
    let id = new_id();
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    repo::insert_organization(&mut *tx, &id, &profile, now).await?;
    repo::insert_membership(&mut *tx, &id, &who.user.id, Role::Admin, now).await?;
    crate::accounts::repo::set_active_org(&mut *tx, &who.token_hash, Some(&id)).await?;
    tx.commit().await?;
    repo::find_organization(state.db.pool(), &id)
        .await?
        .ok_or_else(AppError::internal)
}

/// An organization's page. Everyone sees the public profile; members also see its contact
/// details and members; admins also see pending invitations.
#[server(prefix = "/api", endpoint = "get_organization")]
pub async fn get_organization(id: String) -> Result<OrganizationDetails, AppError> {
    let state = app_state()?;
    let mut organization = repo::find_organization(state.db.pool(), &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let who = auth::current_user().await?;
    let my_role = match &who {
        Some(w) => repo::role_of(state.db.pool(), &id, &w.user.id).await?,
        None => None,
    };
    let (members, invitations) = match my_role {
        Some(role) => {
            let members = repo::members_of(state.db.pool(), &id).await?;
            let invitations = if role == Role::Admin {
                repo::pending_invitations(state.db.pool(), &id, now_ms()).await?
            } else {
                Vec::new()
            };
            (members, invitations)
        }
        None => {
            organization.address.clear();
            organization.phone.clear();
            organization.neq = None;
            (Vec::new(), Vec::new())
        }
    };
    Ok(OrganizationDetails {
        organization,
        my_role,
        members,
        invitations,
    })
}

/// Edits the profile (admins only).
#[server(prefix = "/api", endpoint = "update_organization")]
pub async fn update_organization(
    id: String,
    input: OrganizationInput,
) -> Result<Organization, AppError> {
    access::require_admin(&id).await?;
    let profile = input.validate().map_err(validation)?;
    let state = app_state()?;
    if !repo::update_organization(state.db.pool(), &id, &profile, now_ms()).await? {
        return Err(AppError::not_found());
    }
    repo::find_organization(state.db.pool(), &id)
        .await?
        .ok_or_else(AppError::not_found)
}

/// Makes `org_id` the organization this person acts for.
#[server(prefix = "/api", endpoint = "switch_organization")]
pub async fn switch_organization(org_id: String) -> Result<(), AppError> {
    let (who, _) = access::require_member(&org_id).await?;
    crate::accounts::repo::set_active_org(app_state()?.db.pool(), &who.token_hash, Some(&org_id))
        .await?;
    Ok(())
}

/// Emails an invitation link that works once (admins only).
#[server(prefix = "/api", endpoint = "invite_member")]
pub async fn invite_member(org_id: String, email: String, role: Role) -> Result<(), AppError> {
    let who = access::require_admin(&org_id).await?;
    who.require_verified()?;
    let email = Email::parse(&email).map_err(|m| AppError::validation("email", m))?;
    let state = app_state()?;
    let org = repo::find_organization(state.db.pool(), &org_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let existing =
        crate::accounts::repo::find_user_by_email(state.db.pool(), email.as_str()).await?;
    if let Some(existing) = &existing
        && repo::role_of(state.db.pool(), &org_id, &existing.id)
            .await?
            .is_some()
    {
        return Err(AppError::validation("email", Msg::ErrorAlreadyMember));
    }
    let mut tx = crate::mail::reserve_email(
        &state.db,
        crate::mail::EmailKind::Invitation,
        email.as_str(),
        Some(&who.user.id),
    )
    .await?;
    let token = auth::new_token();
    let now = now_ms();
    repo::insert_invitation(
        &mut *tx,
        &repo::NewInvitation {
            id: &new_id(),
            token_hash: &auth::hash_token(&token),
            org_id: &org_id,
            email: email.as_str(),
            role,
            invited_by: &who.user.id,
            now,
            expires_at: now + INVITATION_TTL_MS,
        },
    )
    .await?;
    // Written in the invitee's language when they have an account, else in the inviter's.
    let locale = match &existing {
        Some(u) => Locale::parse(&u.locale).unwrap_or_default(),
        None => crate::state::request_locale(),
    };
    let link = format!("{}/invitation?jeton={token}", state.config.base_url);
    let mail = OutgoingEmail::compose(
        email.as_str(),
        locale,
        Msg::EmailInviteSubject,
        Msg::EmailInviteBody,
        &[
            ("inviter", &who.user.name),
            ("org", &org.name),
            ("link", &link),
        ],
    );
    crate::mail::queue(&mut tx, &mail).await?;
    Ok(state.outbox.commit(tx).await?)
}

/// Withdraws a pending invitation (admins only).
#[server(prefix = "/api", endpoint = "revoke_invitation")]
pub async fn revoke_invitation(org_id: String, invitation_id: String) -> Result<(), AppError> {
    access::require_admin(&org_id).await?;
    if repo::revoke_invitation(app_state()?.db.pool(), &org_id, &invitation_id, now_ms()).await? {
        Ok(())
    } else {
        Err(AppError::not_found())
    }
}

#[cfg(feature = "ssr")]
async fn live_invitation(token: &str) -> Result<repo::InvitationRow, AppError> {
    let state = app_state()?;
    let invitation = repo::find_invitation(state.db.pool(), &auth::hash_token(token.trim()))
        .await?
        .ok_or_else(|| AppError::validation("token", Msg::ErrorLinkInvalid))?;
    if invitation.accepted_at.is_some() || invitation.revoked_at.is_some() {
        return Err(AppError::conflict(Msg::ErrorLinkUsed));
    }
    if invitation.expires_at <= now_ms() {
        return Err(AppError::conflict(Msg::ErrorLinkExpired));
    }
    Ok(invitation)
}

/// What an invitation link offers, shown before accepting (no sign-in needed to look).
#[server(prefix = "/api", endpoint = "preview_invitation")]
pub async fn preview_invitation(token: String) -> Result<InvitationPreview, AppError> {
    let invitation = live_invitation(&token).await?;
    let org = repo::find_organization(app_state()?.db.pool(), &invitation.org_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(InvitationPreview {
        org_name: org.name,
        org_verified: org.verified,
        email: invitation.email,
        role: Role::parse(&invitation.role).unwrap_or(Role::Member),
    })
}

/// Joins the organization of an invitation; the link then stops working.
#[server(prefix = "/api", endpoint = "accept_invitation")]
pub async fn accept_invitation(token: String) -> Result<String, AppError> {
    let who = auth::require_user().await?;
    let invitation = live_invitation(&token).await?;
    let state = app_state()?;
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    if !repo::lock_organization(&mut tx, &invitation.org_id, now).await? {
        return Err(AppError::not_found());
    }
    if !repo::accept_invitation(&mut tx, &invitation.id, &who.user.id, now).await? {
        return Err(AppError::conflict(Msg::ErrorLinkUsed));
    }
    if repo::role_of(&mut *tx, &invitation.org_id, &who.user.id)
        .await?
        .is_none()
    {
        let role = Role::parse(&invitation.role).unwrap_or(Role::Member);
        repo::insert_membership(&mut *tx, &invitation.org_id, &who.user.id, role, now).await?;
    }
    crate::accounts::repo::set_active_org(&mut *tx, &who.token_hash, Some(&invitation.org_id))
        .await?;
    let joined = crate::live::LiveEvent::Membership {
        user: who.user.id.clone(),
    };
    state.live.commit(tx, vec![joined]).await?;
    Ok(invitation.org_id)
}

/// Changes a member's role (admins only); the last admin cannot step down.
#[server(prefix = "/api", endpoint = "change_member_role")]
pub async fn change_member_role(
    org_id: String,
    user_id: String,
    role: Role,
) -> Result<(), AppError> {
    access::require_admin(&org_id).await?;
    let state = app_state()?;
    let mut tx = state.db.begin_write().await?;
    if !repo::lock_organization(&mut tx, &org_id, now_ms()).await? {
        return Err(AppError::not_found());
    }
    if !repo::set_role(&mut tx, &org_id, &user_id, role).await? {
        return Err(AppError::not_found());
    }
    if repo::count_admins(&mut tx, &org_id).await? == 0 {
        return Err(AppError::conflict(Msg::ErrorLastAdmin));
    }
    tx.commit().await?;
    Ok(())
}

/// Removes someone from the organization (admins only); never the last admin.
#[server(prefix = "/api", endpoint = "remove_member")]
pub async fn remove_member(org_id: String, user_id: String) -> Result<(), AppError> {
    access::require_admin(&org_id).await?;
    remove_membership(&org_id, &user_id).await
}

/// Leaves an organization; the last admin must first name another.
#[server(prefix = "/api", endpoint = "leave_organization")]
pub async fn leave_organization(org_id: String) -> Result<(), AppError> {
    let (who, _) = access::require_member(&org_id).await?;
    remove_membership(&org_id, &who.user.id).await
}

#[cfg(feature = "ssr")]
async fn remove_membership(org_id: &str, user_id: &str) -> Result<(), AppError> {
    let state = app_state()?;
    let mut tx = state.db.begin_write().await?;
    if !repo::lock_organization(&mut tx, org_id, now_ms()).await? {
        return Err(AppError::not_found());
    }
    if !repo::delete_membership(&mut tx, org_id, user_id).await? {
        return Err(AppError::not_found());
    }
    if repo::count_admins(&mut tx, org_id).await? == 0 {
        return Err(AppError::conflict(Msg::ErrorLastAdmin));
    }
    repo::forget_active_org(&mut tx, org_id, user_id).await?;
    // Their open pages stop hearing of the organization's conversations at once.
    let gone = crate::live::LiveEvent::Membership {
        user: user_id.to_owned(),
    };
    state.live.commit(tx, vec![gone]).await?;
    Ok(())
}
