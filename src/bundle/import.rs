//! Importing a bundle: check the outer signature against the trusted stations, then read the
//! file once more — that reading must be the bytes signed — decrypting it and checking the
//! inner signature, that this station is the one it was made for, and every item, while the
//! checked frames are copied beside the registry (`scan`, `checked_copy`); then apply
//! everything from that copy in one write transaction — or nothing, with one line that says
//! why. The medium is never read while the write transaction is open. A bundle that arrives
//! before the ones it follows is held (stored, as checked) and named; it is applied as soon
//! as the missing one arrives.

use std::io::Read;
use std::path::Path;

use ssh_key::PublicKey;

use super::BundleError;
use super::export::{authorise, bundle_word};
use super::format::{BodyItem, Manifest, hex};
use super::identity::{StationKeys, parse_signing_key, public_keys};
use super::medium_file::MediumFile;
use super::names::{bundle_file_name, signature_path};
use super::provenance::{Unproven, keep, prove};
use super::scan::{Against, Checked, Source, check};
use super::seal::outer_signature;
use super::trust::{peer, peer_signing_keys};
use super::watch::{Stage, Watch, Watched, checkpoint};
use crate::domain::access::Actor;
use crate::domain::change::Change;
use crate::domain::ids::Time;
use crate::domain::record::Record;
use crate::domain::station::{
    BundleKind, Holding, ReceivedBundle, knowledge_id, station_record_id,
};
use crate::store::exchange::{Arrival, Exchange, Incoming};
use crate::store::quarantine::Quarantined;
use crate::store::{Store, StoreError};

/// The station's keys, unlocked the first time a bundle needs them (after its outer signature
/// has been checked, so an unknown file never costs the passphrase).
pub struct KeyRing<'a> {
    keys: Option<StationKeys>,
    borrowed: Option<&'a StationKeys>,
    unlock: Box<dyn FnMut() -> Result<StationKeys, BundleError> + 'a>,
}

impl<'a> KeyRing<'a> {
    pub fn new(unlock: impl FnMut() -> Result<StationKeys, BundleError> + 'a) -> Self {
        KeyRing {
            keys: None,
            borrowed: None,
            unlock: Box::new(unlock),
        }
    }

    /// Keys already unlocked.
    pub fn unlocked(keys: &'a StationKeys) -> Self {
        KeyRing {
            keys: None,
            borrowed: Some(keys),
            unlock: Box::new(|| Err(BundleError::Keys("no keys".into()))),
        }
    }

    fn get(&mut self) -> Result<&StationKeys, BundleError> {
        if let Some(k) = self.borrowed {
            return Ok(k);
        }
        if self.keys.is_none() {
            self.keys = Some((self.unlock)()?);
        }
        self.keys
            .as_ref()
            .ok_or_else(|| BundleError::Keys("no keys".into()))
    }
}

/// What importing one bundle did to this station's registry.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Applied {
    pub sender: String,
    pub kind: BundleKind,
    pub number: u64,
    /// New events applied (including content that filled a withheld place).
    pub events: u64,
    /// New places known only by hash (withheld by the sender).
    pub withheld: u64,
    /// Items this registry already held (from another station, or an earlier bundle).
    pub already: u64,
    /// Events that raised or joined a conflict.
    pub conflicts: u64,
    /// Items left out: events of stations this registry does not trust, whose author's
    /// signature it cannot check.
    pub untrusted: Vec<(String, u64)>,
}

/// (`import --json` says it with its kind in `"result"`.)
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum Outcome {
    /// Applied, then every held bundle it unblocked, in order.
    Applied {
        applied: Applied,
        released: Vec<Applied>,
        /// Held bundles that could not follow after all, with why.
        still_held: Vec<(u64, String)>,
    },
    /// The same bundle was imported before: nothing changed.
    AlreadyImported {
        sender: String,
        kind: BundleKind,
        number: u64,
    },
    /// Kept until `missing` arrives.
    Held {
        sender: String,
        number: u64,
        missing: u64,
        already: bool,
    },
    /// An acknowledgement: the sender holds what it lists.
    Acknowledged {
        sender: String,
        number: u64,
        stations: usize,
        already: bool,
    },
    /// Not applied: it carries a history that conflicts with the one held here (a fork), so
    /// it is set aside for a person to decide (`registrar quarantine`).
    Quarantined {
        sender: String,
        number: u64,
        reason: String,
        already: bool,
    },
    /// One of the above, with a remark for the operator (e.g. a misleading file name).
    Noted {
        remark: String,
        outcome: Box<Outcome>,
    },
}

