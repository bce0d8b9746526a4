//! What a station administrator installs and a newcomer runs first: shell completions and the
//! man page generated from the command definitions, `--version` naming the store schema, and
//! the demo kept in its own file so that it never takes the production store's place.

use crate::store_common::{NOW, bare_registrar, stdout_of};

/// The commands every generated artefact must know about.
const COMMANDS: [&str; 13] = [
    "init",
    "demo",
    "queue",
    "verify",
    "rebuild",
    "whoami",
    "user",
    "report",
    "settings",
    "keys",
    "export",
    "import",
    "conflicts",
];

#[test]
fn completions_for_bash_zsh_and_fish_name_every_command() {
    for shell in ["bash", "zsh", "fish"] {
        let out = bare_registrar()
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success(), "{shell}: {out:?}");
        let script = stdout_of(&out);
        assert!(script.contains("registrar"), "{shell}");
        for command in COMMANDS {
            assert!(
                script.contains(command),
                "{shell} completion lacks {command}"
            );
        }
    }
    let out = bare_registrar()
        .args(["completions", "powershell"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

#[test]
fn the_man_page_is_roff_with_a_section_for_every_command() {
    let out = bare_registrar().arg("man").output().unwrap();
    assert!(out.status.success());
    let page = stdout_of(&out);
    assert!(page.contains(".TH registrar 1"), "{}", &page[..200]);
    for command in COMMANDS {
        assert!(
            page.contains(&format!(".SH \"REGISTRAR {}\"", command.to_uppercase())),
            "no section for {command}"
        );
    }
    // Nested commands are there too, with their options.
    assert!(page.contains(".SH \"REGISTRAR KEYS TRUST\""));
    assert!(page.contains("\\-\\-age\\-recipient"));
}

#[test]
fn version_names_the_store_schema() {
    let out = bare_registrar().arg("--version").output().unwrap();
    assert!(out.status.success());
    let text = stdout_of(&out);
    assert!(
        text.starts_with(&format!(
            "registrar {} (store schema ",
            env!("CARGO_PKG_VERSION")
        )),
        "{text}"
    );
}

#[test]
fn every_command_help_names_the_rule_it_serves() {
    for command in COMMANDS {
        let out = bare_registrar().args([command, "--help"]).output().unwrap();
        assert!(out.status.success(), "{command}");
        let help = stdout_of(&out);
        assert!(
            help.contains("G ") || help.contains("P "),
            "{command} --help names no Guidelines or Policy paragraph:\n{help}"
        );
    }
}

#[test]
fn the_demo_lives_in_its_own_file_beside_the_default_store() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data");
    let out = bare_registrar()
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", &data)
        .args(["--now", NOW, "demo", "--no-tui"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let dir = data.join("registrar");
    assert!(dir.join("demo.redb").exists(), "{}", stdout_of(&out));
    assert!(
        !dir.join("registry.redb").exists(),
        "the demo must not take the production store's place"
    );
    // And `init` then makes the production registry beside it, refusing nothing.
    let pass = home.path().join("pass");
    std::fs::write(&pass, "a long enough passphrase\n").unwrap();
    let out = bare_registrar()
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", &data)
        .args(["--user", "chief", "--passphrase-file"])
        .arg(&pass)
        .args(["init", "--mission", "M", "--station", "ST-1"])
        .env("REGISTRAR_KEY_WORK_FACTOR", "10")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(dir.join("registry.redb").exists());
}
