//! Authority is documented and nobody grants themselves power (G 8 "Sharing Authority" a–b,
//! G 9 "Receiving Authority", G E "HoM"): the delegation matrix is the Head of Mission's, each
//! rule citing the Mission PKI Support Plan; a rule may name a person; the station
//! administrator manages accounts, not who decides.

use crate::access_common::{Small, actor, chief};
use crate::common::*;
use registrar::domain::change::Change;
use registrar::domain::entity::EntityKind;
use registrar::domain::ids::settings_id;
use registrar::domain::marking::Classification;
use registrar::domain::memory::MemoryRegistry;
use registrar::domain::nature::Nature;
use registrar::domain::role::Role;
use registrar::domain::settings::{Decision, DelegationMatrix, DelegationRule, MissionSettings};
use registrar::domain::user::user_id;
use registrar::store::ExecuteError;

const SC: Classification = Classification::StrictlyConfidential;

fn delegate_rule(person: Option<&str>, support_plan: &str) -> DelegationRule {
    DelegationRule {
        decision: Decision::Share,
        nature: Some(Nature::Strategic),
        classification: None,
        entity_kind: None,
        authority: Role::Delegate,
        person: person.map(str::to_string),
        support_plan: support_plan.to_string(),
    }
}

fn matrix_with(rule: DelegationRule) -> DelegationMatrix {
    let mut m = DelegationMatrix::default();
    m.rules.insert(0, rule);
    m
}

fn delegation(m: DelegationMatrix, instruction: Option<&str>) -> Change {
    Change::DelegationChanged {
        delegation: m,
        instruction: instruction.map(str::to_string),
    }
}

#[test]
fn g8_a_the_administrator_cannot_change_who_decides() {
    let small = Small::new();
    let s = Some(settings_id());
    let m = matrix_with(delegate_rule(None, "MISP 4.2"));
    // Not as a delegation…
    match small.store.execute_as(
        &chief(),
        s.as_ref(),
        delegation(m.clone(), Some("HoM note 14")),
    ) {
        Err(ExecuteError::NotAllowed(n)) => {
            assert!(n.to_string().contains("Head of Mission"), "{n}")
        }
        other => panic!("the administrator changed the delegation: {other:?}"),
    }
    // …nor through the mission settings.
    let mut settings = MissionSettings::new("MINUSCA");
    settings.delegation = m.clone();
    match small
        .store
        .execute_as(&chief(), s.as_ref(), Change::SettingsChanged { settings })
    {
        Err(ExecuteError::Refused(r)) => assert_eq!(r.paragraph, "G 8 (Sharing Authority) a"),
        other => panic!("the administrator changed the delegation: {other:?}"),
    }
    // The other settings stay the administrator's.
    let mut settings = MissionSettings::new("MINUSCA");
    settings.review_interval_days = 60;
    small
        .store
        .execute_as(&chief(), s.as_ref(), Change::SettingsChanged { settings })
        .unwrap();

    // The IM FP records it only on the HoM's written instruction; the HoM records it.
    let imfp1 = actor("imfp1", &[Role::Imfp], SC);
    match small
        .store
        .execute_as(&imfp1, s.as_ref(), delegation(m.clone(), None))
    {
        Err(ExecuteError::NotAllowed(n)) => {
            assert!(n.to_string().contains("written instruction"), "{n}")
        }
        other => panic!("{other:?}"),
    }
    small
        .store
        .execute_as(
            &imfp1,
            s.as_ref(),
            delegation(m.clone(), Some("HoM note 2026/14")),
        )
        .unwrap();
    let hom1 = actor("hom1", &[Role::Hom], SC);
    small
        .store
        .execute_as(
            &hom1,
            s.as_ref(),
            delegation(DelegationMatrix::default(), None),
        )
        .unwrap();
}

#[test]
fn g8_a_an_administrator_cannot_change_their_own_roles() {
    let small = Small::new();
    let own = user_id("chief");
    match small.store.execute_as(
        &chief(),
        Some(&own),
        Change::UserRolesChanged {
            roles: vec![Role::Admin, Role::Hom],
        },
    ) {
        Err(ExecuteError::NotAllowed(n)) => assert!(n.to_string().contains("their own"), "{n}"),
        other => panic!("the administrator granted themselves a deciding role: {other:?}"),
    }
    // Granting it to someone else is allowed (and listed for oversight).
    small
        .store
        .execute_as(
            &chief(),
            Some(&user_id("imfp1")),
            Change::UserRolesChanged {
                roles: vec![Role::Imfp, Role::Delegate],
            },
        )
        .unwrap();
}

