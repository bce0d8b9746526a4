//! The domain rules of the registry against the DPO Guidelines on sharing and receiving
//! intelligence (2022), sections 8 and 9 and Annexes A–E. Each test is named after the
//! paragraph it checks; each refusal is paired with the same transition allowed once the
//! requirement is met, so that a test fails if its guard is removed.

use crate::common;

use common::*;
use registrar::domain::assessment_sharing::RiskConclusion;
use registrar::domain::breach::{BreachReport, Investigation, InvestigationOutcome};
use registrar::domain::change::Change;
use registrar::domain::entity::EntityKind;
use registrar::domain::grades::Reliability;
use registrar::domain::ids::{RecordId, Time};
use registrar::domain::marking::{Classification, Marking};
use registrar::domain::memory::MemoryRegistry;
use registrar::domain::nature::Nature;
use registrar::domain::pre_authorisation::{Direction, PreAuthorisationTerms};
use registrar::domain::queue::{self, Placement, Queue};
use registrar::domain::receipt::{
    AlertRecipient, Dissemination, IncomingReceipt, OnwardSharingApproval, ReceiptState, Rejection,
};
use registrar::domain::record::Record;
use registrar::domain::role::Role;
use registrar::domain::settings::{Decision, DelegationRule, MissionSettings};
use registrar::domain::share::{Extent, OutgoingShare, ShareState, UnRouting};
use registrar::domain::view::RegistryView;

// ------------------------------------------------------------------ local helpers

fn share_of(reg: &MemoryRegistry, id: &RecordId) -> OutgoingShare {
    match reg.view.record(id) {
        Some(Record::Share(s)) => s,
        other => panic!("{id} is not a share: {other:?}"),
    }
}

fn receipt_of(reg: &MemoryRegistry, id: &RecordId) -> IncomingReceipt {
    match reg.view.record(id) {
        Some(Record::Receipt(r)) => r,
        other => panic!("{id} is not a receipt: {other:?}"),
    }
}

fn disseminate(authority: Role, flag: Option<&str>) -> Change {
    Change::DisseminationToPeopleDecided {
        dissemination: Dissemination {
            authority,
            recipients: Vec::new(),
            people: listed(&[READER]),
            flag: flag.map(str::to_string),
            disseminated_at: None,
        },
    }
}

fn alert(to: AlertRecipient, at: Time) -> Change {
    Change::AlertRecorded { to, at }
}

fn breach(reg: &mut MemoryRegistry, entity: &RecordId, at: Time) -> RecordId {
    reg.ok(
        None,
        Change::BreachReported {
            report: BreachReport {
                entity: entity.clone(),
                share: None,
                suspected: true,
                description: "product seen in the hands of a third party".to_string(),
                marking: Marking::un(Classification::Confidential),
            },
        },
        at,
    )
}

fn conclude(outcome: InvestigationOutcome) -> Change {
    Change::InvestigationConcluded {
        investigation: Investigation {
            outcome,
            summary: "internal investigation concluded".to_string(),
            resumption_terms: "lower level, case by case for 90 days".to_string(),
            resume_up_to: None,
            case_by_case: false,
            terms_until: None,
        },
    }
}

fn pre_authorise(
    reg: &mut MemoryRegistry,
    entity: &RecordId,
    direction: Direction,
    at: Time,
) -> RecordId {
    reg.ok(
        None,
        Change::PreAuthorised {
            terms: PreAuthorisationTerms {
                entity: entity.clone(),
                direction,
                products: "weekly security situation report".to_string(),
                max_classification: Classification::Confidential,
                marking: Marking::un(Classification::Unclassified),
                scope: Some(pre_scope(direction)),
            },
        },
        at,
    )
}

fn pending_step(reg: &MemoryRegistry, id: &RecordId, now: Time) -> queue::NextStep {
    let record = reg.view.record(id).expect("record exists");
    queue::next_step(Queue::Pending, &record, &reg.view, now)
}

// =========================================================== G 8.1.1 / G 8.1.4

#[test]
fn g8_1_4_no_share_to_non_un_entity_without_current_entity_assessment_for_sharing() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let share = draft_share(&mut reg, draft(&faca, Nature::Strategic), minute(1));
    sanitise(&mut reg, &share, minute(2));
    assess_risk(&mut reg, &share, sra(true), minute(3));

    let r = reg.refused(Some(&share), authorise(Role::Micm), minute(4));
    assert_refusal(&r, "G 8.1.4", &[FACA, "Entity Assessment for Sharing"]);

    eas(&mut reg, &faca, minute(5));
    reg.ok(Some(&share), authorise(Role::Micm), minute(6));
    assert_eq!(share_of(&reg, &share).state, ShareState::Authorised);
}

#[test]
fn g8_1_1_no_share_to_non_un_entity_without_sharing_risk_assessment() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    eas(&mut reg, &faca, minute(1));
    let share = draft_share(&mut reg, draft(&faca, Nature::Strategic), minute(2));
    sanitise(&mut reg, &share, minute(3));

    let r = reg.refused(Some(&share), authorise(Role::Micm), minute(4));
    assert_refusal(&r, "G 8.1.1", &["Sharing Risk Assessment", REF]);

    assess_risk(&mut reg, &share, sra(true), minute(5));
    reg.ok(Some(&share), authorise(Role::Micm), minute(6));
}

#[test]
fn g8_1_4_sharing_risk_assessment_concluding_risk_not_acceptable_is_refused() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    eas(&mut reg, &faca, minute(1));
    let share = draft_share(&mut reg, draft(&faca, Nature::Strategic), minute(2));
    sanitise(&mut reg, &share, minute(3));
    assess_risk(&mut reg, &share, sra(false), minute(4));

    let r = reg.refused(Some(&share), authorise(Role::Micm), minute(5));
    assert_refusal(
        &r,
        "G 8.1.4",
        &["Sharing Risk Assessment", "not acceptable"],
    );

    // A fresh assessment of the (sanitised further) product concluding it acceptable.
    assess_risk(&mut reg, &share, sra(true), minute(6));
    reg.ok(Some(&share), authorise(Role::Micm), minute(7));
}

#[test]
fn g8_1_4_entity_assessment_concluding_not_acceptable_is_refused() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    eas_with(
        &mut reg,
        &faca,
        hrdd(RiskConclusion::NotAcceptable, &[]),
        minute(1),
    );
    let share = draft_share(&mut reg, draft(&faca, Nature::Strategic), minute(2));
    sanitise(&mut reg, &share, minute(3));
    assess_risk(&mut reg, &share, sra(true), minute(4));

    let r = reg.refused(Some(&share), authorise(Role::Micm), minute(5));
    assert_refusal(&r, "G 8.1.4", &[FACA, "not acceptable"]);

    // A later assessment (e.g. after reforms) concluding the risk acceptable.
    eas(&mut reg, &faca, day(30));
    reg.ok(Some(&share), authorise(Role::Micm), day(30));
}

#[test]
fn g8_1_2_1_entity_assessment_without_human_rights_part_is_not_complete() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let assessment = start_eas(&mut reg, &faca, minute(1));
    let share = draft_share(&mut reg, draft(&faca, Nature::Strategic), minute(2));
    sanitise(&mut reg, &share, minute(3));
    assess_risk(&mut reg, &share, sra(true), minute(4));

    let r = reg.refused(Some(&share), authorise(Role::Micm), minute(5));
    assert_refusal(
        &r,
        "G 8.1.2.1",
        &[FACA, assessment.as_str(), "human rights"],
    );
    assert_eq!(
        r.next,
        Some(Role::Hro),
        "part 2 is for the Human Rights Component"
    );

    reg.ok(
        Some(&assessment),
        Change::SharingAssessmentHumanRightsRecorded {
            part: hrdd(RiskConclusion::Acceptable, &[]),
        },
        minute(6),
    );
    reg.ok(Some(&share), authorise(Role::Micm), minute(7));
}

#[test]
fn g8_1_2_security_force_human_rights_part_must_be_full_hrddp() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let assessment = start_eas(&mut reg, &faca, minute(1));
    let mut adapted = hrdd(RiskConclusion::Acceptable, &[]);
    adapted.method = registrar::domain::assessment_sharing::HumanRightsMethod::AdaptedHrddp;

    let r = reg.refused(
        Some(&assessment),
        Change::SharingAssessmentHumanRightsRecorded {
            part: adapted.clone(),
        },
        minute(2),
    );
    assert_refusal(&r, "G 8.1.2", &[FACA, "HRDDP"]);

    // An adapted assessment is right for an other civilian entity (G 8.1.2, footnote 8).
    let ministry = entity(&mut reg, MINISTRY, EntityKind::OtherNonUnCivilian);
    let civilian = start_eas(&mut reg, &ministry, minute(3));
    reg.ok(
        Some(&civilian),
        Change::SharingAssessmentHumanRightsRecorded { part: adapted },
        minute(4),
    );
}

