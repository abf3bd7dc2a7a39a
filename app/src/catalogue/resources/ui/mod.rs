//! Resource pages: the catalogue's search, a resource's page, and its editor.

pub mod browse;
pub mod editor;
pub mod page;
