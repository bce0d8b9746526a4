//! `verify`'s check of the search index: every record's indexed words are the words it is
//! found by (`search::words_of`), each share and receipt has one search number and its number
//! names it back, the reader summary beside it is who may read it (`Readers::of`), and the
//! index holds exactly those words' postings. The records are checked against a replay of the
//! log elsewhere (`recompute.rs`), so an index that agrees with the records agrees with the
//! log. Streams: the postings are compared as a count and an order-free sum of their hashes,
//! not held in memory.

use super::codec::decode_record;
use super::error::StoreError;
use super::registry::Store;
use super::schema::{
    RECORDS, SEARCH_ENTITY_TERMS, SEARCH_NUMBERS, SEARCH_POSTINGS, SEARCH_READER_KINDS,
    SEARCH_READERS, SEARCH_RECORDS, SEARCH_WORDS,
};
use super::search::{IndexedWords, Numbered, entity_of, words_of};
use super::search_postings::decode_block;
use super::search_readers as readers;
use crate::domain::readers::Readers;
use crate::domain::record::Record;
use redb::{ReadableTable, ReadableTableMetadata};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

/// A multiset of postings: how many, and the wrapping sum of their hashes.
#[derive(Default, PartialEq, Eq, Debug)]
struct Tally {
    count: u64,
    sum: u64,
}

impl Tally {
    fn add(&mut self, posting: impl Hash) {
        let mut h = DefaultHasher::new();
        posting.hash(&mut h);
        self.count += 1;
        self.sum = self.sum.wrapping_add(h.finish());
    }
}

impl Store {
    /// The first difference between the search index and the records, if any.
    pub fn search_index_difference(&self) -> Result<Option<String>, StoreError> {
        let txn = self.db().begin_read()?;
        let records = txn.open_table(RECORDS)?;
        let words = txn.open_table(SEARCH_WORDS)?;
        let numbers = txn.open_table(SEARCH_NUMBERS)?;
        let numbered = txn.open_table(SEARCH_RECORDS)?;
        let chunks = txn.open_table(SEARCH_READERS)?;
        let kinds = txn.open_table(SEARCH_READER_KINDS)?;
        let mut names = HashMap::new();
        for entry in records.range("ENT-".."ENT.")? {
            let (k, v) = entry?;
            if let Record::Entity(e) = decode_record(k.value(), v.value())? {
                names.insert(e.id.to_string(), e.details.name);
            }
        }
        let (mut want_terms, mut want_entity_terms) = (Tally::default(), Tally::default());
        let (mut entities, mut indexed) = (0u64, 0u64);
        for entry in records.iter()? {
            let (k, v) = entry?;
            let id = k.value();
            let record = decode_record(id, v.value())?;
            let entity = entity_of(&record)
                .map(|e| names.get(e).cloned().unwrap_or_else(|| e.to_string()))
                .unwrap_or_default();
            let Some(want) = words_of(&record, &entity) else {
                continue;
            };
            if let Record::Entity(_) = record {
                entities += 1;
                let have = match words.get(id)? {
                    Some(bytes) => IndexedWords::decode(id, bytes.value())?,
                    None => return Ok(Some(format!("the search index lacks entity {id}"))),
                };
                if have != want {
                    return Ok(Some(format!(
                        "the search index holds other words for {id} than the entity has"
                    )));
                }
                for w in &want.words {
                    want_entity_terms.add((w.as_str(), id));
                }
                continue;
            }
            indexed += 1;
            let Some(number) = numbers.get(id)?.map(|n| n.value()) else {
                return Ok(Some(format!("the search index lacks record {id}")));
            };
            let have = match numbered.get(number)? {
                Some(bytes) => Numbered::decode(number, bytes.value())?,
                None => {
                    return Ok(Some(format!("the search number of {id} names no record")));
                }
            };
            if have.id != id {
                return Ok(Some(format!(
                    "the search number of {id} names {} instead",
                    have.id
                )));
            }
            if have.words != want {
                return Ok(Some(format!(
                    "the search index holds other words for {id} than the record has"
                )));
            }
            let (chunk, offset) = readers::place(number);
            let code = chunks
                .get(chunk)?
                .map_or(readers::NONE, |c| readers::code_at(c.value(), offset));
            let summary = match kinds.get(code)? {
                Some(bytes) => readers::decode(bytes.value())?,
                None => {
                    return Ok(Some(format!(
                        "the search index does not say who may read {id}"
                    )));
                }
            };
            if summary != Readers::of(&record) {
                return Ok(Some(format!(
                    "the search index says other people may read {id} than the record does"
                )));
            }
            for w in &want.words {
                want_terms.add((w.as_str(), number));
            }
        }
        if words.len()? != entities {
            return Ok(Some(format!(
                "the search index has words for {} entities, the registry holds {entities}",
                words.len()?
            )));
        }
        if numbers.len()? != indexed || numbered.len()? != indexed {
            return Ok(Some(format!(
                "the search index numbers {} records ({} numbers), the registry indexes {indexed}",
                numbers.len()?,
                numbered.len()?
            )));
        }
        let mut have_terms = Tally::default();
        for entry in txn.open_table(SEARCH_POSTINGS)?.iter()? {
            let (k, v) = entry?;
            let (word, first) = k.value();
            for n in decode_block(word, first, v.value())? {
                have_terms.add((word, n));
            }
        }
        let mut have_entity_terms = Tally::default();
        for entry in txn.open_table(SEARCH_ENTITY_TERMS)?.iter()? {
            have_entity_terms.add(entry?.0.value());
        }
        if have_terms != want_terms || have_entity_terms != want_entity_terms {
            return Ok(Some(
                "the search index's words differ from the records' words".into(),
            ));
        }
        Ok(None)
    }
}