#[test]
fn g8_1_4_share_with_both_assessments_acceptable_goes_all_the_way_to_shared() {
    let mut reg = registry();
    let (_, share) = share_ready_for_decision(&mut reg);
    reg.ok(Some(&share), authorise(Role::Micm), minute(10));
    accept(&mut reg, &share, minute(20));
    reg.ok(Some(&share), mark_shared(minute(30)), minute(31));

    let s = share_of(&reg, &share);
    assert_eq!(s.state, ShareState::Shared);
    assert_eq!(s.shared_at, Some(minute(30)));
    assert_eq!(s.decision.as_ref().map(|d| d.authority), Some(Role::Micm));
}

// ================================================================== G 8.1.2.3

#[test]
fn g8_1_2_3_entity_assessment_past_its_review_date_is_not_current() {
    let mut reg = registry();
    let (faca, share) = share_ready_for_decision(&mut reg); // EAS completed at t0

    // Review due = completion + 90 days (default): still current on the day itself.
    let mut on_the_day = reg.clone();
    on_the_day.ok(Some(&share), authorise(Role::Micm), day(90));

    let r = reg.refused(Some(&share), authorise(Role::Micm), day(91));
    assert_refusal(&r, "G 8.1.2.3", &[FACA, "2027-01-30", "not current"]);

    // The review: a new Entity Assessment for Sharing.
    eas(&mut reg, &faca, day(91));
    reg.ok(Some(&share), authorise(Role::Micm), day(91));
}

#[test]
fn g8_1_2_3_review_interval_comes_from_the_mission_settings() {
    let mut settings = MissionSettings::new("MINUSCA");
    settings.review_interval_days = 30;
    let mut reg = registry_with(settings);
    let (_, share) = share_ready_for_decision(&mut reg);

    let r = reg.refused(Some(&share), authorise(Role::Micm), day(31));
    assert_refusal(&r, "G 8.1.2.3", &[FACA, "2026-12-01"]);
    reg.ok(Some(&share), authorise(Role::Micm), day(30));
}

#[test]
fn g8_1_2_3_assessment_lapsing_between_decision_and_release_blocks_sharing() {
    let mut reg = registry();
    let (faca, share) = share_ready_for_decision(&mut reg);
    reg.ok(Some(&share), authorise(Role::Micm), day(80));
    accept(&mut reg, &share, day(85));

    let r = reg.refused(Some(&share), mark_shared(day(91)), day(91));
    assert_refusal(&r, "G 8.1.2.3", &[FACA]);

    eas(&mut reg, &faca, day(91));
    reg.ok(Some(&share), mark_shared(day(91)), day(91));
}

// ================================================================== G 8.1.2.2

#[test]
fn g8_1_2_2_mitigation_measures_confirmed_in_place_before_authorising() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let measures = [
        "vetted liaison cell only",
        "no onward sharing to 3rd battalion",
    ];
    let assessment = eas_with(
        &mut reg,
        &faca,
        hrdd(RiskConclusion::AcceptableWithMitigation, &measures),
        minute(1),
    );
    let share = draft_share(&mut reg, draft(&faca, Nature::Strategic), minute(2));
    sanitise(&mut reg, &share, minute(3));
    assess_risk(&mut reg, &share, sra(true), minute(4));

    let r = reg.refused(Some(&share), authorise(Role::Micm), minute(5));
    assert_refusal(&r, "G 8.1.2.2", &[FACA, measures[0]]);

    reg.ok(
        Some(&assessment),
        Change::MitigationConfirmed { index: 0 },
        minute(6),
    );
    let r = reg.refused(Some(&share), authorise(Role::Micm), minute(7));
    assert_refusal(&r, "G 8.1.2.2", &[FACA, measures[1]]);

    reg.ok(
        Some(&assessment),
        Change::MitigationConfirmed { index: 1 },
        minute(8),
    );
    reg.ok(Some(&share), authorise(Role::Micm), minute(9));
}

#[test]
fn g8_1_2_2_acceptable_with_mitigation_must_list_the_measures() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let assessment = start_eas(&mut reg, &faca, minute(1));
    let r = reg.refused(
        Some(&assessment),
        Change::SharingAssessmentHumanRightsRecorded {
            part: hrdd(RiskConclusion::AcceptableWithMitigation, &[]),
        },
        minute(2),
    );
    assert_refusal(&r, "G 8.1.2.2", &["mitigation"]);
    reg.ok(
        Some(&assessment),
        Change::SharingAssessmentHumanRightsRecorded {
            part: hrdd(
                RiskConclusion::AcceptableWithMitigation,
                &["vetted liaison cell only"],
            ),
        },
        minute(3),
    );
}

// ================================================================== G 8.1.3.2

#[test]
fn g8_1_3_2_operational_tactical_to_non_un_needs_acquiring_office_support() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    eas(&mut reg, &faca, minute(1));
    let share = draft_share(
        &mut reg,
        draft(&faca, Nature::OperationalTactical),
        minute(2),
    );
    sanitise(&mut reg, &share, minute(3));
    let mut objecting = sra(true);
    objecting
        .acquiring_office
        .as_mut()
        .unwrap()
        .supports_sharing = false;
    assess_risk(&mut reg, &share, objecting, minute(4));

    let r = reg.refused(Some(&share), authorise(Role::Hom), minute(5));
    assert_refusal(&r, "G 8.1.3.2", &[ACQUIRING_OFFICE, "support"]);

    assess_risk(&mut reg, &share, sra(true), minute(6));
    reg.ok(Some(&share), authorise(Role::Hom), minute(7));
}

#[test]
fn g8_1_3_2_risk_assessment_of_operational_tactical_pki_must_consult_acquiring_office() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let tactical = draft_share(
        &mut reg,
        draft(&faca, Nature::OperationalTactical),
        minute(1),
    );
    let mut unconsulted = sra(true);
    unconsulted.acquiring_office = None;

    let r = reg.refused(
        Some(&tactical),
        Change::SharingRiskAssessed {
            assessment: unconsulted.clone(),
        },
        minute(2),
    );
    assert_refusal(&r, "G 8.1.3.2", &[ACQUIRING_OFFICE, "consulted"]);

    // The consultation requirement is for operational/tactical PKI only.
    let strategic = draft_share(&mut reg, draft(&faca, Nature::Strategic), minute(3));
    assess_risk(&mut reg, &strategic, unconsulted, minute(4));
    assess_risk(&mut reg, &tactical, sra(true), minute(5));
}

// ==================================================================== G 8.1.5

#[test]
fn g8_1_5_not_shared_until_written_acceptance_of_conditions_recorded() {
    let mut reg = registry();
    let (_, share) = share_ready_for_decision(&mut reg);
    reg.ok(Some(&share), authorise(Role::Micm), minute(10));

    let r = reg.refused(Some(&share), mark_shared(minute(11)), minute(11));
    assert_refusal(&r, "G 8.1.5", &[share.as_str(), "written acceptance"]);
    assert_eq!(share_of(&reg, &share).shared_at, None);

    accept(&mut reg, &share, minute(12));
    reg.ok(Some(&share), mark_shared(minute(13)), minute(13));
    assert_eq!(share_of(&reg, &share).state, ShareState::Shared);
}

#[test]
fn g8_1_5_acceptance_missing_a_condition_is_refused() {
    let mut reg = registry();
    let (_, share) = share_ready_for_decision(&mut reg);
    reg.ok(Some(&share), authorise(Role::Micm), minute(10));

    let mut partial = full_acceptance_on(minute(11));
    partial.equivalent_handling = false;
    let r = reg.refused(
        Some(&share),
        Change::ConditionsAccepted {
            acceptance: partial,
        },
        minute(11),
    );
    assert_refusal(&r, "G 8.1.5", &[FACA, "equivalent handling standard"]);

    let mut partial = full_acceptance_on(minute(11));
    partial.originator_control = false;
    partial.no_violations = false;
    let r = reg.refused(
        Some(&share),
        Change::ConditionsAccepted {
            acceptance: partial,
        },
        minute(12),
    );
    assert_refusal(
        &r,
        "G 8.1.5",
        &[FACA, "originator control", "human rights violations"],
    );

    let mut unsigned = full_acceptance_on(minute(11));
    unsigned.document = " ".to_string();
    let r = reg.refused(
        Some(&share),
        Change::ConditionsAccepted {
            acceptance: unsigned,
        },
        minute(13),
    );
    assert_refusal(&r, "G 8.1.5", &["written acceptance"]);

    accept(&mut reg, &share, minute(14));
    assert_eq!(share_of(&reg, &share).state, ShareState::ConditionsAccepted);
}

// ==================================================================== G 8.1.6

