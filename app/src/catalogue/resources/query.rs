//! What a catalogue search asks for, as it lives in the URL, and a page of its results.

use serde::{Deserialize, Serialize};

use super::types::{Category, ResourceSummary};
use crate::shared::{
    Region,
    hours::{clock_value, parse_clock},
    text::encode_component,
};

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

/// Beyond this many matches a search says « plus de 1 000 » instead of counting them all (a
/// count reads every match; people narrow a search long before page 50).
pub const COUNT_CAP: u32 = 1_000;

/// The last page a search reaches.
pub const MAX_PAGE: u32 = COUNT_CAP / PAGE_SIZE;

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

/// « 2026-12-03 » → a real date between 2000 and 2100 (forms ask for nothing else).
pub fn parse_date(input: &str) -> Option<crate::time::LocalDate> {
    crate::time::parse_local_date(input).filter(|d| (2000..=2100).contains(&d.year()))
}

/// One page of search results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourceResults {
    pub items: Vec<ResourceSummary>,
    /// How many match; more than [`COUNT_CAP`] means « more than that many ».
    pub total: u32,
    pub page: u32,
    pub pages: u32,
}

/// One filter a search has, to show as a chip that removes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActiveFilter {
    Words(String),
    Category(Category),
    Region(Region),
    FreeOnly,
    Refrigerated,
    Mapaq,
    MinPallets(u32),
    MinStations(u32),
    MinSeats(u32),
    /// The wanted date, with its hours when given.
    Slot {
        date: String,
        from: Option<u16>,
        to: Option<u16>,
    },
    Nearest,
}

impl ResourceQuery {
    /// The search's filters, in the form's order (the words first).
    pub fn active_filters(&self) -> Vec<ActiveFilter> {
        let mut out = Vec::new();
        if !self.q.is_empty() {
            out.push(ActiveFilter::Words(self.q.clone()));
        }
        out.extend(self.category.map(ActiveFilter::Category));
        out.extend(self.region.map(ActiveFilter::Region));
        for (on, filter) in [
            (self.free_only, ActiveFilter::FreeOnly),
            (self.refrigerated, ActiveFilter::Refrigerated),
            (self.mapaq, ActiveFilter::Mapaq),
        ] {
            if on {
                out.push(filter);
            }
        }
        out.extend(self.min_pallets.map(ActiveFilter::MinPallets));
        out.extend(self.min_stations.map(ActiveFilter::MinStations));
        out.extend(self.min_seats.map(ActiveFilter::MinSeats));
        if let Some(date) = &self.date {
            out.push(ActiveFilter::Slot {
                date: date.clone(),
                from: self.from_minute,
                to: self.to_minute,
            });
        }
        if self.sort == SortOrder::Nearest {
            out.push(ActiveFilter::Nearest);
        }
        out
    }

    /// The same search without `filter`, from its first page.
    pub fn without(&self, filter: &ActiveFilter) -> ResourceQuery {
        let mut q = self.clone();
        q.page = 1;
        match filter {
            ActiveFilter::Words(_) => q.q.clear(),
            ActiveFilter::Category(_) => q.category = None,
            ActiveFilter::Region(_) => q.region = None,
            ActiveFilter::FreeOnly => q.free_only = false,
            ActiveFilter::Refrigerated => q.refrigerated = false,
            ActiveFilter::Mapaq => q.mapaq = false,
            ActiveFilter::MinPallets(_) => q.min_pallets = None,
            ActiveFilter::MinStations(_) => q.min_stations = None,
            ActiveFilter::MinSeats(_) => q.min_seats = None,
            ActiveFilter::Slot { .. } => {
                q.date = None;
                q.from_minute = None;
                q.to_minute = None;
            }
            ActiveFilter::Nearest => q.sort = SortOrder::Newest,
        }
        q
    }

    /// The same words without any filter (« Effacer les filtres »).
    pub fn words_only(&self) -> ResourceQuery {
        ResourceQuery {
            q: self.q.clone(),
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn dates_in_forms_and_urls() {
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
    fn each_filter_is_a_chip_that_removes_it_alone() {
        let query = ResourceQuery::from_params(|k| {
            [
                ("q", "congelateur"),
                ("categorie", "freezer"),
                ("gratuit", "1"),
                ("date", "2026-12-03"),
                ("de", "08:00"),
                ("page", "3"),
            ]
            .iter()
            .find(|(name, _)| *name == k)
            .map(|(_, v)| (*v).to_owned())
        });
        let filters = query.active_filters();
        assert_eq!(
            filters,
            [
                ActiveFilter::Words("congelateur".into()),
                ActiveFilter::Category(Category::Freezer),
                ActiveFilter::FreeOnly,
                ActiveFilter::Slot {
                    date: "2026-12-03".into(),
                    from: Some(480),
                    to: None
                },
            ]
        );
        assert_eq!(
            query.without(&filters[1]).to_query_string(1),
            "q=congelateur&gratuit=1&date=2026-12-03&de=08%3A00"
        );
        assert_eq!(
            query.without(&filters[3]).to_query_string(1),
            "q=congelateur&categorie=freezer&gratuit=1"
        );
        assert_eq!(query.words_only().to_query_string(1), "q=congelateur");
        assert!(ResourceQuery::default().active_filters().is_empty());
    }
}
