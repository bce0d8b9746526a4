//! An import reads the medium once for what it applies (security review of format 2,
//! findings 1, 2 and 5): the reading that is decrypted and checked must be the bytes whose
//! signature was checked, and what is applied, held or quarantined is the copy of what that
//! reading checked — never the medium read again. A stick that serves other bytes later
//! changes nothing; one that is slow or never answers again does not hold the registry's
//! write lock.

use crate::bundle_common;

use bundle_common::*;
use registrar::bundle::format::hex;
use registrar::bundle::import::{KeyRing, Outcome, import_file_watched};
use registrar::bundle::seal::manifest_of;
use registrar::bundle::watch::{Stage, Watch};
use registrar::domain::marking::Classification::*;
use registrar::store::Store;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

const JMAC: &str = "MINUSCA-JMAC-1";

/// Does `act` once `stage` has read the whole file (the watch sees every byte read from the
/// medium, in the stage that reads it).
struct After<F: FnMut()> {
    stage: Stage,
    act: F,
    done: bool,
}

impl<F: FnMut()> Watch for After<F> {
    fn progress(&mut self, stage: Stage, done: u64, total: u64) {
        if stage == self.stage && total > 0 && done == total && !self.done {
            self.done = true;
            (self.act)();
        }
    }
    fn stop_asked(&self) -> bool {
        false
    }
}

fn import_with(hq: &Station, file: &Path, watch: &mut dyn Watch) -> Result<Outcome, String> {
    import_file_watched(
        &hq.store,
        &hq.admin,
        file,
        &mut KeyRing::unlocked(&hq.keys),
        watch,
    )
    .map_err(|e| e.to_string())
}

/// Rewrites `file` in place (the same file, other bytes: what a hostile device serves).
fn rewrite(file: &Path, with: &[u8]) {
    std::fs::write(file, with).unwrap();
}

struct Two {
    _jmac: Station,
    hq: Station,
    /// Where the bundles are.
    _out: tempfile::TempDir,
    /// Three bundles of JMAC for HQ, each with one new receipt.
    bundles: Vec<(
        registrar::bundle::export::Written,
        registrar::domain::ids::RecordId,
    )>,
}

fn two() -> Two {
    let jmac = Station::new(JMAC);
    let hq = Station::new("DPO-HQ");
    pair(&jmac, &hq, StrictlyConfidential, StrictlyConfidential);
    let faca = jmac.entity("FACA", Confidential);
    let out = tempfile::tempdir().unwrap();
    let mut bundles = Vec::new();
    for title in [
        "Movements near Bria",
        "Checkpoint at Sibut",
        "Convoy at Kaga",
    ] {
        jmac.later(5);
        let r = jmac.receipt(&faca, title, Confidential);
        bundles.push((jmac.export_to("DPO-HQ", out.path()), r));
    }
    Two {
        _jmac: jmac,
        hq,
        _out: out,
        bundles,
    }
}

#[test]
fn a_file_that_changes_after_it_was_checked_is_applied_as_it_was_checked() {
    let w = two();
    let (w1, first) = &w.bundles[0];
    let (w2, second) = &w.bundles[1];
    let later = bytes_of(&w2.bundle);
    let mut swap = After {
        stage: Stage::Decrypting,
        act: || rewrite(&w1.bundle, &later),
        done: false,
    };
    let outcome = import_with(&w.hq, &w1.bundle, &mut swap).unwrap();
    assert!(swap.done);
    let Outcome::Applied { applied, .. } = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!((applied.number, applied.events), (1, 2));
    assert!(w.hq.store.record(first).unwrap().is_some());
    assert!(w.hq.store.record(second).unwrap().is_none());
    w.hq.assert_consistent();
}

#[test]
fn a_file_that_changes_after_its_signature_was_checked_is_refused() {
    let w = two();
    let (w1, _) = &w.bundles[0];
    let (w2, _) = &w.bundles[1];
    let later = bytes_of(&w2.bundle);
    let log_before = w.hq.store.log_len().unwrap();
    // The signature checked is over bundle 1's file; the file then read is bundle 2's (a
    // genuine bundle of the same sender, encrypted to this station).
    let mut swap = After {
        stage: Stage::CheckingSignature,
        act: || rewrite(&w1.bundle, &later),
        done: false,
    };
    let e = import_with(&w.hq, &w1.bundle, &mut swap).unwrap_err();
    assert!(swap.done);
    assert!(
        e.contains("refused") && e.contains("the file changed while it was imported"),
        "{e}"
    );
    assert_eq!(w.hq.store.log_len().unwrap(), log_before);
    assert!(w.hq.store.held_bundles(JMAC).unwrap().is_empty());
    assert_eq!(beside_the_registry(&w.hq), ["registry.redb"]);
}

