//! Originator control both ways (G 8.1.5; issue 9): the entity's request to pass mission PKI
//! onward, and the competent authority's written approval or refusal, are recorded against
//! the share — only for a product that was shared, answered once, in writing, by the
//! authority that decides to share it (or the HoM).

use crate::common::*;
use registrar::domain::change::Change;
use registrar::domain::ids::RecordId;
use registrar::domain::memory::MemoryRegistry;
use registrar::domain::originator_control::{OnwardAnswer, OnwardRequest};
use registrar::domain::record::Record;
use registrar::domain::role::Role;
use registrar::domain::view::RegistryView;

fn request() -> Change {
    Change::OnwardRequestRecorded {
        request: OnwardRequest {
            to_whom: "regional coalition HQ".to_string(),
            purpose: "joint planning of escorts".to_string(),
            reference: "FACA letter 12/2026".to_string(),
            requested_at: day(2),
        },
    }
}

fn answer(approved: bool, authority: Role, reference: &str) -> Change {
    Change::OnwardRequestAnswered {
        index: 0,
        answer: OnwardAnswer {
            approved,
            authority,
            reference: reference.to_string(),
            terms: "a sanitised version only, not to be passed further".to_string(),
        },
    }
}

/// A strategic share to FACA, authorised by the MICM Chair and shared.
fn shared(reg: &mut MemoryRegistry) -> RecordId {
    let (_, share) = share_ready_for_decision(reg);
    // Not shared yet: there is nothing to pass on.
    let r = reg.refused(Some(&share), request(), minute(1));
    assert_refusal(&r, "G 8.1.5", &[share.as_str(), "not been shared"]);
    reg.ok(Some(&share), authorise(Role::Micm), minute(5));
    accept(reg, &share, minute(6));
    reg.ok(Some(&share), mark_shared(minute(7)), minute(7));
    share
}

#[test]
fn g8_1_5_an_entitys_onward_request_and_the_written_answer_are_recorded_against_the_share() {
    let mut reg = registry();
    let share = shared(&mut reg);
    reg.ok(Some(&share), request(), day(2));
    // The answer is in writing.
    let r = reg.refused(Some(&share), answer(true, Role::Micm, " "), day(3));
    assert_refusal(&r, "G 8.1.5", &["written approval or refusal"]);
    reg.ok(
        Some(&share),
        answer(true, Role::Micm, "MICM/2026/044"),
        day(3),
    );
    let Some(Record::Share(s)) = reg.view.record(&share) else {
        panic!("no share")
    };
    let c = &s.onward_requests[0];
    assert_eq!(c.request.to_whom, "regional coalition HQ");
    let a = c.answer.as_ref().expect("answered");
    assert!(a.approved);
    assert_eq!(a.reference, "MICM/2026/044");
    // Answered once.
    let r = reg.refused(Some(&share), answer(false, Role::Hom, "HOM/1"), day(4));
    assert_refusal(&r, "G 8.1.5", &["already approved", "MICM/2026/044"]);
}

#[test]
fn g8_1_5_only_the_competent_authority_or_the_hom_answers() {
    let mut reg = registry();
    let share = shared(&mut reg);
    reg.ok(Some(&share), request(), day(2));
    let r = reg.refused(Some(&share), answer(false, Role::Delegate, "D/1"), day(3));
    assert_refusal(&r, "G 8.1.5", &["delegation matrix"]);
    reg.ok(
        Some(&share),
        answer(false, Role::Hom, "HOM/2026/009"),
        day(3),
    );
}

#[test]
fn g8_1_5_an_unanswered_onward_request_waits_in_the_pending_queue_for_the_competent_authority() {
    use registrar::domain::queue::{self, Queue};
    let mut reg = registry();
    let share = shared(&mut reg);
    let record = |reg: &MemoryRegistry| reg.view.record(&share).unwrap();
    // Shared and closed: in no queue.
    assert!(queue::placements(&record(&reg)).is_empty());
    reg.ok(Some(&share), request(), day(2));
    let placed = queue::placements(&record(&reg));
    assert_eq!(placed.len(), 1, "{placed:?}");
    assert_eq!(placed[0].queue, Queue::Pending);
    assert_eq!(placed[0].key, day(2).timestamp());
    let item = queue::present(
        Queue::Pending,
        placed[0].key,
        &record(&reg),
        &reg.view,
        day(3),
    );
    assert!(
        item.waiting_on.starts_with("G 8.1.5"),
        "{}",
        item.waiting_on
    );
    assert!(
        item.waiting_on.contains("regional coalition HQ")
            && item.waiting_on.contains("FACA letter 12/2026"),
        "{}",
        item.waiting_on
    );
    // The authority that decided the share (strategic: the MICM Chair), not the IM FP.
    assert_eq!(item.who_acts, Role::Micm.key());
    // Answered: out of the queue.
    reg.ok(
        Some(&share),
        answer(false, Role::Hom, "HOM/2026/009"),
        day(3),
    );
    assert!(queue::placements(&record(&reg)).is_empty());
}
