//! Active monitoring (G 8.1.2.3, G 9.5.2): an incident concerning an entity is recorded against
//! it; the IM FP or a Human Rights officer suspends its assessments in force at once, which
//! halts sharing to it and the clearance of products from it, pending a review that lifts or
//! confirms the suspension.

use crate::common::*;
use registrar::domain::access::{Actor, may};
use registrar::domain::change::Change;
use registrar::domain::entity::EntityKind;
use registrar::domain::grades::Reliability;
use registrar::domain::ids::{RecordId, Time};
use registrar::domain::marking::Classification;
use registrar::domain::memory::MemoryRegistry;
use registrar::domain::monitoring::{Incident, SuspensionOutcome};
use registrar::domain::record::Record;
use registrar::domain::role::Role;
use registrar::domain::view::RegistryView;

fn incident(at: Time) -> Change {
    Change::IncidentRecorded {
        incident: Incident {
            what: "reported killing of detainees at the Bria camp".to_string(),
            occurred_at: at,
            source: "HRD monitoring visit".to_string(),
        },
    }
}

fn suspend(incident: Option<usize>) -> Change {
    Change::AssessmentsSuspended {
        reason: "credible reports of executions by the unit".to_string(),
        incident,
    }
}

fn review(outcome: SuspensionOutcome) -> Change {
    Change::SuspensionReviewed {
        index: 0,
        outcome,
        finding: "the reports concern another unit".to_string(),
    }
}

fn suspended_entity(reg: &mut MemoryRegistry) -> (RecordId, RecordId) {
    let (faca, share) = share_ready_for_decision(reg);
    reg.ok(Some(&faca), incident(minute(1)), minute(2));
    reg.ok(Some(&faca), suspend(Some(0)), minute(3));
    (faca, share)
}

#[test]
fn g8_1_2_3_an_incident_is_recorded_against_the_entity_with_what_when_source_and_who() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    reg.ok(Some(&faca), incident(minute(1)), minute(2));
    let Some(e) = reg.view.entity(&faca) else {
        panic!("no entity")
    };
    let i = &e.monitoring.incidents[0];
    assert_eq!(i.what, "reported killing of detainees at the Bria camp");
    assert_eq!(i.occurred_at, minute(1));
    assert_eq!(i.source, "HRD monitoring visit");
    assert_eq!((i.by.as_str(), i.at), (ACTOR, minute(2)));

    let blank = Change::IncidentRecorded {
        incident: Incident {
            what: " ".to_string(),
            occurred_at: minute(1),
            source: "press".to_string(),
        },
    };
    assert_refusal(
        &reg.refused(Some(&faca), blank, minute(3)),
        "G 8.1.2.3",
        &["what happened"],
    );
    let later = incident(day(2));
    assert_refusal(
        &reg.refused(Some(&faca), later, day(1)),
        "G 8.1.2.3",
        &["when it happened"],
    );
}

#[test]
fn g8_1_2_3_a_suspended_assessment_halts_sharing() {
    let mut reg = registry();
    let (_, share) = suspended_entity(&mut reg);
    let r = reg.refused(Some(&share), authorise(Role::Micm), minute(4));
    assert_refusal(
        &r,
        "G 8.1.2.3",
        &["halted", "suspended", FACA, "pending its review"],
    );
    assert_eq!(r.next, Some(Role::Imfp));

    // An authorisation given before the suspension is not carried out while it holds.
    let mut reg = registry();
    let (faca, share) = share_ready_for_decision(&mut reg);
    reg.ok(Some(&share), authorise(Role::Micm), minute(5));
    accept(&mut reg, &share, minute(6));
    reg.ok(Some(&faca), suspend(None), minute(7));
    let r = reg.refused(Some(&share), mark_shared(minute(8)), minute(8));
    assert_refusal(&r, "G 8.1.2.3", &["suspended"]);
}

#[test]
fn g9_5_2_a_suspended_assessment_halts_clearance() {
    let mut reg = registry();
    let (faca, rcp) = receipt_ready_for_clearance(&mut reg, Reliability::B);
    reg.ok(Some(&faca), suspend(None), minute(3));
    let r = reg.refused(Some(&rcp), clear(), minute(4));
    assert_refusal(&r, "G 9.5.2", &["clearance", "suspended", FACA]);
    reg.ok(Some(&faca), review(SuspensionOutcome::Lifted), minute(5));
    reg.ok(Some(&rcp), clear(), minute(6));
}

