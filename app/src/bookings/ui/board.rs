//! « Planning » (`/planning`): the coordinators' board. Rows are resources, the axis is time
//! (a day, a week or a month, the hours between the earliest opening and the latest closing of
//! the rows shown). An admin moves a booking three ways, all decided by `move_booking`:
//! - by pointer: a mouse drags at once, a finger after a long press (the page still scrolls
//!   under a finger that does not hold still); either edge resizes; the drop snaps to the
//!   resource's grid, and a preview says whether it fits from what is loaded;
//! - by keyboard: the board is one tab stop (ARIA grid, `aria-activedescendant`); arrows go
//!   from block to block; Space or Enter picks one up, arrows then move it by one step of its
//!   grid (up and down: to the resource above or below, same category), Shift with left and
//!   right changes its end, Enter confirms, Escape puts it back; each step is announced;
//! - by taps: a block opens its sheet, whose « Déplacer » form takes a date, times and a
//!   resource.
//!
//! A settled move can be undone for 10 seconds; a refused one springs back with its reason.
//! The board reads itself again when the live socket says one of its resources changed.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

use crate::{
    bookings::{
        api::AddBlockedPeriod,
        board::{
            Board, BoardBooking, BoardQuery, BoardRow, BoardTab, BookForOrg, MoveInput,
            MoveOutcome, Zoom, move_booking, preview, read_board,
        },
        fit::Misfit,
        types::{BlockKind, BookingStatus, TEXT_MAX, misfit_error, when_text},
    },
    catalogue::resources::types::SlotGrid,
    error::AppError,
    i18n::{Msg, use_i18n},
    inbox::live_client::LiveSocket,
    live::LiveEvent,
    organizations::types::MembershipSummary,
    session::ActiveOrgGate,
    time::{
        Instant, LocalDate, LocalTime, TimeRange, Zone, add_days, format_local_day_month,
        format_local_time, iso_date, parse_local_date,
    },
    ui::{
        FormAlert, Icon, IconName, Loading, OptionLabel, SelectField, SubmitButton, TextField,
        action_error,
        dialog::Dialog,
        links::Link,
        pickers::{DateField, TimeField},
        toast_outcome, use_toasts,
    },
};

const UNDO_MS: u64 = 10_000;
/// Rows the server writes (a tall screen's board); the browser then keeps those in view.
const FIRST_ROWS: usize = 24;
/// Rows kept in the page above and below those in view.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
const OVERSCAN_ROWS: usize = 6;

fn zoom_code(zoom: Zoom) -> &'static str {
    match zoom {
        Zoom::Day => "jour",
        Zoom::Week => "semaine",
        Zoom::Month => "mois",
    }
}

/// The board an address asks for (`onglet`, `vue`, `date`, `categorie`).
fn query_from(map: &leptos_router::params::ParamsMap) -> BoardQuery {
    let get = |k: &str| map.get(k).unwrap_or_default();
    BoardQuery {
        tab: if get("onglet") == "autres" {
            BoardTab::Others
        } else {
            BoardTab::Own
        },
        zoom: Zoom::ALL
            .into_iter()
            .find(|z| zoom_code(*z) == get("vue"))
            .unwrap_or_default(),
        date: get("date"),
        category: get("categorie"),
    }
}

/// The address of `query`.
fn href(query: &BoardQuery) -> String {
    let mut parts = Vec::new();
    if query.tab == BoardTab::Others {
        parts.push("onglet=autres".to_owned());
    }
    if query.zoom != Zoom::Week {
        parts.push(format!("vue={}", zoom_code(query.zoom)));
    }
    if !query.date.is_empty() {
        parts.push(format!("date={}", query.date));
    }
    if !query.category.is_empty() {
        parts.push(format!("categorie={}", query.category));
    }
    if parts.is_empty() {
        "/planning".to_owned()
    } else {
        format!("/planning?{}", parts.join("&"))
    }
}

#[component]
pub fn BoardPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t(Msg::BoardTitle)/>
        <ActiveOrgGate title=Msg::BoardTitle render=|m: MembershipSummary| {
            view! { <BoardView org_id=m.org_id/> }.into_any()
        }/>
    }
}

#[component]
fn BoardView(org_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let wanted = Memo::new(move |_| query_from(&query.read()));
    let reads = RwSignal::new(0_u32);
    let board = {
        let org_id = org_id.clone();
        Resource::new(
            move || (org_id.clone(), wanted.get(), reads.get()),
            |(org_id, query, _)| read_board(org_id, query),
        )
    };
    // What is shown, kept while the next read loads (the board does not blink on a live change).
    let shown = RwSignal::new(None::<Board>);
    Effect::new(move |_| {
        if let Some(Ok(b)) = board.get() {
            shown.set(Some(b));
        }
    });
    let ui = BoardUi::new();
    // A live change while a block is carried waits until it is put down.
    let deferred = RwSignal::new(false);
    let reload = move || {
        if ui.pick.with_untracked(Option::is_some) {
            deferred.set(true);
        } else {
            reads.update(|r| *r += 1);
        }
    };
    Effect::new(move |_| {
        if ui.pick.with(Option::is_none) && deferred.get_untracked() {
            deferred.set(false);
            reads.update(|r| *r += 1);
        }
    });
    let toasts = use_toasts();
    Effect::new(move |_| {
        let Some(result) = ui.send.value().get() else {
            return;
        };
        ui.settled(result, shown, toasts);
        reload();
    });
    toast_outcome(ui.add_block.value(), move |_| {
        Some(i18n.t(Msg::BlockedAdded).to_owned())
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = ui.add_block.value().get() {
            ui.block_open.set(false);
            ui.announce.set(i18n.t(Msg::BlockedAdded).to_owned());
            reload();
        }
    });
    toast_outcome(ui.book_for.value(), move |_| {
        Some(i18n.t(Msg::BoardBookedFor).to_owned())
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = ui.book_for.value().get() {
            ui.block_open.set(false);
            ui.announce.set(i18n.t(Msg::BoardBookedFor).to_owned());
            reload();
        }
    });
    // The socket's first « catch up » comes as it connects, right after the board was read.
    let connected = StoredValue::new(false);
    let _socket = LiveSocket::open(move |event| match event {
        LiveEvent::Board { resources, .. } => {
            let ours = shown.with_untracked(|b| {
                b.as_ref()
                    .is_none_or(|b| b.rows.iter().any(|r| resources.contains(&r.resource_id)))
            });
            // A resource of this tab not on screen (another category, one just added): read too.
            if ours || wanted.with_untracked(|q| q.tab == BoardTab::Own) {
                reload();
            }
        }
        LiveEvent::Resync => {
            if connected.get_value() {
                reload();
            }
            connected.set_value(true);
        }
        _ => {}
    });
    let tab = move |t: BoardTab, label: Msg| {
        view! {
            <A href=move || href(&BoardQuery { tab: t, ..wanted.get() })
                attr:class=move || if wanted.get().tab == t { "tab tab-active" } else { "tab" }
                attr:aria-current=move || (wanted.get().tab == t).then_some("page")>
                {i18n.t(label)}
            </A>
        }
    };
    view! {
        <section class="page page-wide stack board-page">
            <header class="board-header">
                <h1>{i18n.t(Msg::BoardTitle)}</h1>
                <A href="/reservations" attr:class="button button-ghost">
                    <Icon name=IconName::Calendar/><span>{i18n.t(Msg::BoardList)}</span>
                </A>
            </header>
            <nav class="tabs" aria-label=i18n.t(Msg::BoardTitle)>
                {tab(BoardTab::Own, Msg::BoardOwn)}
                {tab(BoardTab::Others, Msg::BoardOthers)}
            </nav>
            {undo_bar(ui)}
            <Transition fallback=Loading>
                {move || board.get().map(|r| match r {
                    Ok(b) => view! { <BoardBody board=b query=wanted.get_untracked() ui/> }.into_any(),
                    Err(e) => view! { <crate::ui::ErrorPanel error=e/> }.into_any(),
                })}
            </Transition>
            <Dialog open=ui.sheet_open id="board-sheet" title=Signal::derive(move || ui.sheet.with(|s| s.as_ref().map(|(_, b)| b.requester_org_name.clone()).unwrap_or_default()))>
                {move || {
                    let (resource_id, booking) = ui.sheet.get()?;
                    let board = shown.get_untracked()?;
                    Some(view! { <MoveSheet resource_id booking board ui/> })
                }}
            </Dialog>
            <Dialog open=ui.block_open id="board-slot-sheet" title=Signal::derive(move || {
                let book = ui.book_mode.get() && shown.with(|b| b.as_ref().is_some_and(|b| !b.partners.is_empty()));
                i18n.t(if book { Msg::BoardBookTitle } else { Msg::BoardBlockTitle }).to_owned()
            })>
                {move || {
                    let (resource_id, range) = ui.block.get()?;
                    let board = shown.get_untracked()?;
                    Some(view! { <SlotSheet resource_id range board ui/> })
                }}
            </Dialog>
        </section>
    }
}

