//! « Mon catalogue »: what the active organization shares (every status, with its controls),
//! what it seeks, the needs of others its resources could serve, and its match notices.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::{NeedCard, Reasons, ResourceCard};
use crate::{
    catalogue::{
        api::get_org_catalogue,
        resources::types::Category,
        resources::{api::ImportResources, ui::page::ResourceActions},
        types::{Accepted, ImportProblem, ImportReport, OrgCatalogue},
    },
    i18n::I18n,
    i18n::{Locale, Msg, use_i18n},
    notifications::ui::NotificationsCard,
    organizations::types::MembershipSummary,
    session::ActiveOrgGate,
    shared::Region,
    ui::{ErrorPanel, FieldError, Icon, IconName, Loading, use_toasts},
};

#[component]
pub fn MyCataloguePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t(Msg::MyCatalogueTitle)/>
        <ActiveOrgGate title=Msg::MyCatalogueTitle render=|m: MembershipSummary| view! { <OrgCatalogueView org_id=m.org_id org_name=m.org_name/> }.into_any()/>
    }
}

#[component]
fn OrgCatalogueView(org_id: String, org_name: String) -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(0_u32);
    let org = org_id.clone();
    let catalogue = Resource::new(
        move || (org.clone(), version.get()),
        |(id, _)| get_org_catalogue(id),
    );
    let import_org = org_id.clone();
    let reload = move || version.update(|v| *v += 1);
    // Outside the reloaded sections, so an import's report stays on screen after the reload.
    let is_admin = Memo::new(move |_| {
        catalogue
            .get()
            .and_then(Result::ok)
            .is_some_and(|c| c.is_admin)
    });
    view! {
        <section class="page stack">
            <header class="page-header">
                <div>
                    <p class="eyebrow">{org_name}</p>
                    <h1>{i18n.t(Msg::MyCatalogueTitle)}</h1>
                </div>
            </header>
            // What needs attention first: the header's count leads here, and it would not be
            // found below dozens of resources.
            <NotificationsCard org_id=org_id/>
            <Transition fallback=Loading>
                {move || catalogue.get().map(|r| match r {
                    Ok(c) => view! { <CatalogueSections catalogue=c reload/> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                })}
            </Transition>
            <Transition fallback=|| ()>
                <Show when=move || is_admin.get()>
                    <ImportCard org_id=import_org.clone() on_done=reload/>
                </Show>
            </Transition>
        </section>
    }
}

