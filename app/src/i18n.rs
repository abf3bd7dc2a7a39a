//! Two languages, fr-CA first. Messages live in `locales/*.json`; `build.rs` turns them into
//! the `Msg` enum, so every key used in code exists in both files.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

include!(concat!(env!("OUT_DIR"), "/messages.rs"));

/// The cookie that remembers a visitor's language choice.
pub const LOCALE_COOKIE: &str = "partage_lang";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    Fr,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Fr, Locale::En];

    pub fn t(self, msg: Msg) -> &'static str {
        match self {
            Locale::Fr => msg.fr(),
            Locale::En => msg.en(),
        }
    }

    /// The short code stored in cookies and the database.
    pub fn code(self) -> &'static str {
        match self {
            Locale::Fr => "fr",
            Locale::En => "en",
        }
    }

    /// The BCP 47 tag for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::Fr => "fr-CA",
            Locale::En => "en-CA",
        }
    }

    /// The language's own name, for the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::Fr => "Français",
            Locale::En => "English",
        }
    }

    pub fn parse(code: &str) -> Option<Locale> {
        let lower = code.trim().to_ascii_lowercase();
        let primary = lower.split(['-', '_']).next().unwrap_or_default();
        match primary {
            "fr" => Some(Locale::Fr),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// Picks the best of our languages from an `Accept-Language` header, honouring q-values.
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        let mut best: Option<(f32, Locale)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or_default();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            if let Some(locale) = Locale::parse(tag)
                && q > 0.0
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, locale));
            }
        }
        best.map(|(_, l)| l)
    }

    /// The language for a request: the remembered choice (cookie) first, then the browser's.
    pub fn from_headers(headers: &http::HeaderMap) -> Locale {
        let from_cookie = headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .find_map(|c| {
                c.trim()
                    .strip_prefix(LOCALE_COOKIE)?
                    .strip_prefix('=')
                    .and_then(Locale::parse)
            });
        from_cookie
            .or_else(|| {
                headers
                    .get(http::header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .and_then(Locale::from_accept_language)
            })
            .unwrap_or_default()
    }
}

/// The reader's language, shared by every component through context.
#[derive(Clone, Copy)]
pub struct I18n {
    pub locale: RwSignal<Locale>,
}

impl I18n {
    /// The message in the current language. Views use it as plain text: a language switch
    /// renders the page again rather than updating each string.
    pub fn t(&self, msg: Msg) -> &'static str {
        self.locale.get().t(msg)
    }

    /// The message with `{name}` placeholders filled in.
    pub fn tf(&self, msg: Msg, args: &[(&str, &str)]) -> String {
        fill(self.t(msg), args)
    }
}

pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// `t!(i18n, Key)` is a reactive text node for `Msg::Key`.
#[macro_export]
macro_rules! t {
    ($i18n:expr, $key:ident) => {{
        let i18n = $i18n;
        move || i18n.t($crate::i18n::Msg::$key)
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_highest_quality() {
        assert_eq!(
            Locale::from_accept_language("en-CA,en;q=0.9,fr;q=0.8"),
            Some(Locale::En)
        );
        assert_eq!(
            Locale::from_accept_language("de-DE, fr-CA;q=0.5, en;q=0.4"),
            Some(Locale::Fr)
        );
        assert_eq!(Locale::from_accept_language("de, es"), None);
        assert_eq!(
            Locale::from_accept_language("en;q=0, fr;q=0.1"),
            Some(Locale::Fr)
        );
    }

    #[test]
    fn cookie_choice_beats_browser_language() {
        let mut headers = http::HeaderMap::new();
        headers.insert(
            http::header::ACCEPT_LANGUAGE,
            "en-CA".parse().expect("header"),
        );
        assert_eq!(Locale::from_headers(&headers), Locale::En);
        headers.insert(
            http::header::COOKIE,
            "a=b; partage_lang=fr".parse().expect("header"),
        );
        assert_eq!(Locale::from_headers(&headers), Locale::Fr);
    }

    #[test]
    fn every_message_is_found_by_its_key() {
        for msg in ALL {
            assert_eq!(Msg::from_key(msg.key()), Some(msg));
            assert!(!msg.fr().is_empty() && !msg.en().is_empty(), "{msg:?}");
        }
        assert_eq!(Msg::from_key("photo.too_large"), Some(Msg::PhotoTooLarge));
        assert_eq!(Msg::from_key("no.such_key"), None);
        assert_eq!(Msg::from_key(""), None);
    }

    #[test]
    fn default_is_french() {
        assert_eq!(Locale::from_headers(&http::HeaderMap::new()), Locale::Fr);
    }

    #[test]
    fn fill_replaces_placeholders() {
        assert_eq!(
            fill("Bonjour {name} !", &[("name", "Léa")]),
            "Bonjour Léa !"
        );
    }
}
