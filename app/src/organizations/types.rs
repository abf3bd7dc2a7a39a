//! Organizations, memberships and invitations as the browser sees them, with the validated
//! values their forms use. Over 400 lines only by its tests.

use serde::{Deserialize, Serialize};

use crate::{
    i18n::Msg,
    shared::{
        Region,
        text::{bounded_text, collapse_spaces},
    },
};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Member,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Member => "member",
        }
    }
    pub fn parse(code: &str) -> Option<Role> {
        match code {
            "admin" => Some(Role::Admin),
            "member" => Some(Role::Member),
            _ => None,
        }
    }
    pub fn label(self) -> Msg {
        match self {
            Role::Admin => Msg::RoleAdmin,
            Role::Member => Msg::RoleMember,
        }
    }
}

/// What kind of organization this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    Community,
    FoodBank,
    SocialEconomy,
    Cooperative,
    School,
    Municipality,
    Other,
}

impl OrgKind {
    pub const ALL: [OrgKind; 7] = [
        OrgKind::Community,
        OrgKind::FoodBank,
        OrgKind::SocialEconomy,
        OrgKind::Cooperative,
        OrgKind::School,
        OrgKind::Municipality,
        OrgKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OrgKind::Community => "community",
            OrgKind::FoodBank => "food_bank",
            OrgKind::SocialEconomy => "social_economy",
            OrgKind::Cooperative => "cooperative",
            OrgKind::School => "school",
            OrgKind::Municipality => "municipality",
            OrgKind::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<OrgKind> {
        OrgKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            OrgKind::Community => Msg::OrgKindCommunity,
            OrgKind::FoodBank => Msg::OrgKindFoodBank,
            OrgKind::SocialEconomy => Msg::OrgKindSocialEconomy,
            OrgKind::Cooperative => Msg::OrgKindCooperative,
            OrgKind::School => Msg::OrgKindSchool,
            OrgKind::Municipality => Msg::OrgKindMunicipality,
            OrgKind::Other => Msg::OrgKindOther,
        }
    }
}

/// An organization's name: trimmed, 2 to 120 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgName(String);

impl OrgName {
    pub const MAX_LEN: usize = 120;

    pub fn parse(input: &str) -> Result<OrgName, Msg> {
        let value = collapse_spaces(input);
        let len = value.chars().count();
        if len == 0 {
            return Err(Msg::ErrorOrgNameRequired);
        }
        if len < 2 {
            return Err(Msg::ErrorOrgNameTooShort);
        }
        if len > Self::MAX_LEN {
            return Err(Msg::ErrorOrgNameTooLong);
        }
        if value.chars().any(char::is_control) {
            return Err(Msg::ErrorNameInvalid);
        }
        Ok(OrgName(value))
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A Québec enterprise number (numéro d'entreprise du Québec): ten digits starting with
/// 11, 22, 33 or 88. Spaces and dashes typed by people are ignored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Neq(String);

impl Neq {
    pub fn parse(input: &str) -> Result<Neq, Msg> {
        let digits: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        let well_formed = digits.len() == 10
            && digits.chars().all(|c| c.is_ascii_digit())
            && ["11", "22", "33", "88"]
                .iter()
                .any(|p| digits.starts_with(p));
        if well_formed {
            Ok(Neq(digits))
        } else {
            Err(Msg::ErrorNeqInvalid)
        }
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A phone number as people write it (digits, spaces, +, -, parentheses, dots, "poste").
pub fn parse_phone(input: &str) -> Result<String, Msg> {
    let value = collapse_spaces(input);
    if value.is_empty() {
        return Ok(value);
    }
    let digits = value.chars().filter(char::is_ascii_digit).count();
    let allowed = value
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().#".contains(c) || c.is_alphabetic());
    if !allowed || !(7..=20).contains(&digits) || value.chars().count() > 40 {
        return Err(Msg::ErrorPhoneInvalid);
    }
    Ok(value)
}

/// A website: `https://` is added when missing; no spaces, at most 200 characters.
pub fn parse_website(input: &str) -> Result<String, Msg> {
    let value = input.trim();
    if value.is_empty() {
        return Ok(String::new());
    }
    let with_scheme = if value.starts_with("https://") || value.starts_with("http://") {
        value.to_owned()
    } else {
        format!("https://{value}")
    };
    let host = with_scheme
        .split("://")
        .nth(1)
        .unwrap_or_default()
        .split('/')
        .next()
        .unwrap_or_default();
    if with_scheme.len() > 200
        || with_scheme
            .chars()
            .any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>')
        || !host.contains('.')
    {
        return Err(Msg::ErrorWebsiteInvalid);
    }
    Ok(with_scheme)
}

/// An organization's profile.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    pub id: String,
    pub name: String,
    pub kind: OrgKind,
    pub region: Region,
    pub address: String,
    pub phone: String,
    pub website: String,
    pub description: String,
    pub neq: Option<String>,
    pub verified: bool,
    pub created_at: crate::time::Instant,
    /// The zone its calendar is kept in (its bookings' times are shown in it).
    pub zone: crate::time::Zone,
}

/// What the profile form sends, before validation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OrganizationInput {
    pub name: String,
    pub kind: String,
    pub region: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub neq: String,
}

/// A validated profile, ready to store.
#[derive(Clone, Debug, PartialEq)]
pub struct OrganizationProfile {
    pub name: String,
    pub kind: OrgKind,
    pub region: Region,
    pub address: String,
    pub phone: String,
    pub website: String,
    pub description: String,
    pub neq: Option<String>,
}

impl OrganizationInput {
    /// Checks every field; the first problem names its field.
    pub fn validate(&self) -> Result<OrganizationProfile, (&'static str, Msg)> {
        let name = OrgName::parse(&self.name)
            .map_err(|m| ("name", m))?
            .into_inner();
        let kind = OrgKind::parse(&self.kind).ok_or(("kind", Msg::ErrorOrgKindRequired))?;
        let region = Region::parse(&self.region).ok_or(("region", Msg::ErrorRegionRequired))?;
        let address =
            bounded_text(&self.address, 300, Msg::ErrorTextTooLong).map_err(|m| ("address", m))?;
        let phone = parse_phone(&self.phone).map_err(|m| ("phone", m))?;
        let website = parse_website(&self.website).map_err(|m| ("website", m))?;
        let description = bounded_text(&self.description, 5000, Msg::ErrorTextTooLong)
            .map_err(|m| ("description", m))?;
        let neq = if self.neq.trim().is_empty() {
            None
        } else {
            Some(Neq::parse(&self.neq).map_err(|m| ("neq", m))?.into_inner())
        };
        Ok(OrganizationProfile {
            name,
            kind,
            region,
            address,
            phone,
            website,
            description,
            neq,
        })
    }
}

/// A person in an organization, as its members see them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub joined_at: crate::time::Instant,
}

/// A pending invitation, as the organization's admins see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingInvitation {
    pub id: String,
    pub email: String,
    pub role: Role,
    pub created_at: crate::time::Instant,
    pub expires_at: crate::time::Instant,
}

/// What someone who opens an invitation link sees before accepting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvitationPreview {
    pub org_name: String,
    pub org_verified: bool,
    pub email: String,
    pub role: Role,
}

