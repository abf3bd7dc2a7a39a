//! Two languages, fr-CA first. Messages live in `locales/*.json`; `build.rs` turns them into
//! the `Msg` enum, so every key used in code exists in both files.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

include!(concat!(env!("OUT_DIR"), "/messages.rs"));

#[cfg(not(feature = "hydrate"))]
impl Msg {
    pub const fn key(self) -> &'static str {
        tables::KEYS[self as usize]
    }
    pub const fn fr(self) -> &'static str {
        tables::FR[self as usize]
    }
    pub const fn en(self) -> &'static str {
        tables::EN[self as usize]
    }
    /// Finds a message by its key (used for error codes sent by the server).
    pub fn from_key(key: &str) -> Option<Msg> {
        tables::KEYS.binary_search(&key).ok().map(|i| ALL[i])
    }
}

/// In the browser, the messages of the page's language only, handed over by the page's
/// messages script (see [`Locale::messages_script_path`]); switching language reloads the page.
#[cfg(feature = "hydrate")]
impl Msg {
    /// The message's key; in the browser, empty unless it is an error code.
    pub fn key(self) -> &'static str {
        page_messages::get()
            .keys
            .get(self as usize)
            .copied()
            .unwrap_or_default()
    }
    /// Finds a message by its key (used for error codes sent by the server). The page's
    /// script names error codes only (`error.*`, `photo.*`); other keys are empty there.
    pub fn from_key(key: &str) -> Option<Msg> {
        if key.is_empty() {
            return None;
        }
        let keys = &page_messages::get().keys;
        keys.iter()
            .position(|k| *k == key)
            .and_then(|i| ALL.get(i).copied())
    }
    fn page_text(self) -> &'static str {
        let messages = page_messages::get();
        messages
            .texts
            .get(self as usize)
            .copied()
            .unwrap_or_else(|| self.key())
    }
}

#[cfg(feature = "hydrate")]
mod page_messages {
    use std::sync::RwLock;

    use wasm_bindgen::JsCast;

    pub struct Messages {
        pub keys: Vec<&'static str>,
        pub texts: Vec<&'static str>,
        /// All the language's messages (not the home page's share of them).
        pub complete: bool,
    }

    /// Read from the page's script once, and again when the whole script arrives.
    static MESSAGES: RwLock<Option<&'static Messages>> = RwLock::new(None);

