//! Writing a planned bundle (format 2) as a stream: each event read from the log, framed and
//! put through age's streaming encryptor into the file on the medium, the file hashed as it
//! goes for the signature over it; the manifest, naming the running hash of the items, signed
//! and written last. A copy of the sealed bundle goes to an unnamed temporary file, kept in
//! the store with the record of the export (for writing it again), so nothing of the
//! bundle's size is ever in memory.

use std::io::{Seek, Write};
use std::path::{Path, PathBuf};

use super::BundleError;
use super::export::{Plan, authorise, bundle_word};
use super::format::{
    BodyItem, Count, INNER_NAMESPACE, MAX_FRAME, Manifest, Range, STREAM_FORMAT, Trailer,
    WithheldItem, hex, sha256, to_cbor,
};
use super::heads::sign_head;
use super::identity::{StationKeys, parse_recipient};
use super::medium::{HashingFile, Partial, check_dir, clear_unrecorded, sign_digest};
use super::names::bundle_file_name;
use super::seal::{manifest_of, sign};
use super::stream::FrameWriter;
use super::trust::peer;
use super::watch::{Stage, Watch, checkpoint};
use crate::domain::access::{Actor, cleared_for};
use crate::domain::change::Change;
use crate::domain::station::{BundleKind, station_record_id};
use crate::store::exchange::LogItem;
use crate::store::scratch::scratch_file;
use crate::store::sent::Export;
use crate::store::{EventEnvelope, ExecuteError, Hash, Store, StoreError, event_hash};

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

/// Changes and snapshots share their numbers; acknowledgements have their own.
pub fn family(kind: BundleKind) -> &'static str {
    match kind {
        BundleKind::Ack => "ack",
        BundleKind::Changes | BundleKind::Snapshot => "bundle",
    }
}

/// Writes the plaintext both into age's encryptor and into the kept copy.
struct Both<A: Write, B: Write> {
    age: A,
    kept: B,
}

impl<A: Write, B: Write> Write for Both<A, B> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.age.write_all(buf)?;
        self.kept.write_all(buf)?;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.age.flush()?;
        self.kept.flush()
    }
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
    clear_unrecorded(dir, &sender, &plan.peer.station, plan.kind, plan.number)?;
    let (partial, file) = Partial::create(dir, &name)?;
    // The plaintext kept for re-sending is written beside the registry (the disk it is kept
    // on, and protected as it is), never to the system's temporary directory on what may be
    // another, unprotected disk; unnamed, it goes with the process however it ends.
    let kept = scratch_file(store.path()).map_err(BundleError::from);
    let sealed = kept.and_then(|kept| {
        let sealed = seal_into(store, keys, &plan, &sender, file, kept, watch)?;
        checkpoint(watch)?;
        Ok(sealed)
    });
    // The last point to stop has passed: the files go on the medium and the export is
    // recorded.
    let (hash, digest, mut kept, events) = match sealed {
        Ok(s) => s,
        Err(e) => {
            partial.discard();
            return Err(e);
        }
    };
    let signature = sign_digest(keys, &digest);
    let (bundle, signature) = match signature.and_then(|sig| partial.put(&sig)) {
        Ok(files) => files,
        Err(e) => {
            partial.discard();
            return Err(e);
        }
    };
    let recorded = kept
        .rewind()
        .map_err(|e| BundleError::io(dir, e))
        .and_then(|()| {
            let mut kept = std::io::BufReader::new(&mut kept);
            store
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
                    sealed: &mut kept,
                    own_acc: plan.own_head.as_ref().map(|h| (h.seq, h.acc)),
                })
                .map_err(BundleError::from)
        });
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

