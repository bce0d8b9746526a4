//! Appending to and reading the event log. Each append links the event to the previous event
//! from the same station and updates that station's head in the same write transaction.

use redb::{ReadTransaction, ReadableTable, WriteTransaction};

use super::envelope::{EventEnvelope, Hash, ZERO_HASH, event_hash};
use super::error::StoreError;
use super::hlc::Hlc;
use super::read::LogRead;
use super::schema::{EVENTS, META_LAST_HLC};
use super::tables::LogTables;

/// What an append stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appended {
    /// Global log position, from 1.
    pub position: u64,
    pub envelope: EventEnvelope,
    /// SHA-256 of the stored bytes.
    pub hash: Hash,
}

/// Appends a new event written at this station: the next sequence for `station`, linked to its
/// previous event. `hlc` is normally `Hlc::tick(last_hlc(txn)?, now_ms)`.
pub fn append_local(
    txn: &WriteTransaction,
    station: &str,
    actor: &str,
    record_id: &str,
    payload: Vec<u8>,
    hlc: Hlc,
) -> Result<Appended, StoreError> {
    let mut log = LogTables::open(txn)?;
    append_local_in(&mut log, station, actor, record_id, payload, hlc)
}

/// `append_local` with the log's tables already open (many events in one transaction).
pub fn append_local_in(
    log: &mut LogTables,
    station: &str,
    actor: &str,
    record_id: &str,
    payload: Vec<u8>,
    hlc: Hlc,
) -> Result<Appended, StoreError> {
    let (last_seq, prev_hash) = checked_head(log, station, false)?;
    let seq = last_seq
        .checked_add(1)
        .ok_or_else(|| StoreError::Corrupt(format!("sequence of station {station} overflows")))?;
    let envelope = EventEnvelope {
        station: station.to_string(),
        seq,
        hlc,
        actor: actor.to_string(),
        record_id: record_id.to_string(),
        payload,
        prev_hash,
    };
    let bytes = envelope.encode();
    let hash = event_hash(&bytes);
    let position = store(log, &envelope, &bytes, &hash)?;
    Ok(Appended {
        position,
        envelope,
        hash,
    })
}

/// Appends an event received from another station exactly as it was encoded there. It must be
/// the next event of its station and link to the head stored here.
pub fn append_verbatim(txn: &WriteTransaction, bytes: &[u8]) -> Result<Appended, StoreError> {
    append_verbatim_in(&mut LogTables::open(txn)?, bytes)
}

/// `append_verbatim` with the log's tables already open (a whole bundle in one transaction).
pub fn append_verbatim_in(log: &mut LogTables, bytes: &[u8]) -> Result<Appended, StoreError> {
    let envelope =
        EventEnvelope::decode(bytes).map_err(|e| StoreError::InvalidEvent(e.to_string()))?;
    let hash = event_hash(bytes);
    let station = &envelope.station;
    let seq = envelope.seq;
    let (head_seq, head_hash) = checked_head(log, station, true)?;

    if seq >= 1 && seq <= head_seq {
        let stored = match log.station_seq.get((station.as_str(), seq))? {
            Some(position) => log
                .events
                .get(position.value())?
                .map(|v| v.value().to_vec()),
            None => None,
        };
        let stored = stored.ok_or_else(|| {
            StoreError::Corrupt(format!("event {station} seq {seq} is missing from the log"))
        })?;
        let station = station.clone();
        return Err(if event_hash(&stored) == hash {
            StoreError::DuplicateEvent { station, seq }
        } else {
            StoreError::ConflictingEvent { station, seq }
        });
    }
    if Some(seq) != head_seq.checked_add(1) {
        return Err(StoreError::SequenceGap {
            station: station.clone(),
            expected: head_seq.saturating_add(1),
            found: seq,
        });
    }
    if envelope.prev_hash != head_hash {
        return Err(StoreError::PrevHashMismatch {
            station: station.clone(),
            seq,
        });
    }
    let position = store(log, &envelope, bytes, &hash)?;
    Ok(Appended {
        position,
        envelope,
        hash,
    })
}

