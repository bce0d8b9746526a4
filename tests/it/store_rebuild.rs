//! `registrar rebuild` (issue 10): a derived record damaged behind the registry's back makes
//! `verify` fail; `rebuild` derives every record and queue again from the verified log in a
//! new file swapped in, after which `verify` passes and the records equal a replay. A broken
//! log is refused, named, and the file left as it was; only an administrator rebuilds.

use crate::store_common;

use redb::{ReadableDatabase, ReadableTable};
use registrar::domain::record::Record;
use registrar::store::codec::{decode_record, encode_record};
use registrar::store::schema::{EVENTS, RECORDS};
use registrar::store::{FixedClock, Store};
use std::path::Path;
use std::sync::Arc;
use store_common::{NOW, demo_store, registrar, registrar_as, stderr_of, stdout_of};

fn admin(path: &Path) -> assert_cmd::Command {
    registrar_as(path, "admin", "demo-admin", NOW)
}

/// The first share in the records table, with its id.
fn first_share(path: &Path) -> (String, Record) {
    let db = redb::Database::open(path).unwrap();
    let txn = db.begin_read().unwrap();
    let records = txn.open_table(RECORDS).unwrap();
    for entry in records.iter().unwrap() {
        let (id, bytes) = entry.unwrap();
        let id = id.value().to_string();
        let record = decode_record(&id, bytes.value()).unwrap();
        if matches!(record, Record::Share(_)) {
            return (id, record);
        }
    }
    panic!("the demo has no share");
}

fn record_of(path: &Path, id: &str) -> Record {
    let db = redb::Database::open(path).unwrap();
    let txn = db.begin_read().unwrap();
    let records = txn.open_table(RECORDS).unwrap();
    let bytes = records.get(id).unwrap().unwrap();
    decode_record(id, bytes.value()).unwrap()
}

/// Replaces one record with a well-formed but false one, through redb directly.
fn forge_share(path: &Path) -> (String, Record) {
    let (id, record) = first_share(path);
    let Record::Share(mut share) = record.clone() else {
        unreachable!()
    };
    share.withdrawn_because = Some("tampered".into());
    let forged = encode_record(&Record::Share(share));
    let db = redb::Database::open(path).unwrap();
    let txn = db.begin_write().unwrap();
    txn.open_table(RECORDS)
        .unwrap()
        .insert(id.as_str(), forged.as_slice())
        .unwrap();
    txn.commit().unwrap();
    (id, record)
}

/// The log and the records, as stored (a login writes to the file's authentication log, so
/// the file's bytes are not the measure of "nothing changed").
type Stored = (Vec<(u64, Vec<u8>)>, Vec<(String, Vec<u8>)>);

fn log_and_records(path: &Path) -> Stored {
    let db = redb::Database::open(path).unwrap();
    let txn = db.begin_read().unwrap();
    let events = txn.open_table(EVENTS).unwrap();
    let log = events
        .iter()
        .unwrap()
        .map(|e| {
            let (k, v) = e.unwrap();
            (k.value(), v.value().to_vec())
        })
        .collect();
    let records = txn.open_table(RECORDS).unwrap();
    let records = records
        .iter()
        .unwrap()
        .map(|e| {
            let (k, v) = e.unwrap();
            (k.value().to_string(), v.value().to_vec())
        })
        .collect();
    (log, records)
}

/// The names in the registry's directory other than the registry and passphrase files.
fn leftovers(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "demo.redb" && !n.ends_with(".passphrase"))
        .collect();
    names.sort();
    names
}

#[test]
fn rebuild_derives_damaged_records_again_from_the_verified_log() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_store(dir.path());
    let (id, genuine) = forge_share(&path);

    let failed = registrar(&path).arg("verify").output().unwrap();
    assert_eq!(failed.status.code(), Some(1));
    let message = stderr_of(&failed);
    assert!(message.contains(&id), "{message}");
    assert!(message.contains("registrar rebuild"), "{message}");

    // Only an administrator rebuilds (the IM FP is refused, exit 4, nothing changed).
    let before = log_and_records(&path);
    let refused = registrar(&path).arg("rebuild").output().unwrap();
    assert_eq!(refused.status.code(), Some(4), "{}", stderr_of(&refused));
    assert!(
        log_and_records(&path) == before,
        "a refused rebuild changed the registry"
    );

    let output = admin(&path).arg("rebuild").output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let said = stdout_of(&output);
    assert!(said.starts_with("rebuilt:"), "{said}");
    assert!(said.contains(&id), "names what was wrong: {said}");

    let ok = registrar(&path).arg("verify").output().unwrap();
    assert!(ok.status.success(), "{}", stderr_of(&ok));
    assert_eq!(record_of(&path, &id), genuine);
    let now = chrono::DateTime::parse_from_rfc3339(NOW).unwrap().to_utc();
    let store = Store::open(&path, Arc::new(FixedClock::new(now))).unwrap();
    assert_eq!(store.derived_state_difference().unwrap(), None);
    drop(store);
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );

    // On a registry that already matches its log, rebuild says so and changes no record.
    let again = admin(&path).arg("rebuild").output().unwrap();
    assert!(again.status.success(), "{}", stderr_of(&again));
    assert!(stdout_of(&again).contains("already matched"));
}

#[test]
fn rebuild_refuses_a_broken_log_and_names_the_event() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_store(dir.path());
    // One byte of event 5's stored bytes changed: the log itself is broken.
    {
        let db = redb::Database::open(&path).unwrap();
        let txn = db.begin_write().unwrap();
        {
            let mut events = txn.open_table(EVENTS).unwrap();
            let mut bytes = events.get(5).unwrap().unwrap().value().to_vec();
            let last = bytes.len() - 1;
            bytes[last] ^= 0x01;
            events.insert(5, bytes.as_slice()).unwrap();
        }
        txn.commit().unwrap();
    }
    let before = log_and_records(&path);
    let output = admin(&path).arg("rebuild").output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stdout_of(&output));
    let message = stderr_of(&output);
    assert!(message.contains("nothing was rebuilt"), "{message}");
    assert!(
        message.contains("event 5 (") || message.contains("event 5:"),
        "names the broken event: {message}"
    );
    assert!(message.contains("backup"), "says what to do: {message}");
    assert!(
        log_and_records(&path) == before,
        "a refused rebuild changed the registry"
    );
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
}