/// The hours and days the axis spans, and where an instant falls on it (0 = left edge, 1 =
/// right edge).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Axis {
    zone: Zone,
    first: LocalDate,
    days: u32,
    /// Minutes of the day shown: from `open` to `close`.
    open: u16,
    close: u16,
}

impl Axis {
    fn new(board: &Board) -> Axis {
        let mut open = 24 * 60;
        let mut close = 0;
        let mut whole_days = board.zoom == Zoom::Month;
        for row in &board.rows {
            if row.rules.grid == SlotGrid::Days || row.rules.opening_hours.is_empty() {
                whole_days = true;
            }
            for (a, b) in row.rules.opening_hours.0.iter().flatten() {
                open = open.min(*a);
                close = close.max(*b);
            }
        }
        if whole_days || open >= close {
            (open, close) = (0, 24 * 60);
        }
        Axis {
            zone: board.zone,
            first: board.first_day,
            days: board.days.max(1),
            open,
            close,
        }
    }

    fn day_index(&self, date: LocalDate) -> i64 {
        i64::from((date - self.first).get_days())
    }

    /// Where `at` falls, from 0 to 1; times outside the hours shown go to the nearest edge.
    fn x(&self, at: Instant) -> f64 {
        let local = self.zone.local(at);
        let day = self.day_index(local.date());
        let minute = u16::try_from(i32::from(local.hour()) * 60 + i32::from(local.minute()))
            .unwrap_or(0)
            .clamp(self.open, self.close);
        let within = f64::from(minute - self.open) / f64::from(self.close - self.open);
        ((day as f64 + within) / f64::from(self.days)).clamp(0.0, 1.0)
    }

    /// The instant at `x` (0 to 1), its minute rounded to `step`.
    fn at(&self, x: f64, step: u16) -> Instant {
        let f = x.clamp(0.0, 1.0) * f64::from(self.days);
        let day = (f.floor() as i64).min(i64::from(self.days) - 1).max(0);
        let within = f - day as f64;
        let mut minute = f64::from(self.open) + within * f64::from(self.close - self.open);
        let step = f64::from(step.max(1));
        minute = (minute / step).round() * step;
        let date = add_days(self.first, day).unwrap_or(self.first);
        self.local_instant(date, minute as i64)
    }

    fn local_instant(&self, date: LocalDate, minute: i64) -> Instant {
        let (date, minute) = if minute >= 24 * 60 {
            (
                add_days(date, minute / (24 * 60)).unwrap_or(date),
                minute % (24 * 60),
            )
        } else {
            (date, minute.max(0))
        };
        let time = LocalTime::new(
            i8::try_from(minute / 60).unwrap_or(0),
            i8::try_from(minute % 60).unwrap_or(0),
            0,
            0,
        )
        .unwrap_or(LocalTime::midnight());
        self.zone.instant(date, time)
    }

    fn style(&self, range: TimeRange) -> String {
        let (a, b) = (self.x(range.start()), self.x(range.end()));
        format!(
            "left:{:.4}%;width:{:.4}%",
            a * 100.0,
            ((b - a) * 100.0).max(0.6)
        )
    }
}

/// The step a resource's bookings move by, in minutes.
fn step_of(row: &BoardRow) -> u16 {
    match row.rules.grid {
        SlotGrid::Minutes(m) => m,
        SlotGrid::Days => 24 * 60,
    }
}

/// `range` moved by `steps` of `step` minutes on the wall clock (the length kept).
fn shifted(zone: Zone, range: TimeRange, step: u16, steps: i64) -> TimeRange {
    let by = i64::from(step) * 60_000 * steps;
    let moved = if step >= 24 * 60 {
        // Whole days: by dates, so a DST change keeps midnight.
        let days = steps;
        let start = zone.start_of_day(
            add_days(zone.date(range.start()), days).unwrap_or(zone.date(range.start())),
        );
        let end = zone
            .start_of_day(add_days(zone.date(range.end()), days).unwrap_or(zone.date(range.end())));
        TimeRange::new(start, end)
    } else {
        TimeRange::new(range.start().plus_ms(by), range.end().plus_ms(by))
    };
    moved.unwrap_or(range)
}

/// `range` with its end moved by `steps` of `step` minutes (never shorter than one step).
fn resized(range: TimeRange, step: u16, steps: i64) -> TimeRange {
    let by = i64::from(step) * 60_000 * steps;
    TimeRange::new(range.start(), range.end().plus_ms(by)).unwrap_or(range)
}

/// A block picked up, by keyboard or pointer, where it would go now.
#[derive(Clone, Debug, PartialEq)]
struct Pick {
    id: String,
    from_row: usize,
    row: usize,
    original: TimeRange,
    range: TimeRange,
    version: i64,
    quantity: u32,
    by_pointer: bool,
}

/// A pointer pressed on a block, before it picks the block up.
#[derive(Clone, Debug, PartialEq)]
struct Press {
    id: String,
    row: usize,
    x: f64,
    y: f64,
    /// 0: the block; -1 or 1: its start or end edge.
    edge: i8,
    touch: bool,
    /// The track's width in pixels, to turn a pointer's motion into time.
    width: f64,
    moved: bool,
    /// Pressed on empty time (not a block): where, from 0 to 1; drawing there blocks it.
    anchor: Option<f64>,
}

/// Time drawn on a row's empty track, to block.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Draft {
    row: usize,
    range: TimeRange,
}

/// What the board's page keeps across reads of the board (a live change reads it again): the
/// block carried, the one focused, the open sheet, what was last announced, the last move (to
/// undo) and the move being sent.
#[derive(Clone, Copy)]
struct BoardUi {
    pick: RwSignal<Option<Pick>>,
    active: RwSignal<Option<String>>,
    /// The sheet's booking, with its resource.
    sheet: RwSignal<Option<(String, BoardBooking)>>,
    sheet_open: RwSignal<bool>,
    announce: RwSignal<String>,
    undo: RwSignal<Option<MoveOutcome>>,
    undoing: RwSignal<bool>,
    send: Action<MoveInput, Result<MoveOutcome, AppError>>,
    /// The board's address and where it was scrolled (top, left), kept when it is read again.
    scroll: StoredValue<(String, i32, i32)>,
    /// Time being drawn on an empty track.
    draft: RwSignal<Option<Draft>>,
    /// The « Bloquer un créneau » sheet: its resource and time.
    block: RwSignal<Option<(String, TimeRange)>>,
    block_open: RwSignal<bool>,
    /// The sheet shows « Réserver pour un organisme » rather than « Bloquer ».
    book_mode: RwSignal<bool>,
    add_block: ServerAction<AddBlockedPeriod>,
    book_for: ServerAction<BookForOrg>,
}

impl BoardUi {
    fn new() -> BoardUi {
        BoardUi {
            pick: RwSignal::new(None),
            active: RwSignal::new(None),
            sheet: RwSignal::new(None),
            sheet_open: RwSignal::new(false),
            announce: RwSignal::new(String::new()),
            undo: RwSignal::new(None),
            undoing: RwSignal::new(false),
            send: Action::new(|input: &MoveInput| move_booking(input.clone())),
            scroll: StoredValue::new((String::new(), 0, 0)),
            draft: RwSignal::new(None),
            block: RwSignal::new(None),
            block_open: RwSignal::new(false),
            book_mode: RwSignal::new(false),
            add_block: ServerAction::new(),
            book_for: ServerAction::new(),
        }
    }

    /// A move's answer: settled (said, and offered to undo for a while) or refused (its reason
    /// said; the block goes back as the board is read again).
    fn settled(
        self,
        result: Result<MoveOutcome, AppError>,
        shown: RwSignal<Option<Board>>,
        toasts: crate::ui::Toasts,
    ) {
        let i18n = use_i18n();
        let zone = shown.with_untracked(|b| b.as_ref().map_or(Zone::Montreal, |b| b.zone));
        self.pick.set(None);
        let undoing = self.undoing.get_untracked();
        self.undoing.set(false);
        match result {
            Ok(outcome) => {
                let text = if undoing {
                    i18n.t(Msg::BoardUndone).to_owned()
                } else {
                    let when = when_text(outcome.booking.range, zone, i18n.locale.get_untracked());
                    i18n.tf(
                        Msg::BoardMoved,
                        &[
                            ("org", &outcome.booking.requester_org_name),
                            ("when", &when),
                        ],
                    )
                };
                self.announce.set(text.clone());
                toasts.success(text);
                if undoing {
                    self.undo.set(None);
                    return;
                }
                let id = outcome.booking.id.clone();
                self.undo.set(Some(outcome));
                let undo = self.undo;
                set_timeout(
                    move || {
                        if undo.with_untracked(|u| u.as_ref().is_some_and(|u| u.booking.id == id)) {
                            undo.set(None);
                        }
                    },
                    std::time::Duration::from_millis(UNDO_MS),
                );
            }
            Err(e) => {
                let text = i18n.t(e.msg()).to_owned();
                self.announce
                    .set(i18n.tf(Msg::BoardRefused, &[("reason", &text)]));
                toasts.error(text);
            }
        }
    }
}

