//! The notifications card: newest first, « Nouveau » until opened or marked read.

use leptos::prelude::*;
use leptos_router::components::A;

use super::{
    api::{MarkAllNotificationsRead, list_notifications, mark_notification_read},
    types::{Notification, NotificationKind},
};
use crate::{
    i18n::{Msg, use_i18n},
    session::use_session,
    time::format_date,
    ui::{ErrorPanel, Icon, IconName, Loading},
};

#[component]
pub fn NotificationsCard(org_id: String) -> impl IntoView {
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
                <h2 id="notices-title"><Icon name=IconName::Bell/><span>{i18n.t(Msg::NoticesTitle)}</span></h2>
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
    let msg = match n.kind {
        NotificationKind::ResourceForOurNeed => Msg::NoticeResourceForOurNeed,
        NotificationKind::NeedForOurResource => Msg::NoticeNeedForOurResource,
        NotificationKind::BookingRequested => Msg::NoticeBookingRequested,
        NotificationKind::BookingConfirmed => Msg::NoticeBookingConfirmed,
        NotificationKind::BookingApproved => Msg::NoticeBookingApproved,
        NotificationKind::BookingDeclined => Msg::NoticeBookingDeclined,
        NotificationKind::BookingCancelled => Msg::NoticeBookingCancelled,
        NotificationKind::BookingReminder => Msg::NoticeBookingReminder,
        NotificationKind::BookingChangeRequested => Msg::NoticeBookingChangeRequested,
        NotificationKind::BookingChanged => Msg::NoticeBookingChanged,
        NotificationKind::BookingChangeAccepted => Msg::NoticeBookingChangeAccepted,
        NotificationKind::BookingChangeRefused => Msg::NoticeBookingChangeRefused,
    };
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
                    {move || i18n.tf(msg, &[("need", &subject), ("resource", &related)])}
                </A>
                <span class="muted small">{move || format_date(when, i18n.locale.get())}</span>
            </div>
            {unread.then(|| view! { <span class="badge badge-ok">{i18n.t(Msg::NoticeNew)}</span> })}
        </li>
    }
}
