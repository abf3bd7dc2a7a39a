//! What the benchmarks share: a deterministic generator, percentiles, and running one
//! benchmark on SQLite (a file in a temporary folder) and on PostgreSQL (a database made for
//! the run and dropped after).

use std::{future::Future, process::ExitCode, time::Duration};

use app::db::{Db, new_id};

/// A small deterministic generator, so every run measures the same data.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next()).unwrap_or(0) % n.max(1)
    }

    #[allow(dead_code)]
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// The password of the benchmark's account (not every benchmark signs in this way).
#[allow(dead_code)]
pub const PASSWORD: &str = "banc-d-essai-2026";

/// The benchmark's account, confirmed, admin of `org_id`: answers its id and email.
#[allow(dead_code)]
pub async fn bench_user(
    tx: &mut app::db::Tx,
    org_id: &str,
    now: i64,
) -> Result<(String, String), Box<dyn std::error::Error>> {
    let user = new_id();
    let email = "bench@exemple.org".to_owned();
    let hash = app::accounts::auth::hash_password(PASSWORD.into())
        .await
        .map_err(|_| "hash")?;
    app::accounts::repo::insert_user(
        &mut **tx,
        &app::accounts::repo::NewUser {
            id: &user,
            email: &email,
            name: "Banc d’essai",
            password_hash: &hash,
            locale: "fr",
            is_platform_admin: false,
            email_verified_at: Some(now),
            now,
        },
    )
    .await?;
    app::organizations::repo::insert_membership(
        &mut **tx,
        org_id,
        &user,
        app::organizations::types::Role::Admin,
        now,
    )
    .await?;
    Ok((user, email))
}

/// `count` organizations in Montréal, « Organisme communautaire 0 », « … 1 »…, food banks,
/// community groups and social-economy businesses in turn: answers their ids.
#[allow(dead_code)]
pub async fn community_organizations(
    tx: &mut app::db::Tx,
    count: usize,
    now: i64,
) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    use app::organizations::types::{OrgKind, OrganizationProfile};
    let mut ids = Vec::with_capacity(count);
    for i in 0..count {
        let id = new_id();
        let profile = OrganizationProfile {
            name: format!("Organisme communautaire {i}"),
            kind: [
                OrgKind::FoodBank,
                OrgKind::Community,
                OrgKind::SocialEconomy,
            ][i % 3],
            region: app::shared::Region::MONTREAL,
            address: String::new(),
            phone: String::new(),
            website: String::new(),
            description: String::new(),
            neq: None,
        };
        app::organizations::repo::insert_organization(&mut **tx, &id, &profile, now).await?;
        ids.push(id);
    }
    Ok(ids)
}

/// A day-long session of `user` acting for `org`: answers the cookie's token.
#[allow(dead_code)]
pub async fn session(
    tx: &mut app::db::Tx,
    user: &str,
    org: &str,
    now: i64,
) -> Result<String, Box<dyn std::error::Error>> {
    let token = format!("banc-{}", new_id());
    app::accounts::repo::insert_session(
        &mut **tx,
        &app::accounts::auth::hash_token(&token),
        user,
        Some(org),
        now,
        now + 24 * 3600 * 1000,
    )
    .await?;
    Ok(token)
}

/// Resource `i` of a bookings benchmark: the five categories in turn, priced by the hour,
/// open 7 h – 21 h every day on a 30-minute grid, bookable a year ahead, confirmed at once or
/// by the owner (`instant`), with `capacity` units.
#[allow(dead_code)]
pub fn bookable_resource(
    i: usize,
    instant: bool,
    capacity: String,
) -> app::catalogue::resources::form::ResourceInput {
    let (category, title) = [
        ("kitchen", "Cuisine de production"),
        ("cold_room", "Chambre froide"),
        ("freezer", "Congélateurs"),
        ("room", "Salle polyvalente"),
        ("equipment", "Refroidisseur rapide"),
    ][i % 5];
    let mut input = app::catalogue::resources::form::ResourceInput {
        category: category.into(),
        title: format!("{title} no {i}"),
        description: "Ressource partagée entre organismes.".into(),
        region: "06".into(),
        price_unit: "hour".into(),
        price: "20".into(),
        booking_mode: if instant { "instant" } else { "approval" }.into(),
        capacity,
        slot_grid: "30".into(),
        horizon_days: "365".into(),
        ..Default::default()
    };
    match category {
        "kitchen" => input.work_stations = "6".into(),
        "cold_room" | "freezer" => input.pallet_spots = "8".into(),
        "room" => input.seats = "40".into(),
        _ => input.equipment = "Refroidisseur".into(),
    }
    for day in 0..7 {
        input.hours.set(day, "07:00".into(), "21:00".into());
    }
    input
}

/// The settings of a benchmark's server on `url`'s database, on a free loopback port.
#[allow(dead_code)]
pub fn settings(url: &str) -> Result<server::Settings, Box<dyn std::error::Error>> {
    Ok(server::Settings::from_lookup(|key| match key {
        "DATABASE_URL" => Some(url.to_owned()),
        "PARTAGE_ADDR" => Some("127.0.0.1:0".into()),
        "PARTAGE_BASE_URL" => Some("http://partage.bench".into()),
        _ => None,
    })?)
}

pub fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let rank = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[rank.min(samples.len() - 1)]
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Runs `run` on SQLite, then on PostgreSQL (`PARTAGE_TEST_POSTGRES_URL`, else the local
/// server), printing each backend's figures with `report`; fails when a run fails, PostgreSQL
/// is unreachable, or `report` says a target was missed.
pub fn on_both_databases<F, Fut, R>(run: F, report: fn(&str, &R) -> bool) -> ExitCode
where
    F: Fn(String) -> Fut,
    Fut: Future<Output = Result<R, Box<dyn std::error::Error>>>,
{
    let runtime = match server::runtime() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let mut ok = true;
        let dir = std::env::temp_dir().join(format!("partage-bench-{}", new_id()));
        match run(format!("sqlite://{}/partage.db", dir.display())).await {
            Ok(f) => ok &= report("SQLite", &f),
            Err(e) => {
                eprintln!("SQLite run failed: {e}");
                ok = false;
            }
        }
        let _ = std::fs::remove_dir_all(&dir);

        let admin_url = std::env::var("PARTAGE_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        let name = format!("partage_bench_{}", new_id().replace('-', ""));
        match Db::connect(&admin_url).await {
            Ok(admin) => {
                let created =
                    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
                        .execute(admin.pool())
                        .await;
                if let Err(e) = created {
                    eprintln!("PostgreSQL: cannot create the bench database: {e}");
                    ok = false;
                } else {
                    let (prefix, _) = admin_url.rsplit_once('/').unwrap_or((&admin_url, ""));
                    match run(format!("{prefix}/{name}")).await {
                        Ok(f) => ok &= report("PostgreSQL", &f),
                        Err(e) => {
                            eprintln!("PostgreSQL run failed: {e}");
                            ok = false;
                        }
                    }
                    let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                        "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                    )))
                    .execute(admin.pool())
                    .await;
                }
                admin.close().await;
            }
            Err(e) => {
                eprintln!("PostgreSQL at {admin_url} unreachable: {e}");
                ok = false;
            }
        }
        if ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    })
}
