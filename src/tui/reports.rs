//! The console's reports, run on the worker: the command line's writers (src/register/write)
//! with the console's gauge and stop, into the directory chosen, the file named as the
//! command line names it (the highest marking inside in its name). A stop leaves no file.

use super::job::{Counter, Job, Progress};
use crate::domain::access::Actor;
use crate::domain::ids::{RecordId, Time};
use crate::register::filter::RegisterFilter;
use crate::register::reports::{
    ReportKind, access_title, compliance_title, register_title, revision_title,
    write_oversight_xlsx,
};
use crate::register::write::{
    WriteError, compliance_of, revision_of, write_access, write_compliance, write_register,
    write_revision,
};
use crate::store::Store;
use std::path::PathBuf;

/// What the status line says of a report stopped as asked.
pub const REPORT_STOPPED: &str = "Report stopped as asked: no file was written.";

/// A report asked for in the console.
#[derive(Clone, Debug)]
pub struct ReportSpec {
    pub kind: ReportKind,
    pub from: Option<Time>,
    pub to: Option<Time>,
    pub entity: Option<RecordId>,
    /// `xlsx` or `csv`.
    pub format: &'static str,
    pub dir: PathBuf,
}

fn said(e: WriteError) -> String {
    match e {
        WriteError::Stopped => REPORT_STOPPED.to_string(),
        e => e.to_string(),
    }
}

pub fn write(
    store: &Store,
    actor: &Actor,
    spec: ReportSpec,
    job: Job,
    report: &mut dyn FnMut(Progress),
) -> Result<Vec<String>, String> {
    let stop = job.clone();
    // A pass ended by the stop is said as the stop, whatever error ended it.
    written(store, actor, spec, job, report).map_err(|e| {
        if stop.stop_asked() {
            REPORT_STOPPED.to_string()
        } else {
            e
        }
    })
}

fn written(
    store: &Store,
    actor: &Actor,
    spec: ReportSpec,
    job: Job,
    report: &mut dyn FnMut(Progress),
) -> Result<Vec<String>, String> {
    let actor = store.current_actor(actor).map_err(|e| e.to_string())?;
    spec.kind.may_produce(&actor)?;
    if !spec.dir.is_dir() {
        return Err(format!(
            "{}: not a directory to write into",
            spec.dir.display()
        ));
    }
    let now = store.now();
    let mission = store.meta().mission.clone();
    let out = spec.dir.join(format!(
        "{}_{}.{}",
        spec.kind.key(),
        now.format("%Y-%m-%d"),
        spec.format
    ));
    let counter = Counter::new(job.clone(), report);
    let failed = |e: crate::store::StoreError| e.to_string();
    let stopped = || {
        if job.stop_asked() {
            Err(REPORT_STOPPED.to_string())
        } else {
            Ok(())
        }
    };
    let entity = match &spec.entity {
        Some(id) => Some(
            store
                .entities()
                .map_err(|e| e.to_string())?
                .into_iter()
                .find(|e| &e.id == id)
                .ok_or_else(|| format!("no entity {id} in the registry"))?,
        ),
        None => None,
    };
    let line = match spec.kind {
        ReportKind::Register => {
            let filter = RegisterFilter {
                from: spec.from,
                to: spec.to,
                entity: spec.entity.clone(),
                direction: None,
                state: None,
            };
            let title = register_title(&mission, now, &actor.name);
            let w = write_register(store, &actor, &filter, &out, &title, &counter).map_err(said)?;
            format!("Wrote {}", w.said())
        }
        ReportKind::Revision => {
            let entity = entity.ok_or("choose the entity the revision is of")?;
            let from = spec.from.unwrap_or(now - chrono::Duration::days(365));
            let to = spec.to.unwrap_or(now);
            let (revision, level) =
                revision_of(store, &actor, &entity, from, to, &counter).map_err(failed)?;
            stopped()?;
            let title = revision_title(&entity.details.name, &mission);
            let path = write_revision(&revision, level, &out, &title).map_err(said)?;
            format!(
                "Wrote {}: {} months, {} revisions recorded, highest marking {level}",
                path.display(),
                revision.months.len(),
                revision.findings.len()
            )
        }
        ReportKind::Compliance => {
            let from = spec
                .from
                .unwrap_or(chrono::DateTime::<chrono::Utc>::MIN_UTC);
            let to = spec.to.unwrap_or(now);
            let (figures, level) =
                compliance_of(store, &actor, from, to, &counter).map_err(failed)?;
            stopped()?;
            let path = write_compliance(&figures, level, &out, &compliance_title(&mission))
                .map_err(said)?;
            format!("Wrote {} (highest marking {level})", path.display())
        }
        ReportKind::Access => {
            let w = write_access(store, &actor, &out, &access_title(&mission), &counter)
                .map_err(said)?;
            format!(
                "Wrote {}: {} confidential products, {} people, highest marking {}",
                w.path.display(),
                w.products,
                w.people,
                w.highest
            )
        }
        ReportKind::Oversight => {
            let path = write_oversight_xlsx(store, &actor, &out, &counter).map_err(said)?;
            format!("Wrote {} for oversight", path.display())
        }
    };
    Ok(vec![line])
}
