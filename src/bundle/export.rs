//! Writing a bundle for a peer: plan it (what will cross the gap, shown before anything is
//! written), then seal it, write its two files and record the export in the log.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::BundleError;
use super::format::{Body, BodyItem, Count, FORMAT, ItemRef, Manifest, Range, hex};
use super::identity::StationKeys;
use super::names::{bundle_file_name, marking_word, signature_path};
use super::seal::seal;
use super::select::{Selection, select};
use super::trust::peer;
use crate::domain::access::{Actor, cleared_for, may};
use crate::domain::change::Change;
use crate::domain::marking::Classification;
use crate::domain::record::Record;
use crate::domain::station::{BundleKind, Holding, PeerStation, knowledge_id, station_record_id};
use crate::store::{ExecuteError, Store, ZERO_HASH};

/// A bundle about to be written.
pub struct Plan {
    pub peer: PeerStation,
    pub kind: BundleKind,
    pub number: u64,
    pub previous: Option<String>,
    pub selection: Selection,
    /// Acknowledgements: what this station holds.
    pub holdings: Vec<Holding>,
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
    let probe = Change::BundleImported {
        from: String::new(),
        kind: BundleKind::Changes,
        number: 0,
        hash: String::new(),
        holdings: Vec::new(),
        seq: 0,
    };
    may(&current, &probe, false).map_err(|n| BundleError::Execute(ExecuteError::NotAllowed(n)))?;
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
        items: Vec::new(),
        counts: BTreeMap::new(),
        withheld: 0,
        highest: Classification::Unclassified,
        through: Vec::new(),
    };
    let mut holdings = Vec::new();
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
            selection = select(&reader, station, peer.clearance, &start, progress)?;
        }
    }
    Ok(Plan {
        peer,
        kind,
        number,
        previous,
        selection,
        holdings,
    })
}

/// What `write` put on the medium.
#[derive(Clone, Debug)]
pub struct Written {
    pub name: String,
    pub bundle: PathBuf,
    pub signature: PathBuf,
    pub number: u64,
    pub hash: String,
}

/// Seals the plan, writes `<name>.age` and `<name>.age.sig` into `dir`, and records the export.
/// Files are written under temporary names and renamed only once the export is recorded, so a
/// failure leaves neither a bundle the log does not know nor a number used twice.
pub fn write(
    store: &Store,
    actor: &Actor,
    keys: &StationKeys,
    plan: Plan,
    dir: &Path,
) -> Result<Written, BundleError> {
    let current = authorise(store, actor)?;
    cleared_for(&current, plan.selection.highest)
        .map_err(|n| BundleError::Execute(ExecuteError::NotAllowed(n)))?;
    let sender = store.meta().station.clone();
    let name = plan.file_name(&sender);
    let mut ranges: Vec<Range> = Vec::new();
    let mut items = Vec::with_capacity(plan.selection.items.len());
    let mut body = Body::default();
    for s in plan.selection.items {
        match ranges.iter_mut().find(|r| r.station == s.station) {
            Some(r) => r.last = s.seq,
            None => ranges.push(Range {
                station: s.station.clone(),
                first: s.seq,
                last: s.seq,
            }),
        }
        items.push(ItemRef {
            station: s.station,
            seq: s.seq,
            hash: s.hash,
            content: matches!(s.item, BodyItem::Event(_)),
        });
        body.items.push(s.item);
    }
    let events = items.iter().filter(|i| i.content).count() as u64;
    let manifest = Manifest {
        format: FORMAT.to_string(),
        kind: plan.kind,
        sender: sender.clone(),
        recipient: plan.peer.station.clone(),
        recipient_key: plan.peer.age_recipient.clone(),
        number: plan.number,
        previous: plan.previous.clone(),
        created: store.now().to_rfc3339(),
        clearance: plan.peer.clearance,
        highest: plan.selection.highest,
        ranges,
        items,
        counts: plan
            .selection
            .counts
            .iter()
            .map(|((kind, level), n)| Count {
                kind: kind.clone(),
                level: *level,
                events: *n,
            })
            .collect(),
        withheld: plan.selection.withheld,
        holdings: plan.holdings.clone(),
        body_hash: ZERO_HASH,
    };
    let (files, hash) = seal(manifest, &body, keys, &plan.peer.age_recipient)?;
    let bundle = dir.join(&name);
    let signature = signature_path(&bundle);
    for path in [&bundle, &signature] {
        if path.exists() {
            return Err(BundleError::io(
                path,
                "already exists; move it away or choose another directory",
            ));
        }
    }
    let tmp_bundle = dir.join(format!(".{name}.partial"));
    let tmp_signature = dir.join(format!(".{name}.sig.partial"));
    let written = write_file(&tmp_bundle, &files.age)
        .and_then(|()| write_file(&tmp_signature, files.sig.as_bytes()));
    let recorded = written.and_then(|()| {
        store
            .execute_as(
                &current,
                Some(&station_record_id(&plan.peer.station)),
                Change::BundleExported {
                    kind: plan.kind,
                    number: plan.number,
                    hash: hex(&hash),
                    through: plan.selection.through.clone(),
                    events,
                    withheld: plan.selection.withheld,
                    highest: plan.selection.highest,
                },
            )
            .map_err(BundleError::from)
    });
    if let Err(e) = recorded {
        let _ = std::fs::remove_file(&tmp_bundle);
        let _ = std::fs::remove_file(&tmp_signature);
        return Err(e);
    }
    std::fs::rename(&tmp_bundle, &bundle).map_err(|e| BundleError::io(&bundle, e))?;
    std::fs::rename(&tmp_signature, &signature).map_err(|e| BundleError::io(&signature, e))?;
    Ok(Written {
        name,
        bundle,
        signature,
        number: plan.number,
        hash: hex(&hash),
    })
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), BundleError> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| BundleError::io(path, e))?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .map_err(|e| BundleError::io(path, e))
}
