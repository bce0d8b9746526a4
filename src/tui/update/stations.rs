//! Keys on the stations screen: choose a peer, export a bundle for it (where to, the station
//! key passphrase, then the summary of what will cross the gap, confirmed with y before
//! anything is written), or import a bundle file. While the work runs its gauge moves; Esc
//! asks whether to stop it, and a stop leaves nothing half-done.

use crate::bundle::tally::Tally;
use crate::domain::role::Role;
use crate::tui::app::{
    App, BundleDirection, BundleEntry, BundleStage, Confirm, Modal, Pending, Screen,
    StationsScreen, Work,
};
use crate::tui::bundles::{EXPORT_STOPPED, IMPORT_STOPPED, NOT_BEGUN, Said};
use crate::tui::keymap::Action;
use crate::tui::msg::{Effect, Msg};
use crate::tui::picker::{PickMode, Picked, Picker};
use crate::tui::widgets::scroll::Scroll;
use crate::tui::widgets::text_input::TextInput;

/// How far PgUp/PgDn move the last bundle's outcome: most of its pane, one line kept.
const OUTCOME_PAGE: u16 = 4;
use crossterm::event::KeyEvent;
use std::path::PathBuf;
use zeroize::Zeroizing;

pub fn open(app: &mut App) -> Vec<Effect> {
    app.screens.push(Screen::Stations(Box::default()));
    vec![Effect::LoadStations]
}

fn screen(app: &mut App) -> Option<&mut StationsScreen> {
    match app.screen_mut() {
        Screen::Stations(s) => Some(s),
        _ => None,
    }
}

/// Trusted peers, in the order the table shows them.
pub fn peers(app: &App) -> Vec<String> {
    app.stations.value().map_or(Vec::new(), |i| {
        i.peers
            .iter()
            .filter(|p| p.trusted)
            .map(|p| p.station.clone())
            .collect()
    })
}

/// The command line's rule, checked before a passphrase is asked; the bundle layer checks it
/// again when it runs.
fn may_move_bundles(app: &App) -> Result<(), String> {
    match &app.session {
        Some(a)
            if a.roles
                .iter()
                .any(|r| matches!(r, Role::Imfp | Role::Admin)) =>
        {
            Ok(())
        }
        _ => Err("Only the IM FP or an administrator moves bundles between stations.".into()),
    }
}

