//! Issue 10, item 9: a report written to a full disk leaves no empty or truncated file under
//! its name (nor a temporary one): every report — the oversight .json and .xlsx, the register
//! .xlsx and .csv, compliance, revision — is written under a temporary name and renamed into
//! place when whole; the command fails naming the file.
//!
//! Two ways to fill the disk: a tiny tmpfs mounted over the output directory in a mount
//! namespace of its own (`unshare -m`, root only; where it cannot be made, that test says so
//! and checks nothing), and, anywhere, a file-size limit (`ulimit -f`, with SIGXFSZ ignored
//! so a write past it fails as on a full disk) on a registry opened read-only (the limit
//! would otherwise stop the registry's own writes first).

use crate::store_common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Output;
use store_common::{NOW, PASSPHRASE, USER, demo_store, stderr_of};

/// Every report, as `registrar report …` arguments before the output file's name.
const REPORTS: [(&[&str], &str); 6] = [
    (&["oversight"], "oversight.json"),
    (&["oversight"], "oversight.xlsx"),
    (&["register"], "register.xlsx"),
    (&["register"], "register.csv"),
    (&["compliance"], "compliance.xlsx"),
    (
        &[
            "revision",
            "--entity",
            "national gendarmerie — western brigade",
        ],
        "revision.xlsx",
    ),
];

/// `registrar --store STORE … report ARGS --out OUT` as the IM FP, run by `sh -c SCRIPT`
/// (which ends by running the command given after it).
fn report_under(
    wrapper: &[&str],
    store: &Path,
    passphrase: &Path,
    args: &[&str],
    out: &Path,
) -> Output {
    let mut cmd = std::process::Command::new(wrapper[0]);
    cmd.args(&wrapper[1..])
        .arg(env!("CARGO_BIN_EXE_registrar"))
        .arg("--store")
        .arg(store)
        .args(["--now", NOW, "--user", USER, "--passphrase-file"])
        .arg(passphrase)
        .arg("report")
        .args(args)
        .arg("--out")
        .arg(out)
        .env("NO_COLOR", "1")
        .env_remove("REGISTRAR_STORE")
        .env_remove("REGISTRAR_USER")
        .env_remove("REGISTRAR_NOW")
        .env_remove("REGISTRAR_PASSPHRASE_FILE");
    cmd.output().unwrap()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The report failed, naming where it was to be written, and left nothing in `dir`.
fn assert_failed_cleanly(output: &Output, name: &str, dir: &Path) {
    let said = stderr_of(output);
    assert!(!output.status.success(), "{name}: written on a full disk");
    let stem = name.split('.').next().unwrap();
    assert!(
        said.contains(stem),
        "{name}: the message names the file: {said}"
    );
    assert!(
        names_in(dir).is_empty(),
        "{name}: left {:?} ({said})",
        names_in(dir)
    );
}

#[test]
fn a_report_on_a_disk_past_its_limit_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let store = demo_store(&data);
    std::fs::set_permissions(&store, std::fs::Permissions::from_mode(0o444)).unwrap();
    let passphrase = dir.path().join("imfp");
    std::fs::write(&passphrase, format!("{PASSPHRASE}\n")).unwrap();
    // 8 blocks (4 or 8 KiB, as the shell counts them): smaller than any of these reports.
    let limited = [
        "sh",
        "-c",
        r#"trap "" XFSZ; ulimit -f 8 || exit 97; exec "$@""#,
        "sh",
    ];
    for (args, name) in REPORTS {
        let out = dir.path().join(format!("out-{name}"));
        std::fs::create_dir(&out).unwrap();
        let output = report_under(&limited, &store, &passphrase, args, &out.join(name));
        assert_failed_cleanly(&output, name, &out);
        // With room, the same report is written whole.
        let written = report_under(&["env"], &store, &passphrase, args, &out.join(name));
        assert!(written.status.success(), "{name}: {}", stderr_of(&written));
        assert_eq!(names_in(&out).len(), 1, "{name}: {:?}", names_in(&out));
    }
}

#[test]
fn a_report_on_a_full_disk_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let passphrase = dir.path().join("imfp");
    std::fs::write(&passphrase, format!("{PASSPHRASE}\n")).unwrap();
    // A 4 KiB file system mounted over the output directory, in a namespace of its own.
    let full = [
        "unshare",
        "-m",
        "sh",
        "-c",
        r#"mount -t tmpfs -o size=4k tmpfs "$OUT_DIR" || exit 97; "$@"; s=$?; ls -A "$OUT_DIR" > "$OUT_DIR.left"; exit $s"#,
        "sh",
    ];
    for (args, name) in REPORTS {
        let out = dir.path().join(format!("out-{name}"));
        std::fs::create_dir(&out).unwrap();
        // The directory reaches the script through the environment of this one command.
        let output = {
            let mut cmd = std::process::Command::new(full[0]);
            cmd.args(&full[1..])
                .arg(env!("CARGO_BIN_EXE_registrar"))
                .arg("--store")
                .arg(&store)
                .args(["--now", NOW, "--user", USER, "--passphrase-file"])
                .arg(&passphrase)
                .arg("report")
                .args(args)
                .arg("--out")
                .arg(out.join(name))
                .env("OUT_DIR", &out)
                .env("NO_COLOR", "1")
                .env_remove("REGISTRAR_STORE")
                .env_remove("REGISTRAR_USER")
                .env_remove("REGISTRAR_NOW")
                .env_remove("REGISTRAR_PASSPHRASE_FILE");
            cmd.output().unwrap()
        };
        if output.status.code() == Some(97) || stderr_of(&output).contains("unshare:") {
            eprintln!("no small file system can be mounted here (needs root): not checked");
            return;
        }
        let said = stderr_of(&output);
        assert!(!output.status.success(), "{name}: written on a full disk");
        let stem = name.split('.').next().unwrap();
        assert!(
            said.contains(stem),
            "{name}: the message names the file: {said}"
        );
        let left = std::fs::read_to_string(dir.path().join(format!("out-{name}.left"))).unwrap();
        assert_eq!(left, "", "{name}: left on the full disk: {left} ({said})");
    }
}
