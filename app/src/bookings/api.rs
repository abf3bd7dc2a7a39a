//! Server functions for bookings: a resource's free and busy times, a request, the owner's
//! answer, a cancellation, a booking's page and the lists. Every write locks the resource
//! first and checks the booking against what is stored in that same transaction, so two
//! coordinators acting at once can never hold more units than the resource has.

use leptos::prelude::*;

use super::types::{
    Availability, BlockInput, BlockedPeriod, BookingList, BookingPage, Decision, ListFilter,
    RequestInput, RequestOutcome, Side,
};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::{
        fit::{self, Ask, Misfit},
        repo,
        series::{self, SeriesError},
        types::{
            BookingActions, BookingStatus, BookingSummary, Busy, EventKind, Occurrence,
            PendingChange, ResourceChoice, TEXT_MAX, misfit_error, price_estimate,
        },
    },
    crate::{
        accounts::{auth, repo as accounts},
        catalogue::resources::{
            repo as resources,
            types::{Audience, ResourceDetails, ResourceStatus},
        },
        db::{Tx, new_id, now_ms},
        i18n::{Locale, Msg},
        inbox::types::SystemEvent,
        mail::Email as OutgoingEmail,
        notifications::{repo as notices, types::NotificationKind},
        organizations::{access, repo as organizations, types::Role},
        shared::text::bounded_text,
        state::app_state,
        time::{Instant, TimeRange},
        ui::links::Link,
    },
};

/// At most this many days of availability in one answer.
#[cfg(feature = "ssr")]
const MAX_AVAILABILITY_DAYS: u32 = 62;
/// A cancellation this close to the start is marked late.
#[cfg(feature = "ssr")]
const LATE_CANCEL_MS: i64 = 48 * 3600 * 1000;

