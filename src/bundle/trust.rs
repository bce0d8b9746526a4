//! Trusting peer stations: their age recipient (bundles to them are encrypted to it), their
//! signing key (bundles from them must be signed with it) and their clearance (the highest
//! marking they may receive). Trust is an administrator's change, recorded in the log.

use ssh_key::PublicKey;

use super::BundleError;
use super::format::OUTER_NAMESPACE;
use super::identity::{parse_recipient, parse_signing_key, public_keys, public_line};
use crate::domain::access::Actor;
use crate::domain::change::Change;
use crate::domain::marking::Classification;
use crate::domain::record::Record;
use crate::domain::station::{PeerStation, station_record_id};
use crate::store::Store;

/// Records that `station` is trusted with these keys up to `clearance` (administrator). A
/// station trusted again gets the new keys and clearance.
pub fn trust(
    store: &Store,
    actor: &Actor,
    station: &str,
    age_recipient: &str,
    signing_key: &str,
    clearance: Classification,
) -> Result<PeerStation, BundleError> {
    let recipient = parse_recipient(age_recipient)?.to_string();
    let mut key = parse_signing_key(signing_key)?;
    key.set_comment(format!("registrar:{station}"));
    let target = station_record_id(station);
    store.execute_as(
        actor,
        Some(&target),
        Change::StationTrusted {
            station: station.to_string(),
            age_recipient: recipient,
            signing_key: public_line(&key)?,
            clearance,
        },
    )?;
    peer(store, station)
}

/// Every station this registry knows the keys of (itself included), by id.
pub fn stations(store: &Store) -> Result<Vec<PeerStation>, BundleError> {
    Ok(store
        .records_with_prefix("STN-")?
        .into_iter()
        .filter_map(|r| match r {
            Record::Station(s) => Some(s),
            _ => None,
        })
        .collect())
}

/// A trusted peer.
pub fn peer(store: &Store, station: &str) -> Result<PeerStation, BundleError> {
    match store.record(&station_record_id(station))? {
        Some(Record::Station(s)) if !s.own => Ok(s),
        Some(Record::Station(_)) => Err(BundleError::Invalid(format!("{station} is this station"))),
        _ => Err(BundleError::Invalid(format!(
            "{station} is not a trusted station (an administrator trusts it with `registrar keys trust`)"
        ))),
    }
}

/// The trusted peers' signing keys, for checking what arrives.
pub fn peer_signing_keys(store: &Store) -> Result<Vec<(String, PublicKey)>, BundleError> {
    stations(store)?
        .into_iter()
        .filter(|s| !s.own)
        .map(|s| Ok((s.station.clone(), parse_signing_key(&s.signing_key)?)))
        .collect()
}

/// An OpenSSH `allowed_signers` file: this station and every trusted peer, each principal its
/// station id, each key valid for bundles only.
pub fn allowed_signers(store: &Store) -> Result<String, BundleError> {
    let own = public_keys(store)?;
    let mut lines = vec![line(&own.station, &own.signing_key)?];
    for s in stations(store)?.into_iter().filter(|s| !s.own) {
        lines.push(line(&s.station, &s.signing_key)?);
    }
    Ok(lines.join(""))
}

fn line(station: &str, key: &str) -> Result<String, BundleError> {
    let key = parse_signing_key(key)?;
    // Type and key only: the comment is the station id already.
    let mut bare = key.clone();
    bare.set_comment("");
    let text = public_line(&bare)?;
    Ok(format!(
        "{station} namespaces=\"{OUTER_NAMESPACE}\" {}\n",
        text.trim()
    ))
}
