//! Changing a booking: the requester asks for another time or quantity, for one date or for
//! this date and the later ones of its series (same dates, new hours). Nobody has agreed to a
//! request yet, and a resource without approval confirms at once: there the change applies
//! now, if it fits. Otherwise the booking stays as it is until the owner's admins accept (the
//! new times are checked again then, under the resource's lock) or refuse with a reason.

use leptos::prelude::*;

use super::types::{ChangeInput, ChangeOutcome};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::{
        api::{self, BookingMail},
        fit::{self, Ask, Misfit},
        repo::{self, BookingRow, changes},
        types::{BookingStatus, EventKind, TEXT_MAX, misfit_error, price_estimate},
    },
    crate::{
        accounts::repo as accounts,
        catalogue::resources::{repo as resources, types::ResourceDetails},
        db::{Tx, new_id, now_ms},
        i18n::Msg,
        notifications::types::NotificationKind,
        organizations::types::Role,
        shared::text::bounded_text,
        state::app_state,
        time::{Instant, TimeRange, Zone},
    },
};

/// The bookings a change moves, each with its new time: this one, or this one and the later
/// dates of its series (each on its own date, at the new hours).
#[cfg(feature = "ssr")]
async fn plan(
    tx: &mut Tx,
    anchor: &BookingRow,
    input: &ChangeInput,
    now: i64,
) -> Result<Vec<(String, TimeRange)>, AppError> {
    let zone = anchor.summary.zone;
    let valid = input.as_request().validate(zone).map_err(api::validation)?;
    let Some(series) = anchor
        .summary
        .series_id
        .as_deref()
        .filter(|_| input.rest_of_series.is_some())
    else {
        return Ok(vec![(anchor.summary.id.clone(), valid.range)]);
    };
    if !input.end_date.trim().is_empty() || valid.date != zone.date(anchor.summary.range.start()) {
        return Err(AppError::validation("date", Msg::ErrorChangeSeriesSameDay));
    }
    let ids = changes::rest_of_series(
        &mut **tx,
        series,
        anchor.summary.range.start(),
        Instant::from_unix_ms(now),
    )
    .await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(row) = repo::find_booking(&mut **tx, &id, Instant::from_unix_ms(now)).await?
        else {
            continue;
        };
        let mut on_date = input.as_request();
        on_date.date = crate::time::iso_date(zone.date(row.summary.range.start()));
        let range = on_date.validate(zone).map_err(api::validation)?.range;
        out.push((id, range));
    }
    Ok(out)
}

/// The booking as stored now (read under the lock `tx` holds), and whether it may still change:
/// requested or approved, and not started.
#[cfg(feature = "ssr")]
async fn current_booking(tx: &mut Tx, id: &str, now: i64) -> Result<(BookingRow, bool), AppError> {
    let current = repo::find_booking(&mut **tx, id, Instant::from_unix_ms(now))
        .await?
        .ok_or_else(AppError::not_found)?;
    let open = matches!(
        current.summary.status,
        BookingStatus::Requested | BookingStatus::Approved
    ) && current.summary.range.start().unix_ms() > now;
    Ok((current, open))
}

/// Moves `targets` to their new times with `quantity` units, each with a line of history.
#[cfg(feature = "ssr")]
#[allow(clippy::too_many_arguments)]
async fn apply(
    tx: &mut Tx,
    resource: &ResourceDetails,
    zone: Zone,
    targets: &[(String, TimeRange)],
    quantity: u32,
    kind: EventKind,
    (actor_id, actor_org): (&str, &str),
    note: &str,
    now: i64,
) -> Result<(), AppError> {
    for (id, range) in targets {
        let price = price_estimate(&resource.content.pricing, *range, zone, quantity);
        changes::reschedule(&mut **tx, id, *range, quantity, price, now).await?;
        api::record(tx, id, kind, actor_id, actor_org, note, now).await?;
    }
    Ok(())
}

/// Checks that every target fits beside what is held now (except itself). The first that
/// does not refuses the whole change.
#[cfg(feature = "ssr")]
async fn room_for_all(
    tx: &mut Tx,
    resource: &ResourceDetails,
    targets: &[(String, TimeRange)],
    quantity: u32,
) -> Result<(), AppError> {
    for (id, range) in targets {
        let ask = Ask {
            range: *range,
            quantity,
        };
        api::room_for(tx, resource, ask, Some(id))
            .await?
            .map_err(|m| match m {
                Misfit::Full => AppError::conflict(Msg::ErrorChangeNoLongerFits),
                other => api::validation(misfit_error(other)),
            })?;
    }
    Ok(())
}

