//! Pages for signing up and in, recovering a password, confirming an email, and the account.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_query_map},
};

use super::api::{RequestPasswordReset, ResendVerification, ResetPassword, SignUp, UpdateProfile};
use crate::{
    error::AppError,
    i18n::{Msg, use_i18n},
    organizations::api::LeaveOrganization,
    session::{
        SignInRequired,
        api::{SignIn, VerifyEmail},
        use_session,
    },
    ui::{
        DoneNotice, FormAlert, FormPage, Icon, IconName, SubmitButton, TextField, VerifiedBadge,
        action_error, use_toasts,
    },
};

/// A same-site path from `?suivant=`, so a sign-in can return where the person was going.
fn next_path() -> Memo<Option<String>> {
    let query = use_query_map();
    Memo::new(move |_| {
        query
            .read()
            .get("suivant")
            .and_then(|p| crate::accounts::types::safe_next_path(&p))
    })
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SignUp>::new();
    let error = action_error(action.value());
    let next = next_path();
    let sent_to = move || {
        matches!(action.value().get(), Some(Ok(())))
            .then(|| action.input().get().map(|i| i.email))
            .flatten()
    };
    let sign_in_href = move || match next.get() {
        Some(n) => format!(
            "/connexion?suivant={}",
            crate::shared::text::encode_path(&n)
        ),
        None => "/connexion".to_owned(),
    };
    view! {
        <FormPage title=Msg::SignUpTitle own_heading=true>
            <Show
                when=move || matches!(action.value().get(), Some(Ok(())))
                fallback=move || view! {
            <h1>{i18n.t(Msg::SignUpTitle)}</h1>
            <p class="lead-small">{i18n.t(Msg::SignUpLead)}</p>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <FormAlert error/>
                <TextField label=Msg::FieldName name="name" autocomplete="name" error required=true maxlength=100/>
                <EmailField autocomplete="email" error/>
                <PasswordField label=Msg::FieldPassword new=true error/>
                {move || next.get().map(|n| view! { <input type="hidden" name="next" value=n/> })}
                <SubmitButton label=Msg::SignUpSubmit pending=action.pending()/>
            </ActionForm>
            <p class="form-switch">
                {i18n.t(Msg::SignUpHaveAccount)} " "
                <A href=sign_in_href>{i18n.t(Msg::SignUpSignInInstead)}</A>
            </p>
                }
            >
                <div class="empty-state" role="status">
                    <Icon name=IconName::Mail/>
                    <h1>{i18n.t(Msg::SignUpCheckInboxTitle)}</h1>
                    <p>{move || i18n.tf(Msg::SignUpCheckInboxBody, &[("email", &sent_to().unwrap_or_default())])}</p>
                </div>
            </Show>
        </FormPage>
    }
    .into_any()
}

/// The email field of the account forms.
#[component]
fn EmailField(
    /// « email » to sign up or reset, « username » to sign in (password managers pair it).
    autocomplete: &'static str,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    view! { <TextField label=Msg::FieldEmail name="email" kind="email" autocomplete inputmode="email" error required=true/> }
}

