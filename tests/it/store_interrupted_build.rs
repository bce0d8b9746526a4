//! A killed `demo` or `init` leaves no half-built registry under the real name (issue 10,
//! item 8): the registry is built under a temporary name and linked into place when complete,
//! so after a kill at any point the file is either absent (and the next run builds it) or
//! whole; the temporary file a killed run left is removed by the next one.

use crate::common::QUICK_PASSPHRASES;
use crate::store_common;

use redb::{ReadableDatabase, ReadableTable};
use registrar::store::schema::EVENTS;
use std::path::Path;
use std::time::{Duration, Instant};
use store_common::{NOW, registrar, registrar_as};

fn event_count(path: &Path) -> u64 {
    let db = redb::Database::open(path).unwrap();
    let txn = db.begin_read().unwrap();
    let events = txn.open_table(EVENTS).unwrap();
    events.last().unwrap().map_or(0, |(k, _)| k.value())
}

/// Files in `dir` other than passphrase files.
fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".passphrase") && !n.ends_with(".txt"))
        .collect();
    names.sort();
    names
}

/// Starts `cmd`, kills it with SIGKILL after `after`, and waits for it.
fn kill_after(cmd: &mut std::process::Command, after: Duration) {
    let mut child = cmd
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(after);
    let _ = child.kill();
    child.wait().unwrap();
}

fn demo_command(path: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_registrar"));
    cmd.env("NO_COLOR", "1")
        .env(QUICK_PASSPHRASES.0, QUICK_PASSPHRASES.1)
        .env_remove("REGISTRAR_STORE")
        .env_remove("REGISTRAR_NOW")
        .args(["--now", NOW, "--store"])
        .arg(path)
        .args(["demo", "--no-tui"]);
    cmd
}

#[test]
fn a_killed_demo_leaves_no_half_demo_and_the_next_run_builds_it_whole() {
    let dir = tempfile::tempdir().unwrap();
    // A whole demo, and how long it takes to build.
    let reference = dir.path().join("reference.redb");
    let started = Instant::now();
    registrar(&reference)
        .args(["demo", "--no-tui"])
        .assert()
        .success();
    let whole = event_count(&reference);
    let took = started.elapsed();
    for tenth in [1u32, 3, 5, 7, 9] {
        let run = dir.path().join(format!("kill-{tenth}"));
        std::fs::create_dir(&run).unwrap();
        let path = run.join("demo.redb");
        kill_after(&mut demo_command(&path), took * tenth / 10);
        if path.exists() {
            assert_eq!(event_count(&path), whole, "a half demo at {tenth}/10");
        }
        // The next demo builds it (or finds it whole), removes the leftover, and works.
        registrar(&path)
            .args(["demo", "--no-tui"])
            .assert()
            .success();
        assert_eq!(event_count(&path), whole, "after the kill at {tenth}/10");
        // The demo and its peer's registry (DPO-HQ), nothing else.
        assert_eq!(
            files(&run),
            ["demo-hq.redb", "demo.redb"],
            "leftovers after {tenth}/10"
        );
        registrar(&path).arg("whoami").assert().success();
    }
}

#[test]
fn a_leftover_temporary_file_is_ignored_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.redb");
    // What a build killed long ago (its process is gone) left behind.
    std::fs::write(
        dir.path().join(".demo.redb.building-4000000000"),
        b"half a demo",
    )
    .unwrap();
    registrar(&path)
        .args(["demo", "--no-tui"])
        .assert()
        .success();
    assert_eq!(files(dir.path()), ["demo-hq.redb", "demo.redb"]);
    registrar(&path).arg("whoami").assert().success();
}

fn init_command(path: &Path, pass: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_registrar"));
    cmd.env("NO_COLOR", "1")
        .env(QUICK_PASSPHRASES.0, QUICK_PASSPHRASES.1)
        .env("REGISTRAR_KEY_WORK_FACTOR", "10")
        .args(["--now", NOW, "--user", "chief", "--store"])
        .arg(path)
        .arg("--passphrase-file")
        .arg(pass)
        .args([
            "init",
            "--mission",
            "MINUSCA",
            "--station",
            "MINUSCA-JOC-1",
            "--exercise",
        ]);
    cmd
}

#[test]
fn a_killed_init_leaves_no_registry_without_users() {
    let dir = tempfile::tempdir().unwrap();
    let pass = dir.path().join("chief.txt");
    std::fs::write(&pass, "chief-correct-horse\n").unwrap();
    let reference = dir.path().join("reference.redb");
    let started = Instant::now();
    let out = init_command(&reference, &pass).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let took = started.elapsed();
    for tenth in [2u32, 5, 8] {
        let run = dir.path().join(format!("kill-{tenth}"));
        std::fs::create_dir(&run).unwrap();
        let path = run.join("registry.redb");
        kill_after(&mut init_command(&path, &pass), took * tenth / 10);
        if !path.exists() {
            let out = init_command(&path, &pass).output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        // Whatever is under the real name has its administrator, and nothing else is left.
        assert_eq!(files(&run), ["registry.redb"], "leftovers after {tenth}/10");
        registrar_as(&path, "chief", "chief-correct-horse", NOW)
            .arg("whoami")
            .assert()
            .success();
    }
}
