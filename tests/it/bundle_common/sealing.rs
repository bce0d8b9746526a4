//! Making and taking apart bundles by hand, for the tests that forge, tamper with or inspect
//! them: what registrar itself never does (it writes bundles only as a stream, `write`, and
//! reads them only through `import`). Built from the library's public parts: the framing, the
//! signature and age.

use registrar::bundle::BundleError;
use registrar::bundle::format::{
    Body, BodyItem, FORMAT, INNER_NAMESPACE, Manifest, OUTER_NAMESPACE, Sealed, Trailer, sha256,
    to_cbor,
};
use registrar::bundle::identity::StationKeys;
use registrar::bundle::seal::{decrypting, read_whole, sign};
use registrar::bundle::stream::{FrameReader, FrameWriter, Next};
use registrar::store::Hash;
use std::io::Read;
use std::path::Path;
use zeroize::Zeroizing;

/// The two files of a bundle, as they go on the medium.
pub struct OnMedium {
    /// The age-encrypted content.
    pub age: Vec<u8>,
    /// SSHSIG over `age`, PEM.
    pub sig: String,
}

/// A format-1 bundle: `manifest` (with the body's hash filled in) signed, the whole encrypted
/// to `recipient` and the file signed. The files, the bundle's hash and the plaintext.
pub fn seal(
    mut manifest: Manifest,
    body: &Body,
    keys: &StationKeys,
    recipient: &str,
) -> Result<(OnMedium, Hash, Zeroizing<Vec<u8>>), BundleError> {
    let body = to_cbor(body);
    manifest.body_hash = sha256(&body);
    let manifest = to_cbor(&manifest);
    let hash = sha256(&manifest);
    let signature = sign(keys, INNER_NAMESPACE, &manifest)?;
    let plain = Zeroizing::new(to_cbor(&Sealed {
        format: FORMAT.to_string(),
        manifest,
        signature,
        body,
    }));
    Ok((reseal(&plain, keys, recipient), hash, plain))
}

/// A format-2 bundle of `items` in memory: `manifest` (its format as given) with the items'
/// running hash and number filled in, signed, written last; encrypted and the file signed.
pub fn seal_stream(
    mut manifest: Manifest,
    items: Vec<BodyItem>,
    keys: &StationKeys,
    recipient: &str,
) -> Result<(OnMedium, Hash), BundleError> {
    let mut frames = FrameWriter::new(Vec::new()).unwrap();
    for item in items {
        frames.item(item).unwrap();
    }
    (manifest.body_hash, manifest.item_count) = frames.body();
    let manifest = to_cbor(&manifest);
    let hash = sha256(&manifest);
    let signature = sign(keys, INNER_NAMESPACE, &manifest)?;
    let plain = frames
        .end(Trailer {
            manifest,
            signature,
        })
        .unwrap();
    Ok((reseal(&plain, keys, recipient), hash))
}

/// `plain` encrypted to `recipient`, the file signed.
pub fn reseal(plain: &[u8], keys: &StationKeys, recipient: &str) -> OnMedium {
    let to: age::x25519::Recipient = recipient.parse().unwrap();
    let age = age::encrypt(&to, plain).unwrap();
    let sig = sign_outer(keys, &age).unwrap();
    OnMedium { age, sig }
}

/// The outer signature over an encrypted file, as export writes it beside the file.
pub fn sign_outer(keys: &StationKeys, age: &[u8]) -> Result<String, BundleError> {
    sign(keys, OUTER_NAMESPACE, age)
}

/// The whole of an encrypted file, decrypted with `keys`.
pub fn decrypt(
    file: &Path,
    age: impl std::io::BufRead,
    keys: &StationKeys,
) -> Result<Zeroizing<Vec<u8>>, BundleError> {
    read_whole(file, decrypting(file, age, keys)?)
}

/// Every item and the trailer of a decrypted format-2 bundle.
pub fn read_frames(plain: impl Read) -> Result<(Vec<BodyItem>, Trailer), String> {
    let mut frames = FrameReader::new(plain);
    frames.header()?;
    let mut items = Vec::new();
    loop {
        match frames.next_frame()? {
            Next::Item(item) => items.push(item),
            Next::End(trailer) => return Ok((items, trailer)),
        }
    }
}
