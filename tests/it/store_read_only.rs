//! Issue 10, item 9: a registry on read-only media opens for the reading commands (`whoami`,
//! `verify`, `queue`, `report`, `settings show`), each saying in one line that the login was
//! not written to the authentication log; a write is refused with a plain message; the file is
//! not changed by a byte.
//!
//! Two kinds of read-only: a file and directory without write permission (decided on the
//! file's mode, so it holds for root too, whom the kernel lets write any file), and a real
//! read-only mount (a read-only bind mount in a private mount namespace: `unshare -m`, which
//! needs root; where it cannot be made, that test says so and checks nothing).

use crate::store_common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Output;
use store_common::{NOW, PASSPHRASE, USER, bare_registrar, demo_store, stderr_of};

const READING: [&[&str]; 5] = [
    &["whoami"],
    &["verify"],
    &["queue", "urgent"],
    &["settings", "show"],
    &["report", "oversight", "--out"],
];

const NOTE: &str = "the login was checked but not written to its authentication log";

/// `registrar` on `store` as `user`, the passphrase file outside the read-only directory.
fn as_user(store: &Path, user: &str, passphrase: &str) -> assert_cmd::Command {
    let file = store
        .parent()
        .and_then(Path::parent)
        .unwrap()
        .join(format!("{user}.passphrase"));
    std::fs::write(&file, format!("{passphrase}\n")).unwrap();
    let mut cmd = bare_registrar();
    cmd.arg("--store")
        .arg(store)
        .args(["--now", NOW, "--user", user, "--passphrase-file"])
        .arg(file);
    cmd
}

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn assert_refused_write(output: &Output) {
    assert_eq!(output.status.code(), Some(1), "{}", stderr_of(output));
    let said = stderr_of(output);
    assert!(said.contains("is read-only here"), "{said}");
    assert!(said.contains("nothing was written"), "{said}");
}

#[test]
fn a_registry_without_write_permission_opens_for_reading_commands() {
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("ro");
    std::fs::create_dir(&store_dir).unwrap();
    let path = demo_store(&store_dir);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    set_mode(&path, 0o444);
    set_mode(&store_dir, 0o555);
    let bytes = std::fs::read(&path).unwrap();

    for args in READING {
        let mut cmd = as_user(&path, USER, PASSPHRASE);
        cmd.args(args);
        if args[0] == "report" {
            cmd.arg(out.join("oversight.json"));
        }
        let output = cmd.output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", stderr_of(&output));
        let note = stderr_of(&output);
        assert_eq!(note.matches(NOTE).count(), 1, "{args:?}: {note}");
    }
    assert!(out.join("oversight.json").exists());

    let write = as_user(&path, "admin", "demo-admin")
        .args([
            "settings",
            "red-flag-add",
            "written on a read-only registry",
        ])
        .output()
        .unwrap();
    assert_refused_write(&write);
    // A wrong passphrase is refused all the same (the check does not need to write).
    let wrong = as_user(&path, "admin", "not-the-passphrase")
        .arg("whoami")
        .output()
        .unwrap();
    assert!(!wrong.status.success());
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "the read-only file was changed"
    );

    set_mode(&store_dir, 0o755);
    set_mode(&path, 0o644);
}

/// Runs `registrar ARGS` with the directory `dir` seen read-only at `mount`: a read-only bind
/// mount in a mount namespace of its own. `None` when such a mount cannot be made here.
fn on_read_only_mount(dir: &Path, mount: &Path, args: &[String]) -> Option<Output> {
    let script =
        r#"mount --bind "$1" "$2" && mount -o remount,bind,ro "$2" || exit 97; shift 2; exec "$@""#;
    let output = std::process::Command::new("unshare")
        .args(["-m", "sh", "-c", script, "sh"])
        .arg(dir)
        .arg(mount)
        .arg(env!("CARGO_BIN_EXE_registrar"))
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("REGISTRAR_STORE")
        .env_remove("REGISTRAR_USER")
        .env_remove("REGISTRAR_NOW")
        .env_remove("REGISTRAR_PASSPHRASE_FILE")
        .output()
        .ok()?;
    (output.status.code() != Some(97) && !stderr_of(&output).contains("unshare:")).then_some(output)
}

