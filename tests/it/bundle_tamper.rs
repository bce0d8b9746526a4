//! A stick can be tampered with, cut short, forwarded or forged: every such bundle is refused
//! with one line naming the file, and the registry is exactly as before.

use crate::bundle_common;

use bundle_common::*;
use registrar::bundle::BundleError;
use registrar::bundle::format::{Body, BodyItem, FORMAT, ItemRef, Manifest, from_cbor};
use registrar::bundle::names::signature_path;
use registrar::domain::marking::Classification::*;
use registrar::domain::record::Record;
use registrar::store::{EventEnvelope, event_hash};
use std::path::{Path, PathBuf};

/// The registry's logical state: the chain (events and heads), every record, held bundles.
fn state(s: &Station) -> (u64, Vec<(String, u64)>, Vec<Record>, usize) {
    let report = s.store.verify_chain().unwrap();
    let held: usize = ["MINUSCA-JMAC-1", "DPO-HQ", "MINUSCA-JOC-1"]
        .iter()
        .map(|x| s.store.held_bundles(x).unwrap().len())
        .sum();
    (
        report.events,
        report.stations,
        s.store.records_with_prefix("").unwrap(),
        held,
    )
}

/// A directory for the many trial files: in memory where the system offers it.
fn scratch() -> tempfile::TempDir {
    tempfile::Builder::new()
        .tempdir_in("/dev/shm")
        .or_else(|_| tempfile::tempdir())
        .unwrap()
}

/// Writes `age` and `sig` as a bundle in `dir`.
fn put(dir: &Path, name: &str, age: &[u8], sig: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, age).unwrap();
    std::fs::write(signature_path(&p), sig).unwrap();
    p
}

#[track_caller]
fn refused(result: Result<registrar::bundle::import::Outcome, BundleError>, why: &str) -> String {
    match result {
        Err(e @ BundleError::Refused { .. }) => {
            let line = e.to_string();
            assert!(!line.contains('\n'), "{line}");
            assert!(line.contains(why), "{line:?} does not say {why:?}");
            line
        }
        other => panic!("not refused: {other:?}"),
    }
}

fn small_bundle() -> (Station, Station, tempfile::TempDir, PathBuf) {
    let jmac = Station::new("MINUSCA-JMAC-1");
    let hq = Station::new("DPO-HQ");
    pair(&jmac, &hq, StrictlyConfidential, StrictlyConfidential);
    jmac.entity("FACA", Confidential);
    let out = tempfile::tempdir().unwrap();
    let w = jmac.export_to("DPO-HQ", out.path());
    (jmac, hq, out, w.bundle)
}

#[test]
fn every_single_byte_change_and_every_cut_is_refused_and_changes_nothing() {
    let (_jmac, hq, out, bundle) = small_bundle();
    let age = bytes_of(&bundle);
    let sig = bytes_of(&signature_path(&bundle));
    let before = state(&hq);
    let scratch = scratch();
    // Every byte of the file, changed in turn (one bit flipped: a change like any other).
    let p = put(scratch.path(), "x.age", &age, &sig);
    for i in 0..age.len() {
        let mut bad = age.clone();
        bad[i] ^= 0x01;
        std::fs::write(&p, &bad).unwrap();
        refused(hq.import(&p), "refused");
    }
    // And every byte of its signature.
    let p = put(scratch.path(), "y.age", &age, &sig);
    for i in 0..sig.len() {
        let mut bad = sig.clone();
        bad[i] ^= 0x01;
        std::fs::write(signature_path(&p), &bad).unwrap();
        refused(hq.import(&p), "refused");
    }
    for len in [0, 1, 21, age.len() / 2, age.len() - 17, age.len() - 1] {
        let p = put(scratch.path(), "x.age", &age[..len], &sig);
        refused(hq.import(&p), "does not match the file");
    }
    let no_sig = scratch.path().join("lonely.age");
    std::fs::write(&no_sig, &age).unwrap();
    refused(hq.import(&no_sig), "signature");
    assert_eq!(state(&hq), before);
    // The untouched bundle still imports.
    hq.import(&bundle).unwrap();
    hq.assert_consistent();
    drop(out);
}

#[test]
fn every_byte_of_the_signed_content_is_covered_by_the_inner_signature() {
    let (jmac, hq, _out, bundle) = small_bundle();
    let plain = decrypt(&bundle, bytes_of(&bundle).as_slice(), &hq.keys).unwrap();
    let before = state(&hq);
    let scratch = scratch();
    // Change each byte of the decrypted content, encrypt it to HQ again and sign the new file
    // with JMAC's real key: only the inner signature and the body hash stand in the way.
    for i in 0..plain.len() {
        let mut bad = plain.to_vec();
        bad[i] ^= 0x01;
        let (age_bytes, sig) = encrypt_and_sign(&bad, &jmac, &hq);
        let p = put(scratch.path(), "x.age", &age_bytes, &sig);
        refused(hq.import(&p), "refused");
    }
    assert_eq!(state(&hq), before);
}

/// `plain` encrypted to `to`, the file signed by `signer` as a bundle: what someone holding a
/// trusted key could attempt.
fn encrypt_and_sign(plain: &[u8], signer: &Station, to: &Station) -> (Vec<u8>, Vec<u8>) {
    let r: age::x25519::Recipient = to.keys.age_recipient().parse().unwrap();
    let age_bytes = age::encrypt(&r, plain).unwrap();
    let sig = sign_outer(&signer.keys, &age_bytes).unwrap();
    (age_bytes, sig.into_bytes())
}

