//! Raw text from the store or another station never reaches the terminal (issue 10, item 7):
//! every printing command, run on a registry whose entity names, titles, red flags,
//! conflict notes and exchanged records carry a window-title escape, a clear-screen
//! escape, an 8-bit CSI and a right-to-left override, prints none of them — in its text, its
//! `--json` and its error messages. What the console shows as ␛ and � the command line shows
//! the same way.

use crate::bundle_common;
use crate::common::QUICK_PASSPHRASES;

use bundle_common::*;
use registrar::bundle::conflicts::resolve;
use registrar::domain::conflict::conflict_id;
use registrar::domain::grades::Credibility;
use registrar::domain::marking::Classification::*;
use registrar::domain::role::Role;
use std::path::Path;
use std::process::Output;

/// A window title, a cleared screen, an 8-bit CSI, a right-to-left override.
const HOSTILE: &str = "x\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{202e}gnp.exe";
const NOW: &str = "2026-11-01T12:00:00Z";
const PASS: &str = "hostile-text-passphrase";

/// Nothing in the output a terminal would obey.
#[track_caller]
fn assert_inert(what: &str, out: &Output) {
    for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        for bad in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}'] {
            assert!(
                !text.contains(bad),
                "{what}: {stream} carries {:?}: {text}",
                bad
            );
        }
    }
}

fn registrar(store: &Path, user: &str) -> assert_cmd::Command {
    let pass = store.with_file_name("pass.txt");
    std::fs::write(&pass, format!("{PASS}\n")).unwrap();
    let key = store.with_file_name("key.txt");
    std::fs::write(&key, format!("{KEY_PASSPHRASE}\n")).unwrap();
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_registrar"));
    cmd.env("NO_COLOR", "1")
        .env(QUICK_PASSPHRASES.0, QUICK_PASSPHRASES.1)
        .env_remove("REGISTRAR_STORE")
        .env_remove("REGISTRAR_USER")
        .env_remove("REGISTRAR_NOW")
        .env_remove("REGISTRAR_PASSPHRASE_FILE")
        .arg("--store")
        .arg(store)
        .arg("--now")
        .arg(NOW)
        .arg("--user")
        .arg(user)
        .arg("--passphrase-file")
        .arg(pass)
        .env("REGISTRAR_KEY_PASSPHRASE_FILE", key);
    cmd
}

/// Two stations with a conflict, hostile text in an entity's name, a receipt's title, the
/// conflict's resolution note and a red flag; JMAC's registry copied to `dir`.
fn hostile_registry(dir: &Path) -> std::path::PathBuf {
    let jmac = Station::new("MINUSCA-JMAC-1");
    let joc = Station::new("MINUSCA-JOC-1");
    pair(&jmac, &joc, StrictlyConfidential, StrictlyConfidential);
    let out = tempfile::tempdir().unwrap();
    let entity = jmac.entity(&format!("FACA {HOSTILE}"), Confidential);
    let r = jmac.receipt(&entity, &format!("Movements {HOSTILE}"), Confidential);
    joc.later(1);
    joc.import(&jmac.export_to("MINUSCA-JOC-1", out.path()).bundle)
        .unwrap();
    jmac.later(10);
    jmac.scan(&r, Credibility::ProbablyTrue);
    joc.later(20);
    joc.scan(&r, Credibility::DoubtfullyTrue);
    jmac.import(&joc.export_to("MINUSCA-JMAC-1", out.path()).bundle)
        .unwrap();
    resolve(
        &jmac.store,
        &jmac.admin,
        &conflict_id(&r),
        &format!("note {HOSTILE}"),
    )
    .unwrap();
    // User names are checked (letters, digits, '.', '-', '_'): no hostile user name to plant.
    crate::common::quick_passphrases();
    jmac.store
        .add_user(
            &jmac.admin,
            "imfp",
            vec![Role::Admin, Role::Imfp, Role::Analyst],
            StrictlyConfidential,
            PASS,
        )
        .unwrap();
    let mut settings = jmac.store.settings().unwrap();
    settings.red_flags.push(format!("flag {HOSTILE}"));
    // An exercise registry: the commands below run at a pretend time (--now).
    settings.exercise = true;
    jmac.store
        .execute(
            "admin",
            Some(&registrar::domain::ids::settings_id()),
            registrar::domain::change::Change::SettingsChanged { settings },
        )
        .unwrap();
    let path = dir.join("registry.redb");
    std::fs::copy(jmac.path(), &path).unwrap();
    path
}