/// The password field of the account forms: a `new` one (to sign up or reset) comes with the
/// rules and lets password managers suggest one.
#[component]
fn PasswordField(
    label: Msg,
    #[prop(optional)] new: bool,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    if new {
        view! { <TextField label name="password" kind="password" autocomplete="new-password" hint=Msg::FieldPasswordHint error required=true/> }.into_any()
    } else {
        view! { <TextField label name="password" kind="password" autocomplete="current-password" error required=true/> }.into_any()
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let toasts = use_toasts();
    let action = ServerAction::<SignIn>::new();
    let error = action_error(action.value());
    let next = next_path();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(user)) = action.value().get() {
            session.refresh();
            toasts.success(i18n.tf(Msg::SignInWelcome, &[("name", &user.name)]));
            let target = next
                .get_untracked()
                .unwrap_or_else(|| match user.active_membership() {
                    Some(m) => crate::ui::links::Link::Organization(&m.org_id).href(),
                    None => "/organismes/nouveau".to_owned(),
                });
            navigate(&target, Default::default());
        }
    });
    let sign_up_href = move || match next.get() {
        Some(n) => format!(
            "/inscription?suivant={}",
            crate::shared::text::encode_path(&n)
        ),
        None => "/inscription".to_owned(),
    };
    view! {
        <FormPage title=Msg::SignInTitle>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <FormAlert error/>
                <EmailField autocomplete="username" error/>
                <PasswordField label=Msg::FieldPassword error/>
                <SubmitButton label=Msg::SignInSubmit pending=action.pending()/>
            </ActionForm>
            <p class="form-switch">
                <A href="/mot-de-passe-oublie">{i18n.t(Msg::SignInForgot)}</A>
            </p>
            <p class="form-switch">
                {i18n.t(Msg::SignInNoAccount)} " "
                <A href=sign_up_href>{i18n.t(Msg::SignInSignUpInstead)}</A>
            </p>
        </FormPage>
    }
    .into_any()
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<RequestPasswordReset>::new();
    let error = action_error(action.value());
    let sent = move || matches!(action.value().get(), Some(Ok(())));
    view! {
        <FormPage title=Msg::ForgotTitle>
            <Show
                when=sent
                fallback=move || view! {
                    <p class="lead-small">{i18n.t(Msg::ForgotLead)}</p>
                    <ActionForm action=action attr:class="form" attr:novalidate=true>
                        <FormAlert error/>
                        <EmailField autocomplete="email" error/>
                        <SubmitButton label=Msg::ForgotSubmit pending=action.pending()/>
                    </ActionForm>
                }
            >
                <DoneNotice icon=IconName::Mail message=Msg::ForgotSent/>
                <A href="/connexion" attr:class="button button-secondary">{i18n.t(Msg::NavSignIn)}</A>
            </Show>
        </FormPage>
    }
    .into_any()
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let token = move || query.read().get("jeton").unwrap_or_default();
    let action = ServerAction::<ResetPassword>::new();
    let error = action_error(action.value());
    let done = move || matches!(action.value().get(), Some(Ok(())));
    view! {
        <FormPage title=Msg::ResetTitle>
            <Show
                when=done
                fallback=move || view! {
                    <ActionForm action=action attr:class="form" attr:novalidate=true>
                        <FormAlert error/>
                        <input type="hidden" name="token" value=token/>
                        <PasswordField label=Msg::FieldNewPassword new=true error/>
                        <SubmitButton label=Msg::ResetSubmit pending=action.pending()/>
                    </ActionForm>
                }
            >
                <DoneNotice icon=IconName::Check message=Msg::ResetDone/>
                <A href="/connexion" attr:class="button button-primary">{i18n.t(Msg::NavSignIn)}</A>
            </Show>
        </FormPage>
    }
    .into_any()
}

#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let token = move || query.read().get("jeton").unwrap_or_default();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let next = next_path();
    let action = ServerAction::<VerifyEmail>::new();
    let error = action_error(action.value());
    // Done when the link was used here, or when the page comes back to a confirmed person (the
    // form posted without the browser module: the server sends back to this page).
    let done = move || {
        matches!(action.value().get(), Some(Ok(_)))
            || session.current().is_some_and(|u| u.email_verified)
    };
    let continue_href = move || {
        next.get().unwrap_or_else(|| {
            match session
                .current()
                .and_then(|u| u.active_membership().map(|m| m.org_id.clone()))
            {
                Some(org) => crate::ui::links::Link::Organization(&org).href(),
                None => "/organismes/nouveau".to_owned(),
            }
        })
    };
    // Confirmed and signed in: on to registering an organization (or to the one they have).
    Effect::new(move |_| {
        if let Some(Ok(user)) = action.value().get() {
            session.refresh();
            toasts.success(i18n.tf(Msg::SignUpWelcome, &[("name", &user.name)]));
            let target = next
                .get_untracked()
                .unwrap_or_else(|| match user.active_membership() {
                    Some(m) => crate::ui::links::Link::Organization(&m.org_id).href(),
                    None => "/organismes/nouveau".to_owned(),
                });
            navigate(&target, Default::default());
        }
    });
    view! {
        <FormPage title=Msg::VerifyTitle>
            <Show
                when=done
                fallback=move || view! {
                    <p class="lead-small">{i18n.t(Msg::VerifyLead)}</p>
                    <ActionForm action=action attr:class="form">
                        <FormAlert error/>
                        <input type="hidden" name="token" value=token/>
                        <SubmitButton label=Msg::VerifySubmit pending=action.pending()/>
                    </ActionForm>
                }
            >
                <DoneNotice icon=IconName::Check message=Msg::VerifyDone/>
                <A href=continue_href attr:class="button button-primary">{i18n.t(Msg::VerifyContinue)}</A>
            </Show>
        </FormPage>
    }
    .into_any()
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <Title text=i18n.t(Msg::AccountTitle)/>
        {move || match session.current() {
            None => view! { <SignInRequired/> }.into_any(),
            Some(user) => view! { <AccountDetails user/> }.into_any(),
        }}
    }
}

