//! The workflow steps from the command line (issue 11): the same domain steps and guards as
//! the console, the same refusals and exit codes (3 a rule, 4 a role, 2 the words).

use crate::cli_scenario::SCAN;
use crate::store_common::{NOW, demo_store, registrar, registrar_as, stderr_of, stdout_of};
use serde_json::Value;
use std::path::Path;

fn analyst(store: &Path) -> assert_cmd::Command {
    registrar_as(store, "analyst", "demo-analyst", NOW)
}

/// Runs a step that must succeed; returns the id it names (`ID: what`).
fn step(mut cmd: assert_cmd::Command, args: &[&str]) -> String {
    let out = cmd.args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {} {}",
        stdout_of(&out),
        stderr_of(&out)
    );
    let text = stdout_of(&out);
    text.split(':').next().unwrap().trim().to_string()
}

fn fails(mut cmd: assert_cmd::Command, args: &[&str], code: i32) -> String {
    let out = cmd.args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(code),
        "{args:?}: {} {}",
        stdout_of(&out),
        stderr_of(&out)
    );
    stderr_of(&out)
}

fn urgent_item(store: &Path, id: &str) -> Option<Value> {
    let out = registrar(store)
        .args(["queue", "urgent", "--json"])
        .output()
        .unwrap();
    let items: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    items.into_iter().find(|i| i["id"] == id)
}

fn show(store: &Path, id: &str) -> Value {
    let out = registrar(store)
        .args(["show", id, "--json"])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

const RECEIPT: [&str; 16] = [
    "receipt",
    "register",
    "--from",
    "unicef country office",
    "--title",
    "Ambush planned on the Bossangoa road",
    "--reference",
    "UNICEF/CO/2611-07",
    "--marking",
    "confidential",
    "--nature",
    "operational_tactical",
    "--channel",
    "verbal_informal",
    "--received",
    "-20m",
];

#[test]
fn g_9_11_a_receipt_received_the_day_before_is_refused_unless_registered_late_from_the_command_line()
 {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let mut args = RECEIPT.to_vec();
    *args.last_mut().unwrap() = "-26h";
    // Left without "registered late", it would stand in the register as registered on time.
    let e = fails(analyst(&store), &args, 3);
    assert!(
        e.contains("G 9.11")
            && e.contains("26 hours before it is registered")
            && e.contains("register it as registered late"),
        "{e}"
    );
    args.extend([
        "--after-the-fact",
        "Taken by phone at night, registered in the morning",
        "--received-by",
        "Duty officer, JOC",
    ]);
    let id = step(analyst(&store), &args);
    let record = show(&store, &id);
    assert!(
        record.to_string().contains("Taken by phone at night"),
        "{record}"
    );
}

#[test]
fn g_9_2_a_receipt_registered_late_from_the_command_line_counts_from_when_it_was_received() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let mut args = RECEIPT.to_vec();
    args.push("--imminent-threat");
    let id = step(analyst(&store), &args);
    assert!(id.starts_with("RCP-"), "{id}");
    let item = urgent_item(&store, &id).expect("the imminent threat heads the urgent queue");
    // Two hours from when it was received, 20 minutes ago: 100 minutes left.
    assert_eq!(item["seconds_left"], 100 * 60, "{item}");
    assert_eq!(item["title"], "Ambush planned on the Bossangoa road");
    assert!(!item["missing_alerts"].as_array().unwrap().is_empty());

    // An unknown recipient is refused with the list, never defaulted.
    let e = fails(
        analyst(&store),
        &["receipt", "alert", &id, "--to", "dsss"],
        2,
    );
    assert!(e.contains("dss") && e.contains("poc_manager"), "{e}");
    // --json says what was recorded as one object, for scripts.
    let out = analyst(&store)
        .args(["receipt", "--json", "alert", &id, "--to", "force_commander"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let said: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(said["id"], id.as_str());
    assert_eq!(said["change"], "alert_recorded");
    for to in [
        "police_commissioner",
        "im_fp",
        "dss",
        "poc_manager",
        "head_of_mission",
    ] {
        step(
            analyst(&store),
            &["receipt", "alert", &id, "--to", to, "--at", "-5m"],
        );
    }
    let item = urgent_item(&store, &id).expect("still urgent: the scan is due");
    assert!(
        item["missing_alerts"]
            .as_array()
            .is_none_or(|missing| missing.is_empty()),
        "{item}"
    );
    assert!(
        item["waiting_on"].as_str().unwrap().starts_with("G 9.4"),
        "{item}"
    );

    // Revising the determination to "no" needs a reason (G 9.1); with one, it leaves the
    // urgent queue and its history keeps both.
    let e = fails(
        analyst(&store),
        &["receipt", "determine", &id, "--imminent", "no"],
        3,
    );
    assert!(e.contains("G 9.1"), "{e}");
    step(
        analyst(&store),
        &[
            "receipt",
            "determine",
            &id,
            "--imminent",
            "no",
            "--reason",
            "the road was closed; no convoy can pass",
        ],
    );
    assert!(urgent_item(&store, &id).is_none());
    let history = show(&store, &id)["history"].clone();
    assert!(
        history
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["change"]["change"] == "threat_determined"),
        "{history}"
    );
}

#[test]
fn a_step_outside_the_role_is_exit_4_and_records_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let before = stdout_of(&registrar(&store).args(["list"]).output().unwrap());
    let oversight = registrar_as(&store, "oversight", "demo-oversight", NOW);
    let e = fails(oversight, &RECEIPT, 4);
    assert!(e.contains("not allowed"), "{e}");
    let after = stdout_of(&registrar(&store).args(["list"]).output().unwrap());
    assert_eq!(before, after);
}

