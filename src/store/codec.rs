//! The one codec boundary for what the store keeps: event payloads (changes) and derived
//! records, as CBOR. Encryption at rest would wrap these four functions and nothing else.

use super::error::StoreError;
use crate::domain::change::Change;
use crate::domain::record::Record;

pub fn encode_change(change: &Change) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    ciborium::into_writer(change, &mut out).expect("writing CBOR to a Vec cannot fail");
    out
}

pub fn decode_change(bytes: &[u8]) -> Result<Change, StoreError> {
    ciborium::from_reader(bytes).map_err(|e| StoreError::InvalidEvent(format!("payload: {e}")))
}

pub fn encode_record(record: &Record) -> Vec<u8> {
    let mut out = Vec::with_capacity(512);
    ciborium::into_writer(record, &mut out).expect("writing CBOR to a Vec cannot fail");
    out
}

pub fn decode_record(id: &str, bytes: &[u8]) -> Result<Record, StoreError> {
    ciborium::from_reader(bytes)
        .map_err(|e| StoreError::Corrupt(format!("record {id} cannot be decoded: {e}")))
}
