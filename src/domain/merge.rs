//! Applying an event that another station recorded. Pure: the store calls it when it imports a
//! bundle and again when it replays its log, so the two always agree.
//!
//! A record's own fields are the fold of the events that target it, in hybrid-logical-clock
//! order (time, then station, then sequence), whatever order they arrived in: an event newer
//! than everything the record has seen is applied on top, an older one (which can only be a
//! change made without seeing the newer ones) makes the record be folded again in that order.
//! Two changes to one record where neither station had seen the other's change are both kept
//! and raise a conflict item for the IM FP. Links that other records' events keep on a record
//! (an entity's assessments, breaches and pre-authorised entries; an assessment's successor)
//! are carried over, and an entity's lists of links are kept sorted once another station's
//! event touches them, so they do not depend on arrival either.

use super::apply::{EventContext, apply};
use super::change::Change;
use super::conflict::{ConflictingChange, raise};
use super::ids::{RecordId, RecordKind, Time};
use super::marking::{Classification, Marking};
use super::record::Record;
use super::settings::MissionSettings;
use super::station::{StationKnowledge, knowledge_id};
use super::user::UserAccount;
use super::view::RegistryView;

/// One event as the merge needs it.
#[derive(Clone, Copy, Debug)]
pub struct StationEvent<'a> {
    pub station: &'a str,
    pub seq: u64,
    /// Hybrid logical clock time: wall-clock milliseconds, logical counter.
    pub stamp: (i64, u32),
    /// The event's time as records show it.
    pub at: Time,
    pub actor: &'a str,
    pub change: &'a Change,
}

impl StationEvent<'_> {
    fn order(&self) -> ((i64, u32), &str, u64) {
        (self.stamp, self.station, self.seq)
    }

    fn cx(&self) -> EventContext<'_> {
        EventContext {
            actor: self.actor,
            at: self.at,
        }
    }

    fn conflicting(&self, not_applied: Option<String>) -> ConflictingChange {
        ConflictingChange {
            station: self.station.to_string(),
            seq: self.seq,
            actor: self.actor.to_string(),
            at: self.at,
            what: self.change.describe().to_string(),
            not_applied,
        }
    }
}

/// What applying a foreign event gives: the records to write, and whether it raised (or added
/// to) a conflict.
#[derive(Debug, Default)]
pub struct Merged {
    pub records: Vec<Record>,
    pub conflict: bool,
}

/// Changes that concern only the station that made them: its settings, its users, its trust in
/// other stations. They never travel as content.
pub fn is_station_local(change: &Change) -> bool {
    matches!(
        change.targets(),
        RecordKind::Settings | RecordKind::User | RecordKind::Station
    )
}

/// Why an event from `station` may not be applied anywhere else, if it may not: another
/// station's settings, users or trust; a record created under another station's name; a
/// knowledge record that is not the station's own.
pub fn foreign_event_problem(station: &str, record_id: &str, change: &Change) -> Option<String> {
    if is_station_local(change) {
        return Some(format!(
            "{} concerns only the station that made it and never travels",
            change.describe()
        ));
    }
    if let Some(kind) = change.creates()
        && !record_id.starts_with(&format!("{}-{station}-", kind.prefix()))
    {
        return Some(format!(
            "{record_id} is not a record id that station {station} can create"
        ));
    }
    match change {
        Change::BundleImported { .. } if record_id != knowledge_id(station).as_str() => Some(
            format!("{record_id} is not the knowledge of station {station}"),
        ),
        Change::ConflictResolved { .. } if !record_id.starts_with("CFL-") => {
            Some(format!("{record_id} is not a conflict"))
        }
        _ => {
            if change.creates().is_none()
                && RecordId(record_id.to_string()).kind() != Some(change.targets())
            {
                Some(format!(
                    "{record_id} is not a {} record",
                    change.targets().key()
                ))
            } else {
                None
            }
        }
    }
}

/// Applies `incoming`, recorded at another station, to record `id`. `history` holds the events
/// that targeted `id` before it in this registry, in arrival order.
pub fn apply_foreign(
    view: &dyn RegistryView,
    id: &RecordId,
    incoming: &StationEvent,
    history: &[StationEvent],
) -> Merged {
    if foreign_event_problem(incoming.station, id.as_str(), incoming.change).is_some() {
        // Import refuses these; a log that holds one anyway gains nothing from it.
        return Merged::default();
    }
    // Knowledge and resolutions merge by construction: each station states only its own
    // knowledge, and resolutions are kept as a sorted set.
    if matches!(
        incoming.change,
        Change::BundleImported { .. } | Change::ConflictResolved { .. }
    ) {
        let records = apply(view, id, incoming.change, &incoming.cx()).unwrap_or_default();
        return Merged {
            records: canonical(records),
            conflict: false,
        };
    }
    let knowledge = |station: &str| match view.record(&knowledge_id(station)) {
        Some(Record::Knowledge(k)) => Some(k),
        _ => None,
    };
    let mine = knowledge(incoming.station);
    let knew = |k: &Option<StationKnowledge>, e: &StationEvent, as_of: u64| {
        k.as_ref().is_some_and(|k| k.knew(e.station, e.seq, as_of))
    };
    let concurrent: Vec<&StationEvent> = history
        .iter()
        .filter(|h| {
            h.station != incoming.station
                && !knew(&mine, h, incoming.seq)
                && !knew(&knowledge(h.station), incoming, h.seq)
        })
        .collect();
    let newest = history.iter().all(|h| h.order() < incoming.order());

    let mut not_applied: Vec<(StationEvent, String)> = Vec::new();
    let mut records = if newest {
        match apply(view, id, incoming.change, &incoming.cx()) {
            Ok(r) => r,
            Err(e) => {
                not_applied.push((*incoming, e.to_string()));
                Vec::new()
            }
        }
    } else {
        refold(view, id, incoming, history, &mut not_applied)
    };

    let conflict = !concurrent.is_empty() || !not_applied.is_empty();
    if conflict {
        let marking = records
            .iter()
            .find(|r| r.id() == *id)
            .map(Record::marking)
            .or_else(|| view.record(id).map(|r| r.marking()))
            .unwrap_or_else(|| Marking::un(Classification::StrictlyConfidential));
        let reason = |e: &StationEvent| {
            not_applied
                .iter()
                .find(|(n, _)| n.station == e.station && n.seq == e.seq)
                .map(|(_, why)| why.clone())
        };
        let mut changes: Vec<ConflictingChange> = concurrent
            .iter()
            .map(|h| h.conflicting(reason(h)))
            .collect();
        changes.push(incoming.conflicting(reason(incoming)));
        for (e, why) in &not_applied {
            changes.push(e.conflicting(Some(why.clone())));
        }
        let item = raise(view, id, marking, changes);
        records.push(Record::Conflict(item));
    }
    Merged {
        records: canonical(records),
        conflict,
    }
}

