//! The walls behind the pages' own escaping: a Content-Security-Policy with a fresh nonce for
//! every page, the usual protective headers on every response, and a refusal of
//! state-changing requests that another site's page sends with a signed-in person's cookie.

use app::{error::AppError, i18n::Locale, state::AppState};
use axum::{
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use leptos::prelude::*;

/// What a page may load: its own files, scripts only from this site or carrying the page's
/// nonce (Leptos puts it on the scripts it writes), WebAssembly compiled from our own module,
/// style sheets only from this site, no plug-ins, no `<base>` rewriting, forms posting only
/// here, and no framing by anyone. Style *attributes* are allowed (`style-src-attr`): the
/// planning board places each block with `left` and `width` computed on the server and in the
/// browser (numbers only; people's text never reaches an attribute unescaped). No `<style>`
/// element or sheet from elsewhere is.
fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; style-src-elem 'self'; style-src-attr 'unsafe-inline'; \
         img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// For everything that is not a page (server-function answers, photos, files): nothing runs.
const RESOURCE_POLICY: &str =
    "default-src 'none'; img-src 'self'; style-src 'self'; frame-ancestors 'none'; sandbox";

/// The context every page render gets: the state, a fresh nonce for its scripts, and the
/// policy that names that nonce in the response.
pub fn provide_page_context(state: &AppState) {
    provide_context(state.clone());
    let server_function = use_context::<http::request::Parts>()
        .is_some_and(|parts| parts.uri.path().starts_with("/api/"));
    if server_function {
        return;
    }
    leptos::nonce::provide_nonce();
    if let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) && let Ok(value) = HeaderValue::from_str(&page_policy(&nonce.to_string()))
    {
        response.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

/// Adds the protective headers to every response; a response that set no policy of its own
/// (anything but a page) gets the strict one.
pub async fn security_headers(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(RESOURCE_POLICY));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"),
    );
    if state.config.secure_cookies {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

/// Whether a request that changes something comes from a page of this site. Browsers say
/// where a request comes from (`Sec-Fetch-Site`, and `Origin` on every cross-origin POST), and
/// a page on another site cannot forge either; a request that carries neither is not from a
/// browser page (a script or a test client, which holds no victim's cookie) and may pass.
pub(crate) fn from_this_site(headers: &HeaderMap, base_url: &str) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return matches!(site.to_str(), Ok("same-origin" | "none"));
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    if origin.eq_ignore_ascii_case(base_url.trim_end_matches('/')) {
        return true;
    }
    // The address the browser used (a test server on a loopback port, a proxy's name).
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let authority = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"));
    matches!((authority, host), (Some(a), Some(h)) if a.eq_ignore_ascii_case(h))
}

/// Refuses, with a translated 403, a request that would change something (any method but
/// GET, HEAD and OPTIONS) when the browser says another site's page sent it: with
/// `SameSite=Lax` alone, a form posted from elsewhere still carried the session cookie.
pub async fn same_origin_writes(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let reads = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if reads || from_this_site(request.headers(), &state.config.base_url) {
        return next.run(request).await;
    }
    tracing::warn!(
        path = %request.uri().path(),
        origin = ?request.headers().get(header::ORIGIN),
        site = ?request.headers().get("sec-fetch-site"),
        "refused a cross-site request"
    );
    let error = AppError::forbidden().localized(Locale::from_headers(request.headers()));
    (StatusCode::FORBIDDEN, axum::Json(error)).into_response()
}

/// Most bytes a server-function request may carry (forms, searches, CSV imports).
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;
/// A CSV import: its file's cap (1 MB), form-encoded (every accent and comma triples).
const MAX_IMPORT_BODY_BYTES: usize = 3 * app::catalogue::import::MAX_BYTES + 64 * 1024;
/// A photo upload: its reader keeps at most the photo's cap (10 MB) and skips the rest, to
/// answer « over 10 MB » beside the field; this bounds how much it may skip.
const MAX_UPLOAD_BODY_BYTES: usize = 4 * app::catalogue::photos::MAX_UPLOAD_BYTES;

/// A translated error with the status given.
fn refusal(status: StatusCode, msg: app::i18n::Msg, headers: &HeaderMap) -> Response {
    let error = AppError::validation("", msg).localized(Locale::from_headers(headers));
    (status, axum::Json(error)).into_response()
}

/// Bounds what a server function reads: a body over its limit is refused with a translated
/// 413 before it is read whole, and a body that is not UTF-8 text (percent-encoded bytes
/// included) with a 400, instead of reaching a deserializer that answers 500.
pub async fn bounded_bodies(request: Request, next: Next) -> Response {
    use app::i18n::Msg;
    use leptos::server_fn::ServerFn;
    if !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let path = request.uri().path();
    // Uploads (a photo, a message's file) are read as a stream by their server function.
    let upload = path == app::catalogue::photos::api::UploadPhoto::PATH
        || path == app::inbox::api::ATTACH_PATH;
    let limit = if upload {
        MAX_UPLOAD_BODY_BYTES
    } else if path == app::catalogue::resources::api::ImportResources::PATH {
        MAX_IMPORT_BODY_BYTES
    } else {
        MAX_BODY_BYTES
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return refusal(
            StatusCode::PAYLOAD_TOO_LARGE,
            Msg::ErrorBodyTooLarge,
            request.headers(),
        );
    }
    let (parts, body) = request.into_parts();
    if upload {
        // Read as a stream by the upload itself; only its total is bounded here.
        let body = axum::body::Body::new(http_body_util::Limited::new(body, limit));
        return next.run(Request::from_parts(parts, body)).await;
    }
    let Ok(bytes) = axum::body::to_bytes(body, limit).await else {
        return refusal(
            StatusCode::PAYLOAD_TOO_LARGE,
            Msg::ErrorBodyTooLarge,
            &parts.headers,
        );
    };
    let form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
    let readable = std::str::from_utf8(&bytes).is_ok()
        && (!form || percent_decoded_is_utf8(&bytes))
        && parts
            .uri
            .query()
            .is_none_or(|q| percent_decoded_is_utf8(q.as_bytes()));
    if !readable {
        return refusal(
            StatusCode::BAD_REQUEST,
            Msg::ErrorBodyNotUtf8,
            &parts.headers,
        );
    }
    next.run(Request::from_parts(parts, axum::body::Body::from(bytes)))
        .await
}

/// Whether every name and value of a form-encoded text decodes to UTF-8.
fn percent_decoded_is_utf8(encoded: &[u8]) -> bool {
    let hex = |b: u8| {
        char::from(b)
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok())
    };
    encoded.split(|b| matches!(b, b'&' | b'=')).all(|part| {
        let mut decoded = Vec::with_capacity(part.len());
        let mut i = 0;
        while i < part.len() {
            let (byte, used) = match (part[i], part.get(i + 1), part.get(i + 2)) {
                (b'%', Some(&h), Some(&l)) => match (hex(h), hex(l)) {
                    (Some(h), Some(l)) => (h * 16 + l, 3),
                    _ => (b'%', 1),
                },
                (b'+', _, _) => (b' ', 1),
                (b, _, _) => (b, 1),
            };
            decoded.push(byte);
            i += used;
        }
        std::str::from_utf8(&decoded).is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_text_must_decode_to_utf8() {
        assert!(percent_decoded_is_utf8(
            b"input%5Btitle%5D=Cong%C3%A9lateur+coffre&q="
        ));
        assert!(percent_decoded_is_utf8("q=congélateur".as_bytes()));
        assert!(percent_decoded_is_utf8(b"q=100%"), "a lone % is text");
        assert!(!percent_decoded_is_utf8(b"q=%FF%FE"));
        assert!(!percent_decoded_is_utf8(b"input%5Btitle%5D=%C3"));
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, HeaderValue::from_static(v));
        }
        map
    }

    #[test]
    fn only_this_sites_pages_may_write() {
        let base = "https://partage.example";
        assert!(from_this_site(&headers(&[]), base), "not a browser");
        assert!(from_this_site(
            &headers(&[("sec-fetch-site", "same-origin")]),
            base
        ));
        assert!(!from_this_site(
            &headers(&[("sec-fetch-site", "cross-site")]),
            base
        ));
        assert!(!from_this_site(
            &headers(&[("sec-fetch-site", "same-site")]),
            base
        ));
        assert!(from_this_site(
            &headers(&[("origin", "https://partage.example")]),
            base
        ));
        assert!(from_this_site(
            &headers(&[
                ("origin", "http://127.0.0.1:3000"),
                ("host", "127.0.0.1:3000")
            ]),
            base
        ));
        assert!(!from_this_site(
            &headers(&[
                ("origin", "https://evil.example"),
                ("host", "partage.example")
            ]),
            base
        ));
        assert!(!from_this_site(&headers(&[("origin", "null")]), base));
    }
}
