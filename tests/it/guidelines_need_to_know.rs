//! Need to know is a list of people (G 9.7, P 9.8, P 11.3.3, P 12.10): a dissemination names
//! registered users — directly, or through a role resolved to its holders when it is decided —
//! each cleared for the product; content is open to those listed and to the roles that handle
//! the product; older logs' free-text recipients still read as written.

use crate::common::*;
use registrar::domain::access::{Actor, can_see_content};
use registrar::domain::change::Change;
use registrar::domain::entity::EntityKind;
use registrar::domain::grades::Reliability;
use registrar::domain::ids::RecordId;
use registrar::domain::marking::{Classification, Marking};
use registrar::domain::memory::MemoryRegistry;
use registrar::domain::nature::Nature;
use registrar::domain::need_to_know::{Listed, Named, resolve};
use registrar::domain::receipt::{Dissemination, IncomingReceipt, ReceiptState};
use registrar::domain::record::Record;
use registrar::domain::role::Role;
use registrar::domain::view::RegistryView;

fn receipt_of(reg: &MemoryRegistry, id: &RecordId) -> IncomingReceipt {
    match reg.view.record(id) {
        Some(Record::Receipt(r)) => r,
        other => panic!("{id} is not a receipt: {other:?}"),
    }
}

/// A Strictly Confidential product, scanned clean and cleared: ready to disseminate.
fn cleared_strictly_confidential(reg: &mut MemoryRegistry) -> RecordId {
    let faca = entity(reg, FACA, EntityKind::NonUnSecurityForce);
    ear(reg, &faca, Reliability::B, t0());
    let mut c = capture(&faca, Nature::OperationalTactical, t0());
    c.marking = Marking::un(Classification::StrictlyConfidential);
    let rcp = register(reg, c, t0());
    scan(reg, &rcp, irs(false, &[]), t0());
    reg.ok(Some(&rcp), clear(), minute(1));
    rcp
}

fn to_people(people: Vec<Listed>) -> Change {
    Change::DisseminationToPeopleDecided {
        dissemination: Dissemination {
            authority: Role::Hom,
            recipients: Vec::new(),
            people,
            flag: None,
            disseminated_at: None,
        },
    }
}

fn person(name: &str, roles: &[Role], clearance: Classification) -> Actor {
    Actor {
        name: name.to_string(),
        roles: roles.to_vec(),
        clearance,
    }
}

#[test]
fn g9_7_a_dissemination_list_naming_an_uncleared_user_is_refused_with_their_name() {
    let mut reg = registry();
    let rcp = cleared_strictly_confidential(&mut reg);
    let r = reg.refused(Some(&rcp), to_people(listed(&[READER, JUNIOR])), minute(2));
    assert_eq!(
        r.to_string(),
        format!("G 9.7: {JUNIOR} is cleared to Confidential; {rcp} is Strictly Confidential")
    );
    // Someone who is not a registered user is not on a list.
    let r = reg.refused(
        Some(&rcp),
        to_people(listed(&[READER, "JOC duty officer"])),
        minute(2),
    );
    assert_refusal(&r, "G 9.7", &["JOC duty officer", "not a registered user"]);
    // Free text is no longer recorded as a dissemination list.
    let legacy = Change::DisseminationDecided {
        dissemination: Dissemination {
            authority: Role::Hom,
            recipients: vec![READER.to_string()],
            people: Vec::new(),
            flag: None,
            disseminated_at: None,
        },
    };
    assert_refusal(
        &reg.refused(Some(&rcp), legacy, minute(2)),
        "G 9.7",
        &["registered users"],
    );
    assert_eq!(receipt_of(&reg, &rcp).state, ReceiptState::Cleared);
    reg.ok(Some(&rcp), to_people(listed(&[READER])), minute(3));
    let r = receipt_of(&reg, &rcp);
    assert_eq!(r.state, ReceiptState::Disseminated);
    assert_eq!(r.dissemination.unwrap().to_whom(), [READER]);
}

