//! Bookings benchmark: 200 resources and 50,000 bookings of generated, realistic data (half a
//! year back and ahead, every status), served by the real router on a loopback port, on SQLite
//! and on PostgreSQL. Measures a month of one resource's availability (p50/p95), booking writes
//! per second (a request with instant confirmation, through HTTP, the session, the resource's
//! lock, the checks and the history) at concurrency 1 and 8, and the size of « Réservations »
//! for an organization with 5,000 bookings on its resources, brotli-compressed.
//!
//! `cargo bench -p server --bench bookings` (or `./scripts/bench.sh`). Targets: availability
//! p95 ≤ 20 ms; writes ≥ 400/s on SQLite at both concurrencies; page ≤ 60 KB compressed.
//! Prints one line per figure and exits non-zero when a target is missed.

mod common;

use std::time::{Duration, Instant};

use common::{Rng, ms, percentile};

use app::{
    bookings::{repo as bookings, types::BookingStatus},
    catalogue::{
        resources::{repo as resources, types::ResourceStatus},
        search,
    },
    db::{Db, new_id, now_ms},
    time::{TimeRange, Zone, add_days, iso_date},
};

const RESOURCES: usize = 200;
const BOOKINGS: usize = 50_000;
const ORGS: usize = 60;
/// Resources of the organization whose page is measured.
const OWN: usize = 20;
const AVAILABILITY_CALLS: usize = 300;
const WRITES_SERIAL: usize = 400;
const WRITES_PARALLEL: usize = 800;
const DAY_MS: i64 = 24 * 3600 * 1000;
/// Slots of a day, as (start, end) minutes.
const SLOTS: [(i64, i64); 4] = [(480, 600), (600, 720), (780, 900), (900, 1020)];

struct Seeded {
    email: String,
    /// Resources of other organizations that confirm at once, far from full.
    instant: Vec<String>,
    all: Vec<String>,
}

