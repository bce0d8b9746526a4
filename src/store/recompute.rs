//! Recomputing derived state from the log: the replay in memory, and the rebuild of every
//! derived table from it. (The check that they match the log is `verify_derived`.)

use super::codec::decode_record;
use super::derive::{clear_derived, index_event, write_records_before_search};
use super::error::StoreError;
use super::foreign::{Decoded, replay_event};
use super::log::decode_at;
use super::read::LogRead;
use super::registry::Store;
use super::search::index_in_browse_order;
use super::spill::ReplayMemory;
use super::tables::DerivedTables;
use crate::domain::memory::MemoryRegistry;
use redb::{ReadableTable, WriteTransaction};

const CHUNK: usize = 4096;

impl Store {
    /// Replays every event of the log, in order, into memory.
    /// (The tests compare it with what the store holds; the rebuild and `verify` replay in
    /// bounded memory instead.)
    pub fn replay_log(&self) -> Result<MemoryRegistry, StoreError> {
        let txn = self.db().begin_read()?;
        let mut registry = MemoryRegistry::new(&self.meta().station);
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
            }
        }
        Ok(registry)
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
    /// as last committed: the caller holds the write transaction, so that is the log). The
    /// replay is the one `verify` makes, in bounded memory (recent records in memory, the rest
    /// in a temporary file), so upgrading or rebuilding a registry of millions of events does
    /// not hold them all.
    pub(crate) fn rebuild_derived_in(&self, txn: &WriteTransaction) -> Result<(), StoreError> {
        let read = self.db().begin_read()?;
        // The cleared tables are seen only by this write transaction: the replay reads the
        // log from the last commit, and each event is indexed under its record as it goes.
        clear_derived(txn)?;
        let mut t = DerivedTables::open(txn)?;
        let (replayed, _) = self.replay_spilled(
            &read,
            ReplayMemory::STANDARD,
            &mut |_, _| {},
            &mut |id, position| index_event(&mut t, id, position),
        )?;
        let replayed = replayed.finish()?;
        let mut chunk = Vec::with_capacity(CHUNK);
        for entry in replayed.records.iter()? {
            let (id, bytes) = entry?;
            chunk.push(decode_record(id.value(), bytes.value())?);
            if chunk.len() == CHUNK {
                write_records_before_search(&mut t, &chunk)?;
                chunk.clear();
            }
        }
        write_records_before_search(&mut t, &chunk)?;
        index_in_browse_order(&mut t)?;
        t.finish()
    }
}
