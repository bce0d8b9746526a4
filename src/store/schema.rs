//! Every redb table the registry uses, in one place, and the schema version they form.

use redb::TableDefinition;

/// Bump when a table's layout or meaning changes in a way an older registrar cannot read.
/// Version 2: each stored record carries the SHA-256 of its bytes (`codec::encode_record`).
/// Version 3: a share registered after the fact is indexed by when it was shared, not when it
/// was recorded (`OutgoingShare::register_date`).
/// Version 4: the search index (`SEARCH_TERMS`, `SEARCH_WORDS`, `SEARCH_ENTITY_TERMS`).
/// Version 5: the search index keyed by record number, its postings packed per word
/// (`SEARCH_POSTINGS`), and who may read each record beside its number (`SEARCH_READERS`).
pub const SCHEMA_VERSION: u32 = 5;
/// The last version whose registries this registrar upgrades when it opens them (by rebuilding
/// the derived records from the log; the log itself is unchanged).
pub const SCHEMA_UPGRADABLE_FROM: u32 = 1;

/// Registry metadata, keyed by the `META_*` names below.
pub const META: TableDefinition<&str, &[u8]> = TableDefinition::new("meta");
/// u32 little-endian.
pub const META_SCHEMA_VERSION: &str = "schema_version";
/// UTF-8: this registry's own station id.
pub const META_STATION: &str = "station";
/// UTF-8: the mission the station belongs to.
pub const META_MISSION: &str = "mission";
/// UTF-8, RFC 3339: when the registry was created.
pub const META_CREATED: &str = "created";
/// 12 bytes (`Hlc::to_bytes`): the largest HLC of any stored event.
pub const META_LAST_HLC: &str = "last_hlc";

/// The append-only log: global position (from 1, in arrival order) → encoded envelope bytes.
pub const EVENTS: TableDefinition<u64, &[u8]> = TableDefinition::new("events");
/// (station, per-station seq) → global position.
pub const STATION_SEQ: TableDefinition<(&str, u64), u64> = TableDefinition::new("station_seq");
/// station → (last seq, hash of that event's stored bytes).
pub const STATION_HEAD: TableDefinition<&str, (u64, &[u8; 32])> =
    TableDefinition::new("station_head");

// Derived from the log; can be rebuilt from it.

/// record id → current state of the record (encoded by the caller).
pub const RECORDS: TableDefinition<&str, &[u8]> = TableDefinition::new("records");
/// (due seconds, record id) → (): urgent queue, a range scan by deadline.
pub const IDX_URGENT: TableDefinition<(i64, &str), ()> = TableDefinition::new("idx_urgent");
/// (due seconds, record id) → (): items pending action.
pub const IDX_PENDING: TableDefinition<(i64, &str), ()> = TableDefinition::new("idx_pending");
/// (due seconds, record id) → (): items due for review.
pub const IDX_REVIEW: TableDefinition<(i64, &str), ()> = TableDefinition::new("idx_review");
/// lookup key → record id(s) (encoded by the caller).
pub const RECORD_KEYS: TableDefinition<&str, &[u8]> = TableDefinition::new("record_keys");
/// (registered seconds, record id) → (): every share and receipt by time, for the browser.
pub const IDX_BROWSE: TableDefinition<(i64, &str), ()> = TableDefinition::new("idx_browse");
/// (entity id, registered seconds, record id) → (): an entity's shares and receipts.
pub const IDX_ENTITY: TableDefinition<(&str, i64, &str), ()> = TableDefinition::new("idx_entity");
/// (record id, log position) → (): the events of each record, for its timeline.
pub const RECORD_EVENTS: TableDefinition<(&str, u64), ()> = TableDefinition::new("record_events");

// The search index (schema 4), derived like the rest and written in the same transaction as
// the records it indexes (`search.rs`).

/// Schema 4's postings, (folded word, registered seconds, record id) → (): removed when a
/// registry of schema 4 is upgraded.
pub const SEARCH_TERMS_SCHEMA_4: TableDefinition<(&str, i64, &str), ()> =
    TableDefinition::new("search_terms");
/// share or receipt id → its search number (given when it is first written, from 1 up; a
/// rebuild gives them in order of registered time).
pub const SEARCH_NUMBERS: TableDefinition<&str, u64> = TableDefinition::new("search_numbers");
/// search number → the record's id and the words it is found by (`search::Numbered`): to turn
/// postings into records, to remove the words when the record changes, and to check a
/// candidate against the other words of a query.
pub const SEARCH_RECORDS: TableDefinition<u64, &[u8]> = TableDefinition::new("search_records");
/// (folded word, first search number of the block) → a block of up to 256 ascending numbers,
/// delta-encoded (`search_postings.rs`): every word of a share's or receipt's id, title,
/// reference, summary and entity name.
pub const SEARCH_POSTINGS: TableDefinition<(&str, u64), &[u8]> =
    TableDefinition::new("search_postings");
/// search number / 256 → the reader codes of those 256 numbers, 4 bytes each
/// (`search_readers.rs`).
pub const SEARCH_READERS: TableDefinition<u64, &[u8]> = TableDefinition::new("search_readers");
/// reader code → who may read (`domain::readers::Readers`, encoded by `search_readers.rs`).
pub const SEARCH_READER_KINDS: TableDefinition<u32, &[u8]> =
    TableDefinition::new("search_reader_kinds");
/// encoded `Readers` → its reader code.
pub const SEARCH_READER_CODES: TableDefinition<&[u8], u32> =
    TableDefinition::new("search_reader_codes");
/// entity id → the words it is indexed under, separated by spaces.
pub const SEARCH_WORDS: TableDefinition<&str, &[u8]> = TableDefinition::new("search_words");
/// (folded word, entity id) → (): every word of an entity's id and name.
pub const SEARCH_ENTITY_TERMS: TableDefinition<(&str, &str), ()> =
    TableDefinition::new("search_entity_terms");
