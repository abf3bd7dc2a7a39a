//! Weekly series: « every Thursday 8 h–12 h until 2027-03-25 », as the owner's wall clock
//! reads it. Each occurrence is placed from its local date and times, so a daylight-saving
//! change never shifts it by an hour (cal.com #1092, LibreBooking #913).

use crate::time::{LocalDate, LocalTime, TimeRange, Zone};

/// The most occurrences one series may hold (a year of weeks).
pub const MAX_OCCURRENCES: usize = 52;

/// Why a series was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeriesError {
    /// The end time is not after the start time.
    EmptyDay,
    /// The last date comes before the first.
    EndsBeforeItStarts,
    /// More than `MAX_OCCURRENCES` weeks.
    TooLong,
}

/// The occurrences, one a week from `first` through `until` (inclusive), each from `from` to
/// `to` on its own date in `zone`.
pub fn weekly(
    zone: Zone,
    first: LocalDate,
    until: LocalDate,
    from: LocalTime,
    to: LocalTime,
) -> Result<Vec<TimeRange>, SeriesError> {
    if to <= from {
        return Err(SeriesError::EmptyDay);
    }
    if until < first {
        return Err(SeriesError::EndsBeforeItStarts);
    }
    let mut occurrences = Vec::new();
    let mut date = first;
    while date <= until {
        if occurrences.len() == MAX_OCCURRENCES {
            return Err(SeriesError::TooLong);
        }
        let range = TimeRange::new(zone.instant(date, from), zone.instant(date, to))
            .map_err(|_| SeriesError::EmptyDay)?;
        occurrences.push(range);
        date = match date.checked_add(jiff::Span::new().weeks(1)) {
            Ok(next) => next,
            Err(_) => break,
        };
    }
    Ok(occurrences)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_local_date;

    fn date(text: &str) -> LocalDate {
        parse_local_date(text).expect("date")
    }

    #[test]
    fn thursdays_keep_their_wall_clock_across_both_changes() {
        let zone = Zone::Montreal;
        let series = weekly(
            zone,
            date("2026-10-22"),
            date("2027-03-25"),
            LocalTime::constant(8, 0, 0, 0),
            LocalTime::constant(12, 0, 0, 0),
        )
        .expect("series");
        assert_eq!(series.len(), 23);
        for range in &series {
            let (start, end) = (zone.local(range.start()), zone.local(range.end()));
            assert_eq!((start.hour(), start.minute()), (8, 0), "{start}");
            assert_eq!((end.hour(), end.minute()), (12, 0), "{end}");
            assert_eq!(start.date().weekday(), jiff::civil::Weekday::Thursday);
        }
        // UTC moves instead: 12:00 UTC in October (EDT), 13:00 after 2026-11-01 (EST), 12:00
        // again after 2027-03-14.
        let utc_hour = |i: usize| {
            series[i]
                .start()
                .timestamp()
                .to_zoned(jiff::tz::TimeZone::UTC)
                .hour()
        };
        assert_eq!(utc_hour(0), 12);
        assert_eq!(utc_hour(2), 13);
        assert_eq!(utc_hour(22), 12);
    }

    #[test]
    fn bad_series_are_refused() {
        let (eight, noon) = (
            LocalTime::constant(8, 0, 0, 0),
            LocalTime::constant(12, 0, 0, 0),
        );
        let zone = Zone::Montreal;
        assert_eq!(
            weekly(zone, date("2026-12-03"), date("2036-12-03"), eight, noon),
            Err(SeriesError::TooLong)
        );
        assert_eq!(
            weekly(zone, date("2026-12-03"), date("2026-11-03"), eight, noon),
            Err(SeriesError::EndsBeforeItStarts)
        );
        assert_eq!(
            weekly(zone, date("2026-12-03"), date("2027-01-03"), noon, eight),
            Err(SeriesError::EmptyDay)
        );
        // 52 weeks exactly is the most.
        let year = weekly(zone, date("2026-12-03"), date("2027-11-25"), eight, noon);
        assert_eq!(year.map(|s| s.len()), Ok(52));
    }
}
