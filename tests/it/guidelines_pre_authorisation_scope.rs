//! Pre-authorised lists are scoped (G 8.1.8, G 9.10: "PKI products that are shared on a
//! regular basis"; issue 9): an entry names what it covers — the series by its reference, the
//! natures, the highest classification — and a share or receipt uses it only when it matches,
//! otherwise the per-product assessment or scan applies; the entry stands on the entity's
//! assessment and lapses when that is suspended; its periodic review records a checklist.
//! Entries from older logs decode with no scope and cover nothing until reviewed.

use crate::common::*;
use registrar::domain::change::Change;
use registrar::domain::entity::EntityKind;
use registrar::domain::grades::Reliability;
use registrar::domain::ids::{RecordId, Time};
use registrar::domain::marking::{Classification, Marking};
use registrar::domain::memory::MemoryRegistry;
use registrar::domain::monitoring::SuspensionOutcome;
use registrar::domain::nature::Nature;
use registrar::domain::pre_authorisation::{Direction, PreAuthorisationTerms};
use registrar::domain::pre_authorisation_scope::{PreAuthorisationReview, Scope};
use registrar::domain::queue::{self, Queue};
use registrar::domain::record::Record;
use registrar::domain::role::Role;
use registrar::domain::share::ShareDraft;
use registrar::domain::view::RegistryView;

const WSR: &str = "JMAC/WSR/";

fn weekly_reports(entity: &RecordId, direction: Direction, prefix: &str) -> Change {
    Change::PreAuthorised {
        terms: PreAuthorisationTerms {
            entity: entity.clone(),
            direction,
            products: "weekly security situation report".to_string(),
            max_classification: Classification::Confidential,
            marking: Marking::un(Classification::Unclassified),
            scope: Some(Scope {
                reference_prefix: prefix.to_string(),
                natures: vec![Nature::Strategic],
            }),
        },
    }
}

fn report(recipient: &RecordId, reference: &str, nature: Nature) -> ShareDraft {
    let mut d = draft(recipient, nature);
    d.product.reference = reference.to_string();
    d
}

/// FACA with a current assessment, an entry for its weekly reports, and a share of `draft`
/// drafted and sanitised, not risk-assessed.
fn share_on_the_list(
    reg: &mut MemoryRegistry,
    make: impl Fn(&RecordId) -> ShareDraft,
) -> (RecordId, RecordId, RecordId) {
    let faca = entity(reg, FACA, EntityKind::NonUnSecurityForce);
    eas(reg, &faca, minute(1));
    let entry = reg.ok(
        None,
        weekly_reports(&faca, Direction::Sharing, WSR),
        minute(2),
    );
    let share = draft_share(reg, make(&faca), minute(3));
    sanitise(reg, &share, minute(3));
    (faca, entry, share)
}

#[test]
fn g8_1_8_a_pre_authorised_entry_does_not_cover_a_product_outside_its_series() {
    let mut reg = registry();
    let (_, entry, share) =
        share_on_the_list(&mut reg, |e| report(e, "JMAC/2026/118", Nature::Strategic));
    let r = reg.refused(Some(&share), authorise_pre(Role::Micm, &entry), minute(5));
    assert_refusal(
        &r,
        "G 8.1.8",
        &[
            entry.as_str(),
            "JMAC/2026/118",
            WSR,
            "Sharing Risk Assessment",
        ],
    );
    // The queue does not offer the entry either: the product waits on its own assessment.
    let Some(Record::Share(s)) = reg.view.record(&share) else {
        panic!("no share")
    };
    let step = queue::next_step(Queue::Pending, &Record::Share(s), &reg.view, minute(5));
    assert!(
        step.waiting_on.contains("Sharing Risk Assessment"),
        "{}",
        step.waiting_on
    );
}

#[test]
fn g8_1_8_a_pre_authorised_entry_covers_only_its_natures_and_level() {
    let mut reg = registry();
    let (_, entry, tactical) = share_on_the_list(&mut reg, |e| {
        report(e, "JMAC/WSR/2026/47", Nature::OperationalTactical)
    });
    let r = reg.refused(Some(&tactical), authorise_pre(Role::Hom, &entry), minute(5));
    assert_refusal(&r, "G 8.1.8", &[entry.as_str(), "operational/tactical"]);

    let faca = reg
        .view
        .record(&tactical)
        .unwrap()
        .entity()
        .unwrap()
        .clone();
    let mut secret = report(&faca, "JMAC/WSR/2026/48", Nature::Strategic);
    secret.product.marking = Marking::un(Classification::StrictlyConfidential);
    let secret = draft_share(&mut reg, secret, minute(6));
    sanitise(&mut reg, &secret, minute(6));
    let r = reg.refused(Some(&secret), authorise_pre(Role::Hom, &entry), minute(7));
    assert_refusal(&r, "G 8.1.8", &[entry.as_str(), "up to CONFIDENTIAL"]);

    // A product of the series, nature and level: the entry stands in.
    let weekly = draft_share(
        &mut reg,
        report(&faca, "jmac/wsr/2026/49", Nature::Strategic),
        minute(8),
    );
    sanitise(&mut reg, &weekly, minute(8));
    reg.ok(Some(&weekly), authorise_pre(Role::Micm, &entry), minute(9));
}

