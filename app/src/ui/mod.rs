//! Shared building blocks: icons, form fields with announced errors, toasts, badges.

pub mod dialog;
pub mod icons;
pub mod links;
pub mod list;
pub mod not_found;
pub mod pager;
pub mod pickers;

use leptos::prelude::*;

use crate::{
    error::AppError,
    i18n::{Msg, use_i18n},
};

pub use icons::{Icon, IconName};

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
        Some(Err(e)) => toasts.error(i18n.t(e.msg())),
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

/// The message of `error` when it is about `field`, for the line under that field.
pub fn field_message(error: Signal<Option<AppError>>, field: &'static str) -> Signal<Option<Msg>> {
    Signal::derive(move || {
        error
            .get()
            .filter(|e| e.field() == Some(field))
            .map(|e| e.msg())
    })
}

fn field_id(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("f-{}", cleaned.trim_matches('-'))
}

/// A labelled input whose error (for `field`) shows beside it and is announced.
#[component]
pub fn TextField(
    label: Msg,
    name: &'static str,
    /// The error field this input answers to (defaults to `name`).
    #[prop(optional)]
    field: Option<&'static str>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional, into)] value: MaybeProp<String>,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(optional)] hint: Option<Msg>,
    #[prop(optional)] required: bool,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(optional)] inputmode: Option<&'static str>,
    /// Bounds and step of a date, time or number input (« 2026-12-03 », « 08:00 », seconds).
    #[prop(optional, into)]
    min: MaybeProp<String>,
    #[prop(optional, into)] max: MaybeProp<String>,
    #[prop(optional, into)] step: MaybeProp<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = field_id(name);
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let field = field.unwrap_or(name);
    let message = field_message(error, field);
    let described_by = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if message.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let invalid = move || message.get().is_some().then_some("true");
    let control = if multiline {
        view! {
            <textarea
                id=id.clone()
                name=name
                rows="5"
                required=required
                maxlength=maxlength
                aria-invalid=invalid
                aria-describedby=described_by.clone()
                prop:value=move || value.get().unwrap_or_default()
            >
                {move || rcdata_text(value.get_untracked().unwrap_or_default())}
            </textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                name=name
                type=kind
                autocomplete=autocomplete
                inputmode=inputmode
                required=required
                maxlength=maxlength
                min=move || min.get()
                max=move || max.get()
                step=move || step.get()
                aria-invalid=invalid
                aria-describedby=described_by
                value=move || value.get()
            />
        }
        .into_any()
    };
    view! {
        <div class="field" class:field-invalid=move || message.get().is_some()>
            <label for=id.clone()>
                {move || i18n.t(label)}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{move || i18n.t(h)}</p> })}
            {control}
            <FieldError id=error_id.clone() message/>
        </div>
    }
}

/// The error line under a field (its `id` is what the control's `aria-describedby` names): an
/// icon and the message, announced when it appears.
#[component]
pub fn FieldError(
    #[prop(into)] id: String,
    #[prop(into)] message: Signal<Option<Msg>>,
    #[prop(default = "field-error")] class: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class=class id=id aria-live="polite">
            {move || message.get().map(|m| view! { <Icon name=IconName::Alert/> <span>{i18n.t(m)}</span> })}
        </p>
    }
}

/// A form-level error (one not about a single field), announced to screen readers.
#[component]
pub fn FormAlert(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || {
        error
            .get()
            .filter(|e| {
                e.field().is_none_or(str::is_empty)
                    || matches!(e, AppError::Validation { field, .. } if field == "token")
            })
            .map(|e| match &e {
                AppError::RateLimited {
                    retry_after_secs, ..
                } => i18n.tf(
                    Msg::ErrorRateLimited,
                    &[("minutes", &retry_after_secs.div_ceil(60).max(1).to_string())],
                ),
                other => i18n.t(other.msg()).to_owned(),
            })
    };
    view! {
        <div role="alert" class="form-alert-region">
            {move || text().map(|t| view! { <div class="alert alert-error"><Icon name=IconName::Alert/><span>{t}</span></div> })}
        </div>
    }
}

/// A submit button that shows progress while its action runs.
#[component]
pub fn SubmitButton(
    label: Msg,
    #[prop(into)] pending: Signal<bool>,
    #[prop(optional)] secondary: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button
            type="submit"
            class=if secondary { "button button-secondary" } else { "button button-primary" }
            aria-busy=move || pending.get().then_some("true")
            disabled=move || pending.get()
        >
            {move || pending.get().then(|| view! { <span class="spinner" aria-hidden="true"></span> })}
            <span>{move || i18n.t(label)}</span>
        </button>
    }
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

