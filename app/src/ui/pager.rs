//! Paged lists.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{Msg, use_i18n};

/// Previous / next links for a paged list; plain links, so they work before the WASM loads.
#[component]
pub fn Pager(page: u32, pages: u32, href: impl Fn(u32) -> String + 'static) -> impl IntoView {
    let i18n = use_i18n();
    (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label=i18n.t(Msg::PagerLabel)>
                {(page > 1).then(|| view! {
                    <A href=href(page - 1) attr:class="button button-secondary" attr:rel="prev">{i18n.t(Msg::PagerPrevious)}</A>
                })}
                <span class="muted">{move || i18n.tf(Msg::PagerPosition, &[("page", &page.to_string()), ("pages", &pages.to_string())])}</span>
                {(page < pages).then(|| view! {
                    <A href=href(page + 1) attr:class="button button-secondary" attr:rel="next">{i18n.t(Msg::PagerNext)}</A>
                })}
            </nav>
        }
    })
}
