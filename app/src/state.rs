//! What every request on the server can reach: options, database, configuration, mailer.
//! Passed as context to the page renderer and the server-function handler, never global.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::prelude::*;

use crate::{
    db::Db,
    error::AppError,
    files::FileStore,
    mail::{Mailer, Outbox},
};

/// Settings read once at start-up.
#[derive(Clone, Debug)]
pub struct Config {
    /// The address people reach the app at, for links in emails (no trailing slash).
    pub base_url: String,
    /// Whether cookies get `Secure` (the base URL is https).
    pub secure_cookies: bool,
    /// Whether the client address may be read from `X-Forwarded-For` (behind a proxy).
    pub trust_forwarded_for: bool,
}

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub config: Arc<Config>,
    pub mailer: Mailer,
    /// Wakes this process's delivery worker after a commit that queued side effects.
    pub outbox: Outbox,
    /// Photos (and later other uploads).
    pub files: FileStore,
    /// How many images may be decoded at once: each may take a few hundred megabytes while it
    /// is decoded, so simultaneous uploads wait their turn instead of adding up.
    pub decode_slots: Arc<tokio::sync::Semaphore>,
    /// This process's live events (`crate::live`).
    pub live: crate::live::Live,
}

impl AppState {
    /// Commits a change with its side effects: its live events (see `Live::commit`), then
    /// wakes the delivery worker for the emails it queued.
    pub async fn commit(
        &self,
        tx: crate::db::Tx,
        events: Vec<crate::live::LiveEvent>,
    ) -> Result<(), sqlx::Error> {
        self.live.commit(tx, events).await?;
        self.outbox.wake();
        Ok(())
    }
}

/// The state, from the context `leptos_axum` provides to server functions and pages.
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from context");
        AppError::internal()
    })
}

/// The request being answered (headers, cookies, client address).
pub fn request_parts() -> Result<http::request::Parts, AppError> {
    use_context::<http::request::Parts>().ok_or_else(|| {
        tracing::error!("request parts missing from context");
        AppError::internal()
    })
}

/// The language of the request being answered.
pub fn request_locale() -> crate::i18n::Locale {
    use_context::<http::request::Parts>()
        .map(|p| crate::i18n::Locale::from_headers(&p.headers))
        .unwrap_or_default()
}

/// Adds a header to the response of the current server function or page.
pub fn append_response_header(name: http::HeaderName, value: &str) -> Result<(), AppError> {
    let options = use_context::<leptos_axum::ResponseOptions>().ok_or_else(AppError::internal)?;
    let value = http::HeaderValue::from_str(value).map_err(|_| AppError::internal())?;
    options.append_header(name, value);
    Ok(())
}
