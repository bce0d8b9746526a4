//! Which events go to a peer, and how: every event it does not hold yet, in an order that
//! respects what depended on what, each either with its content or — when the record is above
//! the peer's clearance, or the change concerns only the station that made it (its settings,
//! users, trust) — only its place in its station's chain (station, sequence, link, hash), so
//! the peer's chain still verifies and nothing of the content crosses.

use std::collections::{BTreeMap, HashMap};

use super::BundleError;
use super::watch::{Stage, Watch, checkpoint};
use crate::domain::ids::RecordId;
use crate::domain::marking::Classification;
use crate::domain::merge::is_station_local;
use crate::domain::station::Holding;
use crate::store::exchange::{LogItem, LogReader};
use crate::store::{EventEnvelope, StoreError, ZERO_HASH, event_hash};

/// One item chosen for the bundle: its place, and whether its content goes (or only its
/// place in the chain). The bytes are read again as the bundle is written, so a selection of
/// a million events takes a few dozen megabytes.
#[derive(Clone, Copy, Debug)]
pub struct Pick {
    /// Index into `Selection::stations`.
    pub station: u32,
    pub seq: u64,
    pub content: bool,
}

#[derive(Clone, Debug)]
pub struct Selection {
    /// The stations whose events it carries.
    pub stations: Vec<String>,
    /// In the order to send and apply.
    pub items: Vec<Pick>,
    /// Events with content, per record kind and marking.
    pub counts: BTreeMap<(String, Classification), u64>,
    pub withheld: u64,
    pub highest: Classification,
    /// Per station, the last event included.
    pub through: Vec<Holding>,
    /// Events of other stations held here beyond the last head their author signed (kept
    /// from before signed heads, or arrived without one): not relayed, their author sends
    /// them itself.
    pub unvouched: u64,
}

/// What a record's events weigh: its kind and the higher of its marking and its entity's.
type Weight = Option<(String, Classification)>;

struct Weigher<'r> {
    reader: &'r LogReader,
    cache: HashMap<String, Weight>,
}

impl Weigher<'_> {
    fn weigh(&mut self, record_id: &str) -> Result<Weight, StoreError> {
        if let Some(w) = self.cache.get(record_id) {
            return Ok(w.clone());
        }
        if self.cache.len() >= 100_000 {
            // Bounded, whatever the registry's size: most records are weighed once.
            self.cache.clear();
        }
        let w = match self.reader.record(&RecordId(record_id.to_string()))? {
            None => None,
            Some(record) => {
                let mut level = record.marking().level;
                if let Some(entity) = record.entity().filter(|e| e.as_str() != record_id)
                    && let Some(e) = self.reader.record(entity)?
                {
                    level = level.max(e.marking().level);
                }
                Some((record.kind().key().to_string(), level))
            }
        };
        self.cache.insert(record_id.to_string(), w.clone());
        Ok(w)
    }
}

