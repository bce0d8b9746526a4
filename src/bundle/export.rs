//! Writing a bundle for a peer: plan it (what will cross the gap, shown before anything is
//! written), then seal it, write its two files and record the export in the log.

use std::collections::BTreeMap;

use super::BundleError;
use super::format::{ChainHead, SignedHead};
use super::heads;
use super::names::{bundle_file_name, marking_word};
use super::select::{Selection, select};
use super::trust::peer;
use super::watch::{Counting, Watch};
use crate::domain::access::{Actor, may_record};
use crate::domain::change::ChangeKind;
use crate::domain::marking::Classification;
use crate::domain::record::Record;
use crate::domain::station::{BundleKind, Holding, PeerStation, knowledge_id};
use crate::store::exchange::LogItem;
use crate::store::{ExecuteError, Store, ZERO_HASH, event_hash};

pub use super::medium::check_dir;
pub use super::write::{Written, family, resend, write, write_watched};

/// A bundle about to be written.
pub struct Plan {
    pub peer: PeerStation,
    pub kind: BundleKind,
    pub number: u64,
    pub previous: Option<String>,
    pub selection: Selection,
    /// Acknowledgements: what this station holds.
    pub holdings: Vec<Holding>,
    /// This station's own chain through the last of its events inside, to sign at writing.
    pub own_head: Option<ChainHead>,
    /// The other stations' signed heads, relayed with their events.
    pub relayed: Vec<SignedHead>,
}

impl Plan {
    /// Nothing would cross: no change the peer lacks (an acknowledgement always has content).
    pub fn is_empty(&self) -> bool {
        self.kind != BundleKind::Ack && self.selection.items.is_empty()
    }

    pub fn file_name(&self, sender: &str) -> String {
        bundle_file_name(
            sender,
            &self.peer.station,
            self.kind,
            self.number,
            self.selection.highest,
        )
    }

    /// What will cross the gap, in lines: per record kind and marking, then what is withheld.
    pub fn summary(&self) -> Vec<String> {
        let mut lines = vec![format!(
            "{} {} for {} (cleared to {}):",
            bundle_word(self.kind),
            self.number,
            self.peer.station,
            self.peer.clearance
        )];
        if self.kind == BundleKind::Ack {
            for h in &self.holdings {
                lines.push(format!("  holds {} up to event {}", h.station, h.seq));
            }
            return lines;
        }
        let mut kinds: BTreeMap<&str, Vec<(Classification, u64)>> = BTreeMap::new();
        for ((kind, level), n) in &self.selection.counts {
            kinds.entry(kind).or_default().push((*level, *n));
        }
        for (kind, levels) in kinds {
            let parts: Vec<String> = levels
                .iter()
                .map(|(l, n)| format!("{n} {}", marking_word(*l)))
                .collect();
            lines.push(format!("  {kind:<26} {}", parts.join(", ")));
        }
        if self.selection.unvouched > 0 {
            lines.push(format!(
                "  not relayed (held here without their author's signature; their author sends them): {}",
                self.selection.unvouched
            ));
        }
        if self.selection.withheld > 0 {
            lines.push(format!(
                "  withheld (above its clearance, or this station's own settings, users and keys): {} — only their place in the chain crosses",
                self.selection.withheld
            ));
        }
        let content: u64 = self.selection.counts.values().sum();
        lines.push(format!(
            "  {content} changes with content, highest marking {}",
            self.selection.highest
        ));
        lines
    }
}

/// "bundle", "snapshot" or "acknowledgement", as messages name them.
pub fn bundle_word(kind: BundleKind) -> &'static str {
    match kind {
        BundleKind::Changes => "bundle",
        BundleKind::Snapshot => "snapshot",
        BundleKind::Ack => "acknowledgement",
    }
}

/// Checks that `actor` may move registry updates between stations (IM FP or administrator).
pub fn authorise(store: &Store, actor: &Actor) -> Result<Actor, BundleError> {
    let current = store.current_actor(actor)?;
    may_record(&current, ChangeKind::BundleImported)
        .map_err(|n| BundleError::Execute(ExecuteError::NotAllowed(n)))?;
    Ok(current)
}

/// Plans the next bundle of `kind` for `station`. `progress(done, total)` reports the reading
/// of a long log.
pub fn plan(
    store: &Store,
    station: &str,
    kind: BundleKind,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Plan, BundleError> {
    plan_watched(store, station, kind, &mut Counting(progress))
}

/// `plan`, followed by `watch`, which may stop the reading (a plan writes nothing).
pub fn plan_watched(
    store: &Store,
    station: &str,
    kind: BundleKind,
    watch: &mut dyn Watch,
) -> Result<Plan, BundleError> {
    let peer = peer(store, station)?;
    let last = if kind == BundleKind::Ack {
        &peer.ack_sent
    } else {
        &peer.sent
    };
    let (number, previous) = match last {
        Some(s) => (s.number + 1, Some(s.hash.clone())),
        None => (1, None),
    };
    let known = match store.record(&knowledge_id(station))? {
        Some(Record::Knowledge(k)) => k.holdings,
        _ => BTreeMap::new(),
    };
    let mut selection = Selection {
        stations: Vec::new(),
        items: Vec::new(),
        counts: BTreeMap::new(),
        withheld: 0,
        highest: Classification::Unclassified,
        through: Vec::new(),
        unvouched: 0,
    };
    let mut holdings = Vec::new();
    let mut own_head = None;
    let mut relayed = Vec::new();
    let own = store.meta().station.clone();
    let reader = store.log_reader()?;
    match kind {
        BundleKind::Ack => {
            let own = &store.meta().station;
            for (s, seq, _) in reader.heads()? {
                if s != *own && (s == station || known.contains_key(&s)) {
                    holdings.push(Holding { station: s, seq });
                }
            }
            if holdings.is_empty() {
                return Err(BundleError::Invalid(format!(
                    "nothing to acknowledge: this station holds no events {station} knows of"
                )));
            }
        }
        BundleKind::Changes | BundleKind::Snapshot => {
            let mut start = BTreeMap::new();
            if kind == BundleKind::Changes {
                for map in [&peer.sent_through, &peer.acknowledged, &known] {
                    for (s, seq) in map {
                        let e = start.entry(s.clone()).or_insert(0);
                        *e = (*e).max(*seq);
                    }
                }
            }
            selection = select(&reader, &own, station, peer.clearance, &start, watch)?;
            for h in &selection.through {
                if h.station == own {
                    let hash = match reader.item(&own, h.seq)? {
                        Some(LogItem::Event { bytes, .. }) => event_hash(&bytes),
                        Some(LogItem::Withheld(w)) => w.hash,
                        None => ZERO_HASH,
                    };
                    own_head = Some(ChainHead {
                        station: own.clone(),
                        seq: h.seq,
                        hash,
                        acc: reader.acc_through(&own, h.seq)?,
                    });
                } else {
                    match reader.signed_head(&h.station)? {
                        Some((seq, bytes)) if seq == h.seq => relayed.push(heads::decode(&bytes)?),
                        _ => {
                            return Err(BundleError::Invalid(format!(
                                "no signed head of {} at #{} to relay its events with",
                                h.station, h.seq
                            )));
                        }
                    }
                }
            }
        }
    }
    Ok(Plan {
        peer,
        kind,
        number,
        previous,
        selection,
        holdings,
        own_head,
        relayed,
    })
}
