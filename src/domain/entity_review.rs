//! What the mission records about its relationship with an entity besides its assessments:
//! the Head of Mission's formal communication that the UN will not receive intelligence
//! obtained under torture or other grave violations (G 9.9), and the periodic revision of the
//! entity — the pattern found over a period and the action decided (G 9.13, G C "Registers" d).

use super::entity::Entity;
use super::ids::Time;
use serde::{Deserialize, Serialize};
use std::fmt;

/// G 9.9: the HoM formally communicated to the entity that the United Nations will not
/// receive intelligence obtained under torture or by way of other grave violations. Who
/// communicated (the Head of Mission) and when it was recorded come from the event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TortureRefusalCommunication {
    /// When it was communicated, as stated.
    pub communicated_at: Time,
    /// How: a letter and its reference, a meeting and with whom.
    pub how: String,
}

/// The action a periodic revision decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RevisionAction {
    /// Nothing found that changes the relationship.
    Continue,
    /// Its products are received with added caution: flagged on dissemination (G 9.12).
    Caution,
    /// A new Entity Assessment is to be made before the next review date.
    Reassess,
    /// Its assessments are to be suspended (G 8.1.2.3, recorded as its own event).
    Suspend,
}

impl RevisionAction {
    pub const ALL: [RevisionAction; 4] = [
        RevisionAction::Continue,
        RevisionAction::Caution,
        RevisionAction::Reassess,
        RevisionAction::Suspend,
    ];

    pub fn key(self) -> &'static str {
        match self {
            RevisionAction::Continue => "continue",
            RevisionAction::Caution => "caution",
            RevisionAction::Reassess => "reassess",
            RevisionAction::Suspend => "suspend",
        }
    }

    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.key() == s)
    }
}

impl fmt::Display for RevisionAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RevisionAction::Continue => "continue as assessed",
            RevisionAction::Caution => "receive with added caution (flag its products, G 9.12)",
            RevisionAction::Reassess => "make a new Entity Assessment",
            RevisionAction::Suspend => "suspend its assessments (G 8.1.2.3)",
        })
    }
}

/// The periodic revision of an entity over a period (G 9.13, G C "Registers" d): what pattern
/// was found — doubtful intelligence, red flags, breaches — and the action decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionFinding {
    pub from: Time,
    pub to: Time,
    /// The pattern found (or that none was).
    pub finding: String,
    pub action: RevisionAction,
    /// What is to be done, by whom, by when.
    pub action_details: String,
}

/// G 9.9: the entity is a non-UN counterpart the mission receives from (an Entity Assessment
/// for Receipt in force or in progress) and the HoM's communication is not recorded.
pub fn torture_refusal_missing(e: &Entity) -> bool {
    e.merged_into.is_none()
        && e.kind().is_non_un()
        && (e.receipt_assessment.is_some() || e.receipt_assessment_in_progress.is_some())
        && e.monitoring.torture_refusal.is_empty()
}
