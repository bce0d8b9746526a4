//! Creating and opening a registry file, with the checks that make a wrong file, a second
//! process or a different schema version a clear message instead of a redb error.

use std::fs::OpenOptions;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use redb::backends::FileBackend;
use redb::{Builder, ConcurrencyMode, Database, DatabaseError, StorageError, TableError};

use super::db::Db;
use super::error::StoreError;
use super::read::LogRead;
use super::schema::*;
use super::shared::DEFAULT_WRITE_WAIT;

/// How every registrar process opens a registry file. The console and the commands share one
/// store at a station (an officer's console open all shift, a script's `queue` or `import`
/// beside it, a second officer's console): redb's multi-writer mode lets any number of
/// processes hold the file, each transaction seeing the latest commit of any of them, one
/// write transaction at a time (byte-range locks on the file; Linux). Every handle on a file,
/// read-only ones included, must be opened in this same mode.
pub fn builder() -> Builder {
    let mut b = Database::builder();
    b.set_concurrency_mode(ConcurrencyMode::MultiWriter)
        .set_cache_size(PAGE_CACHE_BYTES);
    b
}

/// redb's own page cache per handle (its default is 1 GiB, which a walk over a registry of a
/// million records fills): the operating system caches the file as well, so a small cache
/// costs little, and whole-registry commands (`verify`, reports, bundles) stay flat in memory.
pub const PAGE_CACHE_BYTES: usize = 16 << 20;

/// What the `meta` table says about a registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    pub station: String,
    pub mission: String,
    pub schema_version: u32,
    pub created: DateTime<Utc>,
}

/// Who may have a new registry file open while it is made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sharing {
    /// Other processes may open it at once (a registry made where it is used).
    Shared,
    /// Only this process, until the file is complete and given its name (`whole_file`): its
    /// commits need not reach the disk one by one, only all together at the end.
    Private,
}

/// Creates a new registry at `path`; refuses to touch an existing file.
pub fn create_db(
    path: &Path,
    station: &str,
    mission: &str,
    created: DateTime<Utc>,
) -> Result<Database, StoreError> {
    create_db_for(path, station, mission, created, Sharing::Shared)
}

/// `create_db`, opened as `sharing` says.
pub fn create_db_for(
    path: &Path,
    station: &str,
    mission: &str,
    created: DateTime<Utc>,
    sharing: Sharing,
) -> Result<Database, StoreError> {
    // `create_new` makes "does it exist" and "create it" one step, so two processes racing to
    // create the same registry cannot both succeed.
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            ErrorKind::AlreadyExists => StoreError::AlreadyExists { path: path.into() },
            _ => StoreError::Io {
                path: path.into(),
                message: e.to_string(),
            },
        })?;
    let mut builder = builder();
    if sharing == Sharing::Private {
        builder.set_concurrency_mode(ConcurrencyMode::ExclusiveWriter);
    }
    let result = FileBackend::new(file)
        .and_then(|backend| builder.create_with_backend(backend))
        .map_err(|e| db_error(e, path))
        .and_then(|db| {
            initialise(&db, station, mission, created)?;
            Ok(db)
        });
    if result.is_err() {
        // Leave nothing half-made behind, so running the same command again works.
        let _ = std::fs::remove_file(path);
    }
    result
}

