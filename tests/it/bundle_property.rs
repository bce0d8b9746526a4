//! The convergence harness. HQ merges many stations' bundles, which arrive in any order, some
//! twice, some lost and written again by number (`export --resend N`), one station relaying
//! another's events with their author's signed head, corrections and voids among them:
//! whatever happens on the way, the
//! registry ends the same as importing them in order — same records (a concurrent edit
//! included, with its conflict), same queues, chain intact, nothing lost or held.

use crate::bundle_common;

use bundle_common::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use registrar::bundle::export::resend;
use registrar::bundle::import::{KeyRing, import_file};
use registrar::domain::change::Change;
use registrar::domain::correction::AmendedField;
use registrar::domain::grades::Credibility;
use registrar::domain::marking::Classification::*;
use registrar::domain::record::Record;
use registrar::domain::station::BundleKind;
use registrar::store::{FixedClock, Store};
use std::path::{Path, PathBuf};
use std::sync::Arc;

struct Scenario {
    _dir: tempfile::TempDir,
    bundles: Vec<PathBuf>,
    /// The same bundles written again by number (`export --resend N`), as for a lost one.
    resent: Vec<PathBuf>,
    hq_template: PathBuf,
    hq_keys: registrar::bundle::identity::StationKeys,
    hq_admin: registrar::domain::access::Actor,
}

/// Three stations of two missions, one of them editing another's record concurrently with it,
/// and relaying its events; six bundles to HQ.
fn scenario() -> Scenario {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("medium");
    std::fs::create_dir(&out).unwrap();
    let hq = Station::new("DPO-HQ");
    let jmac = Station::new("MINUSCA-JMAC-1");
    let joc = Station::new("MINUSCA-JOC-1");
    let monusco = Station::new("MONUSCO-JMAC-1");
    for s in [&jmac, &joc, &monusco] {
        pair(s, &hq, StrictlyConfidential, StrictlyConfidential);
    }
    pair(&jmac, &joc, StrictlyConfidential, StrictlyConfidential);

    let faca = jmac.entity("FACA", Confidential);
    let r1 = jmac.receipt(&faca, "Movements near Bria", Confidential);
    jmac.receipt(&faca, "Source report", StrictlyConfidential);
    let a1 = jmac.export_to("DPO-HQ", &out);
    joc.later(2);
    joc.import(&jmac.export_to("MINUSCA-JOC-1", &out).bundle)
        .unwrap();
    // The same receipt scanned at both stations, neither seeing the other's scan.
    jmac.later(30);
    jmac.scan(&r1, Credibility::ProbablyTrue);
    joc.later(45);
    joc.scan(&r1, Credibility::DoubtfullyTrue);
    joc.receipt(&faca, "JOC patrol report", Unclassified);
    let a2 = jmac.export_to("DPO-HQ", &out);
    let b1 = joc.export_to("DPO-HQ", &out);

    let fardc = monusco.entity("FARDC", Unclassified);
    let goma = monusco.receipt(&fardc, "Goma road closures", Confidential);
    let c1 = monusco.export_to("DPO-HQ", &out);
    monusco.later(60);
    monusco.receipt(&fardc, "Beni incident", Unclassified);
    // A void (the truthful register): the Goma receipt was registered by mistake.
    monusco
        .store
        .execute(
            "admin",
            Some(&goma),
            Change::ReceiptVoided {
                reason: "Registered by mistake".into(),
            },
        )
        .unwrap();
    let c2 = monusco.export_to("DPO-HQ", &out);

    jmac.later(90);
    jmac.receipt(&faca, "Ndele checkpoint", Confidential);
    // A correction of a receipt JOC has seen and scanned concurrently.
    jmac.store
        .execute(
            "admin",
            Some(&r1),
            Change::ReceiptAmended {
                amendment: AmendedField::Title("Movements north of Bria".into()),
                reason: "Place misread".into(),
            },
        )
        .unwrap();
    let a3 = jmac.export_to("DPO-HQ", &out);

    let again = dir.path().join("medium-again");
    std::fs::create_dir(&again).unwrap();
    let resent = [
        (&jmac, 1),
        (&jmac, 2),
        (&jmac, 3),
        (&joc, 1),
        (&monusco, 1),
        (&monusco, 2),
    ]
    .into_iter()
    .map(|(s, n)| {
        resend(
            &s.store,
            &s.admin,
            &s.keys,
            "DPO-HQ",
            BundleKind::Changes,
            n,
            &again,
        )
        .unwrap()
        .bundle
    })
    .collect();

    let Station {
        dir: hq_dir,
        store,
        keys,
        admin,
        ..
    } = hq;
    drop(store);
    let hq_template = dir.path().join("hq-template.redb");
    std::fs::copy(hq_dir.path().join("registry.redb"), &hq_template).unwrap();
    Scenario {
        _dir: dir,
        bundles: [a1, a2, a3, b1, c1, c2]
            .into_iter()
            .map(|w| w.bundle)
            .collect(),
        resent,
        hq_template,
        hq_keys: keys,
        hq_admin: admin,
    }
}

