//! `--json` on every command that prints (issue 11): a script reads what a command did as one
//! JSON value on standard output — the same facts the person's lines give — and nothing else
//! is on standard output.

use crate::store_common::{NOW, bare_registrar, demo_store, registrar_as, stderr_of};
use serde_json::Value;
use std::path::Path;

/// Runs and reads standard output as one JSON value (any other line there fails the test).
fn json_of(mut cmd: assert_cmd::Command, args: &[&str]) -> Value {
    let out = cmd.args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{args:?}: not one JSON value ({e}):\n{}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

fn as_user(store: &Path, user: &str) -> assert_cmd::Command {
    let mut cmd = registrar_as(store, user, &format!("demo-{user}"), NOW);
    cmd.env("REGISTRAR_KEY_WORK_FACTOR", "10")
        .env_remove("REGISTRAR_KEY_PASSPHRASE_FILE");
    cmd
}

#[test]
fn init_demo_and_rebuild_say_what_they_did_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let station = dir.path().join("station.redb");
    let keys = dir.path().join("keys");
    std::fs::write(&keys, "a station key passphrase\n").unwrap();
    let mut init = registrar_as(&station, "chief", "correct horse battery", NOW);
    init.env("REGISTRAR_KEY_WORK_FACTOR", "10")
        .args(["init", "--exercise", "--mission", "M", "--station", "S-1"])
        .arg("--key-passphrase-file")
        .arg(&keys);
    let made = json_of(init, &["--json"]);
    assert_eq!(made["done"], "registry created");
    assert_eq!(made["station"], "S-1");
    assert_eq!(made["administrator"], "chief");
    assert_eq!(made["clearance"], "strictly_confidential");
    assert_eq!(made["exercise"], true);
    assert!(
        made["keys"]["age_recipient"]
            .as_str()
            .unwrap()
            .starts_with("age1")
    );
    assert_eq!(made["key_passphrase_is_administrators"], false);

    let demo = dir.path().join("demo.redb");
    let demo_command = || {
        let mut cmd = bare_registrar();
        cmd.arg("--store").arg(&demo).args(["--now", NOW]);
        cmd
    };
    let first = json_of(demo_command(), &["demo", "--json"]);
    assert_eq!(first["done"], "demo created");
    assert_eq!(first["users"].as_array().unwrap().len(), 8);
    assert_eq!(first["queues_as"], "imfp");
    let urgent = first["queues"]["urgent"].as_array().unwrap();
    assert!(!urgent.is_empty(), "{first}");
    assert!(urgent.iter().all(|i| i["id"].is_string()));
    let again = json_of(demo_command(), &["demo", "--json"]);
    assert_eq!(again["done"], "demo already there");
    assert_eq!(again["queues"], first["queues"]);

    let rebuilt = json_of(as_user(&demo, "admin"), &["rebuild", "--json"]);
    assert_eq!(rebuilt["done"], "rebuilt");
    assert_eq!(rebuilt["already_matched"], true);
    let verified = json_of(as_user(&demo, "admin"), &["verify", "--json"]);
    assert_eq!(rebuilt["events"], verified["events"]);
}

#[test]
fn users_settings_and_keys_say_what_changed_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let pass = dir.path().join("new.passphrase");
    std::fs::write(&pass, "a long enough passphrase\n").unwrap();
    let mut add = as_user(&store, "admin");
    add.args(["user", "add", "amina", "--role", "analyst", "--clearance"])
        .args(["confidential", "--new-passphrase-file"])
        .arg(&pass);
    let added = json_of(add, &["--json"]);
    assert_eq!(added["done"], "user added");
    assert_eq!(added["user"], "amina");
    assert_eq!(added["roles"], serde_json::json!(["analyst"]));
    assert_eq!(added["clearance"], "confidential");
    // `--json` is accepted before the subcommand too.
    let roles = json_of(
        as_user(&store, "admin"),
        &[
            "user", "--json", "roles", "amina", "--role", "analyst", "--role", "hro",
        ],
    );
    assert_eq!(roles["roles"], serde_json::json!(["analyst", "hro"]));
    let whoami = registrar_as(&store, "amina", "a long enough passphrase", NOW);
    assert_eq!(
        json_of(whoami, &["whoami", "--json"])["roles"],
        roles["roles"]
    );

    let set = json_of(
        as_user(&store, "admin"),
        &[
            "settings",
            "set",
            "--urgent-receipt-minutes",
            "45",
            "--json",
        ],
    );
    assert_eq!(set["done"], "settings changed");
    let shown = json_of(as_user(&store, "imfp"), &["settings", "show", "--json"]);
    assert_eq!(set["settings"], shown);
    assert_eq!(shown["urgent_receipt_limit_minutes"], 45);

    let keys = json_of(as_user(&store, "imfp"), &["keys", "show", "--json"]);
    let signing = dir.path().join("peer.pub");
    std::fs::write(
        &signing,
        format!("{}\n", keys["signing_key"].as_str().unwrap()),
    )
    .unwrap();
    let mut trust = as_user(&store, "admin");
    trust
        .args(["keys", "trust", "--station", "PEER-2", "--age-recipient"])
        .arg(keys["age_recipient"].as_str().unwrap())
        .arg("--signing-key")
        .arg(&signing)
        .args(["--clearance", "confidential"]);
    let trusted = json_of(trust, &["--json"]);
    assert_eq!(trusted["done"], "station trusted");
    assert_eq!(trusted["station"], "PEER-2");
    assert_eq!(trusted["clearance"], "confidential");
    let list = json_of(as_user(&store, "imfp"), &["keys", "list", "--json"]);
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|s| s["station"] == "PEER-2"),
        "{list}"
    );
    assert!(json_of(as_user(&store, "imfp"), &["quarantine", "list", "--json"]).is_array());
    assert!(json_of(as_user(&store, "imfp"), &["conflicts", "list", "--json"]).is_array());
}