async fn seed(db: &Db) -> Result<Seeded, Box<dyn std::error::Error>> {
    let mut rng = Rng(2027);
    let now = now_ms();
    let zone = Zone::Montreal;
    let today = zone.today();
    let mut tx = db.begin_write().await?;
    let org_ids = common::community_organizations(&mut tx, ORGS, now).await?;
    let (user, email) = common::bench_user(&mut tx, &org_ids[0], now).await?;

    let mut all = Vec::new();
    let mut instant = Vec::new();
    let mut owners = Vec::new();
    let mut capacities = Vec::new();
    for i in 0..RESOURCES {
        // The measured organization owns the first `OWN`; the others are spread.
        let org = if i < OWN { 0 } else { 1 + rng.below(ORGS - 1) };
        // Every other one confirms at once; those are roomy (writes never run out of room).
        let confirms_at_once = i.is_multiple_of(2);
        let capacity = if confirms_at_once {
            "60".into()
        } else {
            (1 + rng.below(6)).to_string()
        };
        let input = common::bookable_resource(i, confirms_at_once, capacity);
        let draft = input
            .validate()
            .map_err(|(field, _)| format!("generated resource: {field}"))?;
        let id = new_id();
        resources::insert_resource(
            &mut *tx,
            &resources::NewResource {
                id: &id,
                org_id: &org_ids[org],
                created_by: &user,
                status: ResourceStatus::Published,
                draft: &draft,
                search_text: &search::resource_search_text(&draft, "Organisme"),
                now,
            },
        )
        .await?;
        if i.is_multiple_of(2) && org != 0 {
            instant.push(id.clone());
        }
        capacities.push(draft.rules.capacity);
        owners.push(org);
        all.push(id);
    }
    // 250 bookings a resource, one per (day, slot) at most: half a year back and ahead.
    let per = BOOKINGS / RESOURCES;
    for (r, id) in all.iter().enumerate() {
        let mut taken = std::collections::HashSet::new();
        while taken.len() < per {
            let day = rng.below(360) as i64 - 180;
            let slot = rng.below(SLOTS.len());
            if !taken.insert((day, slot)) {
                continue;
            }
            let date = add_days(today, day).ok_or("date")?;
            let start = zone.start_of_day(date).plus_ms(SLOTS[slot].0 * 60_000);
            let end = zone.start_of_day(date).plus_ms(SLOTS[slot].1 * 60_000);
            let range = TimeRange::new(start, end).map_err(|_| "range")?;
            let past = day < 0;
            let status = match (past, rng.below(10)) {
                (_, 0) => BookingStatus::Cancelled,
                (true, 1) => BookingStatus::Declined,
                (false, 1 | 2) => BookingStatus::Requested,
                _ => BookingStatus::Approved,
            };
            let mut requester = 1 + rng.below(ORGS - 1);
            if requester == owners[r] {
                requester = if requester + 1 < ORGS {
                    requester + 1
                } else {
                    1
                };
            }
            let quantity = 1 + u32::try_from(rng.below(capacities[r].min(4) as usize)).unwrap_or(0);
            bookings::insert_booking(
                &mut *tx,
                &bookings::NewBooking {
                    id: &new_id(),
                    resource_id: id,
                    owner_org_id: &org_ids[owners[r]],
                    requester_org_id: &org_ids[requester],
                    requested_by: Some(&user),
                    series_id: None,
                    status,
                    range,
                    quantity,
                    purpose: "Production de repas pour les paniers de la semaine",
                    price_estimate_cents: 4000,
                    now: now - (180 - day).max(1) * DAY_MS,
                },
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(Seeded {
        email,
        instant,
        all,
    })
}

struct Figures {
    seed: Duration,
    availability_p50: Duration,
    availability_p95: Duration,
    serial_per_s: f64,
    parallel_per_s: f64,
    html_raw: usize,
    html_br: usize,
    listed: usize,
}

/// One instant-confirmed request on a free day ahead (past the seeded half year).
fn write_form(rng: &mut Rng, seeded: &Seeded, org: &str) -> Vec<(String, String)> {
    let resource = &seeded.instant[rng.below(seeded.instant.len())];
    let date = add_days(Zone::Montreal.today(), 200 + rng.below(150) as i64)
        .map(iso_date)
        .unwrap_or_default();
    let (from, to) = [("08:00", "10:00"), ("10:00", "12:00"), ("13:00", "15:00")][rng.below(3)];
    vec![
        ("resource_id".into(), resource.clone()),
        ("org_id".into(), org.to_owned()),
        ("input[date]".into(), date),
        ("input[from]".into(), from.into()),
        ("input[to]".into(), to.into()),
        ("input[quantity]".into(), "1".into()),
        ("input[purpose]".into(), "Banc d’essai".into()),
    ]
}

async fn run(url: &str) -> Result<Figures, Box<dyn std::error::Error>> {
    let settings = common::settings(url)?;
    let db = server::open_database(&settings).await?;
    let started = Instant::now();
    let seeded = seed(&db).await?;
    let seed_time = started.elapsed();
    let org: String = sqlx::query_scalar(
        "SELECT m.org_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1",
    )
    .bind(&seeded.email)
    .fetch_one(db.pool())
    .await?;
    let state = server::build_state(&settings, db.clone())?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let server = tokio::spawn(server::serve(state, listener));
    let client = reqwest::Client::builder().cookie_store(true).build()?;
    client
        .post(format!("{base}/api/sign_in"))
        .form(&[
            ("email", seeded.email.as_str()),
            ("password", common::PASSWORD),
        ])
        .send()
        .await?
        .error_for_status()?;

    // A month of one resource's availability, for anyone.
    let mut rng = Rng(7);
    let visitor = reqwest::Client::new();
    let mut samples = Vec::with_capacity(AVAILABILITY_CALLS);
    for i in 0..AVAILABILITY_CALLS + 20 {
        let resource = &seeded.all[rng.below(seeded.all.len())];
        let t = Instant::now();
        let response = visitor
            .post(format!("{base}/api/resource_availability"))
            .form(&[
                ("resource_id", resource.as_str()),
                ("from", ""),
                ("days", "31"),
            ])
            .send()
            .await?
            .error_for_status()?;
        let _ = response.bytes().await?;
        if i >= 20 {
            samples.push(t.elapsed());
        }
    }

    // Writes, one at a time, then eight at a time.
    let write = |client: reqwest::Client, form: Vec<(String, String)>, base: String| async move {
        client
            .post(format!("{base}/api/request_booking"))
            .form(&form)
            .send()
            .await?
            .error_for_status()?
            .bytes()
            .await
            .map(|_| ())
    };
    let t = Instant::now();
    for _ in 0..WRITES_SERIAL {
        write(
            client.clone(),
            write_form(&mut rng, &seeded, &org),
            base.clone(),
        )
        .await?;
    }
    let serial_per_s = WRITES_SERIAL as f64 / t.elapsed().as_secs_f64();
    let forms: Vec<_> = (0..WRITES_PARALLEL)
        .map(|_| write_form(&mut rng, &seeded, &org))
        .collect();
    let chunks: Vec<Vec<_>> = forms
        .chunks(WRITES_PARALLEL / 8)
        .map(<[_]>::to_vec)
        .collect();
    let t = Instant::now();
    let tasks: Vec<_> = chunks
        .into_iter()
        .map(|chunk| {
            let (client, base) = (client.clone(), base.clone());
            tokio::spawn(async move {
                for form in chunk {
                    write(client.clone(), form, base.clone()).await?;
                }
                Ok::<_, reqwest::Error>(())
            })
        })
        .collect();
    for task in tasks {
        task.await??;
    }
    let parallel_per_s = WRITES_PARALLEL as f64 / t.elapsed().as_secs_f64();

    // « Réservations » for the organization that owns 20 resources (5,000 bookings).
    let page = |encoding: &'static str| {
        let (client, base) = (client.clone(), base.clone());
        async move {
            client
                .get(format!("{base}/reservations?vue=nos-ressources"))
                .header("accept-encoding", encoding)
                .send()
                .await?
                .error_for_status()?
                .bytes()
                .await
        }
    };
    let raw = page("identity").await?;
    let br = page("br").await?;
    let listed = String::from_utf8_lossy(&raw)
        .matches("class=\"card booking-row\"")
        .count();
    server.abort();
    db.close().await;
    Ok(Figures {
        seed: seed_time,
        availability_p50: percentile(&mut samples, 0.50),
        availability_p95: percentile(&mut samples, 0.95),
        serial_per_s,
        parallel_per_s,
        html_raw: raw.len(),
        html_br: br.len(),
        listed,
    })
}

fn report(backend: &str, f: &Figures) -> bool {
    println!(
        "{backend}: seeded {RESOURCES} resources, {BOOKINGS} bookings, {ORGS} organizations in {:.1} s",
        f.seed.as_secs_f64()
    );
    println!(
        "{backend}: a month of one resource's availability over {AVAILABILITY_CALLS} calls: p50 {:.1} ms, p95 {:.1} ms (target p95 ≤ 20 ms)",
        ms(f.availability_p50),
        ms(f.availability_p95)
    );
    println!(
        "{backend}: booking writes (request + instant confirmation): {:.0}/s at concurrency 1, {:.0}/s at concurrency 8 (target ≥ 400/s on SQLite)",
        f.serial_per_s, f.parallel_per_s
    );
    println!(
        "{backend}: « Réservations » page ({} bookings listed): {} bytes raw, {} bytes brotli (target ≤ 61,440)",
        f.listed, f.html_raw, f.html_br
    );
    let writes_ok = backend != "SQLite" || (f.serial_per_s >= 400.0 && f.parallel_per_s >= 400.0);
    ms(f.availability_p95) <= 20.0 && writes_ok && f.html_br <= 60 * 1024 && f.listed > 0
}

fn main() -> std::process::ExitCode {
    common::on_both_databases(|url| async move { run(&url).await }, report)
}
