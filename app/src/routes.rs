//! Every page of the app, one line each: its path, the route type that loads its code, and
//! its component. Every page but the home page loads its code on demand: the browser fetches
//! a page's WASM chunk when it is first visited (`cargo leptos build --split`), so a phone's
//! first load carries only the frame and the home page. The server renders every page in full.
//! Each route type gets its own lazily loaded function (`__<Route>_View`), so pages declared by
//! the macro below still split into one chunk each.

use leptos::prelude::*;
use leptos_router::{
    Lazy, LazyRoute, SsrMode, StaticSegment,
    components::{FlatRoutes, Route},
    lazy_route, path,
};

use crate::{
    accounts::ui::{
        AccountPage, ForgotPasswordPage, ResetPasswordPage, SignInPage, SignUpPage, VerifyEmailPage,
    },
    admin::ui::AdminPage,
    bookings::ui::{AnswerPage, BoardPage, BookingDetailPage, BookingsPage},
    catalogue::{
        needs::ui::{NeedDetailPage, NewNeedPage},
        resources::ui::{
            browse::{CataloguePage, NeedsPage},
            editor::{EditResourcePage, NewResourcePage},
            page::ResourceDetailPage,
        },
        ui::mine::MyCataloguePage,
    },
    home::HomePage,
    inbox::ui::{InboxPage, NewConversationPage, ThreadPage},
    notifications::ui::{NotificationsPage, UnsubscribePage},
    organizations::ui::{InvitationPage, NewOrganizationPage, OrganizationPage},
    ui::not_found::NotFoundPage,
};

/// Declares the pages: for each, a route type whose view loads lazily, and its `<Route>` in
/// [`PageRoutes`]. Adding a page is one line in the list below.
macro_rules! pages {
    ($($path:tt => $route:ident($page:ident)),* $(,)?) => {
        $(
            pub struct $route;

            #[lazy_route]
            impl LazyRoute for $route {
                fn data() -> Self {
                    $route
                }
                fn view(this: Self) -> AnyView {
                    let _ = this;
                    crate::ui::mark_hydrated();
                    view! { <$page/> }.into_any()
                }
            }
        )*

        /// The app's routes. Every page is rendered whole (`SsrMode::Async`): its status,
        /// `<title>` and meta tags are settled from its data before the first byte is sent, so
        /// one URL always answers the same way.
        #[component]
        pub fn PageRoutes() -> impl IntoView {
            view! {
                <FlatRoutes fallback=NotFoundPage>
                    <Route path=StaticSegment("") view=HomePage ssr=SsrMode::Async/>
                    $(
                        <Route path=path!($path) view={Lazy::<$route>::new()} ssr=SsrMode::Async/>
                    )*
                </FlatRoutes>
            }
        }
    };
}

pages! {
    "/inscription" => SignUpRoute(SignUpPage),
    "/connexion" => SignInRoute(SignInPage),
    "/mot-de-passe-oublie" => ForgotPasswordRoute(ForgotPasswordPage),
    "/reinitialiser" => ResetPasswordRoute(ResetPasswordPage),
    "/verifier-courriel" => VerifyEmailRoute(VerifyEmailPage),
    "/compte" => AccountRoute(AccountPage),
    "/invitation" => InvitationRoute(InvitationPage),
    "/organismes/nouveau" => NewOrganizationRoute(NewOrganizationPage),
    "/organismes/:id" => OrganizationRoute(OrganizationPage),
    "/admin" => AdminRoute(AdminPage),
    "/catalogue" => CatalogueRoute(CataloguePage),
    "/ressources/nouvelle" => NewResourceRoute(NewResourcePage),
    "/ressources/:id/modifier" => EditResourceRoute(EditResourcePage),
    "/ressources/:id" => ResourceDetailRoute(ResourceDetailPage),
    "/mon-catalogue" => MyCatalogueRoute(MyCataloguePage),
    "/besoins" => NeedsRoute(NeedsPage),
    "/besoins/nouveau" => NewNeedRoute(NewNeedPage),
    "/besoins/:id" => NeedDetailRoute(NeedDetailPage),
    "/reservations" => BookingsRoute(BookingsPage),
    "/reservations/:id" => BookingDetailRoute(BookingDetailPage),
    "/planning" => BoardRoute(BoardPage),
    "/reponse" => AnswerRoute(AnswerPage),
    "/messages" => InboxRoute(InboxPage),
    "/messages/nouveau" => NewConversationRoute(NewConversationPage),
    "/messages/:id" => ThreadRoute(ThreadPage),
    "/notifications" => NotificationsRoute(NotificationsPage),
    "/courriels" => UnsubscribeRoute(UnsubscribePage),
}
