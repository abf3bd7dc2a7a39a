//! The front page: what Partage is, in plain words, and the next step for whoever is reading.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::{
    catalogue::{
        photos::{self, PhotoSize},
        resources::types::Listing,
    },
    i18n::{Msg, use_i18n},
    session::use_session,
    ui::{Icon, IconName},
};

/// The home page's newest listings, read before the page renders (`server/src/lib.rs`,
/// `page_session`) and carried in the page like the session: the home page is part of
/// everyone's first load, and a `Resource` with its `Suspense` there cost 12 KB of compressed
/// WASM (measured, 2026-11-30). Reached by a link inside the app, the page asks for them.
#[derive(Clone, Debug, Default)]
pub struct HomeListings(pub Vec<Listing>);

/// Reads the newest listings for the home page.
#[cfg(feature = "ssr")]
pub async fn load_listings(db: &sqlx::AnyPool) -> Result<HomeListings, sqlx::Error> {
    use crate::catalogue::resources::{api::HOME_LISTINGS, repo};
    let items = repo::newest_published(db, HOME_LISTINGS).await?;
    Ok(HomeListings(items.into_iter().map(Listing::from).collect()))
}

#[component]
pub fn HomePage() -> impl IntoView {
    crate::ui::mark_hydrated();
    let i18n = use_i18n();
    let session = use_session();
    let carried = SharedValue::<_, crate::ui::Carried>::new_with_encoding(|| {
        #[cfg(feature = "ssr")]
        {
            use_context::<http::request::Parts>()
                .and_then(|parts| parts.extensions.get::<HomeListings>().cloned())
                .map(|l| l.0)
        }
        #[cfg(not(feature = "ssr"))]
        {
            None::<Vec<Listing>>
        }
    })
    .into_inner();
    let listings = RwSignal::new(carried.clone().unwrap_or_default());
    // Reached by a link inside the app (nothing carried): ask for them.
    #[cfg(feature = "hydrate")]
    if carried.is_none() {
        leptos::task::spawn_local(async move {
            if let Some(found) = fetch_newest().await {
                listings.set(found);
            }
        });
    }
    // Each card leads to its part of the catalogue; the calendar's to the bookings.
    let features = [
        (
            IconName::Building,
            Msg::HomeFeatureSpacesTitle,
            Msg::HomeFeatureSpacesBody,
            "/catalogue?categorie=kitchen",
        ),
        (
            IconName::Snowflake,
            Msg::HomeFeatureColdTitle,
            Msg::HomeFeatureColdBody,
            "/catalogue?categorie=cold_room",
        ),
        (
            IconName::Truck,
            Msg::HomeFeatureTrucksTitle,
            Msg::HomeFeatureTrucksBody,
            "/catalogue?categorie=refrigerated_truck",
        ),
        (
            IconName::Calendar,
            Msg::HomeFeatureCalendarTitle,
            Msg::HomeFeatureCalendarBody,
            "/reservations",
        ),
    ];
    view! {
        <Title text=""/>
        <section class="hero">
            <div class="hero-inner">
                <h1>{i18n.t(Msg::HomeTitle)}</h1>
                <p class="lead">{i18n.t(Msg::HomeLead)}</p>
                // A plain GET form: the catalogue's own search, before any code has loaded.
                <form class="hero-search" action="/catalogue" method="get" role="search">
                    <label for="home-q" class="visually-hidden">{i18n.t(Msg::CatalogueSearchLabel)}</label>
                    <input id="home-q" type="search" name="q" maxlength="200" enterkeyhint="search"
                        placeholder=i18n.t(Msg::CatalogueSearchPlaceholder)/>
                    <button type="submit" class="button button-primary">
                        <Icon name=IconName::Search/>
                        <span>{i18n.t(Msg::ActionSearch)}</span>
                    </button>
                </form>
                <div class="hero-actions">
                    {move || match session.current() {
                        None => view! { <HeroVisitorActions/> }.into_any(),
                        Some(user) => match user.active_membership() {
                            Some(m) => {
                                let href = crate::ui::links::Link::Organization(&m.org_id).href();
                                view! {
                                    <A href=href attr:class="button button-primary button-large">
                                        <Icon name=IconName::Building/>
                                        <span>{i18n.t(Msg::HomeGoToOrganization)}</span>
                                    </A>
                                }
                                .into_any()
                            }
                            None => view! {
                                <A href="/organismes/nouveau" attr:class="button button-primary button-large">
                                    <Icon name=IconName::Plus/>
                                    <span>{i18n.t(Msg::HomeCreateOrganization)}</span>
                                </A>
                            }
                            .into_any(),
                        },
                    }}
                </div>
            </div>
        </section>
        <NewestListings listings/>
        <section class="page features" aria-labelledby="features-title">
            <h2 id="features-title">{i18n.t(Msg::HomeFeaturesTitle)}</h2>
            <ul class="feature-grid">
                {features
                    .into_iter()
                    .map(|(icon, title, body, href)| view! {
                        <li class="card feature">
                            <span class="feature-icon"><Icon name=icon/></span>
                            <h3><a href=href>{i18n.t(title)}</a></h3>
                            <p>{i18n.t(body)}</p>
                        </li>
                    })
                    .collect_view()}
            </ul>
            <div class="card how">
                <h2>{i18n.t(Msg::HomeHowTitle)}</h2>
                <ol class="steps">
                    <li>{i18n.t(Msg::HomeHowStep1)}</li>
                    <li>{i18n.t(Msg::HomeHowStep2)}</li>
                    <li>{i18n.t(Msg::HomeHowStep3)}</li>
                </ol>
            </div>
        </section>
    }
    .into_any()
}

