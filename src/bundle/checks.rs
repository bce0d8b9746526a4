//! The checks of a bundle's items before anything is applied, for both formats: each item a
//! readable event whose change may travel, whose record this station may hold and whose time
//! is not further ahead of this station's clock than the mission allows (or a withheld place
//! of a valid station); each station's part one contiguous piece of its chain, of at most
//! `MAX_STATIONS` stations; the parts what the manifest names.

use std::collections::BTreeMap;
use std::path::Path;

use super::BundleError;
use super::format::{BodyItem, MAX_STATIONS, Manifest, Range};
use super::provenance::Chains;
use super::seal::Opened;
use crate::domain::ids::Time;
use crate::domain::marking::Classification;
use crate::domain::merge::foreign_event_problem;
use crate::domain::station::{BundleKind, valid_station_id};
use crate::store::codec::decode_change;
use crate::store::{EventEnvelope, Hash, Store, event_hash};
use ssh_key::PublicKey;

/// What the checks of a bundle need of the registry.
pub struct Against<'a> {
    pub store: &'a Store,
    pub trusted: &'a [(String, PublicKey)],
    pub clearance: Classification,
    /// The latest event time accepted.
    pub latest: Time,
}

/// Every item of a format-1 bundle (all in memory): what the manifest lists, a readable event
/// whose change may travel and whose record this station may hold, each station's part a
/// contiguous piece of its chain; and each part against the chain held here (`view`), as a
/// format-2 bundle's parts are taken as they go by.
pub fn check_items(file: &Path, opened: &Opened, against: &Against) -> Result<Chains, BundleError> {
    let refuse = |why: String| BundleError::refused(file, why);
    let (clearance, latest) = (against.clearance, against.latest);
    let view = against.store.log_reader()?;
    let m = &opened.manifest;
    let items = &opened.body.items;
    check_level(file, m, clearance)?;
    if items.len() != m.items.len() {
        return Err(refuse("its body and manifest list different items".into()));
    }
    let mut links = Links::default();
    let mut chains = Chains::new(&against.store.meta().station);
    for (i, (item, r)) in items.iter().zip(&m.items).enumerate() {
        let n = i as u64 + 1;
        let (station, seq, hash, prev) = check_item(file, n, item, clearance, latest)?;
        if r.content != matches!(item, BodyItem::Event(_))
            || r.station != station
            || r.seq != seq
            || r.hash != hash
        {
            return Err(refuse(format!("item {n} differs from its manifest entry")));
        }
        links
            .add(station.clone(), seq, hash, prev, n)
            .map_err(refuse)?;
        chains.add(&view, &station, seq, &hash)?;
    }
    check_parts(file, m, items.len() as u64, &links, clearance)?;
    Ok(chains)
}

/// What both formats check of the manifest once every item went by: the marking, that an
/// acknowledgement carries nothing, and the ranges the items make.
pub fn check_parts(
    file: &Path,
    m: &Manifest,
    count: u64,
    links: &Links,
    clearance: Classification,
) -> Result<(), BundleError> {
    check_level(file, m, clearance)?;
    if m.kind == BundleKind::Ack && count > 0 {
        return Err(BundleError::refused(
            file,
            "an acknowledgement carries no events",
        ));
    }
    if links.ranges != m.ranges {
        return Err(BundleError::refused(
            file,
            "its ranges do not match its items",
        ));
    }
    Ok(())
}

/// Content above this station's clearance is refused whole.
pub fn check_level(
    file: &Path,
    m: &Manifest,
    clearance: Classification,
) -> Result<(), BundleError> {
    if m.highest > clearance {
        return Err(BundleError::refused(
            file,
            format!(
                "it carries {} content, above this station's clearance ({clearance}); {} should trust this station only up to its clearance and send a snapshot",
                m.highest, m.sender
            ),
        ));
    }
    Ok(())
}

