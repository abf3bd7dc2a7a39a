//! « Mon catalogue »: what the active organization shares (every status, with its controls),
//! what it seeks, the needs of others its resources could serve, and its match notices.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::{NeedCard, Reasons, ResourceCard, resource::ResourceActions};
use crate::{
    accounts::ui::SignInRequired,
    catalogue::{
        api::{get_org_catalogue, list_notifications},
        types::{Notification, NotificationKind, OrgCatalogue},
    },
    i18n::{Msg, use_i18n},
    layout::use_session,
    time::format_date,
    ui::{ErrorPanel, Icon, IconName, Loading},
};

#[component]
pub fn MyCataloguePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <Title text=move || i18n.t(Msg::MyCatalogueTitle)/>
        <Transition fallback=Loading>
            {move || session.user.get().map(|r| match r.ok().flatten() {
                None => view! { <SignInRequired/> }.into_any(),
                Some(user) => match user.active_membership() {
                    Some(m) => view! { <OrgCatalogueView org_id=m.org_id.clone() org_name=m.org_name.clone()/> }.into_any(),
                    None => view! {
                        <section class="page narrow empty-state">
                            <h1>{move || i18n.t(Msg::MyCatalogueTitle)}</h1>
                            <p>{move || i18n.t(Msg::NeedNeedsOrganization)}</p>
                            <A href="/organismes/nouveau" attr:class="button button-primary">{move || i18n.t(Msg::OrgCreate)}</A>
                        </section>
                    }.into_any(),
                },
            })}
        </Transition>
    }
}

#[component]
fn OrgCatalogueView(org_id: String, org_name: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let version = RwSignal::new(0_u32);
    let org = org_id.clone();
    let catalogue = Resource::new(
        move || (org.clone(), version.get()),
        |(id, _)| get_org_catalogue(id),
    );
    let notices = Resource::new(move || org_id.clone(), list_notifications);
    // Reading the notices marks them read: the header's count goes back to zero.
    Effect::new(move |_| {
        if let Some(Ok(list)) = notices.get()
            && list.iter().any(|n| !n.read)
        {
            session.refresh();
        }
    });
    let reload = move || version.update(|v| *v += 1);
    view! {
        <section class="page stack">
            <header class="page-header">
                <div>
                    <p class="eyebrow">{org_name}</p>
                    <h1>{move || i18n.t(Msg::MyCatalogueTitle)}</h1>
                </div>
            </header>
            <Transition fallback=Loading>
                {move || catalogue.get().map(|r| match r {
                    Ok(c) => view! { <CatalogueSections catalogue=c reload/> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                })}
            </Transition>
            <section class="card" id="avis" aria-labelledby="notices-title">
                <h2 id="notices-title"><Icon name=IconName::Bell/><span>{move || i18n.t(Msg::NoticesTitle)}</span></h2>
                <Transition fallback=Loading>
                    {move || notices.get().map(|r| match r {
                        Ok(list) if list.is_empty() => view! { <p class="muted">{move || i18n.t(Msg::NoticesEmpty)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="list">
                                {list.into_iter().map(|n| view! { <NoticeRow notice=n/> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    })}
                </Transition>
            </section>
        </section>
    }
}

#[component]
fn NoticeRow(notice: Notification) -> impl IntoView {
    let i18n = use_i18n();
    let n = notice;
    let when = n.created_at;
    let (msg, href) = match n.kind {
        NotificationKind::ResourceForOurNeed => (
            Msg::NoticeResourceForOurNeed,
            format!("/besoins/{}", n.need_id),
        ),
        NotificationKind::NeedForOurResource => (
            Msg::NoticeNeedForOurResource,
            format!("/besoins/{}", n.need_id),
        ),
    };
    let (need, resource) = (n.need_title.clone(), n.resource_title.clone());
    view! {
        <li class="list-row">
            <div class="list-main">
                <A href=href>
                    {move || i18n.tf(msg, &[("need", &need), ("resource", &resource)])}
                </A>
                <span class="muted small">{move || format_date(when, i18n.locale.get())}</span>
            </div>
            {(!n.read).then(|| view! { <span class="badge badge-ok">{move || i18n.t(Msg::NoticeNew)}</span> })}
        </li>
    }
}

#[component]
fn CatalogueSections(
    catalogue: OrgCatalogue,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let OrgCatalogue {
        is_admin,
        resources,
        needs,
        matching_needs,
        ..
    } = catalogue;
    view! {
        <section class="stack" aria-labelledby="mine-resources">
            <div class="section-header">
                <h2 id="mine-resources"><Icon name=IconName::Box/><span>{move || i18n.t(Msg::MyResources)}</span></h2>
                {is_admin.then(|| view! {
                    <A href="/ressources/nouvelle" attr:class="button button-primary">
                        <Icon name=IconName::Plus/>
                        <span>{move || i18n.t(Msg::ResourceNew)}</span>
                    </A>
                })}
            </div>
            {if resources.is_empty() {
                view! {
                    <div class="empty-state card">
                        <p>{move || i18n.t(if is_admin { Msg::MyResourcesEmptyAdmin } else { Msg::MyResourcesEmpty })}</p>
                    </div>
                }.into_any()
            } else {
                view! {
                    <ul class="card-grid">
                        {resources
                            .into_iter()
                            .map(|r| {
                                let (id, status) = (r.id.clone(), r.status);
                                view! {
                                    <li>
                                        <ResourceCard resource=r show_status=true>
                                            {is_admin.then(|| view! {
                                                <div class="card-actions">
                                                    <A href=format!("/ressources/{id}/modifier") attr:class="button button-ghost">
                                                        <Icon name=IconName::Edit/>
                                                        <span>{move || i18n.t(Msg::ResourceEdit)}</span>
                                                    </A>
                                                    <ResourceActions id=id.clone() status on_done=reload/>
                                                </div>
                                            })}
                                        </ResourceCard>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section class="stack" aria-labelledby="mine-matches">
            <h2 id="mine-matches"><Icon name=IconName::Sparkles/><span>{move || i18n.t(Msg::MyMatchingNeeds)}</span></h2>
            {if matching_needs.is_empty() {
                view! { <div class="empty-state card"><p>{move || i18n.t(Msg::MyMatchingNeedsEmpty)}</p></div> }.into_any()
            } else {
                view! {
                    <ul class="card-grid">
                        {matching_needs
                            .into_iter()
                            .map(|m| {
                                let title = m.resource_title.clone();
                                view! {
                                    <li>
                                        <NeedCard need=m.need>
                                            <p class="small">{move || i18n.tf(Msg::MatchWithResource, &[("resource", &title)])}</p>
                                            <Reasons reasons=m.reasons/>
                                        </NeedCard>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section class="stack" aria-labelledby="mine-needs">
            <div class="section-header">
                <h2 id="mine-needs"><Icon name=IconName::Search/><span>{move || i18n.t(Msg::MyNeeds)}</span></h2>
                <A href="/besoins/nouveau" attr:class="button button-secondary">
                    <Icon name=IconName::Plus/>
                    <span>{move || i18n.t(Msg::NeedNew)}</span>
                </A>
            </div>
            {if needs.is_empty() {
                view! { <div class="empty-state card"><p>{move || i18n.t(Msg::MyNeedsEmpty)}</p></div> }.into_any()
            } else {
                view! {
                    <ul class="card-grid">
                        {needs.into_iter().map(|n| view! { <li><NeedCard need=n/></li> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
