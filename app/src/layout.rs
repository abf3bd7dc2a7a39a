//! The document, the app's frame (header, skip link, main landmark, footer, toasts) and routes.
//! A little over 400 lines: the header's menus (account, organization switcher, language,
//! notifications badge) live with the frame they belong to.

use leptos::prelude::*;
use leptos_meta::{Meta, MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{A, Router};

use crate::{
    accounts::api::{SetLocale, SignOut},
    i18n::{I18n, Locale, Msg, use_i18n},
    organizations::api::SwitchOrganization,
    routes::PageRoutes,
    session::{Session, types::CurrentUser, use_session},
    ui::{Icon, IconName, ToastRegion, Toasts, VerifiedBadge},
};

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let locale = crate::state::request_locale();
    #[cfg(not(feature = "ssr"))]
    let locale = Locale::default();
    // The browser gets its messages from here, in the page's language only; the script runs
    // before the (deferred) hydration module.
    // The home page gets its own share only (its script fetches the rest before the browser
    // leaves it); every other page the whole script.
    #[cfg(not(feature = "hydrate"))]
    let messages = {
        let home = use_context::<http::request::Parts>().is_some_and(|p| p.uri.path() == "/");
        if home {
            locale.core_messages_script_path()
        } else {
            locale.messages_script_path()
        }
    };
    #[cfg(feature = "hydrate")]
    let messages = "";
    view! {
        <!DOCTYPE html>
        <html lang=locale.tag()>
            <head>
                <meta charset="utf-8"/>
                // `interactive-widget`: an on-screen keyboard shrinks the layout, so what is pinned to the
                // bottom (the inbox's composer, the section bar) stays above it, not under it.
                <meta name="viewport" content="width=device-width, initial-scale=1, interactive-widget=resizes-content"/>
                <meta name="color-scheme" content="light dark"/>
                <meta name="theme-color" content="#0f5c4d"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <script defer src=messages></script>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The language the page was rendered in: from the request on the server, from `<html lang>`
/// in the browser, so hydration sees the same text.
fn initial_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        crate::state::request_locale()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|el| el.get_attribute("lang"))
            .and_then(|lang| Locale::parse(&lang))
            .unwrap_or_default()
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let i18n = I18n {
        locale: RwSignal::new(initial_locale()),
    };
    provide_context(i18n);
    provide_context(Toasts::new());
    // Serialized into the page on the server, read back from it while hydrating.
    let user = SharedValue::<_, crate::ui::Carried>::new_with_encoding(|| {
        #[cfg(feature = "ssr")]
        {
            use_context::<http::request::Parts>()
                .and_then(|parts| {
                    parts
                        .extensions
                        .get::<crate::session::PageSession>()
                        .cloned()
                })
                .and_then(|session| session.0)
        }
        #[cfg(not(feature = "ssr"))]
        {
            None
        }
    })
    .into_inner();
    let session = Session::new(user);
    provide_context(session);
    // Nothing said to one person stays on screen for the next (sign-out, sign-in).
    let toasts = crate::ui::use_toasts();
    Effect::new(move |previous: Option<Option<String>>| {
        let who = session.user_id();
        if previous.is_some_and(|p| p != who) {
            toasts.clear();
        }
        who
    });

    // Keep <html lang> in step with the chosen language (screen readers pick their voice by it).
    Effect::new(move |_| {
        let tag = i18n.locale.get().tag();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", tag);
        }
    });

    view! {
        <Stylesheet id="leptos" href="/pkg/partage.css"/>
        <Title formatter=move |text: String| {
            crate::ui::rcdata_text(if text.is_empty() { "Partage".to_owned() } else { format!("{text} · Partage") })
        }/>
        <Meta name="description" content=i18n.t(Msg::MetaDescription)/>
        <Router>
            <a class="skip-link" href="#main">{i18n.t(Msg::NavSkipToContent)}</a>
            <Header/>
            <main id="main" tabindex="-1">
                // Every page is rendered whole (`SsrMode::Async`): its status, `<title>` and meta
                // tags are settled from its data before the first byte is sent, so one URL
                // always answers the same way (out-of-order streaming sent the head before a
                // page's data, and with it a title or a 404 only when the data came first).
                <ErrorBoundary fallback=|_errors| view! { <UnexpectedErrorPanel/> }>
                <PageRoutes/>
                </ErrorBoundary>
            </main>
            <Footer/>
            <ToastRegion/>
        </Router>
    }
}

