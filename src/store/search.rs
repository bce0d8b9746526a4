//! The search index, kept in the same write transaction as the records it indexes (so it can
//! never disagree with them) and rebuilt by the same replay: every word of a share's or
//! receipt's id, title, reference, summary and entity name (with the unit a share went to),
//! and of an entity's id and name, folded as the search folds a query (`search_words`: case
//! and accents aside). Words are stored whole; a query word matches every stored word it
//! begins (`search_query.rs`).
//!
//! Each share and receipt gets a number when it is first written here (`SEARCH_NUMBERS`, from
//! 1 up; a rebuild numbers them in order of registered time), and the postings of a word are
//! those numbers packed in blocks (`search_postings.rs`); beside the number, who may read the
//! record (`search_readers.rs`), decided by the domain's `Readers` when it is written.

use super::codec::decode_record;
use super::error::StoreError;
use super::search_postings as postings;
use super::search_readers as readers;
use super::tables::DerivedTables;
use crate::domain::entity_match::search_words;
use crate::domain::readers::Readers;
use crate::domain::record::Record;
use redb::ReadableTable;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The widest possible upper bound of a record id, for range scans.
pub(crate) const MAX_ID: &str = "\u{10FFFF}";
/// Pending postings written before the transaction ends, so a rebuild of millions of records
/// holds a bounded number of them.
const FLUSH_AT: usize = 400_000;

/// The words one record is found by, sorted and without repeats.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexedWords {
    pub words: Vec<String>,
}

impl IndexedWords {
    fn new(texts: &[&str]) -> Self {
        let words: BTreeSet<String> = texts.iter().flat_map(|t| search_words(t)).collect();
        IndexedWords {
            words: words.into_iter().collect(),
        }
    }

    pub fn encode(&self) -> Vec<u8> {
        self.words.join(" ").into_bytes()
    }

    pub fn decode(id: &str, bytes: &[u8]) -> Result<Self, StoreError> {
        let words = std::str::from_utf8(bytes)
            .map_err(|_| StoreError::Corrupt(format!("the search words of {id} are damaged")))?;
        Ok(IndexedWords {
            words: words
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect(),
        })
    }

    /// Whether every query word begins one of these words.
    pub fn matches(&self, query: &[String]) -> bool {
        query
            .iter()
            .all(|q| self.words.iter().any(|w| w.starts_with(q.as_str())))
    }
}

/// What `SEARCH_RECORDS` holds for a number: the record's id and its words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Numbered {
    pub id: String,
    pub words: IndexedWords,
}

impl Numbered {
    pub fn encode(&self) -> Vec<u8> {
        let words = self.words.encode();
        let mut out = Vec::with_capacity(2 + self.id.len() + words.len());
        out.extend_from_slice(&(self.id.len() as u16).to_le_bytes());
        out.extend_from_slice(self.id.as_bytes());
        out.extend_from_slice(&words);
        out
    }

    pub fn decode(number: u64, bytes: &[u8]) -> Result<Self, StoreError> {
        let damaged = || StoreError::Corrupt(format!("search number {number} is damaged"));
        let (len, rest) = bytes.split_at_checked(2).ok_or_else(damaged)?;
        let len = u16::from_le_bytes([len[0], len[1]]) as usize;
        let (id, words) = rest.split_at_checked(len).ok_or_else(damaged)?;
        let id = std::str::from_utf8(id).map_err(|_| damaged())?.to_string();
        let words = IndexedWords::decode(&id, words)?;
        Ok(Numbered { id, words })
    }
}

/// Whether a record is numbered and in the postings: shares and receipts.
fn numbered_kind(record: &Record) -> bool {
    matches!(record, Record::Share(_) | Record::Receipt(_))
}

