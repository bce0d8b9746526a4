//! Reports from the console (issue 12): `W` on the dashboard, the report (those the role may
//! produce), its period and entity, the format and the directory; written on the worker with
//! a gauge with counts and a stop; the file named as the command line names it, with the
//! highest marking inside, and nothing above the reader's clearance in it.

use crate::tui_common::*;
use calamine::{Data, Reader, Xlsx, open_workbook};
use crossterm::event::{KeyCode, KeyEvent};
use insta::assert_snapshot;
use registrar::bundle::watch::Stage;
use registrar::tui::app::{Modal, ReportStage, Screen, StatusKind};
use registrar::tui::driver::Driver;
use registrar::tui::job::Progress;
use registrar::tui::msg::Msg;
use std::path::Path;

fn stage(d: &Driver) -> &ReportStage {
    match d.app.screen() {
        Screen::Reports(s) => &s.stage,
        _ => panic!("not on the reports screen"),
    }
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// The reports screen with the directory last used as where to write.
fn reports_into(d: &mut Driver, out: &Path) {
    d.app.last_dir = Some(out.to_path_buf());
    key(d, KeyCode::Char('W'));
    assert!(matches!(stage(d), ReportStage::Form), "{}", status(d));
}

#[test]
fn p_11_3_3_the_register_written_from_the_console_holds_nothing_above_the_readers_clearance() {
    let (f, mut d) = logged_in("analyst");
    let out = f.dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    reports_into(&mut d, &out);
    let dir = out.display().to_string();
    let screen = render(&mut d, 80, 24).replace(
        &dir,
        &format!("{:<w$}", "/media/stick", w = dir.chars().count()),
    );
    assert!(
        screen.contains("register of shares and receipts"),
        "{screen}"
    );
    assert_snapshot!("reports_form_analyst", screen);
    // The analyst may not produce the compliance figures nor the oversight report.
    key(&mut d, KeyCode::Right);
    key(&mut d, KeyCode::Right);
    let screen = render(&mut d, 80, 24);
    assert!(!screen.contains("compliance figures"), "{screen}");
    assert!(screen.contains("access matrix"), "{screen}");
    key(&mut d, KeyCode::Right);
    assert!(render(&mut d, 80, 24).contains("register of shares and receipts"));
    key(&mut d, KeyCode::Enter);
    assert_eq!(
        d.app.status.as_ref().unwrap().kind,
        StatusKind::Ok,
        "{}",
        status(&d)
    );
    let files = files_in(&out);
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].starts_with("register_2026-11-21"), "{files:?}");
    assert!(files[0].ends_with("_CONFIDENTIAL.xlsx"), "{files:?}");
    let file = out.join(&files[0]);
    assert!(status(&d).contains(&files[0]), "{}", status(&d));
    let mut book: Xlsx<_> = open_workbook(&file).unwrap();
    assert_eq!(book.sheet_names(), vec!["Register".to_string()]);
    let range = book.worksheet_range("Register").unwrap();
    let cells: Vec<String> = range
        .rows()
        .flat_map(|r| {
            r.iter().map(|c| match c {
                Data::Empty => String::new(),
                other => other.to_string(),
            })
        })
        .collect();
    assert!(cells.iter().any(|c| c.contains("CONFIDENTIAL")));
    assert!(
        !cells.iter().any(|c| c.contains("STRICTLY")),
        "a cell above the analyst's clearance"
    );
    assert!(cells.len() > 20, "{cells:?}");
}

#[test]
fn a_report_under_way_shows_its_gauge_and_a_stop_leaves_no_file() {
    let (f, mut d) = logged_in("imfp");
    let out = f.dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    reports_into(&mut d, &out);
    d.send(Msg::Key(KeyEvent::from(KeyCode::Enter)));
    let ReportStage::Working(work) = stage(&d) else {
        panic!("not working: {}", status(&d))
    };
    let job = work.job.id;
    d.send(Msg::Progress(Progress {
        job,
        stage: Stage::ReadingLog,
        done: 1200,
        total: 5000,
        part: None,
        what: Some("reading the register".into()),
    }));
    let dir = out.display().to_string();
    let screen = render(&mut d, 80, 24).replace(
        &dir,
        &format!("{:<w$}", "/media/stick", w = dir.chars().count()),
    );
    assert!(
        screen.contains("reading the register: 1 200 of 5 000"),
        "{screen}"
    );
    assert!(screen.contains("Esc stop"), "{screen}");
    assert_snapshot!("report_under_way", screen);

    d.send(Msg::Key(KeyEvent::from(KeyCode::Esc)));
    assert!(matches!(d.app.modal, Some(Modal::Confirm(_))));
    assert!(render(&mut d, 80, 24).contains("Stop the report? No file will be written."));
    d.send(Msg::Key(KeyEvent::from(KeyCode::Char('y'))));
    while d.step() {}
    assert!(matches!(stage(&d), ReportStage::Form));
    assert_eq!(d.app.status.as_ref().unwrap().kind, StatusKind::Ok);
    assert!(
        status(&d).contains("Report stopped as asked: no file was written"),
        "{}",
        status(&d)
    );
    assert!(files_in(&out).is_empty(), "{:?}", files_in(&out));

    // Not stopped, the same report is written.
    key(&mut d, KeyCode::Enter);
    assert_eq!(files_in(&out).len(), 1, "{}", status(&d));
}

#[test]
fn the_directory_is_chosen_in_the_picker() {
    let (f, mut d) = logged_in("imfp");
    let out = f.dir.path().join("reports");
    std::fs::create_dir(&out).unwrap();
    reports_into(&mut d, f.dir.path());
    key(&mut d, KeyCode::F(3));
    assert!(matches!(stage(&d), ReportStage::Picking(_)));
    let screen = render(&mut d, 80, 24);
    assert!(screen.contains("(write into this directory)"), "{screen}");
    assert!(screen.contains("reports/"), "{screen}");
    // Down past "here" and "..", into reports/, then "write here".
    key(&mut d, KeyCode::End);
    key(&mut d, KeyCode::Enter);
    key(&mut d, KeyCode::Home);
    key(&mut d, KeyCode::Enter);
    assert!(matches!(stage(&d), ReportStage::Form));
    let Screen::Reports(s) = d.app.screen() else {
        panic!()
    };
    assert_eq!(s.dir.text(), out.display().to_string());
}

#[test]
fn a_stopped_compliance_report_leaves_no_file_either() {
    let (f, mut d) = logged_in("imfp");
    let out = f.dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    reports_into(&mut d, &out);
    key(&mut d, KeyCode::Right);
    key(&mut d, KeyCode::Right);
    assert!(render(&mut d, 80, 24).contains("compliance figures (G H, P 9.7)"));
    d.send(Msg::Key(KeyEvent::from(KeyCode::Enter)));
    assert!(
        matches!(stage(&d), ReportStage::Working(_)),
        "{}",
        status(&d)
    );
    d.send(Msg::Key(KeyEvent::from(KeyCode::Esc)));
    d.send(Msg::Key(KeyEvent::from(KeyCode::Char('y'))));
    while d.step() {}
    assert!(
        status(&d).contains("Report stopped as asked"),
        "{}",
        status(&d)
    );
    assert!(files_in(&out).is_empty(), "{:?}", files_in(&out));
    key(&mut d, KeyCode::Enter);
    let files = files_in(&out);
    assert_eq!(files.len(), 1, "{}", status(&d));
    assert!(files[0].starts_with("compliance_2026-11-21"), "{files:?}");
}
