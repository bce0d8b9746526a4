//! The scenario of issue 11: a whole imminent-threat receipt and a whole share to "shared",
//! only with commands, while an officer's console is open on the same registry in a real
//! terminal (tmux, 80×24) — the console shows each as it arrives and lets it go when done.

use crate::store_common::{NOW, registrar_as, stderr_of, stdout_of};
use crate::tmux_common::{Tmux, quote};
use crate::tui_common::demo_copy;
use serde_json::Value;
use std::path::Path;

const BATTALION: &str = "National Armed Forces — 3rd Infantry Battalion";

pub const SCAN: &str = r#"
credibility = "2"
red_flags = []
human_rights_consulted = false

[answers.imminent_threat]
answer = "yes"
note = "an armed group moving on the IDP site"
[answers.nature]
answer = "operational_tactical"
[answers.grave_violations]
answer = "no"
[answers.why_shared]
answer = "warn_of_threat"
[answers.political_purposes]
answer = "no"
[answers.classification]
answer = "confidential"
"#;

const RISK: &str = r#"
risk_acceptable = true
conclusion_note = "a warning to protect civilians; sanitised; no source exposed"
consulted = ["Human Rights Component"]

[acquiring_office]
office = "JMAC Field Office Kaga-Bandoro"
supports_sharing = true
note = "agrees"

[answers.mandate]
answer = "yes"
[answers.charter_rules_agreements]
answer = "yes"
[answers.sanitised]
answer = "yes"
[answers.acquiring_office_agrees]
answer = "yes"
[answers.expected_use]
answer = "a protective deployment around the IDP site"
[answers.previous_issues]
answer = "no"
[answers.no_harm]
answer = "yes"
[answers.violations_risk]
answer = "no"
[answers.classification]
answer = "confidential"
[answers.handling_capacity]
answer = "yes"
"#;

/// Runs one step as `user`; it must succeed. Returns the record id it names.
fn run(store: &Path, user: &str, args: &[&str]) -> String {
    let out = registrar_as(store, user, &format!("demo-{user}"), NOW)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{user} {args:?}: {}{}",
        stdout_of(&out),
        stderr_of(&out)
    );
    stdout_of(&out)
        .split(':')
        .next()
        .unwrap()
        .trim()
        .to_string()
}

fn state(store: &Path, id: &str) -> Value {
    let out = registrar_as(store, "imfp", "demo-imfp", NOW)
        .args(["show", id, "--json"])
        .output()
        .unwrap();
    let shown: Value = serde_json::from_slice(&out.stdout).unwrap();
    let content = &shown["content"];
    content["receipt"]["state"]
        .as_str()
        .or(content["share"]["state"].as_str())
        .map(Value::from)
        .unwrap_or(Value::Null)
}

#[test]
fn an_imminent_threat_receipt_and_a_share_to_shared_by_commands_alone_with_the_console_open() {
    let fixture = demo_copy();
    let store = fixture.path.clone();
    let dir = fixture.dir.path();
    std::fs::write(dir.join("scan.toml"), SCAN).unwrap();
    std::fs::write(dir.join("risk.toml"), RISK).unwrap();
    let scan = dir.join("scan.toml").display().to_string();
    let risk = dir.join("risk.toml").display().to_string();

    // The duty officer's console, open on the registry the whole time.
    let tmux = Tmux::new("scenario");
    tmux.start(
        80,
        24,
        &format!(
            "env -i PATH=/usr/bin:/bin HOME={} TERM=xterm-256color {} --store {} --now {NOW}",
            quote(dir),
            quote(Path::new(env!("CARGO_BIN_EXE_registrar"))),
            quote(&store)
        ),
    );
    tmux.wait_for("Log in");
    tmux.type_text("imfp");
    tmux.send(&["Enter"]);
    tmux.type_text("demo-imfp");
    tmux.send(&["Enter"]);
    tmux.wait_for("PENDING");

    // G 9: received 20 minutes ago by telephone, an imminent threat.
    let receipt = run(
        &store,
        "analyst",
        &[
            "receipt",
            "register",
            "--from",
            BATTALION,
            "--title",
            "Ambush on the Bossangoa road",
            "--reference",
            "FACA-3/FLASH/1122",
            "--marking",
            "confidential",
            "--nature",
            "operational_tactical",
            "--channel",
            "verbal_informal",
            "--received",
            "-20m",
            "--imminent-threat",
        ],
    );
    // The console shows it without a key pressed.
    tmux.wait_for("Ambush on the Bossangoa");
    for to in ["force_commander", "im_fp", "dss", "poc_manager"] {
        run(
            &store,
            "analyst",
            &["receipt", "alert", &receipt, "--to", to, "--at", "-15m"],
        );
    }
    run(
        &store,
        "analyst",
        &["receipt", "scan", &receipt, "--answers", &scan],
    );
    run(&store, "analyst", &["receipt", "clear", &receipt]);
    run(
        &store,
        "hom",
        &[
            "receipt",
            "disseminate",
            &receipt,
            "--authority",
            "hom",
            "--to",
            "imfp",
            "--to",
            "analyst",
        ],
    );
    assert_eq!(state(&store, &receipt), "disseminated");
    tmux.wait_until("the disseminated receipt has left the queues", |s| {
        !s.contains("Ambush on the Bossangoa")
    });

    // G 8: an urgent warning to the battalion, to shared.
    let share = run(
        &store,
        "analyst",
        &[
            "share",
            "draft",
            "--to",
            BATTALION,
            "--title",
            "Warning to the battalion: IDP site",
            "--reference",
            "JMAC/WARN/1122",
            "--marking",
            "confidential",
            "--nature",
            "operational_tactical",
            "--channel",
            "written",
            "--urgent",
            "--acquiring-office",
            "JMAC Field Office Kaga-Bandoro",
        ],
    );
    // Urgent sharing (G 8.1.7) joins the urgent queue; the queue on its own shows it whole.
    tmux.type_text("u");
    tmux.wait_for("Warning to the battalion");
    run(&store, "analyst", &["share", "sanitised", &share]);
    run(
        &store,
        "analyst",
        &["share", "assess-risk", &share, "--answers", &risk],
    );
    run(
        &store,
        "hom",
        &[
            "share",
            "decide",
            &share,
            "--authorise",
            "--authority",
            "hom",
            "--reason",
            "protection of civilians at the IDP site",
        ],
    );
    run(
        &store,
        "analyst",
        &[
            "share",
            "accept",
            &share,
            "--originator-control",
            "--use-limited",
            "--no-violations",
            "--marking-kept",
            "--equivalent-handling",
            "--accepted-by",
            "Col. Ndoumbé, battalion commander",
            "--document",
            "letter FACA-3/112",
        ],
    );
    run(&store, "analyst", &["share", "mark-shared", &share]);
    assert_eq!(state(&store, &share), "shared");
    tmux.wait_until("the shared warning has left the queues", |s| {
        !s.contains("Warning to the battalion")
    });
}
