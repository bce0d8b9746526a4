//! The answers of the Annex questionnaires decide (G 8.1.4, Annex A and B, P 11.4.4): an
//! assessment cannot conclude "acceptable" against its own answers. Each refusal is paired
//! with the same step allowed once the answers support it.

use crate::common::*;
use registrar::domain::answer::Answer;
use registrar::domain::assessment_sharing::RiskConclusion;
use registrar::domain::change::Change;
use registrar::domain::entity::EntityKind;
use registrar::domain::ids::RecordId;
use registrar::domain::memory::MemoryRegistry;
use registrar::domain::nature::Nature;
use registrar::domain::risk_assessment::{ANNEX_B, SharingRiskAssessment};
use registrar::domain::role::Role;

/// A non-UN entity with a current Entity Assessment for Sharing, and a sanitised share of
/// `nature` drafted to it, waiting on its Sharing Risk Assessment.
fn share_to_faca(reg: &mut MemoryRegistry, nature: Nature) -> RecordId {
    let faca = entity(reg, FACA, EntityKind::NonUnSecurityForce);
    eas(reg, &faca, t0());
    let share = draft_share(reg, draft(&faca, nature), minute(1));
    sanitise(reg, &share, minute(2));
    share
}

/// `sra(true)` with the answer to Annex B question `key` replaced.
fn answering(key: &str, answer: Answer) -> SharingRiskAssessment {
    let mut a = sra(true);
    let i = ANNEX_B.iter().position(|q| q.key == key).unwrap();
    a.answers[i] = answer;
    a
}

fn assessed(a: SharingRiskAssessment) -> Change {
    Change::SharingRiskAssessed { assessment: a }
}

#[test]
fn g8_1_4_annex_b_q8_substantial_grounds_of_violations_is_never_acceptable() {
    let mut reg = registry();
    let share = share_to_faca(&mut reg, Nature::Strategic);
    let mut grounds = answering(
        "violations_risk",
        Answer::yes("unit implicated in reprisals"),
    );
    let r = reg.refused(Some(&share), assessed(grounds.clone()), minute(3));
    assert_refusal(
        &r,
        "G 8.1.4 (Annex B Q8, P 11.4.4)",
        &["human rights violations"],
    );

    // No mitigation or written justification overrides it.
    grounds.mitigations = "recipient limited to the G2 cell".into();
    grounds.unknowns_justified = "the HoM accepts the risk".into();
    let r = reg.refused(Some(&share), assessed(grounds.clone()), minute(4));
    assert_refusal(&r, "G 8.1.4 (Annex B Q8, P 11.4.4)", &["no mitigation"]);

    // Concluding "not acceptable" is what the answers allow; the share cannot be authorised.
    grounds.risk_acceptable = false;
    reg.ok(Some(&share), assessed(grounds), minute(5));
    let r = reg.refused(Some(&share), authorise(Role::Micm), minute(6));
    assert_refusal(&r, "G 8.1.4", &["not acceptable"]);

    reg.ok(Some(&share), assessed(sra(true)), minute(7));
    reg.ok(Some(&share), authorise(Role::Micm), minute(8));
}

#[test]
fn g8_1_4_annex_b_q8_read_again_at_the_decision_for_an_assessment_recorded_before_the_rule() {
    // An assessment from an older log, recorded before its answers were read by the rules,
    // is replayed verbatim; the decision reads its answers.
    let mut reg = registry();
    let share = share_to_faca(&mut reg, Nature::Strategic);
    let grounds = answering(
        "violations_risk",
        Answer::yes("unit implicated in reprisals"),
    );
    reg.replay(&share, &assessed(grounds), ACTOR, minute(3))
        .unwrap();
    let r = reg.refused(Some(&share), authorise(Role::Micm), minute(4));
    assert_refusal(&r, "G 8.1.4 (Annex B Q8, P 11.4.4)", &["not acceptable"]);
    reg.ok(Some(&share), assessed(sra(true)), minute(5));
    reg.ok(Some(&share), authorise(Role::Micm), minute(6));
}

#[test]
fn g8_1_4_annex_b_q1_q2_not_in_line_with_mandate_or_charter_is_not_acceptable() {
    let mut reg = registry();
    let share = share_to_faca(&mut reg, Nature::Strategic);
    let r = reg.refused(
        Some(&share),
        assessed(answering("mandate", Answer::no("outside the mandate"))),
        minute(3),
    );
    assert_refusal(&r, "G 8.1.4 (Annex B Q1)", &["mandate"]);
    let r = reg.refused(
        Some(&share),
        assessed(answering(
            "charter_rules_agreements",
            Answer::no("no agreement covers it"),
        )),
        minute(3),
    );
    assert_refusal(&r, "G 8.1.4 (Annex B Q2)", &["Charter"]);
    reg.ok(Some(&share), assessed(sra(true)), minute(4));
}

