//! Pre-authorised list entries for regular sharing (G 8.1.8) and receipt (G 9.10).

use super::ids::{RecordId, Time};
use super::marking::{Classification, Marking};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Sharing,
    Receipt,
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Direction::Sharing => "regular sharing",
            Direction::Receipt => "regular receipt",
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreAuthorisationTerms {
    pub entity: RecordId,
    pub direction: Direction,
    /// Which regular products the entry covers.
    pub products: String,
    /// The highest classification the entry covers.
    pub max_classification: Classification,
    pub marking: Marking,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreAuthorisation {
    pub id: RecordId,
    pub terms: PreAuthorisationTerms,
    pub authorised_by: String,
    pub authorised_at: Time,
    pub review_due: Time,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked: Option<super::entity::Confirmation>,
}

impl PreAuthorisation {
    /// G 8.1.8 / G 9.10: an entry is usable only until its review date, and not once revoked.
    pub fn is_valid(&self, now: Time) -> bool {
        self.revoked.is_none() && now <= self.review_due
    }

    pub fn covers(&self, classification: Classification) -> bool {
        classification <= self.terms.max_classification
    }
}
