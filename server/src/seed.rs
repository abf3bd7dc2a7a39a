//! Demo data (`partage seed-demo`) and the first platform admin (`partage create-admin`).
//! Long because it is data: the demo's organizations, people, resources and needs.

use app::{
    accounts::{auth, repo as accounts},
    catalogue::{
        needs::{repo as needs, types::NeedInput},
        photos::{self, repo as photo_repo},
        resources::{form::ResourceInput, repo as resources, types::ResourceStatus},
        search,
    },
    db::{Db, new_id, now_ms},
    files::FileStore,
    organizations::{
        repo as orgs,
        types::{OrgKind, OrganizationProfile, Role},
    },
    shared::Region,
};

/// The password of every demo account (the README lists them).
pub const DEMO_PASSWORD: &str = "partage-demo-2026";

struct DemoOrg {
    name: &'static str,
    kind: OrgKind,
    region: u8,
    address: &'static str,
    phone: &'static str,
    website: &'static str,
    description: &'static str,
    verified: bool,
}

const ORGS: [DemoOrg; 5] = [
    DemoOrg {
        name: "Cuisine collective Hochelaga",
        kind: OrgKind::Community,
        region: 6,
        address: "2000, rue Aylwin, Montréal (Québec) H1W 3C6",
        phone: "514 555-0142",
        website: "https://cuisine-hochelaga.exemple.org",
        description: "Cuisine collective de quartier : ateliers, repas communautaires et une cuisine de production de 80 m² (4 postes, permis MAPAQ) libre les fins de semaine.",
        verified: true,
    },
    DemoOrg {
        name: "Entrepôt solidaire de Laval",
        kind: OrgKind::FoodBank,
        region: 13,
        address: "1500, boulevard Industriel, Laval (Québec) H7L 4S3",
        phone: "450 555-0177",
        website: "https://entrepot-laval.exemple.org",
        description: "Banque alimentaire régionale. Chambre froide 2–4 °C (6 palettes), entrepôt sec de 20 palettes avec quai de chargement, camion cube réfrigéré 16 pi.",
        verified: true,
    },
    DemoOrg {
        name: "Traiteur Le Bon Voisin",
        kind: OrgKind::SocialEconomy,
        region: 3,
        address: "455, rue Saint-Vallier Est, Québec (Québec) G1K 3P2",
        phone: "418 555-0123",
        website: "",
        description: "Entreprise d’économie sociale en insertion : traiteur pour les organismes de la Capitale-Nationale. Refroidisseur rapide et scelleuse sous vide à partager.",
        verified: false,
    },
    DemoOrg {
        name: "Popote roulante du Saguenay",
        kind: OrgKind::Community,
        region: 2,
        address: "300, rue Racine Est, Chicoutimi (Québec) G7H 1S1",
        phone: "418 555-0190",
        website: "",
        description: "Repas livrés aux aîné·e·s de Chicoutimi et de Jonquière. Cherche un espace congélateur et une fourgonnette le jeudi.",
        verified: false,
    },
    DemoOrg {
        name: "École secondaire des Érables",
        kind: OrgKind::School,
        region: 13,
        address: "",
        phone: "",
        website: "",
        description: "Programme de déjeuners et cuisine pédagogique, disponible le soir et l’été.",
        verified: false,
    },
];

