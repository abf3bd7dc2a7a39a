//! Email that brings people back to the platform, sent by the server itself every minute
//! (no cron), exactly once however many processes share the database:
//!
//! - a message still unread a quarter of an hour after it was written is emailed to whoever
//!   handles the conversation on the receiving side (its assignee, else the organization's
//!   admins), at most once an hour per conversation and person, never twice for the same
//!   messages, and not to someone who read it meanwhile;
//! - people who chose one email a day get a digest each morning at 7 h (Montréal): the
//!   notifications still unread since the previous one, and how many conversations wait.
//!
//! Both follow each person's choice (`notifications::types::EmailFrequency`), speak their
//! language, and end with the signed link that stops them. The digest lives here rather than
//! with notifications because it also counts conversations (the inbox sits above them).

use std::time::Duration;

use super::repo::{self, emails as ledger};
use crate::{
    accounts::repo as accounts,
    db::{Db, Tx},
    error::AppError,
    i18n::{Locale, Msg},
    mail::{Email, Outbox, queue, unsubscribe},
    notifications::{repo as notices, types::EmailFrequency},
    organizations::{repo as organizations, types::Role},
    time::Instant,
    ui::links::Link,
};

/// How long a message waits unread before it is emailed.
pub const QUIET_MS: i64 = 15 * 60 * 1000;
/// At most one message email per conversation and person in this long.
pub const EVERY_MS: i64 = 3600 * 1000;
/// Messages older than this are not emailed about (the server was off, or the side never
/// reads): an email days late tells nothing useful.
const STALE_MS: i64 = 2 * 24 * 3600 * 1000;
/// The hour of the morning digest, Montréal time.
pub const DIGEST_HOUR: i8 = 7;
const BATCH: i64 = 100;
/// The longest excerpt of a message in an email, in characters.
const EXCERPT_CHARS: usize = 500;

/// A person to email, as the worker needs them.
struct Person {
    id: String,
    email: String,
    name: String,
    locale: Locale,
}

/// Emails the messages that waited long enough; answers how many emails were queued.
pub async fn send_message_emails(
    db: &Db,
    outbox: &Outbox,
    base_url: &str,
    now: Instant,
) -> Result<usize, AppError> {
    let now = now.unix_ms();
    let sides = ledger::unread_sides(db.pool(), now - STALE_MS, now - QUIET_MS, BATCH).await?;
    let key = unsubscribe::key(&mut *db.pool().acquire().await?).await?;
    let mut sent = 0;
    for side in sides {
        let mut tx = db.begin_write().await?;
        for person in handlers(&mut tx, &side.org_id, side.assignee_id.as_deref()).await? {
            if notices::frequency(&mut *tx, &person.id).await? != EmailFrequency::Each {
                continue;
            }
            let read = ledger::read_seq_of(&mut *tx, &side.conversation_id, &person.id).await?;
            if read >= side.last_seq
                || !ledger::claim_message_email(
                    &mut *tx,
                    &side.conversation_id,
                    &person.id,
                    side.last_seq,
                    now,
                    now - EVERY_MS,
                )
                .await?
            {
                continue;
            }
            let email = message_email(&mut tx, &side, &person, base_url, &key).await?;
            if let Some(email) = email {
                queue(&mut tx, &email).await?;
                sent += 1;
            }
        }
        outbox.commit(tx).await?;
    }
    Ok(sent)
}

/// Who handles a conversation for `org_id`: its assignee while a member, else its admins.
async fn handlers(
    tx: &mut Tx,
    org_id: &str,
    assignee: Option<&str>,
) -> Result<Vec<Person>, sqlx::Error> {
    if let Some(user) = assignee
        && organizations::role_of(&mut **tx, org_id, user)
            .await?
            .is_some()
        && let Some(u) = accounts::find_user(&mut **tx, user).await?
    {
        return Ok(vec![Person {
            id: u.id,
            email: u.email,
            name: u.name,
            locale: Locale::parse(&u.locale).unwrap_or_default(),
        }]);
    }
    Ok(
        organizations::contacts_of(&mut **tx, org_id, Some(Role::Admin))
            .await?
            .into_iter()
            .map(|c| Person {
                id: c.user_id,
                email: c.email,
                name: c.name,
                locale: Locale::parse(&c.locale).unwrap_or_default(),
            })
            .collect(),
    )
}

/// The email telling `person` of the side's unread messages: who wrote, about what, the last
/// message's words, and the way back to the thread.
async fn message_email(
    tx: &mut Tx,
    side: &ledger::UnreadSide,
    person: &Person,
    base_url: &str,
    key: &str,
) -> Result<Option<Email>, AppError> {
    let messages =
        repo::messages_after(&mut **tx, &side.conversation_id, side.first_seq - 1, 50).await?;
    let Some(last) = messages
        .iter()
        .rev()
        .find(|m| m.org_id.as_deref() != Some(side.org_id.as_str()) && !m.deleted)
    else {
        return Ok(None);
    };
    let Some(writer_org) = last.org_id.as_deref() else {
        return Ok(None);
    };
    let org = organizations::find_organization(&mut **tx, writer_org)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let subject = repo::header(&mut **tx, &side.conversation_id)
        .await?
        .map(|(s, _)| s.title)
        .unwrap_or_default();
    let excerpt = excerpt(&last.body);
    let count = messages
        .iter()
        .filter(|m| m.org_id.as_deref() != Some(side.org_id.as_str()) && !m.deleted)
        .count();
    let locale = person.locale;
    let link = format!(
        "{base_url}{}",
        Link::Conversation(&side.conversation_id).href()
    );
    let email = Email::compose(
        &person.email,
        locale,
        Msg::EmailMessageSubject,
        Msg::EmailMessageBody,
        &[
            ("name", &person.name),
            ("org", &org),
            ("author", last.author.as_deref().unwrap_or_default()),
            ("subject", &subject),
            ("message", &excerpt),
            ("count", &count.to_string()),
            ("url", &link),
        ],
    )
    .with_unsubscribe(locale, &unsubscribe::link(base_url, key, &person.id));
    Ok(Some(email))
}

