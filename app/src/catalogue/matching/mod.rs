//! Arrimage: how well a resource fits a need, with the reasons in plain words. Pure, so it is
//! tested without a database and the same rules rank a need's resources and an owner's needs.

#[cfg(feature = "ssr")]
pub mod notices;
pub mod types;

use self::types::MatchReason;
use super::{
    needs::types::{Need, QuantityUnit},
    resources::types::{Category, PriceUnit, ResourceSummary},
};
use crate::shared::hours::OpeningHours;

/// Matches below this score are not worth showing.
pub const MIN_SCORE: u32 = 20;

/// Whether a resource of category `offered` can serve a need of category `wanted`.
pub fn categories_fit(wanted: Category, offered: Category, refrigerated: bool) -> bool {
    wanted == offered
        || (wanted == Category::Vehicle && offered == Category::RefrigeratedTruck)
        || (wanted == Category::RefrigeratedTruck && offered == Category::Vehicle && refrigerated)
        || (wanted == Category::ColdRoom && offered == Category::Freezer)
}

/// The regions a need's resources may come from: its own, and their neighbours when it
/// welcomes them. Lets the database narrow the candidates before `score` judges them.
pub fn regions_served(need: &Need) -> Vec<crate::shared::Region> {
    let mut regions = need.regions.clone();
    if need.nearby {
        for region in &need.regions {
            for next in region.neighbours() {
                if !regions.contains(next) {
                    regions.push(*next);
                }
            }
        }
    }
    regions
}