#[cfg(feature = "ssr")]
pub(super) fn validation(err: (&'static str, Msg)) -> AppError {
    AppError::validation(err.0, err.1)
}

/// A resource the reader may see: published, or their own organization's.
#[cfg(feature = "ssr")]
async fn visible_resource(id: &str) -> Result<ResourceDetails, AppError> {
    let state = app_state()?;
    let resource = resources::find_resource(state.db.pool(), id)
        .await?
        .ok_or_else(AppError::not_found)?;
    if resource.status != ResourceStatus::Published {
        match auth::current_user().await? {
            Some(who)
                if organizations::role_of(state.db.pool(), &resource.org_id, &who.user.id)
                    .await?
                    .is_some() => {}
            _ => return Err(AppError::not_found()),
        }
    }
    Ok(resource)
}

/// When a resource is taken over `days` days from `from` (« 2026-12-03 »; empty: today), in
/// its owner's zone: spans and units only, never who booked or why. Anyone may ask for a published
/// resource.
#[server(prefix = "/api", endpoint = "resource_availability")]
pub async fn resource_availability(
    resource_id: String,
    from: String,
    days: u32,
) -> Result<Availability, AppError> {
    let resource = visible_resource(&resource_id).await?;
    let state = app_state()?;
    let zone = owner_zone(&resource.org_id).await?;
    let first = if from.trim().is_empty() {
        zone.today()
    } else {
        crate::time::parse_local_date(&from)
            .ok_or_else(|| AppError::validation("from", Msg::ErrorDateInvalid))?
    };
    let days = days.clamp(1, MAX_AVAILABILITY_DAYS);
    let last = first
        .checked_add(jiff::Span::new().days(i64::from(days)))
        .map_err(|_| AppError::validation("from", Msg::ErrorDateInvalid))?;
    let span = TimeRange::new(zone.start_of_day(first), zone.start_of_day(last))
        .map_err(|_| AppError::validation("from", Msg::ErrorDateInvalid))?;
    let busy = repo::holds(state.db.pool(), &resource_id, span, None)
        .await?
        .into_iter()
        .map(|h| Busy {
            range: h.range,
            units: h.quantity,
        })
        .collect();
    let blocked = repo::blocked(state.db.pool(), &resource_id, span).await?;
    // Who asked and when, for the owner's members only.
    let member = match auth::current_user().await? {
        Some(who) => organizations::role_of(state.db.pool(), &resource.org_id, &who.user.id)
            .await?
            .is_some(),
        None => false,
    };
    let bookings = if member {
        repo::bookings_between(state.db.pool(), &resource_id, span, Instant::now()).await?
    } else {
        Vec::new()
    };
    Ok(Availability {
        zone,
        capacity: resource.content.rules.capacity,
        busy,
        blocked,
        bookings,
    })
}

#[cfg(feature = "ssr")]
pub(super) async fn owner_zone(org_id: &str) -> Result<crate::time::Zone, AppError> {
    let org = organizations::find_organization(app_state()?.db.pool(), org_id)
        .await?
        .ok_or_else(AppError::internal)?;
    Ok(org.zone)
}

/// Asks for `input`'s time on a resource, for `org_id` (a member of it, with a confirmed
/// address): once, or every week until `input.repeat_until`, when only the dates that fit are
/// asked for. Confirmed at once when the resource needs no approval. With `input.preview`,
/// says which dates fit and writes nothing.
#[server(prefix = "/api", endpoint = "request_booking")]
pub async fn request_booking(
    resource_id: String,
    org_id: String,
    input: RequestInput,
) -> Result<RequestOutcome, AppError> {
    let (who, _) = access::require_member(&org_id).await?;
    who.require_verified()?;
    let resource = visible_resource(&resource_id).await?;
    if resource.status != ResourceStatus::Published {
        return Err(AppError::conflict(Msg::ErrorBookingNotOpen));
    }
    if resource.org_id == org_id {
        return Err(AppError::conflict(Msg::ErrorBookingOwnResource));
    }
    let state = app_state()?;
    let requester = organizations::find_organization(state.db.pool(), &org_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let zone = owner_zone(&resource.org_id).await?;
    let request = input.validate(zone).map_err(validation)?;
    let repeat = !input.repeat_until.trim().is_empty();
    let ranges = if repeat {
        let until = crate::time::parse_local_date(&input.repeat_until)
            .ok_or_else(|| AppError::validation("repeat_until", Msg::ErrorDateInvalid))?;
        series::weekly(zone, request.date, until, request.from, request.to).map_err(|e| {
            AppError::validation(
                "repeat_until",
                match e {
                    SeriesError::TooLong => Msg::ErrorSeriesTooLong,
                    SeriesError::EndsBeforeItStarts => Msg::ErrorSeriesEndsBefore,
                    SeriesError::EmptyDay => Msg::ErrorSeriesSameDay,
                },
            )
        })?
    } else {
        vec![request.range]
    };
    let preview = input.preview.is_some();
    let now = now_ms();

    let mut tx = state.db.begin_write().await?;
    if !repo::lock_resource(&mut tx, &resource_id).await? {
        return Err(AppError::not_found());
    }
    // The rules as they are now, under the lock.
    let resource = resources::find_resource(&mut *tx, &resource_id)
        .await?
        .filter(|r| r.status == ResourceStatus::Published)
        .ok_or_else(|| AppError::conflict(Msg::ErrorBookingNotOpen))?;
    let rules = &resource.content.rules;
    match rules.audience {
        Audience::Any => {}
        Audience::Verified if requester.verified => {}
        Audience::Verified => return Err(AppError::conflict(Msg::ErrorBookingVerifiedOnly)),
        Audience::Partners => {
            if !resources::is_partner(&mut *tx, &resource_id, &org_id).await? {
                return Err(AppError::conflict(Msg::ErrorBookingPartnersOnly));
            }
        }
    }
    let instant = !rules.approval_required;
    let series_id = repeat.then(new_id);
    let mut outcome = RequestOutcome {
        booking_id: None,
        series_id: series_id.clone(),
        instant,
        zone,
        occurrences: Vec::with_capacity(ranges.len()),
    };
    for range in ranges {
        let ask = Ask {
            range,
            quantity: request.quantity,
        };
        // Each date is checked against what is held now, including the dates of this series
        // confirmed a moment ago in this transaction.
        let fits = check_fit(
            &mut tx,
            &resource,
            zone,
            Instant::from_unix_ms(now),
            ask,
            None,
        )
        .await?;
        if let Err(misfit) = fits {
            if !repeat && !preview {
                return Err(match misfit {
                    // Taken: a conflict with what others hold, not a mistake in the form.
                    Misfit::Full => AppError::conflict(Msg::ErrorBookingFull),
                    other => validation(misfit_error(other)),
                });
            }
            outcome.occurrences.push(Occurrence {
                range,
                misfit: Some(misfit_error(misfit).1.key().to_owned()),
            });
            continue;
        }
        outcome.occurrences.push(Occurrence {
            range,
            misfit: None,
        });
        if preview {
            continue;
        }
        let id = new_id();
        repo::insert_booking(
            &mut *tx,
            &repo::NewBooking {
                id: &id,
                resource_id: &resource_id,
                owner_org_id: &resource.org_id,
                requester_org_id: &org_id,
                requested_by: Some(&who.user.id),
                series_id: series_id.as_deref(),
                status: if instant {
                    BookingStatus::Approved
                } else {
                    BookingStatus::Requested
                },
                range,
                quantity: request.quantity,
                purpose: &request.purpose,
                price_estimate_cents: price_estimate(
                    &resource.content.pricing,
                    range,
                    zone,
                    request.quantity,
                ),
                now,
            },
        )
        .await?;
        let kind = if instant {
            EventKind::Confirmed
        } else {
            EventKind::Requested
        };
        record(&mut tx, &id, kind, &who.user.id, &org_id, "", now).await?;
        outcome.booking_id.get_or_insert(id);
    }
    if preview {
        // Nothing written; the lock goes with the transaction.
        drop(tx);
        return Ok(outcome);
    }
    let Some(first) = outcome.booking_id.clone() else {
        return Err(AppError::conflict(Msg::ErrorSeriesNothingFits));
    };
    // One notice and one email per request, a series included (its first date links to it).
    let notice = if instant {
        NotificationKind::BookingConfirmed
    } else {
        NotificationKind::BookingRequested
    };
    let mut events = Vec::new();
    tell_org(
        &mut tx,
        notice,
        &resource.org_id,
        &first,
        &resource_id,
        now,
        &mut events,
    )
    .await?;
    let (subject, body) = if instant {
        (
            Msg::EmailBookingConfirmedSubject,
            Msg::EmailBookingConfirmedBody,
        )
    } else {
        (
            Msg::EmailBookingRequestedSubject,
            Msg::EmailBookingRequestedBody,
        )
    };
    let written = repo::find_booking(&mut *tx, &first, Instant::from_unix_ms(now))
        .await?
        .ok_or_else(AppError::internal)?;
    let mail = BookingMail {
        base_url: &state.config.base_url,
        subject,
        body,
        booking: &written.summary,
        other_org: &requester.name,
        reason: "",
        dates: outcome
            .occurrences
            .iter()
            .filter(|o| o.misfit.is_none())
            .count(),
        change: None,
    };
    email_admins(&mut tx, &resource.org_id, &mail, !instant).await?;
    events.push(super::board::board_event(
        [resource_id.as_str()],
        &resource.org_id,
        &org_id,
    ));
    state.commit(tx, events).await?;
    Ok(outcome)
}

/// Checks `ask` against the resource's rules, blocked periods and the units approved bookings
/// hold, all read through `tx` (which holds the resource's lock).
#[cfg(feature = "ssr")]
pub(super) async fn check_fit(
    tx: &mut Tx,
    resource: &ResourceDetails,
    zone: crate::time::Zone,
    now: Instant,
    ask: Ask,
    except: Option<&str>,
) -> Result<Result<(), Misfit>, AppError> {
    if let Err(misfit) = fit::check_rules(&resource.content.rules, zone, now, ask) {
        return Ok(Err(misfit));
    }
    room_for(tx, resource, ask, except).await
}

/// Room left for `ask`: blocked periods and the units approved bookings hold (but `except`),
/// read through `tx`, which holds the resource's lock.
#[cfg(feature = "ssr")]
pub(super) async fn room_for(
    tx: &mut Tx,
    resource: &ResourceDetails,
    ask: Ask,
    except: Option<&str>,
) -> Result<Result<(), Misfit>, AppError> {
    let rules = &resource.content.rules;
    let buffer_ms = i64::from(rules.buffer_minutes) * 60_000;
    let around = TimeRange::new(
        ask.range.start().plus_ms(-buffer_ms),
        ask.range.end().plus_ms(buffer_ms),
    )
    .unwrap_or(ask.range);
    let holds = repo::holds(&mut **tx, &resource.id, around, except).await?;
    let blocked = repo::blocked(&mut **tx, &resource.id, ask.range).await?;
    Ok(fit::check_room(rules, ask, &blocked, &holds))
}

#[cfg(feature = "ssr")]
pub(super) async fn record(
    tx: &mut Tx,
    booking_id: &str,
    kind: EventKind,
    actor_id: &str,
    actor_org_id: &str,
    reason: &str,
    now: i64,
) -> Result<(), AppError> {
    repo::insert_event(
        &mut **tx,
        &repo::NewEvent {
            id: &new_id(),
            booking_id,
            kind,
            actor_id,
            actor_org_id,
            reason,
            now,
        },
    )
    .await?;
    Ok(())
}

/// An in-app notice for `org_id` about a booking.
#[cfg(feature = "ssr")]
pub(super) async fn tell_org(
    tx: &mut Tx,
    kind: NotificationKind,
    org_id: &str,
    booking_id: &str,
    resource_id: &str,
    now: i64,
    events: &mut Vec<crate::live::LiveEvent>,
) -> Result<(), AppError> {
    notify_org(tx, kind, org_id, booking_id, resource_id, None, now, events).await
}

/// Tells the requesting organization that the owner moved its booking from `from`: a
/// notice, and a line in the booking's thread with the old and the new time.
#[cfg(feature = "ssr")]
pub(super) async fn tell_org_moved(
    tx: &mut Tx,
    org_id: &str,
    booking_id: &str,
    resource_id: &str,
    from: TimeRange,
    now: i64,
    events: &mut Vec<crate::live::LiveEvent>,
) -> Result<(), AppError> {
    notify_org(
        tx,
        NotificationKind::BookingMoved,
        org_id,
        booking_id,
        resource_id,
        Some(from),
        now,
        events,
    )
    .await
}

#[cfg(feature = "ssr")]
#[allow(clippy::too_many_arguments)]
async fn notify_org(
    tx: &mut Tx,
    kind: NotificationKind,
    org_id: &str,
    booking_id: &str,
    resource_id: &str,
    from: Option<TimeRange>,
    now: i64,
    events: &mut Vec<crate::live::LiveEvent>,
) -> Result<(), AppError> {
    let link = Link::Booking(booking_id).href();
    notices::insert(
        &mut **tx,
        &notices::NewNotification {
            id: &new_id(),
            kind,
            org_id: Some(org_id),
            user_id: None,
            subject_id: booking_id,
            related_id: Some(resource_id),
            link: &link,
            payload: "{}",
            once_key: None,
            now,
        },
    )
    .await?;
    // The booking's thread tells both sides what happened.
    let event = match kind {
        NotificationKind::BookingRequested | NotificationKind::BookingConfirmed => {
            Some(SystemEvent::Requested)
        }
        NotificationKind::BookingApproved | NotificationKind::BookingMadeForUs => {
            Some(SystemEvent::Approved)
        }
        NotificationKind::BookingDeclined => Some(SystemEvent::Declined),
        NotificationKind::BookingCancelled => Some(SystemEvent::Cancelled),
        NotificationKind::BookingChanged
        | NotificationKind::BookingChangeAccepted
        | NotificationKind::BookingMoved => Some(SystemEvent::Moved),
        _ => None,
    };
    if let Some(event) = event {
        events.extend(
            crate::inbox::repo::post_booking_event(tx, booking_id, event, from, now).await?,
        );
    }
    Ok(())
}

/// What a booking email says: its message, the booking (its first date, for a series), the
/// other organization, a reason, and how many dates it is about.
#[cfg(feature = "ssr")]
pub(super) struct BookingMail<'a> {
    /// The site's address, for links.
    pub base_url: &'a str,
    pub subject: Msg,
    pub body: Msg,
    pub booking: &'a BookingSummary,
    pub other_org: &'a str,
    pub reason: &'a str,
    pub dates: usize,
    /// The new time and quantity, for a change.
    pub change: Option<(TimeRange, u32)>,
}

/// Emails every admin of `org_id`, each in their language. With `answer_links`, each gets
/// their own single-use links to approve or decline from the email.
#[cfg(feature = "ssr")]
pub(super) async fn email_admins(
    tx: &mut Tx,
    org_id: &str,
    mail: &BookingMail<'_>,
    answer_links: bool,
) -> Result<(), AppError> {
    if !answer_links {
        return email_admins_with(tx, org_id, mail, &[]).await;
    }
    let admins = organizations::contacts_of(&mut **tx, org_id, Some(Role::Admin)).await?;
    for admin in admins {
        let links = if answer_links {
            let approve =
                super::links::issue(tx, mail.booking, Decision::Approve, &admin.user_id).await?;
            let decline =
                super::links::issue(tx, mail.booking, Decision::Decline, &admin.user_id).await?;
            vec![
                ("approve_link", format!("{}{approve}", mail.base_url)),
                ("decline_link", format!("{}{decline}", mail.base_url)),
            ]
        } else {
            Vec::new()
        };
        let extra: Vec<(&str, &str)> = links.iter().map(|(k, v)| (*k, v.as_str())).collect();
        email_person(tx, &admin.email, &admin.name, &admin.locale, mail, &extra).await?;
    }
    Ok(())
}

/// Emails every admin of `org_id`, each in their language, with `extra` arguments.
#[cfg(feature = "ssr")]
pub(super) async fn email_admins_with(
    tx: &mut Tx,
    org_id: &str,
    mail: &BookingMail<'_>,
    extra: &[(&str, &str)],
) -> Result<(), AppError> {
    let admins = organizations::contacts_of(&mut **tx, org_id, Some(Role::Admin)).await?;
    for admin in admins {
        email_person(tx, &admin.email, &admin.name, &admin.locale, mail, extra).await?;
    }
    Ok(())
}

/// Emails one person about a booking, in their language.
#[cfg(feature = "ssr")]
pub(super) async fn email_person(
    tx: &mut Tx,
    to: &str,
    name: &str,
    locale: &str,
    mail: &BookingMail<'_>,
    extra: &[(&str, &str)],
) -> Result<(), AppError> {
    let locale = Locale::parse(locale).unwrap_or_default();
    let b = mail.booking;
    let link = format!("{}{}", mail.base_url, Link::Booking(&b.id).href());
    let first = super::types::when_text(b.range, b.zone, locale);
    let when = if mail.dates > 1 {
        locale.tf(
            Msg::EmailBookingSeriesWhen,
            &[("when", &first), ("count", &mail.dates.to_string())],
        )
    } else {
        first
    };
    let zone = b.zone.city();
    let (new_when, new_quantity) = match mail.change {
        Some((range, quantity)) => (
            super::types::when_text(range, b.zone, locale),
            quantity.to_string(),
        ),
        None => (String::new(), b.quantity.to_string()),
    };
    let mut args = vec![
        ("new_when", new_when.as_str()),
        ("quantity", new_quantity.as_str()),
        ("name", name),
        ("resource", b.resource_title.as_str()),
        ("org", mail.other_org),
        ("reason", mail.reason),
        ("when", when.as_str()),
        ("zone", zone),
        // Not single-use: kept as is in the stored copy.
        ("url", link.as_str()),
    ];
    args.extend_from_slice(extra);
    let mut email = OutgoingEmail::compose(to, locale, mail.subject, mail.body, &args);
    // Each person chooses how email tells them: each event (here), a daily digest, or none.
    if let Some((user_id, frequency)) =
        crate::notifications::repo::choice_by_email(&mut **tx, to).await?
    {
        if frequency != crate::notifications::types::EmailFrequency::Each {
            return Ok(());
        }
        let key = crate::mail::unsubscribe::key(tx).await?;
        email = email.with_unsubscribe(
            locale,
            &crate::mail::unsubscribe::link(mail.base_url, &key, &user_id),
        );
    }
    crate::mail::queue(tx, &email).await?;
    Ok(())
}

/// Loads a booking for a reader who belongs to one of its two organizations; anyone else
/// gets 404, as if it did not exist. Answers the reader's roles on both sides.
#[cfg(feature = "ssr")]
pub(super) async fn readable(
    id: &str,
) -> Result<
    (
        repo::BookingRow,
        auth::SessionUser,
        Option<Role>,
        Option<Role>,
    ),
    AppError,
> {
    let who = auth::require_user().await?;
    let state = app_state()?;
    let row = repo::find_booking(state.db.pool(), id, Instant::now())
        .await?
        .ok_or_else(AppError::not_found)?;
    let owner_role =
        organizations::role_of(state.db.pool(), &row.summary.owner_org_id, &who.user.id).await?;
    let requester_role =
        organizations::role_of(state.db.pool(), &row.summary.requester_org_id, &who.user.id)
            .await?;
    if owner_role.is_none() && requester_role.is_none() {
        return Err(AppError::not_found());
    }
    Ok((row, who, owner_role, requester_role))
}

/// The owner's answer to a request (its admins only). Declining needs a reason; approving
/// one that no longer fits is refused with the reason. With `whole_series`, the answer goes to
/// every pending date of the request's series (dates that no longer fit stay pending).
#[server(prefix = "/api", endpoint = "decide_booking")]
pub async fn decide_booking(
    id: String,
    decision: Decision,
    #[server(default)] reason: String,
    #[server(default)] whole_series: bool,
) -> Result<u32, AppError> {
    let (row, who, owner_role, _) = readable(&id).await?;
    if owner_role != Some(Role::Admin) {
        return Err(AppError::forbidden());
    }
    let reason = decision_reason(decision, &reason)?;
    let state = app_state()?;
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    repo::lock_resource(&mut tx, &row.summary.resource_id).await?;
    let mut events = Vec::new();
    let answered = answer_locked(
        &mut tx,
        &row.summary,
        whole_series,
        Answer {
            decision,
            reason: &reason,
            actor_id: &who.user.id,
        },
        now,
        &mut events,
    )
    .await?;
    state.commit(tx, events).await?;
    Ok(answered)
}

/// A decision's reason, checked: bounded, and required to decline.
#[cfg(feature = "ssr")]
pub(super) fn decision_reason(decision: Decision, reason: &str) -> Result<String, AppError> {
    let reason = bounded_text(reason, TEXT_MAX, Msg::ErrorTextTooLong)
        .map_err(|m| AppError::validation("reason", m))?;
    if decision == Decision::Decline && reason.is_empty() {
        return Err(AppError::validation("reason", Msg::ErrorReasonRequired));
    }
    Ok(reason)
}

/// An owner's answer to a request: the decision, its reason, and the admin who gave it.
#[cfg(feature = "ssr")]
pub(super) struct Answer<'a> {
    pub decision: Decision,
    pub reason: &'a str,
    pub actor_id: &'a str,
}

