//! What the store keeps so a station can prove, and check, whose events it holds: per station,
//! a running accumulator over the hashes of its chain (`acc(n) = SHA-256(acc(n−1) ‖ hash(n))`,
//! `acc(0)` = zero), which commits to every place of the chain — withheld ones included, whose
//! content (and so whose link) cannot be recomputed — and the latest *signed head* its author
//! gave for it (opaque bytes here: the bundle layer signs and checks them). A station relays
//! another station's events only up to that author's signed head.

use redb::{ReadTransaction, ReadableTable, Table, TableDefinition};
use sha2::{Digest, Sha256};

use super::envelope::{Hash, ZERO_HASH, event_hash};
use super::error::StoreError;
use super::read::LogRead;
use super::withheld::WithheldRead;

/// station → (seq, accumulator through seq): a cache, recomputable from the log.
pub const CHAIN_ACC: TableDefinition<&str, (u64, &[u8; 32])> = TableDefinition::new("chain_acc");
/// station → (seq, the author's signed head at seq, as the bundle layer encodes it).
pub const SIGNED_HEADS: TableDefinition<&str, (u64, &[u8])> = TableDefinition::new("signed_heads");

/// One step of the accumulator.
pub fn acc_step(acc: &Hash, hash: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update(acc);
    h.update(hash);
    h.finalize().into()
}

/// Where the hashes of a chain come from: a read or a write transaction.
pub trait ChainRead {
    /// The hash held at (station, seq): of the event's bytes, or the withheld place's.
    fn hash_at(&self, station: &str, seq: u64) -> Result<Option<Hash>, StoreError>;
    /// The cached accumulator of a station's chain.
    fn cached_acc(&self, station: &str) -> Result<Option<(u64, Hash)>, StoreError>;
}

/// The accumulator of `station`'s chain through `seq`, from the cache when it is not beyond
/// `seq`, else from the start.
pub fn acc_through(r: &impl ChainRead, station: &str, seq: u64) -> Result<Hash, StoreError> {
    let (mut at, mut acc) = r
        .cached_acc(station)?
        .filter(|(s, _)| *s <= seq)
        .unwrap_or((0, ZERO_HASH));
    while at < seq {
        at += 1;
        let h = r.hash_at(station, at)?.ok_or_else(|| {
            StoreError::Corrupt(format!("event {station} seq {at} is missing from the log"))
        })?;
        acc = acc_step(&acc, &h);
    }
    Ok(acc)
}

impl ChainRead for ReadTransaction {
    fn hash_at(&self, station: &str, seq: u64) -> Result<Option<Hash>, StoreError> {
        if let Some(position) = self.position_of(station, seq)? {
            return Ok(self.event_at(position)?.map(|b| event_hash(&b)));
        }
        Ok(self.withheld(station, seq)?.map(|w| w.hash))
    }

    fn cached_acc(&self, station: &str) -> Result<Option<(u64, Hash)>, StoreError> {
        let Some(table) = super::tables::present(self.open_table(CHAIN_ACC))? else {
            return Ok(None);
        };
        Ok(table.get(station)?.map(|v| {
            let (s, a) = v.value();
            (s, *a)
        }))
    }
}

/// The latest signed head stored for `station`, from a read transaction.
pub fn signed_head(
    txn: &ReadTransaction,
    station: &str,
) -> Result<Option<(u64, Vec<u8>)>, StoreError> {
    let Some(table) = super::tables::present(txn.open_table(SIGNED_HEADS))? else {
        return Ok(None);
    };
    Ok(table.get(station)?.map(|v| {
        let (s, b) = v.value();
        (s, b.to_vec())
    }))
}

pub type AccTable<'t> = Table<'t, &'static str, (u64, &'static [u8; 32])>;
pub type HeadTable<'t> = Table<'t, &'static str, (u64, &'static [u8])>;

pub fn get_acc(t: &AccTable, station: &str) -> Result<Option<(u64, Hash)>, StoreError> {
    Ok(t.get(station)?.map(|v| {
        let (s, a) = v.value();
        (s, *a)
    }))
}

/// Caches the accumulator through `seq`, unless a later one is cached.
pub fn put_acc(t: &mut AccTable, station: &str, seq: u64, acc: &Hash) -> Result<(), StoreError> {
    if get_acc(t, station)?.is_none_or(|(s, _)| s < seq) {
        t.insert(station, (seq, acc))?;
    }
    Ok(())
}

/// Keeps the signed head at `seq`, unless a later one is kept.
pub fn put_head(
    t: &mut HeadTable,
    station: &str,
    seq: u64,
    bytes: &[u8],
) -> Result<(), StoreError> {
    if t.get(station)?.is_none_or(|v| v.value().0 < seq) {
        t.insert(station, (seq, bytes))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_accumulator_commits_to_every_hash_in_order() {
        let a = acc_step(&acc_step(&ZERO_HASH, &[1; 32]), &[2; 32]);
        let b = acc_step(&acc_step(&ZERO_HASH, &[2; 32]), &[1; 32]);
        assert_ne!(a, b);
        assert_ne!(a, acc_step(&ZERO_HASH, &[2; 32]));
    }
}
