//! The search index (issue 14): kept in the same write transaction as the records, so a record
//! amended, voided or whose entity is renamed is found by its new words and not its old ones;
//! checked by `verify` against the records, rebuilt by `rebuild` and by the upgrade of an older
//! registry; and its pages and counts are exactly what a scan of every record finds.

use crate::store_common::{NOW, demo_store, registrar, registrar_as, stderr_of, stdout_of};
use redb::{ReadableDatabase, ReadableTable, ReadableTableMetadata};
use registrar::domain::access::Actor;
use registrar::domain::record::Record;
use registrar::domain::role::Role;
use registrar::register::filter::{Visibility, visibility};
use registrar::store::schema::{
    META, META_SCHEMA_VERSION, SEARCH_ENTITY_TERMS, SEARCH_NUMBERS, SEARCH_POSTINGS,
    SEARCH_READER_CODES, SEARCH_READER_KINDS, SEARCH_READERS, SEARCH_RECORDS,
    SEARCH_TERMS_SCHEMA_4, SEARCH_WORDS,
};
use registrar::store::search::{entity_of, words_of};
use registrar::store::search_query::SearchQuery;
use registrar::store::{FixedClock, Store};
use serde_json::Value;
use std::path::Path;
use std::sync::Arc;

fn analyst(store: &Path) -> assert_cmd::Command {
    registrar_as(store, "analyst", "demo-analyst", NOW)
}

fn step(mut cmd: assert_cmd::Command, args: &[&str]) -> String {
    let out = cmd.args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
    stdout_of(&out)
        .split(':')
        .next()
        .unwrap()
        .trim()
        .to_string()
}

