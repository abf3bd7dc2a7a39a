//! `partage`: serve the app (default), migrate, seed demo data, create a platform admin.
#![recursion_limit = "512"]

use std::process::ExitCode;

use server::{Settings, build_state, open_database, seed, serve};

const USAGE: &str = "Usage: partage [serve | migrate | seed-demo | create-admin --email EMAIL [--name NAME] [--password PASSWORD]]

Environment: DATABASE_URL, PARTAGE_ADDR, PARTAGE_BASE_URL, SMTP_URL, PARTAGE_MAIL_FROM,
PARTAGE_DATA_DIR, PARTAGE_TRUST_PROXY, RUST_LOG (see README).";

fn main() -> ExitCode {
    let runtime = match server::runtime() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("partage: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(start())
}

async fn start() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=warn".into()),
        )
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("partage: {message}");
            ExitCode::FAILURE
        }
    }
}

fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

async fn run(args: &[String]) -> Result<(), String> {
    let command = args.first().map(String::as_str).unwrap_or("serve");
    if matches!(command, "-h" | "--help" | "help") {
        println!("{USAGE}");
        return Ok(());
    }
    let settings = Settings::from_env().map_err(|e| e.to_string())?;
    let db = open_database(&settings).await.map_err(|e| e.to_string())?;
    match command {
        "serve" => {
            let state = build_state(&settings, db).map_err(|e| e.to_string())?;
            let listener = tokio::net::TcpListener::bind(settings.addr)
                .await
                .map_err(|e| format!("cannot listen on {}: {e}", settings.addr))?;
            let local = listener.local_addr().map_err(|e| e.to_string())?;
            tracing::info!(database = %redact(&settings.database_url), "database ready");
            println!(
                "Partage is serving on http://{local}  (public address: {})",
                settings.base_url
            );
            serve(state, listener).await.map_err(|e| e.to_string())
        }
        "migrate" => {
            println!("migrations applied to {}", redact(&settings.database_url));
            Ok(())
        }
        "seed-demo" => {
            if seed::seed_demo(&db, &server::file_store(&settings))
                .await
                .map_err(|e| e.to_string())?
            {
                println!(
                    "demo data added; every demo account uses the password {}",
                    seed::DEMO_PASSWORD
                );
            } else {
                println!("the database already has people: demo data not added");
            }
            Ok(())
        }
        "create-admin" => {
            let email =
                flag(args, "--email").ok_or_else(|| format!("--email is required\n{USAGE}"))?;
            let name = flag(args, "--name").unwrap_or_else(|| "Administration".into());
            let password =
                flag(args, "--password").or_else(|| std::env::var("PARTAGE_ADMIN_PASSWORD").ok());
            match seed::create_admin(&db, &email, &name, password).await? {
                Some(generated) => {
                    println!("platform admin {email} created with password: {generated}")
                }
                None => println!("{email} is a platform admin"),
            }
            Ok(())
        }
        other => Err(format!("unknown command {other:?}\n{USAGE}")),
    }
}

/// A database URL without its password, for logs.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            let user = creds.split(':').next().unwrap_or_default();
            format!("{}{user}:***{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_owned(),
    }
}
