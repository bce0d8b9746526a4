//! Bundles set aside for a person to decide: they carry a station's history that conflicts
//! with the history this registry holds (a fork: two different events at the same place, both
//! signed by their author, or a conflicting history that cannot be proven either way). Nothing
//! of them is applied; they stay here, named by `registrar quarantine`, until dismissed.

use redb::{ReadableDatabase, ReadableTable, TableDefinition, TableError};
use serde::{Deserialize, Serialize};

use super::error::StoreError;
use super::registry::Store;

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
    /// The bundle's verified content.
    #[serde(with = "super::cbor_bytes::vec")]
    pub content: Vec<u8>,
}

impl Store {
    /// Sets a bundle aside (a second arrival of the same bundle changes nothing).
    pub fn quarantine(&self, q: &Quarantined) -> Result<bool, StoreError> {
        let txn = self.db().begin_write()?;
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
        let t = match txn.open_table(QUARANTINE) {
            Ok(t) => t,
            Err(TableError::TableDoesNotExist(_)) => return Ok(Vec::new()),
            Err(e) => return Err(e.into()),
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

    /// Drops a bundle set aside; whether there was one.
    pub fn dismiss_quarantined(&self, sender: &str, number: u64) -> Result<bool, StoreError> {
        let txn = self.db().begin_write()?;
        let removed = match txn.open_table(QUARANTINE) {
            Ok(mut t) => t.remove((sender, number))?.is_some(),
            Err(e) => return Err(e.into()),
        };
        txn.commit()?;
        Ok(removed)
    }
}
