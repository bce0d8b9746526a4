//! The console's side of the sneakernet, run as effects: what is known of the stations, an
//! export planned (nothing written) then written once confirmed, and an import. The roles
//! are the command line's: the bundle layer refuses anyone but the IM FP or an administrator.

use super::app::{ExportReview, StationsInfo};
use crate::bundle::export::{authorise, plan, write};
use crate::bundle::identity::unlock;
use crate::bundle::import::{KeyRing, import_file};
use crate::bundle::status::station_status;
use crate::bundle::trust::stations as trusted;
use crate::domain::access::Actor;
use crate::domain::station::BundleKind;
use crate::store::Store;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

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

pub fn plan_export(
    store: &Store,
    actor: &Actor,
    peer: String,
    dir: PathBuf,
    passphrase: Zeroizing<String>,
) -> Result<Box<ExportReview>, String> {
    authorise(store, actor).map_err(|e| e.to_string())?;
    if !dir.is_dir() {
        return Err(format!("{}: not a directory", dir.display()));
    }
    let plan =
        plan(store, &peer, BundleKind::Changes, &mut |_, _| {}).map_err(|e| e.to_string())?;
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
) -> Result<Vec<String>, String> {
    let plan = plan(store, &review.peer, BundleKind::Changes, &mut |_, _| {})
        .map_err(|e| e.to_string())?;
    if plan.file_name(&store.meta().station) != review.file_name || plan.summary() != review.summary
    {
        return Err("the registry changed since the summary: export again to review it".into());
    }
    let keys = unlock(store, &review.passphrase).map_err(|e| e.to_string())?;
    let written = write(store, actor, &keys, plan, &review.dir).map_err(|e| e.to_string())?;
    Ok(vec![
        format!("wrote {}", written.bundle.display()),
        format!("wrote {}", written.signature.display()),
    ])
}

pub fn import(
    store: &Store,
    actor: &Actor,
    file: &Path,
    passphrase: &str,
) -> Result<Vec<String>, String> {
    authorise(store, actor).map_err(|e| e.to_string())?;
    let mut keys = KeyRing::new(|| unlock(store, passphrase));
    import_file(store, actor, file, &mut keys)
        .map(|outcome| outcome.describe())
        .map_err(|e| e.to_string())
}
