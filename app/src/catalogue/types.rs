//! Resources, needs and matches as the browser sees them, with the validated values their forms
//! produce. Categories carry their own attributes: a kitchen has work stations, a cold room a
//! temperature range and pallet spots, a truck a payload.

use serde::{Deserialize, Serialize};

use crate::{
    i18n::{Locale, Msg},
    organizations::types::{Region, bounded_text},
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

/// Weekly opening hours in local time: for each weekday (0 = Monday … 6 = Sunday), the
/// minutes of the day it opens and closes, or nothing when closed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningHours(pub [Option<(u16, u16)>; 7]);

impl OpeningHours {
    /// « lun 480-1020,mar 480-1020 » style text for the database: `0:480-1020,1:480-1020`.
    pub fn encode(&self) -> String {
        self.0
            .iter()
            .enumerate()
            .filter_map(|(day, span)| span.map(|(a, b)| format!("{day}:{a}-{b}")))
            .collect::<Vec<_>>()
            .join(",")
    }

    pub fn decode(text: &str) -> OpeningHours {
        let mut hours = OpeningHours::default();
        for part in text.split(',') {
            let Some((day, span)) = part.split_once(':') else {
                continue;
            };
            let Some((a, b)) = span.split_once('-') else {
                continue;
            };
            if let (Ok(day), Ok(a), Ok(b)) = (day.parse::<usize>(), a.parse(), b.parse())
                && day < 7
            {
                hours.0[day] = Some((a, b));
            }
        }
        hours
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(Option::is_none)
    }

    /// Whether the span `from..to` (minutes) of `weekday` lies within the opening hours.
    /// A resource with no hours set is taken as open on request at any time.
    pub fn covers(&self, weekday: usize, from: u16, to: u16) -> bool {
        if self.is_empty() {
            return true;
        }
        matches!(self.0.get(weekday), Some(Some((a, b))) if *a <= from && to <= *b)
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
    pub cover: Option<super::photos::Cover>,
}

/// Everything about one resource. `access_notes` and `address` are filled only for the owner's
/// members (and, once bookings exist, for an organization whose booking was approved).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourceDetails {
    pub id: String,
    pub org_id: String,
    pub org_name: String,
    pub org_verified: bool,
    pub category: Category,
    pub status: ResourceStatus,
    pub title: String,
    pub description: String,
    pub region: Region,
    pub address: String,
    pub access_notes: String,
    pub attributes: Attributes,
    pub price_unit: PriceUnit,
    pub price_cents: i64,
    pub deposit_cents: i64,
    pub capacity: u32,
    pub approval_required: bool,
    pub min_minutes: Option<u32>,
    pub max_minutes: Option<u32>,
    pub lead_hours: u32,
    pub buffer_minutes: u32,
    pub opening_hours: OpeningHours,
    /// Photos, cover first.
    pub photos: Vec<super::photos::Photo>,
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

/// What the resource form sends, before validation (every value as typed).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourceInput {
    pub category: String,
    pub title: String,
    pub description: String,
    pub region: String,
    pub address: String,
    pub access_notes: String,
    pub area_m2: String,
    pub work_stations: String,
    pub mapaq_permit: Option<String>,
    pub equipment: String,
    pub temp_min_c: String,
    pub temp_max_c: String,
    pub pallet_spots: String,
    pub refrigerated: Option<String>,
    pub payload_kg: String,
    pub volume_m3: String,
    pub licence_class: String,
    pub seats: String,
    pub skill: String,
    pub hours_per_week: String,
    pub price_unit: String,
    pub price: String,
    pub deposit: String,
    pub capacity: String,
    /// "instant" or "approval".
    pub booking_mode: String,
    pub min_hours: String,
    pub max_hours: String,
    pub lead_hours: String,
    pub buffer_minutes: String,
    /// Opening and closing times per weekday (« 08:00 »), Monday first; both empty: closed.
    pub open_0: String,
    pub close_0: String,
    pub open_1: String,
    pub close_1: String,
    pub open_2: String,
    pub close_2: String,
    pub open_3: String,
    pub close_3: String,
    pub open_4: String,
    pub close_4: String,
    pub open_5: String,
    pub close_5: String,
    pub open_6: String,
    pub close_6: String,
}

/// A validated resource, ready to store.
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceDraft {
    pub category: Category,
    pub title: String,
    pub description: String,
    pub region: Region,
    pub address: String,
    pub access_notes: String,
    pub attributes: Attributes,
    pub price_unit: PriceUnit,
    pub price_cents: i64,
    pub deposit_cents: i64,
    pub capacity: u32,
    pub approval_required: bool,
    pub min_minutes: Option<u32>,
    pub max_minutes: Option<u32>,
    pub lead_hours: u32,
    pub buffer_minutes: u32,
    pub opening_hours: OpeningHours,
}

type FieldError = (&'static str, Msg);

/// A title: trimmed, 3 to 120 characters, no control characters.
pub fn parse_title(input: &str) -> Result<String, Msg> {
    // Line breaks and tabs become spaces; other control characters (NUL, escape, bidi
    // overrides are not: they are format characters) are refused, as in organization names.
    if input
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        return Err(Msg::ErrorTitleInvalid);
    }
    let value = crate::accounts::types::collapse_spaces(input);
    let len = value.chars().count();
    if len == 0 {
        return Err(Msg::ErrorTitleRequired);
    }
    if len < 3 {
        return Err(Msg::ErrorTitleTooShort);
    }
    if len > 120 {
        return Err(Msg::ErrorTitleTooLong);
    }
    Ok(value)
}

/// An optional whole number within `min..=max` (empty: none).
fn optional_number<T: TryFrom<i64>>(
    input: &str,
    min: i64,
    max: i64,
    field: &'static str,
) -> Result<Option<T>, FieldError> {
    let value = input.trim().replace([' ', '\u{a0}'], "");
    if value.is_empty() {
        return Ok(None);
    }
    let n: i64 = value
        .parse()
        .map_err(|_| (field, Msg::ErrorNumberInvalid))?;
    if n < min || n > max {
        return Err((field, Msg::ErrorNumberOutOfRange));
    }
    T::try_from(n)
        .map(Some)
        .map_err(|_| (field, Msg::ErrorNumberOutOfRange))
}

/// Hours as typed (« 1,5 », "2"): minutes, within `min..=max` minutes.
fn optional_hours(
    input: &str,
    min: u32,
    max: u32,
    field: &'static str,
) -> Result<Option<u32>, FieldError> {
    let value = input.trim().replace(',', ".");
    if value.is_empty() {
        return Ok(None);
    }
    let hours: f64 = value
        .parse()
        .map_err(|_| (field, Msg::ErrorNumberInvalid))?;
    if !hours.is_finite() {
        return Err((field, Msg::ErrorNumberInvalid));
    }
    let minutes = (hours * 60.0).round();
    if minutes < f64::from(min) || minutes > f64::from(max) {
        return Err((field, Msg::ErrorNumberOutOfRange));
    }
    // In range of u32 by the check above.
    Ok(Some(minutes as u32))
}

/// An amount of money as people type it: « 25 », « 25,50 », "25.50", « 25,50 $ ». In cents.
pub fn parse_money(input: &str) -> Result<i64, Msg> {
    let cleaned: String = input
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '$' && *c != '\u{a0}')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    if cleaned.is_empty() {
        return Ok(0);
    }
    let (whole, cents) = match cleaned.split_once('.') {
        Some((w, c)) if c.len() <= 2 && !c.is_empty() => (w, format!("{c:0<2}")),
        Some(_) => return Err(Msg::ErrorMoneyInvalid),
        None => (cleaned.as_str(), "00".to_owned()),
    };
    if whole.is_empty() || !whole.chars().all(|c| c.is_ascii_digit()) || whole.len() > 6 {
        return Err(Msg::ErrorMoneyInvalid);
    }
    let whole: i64 = whole.parse().map_err(|_| Msg::ErrorMoneyInvalid)?;
    let cents: i64 = cents.parse().map_err(|_| Msg::ErrorMoneyInvalid)?;
    Ok(whole * 100 + cents)
}

