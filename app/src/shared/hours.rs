//! Weekly opening hours and clock times (minutes of the day), as forms type them and pages
//! show them in fr-CA and en-CA.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::i18n::{Locale, Msg};

/// Weekly opening hours in local time: for each weekday (0 = Monday … 6 = Sunday), the
/// minutes of the day it opens and closes, or nothing when closed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningHours(pub [Option<(u16, u16)>; 7]);

impl OpeningHours {
    /// « lun 480-1020,mar 480-1020 » style text for the database: `0:480-1020,1:480-1020`.
    pub fn encode(&self) -> String {
        self.0
            .iter()
            .enumerate()
            .filter_map(|(day, span)| span.map(|(a, b)| format!("{day}:{a}-{b}")))
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Reads the stored form (« 0:480-1020,3:480-720 »); `None` when any part does not read.
    pub fn decode(text: &str) -> Option<OpeningHours> {
        let mut hours = OpeningHours::default();
        for part in text.split(',').filter(|part| !part.is_empty()) {
            let (day, span) = part.split_once(':')?;
            let (open, close) = span.split_once('-')?;
            let day: usize = day.parse().ok()?;
            let (open, close): (u16, u16) = (open.parse().ok()?, close.parse().ok()?);
            if day >= 7 || open >= close || close > 24 * 60 {
                return None;
            }
            hours.0[day] = Some((open, close));
        }
        Some(hours)
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(Option::is_none)
    }

    /// Whether the span `from..to` (minutes) of `weekday` lies within the opening hours.
    /// A resource with no hours set is taken as open on request at any time.
    pub fn covers(&self, weekday: usize, from: u16, to: u16) -> bool {
        if self.is_empty() {
            return true;
        }
        matches!(self.0.get(weekday), Some(Some((a, b))) if *a <= from && to <= *b)
    }
}

/// « 08:00 » or « 8 h 30 » → minutes of the day.
pub fn parse_clock(input: &str) -> Option<u16> {
    let cleaned = input.trim().to_lowercase().replace([' ', '\u{a0}'], "");
    let (h, m) = match cleaned.split_once([':', 'h']) {
        Some((h, m)) => (h, if m.is_empty() { "0" } else { m }),
        None => (cleaned.as_str(), "0"),
    };
    let h: u16 = h.parse().ok()?;
    let m: u16 = m.parse().ok()?;
    (h <= 24 && m < 60 && h * 60 + m <= 24 * 60).then(|| h * 60 + m)
}

/// « 08:00 » from minutes of the day, for time inputs.
pub fn clock_value(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// « 8 h 30 » / "8:30 a.m." from minutes of the day.
pub fn format_clock(minutes: u16, locale: Locale) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    match locale {
        Locale::Fr if m == 0 => format!("{h}\u{a0}h"),
        Locale::Fr => format!("{h}\u{a0}h\u{a0}{m:02}"),
        Locale::En => {
            let (h12, suffix) = match h {
                0 | 24 => (12, "a.m."),
                1..=11 => (h, "a.m."),
                12 => (12, "p.m."),
                _ => (h - 12, "p.m."),
            };
            format!("{h12}:{m:02}\u{a0}{suffix}")
        }
    }
}

/// The error field of each weekday's opening hours, Monday first.
pub const WEEKDAY_FIELDS: [&str; 7] = [
    "hours_0", "hours_1", "hours_2", "hours_3", "hours_4", "hours_5", "hours_6",
];

/// Weekday keys of `HoursInput`, Monday first.
pub const WEEKDAY_KEYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Weekly opening hours as a form types them: for each weekday key (`mon` … `sun`), an
/// opening and a closing time (« 08:00 »), both empty when closed. Form fields are named
/// `…[hours][sat][open]` (see [`HoursInput::field_name`]); keys that name no weekday are
/// ignored. The one definition forms, validation and tests share.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct HoursInput(BTreeMap<String, DayHoursInput>);

/// One weekday of [`HoursInput`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DayHoursInput {
    pub open: String,
    pub close: String,
}

/// Which end of a day's hours a form field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HoursEdge {
    Open,
    Close,
}

impl HoursInput {
    /// The form field of one weekday's opening or closing time, under `prefix` (« input »).
    pub fn field_name(prefix: &str, day: usize, edge: HoursEdge) -> String {
        let edge = match edge {
            HoursEdge::Open => "open",
            HoursEdge::Close => "close",
        };
        format!("{prefix}[hours][{}][{edge}]", WEEKDAY_KEYS[day % 7])
    }

