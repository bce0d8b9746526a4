//! Bringing in a spreadsheet register from the console (issue 12): `I` on the dashboard (IM
//! FP), the sheet chosen in the picker, the dry run read on the worker and shown — mapping,
//! entities matched and near, every bad row with row, column and reason — nothing written
//! until y; then the whole sheet in one transaction; again, nothing new.

use crate::tui_common::*;
use crossterm::event::KeyCode;
use insta::assert_snapshot;
use registrar::tui::app::{Screen, SheetStage, StatusKind};
use registrar::tui::driver::Driver;
use std::path::Path;

const GOOD: &str = "Date,Direction,Entity,Ref,Title,Marking,Channel,Nature\n\
    12/11/2026,in,UNICEF Country Office,U/1,Fine line,C,written,strategic\n\
    13/11/2026,out,UNICEF Country Ofice,U/2,Second line,C,written,strategic\n";

fn stage(d: &Driver) -> &SheetStage {
    match d.app.screen() {
        Screen::Sheet(s) => &s.stage,
        _ => panic!("not on the sheet import"),
    }
}

/// `I`, the sheet chosen in the picker (its directory the one last used), Enter: the dry run.
fn dry_run(d: &mut Driver, sheet: &Path) {
    d.app.last_dir = sheet.parent().map(Path::to_path_buf);
    key(d, KeyCode::Char('I'));
    assert!(matches!(stage(d), SheetStage::Picking(_)), "{}", status(d));
    key(d, KeyCode::Tab);
    d.type_text(&sheet.file_name().unwrap().to_string_lossy());
    key(d, KeyCode::Enter);
}

#[test]
fn the_dry_run_is_shown_and_nothing_is_written_until_y() {
    let (f, mut d) = logged_in("imfp");
    let sheet = f.dir.path().join("register.csv");
    std::fs::write(&sheet, GOOD).unwrap();
    let before = d.store.log_len().unwrap();
    dry_run(&mut d, &sheet);
    assert!(matches!(stage(&d), SheetStage::Review(_)), "{}", status(&d));
    let screen = render(&mut d, 80, 24);
    assert!(
        screen.contains("Dry run of register.csv — nothing written"),
        "{screen}"
    );
    assert!(
        screen.contains("would import 1 shares and 1 receipts"),
        "{screen}"
    );
    assert!(
        screen.contains("matched   \"UNICEF Country Office\""),
        "{screen}"
    );
    assert!(
        screen.contains("near      \"UNICEF Country Ofice\""),
        "{screen}"
    );
    assert_snapshot!("sheet_dry_run", screen);
    assert_eq!(
        d.store.log_len().unwrap(),
        before,
        "a dry run writes nothing"
    );

    // n leaves with nothing written.
    key(&mut d, KeyCode::Char('n'));
    assert!(matches!(d.app.screen(), Screen::Dashboard(_)));
    assert_eq!(d.store.log_len().unwrap(), before);

    // y writes the whole sheet in one transaction.
    dry_run(&mut d, &sheet);
    key(&mut d, KeyCode::Char('y'));
    assert_eq!(
        d.app.status.as_ref().unwrap().kind,
        StatusKind::Ok,
        "{}",
        status(&d)
    );
    assert!(
        status(&d).contains("Imported 1 shares and 1 receipts from register.csv"),
        "{}",
        status(&d)
    );
    assert!(matches!(stage(&d), SheetStage::Done(..)));
    assert_eq!(d.store.log_len().unwrap(), before + 2);

    // Again: nothing new, said so, nothing written.
    key(&mut d, KeyCode::Esc);
    dry_run(&mut d, &sheet);
    let screen = render(&mut d, 80, 24);
    assert!(
        screen.contains("Nothing new to import: the 2 lines of this sheet were imported"),
        "{screen}"
    );
    key(&mut d, KeyCode::Char('y'));
    assert_eq!(d.store.log_len().unwrap(), before + 2);
}

