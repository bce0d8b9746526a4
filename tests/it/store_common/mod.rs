//! Helpers shared by the store and command-line tests: the `registrar` binary with a fixed
//! environment, and a demo registry built through it.

#![allow(dead_code)]

use crate::common::QUICK_PASSPHRASES;
use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The end of the demo's story and the "now" of every command these tests run.
pub const NOW: &str = "2026-11-21T02:00:00Z";

/// The demo's IM FP, who sees every queue item's content (CLI.md "Demo users").
pub const USER: &str = "imfp";
pub const PASSPHRASE: &str = "demo-imfp";

/// `registrar --store STORE --now NOW`, logged in as the demo's IM FP, with no colour and no
/// settings leaking in from the environment of whoever runs the tests.
pub fn registrar(store: &Path) -> Command {
    registrar_at(store, NOW)
}

/// As `registrar`, at another `--now`.
pub fn registrar_at(store: &Path, now: &str) -> Command {
    registrar_as(store, USER, PASSPHRASE, now)
}

/// `registrar --store STORE --now NOW --user USER --passphrase-file FILE`, the file written
/// beside the store.
pub fn registrar_as(store: &Path, user: &str, passphrase: &str, now: &str) -> Command {
    let file = store.with_file_name(format!("{user}.passphrase"));
    std::fs::write(&file, format!("{passphrase}\n")).unwrap();
    let mut cmd = bare_registrar();
    cmd.arg("--store")
        .arg(store)
        .arg("--now")
        .arg(now)
        .arg("--user")
        .arg(user)
        .arg("--passphrase-file")
        .arg(file);
    cmd
}

/// The binary with a clean environment and no arguments.
pub fn bare_registrar() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_registrar"));
    cmd.env("NO_COLOR", "1")
        .env(QUICK_PASSPHRASES.0, QUICK_PASSPHRASES.1)
        .env_remove("REGISTRAR_STORE")
        .env_remove("REGISTRAR_USER")
        .env_remove("REGISTRAR_NOW")
        .env_remove("REGISTRAR_PASSPHRASE_FILE");
    cmd
}

/// Builds a demo registry at `dir/demo.redb` through the command line and returns its path.
pub fn fresh_demo_store(dir: &Path) -> PathBuf {
    let path = dir.join("demo.redb");
    registrar(&path)
        .args(["demo", "--no-tui"])
        .assert()
        .success();
    path
}

/// A demo registry of its own at `dir/demo.redb`: a copy of one built once per test binary
/// through the command line (building one hashes eight passphrases and writes ~200 events).
pub fn demo_store(dir: &Path) -> PathBuf {
    crate::common::quick_passphrases();
    static DEMO: OnceLock<Vec<u8>> = OnceLock::new();
    let bytes = DEMO.get_or_init(|| {
        let built = tempfile::tempdir().unwrap();
        std::fs::read(fresh_demo_store(built.path())).unwrap()
    });
    let path = dir.join("demo.redb");
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The command's standard error as text.
pub fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The command's standard output as text.
pub fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}
