//! `registrar compact`: the registry file rewritten in place without its free pages (redb's
//! compaction). Transactional in redb: a compaction interrupted (power cut, kill) leaves the
//! registry as it was before or after, which the next open repairs to; the crash harness
//! kills it at random points to show it. Records, log and indexes are unchanged: only where
//! their pages lie in the file.

use super::db::Db;
use super::error::StoreError;
use super::registry::Store;

/// What a compaction did: the file's size before and after, in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Compacted {
    pub before: u64,
    pub after: u64,
}

impl Store {
    /// Compacts the registry file (see the module). Waits for another process's write like
    /// any write; refused on a read-only registry.
    pub fn compact(&mut self) -> Result<Compacted, StoreError> {
        let size = |path: &std::path::Path| {
            std::fs::metadata(path)
                .map(|m| m.len())
                .map_err(|e| StoreError::Io {
                    path: path.into(),
                    message: e.to_string(),
                })
        };
        let path = self.path().to_path_buf();
        let before = size(&path)?;
        // The writer's lock first, as every write: the compaction then runs as soon as no
        // other process is writing.
        self.begin_write()?.abort()?;
        let db = match self.db_mut() {
            Db::Writable(db) => db,
            Db::ReadOnly { path, .. } => return Err(StoreError::ReadOnly { path: path.clone() }),
        };
        // Each pass moves pages towards the start of the file and truncates the end; redb
        // says when there is nothing more to gain.
        while db
            .compact()
            .map_err(|e| StoreError::Redb(format!("{}: compaction: {e}", path.display())))?
        {
        }
        Ok(Compacted {
            before,
            after: size(&path)?,
        })
    }
}
