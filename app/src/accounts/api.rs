//! Server functions for signing up, in and out, email verification, password reset, language
//! and profile. Each checks its input before touching anything.

use leptos::prelude::*;

use crate::{error::AppError, i18n::Locale};

#[cfg(feature = "ssr")]
use {
    super::{
        auth, repo,
        types::{Email, PersonName},
    },
    crate::{
        db::{Constraint, new_id, now_ms},
        i18n::Msg,
        mail::Email as OutgoingEmail,
        state::app_state,
    },
};

/// Sign-in failures allowed in `FAILURE_WINDOW_MS`: per account from browsers it does not
/// know, per browser it knows (one where it signed in before), and per client address.
#[cfg(feature = "ssr")]
const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
#[cfg(feature = "ssr")]
const MAX_FAILURES_PER_DEVICE: i64 = 5;
#[cfg(feature = "ssr")]
const MAX_FAILURES_PER_IP: i64 = 30;
#[cfg(feature = "ssr")]
const FAILURE_WINDOW_MS: i64 = 15 * 60 * 1000;
#[cfg(feature = "ssr")]
const VERIFY_TTL_MS: i64 = 7 * 24 * 3600 * 1000;
#[cfg(feature = "ssr")]
const RESET_TTL_MS: i64 = 3600 * 1000;

/// Creates an account and emails the link that confirms its address and signs it in. Answers
/// the same whether or not the address already has an account, so nobody can learn which
/// addresses do: the owner of a taken address is told by email instead.
#[server(prefix = "/api", endpoint = "sign_up")]
pub async fn sign_up(
    name: String,
    email: String,
    password: String,
    /// Where to go once the address is confirmed (`?suivant=`), a path of this site.
    #[server(default)]
    next: Option<String>,
) -> Result<(), AppError> {
    let name = PersonName::parse(&name).map_err(|m| AppError::validation("name", m))?;
    let email = Email::parse(&email).map_err(|m| AppError::validation("email", m))?;
    auth::check_password(&password, email.as_str(), name.as_str())
        .map_err(|m| AppError::validation("password", m))?;
    let state = app_state()?;
    let locale = crate::state::request_locale();
    // Hashed in both cases, so both take as long.
    let hash = auth::hash_password(password).await?;
    let id = new_id();
    let new_user = repo::NewUser {
        id: &id,
        email: email.as_str(),
        name: name.as_str(),
        password_hash: &hash,
        locale: locale.code(),
        is_platform_admin: false,
        email_verified_at: None,
        now: now_ms(),
    };
    let sent = match repo::insert_user(state.db.pool(), &new_user).await {
        Ok(()) => {
            let next = next.as_deref().and_then(super::types::safe_next_path);
            send_verification(&id, email.as_str(), name.as_str(), locale, next.as_deref()).await
        }
        Err(e) if Constraint::broken_by(&e) == Some(Constraint::UserEmail) => {
            tell_owner_of_sign_up(email.as_str()).await
        }
        Err(e) => return Err(e.into()),
    };
    match sent {
        // Past an email limit: the same answer, and the link already sent still works.
        Ok(()) | Err(AppError::RateLimited { .. }) => Ok(()),
        Err(e) => Err(e),
    }
}

/// Tells the owner of an address that someone tried to sign up with it.
#[cfg(feature = "ssr")]
async fn tell_owner_of_sign_up(email: &str) -> Result<(), AppError> {
    let state = app_state()?;
    let Some(user) = repo::find_user_by_email(state.db.pool(), email).await? else {
        return Ok(());
    };
    let mut tx = crate::mail::reserve_email(
        &state.db,
        crate::mail::EmailKind::AccountExists,
        &user.email,
        None,
    )
    .await?;
    let link = format!("{}/connexion", state.config.base_url);
    let reset = format!("{}/mot-de-passe-oublie", state.config.base_url);
    let mail = OutgoingEmail::compose(
        &user.email,
        Locale::parse(&user.locale).unwrap_or_default(),
        Msg::EmailAccountExistsSubject,
        Msg::EmailAccountExistsBody,
        &[("name", &user.name), ("sign_in", &link), ("reset", &reset)],
    );
    crate::mail::queue(&mut tx, &mail).await?;
    Ok(state.outbox.commit(tx).await?)
}

#[cfg(feature = "ssr")]
async fn send_verification(
    user_id: &str,
    email: &str,
    name: &str,
    locale: Locale,
    next: Option<&str>,
) -> Result<(), AppError> {
    let state = app_state()?;
    let mut tx = crate::mail::reserve_email(
        &state.db,
        crate::mail::EmailKind::Verification,
        email,
        Some(user_id),
    )
    .await?;
    let token = auth::new_token();
    let now = now_ms();
    repo::retire_tokens(&mut *tx, user_id, "verify_email", now).await?;
    repo::insert_token(
        &mut *tx,
        &auth::hash_token(&token),
        "verify_email",
        user_id,
        now,
        now + VERIFY_TTL_MS,
    )
    .await?;
    let mut link = format!("{}/verifier-courriel?jeton={token}", state.config.base_url);
    if let Some(next) = next {
        link.push_str("&suivant=");
        link.push_str(&crate::shared::text::encode_path(next));
    }
    let mail = OutgoingEmail::compose(
        email,
        locale,
        Msg::EmailVerifySubject,
        Msg::EmailVerifyBody,
        &[("name", name), ("link", &link)],
    );
    crate::mail::queue(&mut tx, &mail).await?;
    Ok(state.outbox.commit(tx).await?)
}

