//! A write on a damaged registry is refused before anything is appended (issue 10, item 3):
//! a changed byte in the last event (which the next event would link to), in the mission
//! settings, or in a record the change reads. The damage goes through the redb API, as in
//! `store_tamper`, so the file stays a valid redb database.

use crate::store_common;

use redb::{ReadableDatabase, ReadableTable};
use registrar::store::schema::{EVENTS, RECORDS};
use std::path::Path;
use store_common::{NOW, demo_store, registrar_as, stderr_of};

fn event_count(path: &Path) -> u64 {
    let db = redb::Database::open(path).unwrap();
    let txn = db.begin_read().unwrap();
    let events = txn.open_table(EVENTS).unwrap();
    events.last().unwrap().unwrap().0.value()
}

/// Flips one bit in the middle of the stored event at `position`.
fn flip_event(path: &Path, position: u64) {
    let db = redb::Database::open(path).unwrap();
    let txn = db.begin_write().unwrap();
    {
        let mut events = txn.open_table(EVENTS).unwrap();
        let mut bytes = events.get(position).unwrap().unwrap().value().to_vec();
        let i = bytes.len() * 2 / 3;
        bytes[i] ^= 0x04;
        events.insert(position, bytes.as_slice()).unwrap();
    }
    txn.commit().unwrap();
}

/// Changes one byte of text inside the stored record `id`: `from` becomes `to` (same length),
/// so the record still decodes as a well-formed, different record.
fn change_record_text(path: &Path, id: &str, from: &[u8], to: &[u8]) {
    assert_eq!(from.len(), to.len());
    let db = redb::Database::open(path).unwrap();
    let txn = db.begin_write().unwrap();
    {
        let mut records = txn.open_table(RECORDS).unwrap();
        let mut bytes = records.get(id).unwrap().unwrap().value().to_vec();
        let at = bytes
            .windows(from.len())
            .position(|w| w == from)
            .unwrap_or_else(|| panic!("{id} does not hold {:?}", String::from_utf8_lossy(from)));
        bytes[at..at + to.len()].copy_from_slice(to);
        records.insert(id, bytes.as_slice()).unwrap();
    }
    txn.commit().unwrap();
}

/// Runs a write as the demo's administrator and checks it was refused with the plain line,
/// exit 1, and that the log did not grow.
fn write_is_refused(path: &Path, args: &[&str], names: &str) {
    let before = event_count(path);
    let output = registrar_as(path, "admin", "demo-admin", NOW)
        .args(args)
        .output()
        .unwrap();
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
    assert!(stderr.contains("the registry is damaged"), "{stderr}");
    assert!(stderr.contains("registrar verify"), "{stderr}");
    assert!(stderr.contains(names), "should name {names}: {stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert_eq!(
        event_count(path),
        before,
        "{args:?} appended on a damaged store"
    );
}

fn write_succeeds(path: &Path, args: &[&str]) {
    let before = event_count(path);
    let output = registrar_as(path, "admin", "demo-admin", NOW)
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert_eq!(event_count(path), before + 1);
}

#[test]
fn a_damaged_last_event_refuses_the_next_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_store(dir.path());
    let last = event_count(&path);
    flip_event(&path, last);
    write_is_refused(
        &path,
        &["settings", "red-flag-add", "a flag"],
        &format!("event {last} "),
    );
}

#[test]
fn a_damaged_settings_record_is_not_copied_into_a_new_event() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_store(dir.path());
    // The settings still decode, with a different mission name: without the seal, changing
    // any setting would copy the damaged name into the new event, and verify would agree.
    let settings = registrar::domain::ids::settings_id();
    change_record_text(&path, settings.as_str(), b"MINUSCA", b"MINUSCO");
    write_is_refused(
        &path,
        &["settings", "set", "--review-days", "200"],
        settings.as_str(),
    );
    write_is_refused(
        &path,
        &["settings", "red-flag-add", "a flag"],
        settings.as_str(),
    );
}

#[test]
fn a_damaged_record_the_change_reads_refuses_the_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_store(dir.path());
    let analyst = registrar::domain::user::user_id("analyst");
    change_record_text(&path, analyst.as_str(), b"analyst", b"analyse");
    write_is_refused(&path, &["user", "disable", "analyst"], analyst.as_str());
    // A write that reads every user (the guard counts administrators) is refused too.
    write_is_refused(
        &path,
        &["user", "roles", "hro", "--role", "hro"],
        analyst.as_str(),
    );
    // Other records are intact: a write that does not read the damaged one goes ahead.
    write_succeeds(&path, &["settings", "red-flag-add", "a flag"]);
}

#[test]
fn an_intact_demo_still_takes_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_store(dir.path());
    write_succeeds(&path, &["settings", "red-flag-add", "a flag"]);
    write_succeeds(&path, &["settings", "set", "--review-days", "200"]);
}

/// A file whose storage pages are damaged (redb's commit slots overwritten): `verify`
/// and any other command say the file is damaged and what to do, not the storage library's
/// own words (issue 10, item 9).
#[test]
fn a_damaged_file_is_named_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_store(dir.path());
    let mut bytes = std::fs::read(&path).unwrap();
    // Both of redb's commit slots (which one is current changes with every commit).
    for b in &mut bytes[64..1024] {
        *b ^= 0xff;
    }
    std::fs::write(&path, bytes).unwrap();
    for args in [&["verify"][..], &["queue", "urgent"]] {
        let output = registrar_as(&path, "imfp", "demo-imfp", NOW)
            .args(args)
            .output()
            .unwrap();
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains("is damaged"), "{stderr}");
        assert!(
            stderr.contains("Restore it from the last backup"),
            "{stderr}"
        );
        assert!(!stderr.contains("storage error"), "{stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    }
}
