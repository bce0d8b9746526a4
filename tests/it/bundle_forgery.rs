//! The forgery harness (issue 10, item 1 and 2): bundles built with a trusted station's key
//! that carry another station's events, withheld places with made-up hashes, a chain head
//! signed with the wrong key, far-future times, a bundle replayed to a third station, a fork.
//! Each is refused (or the fork quarantined) with the registry's state exactly as before —
//! every record, every station's head, the log's length — and the genuine author's bundles
//! still apply afterwards.

use crate::bundle_common;

use bundle_common::*;
use chrono::Duration;
use registrar::bundle::BundleError;
use registrar::bundle::export::plan;
use registrar::bundle::format::{
    BodyItem, ChainHead, ItemRef, Manifest, Range, STREAM_FORMAT, SignedHead, WithheldItem,
};
use registrar::bundle::heads::{decode, sign_head};
use registrar::bundle::import::Outcome;
use registrar::bundle::names::{bundle_file_name, signature_path};
use registrar::domain::change::Change;
use registrar::domain::entity::{EntityDetails, EntityKind};
use registrar::domain::ids::{RecordId, RecordKind};
use registrar::domain::marking::Classification::{self, *};
use registrar::domain::marking::Marking;
use registrar::domain::record::Record;
use registrar::domain::station::BundleKind;
use registrar::store::codec::encode_change;
use registrar::store::{EventEnvelope, Hash, Hlc, ZERO_HASH, event_hash};
use std::path::{Path, PathBuf};

pub(crate) const A: &str = "MINUSCA-JMAC-1";
pub(crate) const D: &str = "MINUSCA-JOC-1";
pub(crate) const E: &str = "MONUSCO-JMAC-1";
pub(crate) const HQ: &str = "DPO-HQ";

/// Everything a forgery could change: the log's length and every station's head, every
/// record, held and quarantined bundles, the clock of the next event.
pub(crate) type State = (u64, Vec<(String, u64)>, Vec<Record>, usize, usize);

pub(crate) fn state(s: &Station) -> State {
    let report = s.store.verify_chain().unwrap();
    assert!(report.is_ok());
    let held = [A, D, E]
        .iter()
        .map(|x| s.store.held_bundles(x).unwrap().len())
        .sum();
    (
        report.events,
        report.stations,
        s.store.records_with_prefix("").unwrap(),
        held,
        s.store.quarantined().unwrap().len(),
    )
}

#[track_caller]
pub(crate) fn refused(result: Result<Outcome, BundleError>, why: &str) -> String {
    match result {
        Err(e @ BundleError::Refused { .. }) => {
            let line = e.to_string();
            assert!(!line.contains('\n'), "{line}");
            assert!(line.contains(why), "{line:?} does not say {why:?}");
            line
        }
        other => panic!("not refused: {other:?}"),
    }
}

/// A (the author), D (a station HQ trusts, which relays) and HQ; E is trusted by D only.
pub(crate) struct World {
    pub a: Station,
    pub d: Station,
    pub e: Station,
    pub hq: Station,
    pub out: tempfile::TempDir,
}

pub(crate) fn world() -> World {
    let a = Station::new(A);
    let d = Station::new(D);
    let e = Station::new(E);
    let hq = Station::new(HQ);
    pair(&a, &hq, StrictlyConfidential, StrictlyConfidential);
    pair(&d, &hq, StrictlyConfidential, StrictlyConfidential);
    pair(&a, &d, StrictlyConfidential, StrictlyConfidential);
    pair(&e, &d, StrictlyConfidential, StrictlyConfidential);
    let faca = a.entity("FACA", Confidential);
    a.receipt(&faca, "Movements near Bria", Confidential);
    e.entity("FARDC", Unclassified);
    let out = tempfile::tempdir().unwrap();
    for (from, to) in [(&a, &d), (&e, &d)] {
        from.later(5);
        d.later(10);
        let w = from.export_to(&to.id, out.path());
        to.import(&w.bundle).unwrap();
    }
    hq.later(60);
    World { a, d, e, hq, out }
}

