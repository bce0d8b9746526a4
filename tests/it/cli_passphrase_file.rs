//! The acting user's passphrase file (issue 10, item 9): given after the command it is
//! refused as a usage error instead of silently replacing the one given before it; a file
//! saved with a byte-order mark and a carriage return is accepted.

use crate::store_common;

use store_common::{NOW, bare_registrar, demo_store, stderr_of};

#[test]
fn a_passphrase_file_after_the_command_is_refused_not_silently_used() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let wrong = dir.path().join("wrong.txt");
    std::fs::write(&wrong, "not-the-passphrase\n").unwrap();
    let right = dir.path().join("right.txt");
    std::fs::write(&right, "demo-imfp\n").unwrap();
    let out = bare_registrar()
        .arg("--store")
        .arg(&store)
        .args(["--now", NOW, "--user", "imfp", "--passphrase-file"])
        .arg(&wrong)
        .args(["queue", "urgent", "--passphrase-file"])
        .arg(&right)
        .output()
        .unwrap();
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--passphrase-file"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn a_passphrase_file_with_a_byte_order_mark_and_a_carriage_return_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    for (name, text) in [
        ("bom-crlf.txt", "\u{feff}demo-imfp\r\n"),
        ("cr.txt", "demo-imfp\r"),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        let out = bare_registrar()
            .arg("--store")
            .arg(&store)
            .args(["--now", NOW, "--user", "imfp", "--passphrase-file"])
            .arg(&file)
            .arg("whoami")
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}: {}", stderr_of(&out));
    }
}
