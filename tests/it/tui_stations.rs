//! The stations screen and an export from the console: snapshots at 80×24 and 120×40 of the
//! stations (with a trusted headquarters) and of the summary asked to be confirmed; confirming
//! writes the bundle and its signature, declining writes nothing.

use crate::tui_common;

use crossterm::event::KeyCode;
use insta::assert_snapshot;
use registrar::bundle::identity::StationKeys;
use registrar::bundle::trust::trust;
use registrar::domain::marking::Classification;
use registrar::tui::app::{BundleStage, Screen};
use registrar::tui::driver::Driver;
use std::path::Path;
use tui_common::*;

const HQ: &str = "DPO-HQ";

/// The demo registry with headquarters trusted (cleared to Confidential), the IM FP logged in.
fn with_hq() -> (Fixture, Driver) {
    let (f, mut d) = console();
    let admin = d.store.authenticate("admin", "demo-admin").unwrap();
    let keys = StationKeys::generate(HQ).unwrap();
    trust(
        &d.store,
        &admin,
        HQ,
        &keys.age_recipient(),
        &keys.signing_key().unwrap(),
        Classification::Confidential,
    )
    .unwrap();
    log_in(&mut d, "imfp");
    (f, d)
}

fn stage(d: &Driver) -> &BundleStage {
    match d.app.screen() {
        Screen::Stations(s) => &s.stage,
        _ => panic!("not on the stations screen"),
    }
}

/// From the dashboard to the export summary: x, x, the directory, the station key passphrase.
fn review_export(d: &mut Driver, out: &Path) {
    key(d, KeyCode::Char('x'));
    key(d, KeyCode::Char('x'));
    d.type_text(&out.display().to_string());
    key(d, KeyCode::Enter);
    d.type_text("demo-station");
    key(d, KeyCode::Enter);
    assert!(
        matches!(stage(d), BundleStage::Review(_)),
        "no summary: {:?}",
        d.app.status.as_ref().map(|s| s.text.clone())
    );
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn dashboard_names_what_headquarters_has_not_acknowledged() {
    let (_f, mut d) = with_hq();
    let screen = render(&mut d, 80, 24);
    assert!(
        screen.contains("not yet acknowledged by DPO-HQ: 234 changes · x stations"),
        "{screen}"
    );
    assert_snapshot!("dashboard_with_hq", screen);
}

#[test]
fn a_file_that_is_not_a_bundle_is_refused_and_its_path_kept() {
    let (f, mut d) = with_hq();
    let file = f.dir.path().join("nothing.age");
    std::fs::write(&file, b"x").unwrap();
    d.app.last_dir = Some(f.dir.path().to_path_buf());
    key(&mut d, KeyCode::Char('x'));
    key(&mut d, KeyCode::Char('i'));
    // A path typed in the picker, from the directory shown.
    key(&mut d, KeyCode::Tab);
    d.type_text("nothing.age");
    key(&mut d, KeyCode::Enter);
    d.type_text("demo-station");
    key(&mut d, KeyCode::Enter);
    let status = d.app.status.clone().unwrap();
    assert_eq!(status.kind, registrar::tui::app::StatusKind::Error);
    assert!(status.text.contains("nothing.age"), "{}", status.text);
    // The path is kept to correct; the passphrase is asked again.
    match stage(&d) {
        BundleStage::Entry(e) => {
            assert_eq!(e.path.text(), file.display().to_string());
            assert!(e.passphrase.is_empty());
        }
        _ => panic!("the typed path was dropped"),
    }
}

#[test]
fn stations_screen_and_export_summary() {
    let (f, mut d) = with_hq();
    let d = &mut d;
    key(d, KeyCode::Char('x'));
    assert_snapshot!("stations", both_sizes(d));
    let out = f.dir.path().join("usb");
    std::fs::create_dir(&out).unwrap();
    key(d, KeyCode::Esc);
    review_export(d, &out);
    assert_snapshot!("stations_export_confirm", both_sizes(d));
}

#[test]
fn confirming_writes_the_bundle_and_declining_writes_nothing() {
    let (f, mut d) = with_hq();
    let out = f.dir.path().join("usb");
    std::fs::create_dir(&out).unwrap();

    review_export(&mut d, &out);
    key(&mut d, KeyCode::Char('n'));
    assert!(matches!(stage(&d), BundleStage::List));
    assert!(files_in(&out).is_empty(), "{:?}", files_in(&out));

    key(&mut d, KeyCode::Esc);
    review_export(&mut d, &out);
    key(&mut d, KeyCode::Char('y'));
    let files = files_in(&out);
    assert_eq!(
        files.len(),
        2,
        "{files:?} {:?}",
        d.app.status.as_ref().map(|s| s.text.clone())
    );
    assert!(files[0].ends_with("_CONFIDENTIAL.age"), "{files:?}");
    assert!(files[1].ends_with("_CONFIDENTIAL.age.sig"), "{files:?}");
    let screen = render(&mut d, 120, 40);
    assert!(screen.contains(&files[0]), "{screen}");
}

#[test]
fn an_analyst_may_not_export() {
    let (_f, mut d) = console();
    log_in(&mut d, "analyst");
    key(&mut d, KeyCode::Char('x'));
    key(&mut d, KeyCode::Char('x'));
    assert!(matches!(stage(&d), BundleStage::List));
    let status = d
        .app
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(status.contains("IM FP"), "{status}");
}

#[test]
fn the_station_key_passphrase_is_masked() {
    let (_f, mut d) = with_hq();
    key(&mut d, KeyCode::Char('x'));
    key(&mut d, KeyCode::Char('x'));
    d.type_text("/media/usb");
    key(&mut d, KeyCode::Enter);
    d.type_text("demo-station");
    let screen = render(&mut d, 80, 24);
    assert!(screen.contains("For DPO-HQ · directory:"), "{screen}");
    assert!(screen.contains("/media/usb"), "{screen}");
    assert!(screen.contains("Station key passphrase:"), "{screen}");
    assert!(!screen.contains("demo-station"), "{screen}");
    assert!(screen.contains("••••"), "{screen}");
}