#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    pub id: u64,
    pub text: String,
    pub error: bool,
}

/// Short confirmations after actions (« Organisme créé »), read out politely.
#[derive(Clone, Copy)]
pub struct Toasts {
    items: RwSignal<Vec<Toast>>,
    next: StoredValue<u64>,
}

impl Toasts {
    pub fn new() -> Self {
        Toasts {
            items: RwSignal::new(Vec::new()),
            next: StoredValue::new(0),
        }
    }

    pub fn success(&self, text: impl Into<String>) {
        self.push(text.into(), false);
    }

    pub fn error(&self, text: impl Into<String>) {
        self.push(text.into(), true);
    }

    fn push(&self, text: String, error: bool) {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        self.items
            .update(|items| items.push(Toast { id, text, error }));
        let items = self.items;
        set_timeout(
            move || items.update(|v| v.retain(|t| t.id != id)),
            std::time::Duration::from_secs(6),
        );
    }

    pub fn dismiss(&self, id: u64) {
        self.items.update(|v| v.retain(|t| t.id != id));
    }
}

impl Default for Toasts {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

#[component]
pub fn ToastRegion() -> impl IntoView {
    let toasts = use_toasts();
    let i18n = use_i18n();
    view! {
        <div class="toasts" role="status" aria-live="polite">
            <For each=move || toasts.items.get() key=|t| t.id let:toast>
                <div class="toast" class:toast-error=toast.error>
                    <Icon name=if toast.error { IconName::Alert } else { IconName::Check }/>
                    <span>{toast.text.clone()}</span>
                    <button
                        type="button"
                        class="toast-close"
                        aria-label=i18n.t(Msg::ActionDismiss)
                        on:click=move |_| toasts.dismiss(toast.id)
                    >
                        <Icon name=IconName::Close/>
                    </button>
                </div>
            </For>
        </div>
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

/// A labelled select whose error (for `field`) shows beside it and is announced. Options are
/// `(value, label)`; a label is a message or a proper noun.
#[component]
pub fn SelectField(
    label: Msg,
    name: &'static str,
    #[prop(optional)] field: Option<&'static str>,
    options: Vec<(String, OptionLabel)>,
    #[prop(optional, into)] selected: Option<String>,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(optional)] required: bool,
    /// The first, empty choice (« Choisir… »).
    #[prop(optional)]
    placeholder: Option<Msg>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = field_id(name);
    let error_id = format!("{id}-error");
    let field = field.unwrap_or(name);
    let message = field_message(error, field);
    let selected = selected.unwrap_or_default();
    let error_ref = error_id.clone();
    view! {
        <div class="field" class:field-invalid=move || message.get().is_some()>
            <label for=id.clone()>
                {move || i18n.t(label)}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </label>
            <select
                id=id.clone()
                name=name
                required=required
                aria-invalid=move || message.get().is_some().then_some("true")
                aria-describedby=move || message.get().is_some().then(|| error_ref.clone())
            >
                {placeholder.map(|p| view! { <option value="">{move || i18n.t(p)}</option> })}
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let is_selected = value == selected;
                        view! {
                            <option value=value selected=is_selected>
                                {move || match text {
                                    OptionLabel::Msg(m) => i18n.t(m).to_owned(),
                                    OptionLabel::Text(t) => t.to_owned(),
                                }}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <FieldError id=error_id message/>
        </div>
    }
}

#[derive(Clone, Copy, Debug)]
pub enum OptionLabel {
    Msg(Msg),
    Text(&'static str),
}

/// A labelled checkbox (the whole line is the target), with an optional hint.
#[component]
pub fn CheckField(
    label: Msg,
    name: &'static str,
    #[prop(optional)] checked: bool,
    #[prop(optional)] hint: Option<Msg>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = field_id(name);
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field field-check">
            <label class="check" for=id.clone()>
                <input
                    id=id.clone()
                    type="checkbox"
                    name=name
                    value="on"
                    checked=checked
                    aria-describedby=hint.map(|_| hint_id.clone())
                />
                <span>{move || i18n.t(label)}</span>
            </label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{move || i18n.t(h)}</p> })}
        </div>
    }
}
