//! Events this registry knows only by their place in their station's chain: the station that
//! sent them withheld their content (above this station's clearance, or concerning only the
//! station that made them). Each keeps its link to the previous event and its own hash, so the
//! chain still verifies end to end; the content may arrive later (a snapshot, a raised
//! clearance) and then fills the place, stored at its arrival position like any other event.

use redb::{ReadTransaction, ReadableTable, Table, TableDefinition, WriteTransaction};

use super::envelope::{EventEnvelope, Hash, ZERO_HASH, event_hash};
use super::error::StoreError;
use super::log::Appended;
use super::schema::META_LAST_HLC;
use super::tables::LogTables;

/// (hash of the previous event, hash of this event).
type Links = (&'static [u8; 32], &'static [u8; 32]);

/// (station, seq) → links.
pub const WITHHELD: TableDefinition<(&str, u64), Links> = TableDefinition::new("withheld_events");

pub type WithheldTable<'t> = Table<'t, (&'static str, u64), Links>;

/// A withheld event's place in its chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Withheld {
    pub prev_hash: Hash,
    pub hash: Hash,
}

/// Reading withheld events from a read or a write transaction (a registry that never imported
/// has no such table: nothing is withheld).
pub trait WithheldRead {
    fn withheld(&self, station: &str, seq: u64) -> Result<Option<Withheld>, StoreError>;
}

macro_rules! impl_withheld_read {
    ($txn:ty) => {
        impl WithheldRead for $txn {
            fn withheld(&self, station: &str, seq: u64) -> Result<Option<Withheld>, StoreError> {
                let Some(table) = super::tables::present(self.open_table(WITHHELD))? else {
                    return Ok(None);
                };
                Ok(table.get((station, seq))?.map(|v| {
                    let (prev, hash) = v.value();
                    Withheld {
                        prev_hash: *prev,
                        hash: *hash,
                    }
                }))
            }
        }
    };
}

impl_withheld_read!(ReadTransaction);
impl_withheld_read!(WriteTransaction);

pub fn get(table: &WithheldTable, station: &str, seq: u64) -> Result<Option<Withheld>, StoreError> {
    Ok(table.get((station, seq))?.map(|v| {
        let (prev, hash) = v.value();
        Withheld {
            prev_hash: *prev,
            hash: *hash,
        }
    }))
}

/// Appends a withheld event: the next of its station, linked to the head stored here.
pub fn append_withheld_in(
    log: &mut LogTables,
    table: &mut WithheldTable,
    station: &str,
    seq: u64,
    w: Withheld,
) -> Result<(), StoreError> {
    let (head_seq, head_hash) = log.head(station)?.unwrap_or((0, ZERO_HASH));
    if Some(seq) != head_seq.checked_add(1) {
        return Err(StoreError::SequenceGap {
            station: station.to_string(),
            expected: head_seq.saturating_add(1),
            found: seq,
        });
    }
    if w.prev_hash != head_hash {
        return Err(StoreError::PrevHashMismatch {
            station: station.to_string(),
            seq,
        });
    }
    table.insert((station, seq), (&w.prev_hash, &w.hash))?;
    log.station_head.insert(station, (seq, &w.hash))?;
    Ok(())
}

/// Stores the content of an event held so far only as withheld. The bytes must be exactly the
/// event the chain names: same hash, same link.
pub fn fill_withheld_in(
    log: &mut LogTables,
    table: &WithheldTable,
    bytes: &[u8],
) -> Result<Appended, StoreError> {
    let envelope =
        EventEnvelope::decode(bytes).map_err(|e| StoreError::InvalidEvent(e.to_string()))?;
    let hash = event_hash(bytes);
    let station = envelope.station.clone();
    let seq = envelope.seq;
    let place = get(table, &station, seq)?;
    let filled = log.station_seq.get((station.as_str(), seq))?.is_some();
    match place {
        Some(w) if !filled && w.hash == hash && w.prev_hash == envelope.prev_hash => {}
        _ => return Err(StoreError::ConflictingEvent { station, seq }),
    }
    let position = log.last_position()? + 1;
    let hlc = log.last_hlc()?.max(envelope.hlc);
    log.events.insert(position, bytes)?;
    log.station_seq.insert((station.as_str(), seq), position)?;
    log.meta.insert(META_LAST_HLC, hlc.to_bytes().as_slice())?;
    Ok(Appended {
        position,
        envelope,
        hash,
    })
}
