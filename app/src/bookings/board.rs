//! The coordinators' board: an organization's resources × days, with their bookings and
//! blocked periods, and moving a booking on it (another time, another length, another
//! resource of the same category). A move is decided where every booking write is: under the
//! locks of the resources it touches (taken in id order, so two moves never wait on each
//! other), against the version the board showed (a block changed since is refused and
//! reloaded), with the bookings invariant (`fit`). The requesting organization is told in
//! its thread, its notifications and by email, with the old and the new time; every open board
//! of either organization hears of it through the live channel.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::types::{BlockKind, BookingStatus, Busy};
use crate::{
    catalogue::resources::types::{BookingRules, Category},
    error::AppError,
    time::{Instant, LocalDate, TimeRange, Zone},
};

#[cfg(feature = "ssr")]
use {
    super::{
        api::{self, BookingMail},
        fit::{self, Ask, Misfit},
        repo::{self, board as board_repo},
        types::{EventKind, misfit_error, price_estimate},
    },
    crate::{
        accounts::{auth, repo as accounts},
        catalogue::resources::{repo as resources, types::ResourceStatus},
        db::now_ms,
        i18n::Msg,
        live::LiveEvent,
        organizations::{access, repo as organizations, types::Role},
        state::app_state,
    },
    std::collections::HashMap,
};

/// Which resources a board shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BoardTab {
    /// The organization's own resources, everything on them.
    #[default]
    Own,
    /// Others' resources on which it holds bookings: its own in full, the rest free/busy.
    Others,
}

/// How much time a board spans.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Zoom {
    Day,
    #[default]
    Week,
    Month,
}

impl Zoom {
    pub const ALL: [Zoom; 3] = [Zoom::Day, Zoom::Week, Zoom::Month];

    pub fn code(self) -> &'static str {
        match self {
            Zoom::Day => "day",
            Zoom::Week => "week",
            Zoom::Month => "month",
        }
    }

    pub fn parse(code: &str) -> Option<Zoom> {
        Self::ALL.into_iter().find(|z| z.code() == code)
    }

    /// The first day and the number of days shown around `date`: that day, its week (Monday
    /// first) or its month.
    pub fn span(self, date: LocalDate) -> (LocalDate, u32) {
        match self {
            Zoom::Day => (date, 1),
            Zoom::Week => {
                let back = i64::try_from(crate::time::weekday_index(date)).unwrap_or(0);
                (crate::time::add_days(date, -back).unwrap_or(date), 7)
            }
            Zoom::Month => (
                date.first_of_month(),
                u32::try_from(date.days_in_month()).unwrap_or(30),
            ),
        }
    }
}

/// What a board asks for, as its address says (`onglet`, `vue`, `date`, `categorie`); every
/// field may be empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BoardQuery {
    pub tab: BoardTab,
    pub zoom: Zoom,
    /// A day of the span (« 2026-12-09 »); empty: today in the organization's zone.
    pub date: String,
    /// A category code; empty: all.
    pub category: String,
}

/// A booking as a board shows it: who asked, when, how many units, and its version (a move
/// must name it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardBooking {
    pub id: String,
    pub status: BookingStatus,
    pub requester_org_name: String,
    pub range: TimeRange,
    pub quantity: u32,
    pub version: i64,
    /// One date of a weekly series.
    pub series: bool,
}

/// A blocked period on a board; its kind and reason only on the owner's own board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardBlocked {
    pub id: String,
    pub range: TimeRange,
    pub kind: Option<BlockKind>,
    pub reason: String,
}

/// One row: a resource, the rules a drag's preview checks, and what meets the span.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoardRow {
    pub resource_id: String,
    pub title: String,
    pub category: Category,
    /// The owner's name (another organization's resource, on the second tab).
    pub owner_name: String,
    pub rules: BookingRules,
    /// The resource's booking version: bumped by every write of its bookings.
    pub version: i64,
    pub bookings: Vec<BoardBooking>,
    /// Units others hold (the second tab: who and why are not this reader's to see).
    pub busy: Vec<Busy>,
    pub blocked: Vec<BoardBlocked>,
}