/// « 08:00 » or « 8 h 30 » → minutes of the day.
pub fn parse_clock(input: &str) -> Option<u16> {
    let cleaned = input.trim().to_lowercase().replace([' ', '\u{a0}'], "");
    let (h, m) = match cleaned.split_once([':', 'h']) {
        Some((h, m)) => (h, if m.is_empty() { "0" } else { m }),
        None => (cleaned.as_str(), "0"),
    };
    let h: u16 = h.parse().ok()?;
    let m: u16 = m.parse().ok()?;
    (h <= 24 && m < 60 && h * 60 + m <= 24 * 60).then(|| h * 60 + m)
}

/// « 08:00 » from minutes of the day, for time inputs.
pub fn clock_value(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// « 8 h 30 » / "8:30 a.m." from minutes of the day.
pub fn format_clock(minutes: u16, locale: Locale) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    match locale {
        Locale::Fr if m == 0 => format!("{h}\u{a0}h"),
        Locale::Fr => format!("{h}\u{a0}h\u{a0}{m:02}"),
        Locale::En => {
            let (h12, suffix) = match h {
                0 | 24 => (12, "a.m."),
                1..=11 => (h, "a.m."),
                12 => (12, "p.m."),
                _ => (h - 12, "p.m."),
            };
            format!("{h12}:{m:02}\u{a0}{suffix}")
        }
    }
}

/// « 25,00 $ » / "$25.00".
pub fn format_money(cents: i64, locale: Locale) -> String {
    let whole = cents / 100;
    let rest = (cents % 100).abs();
    let grouped = group_thousands(whole, if locale == Locale::Fr { '\u{a0}' } else { ',' });
    match locale {
        Locale::Fr => format!("{grouped},{rest:02}\u{a0}$"),
        Locale::En => format!("${grouped}.{rest:02}"),
    }
}

/// « 1 000 » / "1,000".
pub fn format_number(n: i64, locale: Locale) -> String {
    group_thousands(n, if locale == Locale::Fr { '\u{a0}' } else { ',' })
}

fn group_thousands(n: i64, sep: char) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

impl ResourceInput {
    fn hours_pair(&self, day: usize) -> (&str, &str) {
        match day {
            0 => (&self.open_0, &self.close_0),
            1 => (&self.open_1, &self.close_1),
            2 => (&self.open_2, &self.close_2),
            3 => (&self.open_3, &self.close_3),
            4 => (&self.open_4, &self.close_4),
            5 => (&self.open_5, &self.close_5),
            _ => (&self.open_6, &self.close_6),
        }
    }

