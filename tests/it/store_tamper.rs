//! `registrar verify` catches a store changed behind its back: one byte of one stored event
//! (in the middle of the log, or the very last event, which no later event links to), or a
//! derived record or queue entry that no longer matches the log. The tampering goes through
//! the redb API directly, as anyone with the file and the redb crate could do; the file stays
//! a valid redb database, so only the registry's own checks can notice.

use crate::store_common;

use redb::{ReadableDatabase, ReadableTable};
use registrar::domain::ids::RecordId;
use registrar::domain::record::Record;
use registrar::store::codec::{decode_record, encode_record};
use registrar::store::schema::{EVENTS, IDX_URGENT, RECORDS};
use registrar::store::{EventEnvelope, FixedClock, Store, verify};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use store_common::{NOW, demo_store, registrar, stderr_of, stdout_of};

/// A copy of the demo registry for one kind of tampering.
fn copy_of(demo: &Path, name: &str) -> PathBuf {
    let path = demo.with_file_name(format!("{name}.redb"));
    std::fs::copy(demo, &path).unwrap();
    path
}

fn event_count(path: &Path) -> u64 {
    let db = redb::Database::open(path).unwrap();
    let txn = db.begin_read().unwrap();
    let events = txn.open_table(EVENTS).unwrap();
    events.last().unwrap().unwrap().0.value()
}

fn read_event(path: &Path, position: u64) -> Vec<u8> {
    let db = redb::Database::open(path).unwrap();
    let txn = db.begin_read().unwrap();
    let events = txn.open_table(EVENTS).unwrap();
    events.get(position).unwrap().unwrap().value().to_vec()
}

/// Rewrites the stored bytes of the event at `position` and commits.
fn tamper_event(path: &Path, position: u64, change: impl FnOnce(&mut Vec<u8>)) {
    let db = redb::Database::open(path).unwrap();
    let txn = db.begin_write().unwrap();
    {
        let mut events = txn.open_table(EVENTS).unwrap();
        let mut bytes = events.get(position).unwrap().unwrap().value().to_vec();
        let before = bytes.clone();
        change(&mut bytes);
        assert_ne!(bytes, before, "the tampering must change something");
        events.insert(position, bytes.as_slice()).unwrap();
    }
    txn.commit().unwrap();
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .position(|w| w == needle)
        .unwrap_or_else(|| panic!("{:?} not found", String::from_utf8_lossy(needle)))
}