/// The ids `search WORDS --json` finds.
fn found(store: &Path, words: &[&str]) -> Vec<String> {
    let out = registrar(store)
        .arg("search")
        .args(words)
        .args(["--json", "--limit", "1000"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{words:?}: {}", stderr_of(&out));
    let items: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    items
        .iter()
        .map(|i| i["record"].as_str().unwrap().to_string())
        .collect()
}

fn register_receipt(store: &Path) -> String {
    step(
        analyst(store),
        &[
            "receipt",
            "register",
            "--from",
            "unicef country office",
            "--title",
            "Ambush planned near Xolotlan-Quibdo",
            "--reference",
            "ZZQ/CO/2611-07",
            "--summary",
            "Armed men gathering at the Yggdrasil crossing",
            "--marking",
            "confidential",
            "--nature",
            "operational_tactical",
            "--channel",
            "verbal_informal",
            "--received",
            "-20m",
        ],
    )
}

#[test]
fn an_amended_or_voided_record_is_found_by_its_new_words_and_not_its_old_ones() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let id = register_receipt(&store);
    // Prefixes, case and accents aside, across title, reference and summary.
    assert_eq!(
        found(&store, &["xolot", "QUIBDO"]),
        std::slice::from_ref(&id)
    );
    assert_eq!(
        found(&store, &["Yggdràsil", "zzq/co/2611"]),
        std::slice::from_ref(&id)
    );
    assert!(found(&store, &[&id]).contains(&id), "found by its id");

    step(
        analyst(&store),
        &[
            "amend",
            &id,
            "--title",
            "Ambush planned near Wyvernmoor",
            "--reason",
            "the town was misheard",
        ],
    );
    assert!(
        found(&store, &["xolotlan"]).is_empty(),
        "the old title is gone"
    );
    assert_eq!(found(&store, &["wyvernm"]), std::slice::from_ref(&id));

    step(
        registrar(&store),
        &[
            "void",
            &id,
            "--reason",
            "registered twice by the night shift",
        ],
    );
    // A voided record stays in the register (marked VOID), and so in the search, by the words
    // it has now.
    let out = registrar(&store)
        .args(["search", "wyvernmoor"])
        .output()
        .unwrap();
    let text = stdout_of(&out);
    assert!(text.contains(&id) && text.contains("VOID"), "{text}");
    assert!(found(&store, &["xolotlan"]).is_empty());
    verify_passes(&store);
}

#[test]
fn a_renamed_entity_finds_its_records_by_the_new_name_only() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let id = register_receipt(&store);
    let shown: Value = serde_json::from_slice(
        &registrar(&store)
            .args(["show", &id, "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let entity = shown["content"]["receipt"]["capture"]["source"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(found(&store, &["ambush", "unicef"]).contains(&id));
    assert!(found(&store, &["ambush", "zyxwvut"]).is_empty());
    step(
        registrar(&store),
        &[
            "entity",
            "edit",
            &entity,
            "--name",
            "Zyxwvut Relief",
            "--reason",
            "the office was renamed",
        ],
    );
    assert!(found(&store, &["ambush", "zyxwvut"]).contains(&id));
    assert!(!found(&store, &["ambush", "unicef"]).contains(&id));
    assert!(found(&store, &["zyxw"]).contains(&entity), "the entity too");
    verify_passes(&store);
}

fn verify_passes(store: &Path) {
    let out = registrar(store).arg("verify").output().unwrap();
    assert!(
        out.status.success(),
        "{} {}",
        stdout_of(&out),
        stderr_of(&out)
    );
}

#[test]
fn verify_finds_a_damaged_index_and_rebuild_repairs_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let id = register_receipt(&store);
    {
        let db = redb::Database::open(&store).unwrap();
        let txn = db.begin_write().unwrap();
        {
            let number = txn
                .open_table(SEARCH_NUMBERS)
                .unwrap()
                .get(id.as_str())
                .unwrap()
                .expect("the receipt's number")
                .value();
            let mut postings = txn.open_table(SEARCH_POSTINGS).unwrap();
            // The only record with this word: its block is the receipt's number alone.
            assert!(
                postings.remove(("xolotlan", number)).unwrap().is_some(),
                "the receipt's posting"
            );
        }
        txn.commit().unwrap();
    }
    let out = registrar(&store).arg("verify").output().unwrap();
    assert!(!out.status.success());
    let said = format!("{}{}", stdout_of(&out), stderr_of(&out));
    assert!(said.contains("search index"), "{said}");
    registrar_as(&store, "admin", "demo-admin", NOW)
        .arg("rebuild")
        .assert()
        .success();
    verify_passes(&store);
    assert_eq!(found(&store, &["xolotlan"]), [id]);
}

#[test]
fn an_older_registry_gets_its_index_when_opened() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let id = register_receipt(&store);
    {
        // As schema 3 left it: no search tables.
        let db = redb::Database::open(&store).unwrap();
        let txn = db.begin_write().unwrap();
        drop_search_tables(&txn);
        txn.open_table(META)
            .unwrap()
            .insert(META_SCHEMA_VERSION, 3u32.to_le_bytes().as_slice())
            .unwrap();
        txn.commit().unwrap();
    }
    assert_eq!(found(&store, &["xolotlan"]), [id]);
    verify_passes(&store);
}

fn drop_search_tables(txn: &redb::WriteTransaction) {
    assert!(txn.delete_table(SEARCH_NUMBERS).unwrap());
    assert!(txn.delete_table(SEARCH_RECORDS).unwrap());
    assert!(txn.delete_table(SEARCH_POSTINGS).unwrap());
    assert!(txn.delete_table(SEARCH_READERS).unwrap());
    assert!(txn.delete_table(SEARCH_READER_KINDS).unwrap());
    assert!(txn.delete_table(SEARCH_READER_CODES).unwrap());
    assert!(txn.delete_table(SEARCH_WORDS).unwrap());
    assert!(txn.delete_table(SEARCH_ENTITY_TERMS).unwrap());
}

#[test]
fn a_schema_4_registry_gets_the_numbered_index_and_loses_the_old_postings() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let id = register_receipt(&store);
    {
        // As schema 4 left it: postings keyed by (word, registered seconds, record id).
        let db = redb::Database::open(&store).unwrap();
        let txn = db.begin_write().unwrap();
        drop_search_tables(&txn);
        txn.open_table(SEARCH_TERMS_SCHEMA_4)
            .unwrap()
            .insert(("xolotlan", 1_700_000_000, id.as_str()), ())
            .unwrap();
        txn.open_table(META)
            .unwrap()
            .insert(META_SCHEMA_VERSION, 4u32.to_le_bytes().as_slice())
            .unwrap();
        txn.commit().unwrap();
    }
    assert_eq!(found(&store, &["xolotlan"]), [id]);
    verify_passes(&store);
    let db = redb::Database::open(&store).unwrap();
    let txn = db.begin_read().unwrap();
    assert!(
        txn.open_table(SEARCH_TERMS_SCHEMA_4).is_err(),
        "the old postings are gone"
    );
    let version = txn
        .open_table(META)
        .unwrap()
        .get(META_SCHEMA_VERSION)
        .unwrap()
        .unwrap()
        .value()
        .to_vec();
    assert_eq!(version, 5u32.to_le_bytes());
}

