//! `partage`: serve the app (default), migrate, seed demo data, create a platform admin.
#![recursion_limit = "512"]

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use server::{Settings, build_state, open_database, seed, serve};

/// Partage: community organizations share kitchens, cold rooms, trucks and time.
///
/// Configuration comes from the environment: DATABASE_URL, PARTAGE_ADDR, PARTAGE_BASE_URL,
/// SMTP_URL, PARTAGE_MAIL_FROM, PARTAGE_DATA_DIR, PARTAGE_TRUST_PROXY, RUST_LOG (see README).
#[derive(Debug, Parser)]
#[command(name = "partage", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the app (the default): pages, the API and the email worker.
    Serve,
    /// Apply pending database migrations, then stop.
    Migrate,
    /// Add the demo organizations, people and listings to an empty database.
    SeedDemo,
    /// Create a platform admin, or promote an existing account.
    CreateAdmin {
        /// The admin's email address.
        #[arg(long)]
        email: String,
        /// The name shown in the app.
        #[arg(long, default_value = "Administration")]
        name: String,
        /// The password; otherwise PARTAGE_ADMIN_PASSWORD, otherwise one is generated and printed.
        #[arg(long, env = "PARTAGE_ADMIN_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match server::runtime() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("partage: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(start(cli))
}

async fn start(cli: Cli) -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=warn".into()),
        )
        .init();
    match run(cli.command.unwrap_or(Command::Serve)).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("partage: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> Result<(), String> {
    let settings = Settings::from_env().map_err(|e| e.to_string())?;
    let db = open_database(&settings).await.map_err(|e| e.to_string())?;
    match command {
        Command::Serve => {
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
        Command::Migrate => {
            println!("migrations applied to {}", redact(&settings.database_url));
            Ok(())
        }
        Command::SeedDemo => {
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
        Command::CreateAdmin {
            email,
            name,
            password,
        } => {
            match seed::create_admin(&db, &email, &name, password).await? {
                Some(generated) => {
                    println!("platform admin {email} created with password: {generated}")
                }
                None => println!("{email} is a platform admin"),
            }
            Ok(())
        }
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

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_command_line_reads_as_documented() {
        Cli::command().debug_assert();
        let cli = Cli::try_parse_from(["partage"]).expect("no command");
        assert!(cli.command.is_none());
        let cli = Cli::try_parse_from(["partage", "create-admin", "--email", "a@b.org"])
            .expect("create-admin");
        assert!(matches!(
            cli.command,
            Some(Command::CreateAdmin { ref email, ref name, .. }) if email == "a@b.org" && name == "Administration"
        ));
        assert!(
            Cli::try_parse_from(["partage", "create-admin"]).is_err(),
            "--email is required"
        );
        assert!(
            Cli::try_parse_from(["partage", "seed"]).is_err(),
            "unknown command"
        );
    }

    #[test]
    fn passwords_stay_out_of_logs() {
        assert_eq!(
            redact("postgres://partage:secret@db:5432/partage"),
            "postgres://partage:***@db:5432/partage"
        );
        assert_eq!(
            redact("sqlite://data/partage.db"),
            "sqlite://data/partage.db"
        );
    }
}
