//! Demo data (`partage seed-demo`) and the first platform admin (`partage create-admin`).

use app::{
    accounts::{auth, repo as accounts},
    db::{Db, new_id, now_ms},
    organizations::{
        repo as orgs,
        types::{OrgKind, OrganizationProfile, Region, Role},
    },
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
pub async fn seed_demo(db: &Db) -> Result<bool, sqlx::Error> {
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
        }
    }
    tx.commit().await?;
    Ok(true)
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