impl Outcome {
    /// One line per bundle for the operator.
    pub fn describe(&self) -> Vec<String> {
        match self {
            Outcome::Applied {
                applied,
                released,
                still_held,
            } => {
                let mut lines = vec![describe_applied(applied, "")];
                for r in released {
                    lines.push(describe_applied(r, "held until now: "));
                }
                for (n, why) in still_held {
                    lines.push(format!(
                        "bundle {n} from {} stays held: {why}",
                        applied.sender
                    ));
                }
                lines
            }
            Outcome::AlreadyImported {
                sender,
                kind,
                number,
            } => vec![format!(
                "{} {number} from {sender} was already imported: nothing to do",
                bundle_word(*kind)
            )],
            Outcome::Held {
                sender,
                number,
                missing,
                already,
            } => vec![format!(
                "{} bundle {number} from {sender}: missing bundle {missing} from {sender}; it is applied when bundle{} {} arrive{}",
                if *already {
                    "already holding"
                } else {
                    "holding"
                },
                if number - missing > 1 { "s" } else { "" },
                if number - missing > 1 {
                    format!("{missing}–{}", number - 1)
                } else {
                    missing.to_string()
                },
                if number - missing > 1 { "" } else { "s" },
            )],
            Outcome::Acknowledged {
                sender,
                number,
                stations,
                already,
            } => vec![if *already {
                format!(
                    "acknowledgement {number} from {sender} was already imported: nothing to do"
                )
            } else {
                format!(
                    "acknowledgement {number} from {sender}: it holds the events of {stations} station(s) as listed"
                )
            }],
            Outcome::Quarantined {
                sender,
                number,
                reason,
                already,
            } => vec![format!(
                "bundle {number} from {sender} {} QUARANTINED, nothing of it applied: {reason}; a person decides with `registrar quarantine list` / `dismiss`",
                if *already { "was already" } else { "is" }
            )],
            Outcome::Noted { remark, outcome } => {
                let mut lines = vec![format!("note: {remark}")];
                lines.extend(outcome.describe());
                lines
            }
        }
    }
}

fn describe_applied(a: &Applied, prefix: &str) -> String {
    let mut parts = vec![format!("{} events", a.events)];
    if a.withheld > 0 {
        parts.push(format!(
            "{} known by hash only (withheld by the sender)",
            a.withheld
        ));
    }
    if a.already > 0 {
        parts.push(format!("{} already held", a.already));
    }
    for (station, n) in &a.untrusted {
        parts.push(format!(
            "{n} of {station} left out (a station this registry does not trust: an administrator trusts it to receive them)"
        ));
    }
    let mut line = format!(
        "{prefix}imported {} {} from {}: {}",
        bundle_word(a.kind),
        a.number,
        a.sender,
        parts.join(", ")
    );
    if a.conflicts > 0 {
        line.push_str(&format!(
            "; {} CONFLICT{} with this station's changes — see the pending queue",
            a.conflicts,
            if a.conflicts == 1 { "" } else { "S" }
        ));
    }
    line
}

/// Imports one bundle file (its signature beside it, `<file>.sig`). Nothing is decrypted
/// before the file's kind, its size and its outer signature (checked as a stream) are.
pub fn import_file(
    store: &Store,
    actor: &Actor,
    file: &Path,
    keys: &mut KeyRing,
) -> Result<Outcome, BundleError> {
    import_file_watched(store, actor, file, keys, &mut ())
}