/// The record folded again from all its events in clock order, plus what the incoming event
/// does to other records.
fn refold<'a>(
    view: &dyn RegistryView,
    id: &RecordId,
    incoming: &StationEvent<'a>,
    history: &[StationEvent<'a>],
    not_applied: &mut Vec<(StationEvent<'a>, String)>,
) -> Vec<Record> {
    let mut all: Vec<&StationEvent> = history.iter().chain(std::iter::once(incoming)).collect();
    all.sort_by(|a, b| a.order().cmp(&b.order()));
    let mut current: Option<Record> = None;
    for e in all {
        let overlay = Overlay {
            base: view,
            id,
            record: current.clone(),
        };
        match apply(&overlay, id, e.change, &e.cx()) {
            Ok(out) => {
                if let Some(r) = out.into_iter().find(|r| r.id() == *id) {
                    current = Some(r);
                }
            }
            Err(err) => not_applied.push((*e, err.to_string())),
        }
    }
    let mut out: Vec<Record> = match apply(view, id, incoming.change, &incoming.cx()) {
        Ok(side) => side.into_iter().filter(|r| r.id() != *id).collect(),
        Err(_) => Vec::new(),
    };
    if let Some(mut r) = current {
        if let Some(old) = view.record(id) {
            carry_links(&mut r, &old);
        }
        out.push(r);
    }
    out
}

/// Keeps the links that other records' events maintain on `old`.
fn carry_links(new: &mut Record, old: &Record) {
    match (new, old) {
        (Record::Entity(n), Record::Entity(o)) => {
            n.sharing_assessment = o.sharing_assessment.clone();
            n.receipt_assessment = o.receipt_assessment.clone();
            n.sharing_assessment_in_progress = o.sharing_assessment_in_progress.clone();
            n.receipt_assessment_in_progress = o.receipt_assessment_in_progress.clone();
            n.breaches = o.breaches.clone();
            n.pre_authorisations = o.pre_authorisations.clone();
        }
        (Record::EntityAssessmentSharing(n), Record::EntityAssessmentSharing(o)) => {
            n.superseded_by = o.superseded_by.clone();
        }
        (Record::EntityAssessmentReceipt(n), Record::EntityAssessmentReceipt(o)) => {
            n.superseded_by = o.superseded_by.clone();
        }
        _ => {}
    }
}

/// An entity's lists of links in one order, whichever station's record joined them first.
fn canonical(mut records: Vec<Record>) -> Vec<Record> {
    for r in &mut records {
        if let Record::Entity(e) = r {
            e.breaches.sort();
            e.breaches.dedup();
            e.pre_authorisations.sort();
            e.pre_authorisations.dedup();
        }
    }
    records
}

/// The registry with one record replaced (or absent): the state a fold has reached.
struct Overlay<'v> {
    base: &'v dyn RegistryView,
    id: &'v RecordId,
    record: Option<Record>,
}

impl RegistryView for Overlay<'_> {
    fn record(&self, id: &RecordId) -> Option<Record> {
        if id == self.id {
            self.record.clone()
        } else {
            self.base.record(id)
        }
    }

    fn settings(&self) -> MissionSettings {
        self.base.settings()
    }

    fn users(&self) -> Vec<UserAccount> {
        self.base.users()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::memory::MemoryRegistry;

    fn t(s: i64) -> Time {
        Time::from_timestamp(1_700_000_000 + s, 0).unwrap()
    }

    #[test]
    fn local_changes_never_apply_elsewhere() {
        let change = Change::UserDisabled;
        assert!(foreign_event_problem("A", "USR-admin", &change).is_some());
        let view = MemoryRegistry::new("HQ").view;
        let e = StationEvent {
            station: "A",
            seq: 2,
            stamp: (1, 0),
            at: t(0),
            actor: "x",
            change: &change,
        };
        assert!(
            apply_foreign(&view, &RecordId::from("USR-admin"), &e, &[])
                .records
                .is_empty()
        );
    }
}