/// A bundle from `from` to `to`, as `from` could make one with its own keys: any items, any
/// heads, every signature of `from` valid.
pub(crate) fn forge(
    w: &World,
    from: &Station,
    to: &Station,
    items: Vec<BodyItem>,
    heads: Vec<SignedHead>,
    name: &str,
) -> PathBuf {
    let p = plan(&from.store, &to.id, BundleKind::Changes, &mut |_, _| {}).unwrap();
    let mut refs = Vec::new();
    let mut ranges: Vec<Range> = Vec::new();
    for item in &items {
        let (station, seq, hash, content) = match item {
            BodyItem::Event(b) => {
                let e = EventEnvelope::decode(b).unwrap();
                (e.station, e.seq, event_hash(b), true)
            }
            BodyItem::Withheld(x) => (x.station.clone(), x.seq, x.hash, false),
        };
        match ranges.iter_mut().find(|r| r.station == station) {
            Some(r) => r.last = seq,
            None => ranges.push(Range {
                station: station.clone(),
                first: seq,
                last: seq,
            }),
        }
        refs.push(ItemRef {
            station,
            seq,
            hash,
            content,
        });
    }
    let manifest = Manifest {
        format: STREAM_FORMAT.into(),
        kind: BundleKind::Changes,
        sender: from.id.clone(),
        recipient: to.id.clone(),
        recipient_key: to.keys.age_recipient(),
        number: p.number,
        previous: p.previous.clone(),
        created: from.store.now().to_rfc3339(),
        clearance: StrictlyConfidential,
        highest: Unclassified,
        ranges,
        withheld: refs.iter().filter(|r| !r.content).count() as u64,
        items: Vec::new(),
        counts: Vec::new(),
        holdings: Vec::new(),
        body_hash: ZERO_HASH,
        heads,
        item_count: 0,
    };
    let (files, _) = seal_stream(manifest, items, &from.keys, &to.keys.age_recipient()).unwrap();
    let dir = w.out.path().join(name);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(bundle_file_name(
        &from.id,
        &to.id,
        BundleKind::Changes,
        p.number,
        Unclassified,
    ));
    std::fs::write(&path, &files.age).unwrap();
    std::fs::write(signature_path(&path), files.sig.as_bytes()).unwrap();
    path
}

pub(crate) fn withheld(station: &str, seq: u64, prev: Hash, hash: Hash) -> BodyItem {
    BodyItem::Withheld(WithheldItem {
        station: station.into(),
        seq,
        prev_hash: prev,
        hash,
    })
}

/// An "entity registered" as if recorded at `station`, event `seq`.
pub(crate) fn made_up_event(station: &str, seq: u64, prev: Hash, wall_ms: i64) -> Vec<u8> {
    let change = Change::EntityRegistered {
        details: EntityDetails {
            name: "Invented militia".into(),
            kind: EntityKind::NonUnSecurityForce,
            mandate: "none".into(),
            contacts: Vec::new(),
            sub_components: Vec::new(),
            handling_standards: None,
            marking: Marking::un(Unclassified),
        },
    };
    EventEnvelope {
        station: station.into(),
        seq,
        hlc: Hlc {
            wall_ms,
            logical: 0,
        },
        actor: "admin".into(),
        record_id: RecordId::new(RecordKind::Entity, station, 77).0,
        payload: encode_change(&change),
        prev_hash: prev,
    }
    .encode()
}

/// `station`'s chain as `holder` holds it, as bundle items (content where held).
pub(crate) fn chain_items(holder: &Station, station: &str) -> Vec<BodyItem> {
    let reader = holder.store.log_reader().unwrap();
    let head = reader
        .heads()
        .unwrap()
        .into_iter()
        .find(|(s, _, _)| s == station)
        .unwrap()
        .1;
    (1..=head)
        .map(|seq| match reader.item(station, seq).unwrap().unwrap() {
            registrar::store::exchange::LogItem::Event { bytes, .. } => BodyItem::Event(bytes),
            registrar::store::exchange::LogItem::Withheld(x) => {
                withheld(station, seq, x.prev_hash, x.hash)
            }
        })
        .collect()
}

pub(crate) fn genuine_head(holder: &Station, station: &str) -> SignedHead {
    let (_, bytes) = holder
        .store
        .log_reader()
        .unwrap()
        .signed_head(station)
        .unwrap()
        .unwrap();
    decode(&bytes).unwrap()
}

