//! Facts about this station kept in the meta table: its clearance, whether the registry is a
//! demo, and the chain check over its log.

use super::error::StoreError;
use super::registry::Store;
use super::schema::META;
use super::verify::{VerifyReport, verify};
use crate::domain::marking::Classification;

const META_CLEARANCE: &str = "station_clearance";
const META_DEMO: &str = "demo";

impl Store {
    /// The highest marking this station may hold.
    pub fn set_station_clearance(&self, level: Classification) -> Result<(), StoreError> {
        self.put_meta(META_CLEARANCE, level.key().as_bytes())
    }

    pub fn station_clearance(&self) -> Result<Classification, StoreError> {
        match self.get_meta(META_CLEARANCE)? {
            None => Ok(Classification::StrictlyConfidential),
            Some(v) => std::str::from_utf8(&v)
                .ok()
                .and_then(Classification::from_key)
                .ok_or_else(|| StoreError::Corrupt("the station clearance is damaged".into())),
        }
    }

    /// Marks the registry as a demo: screens and reports say so.
    pub fn mark_demo(&self) -> Result<(), StoreError> {
        self.put_meta(META_DEMO, b"1")
    }

    pub fn is_demo(&self) -> Result<bool, StoreError> {
        Ok(self.get_meta(META_DEMO)?.is_some())
    }

    /// Recomputes the hash chain of every station's events.
    pub fn verify_chain(&self) -> Result<VerifyReport, StoreError> {
        let txn = self.db().begin_read()?;
        verify(&txn)
    }

    fn put_meta(&self, key: &str, value: &[u8]) -> Result<(), StoreError> {
        let txn = self.begin_write()?;
        txn.open_table(META)?.insert(key, value)?;
        txn.commit()?;
        Ok(())
    }

    fn get_meta(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let txn = self.db().begin_read()?;
        let table = txn.open_table(META)?;
        Ok(table.get(key)?.map(|v| v.value().to_vec()))
    }
}
