//! Resources: what organizations share, by category with their facts; their search, pages,
//! editor and CSV import.

pub mod api;
pub mod form;
pub mod query;
pub mod types;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod repo;
