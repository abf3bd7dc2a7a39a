//! Who is signed in and for which organization they act, as every page reads it
//! (`use_session`), and the server functions that start a session. Above `accounts` and
//! `organizations` (it joins a person to their memberships), below the pages and the layout.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::ui::{Icon, IconName};

pub mod api;
pub mod types;

use crate::i18n::{Msg, use_i18n};
use crate::organizations::types::MembershipSummary;
use types::CurrentUser;

/// Who is signed in, shared by every page. Known before the page renders: the server loads it
/// for each page request (see [`PageSession`]) and the page carries it to the browser, so the
/// frame never waits on it and no two Suspense boundaries share one resource (which, under
/// load, could leave a server-rendered response hanging).
#[derive(Clone, Copy)]
pub struct Session {
    user: RwSignal<Option<CurrentUser>>,
}

impl Session {
    /// The session the page starts with (the layout provides it as context).
    pub fn new(user: Option<CurrentUser>) -> Session {
        Session {
            user: RwSignal::new(user),
        }
    }

    /// Asks the server again, after sign-in, sign-out, switching organization and similar
    /// changes (the browser only).
    pub fn refresh(&self) {
        #[cfg(feature = "hydrate")]
        {
            let user = self.user;
            leptos::task::spawn_local(async move {
                match api::get_session().await {
                    // Unchanged: leave the pages that depend on it alone.
                    Ok(current) => user.maybe_update(|now| {
                        let changed = *now != current;
                        if changed {
                            *now = current;
                        }
                        changed
                    }),
                    Err(e) => leptos::logging::error!("session refresh failed: {e}"),
                }
            });
        }
    }

    /// The signed-in person (tracked).
    pub fn current(&self) -> Option<CurrentUser> {
        self.user.get()
    }

    /// Who is signed in, by id (tracked): changes only when the person does.
    pub fn user_id(&self) -> Option<String> {
        self.user.with(|u| u.as_ref().map(|u| u.id.clone()))
    }

    /// The signed-in person, without tracking.
    pub fn current_untracked(&self) -> Option<CurrentUser> {
        self.user.get_untracked()
    }
}

/// The session of a page request, put in the request's extensions by the server before the
/// page renders.
#[derive(Clone, Debug, Default)]
pub struct PageSession(pub Option<CurrentUser>);

pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// Shows `render` with the organization the reader acts for; asks visitors to sign in and
/// people without an organization to create one first.
#[component]
pub fn ActiveOrgGate<F>(title: Msg, render: F) -> impl IntoView
where
    F: Fn(MembershipSummary) -> AnyView + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let session = use_session();
    view! {
        {move || match session.current() {
            None => view! { <SignInRequired/> }.into_any(),
            Some(user) => match user.active_membership() {
                Some(m) => render(m.clone()),
                None => view! {
                    <section class="page narrow empty-state">
                        <h1>{move || i18n.t(title)}</h1>
                        <p>{i18n.t(Msg::NeedNeedsOrganization)}</p>
                        <A href="/organismes/nouveau" attr:class="button button-primary">{i18n.t(Msg::OrgCreate)}</A>
                    </section>
                }.into_any(),
            },
        }}
    }
}

/// Shown instead of a private page to someone signed out.
#[component]
pub fn SignInRequired() -> impl IntoView {
    let i18n = use_i18n();
    let location = leptos_router::hooks::use_location();
    let href = move || {
        let path = location.pathname.get();
        let search = location.search.get();
        let full = if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        };
        format!(
            "/connexion?suivant={}",
            crate::shared::text::encode_path(&full)
        )
    };
    view! {
        <section class="page narrow empty-state">
            <Icon name=IconName::LogIn/>
            <h1>{i18n.t(Msg::SignInRequiredTitle)}</h1>
            <p>{i18n.t(Msg::SignInRequiredBody)}</p>
            <A href=href attr:class="button button-primary">{i18n.t(Msg::NavSignIn)}</A>
        </section>
    }
}
