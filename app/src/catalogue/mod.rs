//! What organizations share and seek: resources by category with their facts, the public
//! catalogue and its search, the needs board, and matching (arrimage) between the two.

pub mod api;
pub mod import;
pub mod matching;
pub mod photos;
pub mod search;
pub mod types;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod match_notices;
#[cfg(feature = "ssr")]
pub mod repo;
