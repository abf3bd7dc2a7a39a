//! Emails people can make Partage send, with their limits, and composing one in the
//! recipient's language.

use super::repo;
use crate::{
    db::{Db, Tx, new_id, now_ms},
    error::AppError,
    i18n::{Locale, Msg},
};

/// The emails a person can make Partage send, each with its limits: to one recipient, and
/// from one sender, within a window. They keep a stranger from filling someone's mailbox (and
/// Partage's sending reputation) through our forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmailKind {
    /// A link to confirm an address: 3 an hour to one address.
    Verification,
    /// A link to choose a new password: 3 an hour to one address.
    PasswordReset,
    /// An invitation to an organization: 3 a day to one address, whoever sends them, and 20 a
    /// day from one person.
    Invitation,
    /// « Someone tried to sign up with your address »: 3 an hour to one address.
    AccountExists,
}

impl EmailKind {
    fn key(self) -> &'static str {
        match self {
            Self::Verification => "verification",
            Self::PasswordReset => "password_reset",
            Self::Invitation => "invitation",
            Self::AccountExists => "account_exists",
        }
    }

    /// (most to one recipient, most from one sender, window in milliseconds).
    fn limits(self) -> (i64, i64, i64) {
        const HOUR: i64 = 3600 * 1000;
        match self {
            Self::Verification | Self::PasswordReset | Self::AccountExists => (3, 3, HOUR),
            Self::Invitation => (3, 20, 24 * HOUR),
        }
    }
}

/// Takes one of the emails `kind` allows to `recipient` (and from `sender_id`), or answers
/// `RateLimited`. Returns the write transaction holding the reservation: the caller writes the
/// link the email carries and [`queue`]s the email in it, then commits, so a refused or failed
/// request changes nothing. Requests for one recipient or one sender take turns (a write
/// transaction, and a lock per key on PostgreSQL), so simultaneous requests get exactly the limit.
pub async fn reserve_email(
    db: &Db,
    kind: EmailKind,
    recipient: &str,
    sender_id: Option<&str>,
) -> Result<Tx, AppError> {
    let (per_recipient, per_sender, window) = kind.limits();
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    db.lock_key(&mut tx, 1, recipient).await?;
    if let Some(sender) = sender_id {
        db.lock_key(&mut tx, 2, sender).await?;
    }
    let (to_recipient, from_sender) =
        repo::email_sends_since(&mut *tx, kind.key(), recipient, sender_id, now - window).await?;
    if to_recipient >= per_recipient || from_sender >= per_sender {
        drop(tx);
        return Err(AppError::rate_limited(
            u64::try_from(window / 1000).unwrap_or(3600),
        ));
    }
    let send = repo::EmailSend {
        id: &new_id(),
        kind: kind.key(),
        recipient,
        sender_id,
        at: now,
    };
    repo::insert_email_send(&mut *tx, &send).await?;
    Ok(tx)
}

/// A message ready to go, already in the recipient's language.
#[derive(Clone, Debug)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub body: String,
    /// The single-use links in the body (the arguments of `compose` whose name ends in
    /// `link`), and what stands in for them in a stored copy.
    links: Vec<String>,
    link_placeholder: String,
}

impl Email {
    /// Builds an email from a subject and a body message, filling `{placeholders}`.
    pub fn compose(
        to: &str,
        locale: Locale,
        subject: Msg,
        body: Msg,
        args: &[(&str, &str)],
    ) -> Email {
        let mut body = locale.tf(body, args);
        body.push_str("\n\n-- \n");
        body.push_str(locale.t(Msg::EmailSignature));
        Email {
            to: to.to_owned(),
            subject: locale.tf(subject, args),
            body,
            links: args
                .iter()
                .filter(|(name, _)| name.ends_with("link"))
                .map(|(_, link)| (*link).to_owned())
                .collect(),
            link_placeholder: locale.t(Msg::EmailLinkWithheld).to_owned(),
        }
    }

    /// Adds the line that stops notification emails (a signed link), in the recipient's
    /// language. The link stays in the kept copy: it only changes how often email comes.
    pub fn with_unsubscribe(mut self, locale: Locale, link: &str) -> Email {
        self.body.push('\n');
        self.body
            .push_str(&locale.tf(Msg::EmailUnsubscribe, &[("unsubscribe", link)]));
        self
    }

    /// The message with its single-use links replaced, to be kept.
    pub fn without_links(&self) -> Email {
        let mut kept = self.clone();
        for link in &self.links {
            kept.body = kept.body.replace(link.as_str(), &self.link_placeholder);
        }
        kept
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_copies_hold_no_live_link() {
        let link = "https://partage.example/reinitialiser?jeton=0123abcd";
        let email = Email::compose(
            "lea@exemple.org",
            Locale::Fr,
            Msg::EmailResetSubject,
            Msg::EmailResetBody,
            &[("name", "Léa"), ("link", link)],
        );
        assert!(email.body.contains(link));
        let kept = email.without_links();
        assert!(!kept.body.contains("0123abcd"), "{}", kept.body);
        assert!(kept.body.contains("Léa"));
    }
}
