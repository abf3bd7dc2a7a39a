//! Needs as the browser sees them: what an organization seeks, where and when.

use serde::{Deserialize, Serialize};

use crate::{
    catalogue::{
        matching::types::ResourceMatch,
        resources::{query::parse_date, types::Category},
    },
    i18n::Msg,
    shared::{
        Region,
        form::{FieldError, optional_number},
        hours::parse_clock,
        text::{bounded_text, parse_title},
    },
};

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
    /// Whether a resource in a region next to one of `regions` is welcome too.
    pub nearby: bool,
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
    /// « Accepter les régions voisines » (a checkbox: present when ticked).
    pub nearby: Option<String>,
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
    pub nearby: bool,
    pub window: NeedWindow,
    pub quantity: u32,
    pub quantity_unit: QuantityUnit,
}

impl NeedInput {
    /// Every required field left empty, in the form's order.
    pub fn missing(&self) -> Vec<FieldError> {
        let mut out = Vec::new();
        if Category::parse(&self.category).is_none() {
            out.push(("category", Msg::ErrorCategoryRequired));
        }
        if self.title.trim().is_empty() {
            out.push(("title", Msg::ErrorTitleRequired));
        }
        if self
            .regions
            .iter()
            .all(|r| r.split(',').all(|c| c.trim().is_empty()))
        {
            out.push(("regions", Msg::ErrorRegionRequired));
        }
        out
    }

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
            nearby: self.nearby.is_some(),
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

#[cfg(test)]
mod tests {
    use super::*;

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
