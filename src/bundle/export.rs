//! Writing a bundle for a peer: plan it (what will cross the gap, shown before anything is
//! written), then seal it, write its two files and record the export in the log.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::BundleError;
use super::format::{
    Body, BodyItem, ChainHead, Count, FORMAT, ItemRef, Manifest, Range, SignedHead, hex,
};
use super::heads::{self, sign_head};
use super::identity::StationKeys;
use super::names::{bundle_file_name, marking_word, signature_path};
use super::seal::{OnMedium, reseal, seal, sealed_manifest};
use super::select::{Selection, select};
use super::trust::peer;
use super::watch::{Counting, Stage, Watch, checkpoint};
use crate::domain::access::{Actor, cleared_for, may_record};
use crate::domain::change::{Change, ChangeKind};
use crate::domain::marking::Classification;
use crate::domain::record::Record;
use crate::domain::station::{BundleKind, Holding, PeerStation, knowledge_id, station_record_id};
use crate::store::sent::Export;
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
                    let hash = selection
                        .items
                        .iter()
                        .rfind(|s| s.station == own)
                        .map_or(ZERO_HASH, |s| s.hash);
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
/// "Sent" follows the files: they are written under temporary names, flushed, renamed into
/// place and the directory flushed, and only then is the export recorded (with the sealed
/// bundle, so it can be written again by number). A crash before the record leaves files of a
/// number the log does not know: the next export of that number replaces them.
pub fn write(
    store: &Store,
    actor: &Actor,
    keys: &StationKeys,
    plan: Plan,
    dir: &Path,
) -> Result<Written, BundleError> {
    write_watched(store, actor, keys, plan, dir, &mut ())
}

/// `write`, followed by `watch`: it may stop the export until the files are put on the
/// medium (nothing is then on the medium or in the log); from there on the export finishes.
pub fn write_watched(
    store: &Store,
    actor: &Actor,
    keys: &StationKeys,
    plan: Plan,
    dir: &Path,
    watch: &mut dyn Watch,
) -> Result<Written, BundleError> {
    let current = authorise(store, actor)?;
    cleared_for(&current, plan.selection.highest)
        .map_err(|n| BundleError::Execute(ExecuteError::NotAllowed(n)))?;
    check_dir(dir)?;
    let sender = store.meta().station.clone();
    let name = plan.file_name(&sender);
    let mut ranges: Vec<Range> = Vec::new();
    let mut items = Vec::with_capacity(plan.selection.items.len());
    let mut body = Body::default();
    let total = plan.selection.items.len() as u64;
    for (n, s) in plan.selection.items.into_iter().enumerate() {
        if n % 1000 == 0 {
            watch.progress(Stage::Packing, n as u64, total);
            checkpoint(watch)?;
        }
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
    let mut heads = plan.relayed.clone();
    if let Some(own) = &plan.own_head {
        heads.insert(0, sign_head(keys, own)?);
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
        heads,
    };
    watch.progress(Stage::Packing, total, total);
    checkpoint(watch)?;
    watch.progress(Stage::Sealing, 0, 0);
    let (files, hash, sealed) = seal(manifest, &body, keys, &plan.peer.age_recipient)?;
    // The last point to stop: from here the files go on the medium and the export is recorded.
    checkpoint(watch)?;
    clear_unrecorded(dir, &sender, &plan.peer.station, plan.kind, plan.number)?;
    let (bundle, signature) = put_on_medium(dir, &name, &files)?;
    let recorded = store
        .record_export(Export {
            actor: &current.name,
            target: &station_record_id(&plan.peer.station),
            change: Change::BundleExported {
                kind: plan.kind,
                number: plan.number,
                hash: hex(&hash),
                through: plan.selection.through.clone(),
                events,
                withheld: plan.selection.withheld,
                highest: plan.selection.highest,
            },
            peer: &plan.peer.station,
            family: family(plan.kind),
            number: plan.number,
            sealed: &sealed,
            own_acc: plan.own_head.as_ref().map(|h| (h.seq, h.acc)),
        })
        .map_err(BundleError::from);
    if let Err(e) = recorded {
        let _ = std::fs::remove_file(&bundle);
        let _ = std::fs::remove_file(&signature);
        return Err(e);
    }
    Ok(Written {
        name,
        bundle,
        signature,
        number: plan.number,
        hash: hex(&hash),
    })
}

/// Changes and snapshots share their numbers; acknowledgements have their own.
pub fn family(kind: BundleKind) -> &'static str {
    match kind {
        BundleKind::Ack => "ack",
        BundleKind::Changes | BundleKind::Snapshot => "bundle",
    }
}