/// Why a place does not fit, in words.
fn misfit_msg(misfit: Misfit) -> Msg {
    match misfit {
        Misfit::Full => Msg::ErrorBoardFull,
        other => misfit_error(other).1,
    }
}

#[component]
fn BoardBody(board: Board, query: BoardQuery, ui: BoardUi) -> impl IntoView {
    let i18n = use_i18n();
    let axis = Axis::new(&board);
    let zone = board.zone;
    let can_edit = board.can_edit;
    let rows = StoredValue::new(board.rows.clone());
    let now = board.now;
    let BoardUi {
        pick,
        active,
        sheet,
        sheet_open,
        announce,
        send,
        draft,
        block,
        block_open,
        ..
    } = ui;
    let press = StoredValue::new(None::<Press>);
    let grid_ref = NodeRef::<leptos::html::Div>::new();
    let scroll_ref = NodeRef::<leptos::html::Div>::new();
    // The rows in the page, `start..end`: those in view and a few around them. The server
    // writes the first ones; the browser follows the scroll.
    let here = StoredValue::new(href(&query));
    #[cfg(not(feature = "hydrate"))]
    let _ = (here, ui.scroll);
    let row_count = board.rows.len();
    let win = RwSignal::new((0, row_count.min(FIRST_ROWS)));
    let follow_scroll = move || {
        #[cfg(feature = "hydrate")]
        {
            let (Some(scroller), Some(grid)) =
                (scroll_ref.get_untracked(), grid_ref.get_untracked())
            else {
                return;
            };
            let row_px = grid
                .query_selector(".board-row[data-row]")
                .ok()
                .flatten()
                .map_or(56.0_f64, |r| r.get_bounding_client_rect().height())
                .max(8.0);
            let top = f64::from(scroller.scroll_top());
            let seen = f64::from(scroller.client_height()) / row_px;
            let first = (top / row_px).floor().max(0.0) as usize;
            let start = first.saturating_sub(OVERSCAN_ROWS).min(row_count);
            let end = (first + seen.ceil() as usize + 1 + OVERSCAN_ROWS).min(row_count);
            if win.get_untracked() != (start, end) {
                win.set((start, end));
            }
        }
    };
    // A row about to get focus or a carried block is put in the page first.
    let reveal = move |row: usize| {
        let (start, end) = win.get_untracked();
        if row < start || row >= end {
            let len = (end - start).max(FIRST_ROWS);
            let start = row.saturating_sub(len / 2);
            win.set((start, (start + len).min(row_count)));
        }
    };
    // Printing shows every row.
    #[cfg(feature = "hydrate")]
    {
        use leptos::leptos_dom::helpers::window_event_listener_untyped as listen;
        let before = listen("beforeprint", move |_| win.set((0, row_count)));
        let after = listen("afterprint", move |_| follow_scroll());
        let resize = listen("resize", move |_| follow_scroll());
        on_cleanup(move || {
            before.remove();
            after.remove();
            resize.remove();
        });
    }

    // What a pick would give: fits, or why not.
    let verdict = Memo::new(move |_| {
        pick.get().map(|p| {
            rows.with_value(|rows| {
                let (Some(from), Some(to)) = (rows.get(p.from_row), rows.get(p.row)) else {
                    return Err(Msg::ErrorChoiceInvalid);
                };
                if from.category != to.category {
                    return Err(Msg::ErrorBoardOtherCategory);
                }
                preview(to, zone, Instant::now(), &p.id, p.range, p.quantity).map_err(misfit_msg)
            })
        })
    });

    let commit = move |p: Pick| {
        let target = rows.with_value(|r| r.get(p.row).map(|r| r.resource_id.clone()));
        let Some(resource_id) = target else {
            pick.set(None);
            return;
        };
        let unchanged = p.row == p.from_row && p.range == p.original;
        if unchanged {
            pick.set(None);
            announce.set(i18n.t(Msg::BoardPutBack).to_owned());
            return;
        }
        send.dispatch(MoveInput {
            booking_id: p.id,
            version: p.version,
            resource_id,
            starts_at: p.range.start().unix_ms(),
            ends_at: p.range.end().unix_ms(),
        });
    };

    let describe = move |p: &Pick| -> String {
        let title = rows.with_value(|r| r.get(p.row).map(|r| r.title.clone()).unwrap_or_default());
        let when = when_text(p.range, zone, i18n.locale.get_untracked());
        let fits = match verdict.get_untracked().and_then(Result::err) {
            None => i18n.t(Msg::BoardFits).to_owned(),
            Some(msg) => i18n.t(msg).to_owned(),
        };
        format!("{title}, {when}. {fits}")
    };

    // The blocks in the order arrows go through them.
    let order = move || -> Vec<(usize, String, i64)> {
        rows.with_value(|rows| {
            rows.iter()
                .enumerate()
                .flat_map(|(i, r)| {
                    r.bookings
                        .iter()
                        .map(move |b| (i, b.id.clone(), b.range.start().unix_ms()))
                })
                .collect()
        })
    };
    let find = move |id: &str| -> Option<(usize, BoardBooking)> {
        rows.with_value(|rows| {
            rows.iter().enumerate().find_map(|(i, r)| {
                r.bookings
                    .iter()
                    .find(|b| b.id == id)
                    .map(|b| (i, b.clone()))
            })
        })
    };
    let pick_up = move |id: &str, by_pointer: bool| {
        let Some((row, b)) = find(id) else { return };
        let p = Pick {
            id: b.id.clone(),
            from_row: row,
            row,
            original: b.range,
            range: b.range,
            version: b.version,
            quantity: b.quantity,
            by_pointer,
        };
        pick.set(Some(p.clone()));
        if !by_pointer {
            announce.set(format!("{} {}", i18n.t(Msg::BoardPicked), describe(&p)));
        }
    };

    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let key = ev.key();
        let shift = ev.shift_key();
        if let Some(mut p) = pick.get_untracked() {
            let step = rows.with_value(|r| r.get(p.row).map_or(30, step_of));
            let category = rows.with_value(|r| r.get(p.from_row).map(|r| r.category));
            match key.as_str() {
                "ArrowRight" | "ArrowLeft" => {
                    let steps = if key == "ArrowRight" { 1 } else { -1 };
                    p.range = if shift {
                        resized(p.range, step, steps)
                    } else {
                        shifted(zone, p.range, step, steps)
                    };
                }
                "ArrowDown" | "ArrowUp" => {
                    // The next resource of the same category, below or above.
                    let down = key == "ArrowDown";
                    let next = rows.with_value(|rows| {
                        let mut i = p.row;
                        loop {
                            i = if down { i + 1 } else { i.checked_sub(1)? };
                            let r = rows.get(i)?;
                            if Some(r.category) == category {
                                return Some(i);
                            }
                        }
                    });
                    match next {
                        Some(i) => {
                            p.row = i;
                            reveal(i);
                            bring_into_view(format!("[data-row=\"{i}\"]"));
                        }
                        None => {
                            ev.prevent_default();
                            announce.set(i18n.t(Msg::BoardNoOtherResource).to_owned());
                            return;
                        }
                    }
                }
                "Enter" => {
                    ev.prevent_default();
                    commit(p);
                    return;
                }
                "Escape" => {
                    ev.prevent_default();
                    pick.set(None);
                    announce.set(i18n.t(Msg::BoardPutBack).to_owned());
                    return;
                }
                _ => return,
            }
            ev.prevent_default();
            pick.set(Some(p.clone()));
            announce.set(describe(&p));
            return;
        }
        let list = order();
        if list.is_empty() {
            return;
        }
        let current = active
            .get_untracked()
            .and_then(|id| list.iter().position(|(_, b, _)| *b == id));
        let next = match (key.as_str(), current) {
            ("ArrowRight", None) | ("ArrowDown", None) | ("Home", _) => Some(0),
            ("End", _) => Some(list.len() - 1),
            ("ArrowRight", Some(i)) => Some((i + 1).min(list.len() - 1)),
            ("ArrowLeft", Some(i)) => Some(i.saturating_sub(1)),
            ("ArrowDown", Some(i)) | ("ArrowUp", Some(i)) => {
                // The block of the next (or previous) row nearest in time.
                let (row, _, at) = list[i].clone();
                let down = key == "ArrowDown";
                let rows_with: Vec<usize> = {
                    let mut r: Vec<usize> = list.iter().map(|(r, _, _)| *r).collect();
                    r.dedup();
                    r
                };
                let target_row = if down {
                    rows_with.iter().find(|r| **r > row).copied()
                } else {
                    rows_with.iter().rev().find(|r| **r < row).copied()
                };
                target_row
                    .and_then(|t| {
                        list.iter()
                            .enumerate()
                            .filter(|(_, (r, _, _))| *r == t)
                            .min_by_key(|(_, (_, _, s))| (s - at).abs())
                            .map(|(j, _)| j)
                    })
                    .or(Some(i))
            }
            (" " | "Enter", Some(i)) => {
                ev.prevent_default();
                let id = list[i].1.clone();
                if can_edit {
                    pick_up(&id, false);
                } else if let Some(found) = find(&id) {
                    sheet.set(Some((
                        rows.with_value(|r| r[found.0].resource_id.clone()),
                        found.1,
                    )));
                    sheet_open.set(true);
                }
                return;
            }
            _ => None,
        };
        if let Some(j) = next {
            ev.prevent_default();
            let id = list[j].1.clone();
            active.set(Some(id.clone()));
            reveal(list[j].0);
            bring_into_view(format!("#blk-{id}"));
        }
    };

    // Pointer: a mouse picks up once it moves; a finger after holding still (the page scrolls
    // otherwise).
    let on_down = move |ev: leptos::ev::PointerEvent, id: String, row: usize, edge: i8| {
        if !can_edit || ev.button() != 0 {
            return;
        }
        #[cfg(feature = "hydrate")]
        let width = grid_ref
            .get_untracked()
            .and_then(|g| g.query_selector(".board-track").ok().flatten())
            .map_or(1.0, |t| t.get_bounding_client_rect().width());
        #[cfg(not(feature = "hydrate"))]
        let width = 1.0;
        let touch = ev.pointer_type() == "touch";
        press.set_value(Some(Press {
            id: id.clone(),
            row,
            x: f64::from(ev.client_x()),
            y: f64::from(ev.client_y()),
            edge,
            touch,
            width,
            moved: false,
            anchor: None,
        }));
        if touch {
            let pointer = ev.pointer_id();
            let target = ev.current_target();
            set_timeout(
                move || {
                    let still =
                        press.with_value(|p| p.as_ref().is_some_and(|p| p.id == id && !p.moved));
                    if still && pick.get_untracked().is_none() {
                        pick_up(&id, true);
                        capture(target.as_ref(), pointer);
                    }
                },
                std::time::Duration::from_millis(450),
            );
        }
    };
    // Time drawn on row `row` from `a` to `b` (0 to 1), snapped to its grid, one step at least.
    let drawn = move |row: usize, a: f64, b: f64| -> Option<Draft> {
        let step = rows.with_value(|r| r.get(row).map_or(30, step_of));
        let (a, b) = (axis.at(a.min(b), step), axis.at(a.max(b), step));
        let b = if b > a {
            b
        } else if step >= 24 * 60 {
            let day = zone.date(a);
            zone.start_of_day(add_days(day, 1).unwrap_or(day))
        } else {
            a.plus_ms(i64::from(step) * 60_000)
        };
        let range = TimeRange::new(a, b)
            .or_else(|_| TimeRange::new(a, a.plus_ms(60_000)))
            .ok();
        range.map(|range| Draft { row, range })
    };
    // Pressed on a row's empty time: a mouse draws at once, a finger after holding still.
    let on_track_down = move |ev: leptos::ev::PointerEvent, row: usize| {
        if !can_edit || ev.button() != 0 || ev.target() != ev.current_target() {
            return;
        }
        #[cfg(feature = "hydrate")]
        let (left, width) = ev
            .current_target()
            .and_then(|t| {
                use leptos::wasm_bindgen::JsCast;
                t.dyn_into::<leptos::web_sys::Element>().ok()
            })
            .map_or((0.0, 1.0), |t| {
                let rect = t.get_bounding_client_rect();
                (rect.left(), rect.width())
            });
        #[cfg(not(feature = "hydrate"))]
        let (left, width) = (0.0_f64, 1.0_f64);
        let x = f64::from(ev.client_x());
        let anchor = ((x - left) / width.max(1.0)).clamp(0.0, 1.0);
        let touch = ev.pointer_type() == "touch";
        press.set_value(Some(Press {
            id: String::new(),
            row,
            x,
            y: f64::from(ev.client_y()),
            edge: 0,
            touch,
            width,
            moved: false,
            anchor: Some(anchor),
        }));
        if touch {
            let pointer = ev.pointer_id();
            let target = ev.current_target();
            set_timeout(
                move || {
                    let still = press.with_value(|p| {
                        p.as_ref()
                            .is_some_and(|p| p.anchor == Some(anchor) && !p.moved)
                    });
                    if still && draft.get_untracked().is_none() {
                        draft.set(drawn(row, anchor, anchor));
                        capture(target.as_ref(), pointer);
                    }
                },
                std::time::Duration::from_millis(450),
            );
        }
    };
    let on_move = move |ev: leptos::ev::PointerEvent| {
        let Some(mut pr) = press.get_value() else {
            return;
        };
        let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        let far = (x - pr.x).abs().max((y - pr.y).abs());
        if let Some(anchor) = pr.anchor {
            if draft.get_untracked().is_none() {
                if pr.touch || far < 4.0 {
                    if pr.touch && far > 8.0 {
                        press.set_value(None);
                    }
                    return;
                }
                capture(ev.target().as_ref(), ev.pointer_id());
            }
            pr.moved = true;
            press.set_value(Some(pr.clone()));
            let dx = (x - pr.x) / pr.width.max(1.0);
            let drawn = drawn(pr.row, anchor, anchor + dx);
            if drawn.is_some() && draft.get_untracked() != drawn {
                draft.set(drawn);
            }
            return;
        }
        if pick.get_untracked().is_none() {
            if pr.touch {
                if far > 8.0 {
                    // A finger that moves before holding still scrolls the page.
                    press.set_value(None);
                }
                return;
            }
            if far < 4.0 {
                return;
            }
            pr.moved = true;
            press.set_value(Some(pr.clone()));
            pick_up(&pr.id, true);
            capture(ev.target().as_ref(), ev.pointer_id());
        }
        pr.moved = true;
        press.set_value(Some(pr.clone()));
        let Some(mut p) = pick.get_untracked() else {
            return;
        };
        let step = rows.with_value(|r| r.get(p.from_row).map_or(30, step_of));
        let dx = (x - pr.x) / pr.width.max(1.0);
        let len = p.original.end().unix_ms() - p.original.start().unix_ms();
        p.range = match pr.edge {
            -1 => {
                let start = axis.at(axis.x(p.original.start()) + dx, step);
                TimeRange::new(start, p.original.end()).unwrap_or(p.range)
            }
            1 => {
                let end = axis.at(axis.x(p.original.end()) + dx, step);
                TimeRange::new(p.original.start(), end).unwrap_or(p.range)
            }
            _ => {
                let start = axis.at(axis.x(p.original.start()) + dx, step);
                TimeRange::new(start, start.plus_ms(len)).unwrap_or(p.range)
            }
        };
        if pr.edge == 0
            && let Some(row) = row_at(x, y)
        {
            p.row = row;
        }
        if pick.get_untracked().as_ref() != Some(&p) {
            pick.set(Some(p));
        }
    };
    let on_up = move |_ev: leptos::ev::PointerEvent| {
        let pr = press.get_value();
        press.set_value(None);
        if let Some(pr) = pr.as_ref().filter(|pr| pr.anchor.is_some()) {
            // Drawn, or a tap on empty time (one step there): the sheet takes it from here.
            let anchor = pr.anchor.unwrap_or(0.0);
            let d = draft
                .get_untracked()
                .or_else(|| drawn(pr.row, anchor, anchor));
            draft.set(None);
            let Some(d) = d else { return };
            if let Some(resource_id) =
                rows.with_value(|r| r.get(d.row).map(|r| r.resource_id.clone()))
            {
                block.set(Some((resource_id, d.range)));
                block_open.set(true);
            }
            return;
        }
        match pick.get_untracked() {
            Some(p) if p.by_pointer => {
                if pr.is_some_and(|pr| pr.moved || pr.touch) {
                    commit(p);
                } else {
                    pick.set(None);
                }
            }
            _ => {}
        }
    };
    let on_cancel = move |_ev: leptos::ev::PointerEvent| {
        press.set_value(None);
        draft.set(None);
        if pick.get_untracked().is_some_and(|p| p.by_pointer) {
            pick.set(None);
        }
    };
    // While a finger carries a block, the page must not scroll under it.
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        use leptos::wasm_bindgen::{JsCast, closure::Closure};
        let Some(grid) = grid_ref.get() else { return };
        let handler =
            Closure::<dyn Fn(leptos::web_sys::Event)>::new(move |ev: leptos::web_sys::Event| {
                if pick.get_untracked().is_some_and(|p| p.by_pointer)
                    || draft.with_untracked(Option::is_some)
                {
                    ev.prevent_default();
                }
            });
        let options = leptos::web_sys::AddEventListenerOptions::new();
        options.set_passive(false);
        let _ = grid.add_event_listener_with_callback_and_add_event_listener_options(
            "touchmove",
            handler.as_ref().unchecked_ref(),
            &options,
        );
        handler.forget();
    });

    let open_sheet = move |id: String| {
        // A click that ended a drag is not a tap.
        if pick.get_untracked().is_some() {
            return;
        }
        if let Some(found) = find(&id) {
            active.set(Some(id));
            sheet.set(Some((
                rows.with_value(|r| r[found.0].resource_id.clone()),
                found.1,
            )));
            sheet_open.set(true);
        }
    };

    // « Bloquer un créneau » from the toolbar (the way without drawing): the focused block's
    // resource or the first, an hour of today (or of the span's first day) from the opening.
    let first_day = board.first_day;
    let span = board.span;
    let open_block = move || {
        let row = active
            .get_untracked()
            .and_then(|id| find(&id))
            .map_or(0, |(row, _)| row);
        let Some(resource_id) = rows.with_value(|r| r.get(row).map(|r| r.resource_id.clone()))
        else {
            return;
        };
        let today = zone.today();
        let midnight = zone.start_of_day(today);
        let day = if span.start() <= midnight && midnight < span.end() {
            today
        } else {
            first_day
        };
        let start = axis.local_instant(day, i64::from(axis.open));
        let end = if axis.close - axis.open >= 24 * 60 {
            axis.local_instant(day, 24 * 60)
        } else {
            start.plus_ms(3_600_000)
        };
        if let Ok(range) = TimeRange::new(start, end) {
            block.set(Some((resource_id, range)));
            block_open.set(true);
        }
    };

    let day_labels = {
        let first = board.first_day;
        let zoom = board.zoom;
        (0..board.days)
            .map(move |i| {
                let date = add_days(first, i64::from(i)).unwrap_or(first);
                let weekend = crate::time::weekday_index(date) >= 5;
                let label = move || match zoom {
                    Zoom::Month => date.day().to_string(),
                    _ => format!(
                        "{} {}",
                        i18n.t(crate::shared::hours::WEEKDAYS[crate::time::weekday_index(date)]),
                        format_local_day_month(date, i18n.locale.get())
                    ),
                };
                view! { <div class="board-day" class:board-weekend=weekend role="columnheader">{label}</div> }
            })
            .collect_view()
    };
    let hour_ticks = (board.zoom == Zoom::Day).then(|| {
        let hours: Vec<u16> = (axis.open / 60..=(axis.close.saturating_sub(1)) / 60).collect();
        hours
            .into_iter()
            .map(|h| {
                let x = f64::from(h * 60 - axis.open.min(h * 60))
                    / f64::from(axis.close - axis.open)
                    * 100.0;
                let label = move || {
                    format_local_time(
                        LocalTime::new(i8::try_from(h).unwrap_or(0), 0, 0, 0)
                            .unwrap_or(LocalTime::midnight()),
                        i18n.locale.get(),
                    )
                };
                view! { <span class="board-hour" style=format!("left:{x:.3}%")>{label}</span> }
            })
            .collect_view()
    });
    let now_line = StoredValue::new(
        (board.span.start() <= now && now < board.span.end()).then(|| axis.x(now) * 100.0),
    );
    // Where the board was scrolled when it was read again (a live change), or today in view
    // when it opens on it (a week or a month is wider than a phone); then the rows in view.
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let (Some(grid), Some(scroller)) = (grid_ref.get(), scroll_ref.get()) else {
            return;
        };
        let (address, top, left) = ui.scroll.get_value();
        if address == here.get_value() {
            scroller.set_scroll_top(top);
            scroller.set_scroll_left(left);
        } else if let Some(x) = now_line.get_value() {
            let name = grid
                .query_selector(".board-name")
                .ok()
                .flatten()
                .map_or(0.0, |n| n.get_bounding_client_rect().width());
            let track = f64::from(grid.scroll_width()) - name;
            let left = (track * x / 100.0 - 16.0).max(0.0);
            scroller.set_scroll_left(left as i32);
        }
        follow_scroll();
    });
    let on_scroll = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(scroller) = scroll_ref.get_untracked() {
            ui.scroll.set_value((
                here.get_value(),
                scroller.scroll_top(),
                scroller.scroll_left(),
            ));
        }
        follow_scroll();
    };

    let prev_next = |days: i64| {
        let mut q = query.clone();
        let base = match board.zoom {
            Zoom::Month => {
                let first = board.first_day;
                if days < 0 {
                    add_days(first, -1).map(|d| d.first_of_month())
                } else {
                    add_days(first, i64::from(board.days))
                }
            }
            _ => add_days(board.first_day, days),
        };
        q.date = base.map(iso_date).unwrap_or_default();
        href(&q)
    };
    let step_days = match board.zoom {
        Zoom::Day => 1,
        Zoom::Week => 7,
        Zoom::Month => 31,
    };
    let today_href = href(&BoardQuery {
        date: String::new(),
        ..query.clone()
    });
    let title = {
        let first = board.first_day;
        let last = add_days(first, i64::from(board.days) - 1).unwrap_or(first);
        move || {
            let locale = i18n.locale.get();
            if first == last {
                crate::time::format_local_date(first, locale)
            } else {
                format!(
                    "{} – {}",
                    format_local_day_month(first, locale),
                    crate::time::format_local_date(last, locale)
                )
            }
        }
    };
    let zoom_links = Zoom::ALL
        .into_iter()
        .map(|z| {
            let q = BoardQuery { zoom: z, date: iso_date(board.first_day), ..query.clone() };
            let current = z == board.zoom;
            let label = match z {
                Zoom::Day => Msg::BoardDay,
                Zoom::Week => Msg::BoardWeek,
                Zoom::Month => Msg::BoardMonth,
            };
            view! {
                <A href=href(&q) attr:class=if current { "segment segment-active" } else { "segment" } attr:aria-current=current.then_some("page")>{i18n.t(label)}</A>
            }
        })
        .collect_view();
    let categories = board.categories.clone();
    let category = board.category;
    let filter_query = query.clone();
    let empty = board.rows.is_empty();
    let tab = board.tab;
    let days = board.days;
    let zoom_class = format!("board board-{}", zoom_code(board.zoom));
    let truncated = board.truncated;

    // One row: a resource's name and its track (only the rows in view are in the page).
    let row_view = move |i: usize| {
        let Some(row) = rows.with_value(|r| r.get(i).cloned()) else {
            return ().into_any();
        };
        let bookings = row.bookings.clone();
        let blocked = row.blocked.clone();
        let busy = row.busy.clone();
        let capacity = row.rules.capacity;
        let owner = (tab == BoardTab::Others).then(|| row.owner_name.clone());
        view! {
                <div class="board-row" role="row" data-row=i aria-rowindex=i + 2>
                    <div class="board-name" role="rowheader">
                        <span class="board-name-title">{row.title.clone()}</span>
                        <span class="muted board-name-meta">
                            {i18n.t(row.category.label())}
                            {(capacity > 1).then(|| format!(" · {capacity}"))}
                            {owner.map(|o| format!(" · {o}"))}
                        </span>
                    </div>
                    <div class="board-track" role="gridcell" on:pointerdown=move |ev| on_track_down(ev, i)>
                        {now_line.get_value().map(|x| view! { <div class="board-now" style=format!("left:{x:.3}%") aria-hidden="true"></div> })}
                        {blocked.into_iter().map(|p| {
                            let label = match p.kind {
                                Some(kind) => i18n.t(kind.label()).to_owned(),
                                None => i18n.t(Msg::BoardUnavailable).to_owned(),
                            };
                            let title = if p.reason.is_empty() { label.clone() } else { format!("{label} : {}", p.reason) };
                            view! {
                                <div class="board-blocked" style=axis.style(p.range) title=title>
                                    <Icon name=IconName::Lock/><span>{label}</span>
                                </div>
                            }
                        }).collect_view()}
                        {busy.into_iter().map(|b| view! {
                            <div class="board-busy" style=axis.style(b.range)>
                                <span>{i18n.tf(Msg::BoardBusy, &[("count", &b.units.to_string())])}</span>
                            </div>
                        }).collect_view()}
                        {bookings.into_iter().map(|b| {
                            let id = b.id.clone();
                            let dom_id = format!("blk-{}", b.id);
                            let status = b.status;
                            let style = axis.style(b.range);
                            let range = b.range;
                            let org = b.requester_org_name.clone();
                            let label = {
                                let org = org.clone();
                                move || format!(
                                    "{org}, {}, {}, × {}",
                                    when_text(range, zone, i18n.locale.get()),
                                    i18n.t(status.label()),
                                    b.quantity
                                )
                            };
                            let picked = {
                                let id = id.clone();
                                move || pick.with(|p| p.as_ref().is_some_and(|p| p.id == id))
                            };
                            let is_active = {
                                let id = id.clone();
                                move || active.with(|a| a.as_deref() == Some(id.as_str()))
                            };
                            let (d0, d1, d2, o) = (id.clone(), id.clone(), id.clone(), id.clone());
                            view! {
                                <button type="button" id=dom_id tabindex="-1"
                                    class=format!("board-block status-{}", status.code())
                                    class:board-picked=picked class:board-active=is_active
                                    style=style aria-label=label
                                    on:pointerdown=move |ev| on_down(ev, d0.clone(), i, 0)
                                    on:click=move |_| open_sheet(o.clone())>
                                    {can_edit.then(|| view! { <span class="board-handle board-handle-start" aria-hidden="true" on:pointerdown=move |ev: leptos::ev::PointerEvent| { ev.stop_propagation(); on_down(ev, d1.clone(), i, -1) }></span> })}
                                    <Icon name=match status {
                                        BookingStatus::Requested => IconName::Clock,
                                        BookingStatus::Approved | BookingStatus::Completed => IconName::Check,
                                        _ => IconName::Alert,
                                    }/>
                                    <span class="board-block-org">{org}</span>
                                    <span class="board-block-time">{move || format!("{}–{}", format_local_time(zone.local(range.start()).time(), i18n.locale.get()), format_local_time(zone.local(range.end()).time(), i18n.locale.get()))}</span>
                                    {can_edit.then(|| view! { <span class="board-handle board-handle-end" aria-hidden="true" on:pointerdown=move |ev: leptos::ev::PointerEvent| { ev.stop_propagation(); on_down(ev, d2.clone(), i, 1) }></span> })}
                                </button>
                            }
                        }).collect_view()}
                        {move || draft.get().filter(|d| d.row == i).map(|d| view! {
                            <div class="board-ghost board-draft" style=axis.style(d.range) aria-hidden="true">
                                <Icon name=IconName::Lock/><span>{move || when_text(d.range, zone, i18n.locale.get())}</span>
                            </div>
                        })}
                        {move || pick.get().filter(|p| p.row == i).map(|p| {
                            let fits = verdict.get().is_some_and(|v| v.is_ok());
                            view! {
                                <div class="board-ghost" class:board-ghost-bad=!fits style=axis.style(p.range) aria-hidden="true">
                                    <span>{move || when_text(p.range, zone, i18n.locale.get())}</span>
                                </div>
                            }
                        })}
                    </div>
                </div>
            }
            .into_any()
    };

    view! {
            <div class="board-toolbar card">
                <div class="board-nav">
                    <A href=prev_next(-step_days) attr:class="button button-ghost icon-button" attr:aria-label=i18n.t(Msg::BoardPrevious)><Icon name=IconName::ChevronLeft/></A>
                    <A href=today_href attr:class="button button-secondary">{i18n.t(Msg::BoardToday)}</A>
                    <A href=prev_next(step_days) attr:class="button button-ghost icon-button" attr:aria-label=i18n.t(Msg::BoardNext)><Icon name=IconName::ChevronRight/></A>
                    <h2 class="board-range">{title}</h2>
                </div>
                <leptos_router::components::Form method="GET" action="/planning" attr:class="board-filters"
                    on:change=move |ev| {
                        if let Some(form) = ev.current_target().and_then(|t| {
                            use leptos::wasm_bindgen::JsCast;
                            t.dyn_into::<leptos::web_sys::HtmlFormElement>().ok()
                        }) {
                            let _ = form.request_submit();
                        }
                    }>
                    {(filter_query.tab == BoardTab::Others).then(|| view! { <input type="hidden" name="onglet" value="autres"/> })}
                    {(filter_query.zoom != Zoom::Week).then(|| view! { <input type="hidden" name="vue" value=zoom_code(filter_query.zoom)/> })}
                    <div class="field field-inline">
                        <label for="board-date">{i18n.t(Msg::BoardJump)}</label>
                        <input id="board-date" class="input" type="date" name="date" value=iso_date(board.first_day)/>
                    </div>
                    <div class="field field-inline">
                        <label for="board-category">{i18n.t(Msg::FieldCategory)}</label>
                        <select id="board-category" name="categorie">
                            <option value="">{i18n.t(Msg::BoardAllCategories)}</option>
                            {categories.into_iter().map(|c| view! {
                                <option value=c.code() selected=category == Some(c)>{i18n.t(c.label())}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <noscript><button type="submit" class="button button-secondary">{i18n.t(Msg::FilterApply)}</button></noscript>
                </leptos_router::components::Form>
                <nav class="segments" aria-label=i18n.t(Msg::BoardZoom)>{zoom_links}</nav>
                {(can_edit && !empty).then(|| view! {
                    <button type="button" class="button button-secondary" aria-haspopup="dialog" on:click=move |_| open_block()>
                        <Icon name=IconName::Plus/><span>{i18n.t(Msg::BoardBlockOrBook)}</span>
                    </button>
                })}
            </div>
            {move || empty.then(|| view! {
                <div class="empty-state card">
                    <Icon name=IconName::Calendar/>
                    <p>{i18n.t(if tab == BoardTab::Own { Msg::BoardEmptyOwn } else { Msg::BoardEmptyOthers })}</p>
                    {(tab == BoardTab::Own).then(|| view! { <A href="/ressources/nouvelle" attr:class="button button-primary">{i18n.t(Msg::ResourceNew)}</A> })}
                </div>
            })}
            {(!empty).then(|| view! {
                <p id="board-help" class="muted board-help">{i18n.t(if can_edit { Msg::BoardHelpEdit } else { Msg::BoardHelpRead })}</p>
                <p class="visually-hidden" role="status" aria-live="assertive">{move || announce.get()}</p>
    <p class="board-verdict-slot">            {move || verdict.get().map(|v| {
                    let text = match v {
                        Ok(()) => i18n.t(Msg::BoardFits).to_owned(),
                        Err(msg) => i18n.t(msg).to_owned(),
                    };
                    let fits = v.is_ok();
                    view! { <span class="board-verdict" class:board-verdict-bad=!fits aria-hidden="true"><Icon name=if fits { IconName::Check } else { IconName::Alert }/><span>{text}</span></span> }
                })}</p>
                <div class="board-scroll" node_ref=scroll_ref on:scroll=on_scroll>
                    <div node_ref=grid_ref class=zoom_class.clone() class:board-editable=can_edit style=format!("--days:{days}") role="grid" tabindex="0" aria-rowcount=row_count + 1
                        aria-label=i18n.t(Msg::BoardTitle) aria-describedby="board-help"
                        aria-activedescendant=move || active.get().map(|id| format!("blk-{id}"))
                        on:keydown=on_key
                        on:pointermove=on_move on:pointerup=on_up on:pointercancel=on_cancel>
                        <div class="board-row board-head" role="row">
                            <div class="board-corner" role="columnheader">{i18n.t(Msg::BoardResource)}</div>
                            <div class="board-days">{day_labels}{hour_ticks}</div>
                        </div>
                        <div class="board-spacer" aria-hidden="true" style=move || format!("height:calc(var(--row-h) * {})", win.get().0)></div>
                        <For each=move || { let (a, b) = win.get(); a..b } key=|i| *i children=row_view/>
                        <div class="board-spacer" aria-hidden="true" style=move || format!("height:calc(var(--row-h) * {})", row_count - win.get().1)></div>
                    </div>
                </div>
                {truncated.then(|| view! { <p class="muted">{i18n.t(Msg::BoardTruncated)}</p> })}
                <div class="board-legend muted" aria-hidden="true">
                    <span class="legend legend-requested"><Icon name=IconName::Clock/>{i18n.t(BookingStatus::Requested.label())}</span>
                    <span class="legend legend-approved"><Icon name=IconName::Check/>{i18n.t(BookingStatus::Approved.label())}</span>
                    <span class="legend legend-blocked"><Icon name=IconName::Lock/>{i18n.t(Msg::BoardLegendBlocked)}</span>
                </div>
            })}
        }
}

/// The element under a pointer's row, if it is a board row.
fn row_at(x: f64, y: f64) -> Option<usize> {
    #[cfg(feature = "hydrate")]
    {
        let el = leptos::prelude::document().element_from_point(x as f32, y as f32)?;
        let row = el.closest("[data-row]").ok()??;
        row.get_attribute("data-row")?.parse().ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (x, y);
        None
    }
}

/// Scrolls the element `selector` names into view, the least it takes, once it is drawn.
fn bring_into_view(selector: String) {
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || {
        if let Ok(Some(el)) = leptos::prelude::document().query_selector(&selector) {
            let options = leptos::web_sys::ScrollIntoViewOptions::new();
            options.set_block(leptos::web_sys::ScrollLogicalPosition::Nearest);
            options.set_inline(leptos::web_sys::ScrollLogicalPosition::Nearest);
            el.scroll_into_view_with_scroll_into_view_options(&options);
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = selector;
}

/// Keeps a pointer's events on the element it picked up.
fn capture(target: Option<&leptos::web_sys::EventTarget>, pointer: i32) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        if let Some(el) = target.and_then(|t| t.dyn_ref::<leptos::web_sys::Element>()) {
            let _ = el.set_pointer_capture(pointer);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (target, pointer);
}

/// « Réservation déplacée · Annuler » for ten seconds after a move.
fn undo_bar(ui: BoardUi) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        ui.undo.get().map(|o| {
            let back = MoveInput {
                booking_id: o.booking.id.clone(),
                version: o.booking.version,
                resource_id: o.from_resource_id.clone(),
                starts_at: o.from.start().unix_ms(),
                ends_at: o.from.end().unix_ms(),
            };
            view! {
                <div class="board-undo card">
                    <Icon name=IconName::Check/>
                    <span>{i18n.tf(Msg::BoardMovedShort, &[("org", &o.booking.requester_org_name)])}</span>
                    <button type="button" class="button button-secondary" disabled=move || ui.send.pending().get()
                        on:click=move |_| {
                            ui.undoing.set(true);
                            ui.send.dispatch(back.clone());
                        }>
                        {i18n.t(Msg::BoardUndo)}
                    </button>
                </div>
            }
        })
    }
}

/// Free time drawn or chosen on the board: block it, or book it for an organization the owner
/// knows. Drawn time comes in filled; the sheet's title says which form is shown.
#[component]
fn SlotSheet(resource_id: String, range: TimeRange, board: Board, ui: BoardUi) -> impl IntoView {
    let i18n = use_i18n();
    let zone = board.zone;
    let (start, end) = (zone.local(range.start()), zone.local(range.end()));
    let midnight = |t: &crate::time::LocalDateTime| t.hour() == 0 && t.minute() == 0;
    // Whole days: the last day is the one before the end's midnight, and no times.
    let whole = midnight(&start) && midnight(&end);
    let slot = Slot {
        first_day: iso_date(start.date()),
        last_day: iso_date(if whole {
            add_days(end.date(), -1).unwrap_or(start.date())
        } else {
            end.date()
        }),
        from: if whole {
            String::new()
        } else {
            clock(start.hour(), start.minute())
        },
        to: if whole {
            String::new()
        } else {
            clock(end.hour(), end.minute())
        },
        whole,
    };
    let resources: Vec<(String, OptionLabel)> = board
        .rows
        .iter()
        .map(|r| (r.resource_id.clone(), OptionLabel::Owned(r.title.clone())))
        .collect();
    let partners = board.partners.clone();
    let can_book = !partners.is_empty();
    let book = ui.book_mode;
    let choice = move |value: bool, label: Msg| {
        view! {
            <label class="segment-choice">
                <input type="radio" name="slot-choice" checked=move || book.get() == value
                    on:change=move |_| book.set(value)/>
                <span>{i18n.t(label)}</span>
            </label>
        }
    };
    view! {
        {can_book.then(|| view! {
            <fieldset class="segmented">
                <legend class="visually-hidden">{i18n.t(Msg::BoardSlotChoice)}</legend>
                {choice(false, Msg::BoardChoiceBlock)}
                {choice(true, Msg::BoardBookTitle)}
            </fieldset>
        })}
        {move || if book.get() && can_book {
            view! { <BookForm resource_id=resource_id.clone() resources=resources.clone() partners=partners.clone() span=slot.clone() ui/> }.into_any()
        } else {
            view! { <BlockForm resource_id=resource_id.clone() resources=resources.clone() span=slot.clone() ui/> }.into_any()
        }}
    }
}

/// The time a sheet starts from, as its fields take it.
#[derive(Clone, Debug, PartialEq)]
struct Slot {
    first_day: String,
    last_day: String,
    /// Empty for whole days.
    from: String,
    to: String,
    whole: bool,
}

/// « Bloquer »: a resource, from a day and time to a day and time (times left empty: whole
/// days), a kind and a reason.
#[component]
fn BlockForm(
    resource_id: String,
    resources: Vec<(String, OptionLabel)>,
    span: Slot,
    ui: BoardUi,
) -> impl IntoView {
    let i18n = use_i18n();
    let add = ui.add_block;
    let error = action_error(add.value());
    let kinds = BlockKind::ALL
        .iter()
        .map(|k| (k.code().to_owned(), OptionLabel::Msg(k.label())))
        .collect::<Vec<_>>();
    view! {
        <ActionForm action=add attr:class="stack board-slot-form" attr:novalidate=true>
            <FormAlert error/>
            <SelectField label=Msg::BookingResource name="resource_id" options=resources selected=resource_id error required=true/>
            <div class="field-row">
                <DateField label=Msg::RequestFirstDay name="input[first_day]" field="first_day" value=span.first_day error required=true/>
                <TimeField label=Msg::RequestFrom name="input[from]" field="from" value=span.from error/>
            </div>
            <div class="field-row">
                <DateField label=Msg::RequestLastDay name="input[last_day]" field="last_day" value=span.last_day error required=true/>
                <TimeField label=Msg::RequestTo name="input[to]" field="to" value=span.to error/>
            </div>
            <p class="hint">{i18n.t(Msg::BoardBlockHint)}</p>
            <SelectField label=Msg::BlockedKind name="input[kind]" field="kind" options=kinds selected="own_use".to_owned() error required=true/>
            <TextField label=Msg::BlockedDetails name="input[reason]" field="reason" maxlength=TEXT_MAX error/>
            <SubmitButton label=Msg::BlockedAdd pending=add.pending()/>
        </ActionForm>
    }
}

/// « Réserver pour un organisme »: a resource, an organization the owner knows, a date and
/// times (or whole days), units and what for. Approved at once; the organization is told.
#[component]
fn BookForm(
    resource_id: String,
    resources: Vec<(String, OptionLabel)>,
    partners: Vec<(String, String)>,
    span: Slot,
    ui: BoardUi,
) -> impl IntoView {
    let i18n = use_i18n();
    let action = ui.book_for;
    let error = action_error(action.value());
    let orgs: Vec<(String, OptionLabel)> = partners
        .into_iter()
        .map(|(id, name)| (id, OptionLabel::Owned(name)))
        .collect();
    let times = (!span.whole).then(|| {
        view! {
            <div class="field-row">
                <TimeField label=Msg::RequestFrom name="input[from]" field="from" value=span.from.clone() error required=true/>
                <TimeField label=Msg::RequestTo name="input[to]" field="to" value=span.to.clone() error required=true/>
            </div>
        }
    });
    let last_day = span.whole.then(|| {
        view! { <DateField label=Msg::RequestLastDay name="input[end_date]" field="end_date" value=span.last_day.clone() error required=true/> }
    });
    view! {
        <ActionForm action attr:class="stack board-slot-form" attr:novalidate=true>
            <FormAlert error/>
            <SelectField label=Msg::BookingResource name="resource_id" options=resources selected=resource_id error required=true/>
            <SelectField label=Msg::BoardBookOrg name="org_id" options=orgs placeholder=Msg::FieldChoose error required=true/>
            <DateField label=Msg::RequestDate name="input[date]" field="date" value=span.first_day error required=true/>
            {last_day}
            {times}
            <TextField label=Msg::RequestQuantity name="input[quantity]" field="quantity" kind="number" inputmode="numeric" value="1".to_owned() min="1".to_owned() error required=true/>
            <TextField label=Msg::RequestPurpose name="input[purpose]" field="purpose" maxlength=TEXT_MAX error/>
            <p class="hint">{i18n.t(Msg::BoardBookHint)}</p>
            <SubmitButton label=Msg::BoardBookSubmit pending=action.pending()/>
        </ActionForm>
    }
}

/// A block's sheet: what it is, a link to its page, and (for an admin) the « Déplacer » form:
/// date, start, end and resource (same category).
#[component]
fn MoveSheet(
    resource_id: String,
    booking: BoardBooking,
    board: Board,
    ui: BoardUi,
) -> impl IntoView {
    let i18n = use_i18n();
    let (zone, can_edit, send, close) = (board.zone, board.can_edit, ui.send, ui.sheet_open);
    let rows = board.rows;
    let b = booking;
    let start = zone.local(b.range.start());
    let end = zone.local(b.range.end());
    let date = RwSignal::new(iso_date(start.date()));
    let from = RwSignal::new(clock(start.hour(), start.minute()));
    let to = RwSignal::new(clock(end.hour(), end.minute()));
    let category = rows
        .iter()
        .find(|r| r.resource_id == resource_id)
        .map(|r| r.category);
    let resource = RwSignal::new(resource_id);
    let choices: Vec<(String, String)> = rows
        .iter()
        .filter(|r| Some(r.category) == category)
        .map(|r| (r.resource_id.clone(), r.title.clone()))
        .collect();
    let problem = RwSignal::new(None::<Msg>);
    let id = b.id.clone();
    let version = b.version;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(day) = parse_local_date(&date.get_untracked()) else {
            problem.set(Some(Msg::ErrorDateInvalid));
            return;
        };
        let (Some(a), Some(z)) = (
            crate::shared::hours::parse_clock(&from.get_untracked()),
            crate::shared::hours::parse_clock(&to.get_untracked()),
        ) else {
            problem.set(Some(Msg::ErrorTimeInvalid));
            return;
        };
        let at = |minute: u16| {
            let minute = i64::from(minute);
            let time = LocalTime::new(
                i8::try_from(minute / 60).unwrap_or(0),
                i8::try_from(minute % 60).unwrap_or(0),
                0,
                0,
            )
            .unwrap_or(LocalTime::midnight());
            zone.instant(day, time)
        };
        let starts = at(a);
        // An end at or before the start is the next day's (« 22 h – 2 h »), or midnight.
        let ends = if z <= a {
            zone.instant(add_days(day, 1).unwrap_or(day), LocalTime::midnight())
                .plus_ms(i64::from(z) * 60_000)
        } else {
            at(z)
        };
        problem.set(None);
        close.set(false);
        send.dispatch(MoveInput {
            booking_id: id.clone(),
            version,
            resource_id: resource.get_untracked(),
            starts_at: starts.unix_ms(),
            ends_at: ends.unix_ms(),
        });
    };
    let when = move || when_text(b.range, zone, i18n.locale.get());
    let status = b.status;
    view! {
        <dl class="facts">
            <div><dt>{i18n.t(Msg::BookingWhen)}</dt><dd>{when}</dd></div>
            <div><dt>{i18n.t(Msg::BookingQuantity)}</dt><dd>{b.quantity}</dd></div>
            <div><dt>{i18n.t(Msg::BoardStatus)}</dt><dd>{i18n.t(status.label())}</dd></div>
        </dl>
        <p><A href=Link::Booking(&b.id).href()>{i18n.t(Msg::BoardOpenBooking)}</A></p>
        {can_edit.then(|| view! {
            <form class="stack board-move-form" on:submit=submit novalidate>
                <h3>{i18n.t(Msg::BoardMove)}</h3>
                <div class="field">
                    <label for="move-date">{i18n.t(Msg::RequestDate)}</label>
                    <input id="move-date" class="input" type="date" required prop:value=move || date.get() on:input=move |ev| date.set(event_target_value(&ev))/>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="move-from">{i18n.t(Msg::RequestFrom)}</label>
                        <input id="move-from" class="input" type="time" required prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))/>
                    </div>
                    <div class="field">
                        <label for="move-to">{i18n.t(Msg::RequestTo)}</label>
                        <input id="move-to" class="input" type="time" required prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev))/>
                    </div>
                </div>
                <div class="field">
                    <label for="move-resource">{i18n.t(Msg::BookingResource)}</label>
                    <select id="move-resource" on:change=move |ev| resource.set(event_target_value(&ev))>
                        {choices.iter().map(|(id, title)| {
                            let selected = *id == resource.get_untracked();
                            view! { <option value=id.clone() selected=selected>{title.clone()}</option> }
                        }).collect_view()}
                    </select>
                </div>
                {move || problem.get().map(|m| view! { <p class="field-error" role="alert">{i18n.t(m)}</p> })}
                <button type="submit" class="button button-primary" disabled=move || send.pending().get()>{i18n.t(Msg::BoardMoveSubmit)}</button>
            </form>
        })}
    }
}