#[test]
fn an_entity_whose_name_is_close_to_a_registered_one_needs_distinct() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let add = [
        "entity",
        "add",
        "--name",
        "Unicef  country office",
        "--kind",
        "non_mission_un",
    ];
    let e = fails(registrar(&store), &add, 1);
    assert!(e.contains("UNICEF Country Office (ENT-"), "{e}");
    let e = fails(
        registrar(&store),
        &["entity", "add", "--name", "X", "--kind", "ngo"],
        2,
    );
    assert!(e.contains("non_mission_un"), "{e}");
    let mut distinct = add.to_vec();
    distinct.push("--distinct");
    let id = step(registrar(&store), &distinct);
    assert!(id.starts_with("ENT-"), "{id}");
    assert_eq!(
        show(&store, &id)["content"]["entity"]["details"]["name"],
        "Unicef  country office"
    );
}

#[test]
fn entity_edit_sets_what_the_console_form_sets_and_keeps_confirmed_standards() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let id = step(
        registrar(&store),
        &[
            "entity",
            "add",
            "--name",
            "Lakeside Monitoring Group",
            "--kind",
            "other_non_un_civilian",
            "--handling",
            "no onward release",
        ],
    );
    let details = |store: &Path| show(store, &id)["content"]["entity"]["details"].clone();
    step(registrar(&store), &["entity", "confirm-standards", &id]);
    assert!(!details(&store)["handling_standards"]["confirmed"].is_null());
    step(
        registrar(&store),
        &[
            "entity",
            "edit",
            &id,
            "--contact",
            "A. Banda; liaison officer; +236 70 00 00",
            "--marking",
            "confidential",
            "--handling",
            "no onward release",
            "--reason",
            "new liaison",
        ],
    );
    let d = details(&store);
    assert_eq!(d["contacts"][0]["name"], "A. Banda");
    assert_eq!(d["contacts"][0]["position"], "liaison officer");
    assert_eq!(d["marking"]["level"], "confidential");
    assert!(
        !d["handling_standards"]["confirmed"].is_null(),
        "the same standards keep their confirmation: {d}"
    );
    step(
        registrar(&store),
        &[
            "entity",
            "edit",
            &id,
            "--handling",
            "no onward release; destroy after 30 days",
            "--contact",
            "",
            "--reason",
            "their letter of 3 Dec",
        ],
    );
    let d = details(&store);
    assert!(d["contacts"].as_array().unwrap().is_empty(), "{d}");
    assert!(
        d["handling_standards"]["confirmed"].is_null(),
        "changed standards must be confirmed again (G 9.8): {d}"
    );
    let e = fails(
        registrar(&store),
        &[
            "entity",
            "edit",
            &id,
            "--marking",
            "confidential",
            "--reason",
            "again",
        ],
        2,
    );
    assert!(e.contains("nothing to change"), "{e}");
}