#[test]
fn p9_8_a_role_named_as_a_group_resolves_to_its_holders_when_decided() {
    let mut reg = registry();
    add_user(
        &mut reg,
        "micm.chair",
        &[Role::Micm],
        Classification::StrictlyConfidential,
    );
    let users = reg.view.users();
    let named = Named {
        users: vec![READER.to_string()],
        groups: vec![Role::Legal, Role::Micm],
    };
    let people = resolve(&named, &users).unwrap();
    // Named once each: the reader by name, the other Legal officer and the MICM Chair through
    // their roles.
    assert_eq!(
        people,
        vec![
            Listed {
                user: READER.into(),
                via: None
            },
            Listed {
                user: JUNIOR.into(),
                via: Some(Role::Legal)
            },
            Listed {
                user: "micm.chair".into(),
                via: Some(Role::Micm)
            },
        ]
    );
    assert_eq!(people[1].to_string(), format!("{JUNIOR} (Legal Office)"));
    // A role nobody holds resolves to no one: refused, not an empty list.
    let r = resolve(
        &Named {
            users: vec![],
            groups: vec![Role::Delegate],
        },
        &users,
    )
    .unwrap_err();
    assert_refusal(&r, "G 9.7", &["delegated authority"]);
    // A group is checked person by person: the Confidential Legal officer on a Strictly
    // Confidential product is refused by name.
    let rcp = cleared_strictly_confidential(&mut reg);
    let r = reg.refused(Some(&rcp), to_people(people), minute(2));
    assert_refusal(&r, "G 9.7", &[JUNIOR, "Strictly Confidential"]);
    // Someone who takes the role later is not on the list decided before.
    let people = resolve(
        &Named {
            users: vec![],
            groups: vec![Role::Micm],
        },
        &users,
    )
    .unwrap();
    reg.ok(Some(&rcp), to_people(people), minute(3));
    add_user(
        &mut reg,
        "micm.deputy",
        &[Role::Micm],
        Classification::StrictlyConfidential,
    );
    let d = receipt_of(&reg, &rcp).dissemination.unwrap();
    assert!(d.lists("micm.chair") && !d.lists("micm.deputy"));
}

#[test]
fn p11_3_3_content_is_visible_to_those_listed_and_to_the_roles_that_handle_it() {
    let mut reg = registry();
    let rcp = cleared_strictly_confidential(&mut reg);
    let sc = Classification::StrictlyConfidential;
    let clerk = person("clerk", &[Role::Admin], sc);
    add_user(&mut reg, "clerk", &[Role::Admin], sc);
    reg.ok(Some(&rcp), to_people(listed(&[READER, "clerk"])), minute(2));
    let r = Record::Receipt(receipt_of(&reg, &rcp));
    // Listed, whatever the role (the administrator handles no products).
    assert!(can_see_content(&clerk, &r));
    assert!(can_see_content(&person(READER, &[Role::Legal], sc), &r));
    // Not listed, and not a role that handles received products: the other Legal officer and
    // a Human Rights officer, though cleared.
    assert!(!can_see_content(
        &person("legal.other", &[Role::Legal], sc),
        &r
    ));
    assert!(!can_see_content(&person("hro", &[Role::Hro], sc), &r));
    assert!(!can_see_content(&person("admin", &[Role::Admin], sc), &r));
    // The roles that handle it: IM FP, analyst, the deciding authorities, oversight.
    for role in [
        Role::Imfp,
        Role::Analyst,
        Role::Hom,
        Role::Micm,
        Role::Oversight,
    ] {
        assert!(can_see_content(&person("x", &[role], sc), &r), "{role:?}");
    }
    // Never above the clearance, listed or not.
    let listed_but_lowered = person("clerk", &[Role::Admin], Classification::Confidential);
    assert!(!can_see_content(&listed_but_lowered, &r));
}

#[test]
fn g9_7_an_older_logs_free_text_recipients_still_decode_and_read_as_written() {
    // A dissemination as logs before the list of people hold it: replayed, not checked.
    let mut reg = registry();
    let (_, rcp) = receipt_ready_for_clearance(&mut reg, Reliability::B);
    reg.ok(Some(&rcp), clear(), minute(1));
    let legacy = Change::DisseminationDecided {
        dissemination: Dissemination {
            authority: Role::Hom,
            recipients: vec!["JOC duty officer".into(), "clerk".into()],
            people: Vec::new(),
            flag: None,
            disseminated_at: None,
        },
    };
    // The event's bytes as an older registrar wrote them: no `people` key at all.
    let json = serde_json::to_value(&legacy).unwrap();
    assert!(json["dissemination"].get("people").is_none(), "{json}");
    let mut bytes = Vec::new();
    ciborium::into_writer(&legacy, &mut bytes).unwrap();
    let decoded: Change = ciborium::from_reader(bytes.as_slice()).unwrap();
    reg.replay(&rcp, &decoded, "hom", minute(2)).unwrap();
    let r = receipt_of(&reg, &rcp);
    assert_eq!(r.state, ReceiptState::Disseminated);
    let d = r.dissemination.clone().unwrap();
    assert_eq!(d.to_whom(), ["JOC duty officer", "clerk"]);
    let r = Record::Receipt(r);
    let c = Classification::Confidential;
    // A recipient that is a user's exact name grants them content; one that is no user's
    // name grants nobody; the handling roles see it as before.
    assert!(can_see_content(&person("clerk", &[Role::Admin], c), &r));
    assert!(!can_see_content(&person("JOC", &[Role::Admin], c), &r));
    assert!(can_see_content(&person("hro", &[Role::Hro], c), &r));
}