/// The words a record is found by. `entity_name` gives the name of the entity a share went to
/// or a receipt came from (its id when the registry does not hold it).
pub fn words_of(record: &Record, entity_name: &str) -> Option<IndexedWords> {
    let id = record.id();
    match record {
        Record::Share(s) => {
            let p = &s.draft.product;
            Some(IndexedWords::new(&[
                id.as_str(),
                &p.title,
                &p.reference,
                &p.summary,
                entity_name,
                s.draft.recipient_unit.as_deref().unwrap_or_default(),
            ]))
        }
        Record::Receipt(r) => {
            let c = &r.capture;
            Some(IndexedWords::new(&[
                id.as_str(),
                &c.title,
                &c.reference,
                &c.summary,
                entity_name,
            ]))
        }
        Record::Entity(e) => Some(IndexedWords::new(&[id.as_str(), &e.details.name])),
        _ => None,
    }
}

/// The entity a share or receipt names.
pub fn entity_of(record: &Record) -> Option<&str> {
    match record {
        Record::Share(s) => Some(s.draft.recipient.as_str()),
        Record::Receipt(r) => Some(r.capture.source.as_str()),
        _ => None,
    }
}

/// Entity names read while indexing one batch, so a batch of a thousand receipts from one
/// entity decodes that entity once.
#[derive(Default)]
pub struct EntityNames(HashMap<String, String>);

impl EntityNames {
    pub fn name(&mut self, t: &DerivedTables, entity: &str) -> Result<String, StoreError> {
        if let Some(name) = self.0.get(entity) {
            return Ok(name.clone());
        }
        let name = match t.records.get(entity)? {
            Some(bytes) => match decode_record(entity, bytes.value())? {
                Record::Entity(e) => e.details.name,
                _ => entity.to_string(),
            },
            None => entity.to_string(),
        };
        self.0.insert(entity.to_string(), name.clone());
        Ok(name)
    }
}

/// The numbers one word gains and loses in this transaction.
#[derive(Default)]
struct WordChange {
    add: BTreeSet<u64>,
    remove: BTreeSet<u64>,
}

/// The search index changes of one transaction not yet written.
#[derive(Default)]
pub struct SearchPending {
    words: BTreeMap<String, WordChange>,
    postings: usize,
    /// Reader chunks read and changed: chunk → its codes.
    readers: BTreeMap<u64, Vec<u8>>,
    codes: HashMap<Vec<u8>, u32>,
    next_number: Option<u64>,
    next_code: Option<u32>,
}

impl SearchPending {
    /// Changes gathered and not yet written.
    pub(crate) fn is_pending(&self) -> bool {
        !self.words.is_empty() || !self.readers.is_empty()
    }

    pub(super) fn add(&mut self, word: &str, number: u64) {
        let change = self.words.entry(word.to_string()).or_default();
        if !change.remove.remove(&number) {
            change.add.insert(number);
            self.postings += 1;
        }
    }

    fn remove(&mut self, word: &str, number: u64) {
        let change = self.words.entry(word.to_string()).or_default();
        if !change.add.remove(&number) {
            change.remove.insert(number);
            self.postings += 1;
        }
    }
}

/// Brings the index up to date with records just written (in the same transaction). An
/// entity whose words changed (renamed) has every share and receipt naming it indexed again,
/// so they are found by its new name and not its old one.
pub fn index_records(t: &mut DerivedTables, records: &[Record]) -> Result<(), StoreError> {
    let mut names = EntityNames::default();
    for record in records {
        match record {
            Record::Entity(e) if index_entity(t, &mut names, record)? => {
                reindex_entity_records(t, &mut names, e.id.as_str())?;
            }
            Record::Share(_) | Record::Receipt(_) => index_numbered(t, &mut names, record)?,
            _ => {}
        }
    }
    if t.search.postings >= FLUSH_AT {
        flush(t)?;
    }
    Ok(())
}

