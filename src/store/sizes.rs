//! Where a registry's bytes go: each redb table's stored bytes, its bookkeeping and the room
//! left unused in its pages, and the records and events by kind of record. What `compact`
//! reports, and how BENCHMARKS.md's store figures were taken.

use super::error::StoreError;
use super::log::decode_at;
use super::schema::{EVENTS, RECORDS};
use redb::{ReadTransaction, ReadableTable, ReadableTableMetadata, TableHandle};
use std::collections::BTreeMap;

/// One table's share of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableSize {
    pub name: String,
    pub entries: u64,
    /// Keys and values as stored.
    pub stored: u64,
    /// Page headers, branch pages and the like.
    pub metadata: u64,
    /// Unused room in the table's pages.
    pub fragmented: u64,
}

impl TableSize {
    pub fn total(&self) -> u64 {
        self.stored + self.metadata + self.fragmented
    }
}

/// Every table of the registry, largest first.
pub fn table_sizes(txn: &ReadTransaction) -> Result<Vec<TableSize>, StoreError> {
    let mut out = Vec::new();
    for handle in txn.list_tables()? {
        let table = txn.open_untyped_table(handle)?;
        let stats = table.stats()?;
        out.push(TableSize {
            name: table.name().to_string(),
            entries: table.len()?,
            stored: stats.stored_bytes(),
            metadata: stats.metadata_bytes(),
            fragmented: stats.fragmented_bytes(),
        });
    }
    out.sort_by(|a, b| b.total().cmp(&a.total()).then_with(|| a.name.cmp(&b.name)));
    Ok(out)
}

/// Per kind of record (the id's prefix: SHR, RCP, ENT…): how many, and their key and value
/// bytes.
pub type ByKind = BTreeMap<String, (u64, u64)>;

/// Bytes of records and of log events by the kind of record.
pub fn bytes_by_kind(txn: &ReadTransaction) -> Result<(ByKind, ByKind), StoreError> {
    let kind = |id: &str| id.split('-').next().unwrap_or_default().to_string();
    let mut records = BTreeMap::new();
    for entry in txn.open_table(RECORDS)?.iter()? {
        let (k, v) = entry?;
        let e: &mut (u64, u64) = records.entry(kind(k.value())).or_default();
        e.0 += 1;
        e.1 += (k.value().len() + v.value().len()) as u64;
    }
    let mut events = BTreeMap::new();
    for entry in txn.open_table(EVENTS)?.iter()? {
        let (k, v) = entry?;
        let envelope = decode_at(k.value(), v.value())?;
        let e: &mut (u64, u64) = events.entry(kind(&envelope.record_id)).or_default();
        e.0 += 1;
        e.1 += 8 + v.value().len() as u64;
    }
    Ok((records, events))
}

/// The tables as lines of text: name, entries, stored, bookkeeping, unused, total (MB).
pub fn describe(sizes: &[TableSize]) -> String {
    let mb = |b: u64| b as f64 / 1e6;
    let mut out = format!(
        "{:<22} {:>10} {:>10} {:>10} {:>10} {:>10}\n",
        "table", "entries", "stored MB", "meta MB", "unused MB", "total MB"
    );
    for t in sizes {
        out.push_str(&format!(
            "{:<22} {:>10} {:>10.1} {:>10.1} {:>10.1} {:>10.1}\n",
            t.name,
            t.entries,
            mb(t.stored),
            mb(t.metadata),
            mb(t.fragmented),
            mb(t.total())
        ));
    }
    out
}
