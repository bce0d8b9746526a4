//! The access layer (issue 3): who may record which change, oversight that changes nothing,
//! need to know on queues, detail reads and exports, passphrases and logins, and disabling
//! users without losing history.
//!
//! Library checks run on registries built in a temporary directory with a fixed clock; the
//! command-line checks run the real binary on the demo registry, with `--now` fixed. Every
//! command's output is checked for passphrases and hash text (`access_common::run`).

use crate::access_common;

use access_common::*;
use argon2::password_hash::{PasswordHash, PasswordVerifier};
use proptest::prelude::*;
use redb::{ReadableDatabase, ReadableTable};
use registrar::domain::access::{Actor, can_see_content, may, required_roles};
use registrar::domain::change::Change;
use registrar::domain::marking::Classification;
use registrar::domain::queue::Queue;
use registrar::domain::record::Record;
use registrar::domain::role::Role::{self, *};
use registrar::domain::user::user_id;
use registrar::store::passphrase_work::{PassphraseWork, WORK_VARIABLE};
use registrar::store::users::{CREDENTIALS, MIN_PASSPHRASE, hash_passphrase, hash_passphrase_with};
use registrar::store::{AuthError, ExecuteError, FixedClock, Store};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

const SC: Classification = Classification::StrictlyConfidential;
const C: Classification = Classification::Confidential;

/// The one message every refused login gets (CLI: prefixed by `registrar: `).
const REFUSED: &str = "registrar: unknown user or wrong passphrase";

// ======================================================================================
// 1. The role matrix
// ======================================================================================

/// The authorities that take sharing and dissemination decisions, and keep the
/// pre-authorised lists (G 8 "Sharing Authority", G 9 "Receiving Authority", G 8.1.8, G 9.10):
/// the Head of Mission, the MICM Chair, or whom the mission support plan delegates.
const DECIDERS: &[Role] = &[Hom, Micm, Delegate];

/// The matrix, written down independently of `required_roles` from the issue ("capturing a
/// receipt or drafting a share (analyst, IM FP); human-rights parts of assessments (Human
/// Rights officer); sharing and dissemination decisions (only the authority …); settings,
/// users … (administrator); oversight … changes nothing") and the Guidelines for the rest.
/// Keyed by the change's tag; `passphrase_changed` is allowed to anyone for themselves only.
const MATRIX: &[(&str, &[Role])] = &[
    // Settings and users: the station administrator.
    ("registry_initialised", &[Admin]),
    ("settings_changed", &[Admin]),
    // G 8 a: who decides is the Head of Mission's; the IM FP records it on the HoM's written
    // instruction. Not the administrator's.
    ("delegation_changed", &[Hom, Imfp]),
    ("user_added", &[Admin]),
    ("user_disabled", &[Admin]),
    ("user_roles_changed", &[Admin]),
    ("passphrase_changed", &[]),
    // Entities (G 8.1.2, G 9.8), kept by the IM FP and the receiving component.
    ("entity_registered", &[Imfp, Analyst]),
    ("handling_standards_confirmed", &[Imfp, Analyst]),
    // Annex A fn 17: a sub-component excluded on the human rights assessment.
    ("sub_component_excluded", &[Imfp, Hro]),
    // Entity assessments: the overview by the analyst / IM FP, the human rights part by the
    // Human Rights officer (G 8.1.2, Annex A part 2; G 9.5, Annex D).
    ("sharing_assessment_started", &[Imfp, Analyst]),
    ("sharing_assessment_human_rights_recorded", &[Hro]),
    ("mitigation_confirmed", &[Imfp, Hro]),
    ("receipt_assessment_started", &[Imfp, Analyst]),
    ("receipt_assessment_human_rights_recorded", &[Hro]),
    // Outgoing shares: drafted and worked by the analyst / IM FP, decided by the authority.
    ("share_drafted", &[Imfp, Analyst]),
    ("sanitisation_confirmed", &[Imfp, Analyst]),
    ("sharing_risk_assessed", &[Imfp, Analyst]),
    ("un_routing_recorded", &[Imfp, Analyst]),
    ("share_decided", DECIDERS),
    ("conditions_accepted", &[Imfp, Analyst]),
    ("share_marked_shared", &[Imfp, Analyst]),
    ("share_withdrawn", &[Imfp, Analyst]),
    // Originator control of mission PKI (G 8.1.5): the request is recorded by those who work
    // the share; the written answer is the sharing authority's.
    ("onward_request_recorded", &[Imfp, Analyst]),
    ("onward_request_answered", DECIDERS),
    // Incoming receipts: captured and worked by the analyst / IM FP, disseminated by the
    // authority.
    ("receipt_registered", &[Imfp, Analyst]),
    ("alert_recorded", &[Imfp, Analyst]),
    ("receipt_scanned", &[Imfp, Analyst]),
    ("receipt_cleared", &[Imfp, Analyst]),
    ("dissemination_decided", DECIDERS),
    // G 9.7: the dissemination to a list of registered users, each cleared for the product.
    ("dissemination_to_people_decided", DECIDERS),
    ("receipt_rejected", &[Imfp, Analyst]),
    ("onward_sharing_approved", &[Imfp, Analyst]),
    // Breaches (G 8.1.10): anyone who works the products reports; HoM or Legal concludes.
    ("breach_reported", &[Imfp, Analyst, Hro, Legal]),
    ("investigation_concluded", &[Hom, Legal]),
    // Pre-authorised lists: the sharing / receiving authority.
    ("pre_authorised", DECIDERS),
    ("pre_authorisation_renewed", DECIDERS),
    ("pre_authorisation_reviewed", DECIDERS),
    ("pre_authorisation_revoked", DECIDERS),
    // Earlier registers carried over: the IM FP, keeper of the registry.
    ("legacy_record_registered", &[Imfp]),
    // Trust of other stations and the station's keys: the administrator (issue 3).
    ("station_keys_created", &[Admin]),
    ("station_trusted", &[Admin]),
    ("identity_exported", &[Admin]),
    // Moving updates between stations (issue 5): the IM FP or the administrator; conflicts
    // between stations are resolved by the IM FP.
    ("bundle_exported", &[Imfp, Admin]),
    ("acknowledgement_received", &[Imfp, Admin]),
    // Dismissing a quarantined (forked) bundle (issue 10): whoever moves the updates.
    ("quarantine_dismissed", &[Imfp, Admin]),
    ("bundle_imported", &[Imfp, Admin]),
    ("conflict_resolved", &[Imfp]),
    // A truthful register (issue 8): registered after the fact and corrected by those who
    // register; a void, a merge of entities, by the IM FP, keeper of the registry.
    ("share_registered_after_the_fact", &[Imfp, Analyst]),
    ("receipt_registered_after_the_fact", &[Imfp, Analyst]),
    ("threat_determined", &[Imfp, Analyst]),
    ("share_amended", &[Imfp, Analyst]),
    ("receipt_amended", &[Imfp, Analyst]),
    ("share_voided", &[Imfp]),
    ("receipt_voided", &[Imfp]),
    ("entity_details_edited", &[Imfp, Analyst]),
    ("entities_merged", &[Imfp]),
    // Active monitoring (G 8.1.2.3, G 9.5.2): whoever follows the entity records an incident;
    // the IM FP or a Human Rights officer suspends its assessments at once; the review that
    // lifts or confirms the suspension by the HoM, the IM FP or a Human Rights officer.
    ("incident_recorded", &[Imfp, Analyst, Hro]),
    ("assessments_suspended", &[Imfp, Hro]),
    ("suspension_reviewed", &[Hom, Imfp, Hro]),
    // G 9.9: the notice to the Human Rights Component is acknowledged by its officers; the
    // Head of Mission's formal communication to a counterpart is the HoM's to record.
    ("human_rights_notice_acknowledged", &[Hro]),
    ("torture_refusal_communicated", &[Hom]),
    // G C "Registers" a, G 9.13: who handles the product records what was done with it; the
    // periodic revision of an entity by the IM FP or the HoM.
    ("action_recorded", &[Imfp, Analyst]),
    ("revision_recorded", &[Hom, Imfp]),
];