/// A board: resources × days in the organization's zone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Board {
    pub org_id: String,
    pub tab: BoardTab,
    pub zoom: Zoom,
    pub zone: Zone,
    #[serde(with = "crate::time::iso")]
    pub first_day: LocalDate,
    pub days: u32,
    pub span: TimeRange,
    /// When it was read (where the « now » line goes).
    pub now: Instant,
    /// The reader may move bookings and block time (an admin, on the first tab).
    pub can_edit: bool,
    /// The categories of every resource of the tab (the filter's choices).
    pub categories: Vec<Category>,
    pub category: Option<Category>,
    pub rows: Vec<BoardRow>,
    /// More bookings met the span than one board carries.
    pub truncated: bool,
    /// The organizations an admin may book for from the board (empty for others): those
    /// that booked its resources, their partners, those it writes with. (id, name)
    pub partners: Vec<(String, String)>,
}

/// Where a booking goes: another time, length or resource. `version` is the one the board
/// showed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveInput {
    pub booking_id: String,
    pub version: i64,
    /// Empty: the resource it is on.
    #[serde(default)]
    pub resource_id: String,
    pub starts_at: i64,
    pub ends_at: i64,
}

/// A move, settled: the booking as it is now, and where it was.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveOutcome {
    pub booking: BoardBooking,
    pub resource_id: String,
    pub from_resource_id: String,
    pub from: TimeRange,
}

/// The rules a move by the owner's admins checks: the resource's own, but lead time and
/// horizon, which bind requesters, not the owner.
pub fn owner_rules(rules: &BookingRules) -> BookingRules {
    let mut rules = rules.clone();
    rules.lead_hours = 0;
    rules.horizon_days = u32::MAX / 2;
    rules
}

/// Whether booking `id` (`quantity` units) fits `range` on `row`, from what the board has
/// loaded: the same rules the server decides with, so a drag's preview rarely disagrees (the
/// server, which reads what is stored now, has the last word).
pub fn preview(
    row: &BoardRow,
    zone: Zone,
    now: Instant,
    id: &str,
    range: TimeRange,
    quantity: u32,
) -> Result<(), super::fit::Misfit> {
    use super::fit::{self, Ask, Hold};
    let ask = Ask { range, quantity };
    fit::check_rules(&owner_rules(&row.rules), zone, now, ask)?;
    let blocked: Vec<TimeRange> = row.blocked.iter().map(|b| b.range).collect();
    let holds: Vec<Hold> = row
        .bookings
        .iter()
        .filter(|b| b.id != id && b.status == BookingStatus::Approved)
        .map(|b| Hold {
            range: b.range,
            quantity: b.quantity,
        })
        .chain(row.busy.iter().map(|b| Hold {
            range: b.range,
            quantity: b.units,
        }))
        .collect();
    fit::check_room(&row.rules, ask, &blocked, &holds)
}