pub fn key(app: &mut App, action: Option<Action>, key: &KeyEvent) -> Vec<Effect> {
    let peers = peers(app);
    let allowed = may_move_bundles(app);
    let actor = app.session.clone();
    let last_dir = app.last_dir.clone();
    let Some(s) = screen(app) else {
        return Vec::new();
    };
    match &mut s.stage {
        BundleStage::Working(work) => {
            if action == Some(Action::Stop) && !work.stopping {
                let what = if work.files > 1 {
                    "Stop the import? Nothing of the bundle under way will be added; those imported stay."
                } else if work.what.starts_with("Importing") {
                    "Stop the import? Nothing of the bundle will be added."
                } else {
                    "Stop the export? Nothing will be put on the medium."
                };
                app.modal = Some(Modal::Confirm(Confirm {
                    question: what.into(),
                    on_yes: Pending::StopWork,
                }));
            }
        }
        BundleStage::List => match action {
            Some(Action::Up | Action::Down | Action::Top | Action::Bottom) => {
                super::screens::list_move(&mut s.selected, peers.len(), action)
            }
            // The outcome of the last bundle, when longer than its pane, a page at a time.
            Some(Action::OutcomeUp) => s.outcome_scroll.up(OUTCOME_PAGE),
            Some(Action::OutcomeDown) => s.outcome_scroll.down(OUTCOME_PAGE),
            Some(Action::Back) => {
                app.screens.pop();
            }
            Some(Action::Refresh) => return vec![Effect::LoadStations],
            Some(Action::ImportSheet) => return super::sheet::open(app),
            Some(Action::Export) | Some(Action::Import) => {
                if let Err(why) = allowed {
                    app.error(why);
                    return Vec::new();
                }
                let direction = if action == Some(Action::Export) {
                    BundleDirection::Export
                } else {
                    BundleDirection::Import
                };
                s.selected.set_len(peers.len());
                let peer = s
                    .selected
                    .selected()
                    .and_then(|i| peers.get(i))
                    .cloned()
                    .unwrap_or_default();
                if direction == BundleDirection::Import {
                    // The files come from a directory: the one last used, else the medium.
                    let (picker, effect) = Picker::open(BUNDLES, last_dir);
                    s.stage = BundleStage::Picking(Box::new(picker));
                    return vec![effect];
                }
                if direction == BundleDirection::Export && peer.is_empty() {
                    app.error("No trusted station to export to: an administrator trusts one with `registrar keys trust`.");
                    return Vec::new();
                }
                let mut path = TextInput::new("");
                path.set_focus(true);
                s.stage = BundleStage::Entry(Box::new(BundleEntry {
                    direction,
                    peer,
                    path,
                    passphrase: TextInput::masked(),
                    focus: 0,
                    files: Vec::new(),
                }));
            }
            _ => {}
        },
        BundleStage::Picking(picker) => match picker.key(action, key) {
            Picked::Nothing | Picked::Directory(_) => {}
            Picked::Effect(e) => return vec![e],
            Picked::Cancel => s.stage = BundleStage::List,
            Picked::Files(files) => {
                let dir = files.first().and_then(|f| f.parent()).map(Into::into);
                s.stage = chosen(files);
                if dir.is_some() {
                    app.last_dir = dir;
                }
            }
        },
        BundleStage::Entry(entry) => match action {
            Some(Action::Back) => s.stage = BundleStage::List,
            Some(Action::NextField) | Some(Action::PrevField) if entry.files.is_empty() => {
                set_focus(entry, 1 - entry.focus)
            }
            Some(Action::Advance) => {
                if entry.focus == 0 {
                    set_focus(entry, 1);
                    return Vec::new();
                }
                let path = entry.path.text().trim().to_string();
                if path.is_empty() && entry.files.is_empty() {
                    set_focus(entry, 0);
                    let direction = entry.direction;
                    app.error(match direction {
                        BundleDirection::Export => "Type the directory to write the bundle in.",
                        BundleDirection::Import => "Type the path of the bundle file (.age).",
                    });
                    return Vec::new();
                }
                if entry.passphrase.is_empty() {
                    app.error("Type the station key passphrase.");
                    return Vec::new();
                }
                let Some(actor) = actor else {
                    return Vec::new();
                };
                let passphrase = Zeroizing::new(entry.passphrase.text());
                let (direction, peer) = (entry.direction, entry.peer.clone());
                return match direction {
                    BundleDirection::Export => {
                        let mut work = Work::new(format!("Planning the bundle for {peer}…"));
                        work.typed = Some((direction, peer.clone(), path.clone()));
                        let job = work.job.clone();
                        s.stage = BundleStage::Working(Box::new(work));
                        vec![Effect::PlanExport {
                            actor,
                            peer,
                            dir: PathBuf::from(path),
                            passphrase,
                            job,
                        }]
                    }
                    BundleDirection::Import => {
                        let files = if entry.files.is_empty() {
                            vec![PathBuf::from(&path)]
                        } else {
                            std::mem::take(&mut entry.files)
                        };
                        let mut work = Work::new(match files.as_slice() {
                            [one] => format!("Importing {}…", file_name(one)),
                            many => format!("Importing {} bundles in turn…", many.len()),
                        });
                        if files.len() == 1 {
                            work.typed = Some((direction, peer, files[0].display().to_string()));
                        }
                        work.files = files.len();
                        let job = work.job.clone();
                        s.stage = BundleStage::Working(Box::new(work));
                        vec![Effect::ImportBundle {
                            actor,
                            files,
                            passphrase,
                            job,
                        }]
                    }
                };
            }
            _ => {
                let input = if entry.focus == 0 {
                    &mut entry.path
                } else {
                    &mut entry.passphrase
                };
                input.key(key);
            }
        },
        BundleStage::Review(_) => match action {
            Some(Action::Yes) => {
                let BundleStage::Review(review) = std::mem::take(&mut s.stage) else {
                    return Vec::new();
                };
                let work = Work::new(format!("Writing {}…", review.file_name));
                let job = work.job.clone();
                s.stage = BundleStage::Working(Box::new(work));
                let Some(actor) = actor else {
                    s.stage = BundleStage::List;
                    return Vec::new();
                };
                return vec![Effect::WriteExport { actor, review, job }];
            }
            Some(Action::No) => {
                s.stage = BundleStage::List;
                app.ok("Export cancelled: nothing written.");
            }
            _ => {}
        },
    }
    Vec::new()
}

