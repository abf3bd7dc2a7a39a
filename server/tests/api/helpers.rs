//! `spawn_app`, a client per person, and a small SMTP sink.

use std::{future::Future, net::SocketAddr, sync::Arc};

use app::db::Db;
use reqwest::{Client, StatusCode};
use serde_json::Value;
use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::TcpListener,
    sync::Mutex,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub const PASSWORD: &str = "cuisine-partagee-2026";

/// How long one test may take, requests included, on a loaded 2-core machine.
const TEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(300);

/// Runs `test` against a fresh app on each backend. PostgreSQL is required: set
/// `PARTAGE_SKIP_POSTGRES=1` to run SQLite only on a machine without it (never in CI).
#[macro_export]
macro_rules! both_backends {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                $crate::helpers::run($crate::helpers::Backend::Sqlite, Default::default(), $body)
                    .await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                $crate::helpers::run(
                    $crate::helpers::Backend::Postgres,
                    Default::default(),
                    $body,
                )
                .await;
            }
        }
    };
}

#[derive(Default, Clone)]
pub struct Options {
    pub smtp: bool,
}

pub struct TestApp {
    pub base: String,
    pub db: Db,
    /// The database's URL, for a second connection (as a second server process would have).
    pub database_url: String,
    pub smtp: Option<SmtpSink>,
    /// `PARTAGE_DATA_DIR` of this app (uploaded photos live under `photos/`).
    pub data_dir: std::path::PathBuf,
}

