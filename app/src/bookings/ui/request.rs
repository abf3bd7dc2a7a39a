//! The « Réserver » card on a resource's page: a week of free and busy times (no names, no
//! purposes) and the request form, in the owner's zone.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_navigate};

use super::when_text;
use crate::{
    bookings::{
        api::{RequestBooking, resource_availability},
        types::{Availability, RequestInput, RequestOutcome, TEXT_MAX, price_estimate},
    },
    catalogue::resources::types::{Pricing, ResourceDetails, SlotGrid},
    i18n::{Msg, use_i18n},
    session::use_session,
    shared::hours::format_clock,
    time::{LocalDate, Zone, format_local_date, iso_date, weekday_index},
    ui::{
        FormAlert, Icon, IconName, SubmitButton, TextField, action_error,
        links::Link,
        pickers::{DateField, TimeField},
        use_toasts,
    },
};

/// Days of availability shown at once.
const DAYS: i64 = 7;

/// The week a resource's page shows: its first day (none: today in the owner's zone) and its
/// free and busy times. Made by the page outside its `Transition`, so the server and the
/// browser create their resources in the same order (a resource made inside a Suspense's
/// children can be made twice on the server, and hydration then reads another's data).
#[derive(Clone, Copy)]
pub struct Week {
    first: RwSignal<Option<LocalDate>>,
    availability: Resource<Result<Availability, crate::error::AppError>>,
}

impl Week {
    pub fn new(resource_id: impl Fn() -> String + Send + Sync + 'static) -> Week {
        let first = RwSignal::new(None::<LocalDate>);
        let availability = Resource::new(
            move || (resource_id(), first.get()),
            |(id, from)| resource_availability(id, from.map(iso_date).unwrap_or_default(), 7),
        );
        Week {
            first,
            availability,
        }
    }
}

#[component]
pub fn RequestCard(resource: ResourceDetails, today: LocalDate, week: Week) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let owner = resource.org_id.clone();
    let rules = resource.content.rules.clone();
    let week_start = Memo::new(move |_| week.first.get().unwrap_or(today));
    let availability = week.availability;
    let shift = move |weeks: i64| {
        if let Some(next) = crate::time::add_days(week_start.get_untracked(), weeks * DAYS)
            && next >= today
        {
            week.first.set(Some(next));
        }
    };
    let hours = rules.opening_hours.clone();
    let capacity = rules.capacity;
    // The owner's zone, once the week has loaded (the price estimate needs it).
    let zone = Signal::derive(move || availability.get().and_then(Result::ok).map(|a| a.zone));
    view! {
        <section class="card stack" aria-labelledby="request-title" id="reserver">
            <h2 id="request-title"><Icon name=IconName::Calendar/><span>{i18n.t(Msg::RequestTitle)}</span></h2>
            <div class="availability">
                <div class="availability-nav">
                    <h3>{i18n.t(Msg::AvailabilityTitle)}</h3>
                    <button type="button" class="button button-ghost icon-button"
                        aria-label=i18n.t(Msg::AvailabilityPrev)
                        disabled=move || week_start.get() <= today
                        on:click=move |_| shift(-1)>
                        <Icon name=IconName::ChevronLeft/>
                    </button>
                    <button type="button" class="button button-ghost icon-button"
                        aria-label=i18n.t(Msg::AvailabilityNext)
                        on:click=move |_| shift(1)>
                        <Icon name=IconName::ChevronRight/>
                    </button>
                </div>
                <Transition fallback=crate::ui::Loading>
                    {move || availability.get().map(|r| match r {
                        Ok(a) => view! { <WeekView availability=a first=week_start.get_untracked() hours=hours.clone()/> }.into_any(),
                        Err(e) => view! { <crate::ui::ErrorPanel error=e/> }.into_any(),
                    })}
                </Transition>
            </div>
            {move || match session.current() {
                None => view! {
                    <A href=Link::SignInThen(&format!("{}#reserver", Link::Resource(&resource.id).href())).href()
                        attr:class="button button-primary">{i18n.t(Msg::RequestSignIn)}</A>
                }.into_any(),
                Some(user) => match user.active_membership() {
                    Some(m) if m.org_id == owner => view! { <p class="muted">{i18n.t(Msg::RequestOwnResource)}</p> }.into_any(),
                    Some(m) => view! {
                        <RequestForm resource_id=resource.id.clone() org_id=m.org_id.clone()
                            grid=rules.grid capacity approval=rules.approval_required today
                            pricing=resource.content.pricing zone=zone/>
                    }.into_any(),
                    None => view! { <p class="muted">{i18n.t(Msg::NeedNeedsOrganization)}</p> }.into_any(),
                },
            }}
        </section>
    }
}

