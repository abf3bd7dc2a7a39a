//! Notifications: what an organization or a person should hear of (a match today; booking
//! events and messages next). Every domain writes them through [`repo::insert`] in the
//! transaction of the change that causes them; a notification is read only when someone opens
//! it or marks it, never because a page listed it.

pub mod api;
pub mod types;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod repo;
