//! Sharing Risk Assessment (G 8.1.3, Annex B): per product to be shared.

use super::answer::{Answer, AnswerType::*, Question, RecordField};
use serde::{Deserialize, Serialize};

/// The ten Annex B questions, in order.
pub const ANNEX_B: [Question; 10] = [
    Question {
        key: "mandate",
        text: "Is the sharing of this PKI product in line with the mission's mandate?",
        kind: YesNo,
    },
    Question {
        key: "charter_rules_agreements",
        text: "Is the sharing in line with the UN Charter, UN rules and regulations, and applicable arrangements or agreements?",
        kind: YesNo,
    },
    Question {
        key: "sanitised",
        text: "Has the product been sanitized of anything that could trace back to a source/asset or identify witnesses/victims?",
        kind: YesNo,
    },
    Question {
        key: "acquiring_office_agrees",
        text: "Has the office that originally acquired the information been consulted and agreed to its sharing?",
        kind: YesNo,
    },
    Question {
        key: "expected_use",
        text: "What can the entity reasonably be expected to do with the PKI product?",
        kind: Text,
    },
    Question {
        key: "previous_issues",
        text: "Have there been any issues related to previous instances of sharing PKI with this entity?",
        kind: YesNo,
    },
    Question {
        key: "no_harm",
        text: "Can the sharing reasonably be expected to not cause harm to the UN, the mission, its personnel, or its mandate?",
        kind: YesNo,
    },
    Question {
        key: "violations_risk",
        text: "Are there substantial grounds to believe the PKI may be used to instigate or facilitate human rights violations, IHL breaches or other international crimes?",
        kind: YesNo,
    },
    Question {
        key: "classification",
        text: "What is the UN classification level of the PKI product?",
        kind: Confirms(RecordField::Classification),
    },
    Question {
        key: "handling_capacity",
        text: "Does the entity have the resources and capacity to handle and secure classified PKI at equivalent standards?",
        kind: YesNo,
    },
];

/// The consultation of the office that acquired the information (G 8.1.3.2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcquiringOfficeConsultation {
    pub office: String,
    pub supports_sharing: bool,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharingRiskAssessment {
    /// Answers to ANNEX_B, in the same order.
    pub answers: Vec<Answer>,
    /// Who was consulted (human rights component, legal, …).
    #[serde(default)]
    pub consulted: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acquiring_office: Option<AcquiringOfficeConsultation>,
    pub risk_acceptable: bool,
    pub conclusion_note: String,
    /// Mitigations recorded against expected harm (Q7 = no) or missing handling capacity
    /// (Q10 = no): without them, such answers cannot conclude "acceptable" (G 8.1.4).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub mitigations: String,
    /// Why the risk is acceptable although a deciding question is answered "unknown": the
    /// decision-maker sees it (G 8.1.4, 8.1.11).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unknowns_justified: String,
    /// Annex B Q6 as the registry answered it when the assessment was made: the breaches,
    /// suspensions, declined or withdrawn shares and rejected products it held for the
    /// entity. Empty in assessments recorded before the registry answered Q6.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub previous_issues: Vec<super::previous_issues::PreviousIssue>,
}

impl SharingRiskAssessment {
    pub fn answer(&self, key: &str) -> Option<&Answer> {
        let i = ANNEX_B.iter().position(|q| q.key == key)?;
        self.answers.get(i)
    }

    /// G 8.1.3.2: the acquiring office was consulted and supports the sharing.
    pub fn acquiring_office_supports(&self) -> bool {
        self.acquiring_office
            .as_ref()
            .is_some_and(|c| c.supports_sharing)
    }
}
