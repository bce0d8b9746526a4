//! What a bundle holds once decrypted, as CBOR maps with named fields, each value encoded
//! exactly as registrar encodes it (a field this version does not know is refused, not
//! ignored: a later version names itself in `format`). Format 2 (written since issue 14) is a CBOR sequence read
//! and written one event at a time, so a bundle of any size passes through a fixed amount of
//! memory; its manifest comes last, signed, and names the running hash of what came before:
//!
//! ```text
//! Header   { format: "registrar-bundle/2" }
//! Frame    {event: bytes} | {withheld: {station, seq, prev_hash, hash}}   (each item, in order)
//! Frame    {end: {manifest: bytes, signature: text}}                       (then nothing)
//! ```
//!
//! Its manifest has no item list: `body_hash` is the SHA-256 of every item frame's bytes in
//! order, `item_count` their number; the ranges, counts, heads and the rest are as in format 1.
//!
//! Format 1 (bundles written before; still imported):
//!
//! ```text
//! Sealed   { format: "registrar-bundle/1", manifest: bytes, signature: text, body: bytes }
//! Manifest { format, kind, sender, recipient, recipient_key, number, previous, created,
//!            clearance, highest, ranges, items, counts, withheld, holdings, body_hash }
//! Body     { items: [ {event: bytes} | {withheld: {station, seq, prev_hash, hash}} ] }
//! ```
//!
//! `signature` is an SSHSIG (namespace `registrar-manifest@v1`) over the manifest bytes exactly
//! as they are stored; the manifest names the body's SHA-256, the recipient and the recipient's
//! age key (so a bundle decrypted and re-encrypted to a third station is recognised), the
//! bundle's number for this sender and recipient and the SHA-256 of the previous one's manifest
//! (so a missing bundle is named), and every item's station, sequence and hash. A bundle's hash
//! is the SHA-256 of its manifest bytes: re-encrypting it does not change it.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::domain::marking::Classification;
use crate::domain::station::{BundleKind, Holding};
use crate::store::Hash;

/// Format 1: one CBOR value holding everything (read whole; still imported).
pub const FORMAT: &str = "registrar-bundle/1";
/// Format 2: a stream of items with the signed manifest last (written since issue 14).
pub const STREAM_FORMAT: &str = "registrar-bundle/2";
/// What every format's name starts with.
pub const FORMAT_PREFIX: &str = "registrar-bundle/";
/// The most one item of a format-2 bundle may take (an event is a few kilobytes).
pub const MAX_FRAME: u64 = 16 << 20;
/// The most stations whose events one bundle may carry: a mission has a few dozen, and
/// headquarters relays a dozen missions'. What the first pass keeps per station is a few
/// hundred bytes, so this also bounds its memory before the manifest's signature is known.
pub const MAX_STATIONS: usize = 1024;
/// The outer signature, over the `.age` file (CLI.md).
pub const OUTER_NAMESPACE: &str = "registrar-bundle@v1";
/// The inner signature, over the manifest.
pub const INNER_NAMESPACE: &str = "registrar-manifest@v1";
/// The signature of an author over its chain head (station, seq, hash, accumulator).
pub const HEAD_NAMESPACE: &str = "registrar-chain-head@v1";
/// The most a decrypted bundle may hold (a whole station's registry fits many times over).
pub const MAX_PLAINTEXT: u64 = 2 << 30;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sealed {
    pub format: String,
    #[serde(with = "crate::store::cbor_bytes::vec")]
    pub manifest: Vec<u8>,
    pub signature: String,
    #[serde(with = "crate::store::cbor_bytes::vec")]
    pub body: Vec<u8>,
}

/// Per station, the part of its chain a bundle carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    pub station: String,
    pub first: u64,
    pub last: u64,
}

/// One item of the body, as the manifest lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemRef {
    pub station: String,
    pub seq: u64,
    #[serde(with = "crate::store::cbor_bytes::hash")]
    pub hash: Hash,
    /// Whether the content is in the bundle (or only the place in the chain).
    pub content: bool,
}