#[test]
fn g8_1_6_partial_sharing_must_record_what_was_withheld() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let mut d = draft(&faca, Nature::Strategic);
    d.extent = Extent::Partial {
        withheld: "  ".to_string(),
    };
    let r = reg.refused(None, Change::ShareDrafted { draft: d.clone() }, minute(1));
    assert_refusal(&r, "G 8.1.6", &["withheld"]);

    d.extent = Extent::Partial {
        withheld: "annex 2: source reporting and grid references".to_string(),
    };
    let share = draft_share(&mut reg, d.clone(), minute(2));
    assert_eq!(share_of(&reg, &share).draft.extent, d.extent);
}

// =================================================================== G 8.1.10

#[test]
fn g8_1_10_open_breach_halts_all_sharing_with_the_entity() {
    let mut reg = registry();
    let (faca, share) = share_ready_for_decision(&mut reg);
    // A second share already authorised and accepted, about to go out.
    let second = draft_share(&mut reg, draft(&faca, Nature::Strategic), minute(1));
    sanitise(&mut reg, &second, minute(1));
    assess_risk(&mut reg, &second, sra(true), minute(1));
    reg.ok(Some(&second), authorise(Role::Micm), minute(2));
    accept(&mut reg, &second, minute(3));

    // Before the breach both could proceed.
    let mut before = reg.clone();
    before.ok(Some(&share), authorise(Role::Micm), day(1));
    before.ok(Some(&second), mark_shared(day(1)), day(1));

    let b = breach(&mut reg, &faca, day(1));
    let r = reg.refused(Some(&share), authorise(Role::Micm), day(2));
    assert_refusal(&r, "G 8.1.10", &[FACA, b.as_str(), "halted"]);
    let r = reg.refused(Some(&second), mark_shared(day(2)), day(2));
    assert_refusal(&r, "G 8.1.10", &[FACA, b.as_str()]);
    // Nor can the entity be put on the list for regular sharing.
    let r = reg.refused(
        None,
        Change::PreAuthorised {
            terms: PreAuthorisationTerms {
                entity: faca.clone(),
                direction: Direction::Sharing,
                products: "weekly security situation report".to_string(),
                max_classification: Classification::Confidential,
                marking: Marking::un(Classification::Unclassified),
                scope: Some(pre_scope(Direction::Sharing)),
            },
        },
        day(2),
    );
    assert_refusal(&r, "G 8.1.10", &[FACA]);

    // Other entities are not affected.
    let ministry = entity(&mut reg, MINISTRY, EntityKind::OtherNonUnCivilian);
    eas(&mut reg, &ministry, day(2));
    let other = draft_share(&mut reg, draft(&ministry, Nature::Strategic), day(2));
    sanitise(&mut reg, &other, day(2));
    assess_risk(&mut reg, &other, sra(true), day(2));
    reg.ok(Some(&other), authorise(Role::Micm), day(2));
}

#[test]
fn g8_1_10_after_positive_investigation_sharing_resumes_only_after_new_entity_assessment() {
    let mut reg = registry();
    let (faca, share) = share_ready_for_decision(&mut reg); // EAS at t0, still within review
    let b = breach(&mut reg, &faca, day(1));
    reg.ok(Some(&b), conclude(InvestigationOutcome::Positive), day(2));

    let r = reg.refused(Some(&share), authorise(Role::Micm), day(3));
    assert_refusal(
        &r,
        "G 8.1.10",
        &[FACA, b.as_str(), "new Entity Assessment for Sharing"],
    );

    // The re-assessment: a new Entity Assessment for Sharing completed after the conclusion.
    eas(&mut reg, &faca, day(3));
    reg.ok(Some(&share), authorise(Role::Micm), day(4));
}

#[test]
fn g8_1_10_negative_investigation_keeps_sharing_halted() {
    let mut reg = registry();
    let (faca, share) = share_ready_for_decision(&mut reg);
    let b = breach(&mut reg, &faca, day(1));

    // The same path with a positive conclusion would be allowed...
    let mut positive = reg.clone();
    positive.ok(Some(&b), conclude(InvestigationOutcome::Positive), day(2));
    eas(&mut positive, &faca, day(3));
    positive.ok(Some(&share), authorise(Role::Micm), day(4));

    // ...a negative one keeps it halted, even with a new assessment.
    reg.ok(Some(&b), conclude(InvestigationOutcome::Negative), day(2));
    eas(&mut reg, &faca, day(3));
    let r = reg.refused(Some(&share), authorise(Role::Micm), day(4));
    assert_refusal(&r, "G 8.1.10", &[FACA, b.as_str(), "negatively"]);
}

// =================================================================== G 8.1.12

#[test]
fn g8_1_12_sanitisation_confirmed_before_authorisation() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    eas(&mut reg, &faca, minute(1));
    let share = draft_share(&mut reg, draft(&faca, Nature::Strategic), minute(2));
    assess_risk(&mut reg, &share, sra(true), minute(3));

    let r = reg.refused(Some(&share), authorise(Role::Micm), minute(4));
    assert_refusal(&r, "G 8.1.12", &["sanitisation"]);

    sanitise(&mut reg, &share, minute(5));
    reg.ok(Some(&share), authorise(Role::Micm), minute(6));
}

// ======================================================================= G 8.2

#[test]
fn g8_2_no_entity_assessment_for_non_mission_un_entity() {
    let mut reg = registry();
    let unicef = entity(&mut reg, UNICEF, EntityKind::NonMissionUn);
    let r = reg.refused(
        None,
        Change::SharingAssessmentStarted {
            entity: unicef,
            overview: sharing_overview(),
            marking: None,
        },
        minute(1),
    );
    assert_refusal(&r, "G 8.2", &[UNICEF, "non-mission UN entity"]);

    // The same assessment of a non-UN entity is allowed.
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    start_eas(&mut reg, &faca, minute(2));
}

#[test]
fn g8_2_1_strategic_pki_to_non_mission_un_entity_is_routed_to_head_of_office() {
    let mut reg = registry();
    let unicef = entity(&mut reg, UNICEF, EntityKind::NonMissionUn);
    let share = draft_share(&mut reg, draft(&unicef, Nature::Strategic), minute(1));
    sanitise(&mut reg, &share, minute(2));
    // No Entity Assessment for Sharing and no Sharing Risk Assessment are needed.
    reg.ok(Some(&share), authorise(Role::Micm), minute(3));
    accept(&mut reg, &share, minute(4));

    let r = reg.refused(Some(&share), mark_shared(minute(5)), minute(5));
    assert_refusal(&r, "G 8.2.1", &[UNICEF, "Head of Office"]);

    // Operational/tactical routing does not satisfy the strategic rule.
    reg.ok(
        Some(&share),
        Change::UnRoutingRecorded {
            routing: UnRouting {
                dss_official: Some("Chief Security Adviser".to_string()),
                ..Default::default()
            },
        },
        minute(6),
    );
    let r = reg.refused(Some(&share), mark_shared(minute(7)), minute(7));
    assert_refusal(&r, "G 8.2.1", &[UNICEF, "Head of Office"]);

    reg.ok(
        Some(&share),
        Change::UnRoutingRecorded {
            routing: UnRouting {
                head_of_office: Some("UNICEF Representative, Bangui".to_string()),
                ..Default::default()
            },
        },
        minute(8),
    );
    reg.ok(Some(&share), mark_shared(minute(9)), minute(9));
    assert_eq!(share_of(&reg, &share).state, ShareState::Shared);
}

#[test]
fn g8_2_1_operational_tactical_pki_goes_to_dss_official_designated_official_and_poc_manager() {
    let mut reg = registry();
    let unicef = entity(&mut reg, UNICEF, EntityKind::NonMissionUn);
    let mut d = draft(&unicef, Nature::OperationalTactical);
    d.product.poc_threat = true;
    let share = draft_share(&mut reg, d, minute(1));
    sanitise(&mut reg, &share, minute(2));
    reg.ok(Some(&share), authorise(Role::Hom), minute(3));
    accept(&mut reg, &share, minute(4));

    let r = reg.refused(Some(&share), mark_shared(minute(5)), minute(5));
    assert_refusal(
        &r,
        "G 8.2.1",
        &[UNICEF, "DSS official", "Designated Official", "PoC manager"],
    );

    let security = UnRouting {
        dss_official: Some("Chief Security Adviser".to_string()),
        designated_official: Some("Resident Coordinator (DO)".to_string()),
        ..Default::default()
    };
    reg.ok(
        Some(&share),
        Change::UnRoutingRecorded {
            routing: security.clone(),
        },
        minute(6),
    );
    let r = reg.refused(Some(&share), mark_shared(minute(7)), minute(7));
    assert_refusal(&r, "G 8.2.1", &[UNICEF, "PoC manager"]);
    assert!(!r.reason.contains("DSS"), "DSS is recorded: {r}");

    reg.ok(
        Some(&share),
        Change::UnRoutingRecorded {
            routing: UnRouting {
                poc_manager_alerted: Some("Senior PoC Adviser".to_string()),
                ..security
            },
        },
        minute(8),
    );
    reg.ok(Some(&share), mark_shared(minute(9)), minute(9));
}