    pub fn get() -> &'static Messages {
        match MESSAGES.read().ok().and_then(|m| *m) {
            // The home page's share, until the whole script has run (it sets `complete`).
            Some(messages)
                if messages.complete || !field("complete").is_some_and(|v| v.is_truthy()) =>
            {
                messages
            }
            _ => reload(),
        }
    }

    /// Reads `window.__partageMessages` (kept for the life of the page; read again once the
    /// home page's script has fetched the whole one).
    fn reload() -> &'static Messages {
        let messages: &'static Messages = Box::leak(Box::new(Messages {
            keys: read("keys"),
            texts: read("texts"),
            complete: field("complete").and_then(|v| v.as_bool()).unwrap_or(true),
        }));
        if messages.keys.len() != super::ALL.len() || messages.texts.len() != super::ALL.len() {
            leptos::logging::error!("the page's messages are missing or out of step");
        }
        if let Ok(mut slot) = MESSAGES.write() {
            *slot = Some(messages);
        }
        messages
    }

    fn field(name: &str) -> Option<wasm_bindgen::JsValue> {
        web_sys::window()
            .and_then(|w| js_sys::Reflect::get(&w, &"__partageMessages".into()).ok())
            .and_then(|all| js_sys::Reflect::get(&all, &name.into()).ok())
            .filter(|v| !v.is_undefined())
    }

    /// One list of `window.__partageMessages`.
    fn read(name: &str) -> Vec<&'static str> {
        field(name)
            .and_then(|list| list.dyn_into::<js_sys::Array>().ok())
            .map(|list| {
                list.iter()
                    .map(|v| &*Box::leak(v.as_string().unwrap_or_default().into_boxed_str()))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The script that hands the browser the messages of `path`'s language, if `path` is one of
/// [`Locale::messages_script_path`] or [`Locale::core_messages_script_path`].
#[cfg(not(feature = "hydrate"))]
pub fn messages_script(path: &str) -> Option<&'static str> {
    [
        (tables::FR_SCRIPT_PATH, tables::FR_SCRIPT),
        (tables::EN_SCRIPT_PATH, tables::EN_SCRIPT),
        (tables::FR_CORE_SCRIPT_PATH, tables::FR_CORE_SCRIPT),
        (tables::EN_CORE_SCRIPT_PATH, tables::EN_CORE_SCRIPT),
    ]
    .into_iter()
    .find(|(p, _)| *p == path)
    .map(|(_, script)| script)
}

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

    /// The message in this language. In the browser, the page's language (the only one it has).
    pub fn t(self, msg: Msg) -> &'static str {
        #[cfg(not(feature = "hydrate"))]
        {
            match self {
                Locale::Fr => msg.fr(),
                Locale::En => msg.en(),
            }
        }
        #[cfg(feature = "hydrate")]
        {
            let _ = self;
            msg.page_text()
        }
    }

    /// Where the page finds the script with this language's messages (named by its content,
    /// so it is cached for good).
    #[cfg(not(feature = "hydrate"))]
    pub fn messages_script_path(self) -> &'static str {
        match self {
            Locale::Fr => tables::FR_SCRIPT_PATH,
            Locale::En => tables::EN_SCRIPT_PATH,
        }
    }

    /// The home page's share of [`Self::messages_script_path`]: the frame's and the home
    /// page's messages, and where the rest is.
    #[cfg(not(feature = "hydrate"))]
    pub fn core_messages_script_path(self) -> &'static str {
        match self {
            Locale::Fr => tables::FR_CORE_SCRIPT_PATH,
            Locale::En => tables::EN_CORE_SCRIPT_PATH,
        }
    }

    /// The short code stored in cookies and the database.
    pub fn code(self) -> &'static str {
        match self {
            Locale::Fr => "fr",
            Locale::En => "en",
        }
    }

    /// The code as a short label, upper-case (« FR »).
    pub fn short_code(self) -> &'static str {
        match self {
            Locale::Fr => "FR",
            Locale::En => "EN",
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
        let from_cookie =
            crate::cookies::cookie_value(headers, LOCALE_COOKIE).and_then(Locale::parse);
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

    /// The message with `{name}` placeholders filled in (and plural forms chosen).
    pub fn tf(&self, msg: Msg, args: &[(&str, &str)]) -> String {
        self.locale.get().tf(msg, args)
    }
}

impl Locale {
    /// The message with its placeholders filled in: `{name}` takes the argument's text, and
    /// `{count, plural, one {# ressource} other {# ressources}}` picks the form this language
    /// uses for the number (`#` is the number as given). Arguments are never read again for
    /// placeholders, so a person's text that contains « {url} » stays as written.
    pub fn tf(self, msg: Msg, args: &[(&str, &str)]) -> String {
        fill(self, self.t(msg), args)
    }

    /// Whether `n` takes the singular: French says « 0 ressource, 1 ressource, 2 ressources »,
    /// English "0 resources, 1 resource, 2 resources".
    pub fn is_singular(self, n: u64) -> bool {
        match self {
            Locale::Fr => n <= 1,
            Locale::En => n == 1,
        }
    }
}

/// See [`Locale::tf`]. An unknown placeholder, or a plural block without its number, stays as
/// written so a mistake shows on the page instead of vanishing.
fn fill(locale: Locale, template: &str, args: &[(&str, &str)]) -> String {
    let arg = |name: &str| args.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(block) = balanced(&rest[open..]) else {
            out.push_str(&rest[open..]);
            return out;
        };
        let inner = &block[1..block.len() - 1];
        match inner.split_once(',') {
            None => match arg(inner.trim()) {
                Some(value) => out.push_str(value),
                None => out.push_str(block),
            },
            Some((name, forms)) => match (arg(name.trim()), plural_forms(forms)) {
                (Some(value), Some((one, other))) => {
                    let n: u64 = value
                        .chars()
                        .filter(char::is_ascii_digit)
                        .collect::<String>()
                        .parse()
                        .unwrap_or(u64::MAX);
                    let form = if locale.is_singular(n) { one } else { other };
                    out.push_str(&fill(locale, form, args).replace('#', value));
                }
                _ => out.push_str(block),
            },
        }
        rest = &rest[open + block.len()..];
    }
    out.push_str(rest);
    out
}

