//! Text search that forgives what people leave out on a phone: accents, capitals and French
//! plurals. Stored text and queries go through the same `normalize`, so "congelateur" finds
//! « Congélateurs » and « camions réfrigérés » finds "Camion réfrigéré".

use super::{needs::types::NeedDraft, resources::types::ResourceContent};
use crate::i18n::Locale;

/// Lower-cases, strips accents and punctuation, and reduces each word to its singular stem.
/// The result starts and ends with a space, so `LIKE '% stem%'` matches word beginnings.
pub fn normalize(text: &str) -> String {
    let mut out = String::from(" ");
    for word in words(text) {
        out.push_str(&word);
        out.push(' ');
    }
    out
}

/// The words a resource is found by: its title, description, category (both languages),
/// facts, region and owner.
pub fn resource_search_text(d: &ResourceContent, org_name: &str) -> String {
    let a = &d.attributes;
    normalize(&format!(
        "{} {} {} {} {} {} {} {} {}",
        d.title,
        d.description,
        Locale::Fr.t(d.category.label()),
        Locale::En.t(d.category.label()),
        a.equipment,
        a.skill,
        a.licence_class,
        d.region.name(),
        org_name,
    ))
}

/// The words a need is found by.
pub fn need_search_text(d: &NeedDraft, org_name: &str) -> String {
    let regions: Vec<&str> = d.regions.iter().map(|r| r.name()).collect();
    normalize(&format!(
        "{} {} {} {} {} {}",
        d.title,
        d.description,
        Locale::Fr.t(d.category.label()),
        Locale::En.t(d.category.label()),
        regions.join(" "),
        org_name,
    ))
}

/// Longest query a search accepts, in characters; longer ones are refused with a message.
pub const MAX_QUERY_CHARS: usize = 200;
/// Longest stem searched for: a longer word is looked up by its first 40 characters (no word
/// of a real listing is longer), so no pattern grows with the input.
const MAX_TERM_CHARS: usize = 40;

/// Refuses a query too long to be a search (a pasted document, a probe).
pub fn check_query(query: &str) -> Result<(), crate::i18n::Msg> {
    if query.chars().count() > MAX_QUERY_CHARS {
        return Err(crate::i18n::Msg::ErrorQueryTooLong);
    }
    Ok(())
}

/// The stems of a query, each to be found at the start of a word of the stored text.
pub fn query_terms(query: &str) -> Vec<String> {
    let mut terms: Vec<String> = words(query)
        .map(|t| match t.char_indices().nth(MAX_TERM_CHARS) {
            Some((cut, _)) => t[..cut].to_owned(),
            None => t,
        })
        .collect();
    terms.dedup();
    // A search box is not a document: bound the work one query can ask for.
    terms.truncate(8);
    terms
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match fold_char(c) {
            Some(s) => folded.push_str(s),
            None if c.is_alphanumeric() => folded.push(c),
            None => folded.push(' '),
        }
    }
    folded
        .split_whitespace()
        .map(stem)
        .collect::<Vec<_>>()
        .into_iter()
}

/// French (and English) plural endings: « congélateurs » → congelateur, « réseaux » → reseau.
fn stem(word: &str) -> String {
    let n = word.chars().count();
    if n > 3 && (word.ends_with('s') || word.ends_with('x')) && !word.ends_with("ss") {
        word[..word.len() - 1].to_owned()
    } else {
        word.to_owned()
    }
}

fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => "a",
        'ç' => "c",
        'é' | 'è' | 'ê' | 'ë' => "e",
        'î' | 'ï' | 'í' | 'ì' => "i",
        'ô' | 'ö' | 'ó' | 'ò' | 'õ' => "o",
        'ù' | 'û' | 'ü' | 'ú' => "u",
        'ÿ' => "y",
        'ñ' => "n",
        'œ' => "oe",
        'æ' => "ae",
        '²' => "2",
        '³' => "3",
        '°' => " ",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_case_and_plurals_fold_together() {
        assert_eq!(normalize("Congélateurs"), normalize("congelateur"));
        assert_eq!(normalize("CAMIONS RÉFRIGÉRÉS"), " camion refrigere ");
        assert_eq!(normalize("Chambre froide 2–4 °C"), " chambre froide 2 4 c ");
        assert_eq!(normalize("80 m²"), " 80 m2 ");
        assert_eq!(normalize("Œufs"), " oeuf ");
    }

    #[test]
    fn short_words_and_double_s_keep_their_ending() {
        assert_eq!(normalize("bus gaz"), " bus gaz ");
        assert_eq!(normalize("express"), " express ");
    }

    #[test]
    fn query_terms_are_bounded_stems() {
        assert_eq!(
            query_terms("congelateurs  Rosemont"),
            ["congelateur", "rosemont"]
        );
        assert_eq!(query_terms("  ,;  "), Vec::<String>::new());
        assert_eq!(query_terms(&"mot ".repeat(50)).len(), 1);
        assert_eq!(query_terms("a b c d e f g h i j k").len(), 8);
        let long = "é".repeat(50_000);
        assert_eq!(query_terms(&long), vec!["e".repeat(40)]);
        assert!(check_query(&long).is_err());
        assert!(check_query(&"congélateur ".repeat(16)).is_ok());
    }
}
