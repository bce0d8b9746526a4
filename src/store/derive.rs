//! Writing derived state: each record the domain's `apply` returns, and its queue index
//! entries, in the same write transaction that appends the event.

use super::codec::{decode_record, encode_record};
use super::error::StoreError;
use super::schema::{
    IDX_BROWSE, IDX_ENTITY, IDX_PENDING, IDX_REVIEW, IDX_URGENT, RECORD_EVENTS, RECORD_KEYS,
    RECORDS, SEARCH_ENTITY_TERMS, SEARCH_NUMBERS, SEARCH_POSTINGS, SEARCH_READER_CODES,
    SEARCH_READER_KINDS, SEARCH_READERS, SEARCH_RECORDS, SEARCH_TERMS_SCHEMA_4, SEARCH_WORDS,
};
use super::tables::DerivedTables;
use crate::domain::queue::{Placement, Queue, placements};
use crate::domain::record::Record;
use redb::{ReadableTable, TableDefinition, WriteTransaction};

pub fn index_table(queue: Queue) -> TableDefinition<'static, (i64, &'static str), ()> {
    match queue {
        Queue::Urgent => IDX_URGENT,
        Queue::Pending => IDX_PENDING,
        Queue::Overdue => IDX_REVIEW,
    }
}

/// Writes records and moves their index entries from where they were to where they belong.
pub fn write_records(txn: &WriteTransaction, records: &[Record]) -> Result<(), StoreError> {
    let mut t = DerivedTables::open(txn)?;
    write_records_in(&mut t, records)?;
    t.finish()
}

/// `write_records` with the derived tables already open (`DerivedTables::finish` writes the
/// search index's pending changes before the commit).
pub fn write_records_in(t: &mut DerivedTables, records: &[Record]) -> Result<(), StoreError> {
    write_records_and_queues(t, records)?;
    super::search::index_records(t, records)
}

/// `write_records_in` for a rebuild: shares and receipts are searched by number once every
/// record is written (`search::index_in_browse_order`).
pub(crate) fn write_records_before_search(
    t: &mut DerivedTables,
    records: &[Record],
) -> Result<(), StoreError> {
    write_records_and_queues(t, records)?;
    super::search::index_entities_only(t, records)
}

fn write_records_and_queues(t: &mut DerivedTables, records: &[Record]) -> Result<(), StoreError> {
    let DerivedTables {
        records: table,
        keys,
        urgent,
        pending,
        review,
        browse,
        by_entity,
        ..
    } = t;
    for record in records {
        let id = record.id();
        let id = id.as_str();
        let new_key = browse_key(record);
        // An amendment can change the entity (or the time) a product is browsed under: the
        // old keys go. Created records have no old version to read.
        if let Some(new_key) = new_key {
            let old = match table.get(id)? {
                Some(bytes) => Some(decode_record(id, bytes.value())?),
                None => None,
            };
            if let Some(old_key) = old.as_ref().and_then(browse_key)
                && old_key != new_key
            {
                browse.remove((old_key.0, id))?;
                by_entity.remove((old_key.1, old_key.0, id))?;
            }
        }
        table.insert(id, encode_record(record).as_slice())?;
        // Inserting the same keys again is a no-op.
        if let Some((at, entity)) = new_key {
            browse.insert((at, id), ())?;
            by_entity.insert((entity, at, id), ())?;
        }
        let old = match keys.get(id)? {
            Some(bytes) => decode_placements(bytes.value())?,
            None => Vec::new(),
        };
        let new = placements(record);
        if old == new {
            continue;
        }
        for p in &old {
            let t = match p.queue {
                Queue::Urgent => &mut *urgent,
                Queue::Pending => &mut *pending,
                Queue::Overdue => &mut *review,
            };
            t.remove((p.key, id))?;
        }
        for p in &new {
            let t = match p.queue {
                Queue::Urgent => &mut *urgent,
                Queue::Pending => &mut *pending,
                Queue::Overdue => &mut *review,
            };
            t.insert((p.key, id), ())?;
        }
        if new.is_empty() {
            keys.remove(id)?;
        } else {
            keys.insert(id, encode_placements(&new).as_slice())?;
        }
    }
    Ok(())
}