    /// Sets one weekday's opening and closing times (0 = Monday).
    pub fn set_hours(&mut self, day: usize, open: String, close: String) {
        let slot = match day {
            0 => (&mut self.open_0, &mut self.close_0),
            1 => (&mut self.open_1, &mut self.close_1),
            2 => (&mut self.open_2, &mut self.close_2),
            3 => (&mut self.open_3, &mut self.close_3),
            4 => (&mut self.open_4, &mut self.close_4),
            5 => (&mut self.open_5, &mut self.close_5),
            _ => (&mut self.open_6, &mut self.close_6),
        };
        (*slot.0, *slot.1) = (open, close);
    }

    /// Fills the form from a stored resource (to edit or duplicate it).
    pub fn from_resource(r: &ResourceDetails) -> ResourceInput {
        let a = &r.attributes;
        let num = |v: Option<u32>| v.map(|n| n.to_string()).unwrap_or_default();
        let temp = |v: Option<i32>| v.map(|n| n.to_string()).unwrap_or_default();
        let hours = |m: Option<u32>| {
            m.map(|m| {
                if m.is_multiple_of(60) {
                    (m / 60).to_string()
                } else {
                    // Two decimals round-trip every whole minute (20 min: 0.33 h → 20).
                    let text = format!("{:.2}", f64::from(m) / 60.0);
                    text.trim_end_matches('0').to_owned()
                }
            })
            .unwrap_or_default()
        };
        let money = |c: i64| {
            if c == 0 {
                String::new()
            } else {
                format!("{}.{:02}", c / 100, c % 100)
            }
        };
        let mut input = ResourceInput {
            category: r.category.code().to_owned(),
            title: r.title.clone(),
            description: r.description.clone(),
            region: r.region.code_str(),
            address: r.address.clone(),
            access_notes: r.access_notes.clone(),
            area_m2: num(a.area_m2),
            work_stations: num(a.work_stations),
            mapaq_permit: a.mapaq_permit.then(|| "on".to_owned()),
            equipment: a.equipment.clone(),
            temp_min_c: temp(a.temp_min_c),
            temp_max_c: temp(a.temp_max_c),
            pallet_spots: num(a.pallet_spots),
            refrigerated: a.refrigerated.then(|| "on".to_owned()),
            payload_kg: num(a.payload_kg),
            volume_m3: num(a.volume_m3),
            licence_class: a.licence_class.clone(),
            seats: num(a.seats),
            skill: a.skill.clone(),
            hours_per_week: num(a.hours_per_week),
            price_unit: r.price_unit.code().to_owned(),
            price: money(r.price_cents),
            deposit: money(r.deposit_cents),
            capacity: r.capacity.to_string(),
            booking_mode: if r.approval_required {
                "approval"
            } else {
                "instant"
            }
            .to_owned(),
            min_hours: hours(r.min_minutes),
            max_hours: hours(r.max_minutes),
            lead_hours: r.lead_hours.to_string(),
            buffer_minutes: r.buffer_minutes.to_string(),
            ..Default::default()
        };
        for (day, span) in r.opening_hours.0.iter().enumerate() {
            if let Some((a, b)) = span {
                input.set_hours(day, clock_value(*a), clock_value(*b));
            }
        }
        input
    }