/// Changes about stations, their keys and the bundles between them.
const STATION_CHANGES: &[&str] = &[
    "station_keys_created",
    "station_trusted",
    "identity_exported",
    "bundle_exported",
    "acknowledgement_received",
    "quarantine_dismissed",
    "bundle_imported",
    "conflict_resolved",
];

fn matrix_row(tag: &str) -> &'static [Role] {
    MATRIX
        .iter()
        .find(|(t, _)| *t == tag)
        .unwrap_or_else(|| panic!("the matrix has no row for {tag}"))
        .1
}

fn is_decision(tag: &str) -> bool {
    matches!(
        tag,
        "share_decided" | "dissemination_decided" | "dissemination_to_people_decided"
    )
}

fn sorted(roles: &[Role]) -> Vec<Role> {
    let mut r = roles.to_vec();
    r.sort();
    r.dedup();
    r
}

#[test]
fn the_matrix_has_a_row_for_every_change_and_follows_the_issue() {
    let tags: BTreeSet<String> = all_change_tags().into_iter().collect();
    assert!(tags.len() >= 30, "serde listed too few changes: {tags:?}");
    let rows: BTreeSet<String> = MATRIX.iter().map(|(t, _)| t.to_string()).collect();
    assert_eq!(rows.len(), MATRIX.len(), "a row is repeated");
    assert_eq!(tags, rows, "the matrix and the Change enum differ");
    let represented: BTreeSet<String> = every_change(&Targets::dummy(), Hom)
        .iter()
        .map(|(_, c)| tag(c))
        .collect();
    assert_eq!(represented, tags, "a change has no representative value");

    for (tag, roles) in MATRIX {
        assert!(!roles.contains(&Oversight), "oversight may {tag}");
        let settings_or_users = tag.starts_with("user_") || tag.contains("settings");
        let settings_or_users = settings_or_users || *tag == "registry_initialised";
        let stations = STATION_CHANGES.contains(tag) && *tag != "conflict_resolved";
        assert_eq!(
            roles.contains(&Admin),
            settings_or_users || stations,
            "the administrator and {tag}"
        );
        if settings_or_users || matches!(*tag, "station_trusted" | "station_keys_created") {
            assert_eq!(*roles, &[Admin], "only the administrator may {tag}");
        }
        if is_decision(tag) {
            assert_eq!(*roles, DECIDERS, "{tag} is for the authorities only");
        }
    }
    for tag in ["receipt_registered", "share_drafted"] {
        assert_eq!(sorted(matrix_row(tag)), sorted(&[Analyst, Imfp]), "{tag}");
    }
    for tag in [
        "sharing_assessment_human_rights_recorded",
        "receipt_assessment_human_rights_recorded",
    ] {
        assert_eq!(matrix_row(tag), &[Hro], "{tag}");
    }
}

