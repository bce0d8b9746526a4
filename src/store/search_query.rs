//! Searching the index (`search.rs`): every word of the query must begin a word of the
//! record (its id, title, reference, summary or entity name); results newest first, a page at
//! a time from a cursor, so the first page costs the same on a million records.
//!
//! One query word (the one that matches fewest records) drives: its postings are walked
//! newest first — one stream per stored word it begins, merged — and each candidate is checked
//! against the record's other words, then against the reader's need to know (`keep`, the
//! caller's call of the domain's access rule). A word that begins very many different stored
//! words (one or two letters, digits) is not expanded: it is checked on candidates instead,
//! and when every word of the query is like that the browser's index (every share and
//! receipt, newest first) drives.

use super::browse::Cursor;
use super::codec::decode_record;
use super::error::StoreError;
use super::registry::Store;
use super::schema::{IDX_BROWSE, RECORDS, SEARCH_ENTITY_TERMS, SEARCH_TERMS, SEARCH_WORDS};
use super::search::{IndexedWords, MAX_ID};
use crate::domain::entity::Entity;
use crate::domain::entity_match::search_words;
use crate::domain::record::Record;
use redb::ReadOnlyTable;
use std::collections::BTreeSet;

/// A query word that begins more stored words than this is checked, not expanded.
const MAX_EXPANSIONS: usize = 64;
/// Postings counted per query word to choose the one that drives.
const ESTIMATE_CAP: u64 = 50_000;

/// What a person typed, as the index compares it: words, case and accents aside.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchQuery {
    words: Vec<String>,
}

impl SearchQuery {
    pub fn new(text: &str) -> Self {
        let mut words = search_words(text);
        words.sort_unstable();
        words.dedup();
        SearchQuery { words }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// Whether every word of the query begins a word of `text` (a record's id, when its
    /// content is withheld from the reader and only its id and marking show).
    pub fn matches_text(&self, text: &str) -> bool {
        let have = search_words(text);
        self.words
            .iter()
            .all(|q| have.iter().any(|w| w.starts_with(q.as_str())))
    }
}

type Terms = ReadOnlyTable<(&'static str, i64, &'static str), ()>;
type Key = (i64, String);

/// Where the candidates come from, newest first.
enum Driver {
    /// The query cannot match: a word begins no stored word.
    Nothing,
    /// The postings of these stored words (all begun by one query word), merged.
    Words(Vec<String>),
    /// Every share and receipt (no query word is selective enough to expand).
    Everything,
}

impl Store {
    /// Up to `limit` shares and receipts that match `query` and that `keep` accepts, newest
    /// first, after `before` (the cursor of the previous page). Returns the page and the
    /// cursor of the last candidate looked at.
    pub fn search_page(
        &self,
        query: &SearchQuery,
        before: Option<&Cursor>,
        limit: usize,
        keep: &dyn Fn(&Record) -> bool,
    ) -> Result<(Vec<Record>, Option<Cursor>), StoreError> {
        let mut page = Vec::new();
        let last = self.search_walk(query, before, &mut |record| {
            if keep(&record) {
                page.push(record);
            }
            page.len() < limit
        })?;
        Ok((page, last))
    }

    /// How many shares and receipts match `query` and are accepted by `keep`.
    pub fn search_count(
        &self,
        query: &SearchQuery,
        keep: &dyn Fn(&Record) -> bool,
    ) -> Result<u64, StoreError> {
        let mut n = 0;
        self.search_walk(query, None, &mut |record| {
            n += u64::from(keep(&record));
            true
        })?;
        Ok(n)
    }

    /// `search_count`, but stops at `cap`: the count of a word found in most of a million
    /// records walks and decodes them all (minutes on a loaded machine), so a person is told
    /// "at least `cap`" instead.
    pub fn search_count_at_most(
        &self,
        query: &SearchQuery,
        keep: &dyn Fn(&Record) -> bool,
        cap: u64,
    ) -> Result<u64, StoreError> {
        let mut n = 0;
        self.search_walk(query, None, &mut |record| {
            n += u64::from(keep(&record));
            n < cap
        })?;
        Ok(n)
    }

    /// The entities whose id or name every query word begins a word of, that `keep` accepts.
    pub fn search_entities(
        &self,
        query: &SearchQuery,
        keep: &dyn Fn(&Record) -> bool,
    ) -> Result<Vec<Entity>, StoreError> {
        if query.is_empty() {
            return Ok(Vec::new());
        }
        let txn = self.db().begin_read()?;
        let terms = txn.open_table(SEARCH_ENTITY_TERMS)?;
        let records = txn.open_table(RECORDS)?;
        let mut found: Option<BTreeSet<String>> = None;
        for q in query.words() {
            let mut ids = BTreeSet::new();
            for entry in terms.range((q.as_str(), "")..)? {
                let (k, _) = entry?;
                let (word, id) = k.value();
                if !word.starts_with(q.as_str()) {
                    break;
                }
                if found.as_ref().is_none_or(|f| f.contains(id)) {
                    ids.insert(id.to_string());
                }
            }
            found = Some(ids);
        }
        let mut out = Vec::new();
        for id in found.unwrap_or_default() {
            let Some(bytes) = records.get(id.as_str())? else {
                return Err(StoreError::Corrupt(format!(
                    "the search index names missing entity {id}"
                )));
            };
            let record = decode_record(&id, bytes.value())?;
            if keep(&record)
                && let Record::Entity(e) = record
            {
                out.push(e);
            }
        }
        Ok(out)
    }

