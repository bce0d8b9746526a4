//! Stations and what crosses the air gap between them (DOMAIN.md "Sneakernet"): the peers this
//! registry trusts (station-local: keys, clearance, what was sent), what each station holds
//! (its knowledge, which travels with its events), and the bundles that were exchanged.
//!
//! Keys are plain text here (an age recipient, an OpenSSH public key line): the domain knows no
//! cryptography, only who is trusted with what.

use super::apply::{ApplyError, EventContext};
use super::change::Change;
use super::ids::{RecordId, Time};
use super::marking::Classification;
use super::record::Record;
use super::refusal::{Guard, Refusal};
use super::view::RegistryView;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The record of a station as this registry knows it: `STN-<station>`.
pub fn station_record_id(station: &str) -> RecordId {
    RecordId(format!("STN-{station}"))
}

/// What a station holds: `KNW-<station>`.
pub fn knowledge_id(station: &str) -> RecordId {
    RecordId(format!("KNW-{station}"))
}

/// A station id names files and record ids: 1–40 letters, digits and dashes.
pub fn valid_station_id(station: &str) -> bool {
    !station.is_empty()
        && station.len() <= 40
        && station
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// What a bundle carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BundleKind {
    /// The changes the peer has not yet received.
    Changes,
    /// Everything this station holds that the peer may receive (bootstrapping a machine).
    Snapshot,
    /// What the sender holds, so the peer knows what has arrived.
    Ack,
}

impl BundleKind {
    pub fn key(self) -> &'static str {
        match self {
            BundleKind::Changes => "changes",
            BundleKind::Snapshot => "snapshot",
            BundleKind::Ack => "ack",
        }
    }
}

/// A station's events up to and including `seq`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Holding {
    pub station: String,
    pub seq: u64,
}

/// A bundle this station wrote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentBundle {
    pub kind: BundleKind,
    pub number: u64,
    /// SHA-256 of the bundle's signed content, hex.
    pub hash: String,
    pub by: String,
    pub at: Time,
    pub events: u64,
    pub withheld: u64,
    pub highest: Classification,
}

/// A bundle this station applied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceivedBundle {
    pub kind: BundleKind,
    pub number: u64,
    pub hash: String,
    pub by: String,
    pub at: Time,
    /// The stations whose events it carried.
    pub stations: BTreeSet<String>,
}

/// A quarantined bundle from a peer that a person dismissed (never applied).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DismissedBundle {
    pub number: u64,
    pub hash: String,
    pub reason: String,
    pub by: String,
    pub at: Time,
}

/// Who wrote the station's age identity out of the registry, and whether it was protected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityExport {
    pub by: String,
    pub at: Time,
    pub protected: bool,
}

/// A station this registry knows the keys of: itself (`own`) or a trusted peer. Never sent to
/// another station: trust is each station's own decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeerStation {
    pub id: RecordId,
    pub station: String,
    pub own: bool,
    /// age X25519 recipient (`age1…`).
    pub age_recipient: String,
    /// OpenSSH Ed25519 public key line (`ssh-ed25519 AAAA…`).
    pub signing_key: String,
    /// The highest marking the station may receive.
    pub clearance: Classification,
    pub trusted_by: String,
    pub trusted_at: Time,
    #[serde(default)]
    pub identity_exports: Vec<IdentityExport>,
    /// The last bundle of changes (or snapshot) written for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent: Option<SentBundle>,
    /// The last acknowledgement written for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ack_sent: Option<SentBundle>,
    /// Per station, the last event sent to it (as content or withheld).
    #[serde(default)]
    pub sent_through: BTreeMap<String, u64>,
    /// Per station, the last event it acknowledged holding.
    #[serde(default)]
    pub acknowledged: BTreeMap<String, u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_ack_received: Option<ReceivedBundle>,
    /// Quarantined bundles from it that a person dismissed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dismissed: Vec<DismissedBundle>,
}

/// One import at a station: after its event `seq`, it held these events.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnowledgeStep {
    pub seq: u64,
    pub holdings: Vec<Holding>,
}

/// What a station holds of every station's events, built from its own `BundleImported` events.
/// It travels with the station's events, so a registry can tell whether two stations changed a
/// record without seeing each other's change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StationKnowledge {
    pub id: RecordId,
    pub station: String,
    pub holdings: BTreeMap<String, u64>,
    #[serde(default)]
    pub steps: Vec<KnowledgeStep>,
    /// Per sender, the last bundle applied from it.
    #[serde(default)]
    pub received: BTreeMap<String, ReceivedBundle>,
}

