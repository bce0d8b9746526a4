//! Reading the registry for people: pages of shares and receipts (newest first, from an index,
//! so a page costs the same on a million records), an entity's history, a record's timeline.

use super::codec::{decode_change, decode_record};
use super::error::StoreError;
use super::log::decode_at;
use super::registry::Store;
use super::schema::{EVENTS, IDX_BROWSE, IDX_ENTITY, RECORD_EVENTS, RECORDS};
use crate::domain::change::Change;
use crate::domain::entity::Entity;
use crate::domain::ids::{RecordId, Time};
use crate::domain::record::Record;
use crate::domain::user::UserAccount;
use redb::{ReadableTable, ReadableTableMetadata};

/// Where a page ends, to ask for the next one: (registered seconds, record id).
pub type Cursor = (i64, String);

/// One event of a record's timeline: who did what, when.
#[derive(Clone, Debug)]
pub struct EventSummary {
    pub position: u64,
    pub station: String,
    pub seq: u64,
    pub at: Time,
    pub actor: String,
    pub change: Change,
}

/// The widest possible upper bound of a record id, for range scans.
const MAX_ID: &str = "\u{10FFFF}";

impl Store {
    /// Up to `limit` shares and receipts that `keep` accepts, newest first, registered before
    /// `before` (or the newest when `None`), and not before `since` seconds. Returns the page
    /// and the cursor of its last row.
    pub fn browse_page(
        &self,
        before: Option<&Cursor>,
        since: Option<i64>,
        limit: usize,
        keep: &dyn Fn(&Record) -> bool,
    ) -> Result<(Vec<Record>, Option<Cursor>), StoreError> {
        let txn = self.db().begin_read()?;
        let index = txn.open_table(IDX_BROWSE)?;
        let records = txn.open_table(RECORDS)?;
        let lower = (since.unwrap_or(i64::MIN), "");
        let range = match before {
            Some((at, id)) => index.range(lower..(*at, id.as_str()))?,
            None => index.range(lower..=(i64::MAX, MAX_ID))?,
        };
        let mut page = Vec::new();
        let mut last = None;
        for entry in range.rev() {
            let (key, _) = entry?;
            let (at, id) = key.value();
            last = Some((at, id.to_string()));
            let bytes = records.get(id)?.ok_or_else(|| {
                StoreError::Corrupt(format!("the browser names missing record {id}"))
            })?;
            let record = decode_record(id, bytes.value())?;
            if keep(&record) {
                page.push(record);
                if page.len() == limit {
                    break;
                }
            }
        }
        Ok((page, last))
    }

    /// How many shares and receipts the registry holds.
    pub fn browse_len(&self) -> Result<u64, StoreError> {
        let txn = self.db().begin_read()?;
        Ok(txn.open_table(IDX_BROWSE)?.len()?)
    }

    /// An entity's shares and receipts, newest first, up to `limit`.
    pub fn entity_history(
        &self,
        entity: &RecordId,
        limit: usize,
    ) -> Result<Vec<Record>, StoreError> {
        let txn = self.db().begin_read()?;
        let index = txn.open_table(IDX_ENTITY)?;
        let records = txn.open_table(RECORDS)?;
        let e = entity.as_str();
        let mut out = Vec::new();
        for entry in index
            .range((e, i64::MIN, "")..=(e, i64::MAX, MAX_ID))?
            .rev()
            .take(limit)
        {
            let (key, _) = entry?;
            let (_, _, id) = key.value();
            if let Some(bytes) = records.get(id)? {
                out.push(decode_record(id, bytes.value())?);
            }
        }
        Ok(out)
    }

    /// Every registered entity, by id.
    pub fn entities(&self) -> Result<Vec<Entity>, StoreError> {
        let txn = self.db().begin_read()?;
        let records = txn.open_table(RECORDS)?;
        let mut out = Vec::new();
        for entry in records.range("ENT-".."ENT.")? {
            let (k, v) = entry?;
            if let Record::Entity(e) = decode_record(k.value(), v.value())? {
                out.push(e);
            }
        }
        Ok(out)
    }

    /// Every user account, by name (a handful per station): who a dissemination may name.
    pub fn users(&self) -> Result<Vec<UserAccount>, StoreError> {
        let txn = self.db().begin_read()?;
        let records = txn.open_table(RECORDS)?;
        let mut out = Vec::new();
        for entry in records.range("USR-".."USR.")? {
            let (k, v) = entry?;
            if let Record::User(u) = decode_record(k.value(), v.value())? {
                out.push(u);
            }
        }
        Ok(out)
    }

