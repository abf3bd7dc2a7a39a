//! Inbox benchmark: one `partage serve` process (its own operating-system process, so its
//! memory is its own) with 1,000 organizations, each with one coordinator holding a websocket,
//! and 500 conversations between them. Measures what the issue asks:
//!
//! - delivery: 100 messages a second for 20 seconds, spread over the 500 conversations, each
//!   sent through `send_message`; from the moment a send starts to the moment its event
//!   reaches the other organization's socket, p50/p95, and how many never arrived;
//! - sends per second, 16 at a time, with the 1,000 sockets connected;
//! - memory per idle connection: the server's resident memory after the 1,000 sockets opened,
//!   less before, divided by 1,000.
//!
//! `cargo bench -p server --bench inbox` (or `./scripts/bench.sh`). Targets: delivery p95
//! ≤ 100 ms with none lost; ≥ 1,000 sends a second on SQLite. Exits non-zero when missed.

mod common;
#[path = "../support/process.rs"]
mod process;

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use app::{
    db::{Db, new_id, now_ms},
    inbox::{repo as inbox, types::SubjectKind},
    organizations::{
        repo as orgs,
        types::{OrgKind, OrganizationProfile, Role},
    },
    shared::Region,
};
use common::{ms, percentile};
use futures_util::StreamExt;

const ORGS: usize = 1_000;
const CONVERSATIONS: usize = ORGS / 2;
const RATE_PER_S: u64 = 100;
const SECONDS: u64 = 20;
const THROUGHPUT_SENDS: usize = 4_000;
const THROUGHPUT_AT_ONCE: usize = 16;

struct Seeded {
    /// Each organization's coordinator's session token, by organization index.
    tokens: Vec<String>,
    /// Each conversation's id; conversation k is between organizations 2k and 2k + 1.
    conversations: Vec<String>,
}

async fn seed(db: &Db) -> Result<Seeded, Box<dyn std::error::Error>> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let mut org_ids = Vec::with_capacity(ORGS);
    let mut tokens = Vec::with_capacity(ORGS);
    for i in 0..ORGS {
        let org = new_id();
        let profile = OrganizationProfile {
            name: format!("Organisme {i}"),
            kind: OrgKind::Community,
            region: Region::MONTREAL,
            address: String::new(),
            phone: String::new(),
            website: String::new(),
            description: String::new(),
            neq: None,
        };
        orgs::insert_organization(&mut *tx, &org, &profile, now).await?;
        let user = new_id();
        app::accounts::repo::insert_user(
            &mut *tx,
            &app::accounts::repo::NewUser {
                id: &user,
                email: &format!("coordination{i}@exemple.org"),
                name: &format!("Coordination {i}"),
                // Nobody signs in with a password here: sessions are made below.
                password_hash: "-",
                locale: "fr",
                is_platform_admin: false,
                email_verified_at: Some(now),
                now,
            },
        )
        .await?;
        orgs::insert_membership(&mut *tx, &org, &user, Role::Admin, now).await?;
        let token = common::session(&mut tx, &user, &org, now).await?;
        org_ids.push(org);
        tokens.push(token);
    }
    let mut conversations = Vec::with_capacity(CONVERSATIONS);
    for k in 0..CONVERSATIONS {
        let id = new_id();
        inbox::insert_conversation(
            &mut tx,
            &id,
            &org_ids[2 * k],
            &org_ids[2 * k + 1],
            SubjectKind::Resource,
            &new_id(),
            now,
        )
        .await?;
        conversations.push(id);
    }
    tx.commit().await?;
    Ok(Seeded {
        tokens,
        conversations,
    })
}

/// The server's resident memory, in bytes.
fn rss(pid: u32) -> Result<u64, Box<dyn std::error::Error>> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .ok_or("no VmRSS")?
        .parse()?;
    Ok(kb * 1024)
}

/// When each (conversation, number) event reached each socket.
type Arrivals = Arc<Mutex<HashMap<(usize, String, i64), Instant>>>;

struct Figures {
    idle_bytes_per_connection: f64,
    delivered: usize,
    lost: usize,
    p50: Duration,
    p95: Duration,
    sends_per_s: f64,
}

async fn run(url: &str) -> Result<Figures, Box<dyn std::error::Error>> {
    let data_dir = std::env::temp_dir().join(format!("partage-bench-inbox-{}", new_id()));
    std::fs::create_dir_all(&data_dir)?;
    let settings = server::Settings::from_lookup(|key| match key {
        "DATABASE_URL" => Some(url.to_owned()),
        "PARTAGE_DATA_DIR" => Some(data_dir.display().to_string()),
        _ => None,
    })?;
    let db = server::open_database(&settings).await?;
    let seeded = seed(&db).await?;
    let (mut child, base) =
        process::spawn_partage(env!("CARGO_BIN_EXE_partage"), url, &data_dir).await?;
    let outcome = measure(&base, child.id(), &seeded).await;
    child.kill().ok();
    child.wait().ok();
    db.close().await;
    let _ = std::fs::remove_dir_all(&data_dir);
    outcome
}

