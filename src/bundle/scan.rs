//! The first pass over a bundle, which applies nothing: decrypt it (as a stream), check every
//! item as it goes by (a readable event that may travel, each station's part one piece of its
//! chain, what each part is against the chain held here), then the manifest's signature and
//! that the items are exactly those it names (their running hash and number). A bundle of
//! format 1 is read whole and checked as before. Only a bundle that passes is applied, in a
//! second pass (`import`) that reads the items again and finds them unchanged before it
//! commits.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use ssh_key::PublicKey;
use zeroize::Zeroizing;

use super::BundleError;
use super::checks::{Links, check_item, check_items, check_level};
use super::format::{Body, BodyItem, Manifest, STREAM_FORMAT, sha256};
use super::identity::StationKeys;
use super::provenance::Chains;
use super::seal::{check_manifest, decrypting, open, read_whole};
use super::stream::{FrameReader, Next, Version, peek_format, version};
use super::watch::{Stage, Watch, Watched, checkpoint};
use crate::domain::ids::Time;
use crate::domain::marking::Classification;
use crate::domain::station::BundleKind;
use crate::store::{Hash, Store};

/// Where a bundle's decrypted content comes from, as often as it is read.
pub enum Source<'k> {
    /// The file on the medium, decrypted with this station's keys at each reading.
    File {
        path: PathBuf,
        keys: &'k StationKeys,
        /// Read no further than this (the largest bundle this station imports): the file
        /// read again is not trusted to be the length it was.
        limit: u64,
    },
    /// Content kept in the registry (a held bundle), already decrypted.
    Kept(Vec<u8>),
}

impl Source<'_> {
    /// The decrypted content from its start; `watch` follows the file's bytes when given.
    pub fn reader<'s>(
        &'s self,
        watch: Option<&'s mut dyn Watch>,
    ) -> Result<Box<dyn BufRead + 's>, BundleError> {
        Ok(match self {
            Source::File { path, keys, limit } => {
                let file = std::fs::File::open(path).map_err(|e| BundleError::io(path, e))?;
                let total = file.metadata().map(|m| m.len()).unwrap_or(0);
                let file = file.take(limit.saturating_add(1));
                let input: Box<dyn Read + 's> = match watch {
                    Some(watch) => Box::new(Watched {
                        inner: file,
                        watch,
                        stage: Stage::Decrypting,
                        done: 0,
                        total,
                    }),
                    None => Box::new(file),
                };
                let plain = decrypting(path, BufReader::with_capacity(1 << 16, input), keys)?;
                Box::new(BufReader::with_capacity(1 << 20, plain))
            }
            Source::Kept(bytes) => Box::new(bytes.as_slice()),
        })
    }

    /// The whole content (to keep a bundle that waits, or is set aside).
    pub fn whole(&self, file: &Path) -> Result<Zeroizing<Vec<u8>>, BundleError> {
        read_whole(file, self.reader(None)?)
    }
}

/// A bundle whose signatures and items have been checked; nothing of it applied yet.
pub struct Checked<'k> {
    pub manifest: Manifest,
    /// SHA-256 of the manifest bytes: the bundle's identity.
    pub hash: Hash,
    pub content: Content<'k>,
}

pub enum Content<'k> {
    /// Format 1: every item in memory, and the content as it came.
    Whole {
        body: Body,
        plain: Zeroizing<Vec<u8>>,
    },
    /// Format 2: read again from its source to apply; `chains` as its items went by.
    Stream {
        source: Source<'k>,
        manifest: Vec<u8>,
        chains: Chains,
        /// The running hash of the items after every `BLOCK` of them.
        marks: Vec<Hash>,
    },
}

/// How many items the second pass reads, and finds unchanged, before it applies them.
const BLOCK: u64 = 1024;