    /// The events that made a record what it is, oldest first.
    pub fn record_events(&self, id: &RecordId) -> Result<Vec<EventSummary>, StoreError> {
        let txn = self.db().begin_read()?;
        let index = txn.open_table(RECORD_EVENTS)?;
        let events = txn.open_table(EVENTS)?;
        let mut out = Vec::new();
        for entry in index.range((id.as_str(), 0)..=(id.as_str(), u64::MAX))? {
            let (key, _) = entry?;
            let (_, position) = key.value();
            let bytes = events
                .get(position)?
                .ok_or_else(|| StoreError::Corrupt(format!("event {position} is missing")))?;
            let envelope = decode_at(position, bytes.value())?;
            out.push(EventSummary {
                position,
                station: envelope.station.clone(),
                seq: envelope.seq,
                at: Time::from_timestamp_millis(envelope.hlc.wall_ms).unwrap_or_default(),
                actor: envelope.actor.clone(),
                change: decode_change(&envelope.payload)?,
            });
        }
        Ok(out)
    }
}

impl Store {
    /// Calls `f` with every record, in id order, without holding them all in memory.
    pub fn visit_records(
        &self,
        f: &mut dyn FnMut(Record) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let txn = self.db().begin_read()?;
        let records = txn.open_table(RECORDS)?;
        for entry in records.iter()? {
            let (k, v) = entry?;
            f(decode_record(k.value(), v.value())?)?;
        }
        Ok(())
    }

    /// Calls `f` with every event in log order, and the current state of the record it
    /// changed (for deciding what a reader may see of it).
    pub fn visit_events(
        &self,
        f: &mut dyn FnMut(EventSummary, Option<Record>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let txn = self.db().begin_read()?;
        let events = txn.open_table(EVENTS)?;
        let records = txn.open_table(RECORDS)?;
        for entry in events.iter()? {
            let (k, v) = entry?;
            let position = k.value();
            let envelope = decode_at(position, v.value())?;
            let record = match records.get(envelope.record_id.as_str())? {
                Some(bytes) => Some(decode_record(&envelope.record_id, bytes.value())?),
                None => None,
            };
            let summary = EventSummary {
                position,
                station: envelope.station.clone(),
                seq: envelope.seq,
                at: Time::from_timestamp_millis(envelope.hlc.wall_ms).unwrap_or_default(),
                actor: envelope.actor.clone(),
                change: decode_change(&envelope.payload)?,
            };
            f(summary, record)?;
        }
        Ok(())
    }
}

impl Store {
    /// How many events the log holds: one key read, so the console can ask every few seconds
    /// whether another process (a command, a second console, an import) changed the registry.
    pub fn log_len(&self) -> Result<u64, StoreError> {
        let txn = self.db().begin_read()?;
        super::log::len(&txn)
    }

    /// How many records the registry holds (for a report's progress).
    pub fn record_count(&self) -> Result<u64, StoreError> {
        let txn = self.db().begin_read()?;
        Ok(txn.open_table(RECORDS)?.len()?)
    }

    /// How many shares and receipts were registered in `[from, to)` (seconds), from the
    /// index alone (for a report's progress).
    pub fn register_len(&self, from: i64, to: i64) -> Result<u64, StoreError> {
        let txn = self.db().begin_read()?;
        let index = txn.open_table(IDX_BROWSE)?;
        let mut n = 0;
        for entry in index.range((from, "")..(to, ""))? {
            entry?;
            n += 1;
        }
        Ok(n)
    }

    /// Calls `f` with every share and receipt registered in `[from, to)` (seconds), oldest
    /// first, one at a time (a register of a million records never sits in memory).
    pub fn visit_register(
        &self,
        from: i64,
        to: i64,
        f: &mut dyn FnMut(Record) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let txn = self.db().begin_read()?;
        let index = txn.open_table(IDX_BROWSE)?;
        let records = txn.open_table(RECORDS)?;
        for entry in index.range((from, "")..(to, ""))? {
            let (key, _) = entry?;
            let (_, id) = key.value();
            let bytes = records.get(id)?.ok_or_else(|| {
                StoreError::Corrupt(format!("the register names missing record {id}"))
            })?;
            f(decode_record(id, bytes.value())?)?;
        }
        Ok(())
    }
}

impl Store {
    /// Calls `f` with an entity's shares and receipts registered in `[from, to)` (seconds),
    /// oldest first, however many there are (the entity view's chart over time).
    pub fn visit_entity(
        &self,
        entity: &RecordId,
        from: i64,
        to: i64,
        f: &mut dyn FnMut(Record) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let txn = self.db().begin_read()?;
        let index = txn.open_table(IDX_ENTITY)?;
        let records = txn.open_table(RECORDS)?;
        let e = entity.as_str();
        for entry in index.range((e, from, "")..(e, to, ""))? {
            let (key, _) = entry?;
            let (_, _, id) = key.value();
            if let Some(bytes) = records.get(id)? {
                f(decode_record(id, bytes.value())?)?;
            }
        }
        Ok(())
    }
}
