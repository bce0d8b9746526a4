//! Records never leak to a station not cleared for them: a Strictly Confidential record's
//! content is nowhere in the decrypted bundle for a Confidential-cleared peer, only its events'
//! places in the chain, which still verifies there. Raising the clearance and sending a
//! snapshot fills those places.

use crate::bundle_common;

use bundle_common::*;
use registrar::bundle::import::Outcome;
use registrar::domain::marking::Classification::*;
use registrar::domain::record::Record;
use registrar::domain::station::BundleKind;
use registrar::domain::user::user_id;

#[test]
fn a_strictly_confidential_record_never_reaches_a_confidential_peer() {
    let jmac = Station::new("MINUSCA-JMAC-1");
    let hq = Station::new("DPO-HQ");
    pair(&jmac, &hq, StrictlyConfidential, Confidential);
    let faca = jmac.entity("FACA", Confidential);
    let open = jmac.receipt(&faca, "Convoy timings Bria", Confidential);
    let secret = jmac.receipt(&faca, "SOURCE-KESTREL-identity", StrictlyConfidential);
    // A Confidential product about a Strictly Confidential entity is withheld too.
    let sc_entity = jmac.entity("ENTITY-NIGHTJAR", StrictlyConfidential);
    let about = jmac.receipt(&sc_entity, "Report on the other entity", Confidential);

    let out = tempfile::tempdir().unwrap();
    let w = jmac.export_to("DPO-HQ", out.path());
    assert!(w.name.ends_with("_CONFIDENTIAL.age"), "{}", w.name);
    let plain = decrypt(&w.bundle, bytes_of(&w.bundle).as_slice(), &hq.keys).unwrap();
    for needle in [
        "SOURCE-KESTREL-identity",
        "REF/SOURCE-KESTREL-identity",
        "ENTITY-NIGHTJAR",
        "Report on the other entity",
    ] {
        assert!(
            !contains(&plain, needle.as_bytes()),
            "{needle} crossed the gap"
        );
    }
    assert!(contains(&plain, b"Convoy timings Bria"));

    hq.import(&w.bundle).unwrap();
    assert!(hq.store.record(&open).unwrap().is_some());
    assert_eq!(hq.store.record(&secret).unwrap(), None);
    assert_eq!(hq.store.record(&sc_entity).unwrap(), None);
    assert_eq!(hq.store.record(&about).unwrap(), None);
    // The station's own users and settings never travel either.
    match hq.store.record(&user_id("admin")).unwrap() {
        Some(Record::User(u)) => assert_eq!(u.added_by, "setup"),
        other => panic!("{other:?}"),
    }
    assert_eq!(hq.store.settings().unwrap().mission, "MINUSCA");
    // The chain verifies over the withheld events, and later events link to them.
    hq.assert_consistent();
    jmac.later(5);
    jmac.scan(&open, registrar::domain::grades::Credibility::ProbablyTrue);
    let w2 = jmac.export_to("DPO-HQ", out.path());
    hq.import(&w2.bundle).unwrap();
    hq.assert_consistent();

    // Cleared to Strictly Confidential, HQ receives the content with a snapshot: the places
    // known only by hash are filled with exactly those events.
    jmac.trusts(&hq, StrictlyConfidential);
    let snap = jmac.export_kind("DPO-HQ", BundleKind::Snapshot, out.path());
    assert!(
        snap.name.contains("_snapshot-000003_STRICTLY-CONFIDENTIAL"),
        "{}",
        snap.name
    );
    let outcome = hq.import(&snap.bundle).unwrap();
    assert!(matches!(outcome, Outcome::Applied { .. }), "{outcome:?}");
    match hq.store.record(&secret).unwrap() {
        Some(Record::Receipt(r)) => assert_eq!(r.capture.title, "SOURCE-KESTREL-identity"),
        other => panic!("{other:?}"),
    }
    assert!(hq.store.record(&about).unwrap().is_some());
    hq.assert_consistent();
    assert!(matches!(
        hq.import(&snap.bundle).unwrap(),
        Outcome::AlreadyImported { .. }
    ));
}

#[test]
fn a_station_refuses_content_above_its_own_clearance_even_if_the_sender_sends_it() {
    let jmac = Station::new("MINUSCA-JMAC-1");
    let hq = Station::new("DPO-HQ");
    hq.store.set_station_clearance(Confidential).unwrap();
    // JMAC trusts HQ higher than HQ may hold: a misconfiguration HQ does not follow.
    pair(&jmac, &hq, StrictlyConfidential, StrictlyConfidential);
    let faca = jmac.entity("FACA", Confidential);
    jmac.receipt(&faca, "SOURCE-KESTREL-identity", StrictlyConfidential);
    let out = tempfile::tempdir().unwrap();
    let w = jmac.export_to("DPO-HQ", out.path());
    let before = hq.store.verify_chain().unwrap();
    let e = hq.import(&w.bundle).unwrap_err().to_string();
    assert!(e.contains("above this station's clearance"), "{e}");
    assert_eq!(hq.store.verify_chain().unwrap(), before);
    // Trusted as it should be, JMAC sends what HQ may hold, and it applies.
    jmac.trusts(&hq, Confidential);
    jmac.later(1);
    jmac.receipt(&faca, "Convoy timings", Confidential);
    let again = tempfile::tempdir().unwrap();
    // The refused bundle is gone with its stick; a snapshot replaces it.
    let snap = jmac.export_kind("DPO-HQ", BundleKind::Snapshot, again.path());
    hq.import(&snap.bundle).unwrap();
    hq.assert_consistent();
}

#[test]
fn a_changed_withheld_place_breaks_the_chain_where_it_is_used() {
    let jmac = Station::new("MINUSCA-JMAC-1");
    let hq = Station::new("DPO-HQ");
    pair(&jmac, &hq, StrictlyConfidential, Confidential);
    let faca = jmac.entity("FACA", Confidential);
    jmac.receipt(&faca, "SOURCE-KESTREL-identity", StrictlyConfidential);
    jmac.receipt(&faca, "Convoy timings", Confidential);
    let out = tempfile::tempdir().unwrap();
    hq.import(&jmac.export_to("DPO-HQ", out.path()).bundle)
        .unwrap();
    hq.assert_consistent();
    let path = hq.path();
    let Station { store, .. } = hq;
    drop(store);
    // Change the hash recorded for one withheld event, directly in the file.
    {
        use redb::ReadableTable;
        let db = redb::Database::open(&path).unwrap();
        let txn = db.begin_write().unwrap();
        {
            let mut t = txn
                .open_table(registrar::store::withheld::WITHHELD)
                .unwrap();
            let (key, (prev, mut hash)) = {
                let (k, v) = t.iter().unwrap().last().unwrap().unwrap();
                let (s, q) = k.value();
                let (p, h) = v.value();
                ((s.to_string(), q), (*p, *h))
            };
            hash[0] ^= 1;
            t.insert((key.0.as_str(), key.1), (&prev, &hash)).unwrap();
        }
        txn.commit().unwrap();
    }
    let store = registrar::store::Store::open(
        &path,
        std::sync::Arc::new(registrar::store::FixedClock::new(t0())),
    )
    .unwrap();
    let broken = store.verify_chain().unwrap().first_broken.unwrap();
    assert_eq!(broken.station, "MINUSCA-JMAC-1", "{broken}");
}