fn initialise(
    db: &Database,
    station: &str,
    mission: &str,
    created: DateTime<Utc>,
) -> Result<(), StoreError> {
    let txn = db.begin_write()?;
    {
        let mut meta = txn.open_table(META)?;
        meta.insert(META_SCHEMA_VERSION, SCHEMA_VERSION.to_le_bytes().as_slice())?;
        meta.insert(META_STATION, station.as_bytes())?;
        meta.insert(META_MISSION, mission.as_bytes())?;
        meta.insert(META_CREATED, created.to_rfc3339().as_bytes())?;
        txn.open_table(EVENTS)?;
        txn.open_table(STATION_SEQ)?;
        txn.open_table(STATION_HEAD)?;
        txn.open_table(RECORDS)?;
        txn.open_table(IDX_URGENT)?;
        txn.open_table(IDX_PENDING)?;
        txn.open_table(IDX_REVIEW)?;
        txn.open_table(RECORD_KEYS)?;
        txn.open_table(IDX_BROWSE)?;
        txn.open_table(IDX_ENTITY)?;
        txn.open_table(RECORD_EVENTS)?;
        txn.open_table(SEARCH_NUMBERS)?;
        txn.open_table(SEARCH_RECORDS)?;
        txn.open_table(SEARCH_POSTINGS)?;
        txn.open_table(SEARCH_READERS)?;
        txn.open_table(SEARCH_READER_KINDS)?;
        txn.open_table(SEARCH_READER_CODES)?;
        txn.open_table(SEARCH_WORDS)?;
        txn.open_table(SEARCH_ENTITY_TERMS)?;
    }
    txn.commit()?;
    Ok(())
}

/// Opens an existing registry and checks that this registrar can read it. Opening reads only
/// what it needs, so its cost does not grow with the registry; `open_db_checked` reads every
/// page. A registry this process cannot write (a file without write permission, a read-only
/// mount) opens read-only: reading works, a write is refused (`StoreError::ReadOnly`).
pub fn open_db(path: &Path) -> Result<(Db, Meta), StoreError> {
    open_with(path, false)
}

/// Opens a registry after checking every page of the file (for `verify`, and for a file that
/// came from removable media): damage is an error, not a surprise later. redb's page check
/// needs write access; on a read-only registry it is skipped (the log and records are still
/// read and checked by `verify`).
pub fn open_db_checked(path: &Path) -> Result<(Db, Meta), StoreError> {
    open_with(path, true)
}

fn open_with(path: &Path, check_every_page: bool) -> Result<(Db, Meta), StoreError> {
    open_waiting(path, check_every_page, DEFAULT_WRITE_WAIT)
}

/// Opens a registry, waiting up to `wait` for it: in the shared mode an open reads the file's
/// header under the writer's lock, so it waits for a write in progress in another process.
/// Past `wait` the registry is reported busy; the open left behind finishes on its own and
/// lets the file go.
pub fn open_waiting(
    path: &Path,
    check_every_page: bool,
    wait: Duration,
) -> Result<(Db, Meta), StoreError> {
    let metadata = std::fs::metadata(path).map_err(|e| match e.kind() {
        ErrorKind::NotFound => StoreError::NotFound { path: path.into() },
        _ => StoreError::Io {
            path: path.into(),
            message: e.to_string(),
        },
    })?;
    // A file without any write permission is opened read-only even by a process that could
    // write it anyway (root ignores file modes): its owner marked it so.
    let read_only = metadata.permissions().readonly();
    let wait = wait_for_open(wait, check_every_page, metadata.len());
    let owned = path.to_path_buf();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let opened = open_in_mode(&owned, check_every_page, read_only);
        // Nobody listens once the wait is over: the database is then dropped here.
        let _ = tx.send(opened);
    });
    let db = match rx.recv_timeout(wait) {
        Ok(opened) => opened?,
        // The open ended without an answer: redb gave up on the file by panicking, which a
        // plain open may do on a file damaged outside redb. It is not another process.
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            return Err(StoreError::Corrupt(format!(
                "{} could not be opened (the storage engine stopped on it)",
                path.display()
            )));
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            return Err(StoreError::Busy {
                path: path.into(),
                waited_secs: wait.as_secs(),
            });
        }
    };
    let meta = read_meta(&db, path)?;
    Ok((db, meta))
}

/// How long an open may wait before the registry is said to be busy. Checking every page
/// reads the whole file inside the open, so its time is added (at a rate a slow removable
/// medium still reaches): a large registry being checked is not mistaken for another
/// process's write.
pub(crate) fn wait_for_open(wait: Duration, check_every_page: bool, file_bytes: u64) -> Duration {
    const CHECKED_BYTES_PER_SEC: u64 = 8 << 20;
    if check_every_page {
        wait + Duration::from_secs(file_bytes / CHECKED_BYTES_PER_SEC)
    } else {
        wait
    }
}

