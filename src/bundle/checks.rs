//! The checks of a bundle's items before anything is applied: each item is what the manifest
//! says, a readable event whose change may travel, whose record this station may hold and
//! whose time is not further ahead of this station's clock than the mission allows; each
//! station's part one contiguous piece of its chain.

use std::collections::BTreeMap;
use std::path::Path;

use super::BundleError;
use super::format::{BodyItem, Range};
use super::seal::Opened;
use crate::domain::ids::Time;
use crate::domain::marking::Classification;
use crate::domain::merge::foreign_event_problem;
use crate::domain::station::{BundleKind, valid_station_id};
use crate::store::codec::decode_change;
use crate::store::{EventEnvelope, event_hash};

/// Every item: what the manifest says it is, a readable event whose change may travel and
/// whose record this station may hold, and each station's part a contiguous piece of its chain.
pub fn check_items(
    file: &Path,
    opened: &Opened,
    clearance: Classification,
    latest: Time,
) -> Result<(), BundleError> {
    let refuse = |why: String| BundleError::refused(file, why);
    let m = &opened.manifest;
    let items = &opened.body.items;
    if m.highest > clearance {
        return Err(refuse(format!(
            "it carries {} content, above this station's clearance ({clearance}); {} should trust this station only up to its clearance and send a snapshot",
            m.highest, m.sender
        )));
    }
    if items.len() != m.items.len() {
        return Err(refuse("its body and manifest list different items".into()));
    }
    if m.kind == BundleKind::Ack && !items.is_empty() {
        return Err(refuse("an acknowledgement carries no events".into()));
    }
    let mut links: BTreeMap<&str, (u64, [u8; 32])> = BTreeMap::new();
    let mut ranges: Vec<Range> = Vec::new();
    for (i, (item, r)) in items.iter().zip(&m.items).enumerate() {
        let (station, seq, hash, prev) = match item {
            BodyItem::Event(bytes) => {
                let env = EventEnvelope::decode(bytes)
                    .map_err(|e| refuse(format!("item {} is not an event ({e})", i + 1)))?;
                let hash = event_hash(bytes);
                let change = decode_change(&env.payload).map_err(|e| {
                    refuse(format!(
                        "event {} #{} carries a change this registrar cannot read ({e})",
                        env.station, env.seq
                    ))
                })?;
                if !valid_station_id(&env.station) {
                    return Err(refuse(format!("item {} names no valid station", i + 1)));
                }
                if change.declared_level().is_some_and(|l| l > clearance) {
                    return Err(refuse(format!(
                        "event {} #{} creates a record above this station's clearance ({clearance})",
                        env.station, env.seq
                    )));
                }
                if let Some(problem) = foreign_event_problem(&env.station, &env.record_id, &change)
                {
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
                if !r.content {
                    return Err(refuse(format!(
                        "item {} differs from its manifest entry",
                        i + 1
                    )));
                }
                (env.station, env.seq, hash, env.prev_hash)
            }
            BodyItem::Withheld(w) => {
                if !valid_station_id(&w.station) {
                    return Err(refuse(format!("item {} names no valid station", i + 1)));
                }
                if r.content {
                    return Err(refuse(format!(
                        "item {} differs from its manifest entry",
                        i + 1
                    )));
                }
                (w.station.clone(), w.seq, w.hash, w.prev_hash)
            }
        };
        if r.station != station || r.seq != seq || r.hash != hash {
            return Err(refuse(format!(
                "item {} differs from its manifest entry",
                i + 1
            )));
        }
        if seq == 0 {
            return Err(refuse(format!("item {} has sequence 0", i + 1)));
        }
        if let Some((last, last_hash)) = links.get(r.station.as_str())
            && (seq != last + 1 || prev != *last_hash)
        {
            return Err(refuse(format!(
                "the events of {station} in it do not form one chain (at #{seq})"
            )));
        }
        links.insert(r.station.as_str(), (seq, hash));
        match ranges.iter_mut().find(|x| x.station == station) {
            Some(x) => x.last = seq,
            None => ranges.push(Range {
                station,
                first: seq,
                last: seq,
            }),
        }
    }
    if ranges != m.ranges {
        return Err(refuse("its ranges do not match its items".into()));
    }
    Ok(())
}