/// `import_file`, followed by `watch`: it may stop the import until its write transaction
/// commits (nothing of the bundle is then in the registry); from there on it finishes.
pub fn import_file_watched(
    store: &Store,
    actor: &Actor,
    file: &Path,
    keys: &mut KeyRing,
    watch: &mut dyn Watch,
) -> Result<Outcome, BundleError> {
    let actor = authorise(store, actor)?;
    if file.is_dir() {
        return Err(BundleError::Invalid(in_directory(file)));
    }
    let settings = store.settings()?;
    // Opened once (a link, a device or a pipe is refused by name); every reading after is of
    // what was opened, no longer than it was.
    let mut medium = MediumFile::open(
        file,
        settings.max_bundle_bytes(),
        "the mission setting max_bundle_megabytes",
    )?;
    let sig_path = signature_path(file);
    let sig = read_small(&sig_path, 64 << 10).map_err(|e| {
        BundleError::refused(
            file,
            format!(
                "its signature {} cannot be read ({e}); it travels beside the bundle",
                sig_path.display()
            ),
        )
    })?;
    let trusted = peer_signing_keys(store)?;
    // This station's own key too: a bundle it made itself is said to be one, not one signed
    // by an unknown key.
    let own = public_keys(store)?;
    let mut signers = trusted.clone();
    if let Ok(key) = parse_signing_key(&own.signing_key) {
        signers.push((own.station.clone(), key));
    }
    let outer = outer_signature(file, &sig, &signers)?;
    let len = medium.len();
    let mut reading = medium.hashing(outer.hash_alg(), len)?;
    let read = read_through(&mut Watched {
        inner: &mut reading,
        watch: &mut *watch,
        stage: Stage::CheckingSignature,
        done: 0,
        total: len,
    });
    checkpoint(watch)?;
    read.map_err(|e| BundleError::io(file, e))?;
    let signed = reading.finish().map_err(|e| BundleError::io(file, e))?;
    let signer = outer.check(file, &signed.digest)?.to_string();
    if signer == own.station && !trusted.iter().any(|(s, _)| *s == own.station) {
        return Err(made_here(file, &own.station));
    }
    watch.progress(Stage::Decrypting, 0, 0);
    let source = Source::Medium {
        file: &mut medium,
        keys: keys.get()?,
        signed: &signed,
        registry: store.path(),
    };
    let against = Against {
        store,
        trusted: &trusted,
        clearance: store.station_clearance()?,
        latest: latest_time(store)?,
    };
    // The first pass: everything checked, nothing applied.
    let checked = check(file, source, &against, watch);
    checkpoint(watch)?;
    let checked = checked?;
    check_recipient(store, file, &checked.manifest)?;
    let sender = checked.manifest.sender.clone();
    if signer != sender {
        return Err(BundleError::refused(
            file,
            format!("{signer} signed the file, but {sender} made the bundle"),
        ));
    }
    let outcome = match checked.manifest.kind {
        BundleKind::Ack => acknowledge(store, &actor, &checked),
        BundleKind::Changes | BundleKind::Snapshot => {
            changes(store, &actor, file, &checked, &trusted, watch)
        }
    }?;
    Ok(match misnamed(file, &checked.manifest) {
        Some(remark) => Outcome::Noted {
            remark,
            outcome: Box::new(outcome),
        },
        None => outcome,
    })
}

/// The latest event time accepted from another station: this station's clock plus the
/// mission's maximum clock lead.
fn latest_time(store: &Store) -> Result<Time, BundleError> {
    Ok(store.now() + store.settings()?.max_clock_lead())
}

/// Reads `r` to its end, 64 KiB at a time.
fn read_through(r: &mut impl Read) -> std::io::Result<()> {
    let mut buf = vec![0u8; 1 << 16];
    while r.read(&mut buf)? > 0 {}
    Ok(())
}

fn read_small(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    std::fs::File::open(path)?
        .take(limit + 1)
        .read_to_end(&mut out)?;
    if out.len() as u64 > limit {
        return Err(std::io::Error::other("larger than any signature"));
    }
    Ok(out)
}

/// A file name that misstates the sender, recipient, kind, number or marking of the bundle
/// inside. The name is not part of what is signed (a transfer guard or a copy may rename a
/// file), so the bundle is imported all the same — but the person who handled the medium by
/// its name was misled, and is told.
fn misnamed(file: &Path, m: &Manifest) -> Option<String> {
    let expected = bundle_file_name(&m.sender, &m.recipient, m.kind, m.number, m.highest);
    let actual = file.file_name()?.to_string_lossy().to_string();
    (actual != expected).then(|| {
        format!(
            "the file is named {actual:?}, but it is {} {} from {} marked {} (its true name is {expected:?}); handle it by what it holds",
            bundle_word(m.kind),
            m.number,
            m.sender,
            m.highest
        )
    })
}

