//! The state a replay of the log builds, held in bounded memory: the records changed lately
//! stay in memory, and every so often they are written to a temporary database (an unnamed
//! file that disappears with the process), where later events read them back. `verify` uses it
//! to replay a log of millions of events without holding millions of records.

use super::codec::{decode_record, encode_record};
use super::error::StoreError;
use super::table_view::TableView;
use crate::domain::apply::{ApplyError, EventContext, apply};
use crate::domain::change::Change;
use crate::domain::ids::{RecordId, Time, settings_id};
use crate::domain::record::Record;
use crate::domain::settings::MissionSettings;
use crate::domain::user::UserAccount;
use crate::domain::view::RegistryView;
use redb::backends::{FileBackend, InMemoryBackend};
use redb::{Database, Durability, ReadOnlyTable, ReadableDatabase, TableDefinition};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

/// The replayed records: id → encoded record, as the records table holds them.
pub const REPLAYED: TableDefinition<&str, &[u8]> = TableDefinition::new("replayed");
/// The replayed timelines: (record id, log position) → (), for events of other stations.
const TIMELINES: TableDefinition<(&str, u64), ()> = TableDefinition::new("timelines");

/// How much of a replay is held in memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReplayMemory {
    /// Records kept in memory before they are written out.
    pub hot_records: usize,
    /// Logs up to this many events are replayed wholly in memory (no temporary file).
    pub in_memory_events: u64,
}

impl ReplayMemory {
    /// What `verify`, `rebuild` and the reports use: a record is a few kilobytes at most, so
    /// a few tens of megabytes.
    pub const STANDARD: ReplayMemory = ReplayMemory {
        hot_records: 4096,
        in_memory_events: 20_000,
    };
}
/// The temporary database's page cache.
const CACHE_BYTES: usize = 8 << 20;

pub struct SpillRegistry {
    db: Database,
    hot_records: usize,
    /// Records changed since the last spill.
    hot: BTreeMap<RecordId, Record>,
    /// Timeline entries added since the last spill.
    hot_timelines: HashMap<String, Vec<u64>>,
    spilled: ReadOnlyTable<&'static str, &'static [u8]>,
    spilled_timelines: ReadOnlyTable<(&'static str, u64), ()>,
    settings: RefCell<Option<MissionSettings>>,
    error: RefCell<Option<String>>,
}

impl SpillRegistry {
    /// A replay of a log of `events` events. A small log is replayed wholly in memory (no
    /// temporary file, so a disk that is full or a file-size limit does not stop a `verify` or
    /// a report of a station's registry); a large one spills to an unnamed temporary file.
    pub fn new(events: u64, memory: ReplayMemory) -> Result<Self, StoreError> {
        let builder = {
            let mut b = Database::builder();
            b.set_cache_size(CACHE_BYTES);
            b
        };
        let db =
            if events <= memory.in_memory_events {
                builder.create_with_backend(InMemoryBackend::new())
            } else {
                let file = tempfile::tempfile().map_err(|e| StoreError::Io {
                    path: std::env::temp_dir(),
                    message: format!("a temporary file for the replay: {e}"),
                })?;
                builder.create_with_backend(FileBackend::new(file).map_err(|e| {
                    StoreError::Redb(format!("the replay's temporary database: {e}"))
                })?)
            }
            .map_err(|e| StoreError::Redb(format!("the replay's temporary database: {e}")))?;
        let mut txn = db.begin_write()?;
        txn.set_durability(Durability::None)
            .map_err(|e| StoreError::Redb(e.to_string()))?;
        txn.open_table(REPLAYED)?;
        txn.open_table(TIMELINES)?;
        txn.commit()?;
        let (spilled, spilled_timelines) = open_readers(&db)?;
        Ok(SpillRegistry {
            db,
            hot_records: memory.hot_records,
            hot: BTreeMap::new(),
            hot_timelines: HashMap::new(),
            spilled,
            spilled_timelines,
            settings: RefCell::new(None),
            error: RefCell::new(None),
        })
    }

    /// Applies an already-recorded event, as `MemoryRegistry::replay` does.
    pub fn replay(
        &mut self,
        position: u64,
        id: &RecordId,
        change: &Change,
        actor: &str,
        at: Time,
    ) -> Result<(), StoreError> {
        let cx = EventContext { actor, at };
        let records = apply(self, id, change, &cx);
        self.check()?;
        let records = records
            .map_err(|e: ApplyError| StoreError::Corrupt(format!("event {position}: {e}")))?;
        self.put(records)
    }

    /// Stores records the replay produced.
    pub fn put(&mut self, records: Vec<Record>) -> Result<(), StoreError> {
        for record in records {
            if record.id() == settings_id() {
                *self.settings.borrow_mut() = None;
            }
            self.hot.insert(record.id(), record);
        }
        if self.hot.len() >= self.hot_records {
            self.spill()?;
        }
        Ok(())
    }