#[test]
fn a_registry_on_a_read_only_mount_opens_for_reading_commands() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    demo_store(&data);
    let mount = dir.path().join("medium");
    std::fs::create_dir(&mount).unwrap();
    for (user, passphrase) in [(USER, PASSPHRASE), ("admin", "demo-admin")] {
        std::fs::write(dir.path().join(user), format!("{passphrase}\n")).unwrap();
    }
    let bytes = std::fs::read(data.join("demo.redb")).unwrap();
    let args = |user: &str, command: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = vec![
            "--store".into(),
            mount.join("demo.redb").display().to_string(),
            "--now".into(),
            NOW.into(),
            "--user".into(),
            user.into(),
            "--passphrase-file".into(),
            dir.path().join(user).display().to_string(),
        ];
        v.extend(command.iter().map(|s| s.to_string()));
        v
    };
    let Some(verify) = on_read_only_mount(&data, &mount, &args(USER, &["verify"])) else {
        eprintln!("no read-only mount can be made here (unshare -m needs root): not checked");
        return;
    };
    assert!(verify.status.success(), "{}", stderr_of(&verify));
    assert!(stderr_of(&verify).contains(NOTE), "{}", stderr_of(&verify));
    let queue = on_read_only_mount(&data, &mount, &args(USER, &["queue", "urgent"])).unwrap();
    assert!(queue.status.success(), "{}", stderr_of(&queue));
    let write = on_read_only_mount(
        &data,
        &mount,
        &args(
            "admin",
            &["settings", "red-flag-add", "on a read-only medium"],
        ),
    )
    .unwrap();
    assert_refused_write(&write);
    assert_eq!(
        std::fs::read(data.join("demo.redb")).unwrap(),
        bytes,
        "the registry on the read-only medium was changed"
    );
}

/// The console on a registry without write permission: it opens, the person logs in and reads
/// the queues; the header says READ-ONLY, and a form that records (the imminent-threat fast
/// path, a new receipt) is refused before anything is typed into it, naming why — not after a
/// duty officer has typed a whole threat. The file is not changed by a byte.
#[test]
fn the_console_on_a_read_only_registry_says_so_and_refuses_a_form_before_it_is_filled() {
    use crate::tui_common::{demo_copy, log_in, now, render};
    use crossterm::event::KeyCode;
    use registrar::store::{FixedClock, Store};
    use registrar::tui::app::Screen;
    use std::sync::Arc;

    let fixture = demo_copy();
    let before = std::fs::read(&fixture.path).unwrap();
    std::fs::set_permissions(&fixture.path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let store = Store::open(&fixture.path, Arc::new(FixedClock::new(now()))).unwrap();
    let theme = registrar::tui::theme::Theme::load("default").unwrap();
    let mut d = registrar::tui::driver::Driver::new(store, theme, true).unwrap();
    d.handle(registrar::tui::msg::Msg::Resize(80, 24));
    d.tick();
    log_in(&mut d, "imfp");
    let screen = render(&mut d, 80, 24);
    assert!(
        screen.lines().next().unwrap().contains("READ-ONLY"),
        "{screen}"
    );
    assert!(screen.contains("URGENT"), "{screen}");

    for key in [KeyCode::Char('!'), KeyCode::Char('r')] {
        d.press(key);
        assert!(
            matches!(d.app.screen(), Screen::Dashboard(_)),
            "{key:?} opened a form on a read-only registry"
        );
        let status = d.app.status.clone().expect("a refusal").text;
        assert!(status.contains("READ-ONLY"), "{status}");
        assert!(status.contains("writable storage"), "{status}");
    }
    // Reading still works: the browser opens.
    d.press(KeyCode::Char('b'));
    assert!(matches!(d.app.screen(), Screen::Browser(_)));
    drop(d);
    std::fs::set_permissions(&fixture.path, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(
        std::fs::read(&fixture.path).unwrap(),
        before,
        "the file changed"
    );
}