/// Answers `booking` for its owner, under the resource's lock that `tx` holds, with
/// everything read again under it (another admin may have answered meanwhile). With
/// `whole_series`, every pending date of its series still ahead is answered; dates that no
/// longer fit stay pending and are left out. Tells the requester once. Answers how many
/// bookings were answered.
#[cfg(feature = "ssr")]
pub(super) async fn answer_locked(
    tx: &mut Tx,
    booking: &BookingSummary,
    whole_series: bool,
    answer: Answer<'_>,
    now: i64,
    events: &mut Vec<crate::live::LiveEvent>,
) -> Result<u32, AppError> {
    let Answer {
        decision,
        reason,
        actor_id,
    } = answer;
    let ids = match booking.series_id.as_deref() {
        Some(series) if whole_series => {
            repo::pending_in_series(&mut **tx, series, Instant::from_unix_ms(now)).await?
        }
        _ => vec![booking.id.clone()],
    };
    let single = ids.len() <= 1 && !whole_series;
    let resource = resources::find_resource(&mut **tx, &booking.resource_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let mut answered = Vec::with_capacity(ids.len());
    let mut first_error = None;
    for id in &ids {
        match answer_one(tx, &resource, id, decision, reason, actor_id, now).await {
            Ok(()) => answered.push(id.clone()),
            Err(e @ (AppError::Conflict { .. } | AppError::Validation { .. })) if !single => {
                first_error.get_or_insert(e);
            }
            Err(e) => return Err(e),
        }
    }
    let Some(first) = answered.first() else {
        return Err(
            first_error.unwrap_or_else(|| AppError::conflict(Msg::ErrorBookingAlreadyAnswered))
        );
    };
    let (notice, subject, body) = match decision {
        Decision::Approve => (
            NotificationKind::BookingApproved,
            Msg::EmailBookingApprovedSubject,
            Msg::EmailBookingApprovedBody,
        ),
        Decision::Decline => (
            NotificationKind::BookingDeclined,
            Msg::EmailBookingDeclinedSubject,
            Msg::EmailBookingDeclinedBody,
        ),
    };
    tell_org(
        tx,
        notice,
        &booking.requester_org_id,
        first,
        &booking.resource_id,
        now,
        events,
    )
    .await?;
    let current = repo::find_booking(&mut **tx, first, Instant::from_unix_ms(now))
        .await?
        .ok_or_else(AppError::not_found)?;
    if let Some(requester) = current.requested_by.as_deref()
        && let Some(person) = accounts::find_user(&mut **tx, requester).await?
    {
        let state = app_state()?;
        let mail = BookingMail {
            base_url: &state.config.base_url,
            subject,
            body,
            booking: &current.summary,
            other_org: &booking.owner_org_name,
            reason,
            dates: answered.len(),
            change: None,
        };
        email_person(tx, &person.email, &person.name, &person.locale, &mail, &[]).await?;
    }
    // After the thread's line: an open thread hears of its message first.
    events.push(super::board::board_event(
        [booking.resource_id.as_str()],
        &booking.owner_org_id,
        &booking.requester_org_id,
    ));
    Ok(u32::try_from(answered.len()).unwrap_or(u32::MAX))
}

/// Answers one pending booking (see [`answer_locked`]).
#[cfg(feature = "ssr")]
async fn answer_one(
    tx: &mut Tx,
    resource: &ResourceDetails,
    id: &str,
    decision: Decision,
    reason: &str,
    actor_id: &str,
    now: i64,
) -> Result<(), AppError> {
    let current = repo::find_booking(&mut **tx, id, Instant::from_unix_ms(now))
        .await?
        .ok_or_else(AppError::not_found)?;
    match current.summary.status {
        BookingStatus::Requested => {}
        BookingStatus::Expired => return Err(AppError::conflict(Msg::ErrorBookingExpired)),
        _ => return Err(AppError::conflict(Msg::ErrorBookingAlreadyAnswered)),
    }
    let (to, kind) = match decision {
        Decision::Approve => {
            // Only what may have changed since the request: others approved meanwhile, a
            // period blocked since. The owner's own rules bend to the owner's yes.
            let ask = Ask {
                range: current.summary.range,
                quantity: current.summary.quantity,
            };
            room_for(tx, resource, ask, Some(id))
                .await?
                .map_err(|m| match m {
                    Misfit::Full => AppError::conflict(Msg::ErrorBookingNoLongerFits),
                    other => validation(misfit_error(other)),
                })?;
            (BookingStatus::Approved, EventKind::Approved)
        }
        Decision::Decline => (BookingStatus::Declined, EventKind::Declined),
    };
    if !repo::transition(
        &mut **tx,
        id,
        BookingStatus::Requested,
        to,
        reason,
        false,
        now,
    )
    .await?
    {
        return Err(AppError::conflict(Msg::ErrorBookingAlreadyAnswered));
    }
    record(
        tx,
        id,
        kind,
        actor_id,
        &current.summary.owner_org_id,
        reason,
        now,
    )
    .await
}

/// Cancels a request or a booking before it starts, with a reason: the requesting
/// organization's members, or the owner's admins. Less than 48 hours before the start of an
/// approved booking, the cancellation is marked late. With `rest_of_series`, this date and the
/// later ones of its series still open are cancelled together. Answers how many were.
#[server(prefix = "/api", endpoint = "cancel_booking")]
pub async fn cancel_booking(
    id: String,
    #[server(default)] reason: String,
    #[server(default)] rest_of_series: bool,
) -> Result<u32, AppError> {
    let (row, who, owner_role, requester_role) = readable(&id).await?;
    let by_owner = owner_role == Some(Role::Admin);
    if !by_owner && requester_role.is_none() {
        return Err(AppError::forbidden());
    }
    let reason = bounded_text(&reason, TEXT_MAX, Msg::ErrorTextTooLong)
        .map_err(|m| AppError::validation("reason", m))?;
    if reason.is_empty() {
        return Err(AppError::validation("reason", Msg::ErrorReasonRequired));
    }
    let state = app_state()?;
    let now = now_ms();
    let booking = row.summary;
    let mut tx = state.db.begin_write().await?;
    repo::lock_resource(&mut tx, &booking.resource_id).await?;
    let targets = match booking.series_id.as_deref() {
        Some(series) if rest_of_series => {
            repo::changes::rest_of_series(
                &mut *tx,
                series,
                booking.range.start(),
                Instant::from_unix_ms(now),
            )
            .await?
        }
        _ => vec![id.clone()],
    };
    if !targets.contains(&id) {
        return Err(AppError::conflict(Msg::ErrorBookingNotCancellable));
    }
    let actor_org = if by_owner {
        &booking.owner_org_id
    } else {
        &booking.requester_org_id
    };
    for target in &targets {
        let current = repo::find_booking(&mut *tx, target, Instant::from_unix_ms(now))
            .await?
            .ok_or_else(AppError::not_found)?;
        let start = current.summary.range.start().unix_ms();
        let from = match current.summary.status {
            BookingStatus::Requested => BookingStatus::Requested,
            BookingStatus::Approved if start > now => BookingStatus::Approved,
            _ => return Err(AppError::conflict(Msg::ErrorBookingNotCancellable)),
        };
        let late = from == BookingStatus::Approved && start - now < LATE_CANCEL_MS;
        if !repo::transition(
            &mut *tx,
            target,
            from,
            BookingStatus::Cancelled,
            &reason,
            late,
            now,
        )
        .await?
        {
            return Err(AppError::conflict(Msg::ErrorBookingNotCancellable));
        }
        record(
            &mut tx,
            target,
            EventKind::Cancelled,
            &who.user.id,
            actor_org,
            &reason,
            now,
        )
        .await?;
    }
    let (told, other_name) = if by_owner {
        (&booking.requester_org_id, &booking.owner_org_name)
    } else {
        (&booking.owner_org_id, &booking.requester_org_name)
    };
    let mut events = Vec::new();
    tell_org(
        &mut tx,
        NotificationKind::BookingCancelled,
        told,
        &id,
        &booking.resource_id,
        now,
        &mut events,
    )
    .await?;
    let mail = BookingMail {
        base_url: &state.config.base_url,
        subject: Msg::EmailBookingCancelledSubject,
        body: Msg::EmailBookingCancelledBody,
        booking: &booking,
        other_org: other_name,
        reason: &reason,
        dates: targets.len(),
        change: None,
    };
    email_admins(&mut tx, told, &mail, false).await?;
    events.push(super::board::board_event(
        [booking.resource_id.as_str()],
        &booking.owner_org_id,
        &booking.requester_org_id,
    ));
    state.commit(tx, events).await?;
    Ok(u32::try_from(targets.len()).unwrap_or(u32::MAX))
}

/// A booking's page, for members of either organization.
#[server(prefix = "/api", endpoint = "get_booking")]
pub async fn get_booking(id: String) -> Result<BookingPage, AppError> {
    let (row, _, owner_role, requester_role) = readable(&id).await?;
    let state = app_state()?;
    let db = state.db.pool();
    let now = Instant::now();
    let history = repo::history(db, &id).await?;
    let status = row.summary.status;
    let open = matches!(status, BookingStatus::Requested)
        || (status == BookingStatus::Approved && row.summary.range.start() > now);
    let owner_admin = owner_role == Some(Role::Admin);
    let requester = requester_role.is_some();
    let change = repo::changes::pending_change(db, &id).await?;
    let (series_pending, series_rest) = match row.summary.series_id.as_deref() {
        Some(series) => {
            let pending = repo::pending_in_series(db, series, now).await?;
            let rest =
                repo::changes::rest_of_series(db, series, row.summary.range.start(), now).await?;
            (
                if pending.contains(&id) {
                    pending.len()
                } else {
                    0
                },
                rest.len(),
            )
        }
        None => (0, 0),
    };
    let resource = resources::find_resource(db, &row.summary.resource_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let actions = BookingActions {
        decide: owner_admin && status == BookingStatus::Requested,
        cancel: open && (owner_admin || requester),
        change: open && requester && change.is_none(),
        answer_change: open && owner_admin && change.is_some(),
        withdraw_change: open && requester && change.is_some(),
        series_pending: u32::try_from(series_pending).unwrap_or(0),
        series_rest: u32::try_from(series_rest).unwrap_or(0),
    };
    let pending_change = change.and_then(|c| {
        Some(PendingChange {
            range: TimeRange::new(c.starts_at, c.ends_at).ok()?,
            quantity: u32::try_from(c.quantity).ok()?,
            rest_of_series: c.rest_of_series != 0,
            note: c.note,
        })
    });
    Ok(BookingPage {
        booking: row.summary,
        purpose: row.purpose,
        price_estimate_cents: row.price_estimate_cents,
        reason: row.reason,
        late: row.late,
        history,
        actions,
        pending_change,
        slot_minutes: match resource.content.rules.grid {
            crate::catalogue::resources::types::SlotGrid::Minutes(m) => u32::from(m),
            crate::catalogue::resources::types::SlotGrid::Days => 0,
        },
        capacity: resource.content.rules.capacity,
    })
}

/// The bookings of `org_id` (its members) on one side: what it asked of others, or what others
/// asked of it; pending requests first, then by start; from a week ago on, unless `filter`
/// says otherwise (a status, a resource, dates in the organization's zone).
#[server(prefix = "/api", endpoint = "list_bookings")]
pub async fn list_bookings(
    org_id: String,
    side: Side,
    #[server(default)] filter: ListFilter,
) -> Result<BookingList, AppError> {
    access::require_member(&org_id).await?;
    let state = app_state()?;
    let zone = owner_zone(&org_id).await?;
    let now = Instant::now();
    let status = match filter.status.trim() {
        "" => None,
        code => Some(
            BookingStatus::parse(code)
                .ok_or_else(|| AppError::validation("status", Msg::ErrorChoiceInvalid))?,
        ),
    };
    let date = |text: &str, field: &'static str| match text.trim() {
        "" => Ok(None),
        text => crate::time::parse_local_date(text)
            .map(Some)
            .ok_or_else(|| AppError::validation(field, Msg::ErrorDateInvalid)),
    };
    let since = match date(&filter.from, "from")? {
        Some(day) => zone.start_of_day(day),
        None => now.plus_ms(-7 * 24 * 3600 * 1000),
    };
    let until = match date(&filter.to, "to")? {
        Some(day) => Some(
            zone.start_of_day(
                day.tomorrow()
                    .map_err(|_| AppError::validation("to", Msg::ErrorDateInvalid))?,
            ),
        ),
        None => None,
    };
    if until.is_some_and(|u| u <= since) {
        return Err(AppError::validation("to", Msg::ErrorBookingEndBeforeStart));
    }
    let resource_id = Some(filter.resource_id.trim()).filter(|r| !r.is_empty());
    let mut items = repo::list_for(
        state.db.pool(),
        &repo::ListQuery {
            org_id: &org_id,
            side,
            status,
            resource_id,
            since,
            until,
            now,
        },
    )
    .await?;
    let truncated = items.len() > repo::LIST_LIMIT as usize;
    items.truncate(repo::LIST_LIMIT as usize);
    let resources = repo::resources_in(state.db.pool(), &org_id, side)
        .await?
        .into_iter()
        .map(|(id, title)| ResourceChoice { id, title })
        .collect();
    Ok(BookingList {
        items,
        resources,
        truncated,
    })
}

/// The blocked periods ahead of a resource, with their reasons (its organization's members).
#[server(prefix = "/api", endpoint = "list_blocked_periods")]
pub async fn list_blocked_periods(resource_id: String) -> Result<Vec<BlockedPeriod>, AppError> {
    let state = app_state()?;
    let Some(owner) = resources::resource_owner(state.db.pool(), &resource_id).await? else {
        auth::require_user().await?;
        return Err(AppError::not_found());
    };
    access::require_member(&owner).await?;
    Ok(repo::blocks_of(state.db.pool(), &resource_id, Instant::now()).await?)
}

/// Blocks whole days of a resource (its organization's admins): nobody may book them. Refused
/// while confirmed bookings fall in the period.
#[server(prefix = "/api", endpoint = "add_blocked_period")]
pub async fn add_blocked_period(
    resource_id: String,
    input: BlockInput,
) -> Result<String, AppError> {
    let owner = crate::catalogue::resources::api::require_resource_admin(&resource_id).await?;
    let who = auth::require_user().await?;
    let zone = owner_zone(&owner).await?;
    let (range, kind, reason) = input.validate(zone).map_err(validation)?;
    let state = app_state()?;
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    repo::lock_resource(&mut tx, &resource_id).await?;
    if !repo::holds(&mut *tx, &resource_id, range, None)
        .await?
        .is_empty()
    {
        return Err(AppError::conflict(Msg::ErrorBlockedOverBookings));
    }
    let id = new_id();
    repo::insert_block(
        &mut *tx,
        &repo::NewBlock {
            id: &id,
            resource_id: &resource_id,
            range,
            kind,
            reason: &reason,
            created_by: &who.user.id,
            now,
        },
    )
    .await?;
    let event = super::board::board_event([resource_id.as_str()], &owner, &owner);
    state.commit(tx, vec![event]).await?;
    Ok(id)
}

/// Removes a blocked period (its resource's admins).
#[server(prefix = "/api", endpoint = "remove_blocked_period")]
pub async fn remove_blocked_period(id: String) -> Result<(), AppError> {
    let state = app_state()?;
    let Some(resource_id) = repo::block_resource(state.db.pool(), &id).await? else {
        auth::require_user().await?;
        return Err(AppError::not_found());
    };
    let owner = crate::catalogue::resources::api::require_resource_admin(&resource_id).await?;
    let mut tx = state.db.begin_write().await?;
    repo::lock_resource(&mut tx, &resource_id).await?;
    if !repo::delete_block(&mut *tx, &id, &resource_id).await? {
        return Err(AppError::not_found());
    }
    let event = super::board::board_event([resource_id.as_str()], &owner, &owner);
    state.commit(tx, vec![event]).await?;
    Ok(())
}
