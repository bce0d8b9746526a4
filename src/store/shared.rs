//! One store, several processes: the console open all shift and commands beside it, or two
//! officers' consoles (redb's multi-writer mode, `open::builder`). Reads never wait. A write
//! waits for another process's write to finish, but only so long: a person is told plainly
//! that the registry is busy rather than left looking at a frozen prompt.

use super::error::StoreError;
use super::registry::Store;
use redb::{Durability, TransactionError, WriteTransaction};
use std::time::{Duration, Instant};

/// How long a write waits for another process's write by default. Ordinary writes take
/// milliseconds; the longest single transactions are an import of a large bundle and a
/// thousand-line sheet, which take seconds. Half a minute covers those and still answers a
/// person who is waiting.
pub const DEFAULT_WRITE_WAIT: Duration = Duration::from_secs(30);

/// The longest pause between two tries: short, so a write follows another within a tenth of
/// a second of its commit.
const MAX_PAUSE: Duration = Duration::from_millis(100);

impl Store {
    /// Begins a write transaction, waiting up to the store's bound for a write in progress
    /// (in this process or another) to finish.
    pub(crate) fn begin_write(&self) -> Result<WriteTransaction, StoreError> {
        let db = self.db().writable()?;
        let started = Instant::now();
        let mut pause = Duration::from_millis(1);
        loop {
            match db.try_begin_write() {
                Ok(mut txn) => {
                    if self.building() {
                        // Flushed with every other commit of the build by `finish_build`.
                        txn.set_durability(Durability::None)
                            .map_err(|e| StoreError::Redb(e.to_string()))?;
                    }
                    return Ok(txn);
                }
                Err(TransactionError::WouldBlock) => {
                    let waited = started.elapsed();
                    if waited >= self.write_wait() {
                        return Err(StoreError::Busy {
                            path: self.path().to_path_buf(),
                            waited_secs: waited.as_secs(),
                        });
                    }
                    std::thread::sleep(pause.min(self.write_wait() - waited));
                    pause = (pause * 2).min(MAX_PAUSE);
                }
                Err(e) => return Err(e.into()),
            }
        }
    }
}
