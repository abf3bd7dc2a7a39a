//! The database: one code path for SQLite (the embedded default) and PostgreSQL (scale-out),
//! through sqlx's `Any` driver. Queries use `$1` placeholders, which both accept; instants are
//! Unix milliseconds in `BIGINT` columns, booleans are `BIGINT` 0/1.

use std::{str::FromStr, time::Duration};

use sqlx::{
    AnyPool, Transaction,
    any::{AnyConnectOptions, AnyPoolOptions},
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The connection pool and which backend it talks to.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    /// Where write transactions start. On SQLite, a pool of one connection: writers queue for
    /// it in order, instead of each retrying the file's lock on its own (SQLite's busy handler
    /// sleeps 1, 2, 5… ms between tries, which cost two thirds of the sends per second at 16
    /// at once). On PostgreSQL, the same pool as reads.
    writer: AnyPool,
    backend: Backend,
}

pub type Tx = Transaction<'static, sqlx::Any>;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

impl Db {
    /// Connects to `url` (`sqlite://…` or `postgres://…`), creating a SQLite file and its folder
    /// when missing.
    pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            return Err(sqlx::Error::Configuration(
                "DATABASE_URL must start with sqlite: or postgres://".into(),
            ));
        };
        let url = match backend {
            Backend::Sqlite => sqlite_url_with_create(url)?,
            Backend::Postgres => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url)?;
        let sqlite = |connections: u32, wait: u64| {
            AnyPoolOptions::new()
                .max_connections(connections)
                .acquire_timeout(Duration::from_secs(wait))
                .after_connect(|conn, _meta| {
                    Box::pin(async move {
                        // WAL keeps readers off writers' backs; NORMAL sync in WAL mode loses
                        // nothing a committed transaction wrote if the process dies.
                        for pragma in [
                            "PRAGMA journal_mode = WAL",
                            "PRAGMA synchronous = NORMAL",
                            "PRAGMA foreign_keys = ON",
                            "PRAGMA busy_timeout = 10000",
                        ] {
                            sqlx::query(pragma).execute(&mut *conn).await?;
                        }
                        Ok(())
                    })
                })
        };
        let (pool, writer) = match backend {
            Backend::Sqlite => {
                let pool = sqlite(8, 10).connect_with(options.clone()).await?;
                // Writes wait their turn here; a burst of them may queue a while.
                let writer = sqlite(1, 30).connect_with(options).await?;
                (pool, writer)
            }
            Backend::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(options)
                    .await?;
                (pool.clone(), pool)
            }
        };
        Ok(Db {
            pool,
            writer,
            backend,
        })
    }

    /// Applies the migrations that have not run yet. A migration whose name ends in `_sqlite`
    /// or `_postgres` is for that database only (text indexes differ); the others are shared.
    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        let other = match self.backend {
            Backend::Sqlite => "postgres",
            Backend::Postgres => "sqlite",
        };
        let ours = MIGRATOR
            .iter()
            .filter(|m| !m.description.ends_with(other))
            .cloned()
            .collect();
        sqlx::migrate::Migrator::with_migrations(ours)
            .run(&self.pool)
            .await
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Starts a transaction that will write. On SQLite it waits for the writer connection,
    /// then takes the write lock at once (`BEGIN IMMEDIATE`), so two writers queue instead of
    /// failing when one upgrades a read (another process on the same file still waits on the
    /// lock). On PostgreSQL, writers serialize on the rows they lock (see the repositories).
    pub async fn begin_write(&self) -> Result<Tx, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.writer.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// Makes the writers of `tx` that name the same key wait for each other until it ends, for
    /// writes that count rows before adding one (limits). On SQLite a write transaction
    /// (`begin_write`) already excludes every other writer; on PostgreSQL a transaction-scoped
    /// advisory lock on the key does, per `namespace`. Lock keys in one fixed order.
    pub async fn lock_key(
        &self,
        tx: &mut Tx,
        namespace: i32,
        key: &str,
    ) -> Result<(), sqlx::Error> {
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock($1, hashtext($2))::text")
                .bind(namespace)
                .bind(key)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    /// Answers only when the database does (for `/healthz`).
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map(|_| ())
    }

    pub async fn close(&self) {
        self.writer.close().await;
        self.pool.close().await;
    }
}

