//! The redb database behind a Store: writable, or read-only when the registry is on media this
//! process cannot write (a read-only file, a read-only mount). Reading code does not care
//! which; a write on a read-only registry is refused with a plain message before anything is
//! attempted.

use super::error::StoreError;
use redb::{Database, ReadOnlyDatabase, ReadTransaction, ReadableDatabase, TransactionError};
use std::path::PathBuf;

pub enum Db {
    Writable(Database),
    ReadOnly { db: ReadOnlyDatabase, path: PathBuf },
}

impl Db {
    pub fn begin_read(&self) -> Result<ReadTransaction, TransactionError> {
        match self {
            Db::Writable(db) => db.begin_read(),
            Db::ReadOnly { db, .. } => db.begin_read(),
        }
    }

    /// The database to write through; on a read-only registry, the refusal that says so
    /// (before anything is attempted). Writes go through `Store::begin_write`, which waits
    /// for another process's write.
    pub fn writable(&self) -> Result<&Database, StoreError> {
        match self {
            Db::Writable(db) => Ok(db),
            Db::ReadOnly { path, .. } => Err(StoreError::ReadOnly { path: path.clone() }),
        }
    }

    pub fn is_read_only(&self) -> bool {
        matches!(self, Db::ReadOnly { .. })
    }
}
