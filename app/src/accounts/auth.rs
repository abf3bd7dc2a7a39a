//! Server-side authentication: password hashing, session cookies, and the checks every server
//! function starts with (`require_user`, `require_platform_admin`; an organization's roles are
//! checked by `organizations::access`).

use argon2::{
    Argon2,
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng},
};
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::repo;
use crate::{
    db::now_ms,
    error::AppError,
    i18n::Msg,
    state::{app_state, append_response_header, request_parts},
};

pub const SESSION_COOKIE: &str = "partage_session";
/// Sessions last 30 days and slide forward while used.
pub const SESSION_TTL_MS: i64 = 30 * 24 * 3600 * 1000;
const SESSION_REFRESH_AFTER_MS: i64 = 24 * 3600 * 1000;

/// The most common passwords of at least 10 characters (shorter ones fail the length rule).
const COMMON_PASSWORDS: &str = include_str!("common_passwords.txt");

/// Refuses a password that is too short, too long, or among the most common ones, or that is
/// the person's own email or name.
pub fn check_password(password: &str, email: &str, name: &str) -> Result<(), Msg> {
    super::types::PasswordRules::check_shape(password)?;
    let lower = password.to_lowercase();
    let local_part = email.split('@').next().unwrap_or_default();
    if COMMON_PASSWORDS
        .lines()
        .any(|common| common.trim() == lower)
        || lower == email.to_lowercase()
        || (!local_part.is_empty() && lower == local_part.to_lowercase())
        || lower == name.to_lowercase().replace(' ', "")
        || lower == name.to_lowercase()
    {
        return Err(Msg::ErrorPasswordCommon);
    }
    Ok(())
}

/// An argon2id hash (PHC string); runs off the async threads.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .map_err(|_| AppError::internal())?
    .map_err(|e| {
        tracing::error!(error = %e, "password hashing failed");
        AppError::internal()
    })
}

pub async fn verify_password(password: String, hash: String) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash).map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
    })
    .await
    .map_err(|_| AppError::internal())?
    .map_err(|e| {
        tracing::error!(error = %e, "stored password hash unreadable");
        AppError::internal()
    })
}

/// A hash that verification can run against when the account does not exist, so a wrong email
/// takes as long as a wrong password.
pub async fn dummy_hash() -> Result<String, AppError> {
    static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DUMMY
        .get_or_try_init(|| hash_password("partage-dummy-password".into()))
        .await
        .cloned()
}

/// A fresh random token for a cookie or an emailed link (256 bits, hex).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Tokens are stored hashed: a leaked database holds no usable session or link.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Who is signed in on a request answered outside Leptos (files such as photos): the live
/// session's person, from the cookie alone.
pub async fn signed_in_user_id(
    db: &crate::db::Db,
    parts: &http::request::Parts,
) -> Result<Option<String>, sqlx::Error> {
    let Some(token) = cookie_value(parts, SESSION_COOKIE) else {
        return Ok(None);
    };
    Ok(
        repo::find_live_session(db.pool(), &hash_token(&token), now_ms())
            .await?
            .map(|s| s.user_id),
    )
}

fn cookie_value(parts: &http::request::Parts, name: &str) -> Option<String> {
    crate::cookies::cookie_value(&parts.headers, name).map(str::to_owned)
}

fn session_cookie(value: &str, max_age_secs: i64) -> Result<String, AppError> {
    let secure = if app_state()?.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    Ok(format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}"
    ))
}

/// Starts a session for `user` and sets its cookie on the response.
pub async fn start_session(
    user: repo::UserRow,
    active_org_id: Option<String>,
) -> Result<SessionUser, AppError> {
    let state = app_state()?;
    let token = new_token();
    let token_hash = hash_token(&token);
    let now = now_ms();
    repo::insert_session(
        state.db.pool(),
        &token_hash,
        &user.id,
        active_org_id.as_deref(),
        now,
        now + SESSION_TTL_MS,
    )
    .await?;
    append_response_header(
        http::header::SET_COOKIE,
        &session_cookie(&token, SESSION_TTL_MS / 1000)?,
    )?;
    Ok(SessionUser {
        user,
        token_hash,
        active_org_id,
    })
}

/// Ends the current session (if any) and clears the cookie.
pub async fn end_session() -> Result<(), AppError> {
    let state = app_state()?;
    if let Some(token) = cookie_value(&request_parts()?, SESSION_COOKIE) {
        repo::delete_session(state.db.pool(), &hash_token(&token)).await?;
    }
    append_response_header(http::header::SET_COOKIE, &session_cookie("", 0)?)
}

/// The signed-in person behind this request, with the session that proves it.
#[derive(Clone, Debug)]
pub struct SessionUser {
    pub user: repo::UserRow,
    pub token_hash: String,
    pub active_org_id: Option<String>,
}

impl SessionUser {
    pub fn is_platform_admin(&self) -> bool {
        self.user.is_platform_admin != 0
    }

    /// Publishing and inviting reach other people: only from a confirmed address, so a
    /// throw-away account cannot spam the catalogue or others' mailboxes.
    pub fn require_verified(&self) -> Result<(), AppError> {
        if self.user.email_verified_at.is_some() {
            Ok(())
        } else {
            Err(AppError::conflict(Msg::ErrorEmailUnverified))
        }
    }
}