#[component]
fn AccountDetails(user: crate::session::types::CurrentUser) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let toasts = use_toasts();
    let update = ServerAction::<UpdateProfile>::new();
    let update_error = action_error(update.value());
    let resend = ServerAction::<ResendVerification>::new();
    let leave = ServerAction::<LeaveOrganization>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = update.value().get() {
            session.refresh();
            toasts.success(i18n.t(Msg::AccountSaved));
        }
    });
    crate::ui::toast_outcome(resend.value(), move |()| {
        Some(i18n.t(Msg::AccountVerificationSent).into())
    });
    crate::ui::toast_outcome(leave.value(), move |()| {
        session.refresh();
        Some(i18n.t(Msg::OrgLeft).into())
    });
    let name = user.name.clone();
    let memberships = user.memberships.clone();
    view! {
        <section class="page narrow stack">
            <h1>{i18n.t(Msg::AccountTitle)}</h1>
            <div class="card">
                <h2>{i18n.t(Msg::AccountProfile)}</h2>
                <ActionForm action=update attr:class="form" attr:novalidate=true>
                    <FormAlert error=update_error/>
                    <TextField label=Msg::FieldName name="name" autocomplete="name" value=name error=update_error required=true maxlength=100/>
                    <SubmitButton label=Msg::ActionSave pending=update.pending()/>
                </ActionForm>
            </div>
            <div class="card">
                <h2>{i18n.t(Msg::FieldEmail)}</h2>
                <p class="email-line">
                    <Icon name=IconName::Mail/>
                    <span>{user.email.clone()}</span>
                    {if user.email_verified {
                        view! { <span class="badge badge-ok">{i18n.t(Msg::AccountEmailVerified)}</span> }.into_any()
                    } else {
                        view! { <span class="badge badge-warn">{i18n.t(Msg::AccountEmailUnverified)}</span> }.into_any()
                    }}
                </p>
                {(!user.email_verified).then(|| view! {
                    <p class="hint">{i18n.t(Msg::AccountVerifyHint)}</p>
                    <ActionForm action=resend>
                        <SubmitButton label=Msg::AccountResendVerification pending=resend.pending() secondary=true/>
                    </ActionForm>
                })}
            </div>
            <div class="card">
                <h2>{i18n.t(Msg::AccountOrganizations)}</h2>
                {if memberships.is_empty() {
                    view! {
                        <div class="empty-state small">
                            <p>{i18n.t(Msg::AccountNoOrganizations)}</p>
                            <A href="/organismes/nouveau" attr:class="button button-primary">
                                <Icon name=IconName::Plus/>
                                <span>{i18n.t(Msg::OrgCreate)}</span>
                            </A>
                        </div>
                    }
                    .into_any()
                } else {
                    view! {
                        <ul class="list">
                            {memberships
                                .into_iter()
                                .map(|m| {
                                    let org_id = m.org_id.clone();
                                    let role = m.role.label();
                                    view! {
                                        <li class="list-row">
                                            <div class="list-main">
                                                <A href=crate::ui::links::Link::Organization(&m.org_id).href()>{m.org_name.clone()}</A>
                                                {m.verified.then(|| view! { <VerifiedBadge/> })}
                                                <span class="muted">{move || i18n.t(role)}</span>
                                            </div>
                                            <ActionForm action=leave>
                                                <input type="hidden" name="org_id" value=org_id/>
                                                <button type="submit" class="button button-ghost button-danger">
                                                    <Icon name=IconName::LogOut/>
                                                    <span>{i18n.t(Msg::OrgLeave)}</span>
                                                </button>
                                            </ActionForm>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                    .into_any()
                }}
            </div>
        </section>
    }
    .into_any()
}
