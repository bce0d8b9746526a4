//! Store tests against real redb files in temporary directories.

mod chain;
mod open_db;
mod search_finish;
mod verbatim;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use redb::{Database, ReadableDatabase};

use super::*;

pub(super) fn t0() -> DateTime<Utc> {
    DateTime::from_timestamp(1_700_000_000, 0).unwrap()
}

pub(super) struct TempDb {
    pub dir: tempfile::TempDir,
    pub db: Database,
}

impl TempDb {
    pub fn new(station: &str) -> TempDb {
        let dir = tempfile::tempdir().unwrap();
        let db = create_db(&dir.path().join("reg.redb"), station, "MINUSCA", t0()).unwrap();
        TempDb { dir, db }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("reg.redb")
    }
}

/// Appends one local event per entry of `stations`, in that order, with ticking HLCs.
pub(super) fn append_events(db: &Database, stations: &[&str]) -> Vec<log::Appended> {
    let txn = db.begin_write().unwrap();
    let mut out = Vec::new();
    for (i, station) in stations.iter().enumerate() {
        let hlc = Hlc::tick(log::last_hlc(&txn).unwrap(), 1_700_000_000_000 + i as i64);
        let payload = format!("payload {i} for {station}").into_bytes();
        let record = format!("R-{i:04}");
        out.push(append_local(&txn, station, "j.doe", &record, payload, hlc).unwrap());
    }
    txn.commit().unwrap();
    out
}

pub(super) fn verify_db(db: &Database) -> VerifyReport {
    verify(&db.begin_read().unwrap()).unwrap()
}

pub(super) fn open_err(path: &Path) -> StoreError {
    match open_db(path) {
        Ok(_) => panic!("{} opened", path.display()),
        Err(e) => e,
    }
}