#[component]
fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <header class="site-header">
            <div class="header-inner">
                <A href="/" attr:class="brand">
                    <svg class="brand-mark" viewBox="0 0 32 32" aria-hidden="true" width="28" height="28">
                        <circle cx="11" cy="16" r="8" fill="currentColor" opacity="0.55"></circle>
                        <circle cx="21" cy="16" r="8" fill="currentColor"></circle>
                    </svg>
                    <span>"Partage"</span>
                </A>
                <PrimaryNav/>
                <nav class="header-actions" aria-label=i18n.t(Msg::NavMain)>
                    <LanguageSwitch/>
                    {move || match session.current() {
                        // Its code loads on demand: a visitor's first load carries none of it.
                        Some(user) => Suspend::new(async move { signed_in_actions(user).await }).into_any(),
                        None => view! {
                            <A href="/connexion" attr:class="button button-ghost">
                                <Icon name=IconName::LogIn/>
                                <span>{i18n.t(Msg::NavSignIn)}</span>
                            </A>
                            <A href="/inscription" attr:class="button button-primary hide-narrow">
                                <span>{i18n.t(Msg::NavSignUp)}</span>
                            </A>
                        }
                        .into_any(),
                    }}
                </nav>
            </div>
        </header>
    }
    .into_any()
}

/// The signed-in person's part of the header: the notification bell, the organization they act
/// for and their account menu. Loaded lazily, in its own WASM chunk (a visitor never needs
/// it); for a signed-in page, [`hydrate`] loads it before hydrating, so the server-rendered
/// header hydrates as it is.
#[lazy]
fn signed_in_actions(user: CurrentUser) -> AnyView {
    view! { <NotificationBell/> <OrgSwitcher user=user.clone()/> <AccountMenu user/> }.into_any()
}

/// Hydrates the page (the browser's entry point, `frontend`). A signed-in page's header holds
/// [`signed_in_actions`], whose code is loaded first: hydration must find the header as the
/// server rendered it.
#[cfg(feature = "hydrate")]
pub fn hydrate() {
    wasm_bindgen_futures::spawn_local(async {
        let signed_in = document()
            .query_selector(".account-menu")
            .ok()
            .flatten()
            .is_some();
        if signed_in {
            __preload_signed_in_actions().await;
        }
        leptos::mount::hydrate_lazy(App);
    });
}

/// The notification centre's bell, with how many notifications wait unread.
#[component]
fn NotificationBell() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let unread = move || {
        session
            .current()
            .map(|u| u.unread_notifications)
            .unwrap_or(0)
    };
    view! {
        <A href="/notifications" attr:class="button button-ghost bell">
            <Icon name=IconName::Bell/>
            <span class="visually-hidden">{i18n.t(Msg::NavNotifications)}</span>
            {move || (unread() > 0).then(|| view! {
                <span class="nav-count">
                    <span class="visually-hidden">{i18n.t(Msg::NavUnreadNotices)}</span>
                    {unread()}
                </span>
            })}
        </A>
    }
}

