//! Whose events a bundle may carry: the sender's own, and another station's only with that
//! station's signature over its chain through the last of them (see `heads`). Checked in the
//! import's write transaction against what this registry holds: a relayed event or withheld
//! place without its author's proof, or not matching it, refuses the bundle; a history its
//! author signed that differs from the one held here is a fork, set aside for a person.

use std::path::Path;

use ssh_key::PublicKey;

use super::BundleError;
use super::format::{Manifest, hex};
use super::heads::{check_head, encode, stated};
use crate::store::exchange::Exchange;
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

/// Checks every station's part of the bundle against its author's signed head.
pub fn prove(
    x: &Exchange,
    file: &Path,
    m: &Manifest,
    trusted: &[(String, PublicKey)],
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
        let hashes: Vec<(u64, Hash)> = m
            .items
            .iter()
            .filter(|i| i.station == station)
            .map(|i| (i.seq, i.hash))
            .collect();
        if hashes.last().map(|(s, h)| (*s, *h)) != Some((head.seq, head.hash)) {
            return Err(refuse(format!(
                "its events of {station} end at #{}, not at the head {station} signed (#{} {})",
                r.last,
                head.seq,
                &hex(&head.hash)[..12]
            )));
        }
        let held = x.head(station)?.map_or(0, |(s, _)| s);
        if r.first > held + 1 {
            // Applying will name the gap.
            continue;
        }
        let mut forked = None;
        for (seq, hash) in hashes.iter().filter(|(s, _)| *s <= held) {
            if x.held_at(station, *seq)?.map(|(h, _)| h) != Some(*hash) {
                forked = Some(*seq);
                break;
            }
        }
        let base = match forked {
            Some(_) => r.first - 1,
            None => held.min(r.last),
        };
        let mut acc = x.acc_through(station, base)?;
        for (_, hash) in hashes.iter().filter(|(s, _)| *s > base) {
            acc = acc_step(&acc, hash);
        }
        if base < r.last && acc != head.acc {
            return Err(refuse(format!(
                "its events of {station} (#{}–#{}) are not the chain {station} signed: altered or made up on the way",
                r.first, r.last
            )));
        }
        if let Some(seq) = forked {
            return Err(Unproven::Fork(format!(
                "{station} signed a history whose event #{seq} differs from the one this registry holds (a fork: was {station} restored from an old copy, or was a forged history accepted here before?)"
            )));
        }
        proven.push(Proven {
            station: station.to_string(),
            seq: r.last,
            acc: (base < r.last).then_some(acc),
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
