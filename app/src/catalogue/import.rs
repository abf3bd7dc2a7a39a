//! Bulk onboarding: resources from a CSV file (a spreadsheet saved as CSV, commas or
//! semicolons, as French spreadsheets write them). Columns are found by name, in any order;
//! every row goes through the same validation as the form. Pure, so it is tested without a
//! server; `api::import_resources` writes all rows in one transaction, or none. Over 400 lines
//! only by its tests.

#[cfg(feature = "ssr")]
use super::{
    resources::types::ResourceContent,
    types::{Accepted, ImportProblem},
};
#[cfg(feature = "ssr")]
use super::{
    resources::{
        form::ResourceInput,
        types::{Category, PriceUnit},
    },
    search::normalize,
};
#[cfg(feature = "ssr")]
use crate::{
    i18n::{Locale, Msg},
    shared::Region,
};

/// The template's columns, in order, with an example row.
#[cfg(feature = "ssr")]
pub const COLUMNS: [(&str, &str); 30] = [
    ("categorie", "Cuisine commerciale"),
    ("titre", "Cuisine de production 80 m², 4 postes"),
    (
        "description",
        "Permis MAPAQ, disponible les fins de semaine.",
    ),
    ("region", "06"),
    ("adresse", "2000, rue Aylwin, Montréal"),
    ("notes_acces", "Clé à l’accueil"),
    ("superficie_m2", "80"),
    ("postes", "4"),
    ("permis_mapaq", "oui"),
    ("equipement", "Four combiné, marmite basculante"),
    ("temp_min_c", ""),
    ("temp_max_c", ""),
    ("palettes", ""),
    ("refrigere", ""),
    ("charge_kg", ""),
    ("volume_m3", ""),
    ("classe_permis", ""),
    ("places", ""),
    ("competence", ""),
    ("heures_semaine", ""),
    ("tarif", "heure"),
    ("prix", "25,00"),
    ("depot", "100"),
    ("capacite", "4"),
    ("mode", "approbation"),
    ("duree_min_h", "3"),
    ("duree_max_h", ""),
    ("delai_h", "48"),
    ("battement_min", "60"),
    ("heures", "sam 07:00-19:00; dim 07:00-19:00"),
];

/// The largest file accepted, and the most rows.
pub const MAX_BYTES: usize = 1024 * 1024;
pub const MAX_ROWS: usize = 2000;

/// The template to download: the header, the example row, and a second example.
#[cfg(feature = "ssr")]
pub fn template() -> String {
    let header: Vec<&str> = COLUMNS.iter().map(|(name, _)| *name).collect();
    let example: Vec<&str> = COLUMNS.iter().map(|(_, v)| *v).collect();
    let mut second = vec![""; COLUMNS.len()];
    for (name, value) in [
        ("categorie", "Congélateur"),
        ("titre", "Congélateur coffre 500 L"),
        ("region", "Laval"),
        ("temp_min_c", "-25"),
        ("temp_max_c", "-18"),
        ("palettes", "2"),
        ("tarif", "gratuit"),
        ("heures", "jeu 07:00-13:00"),
    ] {
        if let Some(i) = COLUMNS.iter().position(|(n, _)| *n == name) {
            second[i] = value;
        }
    }
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for record in [header, example, second] {
        // Writing to memory cannot fail.
        let _ = writer.write_record(record);
    }
    writer
        .into_inner()
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_default()
}

/// Splits CSV text into records (RFC 4180: quoted fields may hold delimiters, quotes and line
/// breaks), each with the line of the file it starts on, by the `csv` crate. A leading
/// byte-order mark is ignored; blank records are skipped.
#[cfg(feature = "ssr")]
pub fn parse_records(text: &str, delimiter: u8) -> Vec<(u32, Vec<String>)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    let mut record = csv::StringRecord::new();
    // Text is UTF-8 already and rows may have any length: reading stops only at the end.
    while let Ok(true) = reader.read_record(&mut record) {
        if record.iter().all(|field| field.trim().is_empty()) {
            continue;
        }
        // The line the record starts on, counted in the text itself: the reader's own line
        // count leaves out the blank lines it skips.
        let mut start = record
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok())
            .unwrap_or(0)
            .min(text.len());
        // The position may point at the blank lines skipped before the record.
        while matches!(text.as_bytes().get(start), Some(b'\n' | b'\r')) {
            start += 1;
        }
        let newlines = text.as_bytes()[..start.min(text.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        let line = u32::try_from(newlines + 1).unwrap_or(u32::MAX);
        records.push((line, record.iter().map(str::to_owned).collect()));
    }
    records
}

