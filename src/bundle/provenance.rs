//! Whose events a bundle may carry: the sender's own, and another station's only with that
//! station's signature over its chain through the last of them (see `heads`). Checked in the
//! import's write transaction against what this registry holds: a relayed event or withheld
//! place without its author's proof, or not matching it, refuses the bundle; a history its
//! author signed that differs from the one held here is a fork, set aside for a person.

use std::collections::HashMap;
use std::path::Path;

use ssh_key::PublicKey;

use super::BundleError;
use super::format::{Manifest, hex};
use super::heads::{check_head, encode, stated};
use crate::store::exchange::{Exchange, LogReader};
use crate::store::heads::acc_step;
use crate::store::{Hash, StoreError};

/// What a bundle proved of one station's chain: kept once it is applied.
pub struct Proven {
    station: String,
    seq: u64,
    acc: Option<Hash>,
    signed: Option<Vec<u8>>,
}

/// Why a bundle cannot be applied as it is.
pub enum Unproven {
    /// Not what it claims: refused.
    Refused(BundleError),
    /// Its author's history differs from the one held here: set aside.
    Fork(String),
}

impl From<BundleError> for Unproven {
    fn from(e: BundleError) -> Self {
        Unproven::Refused(e)
    }
}

impl From<StoreError> for Unproven {
    fn from(e: StoreError) -> Self {
        Unproven::Refused(e.into())
    }
}

/// What a bundle proved, and the stations whose events it carries that this registry does not
/// trust: those are left out (their author's signature cannot be checked here), each station's
/// part whole.
pub struct Proof {
    pub proven: Vec<Proven>,
    pub untrusted: Vec<String>,
}

/// What proving a station's part needs of the registry: a write transaction (format 1, whose
/// items are all in memory) or a read view (format 2, whose items go by once before anything
/// is applied).
pub trait ChainView {
    /// The last sequence held for `station` (0: none).
    fn held_through(&self, station: &str) -> Result<u64, StoreError>;
    /// The hash held at (station, seq).
    fn hash_at(&self, station: &str, seq: u64) -> Result<Option<Hash>, StoreError>;
    /// The accumulator of `station`'s chain through `seq`.
    fn acc_at(&self, station: &str, seq: u64) -> Result<Hash, StoreError>;
}

impl ChainView for Exchange<'_> {
    fn held_through(&self, station: &str) -> Result<u64, StoreError> {
        Ok(self.head(station)?.map_or(0, |(s, _)| s))
    }
    fn hash_at(&self, station: &str, seq: u64) -> Result<Option<Hash>, StoreError> {
        Ok(self.held_at(station, seq)?.map(|(h, _)| h))
    }
    fn acc_at(&self, station: &str, seq: u64) -> Result<Hash, StoreError> {
        self.acc_through(station, seq)
    }
}

impl ChainView for LogReader {
    fn held_through(&self, station: &str) -> Result<u64, StoreError> {
        self.held_through(station)
    }
    fn hash_at(&self, station: &str, seq: u64) -> Result<Option<Hash>, StoreError> {
        self.hash_at(station, seq)
    }
    fn acc_at(&self, station: &str, seq: u64) -> Result<Hash, StoreError> {
        self.acc_through(station, seq)
    }
}

/// One station's part of a bundle as it went by, against what this registry held then: where
/// it starts and ends, where it first differs from the chain held here, and the accumulators
/// the signed head is checked against. A few hundred bytes per station, whatever the size.
pub struct Chain {
    first: u64,
    last: u64,
    last_hash: Hash,
    /// The last sequence held here when the part went by.
    held: u64,
    /// The first item at a place held here with a different hash.
    forked: Option<u64>,
    /// From the fork: the accumulator through the part's items.
    acc_forked: Hash,
    /// Without a fork: the accumulator through the part's items after `held`.
    acc_new: Option<Hash>,
}

/// Every station's part but this station's own.
pub struct Chains {
    own: String,
    parts: Vec<Chain>,
    index: HashMap<String, usize>,
}

impl Chains {
    pub fn new(own: &str) -> Chains {
        Chains {
            own: own.to_string(),
            parts: Vec::new(),
            index: HashMap::new(),
        }
    }