pub(crate) fn hash_of(item: &BodyItem) -> Hash {
    match item {
        BodyItem::Event(b) => event_hash(b),
        BodyItem::Withheld(x) => x.hash,
    }
}

#[test]
fn a_trusted_station_cannot_forge_or_alter_another_stations_events() {
    let w = world();
    let before = state(&w.hq);
    let now_ms = w.d.store.now().timestamp_millis();
    let mut cases = 0;

    // The attack of issue 10: A's places 1–3 withheld with made-up hashes, then an entity
    // registered "as A", in a bundle D signs — without any signature of A.
    let fake = |n: u8| [n; 32];
    let forged = vec![
        withheld(A, 1, ZERO_HASH, fake(1)),
        withheld(A, 2, fake(1), fake(2)),
        withheld(A, 3, fake(2), fake(3)),
        BodyItem::Event(made_up_event(A, 4, fake(3), now_ms)),
    ];
    let p = forge(&w, &w.d, &w.hq, forged.clone(), Vec::new(), "no-head");
    refused(w.hq.import(&p), "without MINUSCA-JMAC-1's signature");
    cases += 1;

    // The same, with a head "of A" that D signed with its own key.
    let last = hash_of(forged.last().unwrap());
    let by_d = sign_head(
        &w.d.keys,
        &ChainHead {
            station: A.into(),
            seq: 4,
            hash: last,
            acc: ZERO_HASH,
        },
    )
    .unwrap();
    let p = forge(&w, &w.d, &w.hq, forged, vec![by_d], "head-by-d");
    refused(w.hq.import(&p), "not signed by MINUSCA-JMAC-1's key");
    cases += 1;

    // A's genuine signed head (D holds it), over a chain whose earlier places are made up:
    // the last place carries A's real hash, the ones before it do not.
    let genuine = chain_items(&w.d, A);
    let head = genuine_head(&w.d, A);
    let n = genuine.len() as u64;
    let mut made_up: Vec<BodyItem> = (1..n)
        .map(|seq| {
            withheld(
                A,
                seq,
                if seq == 1 {
                    ZERO_HASH
                } else {
                    fake(seq as u8 - 1)
                },
                fake(seq as u8),
            )
        })
        .collect();
    made_up.push(withheld(
        A,
        n,
        fake(n as u8 - 1),
        hash_of(genuine.last().unwrap()),
    ));
    let p = forge(
        &w,
        &w.d,
        &w.hq,
        made_up,
        vec![head.clone()],
        "made-up-places",
    );
    refused(w.hq.import(&p), "not the chain MINUSCA-JMAC-1 signed");
    cases += 1;

    // A's genuine chain with one content event replaced by a made-up one, the next place
    // withheld so its link cannot be recomputed.
    let k = genuine
        .iter()
        .position(|i| matches!(i, BodyItem::Event(_)))
        .unwrap();
    let mut altered = genuine.clone();
    let prev = if k == 0 {
        ZERO_HASH
    } else {
        hash_of(&genuine[k - 1])
    };
    altered[k] = BodyItem::Event(made_up_event(A, k as u64 + 1, prev, now_ms));
    if k + 1 < altered.len() {
        altered[k + 1] = withheld(
            A,
            k as u64 + 2,
            hash_of(&altered[k]),
            hash_of(&genuine[k + 1]),
        );
    }
    let p = forge(&w, &w.d, &w.hq, altered, vec![head.clone()], "altered");
    refused(w.hq.import(&p), "not the chain MINUSCA-JMAC-1 signed");
    cases += 1;

    // A's genuine events, cut short of the head A signed (a relay may not end elsewhere).
    let mut cut = genuine.clone();
    cut.pop();
    let p = forge(&w, &w.d, &w.hq, cut, vec![head.clone()], "cut");
    refused(w.hq.import(&p), "not at the head MINUSCA-JMAC-1 signed");
    cases += 1;

    assert_eq!(state(&w.hq), before, "a refused bundle changes nothing");

    // After all that, A's genuine bundle applies, and D's genuine relay of A's events too.
    let genuine_a = w.a.export_to(HQ, w.out.path());
    let Outcome::Applied { applied, .. } = w.hq.import(&genuine_a.bundle).unwrap() else {
        panic!("A's own bundle is applied")
    };
    assert!(applied.events > 0);
    w.hq.assert_consistent();
    report_cases("relayed forgeries refused", cases);
}