/// Everything the organization page needs in one call.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrganizationDetails {
    pub organization: Organization,
    pub my_role: Option<Role>,
    pub members: Vec<Member>,
    pub invitations: Vec<PendingInvitation>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neq_format() {
        assert_eq!(
            Neq::parse("1145 678 901").expect("valid").into_inner(),
            "1145678901"
        );
        assert_eq!(
            Neq::parse("8812-345-678").expect("valid").into_inner(),
            "8812345678"
        );
        for bad in [
            "",
            "123",
            "1234567890",
            "11456789012",
            "11a5678901",
            "4412345678",
        ] {
            assert_eq!(Neq::parse(bad), Err(Msg::ErrorNeqInvalid), "{bad:?}");
        }
    }

    #[test]
    fn regions_are_the_seventeen() {
        assert_eq!(Region::all().count(), 17);
        assert_eq!(Region::parse("06").map(Region::name), Some("Montréal"));
        assert_eq!(Region::parse("13").map(Region::name), Some("Laval"));
        assert_eq!(
            Region::parse("02").map(Region::name),
            Some("Saguenay–Lac-Saint-Jean")
        );
        assert!(Region::parse("0").is_none());
        assert!(Region::parse("18").is_none());
        assert!(Region::parse("x").is_none());
        assert_eq!(
            Region::parse("6").map(Region::code_str).as_deref(),
            Some("06")
        );
    }

    #[test]
    fn nearest_regions_come_first() {
        let from_montreal = Region::MONTREAL.by_distance_from();
        assert_eq!(from_montreal[0], Region::MONTREAL);
        assert_eq!(from_montreal[1].name(), "Laval");
        assert_eq!(from_montreal[16].name(), "Gaspésie–Îles-de-la-Madeleine");
        let quebec = Region::parse("03").expect("region");
        assert!(quebec.distance_km(Region::MONTREAL) > 200.0);
        assert!(quebec.distance_km(Region::MONTREAL) < 300.0);
    }

    #[test]
    fn org_names() {
        assert_eq!(
            OrgName::parse("  Cuisine   collective  ")
                .expect("ok")
                .into_inner(),
            "Cuisine collective"
        );
        assert_eq!(OrgName::parse(""), Err(Msg::ErrorOrgNameRequired));
        assert_eq!(OrgName::parse("A"), Err(Msg::ErrorOrgNameTooShort));
        assert_eq!(
            OrgName::parse(&"a".repeat(100_000)),
            Err(Msg::ErrorOrgNameTooLong)
        );
    }

    #[test]
    fn websites_and_phones() {
        assert_eq!(
            parse_website("moisson.org").as_deref(),
            Ok("https://moisson.org")
        );
        assert_eq!(parse_website("").as_deref(), Ok(""));
        assert_eq!(
            parse_website("javascript:alert(1)"),
            Err(Msg::ErrorWebsiteInvalid)
        );
        assert_eq!(parse_website("exemple .ca"), Err(Msg::ErrorWebsiteInvalid));
        assert_eq!(
            parse_phone("514 555-0199 poste 12").as_deref(),
            Ok("514 555-0199 poste 12")
        );
        assert_eq!(parse_phone("12"), Err(Msg::ErrorPhoneInvalid));
    }

    #[test]
    fn profile_validation_names_the_field() {
        let mut input = OrganizationInput {
            name: "Cuisine collective Hochelaga".into(),
            kind: "community".into(),
            region: "06".into(),
            ..Default::default()
        };
        assert!(input.validate().is_ok());
        input.region = "99".into();
        assert_eq!(input.validate(), Err(("region", Msg::ErrorRegionRequired)));
        input.region = "06".into();
        input.neq = "123".into();
        assert_eq!(input.validate(), Err(("neq", Msg::ErrorNeqInvalid)));
    }
}

/// One organization a person belongs to, for the header's switcher.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembershipSummary {
    pub org_id: String,
    pub org_name: String,
    pub role: Role,
    pub verified: bool,
    /// Where it is: what a new listing of it starts from.
    pub region: Option<Region>,
}
