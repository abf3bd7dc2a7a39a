//! Bookings: an organization asks for a time on another's resource, the owner answers, and
//! both rely on the answer. `fit` holds the rules every write checks (pure, so the browser
//! previews with the same code), `series` places weekly occurrences on the owner's wall clock,
//! `api` writes under the resource's lock, `repo` holds the SQL.

pub mod api;
pub mod board;
pub mod calendar;
pub mod changes;
pub mod fit;
pub mod links;
pub mod partners;
pub mod series;
pub mod types;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod reminders;
#[cfg(feature = "ssr")]
pub mod repo;
