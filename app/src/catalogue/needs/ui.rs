//! Posting a need, and a need's page with the resources that fit it, ranked, each with its
//! reasons in plain words.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_params_map},
};

use super::{
    api::{CreateNeed, SetNeedStatus, get_need},
    types::{Need, NeedStatus, QuantityUnit},
};
use crate::{
    catalogue::{
        matching::types::ResourceMatch,
        ui::{Reasons, ResourceCard, capitalized, category_options, window_text},
    },
    error::AppError,
    i18n::{Msg, use_i18n},
    organizations::types::MembershipSummary,
    session::ActiveOrgGate,
    session::use_session,
    shared::{Region, hours::WEEKDAYS, money::format_number},
    ui::{
        CheckField, ErrorPanel, FieldError, FormAlert, Icon, IconName, Loading, OptionLabel,
        SelectField, SubmitButton, TextField, VerifiedBadge, action_error,
        pickers::{DateField, TimeField},
        use_toasts,
    },
};

#[component]
pub fn NewNeedPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t(Msg::NeedNewTitle)/>
        <ActiveOrgGate title=Msg::NeedNewTitle render=|m: MembershipSummary| view! { <NewNeedForm org_id=m.org_id org_name=m.org_name/> }.into_any()/>
    }
}

const REGION_NAMES: [&str; 17] = [
    "input[regions][0]",
    "input[regions][1]",
    "input[regions][2]",
    "input[regions][3]",
    "input[regions][4]",
    "input[regions][5]",
    "input[regions][6]",
    "input[regions][7]",
    "input[regions][8]",
    "input[regions][9]",
    "input[regions][10]",
    "input[regions][11]",
    "input[regions][12]",
    "input[regions][13]",
    "input[regions][14]",
    "input[regions][15]",
    "input[regions][16]",
];
const DAY_NAMES: [&str; 7] = [
    "input[mon]",
    "input[tue]",
    "input[wed]",
    "input[thu]",
    "input[fri]",
    "input[sat]",
    "input[sun]",
];

