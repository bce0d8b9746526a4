//! Moving records between stations: a bundle applies whole, re-importing it is a no-op that says
//! so, a gap is named and healed, and acknowledgements tell the sender what arrived.

use crate::bundle_common;

use bundle_common::*;
use registrar::bundle::import::Outcome;
use registrar::bundle::status::{not_acknowledged, station_status};
use registrar::domain::marking::Classification::*;
use registrar::domain::record::Record;
use registrar::domain::station::BundleKind;

#[test]
fn a_bundle_carries_a_stations_records_to_hq() {
    let jmac = Station::new("MINUSCA-JMAC-1");
    let hq = Station::new("DPO-HQ");
    pair(&jmac, &hq, StrictlyConfidential, StrictlyConfidential);
    let faca = jmac.entity("FACA", Confidential);
    let r = jmac.receipt(&faca, "Movements near Bria", Confidential);
    let out = tempfile::tempdir().unwrap();
    let w = jmac.export_to("DPO-HQ", out.path());
    assert!(
        w.name
            .starts_with("MINUSCA-JMAC-1_to_DPO-HQ_changes-000001_CONFIDENTIAL")
    );

    let outcome = hq.import(&w.bundle).unwrap();
    let Outcome::Applied { applied, .. } = &outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(applied.number, 1);
    assert!(applied.events >= 2, "{applied:?}");
    match hq.store.record(&r).unwrap() {
        Some(Record::Receipt(rc)) => assert_eq!(rc.capture.title, "Movements near Bria"),
        other => panic!("{other:?}"),
    }
    hq.assert_consistent();

    // The same file again changes nothing and says so.
    let again = hq.import(&w.bundle).unwrap();
    assert!(
        matches!(again, Outcome::AlreadyImported { number: 1, .. }),
        "{again:?}"
    );
    assert!(again.describe()[0].contains("already imported"));
    hq.assert_consistent();

    // HQ lists the station's last bundle.
    let status = station_status(&hq.store).unwrap();
    let j = status
        .iter()
        .find(|s| s.station == "MINUSCA-JMAC-1")
        .unwrap();
    assert_eq!(j.last_received.as_ref().unwrap().number, 1);
    assert_eq!(j.last_received.as_ref().unwrap().kind, BundleKind::Changes);
}

#[test]
fn a_gap_is_named_and_the_later_bundle_applied_when_the_missing_one_arrives() {
    let jmac = Station::new("MINUSCA-JMAC-1");
    let hq = Station::new("DPO-HQ");
    pair(&jmac, &hq, StrictlyConfidential, StrictlyConfidential);
    let out = tempfile::tempdir().unwrap();
    let faca = jmac.entity("FACA", Confidential);
    let b1 = jmac.export_to("DPO-HQ", out.path());
    jmac.receipt(&faca, "second", Confidential);
    let b2 = jmac.export_to("DPO-HQ", out.path());
    let r3 = jmac.receipt(&faca, "third", Unclassified);
    let b3 = jmac.export_to("DPO-HQ", out.path());

    let held = hq.import(&b3.bundle).unwrap();
    assert!(
        held.describe()[0].contains("missing bundle 1 from MINUSCA-JMAC-1"),
        "{:?}",
        held.describe()
    );
    assert_eq!(hq.store.record(&r3).unwrap(), None);
    let held = hq.import(&b2.bundle).unwrap();
    assert!(
        matches!(
            held,
            Outcome::Held {
                number: 2,
                missing: 1,
                ..
            }
        ),
        "{held:?}"
    );
    hq.assert_consistent();

    let healed = hq.import(&b1.bundle).unwrap();
    let Outcome::Applied { released, .. } = &healed else {
        panic!("{healed:?}")
    };
    assert_eq!(
        released.iter().map(|a| a.number).collect::<Vec<_>>(),
        [2, 3]
    );
    assert!(hq.store.record(&r3).unwrap().is_some());
    assert!(hq.store.held_bundles("MINUSCA-JMAC-1").unwrap().is_empty());
    hq.assert_consistent();
    for b in [&b1, &b2, &b3] {
        assert!(matches!(
            hq.import(&b.bundle).unwrap(),
            Outcome::AlreadyImported { .. }
        ));
    }
}

