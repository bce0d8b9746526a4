//! The tables of one write transaction, opened once and used for every event in it: opening
//! and closing a redb table per insert costs more than the insert.

use super::envelope::Hash;
use super::error::StoreError;
use super::hlc::Hlc;
use super::schema::{
    EVENTS, IDX_BROWSE, IDX_ENTITY, IDX_PENDING, IDX_REVIEW, IDX_URGENT, META, META_LAST_HLC,
    RECORD_EVENTS, RECORD_KEYS, RECORDS, SEARCH_ENTITY_TERMS, SEARCH_NUMBERS, SEARCH_POSTINGS,
    SEARCH_READER_CODES, SEARCH_READER_KINDS, SEARCH_READERS, SEARCH_RECORDS, SEARCH_WORDS,
    STATION_HEAD, STATION_SEQ,
};
use super::search::SearchPending;
use redb::{ReadableTable, Table, WriteTransaction};

/// The append-only log and its bookkeeping.
pub struct LogTables<'t> {
    pub meta: Table<'t, &'static str, &'static [u8]>,
    pub events: Table<'t, u64, &'static [u8]>,
    pub station_seq: Table<'t, (&'static str, u64), u64>,
    pub station_head: Table<'t, &'static str, (u64, &'static [u8; 32])>,
}

impl<'t> LogTables<'t> {
    pub fn open(txn: &'t WriteTransaction) -> Result<Self, StoreError> {
        Ok(LogTables {
            meta: txn.open_table(META)?,
            events: txn.open_table(EVENTS)?,
            station_seq: txn.open_table(STATION_SEQ)?,
            station_head: txn.open_table(STATION_HEAD)?,
        })
    }

    pub fn head(&self, station: &str) -> Result<Option<(u64, Hash)>, StoreError> {
        Ok(self.station_head.get(station)?.map(|v| {
            let (seq, hash) = v.value();
            (seq, *hash)
        }))
    }

    pub fn last_position(&self) -> Result<u64, StoreError> {
        Ok(self.events.last()?.map_or(0, |(k, _)| k.value()))
    }

    pub fn last_hlc(&self) -> Result<Hlc, StoreError> {
        match self.meta.get(META_LAST_HLC)? {
            None => Ok(Hlc::ZERO),
            Some(bytes) => Hlc::from_bytes(bytes.value()).ok_or_else(|| {
                StoreError::Corrupt("the stored last event time is malformed".into())
            }),
        }
    }
}

/// The state derived from the log: records, queue indexes and the search index.
pub struct DerivedTables<'t> {
    pub records: Table<'t, &'static str, &'static [u8]>,
    pub keys: Table<'t, &'static str, &'static [u8]>,
    pub urgent: Table<'t, (i64, &'static str), ()>,
    pub pending: Table<'t, (i64, &'static str), ()>,
    pub review: Table<'t, (i64, &'static str), ()>,
    pub browse: Table<'t, (i64, &'static str), ()>,
    pub by_entity: Table<'t, (&'static str, i64, &'static str), ()>,
    pub events_by_record: Table<'t, (&'static str, u64), ()>,
    pub search_numbers: Table<'t, &'static str, u64>,
    pub search_records: Table<'t, u64, &'static [u8]>,
    pub search_postings: Table<'t, (&'static str, u64), &'static [u8]>,
    pub search_readers: Table<'t, u64, &'static [u8]>,
    pub search_reader_kinds: Table<'t, u32, &'static [u8]>,
    pub search_reader_codes: Table<'t, &'static [u8], u32>,
    pub search_words: Table<'t, &'static str, &'static [u8]>,
    pub search_entity_terms: Table<'t, (&'static str, &'static str), ()>,
    /// Search index changes gathered in this transaction, written by `finish` (or sooner when
    /// they grow large): a transaction of many records writes each word's last block once.
    pub search: SearchPending,
}

impl<'t> DerivedTables<'t> {
    pub fn open(txn: &'t WriteTransaction) -> Result<Self, StoreError> {
        Ok(DerivedTables {
            records: txn.open_table(RECORDS)?,
            keys: txn.open_table(RECORD_KEYS)?,
            urgent: txn.open_table(IDX_URGENT)?,
            pending: txn.open_table(IDX_PENDING)?,
            review: txn.open_table(IDX_REVIEW)?,
            browse: txn.open_table(IDX_BROWSE)?,
            by_entity: txn.open_table(IDX_ENTITY)?,
            events_by_record: txn.open_table(RECORD_EVENTS)?,
            search_numbers: txn.open_table(SEARCH_NUMBERS)?,
            search_records: txn.open_table(SEARCH_RECORDS)?,
            search_postings: txn.open_table(SEARCH_POSTINGS)?,
            search_readers: txn.open_table(SEARCH_READERS)?,
            search_reader_kinds: txn.open_table(SEARCH_READER_KINDS)?,
            search_reader_codes: txn.open_table(SEARCH_READER_CODES)?,
            search_words: txn.open_table(SEARCH_WORDS)?,
            search_entity_terms: txn.open_table(SEARCH_ENTITY_TERMS)?,
            search: SearchPending::default(),
        })
    }

    /// Writes what this transaction changed in the search index. Call before committing:
    /// tables dropped without it lose the pending postings (the commit would leave the index
    /// disagreeing with the records, which `verify` reports).
    pub fn finish(mut self) -> Result<(), StoreError> {
        super::search::flush(&mut self)
    }
}

impl Drop for DerivedTables<'_> {
    /// A transaction that did not call `finish` still writes its search changes: the tables
    /// borrow the transaction, so they are dropped — and this runs — before it can commit.
    /// On an error path the transaction is dropped without committing and this is wasted;
    /// a failure here has no one to tell it to, and `verify` names postings that are missing.
    fn drop(&mut self) {
        if self.search.is_pending() && !std::thread::panicking() {
            let _ = super::search::flush(self);
        }
    }
}

/// A table an older registry may not have yet: `None` when it is absent (it reads as empty),
/// any other failure an error.
pub(crate) fn present<T>(opened: Result<T, redb::TableError>) -> Result<Option<T>, StoreError> {
    match opened {
        Ok(t) => Ok(Some(t)),
        Err(redb::TableError::TableDoesNotExist(_)) => Ok(None),
        Err(e) => Err(e.into()),
    }
}
