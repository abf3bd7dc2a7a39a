//! Bookings as the browser sees them: statuses, the request form's values and their checks,
//! a booking's page, lists, and a resource's free and busy times.

use serde::{Deserialize, Serialize};

use super::fit::Misfit;
use crate::{
    catalogue::resources::types::{PriceUnit, Pricing},
    i18n::{Locale, Msg},
    shared::text::bounded_text,
    time::{
        Instant, LocalDate, LocalTime, TimeRange, Zone, format_local_date, format_local_time,
        parse_local_date,
    },
};

/// Where a booking stands. `Expired` and `Completed` are read from the clock: a request nobody
/// answered before its start, an approved booking that has ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    Requested,
    Approved,
    Declined,
    Cancelled,
    Expired,
    Completed,
}

impl BookingStatus {
    pub const ALL: [BookingStatus; 6] = [
        BookingStatus::Requested,
        BookingStatus::Approved,
        BookingStatus::Declined,
        BookingStatus::Cancelled,
        BookingStatus::Expired,
        BookingStatus::Completed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            BookingStatus::Requested => "requested",
            BookingStatus::Approved => "approved",
            BookingStatus::Declined => "declined",
            BookingStatus::Cancelled => "cancelled",
            BookingStatus::Expired => "expired",
            BookingStatus::Completed => "completed",
        }
    }

    pub fn parse(code: &str) -> Option<BookingStatus> {
        BookingStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// What a stored status reads as at `now`.
    pub fn at(self, range: TimeRange, now: Instant) -> BookingStatus {
        match self {
            BookingStatus::Requested if range.start() <= now => BookingStatus::Expired,
            BookingStatus::Approved if range.end() <= now => BookingStatus::Completed,
            other => other,
        }
    }

    pub fn label(self) -> Msg {
        match self {
            BookingStatus::Requested => Msg::BookingStatusRequested,
            BookingStatus::Approved => Msg::BookingStatusApproved,
            BookingStatus::Declined => Msg::BookingStatusDeclined,
            BookingStatus::Cancelled => Msg::BookingStatusCancelled,
            BookingStatus::Expired => Msg::BookingStatusExpired,
            BookingStatus::Completed => Msg::BookingStatusCompleted,
        }
    }
}

/// What happened to a booking, in its history.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Requested,
    /// Confirmed at once: the resource needs no approval.
    Confirmed,
    Approved,
    Declined,
    Cancelled,
    /// The requester changed the time or quantity, and it applied at once (a request not yet
    /// answered, or a resource that needs no approval).
    Changed,
    /// The requester asked to change an approved booking; it stays as it was meanwhile.
    ChangeRequested,
    ChangeAccepted,
    ChangeRefused,
    ChangeWithdrawn,
    /// The owner's admins moved it on their board (another time, length or resource).
    Moved,
    /// The owner's admins booked it for the requesting organization, from their board.
    BookedFor,
}

impl EventKind {
    pub const ALL: [EventKind; 12] = [
        EventKind::Requested,
        EventKind::Confirmed,
        EventKind::Approved,
        EventKind::Declined,
        EventKind::Cancelled,
        EventKind::Changed,
        EventKind::ChangeRequested,
        EventKind::ChangeAccepted,
        EventKind::ChangeRefused,
        EventKind::ChangeWithdrawn,
        EventKind::Moved,
        EventKind::BookedFor,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EventKind::Requested => "requested",
            EventKind::Confirmed => "confirmed",
            EventKind::Approved => "approved",
            EventKind::Declined => "declined",
            EventKind::Cancelled => "cancelled",
            EventKind::Changed => "changed",
            EventKind::ChangeRequested => "change_requested",
            EventKind::ChangeAccepted => "change_accepted",
            EventKind::ChangeRefused => "change_refused",
            EventKind::ChangeWithdrawn => "change_withdrawn",
            EventKind::Moved => "moved",
            EventKind::BookedFor => "booked_for",
        }
    }

    pub fn parse(code: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            EventKind::Requested => Msg::BookingEventRequested,
            EventKind::Confirmed => Msg::BookingEventConfirmed,
            EventKind::Approved => Msg::BookingEventApproved,
            EventKind::Declined => Msg::BookingEventDeclined,
            EventKind::Cancelled => Msg::BookingEventCancelled,
            EventKind::Changed => Msg::BookingEventChanged,
            EventKind::ChangeRequested => Msg::BookingEventChangeRequested,
            EventKind::ChangeAccepted => Msg::BookingEventChangeAccepted,
            EventKind::ChangeRefused => Msg::BookingEventChangeRefused,
            EventKind::ChangeWithdrawn => Msg::BookingEventChangeWithdrawn,
            EventKind::Moved => Msg::BookingEventMoved,
            EventKind::BookedFor => Msg::BookingEventBookedFor,
        }
    }
}