pub async fn run<F, Fut>(backend: Backend, options: Options, test: F)
where
    F: FnOnce(Arc<TestApp>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    // `RUST_LOG=warn cargo test …` shows what the server logged (errors it hides from clients).
    if std::env::var_os("RUST_LOG").is_some() {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_test_writer()
            .try_init();
    }
    let Some((url, cleanup)) = fresh_database(backend).await else {
        return;
    };
    let smtp = if options.smtp {
        Some(SmtpSink::start().await)
    } else {
        None
    };
    let data_dir = std::env::temp_dir().join(format!(
        "partage-test-data-{}",
        uuid::Uuid::new_v4().simple()
    ));
    let settings = server::Settings::from_lookup(|key| match key {
        "DATABASE_URL" => Some(url.clone()),
        "PARTAGE_DATA_DIR" => Some(data_dir.display().to_string()),
        "PARTAGE_ADDR" => Some("127.0.0.1:0".into()),
        "PARTAGE_BASE_URL" => Some("http://partage.test".into()),
        "SMTP_URL" => smtp.as_ref().map(|s| format!("smtp://{}", s.addr)),
        _ => None,
    })
    .expect("settings");
    let db = server::open_database(&settings).await.expect("database");
    let state = server::build_state(&settings, db.clone()).expect("state");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.set_nonblocking(true).expect("nonblocking");
    let addr = listener.local_addr().expect("addr");
    // The server gets its own runtime with the stack size `partage` uses: rendering pages in a
    // debug build needs more than tokio's default 2 MiB.
    let runtime = server::runtime().expect("runtime");
    let server = runtime.spawn(async move {
        let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
        server::serve(state, listener).await
    });
    let app = Arc::new(TestApp {
        base: format!("http://{addr}"),
        db: db.clone(),
        database_url: url.clone(),
        smtp,
        data_dir: data_dir.clone(),
    });
    // A request that never completes fails its test instead of stalling the whole run.
    let task = tokio::spawn(test(app));
    let abort = task.abort_handle();
    let outcome = match tokio::time::timeout(TEST_TIMEOUT, task).await {
        Ok(outcome) => outcome,
        Err(_) => {
            abort.abort();
            server.abort();
            runtime.shutdown_background();
            cleanup.run().await;
            let _ = std::fs::remove_dir_all(&data_dir);
            panic!(
                "the test did not finish within {TEST_TIMEOUT:?} (a request that never completes?)"
            );
        }
    };
    server.abort();
    runtime.shutdown_background();
    db.close().await;
    cleanup.run().await;
    let _ = std::fs::remove_dir_all(&data_dir);
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

/// A second server process (see [`TestApp::start_process`]).
pub struct Process {
    pub base: String,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Drop for Process {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

pub enum Cleanup {
    Dir(std::path::PathBuf),
    Postgres { admin_url: String, name: String },
}

impl Cleanup {
    async fn run(self) {
        match self {
            Cleanup::Dir(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::Postgres { admin_url, name } => {
                if let Ok(db) = Db::connect(&admin_url).await {
                    let sql = format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                    if let Err(e) = sqlx::query(sqlx::AssertSqlSafe(sql))
                        .execute(db.pool())
                        .await
                    {
                        eprintln!("could not drop test database {name}: {e}");
                    }
                    db.close().await;
                }
            }
        }
    }
}

fn postgres_admin_url() -> String {
    std::env::var("PARTAGE_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

async fn fresh_database(backend: Backend) -> Option<(String, Cleanup)> {
    let id = uuid::Uuid::new_v4().simple().to_string();
    match backend {
        Backend::Sqlite => {
            let dir = std::env::temp_dir().join(format!("partage-test-{id}"));
            let url = format!("sqlite://{}/partage.db", dir.display());
            Some((url, Cleanup::Dir(dir)))
        }
        Backend::Postgres => {
            if std::env::var("PARTAGE_SKIP_POSTGRES").as_deref() == Ok("1") {
                assert_ne!(
                    std::env::var("CI").as_deref(),
                    Ok("true"),
                    "PostgreSQL cannot be skipped in CI"
                );
                eprintln!("PARTAGE_SKIP_POSTGRES=1: skipping the PostgreSQL run");
                return None;
            }
            let admin_url = postgres_admin_url();
            let admin = Db::connect(&admin_url).await.unwrap_or_else(|e| {
                panic!("PostgreSQL at {admin_url} is required for these tests: {e}")
            });
            let name = format!("partage_test_{id}");
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
                .execute(admin.pool())
                .await
                .expect("create test database");
            admin.close().await;
            let (prefix, _) = admin_url.rsplit_once('/').expect("database URL has a path");
            Some((
                format!("{prefix}/{name}"),
                Cleanup::Postgres { admin_url, name },
            ))
        }
    }
}

/// The status and JSON body of a response.
pub struct Answer {
    pub status: StatusCode,
    pub body: Value,
    pub headers: reqwest::header::HeaderMap,
}

impl Answer {
    pub async fn from(response: reqwest::Response) -> Answer {
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Answer {
            status,
            body,
            headers,
        }
    }

    #[track_caller]
    pub fn ok(&self) -> &Value {
        assert_eq!(
            self.status,
            StatusCode::OK,
            "expected 200, got {} {}",
            self.status,
            self.body
        );
        &self.body
    }

    /// Asserts an error: its status, kind and (for validation/conflict) code.
    #[track_caller]
    pub fn error(&self, status: u16, code: &str) -> &Value {
        assert_eq!(
            self.status.as_u16(),
            status,
            "unexpected status; body {}",
            self.body
        );
        if !code.is_empty() {
            assert_eq!(
                self.body["code"], code,
                "unexpected error code; body {}",
                self.body
            );
        }
        let message = self.body["message"].as_str().unwrap_or_default();
        assert!(
            !message.is_empty(),
            "errors carry a translated message: {}",
            self.body
        );
        &self.body
    }
}

impl TestApp {
    /// A browser-like client with its own cookie jar (one person).
    pub fn client(&self) -> Client {
        Client::builder()
            .cookie_store(true)
            .build()
            .expect("client")
    }

    /// A page's HTML as `client` gets it, in the language `accept_language` asks for (French
    /// when `None`); returns once the whole stream has arrived.
    pub async fn html(&self, client: &Client, path: &str, accept_language: Option<&str>) -> String {
        let mut request = client.get(format!("{}{path}", self.base));
        if let Some(language) = accept_language {
            request = request.header("accept-language", language);
        }
        request
            .send()
            .await
            .expect("request")
            .text()
            .await
            .expect("html")
    }

    /// Calls a server function with a form body, as the pages do.
    pub async fn call(&self, client: &Client, endpoint: &str, form: &[(&str, &str)]) -> Answer {
        let response = client
            .post(format!("{}/api/{endpoint}", self.base))
            .form(form)
            .send()
            .await
            .expect("request");
        Answer::from(response).await
    }

    /// Calls a server function that creates something, and returns the new thing's id (the
    /// answer itself, or its `id`).
    pub async fn create(&self, client: &Client, endpoint: &str, form: &[(&str, &str)]) -> String {
        let answer = self.call(client, endpoint, form).await;
        let body = answer.ok();
        body.as_str()
            .or_else(|| body["id"].as_str())
            .unwrap_or_else(|| panic!("{endpoint}: no id in {body}"))
            .to_owned()
    }

    /// Publishes, pauses, archives or drafts a resource, as one of its admins.
    pub async fn set_resource_status(&self, client: &Client, id: &str, status: &str) {
        self.call(
            client,
            "set_resource_status",
            &[("id", id), ("status", status)],
        )
        .await
        .ok();
    }

    /// A GET of `path` as `client` (a page, a photo, a file).
    pub async fn get(&self, client: &Client, path: &str) -> reqwest::Response {
        client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("request")
    }

    /// Uploads a photo as the browser's form does (`multipart/form-data`, fields in the page's
    /// order); `file` is (file name, declared type, bytes).
    pub async fn upload_photo(
        &self,
        client: &Client,
        resource_id: &str,
        alt: Option<&str>,
        file: Option<(&str, &str, Vec<u8>)>,
    ) -> Answer {
        let mut form = reqwest::multipart::Form::new().text("resource_id", resource_id.to_owned());
        if let Some(alt) = alt {
            form = form.text("alt", alt.to_owned());
        }
        if let Some((name, mime, bytes)) = file {
            let part = reqwest::multipart::Part::bytes(bytes)
                .file_name(name.to_owned())
                .mime_str(mime)
                .expect("mime type");
            form = form.part("photo", part);
        }
        let response = client
            .post(format!("{}/api/upload_photo", self.base))
            .multipart(form)
            .send()
            .await
            .expect("request");
        Answer::from(response).await
    }

    /// Signs up a new person, confirms the address with the emailed link (which signs them
    /// in), and returns their signed-in client.
    pub async fn sign_up(&self, name: &str, email: &str) -> Client {
        let client = self.client();
        self.request_account(&client, name, email).await;
        self.confirm_email(&client, email).await;
        client
    }

    /// Signs up a new person who has not opened the confirmation link yet, and signs them in
    /// with their password.
    pub async fn sign_up_unconfirmed(&self, name: &str, email: &str) -> Client {
        let client = self.client();
        self.request_account(&client, name, email).await;
        self.call(
            &client,
            "sign_in",
            &[("email", email), ("password", PASSWORD)],
        )
        .await
        .ok();
        client
    }

    async fn request_account(&self, client: &Client, name: &str, email: &str) {
        self.call(
            client,
            "sign_up",
            &[("name", name), ("email", email), ("password", PASSWORD)],
        )
        .await
        .ok();
    }

    /// Opens the confirmation link last sent to `email`, as `client`.
    pub async fn confirm_email(&self, client: &Client, email: &str) {
        let (_, token) = self.link_sent_to(email).await;
        self.call(client, "verify_email", &[("token", &token)])
            .await
            .ok();
    }

    /// A fresh session of an existing person, as the `Cookie` header a browser would send (for
    /// clients that keep no cookie jar: a websocket).
    pub async fn session_cookie(&self, email: &str) -> String {
        let response = reqwest::Client::new()
            .post(format!("{}/api/sign_in", self.base))
            .form(&[("email", email), ("password", PASSWORD)])
            .send()
            .await
            .expect("sign in");
        assert!(
            response.status().is_success(),
            "sign in: {}",
            response.status()
        );
        response
            .headers()
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Another server process on this database, as a second `partage` behind a load balancer
    /// would be; it stops when dropped.
    pub async fn start_process(&self) -> Process {
        let settings = server::Settings::from_lookup(|key| match key {
            "DATABASE_URL" => Some(self.database_url.clone()),
            "PARTAGE_DATA_DIR" => Some(self.data_dir.display().to_string()),
            "PARTAGE_ADDR" => Some("127.0.0.1:0".into()),
            "PARTAGE_BASE_URL" => Some("http://partage.test".into()),
            _ => None,
        })
        .expect("settings");
        let db = server::open_database(&settings).await.expect("database");
        let state = server::build_state(&settings, db).expect("state");
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.set_nonblocking(true).expect("nonblocking");
        let addr = listener.local_addr().expect("addr");
        let runtime = server::runtime().expect("runtime");
        runtime.spawn(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            server::serve(state, listener).await
        });
        Process {
            base: format!("http://{addr}"),
            runtime: Some(runtime),
        }
    }

    /// A platform admin (`equipe@exemple.org`), signed in.
    pub async fn platform_admin(&self) -> Client {
        let generated = server::seed::create_admin(
            &self.db,
            "equipe@exemple.org",
            "Équipe",
            Some("administration-2026".into()),
        )
        .await
        .expect("admin");
        // A password given is the one used: none is generated.
        assert!(generated.is_none());
        let admin = self.client();
        self.call(
            &admin,
            "sign_in",
            &[
                ("email", "equipe@exemple.org"),
                ("password", "administration-2026"),
            ],
        )
        .await
        .ok();
        admin
    }

    /// A new client (a new connection) signed in as an existing person.
    pub async fn sign_in_again(&self, email: &str) -> Client {
        let client = self.client();
        self.call(
            &client,
            "sign_in",
            &[("email", email), ("password", PASSWORD)],
        )
        .await
        .ok();
        client
    }

    /// Signs up a person who creates an organization; returns (client, organization id).
    pub async fn admin_of(&self, org_name: &str, email: &str) -> (Client, String) {
        let client = self.sign_up("Admin", email).await;
        let org = self
            .call(
                &client,
                "create_organization",
                &[
                    ("input[name]", org_name),
                    ("input[kind]", "community"),
                    ("input[region]", "06"),
                ],
            )
            .await;
        let id = org.ok()["id"].as_str().expect("id").to_owned();
        (client, id)
    }

    /// The most units approved bookings hold at once on any resource (checked at the start of
    /// every booking, where a new hold begins).
    pub async fn peak_held(&self) -> i64 {
        sqlx::query_scalar(
            "SELECT COALESCE(MAX(held), 0) FROM (
                SELECT (SELECT CAST(SUM(o.quantity) AS BIGINT) FROM bookings o
                        WHERE o.resource_id = b.resource_id AND o.status = 'approved'
                          AND o.starts_at <= b.starts_at AND o.ends_at > b.starts_at) AS held
                FROM bookings b WHERE b.status = 'approved') AS peaks",
        )
        .fetch_one(self.db.pool())
        .await
        .expect("peak")
    }

    pub async fn count(&self, table: &str) -> i64 {
        sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
            .fetch_one(self.db.pool())
            .await
            .expect("count")
    }

    /// The emails the app recorded, newest first.
    pub async fn outbox(&self) -> Vec<app::admin::types::OutboxEmail> {
        app::mail::repo::list_outbox(self.db.pool(), 100)
            .await
            .expect("outbox")
    }

    /// The single-use link in the newest email to `to`, as (path, token).
    pub async fn link_sent_to(&self, to: &str) -> (String, String) {
        self.links_sent_to(to)
            .await
            .into_iter()
            .next()
            .expect("a link with a token")
    }

    /// Every single-use link in the newest email to `to` that has one, in order, as (path,
    /// token).
    pub async fn links_sent_to(&self, to: &str) -> Vec<(String, String)> {
        // The in-app outbox holds the links when no relay is configured; with one, the relay
        // got them, a moment later (its copy is quoted-printable: soft line breaks, `=3D`).
        // Emails leave through the outbox worker: wait until it has delivered what is queued.
        for _ in 0..200 {
            if app::mail::repo::pending_count(self.db.pool())
                .await
                .expect("pending")
                == 0
            {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        let mut found = None;
        for _ in 0..100 {
            let mut bodies: Vec<String> = self
                .outbox()
                .await
                .into_iter()
                .filter(|m| m.to == to)
                .map(|m| m.body)
                .collect();
            if let Some(sink) = &self.smtp {
                let delivered = sink.messages.lock().await.clone();
                bodies.extend(
                    delivered
                        .into_iter()
                        .rev()
                        .filter(|m| m.contains(to))
                        .map(|m| {
                            m.replace("=\r\n", "")
                                .replace("=\n", "")
                                .replace("=3D", "=")
                        }),
                );
            }
            found = bodies.into_iter().find(|b| b.contains("jeton="));
            if found.is_some() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        let body = found.expect("an email with a link to that address");
        let mut links = Vec::new();
        let mut rest = body.as_str();
        while let Some(start) = rest.find("http://partage.test") {
            let link: String = rest[start..]
                .chars()
                .take_while(|c| !c.is_whitespace())
                .collect();
            rest = &rest[start + link.len()..];
            let path = link.trim_start_matches("http://partage.test").to_owned();
            if let Some(token) = path
                .split("jeton=")
                .nth(1)
                .and_then(|t| t.split('&').next())
            {
                let token = token.to_owned();
                links.push((path, token));
            }
        }
        links
    }
}

/// A minimal SMTP server that accepts every message and keeps it, as a real relay would.
#[derive(Clone)]
pub struct SmtpSink {
    pub addr: SocketAddr,
    pub messages: Arc<Mutex<Vec<String>>>,
    /// How many of the next messages to refuse with a temporary failure (451), as a relay
    /// that is briefly unavailable does.
    pub refuse: Arc<std::sync::atomic::AtomicUsize>,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind smtp");
        let addr = listener.local_addr().expect("addr");
        let messages = Arc::new(Mutex::new(Vec::new()));
        let refuse = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let store = messages.clone();
        let refusals = refuse.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let store = store.clone();
                let refusals = refusals.clone();
                tokio::spawn(async move {
                    let (read, mut write) = socket.into_split();
                    let mut lines = BufReader::new(read).lines();
                    let _ = write.write_all(b"220 sink ESMTP\r\n").await;
                    let mut data: Option<String> = None;
                    while let Ok(Some(line)) = lines.next_line().await {
                        if let Some(body) = data.as_mut() {
                            if line == "." {
                                let refused = refusals
                                    .fetch_update(
                                        std::sync::atomic::Ordering::SeqCst,
                                        std::sync::atomic::Ordering::SeqCst,
                                        |n| n.checked_sub(1),
                                    )
                                    .is_ok();
                                let message = std::mem::take(body);
                                data = None;
                                if refused {
                                    let _ = write.write_all(b"451 4.3.0 try again later\r\n").await;
                                    continue;
                                }
                                store.lock().await.push(message);
                                let _ = write.write_all(b"250 queued\r\n").await;
                            } else {
                                body.push_str(&line);
                                body.push('\n');
                            }
                            continue;
                        }
                        let upper = line.to_ascii_uppercase();
                        let reply: &[u8] = if upper.starts_with("EHLO") {
                            b"250-sink\r\n250 8BITMIME\r\n"
                        } else if upper.starts_with("DATA") {
                            data = Some(String::new());
                            b"354 go ahead\r\n"
                        } else if upper.starts_with("QUIT") {
                            let _ = write.write_all(b"221 bye\r\n").await;
                            break;
                        } else {
                            b"250 ok\r\n"
                        };
                        let _ = write.write_all(reply).await;
                    }
                });
            }
        });
        SmtpSink {
            addr,
            messages,
            refuse,
        }
    }
}