/// The `{…}` that `text` starts with, braces nested; `None` when it is not closed.
fn balanced(text: &str) -> Option<&str> {
    let mut depth = 0_usize;
    for (at, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(&text[..=at]);
                }
            }
            _ => {}
        }
    }
    None
}

/// ` plural, one {…} other {…}` → the two forms.
fn plural_forms(spec: &str) -> Option<(&str, &str)> {
    let mut rest = spec.trim_start().strip_prefix("plural,")?;
    let (mut one, mut other) = (None, None);
    while let Some(open) = rest.find('{') {
        let key = rest[..open].trim();
        let block = balanced(&rest[open..])?;
        let form = &block[1..block.len() - 1];
        match key {
            "one" => one = Some(form),
            "other" => other = Some(form),
            _ => return None,
        }
        rest = &rest[open + block.len()..];
    }
    Some((one?, other?))
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
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

    /// The home page's script leaves out the texts of `PAGE_GROUPS`: the frame (header,
    /// footer, toasts, the UI kit, the session) and the home page must name none of them.
    #[test]
    fn the_frame_needs_no_page_message() {
        let frame = [
            ("layout.rs", include_str!("layout.rs")),
            ("home.rs", include_str!("home.rs")),
            ("error.rs", include_str!("error.rs")),
            ("ui/mod.rs", include_str!("ui/mod.rs")),
            ("ui/dialog.rs", include_str!("ui/dialog.rs")),
            ("ui/fields.rs", include_str!("ui/fields.rs")),
            ("ui/list.rs", include_str!("ui/list.rs")),
            ("ui/not_found.rs", include_str!("ui/not_found.rs")),
            ("ui/pager.rs", include_str!("ui/pager.rs")),
            ("ui/pickers.rs", include_str!("ui/pickers.rs")),
            ("ui/toasts.rs", include_str!("ui/toasts.rs")),
            ("session/mod.rs", include_str!("session/mod.rs")),
        ];
        for msg in ALL {
            let group = msg.key().split('.').next().unwrap_or_default();
            if !PAGE_GROUPS.contains(&group) {
                continue;
            }
            let name = format!("Msg::{msg:?}");
            for (file, source) in frame {
                let named = source.match_indices(&name).any(|(at, _)| {
                    !source[at + name.len()..]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
                });
                assert!(!named, "{file} names {name}, a message of the pages only");
            }
        }
    }

    #[test]
    fn the_home_page_script_names_the_whole_one() {
        for locale in Locale::ALL {
            let core = messages_script(locale.core_messages_script_path()).expect("core");
            assert!(core.contains("\"complete\":false"));
            assert!(core.contains(&format!("\"full\":\"{}\"", locale.messages_script_path())));
            let full = messages_script(locale.messages_script_path()).expect("full");
            assert!(full.contains("\"complete\":true"));
            // A message of the pages is in the whole script only; the frame's are in both.
            let page = locale.t(Msg::FeedsLead);
            let frame = locale.t(Msg::NavSkipToContent);
            assert!(
                full.contains(&format!("\"{page}\"")) && !core.contains(&format!("\"{page}\""))
            );
            assert!(core.contains(frame) && full.contains(frame));
        }
    }

    #[test]
    fn each_language_has_a_script_with_all_its_messages() {
        for locale in Locale::ALL {
            let path = locale.messages_script_path();
            assert!(
                path.starts_with(&format!("/i18n/{}-", locale.code())),
                "{path}"
            );
            let script = messages_script(path).expect("script");
            // The messages' assignment is the first line; the menus' behaviour follows.
            let (first, rest) = script.split_once('\n').expect("lines");
            assert!(rest.contains("details[data-menu][open]"), "{rest}");
            let json = first
                .strip_prefix("window.__partageMessages=")
                .and_then(|s| s.trim_end().strip_suffix(';'))
                .expect("one assignment");
            let value: serde_json::Value = serde_json::from_str(json).expect("valid JSON");
            let (keys, texts) = (&value["keys"], &value["texts"]);
            assert_eq!(keys.as_array().map(Vec::len), Some(ALL.len()));
            for (i, msg) in ALL.into_iter().enumerate() {
                // The page finds error codes by key, everything else by its place.
                let code = ["error.", "photo."]
                    .iter()
                    .any(|p| msg.key().starts_with(p));
                assert_eq!(
                    keys[i].as_str(),
                    Some(if code { msg.key() } else { "" }),
                    "{msg:?}"
                );
                // Emails and calendar files are written on the server: the page does without
                // their texts.
                let expected =
                    if msg.key().starts_with("email.") || msg.key().starts_with("calendar.") {
                        ""
                    } else {
                        locale.t(msg)
                    };
                assert_eq!(texts[i].as_str(), Some(expected), "{msg:?}");
            }
        }
        assert_ne!(
            Locale::Fr.messages_script_path(),
            Locale::En.messages_script_path()
        );
        assert_eq!(messages_script("/i18n/fr-0000000000000000.js"), None);
        assert_eq!(messages_script("/i18n/../Cargo.toml"), None);
    }

    #[test]
    fn default_is_french() {
        assert_eq!(Locale::from_headers(&http::HeaderMap::new()), Locale::Fr);
    }

    #[test]
    fn fill_replaces_placeholders_once() {
        assert_eq!(
            fill(Locale::Fr, "Bonjour {name} !", &[("name", "Léa")]),
            "Bonjour Léa !"
        );
        // A value is not read again: a title that says « {url} » stays as written.
        assert_eq!(
            fill(
                Locale::Fr,
                "{title} : {url}",
                &[("title", "Voir {url}"), ("url", "https://x")]
            ),
            "Voir {url} : https://x"
        );
        assert_eq!(fill(Locale::Fr, "{inconnu} {", &[]), "{inconnu} {");
    }

    #[test]
    fn plurals_follow_each_language() {
        let template = "{count, plural, one {# ressource importée} other {# ressources importées}} \
                        pour {org}";
        let fr = |n: &str| fill(Locale::Fr, template, &[("count", n), ("org", "Moisson")]);
        assert_eq!(fr("0"), "0 ressource importée pour Moisson");
        assert_eq!(fr("1"), "1 ressource importée pour Moisson");
        assert_eq!(fr("2"), "2 ressources importées pour Moisson");
        assert_eq!(
            fr("1\u{202f}234"),
            "1\u{202f}234 ressources importées pour Moisson"
        );
        let en = |n: &str| {
            fill(
                Locale::En,
                "{n, plural, one {# row} other {# rows}} in {file}",
                &[("n", n), ("file", "a.csv")],
            )
        };
        assert_eq!(en("0"), "0 rows in a.csv");
        assert_eq!(en("1"), "1 row in a.csv");
        assert_eq!(en("3"), "3 rows in a.csv");
        // Placeholders inside a form are filled too; a broken block stays visible.
        assert_eq!(
            fill(
                Locale::Fr,
                "{n, plural, one {# photo de {org}} other {# photos de {org}}}",
                &[("n", "2"), ("org", "Moisson")]
            ),
            "2 photos de Moisson"
        );
        assert_eq!(
            fill(Locale::Fr, "{n, plural, few {#}}", &[("n", "2")]),
            "{n, plural, few {#}}"
        );
    }

    /// Every message that counts something in a `plural` block has both forms in both
    /// languages, and no message says « (s) » any more.
    #[test]
    fn messages_say_plurals_in_words() {
        for msg in ALL {
            for locale in Locale::ALL {
                let text = locale.t(msg);
                assert!(!text.contains("(s)"), "{msg:?} in {locale:?}: {text}");
                if text.contains(", plural,") {
                    let filled = locale.tf(msg, &[("count", "2"), ("n", "2"), ("minutes", "2")]);
                    assert!(
                        !filled.contains("plural"),
                        "{msg:?} in {locale:?}: {filled}"
                    );
                }
            }
        }
    }
}
