//! `show`, `history`, `list`, `search` (CLI.md, issue 11): one record as the record view shows
//! it, its timeline, the register filtered, a search — each only as far as the reader may see.

use crate::store_common::{NOW, demo_store, registrar, registrar_as, stderr_of, stdout_of};
use serde_json::Value;
use std::path::Path;

fn json_of(mut cmd: assert_cmd::Command, args: &[&str]) -> Value {
    let out = cmd.args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

fn urgent(store: &Path) -> Vec<Value> {
    json_of(registrar(store), &["queue", "urgent", "--json"])
        .as_array()
        .unwrap()
        .clone()
}

fn analyst(store: &Path) -> assert_cmd::Command {
    registrar_as(store, "analyst", "demo-analyst", NOW)
}

#[test]
fn show_gives_the_record_what_it_waits_on_and_its_history_as_the_queue_says() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let item = urgent(&store)
        .into_iter()
        .find(|i| i["kind"] == "receipt" && i["classification"] == "confidential")
        .expect("a confidential urgent receipt in the demo");
    let id = item["id"].as_str().unwrap();
    let shown = json_of(registrar(&store), &["show", id, "--json"]);
    assert_eq!(shown["id"], item["id"]);
    assert_eq!(shown["content_visible"], true);
    assert_eq!(
        shown["content"]["receipt"]["capture"]["title"],
        item["title"]
    );
    assert_eq!(shown["waiting_on"], item["waiting_on"]);
    assert_eq!(shown["who_acts"], item["who_acts"]);
    let history = shown["history"].as_array().unwrap();
    assert_eq!(history[0]["what"], "receipt registered", "{history:?}");

    let timeline = json_of(registrar(&store), &["history", id, "--json"]);
    assert_eq!(timeline.as_array().unwrap(), history);

    let out = registrar(&store).args(["show", id]).output().unwrap();
    let text = stdout_of(&out);
    assert!(text.contains(item["title"].as_str().unwrap()), "{text}");
    assert!(text.contains("capture.received_at"), "{text}");
    assert!(
        text.contains(&format!(
            "waits on: {}",
            item["waiting_on"].as_str().unwrap()
        )),
        "{text}"
    );
    assert!(text.contains("receipt registered"), "{text}");

    let out = registrar(&store)
        .args(["show", "RCP-NOWHERE-0001"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("no record RCP-NOWHERE-0001"));
}

#[test]
fn what_a_reader_is_not_cleared_for_is_neither_shown_listed_nor_found() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let secret = urgent(&store)
        .into_iter()
        .find(|i| i["classification"] == "strictly_confidential")
        .expect("a strictly confidential urgent item in the demo");
    let id = secret["id"].as_str().unwrap();
    // The IM FP (cleared) finds it by a word of its title and by its id.
    let word = secret["title"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .find(|w| w.len() > 5)
        .unwrap()
        .to_string();
    let found = json_of(registrar(&store), &["search", &word, "--json"]);
    assert!(
        found.as_array().unwrap().iter().any(|r| r["record"] == id),
        "{found}"
    );
    let by_id = json_of(registrar(&store), &["search", id, "--json"]);
    assert_eq!(by_id.as_array().unwrap().len(), 1, "{by_id}");

    // The analyst is cleared to Confidential: the record is not there for them.
    let out = analyst(&store).args(["show", id]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stdout_of(&out));
    assert!(stderr_of(&out).contains("no record"), "{}", stderr_of(&out));
    let out = analyst(&store).args(["history", id]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let found = json_of(analyst(&store), &["search", &word, "--json"]);
    assert!(
        !found.as_array().unwrap().iter().any(|r| r["record"] == id),
        "{found}"
    );
    let listed = json_of(analyst(&store), &["list", "--json"]);
    assert!(
        !listed
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["record"] == id || r["marking"] == "STRICTLY CONFIDENTIAL"),
        "{listed}"
    );
    let all = json_of(registrar(&store), &["list", "--json"]);
    assert!(all.as_array().unwrap().iter().any(|r| r["record"] == id));
}

#[test]
fn list_keeps_only_what_its_filters_name() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let all = json_of(registrar(&store), &["list", "--json"]);
    let all = all.as_array().unwrap();
    assert!(all.len() > 10, "{}", all.len());

    let disseminated = json_of(
        registrar(&store),
        &[
            "list",
            "--kind",
            "received",
            "--state",
            "disseminated",
            "--json",
        ],
    );
    let disseminated = disseminated.as_array().unwrap();
    assert!(!disseminated.is_empty());
    assert!(
        disseminated
            .iter()
            .all(|r| r["direction"] == "received" && r["state"] == "disseminated"),
        "{disseminated:?}"
    );

    let confidential = json_of(
        registrar(&store),
        &["list", "--marking", "confidential", "--json"],
    );
    let confidential = confidential.as_array().unwrap();
    assert!(!confidential.is_empty());
    assert!(
        confidential.iter().all(|r| r["marking"] == "CONFIDENTIAL"),
        "{confidential:?}"
    );
    assert!(confidential.len() < all.len());

    let entity = all[0]["with_from"].as_str().unwrap().to_string();
    let of_entity = json_of(registrar(&store), &["list", "--entity", &entity, "--json"]);
    assert!(
        of_entity
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["with_from"] == entity.as_str())
    );

    let last = json_of(registrar(&store), &["list", "--limit", "3", "--json"]);
    assert_eq!(last.as_array().unwrap()[..], all[all.len() - 3..]);

    let out = registrar(&store)
        .args(["list", "--marking", "secret"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "an unknown marking is refused");
    let out = registrar(&store)
        .args(["list", "--from", "2026-11-20", "--to", "2026-11-01"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn whoami_and_verify_answer_in_json_for_scripts() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let me = json_of(analyst(&store), &["whoami", "--json"]);
    assert_eq!(me["user"], "analyst");
    assert_eq!(me["clearance"], "confidential");
    assert!(
        me["roles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "analyst")
    );
    let verified = json_of(registrar(&store), &["verify", "--json"]);
    assert_eq!(verified["ok"], true);
    let per_station: i64 = verified["stations"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_i64().unwrap())
        .sum();
    assert_eq!(verified["events"].as_i64().unwrap(), per_station);
    assert!(per_station > 100);
}

/// Issue 12 (noticed in issue 8): the register can be filtered to what was registered after
/// the fact — shared or received informally and registered afterwards (G 8.1.9, G 9.11), or
/// carried over from a spreadsheet register — each kind on its own too.
#[test]
fn the_register_filters_to_what_was_registered_after_the_fact() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let ids = |state: &str| -> Vec<String> {
        let rows = json_of(registrar(&store), &["list", "--state", state, "--json"]);
        rows.as_array()
            .unwrap()
            .iter()
            .map(|r| r["record"].as_str().unwrap().to_string())
            .collect()
    };
    let shared = ids("shared_after_the_fact");
    assert_eq!(
        shared.len(),
        1,
        "the demo's warning given by phone: {shared:?}"
    );
    assert!(shared[0].starts_with("SHR-"));
    let all = ids("after_the_fact");
    assert!(all.contains(&shared[0]), "{all:?}");
    assert!(
        all.iter().any(|id| id.starts_with("RCP-")),
        "the demo's call registered late is a receipt received informally: {all:?}"
    );
    assert!(ids("handled_before_registration").is_empty());

    let sheet = dir.path().join("old.csv");
    std::fs::write(
        &sheet,
        "Date,Direction,Entity,Title,Ref,Marking,Channel\n\
         12/03/2026,in,national armed forces — 3rd infantry battalion,Old report,OLD/1,C,written\n",
    )
    .unwrap();
    registrar(&store)
        .args(["import-sheet", "--nature", "strategic", "--yes"])
        .arg(&sheet)
        .assert()
        .success();
    let carried = ids("handled_before_registration");
    assert_eq!(carried.len(), 1, "{carried:?}");
    assert!(ids("after_the_fact").contains(&carried[0]));
    let out = registrar(&store)
        .args(["list", "--state", "handled_before_registration"])
        .output()
        .unwrap();
    assert!(
        stdout_of(&out).contains("1 record\n"),
        "{}",
        stdout_of(&out)
    );
}

/// A search that finds an entity and no record says so: "1 entity, 0 records", never a bare
/// "0 records" under the entity it has just printed.
#[test]
fn search_counts_the_entities_it_shows_as_well_as_the_records() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let imfp = || registrar_as(&store, "imfp", "demo-imfp", NOW);
    imfp()
        .args([
            "entity",
            "add",
            "--name",
            "Northern Water Authority",
            "--kind",
            "other_non_un_civilian",
        ])
        .assert()
        .success();
    let out = imfp().args(["search", "water"]).output().unwrap();
    let said = stdout_of(&out);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(said.contains("Northern Water Authority"), "{said}");
    assert!(said.contains("1 entity, 0 records"), "{said}");
}
