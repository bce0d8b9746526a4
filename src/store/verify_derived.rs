//! `verify`'s second half: the records and every index are exactly what replaying the log
//! gives. The replay is held in bounded memory (`SpillRegistry`), then the records table and
//! the replayed records are walked side by side in key order, and each replayed record's index
//! entries are looked up where they must be; counting what each index holds then shows that it
//! holds nothing else. Memory stays flat however long the log is.

use super::codec::decode_record;
use super::derive::{browse_key, decode_placements, index_table};
use super::error::StoreError;
use super::foreign::{Decoded, replay_spilled};
use super::log::decode_at;
use super::read::LogRead;
use super::registry::Store;
use super::schema::{IDX_BROWSE, IDX_ENTITY, RECORD_EVENTS, RECORD_KEYS, RECORDS};
use super::spill::{ReplayMemory, SpillRegistry};
use super::verify::VerifyReport;
use crate::domain::queue::{Queue, placements};
use crate::domain::record::Record;
use redb::{ReadOnlyTable, ReadTransaction, ReadableTable, ReadableTableMetadata};

/// Events read from the log at a time.
const PAGE: usize = 1024;

impl Store {
    /// The first difference between the derived tables and a replay of the log, if any.
    pub fn derived_state_difference(&self) -> Result<Option<String>, StoreError> {
        self.derived_state_difference_with(&mut |_, _| {})
    }

    /// The same, the replay holding no more than `memory` says (a smaller bound than the
    /// standard one spills a small registry to its temporary file as a large one would).
    pub fn derived_state_difference_within(
        &self,
        memory: ReplayMemory,
    ) -> Result<Option<String>, StoreError> {
        let txn = self.db().begin_read()?;
        self.difference_in(&txn, memory, &mut |_, _| {})
    }

