//! Conflicts between stations: listing the open ones and resolving one (IM FP). The resolution
//! is an event like any other and travels to the other stations with the next bundle.

use super::BundleError;
use crate::domain::access::Actor;
use crate::domain::change::Change;
use crate::domain::conflict::{Conflict, EventRef};
use crate::domain::ids::RecordId;
use crate::domain::record::Record;
use crate::store::Store;

/// Every conflict this registry holds, open ones first, then by id.
pub fn conflicts(store: &Store) -> Result<Vec<Conflict>, BundleError> {
    let mut out: Vec<Conflict> = store
        .records_with_prefix("CFL-")?
        .into_iter()
        .filter_map(|r| match r {
            Record::Conflict(c) => Some(c),
            _ => None,
        })
        .collect();
    out.sort_by(|a, b| (!a.is_open(), &a.id).cmp(&(!b.is_open(), &b.id)));
    Ok(out)
}

/// Resolves every open change of conflict `id`, saying how.
pub fn resolve(store: &Store, actor: &Actor, id: &RecordId, note: &str) -> Result<(), BundleError> {
    let covers: Vec<EventRef> = match store.record(id)? {
        Some(Record::Conflict(c)) => c.open_changes().iter().map(|c| c.event()).collect(),
        _ => return Err(BundleError::Invalid(format!("no conflict {id}"))),
    };
    store.execute_as(
        actor,
        Some(id),
        Change::ConflictResolved {
            note: note.trim().to_string(),
            covers,
        },
    )?;
    Ok(())
}
