//! Pages of the catalogue and the needs board, and the pieces they share: resource and need
//! cards, facts, prices, match reasons.

pub mod mine;

use leptos::prelude::*;
use leptos_router::components::A;

use super::{
    matching::types::MatchReason,
    needs::types::{Need, NeedWindow},
    resources::types::{Attr, Category, PriceUnit, ResourceStatus, ResourceSummary},
};
use crate::{
    i18n::{Locale, Msg, use_i18n},
    shared::{
        Region,
        hours::{WEEKDAYS, format_clock},
        money::{format_money, format_number},
    },
    ui::{Icon, IconName, VerifiedBadge},
};

/// « 25,00 $ / h », « Gratuit ».
pub fn price_text(unit: PriceUnit, cents: i64, locale: Locale) -> String {
    match unit {
        PriceUnit::Free => locale.t(Msg::PriceFree).to_owned(),
        unit => {
            let suffix = match unit {
                PriceUnit::Hour => Msg::PriceSuffixHour,
                PriceUnit::Day => Msg::PriceSuffixDay,
                PriceUnit::Use => Msg::PriceSuffixUse,
                _ => Msg::PriceSuffixPalletWeek,
            };
            format!("{} {}", format_money(cents, locale), locale.t(suffix))
        }
    }
}

/// The few facts worth showing on a card: « 4 postes », « 6 palettes », « Réfrigéré ».
pub fn short_facts(s: &ResourceSummary, locale: Locale) -> Vec<String> {
    let a = &s.attributes;
    let n = |v: u32| format_number(i64::from(v), locale);
    let mut out = Vec::new();
    for attr in s.category.attributes() {
        let fact = match attr {
            Attr::WorkStations => a
                .work_stations
                .map(|v| locale.tf(Msg::FactStations, &[("n", &n(v))])),
            Attr::PalletSpots => a
                .pallet_spots
                .map(|v| locale.tf(Msg::FactPallets, &[("n", &n(v))])),
            Attr::Seats => a.seats.map(|v| locale.tf(Msg::FactSeats, &[("n", &n(v))])),
            Attr::AreaM2 => a.area_m2.map(|v| locale.tf(Msg::FactArea, &[("n", &n(v))])),
            Attr::PayloadKg => a
                .payload_kg
                .map(|v| locale.tf(Msg::FactPayload, &[("n", &n(v))])),
            Attr::HoursPerWeek => a
                .hours_per_week
                .map(|v| locale.tf(Msg::FactHoursPerWeek, &[("n", &n(v))])),
            Attr::Refrigerated => a
                .refrigerated
                .then(|| locale.t(Msg::FactRefrigerated).to_owned()),
            Attr::MapaqPermit => a.mapaq_permit.then(|| locale.t(Msg::FactMapaq).to_owned()),
            Attr::Temperature => temperature_text(a.temp_min_c, a.temp_max_c, locale),
            _ => None,
        };
        out.extend(fact);
    }
    out.truncate(3);
    out
}

/// « 2 °C à 4 °C », « 4 °C max. ».
pub fn temperature_text(min: Option<i32>, max: Option<i32>, locale: Locale) -> Option<String> {
    let deg = |v: i32| format!("{v}\u{a0}°C");
    match (min, max) {
        (Some(a), Some(b)) => Some(locale.tf(
            Msg::FactTemperatureRange,
            &[("min", &deg(a)), ("max", &deg(b))],
        )),
        (Some(a), None) => Some(locale.tf(Msg::FactTemperatureMin, &[("min", &deg(a))])),
        (None, Some(b)) => Some(locale.tf(Msg::FactTemperatureMax, &[("max", &deg(b))])),
        (None, None) => None,
    }
}

/// « lundi » / "Monday".
pub fn weekday_name(day: usize, locale: Locale) -> &'static str {
    locale.t(WEEKDAYS[day.min(6)])
}

/// First letter up (« Lundi »), for table rows.
pub fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