    /// The positions of the events that changed `id` so far (events of other stations need
    /// the record's history to merge).
    pub fn timeline(&self, id: &str) -> Result<Vec<u64>, StoreError> {
        let mut out = Vec::new();
        for entry in self.spilled_timelines.range((id, 0)..=(id, u64::MAX))? {
            out.push(entry?.0.value().1);
        }
        out.extend(self.hot_timelines.get(id).into_iter().flatten());
        Ok(out)
    }

    pub fn note_timeline(&mut self, id: &str, position: u64) {
        self.hot_timelines
            .entry(id.to_string())
            .or_default()
            .push(position);
    }

    /// Writes what is in memory to the temporary database.
    fn spill(&mut self) -> Result<(), StoreError> {
        let mut txn = self.db.begin_write()?;
        txn.set_durability(Durability::None)
            .map_err(|e| StoreError::Redb(e.to_string()))?;
        {
            let mut table = txn.open_table(REPLAYED)?;
            for (id, record) in &self.hot {
                table.insert(id.as_str(), encode_record(record).as_slice())?;
            }
            let mut timelines = txn.open_table(TIMELINES)?;
            for (id, positions) in &self.hot_timelines {
                for p in positions {
                    timelines.insert((id.as_str(), *p), ())?;
                }
            }
        }
        txn.commit()?;
        self.hot.clear();
        self.hot_timelines.clear();
        (self.spilled, self.spilled_timelines) = open_readers(&self.db)?;
        Ok(())
    }

    /// Every replayed record, in id order (what the records table must hold).
    pub fn finish(mut self) -> Result<Replayed, StoreError> {
        self.spill()?;
        let txn = self.db.begin_read()?;
        Ok(Replayed {
            records: txn.open_table(REPLAYED)?,
            _db: self.db,
        })
    }

    /// A record could not be read back: the replay is not to be trusted.
    pub fn check(&self) -> Result<(), StoreError> {
        match self.error.borrow_mut().take() {
            Some(e) => Err(StoreError::Corrupt(e)),
            None => Ok(()),
        }
    }

    fn fail(&self, message: String) {
        self.error.borrow_mut().get_or_insert(message);
    }
}

/// The replayed records, readable as long as this lives.
pub struct Replayed {
    pub records: ReadOnlyTable<&'static str, &'static [u8]>,
    // Dropped after the table (fields drop in order): the file goes with it.
    _db: Database,
}

type Readers = (
    ReadOnlyTable<&'static str, &'static [u8]>,
    ReadOnlyTable<(&'static str, u64), ()>,
);

fn open_readers(db: &Database) -> Result<Readers, StoreError> {
    let txn = db.begin_read()?;
    Ok((txn.open_table(REPLAYED)?, txn.open_table(TIMELINES)?))
}

impl RegistryView for SpillRegistry {
    fn record(&self, id: &RecordId) -> Option<Record> {
        if let Some(r) = self.hot.get(id) {
            return Some(r.clone());
        }
        match self.spilled.get(id.as_str()) {
            Ok(Some(bytes)) => match decode_record(id.as_str(), bytes.value()) {
                Ok(r) => Some(r),
                Err(e) => {
                    self.fail(e.to_string());
                    None
                }
            },
            Ok(None) => None,
            Err(e) => {
                self.fail(format!("reading {id} back from the replay: {e}"));
                None
            }
        }
    }

    fn exists(&self, id: &RecordId) -> bool {
        self.hot.contains_key(id)
            || match self.spilled.get(id.as_str()) {
                Ok(found) => found.is_some(),
                Err(e) => {
                    self.fail(format!("reading {id} back from the replay: {e}"));
                    false
                }
            }
    }

    fn users(&self) -> Vec<UserAccount> {
        let view = TableView::new(&self.spilled);
        let mut users: BTreeMap<String, UserAccount> = view
            .users()
            .into_iter()
            .map(|u| (u.name.clone(), u))
            .collect();
        if let Some(e) = view.take_error() {
            self.fail(e);
        }
        for record in self.hot.values() {
            if let Record::User(u) = record {
                users.insert(u.name.clone(), u.clone());
            }
        }
        users.into_values().collect()
    }

    fn settings(&self) -> MissionSettings {
        if let Some(s) = self.settings.borrow().as_ref() {
            return s.clone();
        }
        let s = match self.record(&settings_id()) {
            Some(Record::Settings(s)) => s,
            _ => MissionSettings::new("unnamed mission"),
        };
        *self.settings.borrow_mut() = Some(s.clone());
        s
    }
}
