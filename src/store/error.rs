//! The store's error type. Messages are one plain line that says what to do where there is
//! something to do; they are shown to the operator as-is by the top-level reporter.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the registry at {} is already open in another registrar process; close it there first",
        path.display()
    )]
    AlreadyOpen { path: PathBuf },

    /// Another process's write went on longer than this one would wait; nothing was written.
    #[error(
        "the registry at {} is busy: another registrar process has been writing for {waited_secs} s \
         (an import, a sheet or a demo build?); nothing was recorded, try again when it has finished",
        path.display()
    )]
    Busy { path: PathBuf, waited_secs: u64 },

    #[error(
        "no registry at {}; create one with `registrar init` or `registrar demo`",
        path.display()
    )]
    NotFound { path: PathBuf },

    #[error("{} already exists; refusing to overwrite it, choose another path", path.display())]
    AlreadyExists { path: PathBuf },

    #[error("{}", schema_mismatch_message(path, *found, *expected))]
    SchemaMismatch {
        found: u32,
        expected: u32,
        path: PathBuf,
    },

    #[error("{} is not a registrar registry", path.display())]
    NotARegistry { path: PathBuf },

    #[error("{}: {message}", path.display())]
    Io { path: PathBuf, message: String },

    #[error("the registry is damaged: {0}; run `registrar verify` to see what to repair")]
    Corrupt(String),

    /// A write found what it depends on damaged, and wrote nothing.
    #[error(
        "nothing was written: the registry is damaged ({0}); run `registrar verify` to see what to repair"
    )]
    DamagedBeforeWrite(String),

    #[error("an incoming event cannot be decoded: {0}")]
    InvalidEvent(String),

    #[error(
        "event {station} seq {found} cannot be added: the next event expected from {station} is seq {expected}"
    )]
    SequenceGap {
        station: String,
        expected: u64,
        found: u64,
    },

    #[error(
        "event {station} seq {seq} does not link to the previous event from {station} (hash mismatch)"
    )]
    PrevHashMismatch { station: String, seq: u64 },

    #[error("event {station} seq {seq} is already in the registry")]
    DuplicateEvent { station: String, seq: u64 },

    #[error(
        "event {station} seq {seq} differs from the event already stored with that sequence (forked history)"
    )]
    ConflictingEvent { station: String, seq: u64 },

    #[error("storage error: {0}")]
    Redb(String),

    /// `rebuild` found the log itself broken: records cannot be derived from it.
    #[error(
        "nothing was rebuilt: the log itself is broken at {what}, and records can only be \
         rebuilt from an intact log; the registry was left as it was. Restore it from the last \
         backup; without one, make a new registry (`registrar init`) and ask each peer station \
         for a snapshot (`registrar export --snapshot`)"
    )]
    LogBroken { path: PathBuf, what: String },

    /// A write on a registry opened read-only (a read-only file or medium).
    #[error(
        "the registry at {} is read-only here (a file without write permission, or a read-only \
         medium): it can be read but not changed, and nothing was written. To change it, copy it \
         to writable storage (or make the file writable) and work there",
        path.display()
    )]
    ReadOnly { path: PathBuf },

    /// A registry left by a crash, opened where it cannot be written: redb must repair it first.
    #[error(
        "the registry at {} was not closed cleanly (a crash or power cut) and must be repaired \
         before it can be read, which writes to it; it is read-only here. Copy it to writable \
         storage and open it there once",
        path.display()
    )]
    NeedsRepairReadOnly { path: PathBuf },

    /// The file itself is damaged (redb's checks of its pages fail on opening).
    #[error(
        "the registry file {} is damaged and cannot be opened ({detail}); nothing was changed. \
         Restore it from the last backup; without one, make a new registry (`registrar init`) \
         and ask each peer station for a snapshot (`registrar export --snapshot`)",
        path.display()
    )]
    DamagedFile { path: PathBuf, detail: String },
}

fn schema_mismatch_message(path: &Path, found: u32, expected: u32) -> String {
    let path = path.display();
    if found > expected {
        format!(
            "the registry at {path} uses schema version {found}, newer than this registrar \
             understands (version {expected}); upgrade registrar to open it"
        )
    } else {
        format!(
            "the registry at {path} uses schema version {found}, and this registrar cannot read \
             schema version {found} (it reads version {expected}); export it with the registrar \
             version that wrote it"
        )
    }
}

macro_rules! from_redb {
    ($($t:ty),*) => {$(
        impl From<$t> for StoreError {
            fn from(e: $t) -> Self {
                let text = e.to_string();
                // redb's own page checks failed: the file is damaged, not the storage busy.
                if text.starts_with("DB corrupted") {
                    StoreError::Corrupt(format!("the file's storage pages do not check ({text})"))
                } else {
                    StoreError::Redb(text)
                }
            }
        }
    )*};
}

from_redb!(
    redb::DatabaseError,
    redb::TransactionError,
    redb::TableError,
    redb::StorageError,
    redb::CommitError
);