/// Where a share or receipt sits in the browser: its time (drafted / received) and entity.
pub fn browse_key(record: &Record) -> Option<(i64, &str)> {
    match record {
        Record::Share(s) => Some((s.register_date().timestamp(), s.draft.recipient.as_str())),
        Record::Receipt(r) => Some((r.capture.received_at.timestamp(), r.capture.source.as_str())),
        _ => None,
    }
}

/// Notes that the event at `position` changed `record_id` (for the record's timeline).
pub fn index_event(
    t: &mut DerivedTables,
    record_id: &str,
    position: u64,
) -> Result<(), StoreError> {
    t.events_by_record.insert((record_id, position), ())?;
    Ok(())
}

/// Empties every derived table (before a rebuild from the log).
pub fn clear_derived(txn: &WriteTransaction) -> Result<(), StoreError> {
    for def in [RECORDS, RECORD_KEYS] {
        txn.delete_table(def)?;
        txn.open_table(def)?;
    }
    txn.delete_table(IDX_BROWSE)?;
    txn.open_table(IDX_BROWSE)?;
    txn.delete_table(IDX_ENTITY)?;
    txn.open_table(IDX_ENTITY)?;
    txn.delete_table(RECORD_EVENTS)?;
    txn.open_table(RECORD_EVENTS)?;
    txn.delete_table(SEARCH_TERMS_SCHEMA_4)?;
    for def in [SEARCH_RECORDS, SEARCH_READERS] {
        txn.delete_table(def)?;
        txn.open_table(def)?;
    }
    txn.delete_table(SEARCH_NUMBERS)?;
    txn.open_table(SEARCH_NUMBERS)?;
    txn.delete_table(SEARCH_POSTINGS)?;
    txn.open_table(SEARCH_POSTINGS)?;
    txn.delete_table(SEARCH_READER_KINDS)?;
    txn.open_table(SEARCH_READER_KINDS)?;
    txn.delete_table(SEARCH_READER_CODES)?;
    txn.open_table(SEARCH_READER_CODES)?;
    txn.delete_table(SEARCH_WORDS)?;
    txn.open_table(SEARCH_WORDS)?;
    txn.delete_table(SEARCH_ENTITY_TERMS)?;
    txn.open_table(SEARCH_ENTITY_TERMS)?;
    for q in Queue::ALL {
        txn.delete_table(index_table(q))?;
        txn.open_table(index_table(q))?;
    }
    Ok(())
}

fn queue_byte(q: Queue) -> u8 {
    match q {
        Queue::Urgent => 0,
        Queue::Pending => 1,
        Queue::Overdue => 2,
    }
}

fn encode_placements(ps: &[Placement]) -> Vec<u8> {
    let mut out = Vec::with_capacity(ps.len() * 9);
    for p in ps {
        out.push(queue_byte(p.queue));
        out.extend_from_slice(&p.key.to_le_bytes());
    }
    out
}

pub(crate) fn decode_placements(bytes: &[u8]) -> Result<Vec<Placement>, StoreError> {
    if !bytes.len().is_multiple_of(9) {
        return Err(StoreError::Corrupt(
            "a record's index keys are damaged".into(),
        ));
    }
    bytes
        .chunks_exact(9)
        .map(|c| {
            let queue = match c[0] {
                0 => Queue::Urgent,
                1 => Queue::Pending,
                2 => Queue::Overdue,
                _ => {
                    return Err(StoreError::Corrupt(
                        "a record's index keys are damaged".into(),
                    ));
                }
            };
            let mut k = [0u8; 8];
            k.copy_from_slice(&c[1..]);
            Ok(Placement {
                queue,
                key: i64::from_le_bytes(k),
            })
        })
        .collect()
}