#[test]
fn verify_finds_a_wrong_reader_summary() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let id = register_receipt(&store);
    {
        let db = redb::Database::open(&store).unwrap();
        let txn = db.begin_write().unwrap();
        {
            let number = txn
                .open_table(SEARCH_NUMBERS)
                .unwrap()
                .get(id.as_str())
                .unwrap()
                .unwrap()
                .value();
            // Another record's summary (a different code) put in place of the receipt's.
            let codes = txn.open_table(SEARCH_READER_KINDS).unwrap().len().unwrap();
            assert!(codes >= 2, "the demo has records read by different people");
            let mut chunks = txn.open_table(SEARCH_READERS).unwrap();
            let mut chunk = chunks.get(number / 256).unwrap().unwrap().value().to_vec();
            let at = (number % 256) as usize * 4;
            let code = u32::from_le_bytes(chunk[at..at + 4].try_into().unwrap());
            let other = if code == 1 { 2u32 } else { 1 };
            chunk[at..at + 4].copy_from_slice(&other.to_le_bytes());
            chunks.insert(number / 256, chunk.as_slice()).unwrap();
        }
        txn.commit().unwrap();
    }
    let out = registrar(&store).arg("verify").output().unwrap();
    assert!(!out.status.success());
    let said = format!("{}{}", stdout_of(&out), stderr_of(&out));
    assert!(said.contains("may read"), "{said}");
}

/// Every page of the index's search, and its count, against a scan of every record with the
/// same words and the same need to know.
#[test]
fn pages_and_counts_are_what_a_scan_of_every_record_finds() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scale.redb");
    registrar(&path)
        .args(["demo", "--no-tui", "--records", "1500"])
        .assert()
        .success();
    let now = chrono::DateTime::parse_from_rfc3339(NOW).unwrap().to_utc();
    let store = Store::open(&path, Arc::new(FixedClock::new(now))).unwrap();
    let readers = [
        Actor {
            name: "imfp".into(),
            roles: vec![Role::Imfp],
            clearance: registrar::domain::marking::Classification::StrictlyConfidential,
        },
        Actor {
            name: "someone".into(),
            roles: vec![Role::Admin],
            clearance: registrar::domain::marking::Classification::Confidential,
        },
        // Handles what is shared, not a receipt disseminated to a list of people.
        Actor {
            name: "legal".into(),
            roles: vec![Role::Legal],
            clearance: registrar::domain::marking::Classification::StrictlyConfidential,
        },
    ];
    let mut all = Vec::new();
    store
        .visit_records(&mut |r| {
            all.push(r);
            Ok(())
        })
        .unwrap();
    let name_of = |id: &str| {
        all.iter()
            .find_map(|r| match r {
                Record::Entity(e) if e.id.as_str() == id => Some(e.details.name.clone()),
                _ => None,
            })
            .unwrap_or_else(|| id.to_string())
    };
    for text in [
        "archived",
        "report 12",
        "arch shr 00001",
        "a",
        "1",
        "incoming 3",
        "unicef",
        "nothing-like-this",
        "carried earlier",
        "rcp",
        "s",
    ] {
        let query = SearchQuery::new(text);
        for me in &readers {
            let keep = |r: &Record| visibility(me, r) == Visibility::Full;
            let mut want: Vec<(u64, String)> = all
                .iter()
                .filter(|r| !matches!(r, Record::Entity(_)) && keep(r))
                .filter_map(|r| {
                    let entity = entity_of(r).map(name_of).unwrap_or_default();
                    words_of(r, &entity)
                        .filter(|w| w.matches(query.words()))
                        .map(|_| {
                            let id = r.id().to_string();
                            (store.search_number(&id).unwrap().expect("numbered"), id)
                        })
                })
                .collect();
            want.sort();
            want.reverse();
            let mut got = Vec::new();
            let mut cursor = None;
            loop {
                let (page, next) = store
                    .search_page(&query, cursor.as_ref(), 40, &keep)
                    .unwrap();
                got.extend(page.iter().map(|r| r.id().to_string()));
                if page.len() < 40 {
                    break;
                }
                cursor = next;
            }
            let want_ids: Vec<String> = want.into_iter().map(|(_, id)| id).collect();
            assert_eq!(got, want_ids, "{text:?} for {}", me.name);
            assert_eq!(
                store.search_count(&query, &keep).unwrap(),
                got.len() as u64,
                "{text:?}"
            );
            assert_eq!(
                store.search_count_readable(&query, me).unwrap(),
                got.len() as u64,
                "{text:?} counted from the reader summaries for {}",
                me.name
            );
        }
    }
}