/// Signs in with email and password (`session::api::sign_in` answers with the whole session). Refused for a while after repeated failures: per account
/// from unknown browsers, per known browser, and per client address (OWASP's device cookies).
#[cfg(feature = "ssr")]
pub async fn sign_in_with_password(
    email: String,
    password: String,
) -> Result<auth::SessionUser, AppError> {
    let state = app_state()?;
    let normalized = email.trim().to_lowercase();
    if normalized.is_empty() {
        return Err(AppError::validation("email", Msg::ErrorEmailRequired));
    }
    if password.is_empty() {
        return Err(AppError::validation("password", Msg::ErrorPasswordRequired));
    }
    if password.chars().count() > super::types::PasswordRules::MAX_LEN
        || normalized.len() > Email::MAX_LEN
    {
        return Err(AppError::validation("password", Msg::ErrorWrongCredentials));
    }
    let ip = auth::client_ip();
    let now = now_ms();
    let user = repo::find_user_by_email(state.db.pool(), &normalized).await?;
    // A browser that signed in to this account before is counted on its own: guesses from
    // elsewhere cannot lock the owner out of it.
    let device = auth::trusted_device(user.as_ref().map(|u| u.id.as_str())).await?;
    // The attempt is written first and counted after, so simultaneous guesses see each other
    // and no more than the limit ever reach the password check.
    let attempt = new_id();
    repo::record_sign_in_attempt(
        state.db.pool(),
        &repo::SignInAttempt {
            id: &attempt,
            email: &normalized,
            ip: &ip,
            device_hash: device.as_deref(),
            at: now,
        },
    )
    .await?;
    let since = now - FAILURE_WINDOW_MS;
    let (bucket, max) = match &device {
        Some(device_hash) => (
            repo::SignInBucket::KnownBrowser { device_hash },
            MAX_FAILURES_PER_DEVICE,
        ),
        None => (
            repo::SignInBucket::UnknownBrowsers { email: &normalized },
            MAX_FAILURES_PER_ACCOUNT,
        ),
    };
    let limits = [
        (bucket, max),
        (repo::SignInBucket::Address { ip: &ip }, MAX_FAILURES_PER_IP),
    ];
    for (bucket, max) in limits {
        let (count, oldest) = repo::attempts_since(state.db.pool(), bucket, since).await?;
        if count > max {
            // Not checked, so not a guess: it does not keep the limit going.
            repo::forget_sign_in_attempt(state.db.pool(), &attempt).await?;
            let retry_ms = oldest.unwrap_or(now) + FAILURE_WINDOW_MS - now;
            return Err(AppError::rate_limited(
                u64::try_from(retry_ms / 1000).unwrap_or(60).max(1),
            ));
        }
    }
    let hash = match &user {
        Some(u) => u.password_hash.clone(),
        None => auth::dummy_hash().await?,
    };
    let ok = auth::verify_password(password, hash).await?;
    let Some(user) = user.filter(|_| ok) else {
        // The attempt stays, as a failure.
        return Err(AppError::validation("password", Msg::ErrorWrongCredentials));
    };
    repo::forget_sign_in_attempt(state.db.pool(), &attempt).await?;
    repo::clear_failures(state.db.pool(), bucket).await?;
    let user_id = user.id.clone();
    // No active organization yet: the session falls back to the first membership.
    let who = auth::start_session(user, None).await?;
    if device.is_none() {
        auth::trust_this_device(&user_id).await?;
    }
    Ok(who)
}

#[server(prefix = "/api", endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    auth::end_session().await
}

/// Confirms an email address with the link's token, and signs its owner in on this browser
/// (the link was sent to that address, once).
#[cfg(feature = "ssr")]
pub async fn confirm_email_and_sign_in(token: String) -> Result<auth::SessionUser, AppError> {
    let state = app_state()?;
    let now = now_ms();
    let hash = auth::hash_token(token.trim());
    let Some(user_id) = repo::consume_token(state.db.pool(), &hash, "verify_email", now).await?
    else {
        return Err(token_error(&hash, "verify_email").await?);
    };
    repo::mark_email_verified(state.db.pool(), &user_id, now).await?;
    let user = repo::find_user(state.db.pool(), &user_id)
        .await?
        .ok_or_else(AppError::internal)?;
    let who = auth::start_session(user, None).await?;
    auth::trust_this_device(&user_id).await?;
    Ok(who)
}