    /// The same, reporting `progress(events replayed, events in the log)`.
    pub fn derived_state_difference_with(
        &self,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<Option<String>, StoreError> {
        let txn = self.db().begin_read()?;
        self.difference_in(&txn, ReplayMemory::STANDARD, progress)
    }

    /// All of `verify` on one snapshot of the registry: the hash chain of every station, and
    /// the records and indexes against a replay of the log. The two walks run side by side
    /// (each reads the log once). When the chain is broken, the replay's result is only
    /// informative: `derived` then says why the log could not be replayed, if it could not.
    pub fn verify_everything(&self) -> Result<Verified, StoreError> {
        let txn = self.db().begin_read()?;
        let (chain, derived) = std::thread::scope(|s| {
            let chain = s.spawn(|| super::verify::verify(&txn));
            let derived = self.difference_in(&txn, ReplayMemory::STANDARD, &mut |_, _| {});
            (chain.join(), derived)
        });
        let chain = chain.map_err(|_| StoreError::Corrupt("the chain walk failed".into()))??;
        let derived = match derived {
            Ok(d) => d,
            Err(e) if !chain.is_ok() => Some(format!("the log cannot be replayed ({e})")),
            Err(e) => return Err(e),
        };
        Ok(Verified { chain, derived })
    }

    fn difference_in(
        &self,
        txn: &ReadTransaction,
        memory: ReplayMemory,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<Option<String>, StoreError> {
        let (replayed, events_index) =
            self.replay_spilled(txn, memory, progress, &mut |_, _| Ok(()))?;
        let replayed = replayed.finish()?;
        if let Some(d) = compare_records(txn, &replayed.records)? {
            return Ok(Some(d));
        }
        if events_index.is_some() {
            return Ok(events_index);
        }
        // The records now match the log: the search index must match the records.
        self.search_index_difference()
    }

    /// Replays the log into bounded memory, checking on the way that each event is indexed
    /// under its record (and, by the count, that nothing else is). `each_event` is told each
    /// event's record and log position as it is replayed.
    pub(super) fn replay_spilled(
        &self,
        txn: &ReadTransaction,
        memory: ReplayMemory,
        progress: &mut dyn FnMut(u64, u64),
        each_event: &mut dyn FnMut(&str, u64) -> Result<(), StoreError>,
    ) -> Result<(SpillRegistry, Option<String>), StoreError> {
        let own = self.meta().station.clone();
        let foreign = txn.station_heads()?.iter().any(|(s, _, _)| *s != own);
        let events_index = txn.open_table(RECORD_EVENTS)?;
        let total = txn.last_position()?;
        let mut registry = SpillRegistry::new(total, memory)?;
        let mut events = 0u64;
        let mut unindexed = None;
        // Reading and decoding the events (a third of the work) runs on a thread of its own,
        // a few pages ahead of the replay.
        std::thread::scope(|s| -> Result<(), StoreError> {
            let (send, pages) = std::sync::mpsc::sync_channel(2);
            s.spawn(move || decode_pages(txn, &send));
            for page in pages {
                for (position, event) in page? {
                    replay_spilled(&mut registry, txn, foreign, &own, position, &event)?;
                    let record = event.envelope.record_id.as_str();
                    each_event(record, position)?;
                    if unindexed.is_none() && events_index.get((record, position))?.is_none() {
                        unindexed = Some(position);
                    }
                    events += 1;
                }
                progress(events, total);
            }
            Ok(())
        })?;
        let differs = unindexed.is_some() || events_index.len()? != events;
        let events_index =
            differs.then(|| "the index of each record's events differs from the log".to_string());
        Ok((registry, events_index))
    }
}

type Page = Result<Vec<(u64, Decoded)>, StoreError>;

/// Reads the log page by page and sends each page decoded, in order; stops at the first
/// error (sent) or when the receiver is gone.
fn decode_pages(txn: &ReadTransaction, send: &std::sync::mpsc::SyncSender<Page>) {
    let mut from = 1;
    loop {
        let page = txn.events_range(from, PAGE).and_then(|page| {
            page.into_iter()
                .map(|(position, bytes)| {
                    Ok((
                        position,
                        Decoded::new(position, decode_at(position, &bytes)?)?,
                    ))
                })
                .collect::<Result<Vec<_>, StoreError>>()
        });
        let done = match &page {
            Ok(p) => match p.last() {
                Some((last, _)) => {
                    from = last + 1;
                    false
                }
                None => true,
            },
            Err(_) => true,
        };
        if done && page.as_ref().is_ok_and(|p| p.is_empty()) {
            return;
        }
        if send.send(page).is_err() || done {
            return;
        }
    }
}

/// What `verify` found.
#[derive(Debug)]
pub struct Verified {
    pub chain: VerifyReport,
    /// The first difference between the derived tables and the log's replay.
    pub derived: Option<String>,
}

/// How many entries each index must hold, and the first entry found missing.
#[derive(Default)]
struct Expected {
    queues: [u64; 3],
    queue_lacks: [Option<String>; 3],
    browse: u64,
    browse_lacks: bool,
    keys: u64,
    keys_wrong: Option<String>,
}

fn queue_slot(q: Queue) -> usize {
    match q {
        Queue::Urgent => 0,
        Queue::Pending => 1,
        Queue::Overdue => 2,
    }
}

/// Walks the stored records and the replayed ones side by side, in id order.
fn compare_records(
    txn: &ReadTransaction,
    replayed: &ReadOnlyTable<&'static str, &'static [u8]>,
) -> Result<Option<String>, StoreError> {
    let table = txn.open_table(RECORDS)?;
    let indexes = Indexes::open(txn)?;
    let mut expected = Expected::default();
    let mut stored = table.iter()?;
    let mut want = replayed.iter()?;
    let mut s = stored.next().transpose()?;
    let mut w = want.next().transpose()?;
    let mut seen = 0u64;
    loop {
        let order = match (&s, &w) {
            (None, None) => break,
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some((sk, _)), Some((wk, _))) => sk.value().cmp(wk.value()),
        };
        match order {
            std::cmp::Ordering::Less => {
                let (sk, sv) = s.take().expect("a stored record");
                let id = sk.value();
                if let Err(e) = decode_record(id, sv.value()) {
                    return Ok(Some(e.to_string()));
                }
                return Ok(Some(format!("record {id} is not produced by the log")));
            }
            std::cmp::Ordering::Greater => {
                let (wk, _) = w.take().expect("a replayed record");
                return Ok(Some(format!(
                    "record {} is missing: {} records are stored, the log produces {}",
                    wk.value(),
                    table.len()?,
                    replayed.len()?
                )));
            }
            std::cmp::Ordering::Equal => {
                let (sk, sv) = s.take().expect("a stored record");
                let (_, wv) = w.take().expect("a replayed record");
                let id = sk.value();
                let stored_record = decode_record(id, sv.value());
                let record = match stored_record {
                    Err(e) => return Ok(Some(e.to_string())),
                    Ok(r) if sv.value() == wv.value() => r,
                    Ok(r) => {
                        if decode_record(id, wv.value())? != r {
                            return Ok(Some(format!("record {id} differs from the log's replay")));
                        }
                        r
                    }
                };
                indexes.expect(id, &record, &mut expected)?;
                seen += 1;
            }
        }
        s = stored.next().transpose()?;
        w = want.next().transpose()?;
    }
    debug_assert_eq!(seen, replayed.len()?);
    indexes.compare(&expected, replayed)
}

/// The store's index tables, read while the records are walked.
struct Indexes {
    queues: [ReadOnlyTable<(i64, &'static str), ()>; 3],
    browse: ReadOnlyTable<(i64, &'static str), ()>,
    by_entity: ReadOnlyTable<(&'static str, i64, &'static str), ()>,
    keys: ReadOnlyTable<&'static str, &'static [u8]>,
}

impl Indexes {
    fn open(txn: &ReadTransaction) -> Result<Self, StoreError> {
        Ok(Indexes {
            queues: [
                txn.open_table(index_table(Queue::Urgent))?,
                txn.open_table(index_table(Queue::Pending))?,
                txn.open_table(index_table(Queue::Overdue))?,
            ],
            browse: txn.open_table(IDX_BROWSE)?,
            by_entity: txn.open_table(IDX_ENTITY)?,
            keys: txn.open_table(RECORD_KEYS)?,
        })
    }

    /// Looks up the entries `record` must have, and counts them.
    fn expect(&self, id: &str, record: &Record, e: &mut Expected) -> Result<(), StoreError> {
        let places = placements(record);
        for p in &places {
            let slot = queue_slot(p.queue);
            e.queues[slot] += 1;
            if e.queue_lacks[slot].is_none() && self.queues[slot].get((p.key, id))?.is_none() {
                e.queue_lacks[slot] = Some(id.to_string());
            }
        }
        if !places.is_empty() {
            e.keys += 1;
        }
        if e.keys_wrong.is_none() {
            let stored = match self.keys.get(id)? {
                Some(bytes) => decode_placements(bytes.value())?,
                None => Vec::new(),
            };
            if stored != places {
                e.keys_wrong = Some(id.to_string());
            }
        }
        if let Some((at, entity)) = browse_key(record) {
            e.browse += 1;
            if !e.browse_lacks
                && (self.browse.get((at, id))?.is_none()
                    || self.by_entity.get((entity, at, id))?.is_none())
            {
                e.browse_lacks = true;
            }
        }
        Ok(())
    }

    /// Each index holds exactly what the replayed records need: nothing lacking, and no more
    /// entries than they need.
    fn compare(
        &self,
        e: &Expected,
        replayed: &ReadOnlyTable<&'static str, &'static [u8]>,
    ) -> Result<Option<String>, StoreError> {
        for queue in Queue::ALL {
            let slot = queue_slot(queue);
            let index = &self.queues[slot];
            if e.queue_lacks[slot].is_none() && index.len()? == e.queues[slot] {
                continue;
            }
            let extra = first_extra(index, queue, replayed)?;
            let describe = |d: Option<&String>| d.cloned().unwrap_or_else(|| "nothing".into());
            return Ok(Some(format!(
                "the {} queue index differs from the log's replay: it lacks {}, and holds {} it should not",
                queue.key(),
                describe(e.queue_lacks[slot].as_ref()),
                describe(extra.as_ref()),
            )));
        }
        if e.browse_lacks || self.browse.len()? != e.browse || self.by_entity.len()? != e.browse {
            return Ok(Some(
                "the browser's indexes differ from the log's replay".into(),
            ));
        }
        if let Some(id) = &e.keys_wrong {
            return Ok(Some(format!(
                "the queue keys of record {id} differ from the log's replay"
            )));
        }
        if self.keys.len()? != e.keys {
            return Ok(Some(
                "the queue keys hold records the log's replay does not place in any queue".into(),
            ));
        }
        Ok(None)
    }
}

/// The first entry of a queue index that no replayed record places there.
fn first_extra(
    index: &ReadOnlyTable<(i64, &'static str), ()>,
    queue: Queue,
    replayed: &ReadOnlyTable<&'static str, &'static [u8]>,
) -> Result<Option<String>, StoreError> {
    for entry in index.iter()? {
        let (k, _) = entry?;
        let (key, id) = k.value();
        let placed = match replayed.get(id)? {
            Some(bytes) => placements(&decode_record(id, bytes.value())?)
                .iter()
                .any(|p| p.queue == queue && p.key == key),
            None => false,
        };
        if !placed {
            return Ok(Some(id.to_string()));
        }
    }
    Ok(None)
}