/// Search results come newest first by search number: in the order records were first written
/// here, and after a rebuild (or an upgrade) in order of registered time, as the browser lists
/// them.
#[test]
fn after_a_rebuild_results_come_in_order_of_registered_time() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    registrar_as(&store, "admin", "demo-admin", NOW)
        .arg("rebuild")
        .assert()
        .success();
    let now = chrono::DateTime::parse_from_rfc3339(NOW).unwrap().to_utc();
    let opened = Store::open(&store, Arc::new(FixedClock::new(now))).unwrap();
    let query = SearchQuery::new("minusca");
    let (page, _) = opened.search_page(&query, None, 1000, &|_| true).unwrap();
    assert!(
        page.len() > 20,
        "the demo's shares and receipts: {}",
        page.len()
    );
    let keys: Vec<(i64, String)> = page
        .iter()
        .map(|r| {
            let (at, _) = registrar::store::derive::browse_key(r).unwrap();
            (at, r.id().to_string())
        })
        .collect();
    let mut newest_first = keys.clone();
    newest_first.sort();
    newest_first.reverse();
    assert_eq!(keys, newest_first);
}

/// A record that came by bundle is numbered and indexed where it is imported (the same write
/// transaction as the import), found by its words and its entity's name, and counted for a
/// reader who may read it and not for one who may not.
#[test]
fn an_imported_record_is_found_and_counted_at_the_station_that_imported_it() {
    use crate::bundle_common::{Station, pair};
    use registrar::domain::marking::Classification::{Confidential, StrictlyConfidential};
    let jmac = Station::new("MINUSCA-JMAC-1");
    let hq = Station::new("DPO-HQ");
    pair(&jmac, &hq, StrictlyConfidential, StrictlyConfidential);
    let faca = jmac.entity("Qwertyuiop Brigade", Confidential);
    let r = jmac.receipt(&faca, "Movements near Xolotlan-Quibdo", Confidential);
    let out = tempfile::tempdir().unwrap();
    let w = jmac.export_to("DPO-HQ", out.path());
    let query = SearchQuery::new("xolotlan qwerty");
    assert_eq!(
        hq.store.search_count_readable(&query, &hq.admin).unwrap(),
        0
    );
    hq.import(&w.bundle).unwrap();
    let (page, _) = hq.store.search_page(&query, None, 40, &|_| true).unwrap();
    let ids: Vec<String> = page.iter().map(|p| p.id().to_string()).collect();
    assert_eq!(ids, [r.to_string()]);
    assert_eq!(
        hq.store.search_count_readable(&query, &hq.admin).unwrap(),
        1
    );
    let uncleared = Actor {
        name: "clerk".into(),
        roles: vec![Role::Analyst],
        clearance: registrar::domain::marking::Classification::Unclassified,
    };
    assert_eq!(
        hq.store.search_count_readable(&query, &uncleared).unwrap(),
        0
    );
    hq.assert_consistent();
}
