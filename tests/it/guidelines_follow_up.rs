//! What follows a disposition and the relationship with an entity (issue 9): G 9.9 per entity
//! (the HoM's formal communication) and after the fact (a product found tainted after its
//! dissemination is rejected, its recipients listed to be told, withdrawn from use); the
//! Human Rights Component's notice as an item for its officers; the action taken with what
//! corroborated it (G C "Registers" a, G 9.13); the periodic revision as a recorded finding
//! with the action decided (G 9.13, G C "Registers" d).

use crate::common::*;
use registrar::domain::access::required_roles;
use registrar::domain::change::Change;
use registrar::domain::entity::EntityKind;
use registrar::domain::entity_review::{
    RevisionAction, RevisionFinding, TortureRefusalCommunication, torture_refusal_missing,
};
use registrar::domain::follow_up::{ActionTaken, HumanRightsNotice};
use registrar::domain::grades::Reliability;
use registrar::domain::ids::{RecordId, Time};
use registrar::domain::memory::MemoryRegistry;
use registrar::domain::nature::Nature;
use registrar::domain::queue::{self, Queue};
use registrar::domain::receipt::{Dissemination, IncomingReceipt, ReceiptState, Rejection};
use registrar::domain::record::Record;
use registrar::domain::role::Role;
use registrar::domain::view::RegistryView;
use registrar::register::filter::Visibility;
use registrar::register::revision::Revision;

const HRD: &str = "HRD duty officer Mbaye";

fn receipt(reg: &MemoryRegistry, id: &RecordId) -> IncomingReceipt {
    match reg.view.record(id) {
        Some(Record::Receipt(r)) => r,
        other => panic!("{id} is not a receipt: {other:?}"),
    }
}

fn disseminate() -> Change {
    Change::DisseminationToPeopleDecided {
        dissemination: Dissemination {
            authority: Role::Hom,
            recipients: Vec::new(),
            people: crate::common::listed(&[crate::common::READER]),
            flag: None,
            disseminated_at: None,
        },
    }
}

fn reject(grave: bool, notice: Option<(&str, Time)>) -> Change {
    Change::ReceiptRejected {
        rejection: Rejection {
            reason: "statements taken from detainees held incommunicado".to_string(),
            grave_violations: grave,
            human_rights_informed: notice.is_some(),
            human_rights_notice: notice.map(|(to, at)| HumanRightsNotice {
                to: to.to_string(),
                at,
            }),
        },
    }
}

fn acknowledge(response: &str) -> Change {
    Change::HumanRightsNoticeAcknowledged {
        response: response.to_string(),
    }
}

/// A product from FACA cleared and disseminated to two people.
fn disseminated(reg: &mut MemoryRegistry) -> RecordId {
    let (_, rcp) = receipt_ready_for_clearance(reg, Reliability::B);
    reg.ok(Some(&rcp), clear(), minute(1));
    reg.ok(Some(&rcp), disseminate(), minute(2));
    rcp
}

fn pending(reg: &MemoryRegistry, id: &RecordId) -> bool {
    let record = reg.view.record(id).expect("record exists");
    queue::placements(&record)
        .iter()
        .any(|p| p.queue == Queue::Pending)
}

fn step(reg: &MemoryRegistry, id: &RecordId, now: Time) -> queue::NextStep {
    let record = reg.view.record(id).expect("record exists");
    queue::next_step(Queue::Pending, &record, &reg.view, now)
}

#[test]
fn g9_9_a_tainted_product_is_rejected_after_dissemination_its_recipients_listed_and_withdrawn() {
    let mut reg = registry();
    let rcp = disseminated(&mut reg);

    // Only a product found obtained through grave violations is rejected after dissemination.
    let r = reg.refused(Some(&rcp), reject(false, None), minute(3));
    assert_refusal(
        &r,
        "G 9.9",
        &[rcp.as_str(), "disseminated", "grave violations"],
    );

    reg.ok(Some(&rcp), reject(true, Some((HRD, minute(3)))), minute(4));
    let r = receipt(&reg, &rcp);
    assert_eq!(r.state, ReceiptState::Rejected);
    assert!(r.follow_up.rejected_after_dissemination);
    assert_eq!(r.follow_up.to_tell, [crate::common::READER]);

    // Withdrawn from use: no new dissemination, no onward sharing.
    let r = reg.refused(Some(&rcp), disseminate(), minute(5));
    assert_refusal(
        &r,
        "G 9.9",
        &[rcp.as_str(), "withdrawn", "not disseminated"],
    );
    let ministry = entity(&mut reg, MINISTRY, EntityKind::OtherNonUnCivilian);
    eas(&mut reg, &ministry, t0());
    let mut d = draft(&ministry, Nature::OperationalTactical);
    d.derived_from = vec![rcp.clone()];
    let r = reg.refused(None, Change::ShareDrafted { draft: d }, minute(6));
    assert_refusal(
        &r,
        "G 9.9",
        &[rcp.as_str(), "withdrawn from use", "shared onward"],
    );
}

