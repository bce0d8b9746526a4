//! What goes onto the medium and back (issue 10, items 4, 5 and 9): export checks the chain of
//! what it sends and records nothing when it is damaged; "sent" follows the files, a stale
//! temporary file or the files of an export that was never recorded do not block the next
//! export, and a lost bundle is written again by number and accepted; import refuses a file
//! larger than the mission allows before reading it, and says so when a file's name misstates
//! what it holds; a missing output directory is named as missing.

use crate::bundle_common;

use bundle_common::*;
use redb::ReadableTable;
use registrar::bundle::BundleError;
use registrar::bundle::export::{check_dir, plan, resend, write};
use registrar::bundle::import::Outcome;
use registrar::bundle::names::signature_path;
use registrar::domain::change::Change;
use registrar::domain::ids::settings_id;
use registrar::domain::marking::Classification::*;
use registrar::domain::record::Record;
use registrar::domain::station::{BundleKind, station_record_id};
use registrar::store::Store;

fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    v.sort();
    v
}

fn last_sent(s: &Station, to: &str) -> Option<u64> {
    match s.store.record(&station_record_id(to)).unwrap() {
        Some(Record::Station(p)) => p.sent.map(|x| x.number),
        _ => None,
    }
}

#[test]
fn export_refuses_a_damaged_event_names_it_and_records_nothing() {
    let jmac = Station::new("MINUSCA-JMAC-1");
    let hq = Station::new("DPO-HQ");
    pair(&jmac, &hq, StrictlyConfidential, StrictlyConfidential);
    let faca = jmac.entity("FACA", Confidential);
    jmac.receipt(&faca, "Movements near Bria", Confidential);
    let Station {
        id,
        dir,
        store,
        clock,
        keys,
        admin,
    } = jmac;
    let path = dir.path().join("registry.redb");
    // The entity's registration, changed behind the registry's back: one byte of its name.
    let seq = {
        drop(store);
        let db = redb::Database::open(&path).unwrap();
        let w = db.begin_write().unwrap();
        let position;
        {
            let mut events = w.open_table(registrar::store::schema::EVENTS).unwrap();
            let found = events
                .iter()
                .unwrap()
                .map(|e| {
                    let (k, v) = e.unwrap();
                    (k.value(), v.value().to_vec())
                })
                .find(|(_, b)| contains(b, b"FACA"))
                .unwrap();
            position = registrar::store::EventEnvelope::decode(&found.1)
                .unwrap()
                .seq;
            let key = found.0;
            let mut bytes = found.1;
            let at = bytes.windows(4).position(|x| x == b"FACA").unwrap();
            bytes[at] = b'G';
            events.insert(key, bytes.as_slice()).unwrap();
        }
        w.commit().unwrap();
        position
    };
    let store = Store::open(&path, clock.clone()).unwrap();
    let jmac = Station {
        id,
        dir,
        store,
        clock,
        keys,
        admin,
    };
    let out = tempfile::tempdir().unwrap();
    let err = match plan(&jmac.store, "DPO-HQ", BundleKind::Changes, &mut |_, _| {}) {
        Err(e) => e.to_string(),
        Ok(p) => match write(&jmac.store, &jmac.admin, &jmac.keys, p, out.path()) {
            Err(e) => e.to_string(),
            Ok(w) => panic!("a damaged event was exported: {}", w.bundle.display()),
        },
    };
    assert!(
        err.contains(&format!("event MINUSCA-JMAC-1 #{seq} is damaged")),
        "{err}"
    );
    assert!(
        files_in(out.path()).is_empty(),
        "{:?}",
        files_in(out.path())
    );
    assert_eq!(last_sent(&jmac, "DPO-HQ"), None, "nothing recorded as sent");
}

#[test]
fn leftovers_of_an_interrupted_export_never_block_the_next_one() {
    let jmac = Station::new("MINUSCA-JMAC-1");
    let hq = Station::new("DPO-HQ");
    pair(&jmac, &hq, StrictlyConfidential, StrictlyConfidential);
    let faca = jmac.entity("FACA", Confidential);
    jmac.receipt(&faca, "Movements near Bria", Confidential);
    let out = tempfile::tempdir().unwrap();
    let p = plan(&jmac.store, "DPO-HQ", BundleKind::Changes, &mut |_, _| {}).unwrap();
    let name = p.file_name("MINUSCA-JMAC-1");
    // A stale temporary file, and files of bundle 1 written but never recorded (a crash
    // between renaming and recording), with a different marking in the name.
    std::fs::write(out.path().join(format!(".{name}.partial")), b"half").unwrap();
    let orphan = out
        .path()
        .join("MINUSCA-JMAC-1_to_DPO-HQ_changes-000001_UNCLASSIFIED.age");
    std::fs::write(&orphan, b"an unrecorded bundle 1").unwrap();
    std::fs::write(signature_path(&orphan), b"its signature").unwrap();
    let w = write(&jmac.store, &jmac.admin, &jmac.keys, p, out.path()).unwrap();
    assert_eq!(
        files_in(out.path()),
        vec![name.clone(), format!("{name}.sig")]
    );
    assert_eq!(last_sent(&jmac, "DPO-HQ"), Some(1));
    hq.later(30);
    assert!(matches!(
        hq.import(&w.bundle).unwrap(),
        Outcome::Applied { .. }
    ));
}