/// Opens for writing, or read-only when the file is marked so or the open for writing is
/// refused by the system (no write permission, a read-only medium).
fn open_in_mode(path: &Path, check_every_page: bool, read_only: bool) -> Result<Db, StoreError> {
    if read_only {
        return open_read_only(path);
    }
    match builder()
        .set_check_integrity_on_open(check_every_page)
        .open(path)
    {
        Ok(db) => Ok(Db::Writable(db)),
        Err(DatabaseError::Storage(StorageError::Io(e))) if cannot_write(&e) => {
            open_read_only(path)
        }
        Err(e) => Err(db_error(e, path)),
    }
}

/// Opening for writing failed because the file or its medium is not writable by this process.
fn cannot_write(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem
    )
}

/// A read-only handle, in the same shared mode as every other handle on the file.
fn open_read_only(path: &Path) -> Result<Db, StoreError> {
    let db = builder().open_read_only(path).map_err(|e| match e {
        // A registry left by a crash needs redb's repair, which writes.
        DatabaseError::RepairAborted => StoreError::NeedsRepairReadOnly { path: path.into() },
        e => db_error(e, path),
    })?;
    Ok(Db::ReadOnly {
        db,
        path: path.into(),
    })
}

fn read_meta(db: &Db, path: &Path) -> Result<Meta, StoreError> {
    let not_registry = || StoreError::NotARegistry { path: path.into() };
    let txn = db.begin_read()?;
    // A redb file written by something else has no `meta` table, or one of another type.
    if let Err(e) = txn.open_table(META) {
        return Err(match e {
            TableError::Storage(e) => e.into(),
            _ => not_registry(),
        });
    }
    let version = txn
        .meta_get(META_SCHEMA_VERSION)?
        .ok_or_else(not_registry)?;
    let version: [u8; 4] = version.as_slice().try_into().map_err(|_| not_registry())?;
    let schema_version = u32::from_le_bytes(version);
    let upgradable = (SCHEMA_UPGRADABLE_FROM..SCHEMA_VERSION).contains(&schema_version);
    if schema_version != SCHEMA_VERSION && !upgradable {
        return Err(StoreError::SchemaMismatch {
            found: schema_version,
            expected: SCHEMA_VERSION,
            path: path.into(),
        });
    }
    let text = |key: &str| -> Result<String, StoreError> {
        let bytes = txn
            .meta_get(key)?
            .ok_or_else(|| StoreError::Corrupt(format!("registry metadata has no {key}")))?;
        String::from_utf8(bytes)
            .map_err(|_| StoreError::Corrupt(format!("registry metadata {key} is not text")))
    };
    let created = text(META_CREATED)?;
    let created = DateTime::parse_from_rfc3339(&created)
        .map_err(|_| {
            StoreError::Corrupt(format!("registry creation time {created:?} is malformed"))
        })?
        .with_timezone(&Utc);
    Ok(Meta {
        station: text(META_STATION)?,
        mission: text(META_MISSION)?,
        schema_version,
        created,
    })
}

fn db_error(e: DatabaseError, path: &Path) -> StoreError {
    let path: PathBuf = path.into();
    match e {
        DatabaseError::DatabaseAlreadyOpen => StoreError::AlreadyOpen { path },
        // redb reports a file that is not a redb database (wrong magic number, empty file) as
        // invalid data.
        DatabaseError::Storage(StorageError::Io(e)) if e.kind() == ErrorKind::InvalidData => {
            StoreError::NotARegistry { path }
        }
        DatabaseError::Storage(StorageError::Corrupted(detail)) => {
            StoreError::DamagedFile { path, detail }
        }
        other => StoreError::Redb(format!("{}: {other}", path.display())),
    }
}