#[test]
fn g8_a_each_delegation_rule_cites_the_support_plan() {
    let mut reg = registry();
    let r = reg.refused(
        Some(&settings_id()),
        delegation(matrix_with(delegate_rule(None, " ")), None),
        minute(1),
    );
    assert_refusal(&r, "G 8 (Sharing Authority) a", &["rule 1", "Support Plan"]);
    reg.ok(
        Some(&settings_id()),
        delegation(matrix_with(delegate_rule(None, "MISP 4.2")), None),
        minute(2),
    );
}

fn add_user(reg: &mut MemoryRegistry, name: &str, roles: &[Role]) {
    reg.ok(
        Some(&user_id(name)),
        Change::UserAdded {
            name: name.to_string(),
            roles: roles.to_vec(),
            clearance: SC,
        },
        t0(),
    );
}

#[test]
fn g8_a_a_rule_may_name_a_person_and_only_that_person_decides_as_the_delegate() {
    let mut reg = registry();
    add_user(&mut reg, "delegate.ba", &[Role::Delegate]);
    add_user(&mut reg, "delegate.ko", &[Role::Delegate]);
    // The person named must be a registered user holding the role.
    let r = reg.refused(
        Some(&settings_id()),
        delegation(matrix_with(delegate_rule(Some("nobody"), "MISP 4.2")), None),
        minute(1),
    );
    assert_refusal(
        &r,
        "G 8 (Sharing Authority) a",
        &["nobody", "delegated authority"],
    );
    reg.ok(
        Some(&settings_id()),
        delegation(
            matrix_with(delegate_rule(Some("delegate.ba"), "MISP 4.2")),
            None,
        ),
        minute(1),
    );
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    eas(&mut reg, &faca, minute(2));
    let share = draft_share(&mut reg, draft(&faca, Nature::Strategic), minute(3));
    sanitise(&mut reg, &share, minute(4));
    assess_risk(&mut reg, &share, sra(true), minute(5));

    let r = reg
        .execute(
            Some(&share),
            authorise(Role::Delegate),
            "delegate.ko",
            minute(6),
        )
        .unwrap_err();
    assert_refusal(
        &r,
        "G 8 (Sharing Authority)",
        &["delegate.ba", "delegate.ko"],
    );
    // The MICM Chair is no longer named for strategic shares either.
    let r = reg
        .execute(Some(&share), authorise(Role::Micm), "micm.chair", minute(6))
        .unwrap_err();
    assert_refusal(&r, "G 8 (Sharing Authority)", &["delegate.ba"]);
    reg.execute(
        Some(&share),
        authorise(Role::Delegate),
        "delegate.ba",
        minute(7),
    )
    .unwrap();
}

#[test]
fn g8_a_on_the_command_line_the_hom_delegates_and_oversight_sees_who_was_given_power() {
    use crate::access_common::{Demo, fails_with, run, succeeds};
    let demo = Demo::new();
    // The administrator no longer changes who decides.
    let delegate = [
        "settings",
        "delegate",
        "--decision",
        "share",
        "--nature",
        "strategic",
        "--authority",
        "delegate",
        "--person",
        "analyst",
        "--support-plan",
        "MISP 2026 §4.2",
    ];
    let out = run(demo.as_demo("admin").args(delegate));
    assert!(fails_with(&out, 4).contains("Head of Mission"));
    // The administrator grants the delegate role to the analyst (recorded)…
    let out = run(demo.as_demo("admin").args([
        "user", "roles", "analyst", "--role", "analyst", "--role", "delegate",
    ]));
    succeeds(&out);
    // …and the HoM names them in the matrix, citing the Support Plan.
    let out = run(demo.as_demo("hom").args(delegate));
    let shown = succeeds(&out);
    assert!(shown.contains("(analyst) — MISP 2026 §4.2"), "{shown}");

    let file = demo.dir.path().join("oversight.json");
    let out = run(demo
        .as_demo("oversight")
        .args(["report", "oversight", "--out"])
        .arg(&file));
    succeeds(&out);
    let export: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let grants = export["deciding_roles_granted"].as_array().unwrap();
    assert!(
        grants
            .iter()
            .any(|g| g["to"] == "analyst" && g["by"] == "admin" && g["granted"][0] == "delegate"),
        "{grants:?}"
    );
    let changes = export["delegation_changes"].as_array().unwrap();
    assert!(changes.iter().any(|c| c["by"] == "hom"), "{changes:?}");
}
