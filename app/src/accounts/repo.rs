//! The only place SQL about people, sessions, single-use tokens and sign-in attempts lives.
//! Over 400 lines: four small tables, each a handful of short queries, that only `accounts`
//! reads.

use sqlx::{Any, Executor, FromRow};

/// A person as stored.
#[derive(Clone, Debug, FromRow)]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub locale: String,
    pub email_verified_at: Option<i64>,
    pub is_platform_admin: i64,
}

const USER_COLUMNS: &str =
    "id, email, name, password_hash, locale, email_verified_at, is_platform_admin";

pub struct NewUser<'a> {
    pub id: &'a str,
    pub email: &'a str,
    pub name: &'a str,
    pub password_hash: &'a str,
    pub locale: &'a str,
    pub is_platform_admin: bool,
    pub email_verified_at: Option<i64>,
    pub now: i64,
}

pub async fn insert_user<'c>(
    db: impl Executor<'c, Database = Any>,
    user: &NewUser<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO users (id, email, name, password_hash, locale, email_verified_at, is_platform_admin, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(user.id)
    .bind(user.email)
    .bind(user.name)
    .bind(user.password_hash)
    .bind(user.locale)
    .bind(user.email_verified_at)
    .bind(crate::db::from_bool(user.is_platform_admin))
    .bind(user.now)
    .execute(db)
    .await
    .map(|_| ())
}

pub async fn find_user_by_email<'c>(
    db: impl Executor<'c, Database = Any>,
    email: &str,
) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {USER_COLUMNS} FROM users WHERE email = $1"
    )))
    .bind(email)
    .fetch_optional(db)
    .await
}

pub async fn find_user<'c>(
    db: impl Executor<'c, Database = Any>,
    id: &str,
) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {USER_COLUMNS} FROM users WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(db)
    .await
}

pub async fn set_user_locale<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: &str,
    locale: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET locale = $1 WHERE id = $2")
        .bind(locale)
        .bind(user_id)
        .execute(db)
        .await
        .map(|_| ())
}

pub async fn set_user_name<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: &str,
    name: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET name = $1 WHERE id = $2")
        .bind(name)
        .bind(user_id)
        .execute(db)
        .await
        .map(|_| ())
}

pub async fn set_password_hash<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: &str,
    hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(user_id)
        .execute(db)
        .await
        .map(|_| ())
}

pub async fn mark_email_verified<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET email_verified_at = COALESCE(email_verified_at, $1) WHERE id = $2",
    )
    .bind(now)
    .bind(user_id)
    .execute(db)
    .await
    .map(|_| ())
}

pub async fn set_platform_admin<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET is_platform_admin = 1 WHERE id = $1")
        .bind(user_id)
        .execute(db)
        .await
        .map(|_| ())
}

// ---- sessions --------------------------------------------------------------------------------

#[derive(Clone, Debug, FromRow)]
pub struct SessionRow {
    pub token_hash: String,
    pub user_id: String,
    pub active_org_id: Option<String>,
    pub expires_at: i64,
    pub last_seen_at: i64,
}

pub async fn insert_session<'c>(
    db: impl Executor<'c, Database = Any>,
    token_hash: &str,
    user_id: &str,
    active_org_id: Option<&str>,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, active_org_id, created_at, expires_at, last_seen_at)
         VALUES ($1, $2, $3, $4, $5, $4)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(active_org_id)
    .bind(now)
    .bind(expires_at)
    .execute(db)
    .await
    .map(|_| ())
}

pub async fn find_live_session<'c>(
    db: impl Executor<'c, Database = Any>,
    token_hash: &str,
    now: i64,
) -> Result<Option<SessionRow>, sqlx::Error> {
    sqlx::query_as::<_, SessionRow>(
        "SELECT token_hash, user_id, active_org_id, expires_at, last_seen_at
         FROM sessions WHERE token_hash = $1 AND expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(db)
    .await
}

/// Slides a session's expiry forward (called at most about once a day per session).
pub async fn extend_session<'c>(
    db: impl Executor<'c, Database = Any>,
    token_hash: &str,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3")
        .bind(now)
        .bind(expires_at)
        .bind(token_hash)
        .execute(db)
        .await
        .map(|_| ())
}

pub async fn set_active_org<'c>(
    db: impl Executor<'c, Database = Any>,
    token_hash: &str,
    org_id: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET active_org_id = $1 WHERE token_hash = $2")
        .bind(org_id)
        .bind(token_hash)
        .execute(db)
        .await
        .map(|_| ())
}

pub async fn delete_session<'c>(
    db: impl Executor<'c, Database = Any>,
    token_hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(db)
        .await
        .map(|_| ())
}

/// Signs a person out everywhere (after a password reset).
pub async fn delete_user_sessions<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(db)
        .await
        .map(|_| ())
}

// ---- single-use tokens (email verification, password reset) ----------------------------------

pub async fn insert_token<'c>(
    db: impl Executor<'c, Database = Any>,
    token_hash: &str,
    kind: &str,
    user_id: &str,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO tokens (token_hash, kind, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash)
    .bind(kind)
    .bind(user_id)
    .bind(now)
    .bind(expires_at)
    .execute(db)
    .await
    .map(|_| ())
}

/// Marks a live token used and returns its owner; `None` when it is unknown, used or expired.
/// One statement, so two concurrent uses of the same link cannot both succeed.
pub async fn consume_token<'c>(
    db: impl Executor<'c, Database = Any>,
    token_hash: &str,
    kind: &str,
    now: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar::<_, String>(
        "UPDATE tokens SET used_at = $1
         WHERE token_hash = $2 AND kind = $3 AND used_at IS NULL AND expires_at > $1
         RETURNING user_id",
    )
    .bind(now)
    .bind(token_hash)
    .bind(kind)
    .fetch_optional(db)
    .await
}