/// One data row of a file: where it is, what it says, and a problem found while reading it.
#[cfg(feature = "ssr")]
#[derive(Debug, PartialEq)]
pub struct ImportedRow {
    pub line: u32,
    pub input: ResourceInput,
    pub problem: Option<(&'static str, Msg)>,
    /// The « heures » cell as written, to show when it is the problem.
    pub hours_text: String,
}

/// The form's fields that a file fills, each with its column and a value that passes
/// validation (so that one problem does not hide the next, see [`ImportedRow::check`]).
#[cfg(feature = "ssr")]
const FIELD_COLUMNS: [(&str, &str, &str); 27] = [
    ("category", "categorie", "kitchen"),
    ("title", "titre", "Ressource"),
    ("description", "description", ""),
    ("region", "region", "06"),
    ("address", "adresse", ""),
    ("access_notes", "notes_acces", ""),
    ("area_m2", "superficie_m2", ""),
    ("work_stations", "postes", ""),
    ("equipment", "equipement", ""),
    ("temp_min_c", "temp_min_c", ""),
    ("temp_max_c", "temp_max_c", ""),
    ("pallet_spots", "palettes", ""),
    ("payload_kg", "charge_kg", ""),
    ("volume_m3", "volume_m3", ""),
    ("licence_class", "classe_permis", ""),
    ("seats", "places", ""),
    ("skill", "competence", ""),
    ("hours_per_week", "heures_semaine", ""),
    ("price_unit", "tarif", "free"),
    ("price", "prix", "1"),
    ("deposit", "depot", ""),
    ("capacity", "capacite", "1"),
    ("booking_mode", "mode", "approval"),
    ("min_hours", "duree_min_h", ""),
    ("max_hours", "duree_max_h", ""),
    ("lead_hours", "delai_h", ""),
    ("buffer_minutes", "battement_min", ""),
];

#[cfg(feature = "ssr")]
fn field_mut<'a>(input: &'a mut ResourceInput, field: &str) -> Option<&'a mut String> {
    Some(match field {
        "category" => &mut input.category,
        "title" => &mut input.title,
        "description" => &mut input.description,
        "region" => &mut input.region,
        "address" => &mut input.address,
        "access_notes" => &mut input.access_notes,
        "area_m2" => &mut input.area_m2,
        "work_stations" => &mut input.work_stations,
        "equipment" => &mut input.equipment,
        "temp_min_c" => &mut input.temp_min_c,
        "temp_max_c" => &mut input.temp_max_c,
        "pallet_spots" => &mut input.pallet_spots,
        "payload_kg" => &mut input.payload_kg,
        "volume_m3" => &mut input.volume_m3,
        "licence_class" => &mut input.licence_class,
        "seats" => &mut input.seats,
        "skill" => &mut input.skill,
        "hours_per_week" => &mut input.hours_per_week,
        "price_unit" => &mut input.price_unit,
        "price" => &mut input.price,
        "deposit" => &mut input.deposit,
        "capacity" => &mut input.capacity,
        "booking_mode" => &mut input.booking_mode,
        "min_hours" => &mut input.min_hours,
        "max_hours" => &mut input.max_hours,
        "lead_hours" => &mut input.lead_hours,
        "buffer_minutes" => &mut input.buffer_minutes,
        _ => return None,
    })
}