/// One item (the `n`th): a readable event whose change may travel, whose record this station
/// may hold and whose time is not too far ahead, or a withheld place of a valid station.
/// Gives its station, sequence, hash and the hash it links to.
pub fn check_item(
    file: &Path,
    n: u64,
    item: &BodyItem,
    clearance: Classification,
    latest: Time,
) -> Result<(String, u64, Hash, Hash), BundleError> {
    let refuse = |why: String| BundleError::refused(file, why);
    match item {
        BodyItem::Event(bytes) => {
            let env = EventEnvelope::decode(bytes)
                .map_err(|e| refuse(format!("item {n} is not an event ({e})")))?;
            let hash = event_hash(bytes);
            let change = decode_change(&env.payload).map_err(|e| {
                refuse(format!(
                    "event {} #{} carries a change this registrar cannot read ({e})",
                    env.station, env.seq
                ))
            })?;
            if !valid_station_id(&env.station) {
                return Err(refuse(format!("item {n} names no valid station")));
            }
            if change.declared_level().is_some_and(|l| l > clearance) {
                return Err(refuse(format!(
                    "event {} #{} creates a record above this station's clearance ({clearance})",
                    env.station, env.seq
                )));
            }
            if let Some(problem) = foreign_event_problem(&env.station, &env.record_id, &change) {
                return Err(refuse(format!(
                    "event {} #{}: {problem}",
                    env.station, env.seq
                )));
            }
            let Some(at) = Time::from_timestamp_millis(env.hlc.wall_ms) else {
                return Err(refuse(format!(
                    "event {} #{} has an impossible time",
                    env.station, env.seq
                )));
            };
            if at > latest {
                return Err(refuse(format!(
                    "event {} #{} is dated {}, later than this station's clock allows (at most {} here, the mission's maximum clock lead); is {}'s clock wrong? Nothing was imported",
                    env.station,
                    env.seq,
                    at.format("%Y-%m-%d %H:%M:%S UTC"),
                    latest.format("%Y-%m-%d %H:%M:%S UTC"),
                    env.station
                )));
            }
            Ok((env.station, env.seq, hash, env.prev_hash))
        }
        BodyItem::Withheld(w) => {
            if !valid_station_id(&w.station) {
                return Err(refuse(format!("item {n} names no valid station")));
            }
            Ok((w.station.clone(), w.seq, w.hash, w.prev_hash))
        }
    }
}

/// Each station's part of a bundle, as its items go by: one contiguous piece of its chain,
/// and the ranges it makes.
#[derive(Default)]
pub struct Links {
    /// Per station: its last item, and its range's index in `ranges`.
    last: BTreeMap<String, (u64, Hash, usize)>,
    pub ranges: Vec<Range>,
}

impl Links {
    /// The `n`th item, at (station, seq) with `hash`, linking to `prev`.
    pub fn add(
        &mut self,
        station: String,
        seq: u64,
        hash: Hash,
        prev: Hash,
        n: u64,
    ) -> Result<(), String> {
        if seq == 0 {
            return Err(format!("item {n} has sequence 0"));
        }
        if self.last.len() >= MAX_STATIONS && !self.last.contains_key(station.as_str()) {
            return Err(format!(
                "it carries events of more than {MAX_STATIONS} stations (item {n}, of {station}): more than any bundle may carry"
            ));
        }
        let range = match self.last.get(station.as_str()) {
            Some((last, last_hash, range)) => {
                if seq != last + 1 || prev != *last_hash {
                    return Err(format!(
                        "the events of {station} in it do not form one chain (at #{seq})"
                    ));
                }
                self.ranges[*range].last = seq;
                *range
            }
            None => {
                self.ranges.push(Range {
                    station: station.clone(),
                    first: seq,
                    last: seq,
                });
                self.ranges.len() - 1
            }
        };
        self.last.insert(station, (seq, hash, range));
        Ok(())
    }
}
