//! The platform admin page: verify organizations, read the outbox.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::api::{SetOrganizationVerified, admin_list_organizations, admin_list_outbox};
use crate::{
    error::AppError,
    i18n::{Msg, use_i18n},
    session::SignInRequired,
    session::use_session,
    time::{format_date, format_time},
    ui::{ErrorPanel, Icon, IconName, Loading, VerifiedBadge},
};

#[component]
pub fn AdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <Title text=i18n.t(Msg::AdminTitle)/>
        {move || match session.current() {
            None => view! { <SignInRequired/> }.into_any(),
            Some(u) if !u.is_platform_admin => view! {
                <section class="page narrow"><ErrorPanel error=AppError::forbidden()/></section>
            }.into_any(),
            Some(_) => view! { <AdminDashboard/> }.into_any(),
        }}
    }
}

#[component]
fn AdminDashboard() -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(0_u32);
    let organizations = Resource::new(move || version.get(), |_| admin_list_organizations());
    let outbox = Resource::new(|| (), |_| admin_list_outbox());
    let set_verified = ServerAction::<SetOrganizationVerified>::new();
    crate::ui::toast_outcome(set_verified.value(), move |()| {
        version.update(|v| *v += 1);
        Some(i18n.t(Msg::AdminVerificationSaved).into())
    });
    view! {
        <section class="page stack">
            <h1><Icon name=IconName::Shield/><span>{i18n.t(Msg::AdminTitle)}</span></h1>
            <div class="card">
                <h2>{i18n.t(Msg::AdminOrganizations)}</h2>
                <Transition fallback=Loading>
                    {move || organizations.get().map(|r| match r {
                        Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p class="muted">{i18n.t(Msg::AdminNoOrganizations)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="list">
                                {list.into_iter().map(|o| {
                                    let verified = o.verified;
                                    view! {
                                        <li class="list-row">
                                            <div class="list-main">
                                                <A href=crate::ui::links::Link::Organization(&o.id).href()>{o.name.clone()}</A>
                                                {verified.then(|| view! { <VerifiedBadge/> })}
                                                <span class="muted small">{o.region.name()}</span>
                                            </div>
                                            <ActionForm action=set_verified>
                                                <input type="hidden" name="org_id" value=o.id.clone()/>
                                                <input type="hidden" name="verified" value=(!verified).to_string()/>
                                                <button type="submit" class=if verified { "button button-ghost button-danger" } else { "button button-secondary" }>
                                                    {move || if verified { i18n.t(Msg::AdminUnverify) } else { i18n.t(Msg::AdminVerify) }}
                                                </button>
                                            </ActionForm>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    })}
                </Transition>
            </div>
            <div class="card">
                <h2><Icon name=IconName::Mail/><span>{i18n.t(Msg::AdminOutbox)}</span></h2>
                <Transition fallback=Loading>
                    {move || outbox.get().map(|r| match r {
                        Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                        Ok(outbox) => view! {
                            {if outbox.demo {
                                view! {
                                    <p class="panel panel-warning" role="note">
                                        <Icon name=IconName::Alert/>
                                        <span>{i18n.t(Msg::AdminOutboxDemo)}</span>
                                    </p>
                                }.into_any()
                            } else {
                                view! { <p class="hint">{i18n.t(Msg::AdminOutboxRelay)}</p> }.into_any()
                            }}
                            <OutboxList list=outbox.emails/>
                        }.into_any(),
                    })}
                </Transition>
            </div>
        </section>
    }
    .into_any()
}

#[component]
fn OutboxList(list: Vec<super::types::OutboxEmail>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
                    {match list {
                        list if list.is_empty() => view! { <p class="muted">{i18n.t(Msg::AdminOutboxEmpty)}</p> }.into_any(),
                        list => view! {
                            <ul class="list outbox">
                                {list.into_iter().map(|m| {
                                    let at = m.created_at;
                                    view! {
                                        <li class="outbox-item">
                                            <details>
                                                <summary>
                                                    <strong>{m.subject.clone()}</strong>
                                                    <span class="muted small">
                                                        {m.to.clone()} " · "
                                                        {move || format!("{} {}", format_date(at, i18n.locale.get()), format_time(at, i18n.locale.get()))}
                                                    </span>
                                                </summary>
                                                <pre class="email-body">{m.body.clone()}</pre>
                                            </details>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }}
    }
}