#[test]
fn g9_10_a_receipt_entry_covers_only_products_of_its_series() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    ear(&mut reg, &faca, Reliability::B, t0());
    let entry = reg.ok(
        None,
        weekly_reports(&faca, Direction::Receipt, "FACA/SITREP/"),
        t0(),
    );
    let rcp = register(
        &mut reg,
        capture(&faca, Nature::Strategic, minute(1)),
        minute(1),
    );
    let r = reg.refused(
        Some(&rcp),
        Change::ReceiptCleared {
            pre_authorisation: Some(entry.clone()),
        },
        minute(2),
    );
    assert_refusal(
        &r,
        "G 9.10",
        &[entry.as_str(), RCP_REF, "Intelligence Receipt Scan"],
    );
}

fn suspend_and_lift(reg: &mut MemoryRegistry, entity: &RecordId, at: Time) {
    reg.ok(
        Some(entity),
        Change::AssessmentsSuspended {
            reason: "credible reports of executions by the unit".to_string(),
            incident: None,
        },
        at,
    );
    reg.ok(
        Some(entity),
        Change::SuspensionReviewed {
            index: 0,
            outcome: SuspensionOutcome::Lifted,
            finding: "the reports concern another unit".to_string(),
        },
        at + chrono::Duration::minutes(1),
    );
}

#[test]
fn g8_1_8_an_entry_lapses_when_the_entitys_assessment_is_suspended() {
    let mut reg = registry();
    let (faca, entry, share) = share_on_the_list(&mut reg, |e| {
        report(e, "JMAC/WSR/2026/47", Nature::Strategic)
    });
    suspend_and_lift(&mut reg, &faca, minute(4));
    // The assessment is in force again, but the entry given before the suspension lapsed.
    let r = reg.refused(Some(&share), authorise_pre(Role::Micm, &entry), minute(10));
    assert_refusal(&r, "G 8.1.8", &[entry.as_str(), "lapsed", "suspended"]);
    let r = reg.refused(Some(&entry), pre_review(Direction::Sharing), minute(10));
    assert_refusal(&r, "G 8.1.8", &["lapsed", "new entry"]);
    // A new entry, given after the suspension, stands in.
    let fresh = reg.ok(
        None,
        weekly_reports(&faca, Direction::Sharing, WSR),
        minute(11),
    );
    reg.ok(Some(&share), authorise_pre(Role::Micm, &fresh), minute(12));
}

#[test]
fn g9_10_an_entry_stands_on_the_entitys_current_assessment() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    ear(&mut reg, &faca, Reliability::B, t0());
    let entry = reg.ok(
        None,
        weekly_reports(&faca, Direction::Receipt, "FACA/G2/"),
        t0(),
    );
    let rcp = register(
        &mut reg,
        capture(&faca, Nature::Strategic, minute(1)),
        minute(1),
    );
    suspend_and_lift(&mut reg, &faca, minute(2));
    let r = reg.refused(
        Some(&rcp),
        Change::ReceiptCleared {
            pre_authorisation: Some(entry.clone()),
        },
        minute(5),
    );
    assert_refusal(&r, "G 9.10", &[entry.as_str(), "lapsed", "suspended"]);
}

#[test]
fn g8_1_8_the_periodic_review_records_what_the_reviewer_confirmed() {
    let mut reg = registry();
    let (_, entry, _) = share_on_the_list(&mut reg, |e| {
        report(e, "JMAC/WSR/2026/47", Nature::Strategic)
    });
    // One key press is not a review.
    let r = reg.refused(Some(&entry), Change::PreAuthorisationRenewed, day(80));
    assert_refusal(&r, "G 8.1.8", &[entry.as_str(), "checklist"]);

    let review = |still_regular: bool, finding: &str| Change::PreAuthorisationReviewed {
        review: PreAuthorisationReview {
            products_within_scope: true,
            still_regular,
            no_unrecorded_concern: true,
            assessment_read: true,
            finding: finding.to_string(),
            scope: Scope {
                reference_prefix: WSR.to_string(),
                natures: vec![Nature::Strategic, Nature::OperationalTactical],
            },
            max_classification: Classification::Unclassified,
        },
    };
    let r = reg.refused(Some(&entry), review(false, "fewer reports"), day(80));
    assert_refusal(
        &r,
        "G 8.1.8",
        &["still exchanged on a regular basis", "revoke"],
    );
    let r = reg.refused(Some(&entry), review(true, " "), day(80));
    assert_refusal(&r, "G 8.1.8", &["what the review found"]);

    reg.ok(
        Some(&entry),
        review(true, "twelve weekly reports, all as agreed"),
        day(80),
    );
    let Some(Record::PreAuthorisation(p)) = reg.view.record(&entry) else {
        panic!("no entry")
    };
    assert_eq!(p.reviews.len(), 1);
    assert_eq!(p.reviews[0].finding, "twelve weekly reports, all as agreed");
    assert!(p.reviews[0].checklist().iter().all(|(_, ok)| *ok));
    // The scope as restated holds from now on.
    assert_eq!(p.terms.max_classification, Classification::Unclassified);
    assert_eq!(p.terms.scope.as_ref().unwrap().natures.len(), 2);
    assert!(p.review_due > day(160));
}

