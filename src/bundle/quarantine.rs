//! Bundles set aside because they carry a forked history: listing them and dismissing one
//! (IM FP or administrator). Dismissing is recorded in the log (`QuarantineDismissed`, on the
//! sender's station record, which stays at this station); nothing of the bundle was applied.

use super::BundleError;
use super::export::authorise;
use super::format::hex;
use super::seal::manifest_of;
use crate::domain::access::{Actor, may};
use crate::domain::change::Change;
use crate::domain::station::station_record_id;
use crate::store::quarantine::Quarantined;
use crate::store::{ExecuteError, Store};

/// Every bundle set aside, by sender and number.
pub fn quarantined(store: &Store, actor: &Actor) -> Result<Vec<Quarantined>, BundleError> {
    authorise(store, actor)?;
    Ok(store.quarantined()?)
}

/// Dismisses bundle `number` from `sender`, once a person has decided.
pub fn dismiss(store: &Store, actor: &Actor, sender: &str, number: u64) -> Result<(), BundleError> {
    let current = authorise(store, actor)?;
    let q = store.quarantined_bundle(sender, number)?.ok_or_else(|| {
        BundleError::Invalid(format!(
            "no bundle {number} from {sender} is quarantined (`registrar quarantine list`)"
        ))
    })?;
    let (_, hash) = manifest_of(q.content.as_slice())?;
    let change = Change::QuarantineDismissed {
        number,
        hash: hex(&hash),
        reason: q.reason,
    };
    may(&current, &change, false).map_err(|n| BundleError::Execute(ExecuteError::NotAllowed(n)))?;
    store.dismiss_quarantined(
        &current.name,
        &station_record_id(sender),
        sender,
        number,
        change,
    )?;
    Ok(())
}