/// `sqlite://data/partage.db` → the same with `mode=rwc`, after creating `data/`.
fn sqlite_url_with_create(url: &str) -> Result<String, sqlx::Error> {
    let rest = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if !path.is_empty()
        && path != ":memory:"
        && let Some(parent) = std::path::Path::new(path).parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).map_err(|e| sqlx::Error::Configuration(e.into()))?;
    }
    let query = if query.contains("mode=") {
        query.to_owned()
    } else if query.is_empty() {
        "mode=rwc".to_owned()
    } else {
        format!("{query}&mode=rwc")
    };
    Ok(format!("sqlite://{path}?{query}"))
}

/// Now, in Unix milliseconds.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or_default()
}

/// A new time-ordered identifier.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// A rule of the schema that a write can break, known by name, so each maps to its own
/// translated conflict (an address already taken is not a photo slot taken meanwhile).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Constraint {
    /// `users_email_key`: one account per address.
    UserEmail,
    /// `memberships_pkey`: one membership per person and organization.
    Membership,
    /// `resource_photos_resource_id_position_key`: one photo per position.
    PhotoPosition,
    /// `notifications_once_key`: a notice told once.
    NotificationOnce,
}

impl Constraint {
    /// Each rule: its name (PostgreSQL reports it) and the columns SQLite names in its message
    /// (« UNIQUE constraint failed: users.email »), since SQLite reports no name.
    const ALL: [(Constraint, &'static str, &'static str); 4] = [
        (Constraint::UserEmail, "users_email_key", "users.email"),
        (
            Constraint::Membership,
            "memberships_pkey",
            "memberships.org_id, memberships.user_id",
        ),
        (
            Constraint::PhotoPosition,
            "resource_photos_resource_id_position_key",
            "resource_photos.resource_id, resource_photos.position",
        ),
        (
            Constraint::NotificationOnce,
            "notifications_once_key",
            "notifications.once_key",
        ),
    ];

    /// The rule `err` broke, when it is one of ours.
    pub fn broken_by(err: &sqlx::Error) -> Option<Constraint> {
        let db_err = err.as_database_error()?;
        if let Some(name) = db_err.constraint() {
            return Self::ALL
                .iter()
                .find(|(_, pg, _)| *pg == name)
                .map(|(c, _, _)| *c);
        }
        let columns = db_err
            .message()
            .strip_prefix("UNIQUE constraint failed: ")?;
        Self::ALL
            .iter()
            .find(|(_, _, sqlite)| *sqlite == columns)
            .map(|(c, _, _)| *c)
    }
}

pub fn to_bool(value: i64) -> bool {
    value != 0
}

pub fn from_bool(value: bool) -> i64 {
    i64::from(value)
}

/// Reads a `TEXT` column straight into a value type through its `parse`: a stored value that
/// does not parse is a decoding error (logged, answered as an internal error), never a silent
/// default such as an unknown status read as a draft.
#[macro_export]
macro_rules! text_column {
    ($ty:ty, $parse:expr) => {
        impl sqlx::Type<sqlx::Any> for $ty {
            fn type_info() -> sqlx::any::AnyTypeInfo {
                <String as sqlx::Type<sqlx::Any>>::type_info()
            }
            fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
                <String as sqlx::Type<sqlx::Any>>::compatible(ty)
            }
        }

        impl<'r> sqlx::Decode<'r, sqlx::Any> for $ty {
            fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
                let text = <String as sqlx::Decode<'r, sqlx::Any>>::decode(value)?;
                let parse: fn(&str) -> Option<$ty> = $parse;
                parse(&text).ok_or_else(|| {
                    format!("unknown {} {text:?} in the database", stringify!($ty)).into()
                })
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_get_create_mode() {
        let dir = std::env::temp_dir().join(format!("partage-url-{}", new_id()));
        let url = format!("sqlite://{}/x.db", dir.display());
        let out = sqlite_url_with_create(&url).expect("url");
        assert!(out.ends_with("x.db?mode=rwc"), "{out}");
        assert!(dir.exists());
        let _ = std::fs::remove_dir_all(dir);
        assert_eq!(
            sqlite_url_with_create("sqlite::memory:").expect("url"),
            "sqlite://:memory:?mode=rwc"
        );
    }
}
