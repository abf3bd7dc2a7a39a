//! The platform admin page: verify organizations, handle reported conversations, read the
//! outbox.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::api::{
    ResolveReport, SetOrganizationVerified, admin_list_organizations, admin_list_outbox,
    admin_list_reports,
};
use crate::{
    error::AppError,
    i18n::{Msg, use_i18n},
    organizations::types::Organization,
    session::SignInRequired,
    session::use_session,
    time::{format_date, format_time},
    ui::{ErrorPanel, Icon, IconName, Loading, VerifiedBadge, dialog::Dialog},
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
    // Kept across reloads of the list, so a verification does not reset the filter.
    let waiting_only = RwSignal::new(false);
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
                        Ok(list) => view! { <OrganizationList list set_verified waiting_only/> }.into_any(),
                    })}
                </Transition>
            </div>
            <ReportList/>
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

/// The organizations, those waiting for verification first when asked, each verified (or not)
/// after reading its details in a dialog.
#[component]
fn OrganizationList(
    list: Vec<Organization>,
    set_verified: ServerAction<SetOrganizationVerified>,
    waiting_only: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let waiting = list.iter().filter(|o| !o.verified).count();
    let list = StoredValue::new(list);
    view! {
        <div class="admin-filter">
            <label class="check">
                <input
                    type="checkbox"
                    prop:checked=move || waiting_only.get()
                    on:change=move |ev| waiting_only.set(event_target_checked(&ev))
                />
                <span>{move || i18n.tf(Msg::AdminWaitingOnly, &[("count", &waiting.to_string())])}</span>
            </label>
        </div>
        {move || {
            let shown: Vec<Organization> = list.with_value(|l| {
                l.iter()
                    .filter(|o| !waiting_only.get() || !o.verified)
                    .cloned()
                    .collect()
            });
            if shown.is_empty() {
                return view! { <p class="muted">{i18n.t(Msg::AdminNoneWaiting)}</p> }.into_any();
            }
            view! {
                <ul class="list admin-orgs">
                    {shown.into_iter().map(|o| view! { <OrganizationRow org=o set_verified/> }).collect_view()}
                </ul>
            }
            .into_any()
        }}
    }
}

#[component]
fn OrganizationRow(
    org: Organization,
    set_verified: ServerAction<SetOrganizationVerified>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let verified = org.verified;
    let dialog_id = format!("verify-{}", org.id);
    let name = org.name.clone();
    let title = Signal::derive(move || {
        i18n.tf(
            if verified {
                Msg::AdminUnverifyTitle
            } else {
                Msg::AdminVerifyTitle
            },
            &[("name", &name)],
        )
    });
    // The dialog closes once the answer is in (the list then reloads).
    Effect::new(move |_| {
        if set_verified.value().get().is_some() {
            open.set(false);
        }
    });
    let org = StoredValue::new(org);
    let (id, name, region, kind) =
        org.with_value(|o| (o.id.clone(), o.name.clone(), o.region, o.kind));
    view! {
        <li class="list-row">
            <div class="list-main">
                <A href=crate::ui::links::Link::Organization(&id).href()>{name}</A>
                {verified.then(|| view! { <VerifiedBadge/> })}
                <span class="muted small">{move || format!("{} · {}", i18n.t(kind.label()), region.name())}</span>
            </div>
            <button
                type="button"
                class=if verified { "button button-ghost button-danger" } else { "button button-secondary" }
                on:click=move |_| open.set(true)
            >
                {move || i18n.t(if verified { Msg::AdminUnverify } else { Msg::AdminReview })}
            </button>
            <Dialog open id=dialog_id title>
                {move || {
                    let o = org.get_value();
                    view! {
                        {if verified {
                            view! { <p>{i18n.tf(Msg::AdminUnverifyBody, &[("name", &o.name)])}</p> }.into_any()
                        } else {
                            view! { <OrganizationDetails org=o.clone()/> }.into_any()
                        }}
                        <ActionForm action=set_verified attr:class="dialog-actions">
                            <input type="hidden" name="org_id" value=o.id.clone()/>
                            <input type="hidden" name="verified" value=(!verified).to_string()/>
                            <button type="button" class="button button-ghost" on:click=move |_| open.set(false)>
                                {i18n.t(Msg::ActionCancel)}
                            </button>
                            <button
                                type="submit"
                                class=if verified { "button button-danger" } else { "button button-primary" }
                                disabled=move || set_verified.pending().get()
                            >
                                {i18n.t(if verified { Msg::AdminUnverify } else { Msg::AdminVerify })}
                            </button>
                        </ActionForm>
                    }
                }}
            </Dialog>
        </li>
    }
}

