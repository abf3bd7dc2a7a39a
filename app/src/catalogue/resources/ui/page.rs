//! One resource: photos, facts, price, rules, a two-week preview of when it is open, and
//! the owner's controls (edit, publish, pause, duplicate, archive). A little over 400 lines:
//! each section is its own component, kept beside the page that orders them.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_params_map},
};

use crate::{
    catalogue::{
        photos::ui::PhotoGallery,
        resources::{
            api::{DuplicateResource, SetResourceStatus, get_resource},
            types::{Attr, ResourceDetails, ResourceStatus},
        },
        ui::{StatusBadge, capitalized, price_text, temperature_text, weekday_name},
    },
    error::AppError,
    i18n::{Locale, Msg, use_i18n},
    shared::{hours::format_clock, money::format_number},
    ui::{ErrorPanel, Icon, IconName, Loading, VerifiedBadge},
};

#[component]
pub fn ResourceDetailPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let version = RwSignal::new(0_u32);
    let page = Resource::new(move || (id(), version.get()), |(id, _)| get_resource(id));
    let reload = move || version.update(|v| *v += 1);
    // The booking card's week, created here (outside the Transition) so the server and the
    // browser make their resources in the same order.
    let week = crate::bookings::ui::Week::new(id);
    view! {
        <Transition fallback=Loading>
            {move || page.get().map(|r| match r {
                Ok(p) => view! {
                    <Title text=p.resource.content.title.clone()/>
                    <ResourceView resource=p.resource can_edit=p.can_edit today=p.today reload week/>
                }.into_any(),
                Err(AppError::NotFound { .. }) => view! { <crate::ui::not_found::NotFoundPage/> }.into_any(),
                Err(e) => view! { <section class="page narrow"><ErrorPanel error=e/></section> }.into_any(),
            })}
        </Transition>
    }
}

/// The facts of a resource's category, as a definition list.
fn fact_rows(r: &ResourceDetails, locale: Locale) -> Vec<(Msg, String)> {
    let a = &r.content.attributes;
    let n = |v: u32| format_number(i64::from(v), locale);
    let yes_no = |b: bool| locale.t(if b { Msg::Yes } else { Msg::No }).to_owned();
    let mut rows = Vec::new();
    for attr in r.content.category.attributes() {
        let row = match attr {
            Attr::AreaM2 => a
                .area_m2
                .map(|v| (Msg::FieldAreaM2, format!("{}\u{a0}m²", n(v)))),
            Attr::WorkStations => a.work_stations.map(|v| (Msg::FieldWorkStations, n(v))),
            Attr::MapaqPermit => Some((Msg::FieldMapaqPermit, yes_no(a.mapaq_permit))),
            Attr::Equipment => {
                (!a.equipment.is_empty()).then(|| (Msg::FieldEquipment, a.equipment.clone()))
            }
            Attr::Temperature => temperature_text(a.temp_min_c, a.temp_max_c, locale)
                .map(|t| (Msg::FieldTemperature, t)),
            Attr::PalletSpots => a.pallet_spots.map(|v| (Msg::FieldPalletSpots, n(v))),
            Attr::Refrigerated => Some((Msg::FieldRefrigerated, yes_no(a.refrigerated))),
            Attr::PayloadKg => a
                .payload_kg
                .map(|v| (Msg::FieldPayloadKg, format!("{}\u{a0}kg", n(v)))),
            Attr::VolumeM3 => a
                .volume_m3
                .map(|v| (Msg::FieldVolumeM3, format!("{}\u{a0}m³", n(v)))),
            Attr::LicenceClass => (!a.licence_class.is_empty())
                .then(|| (Msg::FieldLicenceClass, a.licence_class.clone())),
            Attr::Seats => a.seats.map(|v| (Msg::FieldSeats, n(v))),
            Attr::Skill => (!a.skill.is_empty()).then(|| (Msg::FieldSkill, a.skill.clone())),
            Attr::HoursPerWeek => a
                .hours_per_week
                .map(|v| (Msg::FieldHoursPerWeek, format!("{}\u{a0}h", n(v)))),
        };
        rows.extend(row);
    }
    if r.content.rules.capacity > 1 {
        rows.push((Msg::FieldCapacity, n(r.content.rules.capacity)));
    }
    rows
}

