//! Board benchmark: an organization with 200 resources and 5,000 bookings in one week (pending
//! and approved, from 40 other organizations), served by the real router on a loopback port,
//! on SQLite and on PostgreSQL. Measures the week's board page rendered by the server (p50/p95
//! and its size, raw and brotli), a move's round trip (request → checked under the locks →
//! committed → answered, p50/p95), and how long 200 open boards (200 sockets of the
//! organization's coordinators) take to hear of a move (p95 over every socket and move).
//!
//! `cargo bench -p server --bench board` (or `./scripts/bench.sh`). Targets: render p95 ≤ 100
//! ms; a move's round trip p95 ≤ 50 ms on SQLite; 200 boards hear of a move within p95 ≤ 200
//! ms. Prints one line per figure and exits non-zero when a target is missed.

mod common;

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use common::{Rng, ms, percentile};
use futures_util::StreamExt;

use app::{
    bookings::{repo as bookings, types::BookingStatus},
    catalogue::{
        resources::{repo as resources, types::ResourceStatus},
        search,
    },
    db::{Db, new_id, now_ms},
    time::{TimeRange, Zone, add_days, iso_date, weekday_index},
};

const RESOURCES: usize = 200;
const BOOKINGS: usize = 5_000;
const ORGS: usize = 41;
const RENDERS: usize = 40;
const MOVES: usize = 200;
const SOCKETS: usize = 200;
const HEARD_MOVES: usize = 40;
/// Slots of a day, as (start, end) minutes.
const SLOTS: [(i64, i64); 4] = [(480, 600), (600, 720), (780, 900), (900, 1020)];

struct Seeded {
    token: String,
    /// The Monday of the measured week.
    monday: String,
    /// Bookings to move: (id, resource, day of the week, slot), all approved.
    movable: Vec<(String, String, i64, usize)>,
}

async fn seed(db: &Db) -> Result<Seeded, Box<dyn std::error::Error>> {
    let mut rng = Rng(2028);
    let now = now_ms();
    let zone = Zone::Montreal;
    // The week after next: every booking of it is ahead, so any may move.
    let mut monday = add_days(zone.today(), 14).ok_or("date")?;
    while weekday_index(monday) != 0 {
        monday = add_days(monday, -1).ok_or("date")?;
    }
    let mut tx = db.begin_write().await?;
    let org_ids = common::community_organizations(&mut tx, ORGS, now).await?;
    let (user, _) = common::bench_user(&mut tx, &org_ids[0], now).await?;
    let token = common::session(&mut tx, &user, &org_ids[0], now).await?;

    let mut movable = Vec::new();
    let per = BOOKINGS / RESOURCES;
    for i in 0..RESOURCES {
        let draft = common::bookable_resource(i, false, "6".into())
            .validate()
            .map_err(|(field, _)| format!("generated resource: {field}"))?;
        let id = new_id();
        resources::insert_resource(
            &mut *tx,
            &resources::NewResource {
                id: &id,
                org_id: &org_ids[0],
                created_by: &user,
                status: ResourceStatus::Published,
                draft: &draft,
                search_text: &search::resource_search_text(&draft, "Organisme"),
                now,
            },
        )
        .await?;
        // 25 of the week's 28 (day, slot) places, one unit each.
        let mut taken = std::collections::HashSet::new();
        while taken.len() < per {
            let day = rng.below(7) as i64;
            let slot = rng.below(SLOTS.len());
            if !taken.insert((day, slot)) {
                continue;
            }
            let date = add_days(monday, day).ok_or("date")?;
            let start = zone.start_of_day(date).plus_ms(SLOTS[slot].0 * 60_000);
            let end = zone.start_of_day(date).plus_ms(SLOTS[slot].1 * 60_000);
            let range = TimeRange::new(start, end).map_err(|_| "range")?;
            let status = if rng.below(5) == 0 {
                BookingStatus::Requested
            } else {
                BookingStatus::Approved
            };
            let booking = new_id();
            bookings::insert_booking(
                &mut *tx,
                &bookings::NewBooking {
                    id: &booking,
                    resource_id: &id,
                    owner_org_id: &org_ids[0],
                    requester_org_id: &org_ids[1 + rng.below(ORGS - 1)],
                    requested_by: Some(&user),
                    series_id: None,
                    status,
                    range,
                    quantity: 1,
                    purpose: "Production de repas pour les paniers de la semaine",
                    price_estimate_cents: 4000,
                    now,
                },
            )
            .await?;
            if status == BookingStatus::Approved && movable.len() < MOVES + HEARD_MOVES {
                movable.push((booking, id.clone(), day, slot));
            }
        }
    }
    tx.commit().await?;
    Ok(Seeded {
        token,
        monday: iso_date(monday),
        movable,
    })
}