#[test]
fn a_lost_bundle_is_written_again_by_number_and_accepted_once() {
    let jmac = Station::new("MINUSCA-JMAC-1");
    let hq = Station::new("DPO-HQ");
    pair(&jmac, &hq, StrictlyConfidential, StrictlyConfidential);
    let faca = jmac.entity("FACA", Confidential);
    jmac.receipt(&faca, "Movements near Bria", Confidential);
    let out = tempfile::tempdir().unwrap();
    let first = jmac.export_to("DPO-HQ", out.path());
    jmac.later(10);
    jmac.receipt(&faca, "Second report", Confidential);
    let second = jmac.export_to("DPO-HQ", out.path());
    // Bundle 1 is lost on the way.
    std::fs::remove_file(&first.bundle).unwrap();
    std::fs::remove_file(&first.signature).unwrap();
    hq.later(60);
    assert!(matches!(
        hq.import(&second.bundle).unwrap(),
        Outcome::Held { missing: 1, .. }
    ));
    let again = tempfile::tempdir().unwrap();
    let w = resend(
        &jmac.store,
        &jmac.admin,
        &jmac.keys,
        "DPO-HQ",
        BundleKind::Changes,
        1,
        again.path(),
    )
    .unwrap();
    assert_eq!(w.name, first.name, "written under its own name");
    assert_eq!(w.hash, first.hash, "the same bundle");
    let Outcome::Applied { released, .. } = hq.import(&w.bundle).unwrap() else {
        panic!("the re-sent bundle is applied")
    };
    assert_eq!(released.len(), 1, "and the held bundle 2 follows it");
    // Sent twice: the second copy is recognised.
    let twice = tempfile::tempdir().unwrap();
    let w2 = resend(
        &jmac.store,
        &jmac.admin,
        &jmac.keys,
        "DPO-HQ",
        BundleKind::Changes,
        1,
        twice.path(),
    )
    .unwrap();
    assert!(matches!(
        hq.import(&w2.bundle).unwrap(),
        Outcome::AlreadyImported { number: 1, .. }
    ));
    // A number never written is named.
    let err = resend(
        &jmac.store,
        &jmac.admin,
        &jmac.keys,
        "DPO-HQ",
        BundleKind::Changes,
        9,
        twice.path(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("keeps no bundle 9"), "{err}");
    hq.assert_consistent();
}

#[test]
fn import_refuses_a_file_larger_than_the_setting_before_reading_it() {
    let jmac = Station::new("MINUSCA-JMAC-1");
    let hq = Station::new("DPO-HQ");
    pair(&jmac, &hq, StrictlyConfidential, StrictlyConfidential);
    let mut s = hq.store.settings().unwrap();
    s.max_bundle_megabytes = 1;
    hq.store
        .execute(
            "admin",
            Some(&settings_id()),
            Change::SettingsChanged { settings: s },
        )
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let big = dir
        .path()
        .join("MINUSCA-JMAC-1_to_DPO-HQ_changes-000001_CONFIDENTIAL.age");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(3 << 20).unwrap();
    // No signature beside it: the size alone refuses it.
    let err = hq.import(&big).unwrap_err();
    assert!(matches!(err, BundleError::Refused { .. }));
    let line = err.to_string();
    assert!(line.contains("3 MiB, larger than the 1 MiB"), "{line}");
}

#[test]
fn a_file_name_that_misstates_the_bundle_is_remarked_on() {
    let jmac = Station::new("MINUSCA-JMAC-1");
    let hq = Station::new("DPO-HQ");
    pair(&jmac, &hq, StrictlyConfidential, StrictlyConfidential);
    let faca = jmac.entity("FACA", Confidential);
    jmac.receipt(&faca, "Movements near Bria", Confidential);
    let out = tempfile::tempdir().unwrap();
    let w = jmac.export_to("DPO-HQ", out.path());
    // Renamed on the way as if it were unclassified and from another station.
    let renamed = out
        .path()
        .join("MINUSCA-JOC-1_to_DPO-HQ_changes-000001_UNCLASSIFIED.age");
    std::fs::rename(&w.bundle, &renamed).unwrap();
    std::fs::rename(&w.signature, signature_path(&renamed)).unwrap();
    hq.later(30);
    let outcome = hq.import(&renamed).unwrap();
    let Outcome::Noted { remark, outcome } = &outcome else {
        panic!("no remark: {outcome:?}")
    };
    assert!(matches!(**outcome, Outcome::Applied { .. }));
    assert!(
        remark.contains("bundle 1 from MINUSCA-JMAC-1 marked CONFIDENTIAL"),
        "{remark}"
    );
    // Its true name: no remark.
    let again = out.path().join(&w.name);
    std::fs::copy(&renamed, &again).unwrap();
    std::fs::copy(signature_path(&renamed), signature_path(&again)).unwrap();
    assert!(matches!(
        hq.import(&again).unwrap(),
        Outcome::AlreadyImported { .. }
    ));
}

#[test]
fn a_missing_output_directory_is_named_as_missing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("usb-stick");
    let err = check_dir(&missing).unwrap_err().to_string();
    assert!(
        err.contains("no such directory (is the medium mounted?)"),
        "{err}"
    );
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"x").unwrap();
    let err = check_dir(&file).unwrap_err().to_string();
    assert!(err.contains("is a file, not a directory"), "{err}");
}

