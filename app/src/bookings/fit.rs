//! Whether a booking fits its resource: the rules every write path (request, approve, change,
//! move, series) checks inside the transaction that writes, after it has locked the resource.
//! Pure: the caller reads the resource's holds and blocked periods under that lock and passes
//! them in, so the same answer is given in the browser (a preview) and on the server (the
//! decision).

use crate::{
    catalogue::resources::types::{BookingRules, SlotGrid},
    time::{Instant, TimeRange, Zone, weekday_index},
};

const MINUTE_MS: i64 = 60_000;
const HOUR_MS: i64 = 60 * MINUTE_MS;
const DAY_MINUTES: u16 = 24 * 60;

/// Units of a resource held over a span: an approved or instantly confirmed booking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hold {
    pub range: TimeRange,
    pub quantity: u32,
}

/// Why a booking does not fit, in the order they are checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Misfit {
    /// Zero, or more units than the resource has.
    Quantity,
    TooShort,
    TooLong,
    /// A start or an end between two steps of the grid.
    OffGrid,
    /// Not inside one day's opening hours.
    OutsideHours,
    /// Starts sooner than the lead time allows (or in the past).
    TooSoon,
    /// Starts beyond the booking horizon.
    TooFar,
    /// Meets a blocked period (closure, maintenance, own use).
    Blocked,
    /// Not enough units left at some instant, buffers included.
    Full,
}

/// What a booking asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ask {
    pub range: TimeRange,
    pub quantity: u32,
}

/// Checks `ask` against the resource's rules, its blocked periods and the units others hold.
/// `holds` are the other bookings holding units (not the one being changed).
pub fn check(
    rules: &BookingRules,
    zone: Zone,
    now: Instant,
    ask: Ask,
    blocked: &[TimeRange],
    holds: &[Hold],
) -> Result<(), Misfit> {
    check_rules(rules, zone, now, ask)?;
    check_room(rules, ask, blocked, holds)
}

/// The owner's rules: units, length, grid, opening hours, lead time, horizon.
pub fn check_rules(rules: &BookingRules, zone: Zone, now: Instant, ask: Ask) -> Result<(), Misfit> {
    if ask.quantity == 0 || ask.quantity > rules.capacity {
        return Err(Misfit::Quantity);
    }
    let length_ms = ask.range.end().unix_ms() - ask.range.start().unix_ms();
    if rules
        .min_minutes
        .is_some_and(|min| length_ms < i64::from(min) * MINUTE_MS)
    {
        return Err(Misfit::TooShort);
    }
    if rules
        .max_minutes
        .is_some_and(|max| length_ms > i64::from(max) * MINUTE_MS)
    {
        return Err(Misfit::TooLong);
    }
    check_grid_and_hours(rules, rules.grid, zone, ask.range)?;
    let earliest = now.plus_ms(i64::from(rules.lead_hours) * HOUR_MS);
    if ask.range.start() < earliest {
        return Err(Misfit::TooSoon);
    }
    let latest = now.plus_ms(i64::from(rules.horizon_days) * 24 * HOUR_MS);
    if ask.range.start() > latest {
        return Err(Misfit::TooFar);
    }
    Ok(())
}

/// Room left: no blocked period met, and enough units at every instant, buffers included.
/// What an approval checks again (the rules were checked when it was asked).
pub fn check_room(
    rules: &BookingRules,
    ask: Ask,
    blocked: &[TimeRange],
    holds: &[Hold],
) -> Result<(), Misfit> {
    if ask.quantity == 0 || ask.quantity > rules.capacity {
        return Err(Misfit::Quantity);
    }
    if blocked.iter().any(|b| b.overlaps(ask.range)) {
        return Err(Misfit::Blocked);
    }
    let buffer_ms = i64::from(rules.buffer_minutes) * MINUTE_MS;
    if peak_units(holds, with_buffer(ask.range, buffer_ms), buffer_ms) + ask.quantity
        > rules.capacity
    {
        return Err(Misfit::Full);
    }
    Ok(())
}

