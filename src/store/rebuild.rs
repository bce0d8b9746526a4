//! `registrar rebuild`: every record and index derived again from the verified log, in one
//! write transaction (a crash leaves the registry as it was; other processes sharing the file
//! wait for it and then see the rebuilt tables). The log itself is never changed: when it
//! fails verification, rebuild refuses and names the broken link (the log is what records are
//! derived from; nothing can be derived from a broken one).

use super::error::StoreError;
use super::registry::Store;

/// What a rebuild did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebuilt {
    /// Events in the log the records were derived from.
    pub events: u64,
    /// What did not match the log before (`None`: the derived state already matched).
    pub was_wrong: Option<String>,
}

impl Store {
    /// Rebuilds the derived tables of this registry (see the module). On any error nothing is
    /// committed: the registry is left as it was.
    pub fn rebuild(&self) -> Result<Rebuilt, StoreError> {
        // Held from here to the commit: no other process appends meanwhile, so the log checked
        // and replayed below is the log the rebuilt tables stand for. A read-only registry is
        // refused here, before anything is read.
        let txn = self.begin_write()?;
        let report = self.verify_chain()?;
        if let Some(broken) = &report.first_broken {
            let _ = txn.abort();
            return Err(StoreError::LogBroken {
                path: self.path().to_path_buf(),
                what: broken.to_string(),
            });
        }
        let was_wrong = self.derived_state_difference()?;
        self.rebuild_derived_in(&txn)?;
        txn.commit()?;
        if let Some(diff) = self.derived_state_difference()? {
            return Err(StoreError::Corrupt(format!(
                "the rebuilt records still differ from the log: {diff}"
            )));
        }
        Ok(Rebuilt {
            events: report.events,
            was_wrong,
        })
    }
}
