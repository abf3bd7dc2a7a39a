//! Delivery: a worker inside the server takes due emails from the outbox and hands them to the
//! relay (or, without one, leaves them in the in-app outbox), with retries and backoff.
//!
//! Emails reach the outbox only through [`queue`], inside the transaction of the change that
//! causes them: a change that rolls back tells nobody. Every process runs one worker; they take
//! rows under a lease (and `FOR UPDATE SKIP LOCKED` on PostgreSQL), so each email goes once
//! even with several processes on one database. A process killed holding a lease lets its rows
//! go when the lease ends; one killed before its worker ran leaves them due for the next start.

use std::{sync::Arc, time::Duration};

use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Mailbox, header::ContentType},
};
use tokio::sync::Notify;

use super::{Email, repo};
use crate::db::{Backend, Db, Tx, new_id, now_ms};

/// How emails leave: a relay, or (a demo without one) the in-app outbox itself.
#[derive(Clone)]
pub enum Mailer {
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
    },
    Outbox,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mailer::Smtp { from, .. } => write!(f, "Mailer::Smtp(from {from})"),
            Mailer::Outbox => f.write_str("Mailer::Outbox"),
        }
    }
}

impl Mailer {
    /// SMTP from a URL such as `smtp://user:pass@relay:587?tls=required` or
    /// `smtp://127.0.0.1:2525` (plain, for a local sink).
    pub fn smtp(url: &str, from: &str) -> Result<Mailer, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("SMTP_URL: {e}"))?
            .timeout(Some(Duration::from_secs(30)))
            .build();
        let from = from
            .parse::<Mailbox>()
            .map_err(|e| format!("PARTAGE_MAIL_FROM: {e}"))?;
        Ok(Mailer::Smtp { transport, from })
    }

    fn name(&self) -> &'static str {
        match self {
            Mailer::Smtp { .. } => "smtp",
            Mailer::Outbox => "outbox",
        }
    }
}

/// Writes `email` to the outbox inside `tx`. It leaves when `tx` commits, never before.
pub async fn queue(tx: &mut Tx, email: &Email) -> Result<(), sqlx::Error> {
    repo::insert(&mut **tx, &new_id(), email, now_ms()).await?;
    tracing::info!(to = %email.to, subject = %email.subject, "email queued");
    Ok(())
}

/// This process's way to tell its worker that a transaction just queued something, so it goes
/// at once rather than at the next poll.
#[derive(Clone, Debug, Default)]
pub struct Outbox {
    wake: Arc<Notify>,
}

impl Outbox {
    /// Commits `tx` (which queued emails or other side effects), then wakes the worker.
    pub async fn commit(&self, tx: Tx) -> Result<(), sqlx::Error> {
        tx.commit().await?;
        self.wake.notify_one();
        Ok(())
    }

    /// Wakes the worker (after a commit that queued emails).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Delivers due emails until the process ends: at once when woken, else every `poll`
    /// (rows other processes queued, retries coming due).
    pub async fn run_worker(self, db: Db, mailer: Mailer, poll: Duration) {
        loop {
            match deliver_due(&db, &mailer).await {
                // A full batch: there may be more.
                Ok(n) if n >= BATCH as usize => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "outbox: could not take due emails"),
            }
            let _ = tokio::time::timeout(poll, self.wake.notified()).await;
        }
    }
}

const BATCH: i64 = 20;
/// Longer than any one SMTP exchange (its timeout is 30 s).
const LEASE_MS: i64 = 120_000;
/// After this many failed attempts (about a day of backoff), an email is given up.
const MAX_ATTEMPTS: i64 = 12;

/// The wait before attempt `attempts + 1`: 1 s, 2 s, 4 s … up to an hour.
pub fn backoff_ms(attempts: i64) -> i64 {
    let exponent = u32::try_from(attempts.clamp(1, 13) - 1).unwrap_or(0);
    (1000_i64 << exponent).min(3_600_000)
}

/// Takes one batch of due emails and delivers them. Returns how many it took.
pub async fn deliver_due(db: &Db, mailer: &Mailer) -> Result<usize, sqlx::Error> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let due = repo::claim_due(
        &mut *tx,
        db.backend() == Backend::Postgres,
        now,
        now + LEASE_MS,
        BATCH,
    )
    .await?;
    tx.commit().await?;
    let taken = due.len();
    for email in due {
        let outcome = match mailer {
            Mailer::Smtp { transport, from } => send(transport, from.clone(), &email).await,
            Mailer::Outbox => Ok(()),
        };
        let now = now_ms();
        let recorded = match outcome {
            Ok(()) => {
                // With a relay, the kept copy holds no live link: neither a platform admin nor
                // a copy of the database can use one. A demo outbox is where links are read.
                let kept = match mailer {
                    Mailer::Smtp { .. } => email.kept_body.as_deref(),
                    Mailer::Outbox => None,
                };
                repo::mark_sent(db.pool(), &email.id, mailer.name(), kept, now).await
            }
            Err(error) => {
                let retry_at =
                    (email.attempts < MAX_ATTEMPTS).then(|| now + backoff_ms(email.attempts));
                tracing::warn!(to = %email.to_email, %error, attempts = email.attempts, "SMTP delivery failed");
                repo::mark_failed(db.pool(), &email.id, &error, retry_at, now).await
            }
        };
        if let Err(e) = recorded {
            // The lease ends and the email is tried again: at worst sent twice, never lost.
            tracing::warn!(error = %e, "outbox: could not record a delivery");
        }
    }
    Ok(taken)
}

async fn send(
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    email: &repo::Due,
) -> Result<(), String> {
    let to = email
        .to_email
        .parse::<Mailbox>()
        .map_err(|e| e.to_string())?;
    let message = Message::builder()
        .from(from)
        .to(to)
        .subject(email.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(email.body.clone())
        .map_err(|e| e.to_string())?;
    transport
        .send(message)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::backoff_ms;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        assert_eq!(backoff_ms(1), 1000);
        assert_eq!(backoff_ms(2), 2000);
        assert_eq!(backoff_ms(5), 16_000);
        assert_eq!(backoff_ms(12), 2_048_000);
        assert_eq!(backoff_ms(40), 3_600_000);
    }
}
