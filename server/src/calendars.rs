//! Calendar files over HTTP: a booking's `.ics` for its two organizations' members, and the
//! secret feed addresses calendars subscribe to (cached for a few minutes; `ETag` answers
//! `304` when nothing changed).

use std::hash::{Hash, Hasher};

use axum::{
    extract::{Path, Request, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};

use app::{
    bookings::calendar::{booking_file, feed_file},
    i18n::Locale,
    state::AppState,
};

const ICS: &str = "text/calendar; charset=utf-8";

/// `/reservations/{id}/calendrier.ics`: the booking for a member of either organization;
/// 404 for anyone else, signed in or not.
pub async fn booking_ics(
    State(state): State<AppState>,
    Path(id): Path<String>,
    request: Request,
) -> Response {
    let (parts, _) = request.into_parts();
    let locale = Locale::from_headers(&parts.headers);
    let answer = async {
        let Some(user) = app::accounts::auth::signed_in_user_id(&state.db, &parts).await? else {
            return Ok(None);
        };
        booking_file(&state.db, &state.config.base_url, &user, &id, locale).await
    };
    match answer.await {
        Ok(Some((name, body))) => (
            [
                (header::CONTENT_TYPE, ICS.to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
                (header::CACHE_CONTROL, "private, no-store".to_owned()),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            ],
            body,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "booking calendar file failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// `/ical/{token}.ics`: a feed by its secret token; 404 once revoked.
pub async fn feed_ics(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(token) = file.strip_suffix(".ics").filter(|t| !t.is_empty()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match feed_file(&state.db, &state.config.base_url, token).await {
        Ok(Some(body)) => {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            body.hash(&mut hasher);
            let etag = format!("\"{:016x}\"", hasher.finish());
            let fresh = headers
                .get(header::IF_NONE_MATCH)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
            let mut response = if fresh {
                StatusCode::NOT_MODIFIED.into_response()
            } else {
                ([(header::CONTENT_TYPE, ICS)], body).into_response()
            };
            let h = response.headers_mut();
            // A shared cache must not keep it: the address is the only secret.
            h.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=300"),
            );
            h.insert(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            );
            h.insert(
                header::REFERRER_POLICY,
                HeaderValue::from_static("no-referrer"),
            );
            if let Ok(v) = HeaderValue::from_str(&etag) {
                h.insert(header::ETAG, v);
            }
            response
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "calendar feed failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
