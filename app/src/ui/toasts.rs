//! Toasts: short confirmations and errors of actions, announced politely.

use leptos::prelude::*;

use super::{Icon, IconName};
use crate::i18n::{Msg, use_i18n};

#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    pub id: u64,
    pub text: String,
    pub error: bool,
    /// When it appeared (milliseconds since the epoch; 0 on the server, which shows none).
    pub at: f64,
}

/// How long a toast may be followed by a change of page and still belong to it: the action it
/// tells of often moves to the page it made (« Besoin publié » → the need's page).
const FOLLOWS_ITS_ACTION_MS: f64 = 2_000.0;

fn now_ms() -> f64 {
    #[cfg(feature = "hydrate")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0.0
    }
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
        let at = now_ms();
        self.items.update(|items| {
            items.push(Toast {
                id,
                text,
                error,
                at,
            })
        });
        let items = self.items;
        set_timeout(
            move || items.update(|v| v.retain(|t| t.id != id)),
            std::time::Duration::from_secs(6),
        );
    }

    pub fn dismiss(&self, id: u64) {
        self.items.update(|v| v.retain(|t| t.id != id));
    }

    /// On a change of page: only toasts of the action that led here stay.
    fn left_page(&self) {
        let now = now_ms();
        self.items
            .update(|v| v.retain(|t| now - t.at < FOLLOWS_ITS_ACTION_MS));
    }

    /// On a change of account: nothing said to the previous person stays (the layout watches
    /// who is signed in).
    pub fn clear(&self) {
        self.items.update(Vec::clear);
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
    let pathname = leptos_router::hooks::use_location().pathname;
    Effect::new(move |previous: Option<String>| {
        let path = pathname.get();
        if previous.is_some_and(|p| p != path) {
            toasts.left_page();
        }
        path
    });
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