/// The files beside a station's registry.
fn beside_the_registry(station: &Station) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(station.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The checked copy has no name while an import runs, so nothing is left whichever way it
/// ends; one a process killed in the instant before its name went is removed by the next
/// open of the registry.
#[test]
fn the_checked_copy_leaves_nothing_beside_the_registry() {
    let w = two();
    let (w1, _) = &w.bundles[0];
    let mut look = After {
        stage: Stage::Applying,
        act: || {
            assert_eq!(beside_the_registry(&w.hq), ["registry.redb"]);
        },
        done: false,
    };
    import_with(&w.hq, &w1.bundle, &mut look).unwrap();
    assert!(look.done);
    assert_eq!(beside_the_registry(&w.hq), ["registry.redb"]);
    let leftover =
        w.hq.dir
            .path()
            .join(".registry.redb.scratch-4000000000-Xy12Ab");
    std::fs::write(&leftover, b"age-encryption.org/v1").unwrap();
    Store::open(&w.hq.path(), w.hq.clock.clone()).unwrap();
    assert_eq!(beside_the_registry(&w.hq), ["registry.redb"]);
}

/// The manifest hash of a bundle kept in the registry.
fn kept_hash(content: &[u8]) -> String {
    hex(&manifest_of(content).unwrap().1)
}

#[test]
fn a_held_bundle_is_the_one_checked_not_what_the_medium_serves_later() {
    let w = two();
    let (w1, _) = &w.bundles[0];
    let (w2, second) = &w.bundles[1];
    let (w3, third) = &w.bundles[2];
    let other = bytes_of(&w3.bundle);
    let mut swap = After {
        stage: Stage::Decrypting,
        act: || rewrite(&w2.bundle, &other),
        done: false,
    };
    let outcome = import_with(&w.hq, &w2.bundle, &mut swap).unwrap();
    assert!(swap.done);
    assert!(
        matches!(outcome, Outcome::Held { number: 2, .. }),
        "{outcome:?}"
    );
    let held = w.hq.store.held_bundles(JMAC).unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!(kept_hash(&held[0].1), w2.hash, "bundle 2 as it was checked");
    // Bundle 1 arrives: bundle 2 follows it, as it was checked.
    let outcome = w.hq.import(&w1.bundle).unwrap();
    let Outcome::Applied { released, .. } = &outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(released.len(), 1, "{outcome:?}");
    assert!(w.hq.store.record(second).unwrap().is_some());
    assert!(w.hq.store.record(third).unwrap().is_none());
    w.hq.assert_consistent();
}

#[test]
fn a_quarantined_bundle_is_the_one_checked_not_what_the_medium_serves_later() {
    let jmac = Station::new(JMAC);
    let hq = Station::new("DPO-HQ");
    pair(&jmac, &hq, StrictlyConfidential, StrictlyConfidential);
    let out = tempfile::tempdir().unwrap();
    let old_copy = out.path().join("jmac-old.redb");
    std::fs::copy(jmac.path(), &old_copy).unwrap();
    jmac.later(5);
    jmac.entity("Before the restore", Confidential);
    let first = jmac.export_to("DPO-HQ", out.path());
    hq.import(&first.bundle).unwrap();
    // JMAC restored from the old copy makes another bundle 1: a fork.
    let jmac = restored(jmac, &old_copy);
    jmac.later(30);
    jmac.entity("After the restore", Confidential);
    let elsewhere = out.path().join("restored");
    std::fs::create_dir(&elsewhere).unwrap();
    let fork = jmac.export_to("DPO-HQ", &elsewhere);
    let genuine = bytes_of(&first.bundle);
    hq.later(60);
    let mut swap = After {
        stage: Stage::Decrypting,
        act: || rewrite(&fork.bundle, &genuine),
        done: false,
    };
    let outcome = import_with(&hq, &fork.bundle, &mut swap).unwrap();
    assert!(swap.done);
    assert!(
        matches!(outcome, Outcome::Quarantined { number: 1, .. }),
        "{outcome:?}"
    );
    let kept = hq.store.quarantined().unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(
        kept_hash(&kept[0].content),
        fork.hash,
        "the fork as checked"
    );
}

/// A medium that stops answering after the first pass (here: the bundle's name given to a
/// pipe nobody writes to, which a reading would wait on for ever) does not hold the registry:
/// another process writes meanwhile, and the import finishes from its checked copy. Before,
/// the import read the medium again inside its write transaction, and every other writer was
/// told the registry was busy.
#[test]
fn another_process_writes_while_the_medium_no_longer_answers() {
    let w = two();
    let Two {
        hq, bundles, _out, ..
    } = w;
    let (w1, first) = bundles[0].clone();
    let registry = hq.path();
    let (stalled, medium_stalls) = std::sync::mpsc::channel();
    let bundle = w1.bundle.clone();
    let named = w1.bundle.clone();
    let importing = std::thread::spawn(move || {
        let mut stall = After {
            stage: Stage::Decrypting,
            act: || {
                std::fs::remove_file(&bundle).unwrap();
                let c = std::ffi::CString::new(bundle.to_str().unwrap()).unwrap();
                assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
                stalled.send(()).unwrap();
            },
            done: false,
        };
        let outcome = import_with(&hq, &named, &mut stall);
        (outcome, hq)
    });
    medium_stalls
        .recv_timeout(Duration::from_secs(60))
        .expect("the first pass read the medium");
    let mut other =
        Store::open(&registry, Arc::new(registrar::store::FixedClock::new(t0()))).unwrap();
    other.set_write_wait(Duration::from_secs(3));
    let wrote = other.execute(
        "admin",
        None,
        registrar::domain::change::Change::EntityRegistered {
            details: registrar::domain::entity::EntityDetails {
                name: "Written meanwhile".into(),
                kind: registrar::domain::entity::EntityKind::NonUnSecurityForce,
                mandate: "national defence".into(),
                contacts: Vec::new(),
                sub_components: Vec::new(),
                handling_standards: None,
                marking: registrar::domain::marking::Marking::un(Unclassified),
            },
        },
    );
    // Whatever waits on the pipe is let go (it reads an empty end), so the test ends.
    let c = std::ffi::CString::new(w1.bundle.to_str().unwrap()).unwrap();
    let fd = unsafe { libc::open(c.as_ptr(), libc::O_WRONLY | libc::O_NONBLOCK) };
    if fd >= 0 {
        unsafe { libc::close(fd) };
    }
    let (outcome, hq) = importing.join().unwrap();
    let written = wrote.expect("another process writes while the medium does not answer");
    assert!(
        matches!(outcome, Ok(Outcome::Applied { .. })),
        "{outcome:?}"
    );
    assert!(hq.store.record(&first).unwrap().is_some());
    assert!(hq.store.record(&written).unwrap().is_some());
    hq.assert_consistent();
}

/// A bundle of more than 1 024 items, and of items whose bytes end a block before 1 024 of
/// them (8 MiB), is applied block by block, each found to be what was checked (review of
/// format 2, findings 4 and 13: no test had more than one block).
#[test]
fn a_bundle_of_many_blocks_by_count_and_by_bytes_is_applied_whole() {
    use registrar::domain::change::Change;
    use registrar::domain::entity::{EntityDetails, EntityKind};
    use registrar::domain::marking::Marking;
    use registrar::store::Command;
    let jmac = Station::new(JMAC);
    let hq = Station::new("DPO-HQ");
    pair(&jmac, &hq, StrictlyConfidential, StrictlyConfidential);
    let entity = |name: String, mandate: String| Command {
        actor: "admin".into(),
        target: None,
        change: Change::EntityRegistered {
            details: EntityDetails {
                name,
                kind: EntityKind::NonUnSecurityForce,
                mandate,
                contacts: Vec::new(),
                sub_components: Vec::new(),
                handling_standards: None,
                marking: Marking::un(Unclassified),
            },
        },
    };
    // Three of 3 MiB (a block ends by bytes after them), then 2 100 small ones (blocks by
    // count).
    let mut commands: Vec<Command> = (0..3)
        .map(|n| entity(format!("Large {n}"), "m".repeat(3 << 20)))
        .collect();
    commands.extend((0..2100).map(|n| entity(format!("Unit {n}"), "national defence".into())));
    let ids = jmac.store.execute_all(commands).unwrap();
    let out = tempfile::tempdir().unwrap();
    let w = jmac.export_to("DPO-HQ", out.path());
    let outcome = hq.import(&w.bundle).unwrap();
    let Outcome::Applied { applied, .. } = &outcome else {
        panic!("{outcome:?}")
    };
    assert!(applied.events >= 2103, "{applied:?}");
    for id in [&ids[0], &ids[2], &ids[1500], ids.last().unwrap()] {
        assert!(hq.store.record(id).unwrap().is_some(), "{id}");
    }
    hq.assert_consistent();
}
