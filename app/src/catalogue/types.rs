//! What spans the catalogue's domains: an organization's own catalogue page, and the report of
//! a CSV import.

use serde::{Deserialize, Serialize};

use super::{matching::types::NeedMatch, needs::types::Need, resources::types::ResourceSummary};

/// An organization's own catalogue page: everything it shares and seeks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgCatalogue {
    pub org_id: String,
    pub is_admin: bool,
    pub resources: Vec<ResourceSummary>,
    pub needs: Vec<Need>,
    pub matching_needs: Vec<NeedMatch>,
}

/// What a CSV import did: every row with its line and, when refused, why. A file with any
/// refused row imports nothing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    pub imported: u32,
    pub rows: Vec<ImportRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportRow {
    pub line: u32,
    pub title: String,
    /// Every problem of the row, in the file's column order; empty when the row is good.
    pub problems: Vec<ImportProblem>,
}

/// One cell at fault: its column as the file names it, why, what it held, and what it takes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportProblem {
    /// The column's name in the file's header (« capacite »), never a field of the code.
    pub column: String,
    /// The key of the message explaining it.
    pub error: String,
    /// What the cell held (its first 80 characters); empty when it was empty.
    pub value: String,
    pub accepted: Option<Accepted>,
}

/// A column that takes one of a list, which the page names in the reader's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Accepted {
    Categories,
    Regions,
    PriceUnits,
}