struct Figures {
    render_p50: Duration,
    render_p95: Duration,
    html_raw: usize,
    html_br: usize,
    blocks: usize,
    move_p50: Duration,
    move_p95: Duration,
    heard_p50: Duration,
    heard_p95: Duration,
    heard: usize,
}

/// Where booking `b` goes: the same slot a day later (or earlier, at the week's end), on the
/// wall clock of Montréal, in Unix milliseconds.
fn next_place(
    monday: &str,
    day: i64,
    slot: usize,
) -> Result<(i64, i64), Box<dyn std::error::Error>> {
    let zone = Zone::Montreal;
    let monday = app::time::parse_local_date(monday).ok_or("date")?;
    let to_day = if day < 6 { day + 1 } else { day - 1 };
    let date = add_days(monday, to_day).ok_or("date")?;
    let start = zone.start_of_day(date).plus_ms(SLOTS[slot].0 * 60_000);
    let end = zone.start_of_day(date).plus_ms(SLOTS[slot].1 * 60_000);
    Ok((start.unix_ms(), end.unix_ms()))
}

async fn move_one(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    seeded: &Seeded,
    k: usize,
) -> Result<Duration, Box<dyn std::error::Error>> {
    let (id, _, day, slot) = &seeded.movable[k];
    let (starts, ends) = next_place(&seeded.monday, *day, *slot)?;
    let t = Instant::now();
    let response = http
        .post(format!("{base}/api/move_booking"))
        .header("cookie", format!("partage_session={token}"))
        .header("origin", "http://partage.bench")
        .form(&[
            ("input[booking_id]", id.as_str()),
            // Seeded at version 1, moved once.
            ("input[version]", "1"),
            ("input[starts_at]", &starts.to_string()),
            ("input[ends_at]", &ends.to_string()),
        ])
        .send()
        .await?;
    let status = response.status();
    let body = response.bytes().await?;
    if !status.is_success() {
        return Err(format!("move {k}: {status} {}", String::from_utf8_lossy(&body)).into());
    }
    Ok(t.elapsed())
}

