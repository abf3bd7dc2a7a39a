//! Text people type, bounded and cleaned, and text put into URLs.

use crate::i18n::Msg;

/// Trims and collapses runs of whitespace to one space.
pub fn collapse_spaces(input: &str) -> String {
    input.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Free text bounded to `max` characters (trimmed).
pub fn bounded_text(input: &str, max: usize, too_long: Msg) -> Result<String, Msg> {
    let value = input.trim();
    if value.chars().count() > max {
        return Err(too_long);
    }
    Ok(value.to_owned())
}

/// A title: trimmed, 3 to 120 characters, no control characters.
pub fn parse_title(input: &str) -> Result<String, Msg> {
    // Line breaks and tabs become spaces; other control characters (NUL, escape, bidi
    // overrides are not: they are format characters) are refused, as in organization names.
    if input
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        return Err(Msg::ErrorTitleInvalid);
    }
    let value = collapse_spaces(input);
    let len = value.chars().count();
    if len == 0 {
        return Err(Msg::ErrorTitleRequired);
    }
    if len < 3 {
        return Err(Msg::ErrorTitleTooShort);
    }
    if len > 120 {
        return Err(Msg::ErrorTitleTooLong);
    }
    Ok(value)
}

/// Percent-encodes a URL query value (a space becomes `+`).
pub fn encode_component(value: &str) -> String {
    percent_encode(value, false)
}

/// Percent-encodes a path for use inside a query parameter (`?suivant=/catalogue`): slashes
/// stay readable.
pub fn encode_path(value: &str) -> String {
    percent_encode(value, true)
}

fn percent_encode(value: &str, keep_slashes: bool) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b));
            }
            b'/' if keep_slashes => out.push('/'),
            b' ' if !keep_slashes => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A piece of a message's text: plain, or a web address to make a link of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    /// The address as written, and where the link goes (`https://` added to `www.`).
    Link(&'a str, String),
}

/// Splits text into plain pieces and web addresses. Only `http://`, `https://` and `www.`
/// addresses become links (never `javascript:` or `data:`), each starting a word and running
/// to the next space; closing punctuation after it (a period, a comma, an unmatched
/// parenthesis, a closing guillemet) stays text.
pub fn linkify(text: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut plain_from = 0;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let starts_word = text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '<' | '«' | '"' | '\''));
        let scheme = ["https://", "http://", "www."].into_iter().find(|p| {
            rest.len() > p.len()
                && rest
                    .get(..p.len())
                    .is_some_and(|h| h.eq_ignore_ascii_case(p))
        });
        if let (true, Some(scheme)) = (starts_word, scheme) {
            let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let address = trim_closing(&rest[..word_end]);
            // Something after the scheme that can be a host.
            let host = address.get(scheme.len()..).unwrap_or_default();
            if host.chars().next().is_some_and(char::is_alphanumeric) {
                if plain_from < i {
                    pieces.push(Piece::Text(&text[plain_from..i]));
                }
                let href = if scheme.eq_ignore_ascii_case("www.") {
                    format!("https://{address}")
                } else {
                    address.to_owned()
                };
                pieces.push(Piece::Link(address, href));
                i += address.len();
                plain_from = i;
                continue;
            }
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    if plain_from < text.len() {
        pieces.push(Piece::Text(&text[plain_from..]));
    }
    pieces
}

/// An address without the punctuation that closes the sentence around it.
fn trim_closing(address: &str) -> &str {
    let mut end = address;
    loop {
        let Some(last) = end.chars().next_back() else {
            return end;
        };
        let unmatched_paren = last == ')' && end.matches('(').count() < end.matches(')').count();
        if matches!(
            last,
            '.' | ',' | ';' | ':' | '!' | '?' | '»' | '"' | '\'' | '>'
        ) || unmatched_paren
        {
            end = &end[..end.len() - last.len_utf8()];
        } else {
            return end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_carry_any_text() {
        assert_eq!(encode_component("a b&c=é"), "a+b%26c%3D%C3%A9");
        assert_eq!(encode_path("/besoins/1 2?x"), "/besoins/1%202%3Fx");
    }

    #[test]
    fn web_addresses_become_links_and_nothing_else_does() {
        use Piece::{Link, Text};
        assert_eq!(
            linkify("Voir https://exemple.org/a?b=1&c=2. Merci"),
            [
                Text("Voir "),
                Link(
                    "https://exemple.org/a?b=1&c=2",
                    "https://exemple.org/a?b=1&c=2".into()
                ),
                Text(". Merci"),
            ]
        );
        assert_eq!(
            linkify("(www.banque.qc.ca) ou « http://x.org »"),
            [
                Text("("),
                Link("www.banque.qc.ca", "https://www.banque.qc.ca".into()),
                Text(") ou « "),
                Link("http://x.org", "http://x.org".into()),
                Text(" »"),
            ]
        );
        assert_eq!(
            linkify("https://fr.wikipedia.org/wiki/Frigo_(cuisine)"),
            [Link(
                "https://fr.wikipedia.org/wiki/Frigo_(cuisine)",
                "https://fr.wikipedia.org/wiki/Frigo_(cuisine)".into()
            )]
        );
        // Not links: other schemes, an address inside a word, a scheme with no host.
        for text in [
            "javascript:alert(1)",
            "data:text/html,<script>",
            "xhttps://exemple.org",
            "https://",
            "https://.",
            "<a href=\"javascript:alert(1)\">x</a>",
            "JAVASCRIPT://%0Aalert(1)",
        ] {
            assert!(linkify(text).iter().all(|p| matches!(p, Text(_))), "{text}");
        }
        // Markup around an address stays text; the address alone is the link.
        assert_eq!(
            linkify("<b>https://x.org</b>"),
            [Text("<b>https://x.org</b>")]
        );
        assert_eq!(
            linkify("é www.à.ca"),
            [Text("é "), Link("www.à.ca", "https://www.à.ca".into())]
        );
        assert!(linkify("").is_empty());
        // Any text comes back whole, pieces end to end, whatever characters it mixes.
        for text in [
            "« www.x.ca » é https://a.b/é?q=«» ) (https://c.d/(e)) www. http:// ééé",
            "😀https://x.org 😀 www.😀.ca.",
            "wwwé.x https://é",
        ] {
            let whole: String = linkify(text)
                .into_iter()
                .map(|p| match p {
                    Text(t) | Link(t, _) => t,
                })
                .collect();
            assert_eq!(whole, text);
        }
    }
}
