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
    /// The series and natures covered (issue 9). `None` in entries recorded before entries
    /// named their scope: such an entry covers nothing until a review states its scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<super::pre_authorisation_scope::Scope>,
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
    /// The entity's assessment (for the entry's direction) in force when the entry was given:
    /// what it stands on. `None` in records derived before it was kept (read as the entity's
    /// assessment in force now).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stood_on: Option<RecordId>,
    /// Periodic reviews, in order: what each reviewer confirmed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reviews:
        Vec<super::attributed::Attributed<super::pre_authorisation_scope::PreAuthorisationReview>>,
}

impl PreAuthorisation {
    /// G 8.1.8 / G 9.10: an entry is usable only until its review date, and not once revoked.
    pub fn is_valid(&self, now: Time) -> bool {
        self.revoked.is_none() && now <= self.review_due
    }

    pub fn covers(&self, classification: Classification) -> bool {
        classification <= self.terms.max_classification
    }

    /// Why a product of `reference`, `nature` and `classification` is outside what the entry
    /// covers, if it is (G 8.1.8, G 9.10): not of its series or nature, above its level, or
    /// the entry names no scope yet (recorded before scopes were named: covers nothing new
    /// until reviewed).
    pub fn outside_scope(
        &self,
        reference: &str,
        nature: super::nature::Nature,
        classification: Classification,
    ) -> Option<String> {
        let Some(scope) = &self.terms.scope else {
            return Some(format!(
                "{} names no series or nature (recorded before entries named their scope): it covers no product until its review states what it covers",
                self.id
            ));
        };
        if let Some(why) = scope.excludes(reference, nature) {
            return Some(format!(
                "{} covers the series {} ({}): {why}",
                self.id,
                self.terms.products.trim(),
                scope.reference_prefix.trim()
            ));
        }
        if !self.covers(classification) {
            return Some(format!(
                "{} covers up to {}, not {classification}",
                self.id, self.terms.max_classification
            ));
        }
        None
    }
}
