//! Appending events that another station encoded, as an import will.

use redb::{ReadableDatabase, WriteTransaction};

use super::*;

const HOME: &str = "HOME";
const PEER: &str = "PEER";

/// Encoded events of station PEER, written in its own registry.
fn peer_events(n: usize) -> Vec<Vec<u8>> {
    let peer = TempDb::new(PEER);
    append_events(&peer.db, &vec![PEER; n]);
    let txn = peer.db.begin_read().unwrap();
    log::read_all(&txn)
        .unwrap()
        .into_iter()
        .map(|(_, b)| b)
        .collect()
}

fn verbatim_err(txn: &WriteTransaction, bytes: &[u8]) -> StoreError {
    match append_verbatim(txn, bytes) {
        Ok(a) => panic!("appended {a:?}"),
        Err(e) => e,
    }
}

#[test]
fn peer_events_are_stored_byte_for_byte() {
    let peer = peer_events(3);
    let home = TempDb::new(HOME);
    append_events(&home.db, &[HOME]);
    let txn = home.db.begin_write().unwrap();
    for (i, bytes) in peer.iter().enumerate() {
        let a = append_verbatim(&txn, bytes).unwrap();
        assert_eq!((a.position, a.envelope.seq), (i as u64 + 2, i as u64 + 1));
        assert_eq!(a.hash, event_hash(bytes));
        assert_eq!(txn.event_at(a.position).unwrap().as_ref(), Some(bytes));
    }
    let newest = EventEnvelope::decode(&peer[2]).unwrap().hlc;
    assert_eq!(log::last_hlc(&txn).unwrap(), newest);
    txn.commit().unwrap();
    let report = verify_db(&home.db);
    assert!(report.is_ok(), "{:?}", report.first_broken);
    assert_eq!(report.stations, [(HOME.into(), 1), (PEER.into(), 3)]);
}

#[test]
fn a_gap_is_refused_naming_station_and_seq() {
    let peer = peer_events(3);
    let home = TempDb::new(HOME);
    let txn = home.db.begin_write().unwrap();
    append_verbatim(&txn, &peer[0]).unwrap();
    let err = verbatim_err(&txn, &peer[2]);
    assert!(
        matches!(&err, StoreError::SequenceGap { station, expected: 2, found: 3 } if station == PEER),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "event PEER seq 3 cannot be added: the next event expected from PEER is seq 2"
    );
    assert_eq!(log::len(&txn).unwrap(), 1);
}

#[test]
fn a_wrong_prev_hash_is_refused() {
    let peer = peer_events(2);
    let home = TempDb::new(HOME);
    let txn = home.db.begin_write().unwrap();
    append_verbatim(&txn, &peer[0]).unwrap();
    let mut forged = EventEnvelope::decode(&peer[1]).unwrap();
    forged.prev_hash[0] ^= 1;
    let err = verbatim_err(&txn, &forged.encode());
    assert!(
        matches!(&err, StoreError::PrevHashMismatch { seq: 2, .. }),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "event PEER seq 2 does not link to the previous event from PEER (hash mismatch)"
    );

    // A first event must link to nothing.
    let mut first = EventEnvelope::decode(&peer[0]).unwrap();
    first.station = "THIRD".into();
    first.prev_hash = [9; 32];
    let err = verbatim_err(&txn, &first.encode());
    assert!(
        matches!(err, StoreError::PrevHashMismatch { seq: 1, .. }),
        "{err:?}"
    );
}

#[test]
fn duplicates_conflicts_and_garbage() {
    let peer = peer_events(2);
    let home = TempDb::new(HOME);
    let txn = home.db.begin_write().unwrap();
    append_verbatim(&txn, &peer[0]).unwrap();
    append_verbatim(&txn, &peer[1]).unwrap();
    let err = verbatim_err(&txn, &peer[0]);
    assert!(
        matches!(err, StoreError::DuplicateEvent { seq: 1, .. }),
        "{err:?}"
    );

    let mut other = EventEnvelope::decode(&peer[1]).unwrap();
    other.payload = b"a different history".to_vec();
    let err = verbatim_err(&txn, &other.encode());
    assert!(
        matches!(err, StoreError::ConflictingEvent { seq: 2, .. }),
        "{err:?}"
    );

    let err = verbatim_err(&txn, b"\x00garbage");
    assert!(matches!(err, StoreError::InvalidEvent(_)), "{err:?}");
    let mut zero = EventEnvelope::decode(&peer[0]).unwrap();
    zero.seq = 0;
    let err = verbatim_err(&txn, &zero.encode());
    assert!(
        matches!(err, StoreError::SequenceGap { found: 0, .. }),
        "{err:?}"
    );
    assert_eq!(log::len(&txn).unwrap(), 2);
}
