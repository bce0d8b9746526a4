//! Walks the whole log and checks every station's hash chain, naming the first broken link.

use std::collections::BTreeMap;
use std::fmt;

use super::envelope::{EventEnvelope, Hash, ZERO_HASH, event_hash};
use super::error::StoreError;
use super::read::LogRead;
use super::withheld::WithheldRead;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    /// Number of events in the log.
    pub events: u64,
    /// Each station and its last sequence number, ordered by station.
    pub stations: Vec<(String, u64)>,
    pub first_broken: Option<BrokenLink>,
}

impl VerifyReport {
    pub fn is_ok(&self) -> bool {
        self.first_broken.is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    pub position: u64,
    /// Empty when the event cannot be decoded and no index names it.
    pub station: String,
    pub seq: u64,
    pub reason: String,
}

impl fmt::Display for BrokenLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.station.is_empty() {
            write!(f, "event {}: {}", self.position, self.reason)
        } else {
            write!(
                f,
                "event {} (station {}, seq {}): {}",
                self.position, self.station, self.seq, self.reason
            )
        }
    }
}

pub const REASON_UNDECODABLE: &str = "cannot be decoded";
pub const REASON_GAP: &str = "sequence gap";
pub const REASON_NEXT_LINK: &str = "hash does not match the link stored in the next event";
pub const REASON_OWN_LINK: &str = "its link to the previous event does not match that event";
pub const REASON_HEAD: &str = "hash does not match the station head";
pub const REASON_POSITION: &str = "log position gap (events are missing before it)";
pub const REASON_INDEX: &str = "not indexed at this position";

/// The last event seen from one station during the walk.
struct Tip {
    seq: u64,
    hash: Hash,
    position: u64,
}

/// Works inside a write transaction too, e.g. to check an import before committing it.
/// Events withheld by the station that sent them (known by hash only) bridge their chain.
pub fn verify(txn: &(impl LogRead + WithheldRead)) -> Result<VerifyReport, StoreError> {
    let heads = txn.station_heads()?;
    let first_broken = walk(txn, &heads)?;
    Ok(VerifyReport {
        events: txn.last_position()?,
        stations: heads.into_iter().map(|(s, seq, _)| (s, seq)).collect(),
        first_broken,
    })
}

/// Events are read in pages so memory stays flat however long the log is.
const PAGE: usize = 1024;

fn walk(
    txn: &(impl LogRead + WithheldRead),
    heads: &[(String, u64, Hash)],
) -> Result<Option<BrokenLink>, StoreError> {
    let mut tips: BTreeMap<String, Tip> = BTreeMap::new();
    let mut expected_position = 1;
    loop {
        let page = txn.events_range(expected_position, PAGE)?;
        if page.is_empty() {
            return check_heads(txn, &tips, heads);
        }
        for (position, bytes) in page {
            let broken = check_event(txn, heads, &mut tips, expected_position, position, &bytes)?;
            if broken.is_some() {
                return Ok(broken);
            }
            expected_position = position + 1;
        }
    }
}

fn check_event(
    txn: &(impl LogRead + WithheldRead),
    heads: &[(String, u64, Hash)],
    tips: &mut BTreeMap<String, Tip>,
    expected_position: u64,
    position: u64,
    bytes: &[u8],
) -> Result<Option<BrokenLink>, StoreError> {
    let broken = |station: &str, seq, reason: &str| {
        Ok(Some(BrokenLink {
            position,
            station: station.to_string(),
            seq,
            reason: reason.to_string(),
        }))
    };
    let Ok(env) = EventEnvelope::decode(bytes) else {
        let (station, seq) = txn.indexed_at(position)?.unwrap_or_default();
        return broken(&station, seq, REASON_UNDECODABLE);
    };
    if position != expected_position {
        return broken(&env.station, env.seq, REASON_POSITION);
    }
    let hash = event_hash(bytes);
    let tip = tips.get(&env.station);
    let (tip_seq, tip_hash) = tip.map_or((0, ZERO_HASH), |t| (t.seq, t.hash));
    if env.seq <= tip_seq {
        // The content of an event that arrived first withheld: it must be exactly that event.
        let filled = txn
            .withheld(&env.station, env.seq)?
            .is_some_and(|w| w.hash == hash && w.prev_hash == env.prev_hash)
            && txn.position_of(&env.station, env.seq)? == Some(position);
        return if filled {
            Ok(None)
        } else {
            broken(&env.station, env.seq, REASON_GAP)
        };
    }
    let (last_seq, last_hash) = bridge(txn, &env.station, (tip_seq, tip_hash), env.seq - 1)?;
    let tip = tip.filter(|t| t.seq == last_seq);
    if Some(env.seq) != last_seq.checked_add(1) {
        return broken(&env.station, env.seq, REASON_GAP);
    }
    if env.prev_hash != last_hash {
        // Either the previous event changed (this event still confirms its own hash to its
        // successor) or this event's link changed (then its own hash no longer matches).
        return match tip {
            Some(t) if confirmed_by_successor(txn, &env, &hash, heads)? => Ok(Some(BrokenLink {
                position: t.position,
                station: env.station.clone(),
                seq: t.seq,
                reason: REASON_NEXT_LINK.to_string(),
            })),
            _ => broken(&env.station, env.seq, REASON_OWN_LINK),
        };
    }
    if txn.position_of(&env.station, env.seq)? != Some(position) {
        return broken(&env.station, env.seq, REASON_INDEX);
    }
    let tip = Tip {
        seq: env.seq,
        hash,
        position,
    };
    tips.insert(env.station, tip);
    Ok(None)
}