#[component]
fn NewNeedForm(org_id: String, org_name: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let toasts = use_toasts();
    let action = ServerAction::<CreateNeed>::new();
    let error = action_error(action.value());
    let navigate = use_navigate();
    // A need starts today at the earliest (the server accepts any date; this guides the picker).
    let today = crate::time::Zone::Montreal.today();
    Effect::new(move |_| {
        if let Some(Ok(id)) = action.value().get() {
            toasts.success(i18n.t(Msg::NeedCreated));
            session.refresh();
            navigate(
                &crate::ui::links::Link::Need(&id).href(),
                Default::default(),
            );
        }
    });
    let units = QuantityUnit::ALL
        .iter()
        .map(|u| (u.code().to_owned(), OptionLabel::Msg(u.label())))
        .collect::<Vec<_>>();
    let region_error = move || error.get().and_then(|e| e.field_msg("regions"));
    view! {
        <section class="page narrow">
            <div class="card form-card">
                <h1>{i18n.t(Msg::NeedNewTitle)}</h1>
                <p class="lead-small">{move || i18n.tf(Msg::NeedNewLead, &[("org", &org_name)])}</p>
                <ActionForm action=action attr:class="form" attr:novalidate=true>
                    <FormAlert error/>
                    <input type="hidden" name="org_id" value=org_id/>
                    <SelectField label=Msg::FieldCategory name="input[category]" field="category" options=category_options() error required=true placeholder=Msg::FieldChoose/>
                    <TextField label=Msg::FieldTitle name="input[title]" field="title" error required=true maxlength=120 hint=Msg::NeedTitleHint/>
                    <TextField label=Msg::FieldDescription name="input[description]" field="description" multiline=true error maxlength=5000/>
                    <fieldset class="fieldset" aria-describedby="regions-error" class:field-invalid=move || region_error().is_some()>
                        <legend>{i18n.t(Msg::FieldRegions)} <span class="required" aria-hidden="true">" *"</span></legend>
                        <div class="checks checks-columns">
                            {Region::all()
                                .map(|r| {
                                    let index = usize::from(r.code() - 1);
                                    view! {
                                        <label class="check">
                                            <input type="checkbox" name=REGION_NAMES[index] value=r.code_str()/>
                                            <span>{r.name()}</span>
                                        </label>
                                    }
                                })
                                .collect_view()}
                        </div>
                        <FieldError id="regions-error" message=Signal::derive(region_error)/>
                        <CheckField label=Msg::NeedNearby name="input[nearby]" hint=Msg::NeedNearbyHint/>
                    </fieldset>
                    <fieldset class="fieldset">
                        <legend>{i18n.t(Msg::NeedWhen)}</legend>
                        <p class="hint">{i18n.t(Msg::NeedWhenHint)}</p>
                        <div class="field-row">
                            <DateField label=Msg::FieldStartsOn name="input[starts_on]" field="starts_on" error min=today/>
                            <DateField label=Msg::FieldEndsOn name="input[ends_on]" field="ends_on" error min=today/>
                        </div>
                        <div class="checks checks-inline" role="group" aria-label=i18n.t(Msg::NeedWeekdays)>
                            {(0..7)
                                .map(|d| view! {
                                    <label class="check">
                                        <input type="checkbox" name=DAY_NAMES[d] value="on"/>
                                        <span>{move || capitalized(i18n.t(WEEKDAYS[d]))}</span>
                                    </label>
                                })
                                .collect_view()}
                        </div>
                        <div class="field-row">
                            <TimeField label=Msg::FilterFrom name="input[from_time]" field="from_time" error/>
                            <TimeField label=Msg::FilterTo name="input[to_time]" field="to_time" error/>
                        </div>
                    </fieldset>
                    <div class="field-row">
                        <TextField label=Msg::FieldQuantity name="input[quantity]" field="quantity" inputmode="numeric" value="1".to_owned() error/>
                        <SelectField label=Msg::FieldQuantityUnit name="input[quantity_unit]" field="quantity_unit" options=units selected="units".to_owned() error/>
                    </div>
                    <SubmitButton label=Msg::NeedPublish pending=action.pending()/>
                </ActionForm>
            </div>
        </section>
    }
    .into_any()
}