/// « 09:30 », as a time field takes it.
fn clock(hour: i8, minute: i8) -> String {
    format!("{hour:02}:{minute:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn axis() -> Axis {
        Axis {
            zone: Zone::Montreal,
            first: parse_local_date("2026-12-07").expect("date"),
            days: 7,
            open: 8 * 60,
            close: 18 * 60,
        }
    }

    #[test]
    fn the_axis_places_and_reads_back_instants_on_the_hours_shown() {
        let a = axis();
        let monday_8 = a.local_instant(a.first, 8 * 60);
        assert_eq!(a.x(monday_8), 0.0);
        // Wednesday 13 h: two days and half of the 10 hours shown, over 7 days.
        let wednesday = add_days(a.first, 2).expect("date");
        let at = a.local_instant(wednesday, 13 * 60);
        assert!((a.x(at) - 2.5 / 7.0).abs() < 1e-9);
        assert_eq!(a.at(a.x(at), 30), at);
        // Snapped to the grid: 13 h 10 reads back as 13 h with a 30-minute grid.
        let off = a.local_instant(wednesday, 13 * 60 + 10);
        assert_eq!(a.at(a.x(off), 30), at);
        // Before the hours shown: the day's left edge; after the span: the right edge.
        assert_eq!(a.x(a.local_instant(wednesday, 6 * 60)), 2.0 / 7.0);
        assert_eq!(
            a.x(a.local_instant(add_days(a.first, 9).expect("date"), 0)),
            1.0
        );
    }

    #[test]
    fn keyboard_steps_move_by_the_grid_and_resize_the_end() {
        let a = axis();
        let range = TimeRange::new(
            a.local_instant(a.first, 9 * 60),
            a.local_instant(a.first, 11 * 60),
        )
        .expect("range");
        let later = shifted(Zone::Montreal, range, 30, 1);
        assert_eq!(later.start(), a.local_instant(a.first, 9 * 60 + 30));
        assert_eq!(later.end(), a.local_instant(a.first, 11 * 60 + 30));
        let longer = resized(range, 30, 1);
        assert_eq!(
            (longer.start(), longer.end()),
            (range.start(), a.local_instant(a.first, 11 * 60 + 30))
        );
        // Never shorter than nothing: a resize to zero length keeps the range.
        let one = TimeRange::new(range.start(), range.start().plus_ms(30 * 60_000)).expect("range");
        assert_eq!(resized(one, 30, -1), one);
        // Whole days move by dates, across the November DST change too.
        let day = TimeRange::new(
            Zone::Montreal.start_of_day(parse_local_date("2026-10-31").expect("date")),
            Zone::Montreal.start_of_day(parse_local_date("2026-11-01").expect("date")),
        )
        .expect("range");
        let next = shifted(Zone::Montreal, day, 24 * 60, 1);
        assert_eq!(
            next.start(),
            Zone::Montreal.start_of_day(parse_local_date("2026-11-01").expect("date"))
        );
        assert_eq!(
            next.end(),
            Zone::Montreal.start_of_day(parse_local_date("2026-11-02").expect("date"))
        );
    }

    #[test]
    fn a_board_address_round_trips() {
        let q = BoardQuery {
            tab: BoardTab::Others,
            zoom: Zoom::Day,
            date: "2026-12-09".into(),
            category: "kitchen".into(),
        };
        let address = href(&q);
        assert_eq!(
            address,
            "/planning?onglet=autres&vue=jour&date=2026-12-09&categorie=kitchen"
        );
        let map = leptos_router::params::ParamsMap::from_iter(
            address
                .trim_start_matches("/planning?")
                .split('&')
                .filter_map(|kv| kv.split_once('='))
                .map(|(k, v)| (k.to_owned(), v.to_owned())),
        );
        assert_eq!(query_from(&map), q);
        assert_eq!(href(&BoardQuery::default()), "/planning");
    }
}