    /// Checks every field; the first problem names its field. Facts that do not belong to the
    /// chosen category are dropped, not refused (the form hides them).
    pub fn validate(&self) -> Result<ResourceDraft, FieldError> {
        let category =
            Category::parse(&self.category).ok_or(("category", Msg::ErrorCategoryRequired))?;
        let title = parse_title(&self.title).map_err(|m| ("title", m))?;
        let description = bounded_text(&self.description, 5000, Msg::ErrorTextTooLong)
            .map_err(|m| ("description", m))?;
        let region = Region::parse(&self.region).ok_or(("region", Msg::ErrorRegionRequired))?;
        let address =
            bounded_text(&self.address, 300, Msg::ErrorTextTooLong).map_err(|m| ("address", m))?;
        let access_notes = bounded_text(&self.access_notes, 2000, Msg::ErrorTextTooLong)
            .map_err(|m| ("access_notes", m))?;

        let has = |attr| category.has(attr);
        let mut attributes = Attributes::default();
        if has(Attr::AreaM2) {
            attributes.area_m2 = optional_number(&self.area_m2, 1, 100_000, "area_m2")?;
        }
        if has(Attr::WorkStations) {
            attributes.work_stations =
                optional_number(&self.work_stations, 1, 100, "work_stations")?;
        }
        if has(Attr::MapaqPermit) {
            attributes.mapaq_permit = self.mapaq_permit.is_some();
        }
        if has(Attr::Equipment) {
            attributes.equipment = bounded_text(&self.equipment, 1000, Msg::ErrorTextTooLong)
                .map_err(|m| ("equipment", m))?;
        }
        if has(Attr::Temperature) {
            attributes.temp_min_c = optional_number(&self.temp_min_c, -40, 30, "temp_min_c")?;
            attributes.temp_max_c = optional_number(&self.temp_max_c, -40, 30, "temp_max_c")?;
            if let (Some(lo), Some(hi)) = (attributes.temp_min_c, attributes.temp_max_c)
                && lo > hi
            {
                return Err(("temp_max_c", Msg::ErrorRangeReversed));
            }
        }
        if has(Attr::PalletSpots) {
            attributes.pallet_spots =
                optional_number(&self.pallet_spots, 1, 10_000, "pallet_spots")?;
        }
        if has(Attr::Refrigerated) {
            attributes.refrigerated =
                category == Category::RefrigeratedTruck || self.refrigerated.is_some();
        }
        if has(Attr::PayloadKg) {
            attributes.payload_kg = optional_number(&self.payload_kg, 1, 50_000, "payload_kg")?;
        }
        if has(Attr::VolumeM3) {
            attributes.volume_m3 = optional_number(&self.volume_m3, 1, 200, "volume_m3")?;
        }
        if has(Attr::LicenceClass) {
            attributes.licence_class = bounded_text(&self.licence_class, 20, Msg::ErrorTextTooLong)
                .map_err(|m| ("licence_class", m))?;
        }
        if has(Attr::Seats) {
            attributes.seats = optional_number(&self.seats, 1, 5000, "seats")?;
        }
        if has(Attr::Skill) {
            attributes.skill =
                bounded_text(&self.skill, 120, Msg::ErrorTextTooLong).map_err(|m| ("skill", m))?;
        }
        if has(Attr::HoursPerWeek) {
            attributes.hours_per_week =
                optional_number(&self.hours_per_week, 1, 80, "hours_per_week")?;
        }

        let price_unit = if self.price_unit.trim().is_empty() {
            PriceUnit::Free
        } else {
            PriceUnit::parse(&self.price_unit).ok_or(("price_unit", Msg::ErrorPriceUnitInvalid))?
        };
        let price_cents = if price_unit == PriceUnit::Free {
            0
        } else {
            let cents = parse_money(&self.price).map_err(|m| ("price", m))?;
            if cents == 0 {
                return Err(("price", Msg::ErrorPriceRequired));
            }
            cents
        };
        let deposit_cents = parse_money(&self.deposit).map_err(|m| ("deposit", m))?;
        let capacity = optional_number(&self.capacity, 1, 1000, "capacity")?.unwrap_or(1);
        let approval_required = self.booking_mode.trim() != "instant";
        let min_minutes = optional_hours(&self.min_hours, 15, 720 * 60, "min_hours")?;
        let max_minutes = optional_hours(&self.max_hours, 15, 720 * 60, "max_hours")?;
        if let (Some(lo), Some(hi)) = (min_minutes, max_minutes)
            && lo > hi
        {
            return Err(("max_hours", Msg::ErrorRangeReversed));
        }
        let lead_hours = optional_number(&self.lead_hours, 0, 720, "lead_hours")?.unwrap_or(0);
        let buffer_minutes =
            optional_number(&self.buffer_minutes, 0, 1440, "buffer_minutes")?.unwrap_or(0);

        let mut opening_hours = OpeningHours::default();
        for (day, field) in WEEKDAY_FIELDS.iter().copied().enumerate() {
            let (open, close) = self.hours_pair(day);
            if open.trim().is_empty() && close.trim().is_empty() {
                continue;
            }
            let (Some(a), Some(b)) = (parse_clock(open), parse_clock(close)) else {
                return Err((field, Msg::ErrorHoursInvalid));
            };
            if a >= b {
                return Err((field, Msg::ErrorHoursInvalid));
            }
            opening_hours.0[day] = Some((a, b));
        }

        Ok(ResourceDraft {
            category,
            title,
            description,
            region,
            address,
            access_notes,
            attributes,
            price_unit,
            price_cents,
            deposit_cents,
            capacity,
            approval_required,
            min_minutes,
            max_minutes,
            lead_hours,
            buffer_minutes,
            opening_hours,
        })
    }
}

/// The error field of each weekday's opening hours, Monday first.
pub const WEEKDAY_FIELDS: [&str; 7] = [
    "hours_0", "hours_1", "hours_2", "hours_3", "hours_4", "hours_5", "hours_6",
];

/// Weekday names, Monday first.
pub const WEEKDAYS: [Msg; 7] = [
    Msg::WeekdayMon,
    Msg::WeekdayTue,
    Msg::WeekdayWed,
    Msg::WeekdayThu,
    Msg::WeekdayFri,
    Msg::WeekdaySat,
    Msg::WeekdaySun,
];

/// What a search asks for; every field lives in the URL (French parameter names).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourceQuery {
    pub q: String,
    pub category: Option<Category>,
    pub region: Option<Region>,
    pub free_only: bool,
    pub refrigerated: bool,
    pub min_pallets: Option<u32>,
    pub min_stations: Option<u32>,
    pub min_seats: Option<u32>,
    pub mapaq: bool,
    /// Local date and times of the wanted slot (« 2026-12-03 », minutes of the day).
    pub date: Option<String>,
    pub from_minute: Option<u16>,
    pub to_minute: Option<u16>,
    pub sort: SortOrder,
    pub page: u32,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    #[default]
    Newest,
    Nearest,
}

pub const PAGE_SIZE: u32 = 20;

