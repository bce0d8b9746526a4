//! `registrar compact` (issue 14): the administrator rewrites the registry file without its
//! free pages; records, log and indexes are unchanged (verify passes, the same search finds the
//! same records); others are refused.

use crate::store_common::{NOW, registrar, registrar_as, stderr_of, stdout_of};

#[test]
fn compact_shrinks_the_file_and_changes_nothing_it_holds() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("scale.redb");
    registrar(&store)
        .args(["demo", "--no-tui", "--records", "3000"])
        .assert()
        .success();
    let search = || {
        let out = registrar(&store)
            .args([
                "search", "archived", "report", "12", "--json", "--limit", "100",
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        stdout_of(&out)
    };
    let found = search();
    assert!(found.contains("\"record\""), "{found}");

    let out = registrar(&store).arg("compact").output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(4),
        "only the administrator compacts"
    );
    assert!(
        stderr_of(&out).contains("administrator"),
        "{}",
        stderr_of(&out)
    );

    let out = registrar_as(&store, "admin", "demo-admin", NOW)
        .args(["compact", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let said: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let after = std::fs::metadata(&store).unwrap().len();
    // (Logging in writes the sign-in to the file first: its size before is the command's.)
    let before = said["bytes_before"].as_u64().unwrap();
    assert_eq!(said["bytes_after"], after);
    assert!(after < before, "{before} → {after}");

    let out = registrar(&store).arg("verify").output().unwrap();
    assert!(
        out.status.success(),
        "{} {}",
        stdout_of(&out),
        stderr_of(&out)
    );
    assert_eq!(search(), found);
}
