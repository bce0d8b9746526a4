//! What the sneakernet needs of the store, without any cryptography: applying another
//! station's events (content or withheld) together with this station's own record of the
//! import, all in one write transaction; reading the log for an export; keeping bundles that
//! arrived before the ones they follow; and the station's protected keys (opaque bytes here).

use redb::{ReadTransaction, ReadableTable, Table, TableDefinition};

use super::codec::{decode_change, decode_record};
use super::envelope::{EventEnvelope, Hash, event_hash};
use super::error::StoreError;
use super::foreign::{Decoded, apply_foreign_in};
use super::heads::{
    AccTable, CHAIN_ACC, ChainRead, HeadTable, SIGNED_HEADS, acc_through, get_acc, put_acc,
    put_head,
};
use super::log::append_verbatim_in;
use super::read::LogRead;
use super::registry::{ExecuteError, Store};
use super::schema::RECORDS;
use super::tables::{DerivedTables, LogTables};
use super::withheld::{
    WITHHELD, Withheld, WithheldRead, WithheldTable, append_withheld_in, fill_withheld_in, get,
};
use crate::domain::change::Change;
use crate::domain::ids::RecordId;
use crate::domain::record::Record;

/// (sender station, bundle number) → the bundle's content as its import checked it
/// (decrypted), until the bundles before it arrive.
pub const HELD_BUNDLES: TableDefinition<(&str, u64), &[u8]> = TableDefinition::new("held_bundles");
/// name → bytes: this station's keys, protected by the bundle layer before they get here.
pub const STATION_KEYS: TableDefinition<&str, &[u8]> = TableDefinition::new("station_keys");

/// One item of another station's chain, as a bundle carries it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Incoming<'a> {
    /// An event's stored bytes, exactly as its station encoded them.
    Event(&'a [u8]),
    /// An event whose content the sender withheld: its place in the chain only.
    Withheld {
        station: &'a str,
        seq: u64,
        prev_hash: Hash,
        hash: Hash,
    },
}

/// What receiving one item did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrival {
    /// A new event, applied; `conflict` when it raised or joined a conflict.
    Applied { conflict: bool },
    /// The content of an event held so far as withheld.
    Filled { conflict: bool },
    /// A new withheld event.
    Withheld,
    /// This registry already holds exactly this.
    AlreadyHeld,
}

/// What this registry holds at one place of a station's chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogItem {
    Event { position: u64, bytes: Vec<u8> },
    Withheld(Withheld),
}

/// The tables of one import, open for the whole transaction.
pub struct Exchange<'t> {
    store: &'t Store,
    log: LogTables<'t>,
    derived: DerivedTables<'t>,
    withheld: WithheldTable<'t>,
    held: Table<'t, (&'static str, u64), &'static [u8]>,
    acc: AccTable<'t>,
    heads: HeadTable<'t>,
}

impl Store {
    /// Runs `f` in one write transaction: everything it did is committed when it returns
    /// `Ok`, and nothing when it returns `Err`.
    pub fn exchange<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&mut Exchange<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let txn = self.begin_write()?;
        let out = {
            let mut x = Exchange {
                store: self,
                log: LogTables::open(&txn)?,
                derived: DerivedTables::open(&txn)?,
                withheld: txn.open_table(WITHHELD).map_err(StoreError::from)?,
                held: txn.open_table(HELD_BUNDLES).map_err(StoreError::from)?,
                acc: txn.open_table(CHAIN_ACC).map_err(StoreError::from)?,
                heads: txn.open_table(SIGNED_HEADS).map_err(StoreError::from)?,
            };
            let out = f(&mut x)?;
            x.derived.finish()?;
            out
        };
        txn.commit().map_err(StoreError::from)?;
        Ok(out)
    }

    /// A consistent view of the log for an export.
    pub fn log_reader(&self) -> Result<LogReader, StoreError> {
        Ok(LogReader {
            txn: self.db().begin_read()?,
        })
    }

    /// Bundles held from `sender`, waiting for the ones before them: (number, content).
    pub fn held_bundles(&self, sender: &str) -> Result<Vec<(u64, Vec<u8>)>, StoreError> {
        let txn = self.db().begin_read()?;
        let Some(table) = super::tables::present(txn.open_table(HELD_BUNDLES))? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for entry in table.range((sender, 0)..=(sender, u64::MAX))? {
            let (k, v) = entry?;
            out.push((k.value().1, v.value().to_vec()));
        }
        Ok(out)
    }

    /// Every record whose id starts with `prefix` (e.g. `STN-`), by id.
    pub fn records_with_prefix(&self, prefix: &str) -> Result<Vec<Record>, StoreError> {
        let txn = self.db().begin_read()?;
        let table = txn.open_table(RECORDS)?;
        let end = format!("{prefix}\u{10FFFF}");
        let mut out = Vec::new();
        for entry in table.range(prefix..end.as_str())? {
            let (k, v) = entry?;
            out.push(decode_record(k.value(), v.value())?);
        }
        Ok(out)
    }

    /// One of this station's stored keys.
    pub fn station_key(&self, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let txn = self.db().begin_read()?;
        let Some(table) = super::tables::present(txn.open_table(STATION_KEYS))? else {
            return Ok(None);
        };
        Ok(table.get(name)?.map(|v| v.value().to_vec()))
    }

    /// Stores this station's keys and records `change` (their public parts), in one
    /// transaction.
    pub fn put_station_keys(
        &self,
        keys: &[(&str, &[u8])],
        actor: &str,
        target: &RecordId,
        change: Change,
    ) -> Result<(), ExecuteError> {
        let txn = self.begin_write()?;
        {
            let mut table = txn.open_table(STATION_KEYS).map_err(StoreError::from)?;
            for (name, bytes) in keys {
                table.insert(*name, *bytes).map_err(StoreError::from)?;
            }
            let mut log = LogTables::open(&txn)?;
            let mut derived = DerivedTables::open(&txn)?;
            self.execute_in(&mut log, &mut derived, actor, Some(target), change)?;
            derived.finish()?;
        }
        txn.commit().map_err(StoreError::from)?;
        Ok(())
    }
}

