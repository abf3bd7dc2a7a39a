//! The public catalogue and the needs board: a search form whose state lives in the URL (so a
//! search can be shared and the back button works), and paged results. Both render on the
//! server, so they are readable before the WASM arrives.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::{A, Form},
    hooks::use_query_map,
};

use crate::{
    catalogue::{
        needs::{api::search_needs, types::NeedQuery},
        resources::{
            api::search_resources,
            query::{ActiveFilter, COUNT_CAP, ResourceQuery, SortOrder, parse_date},
        },
        ui::{NeedCard, ResourceCard, category_options, region_options},
    },
    i18n::{Msg, use_i18n},
    organizations::types::Role,
    session::use_session,
    shared::{
        hours::{clock_value, format_clock},
        money::format_number,
    },
    time::format_local_date,
    ui::{
        ErrorPanel, Icon, IconName, Loading, OptionLabel, SelectField,
        list::{ListHeader, ResultList},
    },
};

/// A select bound to a URL parameter (GET forms): the shared labelled select, never in error.
#[component]
fn FilterSelect(
    label: Msg,
    name: &'static str,
    options: Vec<(String, OptionLabel)>,
    selected: String,
    any: Msg,
) -> impl IntoView {
    view! {
        <SelectField label name options selected error=Signal::stored(None) placeholder=any/>
    }
}

#[component]
fn FilterCheck(label: Msg, name: &'static str, checked: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="check">
            <input type="checkbox" name=name value="1" checked=checked/>
            <span>{move || i18n.t(label)}</span>
        </label>
    }
}

#[component]
fn FilterNumber(label: Msg, name: &'static str, value: Option<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("filter-{name}");
    view! {
        <div class="field">
            <label for=id.clone()>{move || i18n.t(label)}</label>
            <input id=id name=name type="number" min="1" inputmode="numeric" value=value.map(|v| v.to_string())/>
        </div>
    }
}

/// Whether the person acts for an organization they administer (to offer « Proposer »).
fn acts_as_admin() -> impl Fn() -> bool + Copy {
    let session = use_session();
    move || {
        session
            .current()
            .and_then(|u| u.active_membership().map(|m| m.role == Role::Admin))
            .unwrap_or(false)
    }
}