/// The owner's answer to a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Decline,
}

impl Decision {
    pub fn code(self) -> &'static str {
        match self {
            Decision::Approve => "approve",
            Decision::Decline => "decline",
        }
    }

    pub fn parse(code: &str) -> Option<Decision> {
        [Decision::Approve, Decision::Decline]
            .into_iter()
            .find(|d| d.code() == code)
    }
}

/// Which bookings of the active organization a list shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// « Nos demandes »: what it asked of others.
    #[default]
    Ours,
    /// « Pour nos ressources »: what others asked of it.
    Theirs,
}

impl Side {
    pub fn code(self) -> &'static str {
        match self {
            Side::Ours => "nos-demandes",
            Side::Theirs => "nos-ressources",
        }
    }

    pub fn parse(code: &str) -> Side {
        if code == Side::Theirs.code() {
            Side::Theirs
        } else {
            Side::Ours
        }
    }
}

/// A reason, a purpose: at most this many characters.
pub const TEXT_MAX: usize = 1000;

/// A booking in a list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BookingSummary {
    pub id: String,
    pub resource_id: String,
    pub resource_title: String,
    pub owner_org_id: String,
    pub owner_org_name: String,
    pub requester_org_id: String,
    pub requester_org_name: String,
    pub status: BookingStatus,
    pub range: TimeRange,
    pub quantity: u32,
    /// The owner's zone: times are shown there.
    pub zone: Zone,
    pub series_id: Option<String>,
}

/// What « Réservations » narrows a list to, as the filter bar sends it (query parameters
/// `statut`, `ressource`, `du`, `au`); every field may be empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ListFilter {
    /// A status code (« requested », « completed »…).
    pub status: String,
    pub resource_id: String,
    /// First and last dates (« 2026-12-03 »), in the organization's zone.
    pub from: String,
    pub to: String,
}

impl ListFilter {
    pub fn is_empty(&self) -> bool {
        self == &ListFilter::default()
    }
}

/// A resource a list's filter may pick.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceChoice {
    pub id: String,
    pub title: String,
}

/// One side's bookings, and the resources they are on (the filter's choices).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BookingList {
    pub items: Vec<BookingSummary>,
    pub resources: Vec<ResourceChoice>,
    /// More matched than the page shows.
    pub truncated: bool,
}

/// One line of a booking's history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BookingEvent {
    pub at: Instant,
    pub kind: EventKind,
    pub actor_name: String,
    pub org_name: String,
    pub reason: String,
}

/// What the reader may do with a booking.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingActions {
    pub decide: bool,
    pub cancel: bool,
    /// Ask for another time or quantity (the requesting organization's members).
    pub change: bool,
    /// Accept or refuse the pending change (the owner's admins).
    pub answer_change: bool,
    /// Withdraw the pending change (the requesting organization's members).
    pub withdraw_change: bool,
    /// Pending dates of its series still ahead, this one included (to answer them at once);
    /// 0 outside a series.
    pub series_pending: u32,
    /// Dates of its series from this one on that may still be cancelled; 0 outside a series.
    pub series_rest: u32,
}

/// A change the requester asked for, waiting for the owner.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingChange {
    /// The new time of this booking, and its quantity.
    pub range: TimeRange,
    pub quantity: u32,
    /// The same new hours for this date and the series' later ones.
    pub rest_of_series: bool,
    pub note: String,
}

