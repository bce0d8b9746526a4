//! Creating, reopening and refusing to open registries.

use redb::{Database, ReadableDatabase, TableDefinition};

use super::*;
use crate::store::schema::{META, META_SCHEMA_VERSION};

#[test]
fn reopen_after_drop_reads_the_same_log_and_meta() {
    let t = TempDb::new("MINUSCA-JMAC-1");
    append_events(&t.db, &["MINUSCA-JMAC-1", "OTHER", "MINUSCA-JMAC-1"]);
    let before = log::read_all(&t.db.begin_read().unwrap()).unwrap();
    let TempDb { dir, db } = t;
    drop(db);

    let (db, meta) = open_db(&dir.path().join("reg.redb")).unwrap();
    let crate::store::db::Db::Writable(db) = db else {
        panic!("a writable file opened read-only");
    };
    let want = Meta {
        station: "MINUSCA-JMAC-1".into(),
        mission: "MINUSCA".into(),
        schema_version: SCHEMA_VERSION,
        created: t0(),
    };
    assert_eq!(meta, want);
    assert_eq!(log::read_all(&db.begin_read().unwrap()).unwrap(), before);
    assert!(verify_db(&db).is_ok());

    // Appending continues each station's chain where it left off.
    let next = append_events(&db, &["MINUSCA-JMAC-1"]);
    assert_eq!((next[0].position, next[0].envelope.seq), (4, 3));
    assert!(verify_db(&db).is_ok());
}

#[test]
fn a_second_handle_shares_the_registry_and_sees_its_commits() {
    // The console and a command (or two consoles) on one store: redb's multi-writer mode, with
    // locks held per open file description, so two handles in one process behave as two
    // processes do.
    let t = TempDb::new("S");
    let (second, _) = open_db(&t.path()).expect("a second handle opens beside the first");
    append_events(&t.db, &["S"]);
    let seen = log::read_all(&second.begin_read().unwrap()).unwrap();
    assert_eq!(
        seen.len(),
        1,
        "the second handle reads the first one's commit"
    );
    append_events(second.writable().unwrap(), &["S"]);
    let seen = log::read_all(&t.db.begin_read().unwrap()).unwrap();
    assert_eq!(seen.len(), 2, "and the first reads the second's");
    assert!(verify_db(&t.db).is_ok());
}

#[test]
fn an_open_waits_for_a_write_in_progress_up_to_a_bound() {
    let t = TempDb::new("S");
    let txn = t.db.begin_write().unwrap();
    let started = std::time::Instant::now();
    let err = match open_waiting(&t.path(), false, std::time::Duration::from_millis(200)) {
        Ok(_) => panic!("opened beside a write in progress"),
        Err(e) => e,
    };
    assert!(matches!(err, StoreError::Busy { .. }), "{err:?}");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    txn.abort().unwrap();
    assert!(open_waiting(&t.path(), false, std::time::Duration::from_secs(5)).is_ok());
}

#[test]
fn an_exclusive_holder_is_refused_with_a_plain_message() {
    // A registrar older than the shared store (or any program holding the whole file) keeps
    // it to itself: opening beside it is refused with one plain line.
    let t = TempDb::new("S");
    let path = t.path();
    let TempDb { dir, db } = t;
    drop(db);
    let exclusive = Database::open(&path).unwrap();
    let err = open_err(&path);
    assert!(matches!(err, StoreError::AlreadyOpen { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "the registry at {} is already open in another registrar process; close it there first",
            path.display()
        )
    );
    drop(exclusive);
    assert!(open_db(&path).is_ok());
    drop(dir);
}

#[test]
fn missing_and_existing_paths() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nope.redb");
    assert_eq!(
        open_err(&path).to_string(),
        format!(
            "no registry at {}; create one with `registrar init` or `registrar demo`",
            path.display()
        )
    );
    std::fs::write(&path, b"").unwrap();
    let err = create_db(&path, "S", "M", t0()).unwrap_err();
    assert!(matches!(err, StoreError::AlreadyExists { .. }), "{err:?}");
    // A refused create leaves the existing file alone.
    assert!(path.exists());
}

