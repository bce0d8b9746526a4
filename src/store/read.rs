//! Reading the log tables the same way from a read or a write transaction, so code that derives
//! state inside a write transaction and code that only reads share one API.
//!
//! Each method opens its table and closes it before returning: in a write transaction, do not
//! hold one of these tables open yourself while calling them (redb allows one handle per table).

use redb::{ReadTransaction, ReadableTable, WriteTransaction};

use super::envelope::Hash;
use super::error::StoreError;
use super::schema::{EVENTS, META, STATION_HEAD, STATION_SEQ};

pub trait LogRead {
    /// A value from the `meta` table.
    fn meta_get(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError>;
    /// Position of the last event (positions are dense from 1, so also the number of events).
    fn last_position(&self) -> Result<u64, StoreError>;
    /// The stored bytes of the event at `position`.
    fn event_at(&self, position: u64) -> Result<Option<Vec<u8>>, StoreError>;
    /// Up to `limit` events from `from` onwards, in position order.
    fn events_range(&self, from: u64, limit: usize) -> Result<Vec<(u64, Vec<u8>)>, StoreError>;
    /// Last sequence and hash stored for `station`.
    fn station_head(&self, station: &str) -> Result<Option<(u64, Hash)>, StoreError>;
    /// Every station's head, ordered by station.
    fn station_heads(&self) -> Result<Vec<(String, u64, Hash)>, StoreError>;
    /// Global position of a station's event.
    fn position_of(&self, station: &str, seq: u64) -> Result<Option<u64>, StoreError>;
    /// The (station, seq) the index records for a position. A full scan: only for naming an
    /// event that cannot be decoded.
    fn indexed_at(&self, position: u64) -> Result<Option<(String, u64)>, StoreError>;
}

// The two transaction types return different table types that share the `ReadableTable` trait,
// so one body serves both.
macro_rules! impl_log_read {
    ($txn:ty) => {
        impl LogRead for $txn {
            fn meta_get(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
                let t = self.open_table(META)?;
                Ok(t.get(key)?.map(|v| v.value().to_vec()))
            }

            fn last_position(&self) -> Result<u64, StoreError> {
                let t = self.open_table(EVENTS)?;
                Ok(t.last()?.map_or(0, |(k, _)| k.value()))
            }

            fn event_at(&self, position: u64) -> Result<Option<Vec<u8>>, StoreError> {
                let t = self.open_table(EVENTS)?;
                Ok(t.get(position)?.map(|v| v.value().to_vec()))
            }

            fn events_range(
                &self,
                from: u64,
                limit: usize,
            ) -> Result<Vec<(u64, Vec<u8>)>, StoreError> {
                let t = self.open_table(EVENTS)?;
                let mut out = Vec::new();
                for item in t.range(from..)?.take(limit) {
                    let (k, v) = item?;
                    out.push((k.value(), v.value().to_vec()));
                }
                Ok(out)
            }

            fn station_head(&self, station: &str) -> Result<Option<(u64, Hash)>, StoreError> {
                let t = self.open_table(STATION_HEAD)?;
                Ok(t.get(station)?.map(|v| {
                    let (seq, hash) = v.value();
                    (seq, *hash)
                }))
            }

            fn station_heads(&self) -> Result<Vec<(String, u64, Hash)>, StoreError> {
                let t = self.open_table(STATION_HEAD)?;
                let mut out = Vec::new();
                for item in t.iter()? {
                    let (k, v) = item?;
                    let (seq, hash) = v.value();
                    out.push((k.value().to_string(), seq, *hash));
                }
                Ok(out)
            }

            fn position_of(&self, station: &str, seq: u64) -> Result<Option<u64>, StoreError> {
                let t = self.open_table(STATION_SEQ)?;
                Ok(t.get((station, seq))?.map(|v| v.value()))
            }

            fn indexed_at(&self, position: u64) -> Result<Option<(String, u64)>, StoreError> {
                let t = self.open_table(STATION_SEQ)?;
                for item in t.iter()? {
                    let (k, v) = item?;
                    if v.value() == position {
                        let (station, seq) = k.value();
                        return Ok(Some((station.to_string(), seq)));
                    }
                }
                Ok(None)
            }
        }
    };
}

impl_log_read!(ReadTransaction);
impl_log_read!(WriteTransaction);
