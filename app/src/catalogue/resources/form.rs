//! The resource form: what it sends (every value as typed) and the validated draft it becomes.
//! Each category keeps its own facts only.

use serde::{Deserialize, Serialize};

use super::types::{
    Attr, Attributes, Audience, BookingRules, Category, PriceUnit, Pricing, ResourceContent,
    ResourceDetails, SlotGrid,
};
use crate::{
    i18n::Msg,
    shared::{
        Region,
        form::{FieldError, optional_hours, optional_number},
        hours::HoursInput,
        money::parse_money,
        text::{bounded_text, parse_title},
    },
};

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
    /// Opening and closing times per weekday (« 08:00 »); both empty: closed.
    pub hours: HoursInput,
    /// « 15 », « 30 », « 60 » or « jours »; empty: 30.
    pub slot_grid: String,
    /// Days ahead; empty: 90.
    pub horizon_days: String,
    /// « any », « verified », « partners »; empty: any.
    pub audience: String,
}

impl ResourceInput {
    /// Fills the form from a stored resource (to edit or duplicate it).
    pub fn from_resource(details: &ResourceDetails) -> ResourceInput {
        let r = &details.content;
        let (a, pricing, rules) = (&r.attributes, &r.pricing, &r.rules);
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
        ResourceInput {
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
            price_unit: pricing.unit.code().to_owned(),
            price: money(pricing.price_cents),
            deposit: money(pricing.deposit_cents),
            capacity: rules.capacity.to_string(),
            booking_mode: if rules.approval_required {
                "approval"
            } else {
                "instant"
            }
            .to_owned(),
            min_hours: hours(rules.min_minutes),
            max_hours: hours(rules.max_minutes),
            lead_hours: rules.lead_hours.to_string(),
            buffer_minutes: rules.buffer_minutes.to_string(),
            hours: HoursInput::from_hours(&rules.opening_hours),
            slot_grid: rules.grid.code(),
            horizon_days: rules.horizon_days.to_string(),
            audience: rules.audience.code().to_owned(),
        }
    }

    /// Checks every field; the first problem names its field. Facts that do not belong to the
    /// chosen category are dropped, not refused (the form hides them).
    /// Every required field left empty, in the form's order: an empty form hears of all of them
    /// at once, not of the first alone.
    pub fn missing(&self) -> Vec<FieldError> {
        let mut out = Vec::new();
        if Category::parse(&self.category).is_none() {
            out.push(("category", Msg::ErrorCategoryRequired));
        }
        if self.title.trim().is_empty() {
            out.push(("title", Msg::ErrorTitleRequired));
        }
        if Region::parse(&self.region).is_none() {
            out.push(("region", Msg::ErrorRegionRequired));
        }
        out
    }

    pub fn validate(&self) -> Result<ResourceContent, FieldError> {
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

        let opening_hours = self.hours.parse()?;
        let grid = match self.slot_grid.trim() {
            "" => SlotGrid::Minutes(30),
            code => SlotGrid::parse(code).ok_or(("slot_grid", Msg::ErrorChoiceInvalid))?,
        };
        let horizon_days =
            optional_number(&self.horizon_days, 1, 730, "horizon_days")?.unwrap_or(90);
        let audience = match self.audience.trim() {
            "" => Audience::Any,
            code => Audience::parse(code).ok_or(("audience", Msg::ErrorChoiceInvalid))?,
        };

        Ok(ResourceContent {
            category,
            title,
            description,
            region,
            address,
            access_notes,
            attributes,
            pricing: Pricing {
                unit: price_unit,
                price_cents,
                deposit_cents,
            },
            rules: BookingRules {
                capacity,
                approval_required,
                min_minutes,
                max_minutes,
                lead_hours,
                buffer_minutes,
                opening_hours,
                grid,
                horizon_days,
                audience,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::resources::types::ResourceStatus;

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
            hours: {
                let mut hours = HoursInput::default();
                hours.set(5, "08:00".into(), "17:00".into());
                hours
            },
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
        assert_eq!(draft.pricing.price_cents, 2550);
        assert_eq!(draft.rules.capacity, 4);
        assert!(draft.rules.approval_required);
        assert_eq!(draft.rules.opening_hours.0[5], Some((480, 1020)));
        assert_eq!(draft.rules.opening_hours.0[0], None);
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
        input.hours.set(5, "08:00".into(), "07:00".into());
        assert_eq!(input.validate(), Err(("hours_5", Msg::ErrorHoursInvalid)));
        input.hours.set(5, "08:00".into(), String::new());
        assert_eq!(input.validate(), Err(("hours_5", Msg::ErrorHoursInvalid)));
    }

    #[test]
    fn editing_keeps_every_value() {
        for minutes in [15, 20, 45, 75, 90, 600] {
            let mut input = kitchen();
            input.min_hours = format!("{}", f64::from(minutes) / 60.0);
            let mut content = input.validate().expect("valid");
            content.rules.min_minutes = Some(minutes);
            let stored = ResourceDetails {
                id: String::new(),
                org_id: String::new(),
                org_name: String::new(),
                org_verified: false,
                status: ResourceStatus::Draft,
                content,
                photos: Vec::new(),
                created_at: crate::time::Instant::default(),
                updated_at: crate::time::Instant::default(),
            };
            // Every value comes back the same from the form (minutes included).
            let again = ResourceInput::from_resource(&stored)
                .validate()
                .expect("valid");
            assert_eq!(again, stored.content, "{minutes} min");
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
        assert_eq!(
            input.validate().expect("free").pricing.unit,
            PriceUnit::Free
        );
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
}