/// How many events of one record kind and marking the bundle carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    pub kind: String,
    pub level: Classification,
    pub events: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub kind: BundleKind,
    pub sender: String,
    pub recipient: String,
    /// The recipient's age recipient this bundle was encrypted to.
    pub recipient_key: String,
    pub number: u64,
    /// Hex SHA-256 of the previous bundle of this kind from sender to recipient.
    pub previous: Option<String>,
    /// RFC 3339.
    pub created: String,
    /// The recipient's clearance the content was filtered to.
    pub clearance: Classification,
    /// The highest marking of any content inside.
    pub highest: Classification,
    pub ranges: Vec<Range>,
    pub items: Vec<ItemRef>,
    pub counts: Vec<Count>,
    /// How many items carry only their place in the chain.
    pub withheld: u64,
    /// Acknowledgements: what the sender holds.
    #[serde(default)]
    pub holdings: Vec<Holding>,
    #[serde(with = "crate::store::cbor_bytes::hash")]
    pub body_hash: Hash,
    /// Per station whose events it carries, that station's own signature over its chain
    /// through the last of them: the sender signs its own; it relays another station's only
    /// with that station's signature (a station vouches only for its own events).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub heads: Vec<SignedHead>,
    /// Format 2: how many items came before the manifest (format 1 lists them in `items`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub item_count: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// The first value of a format-2 bundle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
}

/// Every value after the header of a format-2 bundle: an item, or the signed manifest last.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frame {
    Event(#[serde(with = "crate::store::cbor_bytes::vec")] Vec<u8>),
    Withheld(WithheldItem),
    End(Trailer),
}

/// The manifest exactly as signed, and its signature (namespace `registrar-manifest@v1`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trailer {
    #[serde(with = "crate::store::cbor_bytes::vec")]
    pub manifest: Vec<u8>,
    pub signature: String,
}

impl Frame {
    pub fn item(item: BodyItem) -> Frame {
        match item {
            BodyItem::Event(b) => Frame::Event(b),
            BodyItem::Withheld(w) => Frame::Withheld(w),
        }
    }
}

/// A station's chain through `seq`: the hash of its event `seq` and the accumulator of the
/// hashes of events 1..=seq (`store::heads`), which also covers places whose content is
/// withheld.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainHead {
    pub station: String,
    pub seq: u64,
    #[serde(with = "crate::store::cbor_bytes::hash")]
    pub hash: Hash,
    #[serde(with = "crate::store::cbor_bytes::hash")]
    pub acc: Hash,
}

/// A `ChainHead` as its station encoded it, and that station's SSHSIG over those bytes
/// (namespace `registrar-chain-head@v1`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedHead {
    #[serde(with = "crate::store::cbor_bytes::vec")]
    pub head: Vec<u8>,
    pub signature: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyItem {
    Event(#[serde(with = "crate::store::cbor_bytes::vec")] Vec<u8>),
    Withheld(WithheldItem),
}

impl BodyItem {
    /// Its place: the station and sequence its event names (an event's bytes decoded).
    pub fn place(&self) -> Result<(String, u64), crate::store::EnvelopeError> {
        match self {
            BodyItem::Event(bytes) => {
                crate::store::EventEnvelope::decode(bytes).map(|e| (e.station, e.seq))
            }
            BodyItem::Withheld(w) => Ok((w.station.clone(), w.seq)),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WithheldItem {
    pub station: String,
    pub seq: u64,
    #[serde(with = "crate::store::cbor_bytes::hash")]
    pub prev_hash: Hash,
    #[serde(with = "crate::store::cbor_bytes::hash")]
    pub hash: Hash,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Body {
    pub items: Vec<BodyItem>,
}

pub fn to_cbor<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail, and every field serialises.
    if let Err(e) = ciborium::into_writer(value, &mut out) {
        unreachable!("encoding a bundle into memory failed: {e}");
    }
    out
}

pub fn from_cbor<T: for<'de> Deserialize<'de>>(bytes: &[u8]) -> Result<T, String> {
    ciborium::from_reader(bytes).map_err(|e| e.to_string())
}

pub fn sha256(bytes: &[u8]) -> Hash {
    Sha256::digest(bytes).into()
}

pub fn hex(hash: &Hash) -> String {
    crate::store::hash_hex(hash)
}