#[test]
fn g8_2_3_originator_control_applies_to_non_mission_un_entities() {
    let mut reg = registry();
    let unicef = entity(&mut reg, UNICEF, EntityKind::NonMissionUn);
    let share = draft_share(&mut reg, draft(&unicef, Nature::Strategic), minute(1));
    sanitise(&mut reg, &share, minute(2));
    reg.ok(Some(&share), authorise(Role::Micm), minute(3));

    let mut no_control = full_acceptance_on(minute(4));
    no_control.originator_control = false;
    let r = reg.refused(
        Some(&share),
        Change::ConditionsAccepted {
            acceptance: no_control,
        },
        minute(4),
    );
    assert_refusal(&r, "G 8.2.3", &[UNICEF, "originator control"]);

    // G 8.2 asks originator control, use limits and marking; not the G 8.1.5 human-rights
    // and equivalent-handling undertakings asked of non-UN entities.
    let mut un_terms = full_acceptance_on(minute(4));
    un_terms.no_violations = false;
    un_terms.equivalent_handling = false;
    reg.ok(
        Some(&share),
        Change::ConditionsAccepted {
            acceptance: un_terms,
        },
        minute(5),
    );
}

#[test]
fn g8_2_5_non_mission_un_share_is_sanitised_before_authorisation() {
    let mut reg = registry();
    let unicef = entity(&mut reg, UNICEF, EntityKind::NonMissionUn);
    let share = draft_share(&mut reg, draft(&unicef, Nature::Strategic), minute(1));
    let r = reg.refused(Some(&share), authorise(Role::Micm), minute(2));
    assert_refusal(&r, "G 8.2.5", &["sanitisation"]);
    sanitise(&mut reg, &share, minute(3));
    reg.ok(Some(&share), authorise(Role::Micm), minute(4));
}

#[test]
fn g8_2_1_routing_is_recorded_only_for_non_mission_un_entities() {
    let mut reg = registry();
    let (_, share) = share_ready_for_decision(&mut reg);
    let r = reg.refused(
        Some(&share),
        Change::UnRoutingRecorded {
            routing: UnRouting {
                head_of_office: Some("someone".to_string()),
                ..Default::default()
            },
        },
        minute(5),
    );
    assert_refusal(&r, "G 8.2.1", &[FACA, "not a non-mission UN entity"]);
}

// ============================================================ G 8 Sharing Authority

#[test]
fn g8_sharing_authority_decision_by_role_not_named_in_delegation_matrix_is_refused() {
    let mut reg = registry();
    let (_, share) = share_ready_for_decision(&mut reg); // strategic

    let r = reg.refused(Some(&share), authorise(Role::Legal), minute(10));
    assert_refusal(
        &r,
        "G 8 (Sharing Authority)",
        &["MICM Chair", "Legal Office"],
    );
    assert_eq!(r.next, Some(Role::Micm));

    // Declining is a decision too.
    let decline = Change::ShareDecided {
        decided_at: None,
        authorise: false,
        authority: Role::Imfp,
        reason: "not needed".to_string(),
        pre_authorisation: None,
    };
    let r = reg.refused(Some(&share), decline, minute(11));
    assert_refusal(&r, "G 8 (Sharing Authority)", &["MICM Chair", "IM FP"]);

    reg.ok(Some(&share), authorise(Role::Micm), minute(12));
}

#[test]
fn g8_sharing_authority_a_head_of_mission_decides_a_strategic_share_under_the_default_matrix() {
    // G 8 "Sharing Authority" a: the authority lies with the HoM; delegating it to the MICM
    // Chair for strategic PKI hands it down without taking it from the HoM.
    let mut reg = registry();
    let (_, share) = share_ready_for_decision(&mut reg); // strategic
    reg.ok(Some(&share), authorise(Role::Hom), minute(10));
    assert_eq!(share_of(&reg, &share).state, ShareState::Authorised);
}

#[test]
fn g8_sharing_authority_operational_tactical_defaults_to_head_of_mission() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    eas(&mut reg, &faca, minute(1));
    let share = draft_share(
        &mut reg,
        draft(&faca, Nature::OperationalTactical),
        minute(2),
    );
    sanitise(&mut reg, &share, minute(3));
    assess_risk(&mut reg, &share, sra(true), minute(4));

    let r = reg.refused(Some(&share), authorise(Role::Micm), minute(5));
    assert_refusal(
        &r,
        "G 8 (Sharing Authority)",
        &["Head of Mission", "MICM Chair"],
    );
    reg.ok(Some(&share), authorise(Role::Hom), minute(6));
}

#[test]
fn g8_sharing_authority_follows_the_missions_own_delegation_matrix() {
    let mut settings = MissionSettings::new("MINUSCA");
    settings.delegation.rules.insert(
        0,
        DelegationRule {
            decision: Decision::Share,
            nature: None,
            classification: Some(Classification::Unclassified),
            entity_kind: None,
            authority: Role::Delegate,
            person: None,
            support_plan: "MISP 4.2".to_string(),
        },
    );
    let mut reg = registry_with(settings);
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    eas(&mut reg, &faca, minute(1));
    let mut d = draft(&faca, Nature::Strategic);
    d.product.marking = Marking::un(Classification::Unclassified);
    let share = draft_share(&mut reg, d, minute(2));
    sanitise(&mut reg, &share, minute(3));
    assess_risk(&mut reg, &share, sra(true), minute(4));

    let r = reg.refused(Some(&share), authorise(Role::Micm), minute(5));
    assert_refusal(
        &r,
        "G 8 (Sharing Authority)",
        &["delegated authority", "MICM Chair"],
    );
    reg.ok(Some(&share), authorise(Role::Delegate), minute(6));
}

// ========================================================== G 8.1.8 pre-authorised

#[test]
fn g8_1_8_valid_pre_authorised_entry_lets_share_be_authorised_without_risk_assessment() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    eas(&mut reg, &faca, minute(1));
    let entry = pre_authorise(&mut reg, &faca, Direction::Sharing, minute(2));
    let share = draft_share(&mut reg, draft(&faca, Nature::Strategic), minute(3));
    sanitise(&mut reg, &share, minute(4));

    // Without relying on the entry, the per-product risk assessment is missing.
    let r = reg.refused(Some(&share), authorise(Role::Micm), minute(5));
    assert_refusal(&r, "G 8.1.1", &["Sharing Risk Assessment"]);

    reg.ok(Some(&share), authorise_pre(Role::Micm, &entry), minute(6));
    assert_eq!(share_of(&reg, &share).pre_authorisation, Some(entry));
}

#[test]
fn g8_1_8_pre_authorised_entry_expires_at_its_review_date() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    eas(&mut reg, &faca, t0());
    let entry = pre_authorise(&mut reg, &faca, Direction::Sharing, t0()); // review due day 90
    eas(&mut reg, &faca, day(60)); // the entity assessment is reviewed on time: current to day 150
    let share = draft_share(&mut reg, draft(&faca, Nature::Strategic), day(89));
    sanitise(&mut reg, &share, day(89));

    let mut on_the_day = reg.clone();
    on_the_day.ok(Some(&share), authorise_pre(Role::Micm, &entry), day(90));

    let r = reg.refused(Some(&share), authorise_pre(Role::Micm, &entry), day(91));
    assert_refusal(
        &r,
        "G 8.1.8",
        &[FACA, entry.as_str(), "expired", "2027-01-30"],
    );

    reg.ok(
        Some(&entry),
        pre_review(direction_of(&reg, &entry)),
        day(91),
    );
    reg.ok(Some(&share), authorise_pre(Role::Micm, &entry), day(91));
}

#[test]
fn g8_1_8_pre_authorised_entry_covers_only_up_to_its_classification() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    eas(&mut reg, &faca, minute(1));
    let entry = pre_authorise(&mut reg, &faca, Direction::Sharing, minute(2)); // up to Confidential
    let mut d = draft(&faca, Nature::Strategic);
    d.product.marking = Marking::un(Classification::StrictlyConfidential);
    let above = draft_share(&mut reg, d, minute(3));
    sanitise(&mut reg, &above, minute(3));
    let r = reg.refused(Some(&above), authorise_pre(Role::Micm, &entry), minute(4));
    assert_refusal(&r, "G 8.1.8", &[entry.as_str(), "STRICTLY CONFIDENTIAL"]);

    let within = draft_share(&mut reg, draft(&faca, Nature::Strategic), minute(5));
    sanitise(&mut reg, &within, minute(5));
    reg.ok(Some(&within), authorise_pre(Role::Micm, &entry), minute(6));
}

// =========================================================== G 9.1 – 9.3 imminent threat

