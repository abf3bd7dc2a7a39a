//! Instants are stored in UTC (Unix milliseconds) and shown in the organization's zone,
//! America/Montreal by default, including its daylight-saving changes (second Sunday of March
//! to first Sunday of November, at 2 h local). Formatting follows fr-CA and en-CA.

use crate::i18n::Locale;

/// A calendar date and wall-clock time in a zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LocalDateTime {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
}

/// Days since 1970-01-01 for a civil date (proleptic Gregorian).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let month = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// 0 = Sunday … 6 = Saturday.
fn weekday(days: i64) -> i64 {
    (days + 4).rem_euclid(7)
}

/// The day (of `month`) of the `n`th Sunday.
fn nth_sunday(year: i64, month: u32, n: i64) -> i64 {
    let first = days_from_civil(year, month, 1);
    let offset = (7 - weekday(first)) % 7;
    first + offset + 7 * (n - 1)
}

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 86_400_000;

/// The UTC offset of America/Montreal at an instant, in milliseconds (−4 h or −5 h).
pub fn montreal_offset_ms(utc_ms: i64) -> i64 {
    let (year, _, _) = civil_from_days(utc_ms.div_euclid(DAY_MS));
    // Starts 2 h EST (07 h UTC); ends 2 h EDT (06 h UTC).
    let start = nth_sunday(year, 3, 2) * DAY_MS + 7 * HOUR_MS;
    let end = nth_sunday(year, 11, 1) * DAY_MS + 6 * HOUR_MS;
    if (start..end).contains(&utc_ms) {
        -4 * HOUR_MS
    } else {
        -5 * HOUR_MS
    }
}

/// The wall-clock time in Montréal at an instant.
pub fn to_montreal(utc_ms: i64) -> LocalDateTime {
    let local = utc_ms + montreal_offset_ms(utc_ms);
    let days = local.div_euclid(DAY_MS);
    let (year, month, day) = civil_from_days(days);
    let ms_of_day = local.rem_euclid(DAY_MS);
    LocalDateTime {
        year,
        month,
        day,
        hour: u32::try_from(ms_of_day / HOUR_MS).unwrap_or(0),
        minute: u32::try_from((ms_of_day % HOUR_MS) / 60_000).unwrap_or(0),
    }
}

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

/// « 23 novembre 2026 » / "November 23, 2026".
pub fn format_date(utc_ms: i64, locale: Locale) -> String {
    let t = to_montreal(utc_ms);
    let index = usize::try_from(t.month.saturating_sub(1)).unwrap_or(0);
    match locale {
        Locale::Fr => {
            let day = if t.day == 1 {
                "1er".to_owned()
            } else {
                t.day.to_string()
            };
            format!("{day} {} {}", MONTHS_FR[index], t.year)
        }
        Locale::En => format!("{} {}, {}", MONTHS_EN[index], t.day, t.year),
    }
}

/// « 24 novembre » / "November 24": a day of the coming weeks, where the year goes without saying.
pub fn format_day_month(utc_ms: i64, locale: Locale) -> String {
    let t = to_montreal(utc_ms);
    let index = usize::try_from(t.month.saturating_sub(1)).unwrap_or(0);
    match locale {
        Locale::Fr if t.day == 1 => format!("1er {}", MONTHS_FR[index]),
        Locale::Fr => format!("{} {}", t.day, MONTHS_FR[index]),
        Locale::En => format!("{} {}", MONTHS_EN[index], t.day),
    }
}

/// « 8 h 30 », « 14 h » / "8:30 a.m.", "2:00 p.m.".
pub fn format_time(utc_ms: i64, locale: Locale) -> String {
    let t = to_montreal(utc_ms);
    match locale {
        Locale::Fr if t.minute == 0 => format!("{}\u{a0}h", t.hour),
        Locale::Fr => format!("{}\u{a0}h\u{a0}{:02}", t.hour, t.minute),
        Locale::En => {
            let (h, suffix) = match t.hour {
                0 => (12, "a.m."),
                1..=11 => (t.hour, "a.m."),
                12 => (12, "p.m."),
                _ => (t.hour - 12, "p.m."),
            };
            format!("{h}:{:02}\u{a0}{suffix}", t.minute)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(year: i64, month: u32, day: u32, hour: i64, minute: i64) -> i64 {
        days_from_civil(year, month, day) * DAY_MS + hour * HOUR_MS + minute * 60_000
    }

    #[test]
    fn civil_round_trip() {
        for days in [-800_000, -1, 0, 1, 20_000, 20_780, 2_000_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(days_from_civil(2026, 11, 23), 20_780);
    }

    #[test]
    fn daylight_saving_2026() {
        // 2026: DST from Sunday 8 March 07:00 UTC to Sunday 1 November 06:00 UTC.
        assert_eq!(montreal_offset_ms(utc(2026, 3, 8, 6, 59)), -5 * HOUR_MS);
        assert_eq!(montreal_offset_ms(utc(2026, 3, 8, 7, 0)), -4 * HOUR_MS);
        assert_eq!(montreal_offset_ms(utc(2026, 11, 1, 5, 59)), -4 * HOUR_MS);
        assert_eq!(montreal_offset_ms(utc(2026, 11, 1, 6, 0)), -5 * HOUR_MS);
        // The wall clock jumps from 1:59 to 3:00 and falls back from 1:59 EDT to 1:00 EST.
        assert_eq!(to_montreal(utc(2026, 3, 8, 6, 59)).hour, 1);
        assert_eq!(to_montreal(utc(2026, 3, 8, 7, 0)).hour, 3);
        assert_eq!(to_montreal(utc(2026, 11, 1, 5, 59)).hour, 1);
        assert_eq!(to_montreal(utc(2026, 11, 1, 6, 0)).hour, 1);
    }

    #[test]
    fn formats_follow_the_locale() {
        let t = utc(2026, 11, 23, 13, 30); // 8 h 30 in Montréal (EST)
        assert_eq!(format_date(t, Locale::Fr), "23 novembre 2026");
        assert_eq!(format_date(t, Locale::En), "November 23, 2026");
        assert_eq!(format_time(t, Locale::Fr), "8\u{a0}h\u{a0}30");
        assert_eq!(format_time(t, Locale::En), "8:30\u{a0}a.m.");
        assert_eq!(format_time(utc(2026, 7, 1, 18, 0), Locale::Fr), "14\u{a0}h");
        assert_eq!(
            format_date(utc(2026, 7, 1, 18, 0), Locale::Fr),
            "1er juillet 2026"
        );
        // Late evening in Montréal is already the next day in UTC.
        assert_eq!(
            format_date(utc(2026, 11, 24, 3, 0), Locale::Fr),
            "23 novembre 2026"
        );
    }
}
