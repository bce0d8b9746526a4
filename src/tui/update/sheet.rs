//! Keys on the sheet import (issue 12): the picker chooses the sheet (.xlsx .xls .ods .csv);
//! the dry run comes back from the worker and is read (scrolled) before anything is written;
//! y imports the whole sheet in one transaction, n or Esc leaves with nothing written. Only
//! the IM FP brings a sheet in, as with `registrar import-sheet`.

use crate::register::sheet::dry_run::may_import;
use crate::tui::app::{App, Confirm, Modal, Pending, Screen, SheetScreen, SheetStage};
use crate::tui::keymap::Action;
use crate::tui::msg::{Effect, Msg};
use crate::tui::picker::{Picked, Picker};
use crate::tui::sheets::{SHEET_STOPPED, SHEETS, work};
use crate::tui::widgets::scroll::Scroll;
use crossterm::event::KeyEvent;
use std::path::PathBuf;

/// Lines PgUp/PgDn move the dry run by.
const PAGE: u16 = 10;

pub fn open(app: &mut App) -> Vec<Effect> {
    let allowed = app
        .session
        .as_ref()
        .map_or(Err("log in first".to_string()), may_import);
    if let Err(why) = allowed {
        app.error(format!("Importing a sheet: {why}."));
        return Vec::new();
    }
    let (picker, effect) = Picker::open(SHEETS, app.last_dir.clone());
    app.screens.push(Screen::Sheet(Box::new(SheetScreen {
        stage: SheetStage::Picking(Box::new(picker)),
    })));
    vec![effect]
}

fn screen(app: &mut App) -> Option<&mut SheetScreen> {
    match app.screen_mut() {
        Screen::Sheet(s) => Some(s),
        _ => None,
    }
}

/// The sheet chosen: the dry run starts on the worker.
fn chosen(app: &mut App, file: PathBuf) -> Vec<Effect> {
    let Some(actor) = app.session.clone() else {
        return Vec::new();
    };
    if let Some(dir) = file.parent() {
        app.last_dir = Some(dir.to_path_buf());
    }
    let work = work(&file, "Reading");
    let job = work.job.clone();
    if let Some(s) = screen(app) {
        s.stage = SheetStage::Working(Box::new(work));
    }
    vec![Effect::SheetDryRun { actor, file, job }]
}

fn scroll(scroll: &mut Scroll, action: Option<Action>) {
    match action {
        Some(Action::Up) => scroll.up(1),
        Some(Action::Down) => scroll.down(1),
        Some(Action::PageUp) => scroll.up(PAGE),
        Some(Action::PageDown) => scroll.down(PAGE),
        Some(Action::Top) => scroll.top(),
        Some(Action::Bottom) => scroll.bottom(),
        _ => {}
    }
}

pub fn key(app: &mut App, action: Option<Action>, key: &KeyEvent) -> Vec<Effect> {
    let actor = app.session.clone();
    let Some(s) = screen(app) else {
        return Vec::new();
    };
    match &mut s.stage {
        SheetStage::Picking(picker) => match picker.key(action, key) {
            Picked::Effect(e) => return vec![e],
            Picked::Cancel => {
                app.screens.pop();
            }
            Picked::Files(mut files) => {
                if let Some(file) = files.pop() {
                    return chosen(app, file);
                }
            }
            Picked::Nothing | Picked::Directory(_) => {}
        },
        SheetStage::Working(work) => {
            if action == Some(Action::Stop) && !work.stopping {
                app.modal = Some(Modal::Confirm(Confirm {
                    question: "Stop the sheet import? Nothing will be written.".into(),
                    on_yes: Pending::StopWork,
                }));
            }
        }
        SheetStage::Review(review) => match action {
            Some(Action::Yes) if review.ready => {
                let Some(actor) = actor else {
                    return Vec::new();
                };
                let (file, counts) = (review.file.clone(), review.counts);
                let work = work(&file, "Importing");
                let job = work.job.clone();
                s.stage = SheetStage::Working(Box::new(work));
                return vec![Effect::SheetImport {
                    actor,
                    file,
                    counts,
                    job,
                }];
            }
            Some(Action::Yes) => {
                app.error("Nothing to write: the dry run says why.");
            }
            Some(Action::No) | Some(Action::Back) => {
                app.screens.pop();
                app.ok("Sheet import left: nothing written.");
            }
            other => scroll(&mut review.scroll, other),
        },
        SheetStage::Done(_, sc) => match action {
            Some(Action::No) | Some(Action::Back) => {
                app.screens.pop();
            }
            other => scroll(sc, other),
        },
    }
    Vec::new()
}

pub fn paste(s: &mut SheetScreen, text: &str) {
    if let SheetStage::Picking(picker) = &mut s.stage {
        picker.paste(text);
    }
}

pub fn loaded(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Listed { generation, result } => {
            let picked = match screen(app).map(|s| &mut s.stage) {
                Some(SheetStage::Picking(p)) => p.arrive(generation, result),
                _ => Picked::Nothing,
            };
            match picked {
                Picked::Files(mut files) => {
                    if let Some(file) = files.pop() {
                        return chosen(app, file);
                    }
                }
                Picked::Effect(e) => return vec![e],
                _ => {}
            }
        }
        Msg::SheetPlanned(result) => {
            super::stations::ask_no_more(app);
            let stage = match result {
                Ok(review) => SheetStage::Review(review),
                Err(e) if e == SHEET_STOPPED => {
                    app.ok(e);
                    SheetStage::Done(vec![SHEET_STOPPED.into()], Scroll::default())
                }
                Err(e) => {
                    app.error(format!("The sheet cannot be imported: {e}"));
                    SheetStage::Done(vec![e], Scroll::default())
                }
            };
            if let Some(s) = screen(app) {
                s.stage = stage;
            }
        }
        Msg::SheetImported(result) => {
            super::stations::ask_no_more(app);
            let lines = match result {
                Ok(lines) => {
                    app.ok(lines.first().cloned().unwrap_or_default());
                    lines
                }
                Err(e) => {
                    let text = if e == SHEET_STOPPED {
                        app.ok(&e);
                        e
                    } else {
                        let text = format!("Nothing written: {e}");
                        app.error(&text);
                        text
                    };
                    vec![text]
                }
            };
            if let Some(s) = screen(app) {
                s.stage = SheetStage::Done(lines, Scroll::default());
            }
            return vec![Effect::LoadReference];
        }
        _ => {}
    }
    Vec::new()
}