#[test]
fn g9_2_imminent_threat_receipt_gets_deadline_from_settings() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let mut c = capture(&faca, Nature::OperationalTactical, minute(10));
    c.imminent_threat = true;
    let urgent = register(&mut reg, c.clone(), minute(15));
    assert_eq!(receipt_of(&reg, &urgent).deadline, Some(minute(10 + 120)));

    let routine = register(
        &mut reg,
        capture(&faca, Nature::OperationalTactical, minute(10)),
        minute(15),
    );
    assert_eq!(receipt_of(&reg, &routine).deadline, None);

    let mut settings = MissionSettings::new("MINUSCA");
    settings.urgent_receipt_limit_minutes = 45;
    let mut reg = registry_with(settings);
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    c.source = faca;
    let urgent = register(&mut reg, c, minute(15));
    assert_eq!(receipt_of(&reg, &urgent).deadline, Some(minute(10 + 45)));
}

#[test]
fn g9_3_alerts_recorded_before_clearance() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    ear(&mut reg, &faca, Reliability::B, t0());
    let mut c = capture(&faca, Nature::OperationalTactical, minute(1));
    c.imminent_threat = true;
    let rcp = register(&mut reg, c, minute(2));
    scan(&mut reg, &rcp, irs(false, &[]), minute(3));

    let r = reg.refused(Some(&rcp), clear(), minute(4));
    assert_refusal(
        &r,
        "G 9.3",
        &["Force Commander and/or Police Commissioner", "IM FP", "DSS"],
    );

    // The Police Commissioner alone answers "FC and/or PC".
    reg.ok(
        Some(&rcp),
        alert(AlertRecipient::PoliceCommissioner, minute(5)),
        minute(5),
    );
    reg.ok(
        Some(&rcp),
        alert(AlertRecipient::ImFp, minute(5)),
        minute(5),
    );
    let r = reg.refused(Some(&rcp), clear(), minute(6));
    assert_refusal(&r, "G 9.3", &["DSS"]);
    assert!(
        !r.reason.contains("Commissioner"),
        "PC alert is recorded: {r}"
    );

    reg.ok(Some(&rcp), alert(AlertRecipient::Dss, minute(7)), minute(7));
    reg.ok(Some(&rcp), clear(), minute(8));
}

#[test]
fn g9_3_poc_threat_also_requires_the_poc_manager_alert() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    ear(&mut reg, &faca, Reliability::B, t0());
    let mut c = capture(&faca, Nature::OperationalTactical, minute(1));
    c.imminent_threat = true;
    c.poc_threat = true;
    let rcp = register(&mut reg, c, minute(2));
    scan(&mut reg, &rcp, irs(false, &[]), minute(3));
    for to in [
        AlertRecipient::ForceCommander,
        AlertRecipient::ImFp,
        AlertRecipient::Dss,
    ] {
        reg.ok(Some(&rcp), alert(to, minute(4)), minute(4));
    }

    let r = reg.refused(Some(&rcp), clear(), minute(5));
    assert_refusal(&r, "G 9.3", &["PoC manager"]);

    reg.ok(
        Some(&rcp),
        alert(AlertRecipient::PocManager, minute(6)),
        minute(6),
    );
    reg.ok(Some(&rcp), clear(), minute(7));
}

#[test]
fn g9_2_imminent_threat_receipt_sits_in_urgent_queue_until_dispositioned() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    ear(&mut reg, &faca, Reliability::B, t0());
    let mut c = capture(&faca, Nature::OperationalTactical, minute(0));
    c.imminent_threat = true;
    let rcp = register(&mut reg, c, minute(1));
    let deadline = minute(120);

    let record = reg.view.record(&rcp).unwrap();
    let urgent = Placement {
        queue: Queue::Urgent,
        key: deadline.timestamp(),
    };
    assert!(
        queue::placements(&record).contains(&urgent),
        "{:?}",
        queue::placements(&record)
    );

    // The urgent item shows the time left and the alerts still missing.
    let item = queue::present(Queue::Urgent, urgent.key, &record, &reg.view, minute(30));
    assert_eq!(item.seconds_left, Some(90 * 60));
    assert_eq!(item.due, Some(deadline.to_rfc3339()));
    assert!(item.missing_alerts.contains(&"DSS"), "{item:?}");
    assert!(item.waiting_on.contains("G 9.3"), "{item:?}");

    for to in [
        AlertRecipient::ForceCommander,
        AlertRecipient::ImFp,
        AlertRecipient::Dss,
    ] {
        reg.ok(Some(&rcp), alert(to, minute(5)), minute(5));
    }
    scan(&mut reg, &rcp, irs(false, &[]), minute(20));
    reg.ok(Some(&rcp), clear(), minute(30));
    // Cleared is not yet dispositioned: the dissemination decision is still urgent.
    let record = reg.view.record(&rcp).unwrap();
    assert!(queue::placements(&record).contains(&urgent));

    reg.ok(Some(&rcp), disseminate(Role::Hom, None), minute(40));
    let record = reg.view.record(&rcp).unwrap();
    assert!(
        queue::placements(&record).is_empty(),
        "{:?}",
        queue::placements(&record)
    );
}

#[test]
fn g9_2_rejected_imminent_threat_receipt_leaves_the_urgent_queue() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let mut c = capture(&faca, Nature::OperationalTactical, minute(0));
    c.imminent_threat = true;
    let rcp = register(&mut reg, c, minute(1));
    let in_urgent = |reg: &MemoryRegistry| {
        let record = reg.view.record(&rcp).unwrap();
        queue::placements(&record)
            .iter()
            .any(|p| p.queue == Queue::Urgent)
    };
    assert!(in_urgent(&reg));
    reg.ok(
        Some(&rcp),
        Change::ReceiptRejected {
            rejection: Rejection {
                reason: "duplicate of RCP already held".to_string(),
                grave_violations: false,
                human_rights_informed: false,
                human_rights_notice: None,
            },
        },
        minute(10),
    );
    assert!(!in_urgent(&reg));
}

// ============================================================== G 9.4 – 9.7

#[test]
fn g9_4_no_clearance_without_entity_assessment_for_receipt() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let rcp = register(
        &mut reg,
        capture(&faca, Nature::OperationalTactical, minute(1)),
        minute(1),
    );
    scan(&mut reg, &rcp, irs(false, &[]), minute(2));

    let r = reg.refused(Some(&rcp), clear(), minute(3));
    assert_refusal(&r, "G 9.4", &[FACA, "Entity Assessment for Receipt"]);

    ear(&mut reg, &faca, Reliability::B, minute(4));
    reg.ok(Some(&rcp), clear(), minute(5));
}

#[test]
fn g9_5_1_entity_assessment_for_receipt_needs_its_human_rights_part() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let assessment = start_ear(&mut reg, &faca, Reliability::B, minute(1));
    let rcp = register(
        &mut reg,
        capture(&faca, Nature::OperationalTactical, minute(1)),
        minute(1),
    );
    scan(&mut reg, &rcp, irs(false, &[]), minute(2));

    let r = reg.refused(Some(&rcp), clear(), minute(3));
    assert_refusal(
        &r,
        "G 9.5.1",
        &[FACA, assessment.as_str(), "human rights scan"],
    );

    reg.ok(
        Some(&assessment),
        Change::ReceiptAssessmentHumanRightsRecorded {
            scan: human_rights_scan(),
        },
        minute(4),
    );
    reg.ok(Some(&rcp), clear(), minute(5));
}

#[test]
fn g9_5_2_entity_assessment_for_receipt_past_its_review_date_is_not_current() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    ear(&mut reg, &faca, Reliability::B, t0());
    let rcp = register(
        &mut reg,
        capture(&faca, Nature::OperationalTactical, day(91)),
        day(91),
    );
    scan(&mut reg, &rcp, irs(false, &[]), day(91));

    let mut on_the_day = reg.clone();
    on_the_day.ok(Some(&rcp), clear(), day(90));

    let r = reg.refused(Some(&rcp), clear(), day(91));
    assert_refusal(&r, "G 9.5.2", &[FACA, "2027-01-30", "not current"]);

    ear(&mut reg, &faca, Reliability::B, day(91));
    reg.ok(Some(&rcp), clear(), day(91));
}

#[test]
fn g9_4_no_clearance_without_intelligence_receipt_scan() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    ear(&mut reg, &faca, Reliability::B, minute(1));
    let rcp = register(
        &mut reg,
        capture(&faca, Nature::OperationalTactical, minute(2)),
        minute(2),
    );

    let r = reg.refused(Some(&rcp), clear(), minute(3));
    assert_refusal(&r, "G 9.4", &["Intelligence Receipt Scan", RCP_REF]);

    scan(&mut reg, &rcp, irs(false, &[]), minute(4));
    reg.ok(Some(&rcp), clear(), minute(5));
}

#[test]
fn g9_6_scan_must_answer_every_annex_e_question() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let rcp = register(
        &mut reg,
        capture(&faca, Nature::OperationalTactical, minute(1)),
        minute(1),
    );
    let mut short = irs(false, &[]);
    short.answers.pop();
    let r = reg.refused(
        Some(&rcp),
        Change::ReceiptScanned { scan: short },
        minute(2),
    );
    assert_refusal(&r, "G 9.6", &["Annex E", "6 questions", "5 answered"]);
    scan(&mut reg, &rcp, irs(false, &[]), minute(3));
}