/// The board of `org_id` (its members): its resources and what meets the span, or, on the
/// second tab, the others' resources it holds bookings on.
#[server(prefix = "/api", endpoint = "board")]
pub async fn read_board(
    org_id: String,
    #[server(default)] query: BoardQuery,
) -> Result<Board, AppError> {
    let (_, role) = access::require_member(&org_id).await?;
    let state = app_state()?;
    let zone = api::owner_zone(&org_id).await?;
    let date = match query.date.trim() {
        "" => zone.today(),
        text => crate::time::parse_local_date(text)
            .ok_or_else(|| AppError::validation("date", Msg::ErrorDateInvalid))?,
    };
    let category = match query.category.trim() {
        "" => None,
        code => Some(
            Category::parse(code)
                .ok_or_else(|| AppError::validation("category", Msg::ErrorChoiceInvalid))?,
        ),
    };
    let (first_day, days) = query.zoom.span(date);
    let last = crate::time::add_days(first_day, i64::from(days))
        .ok_or_else(|| AppError::validation("date", Msg::ErrorDateInvalid))?;
    let span = TimeRange::new(zone.start_of_day(first_day), zone.start_of_day(last))
        .map_err(|_| AppError::validation("date", Msg::ErrorDateInvalid))?;
    let db = state.db.pool();
    let tab = query.tab;
    let all = board_repo::resources(db, &org_id, tab, span).await?;
    let mut categories: Vec<Category> = all.iter().map(|r| r.category).collect();
    categories.dedup();
    let mut rows: Vec<BoardRow> = all
        .into_iter()
        .filter(|r| category.is_none_or(|c| c == r.category))
        .map(|r| BoardRow {
            resource_id: r.id,
            title: r.title,
            category: r.category,
            owner_name: r.owner_name,
            rules: r.rules,
            version: r.version,
            bookings: Vec::new(),
            busy: Vec::new(),
            blocked: Vec::new(),
        })
        .collect();
    let index: HashMap<String, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.resource_id.clone(), i))
        .collect();
    let now = Instant::now();
    let bookings = board_repo::bookings(db, &org_id, tab, span).await?;
    let truncated = bookings.len() >= board_repo::MAX_BOOKINGS as usize;
    for b in bookings {
        let Some(&i) = index.get(&b.resource_id) else {
            continue;
        };
        let (Ok(range), Ok(quantity)) = (
            TimeRange::new(b.starts_at, b.ends_at),
            u32::try_from(b.quantity),
        ) else {
            continue;
        };
        if tab == BoardTab::Others && b.requester_org_id != org_id {
            if b.status == BookingStatus::Approved {
                rows[i].busy.push(Busy {
                    range,
                    units: quantity,
                });
            }
            continue;
        }
        rows[i].bookings.push(BoardBooking {
            id: b.id,
            status: b.status.at(range, now),
            requester_org_name: b.requester_org_name,
            range,
            quantity,
            version: b.version,
            series: b.series_id.is_some(),
        });
    }
    for p in board_repo::blocked(db, &org_id, tab, span).await? {
        let Some(&i) = index.get(&p.resource_id) else {
            continue;
        };
        let Ok(range) = TimeRange::new(p.starts_at, p.ends_at) else {
            continue;
        };
        let own = tab == BoardTab::Own;
        rows[i].blocked.push(BoardBlocked {
            id: if own { p.id } else { String::new() },
            range,
            kind: own.then_some(p.kind),
            reason: if own { p.reason } else { String::new() },
        });
    }
    let can_edit = tab == BoardTab::Own && role == Role::Admin;
    let partners = if can_edit {
        board_repo::known_organizations(db, &org_id).await?
    } else {
        Vec::new()
    };
    Ok(Board {
        org_id,
        tab,
        zoom: query.zoom,
        zone,
        first_day,
        days,
        span,
        now,
        can_edit,
        categories,
        category,
        rows,
        truncated,
        partners,
    })
}

