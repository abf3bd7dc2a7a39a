//! The only place SQL about organizations, memberships and invitations lives. A little over 400
//! lines: the three share their locking (an organization's row is locked before any change to
//! its members), so they stay in one file.

use sqlx::{Any, AnyConnection, Executor, FromRow};

use super::types::{Member, OrgKind, Organization, OrganizationProfile, PendingInvitation, Role};
use crate::{organizations::types::MembershipSummary, shared::Region, time::Zone};

crate::text_column!(Role, Role::parse);
crate::text_column!(OrgKind, OrgKind::parse);
crate::text_column!(Region, Region::parse);
crate::text_column!(Zone, Zone::parse);

#[derive(FromRow)]
struct OrganizationRow {
    id: String,
    name: String,
    kind: OrgKind,
    region: Region,
    address: String,
    phone: String,
    website: String,
    description: String,
    neq: Option<String>,
    verified_at: Option<i64>,
    created_at: crate::time::Instant,
    timezone: Zone,
}

impl From<OrganizationRow> for Organization {
    fn from(row: OrganizationRow) -> Self {
        Organization {
            id: row.id,
            name: row.name,
            kind: row.kind,
            region: row.region,
            address: row.address,
            phone: row.phone,
            website: row.website,
            description: row.description,
            neq: row.neq,
            verified: row.verified_at.is_some(),
            created_at: row.created_at,
            zone: row.timezone,
        }
    }
}

const ORG_COLUMNS: &str = "id, name, kind, region, address, phone, website, description, neq, verified_at, created_at, \
     timezone";

pub async fn insert_organization<'c>(
    db: impl Executor<'c, Database = Any>,
    id: &str,
    profile: &OrganizationProfile,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO organizations (id, name, kind, region, address, phone, website, description, neq, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
    )
    .bind(id)
    .bind(&profile.name)
    .bind(profile.kind.code())
    .bind(profile.region.code_str())
    .bind(&profile.address)
    .bind(&profile.phone)
    .bind(&profile.website)
    .bind(&profile.description)
    .bind(profile.neq.as_deref())
    .bind(now)
    .execute(db)
    .await
    .map(|_| ())
}

pub async fn update_organization<'c>(
    db: impl Executor<'c, Database = Any>,
    id: &str,
    profile: &OrganizationProfile,
    now: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query(
        "UPDATE organizations SET name = $1, kind = $2, region = $3, address = $4, phone = $5, website = $6,
         description = $7, neq = $8, updated_at = $9 WHERE id = $10",
    )
    .bind(&profile.name)
    .bind(profile.kind.code())
    .bind(profile.region.code_str())
    .bind(&profile.address)
    .bind(&profile.phone)
    .bind(&profile.website)
    .bind(&profile.description)
    .bind(profile.neq.as_deref())
    .bind(now)
    .bind(id)
    .execute(db)
    .await
    .map(|r| r.rows_affected() == 1)
}

pub async fn find_organization<'c>(
    db: impl Executor<'c, Database = Any>,
    id: &str,
) -> Result<Option<Organization>, sqlx::Error> {
    sqlx::query_as::<_, OrganizationRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {ORG_COLUMNS} FROM organizations WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(db)
    .await
    .map(|row| row.map(Organization::from))
}

/// Every organization, newest first (platform administration).
pub async fn list_organizations<'c>(
    db: impl Executor<'c, Database = Any>,
) -> Result<Vec<Organization>, sqlx::Error> {
    sqlx::query_as::<_, OrganizationRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {ORG_COLUMNS} FROM organizations ORDER BY created_at DESC"
    )))
    .fetch_all(db)
    .await
    .map(|rows| rows.into_iter().map(Organization::from).collect())
}

pub async fn set_verified<'c>(
    db: impl Executor<'c, Database = Any>,
    id: &str,
    verified_at: Option<i64>,
) -> Result<bool, sqlx::Error> {
    sqlx::query("UPDATE organizations SET verified_at = $1 WHERE id = $2")
        .bind(verified_at)
        .bind(id)
        .execute(db)
        .await
        .map(|r| r.rows_affected() == 1)
}

/// Takes the organization's row lock inside a write transaction, so membership changes for
/// one organization happen one after the other (PostgreSQL row lock; SQLite holds the database
/// write lock already). Returns false when the organization does not exist.
pub async fn lock_organization(
    conn: &mut AnyConnection,
    id: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query("UPDATE organizations SET updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(conn)
        .await
        .map(|r| r.rows_affected() == 1)
}

// ---- memberships -----------------------------------------------------------------------------

pub async fn insert_membership<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: &str,
    user_id: &str,
    role: Role,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO memberships (org_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(org_id)
    .bind(user_id)
    .bind(role.code())
    .bind(now)
    .execute(db)
    .await
    .map(|_| ())
}

pub async fn role_of<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: &str,
    user_id: &str,
) -> Result<Option<Role>, sqlx::Error> {
    sqlx::query_scalar("SELECT role FROM memberships WHERE org_id = $1 AND user_id = $2")
        .bind(org_id)
        .bind(user_id)
        .fetch_optional(db)
        .await
}

/// The organizations a person belongs to, by name.
pub async fn memberships_of<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: &str,
) -> Result<Vec<MembershipSummary>, sqlx::Error> {
    let rows: Vec<(String, String, Role, Option<i64>, String)> = sqlx::query_as(
        "SELECT o.id, o.name, m.role, o.verified_at, o.region FROM memberships m
         JOIN organizations o ON o.id = m.org_id WHERE m.user_id = $1 ORDER BY o.name",
    )
    .bind(user_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(org_id, org_name, role, verified_at, region)| MembershipSummary {
                org_id,
                org_name,
                role,
                verified: verified_at.is_some(),
                region: Region::parse(&region),
            },
        )
        .collect())
}

