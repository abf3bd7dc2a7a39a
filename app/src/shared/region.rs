//! Québec's 17 administrative regions.

use serde::{Deserialize, Serialize};

/// One of Québec's 17 administrative regions, by its official two-digit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Region(u8);

impl Region {
    pub const MONTREAL: Region = Region(6);

    /// Official codes and names (names are proper nouns, the same in both languages).
    pub const ALL: [(u8, &'static str); 17] = [
        (1, "Bas-Saint-Laurent"),
        (2, "Saguenay–Lac-Saint-Jean"),
        (3, "Capitale-Nationale"),
        (4, "Mauricie"),
        (5, "Estrie"),
        (6, "Montréal"),
        (7, "Outaouais"),
        (8, "Abitibi-Témiscamingue"),
        (9, "Côte-Nord"),
        (10, "Nord-du-Québec"),
        (11, "Gaspésie–Îles-de-la-Madeleine"),
        (12, "Chaudière-Appalaches"),
        (13, "Laval"),
        (14, "Lanaudière"),
        (15, "Laurentides"),
        (16, "Montérégie"),
        (17, "Centre-du-Québec"),
    ];

    pub fn from_code(code: u8) -> Option<Region> {
        (1..=17).contains(&code).then_some(Region(code))
    }

    /// Accepts "06", "6".
    pub fn parse(code: &str) -> Option<Region> {
        code.trim().parse::<u8>().ok().and_then(Region::from_code)
    }

    pub fn code(self) -> u8 {
        self.0
    }

    /// "06" — the form used in URLs and the database.
    pub fn code_str(self) -> String {
        format!("{:02}", self.0)
    }

    pub fn name(self) -> &'static str {
        Region::ALL[usize::from(self.0 - 1)].1
    }

    pub fn all() -> impl Iterator<Item = Region> {
        (1..=17).map(Region)
    }

    /// Latitude and longitude of the region's main population centre, for "nearest first".
    fn centre(self) -> (f64, f64) {
        const CENTRES: [(f64, f64); 17] = [
            (48.45, -68.52), // Rimouski
            (48.43, -71.07), // Saguenay
            (46.81, -71.21), // Québec
            (46.35, -72.55), // Trois-Rivières
            (45.40, -71.89), // Sherbrooke
            (45.50, -73.57), // Montréal
            (45.48, -75.70), // Gatineau
            (48.24, -79.02), // Rouyn-Noranda
            (49.22, -68.15), // Baie-Comeau
            (49.91, -74.37), // Chibougamau
            (48.83, -64.48), // Gaspé
            (46.80, -71.18), // Lévis
            (45.57, -73.69), // Laval
            (46.02, -73.44), // Joliette
            (45.78, -74.00), // Saint-Jérôme
            (45.54, -73.21), // Longueuil–Saint-Hyacinthe
            (45.88, -72.48), // Drummondville
        ];
        CENTRES[usize::from(self.0 - 1)]
    }

    /// Approximate distance between the regions' main centres, in kilometres.
    pub fn distance_km(self, other: Region) -> f64 {
        let ((lat1, lon1), (lat2, lon2)) = (self.centre(), other.centre());
        let x = (lon2 - lon1).to_radians() * ((lat1 + lat2) / 2.0).to_radians().cos();
        let y = (lat2 - lat1).to_radians();
        (x * x + y * y).sqrt() * 6371.0
    }

    /// The regions that share a border with this one, or a bridge across the St. Lawrence
    /// (Québec–Lévis, Trois-Rivières–Bécancour); ferries do not count. Symmetric.
    pub fn neighbours(self) -> &'static [Region] {
        const fn r(code: u8) -> Region {
            Region(code)
        }
        const NEIGHBOURS: [&[Region]; 17] = [
            &[r(11), r(12)],                                 // Bas-Saint-Laurent
            &[r(3), r(4), r(9), r(10)],                      // Saguenay–Lac-Saint-Jean
            &[r(2), r(4), r(9), r(12)],                      // Capitale-Nationale
            &[r(2), r(3), r(8), r(10), r(14), r(15), r(17)], // Mauricie
            &[r(12), r(16), r(17)],                          // Estrie
            &[r(13), r(14), r(16)],                          // Montréal
            &[r(8), r(15)],                                  // Outaouais
            &[r(4), r(7), r(10)],                            // Abitibi-Témiscamingue
            &[r(2), r(3), r(10)],                            // Côte-Nord
            &[r(2), r(4), r(8), r(9)],                       // Nord-du-Québec
            &[r(1)],                                         // Gaspésie–Îles-de-la-Madeleine
            &[r(1), r(3), r(5), r(17)],                      // Chaudière-Appalaches
            &[r(6), r(14), r(15)],                           // Laval
            &[r(4), r(6), r(13), r(15)],                     // Lanaudière
            &[r(4), r(7), r(13), r(14)],                     // Laurentides
            &[r(5), r(6), r(17)],                            // Montérégie
            &[r(4), r(5), r(12), r(16)],                     // Centre-du-Québec
        ];
        NEIGHBOURS[usize::from(self.0 - 1)]
    }

    /// Every region, nearest first.
    pub fn by_distance_from(self) -> Vec<Region> {
        let mut all: Vec<Region> = Region::all().collect();
        all.sort_by(|a, b| self.distance_km(*a).total_cmp(&self.distance_km(*b)));
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbours_are_mutual_and_never_oneself() {
        for region in Region::all() {
            assert!(!region.neighbours().contains(&region), "{}", region.name());
            for other in region.neighbours() {
                assert!(
                    other.neighbours().contains(&region),
                    "{} lists {} but not the other way",
                    region.name(),
                    other.name()
                );
            }
        }
        let laval = Region::parse("13").expect("Laval");
        assert!(Region::MONTREAL.neighbours().contains(&laval));
        let saguenay = Region::parse("02").expect("Saguenay");
        assert!(!Region::MONTREAL.neighbours().contains(&saguenay));
    }
}