#[test]
fn bad_rows_are_listed_with_row_column_and_reason_and_nothing_is_written() {
    let (f, mut d) = logged_in("imfp");
    let sheet = f.dir.path().join("bad.csv");
    std::fs::write(
        &sheet,
        "Date,Direction,Entity,Ref,Title,Marking,Channel,Nature\n\
         12/11/2026,in,UNICEF Country Office,U/1,Fine line,C,written,strategic\n\
         31/02/2026,in,UNICEF Country Office,U/2,Impossible day,C,written,strategic\n\
         13/11/2026,in,UNICEF Country Office,U/3,Too secret,SECRET,written,strategic\n",
    )
    .unwrap();
    let before = d.store.log_len().unwrap();
    dry_run(&mut d, &sheet);
    let screen = render(&mut d, 120, 40);
    assert!(screen.contains("2 rows cannot be imported:"), "{screen}");
    assert!(screen.contains("row 3, column \"Date\""), "{screen}");
    assert!(screen.contains("row 4, column \"Marking\""), "{screen}");
    assert!(screen.contains("nothing can be written"), "{screen}");
    assert!(
        screen.contains("Nothing can be written: the sheet goes in whole"),
        "{screen}"
    );
    key(&mut d, KeyCode::Char('y'));
    assert_eq!(d.app.status.as_ref().unwrap().kind, StatusKind::Error);
    assert_eq!(
        d.store.log_len().unwrap(),
        before,
        "the good line is not written either"
    );
}

#[test]
fn an_analyst_may_not_bring_in_a_sheet() {
    let (_f, mut d) = logged_in("analyst");
    key(&mut d, KeyCode::Char('I'));
    assert!(matches!(d.app.screen(), Screen::Dashboard(_)));
    assert_eq!(d.app.status.as_ref().unwrap().kind, StatusKind::Error);
    assert!(status(&d).contains("only the IM FP"), "{}", status(&d));
    // The help says who may.
    key(&mut d, KeyCode::Char('?'));
    let help = render(&mut d, 120, 40);
    assert!(
        help.contains("bring in a spreadsheet register: dry run first"),
        "{help}"
    );
}

#[test]
fn the_dry_run_under_way_shows_its_gauge_and_a_stop_writes_nothing() {
    use crossterm::event::KeyEvent;
    use registrar::bundle::watch::Stage;
    use registrar::tui::job::Progress;
    use registrar::tui::msg::Msg;
    let (f, mut d) = logged_in("imfp");
    let sheet = f.dir.path().join("register.csv");
    std::fs::write(&sheet, GOOD).unwrap();
    let before = d.store.log_len().unwrap();
    d.app.last_dir = Some(f.dir.path().to_path_buf());
    key(&mut d, KeyCode::Char('I'));
    key(&mut d, KeyCode::Tab);
    d.type_text("register.csv");
    // Enter: the path is looked at on the worker, then the dry run waits for it.
    d.send(Msg::Key(KeyEvent::from(KeyCode::Enter)));
    assert!(d.step());
    let SheetStage::Working(work) = stage(&d) else {
        panic!("not working: {}", status(&d))
    };
    let job = work.job.id;
    d.send(Msg::Progress(Progress {
        job,
        stage: Stage::ReadingLog,
        done: 120,
        total: 250,
        part: None,
        what: Some("looking for lines imported before".into()),
    }));
    let screen = render(&mut d, 80, 24);
    assert!(screen.contains("Reading register.csv…"), "{screen}");
    assert!(
        screen.contains("looking for lines imported before: 120 of 250"),
        "{screen}"
    );
    d.send(Msg::Key(KeyEvent::from(KeyCode::Esc)));
    assert!(render(&mut d, 80, 24).contains("Stop the sheet import? Nothing will be written."));
    d.send(Msg::Key(KeyEvent::from(KeyCode::Char('y'))));
    while d.step() {}
    assert!(status(&d).contains("stopped as asked"), "{}", status(&d));
    assert_eq!(d.store.log_len().unwrap(), before);
}
