//! An organization's members and invitations: the cards on its page (roles, removal, invite,
//! revoke) and the page that accepts an invitation.

use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_query_map},
};

use crate::organizations::{
    api::{
        AcceptInvitation, ChangeMemberRole, InviteMember, RemoveMember, RevokeInvitation,
        preview_invitation,
    },
    types::{Member, PendingInvitation, Role},
};
use crate::{
    i18n::{Msg, use_i18n},
    session::use_session,
    time::format_date,
    ui::{
        ErrorPanel, FormAlert, FormPage, Icon, IconName, Loading, OptionLabel, SelectField,
        SubmitButton, TextField, VerifiedBadge, action_error, dialog::Dialog, use_toasts,
    },
};

#[component]
pub(super) fn MembersCard(
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
pub(super) fn InvitationsCard(
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
        <FormPage title=Msg::InvitationTitle>
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
        </FormPage>
    }
    .into_any()
}
