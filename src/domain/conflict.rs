//! Two stations that changed the same record without seeing each other's change: both changes
//! are kept, and a conflict item waits in the pending queue until the IM FP resolves it. The
//! resolution is itself an event, and travels like any other.

use super::apply::{ApplyError, EventContext};
use super::change::Change;
use super::ids::{RecordId, Time};
use super::marking::{Classification, Marking};
use super::record::Record;
use super::refusal::{Guard, Refusal};
use super::view::RegistryView;
use serde::{Deserialize, Serialize};

/// The conflict item of a record: `CFL-<record id>`.
pub fn conflict_id(record: &RecordId) -> RecordId {
    RecordId(format!("CFL-{record}"))
}

/// One event of one station.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct EventRef {
    pub station: String,
    pub seq: u64,
}

/// A change that took part in a conflict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictingChange {
    pub station: String,
    pub seq: u64,
    pub actor: String,
    pub at: Time,
    pub what: String,
    /// Why the change could not be applied here, when it could not; it stays in the log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_applied: Option<String>,
}

impl ConflictingChange {
    pub fn event(&self) -> EventRef {
        EventRef {
            station: self.station.clone(),
            seq: self.seq,
        }
    }
}

/// The IM FP's resolution of the changes it covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictResolution {
    pub by: String,
    pub at: Time,
    pub note: String,
    pub covers: Vec<EventRef>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    pub id: RecordId,
    /// The record the stations changed.
    pub record: RecordId,
    pub marking: Marking,
    /// Ordered by time, station and sequence, whatever order they arrived in.
    pub changes: Vec<ConflictingChange>,
    /// Ordered by time and author.
    #[serde(default)]
    pub resolutions: Vec<ConflictResolution>,
}

impl Conflict {
    fn new(record: &RecordId, marking: Marking) -> Conflict {
        Conflict {
            id: conflict_id(record),
            record: record.clone(),
            marking,
            changes: Vec::new(),
            resolutions: Vec::new(),
        }
    }

    /// The changes no resolution covers yet.
    pub fn open_changes(&self) -> Vec<&ConflictingChange> {
        self.changes
            .iter()
            .filter(|c| {
                let e = c.event();
                !self.resolutions.iter().any(|r| r.covers.contains(&e))
            })
            .collect()
    }

    pub fn is_open(&self) -> bool {
        !self.open_changes().is_empty()
    }

    /// When the item entered the queue: the time of its latest open change.
    pub fn raised_at(&self) -> Option<Time> {
        self.open_changes().iter().map(|c| c.at).max()
    }

    /// The stations whose changes are open, in order.
    pub fn stations(&self) -> Vec<String> {
        let mut s: Vec<String> = self
            .open_changes()
            .iter()
            .map(|c| c.station.clone())
            .collect();
        s.sort();
        s.dedup();
        s
    }

    /// Adds a change, keeping the order canonical; a change already present is updated only
    /// to note that it could not be applied.
    pub fn add(&mut self, change: ConflictingChange) {
        match self
            .changes
            .iter_mut()
            .find(|c| c.station == change.station && c.seq == change.seq)
        {
            Some(c) => {
                if c.not_applied.is_none() {
                    c.not_applied = change.not_applied;
                }
            }
            None => self.changes.push(change),
        }
        self.changes
            .sort_by(|a, b| (a.at, &a.station, a.seq).cmp(&(b.at, &b.station, b.seq)));
    }
}

/// `ConflictResolved`: creates the item if this registry has not seen the conflict (the
/// resolution arrived from another station first), so the order of arrival does not matter.
pub fn apply(
    view: &dyn RegistryView,
    id: &RecordId,
    change: &Change,
    cx: &EventContext,
) -> Result<Vec<Record>, ApplyError> {
    let Change::ConflictResolved { note, covers } = change else {
        return Err(ApplyError::Invalid {
            id: id.clone(),
            why: "not a conflict resolution".into(),
        });
    };
    let mut c = match view.record(id) {
        Some(Record::Conflict(c)) => c,
        Some(other) => {
            return Err(ApplyError::WrongKind {
                id: id.clone(),
                found: other.kind().key(),
                expected: "conflict",
            });
        }
        None => {
            let record = RecordId(id.as_str().trim_start_matches("CFL-").to_string());
            let marking = view
                .record(&record)
                .map(|r| r.marking())
                .unwrap_or_else(|| Marking::un(Classification::StrictlyConfidential));
            Conflict::new(&record, marking)
        }
    };
    let mut covers = covers.clone();
    covers.sort();
    covers.dedup();
    c.resolutions.push(ConflictResolution {
        by: cx.actor.to_string(),
        at: cx.at,
        note: note.clone(),
        covers,
    });
    c.resolutions
        .sort_by(|a, b| (a.at, &a.by, &a.note).cmp(&(b.at, &b.by, &b.note)));
    Ok(vec![Record::Conflict(c)])
}

