//! « Calendriers » on the bookings page: the secret addresses that Google Calendar, Outlook or
//! Apple Calendar subscribe to, for the organization and for each of its resources.

use leptos::prelude::*;

use crate::{
    bookings::calendar::{
        CalendarFeed, CreateCalendarFeed, RevokeCalendarFeed, list_calendar_feeds,
    },
    error::AppError,
    i18n::{Msg, use_i18n},
    ui::{ErrorPanel, FormAlert, Icon, IconName, Loading, action_error, toast_outcome},
};

/// The organization's calendar addresses and the actions that make and revoke them. Made by
/// the page outside its `Transition`.
#[derive(Clone, Copy)]
pub struct Feeds {
    create: ServerAction<CreateCalendarFeed>,
    revoke: ServerAction<RevokeCalendarFeed>,
    list: Resource<Result<Vec<CalendarFeed>, AppError>>,
}

impl Feeds {
    pub fn new(org_id: String) -> Feeds {
        let create = ServerAction::<CreateCalendarFeed>::new();
        let revoke = ServerAction::<RevokeCalendarFeed>::new();
        let list = Resource::new(
            move || {
                (
                    org_id.clone(),
                    create.version().get(),
                    revoke.version().get(),
                )
            },
            |(org_id, _, _)| list_calendar_feeds(org_id),
        );
        Feeds {
            create,
            revoke,
            list,
        }
    }
}

/// `https://…/ical/t.ics` as `webcal://…/ical/t.ics`: calendars open it as a subscription.
fn webcal(url: &str) -> String {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    format!("webcal://{rest}")
}

#[component]
pub fn CalendarFeedsCard(feeds: Feeds, org_id: String, admin: bool) -> impl IntoView {
    let i18n = use_i18n();
    let Feeds {
        create,
        revoke,
        list,
    } = feeds;
    let create_error = action_error(create.value());
    let revoke_error = action_error(revoke.value());
    toast_outcome(create.value(), move |_| {
        Some(i18n.t(Msg::FeedsCreatedToast).to_owned())
    });
    toast_outcome(revoke.value(), move |()| {
        Some(i18n.t(Msg::FeedsRevokedToast).to_owned())
    });
    let org_id = StoredValue::new(org_id);
    view! {
        <details class="card feeds">
            <summary><Icon name=IconName::Calendar/><span>{i18n.t(Msg::FeedsTitle)}</span></summary>
            <p class="muted">{i18n.t(Msg::FeedsLead)}</p>
            <FormAlert error=Signal::derive(move || create_error.get().or_else(|| revoke_error.get()))/>
            <Transition fallback=Loading>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    Ok(items) => view! {
                        <ul class="feed-list">
                            {items.into_iter().map(|f| {
                                let label = if f.resource_id.is_none() {
                                    i18n.t(Msg::FeedsAll).to_owned()
                                } else {
                                    f.title.clone()
                                };
                                let resource_id = f.resource_id.clone().unwrap_or_default();
                                let field_id = format!("feed-{}", if resource_id.is_empty() { "org" } else { &resource_id });
                                view! {
                                    <li class="feed">
                                        {match f.url.clone() {
                                            Some(url) => view! {
                                                <label for=field_id.clone()>{label.clone()}</label>
                                                <input id=field_id.clone() class="input feed-url" type="text" readonly value=url.clone()
                                                    on:focus=move |ev| { event_target::<leptos::web_sys::HtmlInputElement>(&ev).select(); }
                                                />
                                                <div class="button-row">
                                                    <a class="button button-secondary" href=webcal(&url) rel="external">{i18n.t(Msg::FeedsSubscribe)}</a>
                                                    {admin.then(|| view! {
                                                        <ActionForm action=revoke>
                                                            <input type="hidden" name="org_id" value=org_id.get_value()/>
                                                            <input type="hidden" name="resource_id" value=resource_id.clone()/>
                                                            <button type="submit" class="button button-ghost danger" disabled=move || revoke.pending().get()>
                                                                {i18n.t(Msg::FeedsRevoke)}
                                                            </button>
                                                        </ActionForm>
                                                    })}
                                                </div>
                                            }.into_any(),
                                            None => view! {
                                                <span class="feed-label">{label.clone()}</span>
                                                <ActionForm action=create>
                                                    <input type="hidden" name="org_id" value=org_id.get_value()/>
                                                    <input type="hidden" name="resource_id" value=resource_id.clone()/>
                                                    <button type="submit" class="button button-secondary" disabled=move || create.pending().get()>
                                                        {i18n.t(Msg::FeedsCreate)}
                                                    </button>
                                                </ActionForm>
                                            }.into_any(),
                                        }}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
        </details>
    }
}
