//! Entity Assessment for Sharing (G 8.1.2, Annex A): per entity, reused while current.

use super::answer::{Answer, AnswerType, Question};
use super::assessment::{AssessmentDirection, EntityAssessment};
use super::entity::Entity;
use super::ids::RecordId;
use super::record::Record;
use serde::{Deserialize, Serialize};

/// Part 1: overview of relevant information on the entity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharingOverview {
    /// What is the entity's mandate?
    pub mandate: String,
    /// Is the entity's mandate compatible with the mission's mandate?
    pub mandate_compatible: Answer,
    /// Scope of the entity assessed, so "originator control" is unambiguous (G 8.1.2).
    pub scope: String,
}

/// Annex A part 1's question answered yes, no or unknown (the mandate itself is in words).
pub const MANDATE_COMPATIBLE: Question = Question {
    key: "mandate_compatible",
    text: "Is the entity's mandate compatible with the mission's mandate?",
    kind: AnswerType::YesNo,
};

/// Which human-rights assessment part 2 is (G 8.1.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HumanRightsMethod {
    /// The HRDDP Risk Assessment: security forces and the civilian authorities over them.
    Hrddp,
    /// The HRDDP Risk Assessment adapted to a civilian entity, at the mission's judgment.
    AdaptedHrddp,
}

/// The conclusion of the human-rights part.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskConclusion {
    Acceptable,
    /// Acceptable once every mitigation measure is in place (G 8.1.2.2).
    AcceptableWithMitigation,
    NotAcceptable,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MitigationMeasure {
    pub text: String,
    /// Confirmed implemented by the receiving entity (G 8.1.2.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_place: Option<super::entity::Confirmation>,
}

/// Part 2: human-rights risk assessment, by the Human Rights Component (G 8.1.2.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HumanRightsRiskAssessment {
    pub method: HumanRightsMethod,
    pub findings: String,
    pub conclusion: RiskConclusion,
    #[serde(default)]
    pub mitigation_measures: Vec<MitigationMeasure>,
}

/// Annex A: the assessment of an entity the mission shares with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ForSharing {}

impl AssessmentDirection for ForSharing {
    type Overview = SharingOverview;
    type HumanRights = HumanRightsRiskAssessment;
    const TITLE: &'static str = "Entity Assessment for Sharing";
    const RECORD_KEY: &'static str = "entity_assessment_sharing";
    const REVIEW: &'static str = "G 8.1.2.3";

    fn record(a: EntityAssessmentForSharing) -> Record {
        Record::EntityAssessmentSharing(a)
    }

    fn of_record(r: Record) -> Result<EntityAssessmentForSharing, Box<Record>> {
        match r {
            Record::EntityAssessmentSharing(a) => Ok(a),
            other => Err(Box::new(other)),
        }
    }

    fn slots(e: &mut Entity) -> (&mut Option<RecordId>, &mut Option<RecordId>) {
        (
            &mut e.sharing_assessment,
            &mut e.sharing_assessment_in_progress,
        )
    }

    fn kept(e: &Entity) -> [Option<&RecordId>; 2] {
        [
            e.sharing_assessment.as_ref(),
            e.sharing_assessment_in_progress.as_ref(),
        ]
    }
}

pub type EntityAssessmentForSharing = EntityAssessment<ForSharing>;

impl EntityAssessmentForSharing {
    pub fn open_mitigations(&self) -> impl Iterator<Item = &MitigationMeasure> {
        self.human_rights
            .iter()
            .flat_map(|h| h.mitigation_measures.iter())
            .filter(|m| m.in_place.is_none())
    }
}
