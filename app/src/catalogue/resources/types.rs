//! Resources as the browser sees them. Categories carry their own attributes: a kitchen has
//! work stations, a cold room a temperature range and pallet spots, a truck a payload.

use serde::{Deserialize, Serialize};

use crate::{
    i18n::Msg,
    shared::{Region, hours::OpeningHours},
    ui::IconName,
};

/// What kind of thing is shared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Kitchen,
    ColdRoom,
    Freezer,
    DryStorage,
    RefrigeratedTruck,
    Vehicle,
    Equipment,
    Room,
    StaffTime,
}

/// One structured fact a category can have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Attr {
    AreaM2,
    WorkStations,
    MapaqPermit,
    Equipment,
    Temperature,
    PalletSpots,
    Refrigerated,
    PayloadKg,
    VolumeM3,
    LicenceClass,
    Seats,
    Skill,
    HoursPerWeek,
}

impl Category {
    pub const ALL: [Category; 9] = [
        Category::Kitchen,
        Category::ColdRoom,
        Category::Freezer,
        Category::DryStorage,
        Category::RefrigeratedTruck,
        Category::Vehicle,
        Category::Equipment,
        Category::Room,
        Category::StaffTime,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Category::Kitchen => "kitchen",
            Category::ColdRoom => "cold_room",
            Category::Freezer => "freezer",
            Category::DryStorage => "dry_storage",
            Category::RefrigeratedTruck => "refrigerated_truck",
            Category::Vehicle => "vehicle",
            Category::Equipment => "equipment",
            Category::Room => "room",
            Category::StaffTime => "staff_time",
        }
    }

    pub fn parse(code: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.code() == code.trim())
    }

    pub fn label(self) -> Msg {
        match self {
            Category::Kitchen => Msg::CategoryKitchen,
            Category::ColdRoom => Msg::CategoryColdRoom,
            Category::Freezer => Msg::CategoryFreezer,
            Category::DryStorage => Msg::CategoryDryStorage,
            Category::RefrigeratedTruck => Msg::CategoryRefrigeratedTruck,
            Category::Vehicle => Msg::CategoryVehicle,
            Category::Equipment => Msg::CategoryEquipment,
            Category::Room => Msg::CategoryRoom,
            Category::StaffTime => Msg::CategoryStaffTime,
        }
    }

    pub fn icon(self) -> IconName {
        match self {
            Category::Kitchen => IconName::Chef,
            Category::ColdRoom | Category::Freezer => IconName::Snowflake,
            Category::DryStorage => IconName::Box,
            Category::RefrigeratedTruck | Category::Vehicle => IconName::Truck,
            Category::Equipment => IconName::Tool,
            Category::Room => IconName::Building,
            Category::StaffTime => IconName::User,
        }
    }

    /// The facts this category is described and filtered by.
    pub fn attributes(self) -> &'static [Attr] {
        match self {
            Category::Kitchen => &[
                Attr::AreaM2,
                Attr::WorkStations,
                Attr::MapaqPermit,
                Attr::Equipment,
            ],
            Category::ColdRoom | Category::Freezer | Category::DryStorage => {
                &[Attr::Temperature, Attr::PalletSpots, Attr::AreaM2]
            }
            Category::RefrigeratedTruck | Category::Vehicle => &[
                Attr::Refrigerated,
                Attr::PayloadKg,
                Attr::VolumeM3,
                Attr::LicenceClass,
            ],
            Category::Equipment => &[Attr::Equipment],
            Category::Room => &[Attr::Seats, Attr::AreaM2],
            Category::StaffTime => &[Attr::Skill, Attr::HoursPerWeek],
        }
    }

    pub fn has(self, attr: Attr) -> bool {
        self.attributes().contains(&attr)
    }
}