fn trusted_only(station: &str, key: &PublicKey) -> Vec<(String, PublicKey)> {
    vec![(station.to_string(), key.clone())]
}

fn key_of<'k>(
    trusted: &'k [(String, PublicKey)],
    station: &str,
) -> Result<&'k PublicKey, BundleError> {
    trusted
        .iter()
        .find(|(s, _)| s == station)
        .map(|(_, k)| k)
        .ok_or_else(|| BundleError::Invalid(format!("{station} is not trusted")))
}

/// A directory where a bundle file was expected: say so, and name the bundles in it.
pub fn in_directory(dir: &Path) -> String {
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".age"))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    let listed = match found.len() {
        0 => "it holds no bundle (.age)".to_string(),
        1 => format!("it holds {}", found[0]),
        n => format!("it holds {n} bundles: {}", found.join(", ")),
    };
    format!(
        "{} is a directory: name the bundle files in it (.age); {listed}",
        dir.display()
    )
}

/// A bundle this station signed itself: it is for the station named in its file name.
fn made_here(file: &Path, own: &str) -> BundleError {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // `<sender>_to_<recipient>_<kind>-<number>_<MARKING>.age`
    let peer = name
        .strip_prefix(&format!("{own}_to_"))
        .and_then(|rest| rest.rsplitn(3, '_').nth(2))
        .filter(|p| !p.is_empty());
    BundleError::refused(
        file,
        match peer {
            Some(peer) => format!(
                "this bundle was made here (by this station, for {peer}); it is imported at {peer}"
            ),
            None => "this bundle was made here (signed by this station); it is imported at the station it was made for".to_string(),
        },
    )
}

/// The bundle must have been made for this station and its current key: one decrypted and
/// re-encrypted by its first recipient ("surreptitious forwarding") names someone else.
fn check_recipient(store: &Store, file: &Path, m: &Manifest) -> Result<(), BundleError> {
    let own = public_keys(store)?;
    if m.recipient != own.station {
        return Err(BundleError::refused(
            file,
            format!(
                "{} made it for {}, not for this station ({}): a bundle is imported only where it was sent",
                m.sender, m.recipient, own.station
            ),
        ));
    }
    if m.recipient_key != own.age_recipient {
        return Err(BundleError::refused(
            file,
            format!(
                "{} made it for another key of this station ({})",
                m.sender, m.recipient_key
            ),
        ));
    }
    Ok(())
}

fn acknowledge(store: &Store, actor: &Actor, opened: &Checked) -> Result<Outcome, BundleError> {
    let m = &opened.manifest;
    let p = peer(store, &m.sender)?;
    let already = p.last_ack_received.is_some_and(|a| a.number >= m.number);
    if !already {
        store.execute_as(
            actor,
            Some(&station_record_id(&m.sender)),
            Change::AcknowledgementReceived {
                number: m.number,
                hash: hex(&opened.hash),
                holdings: m.holdings.clone(),
            },
        )?;
    }
    Ok(Outcome::Acknowledged {
        sender: m.sender.clone(),
        number: m.number,
        stations: m.holdings.len(),
        already,
    })
}

/// The last bundle applied from `sender`.
fn last_received(store: &Store, sender: &str) -> Result<Option<ReceivedBundle>, StoreError> {
    Ok(match store.record(&knowledge_id(&store.meta().station))? {
        Some(Record::Knowledge(k)) => k.received.get(sender).cloned(),
        _ => None,
    })
}

/// The hash this station recorded for bundle `number` from `sender`, if it applied it.
fn recorded_hash(store: &Store, sender: &str, number: u64) -> Result<Option<String>, StoreError> {
    let events = store.record_events(&knowledge_id(&store.meta().station))?;
    Ok(events.into_iter().find_map(|e| match e.change {
        Change::BundleImported {
            from,
            number: n,
            hash,
            ..
        } if from == sender && n == number => Some(hash),
        _ => None,
    }))
}

