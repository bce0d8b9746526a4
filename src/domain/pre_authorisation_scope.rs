//! What a pre-authorised list entry covers (G 8.1.8, G 9.10: "PKI products that are shared on a
//! regular basis", issue 9): the regular series, told by the reference its products carry, the
//! natures, and the highest classification (kept in the entry's terms). A share or receipt
//! uses the entry only when it is of that series, nature and level; otherwise the per-product
//! Sharing Risk Assessment or Intelligence Receipt Scan applies.
//!
//! Entries recorded before entries named their scope decode with no scope: they are read as
//! covering nothing new until a review states what they cover (the review checklist below).
//! The periodic review records what the reviewer confirmed, not one key press.

use super::marking::Classification;
use super::nature::Nature;
use serde::{Deserialize, Serialize};

/// The regular series an entry covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    /// The reference every product of the series begins with (e.g. "JMAC/WSR/"): how the
    /// registry tells a product of the series (compared without regard to case).
    pub reference_prefix: String,
    /// The natures of product covered (at least one).
    pub natures: Vec<Nature>,
}

impl Scope {
    /// Why a product of `reference` and `nature` is not of this series, if it is not.
    pub fn excludes(&self, reference: &str, nature: Nature) -> Option<String> {
        let prefix = self.reference_prefix.trim().to_lowercase();
        if !reference.trim().to_lowercase().starts_with(&prefix) {
            return Some(format!(
                "its reference {} does not begin with the series' {}",
                reference.trim(),
                self.reference_prefix.trim()
            ));
        }
        if !self.natures.contains(&nature) {
            return Some(format!(
                "it is {nature}; the entry covers {}",
                self.natures_read()
            ));
        }
        None
    }

    pub fn natures_read(&self) -> String {
        self.natures
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" and ")
    }

    /// What is missing for the scope to name a series, if anything.
    pub fn incomplete(&self) -> Option<&'static str> {
        if self.reference_prefix.trim().is_empty() {
            Some("the reference the series' products begin with")
        } else if self.natures.is_empty() {
            Some("the nature of the products covered")
        } else {
            None
        }
    }
}

/// The periodic review of an entry (G 8.1.8, G 9.10): what the reviewer confirmed, item by
/// item, what they found, and the scope as it stands from now on (restated, or stated for
/// the first time for an entry from before scopes were named).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreAuthorisationReview {
    /// The products shared or received under the entry since it was given or last reviewed
    /// were of its series, nature and level.
    pub products_within_scope: bool,
    /// The products are still exchanged on a regular basis: the entry is still needed.
    pub still_regular: bool,
    /// No breach, incident or concern about the entity's handling was learned of that the
    /// registry does not show.
    pub no_unrecorded_concern: bool,
    /// The entity's assessment was read and still supports the entry.
    pub assessment_read: bool,
    /// What the review found, in words.
    pub finding: String,
    pub scope: Scope,
    /// The highest classification covered from now on.
    pub max_classification: Classification,
}

impl PreAuthorisationReview {
    /// The items of the checklist: (what was confirmed, confirmed?).
    pub fn checklist(&self) -> [(&'static str, bool); 4] {
        [
            (CHECKS[0], self.products_within_scope),
            (CHECKS[1], self.still_regular),
            (CHECKS[2], self.no_unrecorded_concern),
            (CHECKS[3], self.assessment_read),
        ]
    }
}

/// The checklist's items, as the form asks them.
pub const CHECKS: [&str; 4] = [
    "the products exchanged under the entry were of its series, nature and level",
    "the products are still exchanged on a regular basis",
    "no breach, incident or concern was learned of that the registry does not show",
    "the entity's assessment was read and still supports the entry",
];
