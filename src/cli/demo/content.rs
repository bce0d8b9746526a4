//! Constructors for the demo's assessments, scans and products: plausible content, every
//! annex question answered.

use crate::domain::answer::Answer;
use crate::domain::assessment_receipt::{HumanRightsScan, ReceiptOverview};
use crate::domain::assessment_sharing::{
    HumanRightsMethod, HumanRightsRiskAssessment, MitigationMeasure, RiskConclusion,
    SharingOverview,
};
use crate::domain::entity::Contact;
use crate::domain::entity::{EntityDetails, EntityKind, HandlingStandards, SubComponent};
use crate::domain::grades::{Credibility, Reliability};
use crate::domain::ids::Time;
use crate::domain::marking::{Classification, Marking};
use crate::domain::nature::Nature;
use crate::domain::previous_issues::PreviousIssue;
use crate::domain::receipt_scan::IntelligenceReceiptScan;
use crate::domain::risk_assessment::{AcquiringOfficeConsultation, SharingRiskAssessment};
use crate::domain::share::ConditionsAcceptance;

pub fn entity(name: &str, kind: EntityKind, mandate: &str, level: Classification) -> EntityDetails {
    EntityDetails {
        name: name.to_string(),
        kind,
        mandate: mandate.to_string(),
        contacts: vec![Contact {
            name: "Liaison officer on file".to_string(),
            position: "Liaison officer".to_string(),
            details: "through the mission's liaison cell".to_string(),
        }],
        sub_components: Vec::new(),
        handling_standards: None,
        marking: Marking::un(level),
    }
}

pub fn with_sub_component(mut e: EntityDetails, name: &str) -> EntityDetails {
    e.sub_components.push(SubComponent {
        name: name.to_string(),
        excluded_because: None,
    });
    e
}

pub fn with_handling_standards(mut e: EntityDetails, text: &str) -> EntityDetails {
    e.handling_standards = Some(HandlingStandards {
        text: text.to_string(),
        confirmed: None,
    });
    e
}

pub fn sharing_overview(mandate: &str) -> SharingOverview {
    SharingOverview {
        mandate: mandate.to_string(),
        mandate_compatible: Answer::yes("Operates in the mission area with a protection mandate"),
        scope: "The entity as registered, excluding any sub-component listed as excluded"
            .to_string(),
    }
}

pub fn human_rights(
    kind: EntityKind,
    conclusion: RiskConclusion,
    mitigations: &[&str],
) -> HumanRightsRiskAssessment {
    HumanRightsRiskAssessment {
        method: if kind.needs_full_hrddp() {
            HumanRightsMethod::Hrddp
        } else {
            HumanRightsMethod::AdaptedHrddp
        },
        findings: "Reviewed reports of the Human Rights Division for the last 24 months"
            .to_string(),
        conclusion,
        mitigation_measures: mitigations
            .iter()
            .map(|m| MitigationMeasure {
                text: m.to_string(),
                in_place: None,
            })
            .collect(),
    }
}