/// Seven days: opening hours, closures, and how many units are taken when.
#[component]
fn WeekView(
    availability: Availability,
    first: LocalDate,
    hours: crate::shared::hours::OpeningHours,
) -> impl IntoView {
    let i18n = use_i18n();
    let a = availability;
    let zone = a.zone;
    // Anonymous chips for everyone but the owner's members, who see who asked instead.
    let anonymous = a.bookings.is_empty();
    let days: Vec<LocalDate> = (0..DAYS)
        .filter_map(|n| first.checked_add(jiff::Span::new().days(n)).ok())
        .collect();
    view! {
        <ul class="week-view">
            {days.into_iter().map(|day| {
                let start = zone.start_of_day(day);
                let end = day.tomorrow().map(|d| zone.start_of_day(d)).unwrap_or(start);
                let in_day = |r: crate::time::TimeRange| r.start() < end && r.end() > start;
                let closed = a.blocked.iter().any(|b| in_day(*b));
                let busy: Vec<_> = a.busy.iter().filter(|b| in_day(b.range)).copied().collect();
                // The owner's members see who asked (the anonymous chips say the same for others).
                let own: Vec<_> = a.bookings.iter().filter(|b| in_day(b.range)).cloned().collect();
                let open = hours.0[weekday_index(day)];
                let always = hours.is_empty();
                let capacity = a.capacity;
                view! {
                    <li class="week-day">
                        <span class="week-day-name">{move || format_local_date(day, i18n.locale.get())}</span>
                        <span class="week-day-hours">
                            {move || if closed {
                                i18n.t(Msg::AvailabilityBlocked).to_owned()
                            } else if always {
                                i18n.t(Msg::AvailabilityFree).to_owned()
                            } else {
                                match open {
                                    Some((o, c)) => format!("{} – {}", format_clock(o, i18n.locale.get()), format_clock(c, i18n.locale.get())),
                                    None => i18n.t(Msg::AvailabilityBlocked).to_owned(),
                                }
                            }}
                        </span>
                        {(!own.is_empty()).then(|| view! {
                            <ul class="week-day-bookings">
                                {own.into_iter().map(|b| {
                                    let time = move || when_text(b.range, zone, i18n.locale.get()).split_once(", ").map(|(_, t)| t.to_owned()).unwrap_or_default();
                                    view! {
                                        <li>
                                            <A href=Link::Booking(&b.id).href() attr:class="week-booking">
                                                <span>{time}</span>
                                                <span class="muted">{b.requester_org_name.clone()} " × " {b.quantity}</span>
                                                <super::BookingStatusBadge status=b.status/>
                                            </A>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        })}
                        <ul class="week-day-busy">
                            {busy.into_iter().filter(|_| anonymous).map(|b| {
                                let left = capacity.saturating_sub(b.units);
                                view! {
                                    <li class=if left == 0 { "busy-chip busy-full" } else { "busy-chip" }>
                                        <span>{move || when_text(b.range, zone, i18n.locale.get()).split_once(", ").map(|(_, t)| t.to_owned()).unwrap_or_default()}</span>
                                        " · "
                                        <span>{move || if left == 0 {
                                            i18n.t(Msg::AvailabilityBusy).to_owned()
                                        } else {
                                            i18n.tf(Msg::AvailabilityPartly, &[("free", &left.to_string()), ("capacity", &capacity.to_string())])
                                        }}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn RequestForm(
    resource_id: String,
    org_id: String,
    grid: SlotGrid,
    capacity: u32,
    approval: bool,
    today: LocalDate,
    pricing: Pricing,
    zone: Signal<Option<Zone>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    // What the form says so far, for the live price estimate.
    let typed = RwSignal::new(RequestInput::default());
    let on_input = move |ev: leptos::ev::Event| {
        let target = event_target::<leptos::web_sys::HtmlInputElement>(&ev);
        let value = target.value();
        typed.update(|t| match target.name().as_str() {
            "input[date]" => t.date = value,
            "input[end_date]" => t.end_date = value,
            "input[from]" => t.from = value,
            "input[to]" => t.to = value,
            "input[quantity]" => t.quantity = value,
            _ => {}
        });
    };
    let estimate = move || {
        let zone = zone.get()?;
        let valid = typed.read().validate(zone).ok()?;
        Some(price_estimate(&pricing, valid.range, zone, valid.quantity))
    };
    let navigate = use_navigate();
    let action = ServerAction::<RequestBooking>::new();
    let error = action_error(action.value());
    let repeat = RwSignal::new(false);
    Effect::new(move |_| {
        let Some(Ok(outcome)) = action.value().get() else {
            return;
        };
        // A preview writes nothing: its dates show below the form.
        let Some(id) = outcome.booking_id.clone() else {
            return;
        };
        if outcome.series_id.is_some() {
            let count = outcome
                .occurrences
                .iter()
                .filter(|o| o.misfit.is_none())
                .count();
            let msg = if outcome.instant {
                Msg::RequestSeriesConfirmed
            } else {
                Msg::RequestSeriesSent
            };
            toasts.success(i18n.tf(msg, &[("count", &count.to_string())]));
            navigate("/reservations", Default::default());
        } else {
            toasts.success(i18n.t(if outcome.instant {
                Msg::BookingConfirmedToast
            } else {
                Msg::BookingRequestedToast
            }));
            navigate(&Link::Booking(&id).href(), Default::default());
        }
    });
    let preview = move || {
        action
            .value()
            .get()
            .and_then(Result::ok)
            .filter(|o| o.booking_id.is_none())
    };
    let step = match grid {
        SlotGrid::Minutes(m) => u32::from(m),
        SlotGrid::Days => 24 * 60,
    };
    let quantity_hint = i18n.tf(
        Msg::RequestQuantityHint,
        &[("capacity", &capacity.to_string())],
    );
    let whole_days = grid == SlotGrid::Days;
    view! {
        <ActionForm action=action attr:class="form" attr:novalidate=true on:input=on_input on:change=on_input>
            <FormAlert error/>
            <input type="hidden" name="resource_id" value=resource_id/>
            <input type="hidden" name="org_id" value=org_id/>
            {if whole_days {
                view! {
                    <div class="field-row">
                        <DateField label=Msg::RequestFirstDay name="input[date]" field="date" error required=true min=today/>
                        <DateField label=Msg::RequestLastDay name="input[end_date]" field="end_date" error required=true min=today/>
                    </div>
                }.into_any()
            } else {
                view! {
                    <DateField label=Msg::RequestDate name="input[date]" field="date" error required=true min=today/>
                    <div class="field-row">
                        <TimeField label=Msg::RequestFrom name="input[from]" field="from" error required=true step_minutes=step/>
                        <TimeField label=Msg::RequestTo name="input[to]" field="to" error required=true step_minutes=step/>
                    </div>
                    <label class="check">
                        <input type="checkbox" on:change=move |ev| repeat.set(event_target_checked(&ev))/>
                        <span>{i18n.t(Msg::RequestRepeat)}</span>
                    </label>
                    {move || repeat.get().then(|| view! {
                        <DateField label=Msg::RequestRepeatUntil name="input[repeat_until]" field="repeat_until" error required=true min=today/>
                    })}
                }.into_any()
            }}
            {(capacity > 1).then(|| view! {
                <TextField label=Msg::RequestQuantity name="input[quantity]" field="quantity" inputmode="numeric" value="1".to_owned() error/>
                <p class="hint">{quantity_hint.clone()}</p>
            })}
            <TextField label=Msg::RequestPurpose name="input[purpose]" field="purpose" multiline=true maxlength=TEXT_MAX hint=Msg::RequestPurposeHint error/>
            {move || estimate().map(|cents| {
                let amount = if cents == 0 {
                    i18n.t(Msg::BookingPriceFree).to_owned()
                } else {
                    crate::shared::money::format_money(cents, i18n.locale.get())
                };
                let msg = if repeat.get() { Msg::RequestEstimateEach } else { Msg::RequestEstimate };
                view! {
                    <p class="estimate" aria-live="polite">
                        <strong>{i18n.tf(msg, &[("amount", &amount)])}</strong>
                        <span class="muted">{i18n.t(Msg::RequestEstimateNote)}</span>
                    </p>
                }
            })}
            {move || preview().map(|outcome| view! { <SeriesPreview outcome/> })}
            <p class="muted">{i18n.t(if approval { Msg::RequestApprovalNote } else { Msg::RequestInstantNote })}</p>
            <div class="button-row">
                <SubmitButton label=if approval { Msg::RequestSubmitApproval } else { Msg::RequestSubmitInstant } pending=action.pending()/>
                {move || repeat.get().then(|| view! {
                    <button type="submit" name="input[preview]" value="on" class="button button-secondary">
                        {i18n.t(Msg::RequestCheckDates)}
                    </button>
                })}
            </div>
        </ActionForm>
    }
}

/// The dates of a series as they stand: free, or in conflict and why.
#[component]
fn SeriesPreview(outcome: RequestOutcome) -> impl IntoView {
    let i18n = use_i18n();
    let zone = outcome.zone;
    let count = outcome.occurrences.len();
    let free = outcome
        .occurrences
        .iter()
        .filter(|o| o.misfit.is_none())
        .count();
    view! {
        <div class="card series-preview" role="status">
            <h3>{i18n.t(Msg::RequestDatesTitle)}</h3>
            <p>{move || i18n.tf(Msg::RequestSeriesSummary, &[("free", &free.to_string()), ("count", &count.to_string())])}</p>
            <ul class="occurrences">
                {outcome.occurrences.into_iter().map(|o| {
                    let reason = o.misfit.as_deref().and_then(Msg::from_key);
                    let fits = o.misfit.is_none();
                    view! {
                        <li class:occurrence-conflict=!fits>
                            <span>{move || when_text(o.range, zone, i18n.locale.get())}</span>
                            <span class=if fits { "badge status-approved" } else { "badge status-declined" }>
                                {i18n.t(if fits { Msg::RequestOccurrenceFree } else { Msg::RequestOccurrenceConflict })}
                            </span>
                            {reason.map(|m| view! { <span class="muted small">{i18n.t(m)}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}