#[test]
fn an_acknowledgement_tells_the_sender_what_hq_holds() {
    let jmac = Station::new("MINUSCA-JMAC-1");
    let hq = Station::new("DPO-HQ");
    pair(&jmac, &hq, StrictlyConfidential, StrictlyConfidential);
    let out = tempfile::tempdir().unwrap();
    let faca = jmac.entity("FACA", Confidential);
    jmac.receipt(&faca, "one", Confidential);
    let before = not_acknowledged(&jmac.store, "DPO-HQ").unwrap();
    assert!(before > 0);
    let b1 = jmac.export_to("DPO-HQ", out.path());
    hq.import(&b1.bundle).unwrap();
    let ack = hq.export_kind("MINUSCA-JMAC-1", BundleKind::Ack, out.path());
    assert!(ack.name.contains("_ack-000001_"), "{}", ack.name);
    let outcome = jmac.import(&ack.bundle).unwrap();
    assert!(
        matches!(outcome, Outcome::Acknowledged { already: false, .. }),
        "{outcome:?}"
    );
    // Only what JMAC recorded after the export is not yet acknowledged: the export itself and
    // the acknowledgement's arrival.
    assert_eq!(not_acknowledged(&jmac.store, "DPO-HQ").unwrap(), 2);
    assert!(matches!(
        jmac.import(&ack.bundle).unwrap(),
        Outcome::Acknowledged { already: true, .. }
    ));
    jmac.assert_consistent();
}

#[test]
fn a_snapshot_bootstraps_a_replacement_machine_and_replaces_a_lost_bundle() {
    let jmac = Station::new("MINUSCA-JMAC-1");
    let hq = Station::new("DPO-HQ");
    pair(&jmac, &hq, StrictlyConfidential, StrictlyConfidential);
    let out = tempfile::tempdir().unwrap();
    let faca = jmac.entity("FACA", Confidential);
    jmac.receipt(&faca, "one", Confidential);
    hq.import(&jmac.export_to("DPO-HQ", out.path()).bundle)
        .unwrap();
    // Bundle 2 is lost with its stick; bundle 3 arrives and is held.
    jmac.receipt(&faca, "two", Confidential);
    let _lost = jmac.export_to("DPO-HQ", out.path());
    let r3 = jmac.receipt(&faca, "three", Confidential);
    let b3 = jmac.export_to("DPO-HQ", out.path());
    assert!(matches!(
        hq.import(&b3.bundle).unwrap(),
        Outcome::Held { missing: 2, .. }
    ));
    // A snapshot carries everything: the hold is dropped, nothing is missing.
    let snap = jmac.export_kind("DPO-HQ", BundleKind::Snapshot, out.path());
    hq.import(&snap.bundle).unwrap();
    assert!(hq.store.record(&r3).unwrap().is_some());
    assert!(hq.store.held_bundles("MINUSCA-JMAC-1").unwrap().is_empty());
    hq.assert_consistent();
    // The next bundle follows the snapshot.
    jmac.receipt(&faca, "four", Confidential);
    let b5 = jmac.export_to("DPO-HQ", out.path());
    assert!(matches!(
        hq.import(&b5.bundle).unwrap(),
        Outcome::Applied { .. }
    ));

    // A replacement for the HQ machine: a new station, trusted, bootstrapped from JMAC.
    let hq2 = Station::new("DPO-HQ-2");
    pair(&jmac, &hq2, StrictlyConfidential, StrictlyConfidential);
    let snap = jmac.export_kind("DPO-HQ-2", BundleKind::Snapshot, out.path());
    hq2.import(&snap.bundle).unwrap();
    assert_eq!(
        jmac.store.records_with_prefix("RCP-").unwrap(),
        hq2.store.records_with_prefix("RCP-").unwrap()
    );
    hq2.assert_consistent();
}

