//! A bundle's decrypted content as `import` reads it (format 1: the sealed container, its
//! manifest, its body; format 2: the header, each frame and the trailer, one at a time), from a
//! station this registry does not trust and from one it does (the signature check then
//! refuses): a refusal or a value, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use registrar::bundle::format::{Body, Manifest, from_cbor};
use registrar::bundle::seal::{open, sealed_manifest};
use registrar::bundle::stream::{peek_format, read_frames, version};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let _ = open(Path::new("fuzz.age"), data, &[]);
    let _ = sealed_manifest(data);
    let _ = version(peek_format(data).as_deref());
    let _ = read_frames(data);
    let _ = from_cbor::<Manifest>(data);
    let _ = from_cbor::<Body>(data);
});
