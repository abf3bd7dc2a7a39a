//! Date and time fields. They use the platform's own pickers: a calendar or wheels on a phone
//! (by touch, with the screen reader the person already knows), typing or arrow keys on a
//! desktop, in the page's language; nothing to download. Values travel as « 2026-12-03 » and
//! « 08:30 », and the server parses them again (`time::parse_local_date`).

use leptos::prelude::*;

use super::TextField;
use crate::{
    error::AppError,
    i18n::Msg,
    time::{LocalDate, iso_date},
};

/// A labelled date, between `min` and `max` when given.
#[component]
pub fn DateField(
    label: Msg,
    name: &'static str,
    #[prop(optional)] field: Option<&'static str>,
    #[prop(optional, into)] value: MaybeProp<String>,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(optional)] hint: Option<Msg>,
    #[prop(optional)] required: bool,
    #[prop(optional)] min: Option<LocalDate>,
    #[prop(optional)] max: Option<LocalDate>,
) -> impl IntoView {
    let field = field.unwrap_or(name);
    let min = min.map(iso_date);
    let max = max.map(iso_date);
    match hint {
        Some(hint) => view! {
            <TextField label name field kind="date" value error hint required min max/>
        }
        .into_any(),
        None => view! {
            <TextField label name field kind="date" value error required min max/>
        }
        .into_any(),
    }
}

/// A labelled wall-clock time on a grid of `step_minutes` (15 by default: a booking's slots).
#[component]
pub fn TimeField(
    label: Msg,
    name: &'static str,
    #[prop(optional)] field: Option<&'static str>,
    #[prop(optional, into)] value: MaybeProp<String>,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(optional)] hint: Option<Msg>,
    #[prop(optional)] required: bool,
    #[prop(default = 15)] step_minutes: u32,
) -> impl IntoView {
    let field = field.unwrap_or(name);
    let step = Some(step_minutes.max(1) * 60);
    match hint {
        Some(hint) => view! {
            <TextField label name field kind="time" value error hint required step/>
        }
        .into_any(),
        None => view! {
            <TextField label name field kind="time" value error required step/>
        }
        .into_any(),
    }
}
