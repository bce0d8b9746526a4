//! One event as it is stored and exchanged: who, when, which record, the opaque payload, and the
//! link to the previous event from the same station.
//!
//! The encoded bytes are what gets hashed and stored; they are never re-serialised to verify.
//! CBOR maps with named fields let a later version add fields that this one ignores.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::hlc::Hlc;

pub type Hash = [u8; 32];

pub const ZERO_HASH: Hash = [0u8; 32];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventEnvelope {
    pub station: String,
    /// Per-station sequence, starting at 1.
    pub seq: u64,
    pub hlc: Hlc,
    pub actor: String,
    pub record_id: String,
    #[serde(with = "crate::store::cbor_bytes::vec")]
    pub payload: Vec<u8>,
    /// Hash of the stored bytes of the previous event from the same station; zero for seq 1.
    #[serde(with = "crate::store::cbor_bytes::hash")]
    pub prev_hash: Hash,
}

#[derive(Debug, thiserror::Error)]
pub enum EnvelopeError {
    #[error("not a valid event: {0}")]
    Decode(String),
}

impl EventEnvelope {
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail, and every field type serialises.
        if let Err(e) = ciborium::into_writer(self, &mut out) {
            unreachable!("encoding an event into memory failed: {e}");
        }
        out
    }

    pub fn decode(bytes: &[u8]) -> Result<Self, EnvelopeError> {
        ciborium::from_reader(bytes).map_err(|e| EnvelopeError::Decode(e.to_string()))
    }
}

/// SHA-256 of an event's stored bytes.
pub fn event_hash(bytes: &[u8]) -> Hash {
    Sha256::digest(bytes).into()
}

pub fn hash_hex(hash: &Hash) -> String {
    use std::fmt::Write;
    hash.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> EventEnvelope {
        EventEnvelope {
            station: "MINUSCA-JMAC-1".into(),
            seq: 17,
            hlc: Hlc {
                wall_ms: 1_700_000_000_000,
                logical: 2,
            },
            actor: "j.doe".into(),
            record_id: "R-0001".into(),
            payload: vec![0, 1, 2, 255],
            prev_hash: [7u8; 32],
        }
    }

    #[test]
    fn round_trips() {
        let e = sample();
        assert_eq!(EventEnvelope::decode(&e.encode()).unwrap(), e);
    }

    #[test]
    fn payload_and_hash_are_byte_strings() {
        let bytes = sample().encode();
        // CBOR major type 2 (byte string), length 4, then the payload.
        assert!(bytes.windows(5).any(|w| w == [0x44, 0, 1, 2, 255]));
        // Byte string of length 32 (0x58 0x20) followed by the hash.
        let mut hash = vec![0x58, 0x20];
        hash.extend([7u8; 32]);
        assert!(bytes.windows(hash.len()).any(|w| w == hash));
    }

    #[test]
    fn garbage_and_wrong_hash_length_are_errors() {
        assert!(EventEnvelope::decode(b"not cbor").is_err());
        #[derive(Serialize)]
        struct Short {
            station: String,
            seq: u64,
            hlc: Hlc,
            actor: String,
            record_id: String,
            #[serde(with = "crate::store::cbor_bytes::vec")]
            payload: Vec<u8>,
            #[serde(with = "crate::store::cbor_bytes::vec")]
            prev_hash: Vec<u8>,
        }
        let e = sample();
        let short = Short {
            station: e.station,
            seq: e.seq,
            hlc: e.hlc,
            actor: e.actor,
            record_id: e.record_id,
            payload: e.payload,
            prev_hash: vec![1, 2, 3],
        };
        let mut bytes = Vec::new();
        ciborium::into_writer(&short, &mut bytes).unwrap();
        let err = EventEnvelope::decode(&bytes).unwrap_err().to_string();
        assert!(err.contains("32 bytes"), "{err}");
    }

    #[test]
    fn hash_is_sha256_of_the_bytes() {
        assert_eq!(
            hash_hex(&event_hash(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