    /// The next item of `station`'s part (the parts are contiguous: checked by `Links`).
    pub fn add(
        &mut self,
        view: &impl ChainView,
        station: &str,
        seq: u64,
        hash: &Hash,
    ) -> Result<(), StoreError> {
        if station == self.own {
            return Ok(());
        }
        let i = match self.index.get(station) {
            Some(&i) => i,
            None => {
                self.index.insert(station.to_string(), self.parts.len());
                self.parts.push(Chain {
                    first: seq,
                    last: seq,
                    last_hash: *hash,
                    held: view.held_through(station)?,
                    forked: None,
                    acc_forked: [0; 32],
                    acc_new: None,
                });
                self.parts.len() - 1
            }
        };
        let c = &mut self.parts[i];
        c.last = seq;
        c.last_hash = *hash;
        if c.first > c.held + 1 {
            // A gap: applying names it.
            return Ok(());
        }
        match c.forked {
            Some(_) => c.acc_forked = acc_step(&c.acc_forked, hash),
            None if seq <= c.held => {
                if view.hash_at(station, seq)? != Some(*hash) {
                    c.forked = Some(seq);
                    let before = view.acc_at(station, seq.saturating_sub(1))?;
                    c.acc_forked = acc_step(&before, hash);
                }
            }
            None => {
                let acc = match c.acc_new {
                    Some(acc) => acc,
                    None => view.acc_at(station, c.held)?,
                };
                c.acc_new = Some(acc_step(&acc, hash));
            }
        }
        Ok(())
    }

    fn part(&self, station: &str) -> Option<&Chain> {
        self.index.get(station).map(|&i| &self.parts[i])
    }
}

/// Checks every station's part of the bundle against its author's signed head. `chains` were
/// taken as the items went by; the registry must hold what it held then.
pub fn prove(
    x: &Exchange,
    file: &Path,
    m: &Manifest,
    trusted: &[(String, PublicKey)],
    chains: &Chains,
) -> Result<Proof, Unproven> {
    let refuse = |why: String| Unproven::Refused(BundleError::refused(file, why));
    let own = x.own_station().to_string();
    let mut stated_heads = Vec::new();
    for signed in &m.heads {
        stated_heads.push((stated(signed).map_err(refuse)?, signed));
    }
    let mut proven = Vec::new();
    let mut untrusted = Vec::new();
    for r in &m.ranges {
        let station = r.station.as_str();
        if station == own {
            // This station's own chain: every item must be what it holds (checked on receipt).
            continue;
        }
        let Some(key) = trusted.iter().find(|(s, _)| s == station).map(|(_, k)| k) else {
            untrusted.push(station.to_string());
            continue;
        };
        let Some((_, signed)) = stated_heads.iter().find(|(h, _)| h.station == station) else {
            if station == m.sender {
                // A bundle made before chain heads were signed: its manifest signature is its
                // sender's word for its own events, but it gives nothing to relay them with.
                proven.push(Proven {
                    station: station.to_string(),
                    seq: r.last,
                    acc: None,
                    signed: None,
                });
                continue;
            }
            return Err(refuse(format!(
                "it carries events of {station} (#{}–#{}) without {station}'s signature over them: {} may vouch only for its own events",
                r.first, r.last, m.sender
            )));
        };
        let head = check_head(signed, key).map_err(refuse)?;
        let Some(part) = chains.part(station) else {
            return Err(refuse(format!(
                "its ranges name {station}, but no item does"
            )));
        };
        if (part.last, part.last_hash) != (head.seq, head.hash) {
            return Err(refuse(format!(
                "its events of {station} end at #{}, not at the head {station} signed (#{} {})",
                r.last,
                head.seq,
                &hex(&head.hash)[..12]
            )));
        }
        let held = x.head(station)?.map_or(0, |(s, _)| s);
        if held != part.held {
            return Err(refuse(format!(
                "this registry took in more of {station}'s events while the bundle was checked: import it again"
            )));
        }
        if r.first > held + 1 {
            // Applying will name the gap.
            continue;
        }
        let (base, acc) = match part.forked {
            Some(_) => (r.first - 1, Some(part.acc_forked)),
            None => (held.min(r.last), part.acc_new),
        };
        if base < r.last && acc != Some(head.acc) {
            return Err(refuse(format!(
                "its events of {station} (#{}–#{}) are not the chain {station} signed: altered or made up on the way",
                r.first, r.last
            )));
        }
        if let Some(seq) = part.forked {
            return Err(Unproven::Fork(format!(
                "{station} signed a history whose event #{seq} differs from the one this registry holds (a fork: was {station} restored from an old copy, or was a forged history accepted here before?)"
            )));
        }
        proven.push(Proven {
            station: station.to_string(),
            seq: r.last,
            acc: acc.filter(|_| base < r.last),
            signed: Some(encode(signed)),
        });
    }
    Ok(Proof { proven, untrusted })
}

/// Keeps what the bundle proved, once its items are applied: the accumulators, and the signed
/// heads to relay the events with.
pub fn keep(x: &mut Exchange, proof: &Proof) -> Result<(), StoreError> {
    for p in &proof.proven {
        if let Some(acc) = &p.acc {
            x.put_acc(&p.station, p.seq, acc)?;
        }
        if let Some(bytes) = &p.signed {
            x.put_signed_head(&p.station, p.seq, bytes)?;
        }
    }
    Ok(())
}
