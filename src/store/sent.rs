//! The bundles this station wrote, kept as sealed (signed, not yet encrypted), so a bundle lost
//! on the way can be written again by number with the same identity (the receiver sees the
//! same manifest, so it is bundle N again, not a different N).

use redb::TableDefinition;

use super::envelope::Hash;
use super::error::StoreError;
use super::heads::{CHAIN_ACC, put_acc};
use super::registry::{ExecuteError, Store};
use super::tables::{DerivedTables, LogTables};
use crate::domain::change::Change;
use crate::domain::ids::RecordId;

/// (peer, "bundle" | "ack", number) → the sealed bundle.
pub const SENT_BUNDLES: TableDefinition<(&str, &str, u64), &[u8]> =
    TableDefinition::new("sent_bundles");

/// One export to record.
pub struct Export<'a> {
    pub actor: &'a str,
    pub target: &'a RecordId,
    pub change: Change,
    pub peer: &'a str,
    /// "bundle" (changes and snapshots share their numbers) or "ack".
    pub family: &'a str,
    pub number: u64,
    pub sealed: &'a [u8],
    /// This station's chain accumulator through a seq, to cache.
    pub own_acc: Option<(u64, Hash)>,
}

impl Store {
    /// Records the export (the change, rules checked), keeps the sealed bundle and caches this
    /// station's accumulator, in one transaction.
    pub fn record_export(&self, e: Export) -> Result<(), ExecuteError> {
        let txn = self.begin_write()?;
        {
            let mut log = LogTables::open(&txn)?;
            let mut derived = DerivedTables::open(&txn)?;
            self.execute_in(&mut log, &mut derived, e.actor, Some(e.target), e.change)?;
            let mut sent = txn.open_table(SENT_BUNDLES).map_err(StoreError::from)?;
            sent.insert((e.peer, e.family, e.number), e.sealed)
                .map_err(StoreError::from)?;
            if let Some((seq, acc)) = e.own_acc {
                let mut t = txn.open_table(CHAIN_ACC).map_err(StoreError::from)?;
                put_acc(&mut t, &self.meta().station, seq, &acc)?;
            }
        }
        txn.commit().map_err(StoreError::from)?;
        Ok(())
    }

    /// A sealed bundle this station wrote.
    pub fn sent_bundle(
        &self,
        peer: &str,
        family: &str,
        number: u64,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let txn = self.db().begin_read()?;
        let Some(table) = super::tables::present(txn.open_table(SENT_BUNDLES))? else {
            return Ok(None);
        };
        Ok(table
            .get((peer, family, number))?
            .map(|v| v.value().to_vec()))
    }
}