#[test]
fn a_correction_a_void_and_a_determination_made_at_a_station_reach_hq_and_apply_there() {
    use registrar::domain::change::Change;
    use registrar::domain::correction::AmendedField;
    let jmac = Station::new("MINUSCA-JMAC-1");
    let hq = Station::new("DPO-HQ");
    pair(&jmac, &hq, StrictlyConfidential, StrictlyConfidential);
    let faca = jmac.entity("FACA", Confidential);
    let typo = jmac.receipt(&faca, "Movments near Bria", Confidential);
    let twice = jmac.receipt(&faca, "Registered twice", Confidential);
    let out = tempfile::tempdir().unwrap();
    let first = jmac.export_to("DPO-HQ", out.path());
    hq.import(&first.bundle).unwrap();

    jmac.later(10);
    let at = jmac.store.now();
    for (id, change) in [
        (
            &typo,
            Change::ReceiptAmended {
                amendment: AmendedField::Title("Movements near Bria".into()),
                reason: "Typo".into(),
            },
        ),
        (
            &typo,
            Change::ThreatDetermined {
                imminent: true,
                at,
                reason: String::new(),
            },
        ),
        (
            &twice,
            Change::ReceiptVoided {
                reason: "Registered twice".into(),
            },
        ),
    ] {
        jmac.store.execute("admin", Some(id), change).unwrap();
    }
    let second = jmac.export_to("DPO-HQ", out.path());
    let outcome = hq.import(&second.bundle).unwrap();
    assert!(matches!(outcome, Outcome::Applied { .. }), "{outcome:?}");
    match hq.store.record(&typo).unwrap() {
        Some(Record::Receipt(r)) => {
            assert_eq!(r.capture.title, "Movements near Bria");
            assert_eq!(r.amendments[0].was, "Movments near Bria");
            assert!(r.imminent_threat());
            assert!(r.deadline.is_some());
        }
        other => panic!("{other:?}"),
    }
    match hq.store.record(&twice).unwrap() {
        Some(Record::Receipt(r)) => assert!(r.voided.is_some()),
        other => panic!("{other:?}"),
    }
    hq.assert_consistent();
}

/// A held bundle that cannot follow after all says so of itself: "bundle 2 from X stays
/// held: it does not follow bundle 1 …", not a refusal of the file just imported (review of
/// format 2, finding 10: the release loop named the bundle that released it).
#[test]
fn a_held_bundle_that_cannot_follow_is_named_not_the_file_just_imported() {
    let jmac = Station::new("MINUSCA-JMAC-1");
    let hq = Station::new("DPO-HQ");
    pair(&jmac, &hq, StrictlyConfidential, StrictlyConfidential);
    let out = tempfile::tempdir().unwrap();
    let old_copy = out.path().join("jmac-old.redb");
    std::fs::copy(jmac.path(), &old_copy).unwrap();
    jmac.later(5);
    jmac.entity("FACA", Confidential);
    let first = jmac.export_to("DPO-HQ", out.path());
    // JMAC restored from its old copy makes another bundle 1, then bundle 2 after it: HQ
    // holds that bundle 2, which follows the other bundle 1.
    let jmac = restored(jmac, &old_copy);
    let other = out.path().join("other");
    std::fs::create_dir(&other).unwrap();
    jmac.later(10);
    jmac.entity("FARDC", Confidential);
    jmac.export_to("DPO-HQ", &other);
    jmac.later(5);
    jmac.entity("MPC", Confidential);
    let second = jmac.export_to("DPO-HQ", &other);
    hq.later(30);
    assert!(matches!(
        hq.import(&second.bundle).unwrap(),
        Outcome::Held { number: 2, .. }
    ));
    let outcome = hq.import(&first.bundle).unwrap();
    let lines = outcome.describe().join("\n");
    let Outcome::Applied { still_held, .. } = &outcome else {
        panic!("{lines}")
    };
    assert_eq!(still_held.len(), 1, "{lines}");
    assert!(
        lines.contains("bundle 2 from MINUSCA-JMAC-1 stays held: it does not follow bundle 1"),
        "{lines}"
    );
    let name = first
        .bundle
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(!lines.lines().nth(1).unwrap().contains(&name), "{lines}");
}
