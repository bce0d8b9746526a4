//! The first pass over a bundle, which applies nothing: decrypt it (as a stream), check every
//! item as it goes by (a readable event that may travel, each station's part one piece of its
//! chain, what each part is against the chain held here), then the manifest's signature and
//! that the items are exactly those it names (their running hash and number). A bundle on the
//! medium is read for this once, and that reading must hash to what its outer signature
//! covers; the frames it checked are copied as they go by (`checked_copy`), and everything
//! after — applying, holding, quarantining — reads that copy, never the medium. A bundle of
//! format 1 is read whole and checked as before.

use std::io::{BufRead, BufReader};
use std::path::Path;

use zeroize::Zeroizing;

use super::BundleError;
use super::checked_copy::{CheckedCopy, CopyWriter};
pub use super::checks::Against;
use super::checks::{Links, check_item, check_items, check_level, check_parts};
use super::format::{Body, BodyItem, MAX_FRAME, Manifest, STREAM_FORMAT, Trailer, sha256};
use super::identity::StationKeys;
use super::medium_file::{FileDigest, MediumFile};
use super::provenance::Chains;
use super::seal::{check_manifest, decrypting, open, read_whole};
use super::stream::{FrameReader, Next, Version, peek_format, version};
use super::watch::{Stage, Watch, Watched, checkpoint};
use crate::store::Hash;

/// Where a bundle's decrypted content comes from for the first pass.
pub enum Source<'a> {
    /// The file on the medium, whose outer signature was checked over `signed`: read once
    /// more from its start, decrypted with this station's keys; that reading must hash to
    /// `signed`.
    Medium {
        file: &'a mut MediumFile,
        keys: &'a StationKeys,
        signed: &'a FileDigest,
        /// The registry's file: the checked copy is made beside it.
        registry: &'a Path,
    },
    /// Content kept in the registry (a held bundle), already decrypted.
    Kept(Vec<u8>),
}

/// A bundle whose signatures and items have been checked; nothing of it applied yet.
pub struct Checked {
    pub manifest: Manifest,
    /// SHA-256 of the manifest bytes: the bundle's identity.
    pub hash: Hash,
    /// Each station's part, against the chain held here when its items went by.
    pub chains: Chains,
    pub content: Content,
}

pub enum Content {
    /// Format 1: every item in memory, and the content as it came.
    Whole {
        body: Body,
        plain: Zeroizing<Vec<u8>>,
    },
    /// Format 2: the frames as checked, read again to apply.
    Stream {
        frames: Frames,
        manifest: Vec<u8>,
        /// Where each block of items ends (how many items through it) and the running hash
        /// there.
        marks: Vec<(u64, Hash)>,
    },
}

/// The checked frames of a format-2 bundle.
pub enum Frames {
    /// Copied beside the registry by the first pass (from the medium).
    Copied(CheckedCopy),
    /// Kept in the registry (a held bundle).
    Kept(Vec<u8>),
}

impl Frames {
    fn reader(&self) -> Result<Box<dyn BufRead + '_>, BundleError> {
        Ok(match self {
            Frames::Copied(copy) => copy.reader()?,
            Frames::Kept(bytes) => Box::new(bytes.as_slice()),
        })
    }
}

/// The most items the second pass reads, and finds unchanged, before it applies them.
const BLOCK: u64 = 1024;
/// A block also ends once its frames reach this many bytes.
const BLOCK_BYTES: u64 = 8 << 20;

impl Checked {
    /// The content as it was checked (read whole for a format-2 bundle).
    pub fn plain(&self, file: &Path) -> Result<Zeroizing<Vec<u8>>, BundleError> {
        match &self.content {
            Content::Whole { plain, .. } => Ok(plain.clone()),
            Content::Stream { frames, .. } => read_whole(file, frames.reader()?),
        }
    }

    /// How many items it carries.
    pub fn item_count(&self) -> u64 {
        match &self.content {
            Content::Whole { body, .. } => body.items.len() as u64,
            Content::Stream { .. } => self.manifest.item_count,
        }
    }

