//! What organizations share and seek, by domain: `resources` (the catalogue, its search and
//! editor), `needs` (the board), `photos`, and `matching` (arrimage) between the two. What spans
//! them lives here: an organization's own catalogue page, CSV import, search text.

pub mod api;
pub mod import;
pub mod matching;
pub mod needs;
pub mod photos;
pub mod resources;
pub mod search;
pub mod types;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod filter;