fn write_schema_version(path: &std::path::Path, version: u32) {
    let db = Database::open(path).unwrap();
    let txn = db.begin_write().unwrap();
    txn.open_table(META)
        .unwrap()
        .insert(META_SCHEMA_VERSION, version.to_le_bytes().as_slice())
        .unwrap();
    txn.commit().unwrap();
}

#[test]
fn schema_mismatch_says_what_to_do() {
    let t = TempDb::new("S");
    let path = t.path();
    let TempDb { dir, db } = t;
    drop(db);

    write_schema_version(&path, SCHEMA_VERSION + 1);
    let err = open_err(&path);
    assert!(
        matches!(
            err,
            StoreError::SchemaMismatch {
                found,
                expected: SCHEMA_VERSION,
                ..
            } if found == SCHEMA_VERSION + 1
        ),
        "{err:?}"
    );
    assert!(
        err.to_string().ends_with("upgrade registrar to open it"),
        "{err}"
    );

    write_schema_version(&path, 0);
    let msg = open_err(&path).to_string();
    assert!(msg.contains("cannot read schema version 0"), "{msg}");
    assert!(
        msg.ends_with("export it with the registrar version that wrote it"),
        "{msg}"
    );
    drop(dir);
}

#[test]
fn other_files_are_not_registries() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.redb");
    {
        let db = Database::create(&path).unwrap();
        let txn = db.begin_write().unwrap();
        let def: TableDefinition<u64, u64> = TableDefinition::new("something_else");
        txn.open_table(def).unwrap().insert(1, 2).unwrap();
        txn.commit().unwrap();
    }
    let err = open_err(&path);
    assert!(matches!(err, StoreError::NotARegistry { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!("{} is not a registrar registry", path.display())
    );

    let text = dir.path().join("notes.txt");
    std::fs::write(
        &text,
        "these are not the pages you are looking for\n".repeat(200),
    )
    .unwrap();
    let err = open_err(&text);
    assert!(matches!(err, StoreError::NotARegistry { .. }), "{err:?}");
    let empty = dir.path().join("empty.redb");
    std::fs::write(&empty, b"").unwrap();
    let err = open_err(&empty);
    assert!(matches!(err, StoreError::NotARegistry { .. }), "{err:?}");
}

/// Item 9 of issue 10: a registry file without write permission opens read-only (decided on
/// the file's mode, so this holds even for root, whom the kernel lets write any file): it
/// reads the same log, and a write is refused before anything is attempted.
#[test]
fn a_file_without_write_permission_opens_read_only() {
    use std::os::unix::fs::PermissionsExt;
    let t = TempDb::new("MINUSCA-JMAC-1");
    append_events(&t.db, &["MINUSCA-JMAC-1", "OTHER"]);
    let before = log::read_all(&t.db.begin_read().unwrap()).unwrap();
    let path = t.path();
    let TempDb { dir, db } = t;
    drop(db);
    let bytes = std::fs::read(&path).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();

    let (db, meta) = open_db(&path).unwrap();
    assert!(db.is_read_only());
    assert_eq!(meta.station, "MINUSCA-JMAC-1");
    assert_eq!(log::read_all(&db.begin_read().unwrap()).unwrap(), before);
    let Err(err) = db.writable() else {
        panic!("a write on a read-only registry was let through");
    };
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err:?}");
    assert!(err.to_string().contains("is read-only here"), "{err}");
    // Two readers at once, and the checked open too.
    let (again, _) = open_db_checked(&path).unwrap();
    assert!(again.is_read_only());
    drop((db, again));
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "the file was changed");

    // Made writable again, it opens for writing.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (db, _) = open_db(&path).unwrap();
    assert!(!db.is_read_only());
    drop((db, dir));
}

#[test]
fn checking_every_page_of_a_large_file_is_not_taken_for_a_busy_registry() {
    use crate::store::open::wait_for_open;
    use std::time::Duration;
    let base = Duration::from_secs(30);
    // A plain open waits only for another process's write.
    assert_eq!(wait_for_open(base, false, 8 << 30), base);
    // Checking every page of an 8 GiB registry reads it all inside the open: that time is
    // added, so `verify` on a million records does not say "busy" with nobody else there.
    assert!(wait_for_open(base, true, 8 << 30) >= base + Duration::from_secs(900));
    assert!(wait_for_open(base, true, 1 << 20) < base + Duration::from_secs(1));
}
