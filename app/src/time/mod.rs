//! Time, in one place, from `jiff`: an [`Instant`] (UTC, stored as Unix milliseconds), a
//! [`LocalDate`] and [`LocalTime`] on a wall clock, a validated [`TimeRange`], and the [`Zone`]
//! an organization keeps its calendar in. Every local ↔ UTC conversion goes through [`Zone`];
//! formats follow fr-CA and en-CA ([`format`]). Over 400 lines only by its tests (a third of
//! the file: both DST changes, every zone, round trips).
//!
//! Zones are compiled in one by one from the IANA database (`jiff::tz::get!`, about 2 KB each),
//! the same data on the server and in the browser, so both render the same text.

pub mod format;

use jiff::{
    Timestamp,
    tz::{AmbiguousOffset, Disambiguation, TimeZone},
};
use serde::{Deserialize, Serialize};

pub use format::{
    format_date, format_day_month, format_iso_date, format_local_date, format_local_day_month,
    format_local_time, format_time,
};
pub use jiff::civil::{Date as LocalDate, DateTime as LocalDateTime, Time as LocalTime, Weekday};

/// A point in time, UTC, to the millisecond. On the wire and in the database: Unix milliseconds.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Instant(i64);

impl Instant {
    pub const fn from_unix_ms(ms: i64) -> Instant {
        Instant(ms)
    }

    pub const fn unix_ms(self) -> i64 {
        self.0
    }

    /// Now, from the system clock (the browser's, in the browser).
    pub fn now() -> Instant {
        Instant(Timestamp::now().as_millisecond())
    }

    pub fn timestamp(self) -> Timestamp {
        Timestamp::from_millisecond(self.0).unwrap_or(Timestamp::UNIX_EPOCH)
    }

    /// This instant plus `ms` milliseconds.
    pub const fn plus_ms(self, ms: i64) -> Instant {
        Instant(self.0.saturating_add(ms))
    }
}

/// A span between two instants, `start` before `end`: a holder never checks again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "(Instant, Instant)", into = "(Instant, Instant)")]
pub struct TimeRange {
    start: Instant,
    end: Instant,
}

/// Why a range was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a time range must end after it starts")]
pub struct EmptyRange;

impl TimeRange {
    pub fn new(start: Instant, end: Instant) -> Result<TimeRange, EmptyRange> {
        if start < end {
            Ok(TimeRange { start, end })
        } else {
            Err(EmptyRange)
        }
    }

    pub fn start(self) -> Instant {
        self.start
    }

    pub fn end(self) -> Instant {
        self.end
    }

    /// Whether the two share any instant (touching ends do not overlap).
    pub fn overlaps(self, other: TimeRange) -> bool {
        self.start < other.end && other.start < self.end
    }
}

impl TryFrom<(Instant, Instant)> for TimeRange {
    type Error = EmptyRange;
    fn try_from((start, end): (Instant, Instant)) -> Result<Self, Self::Error> {
        TimeRange::new(start, end)
    }
}

impl From<TimeRange> for (Instant, Instant) {
    fn from(range: TimeRange) -> Self {
        (range.start, range.end)
    }
}

static MONTREAL: TimeZone = jiff::tz::get!("America/Toronto");
static HALIFAX: TimeZone = jiff::tz::get!("America/Halifax");
static BLANC_SABLON: TimeZone = jiff::tz::get!("America/Puerto_Rico");

/// The zones organizations in Québec keep their calendars in. Stored by IANA name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Zone {
    /// Most of Québec (`America/Montreal`, a link to `America/Toronto`).
    #[default]
    #[serde(rename = "America/Montreal")]
    Montreal,
    /// The Magdalen Islands (`America/Halifax`).
    #[serde(rename = "America/Halifax")]
    Halifax,
    /// The Lower North Shore, east of Natashquan: Atlantic time all year (`America/Blanc-Sablon`,
    /// a link to `America/Puerto_Rico`).
    #[serde(rename = "America/Blanc-Sablon")]
    BlancSablon,
}