#[test]
fn reports_say_the_file_and_figures_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let out = dir.path().join("compliance.xlsx");
    let compliance = json_of(
        as_user(&store, "hom"),
        &[
            "report",
            "compliance",
            "--json",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(compliance["done"], "report written");
    assert!(Path::new(compliance["file"].as_str().unwrap()).exists());
    let figures = compliance["figures"].as_array().unwrap();
    assert!(figures.len() > 5, "{compliance}");
    assert!(figures.iter().all(|f| f["indicator"].is_string()));
    let register = json_of(
        as_user(&store, "analyst"),
        &[
            "report",
            "register",
            "--json",
            "--out",
            dir.path().join("r.csv").to_str().unwrap(),
        ],
    );
    assert!(register["lines"].as_u64().unwrap() > 0);
    assert_eq!(register["highest_marking"], "confidential", "{register}");
    let oversight = json_of(
        as_user(&store, "oversight"),
        &[
            "report",
            "oversight",
            "--json",
            "--out",
            dir.path().join("o.json").to_str().unwrap(),
        ],
    );
    assert_eq!(oversight["chain_intact"], true);
    assert!(oversight["events"].as_u64().unwrap() > 100);
}

#[test]
fn export_and_import_say_each_bundle_as_json_and_name_a_refused_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let key_file = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, format!("{text}\n")).unwrap();
        p
    };
    let demo_keys = key_file("demo-keys", "demo-station");
    let hq_keys = key_file("hq-keys", "hq station key passphrase");
    // Headquarters, made with `init`; each station trusts the other.
    let hq = dir.path().join("hq.redb");
    let chief = || {
        let mut cmd = registrar_as(&hq, "chief", "hq admin passphrase", NOW);
        cmd.env("REGISTRAR_KEY_WORK_FACTOR", "10");
        cmd
    };
    let mut init = chief();
    init.args([
        "init",
        "--exercise",
        "--mission",
        "HQ",
        "--station",
        "DPO-HQ",
    ])
    .arg("--key-passphrase-file")
    .arg(&hq_keys);
    init.assert().success();
    let trust = |mut by: assert_cmd::Command, keys: &Value, clearance: &str| {
        let signing = dir
            .path()
            .join(format!("{}.pub", keys["station"].as_str().unwrap()));
        std::fs::write(
            &signing,
            format!("{}\n", keys["signing_key"].as_str().unwrap()),
        )
        .unwrap();
        by.args([
            "keys",
            "trust",
            "--station",
            keys["station"].as_str().unwrap(),
        ])
        .arg("--age-recipient")
        .arg(keys["age_recipient"].as_str().unwrap())
        .arg("--signing-key")
        .arg(&signing)
        .args(["--clearance", clearance]);
        by.assert().success();
    };
    let demo_public = json_of(as_user(&store, "imfp"), &["keys", "show", "--json"]);
    let hq_public = json_of(chief(), &["keys", "show", "--json"]);
    trust(as_user(&store, "admin"), &hq_public, "confidential");
    trust(chief(), &demo_public, "strictly_confidential");

    let medium = dir.path().join("medium");
    std::fs::create_dir(&medium).unwrap();
    let mut export = as_user(&store, "imfp");
    export
        .args(["export", "--to", "DPO-HQ", "--out"])
        .arg(&medium)
        .arg("--key-passphrase-file")
        .arg(&demo_keys);
    let written = json_of(export, &["--json"]);
    assert_eq!(written["done"], "bundle written");
    assert_eq!(written["kind"], "changes");
    assert_eq!(written["number"], 1);
    let bundle = written["bundle"].as_str().unwrap();
    assert!(Path::new(bundle).exists());
    assert!(Path::new(written["signature"].as_str().unwrap()).exists());
    assert!(!written["summary"].as_array().unwrap().is_empty());

    // One good file and one that is not a bundle: each said, the refused one with its exit code.
    let junk = medium.join("junk.age");
    std::fs::write(&junk, b"not a bundle").unwrap();
    std::fs::write(medium.join("junk.age.sig"), b"nor a signature").unwrap();
    let mut import = chief();
    import
        .args(["import", "--json", bundle])
        .arg(&junk)
        .arg("--key-passphrase-file")
        .arg(&hq_keys);
    let out = import.output().unwrap();
    assert_ne!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let said: Value = serde_json::from_slice(&out.stdout).unwrap();
    let said = said.as_array().unwrap();
    assert_eq!(said.len(), 2, "{said:?}");
    assert_eq!(said[0]["file"], bundle);
    assert_eq!(said[0]["imported"]["result"], "applied", "{said:?}");
    assert!(said[0]["imported"]["applied"]["events"].as_u64().unwrap() > 0);
    assert!(!said[0]["said"].as_array().unwrap().is_empty());
    assert!(said[1]["refused"].is_string(), "{said:?}");
    assert_eq!(
        said[1]["exit_code"].as_u64(),
        out.status.code().map(|c| c as u64)
    );

    // The same two again, said plainly: the bundle imported before is counted as already
    // imported, never as imported.
    let mut again = chief();
    again
        .args(["import", bundle])
        .arg(&junk)
        .arg("--key-passphrase-file")
        .arg(&hq_keys);
    let out = again.output().unwrap();
    assert_ne!(out.status.code(), Some(0));
    let err = stderr_of(&out);
    assert!(
        err.contains("Of 2 bundles: 0 applied, 1 already imported (nothing to do), 1 refused"),
        "{err}"
    );

    // A directory named instead of its bundles: said plainly, with the bundles in it.
    let mut dir = chief();
    dir.arg("import")
        .arg(&medium)
        .arg("--key-passphrase-file")
        .arg(&hq_keys);
    let out = dir.output().unwrap();
    assert_ne!(out.status.code(), Some(0));
    let err = stderr_of(&out);
    assert!(
        err.contains("is a directory: name the bundle files in it"),
        "{err}"
    );
    assert!(!err.contains("signature"), "{err}");

    // The station's own outgoing bundle, imported where it was made.
    let mut own = as_user(&store, "imfp");
    own.args(["import", bundle])
        .arg("--key-passphrase-file")
        .arg(&demo_keys);
    let out = own.output().unwrap();
    assert_ne!(out.status.code(), Some(0));
    let err = stderr_of(&out);
    assert!(
        err.contains(
            "this bundle was made here (by this station, for DPO-HQ); it is imported at DPO-HQ"
        ),
        "{err}"
    );
}