#[cfg(feature = "ssr")]
impl ImportedRow {
    /// Checks the row as the form would, without stopping at the first problem: each cell at
    /// fault is noted with what it held, then given a value that passes, and the row is
    /// checked again, until it passes. The row is good only when nothing was noted.
    pub fn check(&self) -> Result<ResourceContent, Vec<ImportProblem>> {
        let mut input = self.input.clone();
        let mut problems = Vec::new();
        if let Some((column, msg)) = self.problem {
            problems.push(problem(column, msg, &self.hours_text));
        }
        for _ in 0..=FIELD_COLUMNS.len() {
            let (field, msg) = match input.validate() {
                Ok(content) if problems.is_empty() => return Ok(content),
                Ok(_) => break,
                Err(fault) => fault,
            };
            if field.starts_with("hours") {
                problems.push(problem("heures", msg, &self.hours_text));
                input.hours = Default::default();
                continue;
            }
            let Some((_, column, passing)) = FIELD_COLUMNS.iter().find(|(f, _, _)| *f == field)
            else {
                problems.push(problem(field, msg, ""));
                break;
            };
            let Some(cell) = field_mut(&mut input, field) else {
                break;
            };
            if problems.iter().any(|p| p.column == *column) {
                break;
            }
            problems.push(problem(column, msg, cell));
            *cell = (*passing).to_owned();
        }
        let order = |p: &ImportProblem| {
            COLUMNS
                .iter()
                .position(|(name, _)| *name == p.column)
                .unwrap_or(COLUMNS.len())
        };
        problems.sort_by_key(order);
        Err(problems)
    }
}

#[cfg(feature = "ssr")]
fn problem(column: &str, msg: Msg, value: &str) -> ImportProblem {
    ImportProblem {
        column: column.to_owned(),
        error: msg.key().to_owned(),
        value: value.chars().take(80).collect(),
        accepted: match column {
            "categorie" => Some(Accepted::Categories),
            "region" => Some(Accepted::Regions),
            "tarif" => Some(Accepted::PriceUnits),
            _ => None,
        },
    }
}