/// The head the next event of `station` will link to, after checking that it is what the log
/// holds: the event it names is stored, decodes as that station's event with that sequence,
/// its bytes hash to the head's hash, and nothing follows it. A damaged last event or head is
/// found here, before a new event chains onto it, not later by `verify`. Reads two or three
/// keys and hashes one event, so a write costs about the same. `withheld_head`: the head may
/// name an event received by hash only (its content not stored).
fn checked_head(
    log: &LogTables,
    station: &str,
    withheld_head: bool,
) -> Result<(u64, Hash), StoreError> {
    let damaged = |what: String| StoreError::DamagedBeforeWrite(what);
    let Some((seq, hash)) = log.head(station)? else {
        if log.station_seq.get((station, 1))?.is_some() {
            return Err(damaged(format!(
                "station {station} has events but no head recorded"
            )));
        }
        return Ok((0, ZERO_HASH));
    };
    let next = seq.checked_add(1).unwrap_or(seq);
    if next != seq && log.station_seq.get((station, next))?.is_some() {
        return Err(damaged(format!(
            "the head of station {station} says seq {seq}, but seq {next} is stored"
        )));
    }
    let position = match log.station_seq.get((station, seq))? {
        Some(p) => p.value(),
        None if withheld_head => return Ok((seq, hash)),
        None => {
            return Err(damaged(format!(
                "the last event of station {station} (seq {seq}) is missing from the log"
            )));
        }
    };
    let bytes = log
        .events
        .get(position)?
        .map(|v| v.value().to_vec())
        .ok_or_else(|| damaged(format!("event {position} is missing from the log")))?;
    let last = format!("event {position} (station {station}, seq {seq})");
    if event_hash(&bytes) != hash {
        return Err(damaged(format!(
            "{last} does not match the hash the next event would link to"
        )));
    }
    match EventEnvelope::decode(&bytes) {
        Ok(e) if e.station == station && e.seq == seq => Ok((seq, hash)),
        _ => Err(damaged(format!(
            "{last} is not the event its station's index says"
        ))),
    }
}

fn store(
    log: &mut LogTables,
    envelope: &EventEnvelope,
    bytes: &[u8],
    hash: &Hash,
) -> Result<u64, StoreError> {
    let position = log.last_position()? + 1;
    let hlc = log.last_hlc()?.max(envelope.hlc);
    log.events.insert(position, bytes)?;
    log.station_seq
        .insert((envelope.station.as_str(), envelope.seq), position)?;
    log.station_head
        .insert(envelope.station.as_str(), (envelope.seq, hash))?;
    log.meta.insert(META_LAST_HLC, hlc.to_bytes().as_slice())?;
    Ok(position)
}

/// Number of events in the log.
pub fn len(txn: &impl LogRead) -> Result<u64, StoreError> {
    txn.last_position()
}

/// The largest HLC of any stored event; zero for an empty log.
pub fn last_hlc(txn: &impl LogRead) -> Result<Hlc, StoreError> {
    match txn.meta_get(META_LAST_HLC)? {
        None => Ok(Hlc::ZERO),
        Some(bytes) => Hlc::from_bytes(&bytes)
            .ok_or_else(|| StoreError::Corrupt("the stored last event time is malformed".into())),
    }
}

/// Every event as (position, stored bytes), in position order.
pub fn read_all(txn: &impl LogRead) -> Result<Vec<(u64, Vec<u8>)>, StoreError> {
    txn.events_range(1, usize::MAX)
}

/// Streams events from position `from` onwards without loading the whole log.
pub fn iter_events(
    txn: &ReadTransaction,
    from: u64,
) -> Result<impl Iterator<Item = Result<(u64, Vec<u8>), StoreError>> + use<>, StoreError> {
    let table = txn.open_table(EVENTS)?;
    let range = table.range(from..)?;
    Ok(range.map(|item| {
        let (k, v) = item?;
        Ok((k.value(), v.value().to_vec()))
    }))
}

/// Decodes the event stored at `position`; a damaged event is an error naming its position.
pub fn decode_at(position: u64, bytes: &[u8]) -> Result<EventEnvelope, StoreError> {
    EventEnvelope::decode(bytes)
        .map_err(|e| StoreError::Corrupt(format!("event {position} cannot be decoded: {e}")))
}
