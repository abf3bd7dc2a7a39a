//! People: sign up, sign in and out, sessions, email verification, password reset, language.

pub mod api;
pub mod types;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod repo;
