//! Searching the index (`search.rs`): every word of the query must begin a word of the
//! record (its id, title, reference, summary or entity name); results newest first — by search
//! number, that is in the order the records were first written here (after a rebuild or an
//! upgrade, in order of registered time) — a page at a time from a cursor, so the first page
//! costs the same on a million records.
//!
//! One query word (the one that matches fewest records) drives: its postings are walked
//! newest first — one stream per stored word it begins, merged — and each candidate is checked
//! against the record's other words, then against the reader's need to know (`keep`, the
//! caller's call of the domain's access rule). A word that begins very many different stored
//! words (one or two letters, digits) is not expanded: it is checked on candidates instead,
//! and when every word of the query is like that every numbered record drives, newest first.
//!
//! The count of all matches a reader may read (`search_count_readable`) reads no record: each
//! query word's postings (every stored word it begins) are marked in a set of numbers, the
//! sets intersected, and each number left is counted when the reader summary kept beside it
//! (`search_readers.rs`) admits the reader.

use super::codec::decode_record;
use super::error::StoreError;
use super::registry::Store;
use super::schema::{
    RECORDS, SEARCH_ENTITY_TERMS, SEARCH_NUMBERS, SEARCH_POSTINGS, SEARCH_READER_KINDS,
    SEARCH_READERS, SEARCH_RECORDS,
};
use super::search::Numbered;
use super::search_postings::{Stream, block_len, decode_block};
use super::search_readers as readers;
use crate::domain::access::Actor;
use crate::domain::entity::Entity;
use crate::domain::entity_match::search_words;
use crate::domain::record::Record;
use redb::{ReadOnlyTable, ReadableTable};
use std::collections::{BTreeSet, HashMap};

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

