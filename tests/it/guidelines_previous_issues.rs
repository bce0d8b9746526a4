//! Annex B Q6, "Have there been any issues related to previous instances of sharing PKI with
//! this entity?", is answered by the registry itself (G 8.1.3, issue 9): the Sharing Risk
//! Assessment lists the breaches and suspensions the registry holds for the entity, cannot
//! answer Q6 "no" while one is on record, and keeps the list with the assessment; the store
//! adds the shares declined or withdrawn and the products rejected.

use crate::common::*;
use registrar::domain::answer::{Answer, Facts};
use registrar::domain::breach::{BreachReport, Investigation, InvestigationOutcome};
use registrar::domain::change::Change;
use registrar::domain::entity::EntityKind;
use registrar::domain::grades::Reliability;
use registrar::domain::ids::RecordId;
use registrar::domain::marking::{Classification, Marking};
use registrar::domain::memory::MemoryRegistry;
use registrar::domain::monitoring::SuspensionOutcome;
use registrar::domain::nature::Nature;
use registrar::domain::previous_issues::{IssueKind, found, on_the_entity};
use registrar::domain::receipt::Rejection;
use registrar::domain::record::Record;
use registrar::domain::risk_assessment::{ANNEX_B, SharingRiskAssessment};
use registrar::domain::role::Role;
use registrar::domain::view::RegistryView;

const Q6: usize = 5;

/// The assessment typed as the form records it, Q6 answered `q6`, listing nothing yet.
fn assessment(q6: Answer) -> SharingRiskAssessment {
    let mut a = sra(true);
    a.answers[Q6] = q6;
    a.answers = fit_all(
        &ANNEX_B,
        a.answers,
        &Facts::of(Classification::Confidential, Nature::Strategic),
    );
    a
}

/// FACA with a suspected breach (concluded positively) and a new assessment since, and a
/// strategic share to it drafted and sanitised.
fn breached(reg: &mut MemoryRegistry) -> (RecordId, RecordId, RecordId) {
    let faca = entity(reg, FACA, EntityKind::NonUnSecurityForce);
    eas(reg, &faca, t0());
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
        minute(1),
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
        minute(2),
    );
    eas(reg, &faca, minute(3));
    let share = draft_share(reg, draft(&faca, Nature::Strategic), minute(4));
    sanitise(reg, &share, minute(4));
    (faca, b, share)
}

fn assess(
    reg: &mut MemoryRegistry,
    share: &RecordId,
    a: SharingRiskAssessment,
) -> Result<RecordId, registrar::domain::refusal::Refusal> {
    reg.execute(
        Some(share),
        Change::SharingRiskAssessed { assessment: a },
        ACTOR,
        minute(5),
    )
}

#[test]
fn g8_1_3_annex_b_q6_must_list_the_breaches_the_registry_holds() {
    let mut reg = registry();
    let (_, b, share) = breached(&mut reg);
    let r = assess(
        &mut reg,
        &share,
        assessment(Answer::yes("a breach last year")),
    )
    .expect_err("an assessment that does not list the registry's breach");
    assert_refusal(
        &r,
        "G 8.1.3",
        &["Q6", "suspected breach", b.as_str(), "does not list"],
    );
}

#[test]
fn g8_1_3_annex_b_q6_cannot_be_answered_no_against_a_breach_on_record() {
    let mut reg = registry();
    let (faca, b, share) = breached(&mut reg);
    let e = reg.view.entity(&faca).unwrap();
    let held = on_the_entity(&e, &reg.view.breaches(&e), minute(5));
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].kind, IssueKind::SuspectedBreach);
    assert!(held[0].what.contains("concluded positively"), "{}", held[0]);

    let mut no = assessment(Answer::no("none that I know of"));
    no.previous_issues = held.clone();
    let r = assess(&mut reg, &share, no).expect_err("Q6 = no against a breach");
    assert_refusal(&r, "G 8.1.3", &["Q6", "\"no\"", b.as_str()]);

    // Answered yes, the registry's list is kept with the assessment.
    let mut yes = assessment(Answer::yes("weighed: the leak came from a third party"));
    yes.previous_issues = held.clone();
    assess(&mut reg, &share, yes).expect("Q6 = yes with the breach listed");
    let Some(Record::Share(s)) = reg.view.record(&share) else {
        panic!("no share")
    };
    let kept = &s.risk_assessment.expect("assessed").previous_issues;
    assert_eq!(kept, &held);
}

