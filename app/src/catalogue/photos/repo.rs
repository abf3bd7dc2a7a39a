//! The only place SQL about photos lives.

use sqlx::{Any, Executor, FromRow};

use super::Photo;
use crate::catalogue::filter::to_u32;

#[derive(FromRow)]
struct PhotoRow {
    id: String,
    alt_text: String,
    width: i64,
    height: i64,
}

impl From<PhotoRow> for Photo {
    fn from(row: PhotoRow) -> Photo {
        Photo {
            id: row.id,
            alt: row.alt_text,
            width: to_u32(row.width),
            height: to_u32(row.height),
        }
    }
}

/// A resource's photos, cover first.
pub async fn resource_photos<'c>(
    db: impl Executor<'c, Database = Any>,
    resource_id: &str,
) -> Result<Vec<Photo>, sqlx::Error> {
    let rows = sqlx::query_as::<_, PhotoRow>(
        "SELECT id, alt_text, width, height FROM resource_photos
         WHERE resource_id = $1 ORDER BY position",
    )
    .bind(resource_id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Photo::from).collect())
}

/// A photo to add after a resource's others.
pub struct NewPhoto<'a> {
    pub id: &'a str,
    pub resource_id: &'a str,
    pub alt: &'a str,
    pub width: u32,
    pub height: u32,
    pub bytes: usize,
    pub created_by: &'a str,
    pub now: i64,
}

/// Adds a photo last, unless the resource already has `max` photos (then `false`). Two
/// uploads at the same instant compute the same place; the unique `(resource_id, position)`
/// lets one win and the other fails with a unique violation, to be retried.
pub async fn insert_photo<'c>(
    db: impl Executor<'c, Database = Any>,
    photo: &NewPhoto<'_>,
    max: usize,
) -> Result<bool, sqlx::Error> {
    sqlx::query(
        "INSERT INTO resource_photos
            (id, resource_id, position, alt_text, width, height, bytes, created_by, created_at)
         SELECT $1, $2, COALESCE(MAX(position), -1) + 1, $3, $4, $5, $6, $7, $8
         FROM resource_photos WHERE resource_id = $2
         HAVING COUNT(*) < $9",
    )
    .bind(photo.id)
    .bind(photo.resource_id)
    .bind(photo.alt)
    .bind(i64::from(photo.width))
    .bind(i64::from(photo.height))
    .bind(i64::try_from(photo.bytes).unwrap_or(i64::MAX))
    .bind(photo.created_by)
    .bind(photo.now)
    .bind(i64::try_from(max).unwrap_or(i64::MAX))
    .execute(db)
    .await
    .map(|r| r.rows_affected() == 1)
}

/// The resource a photo belongs to, if the photo exists.
pub async fn photo_resource<'c>(
    db: impl Executor<'c, Database = Any>,
    photo_id: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT resource_id FROM resource_photos WHERE id = $1")
        .bind(photo_id)
        .fetch_optional(db)
        .await
}

/// Who may see a photo: its resource's organization, and whether the resource is published
/// (then anyone may).
pub async fn photo_visibility<'c>(
    db: impl Executor<'c, Database = Any>,
    photo_id: &str,
) -> Result<Option<(String, bool)>, sqlx::Error> {
    sqlx::query_as::<_, (String, i64)>(
        "SELECT r.org_id, CASE WHEN r.status = 'published' THEN 1 ELSE 0 END
         FROM resource_photos p JOIN resources r ON r.id = p.resource_id WHERE p.id = $1",
    )
    .bind(photo_id)
    .fetch_optional(db)
    .await
    .map(|row| row.map(|(org, published)| (org, published != 0)))
}

/// Rewrites a photo's alt text.
pub async fn set_photo_alt<'c>(
    db: impl Executor<'c, Database = Any>,
    photo_id: &str,
    alt: &str,
) -> Result<bool, sqlx::Error> {
    sqlx::query("UPDATE resource_photos SET alt_text = $2 WHERE id = $1")
        .bind(photo_id)
        .bind(alt)
        .execute(db)
        .await
        .map(|r| r.rows_affected() == 1)
}

/// Puts a photo before the resource's others, making it the cover. Like `insert_photo`, a
/// simultaneous move may fail with a unique violation, to be retried.
pub async fn move_photo_first<'c>(
    db: impl Executor<'c, Database = Any>,
    photo_id: &str,
) -> Result<bool, sqlx::Error> {
    sqlx::query(
        "UPDATE resource_photos SET position = (
             SELECT MIN(p.position) - 1 FROM resource_photos p
             WHERE p.resource_id = resource_photos.resource_id)
         WHERE id = $1",
    )
    .bind(photo_id)
    .execute(db)
    .await
    .map(|r| r.rows_affected() == 1)
}

/// Removes a photo's row (its files are the caller's to delete).
pub async fn delete_photo<'c>(
    db: impl Executor<'c, Database = Any>,
    photo_id: &str,
) -> Result<bool, sqlx::Error> {
    sqlx::query("DELETE FROM resource_photos WHERE id = $1")
        .bind(photo_id)
        .execute(db)
        .await
        .map(|r| r.rows_affected() == 1)
}