#[test]
fn g9_9_the_human_rights_component_informed_is_a_notice_to_whom_and_when() {
    let mut reg = registry();
    let (_, rcp) = receipt_ready_for_clearance(&mut reg, Reliability::B);

    // A tick box is not enough: to whom and when.
    let tick = Change::ReceiptRejected {
        rejection: Rejection {
            reason: "obtained under torture".to_string(),
            grave_violations: true,
            human_rights_informed: true,
            human_rights_notice: None,
        },
    };
    let r = reg.refused(Some(&rcp), tick, minute(2));
    assert_refusal(&r, "G 9.9", &["Human Rights Component", "to whom and when"]);
    let r = reg.refused(Some(&rcp), reject(true, Some((" ", minute(1)))), minute(2));
    assert_refusal(&r, "G 9.9", &["who at the Human Rights Component"]);
    let r = reg.refused(Some(&rcp), reject(true, Some((HRD, day(3)))), minute(2));
    assert_refusal(
        &r,
        "G 9.9",
        &["when the Human Rights Component was informed"],
    );
    let r = reg.refused(
        Some(&rcp),
        reject(true, Some((HRD, t0() - chrono::Duration::hours(1)))),
        minute(2),
    );
    assert_refusal(&r, "G 9.9", &["cannot precede the receipt"]);

    reg.ok(Some(&rcp), reject(true, Some((HRD, minute(1)))), minute(2));
    let j = receipt(&reg, &rcp).rejection.expect("rejected");
    let n = j.human_rights_notice.as_ref().expect("notice");
    assert_eq!(
        (n.to.as_str(), n.at, j.by.as_str()),
        (HRD, minute(1), ACTOR)
    );
}

#[test]
fn g9_9_the_notice_waits_for_a_human_rights_officer_until_acknowledged() {
    let mut reg = registry();
    let (_, rcp) = receipt_ready_for_clearance(&mut reg, Reliability::B);
    let r = reg.refused(Some(&rcp), acknowledge("opened a case"), minute(1));
    assert_refusal(&r, "G 9.9", &["no notice"]);

    reg.ok(Some(&rcp), reject(true, Some((HRD, minute(1)))), minute(2));
    assert!(pending(&reg, &rcp), "the notice is an item in a queue");
    let s = step(&reg, &rcp, minute(3));
    assert_eq!(s.who_acts, Role::Hro);
    assert!(
        s.waiting_on.contains("G 9.9") && s.waiting_on.contains(HRD),
        "{}",
        s.waiting_on
    );
    assert_eq!(
        required_roles(acknowledge("x").kind()).1,
        [Role::Hro],
        "only a Human Rights officer acknowledges"
    );

    let r = reg.refused(Some(&rcp), acknowledge(" "), minute(3));
    assert_refusal(&r, "G 9.9", &["what the Human Rights Component does"]);
    reg.ok(
        Some(&rcp),
        acknowledge("case opened with the detaining unit's commander"),
        minute(4),
    );
    assert!(!pending(&reg, &rcp), "acknowledged: it leaves the queue");
    let a = receipt(&reg, &rcp)
        .follow_up
        .notice_acknowledged
        .expect("acknowledged");
    assert_eq!((a.by.as_str(), a.at), (ACTOR, minute(4)));
    let r = reg.refused(Some(&rcp), acknowledge("again"), minute(5));
    assert_refusal(&r, "G 9.9", &["acknowledged", "already"]);
}

#[test]
fn g9_13_the_action_taken_is_recorded_with_what_corroborated_it() {
    let mut reg = registry();
    let (_, rcp) = receipt_ready_for_clearance(&mut reg, Reliability::B);
    let act = |corroborated_by: &str| Change::ActionRecorded {
        action: ActionTaken {
            action: "patrol sent to Ndélé road".to_string(),
            corroborated_by: corroborated_by.to_string(),
        },
    };
    let r = reg.refused(Some(&rcp), act("UNPOL report 44"), minute(1));
    assert_refusal(&r, "G 9.7", &[rcp.as_str(), "cleared"]);

    reg.ok(Some(&rcp), clear(), minute(1));
    let r = reg.refused(Some(&rcp), act("  "), minute(2));
    assert_refusal(&r, "G 9.13", &["sole determining source", rcp.as_str()]);
    reg.ok(
        Some(&rcp),
        act("UNPOL report 44 and a drone image"),
        minute(3),
    );
    let a = &receipt(&reg, &rcp).follow_up.actions[0];
    assert_eq!(a.action, "patrol sent to Ndélé road");
    assert_eq!(a.corroborated_by, "UNPOL report 44 and a drone image");
    assert_eq!((a.by.as_str(), a.at), (ACTOR, minute(3)));
    assert_eq!(
        required_roles(act("x").kind()).1,
        [Role::Imfp, Role::Analyst]
    );
}

