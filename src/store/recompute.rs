//! Recomputing derived state from the log: the check that the records and queue indexes are
//! exactly what replaying every event gives, and the rebuild when they are not.

use super::codec::decode_record;
use super::derive::{browse_key, clear_derived, index_event, index_table, write_records_in};
use super::error::StoreError;
use super::foreign::{Decoded, replay_event};
use super::log::decode_at;
use super::read::LogRead;
use super::registry::Store;
use super::schema::RECORDS;
use super::schema::{IDX_BROWSE, IDX_ENTITY, RECORD_EVENTS};
use super::tables::DerivedTables;
use crate::domain::ids::RecordId;
use crate::domain::memory::MemoryRegistry;
use crate::domain::queue::{Queue, placements};
use crate::domain::record::Record;
use redb::{ReadableTable, WriteTransaction};
use std::collections::BTreeSet;

const CHUNK: usize = 4096;

impl Store {
    /// Replays every event of the log, in order, into memory.
    pub fn replay_log(&self) -> Result<MemoryRegistry, StoreError> {
        Ok(self.replay()?.0)
    }

    /// The replay, and which record each event changed (record id, position).
    fn replay(&self) -> Result<(MemoryRegistry, Vec<(String, u64)>), StoreError> {
        let txn = self.db().begin_read()?;
        let mut registry = MemoryRegistry::new(&self.meta().station);
        let mut touched = Vec::new();
        // Events from other stations merge with each record's history (see `foreign`): keep
        // the timelines only when the log holds any.
        let own = self.meta().station.clone();
        let mut timelines = txn
            .station_heads()?
            .iter()
            .any(|(s, _, _)| *s != own)
            .then(std::collections::HashMap::new);
        let mut from = 1;
        loop {
            let events = txn.events_range(from, CHUNK)?;
            let Some((last, _)) = events.last() else {
                break;
            };
            from = last + 1;
            for (position, bytes) in events {
                let event = Decoded::new(position, decode_at(position, &bytes)?)?;
                replay_event(
                    &mut registry,
                    &txn,
                    timelines.as_mut(),
                    &own,
                    position,
                    &event,
                )?;
                touched.push((event.envelope.record_id, position));
            }
        }
        Ok((registry, touched))
    }

    /// The first difference between the derived tables and a replay of the log, if any.
    pub fn derived_state_difference(&self) -> Result<Option<String>, StoreError> {
        let (expected, touched) = self.replay()?;
        let txn = self.db().begin_read()?;
        let table = txn.open_table(RECORDS)?;
        let mut seen = 0usize;
        for entry in table.iter()? {
            let (id, bytes) = entry?;
            let id = id.value();
            let record = match decode_record(id, bytes.value()) {
                Ok(r) => r,
                Err(e) => return Ok(Some(e.to_string())),
            };
            match expected.view.records.get(&RecordId::from(id)) {
                Some(r) if r == &record => seen += 1,
                Some(_) => return Ok(Some(format!("record {id} differs from the log's replay"))),
                None => return Ok(Some(format!("record {id} is not produced by the log"))),
            }
        }
        if seen != expected.view.records.len() {
            let stored: BTreeSet<String> = {
                let mut ids = BTreeSet::new();
                for entry in table.iter()? {
                    ids.insert(entry?.0.value().to_string());
                }
                ids
            };
            let missing = expected
                .view
                .records
                .keys()
                .find(|id| !stored.contains(id.as_str()))
                .map(|id| id.to_string())
                .unwrap_or_default();
            return Ok(Some(format!(
                "record {missing} is missing: {seen} records are stored, the log produces {}",
                expected.view.records.len()
            )));
        }
        for queue in Queue::ALL {
            let want: BTreeSet<(i64, String)> = expected
                .view
                .records
                .values()
                .flat_map(|r| index_entries(r, queue))
                .collect();
            let index = txn.open_table(index_table(queue))?;
            let mut have = BTreeSet::new();
            for entry in index.iter()? {
                let (k, _) = entry?;
                let (key, id) = k.value();
                have.insert((key, id.to_string()));
            }
            if want != have {
                let describe = |d: Option<&(i64, String)>| match d {
                    Some((_, id)) => id.clone(),
                    None => "nothing".to_string(),
                };
                return Ok(Some(format!(
                    "the {} queue index differs from the log's replay: it lacks {}, and holds {} it should not",
                    queue.key(),
                    describe(want.difference(&have).next()),
                    describe(have.difference(&want).next()),
                )));
            }
        }
        let want: BTreeSet<(i64, String, String)> = expected
            .view
            .records
            .values()
            .filter_map(|r| browse_key(r).map(|(at, e)| (at, e.to_string(), r.id().to_string())))
            .collect();
        let mut browse = BTreeSet::new();
        for entry in txn.open_table(IDX_BROWSE)?.iter()? {
            let (k, _) = entry?;
            browse.insert(k.value().1.to_string());
        }
        let mut by_entity = BTreeSet::new();
        for entry in txn.open_table(IDX_ENTITY)?.iter()? {
            let (k, _) = entry?;
            let (e, at, id) = k.value();
            by_entity.insert((at, e.to_string(), id.to_string()));
        }
        let want_browse: BTreeSet<String> = want.iter().map(|(_, _, id)| id.clone()).collect();
        if browse != want_browse || by_entity != want {
            return Ok(Some(
                "the browser's indexes differ from the log's replay".into(),
            ));
        }
        let mut events = BTreeSet::new();
        for entry in txn.open_table(RECORD_EVENTS)?.iter()? {
            let (k, _) = entry?;
            let (id, position) = k.value();
            events.insert((id.to_string(), position));
        }
        if events != touched.into_iter().collect() {
            return Ok(Some(
                "the index of each record's events differs from the log".into(),
            ));
        }
        self.search_index_difference()
    }

    /// Rebuilds every derived table from the log, in one write transaction: the log is read
    /// once the transaction holds the writer's lock, so no other process appends an event the
    /// rebuild would miss, and a crash leaves the tables as they were.
    pub fn rebuild_derived(&self) -> Result<(), StoreError> {
        let txn = self.begin_write()?;
        self.rebuild_derived_in(&txn)?;
        txn.commit()?;
        Ok(())
    }

    /// Clears the derived tables in `txn` and writes them again from a replay of the log (read
    /// as last committed: the caller holds the write transaction, so that is the log).
    pub(crate) fn rebuild_derived_in(&self, txn: &WriteTransaction) -> Result<(), StoreError> {
        let (replayed, touched) = self.replay()?;
        clear_derived(txn)?;
        let mut t = DerivedTables::open(txn)?;
        let records: Vec<Record> = replayed.view.records.into_values().collect();
        for chunk in records.chunks(CHUNK) {
            write_records_in(&mut t, chunk)?;
        }
        for (id, position) in &touched {
            index_event(&mut t, id, *position)?;
        }
        Ok(())
    }
}

fn index_entries(record: &Record, queue: Queue) -> Vec<(i64, String)> {
    placements(record)
        .into_iter()
        .filter(|p| p.queue == queue)
        .map(|p| (p.key, record.id().to_string()))
        .collect()
}