impl Exchange<'_> {
    pub fn own_station(&self) -> &str {
        &self.store.meta().station
    }

    /// The last sequence and hash held for `station`.
    pub fn head(&self, station: &str) -> Result<Option<(u64, Hash)>, StoreError> {
        self.log.head(station)
    }

    /// The hash held at a place of a station's chain, and whether its content is here.
    pub fn held_at(&self, station: &str, seq: u64) -> Result<Option<(Hash, bool)>, StoreError> {
        if let Some(position) = self.log.station_seq.get((station, seq))? {
            let position = position.value();
            let bytes = self.log.events.get(position)?.ok_or_else(|| {
                StoreError::Corrupt(format!("event {station} seq {seq} is missing from the log"))
            })?;
            return Ok(Some((event_hash(bytes.value()), true)));
        }
        Ok(get(&self.withheld, station, seq)?.map(|w| (w.hash, false)))
    }

    /// Receives one item of another station's chain: appended and applied, or filled in, or
    /// recognised as already held. A different item at a place already held is an error.
    pub fn receive(&mut self, item: &Incoming) -> Result<Arrival, StoreError> {
        let own = self.own_station().to_string();
        let (station, seq, hash) = match item {
            Incoming::Event(bytes) => {
                let env = EventEnvelope::decode(bytes)
                    .map_err(|e| StoreError::InvalidEvent(e.to_string()))?;
                (env.station, env.seq, event_hash(bytes))
            }
            Incoming::Withheld {
                station, seq, hash, ..
            } => (station.to_string(), *seq, *hash),
        };
        if station == own {
            // This station's own chain is only ever written here.
            return match self.held_at(&station, seq)? {
                Some((h, _)) if h == hash => Ok(Arrival::AlreadyHeld),
                _ => Err(StoreError::ConflictingEvent { station, seq }),
            };
        }
        match (self.held_at(&station, seq)?, item) {
            (Some((h, _)), _) if h != hash => Err(StoreError::ConflictingEvent { station, seq }),
            (Some((_, false)), Incoming::Event(bytes)) => {
                let appended = fill_withheld_in(&mut self.log, &self.withheld, bytes)?;
                let conflict = self.apply(appended.position, appended.envelope)?;
                Ok(Arrival::Filled { conflict })
            }
            (Some(_), _) => Ok(Arrival::AlreadyHeld),
            (None, Incoming::Event(bytes)) => {
                let appended = append_verbatim_in(&mut self.log, bytes)?;
                let conflict = self.apply(appended.position, appended.envelope)?;
                Ok(Arrival::Applied { conflict })
            }
            (
                None,
                Incoming::Withheld {
                    prev_hash, hash, ..
                },
            ) => {
                let w = Withheld {
                    prev_hash: *prev_hash,
                    hash: *hash,
                };
                append_withheld_in(&mut self.log, &mut self.withheld, &station, seq, w)?;
                Ok(Arrival::Withheld)
            }
        }
    }

    fn apply(&mut self, position: u64, envelope: EventEnvelope) -> Result<bool, StoreError> {
        let decoded = Decoded::new(position, envelope)?;
        apply_foreign_in(&self.log, &mut self.derived, &decoded, position)
    }

    /// The sequence number this station's next event will have.
    pub fn next_own_seq(&self) -> Result<u64, StoreError> {
        Ok(self.log.head(self.own_station())?.map_or(1, |(s, _)| s + 1))
    }

    /// Records one of this station's own changes (rules checked), in this transaction.
    pub fn record(
        &mut self,
        actor: &str,
        target: &RecordId,
        change: Change,
    ) -> Result<RecordId, ExecuteError> {
        self.store.execute_in(
            &mut self.log,
            &mut self.derived,
            actor,
            Some(target),
            change,
        )
    }

    /// A record as this transaction sees it.
    pub fn record_of(&self, id: &RecordId) -> Result<Option<Record>, StoreError> {
        match self.derived.records.get(id.as_str())? {
            Some(bytes) => Ok(Some(decode_record(id.as_str(), bytes.value())?)),
            None => Ok(None),
        }
    }

    /// Keeps a bundle until the ones before it arrive.
    pub fn hold(&mut self, sender: &str, number: u64, content: &[u8]) -> Result<(), StoreError> {
        self.held.insert((sender, number), content)?;
        Ok(())
    }

    /// The bundle held from `sender` with `number`, if any.
    pub fn held(&self, sender: &str, number: u64) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.held.get((sender, number))?.map(|v| v.value().to_vec()))
    }

    /// Every bundle number held from `sender`.
    pub fn held_numbers(&self, sender: &str) -> Result<Vec<u64>, StoreError> {
        let mut out = Vec::new();
        for entry in self.held.range((sender, 0)..=(sender, u64::MAX))? {
            out.push(entry?.0.value().1);
        }
        Ok(out)
    }

    pub fn release(&mut self, sender: &str, number: u64) -> Result<(), StoreError> {
        self.held.remove((sender, number))?;
        Ok(())
    }

    /// The accumulator of `station`'s chain through `seq` (see `heads`).
    pub fn acc_through(&self, station: &str, seq: u64) -> Result<Hash, StoreError> {
        acc_through(self, station, seq)
    }

    /// Caches the accumulator of `station`'s chain through `seq`.
    pub fn put_acc(&mut self, station: &str, seq: u64, acc: &Hash) -> Result<(), StoreError> {
        put_acc(&mut self.acc, station, seq, acc)
    }

    /// Keeps `station`'s signed head at `seq` (the latest one is kept), for relaying.
    pub fn put_signed_head(
        &mut self,
        station: &str,
        seq: u64,
        bytes: &[u8],
    ) -> Result<(), StoreError> {
        put_head(&mut self.heads, station, seq, bytes)
    }
}

