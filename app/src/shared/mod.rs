//! Value types several domains use: regions, bounded text, money, opening hours. Below every
//! domain: nothing here imports one.

pub mod form;
pub mod hours;
pub mod images;
pub mod money;
pub mod region;
pub mod text;

pub use region::Region;
