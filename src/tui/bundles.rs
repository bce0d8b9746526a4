//! The console's side of the sneakernet, run as effects: what is known of the stations, an
//! export planned (nothing written) then written once confirmed, and an import. The roles
//! are the command line's: the bundle layer refuses anyone but the IM FP or an administrator.
//! Each long step reports how far it is to the console's gauge and stops when asked, where
//! stopping leaves nothing half-done.

use super::app::{ExportReview, StationsInfo};
use crate::bundle::BundleError;
use crate::bundle::export::{authorise, plan_watched, write_watched};
use crate::bundle::identity::unlock;
use crate::bundle::import::{KeyRing, import_file_watched, in_directory};
use crate::bundle::status::station_status;
use crate::bundle::tally::Kind;
use crate::bundle::trust::stations as trusted;
use crate::bundle::watch::{Watch, checkpoint};
use crate::domain::access::Actor;
use crate::domain::station::BundleKind;
use crate::store::Store;
use std::path::PathBuf;
use zeroize::Zeroizing;

/// What the status line says of an export stopped as asked.
pub const EXPORT_STOPPED: &str =
    "Export stopped as asked: nothing was put on the medium or recorded.";
/// What the status line says of an import stopped as asked.
pub const IMPORT_STOPPED: &str =
    "Import stopped as asked: nothing of the bundle was added to the registry.";

pub fn stations(store: &Store) -> Result<StationsInfo, String> {
    let own = store.meta().station.clone();
    let own_clearance = trusted(store)
        .map_err(|e| e.to_string())?
        .into_iter()
        .find(|s| s.own)
        .map(|s| s.clearance);
    let peers = station_status(store).map_err(|e| e.to_string())?;
    Ok(StationsInfo {
        own,
        own_clearance,
        peers,
    })
}

fn said(e: BundleError, stopped: &str) -> String {
    match e {
        BundleError::Stopped => stopped.to_string(),
        e => e.to_string(),
    }
}

pub fn plan_export(
    store: &Store,
    actor: &Actor,
    peer: String,
    dir: PathBuf,
    passphrase: Zeroizing<String>,
    watch: &mut dyn Watch,
) -> Result<Box<ExportReview>, String> {
    authorise(store, actor).map_err(|e| e.to_string())?;
    if !dir.is_dir() {
        return Err(format!("{}: not a directory", dir.display()));
    }
    let plan = plan_watched(store, &peer, BundleKind::Changes, watch)
        .map_err(|e| said(e, EXPORT_STOPPED))?;
    if plan.is_empty() {
        return Err(format!(
            "nothing to send to {peer}: it holds (or was sent) everything this station has for it"
        ));
    }
    let file_name = plan.file_name(&store.meta().station);
    Ok(Box::new(ExportReview {
        peer,
        dir,
        passphrase,
        summary: plan.summary(),
        file_name,
    }))
}

/// Plans again and writes, unless what would be written is no longer what was confirmed.
pub fn write_export(
    store: &Store,
    actor: &Actor,
    review: ExportReview,
    watch: &mut dyn Watch,
) -> Result<Vec<String>, String> {
    let stopped = |e| said(e, EXPORT_STOPPED);
    let plan = plan_watched(store, &review.peer, BundleKind::Changes, watch).map_err(stopped)?;
    if plan.file_name(&store.meta().station) != review.file_name || plan.summary() != review.summary
    {
        return Err("the registry changed since the summary: export again to review it".into());
    }
    let keys = unlock(store, &review.passphrase).map_err(|e| e.to_string())?;
    checkpoint(watch).map_err(stopped)?;
    let written = write_watched(store, actor, &keys, plan, &review.dir, watch).map_err(stopped)?;
    Ok(vec![
        format!("wrote {}", written.bundle.display()),
        format!("wrote {}", written.signature.display()),
    ])
}

/// Imports the files in turn, the station key unlocked once: each file's outcome (what it did,
/// or why it was refused) is said, and a refused file never stops the others. A stop asked
/// for stops the file under way at its next safe point; the files after it are not begun.
pub fn import(
    store: &Store,
    actor: &Actor,
    files: Vec<PathBuf>,
    passphrase: &str,
    watch: &mut super::job::Watcher,
) -> Vec<(PathBuf, Said)> {
    if let Err(e) = authorise(store, actor) {
        let why = e.to_string();
        return files.into_iter().map(|f| (f, Err(why.clone()))).collect();
    }
    let mut keys = KeyRing::new(|| unlock(store, passphrase));
    let of = files.len() as u32;
    let mut out = Vec::with_capacity(files.len());
    for (i, file) in files.into_iter().enumerate() {
        // The file under way stops at its own safe point; those after it are not begun.
        if i > 0 && watch.stop_asked() {
            out.push((file, Err(NOT_BEGUN.to_string())));
            continue;
        }
        if of > 1 {
            watch.set_part(i as u32 + 1, of);
        }
        let result = if file.is_dir() {
            Err(in_directory(&file))
        } else {
            import_file_watched(store, actor, &file, &mut keys, watch)
                .map(|outcome| (outcome.kind(), outcome.describe()))
                .map_err(|e| said(e, IMPORT_STOPPED))
        };
        out.push((file, result));
    }
    out
}

/// What one file's import did (its kind, as a summary counts it, and its lines), or why it
/// was refused.
pub type Said = Result<(Kind, Vec<String>), String>;

/// What is said of a file not begun because a stop was asked before it.
pub const NOT_BEGUN: &str = "not begun: the import was stopped as asked";