#[component]
fn CatalogueSections(
    catalogue: OrgCatalogue,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let OrgCatalogue {
        is_admin,
        resources,
        needs,
        matching_needs,
        ..
    } = catalogue;
    view! {
        <section class="stack" aria-labelledby="mine-resources">
            <div class="section-header">
                <h2 id="mine-resources"><Icon name=IconName::Box/><span>{i18n.t(Msg::MyResources)}</span></h2>
                {is_admin.then(|| view! {
                    <A href="/ressources/nouvelle" attr:class="button button-primary">
                        <Icon name=IconName::Plus/>
                        <span>{i18n.t(Msg::ResourceNew)}</span>
                    </A>
                })}
            </div>
            {if resources.is_empty() {
                view! {
                    <div class="empty-state card">
                        <p>{move || i18n.t(if is_admin { Msg::MyResourcesEmptyAdmin } else { Msg::MyResourcesEmpty })}</p>
                    </div>
                }.into_any()
            } else {
                view! {
                    <ul class="card-grid">
                        {resources
                            .into_iter()
                            .map(|r| {
                                let (id, status) = (r.id.clone(), r.status);
                                view! {
                                    <li>
                                        <ResourceCard resource=r show_status=true>
                                            {is_admin.then(|| view! {
                                                <div class="card-actions">
                                                    <A href=crate::ui::links::Link::EditResource(&id).href() attr:class="button button-ghost">
                                                        <Icon name=IconName::Edit/>
                                                        <span>{i18n.t(Msg::ResourceEdit)}</span>
                                                    </A>
                                                    <ResourceActions id=id.clone() status on_done=reload/>
                                                </div>
                                            })}
                                        </ResourceCard>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section class="stack" aria-labelledby="mine-matches">
            <h2 id="mine-matches"><Icon name=IconName::Sparkles/><span>{i18n.t(Msg::MyMatchingNeeds)}</span></h2>
            {if matching_needs.is_empty() {
                view! { <div class="empty-state card"><p>{i18n.t(Msg::MyMatchingNeedsEmpty)}</p></div> }.into_any()
            } else {
                view! {
                    <ul class="card-grid">
                        {matching_needs
                            .into_iter()
                            .map(|m| {
                                let title = m.resource_title.clone();
                                view! {
                                    <li>
                                        <NeedCard need=m.need>
                                            <p class="small">{move || i18n.tf(Msg::MatchWithResource, &[("resource", &title)])}</p>
                                            <Reasons reasons=m.reasons/>
                                        </NeedCard>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section class="stack" aria-labelledby="mine-needs">
            <div class="section-header">
                <h2 id="mine-needs"><Icon name=IconName::Search/><span>{i18n.t(Msg::MyNeeds)}</span></h2>
                <A href="/besoins/nouveau" attr:class="button button-secondary">
                    <Icon name=IconName::Plus/>
                    <span>{i18n.t(Msg::NeedNew)}</span>
                </A>
            </div>
            {if needs.is_empty() {
                view! { <div class="empty-state card"><p>{i18n.t(Msg::MyNeedsEmpty)}</p></div> }.into_any()
            } else {
                view! {
                    <ul class="card-grid">
                        {needs.into_iter().map(|n| view! { <li><NeedCard need=n/></li> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// Bulk onboarding: a CSV file, read in the browser and checked row by row on the server.
#[component]
fn ImportCard(org_id: String, on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let file_input = NodeRef::<leptos::html::Input>::new();
    let publish = RwSignal::new(true);
    let reading = RwSignal::new(false);
    let problem = RwSignal::new(None::<Msg>);
    let import = ServerAction::<ImportResources>::new();
    let report = RwSignal::new(None::<ImportReport>);
    Effect::new(move |_| match import.value().get() {
        Some(Ok(r)) => {
            if r.imported > 0 {
                toasts.success(i18n.tf(Msg::ImportDone, &[("count", &r.imported.to_string())]));
                on_done();
            }
            report.set(Some(r));
        }
        Some(Err(e)) => {
            report.set(None);
            problem.set(Some(e.msg()));
        }
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problem.set(None);
        report.set(None);
        #[cfg(not(feature = "hydrate"))]
        let _ = (&org_id, file_input, publish, reading);
        #[cfg(feature = "hydrate")]
        {
            let Some(file) = file_input
                .get()
                .and_then(|input| input.files())
                .and_then(|files| files.get(0))
            else {
                problem.set(Some(Msg::ImportChooseFile));
                return;
            };
            if file.size() > crate::catalogue::import::MAX_BYTES as f64 {
                problem.set(Some(Msg::ErrorCsvTooLarge));
                return;
            }
            let org_id = org_id.clone();
            reading.set(true);
            leptos::task::spawn_local(async move {
                let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
                reading.set(false);
                match text.ok().and_then(|t| t.as_string()) {
                    Some(text) => {
                        import.dispatch(ImportResources {
                            org_id,
                            csv: text,
                            publish: publish.get_untracked().then(|| "on".to_owned()),
                        });
                    }
                    None => problem.set(Some(Msg::ErrorCsvEmpty)),
                }
            });
        }
    };
    let busy = move || reading.get() || import.pending().get();
    view! {
        <section class="card" aria-labelledby="import-title">
            <h2 id="import-title"><Icon name=IconName::Box/><span>{i18n.t(Msg::ImportTitle)}</span></h2>
            <p class="hint">{i18n.t(Msg::ImportHint)}</p>
            <p><a href="/catalogue/modele.csv" download="partage-modele-ressources.csv">{i18n.t(Msg::ImportTemplate)}</a></p>
            <form class="form" on:submit=on_submit>
                <div class="field" class:field-invalid=move || problem.get().is_some()>
                    <label for="import-file">{i18n.t(Msg::ImportFile)}</label>
                    <input
                        id="import-file"
                        type="file"
                        accept=".csv,text/csv"
                        node_ref=file_input
                        aria-describedby="import-problem"
                        aria-invalid=move || problem.get().is_some().then_some("true")
                    />
                    <FieldError id="import-problem" message=problem/>
                </div>
                <label class="check">
                    <input type="checkbox" checked=true prop:checked=move || publish.get() on:change=move |ev| publish.set(event_target_checked(&ev))/>
                    <span>{i18n.t(Msg::ResourcePublishNow)}</span>
                </label>
                <button type="submit" class="button button-secondary" disabled=busy aria-busy=move || busy().then_some("true")>
                    {move || busy().then(|| view! { <span class="spinner" aria-hidden="true"></span> })}
                    <span>{i18n.t(Msg::ImportSubmit)}</span>
                </button>
            </form>
            <div role="status" aria-live="polite">
                {move || report.get().map(|r| view! { <ImportReportView report=r i18n/> })}
            </div>
        </section>
    }
}

#[component]
fn ImportReportView(report: ImportReport, i18n: I18n) -> impl IntoView {
    let refused: Vec<_> = report
        .rows
        .into_iter()
        .filter(|r| !r.problems.is_empty())
        .collect();
    if refused.is_empty() {
        let count = report.imported;
        return view! {
            <p class="alert alert-success">
                <Icon name=IconName::Check/>
                <span>{move || i18n.tf(Msg::ImportDone, &[("count", &count.to_string())])}</span>
            </p>
        }
        .into_any();
    }
    let count = refused.len();
    view! {
        <div class="alert alert-error">
            <Icon name=IconName::Alert/>
            <span>{move || i18n.tf(Msg::ImportRefused, &[("count", &count.to_string())])}</span>
        </div>
        <table class="report">
            <thead>
                <tr>
                    <th scope="col">{i18n.t(Msg::ImportLine)}</th>
                    <th scope="col">{i18n.t(Msg::FieldTitle)}</th>
                    <th scope="col">{i18n.t(Msg::ImportProblem)}</th>
                </tr>
            </thead>
            <tbody>
                {refused
                    .into_iter()
                    .map(|row| {
                        view! {
                            <tr>
                                <td>{row.line}</td>
                                <td>{row.title}</td>
                                <td>
                                    <ul class="problems">
                                        {row.problems.into_iter().map(|p| view! { <ImportProblemItem problem=p i18n/> }).collect_view()}
                                    </ul>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// « Colonne categorie : Choisissez une catégorie. Vous avez écrit « fusée ». Valeurs
/// acceptées : … »
#[component]
fn ImportProblemItem(problem: ImportProblem, i18n: I18n) -> impl IntoView {
    let msg = Msg::from_key(&problem.error).unwrap_or(Msg::ErrorInvalid);
    let accepted = move || {
        let locale = i18n.locale.get();
        let names: Vec<String> = match problem.accepted? {
            Accepted::Categories => Category::ALL
                .iter()
                .map(|c| locale.t(c.label()).to_owned())
                .collect(),
            Accepted::Regions => Region::all().map(|r| r.name().to_owned()).collect(),
            // The words a file may use (either language's are read).
            Accepted::PriceUnits => match locale {
                Locale::Fr => ["gratuit", "heure", "jour", "utilisation", "palette_semaine"],
                Locale::En => ["free", "hour", "day", "use", "pallet_week"],
            }
            .iter()
            .map(|w| (*w).to_owned())
            .collect(),
        };
        Some(i18n.tf(Msg::ImportAccepted, &[("values", &names.join(", "))]))
    };
    let value = problem.value;
    view! {
        <li>
            <strong>{move || i18n.tf(Msg::ImportColumn, &[("column", &problem.column)])}</strong>
            " " {move || i18n.t(msg)}
            {(!value.is_empty()).then(|| view! { " " <span>{move || i18n.tf(Msg::ImportValue, &[("value", &value)])}</span> })}
            {move || accepted().map(|text| view! { " " <span class="muted">{text}</span> })}
        </li>
    }
}