    /// Each item in order, to `f`; a format-2 bundle is read again from its checked copy and
    /// each block must be exactly what was checked (its items' running hash, and at the end
    /// the manifest), or `f`'s work is refused.
    pub fn each_item<E: From<BundleError>>(
        &self,
        file: &Path,
        f: &mut dyn FnMut(&BodyItem) -> Result<(), E>,
    ) -> Result<(), E> {
        match &self.content {
            Content::Whole { body, .. } => {
                for item in &body.items {
                    f(item)?;
                }
                Ok(())
            }
            Content::Stream {
                frames,
                manifest,
                marks,
                ..
            } => {
                // The copy is authenticated under a key only this process holds: a difference
                // means the disk beside the registry is failing, or someone altered the copy.
                let changed = || {
                    BundleError::refused(
                        file,
                        "its checked copy beside the registry is not what was checked (the disk is failing, or the copy was altered); nothing was imported",
                    )
                };
                let unreadable = |why: String| {
                    BundleError::refused(
                        file,
                        format!(
                            "its checked copy beside the registry could not be read ({why}); nothing was imported"
                        ),
                    )
                };
                let mut reader = FrameReader::new(frames.reader()?);
                reader.header().map_err(unreadable)?;
                // Each block of items is found to be what the first pass read (the running
                // hash at its end) before any of it is applied.
                let mut block: Vec<BodyItem> = Vec::new();
                let mut bytes = 0u64;
                let mut mark = 0;
                loop {
                    match reader.next_frame().map_err(unreadable)? {
                        Next::Item(item) => {
                            block.push(item);
                            bytes += reader.last_len();
                            match marks.get(mark) {
                                Some((at, hash)) if *at == reader.count() => {
                                    if reader.body().0 != *hash {
                                        return Err(changed().into());
                                    }
                                    mark += 1;
                                    bytes = 0;
                                    for item in block.drain(..) {
                                        f(&item)?;
                                    }
                                }
                                _ if block.len() as u64 > BLOCK
                                    || bytes > BLOCK_BYTES + MAX_FRAME =>
                                {
                                    return Err(changed().into());
                                }
                                _ => {}
                            }
                        }
                        Next::End(t) => {
                            let m = &self.manifest;
                            if t.manifest != *manifest
                                || reader.body() != (m.body_hash, m.item_count)
                                || mark != marks.len()
                            {
                                return Err(changed().into());
                            }
                            for item in block.drain(..) {
                                f(&item)?;
                            }
                            return Ok(());
                        }
                    }
                }
            }
        }
    }
}

/// Checks a bundle's content from `source`, of either format, applying nothing.
pub fn check(
    file: &Path,
    source: Source,
    against: &Against,
    watch: &mut dyn Watch,
) -> Result<Checked, BundleError> {
    match source {
        Source::Kept(bytes) => {
            let read = first_pass(file, &mut bytes.as_slice(), against, None)?;
            read.finish(file, against, Some(bytes))
        }
        Source::Medium {
            file: medium,
            keys,
            signed,
            registry,
        } => {
            let mut reading = medium.hashing(signed.alg, signed.len)?;
            let read = {
                let watched = Watched {
                    inner: &mut reading,
                    watch: &mut *watch,
                    stage: Stage::Decrypting,
                    done: 0,
                    total: signed.len,
                };
                decrypting(file, BufReader::with_capacity(1 << 16, watched), keys).and_then(
                    |plain| {
                        let mut plain = BufReader::with_capacity(1 << 20, plain);
                        first_pass(file, &mut plain, against, Some(registry))
                    },
                )
            };
            checkpoint(watch)?;
            // The bytes just decrypted must be the bytes whose signature was checked: the
            // same length, the same hash (whatever went wrong, a file that changed is said to
            // have changed).
            let same = reading
                .finish()
                .map_err(|e| BundleError::io(file, e))
                .map(|digest| digest == *signed);
            match (same, read) {
                (Ok(true), Ok(read)) => read.finish(file, against, None),
                (Ok(true), Err(e)) => Err(e),
                (Ok(false), _) => Err(BundleError::refused(
                    file,
                    "the file changed while it was imported (what was decrypted is not the file whose signature was checked); nothing was imported",
                )),
                (Err(e), _) => Err(e),
            }
        }
    }
}

/// What one reading found, before the manifest's signature is known to hold.
enum Reading {
    Whole(Zeroizing<Vec<u8>>),
    Stream(Box<Scanned>),
}

struct Scanned {
    trailer: Trailer,
    body: (Hash, u64),
    chains: Chains,
    links: Links,
    marks: Vec<(u64, Hash)>,
    /// The first item that failed its checks: said only once the manifest's signature holds
    /// (a bundle that is not its sender's is refused as such, whatever it holds).
    problem: Option<BundleError>,
    copy: Option<CopyWriter>,
}

