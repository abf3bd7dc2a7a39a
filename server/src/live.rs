//! `/ws`: the live socket of a signed-in browser. The session is checked at the upgrade and the
//! person's organizations read then (and again whenever their memberships change), so a socket
//! sends only events of conversations they may read; the events carry keys, and the page reads
//! the rows through server functions. A browser may say it is typing in a conversation it
//! belongs to; nothing else it sends is read.

use std::time::{Duration, Instant};

use axum::{
    extract::{
        State, WebSocketUpgrade,
        ws::{Message, WebSocket},
    },
    http::{StatusCode, request::Parts},
    response::{IntoResponse, Response},
};
use leptos::prelude::provide_context;
use tokio::sync::broadcast::error::RecvError;

use app::{live::LiveEvent, state::AppState};

/// How often an idle socket is pinged (proxies close silent connections).
const PING_EVERY: Duration = Duration::from_secs(25);
/// At most one « typing » a socket may send per this much time.
const TYPING_EVERY: Duration = Duration::from_millis(1_500);

pub async fn socket(
    State(state): State<AppState>,
    parts: Parts,
    upgrade: WebSocketUpgrade,
) -> Response {
    // A page of another site may open a socket with the visitor's cookie: refuse it.
    if !crate::security::from_this_site(&parts.headers, &state.config.base_url) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let Some(person) = signed_in(&state, &parts).await else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let orgs = match organizations_of(&state, &person.0).await {
        Ok(orgs) => orgs,
        Err(e) => {
            tracing::error!(error = %e, "live: cannot read memberships");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    // Events are a few hundred bytes and the browser sends only « typing »: small buffers keep
    // an idle connection cheap (tungstenite's defaults are 128 KiB each way; measured 141.6
    // KiB of server memory per idle socket with them, `server/benches/inbox.rs`).
    upgrade
        .max_message_size(4 * 1024)
        .max_frame_size(4 * 1024)
        .read_buffer_size(4 * 1024)
        .write_buffer_size(0)
        .on_upgrade(move |ws| serve(ws, state, person, orgs))
}

/// The signed-in person (id, name), looked up as a server function would.
async fn signed_in(state: &AppState, parts: &Parts) -> Option<(String, String)> {
    use leptos::reactive::{computed::ScopedFuture, owner::Owner};
    let owner = Owner::new();
    let lookup = owner.with(|| {
        provide_context(state.clone());
        provide_context(parts.clone());
        provide_context(leptos_axum::ResponseOptions::default());
        ScopedFuture::new(app::accounts::auth::current_user())
    });
    let who = lookup.await.ok().flatten()?;
    Some((who.user.id, who.user.name))
}

async fn organizations_of(state: &AppState, user_id: &str) -> Result<Vec<String>, sqlx::Error> {
    let memberships = app::organizations::repo::memberships_of(state.db.pool(), user_id).await?;
    Ok(memberships.into_iter().map(|m| m.org_id).collect())
}

/// What a browser may send: that its person is typing in a conversation.
#[derive(serde::Deserialize)]
struct Typing {
    typing: String,
}

async fn serve(
    mut ws: WebSocket,
    state: AppState,
    (user_id, name): (String, String),
    mut orgs: Vec<String>,
) {
    let mut events = state.live.subscribe();
    let mut ping = tokio::time::interval(PING_EVERY);
    let mut last_typing = Instant::now() - TYPING_EVERY;
    loop {
        tokio::select! {
            event = events.recv() => {
                let event = match event {
                    Ok(LiveEvent::Membership { user }) => {
                        if user == user_id {
                            match organizations_of(&state, &user_id).await {
                                Ok(now) => orgs = now,
                                // Unsure of what they may read: stop.
                                Err(_) => break,
                            }
                        }
                        continue;
                    }
                    Ok(event) if event.concerns(&orgs) => event.for_browser(),
                    Ok(_) => continue,
                    // Fell behind: the page catches up from the rows.
                    Err(RecvError::Lagged(_)) => LiveEvent::Resync,
                    Err(RecvError::Closed) => break,
                };
                let text = serde_json::to_string(&event).unwrap_or_default();
                if ws.send(Message::Text(text.into())).await.is_err() {
                    break;
                }
            }
            incoming = ws.recv() => match incoming {
                Some(Ok(Message::Text(text))) => {
                    if last_typing.elapsed() < TYPING_EVERY {
                        continue;
                    }
                    let Ok(Typing { typing }) = serde_json::from_str::<Typing>(&text) else {
                        continue;
                    };
                    last_typing = Instant::now();
                    typing_in(&state, &user_id, &name, &typing).await;
                }
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                Some(Ok(_)) => {}
            },
            _ = ping.tick() => {
                if ws.send(Message::Ping(Vec::new().into())).await.is_err() {
                    break;
                }
            }
        }
    }
}

/// Tells the conversation's two organizations that `name` is typing, if they belong to it.
async fn typing_in(state: &AppState, user_id: &str, name: &str, conversation: &str) {
    let db = state.db.pool();
    let Ok(mine) = app::inbox::repo::sides_of_member(db, conversation, user_id).await else {
        return;
    };
    let Some(org) = mine.into_iter().next() else {
        return;
    };
    let Ok(orgs) = app::inbox::repo::conversation_orgs(db, conversation).await else {
        return;
    };
    let event = LiveEvent::Typing {
        conversation: conversation.to_owned(),
        org,
        name: name.to_owned(),
        orgs,
    };
    if let Err(e) = state.live.send(db, event).await {
        tracing::warn!(error = %e, "live: cannot tell who is typing");
    }
}