/// HQ's registry after importing `order`: every record but HQ's own bookkeeping of arrivals
/// (its knowledge of what came when, and its station records).
fn hq_after(s: &Scenario, order: &[usize]) -> Vec<Record> {
    let files: Vec<&Path> = order.iter().map(|&i| s.bundles[i].as_path()).collect();
    hq_after_files(s, &files)
}

fn hq_after_files(s: &Scenario, files: &[&Path]) -> Vec<Record> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hq.redb");
    std::fs::copy(&s.hq_template, &path).unwrap();
    let store = Store::open(
        &path,
        Arc::new(FixedClock::new(t0() + chrono::Duration::days(1))),
    )
    .unwrap();
    for file in files {
        import_file(
            &store,
            &s.hq_admin,
            file,
            &mut KeyRing::unlocked(&s.hq_keys),
        )
        .unwrap();
    }
    let report = store.verify_chain().unwrap();
    assert!(report.is_ok(), "{:?}", report.first_broken);
    assert_eq!(store.derived_state_difference().unwrap(), None);
    for sender in ["MINUSCA-JMAC-1", "MINUSCA-JOC-1", "MONUSCO-JMAC-1"] {
        assert!(store.held_bundles(sender).unwrap().is_empty());
    }
    registry(&store)
}

fn registry(store: &Store) -> Vec<Record> {
    store
        .records_with_prefix("")
        .unwrap()
        .into_iter()
        .filter(|r| {
            let id = r.id();
            !id.as_str().starts_with("KNW-DPO-HQ") && !id.as_str().starts_with("STN-")
        })
        .collect()
}

fn exists(path: &Path) -> bool {
    path.exists()
}

#[test]
fn any_order_of_bundles_with_duplicates_leaves_hq_in_the_same_state() {
    let s = scenario();
    assert!(s.bundles.iter().all(|b| exists(b)));
    let in_order = hq_after(&s, &[0, 1, 2, 3, 4, 5]);
    // The concurrent scans are both kept, as one conflict item.
    let conflicts: Vec<&Record> = in_order
        .iter()
        .filter(|r| matches!(r, Record::Conflict(_)))
        .collect();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert!(
        in_order
            .iter()
            .filter(|r| matches!(r, Record::Receipt(_)))
            .count()
            >= 6
    );
    // The correction and the void arrived.
    assert!(in_order.iter().any(|r| matches!(r, Record::Receipt(x)
        if x.capture.title == "Movements north of Bria" && !x.amendments.is_empty())));
    assert!(
        in_order
            .iter()
            .any(|r| matches!(r, Record::Receipt(x) if x.voided.is_some()))
    );

    // Every bundle at least once, some twice or three times, in any order.
    let order = (
        Just((0..6usize).collect::<Vec<_>>()),
        proptest::collection::vec(0..6usize, 0..6),
    )
        .prop_flat_map(|(all, extra)| {
            let mut v = all;
            v.extend(extra);
            Just(v).prop_shuffle()
        });
    let mut runner = TestRunner::new(Config {
        cases: 24,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&order, |order| {
            prop_assert_eq!(hq_after(&s, &order), in_order.clone(), "order {:?}", order);
            Ok(())
        })
        .unwrap();
}

/// Cases of each convergence property (the figure SECURITY.md states).
const LOSS_CASES: u32 = 24;

#[test]
fn lost_bundles_re_sent_by_number_leave_hq_in_the_same_state() {
    let s = scenario();
    let in_order = hq_after(&s, &[0, 1, 2, 3, 4, 5]);
    // Per bundle: delivered (0), lost and re-sent (1), or both copies arriving (2); then
    // extra duplicates; in any order.
    let plan = (
        proptest::collection::vec(0..3u8, 6),
        proptest::collection::vec(0..6usize, 0..4),
    )
        .prop_flat_map(|(fate, extra)| {
            let mut files: Vec<(usize, bool)> = Vec::new();
            for (i, f) in fate.iter().enumerate() {
                match f {
                    0 => files.push((i, false)),
                    1 => files.push((i, true)),
                    _ => {
                        files.push((i, false));
                        files.push((i, true));
                    }
                }
            }
            files.extend(extra.into_iter().map(|i| (i, true)));
            Just(files).prop_shuffle()
        });
    let mut runner = TestRunner::new(Config {
        cases: LOSS_CASES,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&plan, |files| {
            let paths: Vec<&Path> = files
                .iter()
                .map(|&(i, again)| {
                    if again {
                        s.resent[i].as_path()
                    } else {
                        s.bundles[i].as_path()
                    }
                })
                .collect();
            prop_assert_eq!(hq_after_files(&s, &paths), in_order.clone(), "{:?}", files);
            Ok(())
        })
        .unwrap();
    println!("convergence harness: {LOSS_CASES} cases of losses and re-sends");
}