/// A message's words for an email: whole up to [`EXCERPT_CHARS`], else cut at a word with
/// an ellipsis.
fn excerpt(body: &str) -> String {
    if body.chars().count() <= EXCERPT_CHARS {
        return body.to_owned();
    }
    let cut: String = body.chars().take(EXCERPT_CHARS).collect();
    let at = cut.rfind(char::is_whitespace).unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end())
}

/// The start of the digest period `now` falls in: this morning at [`DIGEST_HOUR`], or
/// yesterday's before that hour.
pub fn digest_cutoff(now: Instant) -> Instant {
    let zone = crate::time::Zone::Montreal;
    let hour = jiff::civil::time(DIGEST_HOUR, 0, 0, 0);
    let today = zone.date(now);
    let this_morning = zone.instant(today, hour);
    if now >= this_morning {
        this_morning
    } else {
        crate::time::add_days(today, -1)
            .map(|yesterday| zone.instant(yesterday, hour))
            .unwrap_or(this_morning)
    }
}

/// Sends the digests due at `now`; answers how many emails were queued.
pub async fn send_digests(
    db: &Db,
    outbox: &Outbox,
    base_url: &str,
    now: Instant,
) -> Result<usize, AppError> {
    let cutoff = digest_cutoff(now).unix_ms();
    let now = now.unix_ms();
    let due = notices::digests_due(db.pool(), cutoff, BATCH).await?;
    let key = unsubscribe::key(&mut *db.pool().acquire().await?).await?;
    let mut sent = 0;
    for user_id in due {
        let mut tx = db.begin_write().await?;
        let Some(previous) = notices::claim_digest(&mut tx, &user_id, cutoff, now).await? else {
            continue;
        };
        let Some(user) = accounts::find_user(&mut *tx, &user_id).await? else {
            continue;
        };
        let since = previous.unwrap_or(now - 24 * 3600 * 1000);
        let list = notices::unread_for_digest(&mut *tx, &user_id, since, 30).await?;
        let mut waiting = 0;
        for m in organizations::memberships_of(&mut *tx, &user_id).await? {
            waiting += repo::unread_conversations(&mut *tx, &m.org_id, &user_id).await?;
        }
        if !list.is_empty() || waiting > 0 {
            let locale = Locale::parse(&user.locale).unwrap_or_default();
            let mut lines = String::new();
            for n in &list {
                let related = n.related_title.clone().unwrap_or_default();
                lines.push_str(&format!(
                    "• {}\n  {base_url}{}\n",
                    locale.tf(
                        n.kind.msg(),
                        &[
                            ("need", &n.subject_title),
                            ("resource", &related),
                            ("org", &related)
                        ]
                    ),
                    n.link
                ));
            }
            if waiting > 0 {
                lines.push_str(&format!(
                    "• {}\n  {base_url}/messages\n",
                    locale.tf(
                        Msg::EmailDigestConversations,
                        &[("count", &waiting.to_string())]
                    )
                ));
            }
            let email = Email::compose(
                &user.email,
                locale,
                Msg::EmailDigestSubject,
                Msg::EmailDigestBody,
                &[
                    ("name", &user.name),
                    ("lines", lines.trim_end()),
                    ("url", &format!("{base_url}/notifications")),
                ],
            )
            .with_unsubscribe(locale, &unsubscribe::link(base_url, &key, &user_id));
            queue(&mut tx, &email).await?;
            sent += 1;
        }
        outbox.commit(tx).await?;
    }
    Ok(sent)
}

/// Looks every `poll` until the process ends.
pub async fn run(db: Db, outbox: Outbox, base_url: String, poll: Duration) {
    loop {
        let now = Instant::now();
        if let Err(e) = send_message_emails(&db, &outbox, &base_url, now).await {
            tracing::warn!(error = %e, "message emails: could not send");
        }
        if let Err(e) = send_digests(&db, &outbox, &base_url, now).await {
            tracing::warn!(error = %e, "digests: could not send");
        }
        tokio::time::sleep(poll).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_messages_are_cut_at_a_word() {
        assert_eq!(excerpt("Bonjour"), "Bonjour");
        let long = "mot ".repeat(200);
        let cut = excerpt(&long);
        assert!(cut.ends_with("mot…"), "{cut}");
        assert!(cut.chars().count() <= EXCERPT_CHARS + 1);
    }

    #[test]
    fn the_digest_period_starts_at_seven_in_montreal() {
        let zone = crate::time::Zone::Montreal;
        let day = crate::time::parse_local_date("2026-11-30").expect("date");
        let at = |h: i8, m: i8| zone.instant(day, jiff::civil::time(h, m, 0, 0));
        assert_eq!(digest_cutoff(at(7, 0)), at(7, 0));
        assert_eq!(digest_cutoff(at(18, 30)), at(7, 0));
        let yesterday = crate::time::parse_local_date("2026-11-29").expect("date");
        assert_eq!(
            digest_cutoff(at(6, 59)),
            zone.instant(yesterday, jiff::civil::time(7, 0, 0, 0))
        );
    }
}