impl ChainRead for Exchange<'_> {
    fn hash_at(&self, station: &str, seq: u64) -> Result<Option<Hash>, StoreError> {
        Ok(self.held_at(station, seq)?.map(|(h, _)| h))
    }

    fn cached_acc(&self, station: &str) -> Result<Option<(u64, Hash)>, StoreError> {
        get_acc(&self.acc, station)
    }
}

/// A read transaction over the log and records, for building an export.
pub struct LogReader {
    txn: ReadTransaction,
}

impl LogReader {
    /// Every station's last sequence and hash, ordered by station.
    pub fn heads(&self) -> Result<Vec<(String, u64, Hash)>, StoreError> {
        self.txn.station_heads()
    }

    /// The last sequence held for `station` (0: none).
    pub fn held_through(&self, station: &str) -> Result<u64, StoreError> {
        Ok(self.txn.station_head(station)?.map_or(0, |(seq, _)| seq))
    }

    /// The hash held at (station, seq): of the event's bytes, or the withheld place's.
    pub fn hash_at(&self, station: &str, seq: u64) -> Result<Option<Hash>, StoreError> {
        ChainRead::hash_at(&self.txn, station, seq)
    }

    /// What this registry holds at (station, seq).
    pub fn item(&self, station: &str, seq: u64) -> Result<Option<LogItem>, StoreError> {
        if let Some(position) = self.txn.position_of(station, seq)? {
            let bytes = self.txn.event_at(position)?.ok_or_else(|| {
                StoreError::Corrupt(format!("event {station} seq {seq} is missing from the log"))
            })?;
            return Ok(Some(LogItem::Event { position, bytes }));
        }
        Ok(self.txn.withheld(station, seq)?.map(LogItem::Withheld))
    }

    /// The latest signed head kept for `station`: (seq, bytes).
    pub fn signed_head(&self, station: &str) -> Result<Option<(u64, Vec<u8>)>, StoreError> {
        super::heads::signed_head(&self.txn, station)
    }

    /// The accumulator of `station`'s chain through `seq` (see `heads`).
    pub fn acc_through(&self, station: &str, seq: u64) -> Result<Hash, StoreError> {
        acc_through(&self.txn, station, seq)
    }

    /// The change an event carries.
    pub fn change_of(&self, envelope: &EventEnvelope) -> Result<Change, StoreError> {
        decode_change(&envelope.payload)
    }

    pub fn record(&self, id: &RecordId) -> Result<Option<Record>, StoreError> {
        let table = self.txn.open_table(RECORDS)?;
        match table.get(id.as_str())? {
            Some(bytes) => Ok(Some(decode_record(id.as_str(), bytes.value())?)),
            None => Ok(None),
        }
    }
}