fn communicate(how: &str, at: Time) -> Change {
    Change::TortureRefusalCommunicated {
        communication: TortureRefusalCommunication {
            communicated_at: at,
            how: how.to_string(),
        },
    }
}

#[test]
fn g9_9_the_hom_communication_to_an_entity_is_recorded_and_its_absence_shown() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    ear(&mut reg, &faca, Reliability::B, t0());
    let e = reg.view.entity(&faca).expect("entity");
    assert!(torture_refusal_missing(&e));
    assert!(
        pending(&reg, &faca),
        "the missing communication is an item in a queue"
    );
    let s = step(&reg, &faca, minute(1));
    assert_eq!(s.who_acts, Role::Hom);
    assert!(
        s.waiting_on.contains("G 9.9") && s.waiting_on.contains(FACA),
        "{}",
        s.waiting_on
    );
    assert_eq!(required_roles(communicate("x", t0()).kind()).1, [Role::Hom]);

    let r = reg.refused(Some(&faca), communicate(" ", minute(1)), minute(2));
    assert_refusal(&r, "G 9.9", &["how it was communicated"]);
    let r = reg.refused(Some(&faca), communicate("letter", day(4)), minute(2));
    assert_refusal(&r, "G 9.9", &["when it was communicated"]);
    let unicef = entity(&mut reg, UNICEF, EntityKind::NonMissionUn);
    let r = reg.refused(Some(&unicef), communicate("letter", minute(1)), minute(2));
    assert_refusal(&r, "G 9.9", &[UNICEF, "UN entity"]);

    reg.ok(
        Some(&faca),
        communicate(
            "letter SRSG/2026/311 to the Chief of Defence Staff",
            minute(1),
        ),
        minute(2),
    );
    let e = reg.view.entity(&faca).expect("entity");
    assert!(!torture_refusal_missing(&e));
    let c = &e.monitoring.torture_refusal[0];
    assert_eq!(c.how, "letter SRSG/2026/311 to the Chief of Defence Staff");
    assert_eq!(
        (c.communicated_at, c.by.as_str(), c.at),
        (minute(1), ACTOR, minute(2))
    );
    assert!(!pending(&reg, &faca), "communicated: it leaves the queue");
}

fn revise(from: Time, to: Time, action: RevisionAction, details: &str) -> Change {
    Change::RevisionRecorded {
        revision: RevisionFinding {
            from,
            to,
            finding: "3 of 7 products doubtfully true; 2 red flags for single sources".to_string(),
            action,
            action_details: details.to_string(),
        },
    }
}

#[test]
fn g9_13_the_periodic_revision_is_a_recorded_finding_with_the_action_decided() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let now = day(30);
    let r = reg.refused(
        Some(&faca),
        revise(day(10), day(1), RevisionAction::Continue, ""),
        now,
    );
    assert_refusal(&r, "G 9.13", &["ends", "before it begins"]);
    let r = reg.refused(
        Some(&faca),
        revise(day(1), day(40), RevisionAction::Continue, ""),
        now,
    );
    assert_refusal(&r, "G 9.13", &["end of the period"]);
    let r = reg.refused(
        Some(&faca),
        revise(day(1), day(29), RevisionAction::Reassess, " "),
        now,
    );
    assert_refusal(&r, "G 9.13", &["what is to be done"]);
    let mut blank = revise(day(1), day(29), RevisionAction::Continue, "");
    if let Change::RevisionRecorded { revision } = &mut blank {
        revision.finding = " ".to_string();
    }
    let r = reg.refused(Some(&faca), blank, now);
    assert_refusal(&r, "G 9.13", &["finding"]);

    let decided = "IM FP to start a new Entity Assessment for Receipt by 15 Dec";
    reg.ok(
        Some(&faca),
        revise(day(1), day(29), RevisionAction::Reassess, decided),
        now,
    );
    let r = reg.refused(
        Some(&faca),
        revise(day(1), day(29), RevisionAction::Continue, ""),
        now,
    );
    assert_refusal(&r, "G 9.13", &["already revised"]);
    let e = reg.view.entity(&faca).expect("entity");
    let v = &e.monitoring.revisions[0];
    assert_eq!(
        (v.action, v.action_details.as_str()),
        (RevisionAction::Reassess, decided)
    );
    assert_eq!((v.by.as_str(), v.at), (ACTOR, now));

    // The revision report carries it.
    let mut report = Revision::new(faca.clone(), FACA.to_string(), t0(), now);
    report.add(&Record::Entity(e), Visibility::Full);
    let f = &report.finish().findings[0];
    assert!(
        f.action.contains("new Entity Assessment") && f.action.contains(decided),
        "{}",
        f.action
    );
    assert_eq!(f.by, ACTOR);
}