#[test]
fn g9_7_no_dissemination_before_clearance() {
    let mut reg = registry();
    let (_, rcp) = receipt_ready_for_clearance(&mut reg, Reliability::B);

    let r = reg.refused(Some(&rcp), disseminate(Role::Hom, None), minute(1));
    assert_refusal(&r, "G 9.7", &[rcp.as_str(), "not cleared"]);

    reg.ok(Some(&rcp), clear(), minute(2));
    reg.ok(Some(&rcp), disseminate(Role::Hom, None), minute(3));
    assert_eq!(receipt_of(&reg, &rcp).state, ReceiptState::Disseminated);
}

#[test]
fn g9_7_dissemination_only_by_competent_authority() {
    // Operational/tactical: the Head of Mission by default.
    let mut reg = registry();
    let (_, rcp) = receipt_ready_for_clearance(&mut reg, Reliability::B);
    reg.ok(Some(&rcp), clear(), minute(1));
    let r = reg.refused(Some(&rcp), disseminate(Role::Micm, None), minute(2));
    assert_refusal(&r, "G 9.7", &["Head of Mission", "MICM Chair"]);
    assert_eq!(r.next, Some(Role::Hom));
    reg.ok(Some(&rcp), disseminate(Role::Hom, None), minute(3));

    // Strategic: the MICM Chair by default.
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    ear(&mut reg, &faca, Reliability::B, t0());
    let rcp = register(
        &mut reg,
        capture(&faca, Nature::Strategic, minute(1)),
        minute(1),
    );
    scan(&mut reg, &rcp, irs(false, &[]), minute(2));
    reg.ok(Some(&rcp), clear(), minute(3));
    let r = reg.refused(Some(&rcp), disseminate(Role::Delegate, None), minute(4));
    assert_refusal(&r, "G 9.7", &["MICM Chair", "delegated authority"]);
    reg.ok(Some(&rcp), disseminate(Role::Micm, None), minute(5));
}

#[test]
fn g9_receiving_authority_head_of_mission_keeps_what_was_delegated() {
    // G E "HoM": the matrix names the MICM Chair for strategic intelligence; the Head of
    // Mission, who delegated it, may still decide.
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    ear(&mut reg, &faca, Reliability::B, t0());
    let rcp = register(
        &mut reg,
        capture(&faca, Nature::Strategic, minute(1)),
        minute(1),
    );
    scan(&mut reg, &rcp, irs(false, &[]), minute(2));
    reg.ok(Some(&rcp), clear(), minute(3));
    reg.ok(Some(&rcp), disseminate(Role::Hom, None), minute(4));
    assert_eq!(receipt_of(&reg, &rcp).state, ReceiptState::Disseminated);
}

#[test]
fn g9_7_dissemination_names_who_may_see_it() {
    let mut reg = registry();
    let (_, rcp) = receipt_ready_for_clearance(&mut reg, Reliability::B);
    reg.ok(Some(&rcp), clear(), minute(1));
    let nobody = Change::DisseminationToPeopleDecided {
        dissemination: Dissemination {
            authority: Role::Hom,
            recipients: Vec::new(),
            people: Vec::new(),
            flag: None,
            disseminated_at: None,
        },
    };
    let r = reg.refused(Some(&rcp), nobody, minute(2));
    assert_refusal(&r, "G 9.7", &["need to know"]);
    reg.ok(Some(&rcp), disseminate(Role::Hom, None), minute(3));
}

// ======================================================================= G 9.8

#[test]
fn g9_8_onward_sharing_of_received_intelligence_needs_originators_written_approval() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let rcp = register(
        &mut reg,
        capture(&faca, Nature::Strategic, minute(1)),
        minute(1),
    );
    let ministry = entity(&mut reg, MINISTRY, EntityKind::OtherNonUnCivilian);
    let unicef = entity(&mut reg, UNICEF, EntityKind::NonMissionUn);
    // Only a product the mission accepted and cleared can be drawn on (G 9.7).
    ear(&mut reg, &faca, Reliability::B, minute(1));
    scan(&mut reg, &rcp, irs(false, &[]), minute(1));
    reg.ok(Some(&rcp), clear(), minute(1));
    eas(&mut reg, &ministry, minute(2));
    let mut d = draft(&ministry, Nature::Strategic);
    d.derived_from = vec![rcp.clone()];
    let share = draft_share(&mut reg, d, minute(3));
    sanitise(&mut reg, &share, minute(4));
    assess_risk(&mut reg, &share, sra(true), minute(5));

    let r = reg.refused(Some(&share), authorise(Role::Micm), minute(6));
    assert_refusal(
        &r,
        "G 9.8",
        &[FACA, MINISTRY, rcp.as_str(), "written approval"],
    );

    // An approval for another recipient does not count.
    let approve = |to: &RecordId| Change::OnwardSharingApproved {
        approval: OnwardSharingApproval {
            to_entity: to.clone(),
            approved_by: "Col. Ndoumba, G2".to_string(),
            document: "letter FACA/G2/2026/80".to_string(),
        },
    };
    reg.ok(Some(&rcp), approve(&unicef), minute(7));
    let r = reg.refused(Some(&share), authorise(Role::Micm), minute(8));
    assert_refusal(&r, "G 9.8", &[FACA, MINISTRY]);

    reg.ok(Some(&rcp), approve(&ministry), minute(9));
    reg.ok(Some(&share), authorise(Role::Micm), minute(10));
}

#[test]
fn g9_8_onward_approval_must_be_in_writing() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let ministry = entity(&mut reg, MINISTRY, EntityKind::OtherNonUnCivilian);
    let rcp = register(
        &mut reg,
        capture(&faca, Nature::Strategic, minute(1)),
        minute(1),
    );
    let mut approval = OnwardSharingApproval {
        to_entity: ministry,
        approved_by: "Col. Ndoumba, G2".to_string(),
        document: String::new(),
    };
    let r = reg.refused(
        Some(&rcp),
        Change::OnwardSharingApproved {
            approval: approval.clone(),
        },
        minute(2),
    );
    assert_refusal(&r, "G 9.8", &["written approval"]);
    approval.document = "letter FACA/G2/2026/80".to_string();
    reg.ok(
        Some(&rcp),
        Change::OnwardSharingApproved { approval },
        minute(3),
    );
}

#[test]
fn g9_8_unconfirmed_handling_standards_block_clearance() {
    let mut reg = registry();
    let standards = "two-person control, NATO SECRET safe";
    let faca = entity_with_standards(&mut reg, FACA, standards);
    ear(&mut reg, &faca, Reliability::B, t0());
    let rcp = register(
        &mut reg,
        capture(&faca, Nature::OperationalTactical, minute(1)),
        minute(1),
    );
    scan(&mut reg, &rcp, irs(false, &[]), minute(2));

    let r = reg.refused(Some(&rcp), clear(), minute(3));
    assert_refusal(&r, "G 9.8", &[FACA, standards]);

    reg.ok(Some(&faca), Change::HandlingStandardsConfirmed, minute(4));
    reg.ok(Some(&rcp), clear(), minute(5));
}

#[test]
fn g9_8_originators_unconfirmed_handling_standards_block_clearance_of_product_passed_on_by_un_entity()
 {
    let mut reg = registry();
    let unicef = entity(&mut reg, UNICEF, EntityKind::NonMissionUn);
    let standards = "two-person control, NATO SECRET safe";
    let faca = entity_with_standards(&mut reg, FACA, standards);
    ear(&mut reg, &faca, Reliability::B, t0());
    let mut c = capture(&unicef, Nature::OperationalTactical, minute(1));
    c.originator = Some(faca.clone());
    let rcp = register(&mut reg, c, minute(1));
    scan(&mut reg, &rcp, irs(false, &[]), minute(2));

    let r = reg.refused(Some(&rcp), clear(), minute(3));
    assert_refusal(&r, "G 9.8", &[FACA, standards]);

    reg.ok(Some(&faca), Change::HandlingStandardsConfirmed, minute(4));
    reg.ok(Some(&rcp), clear(), minute(5));
}

#[test]
fn g9_13_product_passed_on_by_un_entity_is_assessed_on_its_non_un_originator() {
    let mut reg = registry();
    let unicef = entity(&mut reg, UNICEF, EntityKind::NonMissionUn);
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let mut c = capture(&unicef, Nature::OperationalTactical, minute(1));
    c.originator = Some(faca.clone());
    let rcp = register(&mut reg, c, minute(1));
    scan(&mut reg, &rcp, irs(false, &[]), minute(2));

    let r = reg.refused(Some(&rcp), clear(), minute(3));
    assert_refusal(&r, "G 9.4", &[FACA, "Entity Assessment for Receipt"]);
    ear(&mut reg, &faca, Reliability::B, minute(4));
    reg.ok(Some(&rcp), clear(), minute(5));
}

