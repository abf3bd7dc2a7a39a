//! SQL of a resource's partner organizations (who may book it when it is kept for partners).

use sqlx::{Any, Executor};

/// The partners of `resource_id`, as (id, name), by name.
pub async fn partners_of<'c>(
    db: impl Executor<'c, Database = Any>,
    resource_id: &str,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.id, o.name FROM resource_partners p JOIN organizations o ON o.id = p.org_id
         WHERE p.resource_id = $1 ORDER BY o.name, o.id",
    )
    .bind(resource_id)
    .fetch_all(db)
    .await
}

/// Organizations whose name matches `name` exactly, accents and capitals aside (at most two:
/// enough to tell one from several).
pub async fn organizations_named<'c>(
    db: impl Executor<'c, Database = Any>,
    name: &str,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM organizations WHERE LOWER(name) = LOWER($1) LIMIT 2")
        .bind(name)
        .fetch_all(db)
        .await
}

/// Every organization but `except`, as (id, name), by name: the names to pick a partner from.
pub async fn organization_names<'c>(
    db: impl Executor<'c, Database = Any>,
    except: &str,
    limit: i64,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, name FROM organizations WHERE id <> $1 ORDER BY name, id LIMIT $2")
        .bind(except)
        .bind(limit)
        .fetch_all(db)
        .await
}

/// Adds a partner; nothing changes when it is one already.
pub async fn add_partner<'c>(
    db: impl Executor<'c, Database = Any>,
    resource_id: &str,
    org_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO resource_partners (resource_id, org_id) VALUES ($1, $2)
         ON CONFLICT DO NOTHING",
    )
    .bind(resource_id)
    .bind(org_id)
    .execute(db)
    .await
    .map(|_| ())
}

/// Removes a partner; false when it was not one.
pub async fn remove_partner<'c>(
    db: impl Executor<'c, Database = Any>,
    resource_id: &str,
    org_id: &str,
) -> Result<bool, sqlx::Error> {
    sqlx::query("DELETE FROM resource_partners WHERE resource_id = $1 AND org_id = $2")
        .bind(resource_id)
        .bind(org_id)
        .execute(db)
        .await
        .map(|r| r.rows_affected() == 1)
}
