//! What a registry knows of the other stations, for the command line and the console: per
//! station, the last bundle received and when, the last sent, what waits held, and how many of
//! this registry's changes the station has not yet acknowledged.

use serde::Serialize;

use super::BundleError;
use super::trust::stations;
use crate::domain::marking::Classification;
use crate::domain::record::Record;
use crate::domain::station::{ReceivedBundle, SentBundle, knowledge_id, station_record_id};
use crate::store::Store;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StationStatus {
    pub station: String,
    /// Whether this registry trusts it (a station can also be known only from relayed events).
    pub trusted: bool,
    pub clearance: Option<Classification>,
    pub last_received: Option<ReceivedBundle>,
    pub last_sent: Option<SentBundle>,
    /// Bundles from it held until the ones before them arrive.
    pub held: Vec<u64>,
    /// Bundles from it quarantined (a forked history; never applied): `registrar quarantine`.
    pub quarantined: Vec<u64>,
    /// Changes this registry holds that the station has not acknowledged holding.
    pub not_acknowledged: u64,
}

/// Every trusted peer, and every station a bundle came from, by id.
pub fn station_status(store: &Store) -> Result<Vec<StationStatus>, BundleError> {
    let own = store.meta().station.clone();
    let received = match store.record(&knowledge_id(&own))? {
        Some(Record::Knowledge(k)) => k.received,
        _ => Default::default(),
    };
    let quarantined = store.quarantined()?;
    let set_aside = |station: &str| -> Vec<u64> {
        quarantined
            .iter()
            .filter(|q| q.sender == station)
            .map(|q| q.number)
            .collect()
    };
    let mut out = Vec::new();
    for s in stations(store)?.into_iter().filter(|s| !s.own) {
        out.push(StationStatus {
            station: s.station.clone(),
            trusted: true,
            clearance: Some(s.clearance),
            last_received: received.get(&s.station).cloned(),
            last_sent: s.sent.clone(),
            held: store
                .held_bundles(&s.station)?
                .into_iter()
                .map(|(n, _)| n)
                .collect(),
            quarantined: set_aside(&s.station),
            not_acknowledged: not_acknowledged(store, &s.station)?,
        });
    }
    for (station, r) in received {
        if !out.iter().any(|s| s.station == station) {
            out.push(StationStatus {
                quarantined: set_aside(&station),
                station,
                trusted: false,
                clearance: None,
                last_received: Some(r),
                last_sent: None,
                held: Vec::new(),
                not_acknowledged: 0,
            });
        }
    }
    out.sort_by(|a, b| a.station.cmp(&b.station));
    Ok(out)
}

/// How many events (of any station but `peer`) this registry holds beyond what `peer` has said
/// it holds — in an acknowledgement, or in the knowledge its own bundles carry. The console
/// shows it as "not yet acknowledged by HQ: N changes".
pub fn not_acknowledged(store: &Store, peer: &str) -> Result<u64, BundleError> {
    let mut acknowledged = match store.record(&station_record_id(peer))? {
        Some(Record::Station(s)) => s.acknowledged,
        _ => Default::default(),
    };
    if let Some(Record::Knowledge(k)) = store.record(&knowledge_id(peer))? {
        for (s, seq) in k.holdings {
            let e = acknowledged.entry(s).or_insert(0);
            *e = (*e).max(seq);
        }
    }
    let reader = store.log_reader()?;
    Ok(reader
        .heads()?
        .into_iter()
        .filter(|(s, _, _)| s != peer)
        .map(|(s, head, _)| head.saturating_sub(acknowledged.get(&s).copied().unwrap_or(0)))
        .sum())
}