#[test]
fn g8_1_8_an_entry_from_an_older_log_decodes_unscoped_and_covers_nothing_until_reviewed() {
    // An entry's terms as logs wrote them before entries named their scope.
    #[derive(serde::Serialize)]
    struct OldTerms {
        entity: RecordId,
        direction: Direction,
        products: &'static str,
        max_classification: Classification,
        marking: Marking,
    }
    let mut reg = registry();
    let (_, entry, share) = share_on_the_list(&mut reg, |e| {
        report(e, "JMAC/WSR/2026/47", Nature::Strategic)
    });
    let Some(Record::PreAuthorisation(mut p)) = reg.view.record(&entry) else {
        panic!("no entry")
    };
    let mut bytes = Vec::new();
    ciborium::into_writer(
        &OldTerms {
            entity: p.terms.entity.clone(),
            direction: Direction::Sharing,
            products: "weekly security situation report",
            max_classification: Classification::Confidential,
            marking: Marking::un(Classification::Unclassified),
        },
        &mut bytes,
    )
    .unwrap();
    let old: PreAuthorisationTerms = ciborium::from_reader(&bytes[..]).expect("decodes");
    assert_eq!(old.scope, None);

    // Such an entry in the registry covers no product ...
    p.terms = old;
    reg.view
        .records
        .insert(entry.clone(), Record::PreAuthorisation(p));
    let r = reg.refused(Some(&share), authorise_pre(Role::Micm, &entry), minute(5));
    assert_refusal(
        &r,
        "G 8.1.8",
        &[entry.as_str(), "names no series", "review"],
    );
    // ... until a review states its scope.
    let mut review = pre_review(Direction::Sharing);
    if let Change::PreAuthorisationReviewed { review } = &mut review {
        review.scope.reference_prefix = WSR.to_string();
    }
    reg.ok(Some(&entry), review, minute(6));
    reg.ok(Some(&share), authorise_pre(Role::Micm, &entry), minute(7));
}

#[test]
fn g9_10_an_entry_ends_for_good_when_the_assessment_it_stood_on_passes_its_review_date() {
    let mut reg = registry();
    let interval = reg.view.settings().review_interval();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    ear(&mut reg, &faca, Reliability::B, t0());
    let entry = reg.ok(
        None,
        weekly_reports(&faca, Direction::Receipt, "FACA/G2/"),
        t0(),
    );
    let lapsed = t0() + interval + chrono::Duration::days(1);
    let p = match reg.view.record(&entry) {
        Some(Record::PreAuthorisation(p)) => p,
        other => panic!("{other:?}"),
    };
    let faca_now = reg.view.entity(&faca).unwrap();
    assert_eq!(p.stood_on, faca_now.receipt_assessment);
    // Before the review date it stands.
    assert!(
        registrar::domain::guards::pre_authorisation_ended(&p, &faca_now, &reg.view, day(1))
            .is_none()
    );
    // The assessment passes its review date; a new one is made a day later.
    ear(
        &mut reg,
        &faca,
        Reliability::B,
        lapsed + chrono::Duration::days(1),
    );
    let later = lapsed + chrono::Duration::days(2);
    let rcp = register(&mut reg, capture(&faca, Nature::Strategic, later), later);
    let r = reg.refused(
        Some(&rcp),
        Change::ReceiptCleared {
            pre_authorisation: Some(entry.clone()),
        },
        later,
    );
    assert_refusal(
        &r,
        "G 9.10",
        &[
            entry.as_str(),
            "ended on",
            "passed its review date",
            "new entry",
        ],
    );
    // Shown as ended, with the reason, wherever the entry is read.
    let record = reg.view.record(&entry).unwrap();
    let placed = queue::placements(&record);
    let step = queue::next_step(placed[0].queue, &record, &reg.view, later);
    assert!(step.waiting_on.starts_with("ENDED "), "{}", step.waiting_on);
    assert!(
        step.waiting_on.contains("passed its review date"),
        "{}",
        step.waiting_on
    );
    // Its review cannot bring it back.
    let r = reg.refused(Some(&entry), pre_review(Direction::Receipt), later);
    assert_refusal(&r, "G 9.10", &["ended on"]);
}
