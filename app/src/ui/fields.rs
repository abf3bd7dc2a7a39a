//! Form fields with announced errors: text, select, checkbox, the error line, the form's alert,
//! the submit button, and the narrow form page.

use leptos::prelude::*;

use super::{Icon, IconName, rcdata_text};
use crate::{
    error::AppError,
    i18n::{Msg, use_i18n},
};

/// The message of `error` when it is about `field`, for the line under that field.
pub fn field_message(error: Signal<Option<AppError>>, field: &'static str) -> Signal<Option<Msg>> {
    Signal::derive(move || error.get().and_then(|e| e.field_msg(field)))
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
    /// The element's id, where two forms of a page share a field name (dialogs).
    #[prop(optional)]
    id: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = id.map_or_else(|| field_id(name), str::to_owned);
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

/// What an error says to a person, its placeholders filled (« … dans 2 minutes »).
pub fn error_text(e: &AppError, i18n: crate::i18n::I18n) -> String {
    match e {
        AppError::RateLimited {
            retry_after_secs, ..
        } => i18n.tf(
            Msg::ErrorRateLimited,
            &[("minutes", &retry_after_secs.div_ceil(60).max(1).to_string())],
        ),
        other => i18n.t(other.msg()).to_owned(),
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
            .map(|e| error_text(&e, i18n))
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

/// A narrow page that holds one form card. Its title is the document's title and, unless the
/// card writes its own (`own_heading`, when it changes with the form's state), the card's
/// heading.
#[component]
pub fn FormPage(
    title: Msg,
    #[prop(optional)] own_heading: bool,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <leptos_meta::Title text=i18n.t(title)/>
        <section class="page narrow">
            <div class="card form-card">
                {(!own_heading).then(|| view! { <h1>{i18n.t(title)}</h1> })}
                {children()}
            </div>
        </section>
    }
}

/// What a form shows once its action succeeded (announced politely).
#[component]
pub fn DoneNotice(icon: IconName, message: Msg) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="alert alert-success" role="status">
            <Icon name=icon/>
            <span>{i18n.t(message)}</span>
        </div>
    }
}

/// A labelled select whose error (for `field`) shows beside it and is announced. Options are
/// `(value, label)`; a label is a message or a proper noun. `on_change` hears each new value
/// (to show the fields that go with it).
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
    #[prop(optional, into)] on_change: Option<Callback<String>>,
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
                on:change=move |ev| {
                    if let Some(on_change) = on_change {
                        on_change.run(event_target_value(&ev));
                    }
                }
            >
                {placeholder.map(|p| view! { <option value="">{move || i18n.t(p)}</option> })}
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let is_selected = value == selected;
                        view! {
                            <option value=value selected=is_selected>
                                {move || match &text {
                                    OptionLabel::Msg(m) => i18n.t(*m).to_owned(),
                                    OptionLabel::Text(t) => (*t).to_owned(),
                                    OptionLabel::Owned(t) => t.clone(),
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

#[derive(Clone, Debug)]
pub enum OptionLabel {
    Msg(Msg),
    Text(&'static str),
    /// Written by people (a resource's title, an organization's name).
    Owned(String),
}

/// A labelled checkbox (the whole line is the target), with an optional hint.
#[component]
pub fn CheckField(
    label: Msg,
    name: &'static str,
    #[prop(optional)] checked: bool,
    #[prop(optional)] hint: Option<Msg>,
    /// What it sends when checked (« true » for a server function's `bool`).
    #[prop(default = "on")]
    value: &'static str,
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
                    value=value
                    checked=checked
                    aria-describedby=hint.map(|_| hint_id.clone())
                />
                <span>{move || i18n.t(label)}</span>
            </label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{move || i18n.t(h)}</p> })}
        </div>
    }
}