fn changes(
    store: &Store,
    actor: &Actor,
    file: &Path,
    opened: &Checked,
    trusted: &[(String, PublicKey)],
    watch: &mut dyn Watch,
) -> Result<Outcome, BundleError> {
    let m = &opened.manifest;
    let sender = m.sender.clone();
    let sender_key = key_of(trusted, &sender)?;
    let hash = hex(&opened.hash);
    let last = last_received(store, &sender)?;
    let (last_number, last_hash) = last.map_or((0, None), |l| (l.number, Some(l.hash)));
    if m.number <= last_number {
        let earlier = if m.number == last_number {
            last_hash.clone()
        } else {
            recorded_hash(store, &sender, m.number)?
        };
        return match earlier {
            Some(h) if h != hash => {
                let reason = format!(
                    "it is bundle {} from {sender}, but a different bundle {} from {sender} was imported before (a fork: has {sender} been restored from an old copy?)",
                    m.number, m.number
                );
                quarantine(store, &sender, m.number, reason, &opened.plain(file)?)
            }
            // The same bundle, or one a snapshot already covered.
            _ => Ok(Outcome::AlreadyImported {
                sender,
                kind: m.kind,
                number: m.number,
            }),
        };
    }
    let expected = last_number + 1;
    if m.kind == BundleKind::Changes && m.number > expected {
        let held = store
            .held_bundles(&sender)?
            .into_iter()
            .find(|(n, _)| *n == m.number);
        let already = held.is_some();
        let plain = opened.plain(file)?;
        if let Some((_, content)) = held
            && content != *plain
        {
            return Err(BundleError::refused(
                file,
                format!(
                    "a different bundle {} from {sender} is already held here",
                    m.number
                ),
            ));
        }
        if !already {
            store.exchange(|x| x.hold(&sender, m.number, &plain))?;
        }
        return Ok(Outcome::Held {
            sender,
            number: m.number,
            missing: expected,
            already,
        });
    }
    if m.kind == BundleKind::Changes && m.previous != last_hash {
        return Err(BundleError::refused(
            file,
            format!(
                "bundle {} from {sender} does not follow the bundle {last_number} imported here (its previous-bundle hash differs)",
                m.number
            ),
        ));
    }
    checkpoint(watch)?;
    let applied = store.exchange(|x| {
        let applied = apply(x, &actor.name, file, opened, trusted, watch)?;
        if m.kind == BundleKind::Snapshot {
            for n in x.held_numbers(&sender)? {
                if n <= m.number {
                    x.release(&sender, n)?;
                }
            }
        }
        Ok::<_, Unproven>(applied)
    });
    let applied = match applied {
        Ok(a) => a,
        Err(Unproven::Refused(e)) => return Err(e),
        Err(Unproven::Fork(reason)) => {
            return quarantine(store, &sender, m.number, reason, &opened.plain(file)?);
        }
    };
    // Each held bundle it unblocks, in order, each in its own transaction.
    let mut released = Vec::new();
    let mut still_held = Vec::new();
    let mut previous = hash;
    let mut next = m.number + 1;
    while let Some((_, content)) = store
        .held_bundles(&sender)?
        .into_iter()
        .find(|(n, _)| *n == next)
    {
        let only = trusted_only(&sender, sender_key);
        // What is refused of it is said of the held bundle, not of the file just imported.
        let file = &std::path::PathBuf::from(format!("held bundle {next} from {sender}"));
        let result = Ok(()).and_then(|()| {
            let against = Against {
                store,
                trusted: &only,
                clearance: store.station_clearance()?,
                latest: latest_time(store)?,
            };
            let held = check(file, Source::Kept(content), &against, &mut ())?;
            check_recipient(store, file, &held.manifest)?;
            if held.manifest.previous.as_deref() != Some(previous.as_str()) {
                return Err(BundleError::refused(
                    file,
                    format!(
                        "it does not follow bundle {} (its previous-bundle hash differs)",
                        next - 1
                    ),
                ));
            }
            let a = store
                .exchange(|x| {
                    let a = apply(x, &actor.name, file, &held, trusted, &mut ())?;
                    x.release(&sender, next)?;
                    Ok::<_, Unproven>(a)
                })
                .map_err(|e| match e {
                    Unproven::Refused(e) => e,
                    Unproven::Fork(why) => BundleError::refused(file, why),
                })?;
            Ok((a, hex(&held.hash)))
        });
        match result {
            Ok((a, h)) => {
                released.push(a);
                previous = h;
                next += 1;
            }
            Err(e) => {
                let why = match e {
                    BundleError::Refused { reason, .. } => reason,
                    e => e.to_string(),
                };
                still_held.push((next, why));
                break;
            }
        }
    }
    Ok(Outcome::Applied {
        applied,
        released,
        still_held,
    })
}