// ======================================================================= G 9.9

#[test]
fn g9_9_scan_finding_grave_violations_refuses_clearance() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    ear(&mut reg, &faca, Reliability::B, t0());
    let tainted = register(
        &mut reg,
        capture(&faca, Nature::OperationalTactical, minute(1)),
        minute(1),
    );
    scan(&mut reg, &tainted, irs(true, &[]), minute(2));
    let r = reg.refused(Some(&tainted), clear(), minute(3));
    assert_refusal(&r, "G 9.9", &["grave violations", "Human Rights Component"]);

    // The same product, scanned clean, is cleared.
    let clean = register(
        &mut reg,
        capture(&faca, Nature::OperationalTactical, minute(4)),
        minute(4),
    );
    scan(&mut reg, &clean, irs(false, &[]), minute(5));
    reg.ok(Some(&clean), clear(), minute(6));
}

#[test]
fn g9_9_rejection_recorded_as_grave_violations_with_human_rights_component_informed() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let rcp = register(
        &mut reg,
        capture(&faca, Nature::OperationalTactical, minute(1)),
        minute(1),
    );
    scan(&mut reg, &rcp, irs(true, &[]), minute(2));
    let reject = |grave_violations, human_rights_informed| Change::ReceiptRejected {
        rejection: Rejection {
            reason: "statements taken from detainees held incommunicado".to_string(),
            grave_violations,
            human_rights_informed,
            human_rights_notice: human_rights_informed.then(|| {
                registrar::domain::follow_up::HumanRightsNotice {
                    to: "HRD duty officer".to_string(),
                    at: minute(3),
                }
            }),
        },
    };

    let r = reg.refused(Some(&rcp), reject(false, false), minute(3));
    assert_refusal(&r, "G 9.9", &["grave violations"]);
    let r = reg.refused(Some(&rcp), reject(true, false), minute(3));
    assert_refusal(&r, "G 9.9", &["Human Rights Component"]);

    reg.ok(Some(&rcp), reject(true, true), minute(4));
    let rejected = receipt_of(&reg, &rcp);
    assert_eq!(rejected.state, ReceiptState::Rejected);
    let rejection = rejected.rejection.unwrap();
    assert!(rejection.grave_violations && rejection.human_rights_informed);
}

#[test]
fn g9_9_grave_violations_finding_cannot_be_scanned_away() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    ear(&mut reg, &faca, Reliability::B, t0());
    let rcp = register(
        &mut reg,
        capture(&faca, Nature::OperationalTactical, minute(1)),
        minute(1),
    );
    scan(&mut reg, &rcp, irs(true, &[]), minute(2));

    let r = reg.refused(
        Some(&rcp),
        Change::ReceiptScanned {
            scan: irs(false, &[]),
        },
        minute(3),
    );
    assert_refusal(&r, "G 9.9", &["grave violations"]);
    let r = reg.refused(Some(&rcp), clear(), minute(4));
    assert_refusal(&r, "G 9.9", &["grave violations"]);
}

#[test]
fn g9_9_product_rejected_for_grave_violations_is_never_shared_onward() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    ear(&mut reg, &faca, Reliability::B, t0());
    let ministry = entity(&mut reg, MINISTRY, EntityKind::OtherNonUnCivilian);
    eas(&mut reg, &ministry, t0());
    let approve = Change::OnwardSharingApproved {
        approval: OnwardSharingApproval {
            to_entity: ministry.clone(),
            approved_by: "Col. Ndoumba, G2".to_string(),
            document: "letter FACA/G2/2026/80".to_string(),
        },
    };
    // A share drawn from `rcp`, as far as the rules let it go: the refusal it meets.
    let share_onward = |reg: &mut MemoryRegistry, rcp: &RecordId, at: Time| {
        let mut d = draft(&ministry, Nature::Strategic);
        d.derived_from = vec![rcp.clone()];
        let share = match reg.execute(None, Change::ShareDrafted { draft: d }, ACTOR, at) {
            Err(refused) => return Err(refused),
            Ok(id) => id,
        };
        sanitise(reg, &share, at);
        assess_risk(reg, &share, sra(true), at);
        reg.execute(Some(&share), authorise(Role::Micm), ACTOR, at)
    };

    // Control: a cleared product with the originator's approval may go onward.
    let clean = register(
        &mut reg,
        capture(&faca, Nature::Strategic, minute(1)),
        minute(1),
    );
    scan(&mut reg, &clean, irs(false, &[]), minute(2));
    reg.ok(Some(&clean), clear(), minute(3));
    reg.ok(Some(&clean), approve.clone(), minute(4));
    share_onward(&mut reg, &clean, minute(5)).expect("a cleared, approved product goes onward");

    // A product the mission rejected under G 9.9 must not, even with the approval.
    let tainted = register(
        &mut reg,
        capture(&faca, Nature::Strategic, minute(6)),
        minute(6),
    );
    scan(&mut reg, &tainted, irs(true, &[]), minute(7));
    reg.ok(
        Some(&tainted),
        Change::ReceiptRejected {
            rejection: Rejection {
                reason: "statements taken from detainees held incommunicado".to_string(),
                grave_violations: true,
                human_rights_informed: true,
                human_rights_notice: Some(registrar::domain::follow_up::HumanRightsNotice {
                    to: "HRD duty officer".to_string(),
                    at: minute(8),
                }),
            },
        },
        minute(8),
    );
    reg.ok(Some(&tainted), approve, minute(9));
    let r = share_onward(&mut reg, &tainted, minute(10)).expect_err("G 9.9: never accepted");
    assert_refusal(&r, "G 9.9", &[tainted.as_str()]);
}

// ====================================================================== G 9.12

#[test]
fn g9_12_red_flags_force_flagged_dissemination() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    ear(&mut reg, &faca, Reliability::B, t0());
    let rcp = register(
        &mut reg,
        capture(&faca, Nature::OperationalTactical, minute(1)),
        minute(1),
    );
    let flag = "single uncorroborated source";
    scan(&mut reg, &rcp, irs(false, &[flag]), minute(2));
    reg.ok(Some(&rcp), clear(), minute(3));

    let r = reg.refused(Some(&rcp), disseminate(Role::Hom, None), minute(4));
    assert_refusal(&r, "G 9.12", &[flag, "flag"]);
    let r = reg.refused(Some(&rcp), disseminate(Role::Hom, Some("  ")), minute(4));
    assert_refusal(&r, "G 9.12", &[flag]);

    reg.ok(
        Some(&rcp),
        disseminate(
            Role::Hom,
            Some("uncorroborated: cross-check with UNPOL reporting"),
        ),
        minute(5),
    );
    let d = receipt_of(&reg, &rcp).dissemination.unwrap();
    assert!(d.flag.is_some());
}

#[test]
fn g9_12_entity_graded_c_or_d_forces_flagged_dissemination() {
    for grade in [Reliability::C, Reliability::D] {
        let mut reg = registry();
        let (_, rcp) = receipt_ready_for_clearance(&mut reg, grade);
        reg.ok(Some(&rcp), clear(), minute(1));
        let r = reg.refused(Some(&rcp), disseminate(Role::Hom, None), minute(2));
        assert_refusal(&r, "G 9.12", &[FACA, grade.meaning()]);
        reg.ok(
            Some(&rcp),
            disseminate(Role::Hom, Some("source graded unreliable")),
            minute(3),
        );
    }
    // A reliable (or not judged) entity and a clean scan need no flag.
    for grade in [Reliability::A, Reliability::B, Reliability::E] {
        let mut reg = registry();
        let (_, rcp) = receipt_ready_for_clearance(&mut reg, grade);
        reg.ok(Some(&rcp), clear(), minute(1));
        reg.ok(Some(&rcp), disseminate(Role::Hom, None), minute(2));
    }
}

#[test]
fn g9_12_red_flags_not_on_the_mission_list_are_refused() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let rcp = register(
        &mut reg,
        capture(&faca, Nature::OperationalTactical, minute(1)),
        minute(1),
    );
    let unlisted = "timing suspiciously convenient";

    let r = reg.refused(
        Some(&rcp),
        Change::ReceiptScanned {
            scan: irs(false, &[unlisted]),
        },
        minute(2),
    );
    assert_refusal(&r, "G 9.12", &[unlisted, "red-flag list"]);

    // Listed flags are accepted; and once the mission adds the flag to its list, so is it.
    scan(
        &mut reg,
        &rcp,
        irs(false, &["detainee-derived information"]),
        minute(3),
    );
    let mut settings = MissionSettings::new("MINUSCA");
    settings.red_flags.push(unlisted.to_string());
    reg.ok(
        Some(&registrar::domain::ids::settings_id()),
        Change::SettingsChanged { settings },
        minute(4),
    );
    scan(&mut reg, &rcp, irs(false, &[unlisted]), minute(5));
}

// ======================================================== G 9.10 pre-authorised receipt