/// The booking rules in words.
fn rule_rows(r: &ResourceDetails, locale: Locale) -> Vec<(Msg, String)> {
    let hours = |m: u32| {
        let h = f64::from(m) / 60.0;
        let text = if m.is_multiple_of(60) {
            (m / 60).to_string()
        } else if locale == Locale::Fr {
            format!("{h:.1}").replace('.', ",")
        } else {
            format!("{h:.1}")
        };
        locale.tf(Msg::DurationHours, &[("n", &text)])
    };
    let mut rows = vec![(
        Msg::FieldBookingMode,
        locale
            .t(if r.content.rules.approval_required {
                Msg::BookingModeApproval
            } else {
                Msg::BookingModeInstant
            })
            .to_owned(),
    )];
    if let Some(m) = r.content.rules.min_minutes {
        rows.push((Msg::FieldMinHours, hours(m)));
    }
    if let Some(m) = r.content.rules.max_minutes {
        rows.push((Msg::FieldMaxHours, hours(m)));
    }
    if r.content.rules.lead_hours > 0 {
        rows.push((Msg::FieldLeadHours, hours(r.content.rules.lead_hours * 60)));
    }
    if r.content.rules.buffer_minutes > 0 {
        rows.push((
            Msg::FieldBufferMinutes,
            locale.tf(
                Msg::DurationMinutes,
                &[("n", &r.content.rules.buffer_minutes.to_string())],
            ),
        ));
    }
    if r.content.pricing.deposit_cents > 0 {
        rows.push((
            Msg::FieldDeposit,
            crate::shared::money::format_money(r.content.pricing.deposit_cents, locale),
        ));
    }
    rows
}

