//! The signatures and encryption of a bundle: signing (the manifest, the file), checking the
//! outer signature against the file's hash and the manifest's against its sender, decrypting
//! with this station's identity, and opening a format-1 bundle (read whole); each check
//! refusing with one line that says what is wrong.

use age::DecryptError;
use ssh_key::{HashAlg, LineEnding, PublicKey, SshSig};
use std::io::Read;
use std::path::Path;
use zeroize::Zeroizing;

use super::BundleError;
use super::format::{
    Body, FORMAT, INNER_NAMESPACE, MAX_PLAINTEXT, Manifest, OUTER_NAMESPACE, Sealed, from_cbor,
    sha256, to_cbor,
};
use super::identity::StationKeys;
use crate::store::Hash;

/// The manifest of a sealed bundle this station wrote or kept (either format), and the
/// bundle's hash, read as a stream.
pub fn manifest_of(mut kept: impl Read) -> Result<(Manifest, Hash), BundleError> {
    let damaged = |e: String| BundleError::Invalid(format!("a kept bundle is damaged ({e})"));
    let mut first = [0u8; 64];
    let n = crate::store::sent::fill(&mut kept, &mut first).map_err(|e| damaged(e.to_string()))?;
    let name = super::stream::peek_format(&first[..n]);
    let mut whole = std::io::Cursor::new(first[..n].to_vec()).chain(kept);
    if name.as_deref() != Some(super::format::STREAM_FORMAT) {
        let mut plain = Vec::new();
        (&mut whole)
            .take(MAX_PLAINTEXT + 1)
            .read_to_end(&mut plain)
            .map_err(|e| damaged(e.to_string()))?;
        let sealed: Sealed = from_cbor(&plain).map_err(damaged)?;
        let manifest = from_cbor(&sealed.manifest).map_err(damaged)?;
        return Ok((manifest, sha256(&sealed.manifest)));
    }
    let mut frames = super::stream::FrameReader::new(std::io::BufReader::new(whole));
    frames.header().map_err(damaged)?;
    loop {
        if let super::stream::Next::End(t) = frames.next_frame().map_err(damaged)? {
            let manifest = from_cbor(&t.manifest).map_err(damaged)?;
            return Ok((manifest, sha256(&t.manifest)));
        }
    }
}

/// An SSHSIG (SHA-512) by the station's key over `msg`, for `namespace`, PEM.
pub fn sign(keys: &StationKeys, namespace: &str, msg: &[u8]) -> Result<String, BundleError> {
    keys.ssh
        .sign(namespace, HashAlg::Sha512, msg)
        .and_then(|s| s.to_pem(LineEnding::LF))
        .map_err(|e| BundleError::Keys(format!("signing: {e}")))
}

fn fingerprint(key: &ssh_key::public::KeyData) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

/// An outer signature (over the `.age` file) whose signer is a trusted station: checked
/// against the file's hash, taken as the file is read (`MediumFile::hashing`), by `check`.
pub struct OuterSignature {
    station: String,
    key: PublicKey,
    sig: SshSig,
}

/// Reads the outer signature and finds its signer among the trusted stations' keys.
pub fn outer_signature(
    file: &Path,
    sig: &[u8],
    trusted: &[(String, PublicKey)],
) -> Result<OuterSignature, BundleError> {
    let text = std::str::from_utf8(sig).ok();
    let sig = text
        .and_then(|text| SshSig::from_pem(text).ok())
        .ok_or_else(|| {
            BundleError::refused(file, "its .sig file is not an OpenSSH signature (SSHSIG)")
        })?;
    // Exactly as registrar writes it: an encoding that differs (even one that decodes to the
    // same signature) was changed on the way.
    if sig.to_pem(LineEnding::LF).ok().as_deref() != text {
        return Err(BundleError::refused(
            file,
            "its .sig file is not as the sender wrote it (changed on the way)",
        ));
    }
    if sig.namespace() != OUTER_NAMESPACE {
        return Err(BundleError::refused(
            file,
            format!(
                "it is signed for {:?}, not as a registrar bundle ({OUTER_NAMESPACE})",
                sig.namespace()
            ),
        ));
    }
    let (station, key) = trusted
        .iter()
        .find(|(_, k)| k.key_data() == sig.public_key())
        .ok_or_else(|| {
            BundleError::refused(
                file,
                format!(
                    "it is signed by a key no trusted station holds ({})",
                    fingerprint(sig.public_key())
                ),
            )
        })?;
    Ok(OuterSignature {
        station: station.clone(),
        key: key.clone(),
        sig,
    })
}

impl OuterSignature {
    /// The hash the signature is over.
    pub fn hash_alg(&self) -> HashAlg {
        self.sig.hash_alg()
    }

    /// The signer, once the signature is found to cover the file whose hash is `digest`.
    pub fn check(&self, file: &Path, digest: &[u8]) -> Result<&str, BundleError> {
        let sig = &self.sig;
        let data = signed_data(sig.namespace(), sig.reserved(), sig.hash_alg(), digest);
        signature::Verifier::verify(self.key.key_data(), &data, self.sig.signature()).map_err(
            |_| {
                BundleError::refused(
                    file,
                    format!(
                        "its signature by {} does not match the file (changed or cut short on the way)",
                        self.station
                    ),
                )
            },
        )?;
        Ok(&self.station)
    }
}