/// What an admin reads before vouching for an organization.
#[component]
fn OrganizationDetails(org: Organization) -> impl IntoView {
    let i18n = use_i18n();
    let created = org.created_at;
    let fact = |label: Msg, value: String| {
        (!value.trim().is_empty())
            .then(|| view! { <div><dt>{i18n.t(label)}</dt><dd>{value}</dd></div> })
    };
    view! {
        <dl class="facts facts-stacked">
            {fact(Msg::OrgFieldKind, i18n.t(org.kind.label()).to_owned())}
            {fact(Msg::OrgFieldRegion, org.region.name().to_owned())}
            {fact(Msg::OrgFieldNeq, org.neq.clone().unwrap_or_default())}
            {fact(Msg::OrgFieldAddress, org.address.clone())}
            {fact(Msg::OrgFieldPhone, org.phone.clone())}
            {fact(Msg::OrgFieldWebsite, org.website.clone())}
            {fact(Msg::OrgFieldDescription, org.description.clone())}
        </dl>
        <p class="muted small">{move || i18n.tf(Msg::OrgSince, &[("date", &format_date(created, i18n.locale.get()))])}</p>
    }
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

/// Conversations members reported, with what they said and the conversation's last messages;
/// each is marked handled once dealt with.
#[component]
fn ReportList() -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(0_u32);
    let reports = Resource::new(move || version.get(), |_| admin_list_reports());
    let resolve = ServerAction::<ResolveReport>::new();
    let resolve_url = <ResolveReport as server_fn::ServerFn>::url();
    crate::ui::toast_outcome(resolve.value(), move |()| {
        version.update(|v| *v += 1);
        Some(i18n.t(Msg::AdminReportResolved).into())
    });
    view! {
        <div class="card">
            <h2><Icon name=IconName::Flag/><span>{i18n.t(Msg::AdminReports)}</span></h2>
            <Transition fallback=Loading>
                {move || reports.get().map(|r| match r {
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="muted">{i18n.t(Msg::AdminReportsEmpty)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="list reports">
                            {list.into_iter().map(|report| {
                                let at = report.created_at;
                                let id = report.id.clone();
                                let by = (report.reporter_name.clone(), report.reporter_org.clone());
                                let between = (report.reporter_org.clone(), report.other_org.clone());
                                view! {
                                    <li class="report-item stack">
                                        <p><strong>{move || i18n.tf(Msg::AdminReportBetween, &[("a", &between.0), ("b", &between.1)])}</strong></p>
                                        {report.subject.map(|s| view! { <p class="muted small">{s.title}</p> })}
                                        <p class="muted small">{move || i18n.tf(Msg::AdminReportBy, &[
                                            ("person", &by.0),
                                            ("org", &by.1),
                                            ("when", &format!("{} {}", format_date(at, i18n.locale.get()), format_time(at, i18n.locale.get()))),
                                        ])}</p>
                                        <blockquote class="report-reason">{report.reason}</blockquote>
                                        <details>
                                            <summary>{i18n.t(Msg::AdminReportMessages)}</summary>
                                            <ol class="report-messages">
                                                {report.messages.into_iter().map(|m| {
                                                    let author = m.author.clone().unwrap_or_default();
                                                    let text = if m.deleted { i18n.t(Msg::InboxMessageDeleted).to_owned() } else { m.body.clone() };
                                                    view! { <li><strong>{author}</strong>" " <span class="pre-line">{text}</span></li> }
                                                }).collect_view()}
                                            </ol>
                                        </details>
                                        <form method="post" action=resolve_url
                                            on:submit=move |ev| {
                                                ev.prevent_default();
                                                resolve.dispatch(ResolveReport { id: id.clone() });
                                            }>
                                            <input type="hidden" name="id" value=report.id.clone()/>
                                            <button type="submit" class="button button-secondary" disabled=move || resolve.pending().get()>
                                                <Icon name=IconName::Check/>
                                                <span>{i18n.t(Msg::AdminReportResolve)}</span>
                                            </button>
                                        </form>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
        </div>
    }
}