#[component]
pub fn CataloguePage() -> impl IntoView {
    let i18n = use_i18n();
    let query_map = use_query_map();
    let query = Memo::new(move |_| {
        let params = query_map.read();
        ResourceQuery::from_params(|k| params.get(k))
    });
    let results = Resource::new(move || query.get(), search_resources);
    let can_offer = acts_as_admin();
    // The field a change came from: the form is drawn anew for the new URL, and the person
    // stays where they were.
    let refocus = StoredValue::new(None::<String>);
    view! {
        <Title text=i18n.t(Msg::CatalogueTitle)/>
        <section class="page stack">
            <ListHeader title=Msg::CatalogueTitle lead=Msg::CatalogueLead action_href="/ressources/nouvelle" action_label=Msg::ResourceNew can_act=Signal::derive(can_offer)/>
            {move || {
                let q = query.get();
                view! { <CatalogueFilters query=q.clone() refocus/> <FilterChips query=q/> }
            }}
            <Transition fallback=Loading>
                {move || results.get().map(|r| match r {
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    Ok(found) if found.items.is_empty() => view! {
                        <div class="empty-state card">
                            <Icon name=IconName::Search/>
                            <h2>{i18n.t(Msg::CatalogueEmptyTitle)}</h2>
                            <p>{i18n.t(Msg::CatalogueEmptyBody)}</p>
                            <div class="button-row">
                                <A href="/catalogue" attr:class="button button-secondary">{i18n.t(Msg::CatalogueClearFilters)}</A>
                                <A href="/besoins/nouveau" attr:class="button button-primary">{i18n.t(Msg::NeedNew)}</A>
                            </div>
                        </div>
                    }.into_any(),
                    Ok(found) => {
                        let q = query.get_untracked();
                        let cards = found.items.into_iter().map(|r| view! { <ResourceCard resource=r/> }.into_any()).collect();
                        view! {
                            <ResultList total=found.total count=(Msg::CatalogueCountOne, Msg::CatalogueCountMany) more=(Msg::CatalogueCountMore, COUNT_CAP) cards page=found.page pages=found.pages
                                href=move |p| format!("/catalogue?{}", q.to_query_string(p))/>
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}

/// The catalogue's search form: a plain GET form, so it works without the WASM and fills the URL.
/// A filter applies as soon as it changes (the words wait for Enter or the button); on a phone,
/// « Plus de filtres » ends with a button that applies them and folds the panel away.
#[component]
fn CatalogueFilters(query: ResourceQuery, refocus: StoredValue<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let more_open = query.free_only
        || query.refrigerated
        || query.mapaq
        || query.min_pallets.is_some()
        || query.min_stations.is_some()
        || query.min_seats.is_some()
        || query.date.is_some()
        || query.sort != SortOrder::Newest;
    let category = query
        .category
        .map(|c| c.code().to_owned())
        .unwrap_or_default();
    let region = query.region.map(|r| r.code_str()).unwrap_or_default();
    let by_relevance = !query.q.is_empty();
    let more = NodeRef::<leptos::html::Details>::new();
    Effect::new(move |_| {
        if let Some(id) = refocus.get_value() {
            refocus.set_value(None);
            focus_by_id(&id);
        }
    });
    let on_change = move |ev: leptos::ev::Event| {
        use leptos::wasm_bindgen::JsCast;
        let target = ev
            .target()
            .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok());
        let id = target.map(|t| t.id()).unwrap_or_default();
        if id == "catalogue-q" {
            return;
        }
        refocus.set_value(Some(id));
        if let Some(form) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<leptos::web_sys::HtmlFormElement>().ok())
        {
            let _ = form.request_submit();
        }
    };
    view! {
        <Form action="/catalogue" method="get" attr:class="card search-form" attr:role="search" on:change=on_change>
            <div class="search-row">
                <label for="catalogue-q" class="visually-hidden">{i18n.t(Msg::CatalogueSearchLabel)}</label>
                <input
                    id="catalogue-q"
                    type="search"
                    name="q"
                    value=query.q.clone()
                    placeholder=i18n.t(Msg::CatalogueSearchPlaceholder)
                    maxlength="200"
                    autocomplete="off"
                    enterkeyhint="search"
                />
                <button type="submit" class="button button-primary">
                    <Icon name=IconName::Search/>
                    <span>{i18n.t(Msg::ActionSearch)}</span>
                </button>
            </div>
            <div class="field-row">
                <FilterSelect label=Msg::FieldCategory name="categorie" options=category_options() selected=category any=Msg::FilterAnyCategory/>
                <FilterSelect label=Msg::FieldRegion name="region" options=region_options() selected=region any=Msg::FilterAnyRegion/>
            </div>
            <details class="more-filters" open=more_open node_ref=more>
                <summary>{i18n.t(Msg::FilterMore)}</summary>
                <div class="checks">
                    <FilterCheck label=Msg::FilterFreeOnly name="gratuit" checked=query.free_only/>
                    <FilterCheck label=Msg::FilterRefrigerated name="refrigere" checked=query.refrigerated/>
                    <FilterCheck label=Msg::FilterMapaq name="mapaq" checked=query.mapaq/>
                </div>
                <div class="field-row field-row-3">
                    <FilterNumber label=Msg::FilterMinPallets name="palettes" value=query.min_pallets/>
                    <FilterNumber label=Msg::FilterMinStations name="postes" value=query.min_stations/>
                    <FilterNumber label=Msg::FilterMinSeats name="places" value=query.min_seats/>
                </div>
                <fieldset class="fieldset">
                    <legend>{i18n.t(Msg::FilterAvailableLegend)}</legend>
                    <div class="field-row field-row-3">
                        <div class="field">
                            <label for="filter-date">{i18n.t(Msg::FilterDate)}</label>
                            <input id="filter-date" type="date" name="date" value=query.date.clone()/>
                        </div>
                        <div class="field">
                            <label for="filter-from">{i18n.t(Msg::FilterFrom)}</label>
                            <input id="filter-from" type="time" name="de" value=query.from_minute.map(clock_value)/>
                        </div>
                        <div class="field">
                            <label for="filter-to">{i18n.t(Msg::FilterTo)}</label>
                            <input id="filter-to" type="time" name="a" value=query.to_minute.map(clock_value)/>
                        </div>
                    </div>
                </fieldset>
                <div class="field">
                    <label for="filter-sort">{i18n.t(Msg::FilterSort)}</label>
                    <select id="filter-sort" name="tri">
                        <option value="" selected=query.sort == SortOrder::Newest>
                            {i18n.t(if by_relevance { Msg::SortRelevance } else { Msg::SortNewest })}
                        </option>
                        <option value="proximite" selected=query.sort == SortOrder::Nearest>{i18n.t(Msg::SortNearest)}</option>
                    </select>
                </div>
                <button
                    type="submit"
                    class="button button-primary narrow-only filters-apply"
                    on:click=move |_| {
                        if let Some(more) = more.get_untracked() {
                            more.set_open(false);
                        }
                    }
                >
                    {i18n.t(Msg::FilterApply)}
                </button>
            </details>
        </Form>
    }
}

/// Moves the keyboard focus to the element with this id, when there is one.
fn focus_by_id(id: &str) {
    use leptos::wasm_bindgen::JsCast;
    if let Some(element) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

/// The search's filters as chips, each a link to the same search without it, and « Effacer
/// les filtres » whenever there is one.
#[component]
fn FilterChips(query: ResourceQuery) -> impl IntoView {
    let i18n = use_i18n();
    let filters = query.active_filters();
    if filters.iter().all(|f| matches!(f, ActiveFilter::Words(_))) {
        return ().into_any();
    }
    let href = |q: &ResourceQuery| match q.to_query_string(1) {
        rest if rest.is_empty() => "/catalogue".to_owned(),
        rest => format!("/catalogue?{rest}"),
    };
    let clear = href(&query.words_only());
    view! {
        <div class="filter-chips" aria-label=i18n.t(Msg::FilterActive) role="group">
            <ul class="chips">
                {filters
                    .into_iter()
                    .filter(|f| !matches!(f, ActiveFilter::Words(_)))
                    .map(|filter| {
                        let href = href(&query.without(&filter));
                        let filter = StoredValue::new(filter);
                        let text = move || filter.with_value(|f| chip_text(f, i18n.locale.get()));
                        let label = move || i18n.tf(Msg::FilterRemove, &[("filter", &text())]);
                        view! {
                            <li>
                                <A href=href attr:class="chip chip-removable" attr:aria-label=label>
                                    <span>{text}</span>
                                    <Icon name=IconName::Close/>
                                </A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <A href=clear attr:class="button button-ghost button-small">{i18n.t(Msg::FilterClear)}</A>
        </div>
    }
    .into_any()
}

/// A filter in words: « Congélateur », « Palettes (au moins) : 2 », « 3 déc. 2026, 8 h – 12 h ».
fn chip_text(filter: &ActiveFilter, locale: crate::i18n::Locale) -> String {
    let at_least = |label: Msg, n: u32| {
        format!(
            "{} : {}",
            locale.t(label),
            format_number(i64::from(n), locale)
        )
    };
    match filter {
        ActiveFilter::Words(words) => words.clone(),
        ActiveFilter::Category(c) => locale.t(c.label()).to_owned(),
        ActiveFilter::Region(r) => r.name().to_owned(),
        ActiveFilter::FreeOnly => locale.t(Msg::FilterFreeOnly).to_owned(),
        ActiveFilter::Refrigerated => locale.t(Msg::FilterRefrigerated).to_owned(),
        ActiveFilter::Mapaq => locale.t(Msg::FilterMapaq).to_owned(),
        ActiveFilter::MinPallets(n) => at_least(Msg::FilterMinPallets, *n),
        ActiveFilter::MinStations(n) => at_least(Msg::FilterMinStations, *n),
        ActiveFilter::MinSeats(n) => at_least(Msg::FilterMinSeats, *n),
        ActiveFilter::Slot { date, from, to } => {
            let day = parse_date(date)
                .map(|d| format_local_date(d, locale))
                .unwrap_or_else(|| date.clone());
            match (from, to) {
                (Some(a), Some(b)) => format!(
                    "{day}, {} – {}",
                    format_clock(*a, locale),
                    format_clock(*b, locale)
                ),
                (Some(a), None) => format!("{day}, {}", format_clock(*a, locale)),
                _ => day,
            }
        }
        ActiveFilter::Nearest => locale.t(Msg::SortNearest).to_owned(),
    }
}

#[component]
pub fn NeedsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query_map = use_query_map();
    let query = Memo::new(move |_| {
        let params = query_map.read();
        NeedQuery::from_params(|k| params.get(k))
    });
    let results = Resource::new(move || query.get(), search_needs);
    let has_org = move || {
        session
            .current()
            .is_some_and(|u| u.active_membership().is_some())
    };
    view! {
        <Title text=i18n.t(Msg::NeedsTitle)/>
        <section class="page stack">
            <ListHeader title=Msg::NeedsTitle lead=Msg::NeedsLead action_href="/besoins/nouveau" action_label=Msg::NeedNew can_act=Signal::derive(has_org)/>
            {move || {
                let q = query.get();
                let category = q.category.map(|c| c.code().to_owned()).unwrap_or_default();
                let region = q.region.map(|r| r.code_str()).unwrap_or_default();
                view! {
                    <Form action="/besoins" method="get" attr:class="card search-form" attr:role="search">
                        <div class="search-row">
                            <label for="needs-q" class="visually-hidden">{i18n.t(Msg::NeedsSearchLabel)}</label>
                            <input id="needs-q" type="search" name="q" value=q.q.clone() maxlength="200"
                                placeholder=i18n.t(Msg::NeedsSearchPlaceholder) enterkeyhint="search"/>
                            <button type="submit" class="button button-primary">
                                <Icon name=IconName::Search/>
                                <span>{i18n.t(Msg::ActionSearch)}</span>
                            </button>
                        </div>
                        <div class="field-row">
                            <FilterSelect label=Msg::FieldCategory name="categorie" options=category_options() selected=category any=Msg::FilterAnyCategory/>
                            <FilterSelect label=Msg::FieldRegion name="region" options=region_options() selected=region any=Msg::FilterAnyRegion/>
                        </div>
                    </Form>
                }
            }}
            <Transition fallback=Loading>
                {move || results.get().map(|r| match r {
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    Ok(found) if found.items.is_empty() => view! {
                        <div class="empty-state card">
                            <Icon name=IconName::Sparkles/>
                            <h2>{i18n.t(Msg::NeedsEmptyTitle)}</h2>
                            <p>{i18n.t(Msg::NeedsEmptyBody)}</p>
                            <A href="/besoins/nouveau" attr:class="button button-primary">{i18n.t(Msg::NeedNew)}</A>
                        </div>
                    }.into_any(),
                    Ok(found) => {
                        let q = query.get_untracked();
                        let cards = found.items.into_iter().map(|n| view! { <NeedCard need=n/> }.into_any()).collect();
                        view! {
                            <ResultList total=found.total count=(Msg::NeedsCountOne, Msg::NeedsCountMany) cards page=found.page pages=found.pages href=move |p| {
                                let mut parts = Vec::new();
                                if !q.q.is_empty() { parts.push(format!("q={}", crate::shared::text::encode_component(&q.q))); }
                                if let Some(c) = q.category { parts.push(format!("categorie={}", c.code())); }
                                if let Some(r) = q.region { parts.push(format!("region={}", r.code_str())); }
                                parts.push(format!("page={p}"));
                                format!("/besoins?{}", parts.join("&"))
                            }/>
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}
