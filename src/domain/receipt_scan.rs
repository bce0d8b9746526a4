//! Intelligence Receipt Scan (G 9.6, Annex E): per product received.

use super::answer::{Answer, AnswerType::*, Opt, Question, RecordField};
use super::grades::Credibility;
use serde::{Deserialize, Serialize};

/// Annex E Q4, why the product was shared: the options a scan chooses from.
pub const WHY_SHARED: [Opt; 6] = [
    Opt {
        key: "warn_of_threat",
        label: "to warn of a threat",
    },
    Opt {
        key: "request_action",
        label: "to request action or support from the mission",
    },
    Opt {
        key: "regular_exchange",
        label: "regular cooperation and exchange",
    },
    Opt {
        key: "influence",
        label: "to influence the mission's view or action",
    },
    Opt {
        key: "not_known",
        label: "not known",
    },
    Opt {
        key: "other",
        label: "another reason (said in the note)",
    },
];

/// The six Annex E questions, in order.
pub const ANNEX_E: [Question; 6] = [
    Question {
        key: "imminent_threat",
        text: "Does the product contain intelligence concerning an imminent threat to UN personnel and/or civilians?",
        kind: YesNo,
    },
    Question {
        key: "nature",
        text: "Is the received intelligence strategic or operational/tactical?",
        kind: Confirms(RecordField::Nature),
    },
    Question {
        key: "grave_violations",
        text: "Is there reason to believe the product utilized information obtained through grave violations?",
        kind: YesNo,
    },
    Question {
        key: "why_shared",
        text: "Why was the intelligence product shared?",
        kind: Choice(&WHY_SHARED),
    },
    Question {
        key: "political_purposes",
        text: "Is there reason to believe the product may serve political purposes?",
        kind: YesNo,
    },
    Question {
        key: "classification",
        text: "What is the security classification level of the intelligence product?",
        kind: Confirms(RecordField::Classification),
    },
];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntelligenceReceiptScan {
    /// Answers to ANNEX_E, in the same order.
    pub answers: Vec<Answer>,
    pub credibility: Credibility,
    /// Mission-defined red flags found (names from the settings' red-flag list) (G 9.12).
    #[serde(default)]
    pub red_flags: Vec<String>,
    /// The Human Rights Component was consulted (G 9.6.1).
    #[serde(default)]
    pub human_rights_consulted: bool,
}

impl IntelligenceReceiptScan {
    pub fn answer(&self, key: &str) -> Option<&Answer> {
        let i = ANNEX_E.iter().position(|q| q.key == key)?;
        self.answers.get(i)
    }

    /// G 9.9: a real risk the product was obtained by torture or other grave violations.
    pub fn grave_violation_risk(&self) -> bool {
        self.answer("grave_violations").is_some_and(Answer::is_yes)
    }
}