/// Structured facts; only those of the resource's category are kept.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Attributes {
    pub area_m2: Option<u32>,
    pub work_stations: Option<u32>,
    pub mapaq_permit: bool,
    pub equipment: String,
    pub temp_min_c: Option<i32>,
    pub temp_max_c: Option<i32>,
    pub pallet_spots: Option<u32>,
    pub refrigerated: bool,
    pub payload_kg: Option<u32>,
    pub volume_m3: Option<u32>,
    pub licence_class: String,
    pub seats: Option<u32>,
    pub skill: String,
    pub hours_per_week: Option<u32>,
}

/// How use is charged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceUnit {
    Free,
    Hour,
    Day,
    Use,
    PalletWeek,
}

impl PriceUnit {
    pub const ALL: [PriceUnit; 5] = [
        PriceUnit::Free,
        PriceUnit::Hour,
        PriceUnit::Day,
        PriceUnit::Use,
        PriceUnit::PalletWeek,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PriceUnit::Free => "free",
            PriceUnit::Hour => "hour",
            PriceUnit::Day => "day",
            PriceUnit::Use => "use",
            PriceUnit::PalletWeek => "pallet_week",
        }
    }

    pub fn parse(code: &str) -> Option<PriceUnit> {
        PriceUnit::ALL.into_iter().find(|u| u.code() == code.trim())
    }

    pub fn label(self) -> Msg {
        match self {
            PriceUnit::Free => Msg::PriceFree,
            PriceUnit::Hour => Msg::PricePerHour,
            PriceUnit::Day => Msg::PricePerDay,
            PriceUnit::Use => Msg::PricePerUse,
            PriceUnit::PalletWeek => Msg::PricePerPalletWeek,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceStatus {
    Draft,
    Published,
    Paused,
    Archived,
}

impl ResourceStatus {
    pub const ALL: [ResourceStatus; 4] = [
        ResourceStatus::Draft,
        ResourceStatus::Published,
        ResourceStatus::Paused,
        ResourceStatus::Archived,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ResourceStatus::Draft => "draft",
            ResourceStatus::Published => "published",
            ResourceStatus::Paused => "paused",
            ResourceStatus::Archived => "archived",
        }
    }

    pub fn parse(code: &str) -> Option<ResourceStatus> {
        ResourceStatus::ALL
            .into_iter()
            .find(|s| s.code() == code.trim())
    }

    pub fn label(self) -> Msg {
        match self {
            ResourceStatus::Draft => Msg::StatusDraft,
            ResourceStatus::Published => Msg::StatusPublished,
            ResourceStatus::Paused => Msg::StatusPaused,
            ResourceStatus::Archived => Msg::StatusArchived,
        }
    }
}

/// A published (or, for its owner, any) resource as a card in a list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourceSummary {
    pub id: String,
    pub category: Category,
    pub status: ResourceStatus,
    pub title: String,
    pub region: Region,
    pub org_id: String,
    pub org_name: String,
    pub org_verified: bool,
    pub price_unit: PriceUnit,
    pub price_cents: i64,
    pub attributes: Attributes,
    pub capacity: u32,
    pub updated_at: crate::time::Instant,
    /// The first photo, if any.
    pub cover: Option<crate::catalogue::photos::Cover>,
}

/// A published resource as the home page lists it: less than a card, since the home page's
/// code is part of everyone's first load.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Listing {
    pub id: String,
    pub category: Category,
    pub title: String,
    pub region: Region,
    pub org_name: String,
    pub cover: Option<crate::catalogue::photos::Cover>,
}

impl From<ResourceSummary> for Listing {
    fn from(r: ResourceSummary) -> Self {
        Listing {
            id: r.id,
            category: r.category,
            title: r.title,
            region: r.region,
            org_name: r.org_name,
            cover: r.cover,
        }
    }
}

/// The steps a booking's start and end fall on, in the owner's zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlotGrid {
    /// Every 15, 30 or 60 minutes of the day.
    Minutes(u16),
    /// Whole days, midnight to midnight (storage).
    Days,
}

impl SlotGrid {
    pub const CHOICES: [SlotGrid; 4] = [
        SlotGrid::Minutes(15),
        SlotGrid::Minutes(30),
        SlotGrid::Minutes(60),
        SlotGrid::Days,
    ];