/// Whether the next event of the same station (or the station head, for its last event) links
/// to `hash`.
fn confirmed_by_successor(
    txn: &impl LogRead,
    env: &EventEnvelope,
    hash: &Hash,
    heads: &[(String, u64, Hash)],
) -> Result<bool, StoreError> {
    let next = match env.seq.checked_add(1) {
        Some(next_seq) => txn.position_of(&env.station, next_seq)?,
        None => None,
    };
    if let Some(position) = next {
        let linked = txn
            .event_at(position)?
            .and_then(|bytes| EventEnvelope::decode(&bytes).ok())
            .is_some_and(|next| next.prev_hash == *hash);
        return Ok(linked);
    }
    Ok(heads
        .iter()
        .any(|(s, seq, h)| *s == env.station && *seq == env.seq && h == hash))
}

/// Follows withheld events after `from` (seq, hash) while each links to the one before, up to
/// `to`; returns where it got.
fn bridge(
    txn: &impl WithheldRead,
    station: &str,
    from: (u64, Hash),
    to: u64,
) -> Result<(u64, Hash), StoreError> {
    let mut at = from;
    while at.0 < to {
        match txn.withheld(station, at.0 + 1)? {
            Some(w) if w.prev_hash == at.1 => at = (at.0 + 1, w.hash),
            _ => break,
        }
    }
    Ok(at)
}

/// Every station's head must be the last event walked for it (or the withheld events after
/// it), so a change to the very last event of a station (which no later event links to) is
/// caught too.
fn check_heads(
    txn: &impl WithheldRead,
    tips: &BTreeMap<String, Tip>,
    heads: &[(String, u64, Hash)],
) -> Result<Option<BrokenLink>, StoreError> {
    let mut problems: Vec<(u64, &str, u64, String)> = Vec::new();
    let mut bridged: BTreeMap<&str, Tip> = BTreeMap::new();
    for (station, head_seq, _) in heads {
        let tip = tips.get(station);
        let from = tip.map_or((0, ZERO_HASH), |t| (t.seq, t.hash));
        let (seq, hash) = bridge(txn, station, from, *head_seq)?;
        if seq > from.0 {
            let position = tip.map_or(0, |t| t.position);
            bridged.insert(
                station,
                Tip {
                    seq,
                    hash,
                    position,
                },
            );
        }
    }
    for (station, head_seq, head_hash) in heads {
        let reason = match bridged.get(station.as_str()).or_else(|| tips.get(station)) {
            Some(t) if t.seq == *head_seq && t.hash == *head_hash => continue,
            Some(t) if t.seq == *head_seq => (t.position, t.seq, REASON_HEAD.to_string()),
            Some(t) => (
                t.position,
                t.seq,
                format!("{REASON_GAP}: the station head is at seq {head_seq}"),
            ),
            None => (
                0,
                *head_seq,
                "no events are stored for this station".to_string(),
            ),
        };
        problems.push((reason.0, station, reason.1, reason.2));
    }
    for (station, t) in tips {
        if !heads.iter().any(|(s, _, _)| s == station) {
            let reason = "the station has no head recorded".to_string();
            problems.push((t.position, station, t.seq, reason));
        }
    }
    Ok(problems
        .into_iter()
        .min_by_key(|p| p.0)
        .map(|(position, station, seq, reason)| BrokenLink {
            position,
            station: station.to_string(),
            seq,
            reason,
        }))
}
