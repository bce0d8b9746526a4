//! The console's side of bringing in a spreadsheet register, run as effects on the worker: the
//! dry run (the same reading, mapping and plan as `registrar import-sheet`, nothing written),
//! then, once confirmed, the whole sheet in one transaction — planned again first, and refused
//! if what would be written is no longer what was shown.

use super::app::{SheetReview, Work};
use super::job::Progress;
use crate::domain::access::Actor;
use crate::register::sheet::commit::commit;
use crate::register::sheet::dry_run::{DryRun, dry_run, mapping_lines, may_import, plan_lines};
use crate::store::Store;
use crate::tui::widgets::scroll::Scroll;
use std::path::Path;

/// What the status line says of a sheet import stopped as asked.
pub const SHEET_STOPPED: &str = "Sheet import stopped as asked: nothing was written.";

/// The files the picker offers.
pub const SHEETS: super::picker::PickMode = super::picker::PickMode::Files {
    multi: false,
    extensions: &[".xlsx", ".xls", ".ods", ".csv"],
    noun: "sheet",
};

/// The person's roles as the registry holds them now, and the command's rule.
fn allowed(store: &Store, actor: &Actor) -> Result<Actor, String> {
    let actor = store.current_actor(actor).map_err(|e| e.to_string())?;
    may_import(&actor)?;
    Ok(actor)
}

fn step(report: &mut dyn FnMut(Progress), job: &super::job::Job, what: &str) {
    report(Progress {
        job: job.id,
        stage: crate::bundle::watch::Stage::ReadingLog,
        done: 0,
        total: 0,
        part: None,
        what: Some(what.to_string()),
    });
}

/// The dry run with the gauge's counts; a stop asked for is said as such.
fn read(
    store: &Store,
    file: &Path,
    job: &super::job::Job,
    report: &mut dyn FnMut(Progress),
) -> Result<DryRun, String> {
    let counter = super::job::Counter::new(job.clone(), report);
    let dry = dry_run(store, file, &counter).map_err(|e| {
        if job.stop_asked() {
            SHEET_STOPPED.to_string()
        } else {
            e
        }
    })?;
    drop(counter);
    if job.stop_asked() {
        return Err(SHEET_STOPPED.into());
    }
    Ok(dry)
}

pub fn plan(
    store: &Store,
    actor: &Actor,
    file: &Path,
    job: &super::job::Job,
    report: &mut dyn FnMut(Progress),
) -> Result<Box<SheetReview>, String> {
    allowed(store, actor)?;
    let dry = read(store, file, job, report)?;
    let p = &dry.plan;
    let ready = p.ready() && !p.lines.is_empty();
    // What y does first, then the plan, then the mapping it was read with.
    let verdict = if p.lines.is_empty() && p.bad.is_empty() {
        if p.already_imported > 0 {
            format!(
                "Nothing new to import: the {} lines of this sheet were imported before.",
                p.already_imported
            )
        } else {
            "Nothing to import.".into()
        }
    } else if ready {
        format!(
            "Nothing is written until you press y: then {} shares and {} receipts, registering {} entities, go in one transaction.",
            p.shares(),
            p.receipts(),
            p.new_entities()
        )
    } else {
        "Nothing can be written: the sheet goes in whole or not at all — correct the rows and kinds listed below and choose it again.".into()
    };
    let mut lines = vec![verdict];
    lines.extend(plan_lines(p));
    lines.push(String::new());
    lines.push(match &dry.mapping_from {
        Some(f) => format!("mapping read from {}", f.display()),
        None => "mapping guessed from the header row (save one beside the sheet as <sheet>.mapping.toml with `registrar import-sheet --mapping`)".to_string(),
    });
    lines.extend(mapping_lines(&p.mapping, &dry.sheet));
    Ok(Box::new(SheetReview {
        file: file.to_path_buf(),
        lines,
        ready,
        counts: (p.shares(), p.receipts(), p.new_entities()),
        scroll: Scroll::default(),
    }))
}

pub fn import(
    store: &Store,
    actor: &Actor,
    file: &Path,
    counts: (usize, usize, usize),
    job: &super::job::Job,
    report: &mut dyn FnMut(Progress),
) -> Result<Vec<String>, String> {
    let actor = allowed(store, actor)?;
    let dry = read(store, file, job, report)?;
    let p = &dry.plan;
    if (p.shares(), p.receipts(), p.new_entities()) != counts {
        return Err(
            "the sheet or the registry changed since the dry run: nothing written; choose the sheet again to see it".into(),
        );
    }
    if p.lines.is_empty() {
        return Ok(vec![format!(
            "Nothing new to import: the {} lines of this sheet were imported before.",
            p.already_imported
        )]);
    }
    step(report, job, "writing in one transaction");
    let written = commit(store, &actor.name, p).map_err(|e| e.to_string())?;
    Ok(vec![format!(
        "Imported {} shares and {} receipts from {}, sheet {:?}, registering {} entities, in one transaction.",
        p.shares(),
        p.receipts(),
        crate::register::sheet::dry_run::file_name(file),
        dry.sheet,
        written
    )])
}

/// The work's first words.
pub fn work(file: &Path, what: &str) -> Work {
    let name = crate::register::sheet::dry_run::file_name(file);
    Work::new(format!("{what} {name}…"))
}