    /// As stored: the minutes, or 0 for whole days.
    pub fn stored(self) -> i64 {
        match self {
            SlotGrid::Minutes(m) => i64::from(m),
            SlotGrid::Days => 0,
        }
    }

    pub fn from_stored(value: i64) -> Option<SlotGrid> {
        SlotGrid::CHOICES.into_iter().find(|g| g.stored() == value)
    }

    /// In forms: « 15 », « 30 », « 60 », « jours ».
    pub fn code(self) -> String {
        match self {
            SlotGrid::Minutes(m) => m.to_string(),
            SlotGrid::Days => "jours".to_owned(),
        }
    }

    pub fn parse(code: &str) -> Option<SlotGrid> {
        SlotGrid::CHOICES
            .into_iter()
            .find(|g| g.code() == code.trim())
    }

    pub fn label(self) -> Msg {
        match self {
            SlotGrid::Minutes(15) => Msg::Slot15,
            SlotGrid::Minutes(60) => Msg::Slot60,
            SlotGrid::Minutes(_) => Msg::Slot30,
            SlotGrid::Days => Msg::SlotDays,
        }
    }
}

/// Who may book a resource.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    #[default]
    Any,
    /// Organizations the platform verified.
    Verified,
    /// The organizations its owner lists as partners.
    Partners,
}

impl Audience {
    pub const ALL: [Audience; 3] = [Audience::Any, Audience::Verified, Audience::Partners];

    pub fn code(self) -> &'static str {
        match self {
            Audience::Any => "any",
            Audience::Verified => "verified",
            Audience::Partners => "partners",
        }
    }

    pub fn parse(code: &str) -> Option<Audience> {
        Audience::ALL.into_iter().find(|a| a.code() == code.trim())
    }

    pub fn label(self) -> Msg {
        match self {
            Audience::Any => Msg::AudienceAny,
            Audience::Verified => Msg::AudienceVerified,
            Audience::Partners => Msg::AudiencePartners,
        }
    }
}

/// What a resource costs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pricing {
    pub unit: PriceUnit,
    /// Per `unit`; 0 when free.
    pub price_cents: i64,
    pub deposit_cents: i64,
}

/// How a resource may be booked: the rules its owner sets, which every booking is checked
/// against.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BookingRules {
    /// Units that can be booked at once (work stations, pallet spots, seats).
    pub capacity: u32,
    pub approval_required: bool,
    pub min_minutes: Option<u32>,
    pub max_minutes: Option<u32>,
    /// How long before its start a booking may still be asked for.
    pub lead_hours: u32,
    /// Free time kept after each booking (cleaning, loading).
    pub buffer_minutes: u32,
    pub opening_hours: OpeningHours,
    pub grid: SlotGrid,
    /// How far ahead a booking may start, in days.
    pub horizon_days: u32,
    pub audience: Audience,
}

/// What an owner writes about a resource: the resource form's validated result, stored as
/// the resource's content.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourceContent {
    pub category: Category,
    pub title: String,
    pub description: String,
    pub region: Region,
    /// Only for the owner's members (and, once bookings exist, an organization whose booking
    /// was approved); empty for anyone else.
    pub address: String,
    /// Same as `address`.
    pub access_notes: String,
    pub attributes: Attributes,
    pub pricing: Pricing,
    pub rules: BookingRules,
}

/// Everything about one resource.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourceDetails {
    pub id: String,
    pub org_id: String,
    pub org_name: String,
    pub org_verified: bool,
    pub status: ResourceStatus,
    pub content: ResourceContent,
    /// Photos, cover first.
    pub photos: Vec<crate::catalogue::photos::Photo>,
    pub created_at: crate::time::Instant,
    pub updated_at: crate::time::Instant,
}

/// A resource page: the resource, and whether the reader may edit it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourcePage {
    pub resource: ResourceDetails,
    pub can_edit: bool,
    /// Today's date in Montréal (« 2026-11-24 »), where the availability preview starts.
    #[serde(with = "crate::time::iso")]
    pub today: crate::time::LocalDate,
}
