//! What the benches share: the time every bench registry is made at, and a demo registry of a
//! given size built through the real binary.

#![allow(dead_code)]

use registrar::store::{FixedClock, Store};
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

pub const NOW: &str = "2026-11-21T02:00:00Z";

pub fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(NOW)
        .expect("time")
        .to_utc()
}

/// A demo registry with `records` extra closed records at `dir/bench-N.redb`, built through
/// the real binary unless it is already there.
pub fn registry(dir: &Path, records: u64) -> Store {
    let path = dir.join(format!("bench-{records}.redb"));
    if !path.exists() {
        let status = Command::new(env!("CARGO_BIN_EXE_registrar"))
            .args(["--store", path.to_str().expect("utf-8 path"), "--now", NOW])
            .args(["demo", "--no-tui", "--records", &records.to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .expect("run registrar demo");
        assert!(status.success(), "building the bench registry failed");
    }
    Store::open(&path, Arc::new(FixedClock::new(now()))).expect("open bench registry")
}
