//! Money in cents, as people type it and as fr-CA and en-CA write it.

use crate::i18n::{Locale, Msg};

/// An amount of money as people type it: « 25 », « 25,50 », "25.50", « 25,50 $ ». In cents.
pub fn parse_money(input: &str) -> Result<i64, Msg> {
    let cleaned: String = input
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '$' && *c != '\u{a0}')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    if cleaned.is_empty() {
        return Ok(0);
    }
    let (whole, cents) = match cleaned.split_once('.') {
        Some((w, c)) if c.len() <= 2 && !c.is_empty() => (w, format!("{c:0<2}")),
        Some(_) => return Err(Msg::ErrorMoneyInvalid),
        None => (cleaned.as_str(), "00".to_owned()),
    };
    if whole.is_empty() || !whole.chars().all(|c| c.is_ascii_digit()) || whole.len() > 6 {
        return Err(Msg::ErrorMoneyInvalid);
    }
    let whole: i64 = whole.parse().map_err(|_| Msg::ErrorMoneyInvalid)?;
    let cents: i64 = cents.parse().map_err(|_| Msg::ErrorMoneyInvalid)?;
    Ok(whole * 100 + cents)
}

/// « 25,00 $ » / "$25.00".
pub fn format_money(cents: i64, locale: Locale) -> String {
    let whole = cents / 100;
    let rest = (cents % 100).abs();
    let grouped = group_thousands(whole, if locale == Locale::Fr { '\u{a0}' } else { ',' });
    match locale {
        Locale::Fr => format!("{grouped},{rest:02}\u{a0}$"),
        Locale::En => format!("${grouped}.{rest:02}"),
    }
}

/// « 1 000 » / "1,000".
pub fn format_number(n: i64, locale: Locale) -> String {
    group_thousands(n, if locale == Locale::Fr { '\u{a0}' } else { ',' })
}

fn group_thousands(n: i64, sep: char) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_as_people_type_it() {
        assert_eq!(parse_money("25"), Ok(2500));
        assert_eq!(parse_money("25,5"), Ok(2550));
        assert_eq!(parse_money(" 1 250,75 $"), Ok(125_075));
        assert_eq!(parse_money(""), Ok(0));
        assert_eq!(parse_money("-5"), Err(Msg::ErrorMoneyInvalid));
        assert_eq!(parse_money("2,555"), Err(Msg::ErrorMoneyInvalid));
        assert_eq!(parse_money("abc"), Err(Msg::ErrorMoneyInvalid));
        assert_eq!(format_money(125_075, Locale::Fr), "1\u{a0}250,75\u{a0}$");
        assert_eq!(format_money(125_075, Locale::En), "$1,250.75");
    }
}
