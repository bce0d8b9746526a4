//! G 8.1.10 after the fact: a breach (or its substantial suspicion) stops what was authorised
//! and not yet carried out, ends pre-authorised entries given before it, and sharing resumes
//! only on the terms the investigation recorded.

use crate::common::*;
use registrar::domain::breach::{BreachReport, Investigation, InvestigationOutcome};
use registrar::domain::change::Change;
use registrar::domain::entity::EntityKind;
use registrar::domain::ids::{RecordId, Time};
use registrar::domain::marking::{Classification, Marking};
use registrar::domain::memory::MemoryRegistry;
use registrar::domain::nature::Nature;
use registrar::domain::pre_authorisation::{Direction, PreAuthorisationTerms};
use registrar::domain::record::Record;
use registrar::domain::role::Role;
use registrar::domain::share::ShareState;
use registrar::domain::view::RegistryView;

fn breach(reg: &mut MemoryRegistry, entity: &RecordId, at: Time) -> RecordId {
    reg.ok(
        None,
        Change::BreachReported {
            report: BreachReport {
                entity: entity.clone(),
                share: None,
                suspected: true,
                description: "product seen in the hands of a militia".to_string(),
                marking: Marking::un(Classification::Confidential),
            },
        },
        at,
    )
}

fn positive(up_to: Option<Classification>, case_by_case: bool, until: Option<Time>) -> Change {
    Change::InvestigationConcluded {
        investigation: Investigation {
            outcome: InvestigationOutcome::Positive,
            summary: "the leak came from a third party".to_string(),
            resumption_terms: "lower level, case by case".to_string(),
            resume_up_to: up_to,
            case_by_case,
            terms_until: until,
        },
    }
}

fn pre_authorise(reg: &mut MemoryRegistry, entity: &RecordId, at: Time) -> RecordId {
    reg.ok(
        None,
        Change::PreAuthorised {
            terms: PreAuthorisationTerms {
                entity: entity.clone(),
                direction: Direction::Sharing,
                products: "weekly security situation report".to_string(),
                max_classification: Classification::Confidential,
                marking: Marking::un(Classification::Unclassified),
                scope: Some(pre_scope(Direction::Sharing)),
            },
        },
        at,
    )
}

fn state(reg: &MemoryRegistry, id: &RecordId) -> ShareState {
    match reg.view.record(id) {
        Some(Record::Share(s)) => s.state,
        other => panic!("{other:?}"),
    }
}

#[test]
fn g8_1_10_an_authorisation_not_carried_out_lapses_when_a_breach_is_reported() {
    let mut reg = registry();
    let (faca, share) = share_ready_for_decision(&mut reg);
    reg.ok(Some(&share), authorise(Role::Micm), minute(5));
    accept(&mut reg, &share, minute(6));
    // Not decided twice while the authorisation stands.
    let r = reg.refused(Some(&share), authorise(Role::Micm), minute(7));
    assert_refusal(&r, "G 8", &["already", "lapsed"]);

    let b = breach(&mut reg, &faca, day(1));
    reg.ok(Some(&b), positive(None, false, None), day(2));
    eas(&mut reg, &faca, day(3));
    // Sharing with the entity may resume, but this authorisation lapsed with the breach.
    let r = reg.refused(Some(&share), mark_shared(day(4)), day(4));
    assert_refusal(
        &r,
        "G 8.1.10",
        &[share.as_str(), b.as_str(), "lapsed", "new decision"],
    );

    // A new decision, and the conditions accepted for it, carry it out.
    reg.ok(Some(&share), authorise(Role::Micm), day(4));
    assert_eq!(state(&reg, &share), ShareState::Authorised);
    accept(&mut reg, &share, day(4));
    reg.ok(Some(&share), mark_shared(day(4)), day(4));
}

#[test]
fn g8_1_10_a_pre_authorised_entry_lapses_when_a_breach_is_reported() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    eas(&mut reg, &faca, t0());
    let entry = pre_authorise(&mut reg, &faca, minute(1));
    let b = breach(&mut reg, &faca, day(1));
    reg.ok(Some(&b), positive(None, false, None), day(2));
    eas(&mut reg, &faca, day(3));

    let share = draft_share(&mut reg, draft(&faca, Nature::Strategic), day(4));
    sanitise(&mut reg, &share, day(4));
    let r = reg.refused(Some(&share), authorise_pre(Role::Micm, &entry), day(4));
    assert_refusal(&r, "G 8.1.10", &[entry.as_str(), b.as_str(), "lapsed"]);
    let r = reg.refused(Some(&entry), pre_review(Direction::Sharing), day(4));
    assert_refusal(&r, "G 8.1.10", &[entry.as_str(), "lapsed"]);

    // An entry given after the breach stands in.
    let fresh = pre_authorise(&mut reg, &faca, day(4));
    reg.ok(Some(&share), authorise_pre(Role::Micm, &fresh), day(4));
}

#[test]
fn g8_1_10_resumption_at_a_lower_level_and_case_by_case_is_enforced() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    eas(&mut reg, &faca, t0());
    let b = breach(&mut reg, &faca, day(1));
    reg.ok(
        Some(&b),
        positive(Some(Classification::Unclassified), true, Some(day(30))),
        day(2),
    );
    eas(&mut reg, &faca, day(3));
    let entry = pre_authorise(&mut reg, &faca, day(3));

    // Confidential is above the level sharing resumed at.
    let confidential = draft_share(&mut reg, draft(&faca, Nature::Strategic), day(4));
    sanitise(&mut reg, &confidential, day(4));
    assess_risk(
        &mut reg,
        &confidential,
        sra_weighing_previous_issues(true),
        day(4),
    );
    let r = reg.refused(Some(&confidential), authorise(Role::Micm), day(4));
    assert_refusal(&r, "G 8.1.10", &["lower level", "UNCLASSIFIED", b.as_str()]);

    // Unclassified: allowed, but each product decided on its own risk assessment.
    let mut d = draft(&faca, Nature::Strategic);
    d.product.marking = Marking::un(Classification::Unclassified);
    let unclassified = draft_share(&mut reg, d, day(4));
    sanitise(&mut reg, &unclassified, day(4));
    let r = reg.refused(
        Some(&unclassified),
        authorise_pre(Role::Micm, &entry),
        day(4),
    );
    assert_refusal(&r, "G 8.1.10", &["case by case", entry.as_str()]);
    assess_risk(
        &mut reg,
        &unclassified,
        sra_weighing_previous_issues(true),
        day(4),
    );
    reg.ok(Some(&unclassified), authorise(Role::Micm), day(4));

    // After the initial period, the terms no longer restrict.
    eas(&mut reg, &faca, day(31));
    reg.ok(Some(&confidential), authorise(Role::Micm), day(31));
}