#[test]
fn amend_and_void_from_the_command_line_keep_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let mut args = RECEIPT.to_vec();
    args.push("--imminent-threat");
    let id = step(analyst(&store), &args);
    step(
        analyst(&store),
        &[
            "amend",
            &id,
            "--title",
            "Ambush planned on the Bossangoa–Bouca road",
            "--reason",
            "the road named in full",
        ],
    );
    let shown = show(&store, &id);
    assert_eq!(
        shown["content"]["receipt"]["capture"]["title"],
        "Ambush planned on the Bossangoa–Bouca road"
    );
    let e = fails(analyst(&store), &["amend", &id, "--reason", "nothing"], 2);
    assert!(e.contains("--title"), "{e}");
    step(
        registrar(&store),
        &[
            "void",
            &id,
            "--reason",
            "registered twice by the night shift",
        ],
    );
    assert!(
        urgent_item(&store, &id).is_none(),
        "a void leaves the queue"
    );
    let whats: Vec<String> = show(&store, &id)["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["change"]["change"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        whats,
        ["receipt_registered", "receipt_amended", "receipt_voided"]
    );
}

#[test]
fn an_answers_file_is_read_question_by_question_and_refused_whole_when_off() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let mut args = RECEIPT.to_vec();
    args.push("--imminent-threat");
    let id = step(analyst(&store), &args);
    let file = dir.path().join("scan.toml");
    let file_arg = file.display().to_string();
    let scan = [
        "receipt",
        "scan",
        id.as_str(),
        "--answers",
        file_arg.as_str(),
    ];

    // The template names every question of Annex E, blank.
    let out = registrar(&store)
        .args(["template", "scan"])
        .output()
        .unwrap();
    let template = stdout_of(&out);
    for key in [
        "imminent_threat",
        "nature",
        "grave_violations",
        "why_shared",
        "political_purposes",
        "classification",
    ] {
        assert!(template.contains(&format!("[answers.{key}]")), "{template}");
    }
    std::fs::write(&file, &template).unwrap();
    let e = fails(analyst(&store), &scan, 2);
    assert!(
        e.contains("line 4") && e.contains("expected one of `1`"),
        "{e}"
    );

    let cases = [
        (SCAN.replace("credibility", "credibilty"), "credibilty"),
        (
            format!("{SCAN}[answers.bogus]\nanswer = \"yes\"\n"),
            "bogus",
        ),
        (
            SCAN.replace("[answers.classification]\nanswer = \"confidential\"\n", ""),
            "[answers.classification] is missing",
        ),
        (
            SCAN.replace("warn_of_threat", "because"),
            "warn_of_threat (to warn of a threat)",
        ),
        (
            SCAN.replace("answer = \"no\"", "answer = \"perhaps\""),
            "yes, no or unknown",
        ),
    ];
    for (text, said) in cases {
        std::fs::write(&file, &text).unwrap();
        let e = fails(analyst(&store), &scan, 2);
        assert!(e.contains(said), "{said}: {e}");
    }
    // A confirmation that differs from the record is the rule's refusal.
    std::fs::write(
        &file,
        SCAN.replace(
            "answer = \"confidential\"",
            "answer = \"strictly_confidential\"",
        ),
    )
    .unwrap();
    fails(analyst(&store), &scan, 3);
    let history = show(&store, &id)["history"].as_array().unwrap().len();
    assert_eq!(history, 1, "nothing recorded by the refused files");

    std::fs::write(&file, SCAN).unwrap();
    step(analyst(&store), &scan);
    let shown = show(&store, &id);
    assert!(
        shown["history"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["change"]["change"] == "receipt_scanned"),
        "{shown}"
    );
}

