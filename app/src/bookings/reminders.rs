//! The reminder a day before a booking starts: sent by the server itself (no cron to set up),
//! exactly once however many server processes share the database. Each process looks every
//! minute; a booking is claimed by one conditional update (`reminded_at IS NULL`), in the
//! transaction that queues its email, so a process that dies midway leaves it to the next
//! look and two processes at the same minute cannot both claim it.

use std::time::Duration;

use super::{
    api::{BookingMail, email_person},
    repo,
};
use crate::{
    db::{Db, new_id},
    i18n::Msg,
    mail::Outbox,
    notifications::{repo as notices, types::NotificationKind},
    organizations::{repo as organizations, types::Role},
    time::Instant,
    ui::links::Link,
};

/// A booking is reminded of this long before it starts.
pub const AHEAD_MS: i64 = 24 * 3600 * 1000;
/// At most this many bookings claimed per look.
const BATCH: i64 = 100;

/// Sends the reminders due at `now`; answers how many bookings were reminded.
pub async fn send_due(
    db: &Db,
    outbox: &Outbox,
    base_url: &str,
    now: Instant,
) -> Result<usize, crate::error::AppError> {
    let mut tx = db.begin_write().await?;
    let ids = repo::claim_reminders(&mut tx, now, AHEAD_MS, BATCH).await?;
    for id in &ids {
        let Some(row) = repo::find_booking(&mut *tx, id, now).await? else {
            continue;
        };
        let b = &row.summary;
        notices::insert(
            &mut *tx,
            &notices::NewNotification {
                id: &new_id(),
                kind: NotificationKind::BookingReminder,
                org_id: Some(&b.requester_org_id),
                user_id: None,
                subject_id: id,
                related_id: Some(&b.resource_id),
                link: &Link::Booking(id).href(),
                payload: "{}",
                once_key: Some(&format!("reminder:{id}")),
                now: now.unix_ms(),
            },
        )
        .await?;
        // The person who asked; without one (their account is gone), the requesting
        // organization's admins.
        let mut people = Vec::new();
        if let Some(user) = row.requested_by.as_deref()
            && let Some(person) = crate::accounts::repo::find_user(&mut *tx, user).await?
        {
            people.push((person.email, person.name, person.locale));
        }
        if people.is_empty() {
            for c in
                organizations::contacts_of(&mut *tx, &b.requester_org_id, Some(Role::Admin)).await?
            {
                people.push((c.email, c.name, c.locale));
            }
        }
        let ics = format!("{base_url}{}/calendrier.ics", Link::Booking(id).href());
        let mail = BookingMail {
            base_url,
            subject: Msg::EmailBookingReminderSubject,
            body: Msg::EmailBookingReminderBody,
            booking: b,
            other_org: &b.owner_org_name,
            reason: "",
            dates: 1,
            change: None,
        };
        for (email, name, locale) in people {
            email_person(&mut tx, &email, &name, &locale, &mail, &[("ics", &ics)]).await?;
        }
    }
    outbox.commit(tx).await?;
    Ok(ids.len())
}

/// Looks for due reminders every `poll` until the process ends.
pub async fn run(db: Db, outbox: Outbox, base_url: String, poll: Duration) {
    loop {
        match send_due(&db, &outbox, &base_url, Instant::now()).await {
            Ok(n) if n as i64 >= BATCH => continue,
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "reminders: could not send"),
        }
        tokio::time::sleep(poll).await;
    }
}