/// The people of an organization: admins first, then by name.
pub async fn members_of<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: &str,
) -> Result<Vec<Member>, sqlx::Error> {
    let rows: Vec<(String, String, String, Role, crate::time::Instant)> = sqlx::query_as(
        "SELECT u.id, u.name, u.email, m.role, m.created_at FROM memberships m
         JOIN users u ON u.id = m.user_id WHERE m.org_id = $1
         ORDER BY CASE WHEN m.role = 'admin' THEN 0 ELSE 1 END, u.name",
    )
    .bind(org_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(user_id, name, email, role, joined_at)| Member {
            user_id,
            name,
            email,
            role,
            joined_at,
        })
        .collect())
}

/// Whom to write to for an organization: its members (of `role` only, when given), each with
/// the language they read in.
pub struct Contact {
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub locale: String,
}

pub async fn contacts_of<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: &str,
    role: Option<Role>,
) -> Result<Vec<Contact>, sqlx::Error> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT u.id, u.name, u.email, u.locale FROM memberships m
         JOIN users u ON u.id = m.user_id
         WHERE m.org_id = $1 AND ($2 = '' OR m.role = $2) ORDER BY u.name, u.id",
    )
    .bind(org_id)
    .bind(role.map(Role::code).unwrap_or(""))
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(user_id, name, email, locale)| Contact {
            user_id,
            name,
            email,
            locale,
        })
        .collect())
}

pub async fn count_admins(conn: &mut AnyConnection, org_id: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM memberships WHERE org_id = $1 AND role = 'admin'")
        .bind(org_id)
        .fetch_one(conn)
        .await
}

pub async fn delete_membership(
    conn: &mut AnyConnection,
    org_id: &str,
    user_id: &str,
) -> Result<bool, sqlx::Error> {
    sqlx::query("DELETE FROM memberships WHERE org_id = $1 AND user_id = $2")
        .bind(org_id)
        .bind(user_id)
        .execute(conn)
        .await
        .map(|r| r.rows_affected() == 1)
}

pub async fn set_role(
    conn: &mut AnyConnection,
    org_id: &str,
    user_id: &str,
    role: Role,
) -> Result<bool, sqlx::Error> {
    sqlx::query("UPDATE memberships SET role = $1 WHERE org_id = $2 AND user_id = $3")
        .bind(role.code())
        .bind(org_id)
        .bind(user_id)
        .execute(conn)
        .await
        .map(|r| r.rows_affected() == 1)
}

/// Clears the active organization of a person's sessions that point at `org_id`.
pub async fn forget_active_org(
    conn: &mut AnyConnection,
    org_id: &str,
    user_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE sessions SET active_org_id = NULL WHERE active_org_id = $1 AND user_id = $2",
    )
    .bind(org_id)
    .bind(user_id)
    .execute(conn)
    .await
    .map(|_| ())
}

// ---- invitations -----------------------------------------------------------------------------

pub struct NewInvitation<'a> {
    pub id: &'a str,
    pub token_hash: &'a str,
    pub org_id: &'a str,
    pub email: &'a str,
    pub role: Role,
    pub invited_by: &'a str,
    pub now: i64,
    pub expires_at: i64,
}

pub async fn insert_invitation<'c>(
    db: impl Executor<'c, Database = Any>,
    inv: &NewInvitation<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO invitations (id, token_hash, org_id, email, role, invited_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(inv.id)
    .bind(inv.token_hash)
    .bind(inv.org_id)
    .bind(inv.email)
    .bind(inv.role.code())
    .bind(inv.invited_by)
    .bind(inv.now)
    .bind(inv.expires_at)
    .execute(db)
    .await
    .map(|_| ())
}

pub async fn pending_invitations<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: &str,
    now: i64,
) -> Result<Vec<PendingInvitation>, sqlx::Error> {
    let rows: Vec<(
        String,
        String,
        Role,
        crate::time::Instant,
        crate::time::Instant,
    )> = sqlx::query_as(
        "SELECT id, email, role, created_at, expires_at FROM invitations
         WHERE org_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $2
         ORDER BY created_at DESC",
    )
    .bind(org_id)
    .bind(now)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, email, role, created_at, expires_at)| PendingInvitation {
                id,
                email,
                role,
                created_at,
                expires_at,
            },
        )
        .collect())
}

/// An invitation found by its link's token.
#[derive(Clone, Debug, FromRow)]
pub struct InvitationRow {
    pub id: String,
    pub org_id: String,
    pub email: String,
    pub role: String,
    pub expires_at: i64,
    pub accepted_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

pub async fn find_invitation<'c>(
    db: impl Executor<'c, Database = Any>,
    token_hash: &str,
) -> Result<Option<InvitationRow>, sqlx::Error> {
    sqlx::query_as::<_, InvitationRow>(
        "SELECT id, org_id, email, role, expires_at, accepted_at, revoked_at FROM invitations WHERE token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(db)
    .await
}

/// Marks a live invitation accepted; false when it was used, revoked or expired meanwhile.
pub async fn accept_invitation(
    conn: &mut AnyConnection,
    id: &str,
    user_id: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query(
        "UPDATE invitations SET accepted_at = $1, accepted_by = $2
         WHERE id = $3 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(user_id)
    .bind(id)
    .execute(conn)
    .await
    .map(|r| r.rows_affected() == 1)
}

pub async fn revoke_invitation<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: &str,
    id: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query(
        "UPDATE invitations SET revoked_at = $1 WHERE id = $2 AND org_id = $3 AND accepted_at IS NULL AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .bind(org_id)
    .execute(db)
    .await
    .map(|r| r.rows_affected() == 1)
}
