//! Authors' signatures over their chain heads, so a station relays another station's events
//! only with proof from their author (Scuttlebutt's per-author signed feeds are the model):
//! each station signs, at every export, (station, seq, hash, accumulator) of its own chain
//! through the last event the bundle carries; a station that received them keeps the latest
//! signed head of each author and passes it on with the author's events. The importer checks
//! each against the *author's* trusted key and recomputes the accumulator from the hashes it
//! holds and the ones the bundle carries, so no event, and no withheld place, can be made up
//! or altered by whoever relays them.

use ssh_key::{HashAlg, LineEnding, PublicKey, SshSig};

use super::BundleError;
use super::format::{ChainHead, HEAD_NAMESPACE, SignedHead, from_cbor, to_cbor};
use super::identity::StationKeys;

/// Signs this station's chain head.
pub fn sign_head(keys: &StationKeys, head: &ChainHead) -> Result<SignedHead, BundleError> {
    let bytes = to_cbor(head);
    let signature = keys
        .ssh
        .sign(HEAD_NAMESPACE, HashAlg::Sha512, &bytes)
        .and_then(|s| s.to_pem(LineEnding::LF))
        .map_err(|e| BundleError::Keys(format!("signing the chain head: {e}")))?;
    Ok(SignedHead {
        head: bytes,
        signature,
    })
}

/// The head a signed head states, decoded without checking the signature (to learn whose
/// key checks it).
pub fn stated(signed: &SignedHead) -> Result<ChainHead, String> {
    from_cbor(&signed.head).map_err(|e| format!("a chain head is malformed ({e})"))
}

/// Checks that `key` (the author's) signed the head.
pub fn check_head(signed: &SignedHead, key: &PublicKey) -> Result<ChainHead, String> {
    let head = stated(signed)?;
    let sig = SshSig::from_pem(&signed.signature).map_err(|_| {
        format!(
            "the signature over {}'s chain head is malformed",
            head.station
        )
    })?;
    if sig.namespace() != HEAD_NAMESPACE || sig.public_key() != key.key_data() {
        return Err(format!(
            "{}'s chain head #{} is not signed by {}'s key",
            head.station, head.seq, head.station
        ));
    }
    key.verify(HEAD_NAMESPACE, &signed.head, &sig)
        .map_err(|_| {
            format!(
                "{}'s chain head #{} does not match its signature",
                head.station, head.seq
            )
        })?;
    Ok(head)
}

/// The form kept in the store.
pub fn encode(signed: &SignedHead) -> Vec<u8> {
    to_cbor(signed)
}

pub fn decode(bytes: &[u8]) -> Result<SignedHead, BundleError> {
    from_cbor(bytes)
        .map_err(|e| BundleError::Invalid(format!("a kept chain head is damaged ({e})")))
}
