//! The not-found page every domain shows for what does not exist (a real 404 on the server).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::{Icon, IconName};
use crate::i18n::{Msg, use_i18n};

/// A real 404: says so, and offers a way on.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    super::mark_hydrated();
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=i18n.t(Msg::NotFoundTitle)/>
        <section class="page narrow empty-state">
            <p class="eyebrow">"404"</p>
            <h1>{i18n.t(Msg::NotFoundTitle)}</h1>
            <p>{i18n.t(Msg::NotFoundBody)}</p>
            <A href="/" attr:class="button button-primary">
                <Icon name=IconName::Home/>
                <span>{i18n.t(Msg::NotFoundHome)}</span>
            </A>
        </section>
    }
}