#[test]
fn g8_1_2_3_lifting_the_suspension_on_review_restores_sharing() {
    let mut reg = registry();
    let (faca, share) = suspended_entity(&mut reg);
    reg.ok(Some(&faca), review(SuspensionOutcome::Lifted), minute(10));
    reg.ok(Some(&share), authorise(Role::Micm), minute(11));
    let Some(e) = reg.view.entity(&faca) else {
        panic!("no entity")
    };
    let s = &e.monitoring.suspensions[0];
    let r = s.review.as_ref().expect("reviewed");
    assert_eq!(r.outcome, SuspensionOutcome::Lifted);
    assert_eq!((r.by.as_str(), r.at), (ACTOR, minute(10)));
    assert_eq!(s.incident, Some(0));
    // Reviewed once: a second review is refused.
    let again = reg.refused(
        Some(&faca),
        review(SuspensionOutcome::Confirmed),
        minute(12),
    );
    assert_refusal(&again, "G 8.1.2.3", &["already reviewed"]);
}

#[test]
fn g8_1_2_3_a_confirmed_suspension_holds_until_a_new_assessment_takes_over() {
    let mut reg = registry();
    let (faca, share) = suspended_entity(&mut reg);
    reg.ok(Some(&faca), review(SuspensionOutcome::Confirmed), day(1));
    let r = reg.refused(Some(&share), authorise(Role::Micm), day(2));
    assert_refusal(&r, "G 8.1.2.3", &["confirmed on review", "new assessment"]);
    eas(&mut reg, &faca, day(3));
    reg.ok(Some(&share), authorise(Role::Micm), day(3));
}

#[test]
fn g8_1_2_3_a_suspension_needs_an_assessment_in_force_and_is_not_repeated() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let r = reg.refused(Some(&faca), suspend(None), minute(1));
    assert_refusal(&r, "G 8.1.2.3", &["no assessment in force"]);
    let r = reg.refused(Some(&faca), suspend(Some(3)), minute(1));
    assert_refusal(&r, "G 8.1.2.3", &["no incident 4"]);
    eas(&mut reg, &faca, minute(2));
    reg.ok(Some(&faca), suspend(None), minute(3));
    let r = reg.refused(Some(&faca), suspend(None), minute(4));
    assert_refusal(&r, "G 8.1.2.3", &["already suspended"]);
    // The receipt side, assessed after, is not covered by that suspension: it may be
    // suspended on its own.
    ear(&mut reg, &faca, Reliability::B, minute(5));
    let Some(Record::Entity(e)) = reg.view.record(&faca) else {
        panic!("no entity")
    };
    assert!(e.monitoring.suspensions[0].receipt.is_none());
    reg.ok(Some(&faca), suspend(None), minute(6));
    let r = reg.refused(Some(&faca), suspend(None), minute(7));
    assert_refusal(&r, "G 8.1.2.3", &["already suspended"]);
}

fn actor(roles: &[Role]) -> Actor {
    Actor {
        name: "someone".to_string(),
        roles: roles.to_vec(),
        clearance: Classification::StrictlyConfidential,
    }
}

#[test]
fn g8_1_2_3_the_im_fp_or_a_human_rights_officer_suspends_no_one_else() {
    let s = suspend(None);
    assert!(may(&actor(&[Role::Imfp]), &s, false).is_ok());
    assert!(may(&actor(&[Role::Hro]), &s, false).is_ok());
    for role in [
        Role::Analyst,
        Role::Admin,
        Role::Micm,
        Role::Delegate,
        Role::Oversight,
    ] {
        let refused = may(&actor(&[role]), &s, false).expect_err("not allowed");
        assert!(refused.roles.contains(&Role::Imfp) && refused.roles.contains(&Role::Hro));
    }
    assert!(may(&actor(&[Role::Analyst]), &incident(t0()), false).is_ok());
    assert!(may(&actor(&[Role::Oversight]), &incident(t0()), false).is_err());
}
