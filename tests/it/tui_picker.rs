//! Importing from a stick (issue 13): `i` on the stations screen opens a picker over a
//! directory — directories first, `..` to go up, Enter into a directory, Space marks several
//! files, `a` marks every bundle — and the files marked are imported in turn, each file's
//! outcome said. A typed path still works and is kept after an error.

use crate::bundle_common::Station;
use crate::tui_common::*;
use crossterm::event::KeyCode;
use insta::assert_snapshot;
use registrar::bundle::identity::unlock;
use registrar::bundle::trust::trust;
use registrar::domain::marking::Classification;
use registrar::tui::app::{BundleStage, Screen, StatusKind};
use registrar::tui::driver::Driver;
use std::path::{Path, PathBuf};

const HQ: &str = "MINUSCA-HQ";
const JMAC: &str = "MINUSCA-JMAC-1";

fn stage(d: &Driver) -> &BundleStage {
    match d.app.screen() {
        Screen::Stations(s) => &s.stage,
        _ => panic!("not on the stations screen"),
    }
}

/// The picker opened on `dir` (the directory last used), the IM FP logged in.
fn picker_on(d: &mut Driver, dir: &Path) {
    d.app.last_dir = Some(dir.to_path_buf());
    key(d, KeyCode::Char('x'));
    key(d, KeyCode::Char('i'));
    assert!(
        matches!(stage(d), BundleStage::Picking(_)),
        "no picker: {}",
        status(d)
    );
}