/// `index_records` for a rebuild: entities are indexed without their records, which the
/// rebuild indexes afterwards in order of registered time (`index_in_browse_order`).
pub(crate) fn index_entities_only(
    t: &mut DerivedTables,
    records: &[Record],
) -> Result<(), StoreError> {
    let mut names = EntityNames::default();
    for record in records.iter().filter(|r| matches!(r, Record::Entity(_))) {
        index_entity(t, &mut names, record)?;
    }
    Ok(())
}

/// Numbers and indexes every share and receipt in the browser's order (registered time,
/// oldest first): after a rebuild, numbers follow registered time.
pub(crate) fn index_in_browse_order(t: &mut DerivedTables) -> Result<(), StoreError> {
    const STEP: usize = 2_000;
    let mut names = EntityNames::default();
    let mut after: Option<(i64, String)> = None;
    loop {
        let mut ids = Vec::with_capacity(STEP);
        let range = match &after {
            Some((at, id)) => t.browse.range((*at, id.as_str())..=(i64::MAX, MAX_ID))?,
            None => t.browse.range((i64::MIN, "")..=(i64::MAX, MAX_ID))?,
        };
        for entry in range {
            let (k, _) = entry?;
            let (at, id) = k.value();
            if after.as_ref().is_some_and(|(a, i)| *a == at && i == id) {
                continue;
            }
            ids.push((at, id.to_string()));
            if ids.len() == STEP {
                break;
            }
        }
        let Some(last) = ids.last().cloned() else {
            break;
        };
        for (_, id) in &ids {
            let Some(bytes) = t.records.get(id.as_str())?.map(|b| b.value().to_vec()) else {
                return Err(StoreError::Corrupt(format!(
                    "the browser names missing record {id}"
                )));
            };
            let record = decode_record(id, &bytes)?;
            index_numbered(t, &mut names, &record)?;
        }
        if t.search.postings >= FLUSH_AT {
            flush(t)?;
        }
        after = Some(last);
    }
    Ok(())
}

/// Indexes an entity; says whether its words changed.
fn index_entity(
    t: &mut DerivedTables,
    names: &mut EntityNames,
    record: &Record,
) -> Result<bool, StoreError> {
    let Record::Entity(e) = record else {
        return Ok(false);
    };
    let id = e.id.as_str();
    let Some(new) = words_of(record, "") else {
        return Ok(false);
    };
    let old = match t.search_words.get(id)? {
        Some(bytes) => Some(IndexedWords::decode(id, bytes.value())?),
        None => None,
    };
    if old.as_ref() == Some(&new) {
        return Ok(false);
    }
    for w in old.iter().flat_map(|o| &o.words) {
        t.search_entity_terms.remove((w.as_str(), id))?;
    }
    for w in &new.words {
        t.search_entity_terms.insert((w.as_str(), id), ())?;
    }
    t.search_words.insert(id, new.encode().as_slice())?;
    names.0.insert(id.to_string(), e.details.name.clone());
    Ok(true)
}

/// Numbers a share or receipt when it is first written, and brings its words and who may
/// read it up to date.
fn index_numbered(
    t: &mut DerivedTables,
    names: &mut EntityNames,
    record: &Record,
) -> Result<(), StoreError> {
    if !numbered_kind(record) {
        return Ok(());
    }
    let id = record.id();
    let id = id.as_str();
    let entity = match entity_of(record) {
        Some(e) => names.name(t, e)?,
        None => String::new(),
    };
    let Some(words) = words_of(record, &entity) else {
        return Ok(());
    };
    let known = t.search_numbers.get(id)?.map(|n| n.value());
    let (number, old) = match known {
        Some(n) => {
            let Some(bytes) = t.search_records.get(n)? else {
                return Err(StoreError::Corrupt(format!(
                    "search number {n} of {id} is missing"
                )));
            };
            (n, Some(Numbered::decode(n, bytes.value())?.words))
        }
        None => {
            let n = next_number(t)?;
            t.search_numbers.insert(id, n)?;
            (n, None)
        }
    };
    set_readers(t, number, &Readers::of(record))?;
    if old.as_ref() == Some(&words) {
        return Ok(());
    }
    for w in old.iter().flat_map(|o| &o.words) {
        if words.words.binary_search(w).is_err() {
            t.search.remove(w, number);
        }
    }
    for w in &words.words {
        if old
            .as_ref()
            .is_none_or(|o| o.words.binary_search(w).is_err())
        {
            t.search.add(w, number);
        }
    }
    let numbered = Numbered {
        id: id.to_string(),
        words,
    };
    t.search_records
        .insert(number, numbered.encode().as_slice())?;
    Ok(())
}