impl ResourceQuery {
    /// Reads the URL's query parameters (French names): `q`, `categorie`, `region`, `gratuit`,
    /// `refrigere`, `palettes`, `postes`, `places`, `mapaq`, `date`, `de`, `a`, `tri`, `page`.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> ResourceQuery {
        let flag = |k: &str| get(k).is_some_and(|v| !v.is_empty() && v != "0");
        let num = |k: &str| {
            get(k)
                .and_then(|v| v.trim().parse::<u32>().ok())
                .filter(|n| *n > 0)
        };
        let date = get("date").filter(|d| parse_date(d).is_some());
        ResourceQuery {
            q: get("q")
                .unwrap_or_default()
                .chars()
                .take(200)
                .collect::<String>()
                .trim()
                .to_owned(),
            category: get("categorie").as_deref().and_then(Category::parse),
            region: get("region").as_deref().and_then(Region::parse),
            free_only: flag("gratuit"),
            refrigerated: flag("refrigere"),
            min_pallets: num("palettes"),
            min_stations: num("postes"),
            min_seats: num("places"),
            mapaq: flag("mapaq"),
            from_minute: date
                .as_ref()
                .and(get("de").as_deref().and_then(parse_clock)),
            to_minute: date.as_ref().and(get("a").as_deref().and_then(parse_clock)),
            date,
            sort: match get("tri").as_deref() {
                Some("proximite") => SortOrder::Nearest,
                _ => SortOrder::Newest,
            },
            page: num("page").unwrap_or(1).min(10_000),
        }
    }

    /// The URL query string for this search (for links: next page, shareable searches).
    pub fn to_query_string(&self, page: u32) -> String {
        let mut parts: Vec<(&str, String)> = Vec::new();
        if !self.q.is_empty() {
            parts.push(("q", self.q.clone()));
        }
        if let Some(c) = self.category {
            parts.push(("categorie", c.code().to_owned()));
        }
        if let Some(r) = self.region {
            parts.push(("region", r.code_str()));
        }
        for (flag, key) in [
            (self.free_only, "gratuit"),
            (self.refrigerated, "refrigere"),
            (self.mapaq, "mapaq"),
        ] {
            if flag {
                parts.push((key, "1".into()));
            }
        }
        for (n, key) in [
            (self.min_pallets, "palettes"),
            (self.min_stations, "postes"),
            (self.min_seats, "places"),
        ] {
            if let Some(n) = n {
                parts.push((key, n.to_string()));
            }
        }
        if let Some(d) = &self.date {
            parts.push(("date", d.clone()));
            if let Some(m) = self.from_minute {
                parts.push(("de", clock_value(m)));
            }
            if let Some(m) = self.to_minute {
                parts.push(("a", clock_value(m)));
            }
        }
        if self.sort == SortOrder::Nearest {
            parts.push(("tri", "proximite".into()));
        }
        if page > 1 {
            parts.push(("page", page.to_string()));
        }
        parts
            .into_iter()
            .map(|(k, v)| format!("{k}={}", encode_component(&v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// Percent-encodes a URL query value.
pub fn encode_component(value: &str) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b));
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// « 2026-12-03 » → a real date between 2000 and 2100 (forms ask for nothing else).
pub fn parse_date(input: &str) -> Option<crate::time::LocalDate> {
    crate::time::parse_local_date(input).filter(|d| (2000..=2100).contains(&d.year()))
}

/// One page of search results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourceResults {
    pub items: Vec<ResourceSummary>,
    pub total: u32,
    pub page: u32,
    pub pages: u32,
}

// ---- needs -------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NeedStatus {
    Open,
    Fulfilled,
    Closed,
}

impl NeedStatus {
    pub const ALL: [NeedStatus; 3] = [NeedStatus::Open, NeedStatus::Fulfilled, NeedStatus::Closed];

    pub fn code(self) -> &'static str {
        match self {
            NeedStatus::Open => "open",
            NeedStatus::Fulfilled => "fulfilled",
            NeedStatus::Closed => "closed",
        }
    }

    pub fn parse(code: &str) -> Option<NeedStatus> {
        NeedStatus::ALL
            .into_iter()
            .find(|s| s.code() == code.trim())
    }

    pub fn label(self) -> Msg {
        match self {
            NeedStatus::Open => Msg::NeedStatusOpen,
            NeedStatus::Fulfilled => Msg::NeedStatusFulfilled,
            NeedStatus::Closed => Msg::NeedStatusClosed,
        }
    }
}

/// What a need's quantity counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuantityUnit {
    Units,
    Pallets,
    Hours,
    Stations,
    Seats,
    Meals,
}

impl QuantityUnit {
    pub const ALL: [QuantityUnit; 6] = [
        QuantityUnit::Units,
        QuantityUnit::Pallets,
        QuantityUnit::Hours,
        QuantityUnit::Stations,
        QuantityUnit::Seats,
        QuantityUnit::Meals,
    ];

    pub fn code(self) -> &'static str {
        match self {
            QuantityUnit::Units => "units",
            QuantityUnit::Pallets => "pallets",
            QuantityUnit::Hours => "hours",
            QuantityUnit::Stations => "stations",
            QuantityUnit::Seats => "seats",
            QuantityUnit::Meals => "meals",
        }
    }

    pub fn parse(code: &str) -> Option<QuantityUnit> {
        QuantityUnit::ALL
            .into_iter()
            .find(|u| u.code() == code.trim())
    }

    pub fn label(self) -> Msg {
        match self {
            QuantityUnit::Units => Msg::UnitUnits,
            QuantityUnit::Pallets => Msg::UnitPallets,
            QuantityUnit::Hours => Msg::UnitHours,
            QuantityUnit::Stations => Msg::UnitStations,
            QuantityUnit::Seats => Msg::UnitSeats,
            QuantityUnit::Meals => Msg::UnitMeals,
        }
    }
}

/// When a need applies: between two dates, and/or on some weekdays at some hours.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedWindow {
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    /// Bit 0 = Monday … bit 6 = Sunday.
    pub weekdays: u8,
    pub from_minute: Option<u16>,
    pub to_minute: Option<u16>,
}