/// Books `resource_id` for organization `org_id` (one its owner knows: see
/// `Board::partners`), by the owner's admins from their board: approved at once, under the
/// resource's lock, with the owner's rules (no lead time, no horizon) and the bookings
/// invariant. The organization is told: a notice, a line in the booking's thread, an email to
/// its admins. Answers the booking's id.
#[server(prefix = "/api", endpoint = "book_for_org")]
pub async fn book_for_org(
    resource_id: String,
    org_id: String,
    input: super::types::RequestInput,
) -> Result<String, AppError> {
    let owner = crate::catalogue::resources::api::require_resource_admin(&resource_id).await?;
    let who = auth::require_user().await?;
    let state = app_state()?;
    let zone = api::owner_zone(&owner).await?;
    let request = input.validate(zone).map_err(api::validation)?;
    if org_id == owner {
        return Err(AppError::validation("org_id", Msg::ErrorBookingOwnResource));
    }
    if !board_repo::knows(state.db.pool(), &owner, &org_id).await? {
        return Err(AppError::validation("org_id", Msg::ErrorChoiceInvalid));
    }
    let now = now_ms();
    let ask = Ask {
        range: request.range,
        quantity: request.quantity,
    };
    let mut tx = state.db.begin_write().await?;
    if !repo::lock_resource(&mut tx, &resource_id).await? {
        return Err(AppError::not_found());
    }
    let resource = resources::find_resource(&mut *tx, &resource_id)
        .await?
        .filter(|r| r.status != ResourceStatus::Archived)
        .ok_or_else(|| AppError::conflict(Msg::ErrorBookingNotOpen))?;
    fit::check_rules(
        &owner_rules(&resource.content.rules),
        zone,
        Instant::from_unix_ms(now),
        ask,
    )
    .map_err(|m| api::validation(misfit_error(m)))?;
    api::room_for(&mut tx, &resource, ask, None)
        .await?
        .map_err(|m| no_room(m, Msg::ErrorBookingFull))?;
    let id = crate::db::new_id();
    repo::insert_booking(
        &mut *tx,
        &repo::NewBooking {
            id: &id,
            resource_id: &resource_id,
            owner_org_id: &owner,
            requester_org_id: &org_id,
            requested_by: None,
            series_id: None,
            status: BookingStatus::Approved,
            range: request.range,
            quantity: request.quantity,
            purpose: &request.purpose,
            price_estimate_cents: price_estimate(
                &resource.content.pricing,
                request.range,
                zone,
                request.quantity,
            ),
            now,
        },
    )
    .await?;
    api::record(
        &mut tx,
        &id,
        EventKind::BookedFor,
        &who.user.id,
        &owner,
        "",
        now,
    )
    .await?;
    let mut events = Vec::new();
    api::tell_org(
        &mut tx,
        crate::notifications::types::NotificationKind::BookingMadeForUs,
        &org_id,
        &id,
        &resource_id,
        now,
        &mut events,
    )
    .await?;
    let written = repo::find_booking(&mut *tx, &id, Instant::from_unix_ms(now))
        .await?
        .ok_or_else(AppError::internal)?;
    let mail = BookingMail {
        base_url: &state.config.base_url,
        subject: Msg::EmailBookingMadeForYouSubject,
        body: Msg::EmailBookingMadeForYouBody,
        booking: &written.summary,
        other_org: &written.summary.owner_org_name,
        reason: "",
        dates: 1,
        change: None,
    };
    api::email_admins(&mut tx, &org_id, &mail, false).await?;
    events.push(board_event([resource_id.as_str()], &owner, &org_id));
    state.commit(tx, events).await?;
    Ok(id)
}