/// How a wall-clock time became an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// It happens once that day.
    Exact,
    /// A daylight-saving change skips it (2:30 on the second Sunday of March in Montréal): the
    /// instant is as far past the change as the time was (3:30, daylight time).
    Skipped,
    /// A daylight-saving change repeats it (1:30 on the first Sunday of November): the instant
    /// is the first of the two (daylight time).
    Repeated,
}

impl Zone {
    pub const ALL: [Zone; 3] = [Zone::Montreal, Zone::Halifax, Zone::BlancSablon];

    /// The city its time is named after (« heure de Montréal »): a proper noun.
    pub fn city(self) -> &'static str {
        match self {
            Zone::Montreal => "Montréal",
            Zone::Halifax => "Halifax",
            Zone::BlancSablon => "Blanc-Sablon",
        }
    }

    pub fn iana(self) -> &'static str {
        match self {
            Zone::Montreal => "America/Montreal",
            Zone::Halifax => "America/Halifax",
            Zone::BlancSablon => "America/Blanc-Sablon",
        }
    }

    /// A stored zone name; `None` for one Partage does not know (an error to its reader, never
    /// a silent Montréal).
    pub fn parse(name: &str) -> Option<Zone> {
        Zone::ALL.into_iter().find(|z| z.iana() == name)
    }

    fn tz(self) -> &'static TimeZone {
        match self {
            Zone::Montreal => &MONTREAL,
            Zone::Halifax => &HALIFAX,
            Zone::BlancSablon => &BLANC_SABLON,
        }
    }

    /// The wall-clock date and time of `at` here.
    pub fn local(self, at: Instant) -> LocalDateTime {
        self.tz().to_datetime(at.timestamp())
    }

    /// The date of `at` here.
    pub fn date(self, at: Instant) -> LocalDate {
        self.local(at).date()
    }

    /// Today's date here.
    pub fn today(self) -> LocalDate {
        self.date(Instant::now())
    }

    /// The instant a wall-clock time here names, and whether a DST change skipped or repeated
    /// it (see [`Resolution`] for the answer given then).
    pub fn resolve(self, date: LocalDate, time: LocalTime) -> (Instant, Resolution) {
        let datetime = date.to_datetime(time);
        let ambiguous = self.tz().to_ambiguous_timestamp(datetime);
        let resolution = match ambiguous.offset() {
            AmbiguousOffset::Unambiguous { .. } => Resolution::Exact,
            AmbiguousOffset::Gap { .. } => Resolution::Skipped,
            AmbiguousOffset::Fold { .. } => Resolution::Repeated,
        };
        let at = ambiguous
            .disambiguate(Disambiguation::Compatible)
            .map(|ts| Instant(ts.as_millisecond()))
            // Only dates past year 9999 fail: they are refused where they are typed.
            .unwrap_or_default();
        (at, resolution)
    }

    /// The instant a wall-clock time here names (see [`Zone::resolve`]).
    pub fn instant(self, date: LocalDate, time: LocalTime) -> Instant {
        self.resolve(date, time).0
    }

    /// The instant a day starts here (midnight, or the first minute after it a DST change
    /// leaves).
    pub fn start_of_day(self, date: LocalDate) -> Instant {
        self.instant(date, LocalTime::midnight())
    }
}

/// « 2026-12-03 » → a date, for real dates only (no 30 February). Read by hand rather than by
/// jiff's ISO 8601 parser, which would add its whole grammar to the browser's module.
pub fn parse_local_date(input: &str) -> Option<LocalDate> {
    let input = input.trim();
    let bytes = input.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i16> {
        let part = input.get(range)?;
        if !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    };
    let year = number(0..4)?;
    let month = i8::try_from(number(5..7)?).ok()?;
    let day = i8::try_from(number(8..10)?).ok()?;
    LocalDate::new(year, month, day).ok()
}