/// The screen with the temporary directory's path (its length varies) put as `/media/stick`.
fn screen_at(d: &mut Driver, dir: &Path) -> String {
    render(d, 80, 24)
        .lines()
        .map(|l| {
            if l.contains(&dir.display().to_string()) {
                let line = "┃In /media/stick".to_string();
                format!("{line}{}┃", " ".repeat(80 - line.chars().count() - 1))
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_picker_lists_directories_first_and_marks_several_bundles() {
    let (f, mut d) = logged_in("imfp");
    let stick = f.dir.path().join("stick");
    std::fs::create_dir_all(stick.join("older")).unwrap();
    for n in 1..=3 {
        let name = format!("MINUSCA-HQ_to_MINUSCA-JMAC-1_changes-00000{n}_CONFIDENTIAL.age");
        std::fs::write(stick.join(&name), vec![7u8; 1000 * n]).unwrap();
        std::fs::write(stick.join(format!("{name}.sig")), b"sig").unwrap();
    }
    std::fs::write(stick.join("notes.txt"), b"x").unwrap();
    picker_on(&mut d, &stick);
    // The cursor starts on the first entry past `..`: the directory.
    key(&mut d, KeyCode::Down);
    key(&mut d, KeyCode::Char(' '));
    key(&mut d, KeyCode::Down);
    key(&mut d, KeyCode::Char(' '));
    let screen = screen_at(&mut d, &stick);
    assert!(screen.contains("older/"), "{screen}");
    assert!(
        screen.contains("[x] MINUSCA-HQ_to_MINUSCA-JMAC-1_changes-000001"),
        "{screen}"
    );
    assert!(
        screen.contains("[ ] MINUSCA-HQ_to_MINUSCA-JMAC-1_changes-000002"),
        "{screen}"
    );
    assert!(
        screen.contains("[x] MINUSCA-HQ_to_MINUSCA-JMAC-1_changes-000003"),
        "{screen}"
    );
    assert!(screen.contains("2 marked"), "{screen}");
    assert!(
        screen.contains("4 other files not shown (only .age)"),
        "{screen}"
    );
    assert!(!screen.contains(".sig"), "{screen}");
    assert_snapshot!("picker_two_marked", screen);

    // `a` marks every bundle; again, none.
    key(&mut d, KeyCode::Char('a'));
    assert!(render(&mut d, 80, 24).contains("3 marked"));
    key(&mut d, KeyCode::Char('a'));
    assert!(!render(&mut d, 80, 24).contains("marked,"));

    // Enter into a directory, Backspace back up; `..` goes up too.
    key(&mut d, KeyCode::Home);
    key(&mut d, KeyCode::Down);
    key(&mut d, KeyCode::Enter);
    let inside = render(&mut d, 80, 24);
    assert!(inside.contains("older"), "{inside}");
    assert!(
        inside.contains("No bundle file and no directory here."),
        "{inside}"
    );
    key(&mut d, KeyCode::Backspace);
    assert!(render(&mut d, 80, 24).contains("changes-000002"));

    // Esc goes back to the stations.
    key(&mut d, KeyCode::Esc);
    assert!(matches!(stage(&d), BundleStage::List));
}

#[test]
fn a_typed_path_that_is_missing_is_said_and_kept() {
    let (f, mut d) = logged_in("imfp");
    picker_on(&mut d, f.dir.path());
    key(&mut d, KeyCode::Tab);
    d.type_text("nothing.age");
    key(&mut d, KeyCode::Enter);
    let screen = render(&mut d, 80, 24);
    assert!(
        screen.contains("nothing.age: no such file or directory"),
        "{screen}"
    );
    let BundleStage::Picking(p) = stage(&d) else {
        panic!("the picker closed")
    };
    assert!(p.typing);
    assert_eq!(p.path.text(), "nothing.age");

    // A typed directory is opened, not refused with "Is a directory".
    let stick = f.dir.path().join("stick");
    std::fs::create_dir(&stick).unwrap();
    std::fs::write(stick.join("a.age"), b"x").unwrap();
    key(&mut d, KeyCode::Esc);
    d.type_text(&format!(
        "/{}",
        stick.display().to_string().trim_start_matches('/')
    ));
    key(&mut d, KeyCode::Enter);
    let screen = render(&mut d, 80, 24);
    assert!(screen.contains("a.age"), "{screen}");
    assert!(!screen.contains("os error"), "{screen}");
}

/// Headquarters, a station of its own, trusting this demo station (with its real keys) and
/// trusted by it; three bundles from it on a stick, each with one new receipt.
fn three_bundles_from_hq(
    d: &Driver,
    stick: &Path,
) -> Vec<(PathBuf, registrar::domain::ids::RecordId)> {
    let hq = Station::at(HQ, now());
    let jmac = unlock(&d.store, "demo-station").unwrap();
    trust(
        &hq.store,
        &hq.admin,
        JMAC,
        &jmac.age_recipient(),
        &jmac.signing_key().unwrap(),
        Classification::Confidential,
    )
    .unwrap();
    let admin = d.store.authenticate("admin", "demo-admin").unwrap();
    trust(
        &d.store,
        &admin,
        HQ,
        &hq.keys.age_recipient(),
        &hq.keys.signing_key().unwrap(),
        Classification::Confidential,
    )
    .unwrap();
    let source = hq.entity("Garrison of the north", Classification::Unclassified);
    let mut out = Vec::new();
    for n in 1..=3 {
        let receipt = hq.receipt(
            &source,
            &format!("report {n}"),
            Classification::Unclassified,
        );
        let written = hq.export_to(JMAC, stick);
        out.push((written.bundle, receipt));
    }
    out
}

#[test]
fn two_of_three_bundles_marked_are_imported_and_the_third_is_not() {
    let (f, mut d) = logged_in("imfp");
    let stick = f.dir.path().join("stick");
    std::fs::create_dir(&stick).unwrap();
    let bundles = three_bundles_from_hq(&d, &stick);
    picker_on(&mut d, &stick);
    // The cursor is on the first bundle: mark it and the second.
    key(&mut d, KeyCode::Char(' '));
    key(&mut d, KeyCode::Char(' '));
    key(&mut d, KeyCode::Enter);
    let screen = render(&mut d, 80, 24);
    assert!(screen.contains("2 bundles, in turn:"), "{screen}");
    d.type_text("demo-station");
    key(&mut d, KeyCode::Enter);

    let said = status(&d);
    assert_eq!(
        d.app.status.as_ref().unwrap().kind,
        StatusKind::Ok,
        "{said}"
    );
    assert!(said.contains("Of 2 bundles: 2 applied"), "{said}");
    let Screen::Stations(s) = d.app.screen() else {
        panic!()
    };
    let name = |i: usize| {
        bundles[i]
            .0
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned()
    };
    assert!(
        s.outcome[0].starts_with(&format!("{}: imported bundle 1 from {HQ}", name(0))),
        "{:?}",
        s.outcome
    );
    assert!(
        s.outcome
            .iter()
            .any(|l| l.starts_with(&format!("{}: imported bundle 2", name(1)))),
        "{:?}",
        s.outcome
    );
    assert!(d.store.record(&bundles[0].1).unwrap().is_some());
    assert!(d.store.record(&bundles[1].1).unwrap().is_some());
    assert!(d.store.record(&bundles[2].1).unwrap().is_none());
    // The picker starts where the bundles were chosen next time.
    assert_eq!(d.app.last_dir.as_deref(), Some(stick.as_path()));
}

#[test]
fn a_refused_bundle_never_stops_the_others() {
    let (f, mut d) = logged_in("imfp");
    let stick = f.dir.path().join("stick");
    std::fs::create_dir(&stick).unwrap();
    let bundles = three_bundles_from_hq(&d, &stick);
    // A file that is no bundle, first in the list.
    let bad = stick.join("AAA-not-a-bundle.age");
    std::fs::write(&bad, b"not a bundle").unwrap();
    picker_on(&mut d, &stick);
    key(&mut d, KeyCode::Char(' '));
    key(&mut d, KeyCode::Char(' '));
    key(&mut d, KeyCode::Char(' '));
    key(&mut d, KeyCode::Enter);
    d.type_text("demo-station");
    key(&mut d, KeyCode::Enter);
    let said = status(&d);
    assert_eq!(
        d.app.status.as_ref().unwrap().kind,
        StatusKind::Error,
        "{said}"
    );
    assert!(
        said.contains("Of 3 bundles: 2 applied, 1 refused"),
        "{said}"
    );
    let Screen::Stations(s) = d.app.screen() else {
        panic!()
    };
    assert!(
        s.outcome[0].starts_with("AAA-not-a-bundle.age: refused: "),
        "{:?}",
        s.outcome
    );
    assert!(d.store.record(&bundles[0].1).unwrap().is_some());
    assert!(d.store.record(&bundles[1].1).unwrap().is_some());
    assert!(d.store.record(&bundles[2].1).unwrap().is_none());
}

#[test]
fn a_held_bundle_and_one_imported_before_are_said_apart_from_those_applied() {
    let (f, mut d) = logged_in("imfp");
    let stick = f.dir.path().join("stick");
    std::fs::create_dir(&stick).unwrap();
    three_bundles_from_hq(&d, &stick);
    let bad = stick.join("AAA-not-a-bundle.age");
    std::fs::write(&bad, b"not a bundle").unwrap();
    // The file that is no bundle, then bundle 2 without bundle 1: it is only held.
    picker_on(&mut d, &stick);
    key(&mut d, KeyCode::Char(' '));
    key(&mut d, KeyCode::Down);
    key(&mut d, KeyCode::Char(' '));
    key(&mut d, KeyCode::Enter);
    d.type_text("demo-station");
    key(&mut d, KeyCode::Enter);
    let said = status(&d);
    assert!(
        said.contains(&format!(
            "Of 2 bundles: 0 applied, 1 held (waiting for bundle 1 from {HQ}), 1 refused"
        )),
        "{said}"
    );
    let Screen::Stations(s) = d.app.screen() else {
        panic!()
    };
    // The refused file is named once, and "refused" said once.
    let line = &s.outcome[0];
    assert!(
        line.starts_with("AAA-not-a-bundle.age: refused: "),
        "{line}"
    );
    assert_eq!(line.matches("refused").count(), 1, "{line}");
    assert_eq!(line.matches("AAA-not-a-bundle.age:").count(), 1, "{line}");

    // Bundle 1 now (it releases 2), then 1 and 2 again: both imported before.
    for marks in [vec![1], vec![1, 2]] {
        // Still on the stations screen: `i` opens the picker again.
        key(&mut d, KeyCode::Char('i'));
        assert!(
            matches!(stage(&d), BundleStage::Picking(_)),
            "{}",
            status(&d)
        );
        for row in 0..3 {
            if marks.contains(&row) {
                key(&mut d, KeyCode::Char(' '));
            } else {
                key(&mut d, KeyCode::Down);
            }
        }
        if marks.len() == 1 {
            // One file alone is said as before; mark a second (bundle 3) to see the summary.
            key(&mut d, KeyCode::Char(' '));
        }
        key(&mut d, KeyCode::Enter);
        d.type_text("demo-station");
        key(&mut d, KeyCode::Enter);
    }
    let said = status(&d);
    assert!(
        said.contains("Of 2 bundles: 0 applied, 2 already imported (nothing to do)"),
        "{said}"
    );
}

#[test]
fn the_outcome_of_seven_bundles_scrolls_at_80_by_24_and_the_help_says_how() {
    let (f, mut d) = logged_in("imfp");
    let stick = f.dir.path().join("stick");
    std::fs::create_dir(&stick).unwrap();
    three_bundles_from_hq(&d, &stick);
    for n in 1..=4 {
        std::fs::write(stick.join(format!("AAA-junk-{n}.age")), b"not a bundle").unwrap();
    }
    picker_on(&mut d, &stick);
    key(&mut d, KeyCode::Char('a'));
    key(&mut d, KeyCode::Enter);
    d.type_text("demo-station");
    key(&mut d, KeyCode::Enter);
    let said = status(&d);
    assert!(
        said.contains("Of 7 bundles: 3 applied, 4 refused"),
        "{said}"
    );
    let screen = render(&mut d, 80, 24);
    assert!(screen.contains("more (PgDn)"), "{screen}");
    assert!(screen.contains("AAA-junk-1.age: refused"), "{screen}");
    assert!(!screen.contains("changes-000003"), "{screen}");
    for _ in 0..20 {
        key(&mut d, KeyCode::PageDown);
        render(&mut d, 80, 24);
    }
    let screen = render(&mut d, 80, 24);
    assert!(screen.contains("changes-000003"), "{screen}");
    // One wording for what is out of sight above, as the queue boxes say it.
    assert!(screen.contains("more above (PgUp)"), "{screen}");
    assert!(!screen.contains("more (PgDn)"), "{screen}");
    key(&mut d, KeyCode::PageUp);
    let screen = render(&mut d, 80, 24);
    assert!(screen.contains("more (PgDn)"), "{screen}");

    key(&mut d, KeyCode::Char('?'));
    let help = render(&mut d, 80, 40);
    assert!(
        help.contains("scroll the last bundle's outcome down"),
        "{help}"
    );
}