#[test]
fn g9_10_valid_pre_authorised_entry_lets_receipt_be_cleared_without_scan() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    ear(&mut reg, &faca, Reliability::B, t0());
    let entry = pre_authorise(&mut reg, &faca, Direction::Receipt, t0());
    let rcp = register(
        &mut reg,
        capture(&faca, Nature::OperationalTactical, minute(1)),
        minute(1),
    );

    let r = reg.refused(Some(&rcp), clear(), minute(2));
    assert_refusal(&r, "G 9.4", &["Intelligence Receipt Scan", RCP_REF]);

    reg.ok(
        Some(&rcp),
        Change::ReceiptCleared {
            pre_authorisation: Some(entry.clone()),
        },
        minute(3),
    );
    let cleared = receipt_of(&reg, &rcp);
    assert_eq!(cleared.state, ReceiptState::Cleared);
    assert_eq!(cleared.pre_authorisation, Some(entry));
    assert!(cleared.scan.is_none());
}

#[test]
fn g9_10_pre_authorised_receipt_entry_expires_at_its_review_date() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let entry = pre_authorise(&mut reg, &faca, Direction::Receipt, t0()); // review due day 90
    ear(&mut reg, &faca, Reliability::B, day(60)); // current to day 150
    let rcp = register(
        &mut reg,
        capture(&faca, Nature::OperationalTactical, day(89)),
        day(89),
    );
    let clear_pre = || Change::ReceiptCleared {
        pre_authorisation: Some(entry.clone()),
    };

    let mut on_the_day = reg.clone();
    on_the_day.ok(Some(&rcp), clear_pre(), day(90));

    let r = reg.refused(Some(&rcp), clear_pre(), day(91));
    assert_refusal(
        &r,
        "G 9.10",
        &[FACA, entry.as_str(), "expired", "2027-01-30"],
    );

    reg.ok(
        Some(&entry),
        pre_review(direction_of(&reg, &entry)),
        day(91),
    );
    reg.ok(Some(&rcp), clear_pre(), day(91));
}

#[test]
fn g9_10_sharing_entry_is_not_a_receipt_entry() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    eas(&mut reg, &faca, t0());
    ear(&mut reg, &faca, Reliability::B, t0());
    let sharing = pre_authorise(&mut reg, &faca, Direction::Sharing, t0());
    let receipt = pre_authorise(&mut reg, &faca, Direction::Receipt, t0());
    let rcp = register(
        &mut reg,
        capture(&faca, Nature::OperationalTactical, minute(1)),
        minute(1),
    );
    let r = reg.refused(
        Some(&rcp),
        Change::ReceiptCleared {
            pre_authorisation: Some(sharing.clone()),
        },
        minute(2),
    );
    assert_refusal(
        &r,
        "G 9.10",
        &[sharing.as_str(), "not a pre-authorised receipt entry"],
    );
    reg.ok(
        Some(&rcp),
        Change::ReceiptCleared {
            pre_authorisation: Some(receipt),
        },
        minute(3),
    );
}

// ================================================================= pending queue

#[test]
fn queue_share_waits_on_g8_1_4_entity_assessment_naming_the_entity() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let share = draft_share(&mut reg, draft(&faca, Nature::Strategic), minute(1));
    sanitise(&mut reg, &share, minute(2));
    assess_risk(&mut reg, &share, sra(true), minute(3));

    let step = pending_step(&reg, &share, minute(4));
    assert!(step.waiting_on.contains("G 8.1.4"), "{step:?}");
    assert!(step.waiting_on.contains(FACA), "{step:?}");
    assert_eq!(step.who_acts, Role::Analyst);

    eas(&mut reg, &faca, minute(5));
    let step = pending_step(&reg, &share, minute(6));
    assert!(
        step.waiting_on.contains("G 8: decision to share"),
        "{step:?}"
    );
    assert!(step.waiting_on.contains("MICM Chair"), "{step:?}");
    assert_eq!(step.who_acts, Role::Micm);
}

#[test]
fn queue_draft_without_either_assessment_names_the_missing_entity_assessment() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let share = draft_share(&mut reg, draft(&faca, Nature::Strategic), minute(1));
    let step = pending_step(&reg, &share, minute(2));
    assert!(step.waiting_on.contains("G 8.1.4"), "{step:?}");
    assert!(step.waiting_on.contains(FACA), "{step:?}");
}

#[test]
fn queue_draft_with_entity_assessment_waits_on_risk_assessment_by_analyst() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    eas(&mut reg, &faca, minute(1));
    let share = draft_share(&mut reg, draft(&faca, Nature::Strategic), minute(2));
    let step = pending_step(&reg, &share, minute(3));
    assert!(step.waiting_on.contains("G 8.1.3"), "{step:?}");
    assert_eq!(step.who_acts, Role::Analyst);
}

#[test]
fn queue_share_halted_by_breach_says_so_and_the_head_of_mission_acts() {
    let mut reg = registry();
    let (faca, share) = share_ready_for_decision(&mut reg);
    let b = breach(&mut reg, &faca, day(1));
    let step = pending_step(&reg, &share, day(2));
    assert!(step.waiting_on.contains("G 8.1.10"), "{step:?}");
    assert!(step.waiting_on.contains(b.as_str()), "{step:?}");
    assert_eq!(step.who_acts, Role::Hom);
}

#[test]
fn queue_presents_authorised_share_as_waiting_on_written_acceptance() {
    let mut reg = registry();
    let (_, share) = share_ready_for_decision(&mut reg);
    reg.ok(Some(&share), authorise(Role::Micm), minute(10));
    let record = reg.view.record(&share).unwrap();
    let placement = queue::placements(&record)
        .into_iter()
        .find(|p| p.queue == Queue::Pending)
        .expect("an open share is pending");
    let item = queue::present(
        Queue::Pending,
        placement.key,
        &record,
        &reg.view,
        minute(11),
    );
    assert_eq!(item.kind, "share");
    assert_eq!(item.entity, FACA);
    assert!(item.waiting_on.contains("G 8.1.5"), "{item:?}");
    assert!(item.waiting_on.contains(FACA), "{item:?}");
    assert_eq!(item.who_acts, "imfp");

    accept(&mut reg, &share, minute(12));
    reg.ok(Some(&share), mark_shared(minute(13)), minute(13));
    let record = reg.view.record(&share).unwrap();
    assert!(
        queue::placements(&record).is_empty(),
        "a shared product leaves the queues"
    );
}

#[test]
fn queue_non_mission_un_share_waits_on_routing() {
    let mut reg = registry();
    let unicef = entity(&mut reg, UNICEF, EntityKind::NonMissionUn);
    let share = draft_share(&mut reg, draft(&unicef, Nature::Strategic), minute(1));
    sanitise(&mut reg, &share, minute(2));
    let step = pending_step(&reg, &share, minute(3));
    assert!(step.waiting_on.contains("decision to share"), "{step:?}");
    assert_eq!(step.who_acts, Role::Micm);
    reg.ok(Some(&share), authorise(Role::Micm), minute(4));
    accept(&mut reg, &share, minute(5));
    let step = pending_step(&reg, &share, minute(6));
    assert!(step.waiting_on.contains("G 8.2.1"), "{step:?}");
    assert!(step.waiting_on.contains("Head of Office"), "{step:?}");
    assert_eq!(step.who_acts, Role::Imfp);
}

#[test]
fn queue_cleared_receipt_waits_on_competent_authority_and_says_it_must_be_flagged() {
    let mut reg = registry();
    let (_, rcp) = receipt_ready_for_clearance(&mut reg, Reliability::D);
    reg.ok(Some(&rcp), clear(), minute(1));
    let step = pending_step(&reg, &rcp, minute(2));
    assert!(step.waiting_on.contains("G 9.7"), "{step:?}");
    assert!(step.waiting_on.contains("G 9.12"), "{step:?}");
    assert!(step.waiting_on.contains(FACA), "{step:?}");
    assert_eq!(step.who_acts, Role::Hom);
}

#[test]
fn queue_receipt_waits_on_entity_assessment_for_receipt_naming_the_entity() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let rcp = register(
        &mut reg,
        capture(&faca, Nature::OperationalTactical, minute(1)),
        minute(1),
    );
    let step = pending_step(&reg, &rcp, minute(2));
    assert!(
        step.waiting_on.contains("Intelligence Receipt Scan"),
        "{step:?}"
    );
    scan(&mut reg, &rcp, irs(false, &[]), minute(3));
    let step = pending_step(&reg, &rcp, minute(4));
    assert!(step.waiting_on.contains("G 9.4"), "{step:?}");
    assert!(step.waiting_on.contains(FACA), "{step:?}");
    assert_eq!(step.who_acts, Role::Analyst);
}

fn direction_of(reg: &MemoryRegistry, entry: &RecordId) -> Direction {
    match reg.view.record(entry) {
        Some(Record::PreAuthorisation(p)) => p.terms.direction,
        other => panic!("not an entry: {other:?}"),
    }
}
