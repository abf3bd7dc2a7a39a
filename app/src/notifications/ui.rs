//! The notification centre (`/notifications`): matches, booking events and messages of the
//! active organization and the person's own, newest first, « Nouveau » until opened or marked
//! read; and how email tells the person of them. The same card opens « Mon catalogue ». Also
//! the page a signed link at the foot of every notification email leads to (`/courriels`),
//! which stops them without signing in.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

use super::{
    api::{
        MarkAllNotificationsRead, SetEmailFrequency, Unsubscribe, get_email_frequency,
        list_notifications, mark_notification_read,
    },
    types::{EmailFrequency, Notification},
};
use crate::{
    i18n::{Msg, use_i18n},
    organizations::types::MembershipSummary,
    session::{ActiveOrgGate, use_session},
    time::format_date,
    ui::{ErrorPanel, Icon, IconName, Loading},
};

/// The organization's notifications. Headed « Notifications » where the page is about something
/// else (« Mon catalogue »); on their own page, whose title already says so, headed with the
/// organization they are for (`org_name`).
#[component]
pub fn NotificationsCard(
    org_id: String,
    #[prop(optional)] org_name: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let mark_all = ServerAction::<MarkAllNotificationsRead>::new();
    let org = org_id.clone();
    let org_field = StoredValue::new(org_id);
    let notices = Resource::new(
        move || (org.clone(), mark_all.version().get()),
        |(id, _)| list_notifications(id),
    );
    crate::ui::toast_outcome(mark_all.value(), move |()| {
        session.refresh();
        None
    });
    let any_unread = move || {
        notices
            .get()
            .and_then(Result::ok)
            .is_some_and(|list| list.iter().any(|n| !n.read))
    };
    view! {
        <section class="card" id="avis" aria-labelledby="notices-title">
            <div class="section-header">
                <h2 id="notices-title"><Icon name=IconName::Bell/><span>{match &org_name {
                    Some(name) => i18n.tf(Msg::NoticesForOrg, &[("org", name)]),
                    None => i18n.t(Msg::NoticesTitle).to_owned(),
                }}</span></h2>
                <Transition fallback=|| ()>
                    <Show when=any_unread>
                        // A form, so it works before the page's code has loaded too (the
                        // server then sends the page back, everything read).
                        <ActionForm action=mark_all>
                            <input type="hidden" name="org_id" value=org_field.get_value()/>
                            <button
                                type="submit"
                                class="button button-ghost"
                                disabled=move || mark_all.pending().get()
                            >
                                {i18n.t(Msg::NoticesMarkAllRead)}
                            </button>
                        </ActionForm>
                    </Show>
                </Transition>
            </div>
            <Transition fallback=Loading>
                {move || notices.get().map(|r| match r {
                    Ok(list) if list.is_empty() => view! { <p class="muted">{i18n.t(Msg::NoticesEmpty)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="list">
                            {list.into_iter().map(|n| view! { <NotificationRow notice=n/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn NotificationRow(notice: Notification) -> impl IntoView {
    let i18n = use_i18n();
    let n = notice;
    let when = n.created_at;
    let msg = n.kind.msg();
    let subject = n.subject_title.clone();
    let related = n.related_title.clone().unwrap_or_default();
    let unread = !n.read;
    let id = n.id.clone();
    // Opening it marks it read; the page it leads to loads meanwhile.
    let open = move |_| {
        if unread {
            let id = id.clone();
            leptos::task::spawn_local(async move {
                let _ = mark_notification_read(id).await;
            });
        }
    };
    view! {
        <li class="list-row">
            <div class="list-main">
                <A href=n.link.clone() on:click=open>
                    {move || i18n.tf(msg, &[("need", &subject), ("resource", &related), ("org", &related)])}
                </A>
                <span class="muted small">{move || format_date(when, i18n.locale.get())}</span>
            </div>
            {unread.then(|| view! { <span class="badge badge-ok">{i18n.t(Msg::NoticeNew)}</span> })}
        </li>
    }
}

/// `/notifications`: everything that asks for attention, and the person's email choice.
#[component]
pub fn NotificationsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t(Msg::NoticesTitle)/>
        <section class="page narrow stack">
            <h1>{i18n.t(Msg::NoticesTitle)}</h1>
            <ActiveOrgGate title=Msg::NoticesTitle render=|m: MembershipSummary| {
                view! { <NotificationsCard org_id=m.org_id org_name=m.org_name/> }.into_any()
            }/>
            <EmailChoice/>
        </section>
    }
}

fn frequency_label(f: EmailFrequency) -> Msg {
    match f {
        EmailFrequency::Each => Msg::NoticesEmailEach,
        EmailFrequency::Daily => Msg::NoticesEmailDaily,
        EmailFrequency::Off => Msg::NoticesEmailOff,
    }
}

/// How email tells the person: a group of radio buttons, saved as soon as one is chosen (a
/// plain form with its button without the page's code).
#[component]
fn EmailChoice() -> impl IntoView {
    let i18n = use_i18n();
    let set = ServerAction::<SetEmailFrequency>::new();
    let url = <SetEmailFrequency as server_fn::ServerFn>::url();
    let current = Resource::new(|| (), |_| get_email_frequency());
    crate::ui::toast_outcome(set.value(), move |()| {
        Some(i18n.t(Msg::NoticesEmailSaved).to_owned())
    });
    view! {
        <section class="card" aria-labelledby="email-choice-title">
            <h2 id="email-choice-title"><Icon name=IconName::Mail/><span>{i18n.t(Msg::NoticesEmailTitle)}</span></h2>
            <Transition fallback=Loading>
                {move || current.get().map(|r| match r {
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    Ok(chosen) => view! {
                        <form method="post" action=url class="stack"
                            on:submit=move |ev| ev.prevent_default()>
                            <fieldset class="choice-list">
                                <legend class="hint">{i18n.t(Msg::NoticesEmailLead)}</legend>
                                {EmailFrequency::ALL.into_iter().map(|f| view! {
                                    <label class="check">
                                        <input type="radio" name="frequency" value=f.code()
                                            checked=f == chosen
                                            on:change=move |_| { set.dispatch(SetEmailFrequency { frequency: f }); }/>
                                        <span>{i18n.t(frequency_label(f))}</span>
                                    </label>
                                }).collect_view()}
                            </fieldset>
                            <noscript><button type="submit" class="button button-secondary">{i18n.t(Msg::ActionSave)}</button></noscript>
                        </form>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// `/courriels?u=…&s=…`: stops notification emails for the person the signed link names,
/// once they confirm (a link checker opening the page changes nothing).
#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let user = move || query.read().get("u").unwrap_or_default();
    let signature = move || query.read().get("s").unwrap_or_default();
    let stop = ServerAction::<Unsubscribe>::new();
    let url = <Unsubscribe as server_fn::ServerFn>::url();
    view! {
        <Title text=i18n.t(Msg::UnsubscribeTitle)/>
        <section class="page narrow stack">
            <h1>{i18n.t(Msg::UnsubscribeTitle)}</h1>
            {move || match stop.value().get() {
                Some(Ok(())) => view! {
                    <div class="panel panel-ok" role="status">
                        <Icon name=IconName::Check/>
                        <span>{i18n.t(Msg::UnsubscribeDone)}</span>
                    </div>
                    <p><A href="/notifications">{i18n.t(Msg::UnsubscribeChoose)}</A></p>
                }.into_any(),
                other => view! {
                    <p>{i18n.t(Msg::UnsubscribeLead)}</p>
                    {other.and_then(Result::err).map(|e| view! {
                        <div class="alert alert-error" role="alert"><Icon name=IconName::Alert/><span>{i18n.t(e.msg())}</span></div>
                    })}
                    <form method="post" action=url
                        on:submit=move |ev| {
                            ev.prevent_default();
                            stop.dispatch(Unsubscribe { user: user(), signature: signature() });
                        }>
                        <input type="hidden" name="user" value=user/>
                        <input type="hidden" name="signature" value=signature/>
                        <button type="submit" class="button button-primary" disabled=move || stop.pending().get()>
                            {i18n.t(Msg::UnsubscribeConfirm)}
                        </button>
                    </form>
                }.into_any(),
            }}
        </section>
    }
}