/// Why a token could not be used: `Some(true)` used, `Some(false)` expired, `None` unknown.
pub async fn token_state<'c>(
    db: impl Executor<'c, Database = Any>,
    token_hash: &str,
    kind: &str,
) -> Result<Option<bool>, sqlx::Error> {
    let used: Option<Option<i64>> = sqlx::query_scalar::<_, Option<i64>>(
        "SELECT used_at FROM tokens WHERE token_hash = $1 AND kind = $2",
    )
    .bind(token_hash)
    .bind(kind)
    .fetch_optional(db)
    .await?;
    Ok(used.map(|u| u.is_some()))
}

/// Retires a person's other live tokens of one kind (a new reset link voids the older ones).
pub async fn retire_tokens<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: &str,
    kind: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE tokens SET used_at = $1 WHERE user_id = $2 AND kind = $3 AND used_at IS NULL",
    )
    .bind(now)
    .bind(user_id)
    .bind(kind)
    .execute(db)
    .await
    .map(|_| ())
}

// ---- sign-in attempts ------------------------------------------------------------------------

/// Writes a sign-in attempt before its password is checked: counted at once, it is seen by
/// every attempt that counts after it. It stays as a failure unless the password was right.
pub async fn record_sign_in_attempt<'c>(
    db: impl Executor<'c, Database = Any>,
    attempt: &SignInAttempt<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sign_in_failures (id, email, ip, device_hash, at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(attempt.id)
    .bind(attempt.email)
    .bind(attempt.ip)
    .bind(attempt.device_hash)
    .bind(attempt.at)
    .execute(db)
    .await
    .map(|_| ())
}

pub struct SignInAttempt<'a> {
    pub id: &'a str,
    pub email: &'a str,
    pub ip: &'a str,
    /// The hashed device token, when the browser signed in to this account before.
    pub device_hash: Option<&'a str>,
    pub at: i64,
}

/// Removes one attempt (a right password, or one refused before its password was checked).
pub async fn forget_sign_in_attempt<'c>(
    db: impl Executor<'c, Database = Any>,
    id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sign_in_failures WHERE id = $1")
        .bind(id)
        .execute(db)
        .await
        .map(|_| ())
}

/// Where sign-in attempts are counted.
#[derive(Clone, Copy, Debug)]
pub enum SignInBucket<'a> {
    /// One account, from browsers it does not know.
    UnknownBrowsers { email: &'a str },
    /// One browser where the account signed in before (its hashed device token).
    KnownBrowser { device_hash: &'a str },
    /// One client address, whatever the account.
    Address { ip: &'a str },
}

impl<'a> SignInBucket<'a> {
    /// The rows of the bucket: a condition on `$1`, and the value bound to it.
    fn condition(self) -> (&'static str, &'a str) {
        match self {
            Self::UnknownBrowsers { email } => ("email = $1 AND device_hash IS NULL", email),
            Self::KnownBrowser { device_hash } => ("device_hash = $1", device_hash),
            Self::Address { ip } => ("ip = $1", ip),
        }
    }
}

/// Attempts in a bucket since `since`: (count, oldest).
pub async fn attempts_since<'c>(
    db: impl Executor<'c, Database = Any>,
    bucket: SignInBucket<'_>,
    since: i64,
) -> Result<(i64, Option<i64>), sqlx::Error> {
    let (condition, key) = bucket.condition();
    sqlx::query_as::<_, (i64, Option<i64>)>(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*), MIN(at) FROM sign_in_failures WHERE {condition} AND at > $2"
    )))
    .bind(key)
    .bind(since)
    .fetch_one(db)
    .await
}

/// After a right password: the failures of the bucket it was counted in are forgiven.
pub async fn clear_failures<'c>(
    db: impl Executor<'c, Database = Any>,
    bucket: SignInBucket<'_>,
) -> Result<(), sqlx::Error> {
    let (condition, key) = bucket.condition();
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DELETE FROM sign_in_failures WHERE {condition}"
    )))
    .bind(key)
    .execute(db)
    .await
    .map(|_| ())
}

/// After a password reset: every failure on the account is forgiven.
pub async fn clear_failures_for_email<'c>(
    db: impl Executor<'c, Database = Any>,
    email: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sign_in_failures WHERE email = $1")
        .bind(email)
        .execute(db)
        .await
        .map(|_| ())
}

// ---- trusted devices -------------------------------------------------------------------------

pub async fn insert_trusted_device<'c>(
    db: impl Executor<'c, Database = Any>,
    token_hash: &str,
    user_id: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO trusted_devices (token_hash, user_id, created_at) VALUES ($1, $2, $3)")
        .bind(token_hash)
        .bind(user_id)
        .bind(now)
        .execute(db)
        .await
        .map(|_| ())
}

/// Whose browser a device token is, if anyone's.
pub async fn trusted_device_owner<'c>(
    db: impl Executor<'c, Database = Any>,
    token_hash: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT user_id FROM trusted_devices WHERE token_hash = $1")
        .bind(token_hash)
        .fetch_optional(db)
        .await
}

/// The owner of a live token, without using it.
pub async fn token_owner<'c>(
    db: impl Executor<'c, Database = Any>,
    token_hash: &str,
    kind: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar::<_, String>(
        "SELECT user_id FROM tokens WHERE token_hash = $1 AND kind = $2 AND used_at IS NULL AND expires_at > $3",
    )
    .bind(token_hash)
    .bind(kind)
    .bind(crate::db::now_ms())
    .fetch_optional(db)
    .await
}