/// The person signed in on this request, if any. A forged, expired or revoked cookie counts as
/// nobody, and is cleared.
pub async fn current_user() -> Result<Option<SessionUser>, AppError> {
    let Ok(parts) = request_parts() else {
        return Ok(None);
    };
    let Some(token) = cookie_value(&parts, SESSION_COOKIE) else {
        return Ok(None);
    };
    let state = app_state()?;
    let token_hash = hash_token(&token);
    let now = now_ms();
    let Some(session) = repo::find_live_session(state.db.pool(), &token_hash, now).await? else {
        // Unknown or expired: tell the browser to forget it.
        let _ = append_response_header(http::header::SET_COOKIE, &session_cookie("", 0)?);
        return Ok(None);
    };
    let Some(user) = repo::find_user(state.db.pool(), &session.user_id).await? else {
        return Ok(None);
    };
    if now - session.last_seen_at > SESSION_REFRESH_AFTER_MS {
        repo::extend_session(state.db.pool(), &token_hash, now, now + SESSION_TTL_MS).await?;
        let _ = append_response_header(
            http::header::SET_COOKIE,
            &session_cookie(&token, SESSION_TTL_MS / 1000)?,
        );
    }
    Ok(Some(SessionUser {
        user,
        token_hash,
        active_org_id: session.active_org_id,
    }))
}

/// The signed-in person, or `Unauthorized`.
pub async fn require_user() -> Result<SessionUser, AppError> {
    current_user().await?.ok_or_else(AppError::unauthorized)
}

/// The signed-in person, who must be a platform admin.
pub async fn require_platform_admin() -> Result<SessionUser, AppError> {
    let who = require_user().await?;
    if who.is_platform_admin() {
        Ok(who)
    } else {
        Err(AppError::forbidden())
    }
}

/// The cookie that marks a browser where a person signed in before (OWASP's device cookie):
/// only read by the sign-in server function, so only sent to it.
const DEVICE_COOKIE: &str = "partage_appareil";
const DEVICE_TTL_SECS: i64 = 365 * 24 * 3600;

/// The hashed device token of this browser, if it is a browser `user_id` signed in from.
pub async fn trusted_device(user_id: Option<&str>) -> Result<Option<String>, AppError> {
    let (Some(user_id), Some(token)) = (user_id, cookie_value(&request_parts()?, DEVICE_COOKIE))
    else {
        return Ok(None);
    };
    let hash = hash_token(&token);
    let owner = repo::trusted_device_owner(app_state()?.db.pool(), &hash).await?;
    Ok(owner.filter(|o| o == user_id).map(|_| hash))
}

/// Marks this browser as one `user_id` signed in from, after a right password.
pub async fn trust_this_device(user_id: &str) -> Result<(), AppError> {
    let state = app_state()?;
    let token = new_token();
    repo::insert_trusted_device(state.db.pool(), &hash_token(&token), user_id, now_ms()).await?;
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    append_response_header(
        http::header::SET_COOKIE,
        &format!(
            "{DEVICE_COOKIE}={token}; Path=/api/sign_in; HttpOnly; SameSite=Strict; \
             Max-Age={DEVICE_TTL_SECS}{secure}"
        ),
    )
}

/// The client's address, for rate limits. Behind a trusted proxy, the address that proxy saw.
pub fn client_ip() -> String {
    let Ok(parts) = request_parts() else {
        return "unknown".into();
    };
    let trust_proxy = app_state()
        .map(|s| s.config.trust_forwarded_for)
        .unwrap_or(false);
    if trust_proxy
        && let Some(forwarded) = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
        && let Some(client) = forwarded_client(forwarded)
    {
        return client.to_owned();
    }
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// The client in an `X-Forwarded-For` written by one trusted proxy: the last entry, the one
/// that proxy appended. Earlier entries are whatever the client sent, and prove nothing.
fn forwarded_client(header: &str) -> Option<&str> {
    header
        .rsplit(',')
        .map(str::trim)
        .find(|entry| !entry.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_proxys_entry_names_the_client() {
        assert_eq!(forwarded_client("203.0.113.7"), Some("203.0.113.7"));
        // A client that writes its own header cannot choose the address it is counted under.
        assert_eq!(
            forwarded_client("1.2.3.4, 198.51.100.23"),
            Some("198.51.100.23")
        );
        assert_eq!(
            forwarded_client("1.2.3.4,198.51.100.23 , "),
            Some("198.51.100.23")
        );
        assert_eq!(forwarded_client(" "), None);
    }

    #[test]
    fn common_and_personal_passwords_are_refused() {
        assert_eq!(
            check_password("motdepasse123", "lea@exemple.ca", "Léa"),
            Err(Msg::ErrorPasswordCommon)
        );
        assert_eq!(
            check_password("Password123", "lea@exemple.ca", "Léa"),
            Err(Msg::ErrorPasswordCommon)
        );
        assert_eq!(
            check_password("1234567890", "lea@exemple.ca", "Léa"),
            Err(Msg::ErrorPasswordCommon)
        );
        assert_eq!(
            check_password("lea.tremblay", "lea.tremblay@exemple.ca", "Léa"),
            Err(Msg::ErrorPasswordCommon)
        );
        assert_eq!(
            check_password("court", "lea@exemple.ca", "Léa"),
            Err(Msg::ErrorPasswordTooShort)
        );
        assert!(check_password("frigo-partagé-rosemont", "lea@exemple.ca", "Léa").is_ok());
    }

    #[test]
    fn common_list_has_only_long_lowercase_entries() {
        let entries: Vec<&str> = COMMON_PASSWORDS
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect();
        assert!(entries.len() >= 100, "{} entries", entries.len());
        for e in entries {
            assert!(
                e.chars().count() >= 10,
                "{e} is shorter than the minimum and can never match"
            );
            assert_eq!(e, e.to_lowercase(), "{e} must be lower case");
        }
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let a = new_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, new_token());
        assert_eq!(hash_token(&a), hash_token(&a));
        assert_ne!(hash_token(&a), a);
    }
}
