//! Bundles that stream (issue 14, format 2): the items one at a time through age, the signed
//! manifest last. A bundle written before (format 1) still imports; a format newer than this
//! registrar reads is refused by its name (the medium read once: `bundle_one_reading`).

use crate::bundle_common;

use bundle_common::*;
use registrar::bundle::format::{FORMAT, Header, STREAM_FORMAT, to_cbor};
use registrar::bundle::identity::unlock;
use registrar::bundle::import::{KeyRing, Outcome, import_file};
use registrar::bundle::names::signature_path;
use registrar::bundle::stream::peek_format;
use registrar::domain::ids::RecordId;
use registrar::domain::marking::Classification::*;
use registrar::store::{FixedClock, Store};
use std::path::{Path, PathBuf};
use std::sync::Arc;

const FORMAT_1: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/bundle-format-1"
);
const FORMAT_1_BUNDLE: &str = "MINUSCA-JMAC-1_to_DPO-HQ_changes-000001_CONFIDENTIAL.age";

#[test]
fn a_bundle_written_in_format_1_before_bundles_streamed_still_imports() {
    let dir = tempfile::tempdir().unwrap();
    let registry = dir.path().join("hq.redb");
    std::fs::copy(Path::new(FORMAT_1).join("hq.redb"), &registry).unwrap();
    let bundle = dir.path().join(FORMAT_1_BUNDLE);
    std::fs::copy(Path::new(FORMAT_1).join(FORMAT_1_BUNDLE), &bundle).unwrap();
    std::fs::copy(
        signature_path(&Path::new(FORMAT_1).join(FORMAT_1_BUNDLE)),
        signature_path(&bundle),
    )
    .unwrap();
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-21T04:00:00Z")
        .unwrap()
        .to_utc();
    let store = Store::open(&registry, Arc::new(FixedClock::new(now))).unwrap();
    let chief = store.authenticate("chief", "hq-chief-passphrase").unwrap();
    let keys = unlock(&store, "hq-chief-passphrase").unwrap();
    // It is format 1: one CBOR value, as every bundle was before this one.
    let plain = decrypt(&bundle, bytes_of(&bundle).as_slice(), &keys).unwrap();
    assert_eq!(peek_format(&plain).as_deref(), Some(FORMAT));

    let outcome = import_file(&store, &chief, &bundle, &mut KeyRing::unlocked(&keys)).unwrap();
    let Outcome::Applied { applied, .. } = outcome else {
        panic!("not applied: {outcome:?}")
    };
    assert_eq!((applied.events, applied.withheld), (2, 5), "{applied:?}");
    for id in ["ENT-MINUSCA-JMAC-1-0001", "ENT-MINUSCA-JMAC-1-0002"] {
        assert!(
            store.record(&RecordId(id.into())).unwrap().is_some(),
            "{id}"
        );
    }
    let verified = store.verify_everything().unwrap();
    assert!(verified.chain.is_ok() && verified.derived.is_none());
    // And again: the same bundle, nothing to do.
    let again = import_file(&store, &chief, &bundle, &mut KeyRing::unlocked(&keys)).unwrap();
    assert!(
        matches!(again, Outcome::AlreadyImported { .. }),
        "{again:?}"
    );
}

/// `plain` encrypted to `to` and the file signed by `from`, as a bundle file in `dir`.
fn signed_bundle(dir: &Path, name: &str, plain: &[u8], from: &Station, to: &Station) -> PathBuf {
    let r: age::x25519::Recipient = to.keys.age_recipient().parse().unwrap();
    let age_bytes = age::encrypt(&r, plain).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, &age_bytes).unwrap();
    std::fs::write(
        signature_path(&path),
        sign_outer(&from.keys, &age_bytes).unwrap(),
    )
    .unwrap();
    path
}

#[test]
fn a_bundle_in_a_format_newer_than_this_registrar_reads_is_refused_by_its_name() {
    let jmac = Station::new("MINUSCA-JMAC-1");
    let hq = Station::new("DPO-HQ");
    pair(&jmac, &hq, StrictlyConfidential, StrictlyConfidential);
    let out = tempfile::tempdir().unwrap();
    // What registrar writes is format 2.
    let w = jmac.export_to("DPO-HQ", out.path());
    let plain = decrypt(&w.bundle, bytes_of(&w.bundle).as_slice(), &hq.keys).unwrap();
    assert_eq!(peek_format(&plain).as_deref(), Some(STREAM_FORMAT));

    let log_before = hq.store.log_len().unwrap();
    let mut newer = to_cbor(&Header {
        format: "registrar-bundle/3".into(),
    });
    newer.extend_from_slice(
        &plain[to_cbor(&Header {
            format: STREAM_FORMAT.into(),
        })
        .len()..],
    );
    let p = signed_bundle(out.path(), "newer.age", &newer, &jmac, &hq);
    let e = hq.import(&p).unwrap_err().to_string();
    assert!(
        e.contains("refused") && e.contains("\"registrar-bundle/3\"") && e.contains("newer"),
        "{e}"
    );
    assert_eq!(hq.store.log_len().unwrap(), log_before);
    // Not a registrar bundle at all.
    let p = signed_bundle(
        out.path(),
        "other.age",
        b"\xa1\x66format\x63abc",
        &jmac,
        &hq,
    );
    let e = hq.import(&p).unwrap_err().to_string();
    assert!(e.contains("not a registrar bundle"), "{e}");
    // The genuine one imports.
    hq.import(&w.bundle).unwrap();
    hq.assert_consistent();
}

/// Only a version after those this registrar reads is called newer; any other name under
/// the bundle prefix is malformed (a forged or damaged header), never "import it with a
/// newer registrar".
#[test]
fn only_a_later_version_is_called_newer() {
    use registrar::bundle::stream::version;
    for newer in ["registrar-bundle/3", "registrar-bundle/17"] {
        let said = version(Some(newer)).err().unwrap();
        assert!(said.contains("newer than this registrar reads"), "{said}");
    }
    for junk in [
        "registrar-bundle/0",
        "registrar-bundle/",
        "registrar-bundle/03",
        "registrar-bundle/x",
        "registrar-bundle/3 ",
    ] {
        let said = version(Some(junk)).err().unwrap();
        assert!(said.contains("malformed"), "{junk}: {said}");
    }
    assert!(version(Some("registrar-bundle/1")).is_ok());
    assert!(version(Some("registrar-bundle/2")).is_ok());
}
