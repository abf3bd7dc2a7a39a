//! Pages for organizations: create, profile and its edit form (members and invitations:
//! `members.rs`).

mod members;

pub use members::InvitationPage;
use members::{InvitationsCard, MembersCard};

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::{
    api::{CreateOrganization, UpdateOrganization, get_organization},
    types::{OrgKind, Organization, OrganizationDetails, Role},
};
use crate::{
    error::AppError,
    i18n::{Msg, use_i18n},
    session::SignInRequired,
    session::use_session,
    shared::Region,
    time::format_date,
    ui::{
        ErrorPanel, FormAlert, Loading, OptionLabel, SelectField, SubmitButton, TextField,
        VerifiedBadge, action_error, use_toasts,
    },
};

/// The profile fields, shared by the create and edit forms (`input[…]` names).
#[component]
fn OrganizationFields(
    #[prop(optional)] initial: Option<Organization>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let kinds = OrgKind::ALL
        .iter()
        .map(|k| (k.code().to_owned(), OptionLabel::Msg(k.label())))
        .collect::<Vec<_>>();
    let regions = Region::all()
        .map(|r| (r.code_str(), OptionLabel::Text(r.name())))
        .collect::<Vec<_>>();
    let o = initial.unwrap_or(Organization {
        id: String::new(),
        name: String::new(),
        kind: OrgKind::Community,
        region: Region::MONTREAL,
        address: String::new(),
        phone: String::new(),
        website: String::new(),
        description: String::new(),
        neq: None,
        verified: false,
        created_at: crate::time::Instant::default(),
        zone: crate::time::Zone::default(),
    });
    let is_new = o.id.is_empty();
    view! {
        <TextField label=Msg::OrgFieldName name="input[name]" field="name" value=o.name error required=true maxlength=120/>
        <SelectField
            label=Msg::OrgFieldKind
            name="input[kind]"
            field="kind"
            options=kinds
            selected=if is_new { String::new() } else { o.kind.code().to_owned() }
            placeholder=Msg::FieldChoose
            error
            required=true
        />
        <SelectField
            label=Msg::OrgFieldRegion
            name="input[region]"
            field="region"
            options=regions
            selected=if is_new { String::new() } else { o.region.code_str() }
            placeholder=Msg::FieldChoose
            error
            required=true
        />
        <TextField label=Msg::OrgFieldAddress name="input[address]" field="address" autocomplete="street-address" value=o.address error maxlength=300/>
        <div class="field-row">
            <TextField label=Msg::OrgFieldPhone name="input[phone]" field="phone" kind="tel" autocomplete="tel" value=o.phone error/>
            <TextField label=Msg::OrgFieldWebsite name="input[website]" field="website" kind="url" inputmode="url" value=o.website error/>
        </div>
        <TextField label=Msg::OrgFieldDescription name="input[description]" field="description" multiline=true value=o.description error maxlength=5000 hint=Msg::OrgFieldDescriptionHint/>
        <TextField label=Msg::OrgFieldNeq name="input[neq]" field="neq" inputmode="numeric" value=o.neq.unwrap_or_default() error hint=Msg::OrgFieldNeqHint/>
    }
    .into_any()
}

#[component]
pub fn NewOrganizationPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <Title text=i18n.t(Msg::OrgCreateTitle)/>
        {move || match session.current() {
            None => view! { <SignInRequired/> }.into_any(),
            Some(_) => view! { <NewOrganizationForm/> }.into_any(),
        }}
    }
}

#[component]
fn NewOrganizationForm() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let toasts = use_toasts();
    let action = ServerAction::<CreateOrganization>::new();
    let error = action_error(action.value());
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(org)) = action.value().get() {
            session.refresh();
            toasts.success(i18n.tf(Msg::OrgCreated, &[("name", &org.name)]));
            navigate(
                &crate::ui::links::Link::Organization(&org.id).href(),
                Default::default(),
            );
        }
    });
    view! {
        <section class="page narrow">
            <div class="card form-card">
                <h1>{i18n.t(Msg::OrgCreateTitle)}</h1>
                <p class="lead-small">{i18n.t(Msg::OrgCreateLead)}</p>
                <ActionForm action=action attr:class="form" attr:novalidate=true>
                    <FormAlert error/>
                    <OrganizationFields error/>
                    <SubmitButton label=Msg::OrgCreateSubmit pending=action.pending()/>
                </ActionForm>
            </div>
        </section>
    }
    .into_any()
}