/// What is wrong with a whole file.
#[cfg(feature = "ssr")]
#[derive(Debug, PartialEq, Eq)]
pub enum FileProblem {
    Empty,
    TooLarge,
    MissingColumn(&'static str),
}

#[cfg(feature = "ssr")]
impl FileProblem {
    pub fn msg(&self) -> Msg {
        match self {
            FileProblem::Empty => Msg::ErrorCsvEmpty,
            FileProblem::TooLarge => Msg::ErrorCsvTooLarge,
            FileProblem::MissingColumn(_) => Msg::ErrorCsvMissingColumn,
        }
    }
}

/// The rows of a file as form inputs, with their line numbers (the header is line 1).
#[cfg(feature = "ssr")]
pub fn read_rows(text: &str) -> Result<Vec<ImportedRow>, FileProblem> {
    if text.len() > MAX_BYTES {
        return Err(FileProblem::TooLarge);
    }
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let records = parse_records(text, delimiter);
    let Some((header, rows)) = records.split_first() else {
        return Err(FileProblem::Empty);
    };
    if rows.is_empty() {
        return Err(FileProblem::Empty);
    }
    if rows.len() > MAX_ROWS {
        return Err(FileProblem::TooLarge);
    }
    let (_, header) = header;
    let names: Vec<String> = header
        .iter()
        .map(|h| normalize(h).trim().replace(' ', "_"))
        .collect();
    let column = |name: &str| {
        let wanted = normalize(name).trim().replace(' ', "_");
        names.iter().position(|n| *n == wanted)
    };
    for required in ["categorie", "titre", "region"] {
        if column(required).is_none() {
            return Err(FileProblem::MissingColumn(required));
        }
    }
    let index: Vec<Option<usize>> = COLUMNS.iter().map(|(name, _)| column(name)).collect();
    let mut out = Vec::with_capacity(rows.len());
    for (line, row) in rows {
        let get = |name: &str| -> String {
            COLUMNS
                .iter()
                .position(|(n, _)| *n == name)
                .and_then(|c| index[c])
                .and_then(|c| row.get(c))
                .map(|v| v.trim().to_owned())
                .unwrap_or_default()
        };
        let mut input = ResourceInput {
            category: category_code(&get("categorie")),
            title: get("titre"),
            description: get("description"),
            region: region_code(&get("region")),
            address: get("adresse"),
            access_notes: get("notes_acces"),
            area_m2: get("superficie_m2"),
            work_stations: get("postes"),
            mapaq_permit: yes(&get("permis_mapaq")),
            equipment: get("equipement"),
            temp_min_c: get("temp_min_c"),
            temp_max_c: get("temp_max_c"),
            pallet_spots: get("palettes"),
            refrigerated: yes(&get("refrigere")),
            payload_kg: get("charge_kg"),
            volume_m3: get("volume_m3"),
            licence_class: get("classe_permis"),
            seats: get("places"),
            skill: get("competence"),
            hours_per_week: get("heures_semaine"),
            price_unit: price_unit_code(&get("tarif")),
            price: get("prix"),
            deposit: get("depot"),
            capacity: get("capacite"),
            booking_mode: mode_code(&get("mode")),
            min_hours: get("duree_min_h"),
            max_hours: get("duree_max_h"),
            lead_hours: get("delai_h"),
            buffer_minutes: get("battement_min"),
            ..Default::default()
        };
        let hours_text = get("heures");
        let problem = apply_hours(&mut input, &hours_text)
            .err()
            .map(|()| ("heures", Msg::ErrorHoursInvalid));
        out.push(ImportedRow {
            line: *line,
            input,
            problem,
            hours_text,
        });
    }
    Ok(out)
}

#[cfg(feature = "ssr")]
fn folded(value: &str) -> String {
    normalize(value).trim().replace(' ', "_")
}

/// A category by code (« kitchen ») or by name in either language (« Cuisine commerciale »).
#[cfg(feature = "ssr")]
fn category_code(value: &str) -> String {
    let wanted = folded(value);
    Category::ALL
        .into_iter()
        .find(|c| {
            folded(c.code()) == wanted
                || folded(Locale::Fr.t(c.label())) == wanted
                || folded(Locale::En.t(c.label())) == wanted
        })
        .map(|c| c.code().to_owned())
        .unwrap_or_else(|| value.to_owned())
}

/// A region by code (« 06 », « 6 ») or by name (« Montréal »).
#[cfg(feature = "ssr")]
fn region_code(value: &str) -> String {
    if let Some(region) = Region::parse(value) {
        return region.code_str();
    }
    let wanted = folded(value);
    Region::all()
        .find(|r| folded(r.name()) == wanted)
        .map(|r| r.code_str())
        .unwrap_or_else(|| value.to_owned())
}

#[cfg(feature = "ssr")]
fn price_unit_code(value: &str) -> String {
    let code = match folded(value).as_str() {
        "" | "gratuit" | "free" => PriceUnit::Free,
        "heure" | "hour" | "h" => PriceUnit::Hour,
        "jour" | "day" => PriceUnit::Day,
        "utilisation" | "use" => PriceUnit::Use,
        "palette_semaine" | "pallet_week" => PriceUnit::PalletWeek,
        _ => return value.to_owned(),
    };
    code.code().to_owned()
}

#[cfg(feature = "ssr")]
fn mode_code(value: &str) -> String {
    match folded(value).as_str() {
        "immediate" | "instant" | "immediat" => "instant",
        _ => "approval",
    }
    .to_owned()
}

#[cfg(feature = "ssr")]
fn yes(value: &str) -> Option<String> {
    matches!(
        folded(value).as_str(),
        "oui" | "yes" | "1" | "x" | "vrai" | "true"
    )
    .then(|| "on".to_owned())
}

/// « lun 08:00-17:00; sam 07:00-19:00 » into the form's opening hours; `Err` when a part is
/// not a day followed by two times (the times themselves are checked by validation).
#[cfg(feature = "ssr")]
fn apply_hours(input: &mut ResourceInput, text: &str) -> Result<(), ()> {
    const DAYS: [[&str; 3]; 7] = [
        ["lun", "mon", "lundi"],
        ["mar", "tue", "mardi"],
        ["mer", "wed", "mercredi"],
        ["jeu", "thu", "jeudi"],
        ["ven", "fri", "vendredi"],
        ["sam", "sat", "samedi"],
        ["dim", "sun", "dimanche"],
    ];
    for part in text.split([';', '|']) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let (day, span) = part.split_once(char::is_whitespace).ok_or(())?;
        let day = folded(day).trim_end_matches('.').to_owned();
        let d = DAYS
            .iter()
            .position(|names| names.contains(&day.as_str()))
            .ok_or(())?;
        let (open, close) = span
            .split_once(['-', '–'])
            .map(|(a, b)| (a.trim().to_owned(), b.trim().to_owned()))
            .ok_or(())?;
        input.hours.set(d, open, close);
    }
    Ok(())
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn the_template_imports_cleanly() {
        let rows = read_rows(&template()).expect("rows");
        assert_eq!(rows.len(), 2);
        for row in &rows {
            assert_eq!(row.problem, None);
            row.input
                .validate()
                .unwrap_or_else(|e| panic!("line {}: {e:?}", row.line));
        }
        let kitchen = rows[0].input.validate().expect("valid");
        assert_eq!(kitchen.attributes.work_stations, Some(4));
        assert!(kitchen.attributes.mapaq_permit);
        assert_eq!(kitchen.rules.opening_hours.0[5], Some((420, 1140)));
        let freezer = rows[1].input.validate().expect("valid");
        assert_eq!(freezer.region.name(), "Laval");
        assert_eq!(freezer.rules.opening_hours.0[3], Some((420, 780)));
    }