impl NeedWindow {
    pub fn weekday_list(&self) -> impl Iterator<Item = usize> + '_ {
        (0..7).filter(|d| self.weekdays & (1 << d) != 0)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Need {
    pub id: String,
    pub org_id: String,
    pub org_name: String,
    pub org_verified: bool,
    pub category: Category,
    pub status: NeedStatus,
    pub title: String,
    pub description: String,
    pub regions: Vec<Region>,
    pub window: NeedWindow,
    pub quantity: u32,
    pub quantity_unit: QuantityUnit,
    pub created_at: crate::time::Instant,
}

/// A need's page: the need, whether the reader's organization posted it, and the resources
/// that fit it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NeedPage {
    pub need: Need,
    pub can_edit: bool,
    pub matches: Vec<ResourceMatch>,
}

/// What the need form sends, before validation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NeedInput {
    pub category: String,
    pub title: String,
    pub description: String,
    /// Region codes, comma-separated (« 06,13 »), or several `region` fields joined by the page.
    pub regions: Vec<String>,
    pub starts_on: String,
    pub ends_on: String,
    pub mon: Option<String>,
    pub tue: Option<String>,
    pub wed: Option<String>,
    pub thu: Option<String>,
    pub fri: Option<String>,
    pub sat: Option<String>,
    pub sun: Option<String>,
    pub from_time: String,
    pub to_time: String,
    pub quantity: String,
    pub quantity_unit: String,
}

/// A validated need, ready to store.
#[derive(Clone, Debug, PartialEq)]
pub struct NeedDraft {
    pub category: Category,
    pub title: String,
    pub description: String,
    pub regions: Vec<Region>,
    pub window: NeedWindow,
    pub quantity: u32,
    pub quantity_unit: QuantityUnit,
}

impl NeedInput {
    pub fn validate(&self) -> Result<NeedDraft, FieldError> {
        let category =
            Category::parse(&self.category).ok_or(("category", Msg::ErrorCategoryRequired))?;
        let title = parse_title(&self.title).map_err(|m| ("title", m))?;
        let description = bounded_text(&self.description, 5000, Msg::ErrorTextTooLong)
            .map_err(|m| ("description", m))?;
        let mut regions = Vec::new();
        for code in self.regions.iter().flat_map(|r| r.split(',')) {
            if code.trim().is_empty() {
                continue;
            }
            let region = Region::parse(code).ok_or(("regions", Msg::ErrorRegionRequired))?;
            if !regions.contains(&region) {
                regions.push(region);
            }
        }
        if regions.is_empty() {
            return Err(("regions", Msg::ErrorRegionRequired));
        }
        let date = |s: &str, field| -> Result<Option<String>, FieldError> {
            if s.trim().is_empty() {
                Ok(None)
            } else {
                parse_date(s)
                    .map(|d| Some(crate::time::iso_date(d)))
                    .ok_or((field, Msg::ErrorDateInvalid))
            }
        };
        let starts_on = date(&self.starts_on, "starts_on")?;
        let ends_on = date(&self.ends_on, "ends_on")?;
        if let (Some(a), Some(b)) = (&starts_on, &ends_on)
            && a > b
        {
            return Err(("ends_on", Msg::ErrorRangeReversed));
        }
        let days = [
            &self.mon, &self.tue, &self.wed, &self.thu, &self.fri, &self.sat, &self.sun,
        ];
        let weekdays = days
            .iter()
            .enumerate()
            .filter(|(_, d)| d.is_some())
            .fold(0_u8, |mask, (i, _)| mask | (1 << i));
        let clock = |s: &str, field| -> Result<Option<u16>, FieldError> {
            if s.trim().is_empty() {
                Ok(None)
            } else {
                parse_clock(s)
                    .map(Some)
                    .ok_or((field, Msg::ErrorHoursInvalid))
            }
        };
        let from_minute = clock(&self.from_time, "from_time")?;
        let to_minute = clock(&self.to_time, "to_time")?;
        match (from_minute, to_minute) {
            (Some(a), Some(b)) if a >= b => return Err(("to_time", Msg::ErrorHoursInvalid)),
            (Some(_), None) => return Err(("to_time", Msg::ErrorHoursInvalid)),
            (None, Some(_)) => return Err(("from_time", Msg::ErrorHoursInvalid)),
            _ => {}
        }
        let quantity = optional_number(&self.quantity, 1, 100_000, "quantity")?.unwrap_or(1);
        let quantity_unit = QuantityUnit::parse(&self.quantity_unit).unwrap_or(QuantityUnit::Units);
        Ok(NeedDraft {
            category,
            title,
            description,
            regions,
            window: NeedWindow {
                starts_on,
                ends_on,
                weekdays,
                from_minute,
                to_minute,
            },
            quantity,
            quantity_unit,
        })
    }
}

/// What a needs-board search asks for (URL: `q`, `categorie`, `region`, `page`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NeedQuery {
    pub q: String,
    pub category: Option<Category>,
    pub region: Option<Region>,
    pub page: u32,
}