#[test]
fn every_printing_command_shows_hostile_text_inert() {
    let dir = tempfile::tempdir().unwrap();
    let store = hostile_registry(dir.path());
    let medium = dir.path().join("medium");
    std::fs::create_dir(&medium).unwrap();
    let hostile_path = dir.path().join(format!("report{HOSTILE}.json"));
    let runs: Vec<(&str, Vec<String>)> = vec![
        ("queue urgent", vec!["queue".into(), "urgent".into()]),
        ("queue pending", vec!["queue".into(), "pending".into()]),
        ("queue overdue", vec!["queue".into(), "overdue".into()]),
        (
            "queue pending --json",
            vec!["queue".into(), "pending".into(), "--json".into()],
        ),
        ("settings show", vec!["settings".into(), "show".into()]),
        (
            "settings show --json",
            vec!["settings".into(), "show".into(), "--json".into()],
        ),
        ("conflicts list", vec!["conflicts".into(), "list".into()]),
        (
            "conflicts list --json",
            vec!["conflicts".into(), "list".into(), "--json".into()],
        ),
        (
            "conflicts resolve (unknown id)",
            vec![
                "conflicts".into(),
                "resolve".into(),
                format!("CON-{HOSTILE}"),
                "--note".into(),
                "n".into(),
            ],
        ),
        ("keys show", vec!["keys".into(), "show".into()]),
        ("keys list", vec!["keys".into(), "list".into()]),
        ("whoami", vec!["whoami".into()]),
        ("verify", vec!["verify".into()]),
        (
            "report oversight",
            vec![
                "report".into(),
                "oversight".into(),
                "--out".into(),
                hostile_path.display().to_string(),
            ],
        ),
        (
            "export",
            vec![
                "export".into(),
                "--to".into(),
                "MINUSCA-JOC-1".into(),
                "--out".into(),
                medium.display().to_string(),
            ],
        ),
        (
            "export to an unknown station",
            vec![
                "export".into(),
                "--to".into(),
                format!("JOC{HOSTILE}"),
                "--out".into(),
                medium.display().to_string(),
            ],
        ),
        (
            "import of a missing file",
            vec![
                "import".into(),
                dir.path()
                    .join(format!("b{HOSTILE}.age"))
                    .display()
                    .to_string(),
            ],
        ),
        (
            "user add",
            vec![
                "user".into(),
                "add".into(),
                format!("mallory{HOSTILE}"),
                "--role".into(),
                "analyst".into(),
                "--clearance".into(),
                "confidential".into(),
                "--new-passphrase-file".into(),
                store.with_file_name("pass.txt").display().to_string(),
            ],
        ),
        (
            "user disable (unknown)",
            vec!["user".into(), "disable".into(), format!("bob{HOSTILE}")],
        ),
        (
            "settings red-flag-remove (unknown)",
            vec![
                "settings".into(),
                "red-flag-remove".into(),
                format!("none{HOSTILE}"),
            ],
        ),
    ];
    let mut seen_hostile = 0;
    for (what, args) in &runs {
        let out = registrar(&store, "imfp").args(args).output().unwrap();
        assert_inert(what, &out);
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        // The hostile text was there to print (shown inert), not filtered out by accident.
        if text.contains("\u{241b}]0;pwned") || text.contains("\\u001b]0;pwned") {
            seen_hostile += 1;
        }
    }
    assert!(
        seen_hostile >= 8,
        "only {seen_hostile} commands printed the planted text at all"
    );
    // A station id that is not one is echoed inert by init.
    let out = registrar(&dir.path().join("new.redb"), "imfp")
        .args(["init", "--exercise", "--mission", "M", "--station"])
        .arg(format!("S{HOSTILE}"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert_inert("init with a hostile station id", &out);
}

/// Every command prints through the cleaning macros (src/cli/out.rs): a `println!` added
/// to a command later would bypass them. (The man page and completions print generated roff
/// and shell text; the demo's progress line prints only numbers.)
#[test]
fn no_command_prints_around_the_cleaning() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cli");
    let mut stack = vec![root];
    let mut offenders = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if ["out.rs", "manual.rs", "scale.rs"].contains(&name.as_str()) {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or_default();
                let raw = ["println!(", "print!(", "eprintln!(", "eprint!("]
                    .iter()
                    .any(|m| {
                        code.match_indices(m)
                            .any(|(i, _)| i == 0 || !code.as_bytes()[i - 1].is_ascii_alphanumeric())
                    });
                // The one JSON printer escapes what it prints itself.
                if raw && !code.contains("json_for_terminal") {
                    offenders.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(offenders.is_empty(), "{offenders:#?}");
}