/// Asks the server for the newest listings. Lazy: the server call's code (its request and its
/// answer's decoding) is not part of the first load, which never needs it.
#[cfg(feature = "hydrate")]
#[lazy]
async fn fetch_newest() -> Option<Vec<Listing>> {
    crate::catalogue::resources::api::newest_listings()
        .await
        .ok()
}

/// The newest listings, so a visitor sees at once what is being shared. Nothing while the
/// catalogue is empty: the page's other ways in still work.
#[component]
fn NewestListings(listings: RwSignal<Vec<Listing>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let listings = listings.get();
        (!listings.is_empty()).then(|| view! {
        <section class="page newest" aria-labelledby="newest-title">
            <div class="section-header">
                <h2 id="newest-title">{i18n.t(Msg::HomeNewestTitle)}</h2>
                <a href="/catalogue">{i18n.t(Msg::HomeNewestAll)}</a>
            </div>
            <ul class="listing-grid">
                {listings.into_iter().map(|l| view! { <ListingItem listing=l/> }).collect_view()}
            </ul>
        </section>
        })
    }
}

/// One listing: a picture (the photo, or its category's), the title as the link, what and where.
#[component]
fn ListingItem(listing: Listing) -> impl IntoView {
    let i18n = use_i18n();
    let Listing {
        id,
        category,
        title,
        region,
        org_name,
        cover,
    } = listing;
    view! {
        <li class="card listing">
            {match cover {
                Some(c) => view! {
                    <img class="listing-photo" src=photos::photo_url(&c.id, PhotoSize::Thumb) alt=c.alt
                        width=photos::THUMB_WIDTH height=photos::THUMB_HEIGHT loading="lazy"/>
                }.into_any(),
                None => view! {
                    <div class=format!("listing-photo resource-card-art art-{}", category.code()) aria-hidden="true">
                        <Icon name=category.icon()/>
                    </div>
                }.into_any(),
            }}
            <div class="listing-body">
                <h3><a class="listing-link" href=crate::ui::links::Link::Resource(&id).href()>{title}</a></h3>
                <p class="listing-meta">{i18n.t(category.label())}" · "{region.name()}</p>
                <p class="listing-org">{org_name}</p>
            </div>
        </li>
    }
}

#[component]
fn HeroVisitorActions() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <A href="/inscription" attr:class="button button-primary button-large">
            <span>{i18n.t(Msg::HomeCtaSignUp)}</span>
        </A>
        <A href="/connexion" attr:class="button button-secondary button-large">
            <span>{i18n.t(Msg::HomeCtaSignIn)}</span>
        </A>
    }
}

#[cfg(test)]
mod tests {
    use codee::{Decoder, Encoder};

    use crate::{
        catalogue::{photos::Cover, resources::types::Category, resources::types::Listing},
        organizations::types::{MembershipSummary, Role},
        session::types::CurrentUser,
        shared::Region,
        ui::Carried,
    };

    #[test]
    fn what_the_page_carries_reads_back_the_same() {
        let user = CurrentUser {
            id: "u1".into(),
            name: "Léa <b>Tremblay</b> \u{1F600}".into(),
            email: "lea@example.org".into(),
            email_verified: true,
            is_platform_admin: false,
            memberships: vec![MembershipSummary {
                org_id: "o1".into(),
                org_name: "Cuisine « Hochelaga »".into(),
                role: Role::Admin,
                verified: true,
                region: Region::from_code(6),
            }],
            active_org_id: Some("o1".into()),
            unread_notifications: 3,
            unread_conversations: 70_000,
        };
        let text = <Carried as Encoder<Option<CurrentUser>>>::encode(&Some(user.clone()))
            .expect("encoded");
        assert!(text.bytes().all(|b| b.is_ascii_hexdigit()), "{text}");
        let back: Option<CurrentUser> = Carried::decode(&text).expect("read back");
        assert_eq!(back, Some(user));

        let listings = vec![Listing {
            id: "r1".into(),
            category: Category::RefrigeratedTruck,
            title: "Camion</script><script>alert(1)</script>".into(),
            region: Region::from_code(13).expect("a region"),
            org_name: "Entrepôt".into(),
            cover: Some(Cover {
                id: "p1".into(),
                alt: String::new(),
            }),
        }];
        let text = <Carried as Encoder<Vec<Listing>>>::encode(&listings).expect("encoded");
        let back: Vec<Listing> = Carried::decode(&text).expect("read back");
        assert_eq!(back, listings);
        let none = <Carried as Encoder<Option<CurrentUser>>>::encode(&None).expect("encoded");
        assert_eq!(Carried::decode(&none).ok(), Some(None::<CurrentUser>));
    }

    #[test]
    fn damaged_text_is_refused_not_misread() {
        for bad in ["0", "zz", "01\u{e9}", "ff00ff00"] {
            assert!(
                <Carried as Decoder<Vec<Listing>>>::decode(bad).is_err(),
                "{bad:?} read as listings"
            );
        }
    }
}