impl StationKnowledge {
    /// Whether this station held event `seq` of `station` when it recorded its own event
    /// `as_of` (its imports before that event are what it had seen).
    pub fn knew(&self, station: &str, seq: u64, as_of: u64) -> bool {
        self.steps.iter().filter(|s| s.seq < as_of).any(|s| {
            s.holdings
                .iter()
                .any(|h| h.station == station && h.seq >= seq)
        })
    }
}

fn merge_max(into: &mut BTreeMap<String, u64>, holdings: &[Holding]) {
    for h in holdings {
        let e = into.entry(h.station.clone()).or_insert(0);
        *e = (*e).max(h.seq);
    }
}

/// Applies the changes of this module. Station records are created by the change that first
/// names them (keys made or trusted); knowledge records by the first import.
pub fn apply(
    view: &dyn RegistryView,
    id: &RecordId,
    change: &Change,
    cx: &EventContext,
) -> Result<Vec<Record>, ApplyError> {
    let peer = |own: bool| -> Result<PeerStation, ApplyError> {
        match view.record(id) {
            Some(Record::Station(s)) if s.own == own => Ok(s),
            Some(Record::Station(_)) => Err(ApplyError::Invalid {
                id: id.clone(),
                why: if own {
                    "this is a peer, not this station".into()
                } else {
                    "this is this station, not a peer".into()
                },
            }),
            Some(other) => Err(ApplyError::WrongKind {
                id: id.clone(),
                found: other.kind().key(),
                expected: "station",
            }),
            None => Err(ApplyError::Missing(id.clone())),
        }
    };
    let fresh = |station: &str, own, age: &str, key: &str, clearance| PeerStation {
        id: id.clone(),
        station: station.to_string(),
        own,
        age_recipient: age.to_string(),
        signing_key: key.to_string(),
        clearance,
        trusted_by: cx.actor.to_string(),
        trusted_at: cx.at,
        identity_exports: Vec::new(),
        sent: None,
        ack_sent: None,
        sent_through: BTreeMap::new(),
        acknowledged: BTreeMap::new(),
        last_ack_received: None,
        dismissed: Vec::new(),
    };
    let out = match change {
        Change::StationKeysCreated {
            station,
            age_recipient,
            signing_key,
        } => {
            let s = match view.record(id) {
                Some(Record::Station(mut s)) => {
                    s.age_recipient = age_recipient.clone();
                    s.signing_key = signing_key.clone();
                    s.trusted_by = cx.actor.to_string();
                    s.trusted_at = cx.at;
                    s
                }
                _ => fresh(
                    station,
                    true,
                    age_recipient,
                    signing_key,
                    Classification::StrictlyConfidential,
                ),
            };
            Record::Station(s)
        }
        Change::StationTrusted {
            station,
            age_recipient,
            signing_key,
            clearance,
        } => {
            let s = match view.record(id) {
                Some(Record::Station(mut s)) if !s.own => {
                    s.age_recipient = age_recipient.clone();
                    s.signing_key = signing_key.clone();
                    s.clearance = *clearance;
                    s.trusted_by = cx.actor.to_string();
                    s.trusted_at = cx.at;
                    s
                }
                _ => fresh(station, false, age_recipient, signing_key, *clearance),
            };
            Record::Station(s)
        }
        Change::IdentityExported { protected } => {
            let mut s = peer(true)?;
            s.identity_exports.push(IdentityExport {
                by: cx.actor.to_string(),
                at: cx.at,
                protected: *protected,
            });
            Record::Station(s)
        }
        Change::BundleExported {
            kind,
            number,
            hash,
            through,
            events,
            withheld,
            highest,
        } => {
            let mut s = peer(false)?;
            let sent = SentBundle {
                kind: *kind,
                number: *number,
                hash: hash.clone(),
                by: cx.actor.to_string(),
                at: cx.at,
                events: *events,
                withheld: *withheld,
                highest: *highest,
            };
            if *kind == BundleKind::Ack {
                s.ack_sent = Some(sent);
            } else {
                s.sent = Some(sent);
                merge_max(&mut s.sent_through, through);
            }
            Record::Station(s)
        }
        Change::QuarantineDismissed {
            number,
            hash,
            reason,
        } => {
            let mut s = peer(false)?;
            s.dismissed.push(DismissedBundle {
                number: *number,
                hash: hash.clone(),
                reason: reason.clone(),
                by: cx.actor.to_string(),
                at: cx.at,
            });
            Record::Station(s)
        }
        Change::AcknowledgementReceived {
            number,
            hash,
            holdings,
        } => {
            let mut s = peer(false)?;
            merge_max(&mut s.acknowledged, holdings);
            s.last_ack_received = Some(ReceivedBundle {
                kind: BundleKind::Ack,
                number: *number,
                hash: hash.clone(),
                by: cx.actor.to_string(),
                at: cx.at,
                stations: holdings.iter().map(|h| h.station.clone()).collect(),
            });
            Record::Station(s)
        }
        Change::BundleImported {
            from,
            kind,
            number,
            hash,
            holdings,
            seq,
        } => {
            let mut k = match view.record(id) {
                Some(Record::Knowledge(k)) => k,
                Some(other) => {
                    return Err(ApplyError::WrongKind {
                        id: id.clone(),
                        found: other.kind().key(),
                        expected: "knowledge",
                    });
                }
                None => StationKnowledge {
                    id: id.clone(),
                    station: id.as_str().trim_start_matches("KNW-").to_string(),
                    holdings: BTreeMap::new(),
                    steps: Vec::new(),
                    received: BTreeMap::new(),
                },
            };
            merge_max(&mut k.holdings, holdings);
            k.steps.push(KnowledgeStep {
                seq: *seq,
                holdings: holdings.clone(),
            });
            k.received.insert(
                from.clone(),
                ReceivedBundle {
                    kind: *kind,
                    number: *number,
                    hash: hash.clone(),
                    by: cx.actor.to_string(),
                    at: cx.at,
                    stations: holdings.iter().map(|h| h.station.clone()).collect(),
                },
            );
            Record::Knowledge(k)
        }
        _ => {
            return Err(ApplyError::Invalid {
                id: id.clone(),
                why: "not a change to a station".into(),
            });
        }
    };
    Ok(vec![out])
}