/// A match reason in words: « Même région », « Ouvert le jeudi de 8 h à 12 h ».
pub fn reason_text(reason: &MatchReason, locale: Locale) -> String {
    match reason {
        MatchReason::SameRegion => locale.t(Msg::ReasonSameRegion).to_owned(),
        MatchReason::NeighbourRegion { region } => {
            locale.tf(Msg::ReasonNeighbourRegion, &[("region", region.name())])
        }
        MatchReason::Refrigerated => locale.t(Msg::ReasonRefrigerated).to_owned(),
        MatchReason::EnoughCapacity { quantity, unit } => locale.tf(
            Msg::ReasonEnoughCapacity,
            &[
                ("n", &format_number(i64::from(*quantity), locale)),
                ("unit", locale.t(unit.label())),
            ],
        ),
        MatchReason::OpenDuring { weekday, from, to } => locale.tf(
            Msg::ReasonOpenDuring,
            &[
                ("day", weekday_name(usize::from(*weekday), locale)),
                ("from", &format_clock(*from, locale)),
                ("to", &format_clock(*to, locale)),
            ],
        ),
        MatchReason::Free => locale.t(Msg::ReasonFree).to_owned(),
        MatchReason::VerifiedOwner => locale.t(Msg::ReasonVerifiedOwner).to_owned(),
    }
}

/// « Jeudis, 8 h – 12 h · du 3 au 24 décembre » in words.
pub fn window_text(w: &NeedWindow, locale: Locale) -> String {
    let mut parts = Vec::new();
    let days: Vec<&str> = w.weekday_list().map(|d| weekday_name(d, locale)).collect();
    if !days.is_empty() {
        parts.push(locale.tf(Msg::NeedWindowDays, &[("days", &days.join(", "))]));
    }
    if let (Some(a), Some(b)) = (w.from_minute, w.to_minute) {
        parts.push(format!(
            "{} – {}",
            format_clock(a, locale),
            format_clock(b, locale)
        ));
    }
    match (&w.starts_on, &w.ends_on) {
        (Some(a), Some(b)) => parts.push(locale.tf(
            Msg::NeedWindowBetween,
            &[
                ("from", &crate::time::format_iso_date(a, locale)),
                ("to", &crate::time::format_iso_date(b, locale)),
            ],
        )),
        (Some(a), None) => parts.push(locale.tf(
            Msg::NeedWindowFrom,
            &[("from", &crate::time::format_iso_date(a, locale))],
        )),
        (None, Some(b)) => parts.push(locale.tf(
            Msg::NeedWindowUntil,
            &[("to", &crate::time::format_iso_date(b, locale))],
        )),
        (None, None) => {}
    }
    if parts.is_empty() {
        locale.t(Msg::NeedWindowAnytime).to_owned()
    } else {
        capitalized(&parts.join(" · "))
    }
}

/// Category options for selects.
pub fn category_options() -> Vec<(String, crate::ui::OptionLabel)> {
    Category::ALL
        .iter()
        .map(|c| (c.code().to_owned(), crate::ui::OptionLabel::Msg(c.label())))
        .collect()
}

pub fn region_options() -> Vec<(String, crate::ui::OptionLabel)> {
    Region::all()
        .map(|r| (r.code_str(), crate::ui::OptionLabel::Text(r.name())))
        .collect()
}

/// A status pill: colour plus a word, never colour alone.
#[component]
pub fn StatusBadge(status: ResourceStatus) -> impl IntoView {
    let i18n = use_i18n();
    let class = match status {
        ResourceStatus::Published => "badge badge-ok",
        ResourceStatus::Draft => "badge",
        ResourceStatus::Paused => "badge badge-warn",
        ResourceStatus::Archived => "badge badge-muted",
    };
    view! { <span class=class>{move || i18n.t(status.label())}</span> }
}