/// Scores `resource` (with its opening hours) for `need`; `None` when it cannot serve it.
pub fn score(
    need: &Need,
    resource: &ResourceSummary,
    hours: &OpeningHours,
) -> Option<(u32, Vec<MatchReason>)> {
    let attrs = &resource.attributes;
    if resource.org_id == need.org_id
        || !categories_fit(need.category, resource.category, attrs.refrigerated)
    {
        return None;
    }
    let mut score: i64 = 20;
    let mut reasons = Vec::new();

    // Territory: in one of the need's regions, or next to one when the need welcomes it;
    // never farther (a freezer 500 km away serves nobody's Thursday mornings).
    if need.regions.contains(&resource.region) {
        score += 40;
        reasons.push(MatchReason::SameRegion);
    } else if need.nearby
        && need
            .regions
            .iter()
            .any(|r| r.neighbours().contains(&resource.region))
    {
        score += 20;
        reasons.push(MatchReason::NeighbourRegion {
            region: resource.region,
        });
    } else {
        return None;
    }

    let wants_cold = matches!(
        need.category,
        Category::RefrigeratedTruck | Category::ColdRoom | Category::Freezer
    );
    let cold_storage = matches!(resource.category, Category::ColdRoom | Category::Freezer);
    if attrs.refrigerated || (wants_cold && cold_storage) {
        reasons.push(MatchReason::Refrigerated);
        score += 5;
    }

    // Quantity against the matching capacity fact.
    let available = match need.quantity_unit {
        QuantityUnit::Pallets => attrs.pallet_spots,
        QuantityUnit::Stations => attrs.work_stations,
        QuantityUnit::Seats => attrs.seats,
        QuantityUnit::Hours if resource.category == Category::StaffTime => attrs.hours_per_week,
        _ => None,
    };
    if let Some(available) = available {
        if available >= need.quantity {
            score += 20;
            reasons.push(MatchReason::EnoughCapacity {
                quantity: need.quantity,
                unit: need.quantity_unit,
            });
        } else {
            score -= 25;
        }
    }

    // Recurring days and hours: each wanted weekday the resource is open for (the wanted hours,
    // or at all that day when no hours are given); hours without days mean any day.
    let days: Vec<usize> = match need.window.weekday_list().collect::<Vec<_>>() {
        days if days.is_empty() => (0..7).collect(),
        days => days,
    };
    let asked_days = need.window.weekdays != 0;
    let span = need.window.from_minute.zip(need.window.to_minute);
    if !hours.is_empty() && (asked_days || span.is_some()) {
        let open: Vec<usize> = days
            .iter()
            .copied()
            .filter(|d| match span {
                Some((from, to)) => hours.covers(*d, from, to),
                None => hours.0[*d].is_some(),
            })
            .collect();
        if open.is_empty() {
            score -= 30;
        } else {
            score += 15;
            if asked_days {
                for day in open.into_iter().take(3) {
                    let (from, to) = span.or(hours.0[day]).unwrap_or((0, 0));
                    reasons.push(MatchReason::OpenDuring {
                        weekday: u8::try_from(day).unwrap_or(0),
                        from,
                        to,
                    });
                }
            }
        }
    }

    if resource.price_unit == PriceUnit::Free {
        score += 5;
        reasons.push(MatchReason::Free);
    }
    if resource.org_verified {
        score += 5;
        reasons.push(MatchReason::VerifiedOwner);
    }
    let score = u32::try_from(score.max(0)).unwrap_or(0);
    (score >= MIN_SCORE).then_some((score, reasons))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        catalogue::{
            needs::types::{NeedStatus, NeedWindow},
            resources::types::{Attributes, ResourceStatus},
        },
        shared::Region,
    };

    fn need() -> Need {
        Need {
            id: "n".into(),
            org_id: "popote".into(),
            org_name: "Popote".into(),
            org_verified: false,
            category: Category::Freezer,
            status: NeedStatus::Open,
            title: "Espace congélateur, 2 palettes, jeudis".into(),
            description: String::new(),
            regions: vec![Region::MONTREAL],
            nearby: false,
            window: NeedWindow {
                weekdays: 1 << 3,
                from_minute: Some(480),
                to_minute: Some(720),
                ..Default::default()
            },
            quantity: 2,
            quantity_unit: QuantityUnit::Pallets,
            created_at: crate::time::Instant::default(),
        }
    }

    fn freezer(region: u8, pallets: u32) -> ResourceSummary {
        ResourceSummary {
            id: "r".into(),
            category: Category::Freezer,
            status: ResourceStatus::Published,
            title: "Congélateur".into(),
            region: Region::from_code(region).expect("region"),
            org_id: "entrepot".into(),
            org_name: "Entrepôt".into(),
            org_verified: true,
            price_unit: PriceUnit::Free,
            price_cents: 0,
            attributes: Attributes {
                pallet_spots: Some(pallets),
                ..Default::default()
            },
            capacity: 1,
            updated_at: crate::time::Instant::default(),
            cover: None,
        }
    }

    fn thursday_mornings() -> OpeningHours {
        let mut hours = OpeningHours::default();
        hours.0[3] = Some((420, 1080));
        hours
    }

    #[test]
    fn a_close_open_big_enough_freezer_ranks_high_with_reasons() {
        let (score, reasons) =
            score(&need(), &freezer(6, 4), &thursday_mornings()).expect("a match");
        assert!(score >= 90, "{score}");
        assert!(reasons.contains(&MatchReason::SameRegion));
        assert!(reasons.contains(&MatchReason::EnoughCapacity {
            quantity: 2,
            unit: QuantityUnit::Pallets
        }));
        assert!(reasons.contains(&MatchReason::OpenDuring {
            weekday: 3,
            from: 480,
            to: 720
        }));
        assert!(reasons.contains(&MatchReason::Free));
    }

    #[test]
    fn smaller_or_closed_resources_rank_lower() {
        let best = score(&need(), &freezer(6, 4), &thursday_mornings())
            .expect("match")
            .0;
        let small = score(&need(), &freezer(6, 1), &thursday_mornings()).map_or(0, |m| m.0);
        assert!(small < best);
        let mut closed = OpeningHours::default();
        closed.0[0] = Some((480, 720));
        let closed = score(&need(), &freezer(6, 4), &closed).map_or(0, |m| m.0);
        assert!(closed < best);
        // Too small and closed too: lower still.
        let mut weekend = OpeningHours::default();
        weekend.0[5] = Some((480, 720));
        let worst = score(&need(), &freezer(6, 1), &weekend).map_or(0, |m| m.0);
        assert!(worst < small);
    }

    #[test]
    fn a_match_is_in_the_needs_regions_or_next_door_when_welcome() {
        // Montréal and Laval, as the walk-through's need: Saguenay is never a match.
        let mut need = need();
        need.regions = vec![Region::MONTREAL, Region::parse("13").expect("Laval")];
        assert!(score(&need, &freezer(2, 4), &thursday_mornings()).is_none());
        assert!(score(&need, &freezer(13, 4), &thursday_mornings()).is_some());
        // Montérégie borders Montréal: only when the need welcomes neighbouring regions.
        assert!(score(&need, &freezer(16, 4), &thursday_mornings()).is_none());
        need.nearby = true;
        let (near, reasons) = score(&need, &freezer(16, 4), &thursday_mornings()).expect("match");
        let monteregie = Region::parse("16").expect("Montérégie");
        assert!(reasons.contains(&MatchReason::NeighbourRegion { region: monteregie }));
        assert!(!reasons.contains(&MatchReason::SameRegion));
        let (inside, _) = score(&need, &freezer(6, 4), &thursday_mornings()).expect("match");
        assert!(near < inside);
        // Still never 500 km away, and the candidate regions say the same.
        assert!(score(&need, &freezer(2, 4), &thursday_mornings()).is_none());
        let served = regions_served(&need);
        assert!(
            served.contains(&monteregie) && !served.contains(&Region::parse("02").expect("02"))
        );
    }

    #[test]
    fn own_resources_and_other_categories_never_match() {
        let mut own = freezer(6, 4);
        own.org_id = "popote".into();
        assert!(score(&need(), &own, &OpeningHours::default()).is_none());
        let mut kitchen = freezer(6, 4);
        kitchen.category = Category::Kitchen;
        assert!(score(&need(), &kitchen, &OpeningHours::default()).is_none());
    }

    #[test]
    fn a_refrigerated_van_serves_a_refrigerated_truck_need() {
        assert!(categories_fit(
            Category::RefrigeratedTruck,
            Category::Vehicle,
            true
        ));
        assert!(!categories_fit(
            Category::RefrigeratedTruck,
            Category::Vehicle,
            false
        ));
    }
}
