//! Every page but the home page loads its code on demand: the browser fetches a page's WASM
//! chunk when it is first visited (`cargo leptos build --split`), so a phone's first load
//! carries only the frame and the home page. The server renders every page in full as usual.

use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

use crate::{
    accounts::ui::{
        AccountPage, ForgotPasswordPage, ResetPasswordPage, SignInPage, SignUpPage, VerifyEmailPage,
    },
    admin::ui::AdminPage,
    organizations::ui::{InvitationPage, NewOrganizationPage, OrganizationPage},
};

pub struct SignUpRoute;

#[lazy_route]
impl LazyRoute for SignUpRoute {
    fn data() -> Self {
        SignUpRoute
    }
    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <SignUpPage/> }.into_any()
    }
}

pub struct SignInRoute;

#[lazy_route]
impl LazyRoute for SignInRoute {
    fn data() -> Self {
        SignInRoute
    }
    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <SignInPage/> }.into_any()
    }
}

pub struct ForgotPasswordRoute;

#[lazy_route]
impl LazyRoute for ForgotPasswordRoute {
    fn data() -> Self {
        ForgotPasswordRoute
    }
    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <ForgotPasswordPage/> }.into_any()
    }
}

pub struct ResetPasswordRoute;

#[lazy_route]
impl LazyRoute for ResetPasswordRoute {
    fn data() -> Self {
        ResetPasswordRoute
    }
    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <ResetPasswordPage/> }.into_any()
    }
}

pub struct VerifyEmailRoute;

#[lazy_route]
impl LazyRoute for VerifyEmailRoute {
    fn data() -> Self {
        VerifyEmailRoute
    }
    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <VerifyEmailPage/> }.into_any()
    }
}

pub struct AccountRoute;

#[lazy_route]
impl LazyRoute for AccountRoute {
    fn data() -> Self {
        AccountRoute
    }
    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <AccountPage/> }.into_any()
    }
}

pub struct InvitationRoute;

#[lazy_route]
impl LazyRoute for InvitationRoute {
    fn data() -> Self {
        InvitationRoute
    }
    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <InvitationPage/> }.into_any()
    }
}

pub struct NewOrganizationRoute;

#[lazy_route]
impl LazyRoute for NewOrganizationRoute {
    fn data() -> Self {
        NewOrganizationRoute
    }
    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <NewOrganizationPage/> }.into_any()
    }
}

pub struct OrganizationRoute;

#[lazy_route]
impl LazyRoute for OrganizationRoute {
    fn data() -> Self {
        OrganizationRoute
    }
    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <OrganizationPage/> }.into_any()
    }
}

pub struct AdminRoute;

#[lazy_route]
impl LazyRoute for AdminRoute {
    fn data() -> Self {
        AdminRoute
    }
    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <AdminPage/> }.into_any()
    }
}