fn next_number(t: &mut DerivedTables) -> Result<u64, StoreError> {
    let n = match t.search.next_number {
        Some(n) => n,
        None => t.search_records.last()?.map_or(1, |(k, _)| k.value() + 1),
    };
    t.search.next_number = Some(n + 1);
    Ok(n)
}

/// Records who may read the record numbered `number` (in the pending chunk).
fn set_readers(t: &mut DerivedTables, number: u64, who: &Readers) -> Result<(), StoreError> {
    let bytes = readers::encode(who);
    let code = match t.search.codes.get(&bytes) {
        Some(c) => *c,
        None => {
            let known = t
                .search_reader_codes
                .get(bytes.as_slice())?
                .map(|c| c.value());
            let code = match known {
                Some(c) => c,
                None => {
                    let code = match t.search.next_code {
                        Some(c) => c,
                        None => t
                            .search_reader_kinds
                            .last()?
                            .map_or(1, |(k, _)| k.value() + 1),
                    };
                    t.search.next_code = Some(code + 1);
                    t.search_reader_kinds.insert(code, bytes.as_slice())?;
                    t.search_reader_codes.insert(bytes.as_slice(), code)?;
                    code
                }
            };
            t.search.codes.insert(bytes, code);
            code
        }
    };
    let (chunk, offset) = readers::place(number);
    if !t.search.readers.contains_key(&chunk) {
        let stored = t
            .search_readers
            .get(chunk)?
            .map(|b| b.value().to_vec())
            .unwrap_or_default();
        t.search.readers.insert(chunk, stored);
    }
    if let Some(codes) = t.search.readers.get_mut(&chunk) {
        readers::set_code(codes, offset, code);
    }
    Ok(())
}

/// Writes the pending postings and reader codes.
pub(crate) fn flush(t: &mut DerivedTables) -> Result<(), StoreError> {
    let pending = std::mem::take(&mut t.search.words);
    for (word, change) in pending {
        if !change.remove.is_empty() {
            let remove: Vec<u64> = change.remove.into_iter().collect();
            postings::remove(&mut t.search_postings, &word, &remove)?;
        }
        if !change.add.is_empty() {
            let add: Vec<u64> = change.add.into_iter().collect();
            postings::add(&mut t.search_postings, &word, &add)?;
        }
    }
    t.search.postings = 0;
    for (chunk, codes) in std::mem::take(&mut t.search.readers) {
        t.search_readers.insert(chunk, codes.as_slice())?;
    }
    Ok(())
}

/// Indexes again every share and receipt that names `entity`.
fn reindex_entity_records(
    t: &mut DerivedTables,
    names: &mut EntityNames,
    entity: &str,
) -> Result<(), StoreError> {
    let mut ids = Vec::new();
    for entry in t
        .by_entity
        .range((entity, i64::MIN, "")..=(entity, i64::MAX, MAX_ID))?
    {
        let (k, _) = entry?;
        ids.push(k.value().2.to_string());
    }
    for id in ids {
        let Some(bytes) = t.records.get(id.as_str())?.map(|b| b.value().to_vec()) else {
            continue;
        };
        let record = decode_record(&id, &bytes)?;
        index_numbered(t, names, &record)?;
    }
    Ok(())
}