#[test]
fn import_sheet_json_is_a_dry_run_with_every_bad_row_unless_yes() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let sheet = dir.path().join("r.csv");
    std::fs::write(
        &sheet,
        "Date,Direction,Entity,Title,Ref,Marking,Channel\n\
         12/11/2026,in,national armed forces — 3rd infantry battalion,A,R/1,C,written\n\
         31/13/2026,in,national armed forces — 3rd infantry battalion,B,R/2,C,written\n",
    )
    .unwrap();
    let dry = as_user(&store, "imfp")
        .args(["import-sheet", "--nature", "strategic", "--json"])
        .arg(&sheet)
        .output()
        .unwrap();
    let plan: Value = serde_json::from_slice(&dry.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&dry.stdout)));
    assert_eq!(plan["done"], "dry run", "{plan}");
    assert_eq!(plan["receipts"], 1);
    let bad = plan["bad_rows"].as_array().unwrap();
    assert_eq!(bad.len(), 1, "{plan}");
    assert_eq!(bad[0]["row"], 3);
    assert_eq!(bad[0]["column"], "Date");
    assert_eq!(
        dry.status.code(),
        Some(0),
        "a dry run that lists bad rows succeeds"
    );
    // With --yes the whole sheet or nothing: refused, the plan still said.
    let refused = as_user(&store, "imfp")
        .args(["import-sheet", "--nature", "strategic", "--json", "--yes"])
        .arg(&sheet)
        .output()
        .unwrap();
    let plan: Value = serde_json::from_slice(&refused.stdout).unwrap();
    assert_eq!(plan["done"], "nothing written", "{plan}");
    assert_eq!(plan["bad_rows"].as_array().unwrap().len(), 1);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr_of(&refused));

    std::fs::write(
        &sheet,
        "Date,Direction,Entity,Title,Ref,Marking,Channel\n\
         12/11/2026,in,national armed forces — 3rd infantry battalion,A,R/1,C,written\n",
    )
    .unwrap();
    let mut dry = as_user(&store, "imfp");
    dry.args(["import-sheet", "--nature", "strategic"])
        .arg(&sheet);
    let plan = json_of(dry, &["--json"]);
    assert_eq!(plan["done"], "dry run");
    assert_eq!(plan["entities"][0]["outcome"], "matched", "{plan}");
    let mut yes = as_user(&store, "imfp");
    yes.args(["import-sheet", "--nature", "strategic", "--yes"])
        .arg(&sheet);
    let done = json_of(yes, &["--json"]);
    assert_eq!(done["done"], "imported");
    assert_eq!(done["entities_registered"], 0);
    let mut again = as_user(&store, "imfp");
    again
        .args(["import-sheet", "--nature", "strategic", "--yes"])
        .arg(&sheet);
    let again = json_of(again, &["--json"]);
    assert_eq!(again["done"], "nothing new");
    assert_eq!(again["already_imported"], 1);
}