pub fn risk_assessment(
    acceptable: bool,
    acquiring_office: Option<&str>,
    level: Classification,
    previous_issues: Vec<PreviousIssue>,
) -> SharingRiskAssessment {
    // Annex B Q6 as the registry answers it (G 8.1.3).
    let previous = if previous_issues.is_empty() {
        Answer::no("None in the registry")
    } else if previous_issues.iter().any(PreviousIssue::decides_q6) {
        Answer::yes(format!(
            "{} in the registry; weighed in the conclusion",
            previous_issues.len()
        ))
    } else {
        Answer::no(format!(
            "{} in the registry, none a breach or suspension: declined for the mission's own reasons",
            previous_issues.len()
        ))
    };
    SharingRiskAssessment {
        answers: vec![
            Answer::yes("Supports protection of civilians in the sector"),
            Answer::yes("Consistent with the SOFA and the MoU on information exchange"),
            Answer::yes("Source identifiers and locations of witnesses removed"),
            Answer::yes("Acquiring office consulted"),
            Answer::text("Adjust its patrol routes to protect the population in the sector"),
            previous,
            if acceptable {
                Answer::yes("No foreseeable harm to the mission")
            } else {
                Answer::no("Could expose the mission's sources in the sector")
            },
            if acceptable {
                Answer::no("No substantial grounds")
            } else {
                // Annex B Q8 = yes: never acceptable (G 8.1.4, P 11.4.4).
                Answer::yes(
                    "The recipient unit is implicated in reprisals against civilians (Human Rights Division, October report)",
                )
            },
            Answer::classification(level, ""),
            Answer::unknown("Handling capacity not verified this quarter"),
        ],
        consulted: vec!["Human Rights Division".to_string()],
        acquiring_office: acquiring_office.map(|o| AcquiringOfficeConsultation {
            office: o.to_string(),
            supports_sharing: true,
            note: "Supports sharing in sanitised form".to_string(),
        }),
        previous_issues,
        risk_acceptable: acceptable,
        conclusion_note: if acceptable {
            "Risk acceptable with sanitisation".to_string()
        } else {
            "Risk not acceptable at this time".to_string()
        },
        mitigations: String::new(),
        // Q10 is "unknown": G 8.1.4 asks why the risk is acceptable all the same.
        unknowns_justified: if acceptable {
            "Handling capacity confirmed in writing at the last liaison meeting; re-verification scheduled".to_string()
        } else {
            String::new()
        },
    }
}

pub fn receipt_overview(reliability: Reliability) -> ReceiptOverview {
    ReceiptOverview {
        mandate: "Security and public order in its area of responsibility".to_string(),
        involvement: "Deployed in the sectors where the mission operates".to_string(),
        interests_and_motivations: "Seeks mission support for its operations".to_string(),
        why_it_shares: "Shared threat to civilians and to UN personnel".to_string(),
        expected_action: "None stated".to_string(),
        reliability,
    }
}

pub fn human_rights_scan() -> HumanRightsScan {
    HumanRightsScan {
        answers: vec![
            Answer::choice("mixed", "Reports of excessive force in 2025"),
            Answer::no("No specific record of grave violations"),
            Answer::unknown("Allegations under verification"),
            Answer::no("None known"),
            Answer::yes("Military justice functioning in the capital"),
            Answer::unknown("Reported bias against a pastoralist community"),
        ],
    }
}

pub fn scan(
    level: Classification,
    nature: Nature,
    imminent: bool,
    credibility: Credibility,
    grave_violations: bool,
    red_flags: &[&str],
) -> IntelligenceReceiptScan {
    IntelligenceReceiptScan {
        answers: vec![
            if imminent {
                Answer::yes("Attack planned within hours")
            } else {
                Answer::no("No imminent threat stated")
            },
            Answer::nature(nature, ""),
            if grave_violations {
                Answer::yes("Content indicates statements taken from detainees under duress")
            } else {
                Answer::no("No indication")
            },
            if imminent {
                Answer::choice("warn_of_threat", "")
            } else {
                Answer::choice("request_action", "Seeks mission support for an operation")
            },
            Answer::unknown("Possible"),
            Answer::classification(level, "Mapped from the originator's marking"),
        ],
        credibility,
        red_flags: red_flags.iter().map(|s| s.to_string()).collect(),
        human_rights_consulted: true,
    }
}

pub fn acceptance(on: Time) -> ConditionsAcceptance {
    ConditionsAcceptance {
        originator_control: true,
        use_limited: true,
        narrower_scope: None,
        no_violations: true,
        marking_kept: true,
        equivalent_handling: true,
        accepted_by: "Chief of liaison, for the entity".to_string(),
        document: "Signed letter of acceptance on file with the IM FP".to_string(),
        accepted_on: on,
    }
}