#[component]
fn ResourceView(
    resource: ResourceDetails,
    can_edit: bool,
    today: crate::time::LocalDate,
    reload: impl Fn() + Copy + Send + Sync + 'static,
    week: crate::bookings::ui::Week,
) -> impl IntoView {
    let i18n = use_i18n();
    let r = resource;
    let category = r.content.category;
    let price = (r.content.pricing.unit, r.content.pricing.price_cents);
    let facts = r.clone();
    let rules = r.clone();
    let booking = r.clone();
    let hours = r.content.rules.opening_hours.clone();
    let is_published = r.status == ResourceStatus::Published;
    let has_description = !r.content.description.is_empty();
    view! {
        <section class="page stack">
            <nav class="breadcrumbs" aria-label=i18n.t(Msg::BreadcrumbLabel)>
                <A href="/catalogue">{i18n.t(Msg::CatalogueTitle)}</A>
                <span aria-hidden="true">" › "</span>
                <span>{move || i18n.t(category.label())}</span>
            </nav>
            <header class="org-header">
                <div>
                    <p class="eyebrow">
                        <Icon name=category.icon()/>
                        " " {move || i18n.t(category.label())} " · " {r.content.region.name()}
                    </p>
                    <h1>{r.content.title.clone()}</h1>
                    <p class="resource-owner">
                        <A href=crate::ui::links::Link::Organization(&r.org_id).href()>{r.org_name.clone()}</A>
                        {r.org_verified.then(|| view! { <VerifiedBadge/> })}
                    </p>
                    {(!is_published).then(|| view! { <StatusBadge status=r.status/> })}
                </div>
                <p class="price-tag">
                    <Icon name=IconName::Tag/>
                    <span>{move || price_text(price.0, price.1, i18n.locale.get())}</span>
                </p>
            </header>
            {can_edit.then(|| view! { <OwnerBar id=r.id.clone() status=r.status reload/> })}
            <div class="two-columns">
                <div class="stack">
                    {if !r.photos.is_empty() {
                        view! { <PhotoGallery photos=r.photos.clone()/> }.into_any()
                    } else if can_edit {
                        view! {
                            <div class="card photo-cta">
                                <Icon name=IconName::Image/>
                                <p>{i18n.t(Msg::PhotoNoneYetOwner)}</p>
                                <A href=crate::ui::links::Link::ResourcePhotos(&r.id).href() attr:class="button button-secondary">
                                    <Icon name=IconName::Plus/><span>{i18n.t(Msg::PhotoManage)}</span>
                                </A>
                            </div>
                        }.into_any()
                    } else {
                        ().into_any()
                    }}
                    <div class="card">
                        <h2>{i18n.t(Msg::ResourceAbout)}</h2>
                        {if has_description {
                            view! { <p class="description">{r.content.description.clone()}</p> }.into_any()
                        } else {
                            view! { <p class="muted">{i18n.t(Msg::ResourceNoDescription)}</p> }.into_any()
                        }}
                        <dl class="facts">
                            {move || fact_rows(&facts, i18n.locale.get())
                                .into_iter()
                                .map(|(label, value)| view! {
                                    <div><dt>{i18n.t(label)}</dt><dd>{value}</dd></div>
                                })
                                .collect_view()}
                        </dl>
                    </div>
                    <div class="card">
                        <h2><Icon name=IconName::Calendar/><span>{i18n.t(Msg::ResourceAvailability)}</span></h2>
                        <p class="muted small">{i18n.t(Msg::ResourceAvailabilityHint)}</p>
                        <AvailabilityPreview hours=hours today/>
                    </div>
                    {(!r.content.address.is_empty() || !r.content.access_notes.is_empty()).then(|| view! {
                        <div class="card card-private">
                            <h2><Icon name=IconName::Lock/><span>{i18n.t(Msg::ResourcePrivate)}</span></h2>
                            <p class="muted small">{i18n.t(Msg::ResourcePrivateHint)}</p>
                            <dl class="facts">
                                {(!r.content.address.is_empty()).then(|| view! {
                                    <div><dt>{i18n.t(Msg::FieldAddress)}</dt><dd>{r.content.address.clone()}</dd></div>
                                })}
                                {(!r.content.access_notes.is_empty()).then(|| view! {
                                    <div><dt>{i18n.t(Msg::FieldAccessNotes)}</dt><dd class="description">{r.content.access_notes.clone()}</dd></div>
                                })}
                            </dl>
                        </div>
                    })}
                </div>
                <aside class="stack">
                    <div class="card">
                        <h2>{i18n.t(Msg::ResourceConditions)}</h2>
                        <dl class="facts facts-compact">
                            {move || rule_rows(&rules, i18n.locale.get())
                                .into_iter()
                                .map(|(label, value)| view! {
                                    <div><dt>{i18n.t(label)}</dt><dd>{value}</dd></div>
                                })
                                .collect_view()}
                        </dl>
                    </div>
                    {is_published.then(|| view! { <crate::bookings::ui::RequestCard resource=booking.clone() today week/> })}
                    {(is_published && !can_edit).then(|| view! {
                        <div class="card cta-card">
                            <A href=crate::ui::links::Link::NewConversation("resource", &r.id).href() attr:class="button button-secondary button-large">
                                <Icon name=IconName::Message/>
                                <span>{i18n.t(Msg::ResourceWriteOwner)}</span>
                            </A>
                            <p class="muted small">{i18n.t(Msg::ResourceWriteOwnerHint)}</p>
                        </div>
                    })}
                </aside>
            </div>
        </section>
    }
    .into_any()
}

/// « 24 novembre » from « 2026-11-24 ».
fn day_month(iso: &str, locale: Locale) -> String {
    match crate::time::parse_local_date(iso) {
        Some(date) => crate::time::format_local_day_month(date, locale),
        None => iso.to_owned(),
    }
}

/// A day of the preview: its date, weekday and hours (none: closed).
type PreviewDay = (String, usize, Option<(u16, u16)>);

