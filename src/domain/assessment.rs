//! The entity assessment, one type for both directions: for sharing (G 8.1.2, Annex A) and
//! for receipt (G 9.5, Annex D). Each direction brings its own part 1 (the overview) and part
//! 2 (the human rights assessment or scan), the paragraph its review falls under, and where
//! the entity keeps it; what the two share — who wrote part 1, completion, the review date,
//! supersession by a newer assessment — is written once here. The guards stay per paragraph
//! (`guards::assessments`). The records and events keep the form they always had: old logs
//! decode as before.

use super::attributed::Attributed;
use super::entity::Entity;
use super::ids::{RecordId, Time};
use super::marking::Marking;
use super::record::Record;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fmt::Debug;

/// Which way an assessment looks: sharing with the entity, or receiving from it.
pub trait AssessmentDirection: Clone + Debug + PartialEq + Eq + 'static {
    /// Part 1: the overview of the entity.
    type Overview: Clone + Debug + PartialEq + Eq + Serialize + DeserializeOwned;
    /// Part 2: the human rights part, by the Human Rights Component.
    type HumanRights: Clone + Debug + PartialEq + Eq + Serialize + DeserializeOwned;
    /// "Entity Assessment for Sharing" / "... for Receipt".
    const TITLE: &'static str;
    /// The record kind's key, as refusals of a wrong record name it.
    const RECORD_KEY: &'static str;
    /// The paragraph that keeps it current and makes a review a new assessment (G 8.1.2.3 /
    /// G 9.5.2).
    const REVIEW: &'static str;

    fn record(a: EntityAssessment<Self>) -> Record;
    /// The assessment a record is in this direction, or the record back.
    fn of_record(r: Record) -> Result<EntityAssessment<Self>, Box<Record>>;
    /// Where the entity keeps its assessment in this direction: (in force, in progress).
    fn slots(e: &mut Entity) -> (&mut Option<RecordId>, &mut Option<RecordId>);
    /// The same, read: [in force, in progress].
    fn kept(e: &Entity) -> [Option<&RecordId>; 2];
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct EntityAssessment<D: AssessmentDirection> {
    pub id: RecordId,
    pub entity: RecordId,
    pub marking: Marking,
    pub overview: Attributed<D::Overview>,
    /// Part 2; its time is when the assessment was completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub human_rights: Option<Attributed<D::HumanRights>>,
    /// Completion + the mission's review interval (G 8.1.2.3, G 9.5.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_due: Option<Time>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub superseded_by: Option<RecordId>,
}

impl<D: AssessmentDirection> EntityAssessment<D> {
    /// Part 1 written now; part 2 waits for the Human Rights Component.
    pub fn started(
        id: RecordId,
        entity: RecordId,
        marking: Marking,
        overview: Attributed<D::Overview>,
    ) -> Self {
        EntityAssessment {
            id,
            entity,
            marking,
            overview,
            human_rights: None,
            review_due: None,
            superseded_by: None,
        }
    }

    pub fn is_complete(&self) -> bool {
        self.human_rights.is_some()
    }

    /// G 8.1.2.3, G 9.5.2: complete, not superseded, and not past its review date.
    pub fn is_current(&self, now: Time) -> bool {
        self.is_complete()
            && self.superseded_by.is_none()
            && self.review_due.is_some_and(|due| now <= due)
    }
}
