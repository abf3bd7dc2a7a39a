//! Bookings pages: « Réservations » (what the active organization asked of others, and what
//! others asked of it; pending ones first) and one booking's page with its history and the
//! actions the reader may take. The request form on a resource's page: `request.rs`.

mod actions;
mod answer;
mod blocked;
mod board;
mod feeds;
mod partners;
mod request;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::A,
    hooks::{use_params_map, use_query_map},
};

pub use answer::AnswerPage;
pub use blocked::{Blocked, BlockedPeriodsCard};
pub use board::BoardPage;
pub use partners::{PartnerList, PartnersCard};
pub use request::{RequestCard, Week};

pub use super::types::when_text;

use super::{
    api::{get_booking, list_bookings},
    types::{BookingPage, BookingStatus, BookingSummary, ListFilter, ResourceChoice, Side},
};
use crate::{
    error::AppError,
    i18n::{Msg, use_i18n},
    organizations::types::{MembershipSummary, Role},
    session::ActiveOrgGate,
    shared::money::format_money,
    time::{format_local_date, format_local_time},
    ui::{ErrorPanel, Icon, IconName, Loading, links::Link},
};

/// A booking's status, as a badge (a word, not a colour alone).
#[component]
pub fn BookingStatusBadge(status: BookingStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("badge booking-status status-{}", status.code())>{i18n.t(status.label())}</span>
    }
}

#[component]
pub fn BookingsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t(Msg::BookingsTitle)/>
        <ActiveOrgGate title=Msg::BookingsTitle render=|m: MembershipSummary| {
            let admin = m.role == Role::Admin;
            view! { <BookingsView org_id=m.org_id admin/> }.into_any()
        }/>
    }
}

/// The filter a page's query asks for (`statut`, `ressource`, `du`, `au`).
fn filter_from(query: &leptos_router::params::ParamsMap) -> ListFilter {
    let get = |k: &str| query.get(k).unwrap_or_default();
    ListFilter {
        status: get("statut"),
        resource_id: get("ressource"),
        from: get("du"),
        to: get("au"),
    }
}