/// A demo person: (name, email, [(organization index, role)], platform admin).
type DemoPerson = (&'static str, &'static str, &'static [(usize, Role)], bool);

const PEOPLE: [DemoPerson; 6] = [
    (
        "Léa Tremblay",
        "lea@demo.partage.local",
        &[(0, Role::Admin), (1, Role::Member)],
        false,
    ),
    (
        "Marc Gagnon",
        "marc@demo.partage.local",
        &[(1, Role::Admin)],
        false,
    ),
    (
        "Sophie Roy",
        "sophie@demo.partage.local",
        &[(2, Role::Admin)],
        false,
    ),
    (
        "Jean Bouchard",
        "jean@demo.partage.local",
        &[(3, Role::Admin)],
        false,
    ),
    (
        "Amina Diallo",
        "amina@demo.partage.local",
        &[(0, Role::Member), (4, Role::Admin)],
        false,
    ),
    ("Équipe Partage", "admin@demo.partage.local", &[], true),
];

/// Fills an empty database with demo organizations and people. Does nothing (and says so)
/// when people already exist.
pub async fn seed_demo(db: &Db, files: &FileStore) -> Result<bool, sqlx::Error> {
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(db.pool())
        .await?;
    if existing > 0 {
        return Ok(false);
    }
    let hash = auth::hash_password(DEMO_PASSWORD.to_owned())
        .await
        .map_err(|_| sqlx::Error::Protocol("password hashing failed".into()))?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let mut org_ids = Vec::new();
    for (i, org) in ORGS.iter().enumerate() {
        let id = new_id();
        let profile = OrganizationProfile {
            name: org.name.to_owned(),
            kind: org.kind,
            region: Region::from_code(org.region).unwrap_or(Region::MONTREAL),
            address: org.address.to_owned(),
            phone: org.phone.to_owned(),
            website: org.website.to_owned(),
            description: org.description.to_owned(),
            neq: (i == 1).then(|| "1145678901".to_owned()),
        };
        // Older organizations first, a few weeks apart.
        let created = now - i64::try_from(ORGS.len() - i).unwrap_or(1) * 21 * 24 * 3600 * 1000;
        orgs::insert_organization(&mut *tx, &id, &profile, created).await?;
        if org.verified {
            orgs::set_verified(&mut *tx, &id, Some(now)).await?;
        }
        org_ids.push(id);
    }
    let mut admins: Vec<String> = vec![String::new(); ORGS.len()];
    for (name, email, memberships, platform_admin) in PEOPLE {
        let id = new_id();
        accounts::insert_user(
            &mut *tx,
            &accounts::NewUser {
                id: &id,
                email,
                name,
                password_hash: &hash,
                locale: "fr",
                is_platform_admin: platform_admin,
                email_verified_at: Some(now),
                now,
            },
        )
        .await?;
        for (index, role) in memberships {
            orgs::insert_membership(&mut *tx, &org_ids[*index], &id, *role, now).await?;
            if *role == Role::Admin && admins[*index].is_empty() {
                admins[*index].clone_from(&id);
            }
        }
    }
    let mut resource_ids = Vec::new();
    for (i, (org, input)) in demo_resources().into_iter().enumerate() {
        let draft = input
            .validate()
            .map_err(|(field, _)| sqlx::Error::Protocol(format!("demo resource {i}: {field}")))?;
        // Published a few hours apart, so "newest first" has an order.
        let at = now - i64::try_from(i).unwrap_or(0) * 5 * 3600 * 1000;
        let id = new_id();
        resources::insert_resource(
            &mut *tx,
            &resources::NewResource {
                id: &id,
                org_id: &org_ids[org],
                created_by: &admins[org],
                status: ResourceStatus::Published,
                draft: &draft,
                search_text: &search::resource_search_text(&draft, ORGS[org].name),
                now: at,
            },
        )
        .await?;
        resource_ids.push((id.clone(), org));
        if let Some((bytes, alt)) = DEMO_PHOTOS.get(i) {
            add_demo_photo(&mut tx, files, &id, &admins[org], bytes, alt, at).await?;
        }
    }
    for (i, (org, input)) in demo_needs().into_iter().enumerate() {
        let draft = input
            .validate()
            .map_err(|(field, _)| sqlx::Error::Protocol(format!("demo need {i}: {field}")))?;
        needs::insert_need(
            &mut *tx,
            &needs::NewNeed {
                id: &new_id(),
                org_id: &org_ids[org],
                created_by: &admins[org],
                draft: &draft,
                search_text: &search::need_search_text(&draft, ORGS[org].name),
                now: now - i64::try_from(i).unwrap_or(0) * 3600 * 1000,
            },
        )
        .await?;
    }
    seed_bookings(&mut tx, &org_ids, &admins, &resource_ids, now).await?;
    seed_conversations(&mut tx, &org_ids, &admins, &resource_ids, now).await?;
    tx.commit().await?;
    Ok(true)
}

/// Two conversations, so the inbox is alive on first run: Léa's kitchen asks the Laval
/// warehouse about its cold room (the last answer unread), and a caterer asks about Léa's
/// kitchen (unread).
async fn seed_conversations(
    tx: &mut app::db::Tx,
    org_ids: &[String],
    admins: &[String],
    resources: &[(String, usize)],
    now: i64,
) -> Result<(), sqlx::Error> {
    use app::inbox::{
        repo::{self as inbox, NewMessage},
        types::{MessageKind, SubjectKind},
    };
    const MINUTE: i64 = 60 * 1000;
    let first_of = |org: usize| {
        resources
            .iter()
            .find(|(_, o)| *o == org)
            .map(|(id, _)| id.clone())
    };
    // (from, to, messages: (author, text))
    type DemoThread<'a> = (usize, usize, &'a [(usize, &'a str)]);
    let threads: [DemoThread; 2] = [
        (
            0,
            1,
            &[
                (
                    0,
                    "Bonjour! Votre chambre froide aurait-elle de la place pour 2 palettes jeudi prochain?",
                ),
                (
                    1,
                    "Bonjour Léa, oui : 2 palettes jeudi, c’est possible. Vous arrivez avant 10 h?",
                ),
                (0, "Parfait, nous serons là vers 9 h 30."),
                (1, "Noté. Je vous envoie le code de la porte la veille."),
            ],
        ),
        (
            2,
            0,
            &[(
                2,
                "Bonjour, votre cuisine est-elle libre un samedi matin de décembre? Nous préparons 300 repas pour la guignolée.",
            )],
        ),
    ];
    for (n, (from, to, messages)) in threads.into_iter().enumerate() {
        let Some(subject) = first_of(to) else {
            continue;
        };
        let id = new_id();
        let start = now - i64::try_from(n + 1).unwrap_or(1) * 90 * MINUTE;
        inbox::insert_conversation(
            tx,
            &id,
            &org_ids[from],
            &org_ids[to],
            SubjectKind::Resource,
            &subject,
            start,
        )
        .await?;
        for (i, (author, body)) in messages.iter().enumerate() {
            let at = start + i64::try_from(i).unwrap_or(0) * 12 * MINUTE;
            let seq = inbox::append(
                tx,
                &id,
                &NewMessage {
                    id: &new_id(),
                    kind: MessageKind::Text,
                    org_id: Some(&org_ids[*author]),
                    user_id: Some(&admins[*author]),
                    body,
                    payload: "{}",
                    now: at,
                },
            )
            .await?
            .unwrap_or_default();
            // Each side has read up to its own last message.
            inbox::mark_read(tx, &id, &org_ids[*author], &admins[*author], seq, at).await?;
        }
    }
    Ok(())
}

/// Bookings on the demo resources in every status, past, current and upcoming, with a weekly
/// series, so the pages are alive on first run. Written as they would have happened.
async fn seed_bookings(
    tx: &mut app::db::Tx,
    org_ids: &[String],
    admins: &[String],
    resources: &[(String, usize)],
    now: i64,
) -> Result<(), sqlx::Error> {
    use app::{
        bookings::{
            repo as bookings,
            types::{BookingStatus, EventKind},
        },
        time::{Instant, LocalTime, TimeRange, Zone},
    };
    const HOUR: i64 = 3600 * 1000;
    const DAY: i64 = 24 * HOUR;
    let zone = Zone::Montreal;
    let today = zone.today();
    // A time on a day `days` from today, in Montréal.
    let at = |days: i64, hour: i8| -> Instant {
        let date = app::time::add_days(today, days).unwrap_or(today);
        zone.instant(date, LocalTime::constant(hour, 0, 0, 0))
    };
    let Some(((kitchen, owner), (freezer, freezer_owner))) =
        resources.first().cloned().zip(resources.get(7).cloned())
    else {
        return Ok(());
    };
    let asker = (owner + 1) % org_ids.len();
    let other = (owner + 2) % org_ids.len();
    let current_hour = zone.local(Instant::from_unix_ms(now)).hour();
    // (resource, owner, requester, start, end, quantity, status, history, reason, series)
    // (resource, owner, requester, start, end, quantity, status, history, reason, series)
    type DemoRow<'a> = (
        &'a str,
        usize,
        usize,
        Instant,
        Instant,
        u32,
        BookingStatus,
        Vec<EventKind>,
        &'a str,
        Option<&'a str>,
    );
    let mut rows: Vec<DemoRow> = vec![
        (
            &kitchen,
            owner,
            asker,
            at(-10, 8),
            at(-10, 12),
            2,
            BookingStatus::Approved,
            vec![EventKind::Requested, EventKind::Approved],
            "",
            None,
        ),
        (
            &kitchen,
            owner,
            other,
            at(0, current_hour.saturating_sub(1).max(0)),
            at(0, (current_hour + 2).min(23)),
            1,
            BookingStatus::Approved,
            vec![EventKind::Requested, EventKind::Approved],
            "",
            None,
        ),
        (
            &kitchen,
            owner,
            asker,
            at(5, 8),
            at(5, 12),
            2,
            BookingStatus::Requested,
            vec![EventKind::Requested],
            "",
            None,
        ),
        (
            &kitchen,
            owner,
            other,
            at(8, 13),
            at(8, 17),
            1,
            BookingStatus::Approved,
            vec![EventKind::Requested, EventKind::Approved],
            "",
            None,
        ),
        (
            &kitchen,
            owner,
            other,
            at(6, 8),
            at(6, 16),
            4,
            BookingStatus::Declined,
            vec![EventKind::Requested, EventKind::Declined],
            "La cuisine est réservée à notre production de Noël ce jour-là.",
            None,
        ),
        (
            &kitchen,
            owner,
            asker,
            at(4, 13),
            at(4, 16),
            1,
            BookingStatus::Cancelled,
            vec![
                EventKind::Requested,
                EventKind::Approved,
                EventKind::Cancelled,
            ],
            "Notre livraison de denrées est reportée.",
            None,
        ),
        (
            &kitchen,
            owner,
            other,
            at(-3, 8),
            at(-3, 10),
            1,
            BookingStatus::Requested,
            vec![EventKind::Requested],
            "",
            None,
        ),
    ];
    // A weekly series on the freezer: six Thursdays from next week, 8 h – 12 h.
    let series = new_id();
    let mut thursday = 1;
    while app::time::weekday_index(app::time::add_days(today, thursday).unwrap_or(today)) != 3 {
        thursday += 1;
    }
    for week in 0..6 {
        let day = thursday + week * 7;
        rows.push((
            &freezer,
            freezer_owner,
            asker,
            at(day, 8),
            at(day, 12),
            1,
            BookingStatus::Approved,
            vec![EventKind::Requested, EventKind::Approved],
            "",
            Some(series.as_str()),
        ));
    }
    // The fourth row gets a pending change: the requester asks to come an hour later.
    for (
        row,
        (resource, owner, requester, start, end, quantity, status, history, reason, series_id),
    ) in rows.into_iter().enumerate()
    {
        let Ok(range) = TimeRange::new(start, end) else {
            continue;
        };
        if owner == requester {
            continue;
        }
        let id = new_id();
        let asked_at = start.unix_ms().min(now) - 2 * DAY;
        bookings::insert_booking(
            &mut **tx,
            &bookings::NewBooking {
                id: &id,
                resource_id: resource,
                owner_org_id: &org_ids[owner],
                requester_org_id: &org_ids[requester],
                requested_by: Some(admins[requester].as_str()),
                series_id,
                status,
                range,
                quantity,
                purpose: "Transformation de surplus de légumes en soupes pour nos paniers.",
                price_estimate_cents: 0,
                now: asked_at,
            },
        )
        .await?;
        if !reason.is_empty() {
            sqlx::query("UPDATE bookings SET reason = $1 WHERE id = $2")
                .bind(reason)
                .bind(&id)
                .execute(&mut **tx)
                .await?;
        }
        for (step, kind) in history.into_iter().enumerate() {
            let (actor, actor_org) = match kind {
                EventKind::Requested => (&admins[requester], &org_ids[requester]),
                EventKind::Cancelled => (&admins[requester], &org_ids[requester]),
                _ => (&admins[owner], &org_ids[owner]),
            };
            let event_reason = if matches!(kind, EventKind::Declined | EventKind::Cancelled) {
                reason
            } else {
                ""
            };
            bookings::insert_event(
                &mut **tx,
                &bookings::NewEvent {
                    id: &new_id(),
                    booking_id: &id,
                    kind,
                    actor_id: actor,
                    actor_org_id: actor_org,
                    reason: event_reason,
                    now: asked_at + i64::try_from(step).unwrap_or(0) * 3 * HOUR,
                },
            )
            .await?;
        }
        if row == 3
            && let Ok(later) = TimeRange::new(start.plus_ms(HOUR), end.plus_ms(HOUR))
        {
            let local = |i: Instant| {
                let t = zone.local(i);
                format!("{:02}:{:02}", t.hour(), t.minute())
            };
            let input = app::bookings::types::ChangeInput {
                date: app::time::iso_date(zone.date(later.start())),
                from: local(later.start()),
                to: local(later.end()),
                quantity: quantity.to_string(),
                note: "Notre bénévole arrive une heure plus tard ce jour-là.".into(),
                ..Default::default()
            };
            bookings::changes::insert_change(
                &mut **tx,
                &bookings::changes::NewChange {
                    id: &new_id(),
                    booking_id: &id,
                    rest_of_series: false,
                    input: &input,
                    range: later,
                    quantity,
                    note: &input.note,
                    requested_by: &admins[requester],
                    now: now - HOUR,
                },
            )
            .await?;
            bookings::insert_event(
                &mut **tx,
                &bookings::NewEvent {
                    id: &new_id(),
                    booking_id: &id,
                    kind: EventKind::ChangeRequested,
                    actor_id: &admins[requester],
                    actor_org_id: &org_ids[requester],
                    reason: &input.note,
                    now: now - HOUR,
                },
            )
            .await?;
        }
    }
    Ok(())
}

/// A photo per demo resource, in `demo_resources` order: illustrations drawn for Partage
/// (`server/demo-photos/`, CC0), put through the same checks and resizing as an upload.
const DEMO_PHOTOS: [(&[u8], &str); 12] = [
    (
        include_bytes!("../demo-photos/cuisine-production.jpg"),
        "Cuisine de production en inox avec four combiné, marmite basculante et hotte",
    ),
    (
        include_bytes!("../demo-photos/chambre-froide.jpg"),
        "Chambre froide ouverte, étagères de caisses de fruits et légumes",
    ),
    (
        include_bytes!("../demo-photos/entrepot-sec.jpg"),
        "Entrepôt avec palettiers de boîtes et de sacs, transpalette et porte de quai",
    ),
    (
        include_bytes!("../demo-photos/camion-refrigere.jpg"),
        "Camion cube réfrigéré garé au quai de chargement",
    ),
    (
        include_bytes!("../demo-photos/refroidisseur-rapide.jpg"),
        "Refroidisseur rapide en inox à une porte, dans une cuisine",
    ),
    (
        include_bytes!("../demo-photos/refroidisseur-rapide.jpg"),
        "Scelleuse sous vide sur un comptoir, à côté d’un refroidisseur rapide",
    ),
    (
        include_bytes!("../demo-photos/ressources-humaines.jpg"),
        "Bureau avec ordinateur portable, agenda et deux chaises pour une rencontre",
    ),
    (
        include_bytes!("../demo-photos/congelateur-coffre.jpg"),
        "Congélateur coffre ouvert, rempli de sacs et de contenants d’aliments congelés",
    ),
    (
        include_bytes!("../demo-photos/fourgonnette.jpg"),
        "Fourgonnette blanche, porte latérale ouverte sur des boîtes de denrées",
    ),
    (
        include_bytes!("../demo-photos/salle-polyvalente.jpg"),
        "Salle communautaire avec tables pliantes, chaises et grandes fenêtres",
    ),
    (
        include_bytes!("../demo-photos/cuisine-pedagogique.jpg"),
        "Cuisine pédagogique avec un grand îlot, des planches à découper et des tabourets",
    ),
    (
        include_bytes!("../demo-photos/congelateurs-verticaux.jpg"),
        "Trois congélateurs verticaux à portes vitrées, palettes de boîtes devant",
    ),
];

/// Resizes, stores and lists one demo photo.
async fn add_demo_photo(
    tx: &mut app::db::Tx,
    files: &FileStore,
    resource_id: &str,
    created_by: &str,
    bytes: &'static [u8],
    alt: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let broken = |what: String| sqlx::Error::Protocol(format!("demo photo: {what}"));
    let done = tokio::task::spawn_blocking(move || photos::image::process(bytes))
        .await
        .map_err(|e| broken(e.to_string()))?
        .map_err(|msg| broken(msg.key().to_owned()))?;
    let id = new_id();
    photos::store(files, &id, &done)
        .await
        .map_err(|e| broken(e.to_string()))?;
    photo_repo::insert_photo(
        &mut **tx,
        &photo_repo::NewPhoto {
            id: &id,
            resource_id,
            alt,
            width: done.width,
            height: done.height,
            bytes: done.large.len() + done.thumb.len(),
            created_by,
            now,
        },
        photos::MAX_PHOTOS,
    )
    .await?;
    Ok(())
}

fn text(s: &str) -> String {
    s.to_owned()
}

/// Weekday opening hours: (day, open, close), 0 = Monday.
fn with_hours(mut input: ResourceInput, hours: &[(usize, &str, &str)]) -> ResourceInput {
    for (day, open, close) in hours {
        input.hours.set(*day, text(open), text(close));
    }
    input
}

const WEEKDAYS_9_TO_5: [(usize, &str, &str); 5] = [
    (0, "09:00", "17:00"),
    (1, "09:00", "17:00"),
    (2, "09:00", "17:00"),
    (3, "09:00", "17:00"),
    (4, "09:00", "17:00"),
];

/// One resource of every category, across the demo regions: (organization index, form).
fn demo_resources() -> Vec<(usize, ResourceInput)> {
    let base = |category: &str, title: &str, description: &str, region: &str| ResourceInput {
        category: text(category),
        title: text(title),
        description: text(description),
        region: text(region),
        booking_mode: text("approval"),
        capacity: text("1"),
        price_unit: text("free"),
        ..Default::default()
    };
    vec![
        (
            0,
            with_hours(
                ResourceInput {
                    area_m2: text("80"),
                    work_stations: text("4"),
                    mapaq_permit: Some(text("on")),
                    equipment: text(
                        "Four combiné, marmite basculante, batteur 20 L, lave-vaisselle commercial",
                    ),
                    price_unit: text("hour"),
                    price: text("25"),
                    deposit: text("100"),
                    capacity: text("4"),
                    min_hours: text("3"),
                    lead_hours: text("48"),
                    buffer_minutes: text("60"),
                    address: text("2000, rue Aylwin, Montréal"),
                    access_notes: text(
                        "Clé au comptoir d’accueil; code du système d’alarme remis à l’approbation.",
                    ),
                    ..base(
                        "kitchen",
                        "Cuisine de production 80 m², 4 postes",
                        "Cuisine de production certifiée, permis MAPAQ, disponible les fins de semaine. Idéale pour la production de repas en lots.",
                        "06",
                    )
                },
                &[(5, "07:00", "19:00"), (6, "07:00", "19:00")],
            ),
        ),
        (
            1,
            with_hours(
                ResourceInput {
                    temp_min_c: text("2"),
                    temp_max_c: text("4"),
                    pallet_spots: text("6"),
                    price_unit: text("pallet_week"),
                    price: text("15"),
                    capacity: text("6"),
                    ..base(
                        "cold_room",
                        "Chambre froide 2–4 °C, 6 palettes",
                        "Chambre froide avec quai de chargement. Idéale pour un don de fruits et légumes à stocker quelques jours.",
                        "13",
                    )
                },
                &WEEKDAYS_9_TO_5,
            ),
        ),
        (
            1,
            with_hours(
                ResourceInput {
                    pallet_spots: text("20"),
                    area_m2: text("400"),
                    price_unit: text("pallet_week"),
                    price: text("8"),
                    capacity: text("20"),
                    ..base(
                        "dry_storage",
                        "Entrepôt sec, 20 palettes, quai de chargement",
                        "Entreposage sec et propre, chariot élévateur sur place.",
                        "13",
                    )
                },
                &WEEKDAYS_9_TO_5,
            ),
        ),
        (
            1,
            ResourceInput {
                payload_kg: text("3000"),
                volume_m3: text("22"),
                licence_class: text("5"),
                price_unit: text("day"),
                price: text("90"),
                deposit: text("250"),
                min_hours: text("4"),
                lead_hours: text("24"),
                ..base(
                    "refrigerated_truck",
                    "Camion cube réfrigéré 16 pi",
                    "Camion réfrigéré avec hayon. Permis de classe 5 suffisant. Parfait pour les collectes en épicerie.",
                    "13",
                )
            },
        ),
        (
            2,
            with_hours(
                ResourceInput {
                    equipment: text("Refroidisseur rapide 10 plaques, sondes à cœur"),
                    price_unit: text("use"),
                    price: text("20"),
                    ..base(
                        "equipment",
                        "Refroidisseur rapide (blast chiller)",
                        "Pour refroidir vos productions en toute sécurité. Formation de 15 minutes à la première utilisation.",
                        "03",
                    )
                },
                &WEEKDAYS_9_TO_5,
            ),
        ),
        (
            2,
            ResourceInput {
                equipment: text("Scelleuse sous vide à chambre, sacs fournis au prix coûtant"),
                ..base(
                    "equipment",
                    "Scelleuse sous vide",
                    "Prêt gratuit entre organismes de la Capitale-Nationale.",
                    "03",
                )
            },
        ),
        (
            2,
            ResourceInput {
                skill: text("Ressources humaines"),
                hours_per_week: text("6"),
                price_unit: text("hour"),
                price: text("35"),
                ..base(
                    "staff_time",
                    "Conseillère en ressources humaines, 6 h/semaine",
                    "Accompagnement pour l’embauche, les politiques et les programmes d’insertion.",
                    "03",
                )
            },
        ),
        (
            3,
            with_hours(
                ResourceInput {
                    temp_min_c: text("-25"),
                    temp_max_c: text("-18"),
                    pallet_spots: text("2"),
                    ..base(
                        "freezer",
                        "Congélateur coffre 500 L",
                        "Deux congélateurs coffres dans notre local de Chicoutimi.",
                        "02",
                    )
                },
                &[(1, "08:00", "16:00"), (3, "08:00", "16:00")],
            ),
        ),
        (
            3,
            ResourceInput {
                payload_kg: text("1000"),
                licence_class: text("5"),
                price_unit: text("day"),
                price: text("40"),
                ..base(
                    "vehicle",
                    "Fourgonnette pour livraisons, 1 000 kg",
                    "Fourgonnette non réfrigérée, idéale pour les livraisons de denrées sèches.",
                    "02",
                )
            },
        ),
        (
            4,
            with_hours(
                ResourceInput {
                    seats: text("40"),
                    area_m2: text("90"),
                    ..base(
                        "room",
                        "Salle polyvalente, 40 places",
                        "Salle avec tables, chaises et projecteur, accessible en fauteuil roulant.",
                        "13",
                    )
                },
                &[
                    (0, "18:00", "22:00"),
                    (2, "18:00", "22:00"),
                    (5, "09:00", "17:00"),
                ],
            ),
        ),
        (
            4,
            with_hours(
                ResourceInput {
                    area_m2: text("60"),
                    work_stations: text("6"),
                    mapaq_permit: Some(text("on")),
                    equipment: text("Six postes de cuisine pédagogique, four, réfrigérateurs"),
                    capacity: text("6"),
                    ..base(
                        "kitchen",
                        "Cuisine pédagogique le soir et l’été",
                        "Cuisine de l’école, libre après 17 h et pendant l’été.",
                        "13",
                    )
                },
                &[
                    (0, "17:30", "21:30"),
                    (1, "17:30", "21:30"),
                    (2, "17:30", "21:30"),
                    (3, "17:30", "21:30"),
                ],
            ),
        ),
        (
            0,
            with_hours(
                ResourceInput {
                    temp_min_c: text("-20"),
                    temp_max_c: text("-18"),
                    pallet_spots: text("3"),
                    ..base(
                        "freezer",
                        "Congélateurs, 3 palettes à Hochelaga",
                        "Espace congélateur disponible les jeudis pour les organismes du quartier.",
                        "06",
                    )
                },
                &[(3, "07:00", "13:00")],
            ),
        ),
    ]
}

/// A few needs on the board: (organization index, form).
fn demo_needs() -> Vec<(usize, NeedInput)> {
    vec![
        (
            3,
            NeedInput {
                category: text("freezer"),
                title: text("Espace congélateur, 2 palettes, jeudis"),
                description: text(
                    "Pour stocker nos repas surgelés avant la livraison du vendredi.",
                ),
                regions: vec![text("02")],
                thu: Some(text("on")),
                from_time: text("08:00"),
                to_time: text("12:00"),
                quantity: text("2"),
                quantity_unit: text("pallets"),
                ..Default::default()
            },
        ),
        (
            0,
            NeedInput {
                category: text("refrigerated_truck"),
                title: text("Camion réfrigéré pour une collecte en épicerie, mardi 7 h"),
                description: text(
                    "Collecte hebdomadaire de dons dans trois épiceries de l’est de Montréal.",
                ),
                regions: vec![text("06,13")],
                nearby: Some(text("on")),
                tue: Some(text("on")),
                from_time: text("07:00"),
                to_time: text("11:00"),
                ..Default::default()
            },
        ),
        (
            4,
            NeedInput {
                category: text("kitchen"),
                title: text("Cuisine certifiée le samedi matin pour 300 repas"),
                description: text("Production de repas pour la guignolée de l’école."),
                regions: vec![text("13,06")],
                sat: Some(text("on")),
                from_time: text("07:00"),
                to_time: text("12:00"),
                quantity: text("300"),
                quantity_unit: text("meals"),
                ..Default::default()
            },
        ),
    ]
}

/// Makes `email` a platform admin, creating the account when needed. Returns the generated
/// password for a new account when none was given.
pub async fn create_admin(
    db: &Db,
    email: &str,
    name: &str,
    password: Option<String>,
) -> Result<Option<String>, String> {
    let email = app::accounts::types::Email::parse(email)
        .map_err(|_| format!("not a valid email: {email}"))?;
    if let Some(user) = accounts::find_user_by_email(db.pool(), email.as_str())
        .await
        .map_err(|e| e.to_string())?
    {
        accounts::set_platform_admin(db.pool(), &user.id)
            .await
            .map_err(|e| e.to_string())?;
        return Ok(None);
    }
    let (password, generated) = match password {
        Some(p) => (p, false),
        None => (auth::new_token()[..20].to_owned(), true),
    };
    auth::check_password(&password, email.as_str(), name)
        .map_err(|_| "password refused: at least 10 characters, not a common one".to_owned())?;
    let hash = auth::hash_password(password.clone())
        .await
        .map_err(|_| "password hashing failed".to_owned())?;
    let id = new_id();
    let now = now_ms();
    accounts::insert_user(
        db.pool(),
        &accounts::NewUser {
            id: &id,
            email: email.as_str(),
            name,
            password_hash: &hash,
            locale: "fr",
            is_platform_admin: true,
            email_verified_at: Some(now),
            now,
        },
    )
    .await
    .map_err(|e| e.to_string())?;
    Ok(generated.then_some(password))
}