#[component]
pub fn NeedDetailPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let version = RwSignal::new(0_u32);
    let page = Resource::new(move || (id(), version.get()), |(id, _)| get_need(id));
    let reload = move || version.update(|v| *v += 1);
    view! {
        <Transition fallback=Loading>
            {move || page.get().map(|r| match r {
                Ok(p) => view! {
                    <Title text=p.need.title.clone()/>
                    <NeedView need=p.need can_edit=p.can_edit matches=p.matches reload/>
                }.into_any(),
                Err(AppError::NotFound { .. }) => view! { <crate::ui::not_found::NotFoundPage/> }.into_any(),
                Err(e) => view! { <section class="page narrow"><ErrorPanel error=e/></section> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn NeedView(
    need: Need,
    can_edit: bool,
    matches: Vec<ResourceMatch>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let category = need.category;
    let window = need.window.clone();
    let quantity = (need.quantity, need.quantity_unit);
    let regions: Vec<&'static str> = need.regions.iter().map(|r| r.name()).collect();
    let nearby = need.nearby;
    let status = need.status;
    let has_description = !need.description.is_empty();
    let count = matches.len();
    view! {
        <section class="page stack">
            <nav class="breadcrumbs" aria-label=i18n.t(Msg::BreadcrumbLabel)>
                <A href="/besoins">{i18n.t(Msg::NeedsTitle)}</A>
                <span aria-hidden="true">" › "</span>
                <span>{move || i18n.t(category.label())}</span>
            </nav>
            <header class="org-header">
                <div>
                    <p class="eyebrow"><Icon name=category.icon()/> " " {move || i18n.t(category.label())}</p>
                    <h1>{need.title.clone()}</h1>
                    <p class="resource-owner">
                        <A href=crate::ui::links::Link::Organization(&need.org_id).href()>{need.org_name.clone()}</A>
                        {need.org_verified.then(|| view! { <VerifiedBadge/> })}
                    </p>
                    <span class=if status == NeedStatus::Open { "badge badge-ok" } else { "badge badge-muted" }>
                        {move || i18n.t(status.label())}
                    </span>
                </div>
            </header>
            {can_edit.then(|| view! { <NeedOwnerBar id=need.id.clone() status reload/> })}
            <div class="card">
                {if has_description {
                    view! { <p class="description">{need.description.clone()}</p> }.into_any()
                } else {
                    ().into_any()
                }}
                <dl class="facts">
                    <div><dt>{i18n.t(Msg::FieldRegions)}</dt><dd>
                        {regions.join(", ")}
                        {nearby.then(|| view! { <span class="muted">" · " {move || i18n.t(Msg::NeedNearbyShown)}</span> })}
                    </dd></div>
                    <div><dt>{i18n.t(Msg::NeedWhen)}</dt><dd>{move || window_text(&window, i18n.locale.get())}</dd></div>
                    <div>
                        <dt>{i18n.t(Msg::FieldQuantity)}</dt>
                        <dd>{move || format!("{} {}", format_number(i64::from(quantity.0), i18n.locale.get()), i18n.t(quantity.1.label()))}</dd>
                    </div>
                </dl>
            </div>
            {(status == NeedStatus::Open && !can_edit).then(|| view! {
                <div class="card cta-card">
                    <A href=crate::ui::links::Link::NewConversation("need", &need.id).href() attr:class="button button-primary button-large">
                        <Icon name=IconName::Message/>
                        <span>{i18n.t(Msg::InboxOfferResource)}</span>
                    </A>
                    <p class="muted small">{i18n.t(Msg::InboxOfferResourceHint)}</p>
                </div>
            })}
            {(status == NeedStatus::Open).then(|| view! {
                <section class="stack" aria-labelledby="matches-title">
                    <h2 id="matches-title">
                        <Icon name=IconName::Sparkles/>
                        <span>{move || i18n.tf(Msg::MatchesTitle, &[("count", &count.to_string())])}</span>
                    </h2>
                    {if matches.is_empty() {
                        view! {
                            <div class="empty-state card">
                                <p>{i18n.t(Msg::MatchesEmpty)}</p>
                                <A href="/catalogue" attr:class="button button-secondary">{i18n.t(Msg::MatchesBrowse)}</A>
                            </div>
                        }.into_any()
                    } else {
                        view! {
                            <ul class="card-grid">
                                {matches
                                    .into_iter()
                                    .map(|m| view! {
                                        <li>
                                            <ResourceCard resource=m.resource>
                                                <Reasons reasons=m.reasons/>
                                            </ResourceCard>
                                        </li>
                                    })
                                    .collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
            })}
        </section>
    }
    .into_any()
}

#[component]
fn NeedOwnerBar(
    id: String,
    status: NeedStatus,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetNeedStatus>::new();
    crate::ui::toast_outcome(action.value(), move |()| {
        reload();
        Some(i18n.t(Msg::NeedStatusSaved).into())
    });
    let choices: Vec<(NeedStatus, Msg)> = match status {
        NeedStatus::Open => vec![
            (NeedStatus::Fulfilled, Msg::NeedMarkFulfilled),
            (NeedStatus::Closed, Msg::NeedClose),
        ],
        _ => vec![(NeedStatus::Open, Msg::NeedReopen)],
    };
    view! {
        <div class="owner-bar card">
            <p class="muted small">{i18n.t(Msg::NeedOwnerHint)}</p>
            <div class="button-row">
                {choices
                    .into_iter()
                    .map(|(next, label)| {
                        let id = id.clone();
                        view! {
                            <ActionForm action=action attr:class="inline-form">
                                <input type="hidden" name="id" value=id/>
                                <input type="hidden" name="status" value=next.code()/>
                                <button type="submit" class="button button-secondary" disabled=move || action.pending().get()>
                                    {move || i18n.t(label)}
                                </button>
                            </ActionForm>
                        }
                    })
                    .collect_view()}
            </div>
        </div>
    }
}