/// Sets a bundle aside for a person to decide: nothing of it is applied.
fn quarantine(
    store: &Store,
    sender: &str,
    number: u64,
    reason: String,
    plain: &[u8],
) -> Result<Outcome, BundleError> {
    let already = !store.quarantine(&Quarantined {
        sender: sender.to_string(),
        number,
        reason: reason.clone(),
        at: store.now().to_rfc3339(),
        content: plain.to_vec(),
    })?;
    Ok(Outcome::Quarantined {
        sender: sender.to_string(),
        number,
        reason,
        already,
    })
}

/// Checks whose events they are, applies every item and records the import, in the caller's
/// transaction; stopped as asked, it leaves the transaction to be dropped uncommitted.
fn apply(
    x: &mut Exchange,
    actor: &str,
    file: &Path,
    opened: &Checked,
    trusted: &[(String, PublicKey)],
    watch: &mut dyn Watch,
) -> Result<Applied, Unproven> {
    let m = &opened.manifest;
    let proof = prove(x, file, m, trusted, &opened.chains)?;
    let mut a = Applied {
        sender: m.sender.clone(),
        kind: m.kind,
        number: m.number,
        events: 0,
        withheld: 0,
        already: 0,
        conflicts: 0,
        untrusted: Vec::new(),
    };
    let total = opened.item_count();
    let mut n = 0u64;
    opened.each_item::<Unproven>(file, &mut |item: &BodyItem| {
        if n.is_multiple_of(500) {
            watch.progress(Stage::Applying, n, total);
            checkpoint(watch).map_err(Unproven::Refused)?;
        }
        n += 1;
        let place = || {
            item.place().map_err(|e| {
                Unproven::Refused(BundleError::refused(
                    file,
                    format!("an item checked before no longer reads ({e})"),
                ))
            })
        };
        // Whose item it is matters only when some station's items are left out (an event's
        // envelope is decoded again as it is received).
        if !proof.untrusted.is_empty()
            && let (station, _) = place()?
            && proof.untrusted.contains(&station)
        {
            match a.untrusted.iter_mut().find(|(s, _)| *s == station) {
                Some((_, n)) => *n += 1,
                None => a.untrusted.push((station, 1)),
            }
            return Ok(());
        }
        let incoming = match item {
            BodyItem::Event(bytes) => Incoming::Event(bytes),
            BodyItem::Withheld(w) => Incoming::Withheld {
                station: &w.station,
                seq: w.seq,
                prev_hash: w.prev_hash,
                hash: w.hash,
            },
        };
        let arrival = x.receive(&incoming).map_err(|e| {
            let (station, seq) = match place() {
                Ok(place) => place,
                Err(e) => return e,
            };
            match e {
                StoreError::ConflictingEvent { .. } if station != x.own_station() => {
                    Unproven::Fork(format!(
                        "its event {station} #{seq} differs from the one this registry holds, and no signature of {station} proves either (a conflicting history)"
                    ))
                }
                e => Unproven::Refused(BundleError::refused(
                    file,
                    format!("event {station} #{seq} cannot be added here: {e}"),
                )),
            }
        })?;
        match arrival {
            Arrival::Applied { conflict } | Arrival::Filled { conflict } => {
                a.events += 1;
                a.conflicts += u64::from(conflict);
            }
            Arrival::Withheld => a.withheld += 1,
            Arrival::AlreadyHeld => a.already += 1,
        }
        Ok(())
    })?;
    let mut holdings = Vec::new();
    for r in &m.ranges {
        if let Some((seq, _)) = x.head(&r.station)? {
            holdings.push(Holding {
                station: r.station.clone(),
                seq,
            });
        }
    }
    watch.progress(Stage::Applying, total, total);
    // The last point to stop: the import is recorded and the transaction commits.
    checkpoint(watch).map_err(Unproven::Refused)?;
    keep(x, &proof)?;
    let own = x.own_station().to_string();
    let seq = x.next_own_seq()?;
    x.record(
        actor,
        &knowledge_id(&own),
        Change::BundleImported {
            from: m.sender.clone(),
            kind: m.kind,
            number: m.number,
            hash: hex(&opened.hash),
            holdings,
            seq,
        },
    )
    .map_err(|e| Unproven::Refused(e.into()))?;
    Ok(a)
}