/// Moves a booking (its owner's admins): another time, another length, or another of the
/// owner's resources of the same category. Refused, changing nothing, when the booking changed
/// since `input.version`, has ended or was answered otherwise, or when the new place does not
/// fit (its rules but lead time and horizon, which bind requesters; blocked periods; units
/// held, buffers included).
#[server(prefix = "/api", endpoint = "move_booking")]
pub async fn move_booking(input: MoveInput) -> Result<MoveOutcome, AppError> {
    let who = auth::require_user().await?;
    let state = app_state()?;
    let db = state.db.pool();
    let row = repo::find_booking(db, &input.booking_id, Instant::now())
        .await?
        .ok_or_else(AppError::not_found)?;
    let b = &row.summary;
    let owner_role = organizations::role_of(db, &b.owner_org_id, &who.user.id).await?;
    if owner_role != Some(Role::Admin) {
        // Its requester's members learn it exists; nobody else does.
        let requester = organizations::role_of(db, &b.requester_org_id, &who.user.id).await?;
        return Err(if owner_role.is_some() || requester.is_some() {
            AppError::forbidden()
        } else {
            AppError::not_found()
        });
    }
    let range = TimeRange::new(
        Instant::from_unix_ms(input.starts_at),
        Instant::from_unix_ms(input.ends_at),
    )
    .map_err(|_| AppError::validation("ends_at", Msg::ErrorBookingEndBeforeStart))?;
    let target_id = match input.resource_id.trim() {
        "" => b.resource_id.clone(),
        id => id.to_owned(),
    };
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    // Both resources, in id order: two moves between the same two never wait on each other.
    let mut locks = vec![b.resource_id.as_str(), target_id.as_str()];
    locks.sort_unstable();
    locks.dedup();
    for id in locks {
        if !repo::lock_resource(&mut tx, id).await? {
            return Err(AppError::validation("resource_id", Msg::ErrorChoiceInvalid));
        }
    }
    // As stored now, under the locks.
    let current = repo::find_booking(&mut *tx, &input.booking_id, Instant::from_unix_ms(now))
        .await?
        .ok_or_else(AppError::not_found)?;
    let version = board_repo::booking_version(&mut *tx, &input.booking_id).await?;
    if version != Some(input.version) {
        return Err(AppError::conflict(Msg::ErrorBoardStale));
    }
    let old = current.summary.range;
    let open = matches!(
        current.stored_status,
        BookingStatus::Requested | BookingStatus::Approved
    ) && old.end().unix_ms() > now;
    if !open {
        return Err(AppError::conflict(Msg::ErrorBookingNotChangeable));
    }
    let started = old.start().unix_ms() <= now;
    if started && (range.start() != old.start() || target_id != current.summary.resource_id) {
        // Under way: only its end may move.
        return Err(AppError::conflict(Msg::ErrorBoardStarted));
    }
    if range == old && target_id == current.summary.resource_id {
        return Err(AppError::validation("starts_at", Msg::ErrorChangeSame));
    }
    if super::repo::changes::pending_change(&mut *tx, &input.booking_id)
        .await?
        .is_some()
    {
        return Err(AppError::conflict(Msg::ErrorBoardChangePending));
    }
    let source = resources::find_resource(&mut *tx, &current.summary.resource_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let target = if target_id == source.id {
        source.clone()
    } else {
        resources::find_resource(&mut *tx, &target_id)
            .await?
            .filter(|r| r.org_id == source.org_id && r.status != ResourceStatus::Archived)
            .ok_or_else(|| AppError::validation("resource_id", Msg::ErrorChoiceInvalid))?
    };
    if target.content.category != source.content.category {
        return Err(AppError::validation(
            "resource_id",
            Msg::ErrorBoardOtherCategory,
        ));
    }
    let zone = current.summary.zone;
    let ask = Ask {
        range,
        quantity: current.summary.quantity,
    };
    // The owner's own rules hold; lead time and horizon are what requesters owe the owner.
    let rules = owner_rules(&target.content.rules);
    if !started {
        fit::check_rules(&rules, zone, Instant::from_unix_ms(now), ask)
            .map_err(|m| api::validation(misfit_error(m)))?;
    } else if range.end().unix_ms() <= now {
        return Err(AppError::validation("ends_at", Msg::ErrorBookingTooSoon));
    }
    api::room_for(&mut tx, &target, ask, Some(&input.booking_id))
        .await?
        .map_err(|m| no_room(m, Msg::ErrorBoardFull))?;
    let moved = board_repo::move_booking(
        &mut *tx,
        &board_repo::Move {
            booking_id: &input.booking_id,
            version: input.version,
            resource_id: &target.id,
            range,
            price_estimate_cents: price_estimate(
                &target.content.pricing,
                range,
                zone,
                current.summary.quantity,
            ),
            now,
        },
    )
    .await?;
    if !moved {
        return Err(AppError::conflict(Msg::ErrorBoardStale));
    }
    let owner = current.summary.owner_org_id.clone();
    let requester = current.summary.requester_org_id.clone();
    api::record(
        &mut tx,
        &input.booking_id,
        EventKind::Moved,
        &who.user.id,
        &owner,
        "",
        now,
    )
    .await?;
    let mut events = Vec::new();
    if requester != owner {
        api::tell_org_moved(
            &mut tx,
            &requester,
            &input.booking_id,
            &target.id,
            old,
            now,
            &mut events,
        )
        .await?;
        let mail = BookingMail {
            base_url: &state.config.base_url,
            subject: Msg::EmailBookingMovedSubject,
            body: Msg::EmailBookingMovedBody,
            booking: &current.summary,
            other_org: &current.summary.owner_org_name,
            reason: "",
            dates: 1,
            change: Some((range, current.summary.quantity)),
        };
        let extra = [("new_resource", target.content.title.as_str())];
        let person = match current.requested_by.as_deref() {
            Some(id) => accounts::find_user(&mut *tx, id).await?,
            None => None,
        };
        match person {
            Some(p) => {
                api::email_person(&mut tx, &p.email, &p.name, &p.locale, &mail, &extra).await?;
            }
            None => api::email_admins_with(&mut tx, &requester, &mail, &extra).await?,
        }
    }
    events.push(board_event(
        [source.id.as_str(), target.id.as_str()],
        &owner,
        &requester,
    ));
    state.commit(tx, events).await?;
    Ok(MoveOutcome {
        booking: BoardBooking {
            id: input.booking_id,
            status: current.summary.status,
            requester_org_name: current.summary.requester_org_name,
            range,
            quantity: current.summary.quantity,
            version: input.version + 1,
            series: current.summary.series_id.is_some(),
        },
        resource_id: target.id,
        from_resource_id: source.id,
        from: old,
    })
}

/// Why there is no room, as an error: taken (`full`, a conflict with what others hold), a
/// blocked period (a conflict), or a mistake in the asking (the rule it breaks).
#[cfg(feature = "ssr")]
fn no_room(misfit: Misfit, full: Msg) -> AppError {
    match misfit {
        Misfit::Full => AppError::conflict(full),
        Misfit::Blocked => AppError::conflict(Msg::ErrorBookingBlocked),
        other => api::validation(misfit_error(other)),
    }
}

/// The live event of a change on resources' boards, for the owner's members and the
/// requester's (whose second tab shows the resource).
#[cfg(feature = "ssr")]
pub fn board_event<'a>(
    resources: impl IntoIterator<Item = &'a str>,
    owner_org: &str,
    requester_org: &str,
) -> LiveEvent {
    let mut resources: Vec<String> = resources.into_iter().map(str::to_owned).collect();
    resources.sort();
    resources.dedup();
    let mut orgs = vec![owner_org.to_owned(), requester_org.to_owned()];
    orgs.sort();
    orgs.dedup();
    LiveEvent::Board { resources, orgs }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> LocalDate {
        crate::time::parse_local_date(text).expect("date")
    }

    #[test]
    fn a_zoom_spans_the_day_its_monday_first_week_or_its_month() {
        assert_eq!(Zoom::Day.span(day("2026-12-09")), (day("2026-12-09"), 1));
        // A Wednesday: its week starts on Monday the 7th.
        assert_eq!(Zoom::Week.span(day("2026-12-09")), (day("2026-12-07"), 7));
        // A Sunday belongs to the week before.
        assert_eq!(Zoom::Week.span(day("2026-12-13")), (day("2026-12-07"), 7));
        assert_eq!(Zoom::Month.span(day("2026-12-09")), (day("2026-12-01"), 31));
        assert_eq!(Zoom::Month.span(day("2028-02-10")), (day("2028-02-01"), 29));
        for zoom in Zoom::ALL {
            assert_eq!(Zoom::parse(zoom.code()), Some(zoom));
        }
        assert_eq!(Zoom::parse("year"), None);
    }
}