#[test]
fn without_an_answers_file_the_questions_are_asked_on_the_terminal() {
    use crate::tmux_common::{Tmux, quote};
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let id = step(analyst(&store), &RECEIPT);

    // Not on a terminal, and no file: said plainly, nothing recorded.
    let e = fails(analyst(&store), &["receipt", "scan", &id], 2);
    assert!(e.contains("registrar template scan"), "{e}");

    let pass = dir.path().join("analyst.pass");
    std::fs::write(&pass, "demo-analyst\n").unwrap();
    let tmux = Tmux::new("ask");
    tmux.start(
        100,
        40,
        &format!(
            "env -i PATH=/usr/bin:/bin TERM=xterm {} --store {} --now {NOW} --user analyst \
             --passphrase-file {} receipt scan {id}; echo EXIT=$?; sleep 30",
            quote(Path::new(env!("CARGO_BIN_EXE_registrar"))),
            quote(&store),
            quote(&pass),
        ),
    );
    tmux.wait_for("Q1 ");
    for answer in [
        "perhaps",
        "no",
        "",
        "operational_tactical",
        "",
        "no",
        "",
        "warn_of_threat",
        "a warning passed on",
        "no",
        "",
        "confidential",
        "",
        "2",
        "",
        "no",
    ] {
        if !answer.is_empty() {
            tmux.type_text(answer);
        }
        tmux.send(&["Enter"]);
    }
    tmux.wait_for("EXIT=");
    let screen = tmux.scrollback();
    assert!(screen.contains("EXIT=0"), "{screen}");
    assert!(screen.contains("is not an answer it takes"), "{screen}");
    assert!(
        screen.contains("Intelligence Receipt Scan recorded"),
        "{screen}"
    );
    let shown = show(&store, &id);
    let scanned = shown["history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["change"]["change"] == "receipt_scanned")
        .cloned()
        .expect("the scan is recorded");
    assert_eq!(scanned["change"]["scan"]["credibility"], "2", "{scanned}");
}

/// The first record `list` gives in a state, by id.
fn first_in_state(store: &Path, kind: &str, state: &str) -> String {
    let out = registrar(store)
        .args(["list", "--kind", kind, "--state", state, "--json"])
        .output()
        .unwrap();
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    rows.iter()
        .find(|r| r["marking"] != "STRICTLY CONFIDENTIAL")
        .unwrap_or_else(|| panic!("a {kind} {state} in the demo"))["record"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn follow_up_steps_from_the_command_line_action_letter_revision_onward_request() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let hom = || registrar_as(&store, "hom", "demo-hom", NOW);
    let changes = |id: &str| -> Vec<String> {
        show(&store, id)["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                e["change"]["change"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect()
    };

    // G 9.13: what the mission did, never without what corroborated it.
    let receipt = first_in_state(&store, "received", "disseminated");
    let e = fails(
        analyst(&store),
        &[
            "receipt",
            "action",
            &receipt,
            "--action",
            "patrol sent",
            "--corroborated-by",
            "",
        ],
        3,
    );
    assert!(e.contains("G 9.13"), "{e}");
    step(
        analyst(&store),
        &[
            "receipt",
            "action",
            &receipt,
            "--action",
            "a patrol was sent to the site",
            "--corroborated-by",
            "UNPOL patrol report of the same morning",
        ],
    );
    assert!(changes(&receipt).contains(&"action_recorded".to_string()));

    // G 9.9: the HoM's letter to a non-UN entity; G 9.13: the periodic revision.
    let battalion = "National Armed Forces — 3rd Infantry Battalion";
    let entity = {
        let out = registrar(&store)
            .args(["search", "3rd", "Infantry", "--json"])
            .output()
            .unwrap();
        let found: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
        found.iter().find(|r| r["name"] == battalion).unwrap()["record"]
            .as_str()
            .unwrap()
            .to_string()
    };
    fails(
        analyst(&store),
        &["entity", "torture-refusal", &entity, "--how", "letter"],
        4,
    );
    step(
        hom(),
        &[
            "entity",
            "torture-refusal",
            &entity,
            "--how",
            "letter HoM/2026/311 to the battalion commander",
            "--at",
            "-1d",
        ],
    );
    let e = fails(
        registrar(&store),
        &[
            "entity",
            "revision",
            &entity,
            "--from",
            "2026-05-01",
            "--finding",
            "x",
            "--action",
            "ignore",
        ],
        2,
    );
    assert!(e.contains("reassess"), "{e}");
    step(
        registrar(&store),
        &[
            "entity",
            "revision",
            &entity,
            "--from",
            "2026-05-01",
            "--finding",
            "two reports in six months contradicted by patrols",
            "--action",
            "caution",
            "--details",
            "flag its products on dissemination until the next review",
        ],
    );
    let entity_changes = changes(&entity);
    assert!(entity_changes.contains(&"torture_refusal_communicated".to_string()));
    assert!(entity_changes.contains(&"revision_recorded".to_string()));

    // G 8.1.5: the entity asks to pass a shared product on; the authority answers in writing.
    let share = first_in_state(&store, "shared", "shared");
    step(
        analyst(&store),
        &[
            "share",
            "onward-request",
            &share,
            "--to-whom",
            "the regional gendarmerie",
            "--purpose",
            "joint protection of the IDP site",
            "--reference",
            "letter 77/2026",
        ],
    );
    step(
        hom(),
        &[
            "share",
            "onward-answer",
            &share,
            "--request",
            "1",
            "--refuse",
            "--authority",
            "hom",
            "--reference",
            "HoM/2026/312",
            "--terms",
            "the gendarmerie has no assessment on record",
        ],
    );
    let share_changes = changes(&share);
    assert!(share_changes.contains(&"onward_request_recorded".to_string()));
    assert!(share_changes.contains(&"onward_request_answered".to_string()));
}