impl NeedQuery {
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> NeedQuery {
        NeedQuery {
            q: get("q")
                .unwrap_or_default()
                .chars()
                .take(200)
                .collect::<String>()
                .trim()
                .to_owned(),
            category: get("categorie").as_deref().and_then(Category::parse),
            region: get("region").as_deref().and_then(Region::parse),
            page: get("page")
                .and_then(|p| p.parse::<u32>().ok())
                .filter(|p| *p > 0)
                .unwrap_or(1)
                .min(10_000),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NeedResults {
    pub items: Vec<Need>,
    pub total: u32,
    pub page: u32,
    pub pages: u32,
}

// ---- matching ----------------------------------------------------------------------------------

/// Why a resource fits a need, in words the page translates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MatchReason {
    SameRegion,
    Refrigerated,
    EnoughCapacity { quantity: u32, unit: QuantityUnit },
    OpenDuring { weekday: u8, from: u16, to: u16 },
    Free,
    VerifiedOwner,
}

/// A resource that fits a need, with its score (higher is better) and reasons.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourceMatch {
    pub resource: ResourceSummary,
    pub score: u32,
    pub reasons: Vec<MatchReason>,
}

/// An open need that one of the reader's resources could serve.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NeedMatch {
    pub need: Need,
    pub resource_id: String,
    pub resource_title: String,
    pub score: u32,
    pub reasons: Vec<MatchReason>,
}

/// An organization's own catalogue page: everything it shares and seeks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgCatalogue {
    pub org_id: String,
    pub is_admin: bool,
    pub resources: Vec<ResourceSummary>,
    pub needs: Vec<Need>,
    pub matching_needs: Vec<NeedMatch>,
}