/// A local resolution names what it resolves and says how.
pub fn check(id: &RecordId, change: &Change, view: &dyn RegistryView) -> Option<Guard> {
    let Change::ConflictResolved { note, covers } = change else {
        return None;
    };
    let c = match view.record(id) {
        Some(Record::Conflict(c)) => c,
        _ => return Some(Err(Refusal::new("conflicts", format!("no conflict {id}")))),
    };
    if note.trim().is_empty() {
        return Some(Err(Refusal::new(
            "conflicts",
            "say how the conflict was resolved",
        )));
    }
    let open: Vec<EventRef> = c.open_changes().iter().map(|c| c.event()).collect();
    if open.is_empty() {
        return Some(Err(Refusal::new(
            "conflicts",
            format!("{id} is already resolved"),
        )));
    }
    if !open.iter().all(|e| covers.contains(e)) {
        return Some(Err(Refusal::new(
            "conflicts",
            "a resolution covers every open change of the conflict",
        )));
    }
    Some(Ok(()))
}

/// Records that `changes` of `record` conflict, in the item the view holds (or a new one).
pub fn raise(
    view: &dyn RegistryView,
    record: &RecordId,
    marking: Marking,
    changes: Vec<ConflictingChange>,
) -> Conflict {
    let mut c = match view.record(&conflict_id(record)) {
        Some(Record::Conflict(c)) => c,
        _ => Conflict::new(record, marking.clone()),
    };
    // The item carries the record's marking, so it never shows more than the record would.
    c.marking = marking;
    for change in changes {
        c.add(change);
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::memory::MemoryRegistry;

    fn t(s: i64) -> Time {
        Time::from_timestamp(1_700_000_000 + s, 0).unwrap()
    }

    fn change(station: &str, seq: u64, at: i64) -> ConflictingChange {
        ConflictingChange {
            station: station.into(),
            seq,
            actor: "x".into(),
            at: t(at),
            what: "Intelligence Receipt Scan recorded".into(),
            not_applied: None,
        }
    }

    #[test]
    fn changes_keep_one_order_whatever_order_they_are_added_in() {
        let view = MemoryRegistry::new("HQ").view;
        let r = RecordId::from("RCP-A-0001");
        let m = Marking::un(Classification::Confidential);
        let one = raise(
            &view,
            &r,
            m.clone(),
            vec![change("B", 4, 20), change("A", 7, 10)],
        );
        let other = raise(&view, &r, m, vec![change("A", 7, 10), change("B", 4, 20)]);
        assert_eq!(one, other);
        assert_eq!(one.stations(), ["A", "B"]);
        assert_eq!(one.raised_at(), Some(t(20)));
    }

    #[test]
    fn conflicts_a_resolution_covers_every_open_change_and_says_how() {
        let mut reg = MemoryRegistry::new("HQ");
        let r = RecordId::from("RCP-A-0001");
        let c = raise(
            &reg.view,
            &r,
            Marking::un(Classification::Confidential),
            vec![change("A", 7, 10), change("B", 4, 20)],
        );
        let id = c.id.clone();
        reg.view.records.insert(id.clone(), Record::Conflict(c));
        let a7 = EventRef {
            station: "A".into(),
            seq: 7,
        };
        let b4 = EventRef {
            station: "B".into(),
            seq: 4,
        };
        let partial = Change::ConflictResolved {
            note: "A stands".into(),
            covers: vec![a7.clone()],
        };
        assert!(check(&id, &partial, &reg.view).unwrap().is_err());
        let silent = Change::ConflictResolved {
            note: " ".into(),
            covers: vec![a7.clone(), b4.clone()],
        };
        assert!(check(&id, &silent, &reg.view).unwrap().is_err());
        let full = Change::ConflictResolved {
            note: "B's later scan stands".into(),
            covers: vec![a7, b4],
        };
        assert_eq!(check(&id, &full, &reg.view), Some(Ok(())));
        reg.replay(&id, &full, "imfp", t(30)).unwrap();
        match reg.view.records.get(&id) {
            Some(Record::Conflict(c)) => assert!(!c.is_open()),
            other => panic!("{other:?}"),
        }
        assert!(
            check(&id, &full, &reg.view).unwrap().is_err(),
            "already resolved"
        );
    }
}