/// A resource in a list: what it is, whose, where, at what price.
#[component]
pub fn ResourceCard(
    resource: ResourceSummary,
    #[prop(optional)] show_status: bool,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    let r = resource;
    let category = r.category;
    let facts = r.clone();
    let price = (r.price_unit, r.price_cents);
    let cover = r.cover.clone();
    let has_photo = cover.is_some();
    view! {
        <article class="card resource-card" class:has-photo=has_photo>
            {match cover {
                Some(c) => view! {
                    <img
                        class="resource-card-photo"
                        src=super::photos::photo_url(&c.id, super::photos::PhotoSize::Thumb)
                        alt=c.alt
                        width=super::photos::THUMB_WIDTH
                        height=super::photos::THUMB_HEIGHT
                        loading="lazy"
                    />
                }.into_any(),
                // No photo yet: the category's picture, so every card of a grid has one.
                None => view! {
                    <div class=format!("resource-card-photo resource-card-art art-{}", category.code()) aria-hidden="true">
                        <Icon name=category.icon()/>
                    </div>
                }.into_any(),
            }}
            <div class="resource-card-head">
                <span class="category-chip">
                    <Icon name=category.icon()/>
                    <span>{move || i18n.t(category.label())}</span>
                </span>
                {show_status.then(|| view! { <StatusBadge status=r.status/> })}
            </div>
            <h3 class="resource-card-title">
                <A href=crate::ui::links::Link::Resource(&r.id).href()>{r.title.clone()}</A>
            </h3>
            <p class="resource-card-org">
                <span>{r.org_name.clone()}</span>
                {r.org_verified.then(|| view! { <VerifiedBadge/> })}
            </p>
            <p class="resource-card-meta">
                <span class="meta-item"><Icon name=IconName::MapPin/><span>{r.region.name()}</span></span>
                <span class="meta-item"><Icon name=IconName::Tag/><span>{move || price_text(price.0, price.1, i18n.locale.get())}</span></span>
            </p>
            <ul class="chips" aria-label=i18n.t(Msg::ResourceFacts)>
                {move || short_facts(&facts, i18n.locale.get())
                    .into_iter()
                    .map(|f| view! { <li class="chip">{f}</li> })
                    .collect_view()}
            </ul>
            {children.map(|c| c())}
        </article>
    }
}

/// A need in a list.
#[component]
pub fn NeedCard(need: Need, #[prop(optional)] children: Option<Children>) -> impl IntoView {
    let i18n = use_i18n();
    let category = need.category;
    let window = need.window.clone();
    let quantity = (need.quantity, need.quantity_unit);
    let regions: Vec<&'static str> = need.regions.iter().map(|r| r.name()).collect();
    let status = need.status;
    view! {
        <article class="card resource-card need-card">
            <div class="resource-card-head">
                <span class="category-chip">
                    <Icon name=category.icon()/>
                    <span>{move || i18n.t(category.label())}</span>
                </span>
                {(status != crate::catalogue::needs::types::NeedStatus::Open).then(|| view! {
                    <span class="badge badge-muted">{move || i18n.t(status.label())}</span>
                })}
            </div>
            <h3 class="resource-card-title">
                <A href=crate::ui::links::Link::Need(&need.id).href()>{need.title.clone()}</A>
            </h3>
            <p class="resource-card-org">
                <span>{need.org_name.clone()}</span>
                {need.org_verified.then(|| view! { <VerifiedBadge/> })}
            </p>
            <p class="resource-card-meta">
                <span class="meta-item"><Icon name=IconName::MapPin/><span>{regions.join(", ")}</span></span>
                {(quantity != (1, crate::catalogue::needs::types::QuantityUnit::Units)).then(|| view! {
                    <span class="meta-item">
                        <Icon name=IconName::Box/>
                        <span>{move || format!("{} {}", format_number(i64::from(quantity.0), i18n.locale.get()), i18n.t(quantity.1.label()))}</span>
                    </span>
                })}
            </p>
            <p class="resource-card-meta">
                <span class="meta-item"><Icon name=IconName::Clock/><span>{move || window_text(&window, i18n.locale.get())}</span></span>
            </p>
            {children.map(|c| c())}
        </article>
    }
}

/// Why something matches, as a list of short checks.
#[component]
pub fn Reasons(reasons: Vec<MatchReason>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="reasons" aria-label=i18n.t(Msg::MatchWhy)>
            {reasons
                .into_iter()
                .map(|r| view! {
                    <li><Icon name=IconName::Check/><span>{move || reason_text(&r, i18n.locale.get())}</span></li>
                })
                .collect_view()}
        </ul>
    }
}
