//! Operations that walk the whole registry (issue 14), in-process at 100 000 carried-over
//! records: `verify` (the chain and the derived state against a replay), writing a snapshot
//! bundle of every event for a peer, and importing that bundle at the peer.
//!
//! `cargo bench --bench whole_registry` (release). The registries are built once through the
//! real binary (`demo --records`, `init`, `keys trust`), in a temporary directory.

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use registrar::bundle::export::{plan, write};
use registrar::bundle::identity::unlock;
use registrar::bundle::import::{KeyRing, import_file};
use registrar::domain::station::BundleKind;
use registrar::store::{FixedClock, Store};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

const NOW: &str = "2026-11-21T02:00:00Z";
const RECORDS: u64 = 100_000;
const PEER: &str = "MINUSCA-JOC-1";

fn registrar(store: &Path, login: Option<(&str, &Path)>, args: &[&str]) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_registrar"));
    cmd.env("NO_COLOR", "1")
        .env("REGISTRAR_KEY_WORK_FACTOR", "18")
        .args(["--now", NOW, "--store"])
        .arg(store);
    if let Some((user, passphrase)) = login {
        cmd.args(["--user", user, "--passphrase-file"])
            .arg(passphrase);
    }
    let out = cmd.args(args).output().expect("run registrar");
    assert!(
        out.status.success(),
        "registrar {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn field<'a>(keys: &'a str, label: &str) -> &'a str {
    keys.lines()
        .find_map(|l| l.trim_start().strip_prefix(label))
        .map(str::trim)
        .unwrap_or_else(|| panic!("no {label} in {keys}"))
}

/// The demo station with `RECORDS` records (A) and a fresh peer (B), trusting each other.
fn stations(dir: &Path) -> (PathBuf, PathBuf) {
    let a = dir.join("a.redb");
    let b = dir.join("b.redb");
    let secret = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, format!("{text}\n")).expect("write passphrase");
        p
    };
    let admin = secret("admin", "demo-admin");
    let chief = secret("chief", "chief-correct-horse");
    let records = RECORDS.to_string();
    registrar(&a, None, &["demo", "--no-tui", "--records", &records]);
    registrar(
        &b,
        Some(("chief", &chief)),
        &[
            "init",
            "--exercise",
            "--mission",
            "MINUSCA",
            "--station",
            PEER,
        ],
    );
    let a_keys = registrar(&a, Some(("admin", &admin)), &["keys", "show"]);
    let b_keys = registrar(&b, Some(("chief", &chief)), &["keys", "show"]);
    for (store, login, keys, station) in [
        (&a, ("admin", &admin), &b_keys, PEER),
        (&b, ("chief", &chief), &a_keys, "MINUSCA-JMAC-1"),
    ] {
        let ssh = dir.join(format!("{station}.ssh"));
        std::fs::write(&ssh, field(keys, "signing key:")).expect("write key");
        let recipient = field(keys, "age recipient:").to_string();
        let ssh = ssh.to_str().expect("utf-8").to_string();
        registrar(
            store,
            Some((login.0, login.1)),
            &[
                "keys",
                "trust",
                "--station",
                station,
                "--clearance",
                "strictly_confidential",
                "--age-recipient",
                &recipient,
                "--signing-key",
                &ssh,
            ],
        );
    }
    (a, b)
}

fn open(path: &Path) -> Store {
    let now = chrono::DateTime::parse_from_rfc3339(NOW)
        .expect("time")
        .to_utc();
    Store::open(path, Arc::new(FixedClock::new(now))).expect("open")
}

fn whole_registry(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b) = stations(dir.path());
    let mut group = c.benchmark_group("whole_registry");
    group.sample_size(10);

    let store = open(&a);
    group.bench_function("verify_100k", |bench| {
        bench.iter(|| {
            let v = store.verify_everything().expect("verify");
            assert!(v.chain.is_ok() && v.derived.is_none());
        })
    });

    let me = store.authenticate("imfp", "demo-imfp").expect("login");
    let keys = unlock(&store, "demo-station").expect("keys");
    let medium = dir.path().join("medium");
    let mut last = None;
    group.bench_function("export_snapshot_100k", |bench| {
        bench.iter_batched(
            || {
                let _ = std::fs::remove_dir_all(&medium);
                std::fs::create_dir_all(&medium).expect("medium");
            },
            |()| {
                let p = plan(&store, PEER, BundleKind::Snapshot, &mut |_, _| {}).expect("plan");
                last = Some(write(&store, &me, &keys, p, &medium).expect("write"));
            },
            BatchSize::PerIteration,
        )
    });
    let written = last.expect("a bundle was written");
    drop(store);

    let peer = open(&b);
    let chief = peer
        .authenticate("chief", "chief-correct-horse")
        .expect("login");
    let peer_keys = unlock(&peer, "chief-correct-horse").expect("peer keys");
    drop(peer);
    let fresh = dir.path().join("b-copy.redb");
    group.bench_function("import_snapshot_100k", |bench| {
        bench.iter_batched(
            || {
                std::fs::copy(&b, &fresh).expect("copy the peer");
                open(&fresh)
            },
            |peer| {
                import_file(
                    &peer,
                    &chief,
                    &written.bundle,
                    &mut KeyRing::unlocked(&peer_keys),
                )
                .expect("import")
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, whole_registry);
criterion_main!(benches);