#[component]
fn BookingsView(org_id: String, admin: bool) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let side = Memo::new(move |_| Side::parse(&query.read().get("vue").unwrap_or_default()));
    let filter = Memo::new(move |_| filter_from(&query.read()));
    let list = {
        let org_id = org_id.clone();
        Resource::new(
            move || (org_id.clone(), side.get(), filter.get()),
            |(org_id, side, filter)| list_bookings(org_id, side, filter),
        )
    };
    let feeds = feeds::Feeds::new(org_id.clone());
    let tab = move |s: Side, label: Msg| {
        view! {
            <A href=format!("/reservations?vue={}", s.code())
                attr:class=move || if side.get() == s { "tab tab-active" } else { "tab" }
                attr:aria-current=move || (side.get() == s).then_some("page")>
                {i18n.t(label)}
            </A>
        }
    };
    view! {
        <section class="page stack">
            <header class="board-header">
                <h1>{i18n.t(Msg::BookingsTitle)}</h1>
                <A href="/planning" attr:class="button button-secondary">
                    <Icon name=IconName::Calendar/><span>{i18n.t(Msg::BoardTitle)}</span>
                </A>
            </header>
            <nav class="tabs" aria-label=i18n.t(Msg::BookingsTitle)>
                {tab(Side::Ours, Msg::BookingsOurs)}
                {tab(Side::Theirs, Msg::BookingsTheirs)}
            </nav>
            <Transition fallback=Loading>
                {move || list.get().map(|r| match r {
                    Ok(list) => {
                        let filtered = !filter.get_untracked().is_empty();
                        let bar = view! { <FilterBar side=side.get_untracked() filter=filter.get_untracked() resources=list.resources.clone()/> };
                        if list.items.is_empty() {
                            let msg = match (filtered, side.get_untracked()) {
                                (true, _) => Msg::BookingsEmptyFiltered,
                                (false, Side::Ours) => Msg::BookingsEmptyOurs,
                                (false, Side::Theirs) => Msg::BookingsEmptyTheirs,
                            };
                            return view! {
                                {(filtered || !list.resources.is_empty()).then_some(bar)}
                                <div class="empty-state card">
                                    <Icon name=IconName::Calendar/>
                                    <p>{i18n.t(msg)}</p>
                                    {(filtered).then(|| view! {
                                        <A href=format!("/reservations?vue={}", side.get_untracked().code()) attr:class="button button-secondary">{i18n.t(Msg::FilterClear)}</A>
                                    })}
                                    {(!filtered && side.get_untracked() == Side::Ours).then(|| view! {
                                        <A href="/catalogue" attr:class="button button-primary">{i18n.t(Msg::NavCatalogue)}</A>
                                    })}
                                </div>
                            }.into_any();
                        }
                        let items = list.items;
                        let pending = items.iter().filter(|b| b.status == BookingStatus::Requested).count();
                        let theirs = side.get_untracked() == Side::Theirs;
                        view! {
                            {bar}
                            <p class="lead-small" role="status">
                                {i18n.tf(Msg::BookingsCount, &[("count", &items.len().to_string())])}
                                {(pending > 0).then(|| view! { " · " {i18n.tf(Msg::BookingsPendingCount, &[("count", &pending.to_string())])} })}
                            </p>
                            <ul class="booking-list">
                                {items.into_iter().map(|b| view! { <li><BookingRow booking=b theirs/></li> }).collect_view()}
                            </ul>
                            {list.truncated.then(|| view! { <p class="muted">{i18n.t(Msg::BookingsTruncated)}</p> })}
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                })}
            </Transition>
            <feeds::CalendarFeedsCard feeds org_id admin/>
        </section>
    }
}

/// Status, resource and dates: a plain GET form (it works without WASM), applied as soon as a
/// value changes, with « Effacer les filtres » while any is set.
#[component]
fn FilterBar(side: Side, filter: ListFilter, resources: Vec<ResourceChoice>) -> impl IntoView {
    let i18n = use_i18n();
    let filtered = !filter.is_empty();
    let status = filter.status.clone();
    let resource = filter.resource_id.clone();
    view! {
        <leptos_router::components::Form method="GET" action="/reservations" attr:class="filter-bar card"
            on:change=move |ev| {
                if let Some(form) = ev.current_target().and_then(|t| {
                    use leptos::wasm_bindgen::JsCast;
                    t.dyn_into::<leptos::web_sys::HtmlFormElement>().ok()
                }) {
                    let _ = form.request_submit();
                }
            }>
            <input type="hidden" name="vue" value=side.code()/>
            <div class="field">
                <label for="filtre-statut">{i18n.t(Msg::BookingsFilterStatus)}</label>
                <select id="filtre-statut" name="statut">
                    <option value="">{i18n.t(Msg::BookingsFilterAny)}</option>
                    {BookingStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.code() selected=status == s.code()>{i18n.t(s.label())}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filtre-ressource">{i18n.t(Msg::BookingResource)}</label>
                <select id="filtre-ressource" name="ressource">
                    <option value="">{i18n.t(Msg::BookingsFilterAnyResource)}</option>
                    {resources.into_iter().map(|r| {
                        let selected = r.id == resource;
                        view! { <option value=r.id selected=selected>{r.title}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filtre-du">{i18n.t(Msg::BookingsFilterFrom)}</label>
                <input id="filtre-du" class="input" type="date" name="du" value=filter.from.clone()/>
            </div>
            <div class="field">
                <label for="filtre-au">{i18n.t(Msg::BookingsFilterTo)}</label>
                <input id="filtre-au" class="input" type="date" name="au" value=filter.to.clone()/>
            </div>
            <div class="filter-actions">
                <button type="submit" class="button button-secondary">{i18n.t(Msg::FilterApply)}</button>
                {filtered.then(|| view! {
                    <A href=format!("/reservations?vue={}", side.code()) attr:class="button button-ghost">{i18n.t(Msg::FilterClear)}</A>
                })}
            </div>
        </leptos_router::components::Form>
    }
}

#[component]
fn BookingRow(booking: BookingSummary, theirs: bool) -> impl IntoView {
    let i18n = use_i18n();
    let b = booking;
    let other = if theirs {
        b.requester_org_name.clone()
    } else {
        b.owner_org_name.clone()
    };
    let when = move || when_text(b.range, b.zone, i18n.locale.get());
    view! {
        <A href=Link::Booking(&b.id).href() attr:class="card booking-row">
            <div class="booking-row-main">
                <strong>{b.resource_title.clone()}</strong>
                <span class="muted">{i18n.tf(Msg::BookingsWith, &[("org", &other)])}</span>
                <span>{when}</span>
            </div>
            <div class="booking-row-side">
                <BookingStatusBadge status=b.status/>
                <span class="muted">"× " {b.quantity}</span>
            </div>
        </A>
    }
}

#[component]
pub fn BookingDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let version = RwSignal::new(0_u32);
    let page = Resource::new(move || (id(), version.get()), |(id, _)| get_booking(id));
    let reload = Callback::new(move |()| version.update(|v| *v += 1));
    view! {
        <Transition fallback=Loading>
            {move || page.get().map(|r| match r {
                Ok(p) => view! {
                    <Title text=format!("{} — {}", i18n.t(Msg::BookingTitle), p.booking.resource_title)/>
                    <BookingView page=p reload/>
                }.into_any(),
                Err(AppError::NotFound { .. }) => view! { <crate::ui::not_found::NotFoundPage/> }.into_any(),
                Err(AppError::Unauthorized { .. }) => view! { <crate::session::SignInRequired/> }.into_any(),
                Err(e) => view! { <section class="page narrow"><Title text=i18n.t(Msg::BookingTitle)/><ErrorPanel error=e/></section> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn BookingView(page: BookingPage, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let b = page.booking.clone();
    let zone = b.zone;
    let when = move || when_text(b.range, zone, i18n.locale.get());
    let price = move || {
        if page.price_estimate_cents == 0 {
            i18n.t(Msg::BookingPriceFree).to_owned()
        } else {
            format_money(page.price_estimate_cents, i18n.locale.get())
        }
    };
    let zone_name = zone.city();
    let history = page.history.clone();
    view! {
        <section class="page narrow stack">
            <header class="page-header">
                <p class="eyebrow">{i18n.t(Msg::BookingTitle)}</p>
                <h1>{b.resource_title.clone()}</h1>
                <BookingStatusBadge status=b.status/>
            </header>
            <div class="card">
                <dl class="facts">
                    <div><dt>{i18n.t(Msg::BookingWhen)}</dt><dd>{when} <span class="muted">" (" {move || i18n.tf(Msg::BookingTimesInZone, &[("zone", zone_name)])} ")"</span></dd></div>
                    <div><dt>{i18n.t(Msg::BookingResource)}</dt><dd><A href=Link::Resource(&b.resource_id).href()>{b.resource_title.clone()}</A></dd></div>
                    <div><dt>{i18n.t(Msg::BookingOwner)}</dt><dd><A href=Link::Organization(&b.owner_org_id).href()>{b.owner_org_name.clone()}</A></dd></div>
                    <div><dt>{i18n.t(Msg::BookingRequester)}</dt><dd><A href=Link::Organization(&b.requester_org_id).href()>{b.requester_org_name.clone()}</A></dd></div>
                    <div><dt>{i18n.t(Msg::BookingQuantity)}</dt><dd>{b.quantity}</dd></div>
                    <div><dt>{i18n.t(Msg::BookingPriceEstimate)}</dt><dd>{price}</dd></div>
                    {(!page.purpose.is_empty()).then(|| view! {
                        <div><dt>{i18n.t(Msg::BookingPurpose)}</dt><dd class="prose">{page.purpose.clone()}</dd></div>
                    })}
                    {(!page.reason.is_empty()).then(|| view! {
                        <div><dt>{i18n.t(Msg::BookingReason)}</dt><dd class="prose">{page.reason.clone()}</dd></div>
                    })}
                </dl>
                {page.late.then(|| view! { <p class="alert alert-warning"><Icon name=IconName::Alert/><span>{i18n.t(Msg::BookingLate)}</span></p> })}
            </div>
            <actions::BookingActionsBar page=page.clone() reload/>
            <p class="button-row">
                <A href=Link::NewConversation("booking", &b.id).href() attr:class="button button-secondary">
                    <Icon name=IconName::Message/><span>{i18n.t(Msg::InboxWriteBooking)}</span>
                </A>
                <a class="button button-ghost" href=format!("{}/calendrier.ics", Link::Booking(&b.id).href()) download rel="external">
                    <Icon name=IconName::Calendar/><span>{i18n.t(Msg::BookingIcs)}</span>
                </a>
            </p>
            <section class="card" aria-labelledby="booking-history">
                <h2 id="booking-history">{i18n.t(Msg::BookingHistory)}</h2>
                <ol class="timeline">
                    {history.into_iter().map(|e| {
                        let at = move || format!(
                            "{}, {}",
                            format_local_date(zone.date(e.at), i18n.locale.get()),
                            format_local_time(zone.local(e.at).time(), i18n.locale.get())
                        );
                        view! {
                            <li>
                                <strong>{i18n.t(e.kind.label())}</strong>
                                <span class="muted">{at} " · " {e.actor_name.clone()} " (" {e.org_name.clone()} ")"</span>
                                {(!e.reason.is_empty()).then(|| view! { <p class="prose">{e.reason.clone()}</p> })}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </section>
        </section>
    }
}