    /// One weekday's times (0 = Monday), empty when not given.
    pub fn day(&self, day: usize) -> DayHoursInput {
        self.0
            .get(WEEKDAY_KEYS[day % 7])
            .cloned()
            .unwrap_or_default()
    }

    pub fn set(&mut self, day: usize, open: String, close: String) {
        self.0.insert(
            WEEKDAY_KEYS[day % 7].to_owned(),
            DayHoursInput { open, close },
        );
    }

    /// The form's values for stored hours (to edit them).
    pub fn from_hours(hours: &OpeningHours) -> HoursInput {
        let mut input = HoursInput::default();
        for (day, span) in hours.0.iter().enumerate() {
            if let Some((a, b)) = span {
                input.set(day, clock_value(*a), clock_value(*b));
            }
        }
        input
    }

    /// Checks every weekday: both times empty (closed) or both clock times, opening first.
    /// The error names the first weekday's field (`hours_5`) that does not read.
    pub fn parse(&self) -> Result<OpeningHours, (&'static str, Msg)> {
        let mut hours = OpeningHours::default();
        for (day, field) in WEEKDAY_FIELDS.iter().copied().enumerate() {
            let DayHoursInput { open, close } = self.day(day);
            if open.trim().is_empty() && close.trim().is_empty() {
                continue;
            }
            match (parse_clock(&open), parse_clock(&close)) {
                (Some(a), Some(b)) if a < b => hours.0[day] = Some((a, b)),
                _ => return Err((field, Msg::ErrorHoursInvalid)),
            }
        }
        Ok(hours)
    }
}

/// Weekday names, Monday first.
pub const WEEKDAYS: [Msg; 7] = [
    Msg::WeekdayMon,
    Msg::WeekdayTue,
    Msg::WeekdayWed,
    Msg::WeekdayThu,
    Msg::WeekdayFri,
    Msg::WeekdaySat,
    Msg::WeekdaySun,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_and_dates() {
        assert_eq!(parse_clock("08:30"), Some(510));
        assert_eq!(parse_clock("8 h 30"), Some(510));
        assert_eq!(parse_clock("17h"), Some(1020));
        assert_eq!(parse_clock("25:00"), None);
        assert_eq!(format_clock(510, Locale::Fr), "8\u{a0}h\u{a0}30");
        assert_eq!(format_clock(720, Locale::En), "12:00\u{a0}p.m.");
    }

    #[test]
    fn opening_hours_round_trip_and_cover() {
        let mut hours = OpeningHours::default();
        hours.0[3] = Some((480, 720));
        let text = hours.encode();
        assert_eq!(text, "3:480-720");
        assert_eq!(OpeningHours::decode(&text), Some(hours.clone()));
        assert_eq!(OpeningHours::decode(""), Some(OpeningHours::default()));
        // A stored value that does not read is an error, not « closed » or « always open ».
        for bad in ["3:480", "9:480-720", "3:720-480", "x:1-2", "3:480-2000"] {
            assert_eq!(OpeningHours::decode(bad), None, "{bad}");
        }
        assert!(hours.covers(3, 480, 720));
        assert!(!hours.covers(3, 470, 720));
        assert!(!hours.covers(4, 480, 720));
        assert!(OpeningHours::default().covers(4, 0, 1440));
    }

    #[test]
    fn hours_input_reads_and_refuses_by_weekday() {
        let mut input = HoursInput::default();
        input.set(5, "08:00".into(), "17 h".into());
        let hours = input.parse().expect("valid");
        assert_eq!(hours.0[5], Some((480, 1020)));
        assert_eq!(hours.0[0], None);
        assert_eq!(HoursInput::from_hours(&hours).parse(), Ok(hours));
        assert_eq!(
            HoursInput::field_name("input", 5, HoursEdge::Close),
            "input[hours][sat][close]"
        );
        for (open, close) in [("08:00", ""), ("", "17:00"), ("17:00", "08:00"), ("8", "x")] {
            let mut input = HoursInput::default();
            input.set(2, open.into(), close.into());
            assert_eq!(
                input.parse(),
                Err(("hours_2", Msg::ErrorHoursInvalid)),
                "{open}-{close}"
            );
        }
    }
}
