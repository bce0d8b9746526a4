//! The search index, kept in the same write transaction as the records it indexes (so it can
//! never disagree with them) and rebuilt by the same replay: every word of a share's or
//! receipt's id, title, reference, summary and entity name (with the unit a share went to),
//! and of an entity's id and name, folded as the search folds a query (`search_words`: case
//! and accents aside). Words are stored whole; a query word matches every stored word it
//! begins (`query.rs`).

use super::codec::decode_record;
use super::error::StoreError;
use super::tables::DerivedTables;
use crate::domain::entity_match::search_words;
use crate::domain::record::Record;
use redb::ReadableTable;
use std::collections::{BTreeSet, HashMap};

/// The widest possible upper bound of a record id, for range scans.
pub(crate) const MAX_ID: &str = "\u{10FFFF}";

/// What one record is indexed under: its registered seconds (shares and receipts) and its
/// words, sorted and without repeats.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexedWords {
    pub at: i64,
    pub words: Vec<String>,
}

impl IndexedWords {
    fn new(at: i64, texts: &[&str]) -> Self {
        let words: BTreeSet<String> = texts.iter().flat_map(|t| search_words(t)).collect();
        IndexedWords {
            at,
            words: words.into_iter().collect(),
        }
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(8 + self.words.iter().map(|w| w.len() + 1).sum::<usize>());
        out.extend_from_slice(&self.at.to_le_bytes());
        out.extend_from_slice(self.words.join(" ").as_bytes());
        out
    }

    pub fn decode(id: &str, bytes: &[u8]) -> Result<Self, StoreError> {
        let damaged = || StoreError::Corrupt(format!("the search words of {id} are damaged"));
        if bytes.len() < 8 {
            return Err(damaged());
        }
        let (at, words) = bytes.split_at(8);
        let at = i64::from_le_bytes(at.try_into().map_err(|_| damaged())?);
        let words = std::str::from_utf8(words).map_err(|_| damaged())?;
        Ok(IndexedWords {
            at,
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

/// Whether a record is in the index at all: shares, receipts and entities.
fn indexed_kind(record: &Record) -> bool {
    matches!(
        record,
        Record::Share(_) | Record::Receipt(_) | Record::Entity(_)
    )
}

/// The words a record is found by. `entity_name` gives the name of the entity a share went to
/// or a receipt came from (its id when the registry does not hold it).
pub fn words_of(record: &Record, entity_name: &str) -> Option<IndexedWords> {
    let id = record.id();
    match record {
        Record::Share(s) => {
            let p = &s.draft.product;
            Some(IndexedWords::new(
                s.register_date().timestamp(),
                &[
                    id.as_str(),
                    &p.title,
                    &p.reference,
                    &p.summary,
                    entity_name,
                    s.draft.recipient_unit.as_deref().unwrap_or_default(),
                ],
            ))
        }
        Record::Receipt(r) => {
            let c = &r.capture;
            Some(IndexedWords::new(
                c.received_at.timestamp(),
                &[id.as_str(), &c.title, &c.reference, &c.summary, entity_name],
            ))
        }
        Record::Entity(e) => Some(IndexedWords::new(i64::MIN, &[id.as_str(), &e.details.name])),
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

/// Brings the index up to date with records just written (in the same transaction). An
/// entity whose words changed (renamed) has every share and receipt naming it indexed again,
/// so they are found by its new name and not its old one.
pub fn index_records(t: &mut DerivedTables, records: &[Record]) -> Result<(), StoreError> {
    let mut names = EntityNames::default();
    for record in records.iter().filter(|r| indexed_kind(r)) {
        let entity_changed = index_one(t, &mut names, record)?;
        if entity_changed && let Record::Entity(e) = record {
            reindex_entity_records(t, &mut names, e.id.as_str())?;
        }
    }
    Ok(())
}

/// Indexes one record; says whether its words changed.
fn index_one(
    t: &mut DerivedTables,
    names: &mut EntityNames,
    record: &Record,
) -> Result<bool, StoreError> {
    let id = record.id();
    let id = id.as_str();
    let entity = match entity_of(record) {
        Some(e) => names.name(t, e)?,
        None => String::new(),
    };
    let Some(new) = words_of(record, &entity) else {
        return Ok(false);
    };
    let old = match t.search_words.get(id)? {
        Some(bytes) => Some(IndexedWords::decode(id, bytes.value())?),
        None => None,
    };
    if old.as_ref() == Some(&new) {
        return Ok(false);
    }
    let is_entity = matches!(record, Record::Entity(_));
    if let Some(old) = &old {
        for w in &old.words {
            if is_entity {
                t.search_entity_terms.remove((w.as_str(), id))?;
            } else {
                t.search_terms.remove((w.as_str(), old.at, id))?;
            }
        }
    }
    for w in &new.words {
        if is_entity {
            t.search_entity_terms.insert((w.as_str(), id), ())?;
        } else {
            t.search_terms.insert((w.as_str(), new.at, id), ())?;
        }
    }
    t.search_words.insert(id, new.encode().as_slice())?;
    if is_entity {
        names.0.insert(id.to_string(), entity_name(record));
    }
    Ok(true)
}

fn entity_name(record: &Record) -> String {
    match record {
        Record::Entity(e) => e.details.name.clone(),
        _ => String::new(),
    }
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
        index_one(t, names, &record)?;
    }
    Ok(())
}