#[test]
fn every_role_times_every_change_is_allowed_exactly_as_the_matrix_says() {
    let t = Targets::dummy();
    let mut checked = 0;
    for role in Role::ALL {
        let person = single(role);
        // Decisions are taken as the person's own role: holding the named role is checked
        // on its own below.
        for (_, change) in every_change(&t, role) {
            let tag = tag(&change);
            let expected = matrix_row(&tag);
            let (action, listed) = required_roles(change.kind());
            assert_eq!(
                sorted(&listed),
                sorted(expected),
                "required_roles({tag}) drifted from the matrix"
            );
            let result = may(&person, &change, false);
            assert_eq!(
                result.is_ok(),
                listed.contains(&role),
                "{role:?} and {tag}: may() disagrees with required_roles ({result:?})"
            );
            assert_eq!(
                result.is_ok(),
                expected.contains(&role),
                "{role:?} and {tag}: may() disagrees with the matrix ({result:?})"
            );
            if let Err(refusal) = result {
                if tag == "passphrase_changed" {
                    assert!(refusal.roles.is_empty(), "{refusal}");
                    assert!(refusal.to_string().contains("another person"), "{refusal}");
                } else {
                    // A refusal names the roles that may act (exit code 4 on the CLI).
                    assert_eq!(sorted(&refusal.roles), sorted(expected), "{tag}");
                    assert_eq!(refusal.action, action, "{tag}");
                    for r in expected {
                        assert!(
                            refusal.to_string().contains(r.title()),
                            "the refusal of {tag} does not name the {r}: {refusal}"
                        );
                    }
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 9 * MATRIX.len(), "only {checked} pairs checked");
}

#[test]
fn a_decision_is_taken_only_in_a_role_the_person_holds() {
    for held in Role::ALL {
        for named in Role::ALL {
            for change in [share_decided(named), dissemination_decided(named)] {
                let what = tag(&change);
                let result = may(&single(held), &change, false);
                let expected = held == named && DECIDERS.contains(&named);
                assert_eq!(
                    result.is_ok(),
                    expected,
                    "a {held:?} deciding {what} as {named:?}: {result:?}"
                );
                if DECIDERS.contains(&held) && held != named && DECIDERS.contains(&named) {
                    let refusal = result.unwrap_err();
                    assert_eq!(refusal.roles, vec![named], "{refusal}");
                    assert!(refusal.to_string().contains(named.title()), "{refusal}");
                }
            }
        }
    }
    // The MICM Chair who is also HoM decides as either.
    let both = actor("chair", &[Hom, Micm], SC);
    for named in [Hom, Micm] {
        assert!(may(&both, &share_decided(named), false).is_ok());
        assert!(may(&both, &dissemination_decided(named), false).is_ok());
    }
    assert!(may(&both, &share_decided(Delegate), false).is_err());
}

#[test]
fn a_decision_cannot_be_taken_as_a_role_that_decides_nothing() {
    // A HoM who is also the station administrator (or anything else) may not name that
    // other role as the deciding authority: only the authorities decide (G 8, G 9).
    for other in [Admin, Imfp, Analyst, Hro, Legal, Oversight] {
        let person = actor("hom.admin", &[Hom, other], SC);
        for change in [share_decided(other), dissemination_decided(other)] {
            let result = may(&person, &change, false);
            assert!(
                result.is_err(),
                "{} taken as the {other}, by a person holding HoM and {other:?}, was allowed",
                change.describe()
            );
        }
    }
}

#[test]
fn anyone_may_change_their_own_passphrase_and_no_one_anothers() {
    for role in Role::ALL {
        let person = single(role);
        assert!(
            may(&person, &Change::PassphraseChanged, true).is_ok(),
            "{role:?}"
        );
        let refusal = may(&person, &Change::PassphraseChanged, false).unwrap_err();
        assert!(refusal.roles.is_empty(), "{refusal}");
    }
}

/// Whether the matrix allows a person holding `held` to record `change`.
fn matrix_allows(held: &[Role], change: &Change, target_is_self: bool) -> bool {
    let tag = tag(change);
    if tag == "passphrase_changed" {
        return target_is_self;
    }
    let row = matrix_row(&tag);
    let holds_a_listed_role = held.iter().any(|r| row.contains(r));
    // No one changes their own roles or account.
    if target_is_self
        && matches!(
            change,
            Change::UserRolesChanged { .. } | Change::UserDisabled
        )
    {
        return false;
    }
    // The delegation: the HoM, or the IM FP on the HoM's written instruction.
    if let Change::DelegationChanged { instruction, .. } = change {
        return holds_a_listed_role && (held.contains(&Hom) || instruction.is_some());
    }
    let named = match change {
        Change::ShareDecided { authority, .. } => Some(*authority),
        Change::DisseminationDecided { dissemination }
        | Change::DisseminationToPeopleDecided { dissemination } => Some(dissemination.authority),
        Change::OnwardRequestAnswered { answer, .. } => Some(answer.authority),
        _ => None,
    };
    match named {
        Some(n) => holds_a_listed_role && held.contains(&n) && row.contains(&n),
        None => holds_a_listed_role,
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// People with several roles: allowed exactly when they hold a role the matrix lists
    /// for the change (and, for a decision, the role the decision is taken as).
    #[test]
    fn people_with_several_roles_are_allowed_as_the_matrix_says(
        mask in 0u16..(1 << 9),
        named in 0usize..9,
        which in 0usize..64,
        target_is_self: bool,
    ) {
        let held: Vec<Role> = Role::ALL
            .into_iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, r)| r)
            .collect();
        let changes = every_change(&Targets::dummy(), Role::ALL[named]);
        let (_, change) = &changes[which % changes.len()];
        let person = actor("p", &held, SC);
        let result = may(&person, change, target_is_self);
        prop_assert_eq!(
            result.is_ok(),
            matrix_allows(&held, change, target_is_self),
            "{:?} and {}: {:?}", held, tag(change), result
        );
    }
}

// ======================================================================================
// 2. Oversight changes nothing
// ======================================================================================

/// Everything a change could touch: the log's length and every record, as stored and as a
/// replay of the log gives them.
#[derive(Debug, PartialEq)]
struct Snapshot {
    events: u64,
    records: BTreeMap<String, Record>,
    replayed: BTreeMap<String, Record>,
}

fn snapshot(store: &Store) -> Snapshot {
    let chain = store.verify_chain().unwrap();
    assert!(chain.is_ok(), "{:?}", chain.first_broken);
    let mut records = BTreeMap::new();
    store
        .visit_records(&mut |r| {
            records.insert(r.id().to_string(), r);
            Ok(())
        })
        .unwrap();
    let replayed = store
        .replay_log()
        .unwrap()
        .view
        .records
        .into_iter()
        .map(|(id, r)| (id.to_string(), r))
        .collect();
    Snapshot {
        events: chain.events,
        records,
        replayed,
    }
}

fn snapshot_file(path: &Path) -> Snapshot {
    snapshot(&Store::open(path, Arc::new(FixedClock::new(now()))).unwrap())
}

#[test]
fn oversight_cannot_change_a_single_record_through_the_library() {
    let small = Small::new();
    let store = &small.store;
    let before = snapshot(store);
    assert_eq!(before.records, before.replayed);

    // The oversight user as they are, as a caller could forge them (every role claimed),
    // and an unknown name claiming to be an administrator.
    let forged = actor("oios", &Role::ALL, SC);
    let ghost = actor("ghost", &[Admin, Imfp, Hom], SC);
    let mut attempts = every_change(&small.targets, Oversight);
    for authority in DECIDERS {
        attempts.push((Some(small.targets.share.clone()), share_decided(*authority)));
        attempts.push((
            Some(small.targets.receipt.clone()),
            dissemination_decided(*authority),
        ));
    }
    let mut tags = BTreeSet::new();
    for (target, change) in attempts {
        let what = tag(&change);
        tags.insert(what.clone());
        // A suitable target: the record exists and is of the kind the change applies to
        // (station changes may create the record they name).
        if change.creates().is_none()
            && !matches!(
                change,
                Change::UserAdded { .. } | Change::RegistryInitialised { .. }
            )
        {
            let id = target.as_ref().expect("a targeting change has a target");
            match store.record(id).unwrap() {
                Some(record) => assert_eq!(record.kind(), change.targets(), "{what} on {id}"),
                None => assert!(
                    STATION_CHANGES.contains(&what.as_str()),
                    "no {id} for {what}"
                ),
            }
        }
        for person in [oios(), forged.clone(), ghost.clone()] {
            match store.execute_as(&person, target.as_ref(), change.clone()) {
                Err(ExecuteError::NotAllowed(_)) => {}
                other => panic!("{} as {:?}: {other:?}", what, person.roles),
            }
        }
        assert_eq!(
            store.verify_chain().unwrap().events,
            before.events,
            "{what}"
        );
    }
    assert_eq!(
        tags,
        all_change_tags().into_iter().collect(),
        "every kind of change was attempted"
    );

    // The paths that store a passphrase hash with the event.
    match store.add_user(&oios(), "mole", vec![Admin], SC, "mole-passphrase-1") {
        Err(ExecuteError::NotAllowed(n)) => assert!(n.roles.contains(&Admin), "{n}"),
        other => panic!("oversight added a user: {other:?}"),
    }
    match store.add_first_administrator("mole", SC, "mole-passphrase-1") {
        Err(ExecuteError::NotAllowed(_)) => {}
        other => panic!("a second first administrator: {other:?}"),
    }
    assert_eq!(snapshot(store), before, "a refused change left a trace");

    // What oversight may do: change its own passphrase. That records who changed it, and
    // nothing else: no record changes.
    store
        .change_passphrase(&oios(), NEW_OVERSIGHT_PASS)
        .unwrap();
    let after = snapshot(store);
    assert_eq!(after.events, before.events + 1);
    assert_eq!(
        after.records, before.records,
        "a passphrase change altered a record"
    );
    let last = store.record_events(&user_id("oios")).unwrap();
    let last = last.last().unwrap();
    assert_eq!(last.actor, "oios");
    assert_eq!(last.change, Change::PassphraseChanged);
    assert!(matches!(
        store.authenticate("oios", OIOS_PASS),
        Err(AuthError::Refused)
    ));
    assert_eq!(
        store.authenticate("oios", NEW_OVERSIGHT_PASS).unwrap().name,
        "oios"
    );
    // … and only its own.
    assert_eq!(
        store.authenticate("chief", CHIEF_PASS).unwrap().name,
        "chief"
    );
}

#[test]
fn oversight_cannot_manage_users_on_the_command_line_and_changes_only_its_own_passphrase() {
    let demo = Demo::new();
    // Reading is allowed and changes nothing.
    let export = demo.dir.path().join("oversight.json");
    let before = snapshot_file(&demo.store);
    succeeds(&run(demo
        .as_demo("oversight")
        .args(["report", "oversight", "--out"])
        .arg(&export)));
    succeeds(&run(demo
        .as_demo("oversight")
        .args(["queue", "urgent", "--json"])));

    let new_file = demo.pass_file("mole-passphrase-1");
    let new_file = new_file.to_str().unwrap();
    let attempts: [&[&str]; 5] = [
        &[
            "user",
            "add",
            "mole",
            "--role",
            "admin",
            "--clearance",
            "strictly_confidential",
            "--new-passphrase-file",
            new_file,
        ],
        &["user", "disable", "analyst"],
        &["user", "disable", "admin"],
        &["user", "roles", "oversight", "--role", "admin"],
        &["user", "roles", "analyst", "--role", "imfp"],
    ];
    for args in attempts {
        let out = run(demo.as_demo("oversight").args(args));
        let stderr = fails_with(&out, 4);
        assert!(stderr.contains("not allowed"), "{args:?}: {stderr}");
        assert!(
            stderr.contains(Admin.title()),
            "the refusal of {args:?} names who may: {stderr}"
        );
    }
    assert_eq!(
        snapshot_file(&demo.store),
        before,
        "oversight changed the registry"
    );

    // `user passwd`: allowed, for oneself only.
    let out = run(demo
        .as_demo("oversight")
        .args(["user", "passwd", "--new-passphrase-file"])
        .arg(demo.pass_file(NEW_OVERSIGHT_PASS)));
    assert!(succeeds(&out).contains("changed the passphrase of oversight"));
    let after = snapshot_file(&demo.store);
    assert_eq!(after.events, before.events + 1);
    assert_eq!(after.records, before.records);
    let store = demo.open();
    let events = store.record_events(&user_id("oversight")).unwrap();
    let last = events.last().unwrap();
    assert_eq!(
        (last.actor.as_str(), &last.change),
        ("oversight", &Change::PassphraseChanged)
    );
    drop(store);
    let out = run(demo.as_demo("oversight").arg("whoami"));
    assert_eq!(fails_with(&out, 1).trim_end(), REFUSED);
    let out = run(demo.as_user("oversight", NEW_OVERSIGHT_PASS).arg("whoami"));
    assert!(succeeds(&out).starts_with("oversight\nroles: oversight\n"));
    // Nobody else's passphrase changed.
    succeeds(&run(demo.as_demo("admin").arg("whoami")));
}

// ======================================================================================
// 3. Need to know
// ======================================================================================

/// Text only strictly confidential records hold: the titles and summaries of strictly
/// confidential shares and receipts that appear in no other record.
fn strictly_confidential_texts(store: &Store) -> Vec<String> {
    let mut secret = Vec::new();
    let mut other = String::new();
    store
        .visit_records(&mut |r| {
            let texts = match &r {
                Record::Receipt(x) => vec![x.capture.title.clone(), x.capture.summary.clone()],
                Record::Share(x) => vec![
                    x.draft.product.title.clone(),
                    x.draft.product.summary.clone(),
                ],
                _ => Vec::new(),
            };
            if r.marking().level == SC {
                secret.extend(texts);
            } else {
                other.push_str(&serde_json::to_string(&r).unwrap());
            }
            Ok(())
        })
        .unwrap();
    secret.retain(|t| !other.contains(t.as_str()));
    for known in [
        "Planned attack on the Kaga-Bandoro IDP site tonight",
        "Interrogation summary — detainees held at Camp Kassai",
    ] {
        assert!(
            secret.iter().any(|t| t == known),
            "the demo no longer has {known:?} as strictly confidential text only"
        );
    }
    secret
}

#[track_caller]
fn assert_shows_none_of(what: &str, text: &str, secret: &[String]) {
    for s in secret {
        assert!(
            !text.contains(s.as_str()),
            "{what} shows strictly confidential text {s:?}"
        );
    }
}

fn user_actor(store: &Store, name: &str) -> Actor {
    match store.record(&user_id(name)).unwrap() {
        Some(Record::User(u)) => Actor {
            name: u.name,
            roles: u.roles,
            clearance: u.clearance,
        },
        other => panic!("no user {name}: {other:?}"),
    }
}

fn level_of(store: &Store, id: &str) -> Classification {
    store
        .record(&id.into())
        .unwrap()
        .unwrap_or_else(|| panic!("queue names missing {id}"))
        .marking()
        .level
}

#[test]
fn a_user_not_cleared_for_strictly_confidential_never_sees_it_in_queues() {
    let demo = Demo::new();
    let store = demo.open();
    let secret = strictly_confidential_texts(&store);
    let analyst = store.authenticate("analyst", "demo-analyst").unwrap();
    assert_eq!(analyst.clearance, C);
    let imfp = user_actor(&store, "imfp");

    let mut withheld = 0;
    for q in Queue::ALL {
        let full = store.queue(q, now()).unwrap();
        let mine = store.queue_for(&analyst, q, now()).unwrap();
        // Existence stays visible: same items, same order.
        let ids = |items: &[registrar::domain::queue::QueueItem]| -> Vec<String> {
            items.iter().map(|i| i.id.clone()).collect()
        };
        assert_eq!(ids(&mine), ids(&full), "{}", q.key());
        for (item, whole) in mine.iter().zip(&full) {
            if level_of(&store, &item.id) == SC {
                withheld += 1;
                assert!(item.title.contains("content withheld"), "{item:?}");
                assert_ne!(item.title, whole.title);
                assert_eq!(item.entity, "", "{item:?}");
                assert_eq!(item.waiting_on, "", "{item:?}");
                assert!(item.missing_alerts.is_empty(), "{item:?}");
                assert_eq!(item.classification, "strictly_confidential");
            } else {
                assert_eq!(item, whole, "content the analyst may see was withheld");
            }
        }
        let json = serde_json::to_string(&mine).unwrap();
        assert_shows_none_of(&format!("queue_for({})", q.key()), &json, &secret);
        // Control: the IM FP, cleared for it, sees the same queue in full.
        assert_eq!(store.queue_for(&imfp, q, now()).unwrap(), full);
    }
    assert!(
        withheld >= 1,
        "no strictly confidential item in the demo queues"
    );
    let urgent = serde_json::to_string(&store.queue(Queue::Urgent, now()).unwrap()).unwrap();
    assert!(urgent.contains("Planned attack on the Kaga-Bandoro IDP site tonight"));
    drop(store);

    // The command line: `queue --json` and the plain-text queue.
    let mut withheld_cli = 0;
    for which in ["urgent", "pending", "overdue"] {
        let out = run(demo.as_demo("analyst").args(["queue", which, "--json"]));
        let stdout = succeeds(&out);
        assert_shows_none_of(&format!("queue {which} --json"), &stdout, &secret);
        let Value::Array(items) = serde_json::from_str(&stdout).unwrap() else {
            panic!("queue {which} --json is not an array")
        };
        for item in items {
            if item["classification"] == "strictly_confidential" {
                withheld_cli += 1;
                assert!(
                    item["title"].as_str().unwrap().contains("withheld"),
                    "{item}"
                );
                assert_eq!(item["entity"], "", "{item}");
                assert_eq!(item["waiting_on"], "", "{item}");
                assert!(item.get("missing_alerts").is_none(), "{item}");
            }
        }
        let out = run(demo.as_demo("analyst").args(["queue", which]));
        assert_shows_none_of(&format!("queue {which}"), &succeeds(&out), &secret);
    }
    assert_eq!(withheld_cli, withheld);
}

#[test]
fn exports_withhold_strictly_confidential_content_from_a_user_not_cleared_for_it() {
    let demo = Demo::new();
    let store = demo.open();
    let secret = strictly_confidential_texts(&store);
    let mut sc_records = BTreeSet::new();
    store
        .visit_records(&mut |r| {
            if r.marking().level == SC {
                sc_records.insert(r.id().to_string());
            }
            Ok(())
        })
        .unwrap();
    drop(store);
    assert!(sc_records.len() >= 2);

    // Only the oversight or an IM FP may export; the analyst may not.
    let out_file = demo.dir.path().join("analyst.json");
    let out = run(demo
        .as_demo("analyst")
        .args(["report", "oversight", "--out"])
        .arg(&out_file));
    assert!(fails_with(&out, 4).contains("oversight or IM FP"));
    assert!(!out_file.exists());

    // An IM FP cleared only to Confidential.
    let out = run(demo
        .as_demo("admin")
        .args([
            "user",
            "add",
            "imfp2",
            "--role",
            "imfp",
            "--clearance",
            "confidential",
            "--new-passphrase-file",
        ])
        .arg(demo.pass_file(IMFP2_PASS)));
    assert!(succeeds(&out).contains("added imfp2"));
    let file = demo.dir.path().join("imfp2.json");
    let out = run(demo
        .as_user("imfp2", IMFP2_PASS)
        .args(["report", "oversight", "--out"])
        .arg(&file));
    let stdout = succeeds(&out);
    let n = sc_records.len();
    assert!(
        stdout.contains(&format!("content of {n} records withheld")),
        "{stdout}"
    );
    let text = std::fs::read_to_string(&file).unwrap();
    assert_shows_none_of(
        "the export of an IM FP cleared to confidential",
        &text,
        &secret,
    );
    assert_no_secret("the export", text.as_bytes());
    let export: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(export["content_withheld_records"], n as u64);
    assert_eq!(export["chain"]["intact"], true);
    let mut seen = 0;
    for record in export["records"].as_array().unwrap() {
        let id = record["id"].as_str().unwrap();
        if sc_records.contains(id) {
            seen += 1;
            assert_eq!(record["classification"], "strictly_confidential");
            assert!(record["content"].is_null(), "{record}");
        } else {
            assert!(!record["content"].is_null(), "{id} withheld from an IM FP");
        }
    }
    assert_eq!(seen, n, "every record is listed, withheld or not");
    let mut sc_events = 0;
    for event in export["events"].as_array().unwrap() {
        if event["record_id"]
            .as_str()
            .is_some_and(|id| sc_records.contains(id))
        {
            sc_events += 1;
            assert!(event["change"].is_null(), "{event}");
        }
    }
    assert!(sc_events >= n);

    // Control: the oversight export holds everything, and still no passphrase or hash.
    let full = demo.dir.path().join("oversight.json");
    let out = run(demo
        .as_demo("oversight")
        .args(["report", "oversight", "--out"])
        .arg(&full));
    assert!(!succeeds(&out).contains("withheld"));
    let text = std::fs::read_to_string(&full).unwrap();
    assert_no_secret("the oversight export", text.as_bytes());
    for s in &secret {
        assert!(text.contains(s.as_str()), "oversight does not see {s:?}");
    }
    let export: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(export["content_withheld_records"], 0);
}

#[test]
fn detail_views_show_content_only_to_those_cleared_for_it() {
    let demo = Demo::new();
    let store = demo.open();
    let analyst = user_actor(&store, "analyst");
    let oversight = user_actor(&store, "oversight");
    let admin = user_actor(&store, "admin");
    assert_eq!(analyst.clearance, C);
    let mut by_level: BTreeMap<Classification, usize> = BTreeMap::new();
    let mut sc_titles = Vec::new();
    store
        .visit_records(&mut |r| {
            let level = r.marking().level;
            *by_level.entry(level).or_default() += 1;
            let id = r.id();
            match level {
                Classification::StrictlyConfidential => {
                    assert!(!can_see_content(&analyst, &r), "analyst sees {id}");
                    if let Record::Receipt(x) = &r {
                        sc_titles.push(x.capture.title.clone());
                    }
                }
                Classification::Unclassified => {
                    assert!(can_see_content(&analyst, &r), "analyst cannot see {id}");
                }
                // Cleared, and in a role that handles products.
                Classification::Confidential => {
                    assert!(can_see_content(&analyst, &r), "analyst cannot see {id}");
                }
            }
            // Oversight reads everything its clearance allows, which is all.
            assert!(can_see_content(&oversight, &r), "oversight cannot see {id}");
            // The administrator handles no products: only what is on a dissemination list
            // for them, settings, users and unclassified records.
            let admin_sees = can_see_content(&admin, &r);
            match &r {
                Record::Settings(_) | Record::User(_) => assert!(admin_sees),
                Record::Receipt(x) if level != Classification::Unclassified => assert_eq!(
                    admin_sees,
                    x.dissemination
                        .as_ref()
                        .is_some_and(|d| d.recipients.iter().any(|p| p == "admin")),
                    "{id}"
                ),
                _ if level == Classification::Unclassified => assert!(admin_sees, "{id}"),
                _ => assert!(!admin_sees, "the administrator sees {id}"),
            }
            Ok(())
        })
        .unwrap();
    for level in Classification::ALL {
        assert!(by_level.get(&level).is_some_and(|n| *n > 0), "{by_level:?}");
    }
    assert!(
        sc_titles
            .iter()
            .any(|t| t.contains("Kaga-Bandoro IDP site tonight"))
            && sc_titles.iter().any(|t| t.contains("Camp Kassai")),
        "{sc_titles:?}"
    );
}

// ======================================================================================
// 4. Passphrases and logins
// ======================================================================================

#[test]
fn a_wrong_passphrase_and_an_unknown_user_get_the_same_single_message() {
    let demo = Demo::new();
    let wrong_pass = run(demo.as_user("analyst", WRONG_PASS).arg("whoami"));
    let unknown = run(demo.as_user("nobody", WRONG_PASS).arg("whoami"));
    // Someone else's real passphrase under an unknown name.
    let unknown_real = run(demo.as_user("nobody", "demo-analyst").arg("whoami"));
    let in_a_command = run(demo
        .as_user("hro", WRONG_PASS)
        .args(["queue", "urgent", "--json"]));
    for out in [&wrong_pass, &unknown, &unknown_real, &in_a_command] {
        assert_eq!(fails_with(out, 1).trim_end(), REFUSED);
        assert!(out.stdout.is_empty(), "{}", stdout_of(out));
    }
    let out = run(demo.as_demo("analyst").arg("whoami"));
    assert_eq!(
        succeeds(&out),
        "analyst\nroles: analyst\nclearance: confidential\n"
    );
    // Every refusal was recorded: under the name of an existing user, and for a name that
    // does not exist without writing down what was typed (it may be a mistyped passphrase).
    let store = demo.open();
    let log: Vec<Value> = store
        .auth_log()
        .unwrap()
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let refused = |user: &str| {
        log.iter()
            .filter(|e| e["user"] == user && e["outcome"] == "refused")
            .count()
    };
    assert_eq!(refused("analyst"), 1);
    assert_eq!(refused("nobody"), 0);
    assert_eq!(refused("(unknown or disabled user)"), 2);
    assert_eq!(refused("hro"), 1);
}

fn auth_entries(store: &Store, user: &str) -> Vec<(String, u64)> {
    store
        .auth_log()
        .unwrap()
        .iter()
        .inspect(|line| assert_no_secret("the authentication log", line.as_bytes()))
        .map(|line| serde_json::from_str::<Value>(line).unwrap())
        .filter(|e| e["user"] == user)
        .map(|e| {
            (
                e["outcome"].as_str().unwrap().to_string(),
                e["consecutive_failures"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn failed_logins_are_recorded_counted_slowed_down_and_reset_by_a_success() {
    let (_dir, _path, _clock, store) = new_store();
    store
        .add_user(&chief(), "clerk", vec![Analyst], C, DUTY1_PASS)
        .unwrap();
    let refused = |r: Result<Actor, AuthError>| match r {
        Err(AuthError::Refused) => {}
        other => panic!("expected a refusal: {other:?}"),
    };
    refused(store.authenticate("clerk", WRONG_PASS));
    store.authenticate("clerk", DUTY1_PASS).unwrap();
    // The first two failures in a row cost one verification each; the third waits too.
    let timed = |passphrase: &str| {
        let start = Instant::now();
        refused(store.authenticate("clerk", passphrase));
        start.elapsed()
    };
    let unslowed = timed(WRONG_PASS).min(timed(WRONG_PASS));
    let third = Instant::now();
    refused(store.authenticate("clerk", WRONG_PASS));
    let third = third.elapsed();
    assert_eq!(
        auth_entries(&store, "clerk"),
        [
            ("refused", 1),
            ("logged in", 0),
            ("refused", 1),
            ("refused", 2),
            ("refused", 3)
        ]
        .map(|(o, n)| (o.to_string(), n))
    );
    assert!(
        third >= Duration::from_secs(1) && third >= unslowed + Duration::from_millis(500),
        "the third failure in a row is not slowed down: {unslowed:?} before, {third:?} then"
    );
    // An unknown name is refused the same way, and recorded.
    match store.authenticate("clerk2", DUTY1_PASS) {
        Err(e @ AuthError::Refused) => {
            assert_eq!(e.to_string(), "unknown user or wrong passphrase")
        }
        other => panic!("{other:?}"),
    }
    assert!(auth_entries(&store, "clerk2").is_empty());
    // The count is the terminal's: the fourth failure in a row typed here.
    assert_eq!(
        auth_entries(&store, "(unknown or disabled user)"),
        [("refused".to_string(), 4)]
    );
}

#[test]
fn passphrases_are_stored_as_salted_argon2id_hashes() {
    let passphrase = "correct horse battery staple";
    // The standard work (the suite's own commands hash with less: see the test below).
    let a = hash_passphrase_with(PassphraseWork::STANDARD, passphrase).unwrap();
    let b = hash_passphrase_with(PassphraseWork::STANDARD, passphrase).unwrap();
    assert_ne!(
        a, b,
        "the same passphrase hashed twice gives the same hash: no salt"
    );
    for h in [&a, &b] {
        assert!(h.starts_with("$argon2id$v=19$"), "{h}");
        assert!(!h.contains(passphrase));
        let parsed = PasswordHash::new(h).unwrap();
        assert_eq!(parsed.algorithm.as_str(), "argon2id");
        assert!(parsed.salt.is_some_and(|s| s.len() >= 16), "{h}");
        let m = parsed.params.get_decimal("m").unwrap();
        let t = parsed.params.get_decimal("t").unwrap();
        // At least OWASP's minimum for argon2id (19 MiB, 2 passes).
        assert!(m >= 19 * 1024 && t >= 2, "weak parameters: {h}");
        let argon = argon2::Argon2::default();
        assert!(
            argon
                .verify_password(passphrase.as_bytes(), &parsed)
                .is_ok()
        );
        assert!(
            argon
                .verify_password(b"correct horse battery stapl", &parsed)
                .is_err()
        );
    }
    // Too short: refused, counted in characters.
    assert_eq!(MIN_PASSPHRASE, 8);
    for short in ["", "1234567", "ééééééé"] {
        let e = hash_passphrase(short).expect_err("a short passphrase is refused");
        assert!(e.to_string().contains("at least 8 characters"), "{e}");
    }
    assert!(hash_passphrase("12345678").is_ok());

    // Nor can a user be added, or a passphrase changed, with one.
    let (_dir, _path, _clock, store) = new_store();
    let before = snapshot(&store);
    assert!(
        store
            .add_user(&chief(), "shorty", vec![Analyst], C, "short")
            .is_err()
    );
    assert!(store.change_passphrase(&chief(), "short").is_err());
    assert_eq!(snapshot(&store), before);
    assert!(store.record(&user_id("shorty")).unwrap().is_none());
}

/// The test suite hashes with little work (`common::QUICK_PASSPHRASES`); a station's
/// registry, made by a command run without the variable, hashes with the standard: argon2id,
/// 64 MiB, 2 passes. A work the build does not accept is refused by name, before anything.
#[test]
fn a_registry_made_without_the_work_variable_hashes_with_64_mib_and_two_passes() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("station.redb");
    let pass = dir.path().join("chief.pass");
    std::fs::write(&pass, "a long enough passphrase\n").unwrap();
    let keys = dir.path().join("keys.pass");
    std::fs::write(&keys, "a station key passphrase\n").unwrap();
    let init = |work: Option<&str>| {
        let mut cmd = registrar(&store);
        cmd.env_remove(WORK_VARIABLE)
            .env("REGISTRAR_KEY_WORK_FACTOR", "10")
            .args(["--user", "chief", "--passphrase-file"])
            .arg(&pass)
            .args(["init", "--exercise", "--mission", "M", "--station", "S-1"])
            .arg("--key-passphrase-file")
            .arg(&keys);
        if let Some(work) = work {
            cmd.env(WORK_VARIABLE, work);
        }
        cmd.output().unwrap()
    };
    for off in ["5", "23", "many"] {
        let out = init(Some(off));
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(WORK_VARIABLE) && err.contains(off), "{err}");
        assert!(!store.exists(), "a refused work made a registry");
    }
    let out = init(None);
    assert!(out.status.success(), "{out:?}");
    let db = redb::Database::open(&store).unwrap();
    let txn = db.begin_read().unwrap();
    let creds = txn.open_table(CREDENTIALS).unwrap();
    let stored = creds
        .get("chief")
        .unwrap()
        .expect("chief's hash")
        .value()
        .to_string();
    let parsed = PasswordHash::new(&stored).unwrap();
    assert_eq!(parsed.algorithm.as_str(), "argon2id");
    assert_eq!(parsed.params.get_decimal("m"), Some(64 * 1024), "{stored}");
    assert_eq!(parsed.params.get_decimal("t"), Some(2), "{stored}");
}
#[test]
fn no_passphrase_or_hash_appears_in_any_event_export_queue_or_message() {
    let demo = Demo::new();
    // A user added and a passphrase changed through the command line, so both paths that
    // store a hash beside an event have run.
    let out = run(demo
        .as_demo("admin")
        .args([
            "user",
            "add",
            "duty2",
            "--role",
            "hro",
            "--clearance",
            "confidential",
            "--new-passphrase-file",
        ])
        .arg(demo.pass_file(DUTY1_PASS)));
    succeeds(&out);
    let out = run(demo
        .as_demo("hro")
        .args(["user", "passwd", "--new-passphrase-file"])
        .arg(demo.pass_file(NEW_OVERSIGHT_PASS)));
    succeeds(&out);
    // A passphrase too short: refused in one line that does not echo it.
    let out = run(demo
        .as_user("duty2", DUTY1_PASS)
        .args(["user", "passwd", "--new-passphrase-file"])
        .arg(demo.pass_file("Zq7!xy")));
    let stderr = fails_with(&out, 1);
    assert!(stderr.contains("at least 8 characters"), "{stderr}");
    assert!(!stderr.contains("Zq7!xy"), "{stderr}");
    // Reads, each output checked by `run`.
    succeeds(&run(demo
        .as_demo("imfp")
        .args(["queue", "pending", "--json"])));
    succeeds(&run(demo.as_demo("admin").arg("verify")));
    succeeds(&run(demo.as_user("duty2", DUTY1_PASS).arg("whoami")));
    fails_with(&run(demo.as_user("hro", "demo-hro").arg("whoami")), 1);
    let export = demo.dir.path().join("export.json");
    succeeds(&run(demo
        .as_demo("oversight")
        .args(["report", "oversight", "--out"])
        .arg(&export)));
    assert_no_secret("the oversight export", &std::fs::read(&export).unwrap());

    // The raw bytes of every event, and every stored record, in the file itself.
    let db = redb::Database::open(&demo.store).unwrap();
    let txn = db.begin_read().unwrap();
    let events = txn.open_table(registrar::store::schema::EVENTS).unwrap();
    let mut all = Vec::new();
    for entry in events.iter().unwrap() {
        let (position, bytes) = entry.unwrap();
        assert_no_secret(&format!("event {}", position.value()), bytes.value());
        all.extend_from_slice(bytes.value());
    }
    // Control: the events hold their text as plain bytes, so a leak would be found.
    assert!(contains(&all, b"duty2"));
    let records = txn.open_table(registrar::store::schema::RECORDS).unwrap();
    for entry in records.iter().unwrap() {
        let (id, bytes) = entry.unwrap();
        assert_no_secret(&format!("record {}", id.value()), bytes.value());
    }
    // The hashes are where they belong, one per user, and are argon2id.
    let creds = txn.open_table(CREDENTIALS).unwrap();
    let mut names = Vec::new();
    for entry in creds.iter().unwrap() {
        let (name, hash) = entry.unwrap();
        assert!(hash.value().starts_with("$argon2id$"), "{}", name.value());
        names.push(name.value().to_string());
    }
    let mut expected: Vec<String> = DEMO_NAMES.iter().map(|n| n.to_string()).collect();
    expected.push("duty2".to_string());
    expected.sort();
    names.sort();
    assert_eq!(names, expected);
}

// ======================================================================================
// 5. Disabling users
// ======================================================================================

#[test]
fn disabling_a_user_keeps_their_history_and_ends_their_logins() {
    let demo = Demo::new();
    let out = run(demo
        .as_demo("admin")
        .args([
            "user",
            "add",
            "duty1",
            "--role",
            "analyst",
            "--clearance",
            "confidential",
            "--new-passphrase-file",
        ])
        .arg(demo.pass_file(DUTY1_PASS)));
    succeeds(&out);
    // duty1 works: one change through the library, one through the command line.
    let store = demo.open();
    let duty1 = actor("duty1", &[Analyst], C);
    let entity = store
        .execute_as(
            &duty1,
            None,
            Change::EntityRegistered {
                details: entity_details("Gendarmerie — Eastern Brigade", C),
            },
        )
        .unwrap();
    drop(store);
    let out = run(demo
        .as_user("duty1", DUTY1_PASS)
        .args(["user", "passwd", "--new-passphrase-file"])
        .arg(demo.pass_file(IMFP2_PASS)));
    succeeds(&out);

    let by_duty1 = |store: &Store| {
        let mut v = Vec::new();
        store
            .visit_events(&mut |e, _| {
                if e.actor == "duty1" {
                    v.push((e.position, e.change));
                }
                Ok(())
            })
            .unwrap();
        v
    };
    let store = demo.open();
    let history = by_duty1(&store);
    assert_eq!(history.len(), 2, "{history:?}");
    let before = snapshot(&store);
    drop(store);

    let out = run(demo.as_demo("admin").args(["user", "disable", "duty1"]));
    assert!(succeeds(&out).contains("disabled duty1; their history stays"));

    let store = demo.open();
    let after = snapshot(&store);
    assert_eq!(after.events, before.events + 1);
    assert_eq!(after.records, after.replayed);
    assert_eq!(by_duty1(&store), history, "duty1's events changed");
    assert!(store.record(&entity).unwrap().is_some());
    match store.record(&user_id("duty1")).unwrap() {
        Some(Record::User(u)) => {
            assert!(u.disabled);
            assert_eq!(u.roles, vec![Analyst]);
            assert_eq!(u.added_by, "admin");
        }
        other => panic!("duty1's record: {other:?}"),
    }
    let events = store.record_events(&user_id("duty1")).unwrap();
    let last = events.last().unwrap();
    assert_eq!(
        (last.actor.as_str(), &last.change),
        ("admin", &Change::UserDisabled)
    );
    // Everything else is as it was.
    for (id, record) in &before.records {
        if id != "USR-duty1" {
            assert_eq!(after.records.get(id), Some(record), "{id}");
        }
    }
    // No more changes, even through the library with the roles duty1 used to have.
    match store.execute_as(
        &duty1,
        None,
        Change::EntityRegistered {
            details: entity_details("Another entity", C),
        },
    ) {
        Err(ExecuteError::NotAllowed(_)) => {}
        other => panic!("a disabled user acted: {other:?}"),
    }
    drop(store);

    // No more logins, with the same message as a wrong passphrase.
    let out = run(demo.as_user("duty1", IMFP2_PASS).arg("whoami"));
    assert_eq!(fails_with(&out, 1).trim_end(), REFUSED);
    let out = run(demo
        .as_user("duty1", IMFP2_PASS)
        .args(["queue", "urgent", "--json"]));
    assert_eq!(fails_with(&out, 1).trim_end(), REFUSED);
    // A disabled account is not changed again.
    let out = run(demo.as_demo("admin").args(["user", "disable", "duty1"]));
    assert!(fails_with(&out, 3).contains("already disabled"));
    let out = run(demo
        .as_demo("admin")
        .args(["user", "roles", "duty1", "--role", "imfp"]));
    assert!(fails_with(&out, 3).contains("duty1 is disabled"));
    assert_eq!(snapshot_file(&demo.store).events, after.events);
}

#[test]
fn no_one_changes_their_own_roles_or_account_and_the_last_administrator_stays() {
    // No one grants themselves power (issue 9): an administrator does not change their own
    // roles or disable themselves; another administrator does, and never the last one.
    let demo = Demo::new();
    let before = snapshot_file(&demo.store);
    for args in [
        &["user", "disable", "admin"][..],
        &["user", "roles", "admin", "--role", "imfp"][..],
        &["user", "roles", "admin", "--role", "admin", "--role", "hom"][..],
    ] {
        let out = run(demo.as_demo("admin").args(args));
        let stderr = fails_with(&out, 4);
        assert!(
            stderr.contains("change their own roles or account"),
            "{args:?}: {stderr}"
        );
    }
    assert_eq!(snapshot_file(&demo.store), before);

    let store = demo.open();
    let admin = user_actor(&store, "admin");
    store
        .add_user(&admin, "admin2", vec![Admin], SC, DUTY1_PASS)
        .unwrap();
    // Another administrator changes admin's roles: allowed, admin2 stays.
    let admin2 = user_actor(&store, "admin2");
    store
        .execute_as(
            &admin2,
            Some(&user_id("admin")),
            Change::UserRolesChanged { roles: vec![Imfp] },
        )
        .unwrap();
    assert_eq!(user_actor(&store, "admin").roles, vec![Imfp]);
    // admin2 is now the last enabled administrator: the rule still holds for any path that
    // does not go through a person (a bundle, a script).
    match store.execute("admin2", Some(&user_id("admin2")), Change::UserDisabled) {
        Err(ExecuteError::Refused(r)) => {
            assert!(
                r.reason
                    .contains("admin2 is the last enabled administrator"),
                "{r}"
            )
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_delegation_matrix_names_only_deciding_authorities() {
    use registrar::domain::settings::{Decision, DelegationRule, MissionSettings};
    let small = Small::new();
    let hom1 = actor("hom1", &[Hom], Classification::StrictlyConfidential);
    for authority in [Admin, Imfp, Analyst, Hro, Legal, Oversight] {
        let mut settings = MissionSettings::new("MINUSCA");
        settings.delegation.rules.insert(
            0,
            DelegationRule {
                decision: Decision::Share,
                nature: None,
                classification: None,
                entity_kind: None,
                authority,
                person: None,
                support_plan: "MISP 4.2".into(),
            },
        );
        let result = small.store.execute_as(
            &hom1,
            Some(&registrar::domain::ids::settings_id()),
            Change::DelegationChanged {
                delegation: settings.delegation,
                instruction: None,
            },
        );
        assert!(
            matches!(result, Err(ExecuteError::Refused(_))),
            "a delegation matrix naming the {authority} to decide was accepted: {result:?}"
        );
    }
}