#[component]
pub fn OrganizationPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let version = RwSignal::new(0_u32);
    let details = Resource::new(
        move || (id(), version.get()),
        |(id, _)| get_organization(id),
    );
    let reload = move || version.update(|v| *v += 1);
    view! {
        <Transition fallback=Loading>
            {move || details.get().map(|r| match r {
                Ok(d) => view! {
                    <Title text=d.organization.name.clone()/>
                    <OrganizationView details=d reload/>
                }.into_any(),
                Err(AppError::NotFound { .. }) => view! {
                    <Title text=i18n.t(Msg::NotFoundTitle)/>
                    <crate::ui::not_found::NotFoundPage/>
                }.into_any(),
                Err(e) => view! { <section class="page narrow"><ErrorPanel error=e/></section> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn OrganizationView(
    details: OrganizationDetails,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let OrganizationDetails {
        organization: org,
        my_role,
        members,
        invitations,
    } = details;
    let is_admin = my_role == Some(Role::Admin);
    let editing = RwSignal::new(false);
    let kind = org.kind.label();
    let since = org.created_at;
    let facts = org.clone();
    let org_for_edit = org.clone();
    view! {
        <section class="page stack">
            <header class="org-header">
                <div>
                    <p class="eyebrow">{move || i18n.t(kind)} " · " {org.region.name()}</p>
                    <h1 class="org-title">
                        <span>{org.name.clone()}</span>
                        {org.verified.then(|| view! { <VerifiedBadge/> })}
                    </h1>
                    <p class="muted">{move || i18n.tf(Msg::OrgSince, &[("date", &format_date(since, i18n.locale.get()))])}</p>
                </div>
                {is_admin.then(|| view! {
                    <button
                        type="button"
                        class="button button-secondary"
                        aria-expanded=move || editing.get().to_string()
                        aria-controls="org-edit"
                        on:click=move |_| editing.update(|e| *e = !*e)
                    >
                        {move || if editing.get() { i18n.t(Msg::ActionCancel) } else { i18n.t(Msg::OrgEdit) }}
                    </button>
                })}
            </header>
            <Show
                when=move || editing.get()
                fallback=move || view! { <OrganizationFacts org=facts.clone() member=my_role.is_some()/> }
            >
                <EditOrganization org=org_for_edit.clone() on_saved=move || { editing.set(false); reload(); }/>
            </Show>
            {my_role.map(|_| view! { <MembersCard org_id=org.id.clone() members=members.clone() is_admin reload/> })}
            {is_admin.then(|| view! { <InvitationsCard org_id=org.id.clone() invitations=invitations.clone() reload/> })}
        </section>
    }
    .into_any()
}

#[component]
fn OrganizationFacts(org: Organization, member: bool) -> impl IntoView {
    let i18n = use_i18n();
    let has_description = !org.description.is_empty();
    view! {
        <div class="card">
            {if has_description {
                view! { <p class="description">{org.description.clone()}</p> }.into_any()
            } else {
                view! { <p class="muted">{i18n.t(Msg::OrgNoDescription)}</p> }.into_any()
            }}
            <dl class="facts">
                {(!org.website.is_empty()).then(|| view! {
                    <div>
                        <dt>{i18n.t(Msg::OrgFieldWebsite)}</dt>
                        <dd><a href=org.website.clone() rel="noopener noreferrer nofollow" target="_blank">{org.website.clone()}</a></dd>
                    </div>
                })}
                {(member && !org.address.is_empty()).then(|| view! {
                    <div><dt>{i18n.t(Msg::OrgFieldAddress)}</dt><dd>{org.address.clone()}</dd></div>
                })}
                {(member && !org.phone.is_empty()).then(|| view! {
                    <div>
                        <dt>{i18n.t(Msg::OrgFieldPhone)}</dt>
                        <dd><a href=format!("tel:{}", org.phone.replace(' ', ""))>{org.phone.clone()}</a></dd>
                    </div>
                })}
                {org.neq.clone().map(|neq| view! {
                    <div><dt>{i18n.t(Msg::OrgFieldNeq)}</dt><dd>{neq}</dd></div>
                })}
            </dl>
        </div>
    }
    .into_any()
}

#[component]
fn EditOrganization(
    org: Organization,
    on_saved: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let toasts = use_toasts();
    let action = ServerAction::<UpdateOrganization>::new();
    let error = action_error(action.value());
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            toasts.success(i18n.t(Msg::OrgSaved));
            session.refresh();
            on_saved();
        }
    });
    let id = org.id.clone();
    view! {
        <div class="card" id="org-edit">
            <h2>{i18n.t(Msg::OrgEdit)}</h2>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <FormAlert error/>
                <input type="hidden" name="id" value=id/>
                <OrganizationFields initial=org error/>
                <SubmitButton label=Msg::ActionSave pending=action.pending()/>
            </ActionForm>
        </div>
    }
    .into_any()
}
