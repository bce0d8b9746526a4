//! Long work in the console — an export, an import — shows a gauge with its counts and the
//! most pressing urgent countdown, and Esc asks whether to stop it; a stop leaves nothing
//! half-done (no file on the medium, nothing added to the registry). In the real binary under
//! tmux, an import from a slow medium runs while the countdown moves on and keys are handled.

use crate::bundle_common::sign_outer;
use crate::tmux_common::{Tmux, quote};
use crate::tui_common::*;
use crossterm::event::{KeyCode, KeyEvent};
use insta::assert_snapshot;
use registrar::bundle::identity::StationKeys;
use registrar::bundle::trust::trust;
use registrar::bundle::watch::Stage;
use registrar::domain::marking::Classification;
use registrar::store::{FixedClock, Store};
use registrar::tui::app::{BundleStage, Modal, Screen, StatusKind};
use registrar::tui::driver::Driver;
use registrar::tui::job::Progress;
use registrar::tui::msg::Msg;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

const HQ: &str = "DPO-HQ";

/// Trusts headquarters (cleared to Confidential) in the registry at `path`; its keys.
fn trust_hq(path: &Path) -> StationKeys {
    let store = Store::open(path, Arc::new(FixedClock::new(now()))).unwrap();
    let admin = store.authenticate("admin", "demo-admin").unwrap();
    let keys = StationKeys::generate(HQ).unwrap();
    trust(
        &store,
        &admin,
        HQ,
        &keys.age_recipient(),
        &keys.signing_key().unwrap(),
        Classification::Confidential,
    )
    .unwrap();
    keys
}

/// A file signed by headquarters as a bundle is (its content is not one): the import gets as
/// far as reading it.
fn signed_file(keys: &StationKeys, dir: &Path, bytes: &[u8]) -> PathBuf {
    let file = dir.join("DPO-HQ_to_MINUSCA-JMAC-1_changes-000001_CONFIDENTIAL.age");
    std::fs::write(&file, bytes).unwrap();
    let sig = sign_outer(keys, bytes).unwrap();
    std::fs::write(dir.join(format!("{}.sig", file.display())), sig).unwrap();
    file
}

fn work_stage(d: &Driver) -> &BundleStage {
    match d.app.screen() {
        Screen::Stations(s) => &s.stage,
        _ => panic!("not on the stations screen"),
    }
}

/// The last key of a step, its effect left waiting (the worker has not run it yet).
fn press_only(d: &mut Driver, code: KeyCode) {
    d.send(Msg::Key(KeyEvent::from(code)));
}

#[test]
fn an_import_under_way_shows_its_gauge_and_a_stop_adds_nothing() {
    let (f, mut d) = console();
    let hq = trust_hq(&f.path);
    log_in(&mut d, "imfp");
    let log_before = d.store.log_len().unwrap();
    let file = signed_file(&hq, f.dir.path(), &vec![7u8; 300_000]);
    key(&mut d, KeyCode::Char('x'));
    key(&mut d, KeyCode::Char('i'));
    // An absolute path typed in the picker (`/` begins it).
    d.type_text(&file.display().to_string());
    key(&mut d, KeyCode::Enter);
    d.type_text("demo-station");
    press_only(&mut d, KeyCode::Enter);
    let BundleStage::Working(work) = work_stage(&d) else {
        panic!("not working")
    };
    let job = work.job.id;
    // The worker says how far it is; the screen shows it with the urgent countdown.
    d.send(Msg::Progress(Progress {
        job,
        stage: Stage::CheckingSignature,
        done: 131_072,
        total: 300_000,
        part: None,
        what: None,
    }));
    let screen = render(&mut d, 80, 24);
    assert!(
        screen.contains("checking the signature: 131 072 of 300 000 bytes"),
        "{screen}"
    );
    assert!(screen.contains("Meanwhile, urgent: RCP-"), "{screen}");
    assert!(
        screen.contains("left") || screen.contains("OVERDUE"),
        "{screen}"
    );
    assert_snapshot!("import_under_way", screen);

    // Progress of another job is not this one's.
    d.send(Msg::Progress(Progress {
        job: job + 1000,
        stage: Stage::Applying,
        done: 1,
        total: 2,
        part: None,
        what: None,
    }));
    assert!(render(&mut d, 80, 24).contains("131 072 of 300 000"));

    // Esc asks; n goes on; Esc, y stops.
    press_only(&mut d, KeyCode::Esc);
    assert!(matches!(d.app.modal, Some(Modal::Confirm(_))));
    assert!(render(&mut d, 80, 24).contains("Stop the import?"));
    press_only(&mut d, KeyCode::Char('n'));
    assert!(d.app.modal.is_none());
    assert!(matches!(work_stage(&d), BundleStage::Working(_)));
    press_only(&mut d, KeyCode::Esc);
    press_only(&mut d, KeyCode::Char('y'));
    assert!(render(&mut d, 80, 24).contains("Stopping at the next safe point"));
    // The worker runs the import now: it stops at its first read.
    while d.step() {}
    assert!(matches!(work_stage(&d), BundleStage::List));
    let status = d.app.status.clone().unwrap();
    assert_eq!(status.kind, StatusKind::Ok, "{}", status.text);
    assert!(
        status
            .text
            .contains("Import stopped as asked: nothing of the bundle"),
        "{}",
        status.text
    );
    assert_eq!(d.store.log_len().unwrap(), log_before);
}

