//! Organizations and the people who act for them: profiles, memberships, roles, invitations.

pub mod api;
pub mod types;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod access;
#[cfg(feature = "ssr")]
pub mod repo;
