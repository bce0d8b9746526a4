//! Who acts respects clearance (P 11.3.3, P 12.10; issue 9): a queue item never tells a role
//! to act when none of its holders may open the record — an analyst cleared to Confidential
//! is not told to act on a Strictly Confidential imminent threat; the IM FP, cleared, is.

use crate::common::*;
use registrar::domain::change::Change;
use registrar::domain::entity::EntityKind;
use registrar::domain::grades::Reliability;
use registrar::domain::marking::{Classification, Marking};
use registrar::domain::memory::MemoryRegistry;
use registrar::domain::nature::Nature;
use registrar::domain::queue::{self, Queue};
use registrar::domain::role::Role;
use registrar::domain::user::user_id;
use registrar::domain::view::RegistryView;

fn add_user(reg: &mut MemoryRegistry, name: &str, roles: &[Role], clearance: Classification) {
    reg.ok(
        Some(&user_id(name)),
        Change::UserAdded {
            name: name.to_string(),
            roles: roles.to_vec(),
            clearance,
        },
        t0(),
    );
}

/// A Strictly Confidential imminent threat from FACA, registered, alerts not yet recorded.
fn strictly_confidential_threat(reg: &mut MemoryRegistry) -> queue::QueueItem {
    let faca = entity(reg, FACA, EntityKind::NonUnSecurityForce);
    ear(reg, &faca, Reliability::B, t0());
    let mut c = capture(&faca, Nature::OperationalTactical, minute(1));
    c.marking = Marking::un(Classification::StrictlyConfidential);
    c.imminent_threat = true;
    let rcp = register(reg, c, minute(1));
    let record = reg.view.record(&rcp).unwrap();
    let placed = queue::placements(&record);
    let urgent = placed
        .iter()
        .find(|p| p.queue == Queue::Urgent)
        .expect("an imminent threat is urgent");
    queue::present(Queue::Urgent, urgent.key, &record, &reg.view, minute(2))
}

#[test]
fn p11_3_3_an_analyst_not_cleared_is_not_told_to_act_the_cleared_im_fp_is() {
    let mut reg = registry();
    add_user(
        &mut reg,
        "analyst.ba",
        &[Role::Analyst],
        Classification::Confidential,
    );
    add_user(
        &mut reg,
        "imfp.okafor",
        &[Role::Imfp],
        Classification::StrictlyConfidential,
    );
    let item = strictly_confidential_threat(&mut reg);
    assert_eq!(item.who_acts, "imfp", "{item:?}");
    assert_eq!(item.acting_people, vec!["imfp.okafor".to_string()]);
    assert!(
        item.waiting_on
            .contains("no receiving component analyst is cleared"),
        "{}",
        item.waiting_on
    );
}

#[test]
fn p11_3_3_a_cleared_analyst_is_told_to_act_by_name() {
    let mut reg = registry();
    add_user(
        &mut reg,
        "analyst.ba",
        &[Role::Analyst],
        Classification::Confidential,
    );
    add_user(
        &mut reg,
        "analyst.ko",
        &[Role::Analyst],
        Classification::StrictlyConfidential,
    );
    let item = strictly_confidential_threat(&mut reg);
    assert_eq!(item.who_acts, "analyst");
    assert_eq!(item.acting_people, vec!["analyst.ko".to_string()]);
}

#[test]
fn p11_3_3_when_no_one_who_may_act_is_cleared_the_administrator_is_named() {
    let mut reg = registry();
    add_user(
        &mut reg,
        "analyst.ba",
        &[Role::Analyst],
        Classification::Confidential,
    );
    add_user(
        &mut reg,
        "imfp.okafor",
        &[Role::Imfp],
        Classification::Confidential,
    );
    let item = strictly_confidential_threat(&mut reg);
    assert_eq!(item.who_acts, "admin");
    assert!(
        item.waiting_on.contains("the administrator clears someone"),
        "{}",
        item.waiting_on
    );
}
