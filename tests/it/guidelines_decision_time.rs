//! Lapse checks read when a decision was taken, as stated, not when it was recorded (G 8.1.10,
//! issue 9): an authorisation given before a breach was reported and recorded only after it
//! has lapsed all the same.

use crate::common::*;
use registrar::domain::breach::{BreachReport, Investigation, InvestigationOutcome};
use registrar::domain::change::Change;
use registrar::domain::marking::{Classification, Marking};
use registrar::domain::role::Role;

#[test]
fn g8_1_10_an_authorisation_decided_before_a_breach_lapses_though_recorded_after_it() {
    let mut reg = registry();
    let (faca, share) = share_ready_for_decision(&mut reg);
    let b = reg.ok(
        None,
        Change::BreachReported {
            report: BreachReport {
                entity: faca.clone(),
                share: None,
                suspected: true,
                description: "product seen in the hands of a militia".to_string(),
                marking: Marking::un(Classification::Confidential),
            },
        },
        day(1),
    );
    reg.ok(
        Some(&b),
        Change::InvestigationConcluded {
            investigation: Investigation {
                outcome: InvestigationOutcome::Positive,
                summary: "the leak came from a third party".to_string(),
                resumption_terms: String::new(),
                resume_up_to: None,
                case_by_case: false,
                terms_until: None,
            },
        },
        day(2),
    );
    eas(&mut reg, &faca, day(3));
    // Decided on the first evening, before the breach; recorded on day 4.
    reg.ok(
        Some(&share),
        Change::ShareDecided {
            authorise: true,
            authority: Role::Micm,
            reason: "need to share outweighs the risk".to_string(),
            pre_authorisation: None,
            decided_at: Some(minute(30)),
        },
        day(4),
    );
    accept(&mut reg, &share, day(4));
    let r = reg.refused(Some(&share), mark_shared(day(4)), day(4));
    assert_refusal(
        &r,
        "G 8.1.10",
        &[share.as_str(), b.as_str(), "lapsed", "2026-11-01"],
    );
}
