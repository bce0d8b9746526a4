//! `verify` replays the log into bounded memory (records spill to a temporary file) and walks
//! the records and indexes in key order against it (issue 14). On a registry with more records
//! than the replay keeps in memory, every kind of damage to a record or an index is still
//! found, and named: records changed, added, lost; queue, browser, timeline and queue-key
//! index entries lost, added or moved.

use crate::store_common;

use redb::ReadableTable;
use registrar::domain::record::Record;
use registrar::store::codec::{decode_record, encode_record};
use registrar::store::schema::{
    IDX_BROWSE, IDX_ENTITY, IDX_REVIEW, IDX_URGENT, RECORD_EVENTS, RECORD_KEYS, RECORDS,
};
use registrar::store::spill::ReplayMemory;
use registrar::store::{FixedClock, Store};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use store_common::{NOW, registrar};

/// A registry of a few thousand events, checked with a replay that holds a few hundred records
/// in memory and spills the rest to its temporary file — as the standard bound does for a
/// registry of millions — so the comparison reads most of them back from the file.
const DEMO_RECORDS: &str = "1200";
const SMALL_MEMORY: ReplayMemory = ReplayMemory {
    hot_records: 128,
    in_memory_events: 500,
};

fn scale_store(dir: &Path) -> PathBuf {
    static BUILT: OnceLock<Vec<u8>> = OnceLock::new();
    let bytes = BUILT.get_or_init(|| {
        let built = tempfile::tempdir().unwrap();
        let path = built.path().join("scale.redb");
        registrar(&path)
            .args(["demo", "--no-tui", "--records", DEMO_RECORDS])
            .assert()
            .success();
        std::fs::read(&path).unwrap()
    });
    let path = dir.join("scale.redb");
    std::fs::write(&path, bytes).unwrap();
    path
}

fn open(path: &Path) -> Store {
    let now = chrono::DateTime::parse_from_rfc3339(NOW).unwrap().to_utc();
    Store::open(path, Arc::new(FixedClock::new(now))).unwrap()
}

fn difference(path: &Path) -> Option<String> {
    let store = open(path);
    let found = store.derived_state_difference_within(SMALL_MEMORY).unwrap();
    // The standard bound (the whole replay in memory at this size) finds the same.
    assert_eq!(store.derived_state_difference().unwrap(), found);
    found
}

/// Changes the registry with the redb API directly, as anyone holding the file could.
fn tamper(path: &Path, f: impl FnOnce(&redb::WriteTransaction)) {
    let db = redb::Database::open(path).unwrap();
    let txn = db.begin_write().unwrap();
    f(&txn);
    txn.commit().unwrap();
}

/// The id and record of the `n`-th share or receipt in id order.
fn nth_product(path: &Path, n: usize) -> (String, Record) {
    let db = redb::Database::open(path).unwrap();
    let txn = redb::ReadableDatabase::begin_read(&db).unwrap();
    let records = txn.open_table(RECORDS).unwrap();
    records
        .iter()
        .unwrap()
        .map(|e| {
            let (k, v) = e.unwrap();
            let id = k.value().to_string();
            let record = decode_record(&id, v.value()).unwrap();
            (id, record)
        })
        .filter(|(_, r)| matches!(r, Record::Share(_) | Record::Receipt(_)))
        .nth(n)
        .expect("enough shares and receipts")
}

fn expect_found(path: &Path, what: &str, names: &[&str]) {
    let found = difference(path).unwrap_or_else(|| panic!("{what}: verify found nothing"));
    for name in names {
        assert!(
            found.contains(name),
            "{what}: should name {name:?}: {found}"
        );
    }
}

/// The command says so too, with the way out, and the way out works.
fn expect_command_fails_and_rebuild_repairs(path: &Path) {
    let output = registrar(path).arg("verify").output().unwrap();
    assert!(!output.status.success(), "verify should fail");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("registrar rebuild"), "{stderr}");
    open(path).rebuild_derived().unwrap();
    assert_eq!(difference(path), None, "the rebuild repairs it");
}