/// Start and end on the grid, in the owner's zone; a booking by the minute stays within one
/// day's opening hours (it may end at midnight).
fn check_grid_and_hours(
    rules: &BookingRules,
    grid: SlotGrid,
    zone: Zone,
    range: TimeRange,
) -> Result<(), Misfit> {
    let start = zone.local(range.start());
    let end = zone.local(range.end());
    let minute_of = |t: jiff::civil::DateTime| {
        u16::try_from(t.hour()).unwrap_or(0) * 60 + u16::try_from(t.minute()).unwrap_or(0)
    };
    let whole_minute = |t: jiff::civil::DateTime| t.second() == 0 && t.subsec_nanosecond() == 0;
    if !whole_minute(start) || !whole_minute(end) {
        return Err(Misfit::OffGrid);
    }
    let (from, to) = (minute_of(start), minute_of(end));
    match grid {
        SlotGrid::Days => {
            if from != 0 || to != 0 {
                return Err(Misfit::OffGrid);
            }
            Ok(())
        }
        SlotGrid::Minutes(step) => {
            let step = step.max(1);
            if !from.is_multiple_of(step) || !to.is_multiple_of(step) {
                return Err(Misfit::OffGrid);
            }
            // One day: same date, or ending at the next midnight.
            let next_day = start.date().tomorrow().ok();
            let to = if end.date() == start.date() {
                to
            } else if Some(end.date()) == next_day && to == 0 {
                DAY_MINUTES
            } else {
                return Err(Misfit::OutsideHours);
            };
            if rules
                .opening_hours
                .covers(weekday_index(start.date()), from, to)
            {
                Ok(())
            } else {
                Err(Misfit::OutsideHours)
            }
        }
    }
}

fn with_buffer(range: TimeRange, buffer_ms: i64) -> TimeRange {
    TimeRange::new(range.start(), range.end().plus_ms(buffer_ms)).unwrap_or(range)
}

