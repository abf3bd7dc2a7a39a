//! Matches between needs and resources, with their reasons, as the browser sees them.

use serde::{Deserialize, Serialize};

use crate::{
    catalogue::{
        needs::types::{Need, QuantityUnit},
        resources::types::ResourceSummary,
    },
    shared::Region,
};

/// Why a resource fits a need, in words the page translates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MatchReason {
    SameRegion,
    /// In a region next to one of the need's, which the need welcomes.
    NeighbourRegion {
        region: Region,
    },
    Refrigerated,
    EnoughCapacity {
        quantity: u32,
        unit: QuantityUnit,
    },
    OpenDuring {
        weekday: u8,
        from: u16,
        to: u16,
    },
    Free,
    VerifiedOwner,
}

/// A resource that fits a need, with its score (higher is better) and reasons.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourceMatch {
    pub resource: ResourceSummary,
    pub score: u32,
    pub reasons: Vec<MatchReason>,
}

/// An open need that one of the reader's resources could serve.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NeedMatch {
    pub need: Need,
    pub resource_id: String,
    pub resource_title: String,
    pub score: u32,
    pub reasons: Vec<MatchReason>,
}
