//! Appending, reading back, and catching a modified event.

use proptest::prelude::*;
use redb::{Database, ReadableDatabase, ReadableTable, WriteTransaction};

use super::*;
use crate::store::schema::{EVENTS, STATION_HEAD};

const A: &str = "MINUSCA-JMAC-1";
const B: &str = "MINUSCA-JMAC-2";

#[test]
fn events_across_two_stations_verify() {
    let t = TempDb::new(A);
    let appended = append_events(&t.db, &[A, B, A, A, B, A]);
    let seqs: Vec<u64> = appended.iter().map(|a| a.envelope.seq).collect();
    assert_eq!(seqs, [1, 1, 2, 3, 2, 4]);
    let positions: Vec<u64> = appended.iter().map(|a| a.position).collect();
    assert_eq!(positions, [1, 2, 3, 4, 5, 6]);
    assert_eq!(appended[0].envelope.prev_hash, ZERO_HASH);
    assert_eq!(appended[2].envelope.prev_hash, appended[0].hash);
    assert_eq!(appended[4].envelope.prev_hash, appended[1].hash);

    let report = verify_db(&t.db);
    assert_eq!(report.first_broken, None);
    assert_eq!(report.events, 6);
    assert_eq!(report.stations, [(A.to_string(), 4), (B.to_string(), 2)]);

    let txn = t.db.begin_read().unwrap();
    assert_eq!(log::len(&txn).unwrap(), 6);
    assert_eq!(log::last_hlc(&txn).unwrap(), appended[5].envelope.hlc);
    for (a, (position, bytes)) in appended.iter().zip(log::read_all(&txn).unwrap()) {
        assert_eq!(a.position, position);
        assert_eq!(event_hash(&bytes), a.hash);
        assert_eq!(EventEnvelope::decode(&bytes).unwrap(), a.envelope);
    }
    let streamed: Vec<_> = log::iter_events(&txn, 5)
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(streamed.iter().map(|e| e.0).collect::<Vec<_>>(), [5, 6]);
}

#[test]
fn empty_log_verifies() {
    let t = TempDb::new(A);
    let report = verify_db(&t.db);
    assert!(report.is_ok());
    assert_eq!((report.events, report.stations.len()), (0, 0));
}

/// Replaces the stored bytes at `position` through the redb API, as a tamperer could.
fn tamper(txn: &WriteTransaction, position: u64, f: impl FnOnce(&mut Vec<u8>)) {
    let mut table = txn.open_table(EVENTS).unwrap();
    let mut bytes = table.get(position).unwrap().unwrap().value().to_vec();
    f(&mut bytes);
    table.insert(position, bytes.as_slice()).unwrap();
}

/// Flips every byte of the event at `position` in turn (each in a transaction that is then
/// aborted) and checks that verification names exactly that event.
fn every_flip_is_named(db: &Database, position: u64) {
    let len = db
        .begin_read()
        .unwrap()
        .event_at(position)
        .unwrap()
        .unwrap()
        .len();
    for offset in 0..len {
        let txn = db.begin_write().unwrap();
        tamper(&txn, position, |b| b[offset] ^= 0x01);
        let broken = verify(&txn).unwrap().first_broken;
        let broken = broken.unwrap_or_else(|| panic!("flip at byte {offset} went unnoticed"));
        assert_eq!(broken.position, position, "flip at byte {offset}: {broken}");
        txn.abort().unwrap();
    }
}

#[test]
fn any_modified_byte_names_the_event() {
    let t = TempDb::new(A);
    append_events(&t.db, &[A, B, A, A, B, A]);
    for position in 1..=6 {
        every_flip_is_named(&t.db, position);
    }
    assert!(
        verify_db(&t.db).is_ok(),
        "the aborted tampering left a trace"
    );
}