async fn measure(
    base: &str,
    pid: u32,
    seeded: &Seeded,
) -> Result<Figures, Box<dyn std::error::Error>> {
    use tokio_tungstenite::tungstenite::{Message, client::IntoClientRequest};
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .build()?;
    // Warm the server (its pools, its first page of code), then read its memory.
    http.get(format!("{base}/healthz")).send().await?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let before = rss(pid)?;

    let arrivals: Arrivals = Arc::default();
    let ws = format!("{}/ws", base.replacen("http", "ws", 1));
    let mut readers = Vec::with_capacity(ORGS);
    for (org, token) in seeded.tokens.iter().enumerate() {
        let mut request = ws.as_str().into_client_request()?;
        request
            .headers_mut()
            .insert("cookie", format!("partage_session={token}").parse()?);
        let (socket, _) = tokio_tungstenite::connect_async(request).await?;
        let arrivals = arrivals.clone();
        readers.push(tokio::spawn(async move {
            let (_, mut read) = socket.split();
            while let Some(Ok(message)) = read.next().await {
                let at = Instant::now();
                if let Message::Text(text) = message
                    && let Ok(event) = serde_json::from_str::<serde_json::Value>(&text)
                    && event["type"] == "message"
                {
                    let conversation = event["conversation"].as_str().unwrap_or("").to_owned();
                    let seq = event["seq"].as_i64().unwrap_or(0);
                    if let Ok(mut map) = arrivals.lock() {
                        map.entry((org, conversation, seq)).or_insert(at);
                    }
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after = rss(pid)?;
    let idle_bytes_per_connection = after.saturating_sub(before) as f64 / ORGS as f64;

    // 100 messages a second: one starts every 10 ms, whatever the others are doing.
    let send = |http: reqwest::Client, base: String, token: String, conversation: String| async move {
        let started = Instant::now();
        let seq: i64 = http
            .post(format!("{base}/api/send_message"))
            .header("cookie", format!("partage_session={token}"))
            .form(&[
                ("conversation_id", conversation.as_str()),
                ("body", "Bonjour, est-ce toujours libre jeudi ?"),
            ])
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        Ok::<_, reqwest::Error>((started, seq))
    };
    let total = (RATE_PER_S * SECONDS) as usize;
    let mut ticker = tokio::time::interval(Duration::from_millis(1000 / RATE_PER_S));
    let mut sends = Vec::with_capacity(total);
    for i in 0..total {
        ticker.tick().await;
        let k = i % CONVERSATIONS;
        // Each conversation's two sides take turns; the other side is told.
        let (from, to) = if (i / CONVERSATIONS).is_multiple_of(2) {
            (2 * k, 2 * k + 1)
        } else {
            (2 * k + 1, 2 * k)
        };
        let task = tokio::spawn(send(
            http.clone(),
            base.to_owned(),
            seeded.tokens[from].clone(),
            seeded.conversations[k].clone(),
        ));
        sends.push((to, k, task));
    }
    let mut expected = Vec::with_capacity(total);
    for (to, k, task) in sends {
        let (started, seq) = task.await??;
        expected.push((to, seeded.conversations[k].clone(), seq, started));
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    let mut latencies = Vec::with_capacity(total);
    let mut lost = 0;
    {
        let map = arrivals.lock().map_err(|_| "lock")?;
        for (to, conversation, seq, started) in &expected {
            match map.get(&(*to, conversation.clone(), *seq)) {
                Some(at) => latencies.push(at.saturating_duration_since(*started)),
                None => lost += 1,
            }
        }
    }

    // Sends per second, 16 at a time, every socket still connected.
    let per_worker = THROUGHPUT_SENDS / THROUGHPUT_AT_ONCE;
    let started = Instant::now();
    let workers: Vec<_> = (0..THROUGHPUT_AT_ONCE)
        .map(|w| {
            let (http, base) = (http.clone(), base.to_owned());
            let tokens = seeded.tokens.clone();
            let conversations = seeded.conversations.clone();
            tokio::spawn(async move {
                for n in 0..per_worker {
                    // Spread over people, so nobody meets the per-person limit.
                    let i = w * per_worker + n;
                    let k = i % CONVERSATIONS;
                    let from = 2 * k + (i / CONVERSATIONS) % 2;
                    send(
                        http.clone(),
                        base.clone(),
                        tokens[from].clone(),
                        conversations[k].clone(),
                    )
                    .await?;
                }
                Ok::<_, reqwest::Error>(())
            })
        })
        .collect();
    for worker in workers {
        worker.await??;
    }
    let sends_per_s = (per_worker * THROUGHPUT_AT_ONCE) as f64 / started.elapsed().as_secs_f64();
    for reader in readers {
        reader.abort();
    }
    let delivered = latencies.len();
    if latencies.is_empty() {
        latencies.push(Duration::MAX);
    }
    Ok(Figures {
        idle_bytes_per_connection,
        delivered,
        lost,
        p50: percentile(&mut latencies, 0.50),
        p95: percentile(&mut latencies, 0.95),
        sends_per_s,
    })
}

fn report(backend: &str, f: &Figures) -> bool {
    println!(
        "{backend}: {ORGS} sockets, {RATE_PER_S} messages/s for {SECONDS} s over {CONVERSATIONS} conversations: delivered {}, lost {}, p50 {:.1} ms, p95 {:.1} ms (target p95 ≤ 100 ms, none lost)",
        f.delivered,
        f.lost,
        ms(f.p50),
        ms(f.p95)
    );
    println!(
        "{backend}: sends per second, {THROUGHPUT_AT_ONCE} at a time, sockets connected: {:.0}{}",
        f.sends_per_s,
        if backend == "SQLite" {
            " (target ≥ 1,000)"
        } else {
            ""
        }
    );
    println!(
        "{backend}: server memory per idle connection: {:.1} KiB",
        f.idle_bytes_per_connection / 1024.0
    );
    f.lost == 0
        && f.p95 <= Duration::from_millis(100)
        && (backend != "SQLite" || f.sends_per_s >= 1_000.0)
}

fn main() -> std::process::ExitCode {
    common::on_both_databases(|url| async move { run(&url).await }, report)
}