async fn run(url: &str) -> Result<Figures, Box<dyn std::error::Error>> {
    use tokio_tungstenite::tungstenite::{Message, client::IntoClientRequest};
    let settings = common::settings(url)?;
    let db = server::open_database(&settings).await?;
    let seeded = seed(&db).await?;
    if seeded.movable.len() < MOVES + HEARD_MOVES {
        return Err("not enough approved bookings to move".into());
    }
    let state = server::build_state(&settings, db.clone())?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let server = tokio::spawn(server::serve(state, listener));
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .build()?;
    let cookie = format!("partage_session={}", seeded.token);

    // The week's board, rendered whole by the server.
    let page = |encoding: &'static str| {
        let (http, cookie) = (http.clone(), cookie.clone());
        let address = format!("{base}/planning?date={}", seeded.monday);
        async move {
            http.get(address)
                .header("cookie", cookie)
                .header("accept-encoding", encoding)
                .send()
                .await?
                .error_for_status()?
                .bytes()
                .await
        }
    };
    let mut renders = Vec::with_capacity(RENDERS);
    for i in 0..RENDERS + 3 {
        let t = Instant::now();
        let _ = page("identity").await?;
        if i >= 3 {
            renders.push(t.elapsed());
        }
    }
    let raw = page("identity").await?;
    let br = page("br").await?;
    let blocks = String::from_utf8_lossy(&raw)
        .matches("class=\"board-block ")
        .count();

    // Moves, one at a time.
    let mut moves = Vec::with_capacity(MOVES);
    for k in 0..MOVES {
        moves.push(move_one(&http, &base, &seeded.token, &seeded, k).await?);
    }

    // 200 open boards hear of each move.
    let heard: Arc<Mutex<HashMap<(usize, String), Instant>>> = Arc::default();
    let ws = format!("{}/ws", base.replacen("http", "ws", 1));
    let mut readers = Vec::with_capacity(SOCKETS);
    for s in 0..SOCKETS {
        let mut request = ws.as_str().into_client_request()?;
        request.headers_mut().insert("cookie", cookie.parse()?);
        let (socket, _) = tokio_tungstenite::connect_async(request).await?;
        let heard = heard.clone();
        readers.push(tokio::spawn(async move {
            let (_, mut read) = socket.split();
            while let Some(Ok(message)) = read.next().await {
                let at = Instant::now();
                if let Message::Text(text) = message
                    && let Ok(event) = serde_json::from_str::<serde_json::Value>(&text)
                    && event["type"] == "board"
                {
                    for r in event["resources"].as_array().into_iter().flatten() {
                        if let (Some(r), Ok(mut map)) = (r.as_str(), heard.lock()) {
                            map.entry((s, r.to_owned())).or_insert(at);
                        }
                    }
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut latencies = Vec::with_capacity(SOCKETS * HEARD_MOVES);
    for k in MOVES..MOVES + HEARD_MOVES {
        let resource = seeded.movable[k].1.clone();
        if let Ok(mut map) = heard.lock() {
            map.retain(|(_, r), _| *r != resource);
        }
        let started = Instant::now();
        move_one(&http, &base, &seeded.token, &seeded, k).await?;
        // Every socket, or two seconds.
        let deadline = started + Duration::from_secs(2);
        loop {
            let count = heard
                .lock()
                .map(|m| m.keys().filter(|(_, r)| *r == resource).count())
                .unwrap_or(0);
            if count >= SOCKETS || Instant::now() > deadline {
                break;
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        if let Ok(map) = heard.lock() {
            for ((_, r), at) in map.iter() {
                if *r == resource {
                    latencies.push(at.duration_since(started));
                }
            }
        }
    }
    let heard_count = latencies.len();
    for reader in readers {
        reader.abort();
    }
    server.abort();
    db.close().await;
    if latencies.is_empty() {
        return Err("no board heard of a move".into());
    }
    Ok(Figures {
        render_p50: percentile(&mut renders, 0.50),
        render_p95: percentile(&mut renders, 0.95),
        html_raw: raw.len(),
        html_br: br.len(),
        blocks,
        move_p50: percentile(&mut moves, 0.50),
        move_p95: percentile(&mut moves, 0.95),
        heard_p50: percentile(&mut latencies, 0.50),
        heard_p95: percentile(&mut latencies, 0.95),
        heard: heard_count,
    })
}

fn report(backend: &str, f: &Figures) -> bool {
    println!(
        "{backend}: week board of {RESOURCES} resources and {BOOKINGS} bookings ({} blocks): server render p50 {:.1} ms, p95 {:.1} ms (target p95 ≤ 100 ms); {} bytes raw, {} bytes brotli",
        f.blocks,
        ms(f.render_p50),
        ms(f.render_p95),
        f.html_raw,
        f.html_br
    );
    println!(
        "{backend}: a move's round trip over {MOVES} moves: p50 {:.1} ms, p95 {:.1} ms (target p95 ≤ 50 ms on SQLite)",
        ms(f.move_p50),
        ms(f.move_p95)
    );
    println!(
        "{backend}: {SOCKETS} open boards hear of a move: p50 {:.1} ms, p95 {:.1} ms over {} arrivals of {} (target p95 ≤ 200 ms)",
        ms(f.heard_p50),
        ms(f.heard_p95),
        f.heard,
        SOCKETS * HEARD_MOVES
    );
    let move_ok = backend != "SQLite" || ms(f.move_p95) <= 50.0;
    ms(f.render_p95) <= 100.0
        && move_ok
        && ms(f.heard_p95) <= 200.0
        && f.heard == SOCKETS * HEARD_MOVES
        && f.blocks > 0
}

fn main() -> std::process::ExitCode {
    common::on_both_databases(|url| async move { run(&url).await }, report)
}