/// The app's sections. A row in the header on wide screens; a bar at the bottom of phones,
/// within the thumb's reach. Every entry has a word beside its icon.
#[component]
fn PrimaryNav() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let unread_messages = move || {
        session
            .current()
            .map(|u| u.unread_conversations)
            .unwrap_or(0)
    };
    let has_org = move || {
        session
            .current()
            .is_some_and(|u| u.active_membership().is_some())
    };
    view! {
        <nav class="primary-nav" aria-label=i18n.t(Msg::NavSections)>
            <A href="/catalogue" attr:class="nav-item">
                <Icon name=IconName::Search/>
                <span>{i18n.t(Msg::NavCatalogue)}</span>
            </A>
            <A href="/besoins" attr:class="nav-item">
                <Icon name=IconName::Sparkles/>
                <span>{i18n.t(Msg::NavNeeds)}</span>
            </A>
            <Show when=has_org>
                <A href="/reservations" attr:class="nav-item">
                    <Icon name=IconName::Calendar/>
                    <span>{i18n.t(Msg::NavBookings)}</span>
                </A>
                <A href="/messages" attr:class="nav-item">
                    <Icon name=IconName::Message/>
                    <span>{i18n.t(Msg::NavMessages)}</span>
                    {move || (unread_messages() > 0).then(|| view! {
                        <span class="nav-count">
                            <span class="visually-hidden">{i18n.t(Msg::NavUnreadMessages)}</span>
                            {unread_messages()}
                        </span>
                    })}
                </A>
                <A href="/mon-catalogue" attr:class="nav-item">
                    <Icon name=IconName::Box/>
                    <span>{i18n.t(Msg::NavMyCatalogue)}</span>
                </A>
            </Show>
        </nav>
    }
}

/// Switches between French and English; remembered in a cookie and on the account. A plain
/// form: the server answers by sending the browser back to the page, rendered in the new
/// language (views show their text as plain strings, so a change of language is a new page),
/// and without WASM it works the same. No server call from the main module for it.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let other = match i18n.locale.get_untracked() {
        Locale::Fr => Locale::En,
        Locale::En => Locale::Fr,
    };
    let url = <SetLocale as server_fn::ServerFn>::url();
    view! {
        <form method="post" action=url class="lang-form">
            <input type="hidden" name="locale" value=other.code()/>
            <button type="submit" class="button button-ghost lang-switch" lang=other.tag()
                title=i18n.t(Msg::NavSwitchLanguage)>
                <Icon name=IconName::Globe/>
                <span class="narrow-hidden">{other.native_name()}</span>
                <span class="narrow-only" aria-hidden="true">{other.short_code()}</span>
            </button>
        </form>
    }
}

