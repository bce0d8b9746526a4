//! Events recorded at other stations: the store gathers the history of the record an event
//! targets and lets the domain's merge decide what the records become. Import (in its write
//! transaction) and replay (in memory) go through the same merge, so derived state always
//! equals a replay of the log.

use std::collections::HashMap;

use redb::{ReadTransaction, ReadableTable};

use super::codec::decode_change;
use super::derive::{index_event, write_records_in};
use super::envelope::EventEnvelope;
use super::error::StoreError;
use super::read::LogRead;
use super::spill::SpillRegistry;
use super::table_view::TableView;
use super::tables::{DerivedTables, LogTables};
use crate::domain::change::Change;
use crate::domain::ids::{RecordId, Time};
use crate::domain::memory::MemoryRegistry;
use crate::domain::merge::{StationEvent, apply_foreign};

/// An event decoded for the merge.
pub(crate) struct Decoded {
    pub envelope: EventEnvelope,
    pub change: Change,
    pub at: Time,
}

impl Decoded {
    pub fn new(position: u64, envelope: EventEnvelope) -> Result<Decoded, StoreError> {
        let change = decode_change(&envelope.payload)?;
        let at = Time::from_timestamp_millis(envelope.hlc.wall_ms).ok_or_else(|| {
            StoreError::Corrupt(format!("event {position} has an impossible time"))
        })?;
        Ok(Decoded {
            envelope,
            change,
            at,
        })
    }

    fn event(&self) -> StationEvent<'_> {
        StationEvent {
            station: &self.envelope.station,
            seq: self.envelope.seq,
            stamp: (self.envelope.hlc.wall_ms, self.envelope.hlc.logical),
            at: self.at,
            actor: &self.envelope.actor,
            change: &self.change,
        }
    }
}

fn decode_stored(position: u64, bytes: &[u8]) -> Result<Decoded, StoreError> {
    let envelope = EventEnvelope::decode(bytes)
        .map_err(|e| StoreError::Corrupt(format!("event {position} cannot be decoded: {e}")))?;
    Decoded::new(position, envelope)
}

/// Applies a foreign event just appended at `position`, in the import's write transaction.
/// Returns whether it raised a conflict.
pub(crate) fn apply_foreign_in(
    log: &LogTables,
    derived: &mut DerivedTables,
    incoming: &Decoded,
    position: u64,
) -> Result<bool, StoreError> {
    let record_id = incoming.envelope.record_id.as_str();
    let mut history = Vec::new();
    for entry in derived
        .events_by_record
        .range((record_id, 0)..(record_id, position))?
    {
        let (key, _) = entry?;
        let (_, at) = key.value();
        let bytes = log.events.get(at)?.ok_or_else(|| {
            StoreError::Corrupt(format!(
                "the timeline of {record_id} names missing event {at}"
            ))
        })?;
        history.push(decode_stored(at, bytes.value())?);
    }
    let id = RecordId(record_id.to_string());
    let merged = {
        let view = TableView::new(&derived.records);
        let past: Vec<StationEvent> = history.iter().map(Decoded::event).collect();
        let merged = apply_foreign(&view, &id, &incoming.event(), &past);
        if let Some(e) = view.take_error() {
            return Err(StoreError::Corrupt(e));
        }
        merged
    };
    write_records_in(derived, &merged.records)?;
    index_event(derived, record_id, position)?;
    Ok(merged.conflict)
}

/// Replays one event into memory exactly as it was applied when it was recorded (local) or
/// imported (foreign). `timelines` collects each record's event positions as the replay goes;
/// pass `None` when the log holds only this station's events.
pub(crate) fn replay_event(
    registry: &mut MemoryRegistry,
    txn: &ReadTransaction,
    timelines: Option<&mut HashMap<String, Vec<u64>>>,
    own_station: &str,
    position: u64,
    event: &Decoded,
) -> Result<(), StoreError> {
    let envelope = &event.envelope;
    let id = RecordId(envelope.record_id.clone());
    let Some(timelines) = timelines else {
        return registry
            .replay(&id, &event.change, &envelope.actor, event.at)
            .map_err(|e| StoreError::Corrupt(format!("event {position}: {e}")));
    };
    if envelope.station == own_station {
        registry
            .replay(&id, &event.change, &envelope.actor, event.at)
            .map_err(|e| StoreError::Corrupt(format!("event {position}: {e}")))?;
    } else {
        let mut history = Vec::new();
        for at in timelines.get(&envelope.record_id).into_iter().flatten() {
            let bytes = txn.event_at(*at)?.ok_or_else(|| {
                StoreError::Corrupt(format!("event {at} is missing from the log"))
            })?;
            history.push(decode_stored(*at, &bytes)?);
        }
        let past: Vec<StationEvent> = history.iter().map(Decoded::event).collect();
        let merged = apply_foreign(&registry.view, &id, &event.event(), &past);
        for record in merged.records {
            registry.view.records.insert(record.id(), record);
        }
    }
    timelines
        .entry(envelope.record_id.clone())
        .or_default()
        .push(position);
    Ok(())
}

/// `replay_event` for a replay held in bounded memory (`verify` of a long log): the same
/// apply and the same merge, the records and timelines kept by `SpillRegistry`. `foreign`:
/// whether the log holds events of other stations (then timelines are kept).
pub(crate) fn replay_spilled(
    registry: &mut SpillRegistry,
    txn: &ReadTransaction,
    foreign: bool,
    own_station: &str,
    position: u64,
    event: &Decoded,
) -> Result<(), StoreError> {
    let envelope = &event.envelope;
    let id = RecordId(envelope.record_id.clone());
    if !foreign || envelope.station == own_station {
        registry.replay(position, &id, &event.change, &envelope.actor, event.at)?;
    } else {
        let mut history = Vec::new();
        for at in registry.timeline(&envelope.record_id)? {
            let bytes = txn.event_at(at)?.ok_or_else(|| {
                StoreError::Corrupt(format!("event {at} is missing from the log"))
            })?;
            history.push(decode_stored(at, &bytes)?);
        }
        let past: Vec<StationEvent> = history.iter().map(Decoded::event).collect();
        let merged = apply_foreign(&*registry, &id, &event.event(), &past);
        registry.check()?;
        registry.put(merged.records)?;
    }
    if foreign {
        registry.note_timeline(&envelope.record_id, position);
    }
    Ok(())
}