/// « 2026-12-03 »: the form dates take in URLs, forms and the database.
pub fn iso_date(date: LocalDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// Serde for a [`LocalDate`] as « 2026-12-03 », through [`iso_date`] and [`parse_local_date`]
/// (`#[serde(with = "crate::time::iso")]`), for the same reason.
pub mod iso {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    use super::LocalDate;

    pub fn serialize<S: Serializer>(date: &LocalDate, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::iso_date(*date))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<LocalDate, D::Error> {
        let text = String::deserialize(d)?;
        super::parse_local_date(&text).ok_or_else(|| D::Error::custom("not a date"))
    }
}

/// `date` moved by `days` (negative: back); `None` past the calendar's ends.
pub fn add_days(date: LocalDate, days: i64) -> Option<LocalDate> {
    date.checked_add(jiff::Span::new().days(days)).ok()
}

/// 0 = Monday … 6 = Sunday, the order opening hours use everywhere.
pub fn weekday_index(date: LocalDate) -> usize {
    usize::try_from(date.weekday().to_monday_zero_offset()).unwrap_or(0)
}

#[cfg(feature = "ssr")]
mod sql {
    //! Instants read and written as `BIGINT` Unix milliseconds.
    use sqlx::{
        Any, Decode, Encode, Type,
        any::{AnyTypeInfo, AnyValueRef},
        encode::IsNull,
        error::BoxDynError,
    };

    use super::Instant;

    impl Type<Any> for Instant {
        fn type_info() -> AnyTypeInfo {
            <i64 as Type<Any>>::type_info()
        }
        fn compatible(ty: &AnyTypeInfo) -> bool {
            <i64 as Type<Any>>::compatible(ty)
        }
    }

    impl<'q> Encode<'q, Any> for Instant {
        fn encode_by_ref(
            &self,
            buf: &mut <Any as sqlx::Database>::ArgumentBuffer,
        ) -> Result<IsNull, BoxDynError> {
            <i64 as Encode<'q, Any>>::encode_by_ref(&self.0, buf)
        }
    }

    impl<'r> Decode<'r, Any> for Instant {
        fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
            <i64 as Decode<'r, Any>>::decode(value).map(Instant)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};

    fn utc(y: i16, m: i8, d: i8, h: i8, min: i8) -> Instant {
        let at = date(y, m, d)
            .at(h, min, 0, 0)
            .to_zoned(TimeZone::UTC)
            .expect("utc");
        Instant(at.timestamp().as_millisecond())
    }

    #[test]
    fn montreal_follows_daylight_saving_2026() {
        let z = Zone::Montreal;
        // 8 March 2026: 1:59 EST is followed by 3:00 EDT (07:00 UTC).
        assert_eq!(z.local(utc(2026, 3, 8, 6, 59)).time(), time(1, 59, 0, 0));
        assert_eq!(z.local(utc(2026, 3, 8, 7, 0)).time(), time(3, 0, 0, 0));
        // 1 November 2026: 1:59 EDT is followed by 1:00 EST (06:00 UTC).
        assert_eq!(z.local(utc(2026, 11, 1, 5, 59)).time(), time(1, 59, 0, 0));
        assert_eq!(z.local(utc(2026, 11, 1, 6, 0)).time(), time(1, 0, 0, 0));
    }

    #[test]
    fn a_skipped_wall_clock_time_moves_past_the_change() {
        let (at, how) = Zone::Montreal.resolve(date(2026, 3, 8), time(2, 30, 0, 0));
        assert_eq!(how, Resolution::Skipped);
        // 2:30 EST would be 07:30 UTC, which is 3:30 EDT.
        assert_eq!(at, utc(2026, 3, 8, 7, 30));
        assert_eq!(Zone::Montreal.local(at).time(), time(3, 30, 0, 0));
    }

    #[test]
    fn a_repeated_wall_clock_time_is_its_first_occurrence() {
        let (at, how) = Zone::Montreal.resolve(date(2026, 11, 1), time(1, 30, 0, 0));
        assert_eq!(how, Resolution::Repeated);
        // 1:30 EDT (05:30 UTC), not 1:30 EST (06:30 UTC).
        assert_eq!(at, utc(2026, 11, 1, 5, 30));
        let (_, how) = Zone::Montreal.resolve(date(2026, 11, 1), time(3, 0, 0, 0));
        assert_eq!(how, Resolution::Exact);
    }

    #[test]
    fn local_to_utc_and_back() {
        let z = Zone::Montreal;
        for (d, t) in [
            (date(2026, 1, 15), time(8, 0, 0, 0)),
            (date(2026, 7, 1), time(23, 45, 0, 0)),
            (date(2026, 12, 31), time(0, 0, 0, 0)),
        ] {
            let at = z.instant(d, t);
            assert_eq!(z.local(at), d.to_datetime(t));
        }
        // Winter: UTC−5; summer: UTC−4.
        assert_eq!(
            z.instant(date(2026, 1, 15), time(8, 0, 0, 0)),
            utc(2026, 1, 15, 13, 0)
        );
        assert_eq!(
            z.instant(date(2026, 7, 15), time(8, 0, 0, 0)),
            utc(2026, 7, 15, 12, 0)
        );
    }

    #[test]
    fn other_quebec_zones() {
        // The Magdalen Islands: Atlantic time with DST; Blanc-Sablon: Atlantic all year.
        assert_eq!(Zone::Halifax.local(utc(2026, 7, 1, 12, 0)).hour(), 9);
        assert_eq!(Zone::BlancSablon.local(utc(2026, 7, 1, 12, 0)).hour(), 8);
        assert_eq!(Zone::BlancSablon.local(utc(2026, 1, 1, 12, 0)).hour(), 8);
        for z in Zone::ALL {
            assert_eq!(Zone::parse(z.iana()), Some(z));
        }
        assert_eq!(Zone::parse("Europe/Paris"), None);
        assert_eq!(
            serde_json::to_string(&Zone::Montreal).expect("json"),
            "\"America/Montreal\""
        );
    }

    #[test]
    fn ranges_refuse_empty_spans() {
        let a = Instant::from_unix_ms(1000);
        let b = Instant::from_unix_ms(2000);
        assert!(TimeRange::new(a, b).is_ok());
        assert_eq!(TimeRange::new(b, a), Err(EmptyRange));
        assert_eq!(TimeRange::new(a, a), Err(EmptyRange));
        let r = TimeRange::new(a, b).expect("range");
        assert!(
            r.overlaps(
                TimeRange::new(Instant::from_unix_ms(1500), Instant::from_unix_ms(2500))
                    .expect("range")
            )
        );
        assert!(!r.overlaps(TimeRange::new(b, Instant::from_unix_ms(3000)).expect("range")));
        // The wire form is checked too.
        assert!(serde_json::from_str::<TimeRange>("[2000,1000]").is_err());
        assert_eq!(
            serde_json::from_str::<TimeRange>("[1000,2000]").expect("json"),
            r
        );
    }

    #[test]
    fn dates_parse_strictly() {
        assert_eq!(parse_local_date("2026-12-03"), Some(date(2026, 12, 3)));
        assert_eq!(parse_local_date("2026-02-30"), None);
        assert_eq!(parse_local_date("2026-2-3"), None);
        assert_eq!(parse_local_date("hier"), None);
        assert_eq!(parse_local_date("2026-1a-03"), None);
        assert_eq!(parse_local_date("+026-12-03"), None);
        assert_eq!(iso_date(date(2026, 3, 8)), "2026-03-08");
        assert_eq!(weekday_index(date(2026, 11, 23)), 0); // a Monday
        assert_eq!(weekday_index(date(2026, 11, 29)), 6); // a Sunday
    }
}