/// A booking's page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BookingPage {
    pub booking: BookingSummary,
    pub purpose: String,
    pub price_estimate_cents: i64,
    pub reason: String,
    /// Cancelled less than 48 hours before its start.
    pub late: bool,
    pub history: Vec<BookingEvent>,
    pub actions: BookingActions,
    pub pending_change: Option<PendingChange>,
    /// The resource's rules a change form needs: its grid, in minutes (0: whole days).
    pub slot_minutes: u32,
    pub capacity: u32,
}

/// What the change form sends: the booking's new time and quantity, as typed, with a note;
/// `rest_of_series` (« on ») moves this date and the later ones of its series to the new hours.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChangeInput {
    pub date: String,
    pub end_date: String,
    pub from: String,
    pub to: String,
    pub quantity: String,
    pub note: String,
    pub rest_of_series: Option<String>,
}

impl ChangeInput {
    /// The same fields as a request's, to validate them the same way.
    pub fn as_request(&self) -> RequestInput {
        RequestInput {
            date: self.date.clone(),
            end_date: self.end_date.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            quantity: self.quantity.clone(),
            purpose: self.note.clone(),
            repeat_until: String::new(),
            preview: None,
        }
    }
}

/// What a change did: applied at once, or waiting for the owner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeOutcome {
    Applied,
    Pending,
}

/// Units held over a span, as visitors see it: no names, no purposes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Busy {
    pub range: TimeRange,
    pub units: u32,
}

/// A resource's free and busy times over some days.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Availability {
    pub zone: Zone,
    pub capacity: u32,
    pub busy: Vec<Busy>,
    pub blocked: Vec<TimeRange>,
    /// For the owner's members only: the requests and bookings over the span, with who asked
    /// (empty for everyone else).
    pub bookings: Vec<BookingSummary>,
}

/// Why nobody may book a resource for a while.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Closure,
    Maintenance,
    OwnUse,
}

impl BlockKind {
    pub const ALL: [BlockKind; 3] = [
        BlockKind::Closure,
        BlockKind::Maintenance,
        BlockKind::OwnUse,
    ];

    pub fn code(self) -> &'static str {
        match self {
            BlockKind::Closure => "closure",
            BlockKind::Maintenance => "maintenance",
            BlockKind::OwnUse => "own_use",
        }
    }

    pub fn parse(code: &str) -> Option<BlockKind> {
        BlockKind::ALL.into_iter().find(|k| k.code() == code.trim())
    }

    pub fn label(self) -> Msg {
        match self {
            BlockKind::Closure => Msg::BlockKindClosure,
            BlockKind::Maintenance => Msg::BlockKindMaintenance,
            BlockKind::OwnUse => Msg::BlockKindOwnUse,
        }
    }
}

/// A period nobody may book, as its owner's members see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlockedPeriod {
    pub id: String,
    pub range: TimeRange,
    pub kind: BlockKind,
    pub reason: String,
    /// The owner's zone: its days are shown there.
    pub zone: Zone,
}

/// What a blocked-period form sends: whole days, first to last (inclusive), or, with times
/// (the board's), from `from` on the first day to `to` on the last.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BlockInput {
    pub first_day: String,
    pub last_day: String,
    /// « 09:00 »; empty with `to`: whole days.
    pub from: String,
    /// « 12:30 »; « 24:00 » is the end of the last day.
    pub to: String,
    pub kind: String,
    pub reason: String,
}