    /// Walks the matching shares and receipts newest first, giving each to `visit` until it
    /// returns false. Returns the key of the last one given.
    fn search_walk(
        &self,
        query: &SearchQuery,
        before: Option<&Cursor>,
        visit: &mut dyn FnMut(Record) -> bool,
    ) -> Result<Option<Cursor>, StoreError> {
        if query.is_empty() {
            return Ok(None);
        }
        let txn = self.db().begin_read()?;
        let terms = txn.open_table(SEARCH_TERMS)?;
        let words = txn.open_table(SEARCH_WORDS)?;
        let records = txn.open_table(RECORDS)?;
        let driver = choose_driver(&terms, query)?;
        // One expanded word alone: its postings are the matches, no other word to check.
        let check_words = !matches!(&driver, Driver::Words(_)) || query.words().len() > 1;
        let mut last = None;
        let mut consider = |(at, id): Key| -> Result<bool, StoreError> {
            if check_words {
                let Some(bytes) = words.get(id.as_str())? else {
                    return Err(StoreError::Corrupt(format!(
                        "the search index names {id}, which has no indexed words"
                    )));
                };
                if !IndexedWords::decode(&id, bytes.value())?.matches(query.words()) {
                    last = Some((at, id));
                    return Ok(true);
                }
            }
            let Some(bytes) = records.get(id.as_str())? else {
                return Err(StoreError::Corrupt(format!(
                    "the search index names missing record {id}"
                )));
            };
            let record = decode_record(&id, bytes.value())?;
            last = Some((at, id));
            Ok(visit(record))
        };
        match driver {
            Driver::Nothing => {}
            Driver::Words(stored) => {
                let mut merged = Merged::new(&terms, &stored, before)?;
                while let Some(key) = merged.next()? {
                    if !consider(key)? {
                        break;
                    }
                }
            }
            Driver::Everything => {
                let browse = txn.open_table(IDX_BROWSE)?;
                let range = match before {
                    Some((at, id)) => browse.range((i64::MIN, "")..(*at, id.as_str()))?,
                    None => browse.range((i64::MIN, "")..=(i64::MAX, MAX_ID))?,
                };
                for entry in range.rev() {
                    let (k, _) = entry?;
                    let (at, id) = k.value();
                    if !consider((at, id.to_string()))? {
                        break;
                    }
                }
            }
        }
        Ok(last)
    }
}

/// The stored words `q` begins, or `None` when there are more than `MAX_EXPANSIONS`.
fn expansions(terms: &Terms, q: &str) -> Result<Option<Vec<String>>, StoreError> {
    let mut out = Vec::new();
    let mut from = q.to_string();
    loop {
        let Some(entry) = terms.range((from.as_str(), i64::MIN, "")..)?.next() else {
            break;
        };
        let (k, _) = entry?;
        let word = k.value().0;
        if !word.starts_with(q) {
            break;
        }
        if out.len() == MAX_EXPANSIONS {
            return Ok(None);
        }
        out.push(word.to_string());
        // The next stored word: words hold letters and digits only, so none lies between.
        from = format!("{word}\0");
    }
    Ok(Some(out))
}

/// The query word with the fewest postings (counted up to a cap) drives.
fn choose_driver(terms: &Terms, query: &SearchQuery) -> Result<Driver, StoreError> {
    let mut best: Option<(u64, Vec<String>)> = None;
    for q in query.words() {
        let Some(stored) = expansions(terms, q)? else {
            continue;
        };
        if stored.is_empty() {
            return Ok(Driver::Nothing);
        }
        let mut n = 0u64;
        'count: for w in &stored {
            for entry in terms.range((w.as_str(), i64::MIN, "")..=(w.as_str(), i64::MAX, MAX_ID))? {
                entry?;
                n += 1;
                if n >= ESTIMATE_CAP {
                    break 'count;
                }
            }
        }
        if best.as_ref().is_none_or(|(m, _)| n < *m) {
            best = Some((n, stored));
        }
    }
    Ok(match best {
        Some((_, stored)) => Driver::Words(stored),
        None => Driver::Everything,
    })
}

type Postings<'a> = std::iter::Rev<redb::Range<'a, (&'static str, i64, &'static str), ()>>;

/// The postings of several stored words, newest first.
struct Merged<'a> {
    streams: Vec<Postings<'a>>,
    heads: Vec<Option<Key>>,
}

impl<'a> Merged<'a> {
    fn new(
        terms: &'a Terms,
        words: &[String],
        before: Option<&Cursor>,
    ) -> Result<Self, StoreError> {
        let mut streams = Vec::with_capacity(words.len());
        for w in words {
            let w = w.as_str();
            let range = match before {
                Some((at, id)) => terms.range((w, i64::MIN, "")..(w, *at, id.as_str()))?,
                None => terms.range((w, i64::MIN, "")..=(w, i64::MAX, MAX_ID))?,
            };
            streams.push(range.rev());
        }
        let mut merged = Merged {
            heads: vec![None; streams.len()],
            streams,
        };
        for i in 0..merged.streams.len() {
            merged.advance(i)?;
        }
        Ok(merged)
    }

    fn advance(&mut self, i: usize) -> Result<(), StoreError> {
        self.heads[i] = match self.streams[i].next() {
            Some(entry) => {
                let (k, _) = entry?;
                let (_, at, id) = k.value();
                Some((at, id.to_string()))
            }
            None => None,
        };
        Ok(())
    }

    /// The newest key left in any stream; a record two of the words both index comes once.
    fn next(&mut self) -> Result<Option<Key>, StoreError> {
        let Some(best) = self.heads.iter().flatten().max().cloned() else {
            return Ok(None);
        };
        for i in 0..self.heads.len() {
            if self.heads[i].as_ref() == Some(&best) {
                self.advance(i)?;
            }
        }
        Ok(Some(best))
    }
}
