//! SQL of the one-tap answers emailed to an owner's admins: single-use, expiring links, kept
//! hashed.

use sqlx::{Any, Executor};

use crate::bookings::types::Decision;

crate::text_column!(Decision, Decision::parse);

/// A link to write.
pub struct NewLink<'a> {
    pub token_hash: &'a str,
    pub booking_id: &'a str,
    pub action: Decision,
    pub user_id: &'a str,
    pub now: i64,
    pub expires_at: i64,
}

pub async fn insert_link<'c>(
    db: impl Executor<'c, Database = Any>,
    l: &NewLink<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO booking_links (token_hash, booking_id, action, user_id, created_at,
            expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(l.token_hash)
    .bind(l.booking_id)
    .bind(l.action.code())
    .bind(l.user_id)
    .bind(l.now)
    .bind(l.expires_at)
    .execute(db)
    .await
    .map(|_| ())
}

/// A stored link, whatever its state.
#[derive(Debug, sqlx::FromRow)]
pub struct LinkRow {
    pub booking_id: String,
    pub action: Decision,
    pub user_id: String,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

pub async fn find_link<'c>(
    db: impl Executor<'c, Database = Any>,
    token_hash: &str,
) -> Result<Option<LinkRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT booking_id, action, user_id, expires_at, used_at FROM booking_links
         WHERE token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(db)
    .await
}

/// Spends a link: true for the one caller that finds it unused and unexpired at `now`.
pub async fn spend_link<'c>(
    db: impl Executor<'c, Database = Any>,
    token_hash: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query(
        "UPDATE booking_links SET used_at = $1
         WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(token_hash)
    .execute(db)
    .await
    .map(|r| r.rows_affected() == 1)
}
