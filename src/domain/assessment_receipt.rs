//! Entity Assessment for Receipt (G 9.5, Annex D): per entity, reused while current.

use super::answer::{Answer, AnswerType::*, Opt, Question};
use super::assessment::{AssessmentDirection, EntityAssessment};
use super::entity::Entity;
use super::grades::Reliability;
use super::ids::RecordId;
use super::record::Record;
use serde::{Deserialize, Serialize};

/// Part 1: overview (Annex D) and the reliability grade.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptOverview {
    pub mandate: String,
    pub involvement: String,
    pub interests_and_motivations: String,
    pub why_it_shares: String,
    pub expected_action: String,
    pub reliability: Reliability,
}

/// Annex D part 2 Q1, the entity's human-rights record: the options a scan chooses from.
pub const COMPLIANCE_RECORD: [Opt; 4] = [
    Opt {
        key: "generally_compliant",
        label: "generally compliant",
    },
    Opt {
        key: "mixed",
        label: "mixed: violations reported",
    },
    Opt {
        key: "poor",
        label: "poor: serious or repeated violations",
    },
    Opt {
        key: "insufficient_information",
        label: "not enough information to judge",
    },
];

/// The six Annex D part 2 questions, in order.
pub const ANNEX_D_HUMAN_RIGHTS: [Question; 6] = [
    Question {
        key: "compliance_record",
        text: "What is the human rights record of the entity (compliance with IHL, human rights and refugee law)?",
        kind: Choice(&COMPLIANCE_RECORD),
    },
    Question {
        key: "grave_violations",
        text: "Does the entity have any specific record of grave violations (HRDDP para. 12)?",
        kind: YesNo,
    },
    Question {
        key: "arbitrary_detention",
        text: "Is the entity known or suspected to arbitrarily detain personnel, from whom information may have been acquired?",
        kind: YesNo,
    },
    Question {
        key: "unlawful_questioning",
        text: "Is the entity known or suspected to question detainees by techniques not in accordance with the law?",
        kind: YesNo,
    },
    Question {
        key: "oversight_mechanisms",
        text: "Does the entity have appropriate and effective oversight and disciplinary mechanisms for human rights violations?",
        kind: YesNo,
    },
    Question {
        key: "biases",
        text: "Does the entity have known biases towards specific groups?",
        kind: YesNo,
    },
];

/// Part 2: the human-rights scan by the Human Rights Component (G 9.5.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HumanRightsScan {
    /// Answers to ANNEX_D_HUMAN_RIGHTS, in the same order.
    pub answers: Vec<Answer>,
}

/// Annex D: the assessment of an entity the mission receives from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ForReceipt {}

impl AssessmentDirection for ForReceipt {
    type Overview = ReceiptOverview;
    type HumanRights = HumanRightsScan;
    const TITLE: &'static str = "Entity Assessment for Receipt";
    const RECORD_KEY: &'static str = "entity_assessment_receipt";
    const REVIEW: &'static str = "G 9.5.2";

    fn record(a: EntityAssessmentForReceipt) -> Record {
        Record::EntityAssessmentReceipt(a)
    }

    fn of_record(r: Record) -> Result<EntityAssessmentForReceipt, Box<Record>> {
        match r {
            Record::EntityAssessmentReceipt(a) => Ok(a),
            other => Err(Box::new(other)),
        }
    }

    fn slots(e: &mut Entity) -> (&mut Option<RecordId>, &mut Option<RecordId>) {
        (
            &mut e.receipt_assessment,
            &mut e.receipt_assessment_in_progress,
        )
    }

    fn kept(e: &Entity) -> [Option<&RecordId>; 2] {
        [
            e.receipt_assessment.as_ref(),
            e.receipt_assessment_in_progress.as_ref(),
        ]
    }
}

pub type EntityAssessmentForReceipt = EntityAssessment<ForReceipt>;
