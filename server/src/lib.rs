//! The `partage` server: configuration, database, router, and the command line. A little over
//! 400 lines: the router and its few handlers (photos, messages script, page rendering) stay
//! together so the HTTP surface reads in one place.
#![recursion_limit = "512"]

mod calendars;
pub mod config;
mod live;
pub mod security;
pub mod seed;

use std::{net::SocketAddr, sync::Arc};

use app::{
    catalogue::photos,
    db::Db,
    error::AppError,
    files::FileStore,
    i18n::{Locale, Msg},
    mail::{Mailer, Outbox},
    session::PageSession,
    state::{AppState, Config},
};
use axum::{
    Router,
    body::{Body, Bytes},
    extract::{Path, Request, State},
    http::{HeaderValue, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower_http::{
    compression::CompressionLayer,
    services::{ServeDir, ServeFile},
};

pub use config::Settings;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("configuration: {0}")]
    Config(#[from] config::ConfigError),
    #[error("leptos configuration: {0}")]
    Leptos(String),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("mail: {0}")]
    Mail(String),
    #[error("listen: {0}")]
    Io(#[from] std::io::Error),
}

/// Connects to the database and applies pending migrations.
pub async fn open_database(settings: &Settings) -> Result<Db, StartError> {
    let db = Db::connect(&settings.database_url).await?;
    db.migrate().await?;
    Ok(db)
}

/// Where uploaded photos go: `photos/` under the data folder.
pub fn file_store(settings: &Settings) -> FileStore {
    FileStore::on_disk(settings.data_dir.join("photos"))
}

/// The app's state from settings and an open database.
pub fn build_state(settings: &Settings, db: Db) -> Result<AppState, StartError> {
    let conf = get_configuration(None).map_err(|e| StartError::Leptos(e.to_string()))?;
    let mut leptos_options = conf.leptos_options;
    leptos_options.site_addr = settings.addr;
    let mailer = match &settings.smtp_url {
        Some(url) => Mailer::smtp(url, &settings.mail_from).map_err(StartError::Mail)?,
        None => Mailer::Outbox,
    };
    let config = Config {
        base_url: settings.base_url.clone(),
        secure_cookies: settings.base_url.starts_with("https://"),
        trust_forwarded_for: settings.trust_proxy,
    };
    let live = app::live::Live::new(db.backend(), &settings.database_url);
    Ok(AppState {
        leptos_options,
        live,
        db,
        config: Arc::new(config),
        mailer,
        outbox: Outbox::default(),
        files: file_store(settings),
        decode_slots: Arc::new(tokio::sync::Semaphore::new(
            app::catalogue::photos::MAX_DECODES_AT_ONCE,
        )),
    })
}

/// The whole HTTP surface: pages, server functions under `/api`, health, static files.
/// Pages are the routes of `app::routes` (and the 404 page for any unknown address): only
/// they load the session before rendering, so a new route of another kind (a websocket, a
/// feed) is added beside them without any list of prefixes to keep in step.
pub fn router(state: AppState) -> Router {
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            security::provide_page_context(&state);
        }
    };
    let page = {
        let context = context.clone();
        let options = state.leptos_options.clone();
        leptos_axum::render_app_async_with_context(
            move || {
                provide_context(leptos_router::Method::Get);
                context();
            },
            move || app::shell(options.clone()),
        )
    };
    let pages = Router::new()
        .leptos_routes_with_handler(generate_route_list(app::App), get(page))
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(
            {
                let state = state.clone();
                move || security::provide_page_context(&state)
            },
            app::shell,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), page_session));
    let server_fns = move |request: Request| {
        leptos_axum::handle_server_fns_with_context(context.clone(), request)
    };
    let site = std::path::PathBuf::from(&*state.leptos_options.site_root);
    Router::new()
        .route("/healthz", get(healthz))
        .route("/catalogue/modele.csv", get(import_template))
        .route("/photos/{file}", get(photo_file))
        .route("/pieces-jointes/{file}", get(attachment_file))
        .route(
            "/reservations/{id}/calendrier.ics",
            get(calendars::booking_ics),
        )
        .route("/ical/{file}", get(calendars::feed_ics))
        .route("/i18n/{file}", get(messages_script))
        .route("/ws", get(live::socket))
        .route("/api/{*name}", post(server_fns))
        .nest_service(
            "/pkg",
            ServeDir::new(site.join(&*state.leptos_options.site_pkg_dir)),
        )
        .route_service("/favicon.svg", ServeFile::new(site.join("favicon.svg")))
        .merge(pages)
        .layer(middleware::from_fn(upload_guard))
        .layer(middleware::from_fn(api_errors))
        .layer(middleware::from_fn(security::bounded_bodies))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::same_origin_writes,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::security_headers,
        ))
        .layer(CompressionLayer::new())
        .with_state(state)
}