impl BlockInput {
    pub fn validate(&self, zone: Zone) -> Result<(TimeRange, BlockKind, String), FieldError> {
        let first =
            parse_local_date(&self.first_day).ok_or(("first_day", Msg::ErrorDateInvalid))?;
        let last = match self.last_day.trim() {
            "" => first,
            text => parse_local_date(text).ok_or(("last_day", Msg::ErrorDateInvalid))?,
        };
        let after = last
            .tomorrow()
            .map_err(|_| ("last_day", Msg::ErrorDateInvalid))?;
        let (from, to) = (self.from.trim(), self.to.trim());
        let (start, end) = if from.is_empty() && to.is_empty() {
            (zone.start_of_day(first), zone.start_of_day(after))
        } else {
            let from =
                crate::shared::hours::parse_clock(from).ok_or(("from", Msg::ErrorTimeInvalid))?;
            let to = crate::shared::hours::parse_clock(to).ok_or(("to", Msg::ErrorTimeInvalid))?;
            let at = |date: LocalDate, minute: u16| match LocalTime::new(
                i8::try_from(minute / 60).unwrap_or(0),
                i8::try_from(minute % 60).unwrap_or(0),
                0,
                0,
            ) {
                Ok(time) if minute < 24 * 60 => Some(zone.instant(date, time)),
                // « 24:00 »: the next midnight.
                _ => date.tomorrow().ok().map(|d| zone.start_of_day(d)),
            };
            (
                at(first, from).ok_or(("from", Msg::ErrorTimeInvalid))?,
                at(last, to).ok_or(("to", Msg::ErrorTimeInvalid))?,
            )
        };
        let field = if from.is_empty() { "last_day" } else { "to" };
        let range =
            TimeRange::new(start, end).map_err(|_| (field, Msg::ErrorBookingEndBeforeStart))?;
        let kind = BlockKind::parse(&self.kind).ok_or(("kind", Msg::ErrorChoiceInvalid))?;
        let reason = bounded_text(&self.reason, TEXT_MAX, Msg::ErrorTextTooLong)
            .map_err(|m| ("reason", m))?;
        Ok((range, kind, reason))
    }
}

/// What the request form sends, as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RequestInput {
    /// « 2026-12-03 »
    pub date: String,
    /// The last date, for a booking over several days (storage); empty: the same day.
    pub end_date: String,
    /// « 08:00 »; empty for whole days (midnight).
    pub from: String,
    pub to: String,
    pub quantity: String,
    pub purpose: String,
    /// The last date of a weekly series (« 2027-03-25 »); empty: once.
    pub repeat_until: String,
    /// « on »: check the dates, write nothing.
    pub preview: Option<String>,
}

/// One date of a request: when, and whether it fits (the key of the message that says why
/// not, « error.booking_full »).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Occurrence {
    pub range: TimeRange,
    pub misfit: Option<String>,
}

/// What a request did, or (a preview) would do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestOutcome {
    /// The first booking written; none for a preview.
    pub booking_id: Option<String>,
    pub series_id: Option<String>,
    /// Confirmed at once (the resource needs no approval).
    pub instant: bool,
    pub zone: Zone,
    /// Every date asked for, in order.
    pub occurrences: Vec<Occurrence>,
}

/// A checked request, placed in the owner's zone.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidRequest {
    pub date: LocalDate,
    pub from: LocalTime,
    pub to: LocalTime,
    pub range: TimeRange,
    pub quantity: u32,
    pub purpose: String,
}

/// « jeudi 3 décembre 2026, 8 h – 12 h » in `zone`; across days, both dates.
pub fn when_text(range: TimeRange, zone: Zone, locale: Locale) -> String {
    let (start, end) = (zone.local(range.start()), zone.local(range.end()));
    let from = format_local_time(start.time(), locale);
    let to = format_local_time(end.time(), locale);
    let same_day = start.date() == end.date()
        || (end.time() == LocalTime::midnight()
            && start.date().tomorrow().ok() == Some(end.date()));
    if same_day {
        format!("{}, {from} – {to}", format_local_date(start.date(), locale))
    } else {
        format!(
            "{}, {from} – {}, {to}",
            format_local_date(start.date(), locale),
            format_local_date(end.date(), locale)
        )
    }
}