#[test]
fn g8_1_3_annex_b_q6_lists_a_suspension_of_the_entitys_assessments() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    eas(&mut reg, &faca, t0());
    reg.ok(
        Some(&faca),
        Change::AssessmentsSuspended {
            reason: "credible reports of executions by the unit".to_string(),
            incident: None,
        },
        minute(1),
    );
    reg.ok(
        Some(&faca),
        Change::SuspensionReviewed {
            index: 0,
            outcome: SuspensionOutcome::Lifted,
            finding: "the reports concern another unit".to_string(),
        },
        minute(2),
    );
    let share = draft_share(&mut reg, draft(&faca, Nature::Strategic), minute(3));
    sanitise(&mut reg, &share, minute(3));
    let r = assess(&mut reg, &share, assessment(Answer::no("none")))
        .expect_err("the suspension is not listed");
    assert_refusal(
        &r,
        "G 8.1.3",
        &["Q6", "assessments suspended", faca.as_str()],
    );

    let e = reg.view.entity(&faca).unwrap();
    let mut a = assessment(Answer::yes("suspended and lifted in November"));
    a.previous_issues = on_the_entity(&e, &reg.view.breaches(&e), minute(5));
    assert!(a.previous_issues[0].what.contains("review: lifted"));
    assess(&mut reg, &share, a).expect("listed and answered yes");
}

#[test]
fn g8_1_3_annex_b_q6_from_the_history_names_declined_shares_and_rejected_products() {
    let mut reg = registry();
    let (faca, rcp) = receipt_ready_for_clearance(&mut reg, Reliability::B);
    reg.ok(
        Some(&rcp),
        Change::ReceiptRejected {
            rejection: Rejection {
                reason: "statements taken under duress".to_string(),
                grave_violations: true,
                human_rights_informed: true,
                human_rights_notice: Some(registrar::domain::follow_up::HumanRightsNotice {
                    to: "HRD duty officer".to_string(),
                    at: minute(1),
                }),
            },
        },
        minute(1),
    );
    eas(&mut reg, &faca, minute(1));
    let declined = draft_share(&mut reg, draft(&faca, Nature::Strategic), minute(2));
    sanitise(&mut reg, &declined, minute(2));
    assess_risk(&mut reg, &declined, sra(false), minute(3));
    reg.ok(
        Some(&declined),
        Change::ShareDecided {
            authorise: false,
            authority: Role::Micm,
            reason: "the risk outweighs the benefit".to_string(),
            pre_authorisation: None,
            decided_at: None,
        },
        minute(4),
    );
    let this = draft_share(&mut reg, draft(&faca, Nature::Strategic), minute(5));
    let history: Vec<Record> = reg
        .view
        .records
        .values()
        .filter(|r| r.entity() == Some(&faca))
        .cloned()
        .collect();
    let e = reg.view.entity(&faca).unwrap();
    let issues = found(&e, &reg.view.breaches(&e), &history, &this, minute(6));
    let kinds: Vec<(IssueKind, &RecordId)> = issues.iter().map(|i| (i.kind, &i.record)).collect();
    assert_eq!(
        kinds,
        vec![
            (IssueKind::ReceiptRejected, &rcp),
            (IssueKind::ShareDeclined, &declined),
        ]
    );
    assert!(issues[0].what.contains("grave violations"), "{}", issues[0]);
    assert!(issues[1].what.contains("outweighs"), "{}", issues[1]);
    // Declined shares and rejected products are shown to be weighed; they do not by
    // themselves force Q6 to "yes".
    assert!(issues.iter().all(|i| !i.decides_q6()));
}
