//! Breach of the G 8.1.5 conditions, or substantial suspicion of one, and its investigation
//! (G 8.1.10).

use super::attributed::Attributed;
use super::ids::{RecordId, Time};
use super::marking::{Classification, Marking};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvestigationOutcome {
    /// Positive conclusions: sharing may resume after a re-assessment.
    Positive,
    /// Sharing stays halted.
    Negative,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Investigation {
    pub outcome: InvestigationOutcome,
    pub summary: String,
    /// Resumption terms, e.g. "lower level, case by case for 90 days".
    #[serde(default)]
    pub resumption_terms: String,
    /// Resumption "at a lower level" (G 8.1.10): the highest classification that may be
    /// shared with the entity while the terms hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resume_up_to: Option<Classification>,
    /// Resumption "on a case-by-case basis": each product needs its own Sharing Risk
    /// Assessment and decision (no pre-authorised entry stands in).
    #[serde(default)]
    pub case_by_case: bool,
    /// The end of the "initial period" the terms hold for; none: until a later investigation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms_until: Option<Time>,
}

impl Investigation {
    /// Whether the resumption terms restrict sharing at `now`.
    pub fn terms_hold(&self, now: Time) -> bool {
        self.outcome == InvestigationOutcome::Positive
            && (self.resume_up_to.is_some() || self.case_by_case)
            && self.terms_until.is_none_or(|until| now <= until)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BreachReport {
    pub entity: RecordId,
    /// The share whose conditions were breached, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<RecordId>,
    /// A substantial suspicion, not a confirmed breach.
    pub suspected: bool,
    pub description: String,
    pub marking: Marking,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Breach {
    pub id: RecordId,
    pub report: BreachReport,
    pub reported_by: String,
    pub reported_at: Time,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub investigation: Option<Attributed<Investigation>>,
}

impl Breach {
    pub fn is_open(&self) -> bool {
        self.investigation.is_none()
    }
}
