//! Pages for organizations: create, profile and members, invitations.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_params_map, use_query_map},
};

use super::{
    api::{
        AcceptInvitation, ChangeMemberRole, CreateOrganization, InviteMember, RemoveMember,
        RevokeInvitation, UpdateOrganization, get_organization, preview_invitation,
    },
    types::{Member, OrgKind, Organization, OrganizationDetails, PendingInvitation, Role},
};
use crate::{
    accounts::session::use_session,
    accounts::ui::SignInRequired,
    error::AppError,
    i18n::{Msg, use_i18n},
    shared::Region,
    time::format_date,
    ui::{
        ErrorPanel, FormAlert, Icon, IconName, Loading, OptionLabel, SelectField, SubmitButton,
        TextField, VerifiedBadge, action_error, dialog::Dialog, use_toasts,
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

#[component]
fn MembersCard(
    org_id: String,
    members: Vec<Member>,
    is_admin: bool,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let remove = ServerAction::<RemoveMember>::new();
    let change = ServerAction::<ChangeMemberRole>::new();
    crate::ui::toast_outcome(remove.value(), move |()| {
        session.refresh();
        reload();
        Some(i18n.t(Msg::OrgMemberRemoved).into())
    });
    crate::ui::toast_outcome(change.value(), move |()| {
        session.refresh();
        reload();
        Some(i18n.t(Msg::OrgRoleChanged).into())
    });
    let count = members.len();
    // Your own row offers no actions: you leave from the account page instead.
    let me = session.current_untracked().map(|u| u.id);
    view! {
        <div class="card">
            <h2>
                <Icon name=IconName::Users/>
                <span>{move || i18n.tf(Msg::OrgMembersTitle, &[("count", &count.to_string())])}</span>
            </h2>
            <ul class="list">
                {members
                    .into_iter()
                    .map(|m| {
                        let role = m.role;
                        let other_role = if role == Role::Admin { Role::Member } else { Role::Admin };
                        let (org_a, org_b) = (org_id.clone(), org_id.clone());
                        let (user_a, user_b) = (m.user_id.clone(), m.user_id.clone());
                        let joined = m.joined_at;
                        // Removing someone asks first (in a dialog); without WASM the form
                        // posts at once.
                        let confirm = RwSignal::new(false);
                        let (org_c, user_c) = (StoredValue::new(org_id.clone()), StoredValue::new(m.user_id.clone()));
                        let name = m.name.clone();
                        let dialog_id = format!("retirer-{}", m.user_id);
                        view! {
                            <li class="list-row">
                                <div class="list-main">
                                    <strong>{m.name.clone()}</strong>
                                    <span class="muted">{m.email.clone()}</span>
                                    <span class="muted small">{move || i18n.tf(Msg::OrgMemberSince, &[("date", &format_date(joined, i18n.locale.get()))])}</span>
                                </div>
                                <span class=if role == Role::Admin { "badge badge-admin" } else { "badge" }>{move || i18n.t(role.label())}</span>
                                {(is_admin && me.as_deref() != Some(m.user_id.as_str())).then(|| view! {
                                    <div class="row-actions">
                                        <ActionForm action=change>
                                            <input type="hidden" name="org_id" value=org_a/>
                                            <input type="hidden" name="user_id" value=user_a/>
                                            <input type="hidden" name="role" value=other_role.code()/>
                                            <button type="submit" class="button button-ghost">
                                                {move || if other_role == Role::Admin { i18n.t(Msg::OrgMakeAdmin) } else { i18n.t(Msg::OrgMakeMember) }}
                                            </button>
                                        </ActionForm>
                                        <ActionForm action=remove>
                                            <input type="hidden" name="org_id" value=org_b/>
                                            <input type="hidden" name="user_id" value=user_b/>
                                            <button
                                                type="submit"
                                                class="button button-ghost button-danger"
                                                aria-haspopup="dialog"
                                                on:click=move |ev| {
                                                    ev.prevent_default();
                                                    confirm.set(true);
                                                }
                                            >
                                                {i18n.t(Msg::OrgRemoveMember)}
                                            </button>
                                        </ActionForm>
                                        <Dialog open=confirm id=dialog_id title=i18n.t(Msg::OrgRemoveMemberTitle).to_owned()>
                                            <p>{i18n.tf(Msg::OrgRemoveMemberConfirm, &[("name", &name)])}</p>
                                            <ActionForm action=remove>
                                                <input type="hidden" name="org_id" value=org_c.get_value()/>
                                                <input type="hidden" name="user_id" value=user_c.get_value()/>
                                                <div class="button-row dialog-actions">
                                                    <button type="button" class="button button-secondary" on:click=move |_| confirm.set(false)>
                                                        {i18n.t(Msg::ActionCancel)}
                                                    </button>
                                                    <button type="submit" class="button button-danger-solid">
                                                        {i18n.t(Msg::OrgRemoveMember)}
                                                    </button>
                                                </div>
                                            </ActionForm>
                                        </Dialog>
                                    </div>
                                })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
    }
    .into_any()
}

#[component]
fn InvitationsCard(
    org_id: String,
    invitations: Vec<PendingInvitation>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let invite = ServerAction::<InviteMember>::new();
    let invite_error = action_error(invite.value());
    let revoke = ServerAction::<RevokeInvitation>::new();
    let form_ref = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = invite.value().get() {
            toasts.success(i18n.t(Msg::OrgInvitationSent));
            if let Some(form) = form_ref.get() {
                form.reset();
            }
            reload();
        }
    });
    crate::ui::toast_outcome(revoke.value(), move |()| {
        reload();
        Some(i18n.t(Msg::OrgInvitationRevoked).into())
    });
    let roles = vec![
        (
            Role::Member.code().to_owned(),
            OptionLabel::Msg(Msg::RoleMember),
        ),
        (
            Role::Admin.code().to_owned(),
            OptionLabel::Msg(Msg::RoleAdmin),
        ),
    ];
    let has_pending = !invitations.is_empty();
    let org_for_form = org_id.clone();
    view! {
        <div class="card">
            <h2><Icon name=IconName::Mail/><span>{i18n.t(Msg::OrgInviteTitle)}</span></h2>
            <ActionForm action=invite node_ref=form_ref attr:class="form" attr:novalidate=true>
                <FormAlert error=invite_error/>
                <input type="hidden" name="org_id" value=org_for_form/>
                <div class="field-row">
                    <TextField label=Msg::FieldEmail name="email" kind="email" inputmode="email" autocomplete="off" error=invite_error required=true/>
                    <SelectField label=Msg::OrgFieldRole name="role" options=roles selected="member".to_owned() error=invite_error/>
                </div>
                <SubmitButton label=Msg::OrgInviteSubmit pending=invite.pending()/>
            </ActionForm>
            {has_pending.then(|| view! {
                <h3>{i18n.t(Msg::OrgPendingInvitations)}</h3>
                <ul class="list">
                    {invitations.into_iter().map(|inv| {
                        let org = org_id.clone();
                        let expires = inv.expires_at;
                        let role = inv.role.label();
                        view! {
                            <li class="list-row">
                                <div class="list-main">
                                    <strong>{inv.email.clone()}</strong>
                                    <span class="muted small">
                                        {move || i18n.t(role)} " · "
                                        {move || i18n.tf(Msg::OrgInvitationExpires, &[("date", &format_date(expires, i18n.locale.get()))])}
                                    </span>
                                </div>
                                <ActionForm action=revoke>
                                    <input type="hidden" name="org_id" value=org/>
                                    <input type="hidden" name="invitation_id" value=inv.id.clone()/>
                                    <button type="submit" class="button button-ghost button-danger">{i18n.t(Msg::OrgRevokeInvitation)}</button>
                                </ActionForm>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </div>
    }
    .into_any()
}

#[component]
pub fn InvitationPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let token = Memo::new(move |_| query.read().get("jeton").unwrap_or_default());
    let preview = Resource::new(move || token.get(), preview_invitation);
    let accept = ServerAction::<AcceptInvitation>::new();
    let accept_error = action_error(accept.value());
    let navigate = use_navigate();
    let toasts = use_toasts();
    Effect::new(move |_| {
        if let Some(Ok(org_id)) = accept.value().get() {
            session.refresh();
            toasts.success(i18n.t(Msg::InvitationAccepted));
            navigate(
                &crate::ui::links::Link::Organization(&org_id).href(),
                Default::default(),
            );
        }
    });
    view! {
        <Title text=i18n.t(Msg::InvitationTitle)/>
        <section class="page narrow">
            <div class="card form-card">
                <h1>{i18n.t(Msg::InvitationTitle)}</h1>
                <Transition fallback=Loading>
                    {move || preview.get().map(|r| match r {
                        Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                        Ok(p) => {
                            let role = p.role.label();
                            let (org_name, email) = (p.org_name.clone(), p.email.clone());
                            let next = crate::ui::links::Link::Invitation(&token.get_untracked()).href();
                            view! {
                                <p class="lead-small">
                                    {move || i18n.tf(Msg::InvitationLead, &[("org", &org_name), ("role", i18n.t(role))])}
                                    {p.org_verified.then(|| view! { " " <VerifiedBadge/> })}
                                </p>
                                <p class="muted">{move || i18n.tf(Msg::InvitationFor, &[("email", &email)])}</p>
                                {move || match session.current() {
                                    Some(_) => view! {
                                        <ActionForm action=accept attr:class="form">
                                            <FormAlert error=accept_error/>
                                            <input type="hidden" name="token" value=token.get()/>
                                            <SubmitButton label=Msg::InvitationAccept pending=accept.pending()/>
                                        </ActionForm>
                                    }.into_any(),
                                    None => {
                                        view! {
                                            <p>{i18n.t(Msg::InvitationSignInFirst)}</p>
                                            <div class="button-row">
                                                <A href=crate::ui::links::Link::SignUpThen(&next).href() attr:class="button button-primary">{i18n.t(Msg::NavSignUp)}</A>
                                                <A href=crate::ui::links::Link::SignInThen(&next).href() attr:class="button button-secondary">{i18n.t(Msg::NavSignIn)}</A>
                                            </div>
                                        }.into_any()
                                    }
                                }}
                            }.into_any()
                        }
                    })}
                </Transition>
            </div>
        </section>
    }
    .into_any()
}