/// How the picker's bundles are chosen: `.age` files, several at once.
const BUNDLES: PickMode = PickMode::Files {
    multi: true,
    extensions: &[".age"],
    noun: "bundle",
};

fn file_name(path: &std::path::Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The files chosen in the picker: the station key passphrase is asked next. One file is
/// shown as its path, which stays to correct after an error.
fn chosen(files: Vec<PathBuf>) -> BundleStage {
    let mut entry = BundleEntry {
        direction: BundleDirection::Import,
        peer: String::new(),
        path: TextInput::new(""),
        passphrase: TextInput::masked(),
        focus: 1,
        files: Vec::new(),
    };
    match files.as_slice() {
        [one] => entry.path.set_text(&one.display().to_string()),
        _ => entry.files = files,
    }
    set_focus(&mut entry, 1);
    BundleStage::Entry(Box::new(entry))
}

fn set_focus(entry: &mut BundleEntry, focus: usize) {
    entry.focus = focus;
    entry.path.set_focus(focus == 0);
    entry.passphrase.set_focus(focus == 1);
}

pub fn paste(s: &mut StationsScreen, text: &str) {
    if let BundleStage::Picking(picker) = &mut s.stage {
        picker.paste(text);
    }
    if let BundleStage::Entry(entry) = &mut s.stage {
        let input = if entry.focus == 0 {
            &mut entry.path
        } else {
            &mut entry.passphrase
        };
        input.paste(text);
    }
}

/// The work under way on the stations screen, wherever that screen is on the stack.
fn work(app: &mut App) -> Option<&mut Work> {
    app.screens.iter_mut().rev().find_map(Work::of)
}

/// The person confirmed the stop: the work stops at its next safe point and says so.
pub fn stop(app: &mut App) {
    if let Some(work) = work(app) {
        work.job.stop();
        work.stopping = true;
    }
}

/// The entry as it was typed before the work began (the path kept, the passphrase asked
/// again), or the list when nothing was typed.
fn typed_back(app: &mut App) -> BundleStage {
    match work(app).and_then(|w| w.typed.take()) {
        Some((direction, peer, path)) => {
            let mut entry = BundleEntry {
                direction,
                peer,
                path: TextInput::new(&path),
                passphrase: TextInput::masked(),
                focus: 0,
                files: Vec::new(),
            };
            set_focus(&mut entry, 0);
            BundleStage::Entry(Box::new(entry))
        }
        None => BundleStage::List,
    }
}

/// The work ended: a question whether to stop it is answered.
pub(super) fn ask_no_more(app: &mut App) {
    if let Some(Modal::Confirm(c)) = &app.modal
        && c.on_yes == Pending::StopWork
    {
        app.modal = None;
    }
}

/// Results of the stations' effects.
pub fn loaded(app: &mut App, msg: Msg) -> Vec<Effect> {
    let mut reload = false;
    match msg {
        Msg::Progress(p) => {
            if let Some(work) = work(app)
                && work.job.id == p.job
            {
                work.progress = Some(p);
            }
        }
        Msg::Stations(result) => {
            if let Err(e) = &result {
                app.error(e.clone());
            }
            // The station under the cursor stays under it when another process trusted or
            // removed one above it (the log watch reads the stations again).
            let before = peers(app);
            let chosen = screen(app).and_then(|s| before.get(s.selected.index()).cloned());
            // A failed reread keeps what was read, stale, with why (on the stations screen).
            app.stations.arrive(result);
            let after = peers(app);
            if let Some(s) = screen(app) {
                s.selected.set_len(after.len());
                if let Some(i) = chosen.and_then(|c| after.iter().position(|p| *p == c)) {
                    s.selected.select(i);
                }
            }
        }
        Msg::ExportPlanned(result) => {
            ask_no_more(app);
            let typed = typed_back(app);
            let (stage, error) = match result {
                Ok(review) => (BundleStage::Review(review), None),
                Err(e) if e == EXPORT_STOPPED => (BundleStage::List, Some(e)),
                Err(e) => (typed, Some(e)),
            };
            if let Some(s) = screen(app) {
                s.stage = stage;
            }
            match error {
                Some(e) if e == EXPORT_STOPPED => app.ok(e),
                Some(e) => app.error(e),
                None => {}
            }
        }
        Msg::Listed { generation, result } => {
            let picked = match screen(app).map(|s| &mut s.stage) {
                Some(BundleStage::Picking(p)) => p.arrive(generation, result),
                _ => Picked::Nothing,
            };
            match picked {
                Picked::Files(files) => {
                    let dir = files.first().and_then(|f| f.parent()).map(Into::into);
                    if let Some(s) = screen(app) {
                        s.stage = chosen(files);
                    }
                    if dir.is_some() {
                        app.last_dir = dir;
                    }
                }
                Picked::Effect(e) => return vec![e],
                _ => {}
            }
        }
        Msg::Imported(mut results) if results.len() != 1 => {
            ask_no_more(app);
            reload = true;
            let (lines, status) = several(&results);
            results.clear();
            if let Some(s) = screen(app) {
                s.outcome = lines;
                s.outcome_scroll = Scroll::default();
                s.stage = BundleStage::List;
            }
            match status {
                Ok(text) => app.ok(text),
                Err(text) => app.error(text),
            }
        }
        Msg::Imported(mut results) => {
            let result = results
                .pop()
                .map_or(Ok(Vec::new()), |(_, r)| r.map(|(_, lines)| lines));
            return loaded(app, Msg::Exported(result));
        }
        Msg::Exported(result) => {
            ask_no_more(app);
            let typed = typed_back(app);
            reload = true;
            let error = match result {
                Ok(lines) => {
                    let text = lines.first().cloned().unwrap_or_default();
                    if let Some(s) = screen(app) {
                        s.outcome = lines;
                        s.outcome_scroll = Scroll::default();
                    }
                    Some(Ok(text))
                }
                Err(e) => Some(Err(e)),
            };
            // After an error what was typed is given back (the passphrase is asked again).
            let failed =
                matches!(&error, Some(Err(e)) if e != EXPORT_STOPPED && e != IMPORT_STOPPED);
            if let Some(s) = screen(app) {
                s.stage = if failed { typed } else { BundleStage::List };
            }
            match error {
                Some(Ok(text)) if !text.is_empty() => app.ok(text),
                Some(Err(e)) if e == EXPORT_STOPPED || e == IMPORT_STOPPED => app.ok(e),
                Some(Err(e)) => app.error(e),
                _ => {}
            }
        }
        _ => {}
    }
    if reload {
        vec![Effect::LoadStations]
    } else {
        Vec::new()
    }
}

/// What several files imported in turn did, one line (or more) a file, and the status line:
/// each kind counted apart (applied, held, already imported, refused); an error when any
/// was refused.
fn several(results: &[(PathBuf, Said)]) -> (Vec<String>, Result<String, String>) {
    let mut lines = Vec::new();
    let mut tally = Tally::default();
    for (file, result) in results {
        let name = file_name(file);
        match result {
            Ok((kind, said)) => {
                tally.add(kind);
                let mut said = said.iter();
                lines.push(format!(
                    "{name}: {}",
                    said.next().map_or("imported", |l| l.as_str())
                ));
                lines.extend(said.map(|l| format!("    {l}")));
            }
            Err(e) if e == IMPORT_STOPPED || e == NOT_BEGUN => {
                tally.stop();
                let what = if e == IMPORT_STOPPED {
                    "stopped as asked: nothing of it added"
                } else {
                    NOT_BEGUN
                };
                lines.push(format!("{name}: {what}"));
            }
            Err(e) => {
                tally.refuse();
                // The file is named once: the refusal's own "<path>: " is left out.
                let why = e
                    .strip_prefix(&format!("{}: ", file.display()))
                    .unwrap_or(e);
                let why = why.strip_prefix("refused: ").unwrap_or(why);
                lines.push(format!("{name}: refused: {why}"));
            }
        }
    }
    let mut text = tally.line();
    text.push_str(": each file's outcome is below.");
    let refused = tally.refused > 0;
    (lines, if refused { Err(text) } else { Ok(text) })
}
