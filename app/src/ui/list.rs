//! What every list page shares: its header with the page's main action, and the count of
//! what was found.

use leptos::prelude::*;
use leptos_router::components::A;

use super::{Icon, IconName, pager::Pager};
use crate::{
    i18n::{Msg, use_i18n},
    shared::money::format_number,
};

/// A list page's header: its title, a line saying what it lists, and the page's main action
/// (« Proposer une ressource ») for those who may take it.
#[component]
pub fn ListHeader(
    title: Msg,
    lead: Msg,
    action_href: &'static str,
    action_label: Msg,
    #[prop(into)] can_act: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="page-header">
            <div>
                <h1>{i18n.t(title)}</h1>
                <p class="lead-small">{i18n.t(lead)}</p>
            </div>
            <Transition fallback=|| ()>
                <Show when=move || can_act.get()>
                    <A href=action_href attr:class="button button-primary">
                        <Icon name=IconName::Plus/>
                        <span>{i18n.t(action_label)}</span>
                    </A>
                </Show>
            </Transition>
        </header>
    }
}

/// « 12 ressources » above the results, announced to screen readers: the results' heading
/// (h2 under the page's h1, above the cards' h3). Past `cap`, « Plus de 1 000 ressources ».
#[component]
pub fn ResultCount(
    total: u32,
    one: Msg,
    many: Msg,
    /// The message past `cap`, and the cap.
    more: Option<(Msg, u32)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || match more {
        Some((msg, cap)) if total > cap => i18n.tf(
            msg,
            &[("count", &format_number(i64::from(cap), i18n.locale.get()))],
        ),
        _ => i18n.tf(
            if total == 1 { one } else { many },
            &[("count", &total.to_string())],
        ),
    };
    view! {
        <div role="status">
            <h2 class="result-count">{text}</h2>
        </div>
    }
}

/// One page of search results: how many were found, their cards, and the way to the others.
#[component]
pub fn ResultList(
    total: u32,
    /// The count's message for one result and for several.
    count: (Msg, Msg),
    /// The message past a cap on counting, and the cap (« Plus de 1 000 ressources »).
    #[prop(optional)]
    more: Option<(Msg, u32)>,
    cards: Vec<AnyView>,
    page: u32,
    pages: u32,
    href: impl Fn(u32) -> String + 'static,
) -> impl IntoView {
    view! {
        <ResultCount total one=count.0 many=count.1 more/>
        <ul class="card-grid">
            {cards.into_iter().map(|card| view! { <li>{card}</li> }).collect_view()}
        </ul>
        <Pager page pages href/>
    }
}