/// The most units `holds` (each followed by its buffer) hold at once during `span`.
pub fn peak_units(holds: &[Hold], span: TimeRange, buffer_ms: i64) -> u32 {
    // +units where a hold starts, -units where it (and its buffer) ends, within the span.
    let mut edges: Vec<(Instant, i64)> = Vec::new();
    for hold in holds {
        let held = with_buffer(hold.range, buffer_ms);
        if held.overlaps(span) {
            let quantity = i64::from(hold.quantity);
            edges.push((held.start().max(span.start()), quantity));
            edges.push((held.end().min(span.end()), -quantity));
        }
    }
    // Ends before starts at the same instant: back-to-back holds do not add up.
    edges.sort_by_key(|&(at, delta)| (at, delta));
    let (mut now, mut peak) = (0_i64, 0_i64);
    for (_, delta) in edges {
        now += delta;
        peak = peak.max(now);
    }
    u32::try_from(peak).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        catalogue::resources::types::Audience, shared::hours::OpeningHours, time::LocalTime,
    };

    fn rules(capacity: u32) -> BookingRules {
        let mut hours = OpeningHours::default();
        for day in 0..7 {
            hours.0[day] = Some((7 * 60, 22 * 60));
        }
        BookingRules {
            capacity,
            approval_required: true,
            min_minutes: Some(60),
            max_minutes: Some(8 * 60),
            lead_hours: 24,
            buffer_minutes: 30,
            opening_hours: hours,
            grid: SlotGrid::Minutes(30),
            horizon_days: 90,
            audience: Audience::Any,
        }
    }

    fn at(date: &str, h: i8, m: i8) -> Instant {
        let date = crate::time::parse_local_date(date).expect("date");
        Zone::Montreal.instant(date, LocalTime::constant(h, m, 0, 0))
    }

    fn ask(date: &str, from: (i8, i8), to: (i8, i8), quantity: u32) -> Ask {
        Ask {
            range: TimeRange::new(at(date, from.0, from.1), at(date, to.0, to.1)).expect("range"),
            quantity,
        }
    }

    fn now() -> Instant {
        at("2026-12-01", 9, 0)
    }

    fn fits(a: Ask, blocked: &[TimeRange], holds: &[Hold]) -> Result<(), Misfit> {
        check(&rules(2), Zone::Montreal, now(), a, blocked, holds)
    }

    #[test]
    fn a_plain_request_fits() {
        assert_eq!(
            fits(ask("2026-12-03", (8, 0), (12, 0), 1), &[], &[]),
            Ok(())
        );
    }

    #[test]
    fn each_rule_refuses_with_its_reason() {
        let cases = [
            (ask("2026-12-03", (8, 0), (12, 0), 0), Misfit::Quantity),
            (ask("2026-12-03", (8, 0), (12, 0), 3), Misfit::Quantity),
            (ask("2026-12-03", (8, 0), (8, 30), 1), Misfit::TooShort),
            (ask("2026-12-03", (8, 0), (17, 0), 1), Misfit::TooLong),
            (ask("2026-12-03", (8, 10), (12, 0), 1), Misfit::OffGrid),
            (ask("2026-12-03", (6, 0), (8, 0), 1), Misfit::OutsideHours),
            (ask("2026-12-01", (14, 0), (16, 0), 1), Misfit::TooSoon),
            (ask("2027-04-01", (8, 0), (12, 0), 1), Misfit::TooFar),
        ];
        for (a, misfit) in cases {
            assert_eq!(fits(a, &[], &[]), Err(misfit), "{a:?}");
        }
        let closure = ask("2026-12-03", (11, 0), (15, 0), 1).range;
        assert_eq!(
            fits(ask("2026-12-03", (8, 0), (12, 0), 1), &[closure], &[]),
            Err(Misfit::Blocked)
        );
    }

    #[test]
    fn units_add_up_with_buffers_and_back_to_back_holds_do_not() {
        let morning = Hold {
            range: ask("2026-12-03", (8, 0), (12, 0), 1).range,
            quantity: 1,
        };
        // Capacity 2: one unit left during the morning.
        assert_eq!(
            fits(ask("2026-12-03", (9, 0), (11, 0), 1), &[], &[morning]),
            Ok(())
        );
        assert_eq!(
            fits(ask("2026-12-03", (9, 0), (11, 0), 2), &[], &[morning]),
            Err(Misfit::Full)
        );
        // Two morning holds fill it, and their 30-minute buffer keeps 12:00–12:30 taken too.
        let both = [morning, morning];
        assert_eq!(
            fits(ask("2026-12-03", (12, 0), (14, 0), 1), &[], &both),
            Err(Misfit::Full)
        );
        assert_eq!(
            fits(ask("2026-12-03", (12, 30), (14, 30), 1), &[], &both),
            Ok(())
        );
        // Holds one after the other never count together.
        let afternoon = Hold {
            range: ask("2026-12-03", (13, 0), (16, 0), 1).range,
            quantity: 1,
        };
        let span = ask("2026-12-03", (8, 0), (17, 0), 1).range;
        assert_eq!(peak_units(&[morning, afternoon], span, 30 * MINUTE_MS), 1);
        assert_eq!(peak_units(&[morning, morning, afternoon], span, 0), 2);
    }

    #[test]
    fn whole_days_for_storage() {
        let mut storage = rules(10);
        storage.max_minutes = None;
        storage.grid = SlotGrid::Days;
        let days = Ask {
            range: TimeRange::new(at("2026-12-03", 0, 0), at("2026-12-10", 0, 0)).expect("range"),
            quantity: 4,
        };
        let check = |a| check(&storage, Zone::Montreal, now(), a, &[], &[]);
        assert_eq!(check(days), Ok(()));
        let off = Ask {
            range: TimeRange::new(at("2026-12-03", 8, 0), at("2026-12-10", 0, 0)).expect("range"),
            quantity: 4,
        };
        assert_eq!(check(off), Err(Misfit::OffGrid));
    }

    #[test]
    fn a_booking_across_the_fall_back_has_its_real_length() {
        // 2026-11-01, 1 h to 3 h in Montréal: 1 h EDT to 3 h EST is three hours.
        let a = ask("2026-11-01", (1, 0), (3, 0), 1);
        let hours = (a.range.end().unix_ms() - a.range.start().unix_ms()) / HOUR_MS;
        assert_eq!(hours, 3);
        let mut night = rules(1);
        night.opening_hours = OpeningHours::default();
        night.max_minutes = Some(150);
        night.lead_hours = 0;
        let before = at("2026-10-30", 9, 0);
        // Three real hours are more than a 2 h 30 maximum, although the clock says two.
        assert_eq!(
            check(&night, Zone::Montreal, before, a, &[], &[]),
            Err(Misfit::TooLong)
        );
    }
}
