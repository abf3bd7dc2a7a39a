//! The needs board: what organizations seek, where and when.

pub mod api;
pub mod types;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod repo;