/// The organization this person acts for; a select when they belong to several.
#[component]
fn OrgSwitcher(user: CurrentUser) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let toasts = crate::ui::use_toasts();
    let switch = ServerAction::<SwitchOrganization>::new();
    Effect::new(move |_| {
        if let Some(result) = switch.value().get() {
            match result {
                Ok(()) => {
                    session.refresh();
                    toasts.success(i18n.t(Msg::OrgSwitched));
                }
                Err(e) => toasts.error(i18n.t(e.msg())),
            }
        }
    });
    let active = user.active_membership().cloned();
    match (user.memberships.len(), active) {
        (0, _) => view! {
            <A href="/organismes/nouveau" attr:class="button button-ghost hide-narrow">
                <Icon name=IconName::Plus/>
                <span>{i18n.t(Msg::OrgCreate)}</span>
            </A>
        }
        .into_any(),
        (1, Some(m)) => view! {
            <A href=crate::ui::links::Link::Organization(&m.org_id).href() attr:class="button button-ghost org-current">
                <Icon name=IconName::Building/>
                <span class="org-name">{m.org_name.clone()}</span>
                {m.verified.then(|| view! { <VerifiedBadge/> })}
            </A>
        }
        .into_any(),
        _ => {
            let active_id = user.active_org_id.clone().unwrap_or_default();
            view! {
                <div class="org-switcher">
                    <label for="org-switcher" class="visually-hidden">{i18n.t(Msg::OrgActive)}</label>
                    <Icon name=IconName::Building/>
                    <select
                        id="org-switcher"
                        on:change=move |ev| {
                            switch.dispatch(SwitchOrganization { org_id: event_target_value(&ev) });
                        }
                    >
                        {user
                            .memberships
                            .iter()
                            .map(|m| {
                                let label = if m.verified {
                                    format!("{} ✓", m.org_name)
                                } else {
                                    m.org_name.clone()
                                };
                                view! {
                                    <option value=m.org_id.clone() selected=m.org_id == active_id>{label}</option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
            }
            .into_any()
        }
    }
}

/// The account menu: a native disclosure, so it works with keyboard, touch and no script. The
/// messages script closes it when an item is chosen, on a tap outside and on Escape
/// (`data-menu`, see `app/build.rs`).
#[component]
fn AccountMenu(user: CurrentUser) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let sign_out = ServerAction::<SignOut>::new();
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = sign_out.value().get() {
            session.refresh();
            navigate("/", Default::default());
        }
    });
    let active_org = user.active_membership().map(|m| m.org_id.clone());
    let sign_out_url = <SignOut as server_fn::ServerFn>::url();
    // Shown upper-case by the style sheet (`str::to_uppercase` brings Unicode's tables along).
    let initial = user
        .name
        .chars()
        .next()
        .map(String::from)
        .unwrap_or_default();
    view! {
        <details class="account-menu" data-menu="">
            <summary class="button button-ghost" aria-label=i18n.t(Msg::NavAccountMenu)>
                <span class="avatar" aria-hidden="true">{initial}</span>
                <span class="hide-narrow">{user.name.clone()}</span>
                <Icon name=IconName::ChevronDown/>
            </summary>
            <div class="menu">
                <p class="menu-who">
                    <strong>{user.name.clone()}</strong>
                    <span>{user.email.clone()}</span>
                </p>
                {active_org.map(|id| view! {
                    <A href=crate::ui::links::Link::Organization(&id).href() attr:class="menu-item">
                        <Icon name=IconName::Building/>
                        <span>{i18n.t(Msg::NavMyOrganization)}</span>
                    </A>
                })}
                <A href="/organismes/nouveau" attr:class="menu-item">
                    <Icon name=IconName::Plus/>
                    <span>{i18n.t(Msg::OrgCreate)}</span>
                </A>
                <A href="/compte" attr:class="menu-item">
                    <Icon name=IconName::User/>
                    <span>{i18n.t(Msg::NavAccount)}</span>
                </A>
                {user.is_platform_admin.then(|| view! {
                    <A href="/admin" attr:class="menu-item">
                        <Icon name=IconName::Shield/>
                        <span>{i18n.t(Msg::NavAdmin)}</span>
                    </A>
                })}
                // A plain form (it signs out without WASM too); `ActionForm` would read the
                // form's fields through serde_qs, about 50 KB of WASM for a form without any.
                <form
                    method="post"
                    action=sign_out_url
                    class="menu-form"
                    on:submit=move |ev| {
                        ev.prevent_default();
                        sign_out.dispatch(SignOut {});
                    }
                >
                    <button type="submit" class="menu-item">
                        <Icon name=IconName::LogOut/>
                        <span>{i18n.t(Msg::NavSignOut)}</span>
                    </button>
                </form>
            </div>
        </details>
    }
    .into_any()
}

#[component]
fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="site-footer">
            <p>{i18n.t(Msg::FooterTagline)}</p>
        </footer>
    }
}

/// What a page shows when something it renders fails unexpectedly.
#[component]
fn UnexpectedErrorPanel() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page narrow empty-state" role="alert">
            <h1>{i18n.t(Msg::ErrorPageTitle)}</h1>
            <p>{i18n.t(Msg::ErrorInternal)}</p>
            <a href="/" class="button button-primary">{i18n.t(Msg::NotFoundHome)}</a>
        </section>
    }
}