/// The output directory must exist: say which way it is wrong.
pub fn check_dir(dir: &Path) -> Result<(), BundleError> {
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(BundleError::io(
            dir,
            "is a file, not a directory: name the directory to write the bundle into",
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(BundleError::io(
            dir,
            "no such directory (is the medium mounted?); create it or name another",
        )),
        Err(e) => Err(BundleError::io(dir, e)),
    }
}

/// Files of bundle `number` for `peer` left in `dir` by an export that was never recorded
/// (interrupted between writing and recording), and stale temporary files of any export:
/// removed, so they can neither block this export nor reach the peer as a second bundle
/// `number`.
fn clear_unrecorded(
    dir: &Path,
    sender: &str,
    peer: &str,
    kind: BundleKind,
    number: u64,
) -> Result<(), BundleError> {
    let prefix = format!("{sender}_to_{peer}_");
    let numbered = format!("-{number:06}_");
    let kinds: &[BundleKind] = match kind {
        BundleKind::Ack => &[BundleKind::Ack],
        _ => &[BundleKind::Changes, BundleKind::Snapshot],
    };
    let entries = std::fs::read_dir(dir).map_err(|e| BundleError::io(dir, e))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let bare = name.strip_prefix('.').unwrap_or(&name);
        let stale_partial = name.starts_with('.') && name.ends_with(".partial");
        let ours = bare.starts_with(&prefix)
            && kinds
                .iter()
                .any(|k| bare[prefix.len()..].starts_with(&format!("{}{numbered}", k.key())));
        if (stale_partial && bare.starts_with(&prefix)) || (ours && !stale_partial) {
            std::fs::remove_file(entry.path()).map_err(|e| BundleError::io(&entry.path(), e))?;
        }
    }
    Ok(())
}

/// Writes the two files under temporary names, flushes them, renames them into place and
/// flushes the directory. The signature is renamed first: a bundle under its own name always
/// has its signature beside it, even when the process dies between the two renames (a
/// signature left alone is removed by the next export of that number).
fn put_on_medium(
    dir: &Path,
    name: &str,
    files: &OnMedium,
) -> Result<(PathBuf, PathBuf), BundleError> {
    let bundle = dir.join(name);
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
    let done = write_file(&tmp_bundle, &files.age)
        .and_then(|()| write_file(&tmp_signature, files.sig.as_bytes()))
        .and_then(|()| {
            std::fs::rename(&tmp_signature, &signature).map_err(|e| BundleError::io(&signature, e))
        })
        .and_then(|()| {
            std::fs::rename(&tmp_bundle, &bundle).map_err(|e| BundleError::io(&bundle, e))
        })
        .and_then(|()| sync_dir(dir));
    if let Err(e) = done {
        for p in [&tmp_bundle, &tmp_signature, &bundle, &signature] {
            let _ = std::fs::remove_file(p);
        }
        return Err(e);
    }
    Ok((bundle, signature))
}

fn sync_dir(dir: &Path) -> Result<(), BundleError> {
    // Directories can be opened and flushed on Unix; elsewhere the rename is what there is.
    #[cfg(unix)]
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| BundleError::io(dir, e))?;
    Ok(())
}

/// Writes bundle `number` for `station` again (lost on the way): the same sealed bundle,
/// encrypted anew to the station's key and signed, under its original name. The receiver sees
/// the same bundle: applied if it never arrived, "already imported" if it did.
pub fn resend(
    store: &Store,
    actor: &Actor,
    keys: &StationKeys,
    station: &str,
    kind: BundleKind,
    number: u64,
    dir: &Path,
) -> Result<Written, BundleError> {
    let current = authorise(store, actor)?;
    check_dir(dir)?;
    let peer = peer(store, station)?;
    let sealed = store
        .sent_bundle(station, family(kind), number)?
        .ok_or_else(|| {
            BundleError::Invalid(format!(
                "this registry keeps no {} {number} for {station} (it was never written, or written before bundles were kept for re-sending)",
                bundle_word(kind)
            ))
        })?;
    let (manifest, hash) = sealed_manifest(&sealed)?;
    cleared_for(&current, manifest.highest)
        .map_err(|n| BundleError::Execute(ExecuteError::NotAllowed(n)))?;
    if manifest.recipient_key != peer.age_recipient {
        return Err(BundleError::Invalid(format!(
            "{} {number} was made for another key of {station} ({}); export anew (a snapshot) for its current key",
            bundle_word(kind),
            manifest.recipient_key
        )));
    }
    let sender = store.meta().station.clone();
    let name = bundle_file_name(&sender, station, manifest.kind, number, manifest.highest);
    let files = reseal(&sealed, keys, &peer.age_recipient)?;
    for p in [
        dir.join(format!(".{name}.partial")),
        dir.join(format!(".{name}.sig.partial")),
    ] {
        let _ = std::fs::remove_file(p);
    }
    let (bundle, signature) = put_on_medium(dir, &name, &files)?;
    Ok(Written {
        name,
        bundle,
        signature,
        number,
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