/// The CSV template for bulk imports (UTF-8 with a byte-order mark, so spreadsheets read the
/// accents right).
async fn import_template() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"partage-modele-ressources.csv\"",
            ),
        ],
        format!("\u{feff}{}", app::catalogue::import::template()),
    )
}

/// The script that hands the browser its language's messages. Its name carries a hash of its
/// content, so it is cached for good; any other name is 404.
async fn messages_script(uri: axum::http::Uri) -> Response {
    match app::i18n::messages_script(uri.path()) {
        Some(script) => (
            [
                (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            ],
            script,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// A copy of a photo. A published resource's photos are public: their address holds a random
/// id, so they can be cached forever. Others' (a draft, a paused or archived resource) only
/// for the owner's members, never kept by a shared cache; for anyone else, and for a deleted
/// photo whose file lingers on disk, 404.
async fn photo_file(
    State(state): State<AppState>,
    Path(file): Path<String>,
    request: Request,
) -> Response {
    let Some((id, _)) = photos::parse_file_name(&file) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let (parts, _) = request.into_parts();
    let visible = async {
        let Some((org, published)) =
            app::catalogue::photos::repo::photo_visibility(state.db.pool(), &id).await?
        else {
            return Ok::<_, sqlx::Error>(None);
        };
        if published {
            return Ok(Some(true));
        }
        let Some(user) = app::accounts::auth::signed_in_user_id(&state.db, &parts).await? else {
            return Ok(None);
        };
        let member = app::organizations::repo::role_of(state.db.pool(), &org, &user)
            .await?
            .is_some();
        Ok(member.then_some(false))
    };
    let public = match visible.await {
        Ok(Some(public)) => public,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "photo: lookup failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let cache = if public {
        "public, max-age=31536000, immutable"
    } else {
        "private, no-store"
    };
    match state.files.get(&file).await {
        Ok(Some(bytes)) => (
            [
                (header::CONTENT_TYPE, "image/jpeg"),
                (header::CACHE_CONTROL, cache),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, file, "photo: could not read a file");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// A message's attachment, for the members of its conversation's two organizations only
/// (anyone else: 404, as if it did not exist). A PDF comes as a download; an image inline, as
/// the JPEG the server made of it. Never cached by anything shared.
async fn attachment_file(
    State(state): State<AppState>,
    Path(file): Path<String>,
    request: Request,
) -> Response {
    use app::inbox::types::{AttachmentKind, parse_attachment_file};
    let Some((id, kind, _)) = parse_attachment_file(&file) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let (parts, _) = request.into_parts();
    let allowed = async {
        let Some(user) = app::accounts::auth::signed_in_user_id(&state.db, &parts).await? else {
            return Ok::<_, sqlx::Error>(None);
        };
        app::inbox::repo::attachment_for(state.db.pool(), &id, &user).await
    };
    let name = match allowed.await {
        Ok(Some(name)) => name,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "attachment: lookup failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let (content_type, disposition) = match kind {
        AttachmentKind::Pdf => ("application/pdf", "attachment"),
        AttachmentKind::Image => ("image/jpeg", "inline"),
    };
    // The name as sent, for the browser's save dialog: ASCII for old clients, UTF-8 for the rest.
    let ascii: String = name
        .chars()
        .map(|c| {
            if (c.is_ascii_graphic() && c != '"' && c != '\\') || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = format!(
        "{disposition}; filename=\"{ascii}\"; filename*=UTF-8''{}",
        app::shared::text::encode_component(&name)
    );
    match state.files.get(&file).await {
        Ok(Some(bytes)) => (
            [
                (header::CONTENT_TYPE, content_type.to_owned()),
                (header::CONTENT_DISPOSITION, disposition),
                (header::CACHE_CONTROL, "private, no-store".to_owned()),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, file, "attachment: could not read a file");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Loads who is signed in before a page renders and hands it to the page in the request's
/// extensions (`PageSession`): the page shows it without waiting, and carries it to the
/// browser. The lookup is `get_session` itself, run with the context a server function gets, so
/// an expired cookie is cleared and a live one extended exactly as there.
async fn page_session(State(state): State<AppState>, request: Request, next: Next) -> Response {
    use leptos::reactive::{computed::ScopedFuture, owner::Owner};
    let (mut parts, body) = request.into_parts();
    let options = leptos_axum::ResponseOptions::default();
    let owner = Owner::new();
    let lookup = owner.with(|| {
        provide_context(state.clone());
        provide_context(parts.clone());
        provide_context(options.clone());
        ScopedFuture::new(app::session::api::get_session())
    });
    let user = lookup.await.unwrap_or_else(|e| {
        tracing::error!(error = %e, "page: session lookup failed; rendering for a visitor");
        None
    });
    drop(owner);
    drop(body); // a page request carries none
    parts.extensions.insert(PageSession(user));
    // The home page's newest listings, read here for the same reason as the session.
    if parts.uri.path() == "/" {
        match app::home::load_listings(state.db.pool()).await {
            Ok(listings) => {
                parts.extensions.insert(listings);
            }
            Err(e) => tracing::error!(error = %e, "page: newest listings unreadable"),
        }
    }
    let mut response = render_page(parts, next).await;
    let cookies = options
        .0
        .read()
        .map(|set| set.headers.clone())
        .unwrap_or_default();
    for (name, value) in &cookies {
        response.headers_mut().append(name, value.clone());
    }
    response
}

/// How long a page may take to render before it is rendered again.
const PAGE_RENDER_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Renders a page whole before sending it (every route renders in `SsrMode::Async`, so the
/// page's data, title and status are all known when its head is written). Under load, Leptos 0.8's server rendering can lose
/// the wake-up of a Suspense boundary and leave a response unfinished for good (seen here on
/// the home and catalogue pages; leptos-rs/leptos#4851, #4647). A render that has not finished
/// within `PAGE_RENDER_TIMEOUT` is dropped and started again (twice at most). Our pages take
/// tens of milliseconds, so sending them whole instead of streaming costs nothing visible.
pub async fn render_page(parts: http::request::Parts, next: Next) -> Response {
    for attempt in 1..=3 {
        let render = async {
            let response = next
                .clone()
                .run(Request::from_parts(parts.clone(), Body::empty()))
                .await;
            let (head, body) = response.into_parts();
            axum::body::to_bytes(body, usize::MAX)
                .await
                .map(|html| (head, html))
        };
        match tokio::time::timeout(PAGE_RENDER_TIMEOUT, render).await {
            Ok(Ok((head, html))) => return Response::from_parts(head, Body::from(html)),
            Ok(Err(e)) => {
                tracing::error!(error = %e, path = %parts.uri.path(), "page: rendering failed");
                break;
            }
            Err(_) => {
                tracing::warn!(path = %parts.uri.path(), attempt, "page: rendering stalled; starting again");
            }
        }
    }
    StatusCode::SERVICE_UNAVAILABLE.into_response()
}

/// The upload server function expects `multipart/form-data` with a boundary; anything else is
/// refused here with a translated 422, before the multipart reader sees it.
async fn upload_guard(request: Request, next: Next) -> Response {
    use leptos::server_fn::ServerFn;
    if request.uri().path() != photos::api::UploadPhoto::PATH {
        return next.run(request).await;
    }
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| multer::parse_boundary(ct).is_ok());
    if multipart {
        return next.run(request).await;
    }
    let error = AppError::validation("photo", Msg::PhotoRequired)
        .localized(Locale::from_headers(request.headers()));
    (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(error)).into_response()
}

/// 200 only when the database answers.
async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

/// Gives server-function errors their real HTTP status (401, 403, 404, 409, 422, 429) instead
/// of the generic 500, and fills in their message in the caller's language, for clients other
/// than our own pages.
async fn api_errors(request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let locale = Locale::from_headers(request.headers());
    let response = next.run(request).await;
    if !response.status().is_server_error() {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response();
    };
    let Ok(error) = serde_json::from_slice::<AppError>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let error = error.localized(locale);
    parts.status =
        StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let AppError::RateLimited {
        retry_after_secs, ..
    } = &error
        && let Ok(value) = HeaderValue::from_str(&retry_after_secs.to_string())
    {
        parts.headers.insert(header::RETRY_AFTER, value);
    }
    let body = serde_json::to_vec(&error)
        .map(Bytes::from)
        .unwrap_or_else(|_| bytes);
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(body))
}

/// The runtime `partage` runs on: worker threads get 32 MiB stacks (address space; only what
/// is touched is memory), since rendering a long form whole (`SsrMode::Async`), in a debug
/// build especially, goes deeper than tokio's default 2 MiB, and deeper than 8 MiB.
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(32 << 20)
        .build()
}

/// Serves on `listener` until Ctrl-C or SIGTERM.
pub async fn serve(state: AppState, listener: tokio::net::TcpListener) -> Result<(), StartError> {
    // The outbox's delivery worker lives as long as the server.
    let worker = tokio::spawn(state.outbox.clone().run_worker(
        state.db.clone(),
        state.mailer.clone(),
        std::time::Duration::from_secs(2),
    ));
    // So is the reminder a day before each booking.
    let reminders = tokio::spawn(app::bookings::reminders::run(
        state.db.clone(),
        state.outbox.clone(),
        state.config.base_url.clone(),
        std::time::Duration::from_secs(60),
    ));
    // And the emails of messages left unread, and the morning digests.
    let inbox_emails = tokio::spawn(app::inbox::emails::run(
        state.db.clone(),
        state.outbox.clone(),
        state.config.base_url.clone(),
        std::time::Duration::from_secs(60),
    ));
    // On PostgreSQL, other processes' live events arrive through this one's listener.
    let listener_task = state.live.listener().map(tokio::spawn);
    let app = router(state);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    worker.abort();
    reminders.abort();
    inbox_emails.abort();
    if let Some(task) = listener_task {
        task.abort();
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