/// What a CSV import did: every row with its line and, when refused, why. A file with any
/// refused row imports nothing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    pub imported: u32,
    pub rows: Vec<ImportRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportRow {
    pub line: u32,
    pub title: String,
    /// The form field at fault and the message key explaining it.
    pub field: Option<String>,
    pub error: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kitchen() -> ResourceInput {
        ResourceInput {
            category: "kitchen".into(),
            title: "Cuisine de production".into(),
            region: "06".into(),
            work_stations: "4".into(),
            area_m2: "80".into(),
            mapaq_permit: Some("on".into()),
            seats: "40".into(),
            price_unit: "hour".into(),
            price: "25,50 $".into(),
            capacity: "4".into(),
            open_5: "08:00".into(),
            close_5: "17:00".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_kitchen_keeps_its_own_facts_only() {
        let draft = kitchen().validate().expect("valid");
        assert_eq!(draft.attributes.work_stations, Some(4));
        assert_eq!(draft.attributes.area_m2, Some(80));
        assert!(draft.attributes.mapaq_permit);
        assert_eq!(draft.attributes.seats, None, "seats are not a kitchen fact");
        assert_eq!(draft.price_cents, 2550);
        assert_eq!(draft.capacity, 4);
        assert!(draft.approval_required);
        assert_eq!(draft.opening_hours.0[5], Some((480, 1020)));
        assert_eq!(draft.opening_hours.0[0], None);
    }

    #[test]
    fn bad_values_name_their_field() {
        let mut input = kitchen();
        input.capacity = "-3".into();
        assert_eq!(
            input.validate(),
            Err(("capacity", Msg::ErrorNumberOutOfRange))
        );
        input.capacity = "deux".into();
        assert_eq!(input.validate(), Err(("capacity", Msg::ErrorNumberInvalid)));
        input.capacity = "2".into();
        input.title = "x".repeat(100 * 1024);
        assert_eq!(input.validate(), Err(("title", Msg::ErrorTitleTooLong)));
        input.title = "Cuisine".into();
        input.price = "0".into();
        assert_eq!(input.validate(), Err(("price", Msg::ErrorPriceRequired)));
        input.price = "12".into();
        input.close_5 = "07:00".into();
        assert_eq!(input.validate(), Err(("hours_5", Msg::ErrorHoursInvalid)));
        input.close_5 = String::new();
        assert_eq!(input.validate(), Err(("hours_5", Msg::ErrorHoursInvalid)));
    }

    #[test]
    fn editing_keeps_every_value() {
        for minutes in [15, 20, 45, 75, 90, 600] {
            let mut input = kitchen();
            input.min_hours = format!("{}", f64::from(minutes) / 60.0);
            let draft = input.validate().expect("valid");
            let stored = ResourceDetails {
                id: String::new(),
                org_id: String::new(),
                org_name: String::new(),
                org_verified: false,
                category: draft.category,
                status: ResourceStatus::Draft,
                title: draft.title.clone(),
                description: draft.description.clone(),
                region: draft.region,
                address: draft.address.clone(),
                access_notes: draft.access_notes.clone(),
                attributes: draft.attributes.clone(),
                price_unit: draft.price_unit,
                price_cents: draft.price_cents,
                deposit_cents: draft.deposit_cents,
                capacity: draft.capacity,
                approval_required: draft.approval_required,
                min_minutes: Some(minutes),
                max_minutes: draft.max_minutes,
                lead_hours: draft.lead_hours,
                buffer_minutes: draft.buffer_minutes,
                opening_hours: draft.opening_hours.clone(),
                photos: Vec::new(),
                created_at: crate::time::Instant::default(),
                updated_at: crate::time::Instant::default(),
            };
            let again = ResourceInput::from_resource(&stored)
                .validate()
                .expect("valid");
            assert_eq!(again.min_minutes, Some(minutes), "{minutes} min");
            assert_eq!(again.price_cents, draft.price_cents);
            assert_eq!(again.opening_hours, draft.opening_hours);
        }
    }

    #[test]
    fn unknown_price_units_are_refused() {
        let mut input = kitchen();
        input.price_unit = "semaine".into();
        assert_eq!(
            input.validate(),
            Err(("price_unit", Msg::ErrorPriceUnitInvalid))
        );
        input.price_unit = String::new();
        assert_eq!(input.validate().expect("free").price_unit, PriceUnit::Free);
    }

    #[test]
    fn cold_rooms_check_their_temperature_range() {
        let input = ResourceInput {
            category: "cold_room".into(),
            title: "Chambre froide".into(),
            region: "13".into(),
            temp_min_c: "4".into(),
            temp_max_c: "2".into(),
            ..Default::default()
        };
        assert_eq!(
            input.validate(),
            Err(("temp_max_c", Msg::ErrorRangeReversed))
        );
    }

    #[test]
    fn refrigerated_trucks_are_refrigerated() {
        let input = ResourceInput {
            category: "refrigerated_truck".into(),
            title: "Camion cube réfrigéré 16 pi".into(),
            region: "13".into(),
            ..Default::default()
        };
        assert!(input.validate().expect("valid").attributes.refrigerated);
    }

    #[test]
    fn money_as_people_type_it() {
        assert_eq!(parse_money("25"), Ok(2500));
        assert_eq!(parse_money("25,5"), Ok(2550));
        assert_eq!(parse_money(" 1 250,75 $"), Ok(125_075));
        assert_eq!(parse_money(""), Ok(0));
        assert_eq!(parse_money("-5"), Err(Msg::ErrorMoneyInvalid));
        assert_eq!(parse_money("2,555"), Err(Msg::ErrorMoneyInvalid));
        assert_eq!(parse_money("abc"), Err(Msg::ErrorMoneyInvalid));
        assert_eq!(format_money(125_075, Locale::Fr), "1\u{a0}250,75\u{a0}$");
        assert_eq!(format_money(125_075, Locale::En), "$1,250.75");
    }

    #[test]
    fn clocks_and_dates() {
        assert_eq!(parse_clock("08:30"), Some(510));
        assert_eq!(parse_clock("8 h 30"), Some(510));
        assert_eq!(parse_clock("17h"), Some(1020));
        assert_eq!(parse_clock("25:00"), None);
        assert_eq!(format_clock(510, Locale::Fr), "8\u{a0}h\u{a0}30");
        assert_eq!(format_clock(720, Locale::En), "12:00\u{a0}p.m.");
        assert_eq!(
            parse_date("2026-12-03"),
            Some(jiff::civil::date(2026, 12, 3))
        );
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date("1999-12-31"), None);
        // 24 November 2026 is a Tuesday.
        let tuesday = parse_date("2026-11-24").expect("date");
        assert_eq!(crate::time::weekday_index(tuesday), 1);
    }

    #[test]
    fn opening_hours_round_trip_and_cover() {
        let mut hours = OpeningHours::default();
        hours.0[3] = Some((480, 720));
        let text = hours.encode();
        assert_eq!(text, "3:480-720");
        assert_eq!(OpeningHours::decode(&text), hours);
        assert!(hours.covers(3, 480, 720));
        assert!(!hours.covers(3, 470, 720));
        assert!(!hours.covers(4, 480, 720));
        assert!(OpeningHours::default().covers(4, 0, 1440));
    }

    #[test]
    fn search_lives_in_the_url() {
        let params = [
            ("q", "congelateur"),
            ("categorie", "freezer"),
            ("region", "6"),
            ("palettes", "2"),
            ("date", "2026-12-03"),
            ("de", "08:00"),
            ("a", "12:00"),
            ("tri", "proximite"),
            ("page", "2"),
        ];
        let query = ResourceQuery::from_params(|k| {
            params
                .iter()
                .find(|(name, _)| *name == k)
                .map(|(_, v)| (*v).to_owned())
        });
        assert_eq!(query.category, Some(Category::Freezer));
        assert_eq!(query.region.map(Region::code), Some(6));
        assert_eq!(query.min_pallets, Some(2));
        assert_eq!((query.from_minute, query.to_minute), (Some(480), Some(720)));
        assert_eq!(query.sort, SortOrder::Nearest);
        assert_eq!(
            query.to_query_string(3),
            "q=congelateur&categorie=freezer&region=06&palettes=2&date=2026-12-03&de=08%3A00&a=12%3A00&tri=proximite&page=3"
        );
    }

    #[test]
    fn need_windows_and_regions() {
        let input = NeedInput {
            category: "freezer".into(),
            title: "Espace congélateur, 2 palettes".into(),
            regions: vec!["06,13".into()],
            thu: Some("on".into()),
            from_time: "08:00".into(),
            to_time: "12:00".into(),
            quantity: "2".into(),
            quantity_unit: "pallets".into(),
            ..Default::default()
        };
        let draft = input.validate().expect("valid");
        assert_eq!(draft.regions.len(), 2);
        assert_eq!(draft.window.weekdays, 1 << 3);
        assert_eq!(draft.window.weekday_list().collect::<Vec<_>>(), [3]);
        let mut bad = input.clone();
        bad.regions = vec![];
        assert_eq!(bad.validate(), Err(("regions", Msg::ErrorRegionRequired)));
        let mut bad = input;
        bad.starts_on = "2026-12-10".into();
        bad.ends_on = "2026-12-01".into();
        assert_eq!(bad.validate(), Err(("ends_on", Msg::ErrorRangeReversed)));
    }
}
