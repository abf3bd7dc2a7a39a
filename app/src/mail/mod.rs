//! Outgoing email. An email is a row in the outbox, written in the transaction of the change
//! that causes it ([`outbox::queue`]); a worker in the server delivers it over SMTP when
//! `SMTP_URL` is set. Without SMTP the outbox is the destination: platform admins read it in
//! the app. Emails people can make Partage send are limited ([`reserve_email`]).

pub mod types;

#[cfg(feature = "ssr")]
pub mod outbox;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
mod send;
#[cfg(feature = "ssr")]
pub mod unsubscribe;

#[cfg(feature = "ssr")]
pub use {
    outbox::{Mailer, Outbox, queue},
    send::{Email, EmailKind, reserve_email},
};