/// Streams the plan's items, then its signed manifest, through age into `file` and into
/// `kept`. Gives the bundle's hash, the SHA-512 of the encrypted file, the kept copy and the
/// number of events with content.
fn seal_into(
    store: &Store,
    keys: &StationKeys,
    plan: &Plan,
    sender: &str,
    file: HashingFile,
    kept: std::fs::File,
    watch: &mut dyn Watch,
) -> Result<(Hash, Vec<u8>, std::fs::File, u64), BundleError> {
    let to = parse_recipient(&plan.peer.age_recipient)?;
    let failed = |e: std::io::Error| BundleError::Invalid(format!("writing the bundle: {e}"));
    let encryptor = age::Encryptor::with_recipients(std::iter::once(&to as &dyn age::Recipient))
        .map_err(|e| BundleError::Invalid(format!("encrypting the bundle: {e}")))?;
    let age = encryptor.wrap_output(file).map_err(failed)?;
    let both = Both {
        age,
        kept: std::io::BufWriter::with_capacity(1 << 20, kept),
    };
    let mut frames = FrameWriter::new(both).map_err(failed)?;
    let reader = store.log_reader()?;
    let selection = &plan.selection;
    let total = selection.items.len() as u64;
    let mut ranges: Vec<Range> = Vec::new();
    let mut events = 0u64;
    for (n, pick) in selection.items.iter().enumerate() {
        if n % 1000 == 0 {
            watch.progress(Stage::Packing, n as u64, total);
            checkpoint(watch)?;
        }
        let station = &selection.stations[pick.station as usize];
        let item = body_item(&reader, station, pick.seq, pick.content)?;
        if let BodyItem::Event(bytes) = &item
            && bytes.len() as u64 > MAX_ITEM
        {
            return Err(too_large(station, pick.seq, bytes));
        }
        events += u64::from(matches!(item, BodyItem::Event(_)));
        match ranges.iter_mut().find(|r| r.station == *station) {
            Some(r) => r.last = pick.seq,
            None => ranges.push(Range {
                station: station.clone(),
                first: pick.seq,
                last: pick.seq,
            }),
        }
        frames.item(item).map_err(failed)?;
    }
    watch.progress(Stage::Packing, total, total);
    checkpoint(watch)?;
    watch.progress(Stage::Sealing, 0, 0);
    let mut heads = plan.relayed.clone();
    if let Some(own) = &plan.own_head {
        heads.insert(0, sign_head(keys, own)?);
    }
    let (body_hash, item_count) = frames.body();
    let manifest = to_cbor(&Manifest {
        format: STREAM_FORMAT.to_string(),
        kind: plan.kind,
        sender: sender.to_string(),
        recipient: plan.peer.station.clone(),
        recipient_key: plan.peer.age_recipient.clone(),
        number: plan.number,
        previous: plan.previous.clone(),
        created: store.now().to_rfc3339(),
        clearance: plan.peer.clearance,
        highest: selection.highest,
        ranges,
        items: Vec::new(),
        counts: selection
            .counts
            .iter()
            .map(|((kind, level), n)| Count {
                kind: kind.clone(),
                level: *level,
                events: *n,
            })
            .collect(),
        withheld: selection.withheld,
        holdings: plan.holdings.clone(),
        body_hash,
        heads,
        item_count,
    });
    let hash = sha256(&manifest);
    let signature = sign(keys, INNER_NAMESPACE, &manifest)?;
    let both = frames
        .end(Trailer {
            manifest,
            signature,
        })
        .map_err(failed)?;
    let kept = both
        .kept
        .into_inner()
        .map_err(|e| failed(std::io::Error::other(e.to_string())))?;
    let file = both.age.finish().map_err(failed)?;
    let digest = file.finish()?;
    Ok((hash, digest, kept, events))
}

/// The most an event's bytes may take in a bundle: what import reads of one item
/// (`MAX_FRAME`), less room for its frame.
const MAX_ITEM: u64 = MAX_FRAME - 64;

/// An event too large for any registrar to import, named by its record.
fn too_large(station: &str, seq: u64, bytes: &[u8]) -> BundleError {
    let record = EventEnvelope::decode(bytes)
        .map(|e| e.record_id)
        .unwrap_or_else(|_| format!("event {station} #{seq}"));
    BundleError::Invalid(format!(
        "{record} has a change of {} MiB (event {station} #{seq}), larger than the {} MiB any station imports as one item: nothing was written; shorten its text with a correction, or send it by other means",
        (bytes.len() as u64).div_ceil(1 << 20),
        MAX_FRAME >> 20
    ))
}

/// The item to send at (station, seq): the event's bytes, or only its place in the chain.
fn body_item(
    reader: &crate::store::exchange::LogReader,
    station: &str,
    seq: u64,
    content: bool,
) -> Result<BodyItem, BundleError> {
    let missing = || {
        BundleError::Store(StoreError::Corrupt(format!(
            "event {station} #{seq} is missing from the log; `registrar verify` names what is broken"
        )))
    };
    Ok(match reader.item(station, seq)?.ok_or_else(missing)? {
        LogItem::Event { bytes, .. } if content => BodyItem::Event(bytes),
        LogItem::Event { bytes, .. } => {
            let envelope = EventEnvelope::decode(&bytes).map_err(|_| missing())?;
            BodyItem::Withheld(WithheldItem {
                station: station.to_string(),
                seq,
                prev_hash: envelope.prev_hash,
                hash: event_hash(&bytes),
            })
        }
        LogItem::Withheld(w) => BodyItem::Withheld(WithheldItem {
            station: station.to_string(),
            seq,
            prev_hash: w.prev_hash,
            hash: w.hash,
        }),
    })
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
    let never = || {
        BundleError::Invalid(format!(
            "this registry keeps no {} {number} for {station} (it was never written, or written before bundles were kept for re-sending)",
            bundle_word(kind)
        ))
    };
    let kept = store
        .sent_bundle(station, family(kind), number)?
        .ok_or_else(never)?;
    let (manifest, hash) = manifest_of(kept)?;
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
    for p in [
        dir.join(format!(".{name}.partial")),
        dir.join(format!(".{name}.sig.partial")),
    ] {
        let _ = std::fs::remove_file(p);
    }
    let (partial, file) = Partial::create(dir, &name)?;
    let written = (|| {
        let mut kept = store
            .sent_bundle(station, family(kind), number)?
            .ok_or_else(never)?;
        let to = parse_recipient(&peer.age_recipient)?;
        let failed = |e: std::io::Error| BundleError::io(dir, e);
        let encryptor =
            age::Encryptor::with_recipients(std::iter::once(&to as &dyn age::Recipient))
                .map_err(|e| BundleError::Invalid(format!("encrypting the bundle: {e}")))?;
        let mut age = encryptor.wrap_output(file).map_err(failed)?;
        std::io::copy(&mut kept, &mut age).map_err(failed)?;
        let digest = age.finish().map_err(failed)?.finish()?;
        sign_digest(keys, &digest)
    })();
    let (bundle, signature) = match written.and_then(|sig| partial.put(&sig)) {
        Ok(files) => files,
        Err(e) => {
            partial.discard();
            return Err(e);
        }
    };
    Ok(Written {
        name,
        bundle,
        signature,
        number,
        hash: hex(&hash),
    })
}
