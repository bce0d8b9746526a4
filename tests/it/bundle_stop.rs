//! Stopping a long bundle step, as the console's Esc does: an export stopped before its files
//! go on the medium leaves no file and no record of an export; an import stopped after every
//! event went into its write transaction, but before the commit, adds nothing. Either can be
//! done again afterwards as if never begun. The watch is told each stage with its counts.

use crate::bundle_common;

use bundle_common::*;
use registrar::bundle::BundleError;
use registrar::bundle::export::{plan_watched, write_watched};
use registrar::bundle::import::{KeyRing, Outcome, import_file_watched};
use registrar::bundle::status::station_status;
use registrar::bundle::watch::{Stage, Watch};
use registrar::domain::marking::Classification::*;
use registrar::domain::station::BundleKind;

/// Asks to stop once `stage` is reported — at its end (`done == total`) if `at_end`.
struct StopAt {
    stage: Stage,
    at_end: bool,
    seen: Vec<(Stage, u64, u64)>,
    stop: bool,
}

impl StopAt {
    fn new(stage: Stage, at_end: bool) -> Self {
        StopAt {
            stage,
            at_end,
            seen: Vec::new(),
            stop: false,
        }
    }
}

impl Watch for StopAt {
    fn progress(&mut self, stage: Stage, done: u64, total: u64) {
        self.seen.push((stage, done, total));
        if stage == self.stage && (!self.at_end || done == total) {
            self.stop = true;
        }
    }
    fn stop_asked(&self) -> bool {
        self.stop
    }
}

fn files_in(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn an_export_stopped_while_sealing_leaves_no_file_and_no_record() {
    let jmac = Station::new("MINUSCA-JMAC-1");
    let hq = Station::new("DPO-HQ");
    pair(&jmac, &hq, StrictlyConfidential, StrictlyConfidential);
    let faca = jmac.entity("FACA", Confidential);
    jmac.receipt(&faca, "Movements near Bria", Confidential);
    let out = tempfile::tempdir().unwrap();
    let log_before = jmac.store.log_len().unwrap();

    let mut watch = StopAt::new(Stage::Sealing, false);
    let p = plan_watched(&jmac.store, "DPO-HQ", BundleKind::Changes, &mut watch).unwrap();
    let events = p.selection.items.len() as u64;
    let e = write_watched(
        &jmac.store,
        &jmac.admin,
        &jmac.keys,
        p,
        out.path(),
        &mut watch,
    )
    .unwrap_err();
    assert!(matches!(e, BundleError::Stopped), "{e}");
    assert_eq!(e.to_string(), "stopped as asked: nothing was written");
    assert!(watch.seen.contains(&(Stage::ReadingLog, events, events)));
    assert!(watch.seen.contains(&(Stage::Packing, events, events)));
    assert!(
        files_in(out.path()).is_empty(),
        "{:?}",
        files_in(out.path())
    );
    assert_eq!(jmac.store.log_len().unwrap(), log_before);
    let hq_status = station_status(&jmac.store).unwrap();
    let hq_row = hq_status.iter().find(|s| s.station == "DPO-HQ").unwrap();
    assert!(hq_row.last_sent.is_none(), "{:?}", hq_row.last_sent);

    // Done again, it is bundle 1, as if never begun.
    let w = jmac.export_to("DPO-HQ", out.path());
    assert_eq!(w.number, 1);
    jmac.assert_consistent();
}

#[test]
fn an_import_stopped_before_its_commit_adds_nothing() {
    let jmac = Station::new("MINUSCA-JMAC-1");
    let hq = Station::new("DPO-HQ");
    pair(&jmac, &hq, StrictlyConfidential, StrictlyConfidential);
    let faca = jmac.entity("FACA", Confidential);
    let r = jmac.receipt(&faca, "Movements near Bria", Confidential);
    let out = tempfile::tempdir().unwrap();
    let w = jmac.export_to("DPO-HQ", out.path());
    let log_before = hq.store.log_len().unwrap();

    // Every event is in the write transaction when the stop comes.
    let mut watch = StopAt::new(Stage::Applying, true);
    let e = import_file_watched(
        &hq.store,
        &hq.admin,
        &w.bundle,
        &mut KeyRing::unlocked(&hq.keys),
        &mut watch,
    )
    .unwrap_err();
    assert!(matches!(e, BundleError::Stopped), "{e}");
    let size = std::fs::metadata(&w.bundle).unwrap().len();
    assert!(
        watch.seen.contains(&(Stage::CheckingSignature, size, size)),
        "{:?}",
        watch.seen
    );
    assert!(watch.seen.iter().any(|s| s.0 == Stage::Decrypting));
    let applying: Vec<_> = watch
        .seen
        .iter()
        .filter(|s| s.0 == Stage::Applying)
        .collect();
    assert!(
        applying.len() >= 2 && applying.iter().all(|s| s.2 >= 2),
        "{applying:?}"
    );
    assert_eq!(hq.store.log_len().unwrap(), log_before);
    assert!(hq.store.record(&r).unwrap().is_none());
    hq.assert_consistent();

    // Imported again, it applies whole.
    let outcome = hq.import(&w.bundle).unwrap();
    assert!(matches!(outcome, Outcome::Applied { .. }), "{outcome:?}");
    assert!(hq.store.record(&r).unwrap().is_some());
    hq.assert_consistent();
}

#[test]
fn an_import_stopped_while_its_signature_is_read_reads_no_further() {
    let jmac = Station::new("MINUSCA-JMAC-1");
    let hq = Station::new("DPO-HQ");
    pair(&jmac, &hq, StrictlyConfidential, StrictlyConfidential);
    let faca = jmac.entity("FACA", Confidential);
    jmac.receipt(&faca, "Movements near Bria", Confidential);
    let out = tempfile::tempdir().unwrap();
    let w = jmac.export_to("DPO-HQ", out.path());
    let log_before = hq.store.log_len().unwrap();
    let mut watch = StopAt::new(Stage::CheckingSignature, false);
    let e = import_file_watched(
        &hq.store,
        &hq.admin,
        &w.bundle,
        &mut KeyRing::unlocked(&hq.keys),
        &mut watch,
    )
    .unwrap_err();
    assert!(matches!(e, BundleError::Stopped), "{e}");
    assert!(!watch.seen.iter().any(|s| s.0 == Stage::Decrypting));
    assert_eq!(hq.store.log_len().unwrap(), log_before);
}
