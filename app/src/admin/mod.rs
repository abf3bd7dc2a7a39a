//! Platform administration: verifying organizations and reading the email outbox.

pub mod api;
pub mod types;
pub mod ui;