#[test]
fn payload_change_is_reported_with_station_and_seq() {
    let t = TempDb::new(A);
    append_events(&t.db, &[A, B, A, A, B, A]);
    let txn = t.db.begin_write().unwrap();
    tamper(&txn, 3, |b| {
        let at = b.windows(9).position(|w| w == b"payload 2").unwrap();
        b[at] = b'P';
    });
    txn.commit().unwrap();
    let broken = verify_db(&t.db).first_broken.unwrap();
    assert_eq!(
        broken.to_string(),
        format!(
            "event 3 (station {A}, seq 2): hash does not match the link stored in the next event"
        )
    );
}

#[test]
fn last_event_change_is_caught_by_the_head() {
    let t = TempDb::new(A);
    append_events(&t.db, &[A, B, A, A, B, A]);
    let txn = t.db.begin_write().unwrap();
    // Change the payload of B's last event; no later event links to it.
    let env = EventEnvelope::decode(&txn.event_at(5).unwrap().unwrap()).unwrap();
    let forged = EventEnvelope {
        payload: b"forged".to_vec(),
        ..env
    };
    tamper(&txn, 5, |b| *b = forged.encode());
    txn.commit().unwrap();
    let broken = verify_db(&t.db).first_broken.unwrap();
    assert_eq!(
        broken.to_string(),
        format!("event 5 (station {B}, seq 2): hash does not match the station head")
    );
}

#[test]
fn undecodable_and_gap_are_named() {
    let t = TempDb::new(A);
    append_events(&t.db, &[A, B, A]);
    let txn = t.db.begin_write().unwrap();
    tamper(&txn, 2, |b| *b = b"garbage".to_vec());
    let broken = verify(&txn).unwrap().first_broken.unwrap();
    assert_eq!(
        broken.to_string(),
        format!("event 2 (station {B}, seq 1): cannot be decoded")
    );
    txn.abort().unwrap();

    // Rewind A's head and drop its last event: a consistent-looking but shortened log.
    let txn = t.db.begin_write().unwrap();
    let first = txn.event_at(1).unwrap().unwrap();
    txn.open_table(EVENTS).unwrap().remove(1).unwrap();
    let broken = verify(&txn).unwrap().first_broken.unwrap();
    assert_eq!(broken.position, 2);
    txn.open_table(EVENTS)
        .unwrap()
        .insert(1, first.as_slice())
        .unwrap();
    txn.open_table(STATION_HEAD)
        .unwrap()
        .insert(A, (9, &[0u8; 32]))
        .unwrap();
    let broken = verify(&txn).unwrap().first_broken.unwrap();
    assert_eq!(
        broken.to_string(),
        format!("event 3 (station {A}, seq 2): sequence gap: the station head is at seq 9")
    );
    txn.abort().unwrap();
}

#[test]
fn non_test_reads_report_damage_with_the_position() {
    let err = log::decode_at(42, b"\xff").unwrap_err().to_string();
    assert!(
        err.starts_with("the registry is damaged: event 42 cannot be decoded"),
        "{err}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Any interleaving of stations verifies, and changing any byte of any event is named.
    #[test]
    fn interleavings_verify_and_tampering_is_named(
        picks in proptest::collection::vec(0usize..3, 1..20),
        victim in any::<prop::sample::Index>(),
        offset in any::<prop::sample::Index>(),
        flip in 1u8..=255,
    ) {
        let names = ["ALPHA", "BRAVO", "CHARLIE-LONGER-NAME"];
        let stations: Vec<&str> = picks.iter().map(|&i| names[i]).collect();
        let t = TempDb::new(names[0]);
        let appended = append_events(&t.db, &stations);
        let report = verify_db(&t.db);
        prop_assert!(report.is_ok(), "{:?}", report.first_broken);
        prop_assert_eq!(report.events, stations.len() as u64);
        for (name, last) in &report.stations {
            prop_assert_eq!(*last, stations.iter().filter(|s| *s == name).count() as u64);
        }

        let position = appended[victim.index(appended.len())].position;
        let txn = t.db.begin_write().unwrap();
        tamper(&txn, position, |b| {
            let i = offset.index(b.len());
            b[i] ^= flip;
        });
        let broken = verify(&txn).unwrap().first_broken;
        prop_assert_eq!(broken.map(|b| b.position), Some(position));
    }
}