#[test]
fn g8_1_12_annex_b_q3_unsanitised_product_is_not_acceptable_for_a_non_un_entity() {
    let mut reg = registry();
    let share = share_to_faca(&mut reg, Nature::Strategic);
    let r = reg.refused(
        Some(&share),
        assessed(answering("sanitised", Answer::no("source names remain"))),
        minute(3),
    );
    assert_refusal(&r, "G 8.1.12 (Annex B Q3)", &["not sanitised", "non-UN"]);
    reg.ok(Some(&share), assessed(sra(true)), minute(4));
}

#[test]
fn g8_1_3_2_annex_b_q4_acquiring_office_not_agreeing_is_not_acceptable_for_operational_pki() {
    let mut reg = registry();
    let share = share_to_faca(&mut reg, Nature::OperationalTactical);
    let objects = answering(
        "acquiring_office_agrees",
        Answer::no("the field office objects"),
    );
    let r = reg.refused(Some(&share), assessed(objects.clone()), minute(3));
    assert_refusal(&r, "G 8.1.3.2 (Annex B Q4)", &["acquired the information"]);
    reg.ok(Some(&share), assessed(sra(true)), minute(4));

    // Strategic PKI: G 8.1.3.2 does not apply, the answer does not decide.
    let mut reg = registry();
    let share = share_to_faca(&mut reg, Nature::Strategic);
    reg.ok(Some(&share), assessed(objects), minute(3));
}

#[test]
fn g8_1_4_annex_b_q7_q10_harm_or_no_handling_capacity_needs_recorded_mitigations() {
    let mut reg = registry();
    let share = share_to_faca(&mut reg, Nature::Strategic);
    for (key, q) in [("no_harm", "Q7"), ("handling_capacity", "Q10")] {
        let mut a = answering(key, Answer::no("expected problem"));
        let r = reg.refused(Some(&share), assessed(a.clone()), minute(3));
        assert_refusal(&r, "G 8.1.4 (Annex B Q7, Q10)", &[q, "mitigations"]);
        a.mitigations = "share a sanitised summary only, orally, to the G2".into();
        reg.ok(Some(&share), assessed(a), minute(4));
    }
}

#[test]
fn g8_1_4_annex_b_unknown_deciding_answer_needs_a_written_justification() {
    let mut reg = registry();
    let share = share_to_faca(&mut reg, Nature::OperationalTactical);
    let mut a = sra(true);
    for key in ["violations_risk", "acquiring_office_agrees"] {
        let i = ANNEX_B.iter().position(|q| q.key == key).unwrap();
        a.answers[i] = Answer::unknown("not established");
    }
    let r = reg.refused(Some(&share), assessed(a.clone()), minute(3));
    assert_refusal(&r, "G 8.1.4 (Annex B)", &["Q4, Q8", "unknown"]);
    a.unknowns_justified =
        "HR Component reviewed the unit's record last week: nothing found".into();
    reg.ok(Some(&share), assessed(a), minute(4));
    // The decision-maker decides on it (the form and record view show the justification).
    reg.ok(Some(&share), authorise(Role::Hom), minute(5));
}

#[test]
fn g8_1_4_annex_b_unknown_previous_issues_or_expected_use_does_not_decide() {
    let mut reg = registry();
    let share = share_to_faca(&mut reg, Nature::Strategic);
    let mut a = answering("previous_issues", Answer::unknown("first sharing"));
    let i = ANNEX_B
        .iter()
        .position(|q| q.key == "expected_use")
        .unwrap();
    a.answers[i] = Answer::unknown("not stated");
    reg.ok(Some(&share), assessed(a), minute(3));
}

#[test]
fn g8_1_2_annex_a_incompatible_mandate_cannot_complete_as_supporting_sharing() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let mut overview = sharing_overview();
    overview.mandate_compatible = Answer::no("offensive operations against the population");
    let a = reg.ok(
        None,
        Change::SharingAssessmentStarted {
            entity: faca.clone(),
            overview,
            marking: None,
        },
        t0(),
    );
    let r = reg.refused(
        Some(&a),
        Change::SharingAssessmentHumanRightsRecorded {
            part: hrdd(RiskConclusion::Acceptable, &[]),
        },
        minute(1),
    );
    assert_refusal(&r, "G 8.1.2 (Annex A)", &[FACA, "incompatible"]);
    reg.ok(
        Some(&a),
        Change::SharingAssessmentHumanRightsRecorded {
            part: hrdd(RiskConclusion::NotAcceptable, &[]),
        },
        minute(2),
    );
}
