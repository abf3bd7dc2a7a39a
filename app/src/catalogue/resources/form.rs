//! The resource form: what it sends (every value as typed) and the validated draft it becomes.
//! Each category keeps its own facts only.

use serde::{Deserialize, Serialize};

use super::types::{Attr, Attributes, Category, PriceUnit, ResourceDetails};
use crate::{
    i18n::Msg,
    shared::{
        Region,
        form::{FieldError, optional_hours, optional_number},
        hours::{OpeningHours, WEEKDAY_FIELDS, clock_value, parse_clock},
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
}