#[cfg(feature = "ssr")]
async fn token_error(hash: &str, kind: &str) -> Result<AppError, AppError> {
    let state = app_state()?;
    Ok(
        match repo::token_state(state.db.pool(), hash, kind).await? {
            Some(true) => AppError::conflict(Msg::ErrorLinkUsed),
            Some(false) => AppError::conflict(Msg::ErrorLinkExpired),
            None => AppError::validation("token", Msg::ErrorLinkInvalid),
        },
    )
}

/// Sends a new verification link to the signed-in person.
#[server(prefix = "/api", endpoint = "resend_verification")]
pub async fn resend_verification() -> Result<(), AppError> {
    let who = auth::require_user().await?;
    if who.user.email_verified_at.is_some() {
        return Ok(());
    }
    let locale = Locale::parse(&who.user.locale).unwrap_or_default();
    send_verification(&who.user.id, &who.user.email, &who.user.name, locale, None).await
}

/// Emails a single-use reset link. Answers the same whether or not the address has an
/// account, so nobody can probe which addresses do.
#[server(prefix = "/api", endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    let email = Email::parse(&email).map_err(|m| AppError::validation("email", m))?;
    let state = app_state()?;
    let Some(user) = repo::find_user_by_email(state.db.pool(), email.as_str()).await? else {
        return Ok(());
    };
    // Past the limit, the same answer and no email: the previous link still works.
    let mut tx = match crate::mail::reserve_email(
        &state.db,
        crate::mail::EmailKind::PasswordReset,
        &user.email,
        None,
    )
    .await
    {
        Ok(tx) => tx,
        Err(AppError::RateLimited { .. }) => return Ok(()),
        Err(e) => return Err(e),
    };
    let token = auth::new_token();
    let now = now_ms();
    repo::retire_tokens(&mut *tx, &user.id, "reset_password", now).await?;
    repo::insert_token(
        &mut *tx,
        &auth::hash_token(&token),
        "reset_password",
        &user.id,
        now,
        now + RESET_TTL_MS,
    )
    .await?;
    let link = format!("{}/reinitialiser?jeton={token}", state.config.base_url);
    let locale = Locale::parse(&user.locale).unwrap_or_default();
    let mail = OutgoingEmail::compose(
        &user.email,
        locale,
        Msg::EmailResetSubject,
        Msg::EmailResetBody,
        &[("name", &user.name), ("link", &link)],
    );
    crate::mail::queue(&mut tx, &mail).await?;
    Ok(state.outbox.commit(tx).await?)
}

/// Sets a new password with a reset link's token; signs out every other session.
#[server(prefix = "/api", endpoint = "reset_password")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    let state = app_state()?;
    let hash = auth::hash_token(token.trim());
    // Check the new password against the account before spending the link.
    let Some(user_id) = repo::token_owner(state.db.pool(), &hash, "reset_password").await? else {
        return Err(token_error(&hash, "reset_password").await?);
    };
    let user = repo::find_user(state.db.pool(), &user_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    auth::check_password(&password, &user.email, &user.name)
        .map_err(|m| AppError::validation("password", m))?;
    let password_hash = auth::hash_password(password).await?;
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    if repo::consume_token(&mut *tx, &hash, "reset_password", now)
        .await?
        .is_none()
    {
        drop(tx);
        return Err(token_error(&hash, "reset_password").await?);
    }
    repo::set_password_hash(&mut *tx, &user.id, &password_hash).await?;
    repo::mark_email_verified(&mut *tx, &user.id, now).await?;
    repo::delete_user_sessions(&mut *tx, &user.id).await?;
    repo::clear_failures_for_email(&mut *tx, &user.email).await?;
    tx.commit().await?;
    Ok(())
}

/// Remembers the language choice: a cookie for everyone, and the account for the signed in
/// (emails then go out in that language).
#[server(prefix = "/api", endpoint = "set_locale")]
pub async fn set_locale(locale: Locale) -> Result<(), AppError> {
    let secure = if app_state()?.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    crate::state::append_response_header(
        http::header::SET_COOKIE,
        &format!(
            "{}={}; Path=/; SameSite=Lax; Max-Age=31536000{secure}",
            crate::i18n::LOCALE_COOKIE,
            locale.code()
        ),
    )?;
    if let Some(who) = auth::current_user().await? {
        repo::set_user_locale(app_state()?.db.pool(), &who.user.id, locale.code()).await?;
    }
    Ok(())
}

/// Changes the signed-in person's display name.
#[server(prefix = "/api", endpoint = "update_profile")]
pub async fn update_profile(name: String) -> Result<(), AppError> {
    let who = auth::require_user().await?;
    let name = PersonName::parse(&name).map_err(|m| AppError::validation("name", m))?;
    repo::set_user_name(app_state()?.db.pool(), &who.user.id, name.as_str()).await?;
    Ok(())
}
