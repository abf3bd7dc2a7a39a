//! Shared building blocks: icons, form fields with announced errors, toasts, badges.

pub mod dialog;
pub mod fields;
pub mod icons;
pub mod links;
pub mod list;
pub mod not_found;
pub mod pager;
pub mod pickers;
pub mod toasts;
#[cfg(feature = "hydrate")]
pub mod upload;

use leptos::prelude::*;

use crate::{
    error::AppError,
    i18n::{Msg, use_i18n},
};

pub use fields::{
    CheckField, DoneNotice, FieldError, FormAlert, FormPage, OptionLabel, SelectField,
    SubmitButton, TextField, field_message,
};
pub use icons::{Icon, IconName};
pub use toasts::{ToastRegion, Toasts, use_toasts};

/// The error of the last run of an action, if it failed.
pub fn action_error<T, S>(value: S) -> Signal<Option<AppError>>
where
    S: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    Signal::derive(move || value.get().and_then(|r| r.err()))
}

/// Marks the page interactive (`<body data-hydrated="true">`) once the component calling it has
/// hydrated. Every page calls it: a page's code loads after the frame's (one WASM chunk per
/// route), so the frame being interactive says nothing of the page; browser tests wait for this.
pub fn mark_hydrated() {
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}

/// Tells how an action went, as a toast: on success, what `on_ok` returns (after doing what
/// follows: reload, navigate…; `None` for no toast); on failure, the error's message in the
/// reader's language. One place for what every form and button does after its server call.
pub fn toast_outcome<T, S>(value: S, on_ok: impl Fn(T) -> Option<String> + 'static)
where
    T: 'static,
    S: Get<Value = Option<Result<T, AppError>>> + 'static,
{
    let toasts = use_toasts();
    let i18n = crate::i18n::use_i18n();
    Effect::new(move |_| match value.get() {
        Some(Ok(done)) => {
            if let Some(text) = on_ok(done) {
                toasts.success(text);
            }
        }
        Some(Err(e)) => toasts.error(fields::error_text(&e, i18n)),
        None => {}
    });
}

/// An id usable in HTML from a form name such as `input[name]`.
/// Text for the inside of an element whose content the HTML parser reads as RCDATA
/// (`<title>`, `<textarea>`): Leptos 0.8 writes such children unescaped on the server
/// (leptos-rs/leptos #4730, #4819), so a title holding `</textarea><script>` would end the
/// element and run. The parser decodes character references there, so escaping shows the same
/// text. In the browser the value is set as text, never parsed, and stays as it is.
pub fn rcdata_text(text: String) -> String {
    #[cfg(feature = "ssr")]
    {
        if text.contains(['&', '<', '>']) {
            return text
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
        }
    }
    text
}

/// The « Vérifié » badge shown wherever a verified organization appears.
#[component]
pub fn VerifiedBadge() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class="badge badge-verified" title=i18n.t(Msg::OrgVerifiedHint)>
            <Icon name=IconName::BadgeCheck/>
            <span>{i18n.t(Msg::OrgVerified)}</span>
        </span>
    }
}

/// A loading placeholder with an accessible name.
#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="loading" role="status">
            <span class="spinner" aria-hidden="true"></span>
            <span>{i18n.t(Msg::StateLoading)}</span>
        </div>
    }
}

/// A friendly panel for an error that ended a page's loading.
#[component]
pub fn ErrorPanel(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let msg = error.msg();
    // A page that shows an error answers with its status (bad input 422, not 200 or 500).
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(status) = http::StatusCode::from_u16(error.status())
    {
        response.set_status(status);
    }
    view! {
        <div class="panel panel-error" role="alert">
            <Icon name=IconName::Alert/>
            <p>{move || i18n.t(msg)}</p>
        </div>
    }
}

/// A value the page carries to the browser (the session, the home page's listings): postcard
/// (a compact binary form of serde's data model) written as hexadecimal. Not JSON: the browser's
/// first load then holds no JSON reader at all (serde_json's, with the float printing its type
/// errors bring along, was about 56 KB of the main module before wasm-opt). Every type carried
/// this way must serialize each of its fields (no `skip_serializing_if`, no untagged enums):
/// postcard reads by position.
pub struct Carried;

impl<T: serde::Serialize> codee::Encoder<T> for Carried {
    type Error = postcard::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, Self::Error> {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let bytes = postcard::to_allocvec(value)?;
        let mut text = String::with_capacity(bytes.len() * 2);
        for b in bytes {
            text.push(char::from(DIGITS[usize::from(b >> 4)]));
            text.push(char::from(DIGITS[usize::from(b & 15)]));
        }
        Ok(text)
    }
}

impl<T: serde::de::DeserializeOwned> codee::Decoder<T> for Carried {
    type Error = postcard::Error;
    type Encoded = str;

    fn decode(text: &str) -> Result<T, Self::Error> {
        fn digit(c: u8) -> Result<u8, postcard::Error> {
            match c {
                b'0'..=b'9' => Ok(c - b'0'),
                b'a'..=b'f' => Ok(c - b'a' + 10),
                _ => Err(postcard::Error::DeserializeBadEncoding),
            }
        }
        let text = text.as_bytes();
        if !text.len().is_multiple_of(2) {
            return Err(postcard::Error::DeserializeUnexpectedEnd);
        }
        let bytes = text
            .chunks_exact(2)
            .map(|pair| Ok((digit(pair[0])? << 4) | digit(pair[1])?))
            .collect::<Result<Vec<u8>, postcard::Error>>()?;
        postcard::from_bytes(&bytes)
    }
}
