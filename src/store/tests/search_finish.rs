//! The search index's changes gathered in a transaction are written before it commits, even
//! where `DerivedTables::finish` was not called.

use super::*;
use crate::store::schema::SEARCH_POSTINGS;
use crate::store::search_postings::decode_block;
use crate::store::tables::DerivedTables;

#[test]
fn search_changes_gathered_without_finish_are_written_before_the_commit() {
    let t = TempDb::new("ST-1");
    let txn = t.db.begin_write().unwrap();
    {
        let mut derived = DerivedTables::open(&txn).unwrap();
        derived.search.add("convoy", 7);
        // No `finish`: the tables are dropped here, before the commit.
    }
    txn.commit().unwrap();

    let read = t.db.begin_read().unwrap();
    let postings = read.open_table(SEARCH_POSTINGS).unwrap();
    let mut found = Vec::new();
    for entry in postings
        .range(("convoy", 0)..=("convoy", u64::MAX))
        .unwrap()
    {
        let (k, v) = entry.unwrap();
        found.extend(decode_block("convoy", k.value().1, v.value()).unwrap());
    }
    assert_eq!(found, vec![7]);
}