/// A field's name and the message for it.
pub type FieldError = (&'static str, Msg);

fn parse_time(input: &str) -> Option<LocalTime> {
    let minutes = crate::shared::hours::parse_clock(input)?;
    if minutes >= 24 * 60 {
        return None;
    }
    LocalTime::new(
        i8::try_from(minutes / 60).ok()?,
        i8::try_from(minutes % 60).ok()?,
        0,
        0,
    )
    .ok()
}

impl RequestInput {
    /// Reads the form in `zone`. Without an end date, an end at « 00:00 » or « 24:00 » is the
    /// next midnight; with one (whole days), the booking runs from the first date's start to
    /// the end of the last date.
    pub fn validate(&self, zone: Zone) -> Result<ValidRequest, FieldError> {
        let date = parse_local_date(&self.date).ok_or(("date", Msg::ErrorDateInvalid))?;
        let (from, start_date, to, end_date) = if self.end_date.trim().is_empty() {
            let from = parse_time(&self.from).ok_or(("from", Msg::ErrorTimeInvalid))?;
            let to_text = self.to.trim();
            let (to, end_date) = if matches!(to_text, "24:00" | "00:00" | "24 h") {
                (LocalTime::midnight(), date.tomorrow().ok())
            } else {
                (
                    parse_time(to_text).ok_or(("to", Msg::ErrorTimeInvalid))?,
                    Some(date),
                )
            };
            (
                from,
                date,
                to,
                end_date.ok_or(("date", Msg::ErrorDateInvalid))?,
            )
        } else {
            let last =
                parse_local_date(&self.end_date).ok_or(("end_date", Msg::ErrorDateInvalid))?;
            let after = last
                .tomorrow()
                .map_err(|_| ("end_date", Msg::ErrorDateInvalid))?;
            (LocalTime::midnight(), date, LocalTime::midnight(), after)
        };
        let range = TimeRange::new(zone.instant(start_date, from), zone.instant(end_date, to))
            .map_err(|_| {
                let field = if self.end_date.trim().is_empty() {
                    "to"
                } else {
                    "end_date"
                };
                (field, Msg::ErrorBookingEndBeforeStart)
            })?;
        let quantity = match self.quantity.trim() {
            "" => 1,
            text => text
                .parse::<u32>()
                .ok()
                .filter(|q| *q >= 1)
                .ok_or(("quantity", Msg::ErrorBookingQuantity))?,
        };
        let purpose = bounded_text(&self.purpose, TEXT_MAX, Msg::ErrorTextTooLong)
            .map_err(|m| ("purpose", m))?;
        Ok(ValidRequest {
            date,
            from,
            to,
            range,
            quantity,
            purpose,
        })
    }
}

/// The field and message for a booking that does not fit.
pub fn misfit_error(misfit: Misfit) -> FieldError {
    match misfit {
        Misfit::Quantity => ("quantity", Msg::ErrorBookingQuantity),
        Misfit::TooShort => ("to", Msg::ErrorBookingTooShort),
        Misfit::TooLong => ("to", Msg::ErrorBookingTooLong),
        Misfit::OffGrid => ("from", Msg::ErrorBookingOffGrid),
        Misfit::OutsideHours => ("from", Msg::ErrorBookingOutsideHours),
        Misfit::TooSoon => ("date", Msg::ErrorBookingTooSoon),
        Misfit::TooFar => ("date", Msg::ErrorBookingTooFar),
        Misfit::Blocked => ("date", Msg::ErrorBookingBlocked),
        Misfit::Full => ("date", Msg::ErrorBookingFull),
    }
}

/// The price of `units` for `range` at `pricing`, in cents (an estimate: the owner bills).
pub fn price_estimate(pricing: &Pricing, range: TimeRange, zone: Zone, units: u32) -> i64 {
    let ms = range.end().unix_ms() - range.start().unix_ms();
    let hours = (ms + 3_599_999) / 3_600_000;
    let days = {
        let first = zone.date(range.start());
        let last = zone.date(range.end().plus_ms(-1));
        i64::from((last - first).get_days()) + 1
    };
    let count = match pricing.unit {
        PriceUnit::Free => 0,
        PriceUnit::Hour => hours,
        PriceUnit::Day => days,
        PriceUnit::Use => 1,
        // Per pallet spot (each unit) and started week.
        PriceUnit::PalletWeek => (days + 6) / 7,
    };
    pricing
        .price_cents
        .saturating_mul(count)
        .saturating_mul(i64::from(units))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(date: &str, from: &str, to: &str) -> RequestInput {
        RequestInput {
            date: date.into(),
            from: from.into(),
            to: to.into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_request_reads_in_the_owners_zone() {
        let valid = input("2026-12-03", "08:00", "12 h 30")
            .validate(Zone::Montreal)
            .expect("valid");
        assert_eq!(valid.quantity, 1);
        let ms = valid.range.end().unix_ms() - valid.range.start().unix_ms();
        assert_eq!(ms, 270 * 60_000);
        // Halifax is an hour ahead of Montréal: the same wall clock is an hour earlier in UTC.
        let halifax = input("2026-12-03", "08:00", "12:00")
            .validate(Zone::Halifax)
            .expect("valid");
        let montreal = input("2026-12-03", "08:00", "12:00")
            .validate(Zone::Montreal)
            .expect("valid");
        assert_eq!(
            montreal.range.start().unix_ms() - halifax.range.start().unix_ms(),
            3_600_000
        );
        // « 24:00 » ends at the next midnight.
        let evening = input("2026-12-03", "18:00", "24:00")
            .validate(Zone::Montreal)
            .expect("valid");
        assert_eq!(
            evening.range.end().unix_ms() - evening.range.start().unix_ms(),
            6 * 3_600_000
        );
    }

    #[test]
    fn whole_days_run_to_the_end_of_the_last_date() {
        let days = RequestInput {
            date: "2026-12-03".into(),
            end_date: "2026-12-05".into(),
            ..Default::default()
        }
        .validate(Zone::Montreal)
        .expect("valid");
        assert_eq!(
            days.range.end().unix_ms() - days.range.start().unix_ms(),
            3 * 24 * 3_600_000
        );
        let reversed = RequestInput {
            date: "2026-12-05".into(),
            end_date: "2026-12-03".into(),
            ..Default::default()
        };
        assert_eq!(
            reversed.validate(Zone::Montreal),
            Err(("end_date", Msg::ErrorBookingEndBeforeStart))
        );
    }

    #[test]
    fn bad_values_name_their_field() {
        let zone = Zone::Montreal;
        assert_eq!(
            input("2026-13-03", "08:00", "12:00").validate(zone),
            Err(("date", Msg::ErrorDateInvalid))
        );
        assert_eq!(
            input("2026-12-03", "8h61", "12:00").validate(zone),
            Err(("from", Msg::ErrorTimeInvalid))
        );
        assert_eq!(
            input("2026-12-03", "12:00", "08:00").validate(zone),
            Err(("to", Msg::ErrorBookingEndBeforeStart))
        );
        let mut zero = input("2026-12-03", "08:00", "12:00");
        zero.quantity = "0".into();
        assert_eq!(
            zero.validate(zone),
            Err(("quantity", Msg::ErrorBookingQuantity))
        );
        let mut long = input("2026-12-03", "08:00", "12:00");
        long.purpose = "é".repeat(TEXT_MAX + 1);
        assert_eq!(long.validate(zone), Err(("purpose", Msg::ErrorTextTooLong)));
    }

    #[test]
    fn statuses_follow_the_clock() {
        let range = input("2026-12-03", "08:00", "12:00")
            .validate(Zone::Montreal)
            .expect("valid")
            .range;
        let before = range.start().plus_ms(-1);
        let after = range.end();
        assert_eq!(
            BookingStatus::Requested.at(range, before),
            BookingStatus::Requested
        );
        assert_eq!(
            BookingStatus::Requested.at(range, range.start()),
            BookingStatus::Expired
        );
        assert_eq!(
            BookingStatus::Approved.at(range, after),
            BookingStatus::Completed
        );
        assert_eq!(
            BookingStatus::Declined.at(range, after),
            BookingStatus::Declined
        );
        for status in BookingStatus::ALL {
            assert_eq!(BookingStatus::parse(status.code()), Some(status));
        }
        assert_eq!(BookingStatus::parse("pending"), None);
    }

    #[test]
    fn prices_count_started_hours_and_days() {
        let range = input("2026-12-03", "08:00", "12:30")
            .validate(Zone::Montreal)
            .expect("valid")
            .range;
        let hourly = Pricing {
            unit: PriceUnit::Hour,
            price_cents: 2500,
            deposit_cents: 0,
        };
        assert_eq!(
            price_estimate(&hourly, range, Zone::Montreal, 2),
            5 * 2500 * 2
        );
        let daily = Pricing {
            unit: PriceUnit::Day,
            ..hourly
        };
        assert_eq!(price_estimate(&daily, range, Zone::Montreal, 1), 2500);
        let free = Pricing {
            unit: PriceUnit::Free,
            ..hourly
        };
        assert_eq!(price_estimate(&free, range, Zone::Montreal, 3), 0);
    }
}