#[test]
fn events_of_a_station_the_importer_does_not_trust_are_left_out() {
    let w = world();
    // D's genuine relay: A's events with A's head, applied; E's (whose key HQ does not
    // hold) left out, nothing of them applied.
    let relay = w.d.export_to(HQ, w.out.path());
    let lines = w.hq.import(&relay.bundle).unwrap().describe().join("\n");
    assert!(lines.contains("of MONUSCO-JMAC-1 left out"), "{lines}");
    let after = state(&w.hq);
    assert!(!after.1.iter().any(|(s, _)| s == E), "{:?}", after.1);
    assert!(
        !after.2.iter().any(|r| r.id().as_str().contains(E)),
        "nothing of E's records"
    );
    let a_head = w.hq.store.log_reader().unwrap().heads().unwrap();
    assert!(
        a_head.iter().any(|(s, _, _)| s == A),
        "A's events relayed by D: {a_head:?}"
    );
    w.hq.assert_consistent();
}

/// Prints a harness figure for SECURITY.md (`cargo test -- --nocapture` shows it).
pub(crate) fn report_cases(what: &str, n: usize) {
    println!("forgery harness: {what}: {n} cases");
}

#[test]
fn a_far_future_time_is_refused_and_never_moves_this_stations_clock() {
    let w = world();
    // A's clock is wrong: it says 2100.
    w.a.clock.set(
        chrono::DateTime::parse_from_rfc3339("2100-01-01T00:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc),
    );
    let faca = w.a.entity("Far future", Unclassified);
    let _ = faca;
    let future = w.a.export_to(HQ, w.out.path());
    let before = state(&w.hq);
    let line = refused(
        w.hq.import(&future.bundle),
        "later than this station's clock allows",
    );
    assert!(line.contains("2100-01-01"), "{line}");
    assert_eq!(state(&w.hq), before);
    // HQ's own next event is dated by HQ's clock, not 2100.
    let id = w.hq.entity("HQ entity", Unclassified);
    let events = w.hq.store.record_events(&id).unwrap();
    assert!(
        events[0].at <= w.hq.store.now() + Duration::seconds(1),
        "{:?}",
        events[0].at
    );

    // Within the bound (the default 15 minutes), a clock a little ahead is accepted.
    let w = world();
    w.a.clock.set(w.hq.store.now() + Duration::minutes(10));
    w.a.entity("Slightly ahead", Unclassified);
    let ahead = w.a.export_to(HQ, w.out.path());
    assert!(matches!(
        w.hq.import(&ahead.bundle).unwrap(),
        Outcome::Applied { .. }
    ));
    // And the bound is a setting: at zero, the same lead is refused.
    let w2 = world();
    let mut s = w2.hq.store.settings().unwrap();
    s.max_clock_lead_minutes = 0;
    w2.hq
        .store
        .execute(
            "admin",
            Some(&registrar::domain::ids::settings_id()),
            Change::SettingsChanged { settings: s },
        )
        .unwrap();
    w2.a.clock.set(w2.hq.store.now() + Duration::minutes(10));
    w2.a.entity("Slightly ahead", Unclassified);
    let ahead = w2.a.export_to(HQ, w2.out.path());
    refused(w2.hq.import(&ahead.bundle), "maximum clock lead");
}

/// A bundle may carry the events of no more stations than a mission could have (review of
/// format 2, finding 3): what the first pass keeps per station is bounded before the
/// manifest's signature is known, and the refusal names the limit.
#[test]
fn a_bundle_of_more_stations_than_any_bundle_may_carry_is_refused_naming_the_limit() {
    use registrar::bundle::format::MAX_STATIONS;
    let w = world();
    let items = (0..=MAX_STATIONS)
        .map(|n| withheld(&format!("X-{n:05}"), 1, ZERO_HASH, [n as u8; 32]))
        .collect();
    let many = forge(&w, &w.a, &w.hq, items, Vec::new(), "many");
    let before = state(&w.hq);
    refused(
        w.hq.import(&many),
        &format!("it carries events of more than {MAX_STATIONS} stations"),
    );
    assert_eq!(state(&w.hq), before);
}

#[test]
fn a_bundle_replayed_to_a_third_station_is_refused() {
    let w = world();
    pair(&w.e, &w.a, StrictlyConfidential, StrictlyConfidential);
    let to_hq = w.a.export_to(HQ, w.out.path());
    let before = state(&w.e);
    // E holds keys of its own: the bundle is neither for it nor encrypted to it.
    refused(w.e.import(&to_hq.bundle), "not encrypted to this station");
    assert_eq!(state(&w.e), before);
}

#[test]
fn a_fork_signed_by_its_author_is_quarantined_never_applied() {
    let w = world();
    // A's registry as it was, kept aside (an old copy).
    let old_copy = w.out.path().join("a-old.redb");
    std::fs::copy(w.a.path(), &old_copy).unwrap();
    w.a.later(5);
    w.a.entity("Before the restore", Confidential);
    let first = w.a.export_to(HQ, w.out.path());
    w.hq.import(&first.bundle).unwrap();

    // A is restored from the old copy and goes on: its chain now differs from what HQ holds
    // (HQ holds A's record of that export; the restored A records something else there).
    let restored = w.out.path().join("restored");
    std::fs::create_dir(&restored).unwrap();
    let World { a, d, hq, out, .. } = w;
    let a2 = {
        let Station {
            id,
            clock,
            keys,
            admin,
            ..
        } = a;
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(&old_copy, dir.path().join("registry.redb")).unwrap();
        let store = registrar::store::Store::open(&dir.path().join("registry.redb"), clock.clone())
            .unwrap();
        Station {
            id,
            dir,
            store,
            clock,
            keys,
            admin,
        }
    };
    a2.later(30);
    a2.entity("After the restore", Confidential);
    // D had not seen A's export to HQ: the restored history extends what D holds.
    d.later(40);
    d.import(&a2.export_to(D, &restored).bundle).unwrap();
    hq.later(60);
    let fork = d.export_to(HQ, &restored);
    let w = World {
        a: a2,
        d,
        e: Station::new(E),
        hq,
        out,
    };
    let before = state(&w.hq);
    let outcome = w.hq.import(&fork.bundle).unwrap();
    let Outcome::Quarantined { reason, .. } = &outcome else {
        panic!("a fork is quarantined: {outcome:?}")
    };
    assert!(reason.contains("signed a history"), "{reason}");
    let after = state(&w.hq);
    assert_eq!(
        (&after.0, &after.1, &after.2, after.3),
        (&before.0, &before.1, &before.2, before.3)
    );
    assert_eq!(after.4, 1, "named in the quarantine");
    // Again: already quarantined, still nothing applied.
    assert!(matches!(
        w.hq.import(&fork.bundle).unwrap(),
        Outcome::Quarantined { already: true, .. }
    ));
    // Named where the stations are shown.
    let status = registrar::bundle::status::station_status(&w.hq.store).unwrap();
    let d_status = status.iter().find(|s| s.station == D).unwrap();
    assert_eq!(d_status.quarantined, vec![fork.number]);
    // A person decides: dismissed, and gone.
    registrar::bundle::quarantine::dismiss(&w.hq.store, &w.hq.admin, D, fork.number).unwrap();
    assert!(w.hq.store.quarantined().unwrap().is_empty());
    let Some(Record::Station(d)) =
        w.hq.store
            .record(&registrar::domain::station::station_record_id(D))
            .unwrap()
    else {
        panic!()
    };
    assert_eq!(d.dismissed.len(), 1, "the decision is in the log");
    assert_eq!(d.dismissed[0].number, fork.number);
    // Dismissing again: there is nothing to dismiss.
    assert!(
        registrar::bundle::quarantine::dismiss(&w.hq.store, &w.hq.admin, D, fork.number).is_err()
    );
    w.hq.assert_consistent();
}

#[allow(dead_code)]
fn unused(_: Classification, _: &Path) {}