/// The next fourteen days and when the resource is open on each (bookings will show here too).
#[component]
fn AvailabilityPreview(
    hours: crate::shared::hours::OpeningHours,
    today: crate::time::LocalDate,
) -> impl IntoView {
    let i18n = use_i18n();
    let days: Vec<PreviewDay> = today
        .series(jiff::Span::new().days(1))
        .take(14)
        .map(|date| {
            let weekday = crate::time::weekday_index(date);
            let open = if hours.is_empty() {
                Some((0, 0))
            } else {
                hours.0[weekday]
            };
            (crate::time::iso_date(date), weekday, open)
        })
        .collect();
    view! {
        <ol class="availability">
            {days
                .into_iter()
                .map(|(iso, weekday, open)| {
                    let closed = open.is_none();
                    let iso_label = iso.clone();
                    view! {
                        <li class="availability-day" class:availability-closed=closed>
                            <span class="availability-date">
                                {move || {
                                    let locale = i18n.locale.get();
                                    format!("{} {}", capitalized(weekday_name(weekday, locale)), day_month(&iso_label, locale))
                                }}
                            </span>
                            <span class="availability-hours">
                                {move || {
                                    let locale = i18n.locale.get();
                                    match open {
                                        None => locale.t(Msg::AvailabilityClosed).to_owned(),
                                        Some((0, 0)) => locale.t(Msg::AvailabilityOnRequest).to_owned(),
                                        Some((a, b)) => format!("{} – {}", format_clock(a, locale), format_clock(b, locale)),
                                    }
                                }}
                            </span>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// The owner's controls on a resource page.
#[component]
fn OwnerBar(
    id: String,
    status: ResourceStatus,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="owner-bar card">
            <p class="muted small">{i18n.t(Msg::ResourceOwnerHint)}</p>
            <div class="button-row">
                <A href=crate::ui::links::Link::EditResource(&id).href() attr:class="button button-secondary">
                    <Icon name=IconName::Edit/>
                    <span>{i18n.t(Msg::ResourceEdit)}</span>
                </A>
                <A href=crate::ui::links::Link::ResourcePhotos(&id).href() attr:class="button button-secondary">
                    <Icon name=IconName::Image/>
                    <span>{i18n.t(Msg::PhotoManage)}</span>
                </A>
                <ResourceActions id=id.clone() status on_done=reload/>
            </div>
        </div>
    }
}

/// Publish / pause / archive / duplicate buttons for one resource, with toasts.
#[component]
pub fn ResourceActions(
    id: String,
    status: ResourceStatus,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let set_status = ServerAction::<SetResourceStatus>::new();
    let duplicate = ServerAction::<DuplicateResource>::new();
    // The input is cleared once the action settles: remember the asked status while it runs.
    let asked = StoredValue::new(None::<ResourceStatus>);
    Effect::new(move |_| {
        if let Some(input) = set_status.input().get() {
            asked.set_value(Some(input.status));
        }
    });
    crate::ui::toast_outcome(set_status.value(), move |()| {
        let msg = match asked.get_value() {
            Some(ResourceStatus::Published) => Msg::ResourcePublished,
            Some(ResourceStatus::Paused) => Msg::ResourcePaused,
            Some(ResourceStatus::Archived) => Msg::ResourceArchived,
            _ => Msg::ResourceSaved,
        };
        on_done();
        Some(i18n.t(msg).into())
    });
    crate::ui::toast_outcome(duplicate.value(), move |new_id| {
        navigate(
            &crate::ui::links::Link::EditResource(&new_id).href(),
            Default::default(),
        );
        Some(i18n.t(Msg::ResourceDuplicated).into())
    });
    let buttons: Vec<(ResourceStatus, Msg, IconName)> = match status {
        ResourceStatus::Published => vec![
            (ResourceStatus::Paused, Msg::ResourcePause, IconName::Pause),
            (
                ResourceStatus::Archived,
                Msg::ResourceArchive,
                IconName::Archive,
            ),
        ],
        ResourceStatus::Draft | ResourceStatus::Paused => vec![
            (
                ResourceStatus::Published,
                Msg::ResourcePublish,
                IconName::Play,
            ),
            (
                ResourceStatus::Archived,
                Msg::ResourceArchive,
                IconName::Archive,
            ),
        ],
        ResourceStatus::Archived => {
            vec![(ResourceStatus::Draft, Msg::ResourceRestore, IconName::Play)]
        }
    };
    let dup_id = id.clone();
    view! {
        {buttons
            .into_iter()
            .map(|(next, label, icon)| {
                let id = id.clone();
                view! {
                    <ActionForm action=set_status attr:class="inline-form">
                        <input type="hidden" name="id" value=id/>
                        <input type="hidden" name="status" value=next.code()/>
                        <button type="submit" class="button button-ghost" disabled=move || set_status.pending().get()>
                            <Icon name=icon/>
                            <span>{move || i18n.t(label)}</span>
                        </button>
                    </ActionForm>
                }
            })
            .collect_view()}
        <ActionForm action=duplicate attr:class="inline-form">
            <input type="hidden" name="id" value=dup_id/>
            <button type="submit" class="button button-ghost" disabled=move || duplicate.pending().get()>
                <Icon name=IconName::Copy/>
                <span>{i18n.t(Msg::ResourceDuplicate)}</span>
            </button>
        </ActionForm>
    }
}
