//! Partage: community organizations share kitchens, cold rooms, trucks and time.
//! This crate holds the shared types, the server functions and the pages, by domain.

#![recursion_limit = "512"]

pub mod accounts;
pub mod admin;
pub mod bookings;
pub mod catalogue;
pub mod cookies;
pub mod error;
pub mod home;
pub mod i18n;
pub mod inbox;
pub mod layout;
pub mod live;
pub mod mail;
pub mod notifications;
pub mod organizations;
pub mod routes;
pub mod session;
pub mod shared;
pub mod time;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod files;
#[cfg(feature = "ssr")]
pub mod state;

pub use layout::{App, shell};