    #[test]
    fn semicolons_quotes_and_names_in_any_order() {
        let text = "\u{feff}Titre;Région;Catégorie;Description\n\
                    \"Salle « Le Phare »; 40 places\";Capitale-Nationale;Salle;\"Deux lignes\nde texte\"\n";
        let rows = read_rows(text).expect("rows");
        assert_eq!(rows.len(), 1);
        let (line, input) = (rows[0].line, &rows[0].input);
        assert_eq!(line, 2);
        assert_eq!(input.title, "Salle « Le Phare »; 40 places");
        assert_eq!(input.region, "03");
        assert_eq!(input.category, "room");
        assert_eq!(input.description, "Deux lignes\nde texte");
    }

    #[test]
    fn whole_file_problems() {
        assert_eq!(read_rows(""), Err(FileProblem::Empty));
        assert_eq!(
            read_rows("categorie,titre,region\n"),
            Err(FileProblem::Empty)
        );
        assert_eq!(
            read_rows("categorie,region\nkitchen,06\n"),
            Err(FileProblem::MissingColumn("titre"))
        );
        let big = format!(
            "categorie,titre,region\n{}",
            "kitchen,Cuisine,06\n".repeat(3000)
        );
        assert_eq!(read_rows(&big), Err(FileProblem::TooLarge));
    }

    #[test]
    fn bad_rows_are_named_by_line() {
        let text = "categorie,titre,region,capacite,description,heures\n\
                    kitchen,Cuisine,06,4,\"deux\nlignes\",\n\
                    \n\
                    kitchen,Cuisine,06,-2,,\n\
                    kitchen,Cuisine,06,2,,lundi\n";
        let rows = read_rows(text).expect("rows");
        assert!(rows[0].input.validate().is_ok());
        // A quoted line break and a blank line push the next rows down, as in the file.
        assert_eq!(rows[1].line, 5);
        assert_eq!(
            rows[1].input.validate(),
            Err(("capacity", Msg::ErrorNumberOutOfRange))
        );
        assert_eq!(rows[2].line, 6);
        assert_eq!(rows[2].problem, Some(("heures", Msg::ErrorHoursInvalid)));
    }

    #[test]
    fn a_row_lists_every_problem_with_its_value_in_column_order() {
        let text = "categorie;titre;region;tarif;prix;capacite;heures\n\
                    fusée;;Mars;au mois;;-2;lundi\n\
                    Congélateur;Bon;Laval;gratuit;;1;\n";
        let rows = read_rows(text).expect("rows");
        let problems = rows[0].check().expect_err("refused");
        let seen: Vec<(&str, &str, &str)> = problems
            .iter()
            .map(|p| (p.column.as_str(), p.error.as_str(), p.value.as_str()))
            .collect();
        assert_eq!(
            seen,
            [
                ("categorie", "error.category_required", "fusée"),
                ("titre", "error.title_required", ""),
                ("region", "error.region_required", "Mars"),
                ("tarif", "error.price_unit_invalid", "au mois"),
                ("capacite", "error.number_out_of_range", "-2"),
                ("heures", "error.hours_invalid", "lundi"),
            ]
        );
        assert_eq!(problems[0].accepted, Some(Accepted::Categories));
        assert_eq!(problems[2].accepted, Some(Accepted::Regions));
        assert_eq!(problems[3].accepted, Some(Accepted::PriceUnits));
        assert!(rows[1].check().is_ok());
    }

    #[test]
    fn the_template_names_categories_in_french() {
        let template = template();
        assert!(template.contains("Cuisine commerciale,"), "{template}");
        assert!(!template.contains(",kitchen,") && !template.contains("\nkitchen,"));
    }
}