#[test]
fn a_bundle_forwarded_by_its_recipient_to_a_third_station_is_refused() {
    let (jmac, hq, out, bundle) = small_bundle();
    let joc = Station::new("MINUSCA-JOC-1");
    pair(&hq, &joc, StrictlyConfidential, StrictlyConfidential);
    joc.trusts(&jmac, StrictlyConfidential);
    let plain = decrypt(&bundle, bytes_of(&bundle).as_slice(), &hq.keys).unwrap();
    let before = state(&joc);
    // HQ decrypts it and re-encrypts it, unchanged inside, to JOC, signing the new file itself.
    let (age_bytes, sig) = encrypt_and_sign(&plain, &hq, &joc);
    let p = put(out.path(), "forwarded.age", &age_bytes, &sig);
    let line = refused(joc.import(&p), "made it for DPO-HQ, not for this station");
    assert!(line.contains("MINUSCA-JMAC-1"), "{line}");
    // Signed by JMAC's own key instead, it is refused just the same.
    let (age_bytes, sig) = encrypt_and_sign(&plain, &jmac, &joc);
    let p = put(out.path(), "forwarded2.age", &age_bytes, &sig);
    refused(joc.import(&p), "not for this station");
    assert_eq!(state(&joc), before);
}

#[test]
fn unknown_signers_other_recipients_and_forged_content_are_refused() {
    let (jmac, hq, out, bundle) = small_bundle();
    let stranger = Station::new("STRANGER-1");
    stranger.trusts(&hq, StrictlyConfidential);
    stranger.entity("Fake entity", Unclassified);
    let forged = stranger.export_to("DPO-HQ", out.path());
    let before = state(&hq);
    refused(
        hq.import(&forged.bundle),
        "signed by a key no trusted station holds",
    );

    // JMAC's bundle for HQ, offered to JOC (which trusts JMAC): not encrypted to it.
    let joc = Station::new("MINUSCA-JOC-1");
    joc.trusts(&jmac, StrictlyConfidential);
    refused(joc.import(&bundle), "not encrypted to this station");

    // Content JMAC signed itself but that does not hold together (in format 1, which is still
    // imported: the format-2 bundle's pieces put together as format 1 was).
    let plain = decrypt(&bundle, bytes_of(&bundle).as_slice(), &hq.keys).unwrap();
    let (manifest, body) = as_format_1(&plain);

    // An item dropped from the body.
    let mut short = body.clone();
    short.items.pop();
    let p = sealed_file(
        out.path(),
        "short.age",
        manifest.clone(),
        &short,
        &jmac,
        &hq,
    );
    refused(hq.import(&p), "different items");

    // Garbage where an event should be.
    let mut garbage = body.clone();
    garbage.items[0] = BodyItem::Event(b"not an event".to_vec());
    let mut m = manifest.clone();
    m.items[0].hash = event_hash(b"not an event");
    let p = sealed_file(out.path(), "garbage.age", m, &garbage, &jmac, &hq);
    refused(hq.import(&p), "is not an event");

    // Another station's settings smuggled in as content.
    let first = match &body.items[0] {
        BodyItem::Withheld(w) => w.clone(),
        other => panic!("the first event (registry initialised) travels withheld: {other:?}"),
    };
    let reader = jmac.store.log_reader().unwrap();
    let Some(registrar::store::exchange::LogItem::Event { bytes, .. }) =
        reader.item("MINUSCA-JMAC-1", first.seq).unwrap()
    else {
        panic!()
    };
    let mut smuggled = body.clone();
    smuggled.items[0] = BodyItem::Event(bytes.clone());
    let mut m = manifest.clone();
    m.items[0] = ItemRef {
        station: first.station.clone(),
        seq: first.seq,
        hash: event_hash(&bytes),
        content: true,
    };
    let p = sealed_file(out.path(), "smuggled.age", m, &smuggled, &jmac, &hq);
    refused(hq.import(&p), "never travels");

    // Not CBOR at all, properly signed and encrypted.
    let (age_bytes, sig) = encrypt_and_sign(b"\xff\xff not a bundle", &jmac, &hq);
    let p = put(out.path(), "junk.age", &age_bytes, &sig);
    refused(hq.import(&p), "malformed");

    // A manifest in another format.
    let mut m = manifest.clone();
    m.format = "registrar-bundle/99".into();
    let p = sealed_file(out.path(), "future.age", m, &body, &jmac, &hq);
    refused(hq.import(&p), "format");
    assert_eq!(state(&hq), before);
}

/// The pieces of a bundle registrar writes (format 2) as format 1 holds them: the manifest
/// with its list of items, and the body.
fn as_format_1(plain: &[u8]) -> (Manifest, Body) {
    let (items, trailer) = read_frames(plain).unwrap();
    let mut manifest: Manifest = from_cbor(&trailer.manifest).unwrap();
    manifest.format = FORMAT.into();
    manifest.item_count = 0;
    manifest.items = items
        .iter()
        .map(|item| match item {
            BodyItem::Event(b) => {
                let e = EventEnvelope::decode(b).unwrap();
                ItemRef {
                    station: e.station,
                    seq: e.seq,
                    hash: event_hash(b),
                    content: true,
                }
            }
            BodyItem::Withheld(w) => ItemRef {
                station: w.station.clone(),
                seq: w.seq,
                hash: w.hash,
                content: false,
            },
        })
        .collect();
    (manifest, Body { items })
}

fn sealed_file(
    dir: &Path,
    name: &str,
    manifest: Manifest,
    body: &Body,
    signer: &Station,
    to: &Station,
) -> PathBuf {
    let (files, _, _) = seal(manifest, body, &signer.keys, &to.keys.age_recipient()).unwrap();
    put(dir, name, &files.age, files.sig.as_bytes())
}