/// The blob an SSHSIG signature covers (PROTOCOL.sshsig): the preamble, then namespace,
/// reserved, hash algorithm and the message's hash, each as an SSH string.
pub(super) fn signed_data(
    namespace: &str,
    reserved: &[u8],
    alg: HashAlg,
    digest: &[u8],
) -> Vec<u8> {
    let mut out = b"SSHSIG".to_vec();
    for part in [
        namespace.as_bytes(),
        reserved,
        alg.as_str().as_bytes(),
        digest,
    ] {
        out.extend((part.len() as u32).to_be_bytes());
        out.extend(part);
    }
    out
}

/// The whole of a decrypted stream, no larger than any bundle may be.
pub fn read_whole(file: &Path, reader: impl Read) -> Result<Zeroizing<Vec<u8>>, BundleError> {
    let damaged = |what: String| BundleError::refused(file, what);
    let mut plain = Zeroizing::new(Vec::new());
    reader
        .take(MAX_PLAINTEXT + 1)
        .read_to_end(&mut plain)
        .map_err(|e| {
            damaged(format!(
                "it cannot be decrypted ({e}: damaged or cut short)"
            ))
        })?;
    if plain.len() as u64 > MAX_PLAINTEXT {
        return Err(damaged("it is larger than any bundle may be".into()));
    }
    Ok(plain)
}

/// The file decrypted with this station's identity, as a stream (age authenticates each
/// piece as it is read; a damaged or cut piece is an error when reached).
pub fn decrypting<R: Read>(
    file: &Path,
    age: R,
    keys: &StationKeys,
) -> Result<age::stream::StreamReader<R>, BundleError> {
    let damaged = |what: String| BundleError::refused(file, what);
    let decryptor = age::Decryptor::new(age)
        .map_err(|e| damaged(format!("it is not a readable age file ({})", describe(&e))))?;
    decryptor
        .decrypt(std::iter::once(&keys.age as &dyn age::Identity))
        .map_err(|e| match e {
            DecryptError::NoMatchingKeys => damaged("it is not encrypted to this station".into()),
            e => damaged(format!("it cannot be decrypted ({})", describe(&e))),
        })
}

fn describe(e: &DecryptError) -> String {
    match e {
        DecryptError::DecryptionFailed => "the content does not authenticate".into(),
        DecryptError::InvalidHeader => "its header is malformed".into(),
        DecryptError::InvalidMac => "its header does not authenticate".into(),
        DecryptError::UnknownFormat => "an unknown age format".into(),
        DecryptError::Io(e) => e.to_string(),
        _ => "it does not decrypt".into(),
    }
}

/// The manifest of a bundle, once its signature (by the key of the station it names as sender,
/// which must be trusted) is checked, and its format is `format`.
pub fn check_manifest(
    file: &Path,
    bytes: &[u8],
    signature: &str,
    trusted: &[(String, PublicKey)],
    format: &str,
) -> Result<Manifest, BundleError> {
    let refuse = |why: String| BundleError::refused(file, why);
    let sig = SshSig::from_pem(signature)
        .map_err(|_| refuse("its manifest signature is malformed".into()))?;
    if sig.to_pem(LineEnding::LF).ok().as_deref() != Some(signature) {
        return Err(refuse(
            "its manifest signature is not encoded as registrar encodes it".into(),
        ));
    }
    // Decoded before its signature is checked, only to learn whose key to check it with.
    let manifest: Manifest =
        from_cbor(bytes).map_err(|e| refuse(format!("its manifest is malformed ({e})")))?;
    let sender = &manifest.sender;
    let sender_key = trusted
        .iter()
        .find(|(s, _)| s == sender)
        .map(|(_, k)| k)
        .ok_or_else(|| {
            refuse(format!(
                "its manifest names {sender:?} as sender, a station this registry does not trust"
            ))
        })?;
    if sig.namespace() != INNER_NAMESPACE || sig.public_key() != sender_key.key_data() {
        return Err(refuse(format!("its manifest is not signed by {sender}")));
    }
    sender_key
        .verify(INNER_NAMESPACE, bytes, &sig)
        .map_err(|_| refuse("its manifest does not match its signature".into()))?;
    if manifest.format != format {
        return Err(refuse(format!(
            "its manifest is in format {:?}",
            manifest.format
        )));
    }
    Ok(manifest)
}

/// A bundle whose inner signature and body hash have been checked.
#[derive(Clone, Debug)]
pub struct Opened {
    pub manifest: Manifest,
    /// SHA-256 of the manifest bytes: the bundle's identity.
    pub hash: Hash,
    pub body: Body,
}

/// Checks the inner signature (by the key of the station the manifest names as sender, which
/// must be trusted) and the body against the manifest.
pub fn open(
    file: &Path,
    plain: &[u8],
    trusted: &[(String, PublicKey)],
) -> Result<Opened, BundleError> {
    let refuse = |why: String| BundleError::refused(file, why);
    let sealed: Sealed =
        from_cbor(plain).map_err(|e| refuse(format!("its content is malformed ({e})")))?;
    if sealed.format != FORMAT {
        return Err(refuse(format!(
            "it is in format {:?}, this registrar reads {FORMAT}",
            sealed.format
        )));
    }
    // Exactly the encoding registrar writes, so no byte of the content can change unseen.
    if to_cbor(&sealed) != plain {
        return Err(refuse(
            "its content is not encoded as registrar encodes it".into(),
        ));
    }
    let manifest = check_manifest(file, &sealed.manifest, &sealed.signature, trusted, FORMAT)?;
    if sha256(&sealed.body) != manifest.body_hash {
        return Err(refuse("its body does not match its manifest".into()));
    }
    let body: Body =
        from_cbor(&sealed.body).map_err(|e| refuse(format!("its body is malformed ({e})")))?;
    Ok(Opened {
        hash: sha256(&sealed.manifest),
        manifest,
        body,
    })
}
