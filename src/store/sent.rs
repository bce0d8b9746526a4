//! The bundles this station wrote, kept as sealed (signed, not yet encrypted), so a bundle lost
//! on the way can be written again by number with the same identity (the receiver sees the
//! same manifest, so it is bundle N again, not a different N). A bundle written as a stream
//! (format 2) is kept in pieces of `CHUNK` bytes and read back as a stream; one written
//! whole (format 1, by earlier versions) as one value.

use std::io::Read;

use redb::{ReadTransaction, TableDefinition};

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
/// (peer, "bundle" | "ack", number, piece) → a piece of the sealed bundle, in order.
pub const SENT_PIECES: TableDefinition<(&str, &str, u64, u64), &[u8]> =
    TableDefinition::new("sent_bundle_pieces");
/// How much of a kept bundle one piece holds.
pub const CHUNK: usize = 1 << 20;

/// One export to record.
pub struct Export<'a> {
    pub actor: &'a str,
    pub target: &'a RecordId,
    pub change: Change,
    pub peer: &'a str,
    /// "bundle" (changes and snapshots share their numbers) or "ack".
    pub family: &'a str,
    pub number: u64,
    /// The sealed bundle, read to its end into the store as it is kept.
    pub sealed: &'a mut dyn Read,
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
            derived.finish()?;
            let mut sent = txn.open_table(SENT_PIECES).map_err(StoreError::from)?;
            let mut piece = vec![0u8; CHUNK];
            for n in 0u64.. {
                let len = fill(e.sealed, &mut piece)
                    .map_err(|e| StoreError::Corrupt(format!("keeping the bundle: {e}")))?;
                if len == 0 {
                    break;
                }
                sent.insert((e.peer, e.family, e.number, n), &piece[..len])
                    .map_err(StoreError::from)?;
            }
            if let Some((seq, acc)) = e.own_acc {
                let mut t = txn.open_table(CHAIN_ACC).map_err(StoreError::from)?;
                put_acc(&mut t, &self.meta().station, seq, &acc)?;
            }
        }
        txn.commit().map_err(StoreError::from)?;
        Ok(())
    }

    /// A sealed bundle this station wrote, read as a stream.
    pub fn sent_bundle(
        &self,
        peer: &str,
        family: &str,
        number: u64,
    ) -> Result<Option<Box<dyn Read>>, StoreError> {
        let txn = self.db().begin_read()?;
        if let Some(table) = super::tables::present(txn.open_table(SENT_BUNDLES))?
            && let Some(v) = table.get((peer, family, number))?
        {
            return Ok(Some(Box::new(std::io::Cursor::new(v.value().to_vec()))));
        }
        let Some(table) = super::tables::present(txn.open_table(SENT_PIECES))? else {
            return Ok(None);
        };
        if table.get((peer, family, number, 0))?.is_none() {
            return Ok(None);
        }
        drop(table);
        Ok(Some(Box::new(Pieces {
            txn,
            key: (peer.to_string(), family.to_string(), number),
            next: 0,
            piece: Vec::new(),
            at: 0,
        })))
    }
}

/// Reads as much as `buf` holds, or to the end (a read may return less than asked).
pub fn fill(r: &mut dyn Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut len = 0;
    while len < buf.len() {
        match r.read(&mut buf[len..]) {
            Ok(0) => break,
            Ok(n) => len += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(len)
}

/// A kept bundle's pieces, one in memory at a time.
struct Pieces {
    txn: ReadTransaction,
    key: (String, String, u64),
    next: u64,
    piece: Vec<u8>,
    at: usize,
}

impl Read for Pieces {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.at == self.piece.len() {
            let table = self
                .txn
                .open_table(SENT_PIECES)
                .map_err(std::io::Error::other)?;
            let (peer, family, number) = &self.key;
            match table
                .get((peer.as_str(), family.as_str(), *number, self.next))
                .map_err(std::io::Error::other)?
            {
                Some(v) => self.piece = v.value().to_vec(),
                None => return Ok(0),
            }
            self.next += 1;
            self.at = 0;
        }
        let n = buf.len().min(self.piece.len() - self.at);
        buf[..n].copy_from_slice(&self.piece[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}