type Postings = ReadOnlyTable<(&'static str, u64), &'static [u8]>;

/// Where a page of search results ends, to ask for the next one: the search number of the
/// last record looked at (the next page holds lower numbers).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SearchCursor(pub u64);

/// Where the candidates come from, newest first.
enum Driver {
    /// The query cannot match: a word begins no stored word.
    Nothing,
    /// The postings of these stored words (all begun by one query word), merged.
    Words(Vec<String>),
    /// Every numbered share and receipt (no query word is selective enough to expand).
    Everything,
}

impl Store {
    /// Up to `limit` shares and receipts that match `query` and that `keep` accepts, newest
    /// first, after `before` (the cursor of the previous page). Returns the page and the
    /// cursor of the last candidate looked at.
    pub fn search_page(
        &self,
        query: &SearchQuery,
        before: Option<&SearchCursor>,
        limit: usize,
        keep: &dyn Fn(&Record) -> bool,
    ) -> Result<(Vec<Record>, Option<SearchCursor>), StoreError> {
        let mut page = Vec::new();
        let last = self.search_walk(query, before, &mut |record| {
            if keep(&record) {
                page.push(record);
            }
            page.len() < limit
        })?;
        Ok((page, last))
    }

    /// How many shares and receipts match `query` and are accepted by `keep` (each match is
    /// read; `search_count_readable` counts what a reader may read without reading them).
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

    /// How many shares and receipts match `query` whose content `reader` may read
    /// (`access::can_see_content`, through the reader summary kept beside each number).
    pub fn search_count_readable(
        &self,
        query: &SearchQuery,
        reader: &Actor,
    ) -> Result<u64, StoreError> {
        if query.is_empty() {
            return Ok(0);
        }
        let txn = self.db().begin_read()?;
        let postings = txn.open_table(SEARCH_POSTINGS)?;
        let numbered = txn.open_table(SEARCH_RECORDS)?;
        let Some(top) = numbered.last()?.map(|(k, _)| k.value()) else {
            return Ok(0);
        };
        let words = ((top + 1) as usize).div_ceil(64);
        let mut found: Option<Vec<u64>> = None;
        for q in query.words() {
            let mut bits = vec![0u64; words];
            for entry in postings.range((q.as_str(), 0)..)? {
                let (k, v) = entry?;
                let (word, first) = k.value();
                if !word.starts_with(q.as_str()) {
                    break;
                }
                for n in decode_block(word, first, v.value())? {
                    if let Some(b) = bits.get_mut((n / 64) as usize) {
                        *b |= 1 << (n % 64);
                    }
                }
            }
            if let Some(before) = &found {
                for (b, a) in bits.iter_mut().zip(before) {
                    *b &= a;
                }
            }
            found = Some(bits);
        }
        let found = found.unwrap_or_default();
        let chunks = txn.open_table(SEARCH_READERS)?;
        let kinds = txn.open_table(SEARCH_READER_KINDS)?;
        let mut admitted: HashMap<u32, bool> = HashMap::new();
        let per_chunk = (readers::CHUNK / 64) as usize;
        let mut count = 0;
        for (c, bits) in found.chunks(per_chunk).enumerate() {
            if bits.iter().all(|b| *b == 0) {
                continue;
            }
            let chunk = chunks.get(c as u64)?;
            let codes = chunk.as_ref().map(|v| v.value()).unwrap_or_default();
            for (i, b) in bits.iter().enumerate() {
                let mut b = *b;
                while b != 0 {
                    let bit = b.trailing_zeros() as usize;
                    b &= b - 1;
                    let number = (c * per_chunk + i) as u64 * 64 + bit as u64;
                    let code = readers::code_at(codes, readers::place(number).1);
                    let may = match admitted.get(&code) {
                        Some(may) => *may,
                        None => {
                            let Some(kind) = kinds.get(code)? else {
                                return Err(StoreError::Corrupt(format!(
                                    "search number {number} has no reader summary"
                                )));
                            };
                            let may = readers::decode(kind.value())?.admits(reader);
                            admitted.insert(code, may);
                            may
                        }
                    };
                    count += u64::from(may);
                }
            }
        }
        Ok(count)
    }

    /// The search number of a share or receipt (the order of search results: higher first).
    pub fn search_number(&self, id: &str) -> Result<Option<u64>, StoreError> {
        let txn = self.db().begin_read()?;
        let numbers = txn.open_table(SEARCH_NUMBERS)?;
        Ok(numbers.get(id)?.map(|n| n.value()))
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
    /// returns false. Returns the cursor of the last one looked at.
    fn search_walk(
        &self,
        query: &SearchQuery,
        before: Option<&SearchCursor>,
        visit: &mut dyn FnMut(Record) -> bool,
    ) -> Result<Option<SearchCursor>, StoreError> {
        if query.is_empty() {
            return Ok(None);
        }
        let below = before.map_or(u64::MAX, |c| c.0);
        let txn = self.db().begin_read()?;
        let postings = txn.open_table(SEARCH_POSTINGS)?;
        let numbered = txn.open_table(SEARCH_RECORDS)?;
        let records = txn.open_table(RECORDS)?;
        let driver = choose_driver(&postings, query)?;
        // One expanded word alone: its postings are the matches, no other word to check.
        let check_words = !matches!(&driver, Driver::Words(_)) || query.words().len() > 1;
        let mut last = None;
        let mut consider = |number: u64, found: Option<Numbered>| -> Result<bool, StoreError> {
            last = Some(SearchCursor(number));
            let found = match found {
                Some(f) => f,
                None => {
                    let Some(bytes) = numbered.get(number)? else {
                        return Err(StoreError::Corrupt(format!(
                            "the search index names number {number}, which no record has"
                        )));
                    };
                    Numbered::decode(number, bytes.value())?
                }
            };
            if check_words && !found.words.matches(query.words()) {
                return Ok(true);
            }
            let id = found.id.as_str();
            let Some(bytes) = records.get(id)? else {
                return Err(StoreError::Corrupt(format!(
                    "the search index names missing record {id}"
                )));
            };
            Ok(visit(decode_record(id, bytes.value())?))
        };
        match driver {
            Driver::Nothing => {}
            Driver::Words(stored) => {
                let mut streams = Vec::with_capacity(stored.len());
                for w in &stored {
                    let blocks = postings.range((w.as_str(), 0)..(w.as_str(), below))?;
                    streams.push(Stream::new(w, blocks, below));
                }
                let mut merged = Merged::new(streams)?;
                while let Some(number) = merged.next()? {
                    if !consider(number, None)? {
                        break;
                    }
                }
            }
            Driver::Everything => {
                for entry in numbered.range(..below)?.rev() {
                    let (k, v) = entry?;
                    let number = k.value();
                    let found = Numbered::decode(number, v.value())?;
                    if !consider(number, Some(found))? {
                        break;
                    }
                }
            }
        }
        Ok(last)
    }
}

/// The stored words `q` begins, or `None` when there are more than `MAX_EXPANSIONS`.
fn expansions(postings: &Postings, q: &str) -> Result<Option<Vec<String>>, StoreError> {
    let mut out = Vec::new();
    let mut from = q.to_string();
    loop {
        let Some(entry) = postings.range((from.as_str(), 0)..)?.next() else {
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
fn choose_driver(postings: &Postings, query: &SearchQuery) -> Result<Driver, StoreError> {
    let mut best: Option<(u64, Vec<String>)> = None;
    for q in query.words() {
        let Some(stored) = expansions(postings, q)? else {
            continue;
        };
        if stored.is_empty() {
            return Ok(Driver::Nothing);
        }
        let mut n = 0u64;
        'count: for w in &stored {
            for entry in postings.range((w.as_str(), 0)..=(w.as_str(), u64::MAX))? {
                let (_, v) = entry?;
                n += block_len(w, v.value())?;
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

/// The postings of several stored words, newest first.
struct Merged<'a> {
    streams: Vec<Stream<'a>>,
    heads: Vec<Option<u64>>,
}

impl<'a> Merged<'a> {
    fn new(streams: Vec<Stream<'a>>) -> Result<Self, StoreError> {
        let mut merged = Merged {
            heads: vec![None; streams.len()],
            streams,
        };
        for i in 0..merged.streams.len() {
            merged.heads[i] = merged.streams[i].next()?;
        }
        Ok(merged)
    }

    /// The highest number left in any stream; a record two of the words both index comes
    /// once.
    fn next(&mut self) -> Result<Option<u64>, StoreError> {
        let Some(best) = self.heads.iter().flatten().max().copied() else {
            return Ok(None);
        };
        for i in 0..self.heads.len() {
            if self.heads[i] == Some(best) {
                self.heads[i] = self.streams[i].next()?;
            }
        }
        Ok(Some(best))
    }
}