impl Checked<'_> {
    /// The content as it came (read whole for a format-2 bundle).
    pub fn plain(&self, file: &Path) -> Result<Zeroizing<Vec<u8>>, BundleError> {
        match &self.content {
            Content::Whole { plain, .. } => Ok(plain.clone()),
            Content::Stream { source, .. } => source.whole(file),
        }
    }

    /// How many items it carries.
    pub fn item_count(&self) -> u64 {
        match &self.content {
            Content::Whole { body, .. } => body.items.len() as u64,
            Content::Stream { .. } => self.manifest.item_count,
        }
    }

    /// Each item in order, to `f`; a format-2 bundle is read again and must be exactly what
    /// was checked (its items' running hash and its manifest), or `f`'s work is refused.
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
                source,
                manifest,
                marks,
                ..
            } => {
                // Bytes that read but differ from what was checked: the file changed.
                let changed = || {
                    BundleError::refused(
                        file,
                        "the file changed while it was imported (it is not what was checked); nothing was imported",
                    )
                };
                // A read that fails says why (a stick pulled out, a damaged sector, a file cut
                // short since it was checked).
                let unreadable = |why: String| {
                    BundleError::refused(
                        file,
                        format!(
                            "it could not be read again as it was checked ({why}); nothing was imported"
                        ),
                    )
                };
                let mut frames = FrameReader::new(source.reader(None)?);
                frames.header().map_err(unreadable)?;
                // Each block of items is found to be what the first pass read (the running
                // hash at its end) before any of it is applied.
                let mut block: Vec<BodyItem> = Vec::with_capacity(BLOCK as usize);
                let mut mark = 0;
                loop {
                    match frames.next_frame().map_err(unreadable)? {
                        Next::Item(item) => {
                            block.push(item);
                            if block.len() as u64 == BLOCK {
                                if marks.get(mark) != Some(&frames.body().0) {
                                    return Err(changed().into());
                                }
                                mark += 1;
                                for item in block.drain(..) {
                                    f(&item)?;
                                }
                            }
                        }
                        Next::End(t) => {
                            let m = &self.manifest;
                            if t.manifest != *manifest
                                || frames.body() != (m.body_hash, m.item_count)
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

/// What the first pass needs of the registry.
pub struct Against<'a> {
    pub store: &'a Store,
    pub trusted: &'a [(String, PublicKey)],
    pub clearance: Classification,
    /// The latest event time accepted.
    pub latest: Time,
}

/// Checks a bundle's content from `source`, of either format, applying nothing.
pub fn check<'k>(
    file: &Path,
    source: Source<'k>,
    against: &Against,
    watch: &mut dyn Watch,
) -> Result<Checked<'k>, BundleError> {
    let refuse = |why: String| BundleError::refused(file, why);
    let format = {
        let mut reader = source.reader(None)?;
        let first = reader.fill_buf().map_err(|e| {
            refuse(format!(
                "it cannot be decrypted ({e}: damaged or cut short)"
            ))
        })?;
        peek_format(first)
    };
    match version(format.as_deref()).map_err(refuse)? {
        Version::Whole => {
            let plain = match &source {
                Source::Kept(bytes) => Zeroizing::new(bytes.clone()),
                Source::File { .. } => source.whole(file)?,
            };
            let opened = open(file, &plain, against.trusted)?;
            check_items(file, &opened, against.clearance, against.latest)?;
            Ok(Checked {
                manifest: opened.manifest,
                hash: opened.hash,
                content: Content::Whole {
                    body: opened.body,
                    plain,
                },
            })
        }
        Version::Stream => scan(file, source, against, watch),
    }
}

/// The first pass over a format-2 bundle.
fn scan<'k>(
    file: &Path,
    source: Source<'k>,
    against: &Against,
    watch: &mut dyn Watch,
) -> Result<Checked<'k>, BundleError> {
    let refuse = |why: String| BundleError::refused(file, why);
    let view = against.store.log_reader()?;
    let mut chains = Chains::new(&against.store.meta().station);
    let mut links = Links::default();
    // The first item that fails its checks: said only once the manifest's signature holds
    // (a bundle that is not its sender's is refused as such, whatever it holds).
    let mut problem: Option<BundleError> = None;
    let mut marks = Vec::new();
    let read = {
        let reader = source.reader(Some(&mut *watch));
        let mut frames = FrameReader::new(reader?);
        let mut n = 0u64;
        match frames.header() {
            Err(e) => Err(e),
            Ok(()) => loop {
                let item = match frames.next_frame() {
                    Ok(Next::Item(item)) => item,
                    Ok(Next::End(t)) => break Ok((t, frames.body())),
                    Err(e) => break Err(e),
                };
                n += 1;
                if n.is_multiple_of(BLOCK) {
                    marks.push(frames.body().0);
                }
                if problem.is_some() {
                    continue;
                }
                let checked = check_item(file, n, &item, against.clearance, against.latest)
                    .and_then(|(station, seq, hash, prev)| {
                        links
                            .add(station.clone(), seq, hash, prev, n)
                            .map_err(refuse)?;
                        Ok(chains.add(&view, &station, seq, &hash)?)
                    });
                if let Err(e) = checked {
                    problem = Some(e);
                }
            },
        }
    };
    checkpoint(watch)?;
    let (trailer, (body_hash, count)) = read.map_err(refuse)?;
    let manifest = check_manifest(
        file,
        &trailer.manifest,
        &trailer.signature,
        against.trusted,
        STREAM_FORMAT,
    )?;
    if body_hash != manifest.body_hash {
        return Err(refuse("its body does not match its manifest".into()));
    }
    if count != manifest.item_count || !manifest.items.is_empty() {
        return Err(refuse("its body and manifest list different items".into()));
    }
    check_level(file, &manifest, against.clearance)?;
    if manifest.kind == BundleKind::Ack && count > 0 {
        return Err(refuse("an acknowledgement carries no events".into()));
    }
    if let Some(e) = problem {
        return Err(e);
    }
    if links.ranges != manifest.ranges {
        return Err(refuse("its ranges do not match its items".into()));
    }
    Ok(Checked {
        hash: sha256(&trailer.manifest),
        manifest,
        content: Content::Stream {
            source,
            manifest: trailer.manifest,
            chains,
            marks,
        },
    })
}
