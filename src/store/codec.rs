//! The one codec boundary for what the store keeps: event payloads (changes) and derived
//! records, as CBOR. Encryption at rest would wrap these four functions and nothing else.

use super::error::StoreError;
use crate::domain::change::Change;
use crate::domain::record::Record;
use sha2::{Digest, Sha256};

pub fn encode_change(change: &Change) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    ciborium::into_writer(change, &mut out).expect("writing CBOR to a Vec cannot fail");
    out
}

pub fn decode_change(bytes: &[u8]) -> Result<Change, StoreError> {
    ciborium::from_reader(bytes).map_err(|e| {
        let text = e.to_string();
        // A change added by a newer registrar: name it, rather than list every known one.
        match text
            .split_once("unknown variant `")
            .and_then(|(_, rest)| rest.split_once('`'))
        {
            Some((tag, _)) => StoreError::InvalidEvent(format!(
                "payload: unknown change `{tag}`: written by a newer registrar; update this station's registrar to read it"
            )),
            None => StoreError::InvalidEvent(format!("payload: {text}")),
        }
    })
}

/// Length of the seal before each stored record: SHA-256 of the record's CBOR bytes.
const SEAL: usize = 32;

/// A record as stored: the SHA-256 of its CBOR, then the CBOR. The seal makes a byte changed
/// on disk an error when the record is read (and so before a write copies it into an event),
/// not a silently different record.
pub fn encode_record(record: &Record) -> Vec<u8> {
    let mut cbor = Vec::with_capacity(512);
    ciborium::into_writer(record, &mut cbor).expect("writing CBOR to a Vec cannot fail");
    let mut out = Vec::with_capacity(SEAL + cbor.len());
    out.extend_from_slice(&Sha256::digest(&cbor));
    out.extend_from_slice(&cbor);
    out
}

pub fn decode_record(id: &str, bytes: &[u8]) -> Result<Record, StoreError> {
    let damaged = |why: &str| StoreError::Corrupt(format!("record {id} {why}"));
    if bytes.len() < SEAL {
        return Err(damaged("is truncated"));
    }
    let (seal, cbor) = bytes.split_at(SEAL);
    if Sha256::digest(cbor).as_slice() != seal {
        return Err(damaged(
            "does not match its checksum (its stored bytes changed)",
        ));
    }
    ciborium::from_reader(cbor).map_err(|e| damaged(&format!("cannot be decoded ({e})")))
}

#[cfg(test)]
mod unknown_change_tests {
    use super::*;

    #[test]
    fn an_unknown_change_is_named_not_listed_with_every_known_one() {
        let mut bytes = Vec::new();
        let value = ciborium::Value::Map(vec![(
            ciborium::Value::Text("change".into()),
            ciborium::Value::Text("entity_assessment_suspended_v9".into()),
        )]);
        ciborium::into_writer(&value, &mut bytes).unwrap();
        let err = decode_change(&bytes).unwrap_err().to_string();
        assert!(
            err.contains("unknown change `entity_assessment_suspended_v9`")
                && err.contains("newer registrar"),
            "{err}"
        );
        assert!(!err.contains("expected one of"), "{err}");
    }
}
