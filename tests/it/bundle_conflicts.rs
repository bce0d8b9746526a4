//! Two stations that change the same record without seeing each other: both changes are kept,
//! a CONFLICT item waits in the pending queue of each, the record ends the same at both, and
//! the IM FP's resolution is an event that travels too.

use crate::bundle_common;

use bundle_common::*;
use registrar::bundle::conflicts::{conflicts, resolve};
use registrar::domain::conflict::conflict_id;
use registrar::domain::grades::Credibility;
use registrar::domain::marking::Classification::*;
use registrar::domain::queue::Queue;

#[test]
fn a_concurrent_edit_is_kept_and_surfaces_as_a_conflict_at_both_stations() {
    let jmac = Station::new("MINUSCA-JMAC-1");
    let joc = Station::new("MINUSCA-JOC-1");
    pair(&jmac, &joc, StrictlyConfidential, StrictlyConfidential);
    let out = tempfile::tempdir().unwrap();
    let faca = jmac.entity("FACA", Confidential);
    let r = jmac.receipt(&faca, "Movements near Bria", Confidential);
    joc.later(1);
    joc.import(&jmac.export_to("MINUSCA-JOC-1", out.path()).bundle)
        .unwrap();

    // Neither station sees the other's scan.
    jmac.later(10);
    jmac.scan(&r, Credibility::ProbablyTrue);
    joc.later(20);
    joc.scan(&r, Credibility::DoubtfullyTrue);

    let to_jmac = joc.export_to("MINUSCA-JMAC-1", out.path());
    let to_joc = jmac.export_to("MINUSCA-JOC-1", out.path());
    let a = jmac.import(&to_jmac.bundle).unwrap();
    assert!(a.describe()[0].contains("1 CONFLICT"), "{:?}", a.describe());
    let b = joc.import(&to_joc.bundle).unwrap();
    assert!(b.describe()[0].contains("1 CONFLICT"), "{:?}", b.describe());

    for s in [&jmac, &joc] {
        let pending = s.store.queue(Queue::Pending, s.store.now()).unwrap();
        let item = pending
            .iter()
            .find(|i| i.kind == "conflict")
            .unwrap_or_else(|| panic!("no conflict in {pending:?}"));
        assert!(item.title.contains(r.as_str()), "{}", item.title);
        assert!(
            item.title.contains("MINUSCA-JMAC-1 and MINUSCA-JOC-1"),
            "{}",
            item.title
        );
        assert_eq!(item.who_acts, "imfp");
        s.assert_consistent();
    }
    // Both kept, one order: the later scan (by time) stands at both stations.
    let (x, y) = (
        jmac.store.record(&r).unwrap().unwrap(),
        joc.store.record(&r).unwrap().unwrap(),
    );
    assert_eq!(x, y);

    // The IM FP at JMAC resolves it; the resolution reaches JOC with the next bundle.
    let id = conflict_id(&r);
    resolve(&jmac.store, &jmac.admin, &id, "JOC's later scan stands").unwrap();
    assert!(conflicts(&jmac.store).unwrap().iter().all(|c| !c.is_open()));
    let pending = jmac.store.queue(Queue::Pending, jmac.store.now()).unwrap();
    assert!(pending.iter().all(|i| i.kind != "conflict"));
    joc.import(&jmac.export_to("MINUSCA-JOC-1", out.path()).bundle)
        .unwrap();
    assert!(conflicts(&joc.store).unwrap().iter().all(|c| !c.is_open()));
    jmac.assert_consistent();
    joc.assert_consistent();
}

#[test]
fn a_change_made_after_seeing_the_other_is_no_conflict() {
    let jmac = Station::new("MINUSCA-JMAC-1");
    let joc = Station::new("MINUSCA-JOC-1");
    pair(&jmac, &joc, StrictlyConfidential, StrictlyConfidential);
    let out = tempfile::tempdir().unwrap();
    let faca = jmac.entity("FACA", Confidential);
    let r = jmac.receipt(&faca, "Movements near Bria", Confidential);
    jmac.later(5);
    jmac.scan(&r, Credibility::ProbablyTrue);
    joc.later(10);
    joc.import(&jmac.export_to("MINUSCA-JOC-1", out.path()).bundle)
        .unwrap();
    // JOC acts on what it received; JMAC then receives it: one history, no conflict.
    joc.later(1);
    joc.store
        .execute(
            "admin",
            Some(&r),
            registrar::domain::change::Change::AlertRecorded {
                to: registrar::domain::receipt::AlertRecipient::Dss,
                at: joc.store.now(),
            },
        )
        .unwrap();
    let back = jmac
        .import(&joc.export_to("MINUSCA-JMAC-1", out.path()).bundle)
        .unwrap();
    assert!(
        !back.describe()[0].contains("CONFLICT"),
        "{:?}",
        back.describe()
    );
    assert!(conflicts(&jmac.store).unwrap().is_empty());
    match jmac.store.record(&r).unwrap() {
        Some(registrar::domain::record::Record::Receipt(rc)) => {
            assert_eq!(rc.alerts.len(), 1);
            assert!(rc.scan.is_some());
        }
        other => panic!("{other:?}"),
    }
    jmac.assert_consistent();
}