/// Chooses the events of every station but `peer` after `start` (per station, the last event
/// the peer holds), for a peer cleared to `clearance`: this station's (`own`) up to its head,
/// another station's up to the last head its author signed. Every link is checked on the way
/// (an event whose stored bytes changed is named, and nothing is chosen). `watch` is told
/// the events read as it goes, and may stop the reading (nothing is written by it).
pub fn select(
    reader: &LogReader,
    own: &str,
    peer: &str,
    clearance: Classification,
    start: &BTreeMap<String, u64>,
    watch: &mut dyn Watch,
) -> Result<Selection, BundleError> {
    let heads = reader.heads()?;
    let total: u64 = heads
        .iter()
        .filter(|(s, _, _)| s != peer)
        .map(|(s, head, _)| head.saturating_sub(start.get(s).copied().unwrap_or(0)))
        .sum();
    let mut weigher = Weigher {
        reader,
        cache: HashMap::new(),
    };
    let mut sel = Selection {
        stations: Vec::new(),
        items: Vec::new(),
        counts: BTreeMap::new(),
        withheld: 0,
        highest: Classification::Unclassified,
        through: Vec::new(),
        unvouched: 0,
    };
    // (order key, station, seq, content)
    let mut ordered: Vec<(u64, u32, u64, bool)> = Vec::new();
    let mut done = 0u64;
    for (station, stored_head, head_hash) in &heads {
        if station == peer {
            continue;
        }
        let (head, head_hash) = if station == own {
            (*stored_head, *head_hash)
        } else {
            match reader.signed_head(station)? {
                Some((seq, bytes)) if seq <= *stored_head => {
                    let signed = super::heads::decode(&bytes)
                        .and_then(|s| super::heads::stated(&s).map_err(BundleError::Invalid))
                        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                    (seq, signed.hash)
                }
                _ => (0, ZERO_HASH),
            }
        };
        sel.unvouched += stored_head - head;
        let from = start.get(station).copied().unwrap_or(0);
        if head <= from {
            continue;
        }
        let damaged = |seq: u64, why: &str| {
            BundleError::Store(StoreError::Corrupt(format!(
                "event {station} #{seq} is damaged ({why}); `registrar verify` names what is broken"
            )))
        };
        let mut link = if from == 0 {
            ZERO_HASH
        } else {
            match reader.item(station, from)? {
                Some(LogItem::Event { bytes, .. }) => event_hash(&bytes),
                Some(LogItem::Withheld(w)) => w.hash,
                None => return Err(damaged(from, "missing from the log")),
            }
        };
        let index = sel.stations.len() as u32;
        // This station's items go straight into `ordered`, keyed by their own position for
        // now (a withheld place has none).
        let start_of_chain = ordered.len();
        for seq in from + 1..=head {
            let item = reader
                .item(station, seq)?
                .ok_or_else(|| damaged(seq, "missing from the log"))?;
            let selected = match item {
                LogItem::Event { position, bytes } => {
                    let envelope = EventEnvelope::decode(&bytes)
                        .map_err(|_| damaged(seq, "its stored bytes cannot be decoded"))?;
                    if envelope.station != *station || envelope.seq != seq {
                        return Err(damaged(seq, "its stored bytes name another place"));
                    }
                    if envelope.prev_hash != link {
                        return Err(damaged(
                            seq - 1,
                            "its stored bytes are not those the next event links to",
                        ));
                    }
                    let change = reader.change_of(&envelope)?;
                    let weight = if is_station_local(&change) {
                        None
                    } else {
                        weigher.weigh(&envelope.record_id)?
                    };
                    let hash = event_hash(&bytes);
                    let content = match weight {
                        Some((kind, level)) if level <= clearance => {
                            *sel.counts.entry((kind, level)).or_insert(0) += 1;
                            sel.highest = sel.highest.max(level);
                            true
                        }
                        _ => {
                            sel.withheld += 1;
                            false
                        }
                    };
                    (Some(position), hash, content)
                }
                LogItem::Withheld(w) => {
                    if w.prev_hash != link {
                        return Err(damaged(
                            seq - 1,
                            "its stored bytes are not those the next event links to",
                        ));
                    }
                    sel.withheld += 1;
                    (None, w.hash, false)
                }
            };
            let (position, hash, content) = selected;
            link = hash;
            ordered.push((position.unwrap_or(u64::MAX), index, seq, content));
            done += 1;
            if done.is_multiple_of(1000) {
                watch.progress(Stage::ReadingLog, done, total);
                checkpoint(watch)?;
            }
        }
        if link != head_hash {
            return Err(damaged(
                head,
                "its stored bytes are not those its chain records",
            ));
        }
        // Each item goes no later than any later item of its chain (content that arrived late
        // fills an early place), and a withheld one just before the next event.
        let mut key = u64::MAX;
        for item in ordered[start_of_chain..].iter_mut().rev() {
            key = key.min(item.0);
            item.0 = key;
        }
        sel.stations.push(station.clone());
        sel.through.push(Holding {
            station: station.clone(),
            seq: head,
        });
    }
    watch.progress(Stage::ReadingLog, done, total);
    // Stations are taken in name order, so their indexes order as their names.
    ordered.sort_unstable_by_key(|&(key, station, seq, _)| (key, station, seq));
    sel.items = ordered
        .into_iter()
        .map(|(_, station, seq, content)| Pick {
            station,
            seq,
            content,
        })
        .collect();
    Ok(sel)
}
