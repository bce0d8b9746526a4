//! Bundles set aside for a person to decide: they carry a station's history that conflicts
//! with the history this registry holds (a fork: two different events at the same place, both
//! signed by their author, or a conflicting history that cannot be proven either way). Nothing
//! of them is applied; they stay here, named by `registrar quarantine`, until dismissed.

use redb::{ReadableTable, TableDefinition};
use serde::{Deserialize, Serialize};

use super::error::StoreError;
use super::registry::{ExecuteError, Store};
use super::tables::{DerivedTables, LogTables};
use crate::domain::change::Change;
use crate::domain::ids::RecordId;
use crate::domain::refusal::Refusal;

/// (sender, bundle number) → CBOR `Quarantined` without its key.
pub const QUARANTINE: TableDefinition<(&str, u64), &[u8]> = TableDefinition::new("quarantine");

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quarantined {
    pub sender: String,
    pub number: u64,
    /// Why it was set aside, in one line.
    pub reason: String,
    /// RFC 3339: when.
    pub at: String,
    /// The bundle's content as its import checked it (decrypted).
    #[serde(with = "super::cbor_bytes::vec")]
    pub content: Vec<u8>,
}

impl Store {
    /// Sets a bundle aside (a second arrival of the same bundle changes nothing).
    pub fn quarantine(&self, q: &Quarantined) -> Result<bool, StoreError> {
        let txn = self.begin_write()?;
        let added = {
            let mut t = txn.open_table(QUARANTINE)?;
            if t.get((q.sender.as_str(), q.number))?.is_some() {
                false
            } else {
                let mut bytes = Vec::new();
                ciborium::into_writer(q, &mut bytes)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                t.insert((q.sender.as_str(), q.number), bytes.as_slice())?;
                true
            }
        };
        txn.commit()?;
        Ok(added)
    }

    /// Every bundle set aside, by sender and number.
    pub fn quarantined(&self) -> Result<Vec<Quarantined>, StoreError> {
        let txn = self.db().begin_read()?;
        let Some(t) = super::tables::present(txn.open_table(QUARANTINE))? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for entry in t.iter()? {
            let (_, v) = entry?;
            out.push(
                ciborium::from_reader(v.value())
                    .map_err(|e| StoreError::Corrupt(format!("a quarantined bundle: {e}")))?,
            );
        }
        Ok(out)
    }

    /// One bundle set aside.
    pub fn quarantined_bundle(
        &self,
        sender: &str,
        number: u64,
    ) -> Result<Option<Quarantined>, StoreError> {
        Ok(self
            .quarantined()?
            .into_iter()
            .find(|q| q.sender == sender && q.number == number))
    }

    /// Drops a bundle set aside and records `change` (the person's decision), in one
    /// transaction; the change is refused, and nothing dropped, if there is no such bundle.
    pub fn dismiss_quarantined(
        &self,
        actor: &str,
        target: &RecordId,
        sender: &str,
        number: u64,
        change: Change,
    ) -> Result<(), ExecuteError> {
        let txn = self.begin_write()?;
        {
            let mut t = txn.open_table(QUARANTINE).map_err(StoreError::from)?;
            if t.remove((sender, number))
                .map_err(StoreError::from)?
                .is_none()
            {
                return Err(ExecuteError::Refused(Refusal::new(
                    "stations",
                    format!("no bundle {number} from {sender} is quarantined"),
                )));
            }
            let mut log = LogTables::open(&txn)?;
            let mut derived = DerivedTables::open(&txn)?;
            self.execute_in(&mut log, &mut derived, actor, Some(target), change)?;
            derived.finish()?;
        }
        txn.commit().map_err(StoreError::from)?;
        Ok(())
    }
}