/// A file that is not a regular file — a link (to a device that never ends, or even to a
/// genuine bundle), a pipe — is refused by name before anything is read: a special file says
/// nothing of its length and used to be read for ever (or as far as a bundle may be long),
/// and a link could point elsewhere between two readings. The genuine file imports.
#[test]
fn a_link_a_device_or_a_pipe_named_age_is_refused_by_name_before_anything_is_read() {
    let jmac = Station::new("MINUSCA-JMAC-1");
    let hq = Station::new("DPO-HQ");
    pair(&jmac, &hq, StrictlyConfidential, StrictlyConfidential);
    let faca = jmac.entity("FACA", Confidential);
    jmac.receipt(&faca, "Movements near Bria", Confidential);
    let out = tempfile::tempdir().unwrap();
    let w = jmac.export_to("DPO-HQ", out.path());
    let mut s = hq.store.settings().unwrap();
    s.max_bundle_megabytes = 1;
    hq.store
        .execute(
            "admin",
            Some(&settings_id()),
            Change::SettingsChanged { settings: s },
        )
        .unwrap();
    let endless = out.path().join("endless.age");
    std::os::unix::fs::symlink("/dev/zero", &endless).unwrap();
    let linked = out.path().join("linked.age");
    std::os::unix::fs::symlink(&w.bundle, &linked).unwrap();
    let pipe = out.path().join("pipe.age");
    let c_path = std::ffi::CString::new(pipe.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    for p in [&endless, &linked, &pipe] {
        std::fs::copy(&w.signature, signature_path(p)).unwrap();
    }
    let log_before = hq.store.log_len().unwrap();
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let said: Vec<_> = [endless, linked, pipe]
            .iter()
            .map(|p| hq.import(p).map(|_| ()).map_err(|e| e.to_string()))
            .collect();
        let _ = done.send((said, hq));
    });
    let (said, hq) = finished
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("every import of a special file ended");
    for (said, what) in said
        .iter()
        .zip(["a symbolic link", "a symbolic link", "a pipe"])
    {
        let line = said.as_ref().expect_err("a special file is refused");
        assert!(
            line.contains("refused") && line.contains(&format!("it is {what}, not a regular file")),
            "{line}"
        );
    }
    assert_eq!(hq.store.log_len().unwrap(), log_before);
    hq.import(&w.bundle).unwrap();
}

/// An event larger than any station imports as one item (16 MiB) is refused at export,
/// naming its record, with nothing left on the medium (review of format 2, finding 7): it was
/// written, sent, and refused by every recipient.
#[test]
fn export_refuses_an_event_larger_than_import_reads_naming_its_record() {
    let jmac = Station::new("MINUSCA-JMAC-1");
    let hq = Station::new("DPO-HQ");
    pair(&jmac, &hq, StrictlyConfidential, StrictlyConfidential);
    let huge = jmac
        .store
        .execute(
            "admin",
            None,
            Change::EntityRegistered {
                details: registrar::domain::entity::EntityDetails {
                    name: "FACA".into(),
                    kind: registrar::domain::entity::EntityKind::NonUnSecurityForce,
                    mandate: "x".repeat(17 << 20),
                    contacts: Vec::new(),
                    sub_components: Vec::new(),
                    handling_standards: None,
                    marking: registrar::domain::marking::Marking::un(Confidential),
                },
            },
        )
        .unwrap();
    let out = tempfile::tempdir().unwrap();
    let p = registrar::bundle::export::plan(
        &jmac.store,
        "DPO-HQ",
        registrar::domain::station::BundleKind::Changes,
        &mut |_, _| {},
    )
    .unwrap();
    let e = registrar::bundle::export::write(&jmac.store, &jmac.admin, &jmac.keys, p, out.path())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains(huge.as_str()) && e.contains("larger than the 16 MiB"),
        "{e}"
    );
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}