#[test]
fn a_registry_larger_than_the_replay_in_memory_verifies_and_every_damage_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let clean = scale_store(dir.path());
    assert_eq!(difference(&clean), None);
    let output = registrar(&clean).arg("verify").output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let copy = |name: &str| {
        let path = dir.path().join(format!("{name}.redb"));
        std::fs::copy(&clean, &path).unwrap();
        path
    };

    // A record early in id order (read back from the replay's file) and one late in it.
    for n in [0, 1_100] {
        let path = copy(&format!("record-{n}"));
        let (id, record) = nth_product(&path, n);
        let forged = match record {
            Record::Share(mut s) => {
                s.draft.product.title.push_str(" (edited)");
                Record::Share(s)
            }
            Record::Receipt(mut r) => {
                r.capture.title.push_str(" (edited)");
                Record::Receipt(r)
            }
            _ => unreachable!(),
        };
        tamper(&path, |txn| {
            txn.open_table(RECORDS)
                .unwrap()
                .insert(id.as_str(), encode_record(&forged).as_slice())
                .unwrap();
        });
        expect_found(&path, "a changed record", &[&id, "differs"]);
        if n == 0 {
            expect_command_fails_and_rebuild_repairs(&path);
        }
    }

    // A record no event produced.
    let path = copy("extra-record");
    let (id, record) = nth_product(&path, 5);
    let extra = format!("{id}9");
    tamper(&path, |txn| {
        txn.open_table(RECORDS)
            .unwrap()
            .insert(extra.as_str(), encode_record(&record).as_slice())
            .unwrap();
    });
    expect_found(&path, "an added record", &[&extra]);

    // A closed record put in the urgent queue and the review queue.
    for (name, table) in [("urgent", IDX_URGENT), ("overdue", IDX_REVIEW)] {
        let path = copy(&format!("extra-{name}"));
        let (id, _) = nth_product(&path, 700);
        tamper(&path, |txn| {
            txn.open_table(table)
                .unwrap()
                .insert((1, id.as_str()), ())
                .unwrap();
        });
        expect_found(&path, "an added queue entry", &[name, &id, "should not"]);
    }

    // A product dropped from the browser, or moved to another entity's list.
    let path = copy("browse-lost");
    let (id, _) = nth_product(&path, 300);
    tamper(&path, |txn| {
        let mut browse = txn.open_table(IDX_BROWSE).unwrap();
        let key = browse
            .iter()
            .unwrap()
            .map(|e| {
                let (k, _) = e.unwrap();
                let (at, rid) = k.value();
                (at, rid.to_string())
            })
            .find(|(_, rid)| *rid == id)
            .expect("indexed");
        browse.remove((key.0, key.1.as_str())).unwrap();
    });
    expect_found(&path, "a lost browser entry", &["browser"]);
    let path = copy("entity-moved");
    tamper(&path, |txn| {
        let mut by_entity = txn.open_table(IDX_ENTITY).unwrap();
        let (entity, at, rid) = {
            let last = by_entity.last().unwrap().unwrap();
            let (e, at, rid) = last.0.value();
            (e.to_string(), at, rid.to_string())
        };
        by_entity
            .remove((entity.as_str(), at, rid.as_str()))
            .unwrap();
        by_entity
            .insert(("ENT-ELSEWHERE", at, rid.as_str()), ())
            .unwrap();
    });
    expect_found(&path, "a moved entity entry", &["browser"]);

    // An event dropped from a record's timeline, or one added to it.
    let path = copy("timeline-lost");
    tamper(&path, |txn| {
        let mut events = txn.open_table(RECORD_EVENTS).unwrap();
        let (rid, at) = {
            let first = events.first().unwrap().unwrap();
            let (rid, at) = first.0.value();
            (rid.to_string(), at)
        };
        events.remove((rid.as_str(), at)).unwrap();
    });
    expect_found(&path, "a lost timeline entry", &["events"]);
    let path = copy("timeline-extra");
    let (id, _) = nth_product(&path, 900);
    tamper(&path, |txn| {
        txn.open_table(RECORD_EVENTS)
            .unwrap()
            .insert((id.as_str(), 1), ())
            .unwrap();
    });
    expect_found(&path, "an added timeline entry", &["events"]);

    // The queue keys a record is filed under (what the next change moves it from) lost.
    let path = copy("keys-lost");
    let id = {
        let db = redb::Database::open(&path).unwrap();
        let txn = redb::ReadableDatabase::begin_read(&db).unwrap();
        let keys = txn.open_table(RECORD_KEYS).unwrap();
        let first = keys.first().unwrap().expect("the demo has queued records");
        first.0.value().to_string()
    };
    tamper(&path, |txn| {
        txn.open_table(RECORD_KEYS)
            .unwrap()
            .remove(id.as_str())
            .unwrap();
    });
    expect_found(&path, "lost queue keys", &[&id, "queue keys"]);
    expect_command_fails_and_rebuild_repairs(&path);
}
