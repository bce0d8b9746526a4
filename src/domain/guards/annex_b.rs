//! G 8.1.4 and Annex B: a Sharing Risk Assessment cannot conclude "acceptable" against its own
//! answers (P 11.4.4: the Human Rights Due Diligence Policy applies).

use crate::domain::answer::{Answer, YesNoUnknown};
use crate::domain::nature::Nature;
use crate::domain::refusal::{Guard, Refusal};
use crate::domain::risk_assessment::{ANNEX_B, SharingRiskAssessment};

/// The product and recipient an assessment is about, as far as Annex B's answers depend on it.
#[derive(Clone, Copy, Debug)]
pub struct Context {
    /// The recipient is a non-UN entity (G 8.1), not a non-mission UN entity (G 8.2).
    pub non_un: bool,
    pub nature: Nature,
}

fn value(a: &SharingRiskAssessment, key: &str) -> YesNoUnknown {
    a.answer(key)
        .and_then(Answer::yes_no_value)
        .unwrap_or(YesNoUnknown::Unknown)
}

fn number(key: &str) -> usize {
    ANNEX_B
        .iter()
        .position(|q| q.key == key)
        .map_or(0, |i| i + 1)
}

/// Whether an assessment's answers allow its conclusion. A conclusion "not acceptable" is
/// always allowed; "acceptable" only when no answer contradicts it.
pub fn g8_1_4_annex_b_answers_allow_acceptable(a: &SharingRiskAssessment, cx: Context) -> Guard {
    if !a.risk_acceptable {
        return Ok(());
    }
    use YesNoUnknown::{No, Unknown, Yes};
    if value(a, "violations_risk") == Yes {
        return Err(Refusal::new(
            "G 8.1.4 (Annex B Q8, P 11.4.4)",
            "there are substantial grounds to believe the PKI may be used for human rights violations: the risk is not acceptable, and no mitigation or override changes that",
        ));
    }
    if value(a, "mandate") == No {
        return Err(Refusal::new(
            "G 8.1.4 (Annex B Q1)",
            "the sharing is not in line with the mission's mandate: the risk is not acceptable",
        ));
    }
    if value(a, "charter_rules_agreements") == No {
        return Err(Refusal::new(
            "G 8.1.4 (Annex B Q2)",
            "the sharing is not in line with the UN Charter, UN rules and the applicable arrangements: the risk is not acceptable",
        ));
    }
    if cx.non_un && value(a, "sanitised") == No {
        return Err(Refusal::new(
            "G 8.1.12 (Annex B Q3)",
            "the product is not sanitised: it is not acceptable to share it with a non-UN entity",
        ));
    }
    let office_matters = cx.non_un && cx.nature == Nature::OperationalTactical;
    if office_matters && value(a, "acquiring_office_agrees") == No {
        return Err(Refusal::new(
            "G 8.1.3.2 (Annex B Q4)",
            "operational/tactical PKI to a non-UN entity: the office that acquired the information was not consulted or does not agree, so the risk is not acceptable",
        ));
    }
    let mitigated = !a.mitigations.trim().is_empty();
    for (key, what) in [
        ("no_harm", "the sharing may be expected to cause harm"),
        (
            "handling_capacity",
            "the entity lacks the capacity to handle and secure the product",
        ),
    ] {
        if value(a, key) == No && !mitigated {
            return Err(Refusal::new(
                "G 8.1.4 (Annex B Q7, Q10)",
                format!(
                    "Q{}: {what}: record the mitigations before concluding the risk acceptable",
                    number(key)
                ),
            ));
        }
    }
    let mut deciding = vec![
        "mandate",
        "charter_rules_agreements",
        "no_harm",
        "violations_risk",
        "handling_capacity",
    ];
    if cx.non_un {
        deciding.push("sanitised");
    }
    if office_matters {
        deciding.push("acquiring_office_agrees");
    }
    let mut unknown: Vec<usize> = deciding
        .into_iter()
        .filter(|k| value(a, k) == Unknown)
        .map(number)
        .collect();
    unknown.sort_unstable();
    if !unknown.is_empty() && a.unknowns_justified.trim().is_empty() {
        let list: Vec<String> = unknown.iter().map(|n| format!("Q{n}")).collect();
        return Err(Refusal::new(
            "G 8.1.4 (Annex B)",
            format!(
                "{} answered \"unknown\": write why the risk is acceptable all the same, for the decision-maker to see",
                list.join(", ")
            ),
        ));
    }
    Ok(())
}