/// Reads the decrypted content once: a format-1 bundle whole; a format-2 bundle frame by
/// frame, each item checked, the frames copied beside the registry at `copy_to` as they go
/// by.
fn first_pass(
    file: &Path,
    plain: &mut dyn BufRead,
    against: &Against,
    copy_to: Option<&Path>,
) -> Result<Reading, BundleError> {
    let refuse = |why: String| BundleError::refused(file, why);
    let first = plain.fill_buf().map_err(|e| {
        refuse(format!(
            "it cannot be decrypted ({e}: damaged or cut short)"
        ))
    })?;
    match version(peek_format(first).as_deref()).map_err(refuse)? {
        Version::Whole => Ok(Reading::Whole(read_whole(file, plain)?)),
        Version::Stream => {
            scan(file, plain, against, copy_to).map(|s| Reading::Stream(Box::new(s)))
        }
    }
}

/// The first pass over a format-2 bundle.
fn scan(
    file: &Path,
    plain: &mut dyn BufRead,
    against: &Against,
    copy_to: Option<&Path>,
) -> Result<Scanned, BundleError> {
    let refuse = |why: String| BundleError::refused(file, why);
    let view = against.store.log_reader()?;
    let mut chains = Chains::new(&against.store.meta().station);
    let mut links = Links::default();
    let mut problem: Option<BundleError> = None;
    let mut marks = Vec::new();
    let mut copy = copy_to.map(CopyWriter::create).transpose()?;
    let mut frames = FrameReader::new(plain);
    frames.header().map_err(refuse)?;
    if let Some(copy) = &mut copy {
        copy.write(frames.captured())?;
    }
    let (mut items, mut bytes) = (0u64, 0u64);
    let trailer = loop {
        let item = match frames.next_frame().map_err(refuse)? {
            Next::Item(item) => item,
            Next::End(t) => break t,
        };
        let n = frames.count();
        (items, bytes) = (items + 1, bytes + frames.last_len());
        if items == BLOCK || bytes >= BLOCK_BYTES {
            marks.push((n, frames.body().0));
            (items, bytes) = (0, 0);
        }
        if problem.is_some() {
            continue;
        }
        let checked = check_item(file, n, &item, against.clearance, against.latest).and_then(
            |(station, seq, hash, prev)| {
                links
                    .add(station.clone(), seq, hash, prev, n)
                    .map_err(refuse)?;
                Ok(chains.add(&view, &station, seq, &hash)?)
            },
        );
        match (checked, &mut copy) {
            (Err(e), _) => problem = Some(e),
            (Ok(()), Some(copy)) => copy.write(frames.captured())?,
            (Ok(()), None) => {}
        }
    };
    if let Some(copy) = &mut copy {
        copy.write(frames.captured())?;
    }
    Ok(Scanned {
        body: frames.body(),
        trailer,
        chains,
        links,
        marks,
        problem,
        copy,
    })
}

impl Reading {
    /// The checks that need the whole reading: the manifest's signature, and the items
    /// against it. `kept`: the content, when it came from the registry.
    fn finish(
        self,
        file: &Path,
        against: &Against,
        kept: Option<Vec<u8>>,
    ) -> Result<Checked, BundleError> {
        let refuse = |why: &str| BundleError::refused(file, why);
        let s = match self {
            Reading::Whole(plain) => {
                let opened = open(file, &plain, against.trusted)?;
                let chains = check_items(file, &opened, against)?;
                return Ok(Checked {
                    manifest: opened.manifest,
                    hash: opened.hash,
                    chains,
                    content: Content::Whole {
                        body: opened.body,
                        plain,
                    },
                });
            }
            Reading::Stream(s) => *s,
        };
        let manifest = check_manifest(
            file,
            &s.trailer.manifest,
            &s.trailer.signature,
            against.trusted,
            STREAM_FORMAT,
        )?;
        let (body_hash, count) = s.body;
        if body_hash != manifest.body_hash {
            return Err(refuse("its body does not match its manifest"));
        }
        if count != manifest.item_count || !manifest.items.is_empty() {
            return Err(refuse("its body and manifest list different items"));
        }
        check_level(file, &manifest, against.clearance)?;
        if let Some(e) = s.problem {
            return Err(e);
        }
        check_parts(file, &manifest, count, &s.links, against.clearance)?;
        let frames = match (s.copy, kept) {
            (Some(copy), _) => Frames::Copied(copy.finish()?),
            (None, Some(kept)) => Frames::Kept(kept),
            (None, None) => {
                return Err(BundleError::Invalid(
                    "a bundle checked without a copy to apply it from".into(),
                ));
            }
        };
        Ok(Checked {
            hash: sha256(&s.trailer.manifest),
            manifest,
            chains: s.chains,
            content: Content::Stream {
                frames,
                manifest: s.trailer.manifest,
                marks: s.marks,
            },
        })
    }
}
