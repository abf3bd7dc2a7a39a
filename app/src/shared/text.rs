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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_carry_any_text() {
        assert_eq!(encode_component("a b&c=é"), "a+b%26c%3D%C3%A9");
        assert_eq!(encode_path("/besoins/1 2?x"), "/besoins/1%202%3Fx");
    }
}
