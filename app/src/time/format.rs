//! Dates and times as people read them: « 23 novembre 2026 », « 8 h 30 » in French (Canada);
//! "November 23, 2026", "8:30 a.m." in English (Canada). Instants are shown in a [`Zone`]; the
//! functions without one use Montréal's, the platform's own.

use super::{Instant, LocalDate, LocalTime, Zone};
use crate::i18n::Locale;

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn month_name(date: LocalDate, locale: Locale) -> &'static str {
    let index = usize::try_from(date.month() - 1).unwrap_or(0);
    match locale {
        Locale::Fr => MONTHS_FR[index],
        Locale::En => MONTHS_EN[index],
    }
}

/// « 1er » / « 2 »: French writes the first of the month as an ordinal.
fn day_fr(date: LocalDate) -> String {
    if date.day() == 1 {
        "1er".to_owned()
    } else {
        date.day().to_string()
    }
}

/// « 23 novembre 2026 » / "November 23, 2026".
pub fn format_local_date(date: LocalDate, locale: Locale) -> String {
    let month = month_name(date, locale);
    match locale {
        Locale::Fr => format!("{} {month} {}", day_fr(date), date.year()),
        Locale::En => format!("{month} {}, {}", date.day(), date.year()),
    }
}

/// « 24 novembre » / "November 24": a day of the coming weeks, where the year goes without saying.
pub fn format_local_day_month(date: LocalDate, locale: Locale) -> String {
    let month = month_name(date, locale);
    match locale {
        Locale::Fr => format!("{} {month}", day_fr(date)),
        Locale::En => format!("{month} {}", date.day()),
    }
}

/// « 8 h 30 », « 14 h » / "8:30 a.m.", "2:00 p.m.".
pub fn format_local_time(time: LocalTime, locale: Locale) -> String {
    let (hour, minute) = (time.hour(), time.minute());
    match locale {
        Locale::Fr if minute == 0 => format!("{hour}\u{a0}h"),
        Locale::Fr => format!("{hour}\u{a0}h\u{a0}{minute:02}"),
        Locale::En => {
            let (h, suffix) = match hour {
                0 => (12, "a.m."),
                1..=11 => (hour, "a.m."),
                12 => (12, "p.m."),
                _ => (hour - 12, "p.m."),
            };
            format!("{h}:{minute:02}\u{a0}{suffix}")
        }
    }
}

/// « 3 décembre 2026 » from « 2026-12-03 » (the text itself when it is not a date).
pub fn format_iso_date(iso: &str, locale: Locale) -> String {
    match super::parse_local_date(iso) {
        Some(date) => format_local_date(date, locale),
        None => iso.to_owned(),
    }
}

/// The date of `at` in Montréal.
pub fn format_date(at: Instant, locale: Locale) -> String {
    format_local_date(Zone::Montreal.date(at), locale)
}

/// The day and month of `at` in Montréal.
pub fn format_day_month(at: Instant, locale: Locale) -> String {
    format_local_day_month(Zone::Montreal.date(at), locale)
}

/// The wall-clock time of `at` in Montréal.
pub fn format_time(at: Instant, locale: Locale) -> String {
    format_local_time(Zone::Montreal.local(at).time(), locale)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};

    fn montreal(d: LocalDate, h: i8, m: i8) -> Instant {
        Zone::Montreal.instant(d, time(h, m, 0, 0))
    }

    #[test]
    fn formats_follow_the_locale() {
        let t = montreal(date(2026, 11, 23), 8, 30);
        assert_eq!(format_date(t, Locale::Fr), "23 novembre 2026");
        assert_eq!(format_date(t, Locale::En), "November 23, 2026");
        assert_eq!(format_time(t, Locale::Fr), "8\u{a0}h\u{a0}30");
        assert_eq!(format_time(t, Locale::En), "8:30\u{a0}a.m.");
        let afternoon = montreal(date(2026, 7, 1), 14, 0);
        assert_eq!(format_time(afternoon, Locale::Fr), "14\u{a0}h");
        assert_eq!(format_time(afternoon, Locale::En), "2:00\u{a0}p.m.");
        assert_eq!(format_date(afternoon, Locale::Fr), "1er juillet 2026");
        assert_eq!(
            format_local_time(time(0, 5, 0, 0), Locale::En),
            "12:05\u{a0}a.m."
        );
        assert_eq!(
            format_local_time(time(12, 0, 0, 0), Locale::En),
            "12:00\u{a0}p.m."
        );
        assert_eq!(
            format_local_day_month(date(2026, 12, 1), Locale::Fr),
            "1er décembre"
        );
        assert_eq!(
            format_local_day_month(date(2026, 12, 1), Locale::En),
            "December 1"
        );
    }

    #[test]
    fn late_evening_in_montreal_is_already_tomorrow_in_utc() {
        // 22 h on 23 November in Montréal is 03 h on the 24th, UTC.
        let t = montreal(date(2026, 11, 23), 22, 0);
        assert_eq!(Zone::Montreal.date(t), date(2026, 11, 23));
        assert_eq!(format_date(t, Locale::Fr), "23 novembre 2026");
    }
}
