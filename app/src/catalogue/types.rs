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
    /// The form field at fault and the message key explaining it.
    pub field: Option<String>,
    pub error: Option<String>,
}