/// `registrar verify` fails with exit code 1 and one line on stderr, which it returns.
fn verify_fails(path: &Path) -> String {
    let output = registrar(path).arg("verify").output().unwrap();
    let stderr = stderr_of(&output);
    assert_eq!(
        output.status.code(),
        Some(1),
        "verify should fail on a tampered store; stdout: {} stderr: {stderr}",
        stdout_of(&output)
    );
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

/// The message names event `position` (and not, say, event 1570 for 157).
fn names_event(message: &str, position: u64) -> bool {
    message.contains(&format!("event {position} ("))
        || message.contains(&format!("event {position}:"))
}

fn verify_passes(path: &Path) -> String {
    let output = registrar(path).arg("verify").output().unwrap();
    let stdout = stdout_of(&output);
    assert!(
        output.status.success(),
        "verify should pass; stdout: {stdout} stderr: {}",
        stderr_of(&output)
    );
    assert!(stdout.starts_with("ok"), "{stdout}");
    stdout
}

#[test]
fn verify_names_the_event_changed_behind_the_stores_back() {
    let dir = tempfile::tempdir().unwrap();
    let demo = demo_store(dir.path());
    let events = event_count(&demo);
    assert!(
        events > 100,
        "the demo log is long enough to have a middle: {events}"
    );
    let stdout = verify_passes(&demo);
    assert!(stdout.contains(&format!("{events} events")), "{stdout}");

    // One bit of one byte in the middle of an event in the middle of the log.
    let middle = events / 2;
    let path = copy_of(&demo, "middle");
    tamper_event(&path, middle, |b| {
        let i = b.len() / 2;
        b[i] ^= 0x01;
    });
    let message = verify_fails(&path);
    assert!(message.contains("event chain is broken"), "{message}");
    assert!(
        names_event(&message, middle),
        "should name event {middle}: {message}"
    );

    // A forged attribution: the actor of an event renamed, the event still well-formed.
    let forged = events / 3;
    let path = copy_of(&demo, "actor");
    let actor = EventEnvelope::decode(&read_event(&path, forged))
        .unwrap()
        .actor;
    tamper_event(&path, forged, |b| {
        let key = find(b, b"actor");
        let at = key + find(&b[key..], actor.as_bytes());
        b[at] = b[at].to_ascii_uppercase();
    });
    let forged_event = EventEnvelope::decode(&read_event(&path, forged)).unwrap();
    assert_ne!(
        forged_event.actor, actor,
        "the event still decodes, with another actor"
    );
    let message = verify_fails(&path);
    assert!(
        names_event(&message, forged),
        "should name event {forged}: {message}"
    );

    // The last event: no later event links to it, only the station head does.
    let path = copy_of(&demo, "last");
    let last = EventEnvelope::decode(&read_event(&path, events)).unwrap();
    tamper_event(&path, events, |b| {
        let at = find(b, &last.payload) + last.payload.len() / 2;
        b[at] ^= 0x20;
    });
    let message = verify_fails(&path);
    assert!(message.contains("event chain is broken"), "{message}");
    assert!(
        names_event(&message, events),
        "should name event {events}: {message}"
    );

    // The first event (the registry's initialisation), whose link is the zero hash.
    let path = copy_of(&demo, "first");
    tamper_event(&path, 1, |b| {
        let i = b.len() - 3;
        b[i] ^= 0x80;
    });
    let message = verify_fails(&path);
    assert!(names_event(&message, 1), "should name event 1: {message}");

    // The untouched store still verifies: the copies were independent.
    verify_passes(&demo);
}

/// Every single-bit change anywhere in an event is caught and pinned on that event, not on
/// a neighbour: checked in-process, each change in a write transaction that is then aborted.
#[test]
fn every_bit_flip_in_a_stored_event_is_pinned_on_that_event() {
    let dir = tempfile::tempdir().unwrap();
    let demo = demo_store(dir.path());
    let events = event_count(&demo);
    let db = redb::Database::open(&demo).unwrap();
    for position in [1, events / 2, events] {
        let len = db
            .begin_read()
            .unwrap()
            .open_table(EVENTS)
            .unwrap()
            .get(position)
            .unwrap()
            .unwrap()
            .value()
            .len();
        for offset in 0..len {
            let bit = 1u8 << (offset % 8);
            let txn = db.begin_write().unwrap();
            {
                let mut table = txn.open_table(EVENTS).unwrap();
                let mut bytes = table.get(position).unwrap().unwrap().value().to_vec();
                bytes[offset] ^= bit;
                table.insert(position, bytes.as_slice()).unwrap();
            }
            let broken = verify(&txn).unwrap().first_broken.unwrap_or_else(|| {
                panic!(
                    "flipping bit {bit:#04x} of byte {offset} of event {position} went unnoticed"
                )
            });
            assert_eq!(
                broken.position, position,
                "byte {offset} of event {position}: {broken}"
            );
            txn.abort().unwrap();
        }
    }
}

fn derived_state_fails(path: &Path) -> String {
    let message = verify_fails(path);
    assert!(
        message.contains("chain is intact but the derived state does not match the log"),
        "{message}"
    );
    message
}

/// Opens the registry, rebuilds its derived tables from the log and closes it again.
fn rebuild(path: &Path) {
    let now = chrono::DateTime::parse_from_rfc3339(NOW).unwrap().to_utc();
    let store = Store::open(path, Arc::new(FixedClock::new(now))).unwrap();
    store.rebuild_derived().unwrap();
    assert_eq!(store.derived_state_difference().unwrap(), None);
}

/// The id and record of the first share in the records table.
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

#[test]
fn verify_catches_derived_state_that_does_not_match_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let demo = demo_store(dir.path());

    // A record replaced by a different, well-formed record: the share "was" withdrawn.
    let path = copy_of(&demo, "record");
    let (id, record) = first_share(&path);
    let Record::Share(mut share) = record else {
        unreachable!()
    };
    assert_ne!(share.withdrawn_because.as_deref(), Some("tampered"));
    share.withdrawn_because = Some("tampered".into());
    let forged = encode_record(&Record::Share(share));
    {
        let db = redb::Database::open(&path).unwrap();
        let txn = db.begin_write().unwrap();
        txn.open_table(RECORDS)
            .unwrap()
            .insert(id.as_str(), forged.as_slice())
            .unwrap();
        txn.commit().unwrap();
    }
    let message = derived_state_fails(&path);
    assert!(message.contains(&id), "should name {id}: {message}");
    rebuild(&path);
    verify_passes(&path);

    // A record deleted.
    let path = copy_of(&demo, "deleted");
    let (id, _) = first_share(&path);
    {
        let db = redb::Database::open(&path).unwrap();
        let txn = db.begin_write().unwrap();
        assert!(
            txn.open_table(RECORDS)
                .unwrap()
                .remove(id.as_str())
                .unwrap()
                .is_some()
        );
        txn.commit().unwrap();
    }
    derived_state_fails(&path);
    rebuild(&path);
    verify_passes(&path);

    // An item dropped from the urgent queue's index: the records are intact, the queue lies.
    let path = copy_of(&demo, "index");
    let dropped: (i64, String) = {
        let db = redb::Database::open(&path).unwrap();
        let txn = db.begin_write().unwrap();
        let dropped = {
            let mut urgent = txn.open_table(IDX_URGENT).unwrap();
            let (key, id) = {
                let first = urgent.first().unwrap().expect("the demo has urgent items");
                let (key, id) = first.0.value();
                (key, id.to_string())
            };
            urgent.remove((key, id.as_str())).unwrap();
            (key, id)
        };
        txn.commit().unwrap();
        dropped
    };
    let message = derived_state_fails(&path);
    assert!(message.contains("urgent queue"), "{message}");
    assert!(
        message.contains(&dropped.1),
        "should name {}: {message}",
        dropped.1
    );
    let urgent_after_tamper = registrar(&path)
        .args(["queue", "urgent", "--json"])
        .output()
        .unwrap();
    assert!(
        !stdout_of(&urgent_after_tamper).contains(&dropped.1),
        "the tampered index hides {} from the queue",
        dropped.1
    );
    rebuild(&path);
    verify_passes(&path);
    let urgent_rebuilt = registrar(&path)
        .args(["queue", "urgent", "--json"])
        .output()
        .unwrap();
    assert!(stdout_of(&urgent_rebuilt).contains(&dropped.1));

    // None of this touched the demo itself.
    verify_passes(&demo);
    let now = chrono::DateTime::parse_from_rfc3339(NOW).unwrap().to_utc();
    let store = Store::open(&demo, Arc::new(FixedClock::new(now))).unwrap();
    assert!(
        store
            .record(&RecordId::from(dropped.1.as_str()))
            .unwrap()
            .is_some()
    );
}
