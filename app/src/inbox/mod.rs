//! The inbox: conversations between two organizations about a resource, a need or a booking,
//! whose every member of either side reads and writes. Messages are numbered within their
//! conversation (no gap, no reordering), so a reader catches up from the last one it saw.

pub mod api;
pub mod live_client;
pub mod types;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod emails;
#[cfg(feature = "ssr")]
pub mod repo;