#[test]
fn an_export_stopped_before_it_is_written_leaves_the_medium_empty() {
    let (f, mut d) = console();
    trust_hq(&f.path);
    log_in(&mut d, "imfp");
    let log_before = d.store.log_len().unwrap();
    let out = f.dir.path().join("usb");
    std::fs::create_dir(&out).unwrap();
    key(&mut d, KeyCode::Char('x'));
    key(&mut d, KeyCode::Char('x'));
    d.type_text(&out.display().to_string());
    key(&mut d, KeyCode::Enter);
    d.type_text("demo-station");
    key(&mut d, KeyCode::Enter);
    assert!(matches!(work_stage(&d), BundleStage::Review(_)));
    press_only(&mut d, KeyCode::Char('y'));
    assert!(render(&mut d, 80, 24).contains("Writing MINUSCA-JMAC-1_to_DPO-HQ"));
    press_only(&mut d, KeyCode::Esc);
    assert!(render(&mut d, 80, 24).contains("Stop the export?"));
    press_only(&mut d, KeyCode::Char('y'));
    while d.step() {}
    let status = d.app.status.clone().unwrap();
    assert_eq!(status.kind, StatusKind::Ok, "{}", status.text);
    assert!(
        status.text.contains("Export stopped as asked"),
        "{}",
        status.text
    );
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0);
    assert_eq!(d.store.log_len().unwrap(), log_before);

    // Not stopped, the same export writes its two files, and the gauge's counts arrived.
    key(&mut d, KeyCode::Char('x'));
    d.type_text(&out.display().to_string());
    key(&mut d, KeyCode::Enter);
    d.type_text("demo-station");
    key(&mut d, KeyCode::Enter);
    key(&mut d, KeyCode::Char('y'));
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 2);
}

/// The first urgent countdown on the screen (`!! 00:41 left`).
fn countdown(screen: &str) -> Option<String> {
    let start = screen.find("!! ")?;
    let rest = &screen[start..];
    let end = rest.find(" left").or_else(|| rest.find(" OVERDUE"))?;
    Some(rest[..end].to_string())
}

#[test]
fn during_a_long_import_the_countdown_moves_and_keys_are_handled() {
    let fixture = demo_copy();
    let dir = fixture.dir.path();
    let hq = trust_hq(&fixture.path);
    let log_before = Store::open(&fixture.path, Arc::new(FixedClock::new(now())))
        .unwrap()
        .log_len()
        .unwrap();
    // The bundle on a slow medium: a file of 16 MiB (its signature beside it), and every
    // reading of that file slowed to 0.3 s by strace's delay injection (`-P`: only calls on the
    // file; the keys typed are read at once) — a bundle is read 64 KiB at a time: over a minute
    // to check its signature.
    let file = signed_file(&hq, dir, &vec![7u8; 16 << 20]);

    // Ten seconds before a minute turns (`now()` is on a whole minute; the console is up and
    // importing within a second or two), so the countdown moves soon; a slower machine waits
    // for the next minute.
    let start = now() - chrono::Duration::seconds(10);
    let tmux = Tmux::new("long-work");
    tmux.start(
        80,
        24,
        &format!(
            "env TERM=xterm-256color strace -f -qq -o /dev/null -P {} -e trace=read -e inject=read:delay_exit=300000 {} --store {} --now {}",
            quote(&file),
            quote(Path::new(env!("CARGO_BIN_EXE_registrar"))),
            quote(&fixture.path),
            start.to_rfc3339()
        ),
    );
    tmux.wait_for("Log in");
    tmux.type_text("imfp");
    tmux.send(&["Enter"]);
    tmux.type_text("demo-imfp");
    tmux.send(&["Enter"]);
    tmux.wait_for("PENDING");
    tmux.type_text("x");
    tmux.wait_for("Stations and bundles");
    tmux.type_text("i");
    tmux.wait_for("choose the files");
    // An absolute path typed in the picker (`/` begins it); the station key passphrase next.
    tmux.type_text(&file.display().to_string());
    tmux.send(&["Enter"]);
    tmux.wait_for("Bundle file (.age):");
    tmux.type_text("demo-station");
    tmux.send(&["Enter"]);
    let first = tmux.wait_for("checking the signature: ");
    let before = countdown(&first).unwrap_or_else(|| panic!("no countdown:\n{first}"));

    // A key during the import: help opens and closes; the import is still under way.
    tmux.type_text("?");
    tmux.wait_for("Keys — ");
    tmux.send(&["Escape"]);
    tmux.wait_until("help closed", |s| {
        !s.contains("Keys — ") && s.contains("checking the signature: ")
    });

    // The countdown moves on while the import runs (a minute turns within 70 s).
    let began = Instant::now();
    let moved = loop {
        let screen = tmux.screen();
        assert!(
            screen.contains("checking the signature: "),
            "the import ended early:\n{screen}"
        );
        if let Some(now_shown) = countdown(&screen)
            && now_shown != before
        {
            break screen;
        }
        assert!(
            began.elapsed() < Duration::from_secs(70),
            "the countdown stayed at {before}:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(250));
    };
    assert!(moved.contains("bytes"), "{moved}");

    // Esc asks, y stops: nothing of the bundle is added.
    tmux.send(&["Escape"]);
    tmux.wait_for("Stop the import?");
    tmux.type_text("y");
    tmux.wait_for("Import stopped as asked");
    tmux.send(&["C-c"]);
    let started = Instant::now();
    while tmux.run(&["has-session", "-t", "e2e"]).status.success()
        && started.elapsed() < Duration::from_secs(10)
    {
        std::thread::sleep(Duration::from_millis(100));
    }
    let after = Store::open(&fixture.path, Arc::new(FixedClock::new(now())))
        .unwrap()
        .log_len()
        .unwrap();
    assert_eq!(after, log_before);
}