/// The guards of this module's changes; `None` for any other change.
pub fn check(id: &RecordId, change: &Change, view: &dyn RegistryView) -> Option<Guard> {
    let refuse = |why: String| Some(Err(Refusal::new("stations", why)));
    let keys = |station: &str, age: &str, key: &str| -> Guard {
        if !valid_station_id(station) {
            return Err(Refusal::new(
                "stations",
                format!("{station:?} is not a station id (1–40 letters, digits and dashes)"),
            ));
        }
        if *id != station_record_id(station) {
            return Err(Refusal::new(
                "stations",
                format!("{id} is not the record of station {station}"),
            ));
        }
        if !age.starts_with("age1") || age.chars().any(char::is_whitespace) {
            return Err(Refusal::new(
                "stations",
                format!("{age:?} is not an age X25519 recipient (age1…)"),
            ));
        }
        if !key.starts_with("ssh-ed25519 ") || key.contains('\n') {
            return Err(Refusal::new(
                "stations",
                "the signing key must be one OpenSSH Ed25519 public key line (ssh-ed25519 …)",
            ));
        }
        Ok(())
    };
    let station = |own: bool| -> Guard {
        match view.record(id) {
            Some(Record::Station(s)) if s.own == own => Ok(()),
            Some(Record::Station(s)) if s.own => Err(Refusal::new(
                "stations",
                format!("{} is this station, not a peer", s.station),
            )),
            Some(Record::Station(s)) => Err(Refusal::new(
                "stations",
                format!("{} is a peer, not this station", s.station),
            )),
            _ => Err(Refusal::new(
                "stations",
                format!(
                    "no trusted station {}",
                    id.as_str().trim_start_matches("STN-")
                ),
            )),
        }
    };
    match change {
        Change::StationKeysCreated {
            station,
            age_recipient,
            signing_key,
        } => {
            if let Some(Record::Station(s)) = view.record(id)
                && !s.own
            {
                return refuse(format!("{station} is a trusted peer, not this station"));
            }
            Some(keys(station, age_recipient, signing_key))
        }
        Change::StationTrusted {
            station,
            age_recipient,
            signing_key,
            ..
        } => {
            if let Some(Record::Station(s)) = view.record(id)
                && s.own
            {
                return refuse(format!(
                    "{station} is this station: its keys are made by `registrar init`"
                ));
            }
            Some(keys(station, age_recipient, signing_key))
        }
        Change::IdentityExported { .. } => Some(station(true)),
        Change::BundleExported { number, .. } => Some(station(false).and_then(|()| {
            if *number == 0 {
                Err(Refusal::new("stations", "bundles are numbered from 1"))
            } else {
                Ok(())
            }
        })),
        Change::AcknowledgementReceived { .. } => Some(station(false)),
        Change::QuarantineDismissed { hash, .. } => Some(station(false).and_then(|()| {
            if hash.len() == 64 && hash.chars().all(|c| c.is_ascii_hexdigit()) {
                Ok(())
            } else {
                Err(Refusal::new(
                    "stations",
                    "a dismissed bundle is named by its SHA-256 (64 hex digits)",
                ))
            }
        })),
        Change::BundleImported { from, .. } => {
            if !id.as_str().starts_with("KNW-") {
                return refuse(format!("{id} is not a station's knowledge"));
            }
            if !valid_station_id(from) {
                return refuse(format!("{from:?} is not a station id"));
            }
            Some(Ok(()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knowledge_counts_only_imports_before_the_event() {
        let k = StationKnowledge {
            id: knowledge_id("B"),
            station: "B".into(),
            holdings: BTreeMap::new(),
            steps: vec![
                KnowledgeStep {
                    seq: 5,
                    holdings: vec![Holding {
                        station: "A".into(),
                        seq: 3,
                    }],
                },
                KnowledgeStep {
                    seq: 9,
                    holdings: vec![Holding {
                        station: "A".into(),
                        seq: 7,
                    }],
                },
            ],
            received: BTreeMap::new(),
        };
        assert!(!k.knew("A", 1, 5), "the import at seq 5 came after event 5");
        assert!(k.knew("A", 3, 6));
        assert!(!k.knew("A", 4, 9));
        assert!(k.knew("A", 7, 10));
        assert!(!k.knew("C", 1, 10));
    }

    #[test]
    fn stations_only_well_formed_keys_and_never_this_station_as_a_peer() {
        use crate::domain::memory::MemoryRegistry;
        let mut reg = MemoryRegistry::new("HQ");
        let own = station_record_id("HQ");
        let keys = Change::StationKeysCreated {
            station: "HQ".into(),
            age_recipient: "age1abc".into(),
            signing_key: "ssh-ed25519 AAAA".into(),
        };
        assert_eq!(check(&own, &keys, &reg.view), Some(Ok(())));
        let at = Time::from_timestamp(1_700_000_000, 0).unwrap();
        reg.replay(&own, &keys, "admin", at).unwrap();
        let trust_self = Change::StationTrusted {
            station: "HQ".into(),
            age_recipient: "age1abc".into(),
            signing_key: "ssh-ed25519 AAAA".into(),
            clearance: Classification::Confidential,
        };
        assert!(check(&own, &trust_self, &reg.view).unwrap().is_err());
        let peer = station_record_id("JMAC-1");
        let bad_key = Change::StationTrusted {
            station: "JMAC-1".into(),
            age_recipient: "age1abc".into(),
            signing_key: "ssh-rsa AAAA".into(),
            clearance: Classification::Confidential,
        };
        assert!(check(&peer, &bad_key, &reg.view).unwrap().is_err());
        let wrong_record = Change::StationTrusted {
            station: "JMAC-2".into(),
            age_recipient: "age1abc".into(),
            signing_key: "ssh-ed25519 AAAA".into(),
            clearance: Classification::Confidential,
        };
        assert!(check(&peer, &wrong_record, &reg.view).unwrap().is_err());
        // Exports go only to a trusted peer.
        let export = Change::BundleExported {
            kind: BundleKind::Changes,
            number: 1,
            hash: String::new(),
            through: Vec::new(),
            events: 0,
            withheld: 0,
            highest: Classification::Unclassified,
        };
        assert!(check(&peer, &export, &reg.view).unwrap().is_err());
        assert!(check(&own, &export, &reg.view).unwrap().is_err());
    }

    #[test]
    fn station_ids() {
        assert!(valid_station_id("MINUSCA-JMAC-1"));
        assert!(!valid_station_id("a b"));
        assert!(!valid_station_id(""));
        assert!(!valid_station_id("x/../y"));
    }
}