/// Asks for another time or quantity (the requesting organization's members). Applies at once
/// where nobody has to agree (a request not yet answered, a resource without approval);
/// otherwise waits for the owner, the booking unchanged meanwhile.
#[server(prefix = "/api", endpoint = "request_change")]
pub async fn request_change(
    booking_id: String,
    input: ChangeInput,
) -> Result<ChangeOutcome, AppError> {
    let (row, who, _, requester_role) = api::readable(&booking_id).await?;
    if requester_role.is_none() {
        return Err(AppError::forbidden());
    }
    let note = bounded_text(&input.note, TEXT_MAX, Msg::ErrorTextTooLong)
        .map_err(|m| AppError::validation("note", m))?;
    let zone = row.summary.zone;
    let valid = input.as_request().validate(zone).map_err(api::validation)?;
    if input.rest_of_series.is_some() && row.summary.series_id.is_none() {
        return Err(AppError::validation(
            "rest_of_series",
            Msg::ErrorChoiceInvalid,
        ));
    }
    let state = app_state()?;
    let now = now_ms();
    let b = &row.summary;
    let mut tx = state.db.begin_write().await?;
    repo::lock_resource(&mut tx, &b.resource_id).await?;
    let (current, open) = current_booking(&mut tx, &booking_id, now).await?;
    if !open {
        return Err(AppError::conflict(Msg::ErrorBookingNotChangeable));
    }
    if valid.range == current.summary.range
        && valid.quantity == current.summary.quantity
        && input.rest_of_series.is_none()
    {
        return Err(AppError::validation("date", Msg::ErrorChangeSame));
    }
    if changes::pending_change(&mut *tx, &booking_id)
        .await?
        .is_some()
    {
        return Err(AppError::conflict(Msg::ErrorChangePending));
    }
    let resource = resources::find_resource(&mut *tx, &b.resource_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let targets = plan(&mut tx, &current, &input, now).await?;
    // The resource's rules hold for a change as for a request.
    for (_, range) in &targets {
        let ask = Ask {
            range: *range,
            quantity: valid.quantity,
        };
        fit::check_rules(
            &resource.content.rules,
            zone,
            Instant::from_unix_ms(now),
            ask,
        )
        .map_err(|m| api::validation(misfit_error(m)))?;
    }
    let mut all_requested = true;
    for (id, _) in &targets {
        let stored = repo::find_booking(&mut *tx, id, Instant::from_unix_ms(now))
            .await?
            .map(|r| r.stored_status);
        all_requested &= stored == Some(BookingStatus::Requested);
    }
    let at_once = all_requested || !resource.content.rules.approval_required;
    let actor = (who.user.id.as_str(), b.requester_org_id.as_str());
    let (notice, subject, body, outcome) = if at_once {
        if !all_requested {
            room_for_all(&mut tx, &resource, &targets, valid.quantity).await?;
        }
        apply(
            &mut tx,
            &resource,
            zone,
            &targets,
            valid.quantity,
            EventKind::Changed,
            actor,
            &note,
            now,
        )
        .await?;
        (
            NotificationKind::BookingChanged,
            Msg::EmailBookingChangedSubject,
            Msg::EmailBookingChangedBody,
            ChangeOutcome::Applied,
        )
    } else {
        changes::insert_change(
            &mut *tx,
            &changes::NewChange {
                id: &new_id(),
                booking_id: &booking_id,
                rest_of_series: targets.len() > 1 || input.rest_of_series.is_some(),
                input: &input,
                range: valid.range,
                quantity: valid.quantity,
                note: &note,
                requested_by: &who.user.id,
                now,
            },
        )
        .await?;
        api::record(
            &mut tx,
            &booking_id,
            EventKind::ChangeRequested,
            actor.0,
            actor.1,
            &note,
            now,
        )
        .await?;
        (
            NotificationKind::BookingChangeRequested,
            Msg::EmailBookingChangeRequestedSubject,
            Msg::EmailBookingChangeRequestedBody,
            ChangeOutcome::Pending,
        )
    };
    let mut events = Vec::new();
    api::tell_org(
        &mut tx,
        notice,
        &b.owner_org_id,
        &booking_id,
        &b.resource_id,
        now,
        &mut events,
    )
    .await?;
    let mail = BookingMail {
        base_url: &state.config.base_url,
        subject,
        body,
        booking: &current.summary,
        other_org: &b.requester_org_name,
        reason: &note,
        dates: targets.len(),
        change: Some((valid.range, valid.quantity)),
    };
    api::email_admins(&mut tx, &b.owner_org_id, &mail, false).await?;
    events.push(super::board::board_event(
        [b.resource_id.as_str()],
        &b.owner_org_id,
        &b.requester_org_id,
    ));
    state.commit(tx, events).await?;
    Ok(outcome)
}

/// The owner's answer to a pending change (its admins): accepted, the booking (and, for a
/// series, its later dates) moves if it still fits; refused, with a reason, it stays.
#[server(prefix = "/api", endpoint = "answer_change")]
pub async fn answer_change(
    booking_id: String,
    accept: bool,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let (row, who, owner_role, _) = api::readable(&booking_id).await?;
    if owner_role != Some(Role::Admin) {
        return Err(AppError::forbidden());
    }
    let reason = bounded_text(&reason, TEXT_MAX, Msg::ErrorTextTooLong)
        .map_err(|m| AppError::validation("reason", m))?;
    if !accept && reason.is_empty() {
        return Err(AppError::validation("reason", Msg::ErrorReasonRequired));
    }
    let state = app_state()?;
    let now = now_ms();
    let b = &row.summary;
    let mut tx = state.db.begin_write().await?;
    repo::lock_resource(&mut tx, &b.resource_id).await?;
    let change = changes::pending_change(&mut *tx, &booking_id)
        .await?
        .ok_or_else(|| AppError::conflict(Msg::ErrorNoPendingChange))?;
    let (current, open) = current_booking(&mut tx, &booking_id, now).await?;
    if accept && !open {
        return Err(AppError::conflict(Msg::ErrorBookingNotChangeable));
    }
    let quantity = u32::try_from(change.quantity).unwrap_or(1);
    let new_range = TimeRange::new(change.starts_at, change.ends_at).ok();
    let actor = (who.user.id.as_str(), b.owner_org_id.as_str());
    let (status, notice, subject, body, dates) = if accept {
        let resource = resources::find_resource(&mut *tx, &b.resource_id)
            .await?
            .ok_or_else(AppError::not_found)?;
        let targets = plan(&mut tx, &current, &change.input(), now).await?;
        room_for_all(&mut tx, &resource, &targets, quantity).await?;
        apply(
            &mut tx,
            &resource,
            b.zone,
            &targets,
            quantity,
            EventKind::ChangeAccepted,
            actor,
            &reason,
            now,
        )
        .await?;
        (
            "accepted",
            NotificationKind::BookingChangeAccepted,
            Msg::EmailBookingChangeAcceptedSubject,
            Msg::EmailBookingChangeAcceptedBody,
            targets.len(),
        )
    } else {
        api::record(
            &mut tx,
            &booking_id,
            EventKind::ChangeRefused,
            actor.0,
            actor.1,
            &reason,
            now,
        )
        .await?;
        (
            "refused",
            NotificationKind::BookingChangeRefused,
            Msg::EmailBookingChangeRefusedSubject,
            Msg::EmailBookingChangeRefusedBody,
            1,
        )
    };
    if !changes::close_change(&mut *tx, &change.id, status, &reason, &who.user.id, now).await? {
        return Err(AppError::conflict(Msg::ErrorNoPendingChange));
    }
    let mut events = Vec::new();
    api::tell_org(
        &mut tx,
        notice,
        &b.requester_org_id,
        &booking_id,
        &b.resource_id,
        now,
        &mut events,
    )
    .await?;
    if let Some(person) = change.requested_by.as_deref()
        && let Some(person) = accounts::find_user(&mut *tx, person).await?
    {
        let mail = BookingMail {
            base_url: &state.config.base_url,
            subject,
            body,
            booking: &current.summary,
            other_org: &b.owner_org_name,
            reason: &reason,
            dates,
            change: new_range.map(|r| (r, quantity)),
        };
        api::email_person(
            &mut tx,
            &person.email,
            &person.name,
            &person.locale,
            &mail,
            &[],
        )
        .await?;
    }
    events.push(super::board::board_event(
        [b.resource_id.as_str()],
        &b.owner_org_id,
        &b.requester_org_id,
    ));
    state.commit(tx, events).await?;
    Ok(())
}

/// Withdraws the pending change (the requesting organization's members).
#[server(prefix = "/api", endpoint = "withdraw_change")]
pub async fn withdraw_change(booking_id: String) -> Result<(), AppError> {
    let (row, who, _, requester_role) = api::readable(&booking_id).await?;
    if requester_role.is_none() {
        return Err(AppError::forbidden());
    }
    let state = app_state()?;
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    repo::lock_resource(&mut tx, &row.summary.resource_id).await?;
    let change = changes::pending_change(&mut *tx, &booking_id)
        .await?
        .ok_or_else(|| AppError::conflict(Msg::ErrorNoPendingChange))?;
    if !changes::close_change(&mut *tx, &change.id, "withdrawn", "", &who.user.id, now).await? {
        return Err(AppError::conflict(Msg::ErrorNoPendingChange));
    }
    api::record(
        &mut tx,
        &booking_id,
        EventKind::ChangeWithdrawn,
        &who.user.id,
        &row.summary.requester_org_id,
        "",
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
